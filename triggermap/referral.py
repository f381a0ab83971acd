"""Where a muscle's trigger points send pain, as figure regions: the one place that decides essential vs spillover.

A trigger point on one side of the body sends pain to its zones on the same side, on both sides, or on the
other side (``TriggerPoint.reach``). A region reached by several trigger points takes the strongest match:
essential beats spillover (``stronger_kind``), and a usual pattern beats an uncommon one.

``referrals_by_region`` turns a whole atlas's muscles into the ranking's index; the Atlas builds it once,
when it is made (``Atlas.referrals``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from triggermap.models import Frequency, Muscle, PainGuide, Reach, TriggerPoint
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


@dataclass(frozen=True)
class Referral:
    """One muscle on one side sending pain to one region, as the ranking looks it up."""

    order: int  # the muscle's position in the atlas, for stable ties
    muscle_id: str
    side: Side
    reached: Reached
    guide_rank: float  # 1.0 for the first muscle of the zone's pain guide, 0 if unlisted


def stronger_kind(*kinds: str) -> str:
    """Essential beats spillover: the kind of a place reached in several ways."""
    return ESSENTIAL if ESSENTIAL in kinds else SPILLOVER


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
    points = old.trigger_points + ((point.id,) if point.id not in old.trigger_points else ())
    return Reached(stronger_kind(old.kind, kind), max(old.strength, strength), points, old.uncommon and uncommon)


def referrals_by_region(muscles: Iterable[Muscle], guide: PainGuide | None) -> dict[Region, tuple[Referral, ...]]:
    """Region -> every (muscle, side) whose trigger points send pain there, in atlas order, left before right."""
    ranked_by_zone = guide.zones if guide else {}
    found: dict[Region, list[Referral]] = {}
    for order, muscle in enumerate(muscles):
        for side in Side:
            for region, reached in regions_reached(muscle, side).items():
                ranked = ranked_by_zone.get(region.zone, [])
                rank = 1 - ranked.index(muscle.id) / len(ranked) if muscle.id in ranked else 0.0
                found.setdefault(region, []).append(Referral(order, muscle.id, side, reached, rank))
    return {region: tuple(referrals) for region, referrals in found.items()}
