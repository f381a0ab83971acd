"""Load triggermap/content/muscles.yaml into a validated Atlas, or explain exactly what is wrong.

Every problem names the file, the line, the entry (``muscle 'piriformis'``) and
the field (``trigger_points[0].essential[1]``), so a content editor can fix the
file without reading Python.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from triggermap.models import (
    PRESSURE_TOOLS,
    AtlasFile,
    Citation,
    DailyLimit,
    Evidence,
    Muscle,
    PainGuide,
    RedFlags,
    Safety,
    Source,
    Synonym,
    Technique,
)
from triggermap.referral import Referral, referrals_by_region
from triggermap.zones import ZONES, Region

if TYPE_CHECKING:
    from triggermap.search import SearchIndex

DEFAULT_PATH = Path(str(files("triggermap") / "content" / "muscles.yaml"))  # shipped inside the package

Loc = tuple[str | int, ...]
MAX_BYTES = 5 * 2**20  # a content file over 5 MB is refused before it is read (the shipped one is under 0.2 MB)
MAX_DEPTH = 50  # nesting levels (the shipped file uses 7)
MERGE_TAG = "tag:yaml.org,2002:merge"  # what a plain `<<` key resolves to

# top-level list -> the word used for one of its entries
ENTRY_KINDS = {"muscles": "muscle", "techniques": "technique", "sources": "source", "evidence": "evidence"}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    entry: str  # "muscle 'piriformis'", "safety", "(file)"
    field: str  # "trigger_points[0].essential[1]", "" for the entry itself
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f", field {self.field}" if self.field else ""
        return f"{where}: {self.entry}{field}: {self.message}"


class AtlasError(Exception):
    """The content file could not be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Atlas:
    """The validated content, with the indexes the app looks things up in: each atlas carries its own."""

    path: Path
    sources: dict[str, Source]
    red_flags: RedFlags
    safety: Safety
    techniques: dict[str, Technique]
    muscles: dict[str, Muscle]
    pain_guide: PainGuide | None
    evidence: tuple[Evidence, ...] = ()
    synonyms: tuple[Synonym, ...] = ()  # words people type for places (search, "find a place")
    # The ranking's index: region -> every muscle and side sending pain there (``lookup.candidates``).
    # Built with the atlas, so dataclasses.replace() builds it again from the new muscles.
    referrals: dict[Region, tuple[Referral, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "referrals", referrals_by_region(self.muscles.values(), self.pain_guide))

    @cached_property
    def search_index(self) -> SearchIndex:
        """The search box's index (words, names, places), built on the first search rather than at start-up."""
        # imported here: search imports this module, and rapidfuzz, which start-up need not wait for
        from triggermap.search import SearchIndex

        return SearchIndex(self)


def load_atlas(path: str | Path | None = None) -> Atlas:
    """Read and validate the content file (``$TRIGGERMAP_DATA``, else ``triggermap/content/muscles.yaml``).

    Raises AtlasError listing every problem found.
    """
    path = Path(path or os.environ.get("TRIGGERMAP_DATA") or DEFAULT_PATH)
    label = _display_name(path)
    text = _read_text(path, label)
    root_node, data = _parse(text, label)
    locate = _Locator(label, data, root_node)
    if not isinstance(data, dict):
        message = "the file must be a mapping with sources, safety, techniques and muscles"
        raise AtlasError([locate.problem((), message)])
    try:
        parsed = AtlasFile.model_validate(data)
    except ValidationError as err:
        raise AtlasError([locate.problem(tuple(e["loc"]), _pydantic_message(e)) for e in err.errors()]) from err
    problems = [locate.problem(loc, message) for loc, message in _cross_reference_problems(parsed)]
    if problems:
        raise AtlasError(problems)
    return Atlas(
        path=path,
        sources={s.id: s for s in parsed.sources},
        red_flags=parsed.red_flags,
        safety=parsed.safety,
        techniques={t.id: t for t in parsed.techniques},
        muscles={m.id: m for m in parsed.muscles},
        pain_guide=parsed.pain_guide,
        evidence=tuple(parsed.evidence),
        synonyms=tuple(parsed.synonyms),
    )


def _read_text(path: Path, label: str) -> str:
    """The file as text: refused, with a named problem, when too big, binary or not UTF-8."""

    def refuse(message: str, line: int | None = None) -> AtlasError:
        return AtlasError([Problem(label, line, "(file)", "", message)])

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise refuse(f"file is {size / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB")
        raw = path.read_bytes()
    except OSError as err:
        raise refuse(f"cannot be read: {err.strerror or err}") from err
    if len(raw) > MAX_BYTES:  # grew between stat and read
        raise refuse(f"file is {len(raw) / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB")
    if (nul := raw.find(b"\0")) >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise refuse(f"not a text file: it holds binary data (a NUL byte at byte {nul:,})", line)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise refuse(f"not UTF-8 text: byte 0x{raw[err.start]:02x} at byte {err.start:,} cannot be decoded "
                     "(save the file as UTF-8)", line) from err


class _ContentFault(yaml.YAMLError):
    """A rule of this app's loader broken: nesting too deep, an anchor, alias or merge key, a repeated key."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message, self.line = message, line


class _StrictComposer(yaml.composer.Composer):
    """Builds the node tree with a depth limit (libyaml's own composer recurses in C and can crash on deep nesting),
    refusing anchors, aliases and merge keys as their events arrive: a few lines of aliases can stand for billions
    of values ("billion laughs"), so the file is refused before anything is expanded."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        depth = getattr(self, "_depth", 0) + 1
        event = self.peek_event()
        if depth > MAX_DEPTH:
            raise _ContentFault(f"nested more than {MAX_DEPTH} levels deep", event.start_mark.line + 1)
        if event.anchor is not None:
            sigil = "alias *" if isinstance(event, yaml.AliasEvent) else "anchor &"
            message = f"anchors and aliases are not allowed in content files: {sigil}{_clip(event.anchor)}"
            raise _ContentFault(message + " (write the value out in full)", event.start_mark.line + 1)
        self._depth = depth
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth - 1

    def compose_scalar_node(self, anchor):  # noqa: ANN001 - PyYAML's signature
        node = super().compose_scalar_node(anchor)
        if node.tag == MERGE_TAG:
            raise _ContentFault("merge keys (<<) are not allowed in content files (write the keys out in full)",
                                node.start_mark.line + 1)
        return node


def _clip(name: str, limit: int = 30) -> str:
    return name if len(name) <= limit else name[:limit] + "…"


class _StrictConstructor(yaml.constructor.SafeConstructor):
    """SafeConstructor that refuses a key repeated in one mapping (PyYAML keeps the last silently)."""

    def construct_mapping(self, node, deep=False):  # noqa: ANN001 - PyYAML's signature
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: the base class names that problem
                    continue
                if first is not None:
                    raise _ContentFault(f"duplicate key {key!r}: first on line {first}, again on line {line}", line)
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


if yaml.__with_libyaml__:  # libyaml reads the text; nodes are built in Python so the limits above apply

    from yaml.cyaml import CParser

    class _Loader(_StrictComposer, CParser, _StrictConstructor, yaml.resolver.Resolver):
        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            _StrictComposer.__init__(self)
            _StrictConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml

    class _Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _StrictComposer,
                  _StrictConstructor, yaml.resolver.Resolver):
        def __init__(self, stream: str):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            _StrictComposer.__init__(self)
            _StrictConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


def _parse(text: str, label: str) -> tuple[yaml.Node | None, Any]:
    """Parse once: the node tree (for line numbers) and the data constructed from it."""
    loader = _Loader(text)
    try:
        root_node = loader.get_single_node()
        data = loader.construct_document(root_node) if root_node is not None else None
    except _ContentFault as err:
        raise AtlasError([Problem(label, err.line, "(file)", "", err.message)]) from err
    except yaml.YAMLError as err:
        raise AtlasError([_yaml_problem(label, err, text)]) from err
    finally:
        loader.dispose()
    return root_node, data


def _display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _yaml_problem(label: str, err: yaml.YAMLError, text: str = "") -> Problem:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = mark.line + 1 if mark else None
    if isinstance(err, yaml.reader.ReaderError):  # a character YAML does not allow (control characters)
        position = err.position if isinstance(err.position, int) else 0
        line = text.count("\n", 0, position) + 1 if text else None
        return Problem(label, line, "(file)", "", f"not a text file YAML can read: character {err.character!r} "
                       f"at character {position:,} is not allowed")
    what = getattr(err, "problem", None) or str(err)
    return Problem(label, line, "(file)", "", f"malformed YAML: {what}")


def _pydantic_message(error: dict[str, Any]) -> str:
    if error["type"] == "missing":
        return "is missing (required)"
    if error["type"] == "extra_forbidden":
        return "is not a known field (check the spelling)"
    return error["msg"][0].lower() + error["msg"][1:]


def _cross_reference_problems(atlas: AtlasFile) -> list[tuple[Loc, str]]:
    """Rules that need the whole file: ids are unique and every reference resolves."""
    source_ids = {s.id for s in atlas.sources}
    technique_ids = {t.id for t in atlas.techniques}
    problems: list[tuple[Loc, str]] = []
    flag_ids = {f.id for f in atlas.red_flags.flags}
    for key in ENTRY_KINDS:
        problems += _duplicates(getattr(atlas, key), (key,))
    problems += _duplicates(atlas.red_flags.flags, ("red_flags", "flags"))
    problems += _citation_problems(atlas.safety.sources, ("safety", "sources"), source_ids)
    for i, flag in enumerate(atlas.red_flags.flags):
        problems += _citation_problems(flag.sources, ("red_flags", "flags", i, "sources"), source_ids)
    for key in ("techniques", "evidence"):
        for i, item in enumerate(getattr(atlas, key)):
            problems += _citation_problems(item.sources, (key, i, "sources"), source_ids)
    for i, technique in enumerate(atlas.techniques):
        problems += _limit_problems(technique, ("techniques", i), atlas.safety.daily_limit)
    for i, muscle in enumerate(atlas.muscles):
        problems += _muscle_problems(muscle, ("muscles", i), technique_ids, source_ids)
        problems += [
            (("muscles", i, "warning_signs", f), f"unknown warning sign {flag!r} (not in red_flags)")
            for f, flag in enumerate(muscle.warning_signs)
            if flag not in flag_ids
        ]
    if atlas.pain_guide:
        problems += _pain_guide_problems(atlas.pain_guide, atlas.muscles, source_ids)
    problems += _synonym_problems(atlas)
    return problems


def _limit_problems(technique: Technique, loc: Loc, daily: DailyLimit) -> list[tuple[Loc, str]]:
    """A pressure technique states its limit, and the limit fits inside the daily one."""
    limit = technique.limit
    if limit is None:
        needed = technique.tool in PRESSURE_TOOLS
        missing = "is missing: a pressure technique needs seconds_per_spot and minutes_per_day"
        return [((*loc, "limit"), missing)] if needed else []
    problems = []
    if limit.seconds_per_spot > daily.seconds_per_spot:
        problems.append(((*loc, "limit", "seconds_per_spot"),
                         f"is over the daily limit of {daily.seconds_per_spot} s per spot"))
    if limit.minutes_per_day > daily.minutes_per_day:
        problems.append(((*loc, "limit", "minutes_per_day"),
                         f"is over the daily limit of {daily.minutes_per_day:g} minutes"))
    return problems


def _duplicates(items: list[Any], loc: Loc) -> list[tuple[Loc, str]]:
    counts = Counter(item.id for item in items)
    return [
        ((*loc, i, "id"), f"duplicate id {item.id!r} (used {counts[item.id]} times)")
        for i, item in enumerate(items)
        if counts[item.id] > 1
    ]


def _citation_problems(citations: list[Citation], loc: Loc, source_ids: set[str]) -> list[tuple[Loc, str]]:
    return [
        ((*loc, i, "source"), f"unknown source {c.source!r}")
        for i, c in enumerate(citations)
        if c.source not in source_ids
    ]


def _muscle_problems(muscle: Muscle, loc: Loc, technique_ids: set[str], source_ids: set[str]) -> list[tuple[Loc, str]]:
    problems = _duplicates(muscle.trigger_points, (*loc, "trigger_points"))
    for t, point in enumerate(muscle.trigger_points):
        for kind in ("essential", "spillover"):
            problems += [
                ((*loc, "trigger_points", t, kind, z), f"unknown zone {zone!r}")
                for z, zone in enumerate(getattr(point, kind))
                if zone not in ZONES
            ]
    problems += [
        ((*loc, "techniques", i), f"unknown technique {technique!r}")
        for i, technique in enumerate(muscle.techniques)
        if technique not in technique_ids
    ]
    if not muscle.techniques and not muscle.self_care_note:
        problems.append(((*loc, "techniques"), "is empty: list techniques or explain why in self_care_note"))
    problems += _citation_problems(muscle.sources, (*loc, "sources"), source_ids)
    return problems


def _pain_guide_problems(guide: PainGuide, muscles: list[Muscle], source_ids: set[str]) -> list[tuple[Loc, str]]:
    """Each zone the guide lists names exactly the muscles whose patterns reach that zone."""
    problems = _citation_problems(guide.sources, ("pain_guide", "sources"), source_ids)
    referring = _muscles_by_zone(muscles)
    for zone, listed in guide.zones.items():
        if zone not in ZONES:
            problems.append((("pain_guide", "zones", zone), f"unknown zone {zone!r}"))
            continue
        for i, muscle in enumerate(listed):
            if muscle not in {m.id for m in muscles}:
                problems.append((("pain_guide", "zones", zone, i), f"unknown muscle {muscle!r}"))
            elif muscle not in referring.get(zone, ()):
                problems.append((("pain_guide", "zones", zone, i), f"{muscle!r} sends no pain to {zone!r}"))
    for zone, listed in guide.zones.items():
        missing = [m for m in referring.get(zone, ()) if m not in listed]
        if missing:
            problems.append((("pain_guide", "zones", zone),
                             f"leaves out {', '.join(missing)}, whose patterns reach it"))
    return problems


def _muscles_by_zone(muscles: list[Muscle]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for muscle in muscles:
        for tp in muscle.trigger_points:
            for zone in tp.essential + tp.spillover:
                if muscle.id not in found.setdefault(zone, []):
                    found[zone].append(muscle.id)
    return found


def _synonym_problems(atlas: AtlasFile) -> list[tuple[Loc, str]]:
    """Every synonym points to known zones or muscles, is listed once, and is not a muscle's own name."""
    names = {n.casefold(): m.id for m in atlas.muscles for n in [m.name, *m.common_names]}
    terms = Counter(s.term.casefold() for s in atlas.synonyms)
    problems: list[tuple[Loc, str]] = []
    for i, synonym in enumerate(atlas.synonyms):
        loc, term = ("synonyms", i), synonym.term
        if not synonym.zones and not synonym.muscles:
            problems.append(((*loc, "term"), f"{term!r} points nowhere: list zones, muscles or both"))
        if terms[term.casefold()] > 1:
            problems.append(((*loc, "term"), f"{term!r} is listed {terms[term.casefold()]} times"))
        if term.casefold() in names:
            problems.append(((*loc, "term"), f"{term!r} is a name of muscle {names[term.casefold()]!r}: "
                             "keep nicknames in that muscle's common_names"))
        problems += [((*loc, "zones", z), f"unknown zone {zone!r} (synonym {term!r})")
                     for z, zone in enumerate(synonym.zones) if zone not in ZONES]
        problems += [((*loc, "muscles", m), f"unknown muscle {muscle!r} (synonym {term!r})")
                     for m, muscle in enumerate(synonym.muscles) if muscle not in set(names.values())]
    return problems


class _Locator:
    """Turns a location inside the parsed data into a Problem with file, line, entry and field."""

    def __init__(self, label: str, data: Any, root_node: yaml.Node | None):
        self.label = label
        self.data = data
        self.root_node = root_node

    def problem(self, loc: Loc, message: str) -> Problem:
        entry, field = self._entry_and_field(loc)
        return Problem(self.label, self._line(loc), entry, field, message)

    def _entry_and_field(self, loc: Loc) -> tuple[str, str]:
        if not loc:
            return "(file)", ""
        head, rest = loc[0], loc[1:]
        if head in ENTRY_KINDS and rest and isinstance(rest[0], int):
            return self._entry_name(str(head), rest[0]), _field_path(rest[1:])
        return str(head), _field_path(rest)

    def _entry_name(self, key: str, index: int) -> str:
        try:
            entry_id = self.data[key][index].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            entry_id = None
        kind = ENTRY_KINDS[key]
        return f"{kind} {entry_id!r}" if isinstance(entry_id, str) else f"{kind} #{index + 1} (no id)"

    def _line(self, loc: Loc) -> int | None:
        """The line of the deepest YAML node on the path (1-based)."""
        node = self.root_node
        line = node.start_mark.line + 1 if node is not None else None
        for step in loc:
            node = _child(node, step)
            if node is None:
                break
            line = node.start_mark.line + 1
        return line


def _child(node: yaml.Node | None, step: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return node.value[step]
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(step):
                return value_node
    return None


def _field_path(loc: Loc) -> str:
    path = ""
    for step in loc:
        path += f"[{step}]" if isinstance(step, int) else (f".{step}" if path else str(step))
    return path
