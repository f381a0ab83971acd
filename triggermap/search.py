"""One search box: find muscles by name, common name, symptom words and pain zone."""

from __future__ import annotations

import re
from dataclasses import dataclass

from triggermap.atlas import Atlas
from triggermap.models import Muscle
from triggermap.zones import ZONES

STOPWORDS = frozenset("a an and at de du el in is it my of on or the to when with me i pain hurts hurt".split())
MIN_PREFIX = 3  # shorter words must match a whole word


@dataclass(frozen=True)
class Hit:
    muscle_id: str
    score: float
    reason: str  # why it matched, for the result line


@dataclass(frozen=True)
class _Field:
    weight: float
    label: str  # "Also called", "Sends pain to", ...
    text: str


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS]


def _fields(muscle: Muscle) -> list[_Field]:
    zones = dict.fromkeys(z for tp in muscle.trigger_points for z in tp.essential + tp.spillover)
    return (
        [_Field(5, "Name", muscle.name)]
        + [_Field(4, "Also called", name) for name in muscle.common_names]
        + [_Field(2, "Sends pain to", f"{ZONES[z].label} ({ZONES[z].plain})") for z in zones]
        + [_Field(1, "People notice", symptom) for symptom in muscle.symptoms]
    )


def _matches(query_word: str, field_words: list[str]) -> bool:
    if len(query_word) < MIN_PREFIX:
        return query_word in field_words
    return any(w.startswith(query_word) or (len(w) >= MIN_PREFIX and query_word.startswith(w)) for w in field_words)


def _score(muscle: Muscle, query_words: list[str]) -> Hit | None:
    score, best, matched = 0.0, None, set()
    for field in _fields(muscle):
        field_words = words(field.text)
        hits = {q for q in query_words if _matches(q, field_words)}
        if not hits:
            continue
        gain = field.weight * len(hits)
        score += gain
        matched |= hits
        if best is None or gain > best[0]:
            best = (gain, field)
    if best is None:
        return None
    coverage = len(matched) / len(query_words)  # every query word found counts for more than many partial hits
    _, field = best
    reason = "" if field.label == "Name" else f"{field.label}: {field.text}"
    return Hit(muscle.id, round(score * coverage * coverage, 6), reason)


def search(atlas: Atlas, query: str, limit: int = 8) -> list[Hit]:
    """Muscles matching ``query``, best first; ties keep the atlas order."""
    query_words = words(query)[:12]
    if not query_words:
        return []
    hits = [hit for muscle in atlas.muscles.values() if (hit := _score(muscle, query_words))]
    return sorted(hits, key=lambda h: -h.score)[:limit]
