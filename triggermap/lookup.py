"""Which muscles could be sending pain to the places a person marked."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from triggermap.atlas import Atlas, default_atlas, per_atlas
from triggermap.referral import Reached, regions_reached
from triggermap.gate import DEFAULT_INTENSITY, intensity, region_id
from triggermap.zones import SIDES, split_region

# At most this much per zone for being high in the pain guide: less than the gap
# between an essential and a spillover match, so it only breaks near-ties.
GUIDE_BONUS = 0.15


@dataclass(frozen=True)
class Candidate:
    muscle_id: str
    side: str | None  # None when either side explains the same places (midline zones, or a pattern on both sides)
    score: float
    trigger_points: tuple[str, ...]  # ids of its trigger points that refer to a marked zone
    matches: dict[str, str] = field(hash=False)  # marked region id -> "essential" | "spillover"
    uncommon: frozenset[str] = field(default=frozenset(), hash=False)  # marked regions reached only by uncommon points
    coverage: float = 1.0  # share of the marked pain (by intensity) that the muscle explains


@dataclass(frozen=True)
class _Referral:
    order: int  # the muscle's position in the atlas, for stable ties
    muscle_id: str
    side: str
    reached: Reached
    guide_rank: float  # 1.0 for the first muscle of the zone's pain guide, 0 if unlisted


@per_atlas
def _index(atlas: Atlas) -> dict[str, list[_Referral]]:
    """Region id -> every (muscle, side) whose trigger points send pain there."""
    guide = atlas.pain_guide.zones if atlas.pain_guide else {}
    index: dict[str, list[_Referral]] = {}
    for order, muscle in enumerate(atlas.muscles.values()):
        for side in SIDES:
            for region, reached in regions_reached(muscle, side).items():
                ranked = guide.get(split_region(region)[0], [])
                rank = 1 - ranked.index(muscle.id) / len(ranked) if muscle.id in ranked else 0.0
                index.setdefault(region, []).append(_Referral(order, muscle.id, side, reached, rank))
    return index


def _weights(zone_ids: Iterable[str] | Mapping[str, int]) -> dict[str, float]:
    """Region id -> weight. Intensity 0-10 maps to (1 + i) / 11, so a zone marked 0 still counts a little.

    Input from a person passes the gate (``gate.pain_marks``) first; this checks with the gate's own
    definitions and raises ValueError, naming the value, on anything the gate would have dropped.
    """
    marked = dict(zone_ids) if isinstance(zone_ids, Mapping) else {z: None for z in zone_ids}
    weights = {}
    for region, level in marked.items():
        if region_id(region) is None:
            raise ValueError(f"unknown zone id {region!r}")
        clean = DEFAULT_INTENSITY if level is None else intensity(level)
        if clean is None:
            raise ValueError(f"intensity {level!r} for {region!r} is not a whole number from 0 to 10")
        weights[region] = (1 + clean) / 11
    return weights


def candidates(zone_ids: Iterable[str] | Mapping[str, float], atlas: Atlas | None = None) -> list[Candidate]:
    """Rank the muscles (one row per muscle and side) that could refer pain to the marked regions.

    ``zone_ids`` are figure regions (``"lateral_hip_right"``, ``"sacrum"``), or a
    mapping of region -> pain intensity 0-10. An unknown id raises ValueError;
    no regions gives an empty list.

    How it ranks (RANKING_NOTE in ranking_text.py says the same in plain words):
    - each marked region a muscle refers to adds the region's weight times 1.0
      when it is the muscle's essential (main) zone, or 0.4 when it is a spillover
      zone; an uncommon trigger point counts half;
    - the weight is (1 + intensity) / 11, so stronger pain counts more;
    - near-ties are broken by how often the muscle causes pain in that zone: the
      atlas's ``pain_guide`` adds up to 0.15 times the weight, less than the
      essential/spillover gap;
    - the sum is multiplied by the share of the marked pain the muscle explains,
      so a muscle that explains every marked place ranks above one that explains
      one place strongly;
    - a trigger point refers to its own side unless its pattern crosses the midline
      (both sides, or the other side); midline regions count for both sides;
    - equal scores keep the atlas order, left before right: the result is stable.
    """
    weights = _weights(zone_ids)
    if not weights:
        return []
    index = _index(atlas or default_atlas())
    rows: dict[tuple[str, str], _Row] = {}
    for region, weight in weights.items():
        for ref in index.get(region, ()):
            row = rows.get((ref.muscle_id, ref.side))
            if row is None:
                row = rows[(ref.muscle_id, ref.side)] = _Row(ref.order)
            row.add(region, weight, ref)
    return _ranked(rows, sum(weights.values()))


class _Row:
    """One muscle on one side, as the marked regions add to it."""

    __slots__ = ("order", "score", "explained", "matches", "points", "uncommon")

    def __init__(self, order: int):
        self.order, self.score, self.explained = order, 0.0, 0.0
        self.matches: dict[str, str] = {}
        self.points: dict[str, None] = {}
        self.uncommon: list[str] = []

    def add(self, region: str, weight: float, ref: _Referral) -> None:
        self.score += weight * (ref.reached.strength + GUIDE_BONUS * ref.guide_rank)
        self.explained += weight
        self.matches[region] = ref.reached.kind
        self.points.update(dict.fromkeys(ref.reached.trigger_points))
        if ref.reached.uncommon:
            self.uncommon.append(region)


SIDE_ORDER = {"left": 0, None: 0, "right": 1}


def _ranked(rows: dict[tuple[str, str], _Row], total: float) -> list[Candidate]:
    ranked = []
    for (muscle_id, side), row in rows.items():
        mirror = rows.get((muscle_id, "left" if side == "right" else "right"))
        if mirror is not None and mirror.matches == row.matches:
            if side == "right":
                continue  # the same places as the left row: report them once, with no side
            side = None
        coverage = row.explained / total
        ranked.append((-row.score * coverage, row.order, SIDE_ORDER[side], muscle_id, side, coverage, row))
    ranked.sort(key=lambda item: item[:3])
    return [
        Candidate(
            muscle_id=muscle_id,
            side=side,
            score=round(-neg_score, 6),
            trigger_points=tuple(row.points),
            matches=row.matches,
            uncommon=frozenset(row.uncommon),
            coverage=round(coverage, 6),
        )
        for neg_score, _, _, muscle_id, side, coverage, row in ranked
    ]
