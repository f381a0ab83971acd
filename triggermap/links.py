"""Deep links: turn untrusted query-string values into known ids, or a notice."""

from __future__ import annotations

from dataclasses import dataclass

from triggermap.zones import split_region

SIDES = ("right", "left")
MAX_SHOWN = 40  # characters of a bad value echoed back in a notice


@dataclass(frozen=True)
class MuscleLink:
    muscle_id: str | None
    side: str
    notice: str | None = None


def shorten(value: str) -> str:
    """A bad value as it may be shown to the user: printable, quoted, bounded."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in value)
    return repr(clean if len(clean) <= MAX_SHOWN else clean[:MAX_SHOWN] + "…")


def parse_muscle_link(muscle: str | None, side: str | None, known: set[str]) -> MuscleLink:
    """``?muscle=<id>&side=<left|right>`` -> the muscle to open (side defaults to right)."""
    notices = []
    chosen_side = "right"
    if side:
        if side in SIDES:
            chosen_side = side
        else:
            notices.append(f"The side {shorten(side)} in the link is not left or right, so the right side is shown.")
    if muscle and muscle not in known:
        notices.insert(0, f"The link asks for a muscle {shorten(muscle)} that is not in the atlas, so the default view is shown.")
        muscle = None
    return MuscleLink(muscle or None, chosen_side, " ".join(notices) or None)


@dataclass(frozen=True)
class ZonesLink:
    marked: dict[str, int]  # region id -> intensity 0-10
    notice: str | None = None


def parse_zones_link(value: str | None, default_intensity: int = 5) -> ZonesLink:
    """``?zones=lateral_hip_right:7,sacrum`` -> marked regions; unknown ids are dropped with a notice."""
    marked: dict[str, int] = {}
    dropped = []
    for item in (value or "").split(","):
        region, _, level = item.strip().partition(":")
        if not region:
            continue
        try:
            split_region(region)
        except ValueError:
            dropped.append(shorten(region))
            continue
        marked[region] = int(level) if level.isdigit() and int(level) <= 10 else default_intensity
    notice = None
    if dropped:
        notice = f"Ignored {len(dropped)} unknown place{'s' if len(dropped) > 1 else ''} in the link: {', '.join(dropped[:5])}."
    return ZonesLink(marked, notice)


def zones_link(marked: dict[str, int]) -> str:
    """The inverse of parse_zones_link."""
    return ",".join(f"{region}:{level}" for region, level in marked.items())


def parse_selection(key: object, known: set[str]) -> tuple[str | None, str] | None:
    """The figure's ``"<muscle>_<side>"`` (``"_<side>"``: side only) -> (muscle or None, side); None if invalid."""
    if not isinstance(key, str):
        return None
    muscle_id, _, side = key.rpartition("_")
    if side not in SIDES or (muscle_id and muscle_id not in known):
        return None
    return muscle_id or None, side
