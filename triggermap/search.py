"""One search box: find muscles by name (typos allowed), by the place that hurts, or by symptom words.

How a query is read (``search``):

1. **Words.** The query is cut to 200 characters, lower-cased and split into words by rapidfuzz's
   ``utils.default_process`` (anything that is not a letter or digit separates words), and filler words
   ("the", "of", "pain", "my") are dropped. Each word is looked up in the vocabulary of the content:
   the same word, a word it begins (typing "pirif" finds "piriformis"), or, when the word is not in the
   vocabulary at all, a word one letter away by rapidfuzz's optimal-string-alignment distance (a swap of
   two letters counts as one), or two letters away from a word of 6 letters or more in a name or a
   place (for a query word of 5 letters or more), so "piriformus", "minimis" and "lumborom" still match.
2. **Names.** A muscle whose name or common name is matched word for word ("gluteus minimis",
   "tensor fascia lata", "QL"), or by the whole query at a close spelling ("glutemed"), comes first.
3. **Places.** A query that names a place, in the figure's words ("side of the hip", "lateral hip") or
   in a synonym kept with the content ("butt", "SI joint", "sciatica"), lists the muscles that send pain
   there in the order of the "Where does it hurt?" page: ``lookup.candidates`` for those zones, one
   row per muscle (its best). Words of the query the place did not use ("burning outer thigh") reorder
   those muscles a little by their symptoms and summary.
4. **Text.** Other muscles follow by the words found in their symptoms, causes, summary and names:
   all words in one line count most.

Each hit carries one plain line saying why it is listed. ``find_places`` gives the places a query names,
as figure regions, for the pain page's "find a place".

The index (vocabulary, postings, place phrases) is built once per atlas, on its first search, and kept by
the atlas (``Atlas.search_index``), so a keystroke costs only the matching.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import OSA

from triggermap.atlas import Atlas
from triggermap.gate import DEFAULT_INTENSITY
from triggermap.lookup import Candidate, candidates
from triggermap.referral import ESSENTIAL, SPILLOVER, stronger_kind
from triggermap.zones import ZONES, Region, Side, region_on

MAX_QUERY_CHARS = 200  # the box sends at most 100; anything longer is cut before any work
MAX_WORDS = 12
MIN_PREFIX = 3  # a shorter word must match a whole word
STOPWORDS = frozenset(
    "a an and are at by do does for from i im in is it its me my of on or the to when with "
    "pain pains painful hurt hurts hurting sore feel feels near over part".split()
)
SIDE_WORDS = frozenset(side.value for side in Side)

# How well a query word matches a word of the content (1 is the same word).
PREFIX_BASE = 0.55  # "pirif" of "piriformis": 0.55 plus up to 0.45 for how much of the word was typed
STEM_QUALITY = 0.75  # "sneezes" of "sneezing": the same stem with another ending
FUZZY_BASE = 0.95  # "piriformus" of "piriformis": 0.95 less the share of letters that differ
NAME_RATIO_CUTOFF = 88  # fuzz.ratio of the whole query against a whole name ("glutemed" ~ "glute med")
ENDINGS = ("ings", "ing", "ers", "er", "es", "ed", "s", "ly")

# Tiers of Hit.score: a name (3 to 4) before a place (1 to 2.5) before words in the text (0 to 1).
NAME_TIER, PLACE_TIER = 3.0, 1.0
PLACE_TEXT_BONUS = 0.5  # at most this much for query words the place did not use
FIELD_WEIGHTS = {"name": 1.0, "common": 1.0, "symptom": 0.8, "cause": 0.6, "summary": 0.5}
NAME_KINDS = frozenset({"name", "common", "synonym"})


@dataclass(frozen=True)
class Hit:
    muscle_id: str
    score: float
    reason: str  # one plain line: why it is listed


class Place(NamedTuple):
    region: Region  # Region("lateral_hip", Side.right), or Region("coccyx", None) for a midline zone
    label: str  # its plain name: "Side of the hip (right)"


@dataclass(frozen=True)
class _Phrase:
    text: str  # as written, for the reason line
    words: tuple[str, ...]  # its content words
    kind: str  # name, common, synonym, symptom, cause, summary; label (a zone's clinical name), zone (plain words)
    muscle: int = -1  # index of the muscle it belongs to (-1 for places and synonyms)
    zones: tuple[str, ...] = ()  # places it names
    muscles: tuple[int, ...] = ()  # muscles a synonym names
    note: str | None = None


class _Query(NamedTuple):
    words: tuple[str, ...]
    sides: frozenset[Side]


class _Match(NamedTuple):
    quality: float  # 0 to 1
    word: int  # index of the query word
    how: str  # "same", "start", "spelling"


def words(text: str) -> list[str]:
    """The content words of ``text``: lower case, letters and digits only, filler words dropped."""
    return [w for w in utils.default_process(text).split() if w not in STOPWORDS and len(w) > 1]


def _parse(query: object) -> _Query:
    if not isinstance(query, str):
        return _Query((), frozenset())
    raw = utils.default_process(query[:MAX_QUERY_CHARS]).split()
    kept = [w for w in raw if w not in STOPWORDS and w not in SIDE_WORDS and len(w) > 1]
    return _Query(tuple(dict.fromkeys(kept))[:MAX_WORDS], frozenset(Side(w) for w in raw if w in SIDE_WORDS))


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def _zone_phrases(zone: str) -> list[str]:
    """The clinical label and each part of the plain description: "side of the hip", "greater trochanter"."""
    plain_parts = [part for part in re.split(r"[,()]", ZONES[zone].plain) if part.strip()]
    return [ZONES[zone].label, *plain_parts]


def _short_plain(zone: str) -> str:
    """For a reason line: "side of the hip, over ..." -> "to the side of the hip"; "along the top rim ..." stays."""
    text = re.split(r"[,(]", ZONES[zone].plain)[0].strip()
    if text.split(" ", 1)[0] in {"along", "between", "around", "over", "under"}:
        return text
    return f"to {text}" if text.startswith("the ") else f"to the {text}"


class SearchIndex:
    """Everything a keystroke needs, built once per atlas (``Atlas.search_index``)."""

    def __init__(self, atlas: Atlas):
        self.muscle_ids = list(atlas.muscles)
        position = {m: i for i, m in enumerate(self.muscle_ids)}
        self.fields: list[_Phrase] = []
        for i, muscle in enumerate(atlas.muscles.values()):
            names = dict.fromkeys([muscle.name, muscle.name.split(" (")[0]])  # "Iliopsoas (psoas and iliacus)"
            self.fields += [_Phrase(name, tuple(words(name)), "name", i) for name in names]
            self.fields += [_Phrase(n, tuple(words(n)), "common", i) for n in muscle.common_names]
            self.fields += [_Phrase(s, tuple(words(s)), "symptom", i) for s in muscle.symptoms]
            self.fields += [_Phrase(c, tuple(words(c)), "cause", i) for c in muscle.causes]
            self.fields += [_Phrase(s, tuple(words(s)), "summary", i) for s in _sentences(muscle.summary)]
        self.places: list[_Phrase] = [
            _Phrase(text, tuple(words(text)), "label" if n == 0 else "zone", zones=(zone,))
            for zone in ZONES
            for n, text in enumerate(_zone_phrases(zone))
        ]
        for synonym in atlas.synonyms:
            targets = tuple(position[m] for m in synonym.muscles if m in position)
            phrase = _Phrase(synonym.term, tuple(words(synonym.term)), "synonym", zones=tuple(synonym.zones),
                             muscles=targets, note=synonym.note)
            if phrase.zones:
                self.places.append(phrase)
            elif targets:
                self.fields.append(phrase)
        self.fields = [f for f in self.fields if f.words]
        self.weights = [FIELD_WEIGHTS.get(f.kind, 1.0) for f in self.fields]
        self.position = position
        self.places = [p for p in self.places if p.words]
        self.postings: dict[str, list[int]] = {}
        for f, field in enumerate(self.fields):
            for word in dict.fromkeys(field.words):
                self.postings.setdefault(word, []).append(f)
        self.names = [f for f, field in enumerate(self.fields) if field.kind in NAME_KINDS]
        self.name_postings: dict[str, list[int]] = {}
        for f in self.names:
            for word in dict.fromkeys(self.fields[f].words):
                self.name_postings.setdefault(word, []).append(f)
        self.name_texts = [" ".join(self.fields[f].words) for f in self.names]
        vocabulary = set(self.postings) | {w for p in self.places for w in p.words}
        self.vocab = sorted(vocabulary)
        self.vocab_set = frozenset(vocabulary)
        self.name_vocab = sorted({w for f in self.names for w in self.fields[f].words}
                                 | {w for p in self.places for w in p.words})

    def match_word(self, word: str, index: int) -> dict[str, _Match]:
        """Vocabulary words that ``word`` stands for, each with how well it matches."""
        found: dict[str, _Match] = {}
        known = word in self.vocab_set
        if known:
            found[word] = _Match(1.0, index, "same")
        if len(word) >= MIN_PREFIX:
            typed = lambda w: PREFIX_BASE + (1 - PREFIX_BASE) * len(word) / len(w)  # noqa: E731
            found.update(self._starting(word, word, index, typed))
        if known or len(word) < 4:
            return found
        near = process.extract(word, self.vocab, scorer=OSA.distance, score_cutoff=1, limit=None)
        if len(word) >= 5:  # two letters off only for the longer words of names and places: "piriformus", "sqlus"
            near += [hit for hit in process.extract(word, self.name_vocab, scorer=OSA.distance, score_cutoff=2,
                                                    limit=None) if len(hit[0]) >= 6]
        for other, distance, _ in near:
            quality = FUZZY_BASE * (1 - distance / max(len(word), len(other)))
            if quality > found.get(other, _Match(0, 0, "")).quality:
                found[other] = _Match(quality, index, "spelling")
        for ending in ENDINGS:  # "sneezes" -> "sneez" -> "sneezing"
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= 4:
                for other, match in self._starting(stem, word, index, lambda w: STEM_QUALITY).items():
                    found.setdefault(other, match)
                break
        return found

    def _starting(self, prefix: str, word: str, index: int, quality) -> dict[str, _Match]:
        found = {}
        i = bisect_left(self.vocab, prefix)
        while i < len(self.vocab) and self.vocab[i].startswith(prefix):
            other = self.vocab[i]
            if other != word:
                found[other] = _Match(quality(other), index, "start")
            i += 1
        return found


def _matches(index: SearchIndex, query: _Query) -> dict[str, _Match]:
    """Vocabulary word -> its best match among the query words."""
    best: dict[str, _Match] = {}
    for i, word in enumerate(query.words):
        for other, match in index.match_word(word, i).items():
            if match.quality > best.get(other, _Match(0, 0, "")).quality:
                best[other] = match
    return best


# --- places --------------------------------------------------------------------------------------


class _Places(NamedTuple):
    zones: tuple[str, ...]  # best first
    used: frozenset[int]  # indices of the query words the places account for
    named: dict[int, str]  # muscles a place synonym names ("sciatica" -> piriformis) -> its note


def _places(index: SearchIndex, query: _Query, matched: dict[str, _Match]) -> _Places:
    """The places a query names.

    A place phrase all of whose words are in the query names it ("side of hip" in "pain at the side of
    my hip"); the phrases that account for the most query words win, and one whose words are all
    accounted for by a longer one is dropped ("back" inside "back of the knee"). Without such a phrase,
    a query whose words all lie inside the figure's place names ("thigh", "knee") names every place
    whose clinical name contains them (all four thigh zones), else every place whose plain description
    does ("spine").
    """
    full, partial = [], []
    for place in index.places:
        used = frozenset(matched[w].word for w in place.words if w in matched)
        if not used:
            continue
        if all(w in matched for w in place.words):
            full.append((place, used))
        elif place.kind != "synonym":  # "sitting" is not inside "sitting bone"
            partial.append((place, used))
    chosen: list[tuple[_Phrase, frozenset[int]]] = []
    if full:
        covered: set[int] = set()
        for place, used in sorted(full, key=lambda pu: -len(pu[1])):  # stable: zone order breaks ties
            if not used <= covered or any(used == u for _, u in chosen):
                chosen.append((place, used))
                covered |= used
    else:
        everything = frozenset(range(len(query.words)))
        inside = [(p, u) for p, u in partial if u == everything]  # all of them: "knee" is every knee
        chosen = [(p, u) for p, u in inside if p.kind == "label"] or inside  # "thigh": not "belly and thigh"
    zones = tuple(dict.fromkeys(z for place, _ in chosen for z in place.zones))
    used_words = frozenset(i for _, used in chosen for i in used)
    named: dict[int, str] = {}
    for place, _ in chosen:
        for m in place.muscles:
            named.setdefault(m, place.note or f"Linked with {place.text}")
    return _Places(zones, used_words, named)


def _regions(zones: Iterable[str], sides: frozenset[Side]) -> list[Region]:
    chosen = [side for side in Side if side in sides] or list(Side)
    return list(dict.fromkeys(region_on(zone, side) for zone in zones for side in chosen))


def find_places(query: str, atlas: Atlas, limit: int = 12) -> list[Place]:
    """The figure regions a query names, best first: "side of hip" -> the left and right lateral hip.

    Place words come from the zone names (clinical and plain) and the content's synonyms. "left" or
    "right" in the query keeps that side only; midline zones (sacrum, tailbone, perineum) have one
    region. A query that names no place gives an empty list; so does anything that is not a string.
    """
    parsed = _parse(query)
    if not parsed.words:
        return []
    index = atlas.search_index
    places = _places(index, parsed, _matches(index, parsed))
    return [Place(region, region.name) for region in _regions(places.zones, parsed.sides)][:limit]


def _place_rows(atlas: Atlas, zones: tuple[str, ...], sides: frozenset[Side]) -> dict[str, Candidate]:
    """Muscle -> its best row of ``lookup.candidates`` for the zones, best first: the pain page's ranking.

    The zones are marked on one side, the one the query names or else the left (midline zones as they
    are; the ranking is the same on either side), and each muscle keeps its best row. Marking both sides
    at once would read "low back" as pain on both sides, which favours the muscles whose pattern crosses
    the midline.
    """
    side = Side.right if sides == {Side.right} else Side.left
    marks = dict.fromkeys(_regions(zones, frozenset({side})), DEFAULT_INTENSITY)
    best: dict[str, Candidate] = {}
    for row in candidates(marks, atlas):
        if row.muscle_id not in best:  # candidates() lists the best rows first
            best[row.muscle_id] = row
    return best


def _place_reason(row: Candidate) -> str:
    kinds: dict[str, str] = {}  # zone -> its kind on either side
    for region, kind in row.matches.items():
        kinds[region.zone] = stronger_kind(kinds.get(region.zone, kind), kind)
    groups = {kind: [z for z, k in kinds.items() if k == kind] for kind in (ESSENTIAL, SPILLOVER)}
    parts: list[str] = []
    for kind, label in ((ESSENTIAL, "main"), (SPILLOVER, "spillover")):
        for n, zone in enumerate(groups[kind][:2]):
            said = _short_plain(zone)
            parts.append(said[3:] if parts and said.startswith("to ") and parts[-1].startswith("to ") else said)
            if n == len(groups[kind][:2]) - 1:
                parts[-1] += f" ({label} zone{'s' if n else ''})"
    return "Sends pain " + " and ".join(parts) if parts else "Sends pain there"


# --- names and text ------------------------------------------------------------------------------


def _phrase_quality(field: _Phrase, matched: dict[str, _Match]) -> tuple[float, set[int], bool]:
    """(mean quality over the phrase's words, query words used, any by spelling) if all its words match."""
    found = [matched.get(w) for w in field.words]
    if not all(found):
        return 0.0, set(), False
    spelling = any(m.how == "spelling" for m in found)
    return sum(m.quality for m in found) / len(found), {m.word for m in found}, spelling


def _name_reason(field: _Phrase, spelling: bool) -> str:
    if field.kind == "synonym":
        return field.note or f"Also called {field.text}"
    close = " (close spelling)" if spelling else ""
    if field.kind == "common":
        return f"Also called {field.text}{close}"
    return f"Matches the name {field.text}{close}"


def _names(index: SearchIndex, query: _Query, matched: dict[str, _Match]) -> dict[int, tuple[float, str]]:
    """Muscle -> (score within the name tier, reason) for every name or nickname the query spells out."""
    n = len(query.words)
    hits: dict[int, tuple[float, str]] = {}

    def offer(muscle: int, score: float, reason: str) -> None:
        if score > hits.get(muscle, (0.0, ""))[0]:
            hits[muscle] = (score, reason)

    # A whole word the content knows ("iliac" of "iliac crest") is not read as the start of a name
    # ("iliacus") unless it is the last word, the one still being typed.
    matched = {
        word: m for word, m in matched.items()
        if not (m.how == "start" and m.word != n - 1 and query.words[m.word] in index.vocab_set)
    }
    seen = {f for w in matched for f in index.name_postings.get(w, ())}
    for f in sorted(seen):
        field = index.fields[f]
        quality, used, spelling = _phrase_quality(field, matched)
        if quality:
            score = quality * (0.6 + 0.4 * len(used) / n)
            for muscle in field.muscles or (field.muscle,):
                offer(muscle, score, _name_reason(field, spelling))
    joined = " ".join(query.words)
    unmatched = set(range(n)) - {m.word for m in matched.values()}
    if unmatched and len(joined) >= 5:  # a word it does not know: try the whole query ("glutemed")
        for _, ratio, k in process.extract(joined, index.name_texts, scorer=fuzz.ratio,
                                           score_cutoff=NAME_RATIO_CUTOFF, limit=None):
            field = index.fields[index.names[k]]
            for muscle in field.muscles or (field.muscle,):
                offer(muscle, 0.9 * ratio / 100, _name_reason(field, ratio < 100))
    return hits


def _text_reason(field: _Phrase) -> str:
    return {
        "name": f"Matches part of the name {field.text}",
        "common": f"Also called {field.text}",
        "synonym": field.note or f"Also called {field.text}",
        "symptom": f"People notice: {field.text}",
        "cause": f"Can be set off by: {field.text}",
        "summary": f"Summary: {field.text}",
    }[field.kind]


def _text(
    index: SearchIndex, query: _Query, matched: dict[str, _Match], skip: frozenset[int]
) -> dict[int, tuple[float, int]]:
    """Muscle -> (0-1 score, its best line) from the query words not in ``skip`` found in its names and text.

    Per line (a symptom, a cause, a sentence of the summary, a name): its weight times the matched words'
    quality over the number of words. A muscle scores its best line, plus a fifth of its second and a
    tenth of its third, times the square of the share of query words it has anywhere.
    """
    wanted = len(query.words) - len(skip)
    if wanted <= 0:
        return {}
    per_field: dict[int, dict[int, float]] = {}
    for word, match in matched.items():
        if match.word in skip:
            continue
        for f in index.postings.get(word, ()):
            got = per_field.get(f)
            if got is None:
                per_field[f] = {match.word: match.quality}
            elif match.quality > got.get(match.word, 0.0):
                got[match.word] = match.quality
    best: dict[int, list] = {}  # muscle -> [top1, top2, top3, best line, query words found]
    fields, weights = index.fields, index.weights
    for f, got in per_field.items():
        score = weights[f] * sum(got.values())
        for muscle in fields[f].muscles or (fields[f].muscle,):
            entry = best.get(muscle)
            if entry is None:
                best[muscle] = [score, 0.0, 0.0, f, set(got)]
                continue
            entry[4].update(got)
            if score > entry[0] or (score == entry[0] and f < entry[3]):
                entry[0], entry[1], entry[2], entry[3] = score, entry[0], entry[1], f
            elif score > entry[1]:
                entry[1], entry[2] = score, entry[1]
            elif score > entry[2]:
                entry[2] = score
    result = {}
    for muscle, (top1, top2, top3, line, found) in best.items():
        coverage = len(found) / wanted
        result[muscle] = ((top1 + 0.2 * top2 + 0.1 * top3) / (1.3 * wanted) * coverage * coverage, line)
    return result


# --- search --------------------------------------------------------------------------------------


def search(atlas: Atlas, query: str, limit: int = 8) -> list[Hit]:
    """Muscles matching ``query``, best first (names, then places, then symptom and other words).

    Never raises on odd input: an empty, filler-only or non-string query gives an empty list.
    """
    parsed = _parse(query)
    if not parsed.words or limit <= 0:
        return []
    index = atlas.search_index
    matched = _matches(index, parsed)
    scores: dict[int, tuple[float, object]] = {}  # muscle -> (score, what explains it); reasons only for the top

    def offer(muscle: int, score: float, why: object) -> None:
        if score > scores.get(muscle, (0.0,))[0]:
            scores[muscle] = (score, why)

    text = _text(index, parsed, matched, frozenset())
    for muscle, (score, line) in text.items():
        offer(muscle, score, line)
    places = _places(index, parsed, matched)
    if places.zones:
        rows = _place_rows(atlas, places.zones, parsed.sides)
        rest = _text(index, parsed, matched, places.used)
        top = max((row.score for row in rows.values()), default=1.0) or 1.0
        for muscle_id, row in rows.items():
            muscle = index.position[muscle_id]
            bonus = PLACE_TEXT_BONUS * rest.get(muscle, (0.0,))[0]
            offer(muscle, PLACE_TIER + row.score / top + bonus, places.named.get(muscle) or row)
        for muscle, note in places.named.items():
            offer(muscle, PLACE_TIER, note)  # named by the synonym though its pattern does not reach there
    for muscle, (score, reason) in _names(index, parsed, matched).items():
        offer(muscle, NAME_TIER + score, reason)
    ranked = sorted(scores.items(), key=lambda ms: (-ms[1][0], ms[0]))[:limit]
    return [Hit(index.muscle_ids[m], round(score, 6), _reason(index, why)) for m, (score, why) in ranked]


def _reason(index: SearchIndex, why: object) -> str:
    if isinstance(why, str):
        return why
    if isinstance(why, int):
        return _text_reason(index.fields[why])
    return _place_reason(why)
