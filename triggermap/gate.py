"""The one gate for untrusted input: every value from a URL or from the figure's browser code passes here.

One cleaning function per kind of input, each returning the clean value and what it dropped:

- ``muscle_link``: ``?muscle=<id>&side=<left|right>``
- ``pain_marks``: the pain drawing, from the URL (``?zones=lateral_hip_right:7,sacrum``) or from the
  pain figure's ``marked`` payload (``{"lateral_hip_right": 7}``): one definition of a region id
  (``region_id``) and of an intensity (``intensity``) for both
- ``figure_selection``: the explorer figure's ``select`` payload (``"<muscle>_<side>"``, ``"_<side>"``)
- ``tool_link``: ``?tool=<tool>`` on the techniques page

What was dropped comes back as ``Dropped`` items (the value already made safe to show: printable,
no bidi controls, at most ``MAX_SHOWN`` characters) and as a short ``Notice``. A notice keeps our
words apart from the user's values, so the page can show the values as inert text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from triggermap.models import Tool
from triggermap.zones import all_region_ids

T = TypeVar("T")

SIDES = ("right", "left")
DEFAULT_SIDE = "right"
DEFAULT_INTENSITY = 5
MAX_INTENSITY = 10
MAX_SHOWN = 40  # characters of a bad value echoed back in a notice
MAX_LISTED = 3  # bad values named in one sentence of a notice
MAX_ID = 80  # longest muscle, region or tool id looked up
MAX_LINK = 4000  # longest URL value read (every region with an intensity fits in under 1,700)
MAX_MARKS = 200  # entries read from one figure payload (the figure has under 60 regions)
REGION_IDS = frozenset(all_region_ids())
TOOL_IDS = {tool.value: tool for tool in Tool}
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
_NO_LEVEL = object()  # "sacrum" in a link: a place given without a strength
# Bidi controls and other invisible format characters are category Cf; isprintable() refuses them too.
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


@dataclass(frozen=True)
class Dropped:
    """One ignored piece of input: what kind it was and the value, made safe to show."""

    kind: str  # "muscle", "side", "place", "intensity", "payload", "too_long", "selection", "selection_type", "tool"
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


def region_id(value: object) -> str | None:
    """A region of the figure (``"lateral_hip_right"``, ``"sacrum"``), or None."""
    return value if isinstance(value, str) and len(value) <= MAX_ID and value in REGION_IDS else None


def intensity(value: object) -> int | None:
    """A pain intensity: a whole number 0-10, as a JSON int (not a bool, not a float) or as ASCII digits."""
    if type(value) is int:
        return value if 0 <= value <= MAX_INTENSITY else None
    if isinstance(value, str) and 0 < len(value) <= 2 and all("0" <= ch <= "9" for ch in value):
        number = int(value)
        return number if number <= MAX_INTENSITY else None
    return None


def side(value: object) -> str | None:
    return value if isinstance(value, str) and value in SIDES else None


# --- the gates ---------------------------------------------------------------------------------------


def muscle_link(muscle: object, side_value: object, known: set[str] | frozenset[str]) -> Gated[tuple[str | None, str]]:
    """``?muscle=<id>&side=<left|right>`` -> (muscle or None, side); the side defaults to right."""
    dropped = []
    chosen_muscle = None
    if muscle:
        if isinstance(muscle, str) and len(muscle) <= MAX_ID and muscle in known:
            chosen_muscle = muscle
        else:
            dropped.append(Dropped("muscle", shown(muscle)))
    chosen_side = DEFAULT_SIDE
    if side_value:
        if side(side_value):
            chosen_side = side_value
        else:
            dropped.append(Dropped("side", shown(side_value)))
    return _gated((chosen_muscle, chosen_side), dropped)


def pain_marks(sent: object, *, source: str = "link") -> Gated[dict[str, int] | None]:
    """The pain drawing -> {region id: intensity 0-10}; None when the whole value was refused.

    ``source="link"``: the URL's ``zones`` value (``"lateral_hip_right:7,sacrum"``; a place without a
    strength gets the default). ``source="figure"``: the figure's ``marked`` payload, a JSON object
    (``{"lateral_hip_right": 7}``). Unknown places are dropped; a bad strength falls back to the default.
    """
    if source == "link" and (sent is None or sent == ""):
        return Gated({})
    if source == "link" and isinstance(sent, str):
        if len(sent) > MAX_LINK:
            return _gated(None, [Dropped("too_long", f"{len(sent):,}")], source)
        pairs = []
        for item in sent.split(","):
            region, colon, level = item.strip().partition(":")
            if region or colon:
                pairs.append((region, level if colon else _NO_LEVEL))
    elif source == "figure" and isinstance(sent, Mapping):
        pairs = list(_first(sent.items(), MAX_MARKS))
    else:
        return _gated(None, [Dropped("payload", shown(sent) if not isinstance(sent, str) else "text")], source)
    marked: dict[str, int] = {}
    dropped = []
    for region, level in pairs:
        if region_id(region) is None:
            dropped.append(Dropped("place", shown(region)))
            continue
        clean = DEFAULT_INTENSITY if level is _NO_LEVEL else intensity(level)
        if clean is None:
            dropped.append(Dropped("intensity", shown(level)))
            clean = DEFAULT_INTENSITY
        marked[region] = clean
    if isinstance(sent, Mapping) and len(sent) > MAX_MARKS:
        dropped.append(Dropped("place", f"{len(sent) - MAX_MARKS:,} more"))
    return _gated(marked, dropped, source)


def zones_link(marked: dict[str, int]) -> str:
    """The pain drawing as the URL's ``zones`` value: the inverse of ``pain_marks(value, source="link")``."""
    return ",".join(f"{region}:{level}" for region, level in marked.items())


def figure_selection(sent: object, known: set[str] | frozenset[str]) -> Gated[tuple[str | None, str] | None]:
    """The explorer figure's ``"<muscle>_<side>"`` (``"_<side>"``: side only) -> (muscle or None, side); None if invalid."""
    if isinstance(sent, str) and len(sent) <= MAX_ID:
        muscle_id, _, chosen_side = sent.rpartition("_")
        if side(chosen_side) and (not muscle_id or muscle_id in known):
            return Gated((muscle_id or None, chosen_side))
    return _gated(None, [Dropped("selection" if isinstance(sent, str) else "selection_type", shown(sent))])


def tool_link(value: object) -> Gated[Tool | None]:
    """``?tool=<tool>`` -> the tool to show, or None for every technique."""
    if not value:
        return Gated(None)
    if isinstance(value, str) and value in TOOL_IDS:
        return Gated(TOOL_IDS[value])
    return _gated(None, [Dropped("tool", shown(value))])


def _first(items, n):
    for i, item in enumerate(items):
        if i >= n:
            return
        yield item


# --- notices ------------------------------------------------------------------------------------------


def _gated(value: T, dropped: list[Dropped], source: str = "link") -> Gated[T]:
    return Gated(value, tuple(dropped), notice_for(dropped, source))


def notice_for(dropped: list[Dropped] | tuple[Dropped, ...], source: str = "link") -> Notice | None:
    """One short sentence per kind of thing dropped, naming at most MAX_LISTED values."""
    where = "in the link" if source == "link" else "from the figure"
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
        return Notice("The link asks for a muscle {} that is not in the atlas, so the default view is shown.", (values[0],))
    if kind == "side":
        return Notice("The side {} in the link is not left or right, so the right side is shown.", (values[0],))
    if kind == "place":
        return Notice(f"Ignored {n} unknown place{plural} {where}, {slots}.", tuple(listed))
    if kind == "intensity":
        return Notice(
            f"Ignored {n} strength{plural} {where} that {'is' if n == 1 else 'are'} not a whole number "
            f"from 0 to 10, {slots}, so {'that place is' if n == 1 else 'those places are'} marked {DEFAULT_INTENSITY}.",
            tuple(listed),
        )
    if kind == "too_long":
        return Notice(f"The places {where} are too long to read ({values[0]} characters), so they were ignored.")
    if kind == "payload":
        return Notice(f"Ignored what came {where}: {values[0]} instead of a set of places.")  # a JSON type name
    if kind == "selection":
        return Notice("Ignored a choice from the figure, {}, that is not a muscle and a side.", (values[0],))
    if kind == "selection_type":
        return Notice(f"Ignored a choice from the figure: {values[0]} instead of a muscle and a side.")  # a JSON type name
    if kind == "tool":
        return Notice("The tool {} in the link is not one we know, so every technique is shown.", (values[0],))
    return Notice(f"Ignored {n} value{plural} {where}.")
