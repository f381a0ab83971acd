"""Where a muscle's trigger points send pain, as figure regions: the one place that decides essential vs spillover.

A trigger point on one side of the body sends pain to its zones on the same side, on both sides, or on the
other side (``TriggerPoint.reach``). A region reached by several trigger points takes the strongest match:
essential beats spillover, and a usual pattern beats an uncommon one.
"""

from __future__ import annotations

from dataclasses import dataclass

from triggermap.models import Frequency, Muscle, Reach, TriggerPoint
from triggermap.zones import Region, Side, region_on

ESSENTIAL, SPILLOVER = "essential", "spillover"
KIND_WEIGHT = {ESSENTIAL: 1.0, SPILLOVER: 0.4}
FREQUENCY_WEIGHT = {Frequency.usual: 1.0, Frequency.uncommon: 0.5}


@dataclass(frozen=True)
class Reached:
    """How one region is reached by a muscle on one side."""

    kind: str  # ESSENTIAL or SPILLOVER
    strength: float  # KIND_WEIGHT x FREQUENCY_WEIGHT of the strongest trigger point
    trigger_points: tuple[str, ...]  # every trigger point of the muscle that reaches the region
    uncommon: bool  # only uncommon trigger points reach it


def sides_reached(point: TriggerPoint, side: Side) -> tuple[Side, ...]:
    """The sides of the body that a trigger point on ``side`` sends pain to."""
    if point.reach == Reach.both_sides:
        return tuple(Side)
    if point.reach == Reach.other_side:
        return (side.other,)
    return (side,)


def regions_reached(muscle: Muscle, side: Side) -> dict[Region, Reached]:
    """Region -> how ``muscle``'s trigger points on ``side`` reach it, in content order."""
    found: dict[Region, Reached] = {}
    for point in muscle.trigger_points:
        for kind in (ESSENTIAL, SPILLOVER):
            strength = KIND_WEIGHT[kind] * FREQUENCY_WEIGHT[point.frequency]
            for zone in getattr(point, kind):
                for reached_side in sides_reached(point, side):
                    region = region_on(zone, reached_side)
                    found[region] = _stronger(found.get(region), kind, strength, point)
    return found


def _stronger(old: Reached | None, kind: str, strength: float, point: TriggerPoint) -> Reached:
    uncommon = point.frequency == Frequency.uncommon
    if old is None:
        return Reached(kind, strength, (point.id,), uncommon)
    best_kind = ESSENTIAL if ESSENTIAL in (old.kind, kind) else SPILLOVER
    points = old.trigger_points + ((point.id,) if point.id not in old.trigger_points else ())
    return Reached(best_kind, max(old.strength, strength), points, old.uncommon and uncommon)
