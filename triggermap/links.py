"""Deep links: the URL forms the pages read and write.

The cleaning itself is done by ``triggermap.gate`` (one gate for every untrusted value); the
``parse_*`` functions here are that gate with the older result shapes, kept for callers and tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from triggermap import gate

SIDES = gate.SIDES
MAX_SHOWN = gate.MAX_SHOWN


@dataclass(frozen=True)
class MuscleLink:
    muscle_id: str | None
    side: str
    notice: str | None = None


def shorten(value: object) -> str:
    """A bad value as it may be shown to the user: printable, no bidi controls, bounded."""
    return gate.shown(value)


def parse_muscle_link(muscle: str | None, side: str | None, known: set[str]) -> MuscleLink:
    """``?muscle=<id>&side=<left|right>`` -> the muscle to open (side defaults to right)."""
    link = gate.muscle_link(muscle, side, known)
    return MuscleLink(*link.value, link.notice.text if link.notice else None)


@dataclass(frozen=True)
class ZonesLink:
    marked: dict[str, int]  # region id -> intensity 0-10
    notice: str | None = None


def parse_zones_link(value: str | None) -> ZonesLink:
    """``?zones=lateral_hip_right:7,sacrum`` -> marked regions; unknown ids are dropped with a notice."""
    link = gate.pain_marks(value, source="link")
    return ZonesLink(link.value or {}, link.notice.text if link.notice else None)


def zones_link(marked: dict[str, int]) -> str:
    """The inverse of parse_zones_link."""
    return ",".join(f"{region}:{level}" for region, level in marked.items())


def parse_selection(key: object, known: set[str]) -> tuple[str | None, str] | None:
    """The figure's ``"<muscle>_<side>"`` (``"_<side>"``: side only) -> (muscle or None, side); None if invalid."""
    return gate.figure_selection(key, known).value
