"""Which muscles could be sending pain to the places a person marked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from triggermap.atlas import Atlas
from triggermap.gate import REGIONS, intensity
from triggermap.referral import Referral
from triggermap.zones import Region, Side

# At most this much per zone for being high in the pain guide: less than the gap
# between an essential and a spillover match, so it only breaks near-ties.
GUIDE_BONUS = 0.15


@dataclass(frozen=True)
class Candidate:
    muscle_id: str
    side: Side | None  # None when either side explains the same places (midline zones, or a pattern on both sides)
    score: float
    trigger_points: tuple[str, ...]  # ids of its trigger points that refer to a marked zone
    matches: dict[Region, str] = field(hash=False)  # marked region -> "essential" | "spillover"
    # marked regions reached only by uncommon trigger points
    uncommon: frozenset[Region] = field(default=frozenset(), hash=False)
    coverage: float = 1.0  # share of the marked pain (by intensity) that the muscle explains


def _weights(marks: Mapping[Region, int]) -> dict[Region, float]:
    """Region -> weight. Intensity 0-10 maps to (1 + i) / 11, so a zone marked 0 still counts a little.

    Input from a person passes the gate (``gate.pain_marks``) first; this checks with the gate's own
    definitions and raises ValueError, naming the value, on anything the gate would have dropped.
    """
    weights = {}
    for region, level in marks.items():
        if not isinstance(region, Region) or region not in REGIONS:
            raise ValueError(f"unknown region {region!r}")
        clean = intensity(level)
        if clean is None:
            raise ValueError(f"intensity {level!r} for {region.id!r} is not a whole number from 0 to 10")
        weights[region] = (1 + clean) / 11
    return weights


def candidates(marks: Mapping[Region, int], atlas: Atlas) -> list[Candidate]:
    """Rank the muscles (one row per muscle and side) that could refer pain to the marked regions.

    ``marks`` maps each marked region to its pain intensity 0-10 (``gate.pain_marks`` gives one);
    ``atlas`` is the content to rank, looked up in its index (``Atlas.referrals``). A region the figure
    does not draw, or an intensity the gate would refuse, raises ValueError; no marks gives an empty list.

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
    weights = _weights(marks)
    if not weights:
        return []
    rows: dict[tuple[str, Side], _Row] = {}
    for region, weight in weights.items():
        for ref in atlas.referrals.get(region, ()):
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
        self.matches: dict[Region, str] = {}
        self.points: dict[str, None] = {}
        self.uncommon: list[Region] = []

    def add(self, region: Region, weight: float, ref: Referral) -> None:
        self.score += weight * (ref.reached.strength + GUIDE_BONUS * ref.guide_rank)
        self.explained += weight
        self.matches[region] = ref.reached.kind
        self.points.update(dict.fromkeys(ref.reached.trigger_points))
        if ref.reached.uncommon:
            self.uncommon.append(region)


SIDE_ORDER = {Side.left: 0, None: 0, Side.right: 1}


def _ranked(rows: dict[tuple[str, Side], _Row], total: float) -> list[Candidate]:
    ranked = []
    for (muscle_id, side), row in rows.items():
        mirror = rows.get((muscle_id, side.other))
        if mirror is not None and mirror.matches == row.matches:
            if side is Side.right:
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
