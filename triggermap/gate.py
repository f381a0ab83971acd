"""The one gate for untrusted input: every value from a URL or from the figure's browser code passes here.

One cleaning function per kind of input, each returning the clean value and what it dropped:

- ``muscle_link``: ``?muscle=<id>&side=<left|right>``
- ``pain_marks``: the pain drawing, from the URL (``?zones=lateral_hip_right:7,sacrum``) or from the
  pain figure's ``marked`` payload (``[{"zone": "lateral_hip", "side": "right", "level": 7}]``), as
  ``{Region: intensity}``: one definition of a place (``region``, ``figure_region``) and of an intensity
  (``intensity``) for both
- ``figure_selection``: the explorer figure's ``select`` payload (``{"muscle": "<id or empty>", "side": "right"}``)
- ``tool_link``: ``?tool=<tool>`` on the techniques page
- ``compare_link``: ``?muscles=gluteus_minimus:right,piriformis:right`` on the compare page
- ``drawing_file``: a pain drawing saved as JSON (``drawing_json``) and opened again

What was dropped comes back as ``Dropped`` items (the value already made safe to show: printable,
no bidi controls, at most ``MAX_SHOWN`` characters) and as a short ``Notice``. A notice keeps our
words apart from the user's values, so the page can show the values as inert text.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from triggermap.models import Tool
from triggermap.zones import MIDLINE_ZONES, ZONES, Region, Side, all_regions

T = TypeVar("T")

DEFAULT_SIDE = Side.right
DEFAULT_INTENSITY = 5
MAX_INTENSITY = 10
MAX_SHOWN = 40  # characters of a bad value echoed back in a notice
MAX_LISTED = 3  # bad values named in one sentence of a notice
MAX_ID = 80  # longest muscle, region or tool id looked up
MAX_LINK = 4000  # longest URL value read (every region with an intensity fits in under 1,700)
MAX_MARKS = 200  # entries read from one figure payload (the figure has under 60 regions)
MAX_DRAWING_BYTES = 100_000  # a saved drawing with every region marked is under 5 KB
DRAWING_FORMAT = "triggermap-pain-drawing"
DRAWING_VERSION = 1
REGIONS = frozenset(all_regions())
MARK_KEYS = frozenset({"zone", "side", "level"})  # of one place in the figure's payload
SELECTION_KEYS = frozenset({"muscle", "side"})  # of the figure's selection
TOOL_IDS = {tool.value: tool for tool in Tool}
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
# Bidi controls and other invisible format characters are category Cf; isprintable() refuses them too.
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


@dataclass(frozen=True)
class Dropped:
    """One ignored piece of input: what kind it was and the value, made safe to show."""

    kind: str  # "muscle", "side", "place", "intensity", "payload", "too_long", "selection", "selection_type", "tool",
    # "compared", "too_many", "unreadable_muscles", "drawing_file"
    value: str


@dataclass(frozen=True)
class Notice:
    """A short plain-text message: ``template`` is ours, with one ``{}`` for each of the user's ``values``."""

    template: str
    values: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.template.format(*(f"“{v}”" for v in self.values))

    def __str__(self) -> str:
        return self.text

    def __add__(self, other: Notice) -> Notice:
        return Notice(f"{self.template} {other.template}", self.values + other.values)


@dataclass(frozen=True)
class Gated(Generic[T]):
    """The clean value, what was dropped on the way, and a notice saying so (None when nothing was)."""

    value: T
    dropped: tuple[Dropped, ...] = ()
    notice: Notice | None = field(default=None, compare=False)


def shown(value: object) -> str:
    """A value as it may be shown back: printable, no bidi or control characters (shown as �), bounded.

    Non-strings are named by their JSON type, never printed: a payload may be huge or nested.
    """
    if not isinstance(value, str):
        return _json_type(value)
    head = value[: MAX_SHOWN + 1]
    clean = "".join(REPLACEMENT if _hidden(ch) else ch for ch in head)
    return clean if len(value) <= MAX_SHOWN else clean[:MAX_SHOWN] + "…"


def _hidden(ch: str) -> bool:
    return not ch.isprintable() or unicodedata.category(ch) in _HIDDEN_CATEGORIES


def _kind(value: object) -> str:
    """What kind of JSON value ``value`` is, in words of ours: never the user's text."""
    return "text" if isinstance(value, str) else _json_type(value)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return "a number" if abs(value) > 10**12 else str(value)
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    return "a value of another kind"


# --- the definitions: one each ---------------------------------------------------------------------


def region(value: object) -> Region | None:
    """The region a URL names by its id (``"lateral_hip_right"``, ``"sacrum"``), or None."""
    if not isinstance(value, str) or len(value) > MAX_ID:
        return None
    try:
        return Region.parse(value)
    except ValueError:
        return None


def figure_region(zone: object, side_value: object) -> Region | None:
    """The region the figure names by zone and side (None for a midline zone), or None."""
    if not isinstance(zone, str) or zone not in ZONES:
        return None
    if zone in MIDLINE_ZONES:
        return Region(zone, None) if side_value is None else None
    chosen = side(side_value)
    return Region(zone, chosen) if chosen else None


def intensity(value: object) -> int | None:
    """A pain intensity: a whole number 0-10, as a JSON int (not a bool, not a float) or as ASCII digits."""
    if type(value) is int:
        return value if 0 <= value <= MAX_INTENSITY else None
    if isinstance(value, str) and 0 < len(value) <= 2 and all("0" <= ch <= "9" for ch in value):
        number = int(value)
        return number if number <= MAX_INTENSITY else None
    return None


def side(value: object) -> Side | None:
    if not isinstance(value, str):
        return None
    try:
        return Side(value)
    except ValueError:
        return None


# --- the gates ---------------------------------------------------------------------------------------


def muscle_link(muscle: object, side_value: object, known: set[str] | frozenset[str]) -> Gated[tuple[str | None, Side]]:
    """``?muscle=<id>&side=<left|right>`` -> (muscle or None, side); the side defaults to right."""
    dropped = []
    chosen_muscle = None
    if muscle:
        if isinstance(muscle, str) and len(muscle) <= MAX_ID and muscle in known:
            chosen_muscle = muscle
        else:
            dropped.append(Dropped("muscle", shown(muscle)))
    chosen_side = side(side_value)
    if side_value and not chosen_side:
        dropped.append(Dropped("side", shown(side_value)))
    return _gated((chosen_muscle, chosen_side or DEFAULT_SIDE), dropped)


def pain_marks(sent: object, *, source: str = "link") -> Gated[dict[Region, int] | None]:
    """The pain drawing -> {region: intensity 0-10}; None when the whole value was refused.

    ``source="link"``: the URL's ``zones`` value (``"lateral_hip_right:7,sacrum"``; a place without a
    strength gets the default). ``source="figure"``: the figure's ``marked`` payload, a JSON list of
    ``{"zone": "lateral_hip", "side": "right", "level": 7}`` (a midline zone has no side, or null; the
    level is a JSON number). Unknown places are dropped; a bad strength falls back to the default.
    """
    if source == "link" and (sent is None or sent == ""):
        return Gated({})
    if source == "link" and isinstance(sent, str):
        if len(sent) > MAX_LINK:
            return _gated(None, [Dropped("too_long", f"{len(sent):,}")], source)
        places = _link_places(sent)
    elif source == "figure" and isinstance(sent, list):
        places = map(_figure_place, sent[:MAX_MARKS])
    else:
        return _gated(None, [Dropped("payload", _kind(sent))], source)
    marked: dict[Region, int] = {}
    dropped = []
    for place, level, place_shown, level_shown in places:
        if place is None:
            dropped.append(Dropped("place", place_shown))
            continue
        if level is None:
            dropped.append(Dropped("intensity", level_shown))
        marked[place] = DEFAULT_INTENSITY if level is None else level
    if isinstance(sent, list) and len(sent) > MAX_MARKS:
        dropped.append(Dropped("place", f"{len(sent) - MAX_MARKS:,} more"))
    return _gated(marked, dropped, source)


_Place = tuple[Region | None, int | None, str, str]  # (region, intensity, each as it may be shown back)


def _link_places(text: str) -> list[_Place]:
    places = []
    for item in text.split(","):
        place, colon, level = item.strip().partition(":")
        if place or colon:
            clean = intensity(level) if colon else DEFAULT_INTENSITY
            places.append((region(place), clean, shown(place), shown(level)))
    return places


def _figure_place(item: object) -> _Place:
    if not isinstance(item, Mapping) or not item.keys() <= MARK_KEYS:
        return None, None, shown(item), ""
    zone, side_value, level = item.get("zone"), item.get("side"), item.get("level")
    clean = intensity(level) if type(level) is int else None  # a JSON number: not a bool, not text
    known_zone = isinstance(zone, str) and zone in ZONES  # then the side is what is wrong
    place_shown = shown(f"{zone}, side {shown(side_value)}") if known_zone else shown(zone)
    return figure_region(zone, side_value), clean, place_shown, shown(level)


def zones_link(marked: dict[Region, int]) -> str:
    """The pain drawing as the URL's ``zones`` value: the inverse of ``pain_marks(value, source="link")``."""
    return ",".join(f"{place.id}:{level}" for place, level in marked.items())


def muscle_query(muscle_id: str, side: Side) -> dict[str, str]:
    """A deep link to one muscle on one side: the inverse of ``muscle_link``."""
    return {"muscle": muscle_id, "side": side.value}


def compared(muscle_id: str, side: Side) -> str:
    """One muscle in the compare page's ``muscles`` value: ``"piriformis:right"``."""
    return f"{muscle_id}:{side.value}"


def compare_query(picks: list[str]) -> dict[str, str]:
    """``compared`` picks as the compare page's deep link: the inverse of ``compare_link``; none, no parameter."""
    return {"muscles": ",".join(picks)} if picks else {}


def drawing_json(marked: dict[Region, int], saved_on: str) -> str:
    """A pain drawing as a file to keep: the inverse of ``drawing_file``. ``saved_on``: an ISO date.

    ``{"format": "triggermap-pain-drawing", "version": 1, "saved_on": "2026-11-21",
    "marks": [{"zone": "lateral_hip", "side": "right", "level": 7}, {"zone": "sacrum", "side": null, "level": 3}]}``
    """
    marks = [{"zone": place.zone, "side": place.side.value if place.side else None, "level": level}
             for place, level in marked.items()]
    document = {"format": DRAWING_FORMAT, "version": DRAWING_VERSION, "saved_on": saved_on, "marks": marks}
    return json.dumps(document, indent=2) + "\n"


def drawing_file(data: bytes) -> Gated[dict[Region, int] | None]:
    """A saved drawing (``drawing_json``) -> {region: intensity}; None when the file cannot be read as one.

    Its marks pass the same checks as the figure's; unknown places are dropped and named in the notice.
    """
    if len(data) > MAX_DRAWING_BYTES:
        return _gated(None, [Dropped("drawing_file", f"it is {len(data):,} bytes, more than a drawing needs")])
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _gated(None, [Dropped("drawing_file", "it is not a JSON file")])
    if not isinstance(document, Mapping) or document.get("format") != DRAWING_FORMAT:
        return _gated(None, [Dropped("drawing_file", "it is not a triggermap pain drawing")])
    if document.get("version") != DRAWING_VERSION:
        return _gated(None, [Dropped("drawing_file", "it was saved by a version of triggermap this one cannot read")])
    marks = pain_marks(document.get("marks"), source="figure")
    if marks.value is None:
        return _gated(None, [Dropped("drawing_file", "its list of marks is missing or not a list")])
    return _gated(marks.value, list(marks.dropped), "file")


def figure_selection(sent: object, known: set[str] | frozenset[str]) -> Gated[tuple[str | None, Side] | None]:
    """The explorer figure's ``{"muscle": <id, or "" for none>, "side": <left|right>}`` -> (muscle or None, side).

    None if invalid."""
    if not isinstance(sent, Mapping) or sent.keys() != SELECTION_KEYS:
        return _gated(None, [Dropped("selection_type", _kind(sent))])
    muscle, chosen_side = sent["muscle"], side(sent["side"])
    known_muscle = muscle == "" or (isinstance(muscle, str) and len(muscle) <= MAX_ID and muscle in known)
    if known_muscle and chosen_side:
        return Gated((muscle or None, chosen_side))
    return _gated(None, [Dropped("selection", shown(sent["side"] if known_muscle else muscle))])


def tool_link(value: object) -> Gated[Tool | None]:
    """``?tool=<tool>`` -> the tool to show, or None for every technique."""
    if not value:
        return Gated(None)
    if isinstance(value, str) and value in TOOL_IDS:
        return Gated(TOOL_IDS[value])
    return _gated(None, [Dropped("tool", shown(value))])


def compare_link(value: object, known: set[str] | frozenset[str],
                 most: int = 3) -> Gated[list[tuple[str, Side]]]:
    """``?muscles=<id>:<side>,...`` -> up to ``most`` different (muscle, side) pairs; a missing side is the right."""
    if not value:
        return Gated([])
    if not isinstance(value, str) or len(value) > MAX_LINK:
        what = f"{len(value):,} characters" if isinstance(value, str) else _kind(value)
        return _gated([], [Dropped("unreadable_muscles", what)])
    picks: list[tuple[str, Side]] = []
    dropped = []
    for item in filter(None, (part.strip() for part in value.split(","))):
        muscle, colon, side_value = item.partition(":")
        chosen_side = side(side_value) if colon else DEFAULT_SIDE
        if len(muscle) > MAX_ID or muscle not in known or chosen_side is None:
            dropped.append(Dropped("compared", shown(item)))
        elif len(picks) == most:
            dropped.append(Dropped("too_many", shown(item)))
        elif (muscle, chosen_side) not in picks:
            picks.append((muscle, chosen_side))
    return _gated(picks, dropped)


# --- notices ------------------------------------------------------------------------------------------


def _gated(value: T, dropped: list[Dropped], source: str = "link") -> Gated[T]:
    return Gated(value, tuple(dropped), notice_for(dropped, source))


def notice_for(dropped: list[Dropped] | tuple[Dropped, ...], source: str = "link") -> Notice | None:
    """One short sentence per kind of thing dropped, naming at most MAX_LISTED values."""
    where = {"link": "in the link", "figure": "from the figure", "file": "in the file"}[source]
    notices = []
    for kind in dict.fromkeys(d.kind for d in dropped):
        values = [d.value for d in dropped if d.kind == kind]
        notices.append(_sentence(kind, values, where))
    if not notices:
        return None
    combined = notices[0]
    for notice in notices[1:]:
        combined = combined + notice
    return combined


def _sentence(kind: str, values: list[str], where: str) -> Notice:
    n = len(values)
    listed = values[:MAX_LISTED]
    slots = ", ".join("{}" for _ in listed) + (f" and {n - len(listed)} more" if n > len(listed) else "")
    plural = "s" if n != 1 else ""
    if kind == "muscle":
        return Notice("The link asks for a muscle {} that is not in the atlas, so the default view is shown.",
                      (values[0],))
    if kind == "side":
        return Notice("The side {} in the link is not left or right, so the right side is shown.", (values[0],))
    if kind == "place":
        return Notice(f"Ignored {n} unknown place{plural} {where}, {slots}.", tuple(listed))
    if kind == "intensity":
        return Notice(
            f"Ignored {n} strength{plural} {where} that {'is' if n == 1 else 'are'} not a whole number "
            f"from 0 to 10, {slots}, so {'that place is' if n == 1 else 'those places are'} "
            f"marked {DEFAULT_INTENSITY}.",
            tuple(listed),
        )
    if kind == "too_long":
        return Notice(f"The places {where} are too long to read ({values[0]} characters), so they were ignored.")
    if kind == "payload":
        return Notice(f"Ignored what came {where}: {values[0]} instead of a set of places.")  # a JSON type name
    if kind == "selection":
        return Notice("Ignored a choice from the figure, {}, that is not a muscle and a side.", (values[0],))
    if kind == "selection_type":
        # values[0] is a JSON type name here, never the value sent
        return Notice(f"Ignored a choice from the figure: {values[0]} instead of a muscle and a side.")
    if kind == "compared":
        return Notice(f"Ignored {n} muscle{plural} in the link that {'is' if n == 1 else 'are'} not in the atlas "
                      f"or not on the left or right side, {slots}.", tuple(listed))
    if kind == "drawing_file":  # our own words about the file, never its contents
        return Notice(f"The file could not be opened as a pain drawing: {values[0]}. Nothing was changed.")
    if kind == "unreadable_muscles":  # our own description of the value, never the user's text
        return Notice(f"The muscles in the link could not be read ({values[0]}), so none were chosen.")
    if kind == "too_many":
        return Notice(f"Up to three muscles can be compared at once, so {n} more {'was' if n == 1 else 'were'} "
                      f"left out, {slots}.", tuple(listed))
    if kind == "tool":
        return Notice("The tool {} in the link is not one we know, so every technique is shown.", (values[0],))
    return Notice(f"Ignored {n} value{plural} {where}.")
