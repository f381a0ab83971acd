"""One search box: find muscles by name, common name, symptom words and pain zone."""

from __future__ import annotations

import re
from dataclasses import dataclass

from triggermap.atlas import Atlas
from triggermap.models import Muscle
from triggermap.zones import ZONES

STOPWORDS = frozenset("a an and at de du el in is it my of on or the to when with me i pain hurts hurt".split())
MIN_PREFIX = 3  # shorter words must match a whole word
PARTIAL = 0.4  # a partial match counts less, so "sitting" in a symptom beats "sit bone" in a zone
ENDINGS = frozenset({"s", "es", "ed", "ing", "er", "ers", "ly"})


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


def _inflects(query_word: str, word: str) -> bool:
    """"sitting" of "sit", "muscles" of "muscle": the query is the word plus an ending (one doubled letter allowed)."""
    if len(word) < MIN_PREFIX or not query_word.startswith(word):
        return False
    ending = query_word[len(word):]
    if ending[:1] == word[-1:] and ending[1:] in ENDINGS:
        ending = ending[1:]
    return ending in ENDINGS


def _match(query_word: str, field_words: list[str]) -> float:
    """1 for the whole word, PARTIAL for a prefix or an inflected form, 0 for none."""
    if query_word in field_words:
        return 1.0
    if len(query_word) >= MIN_PREFIX and any(w.startswith(query_word) or _inflects(query_word, w) for w in field_words):
        return PARTIAL
    return 0.0


def _score(muscle: Muscle, query_words: list[str]) -> Hit | None:
    score, best, matched = 0.0, None, set()
    for field in _fields(muscle):
        field_words = words(field.text)
        strengths = {q: strength for q in query_words if (strength := _match(q, field_words))}
        if not strengths:
            continue
        hits = set(strengths)
        gain = field.weight * sum(strengths.values())
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
