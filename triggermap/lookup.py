"""Which muscles could be sending pain to the places a person marked."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from triggermap.atlas import Atlas, load_atlas
from triggermap.zones import SIDES, split_region

ESSENTIAL_WEIGHT = 1.0
SPILLOVER_WEIGHT = 0.4
# At most this much per zone for being high in the pain guide: less than the gap
# between an essential and a spillover match, so it only breaks near-ties.
GUIDE_BONUS = 0.15
DEFAULT_INTENSITY = 5


@dataclass(frozen=True)
class Candidate:
    muscle_id: str
    side: str | None  # None when only midline zones (sacrum, coccyx, perineum) matched
    score: float
    trigger_points: tuple[str, ...]  # ids of its trigger points that refer to a marked zone
    matches: dict[str, str] = field(hash=False)  # marked region id -> "essential" | "spillover"


@dataclass(frozen=True)
class _Referral:
    order: int  # the muscle's position in the atlas, for stable ties
    muscle_id: str
    kind: str
    trigger_points: tuple[str, ...]
    guide_rank: float  # 1.0 for the first muscle of the zone's pain guide, 0 if unlisted


def _index(atlas: Atlas) -> dict[str, list[_Referral]]:
    """zone -> the muscles that refer to it, each with its strongest kind of match."""
    guide = atlas.pain_guide.zones if atlas.pain_guide else {}
    index: dict[str, list[_Referral]] = {}
    for order, muscle in enumerate(atlas.muscles.values()):
        zones: dict[str, tuple[str, list[str]]] = {}
        for tp in muscle.trigger_points:
            for kind in ("essential", "spillover"):
                for zone in getattr(tp, kind):
                    best, tps = zones.get(zone, (kind, []))
                    zones[zone] = ("essential" if "essential" in (best, kind) else "spillover", tps + [tp.id])
        for zone, (kind, tps) in zones.items():
            ranked = guide.get(zone, [])
            rank = 1 - ranked.index(muscle.id) / len(ranked) if muscle.id in ranked else 0.0
            index.setdefault(zone, []).append(_Referral(order, muscle.id, kind, tuple(dict.fromkeys(tps)), rank))
    return index


class _Holder:
    """Lets an Atlas (which holds dicts, so is unhashable) key a cache by identity."""

    def __init__(self, atlas: Atlas):
        self.atlas = atlas

    def __hash__(self) -> int:
        return id(self.atlas)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Holder) and other.atlas is self.atlas


@lru_cache(maxsize=8)
def _cached_index(holder: _Holder) -> dict[str, list[_Referral]]:
    return _index(holder.atlas)


@lru_cache(maxsize=1)
def _default_atlas() -> Atlas:
    return load_atlas()


def _weights(zone_ids: Iterable[str] | Mapping[str, float]) -> dict[str, float]:
    """Region id -> weight. Intensity 0-10 maps to (1 + i) / 11, so a zone marked 0 still counts a little."""
    marked = dict(zone_ids) if isinstance(zone_ids, Mapping) else {z: None for z in zone_ids}
    weights = {}
    for region, intensity in marked.items():
        split_region(region)  # raises ValueError naming an unknown id
        level = DEFAULT_INTENSITY if intensity is None else min(max(float(intensity), 0.0), 10.0)
        weights[region] = (1 + level) / 11
    return weights


def candidates(zone_ids: Iterable[str] | Mapping[str, float], atlas: Atlas | None = None) -> list[Candidate]:
    """Rank the muscles (one row per muscle and side) that could refer pain to the marked regions.

    ``zone_ids`` are figure regions (``"lateral_hip_right"``, ``"sacrum"``), or a
    mapping of region -> pain intensity 0-10. An unknown id raises ValueError;
    no regions gives an empty list.

    How it ranks:
    - each marked region a muscle refers to adds the region's weight times 1.0
      when it is the muscle's essential (main) zone, or 0.4 when it is a spillover
      zone, so a muscle that explains more of the marked regions ranks higher;
    - the weight is (1 + intensity) / 11, so stronger pain counts more;
    - near-ties are broken by how often the muscle causes pain in that zone: the
      atlas's ``pain_guide`` (the order of Travell & Simons' pain guides) adds up
      to 0.15 times the weight, less than the essential/spillover gap;
    - a muscle only explains regions on its own side; midline regions count for both;
    - equal scores keep the atlas order, left before right: the result is stable.
    """
    weights = _weights(zone_ids)
    if not weights:
        return []
    atlas = atlas or _default_atlas()
    index = _cached_index(_Holder(atlas))
    rows: dict[tuple[str, str], dict] = {}
    for region, weight in weights.items():
        zone, region_side = split_region(region)
        for ref in index.get(zone, ()):
            for side in (region_side,) if region_side else SIDES:
                row = rows.setdefault((ref.muscle_id, side), {"order": ref.order, "score": 0.0, "tps": {}, "matches": {}})
                kind_weight = ESSENTIAL_WEIGHT if ref.kind == "essential" else SPILLOVER_WEIGHT
                row["score"] += weight * (kind_weight + GUIDE_BONUS * ref.guide_rank)
                row["matches"][region] = ref.kind
                row["tps"].update(dict.fromkeys(ref.trigger_points))
    return _ranked(rows, weights)


def _ranked(rows: dict[tuple[str, str], dict], weights: dict[str, float]) -> list[Candidate]:
    midline = {r for r in weights if split_region(r)[1] is None}
    result = []
    for (muscle_id, side), row in rows.items():
        only_midline = set(row["matches"]) <= midline
        if only_midline and side == "right":
            continue  # the same match as the left row: report it once, with no side
        result.append(
            Candidate(
                muscle_id=muscle_id,
                side=None if only_midline else side,
                score=round(row["score"], 6),
                trigger_points=tuple(row["tps"]),
                matches=dict(row["matches"]),
            )
        )
    side_order = {"left": 0, None: 0, "right": 1}
    result.sort(key=lambda c: (-c.score, rows[(c.muscle_id, c.side or "left")]["order"], side_order[c.side]))
    return result
