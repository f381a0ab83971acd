"""The search box and "find a place": names with typos, plain words for places, symptoms, odd input.

The expected first results come from the content's sources: the muscle names, the nicknames in
common_names, the synonyms table, and for places the pain page's ranking (Travell & Simons' pain
guides, kept as ``pain_guide``), which a place query must follow.
"""

import pytest

from triggermap import AtlasError, load_atlas
from triggermap.gate import DEFAULT_INTENSITY
from triggermap.lookup import candidates
from triggermap.search import PLACE_TIER, Hit, Place, find_places, search
from triggermap.zones import ZONES, Region, Side, region_on, regions_of


def ids(atlas, query, limit=8):
    return [h.muscle_id for h in search(atlas, query, limit)]


def first(atlas, query):
    hits = search(atlas, query)
    return hits[0].muscle_id if hits else None


# query -> the muscle it must find first
FIRST = [
    # names and nicknames
    ("piriformis", "piriformis"),
    ("Gluteus Medius", "gluteus_medius"),
    ("QL", "quadratus_lumborum"),
    ("TFL", "tensor_fasciae_latae"),
    ("glute med", "gluteus_medius"),
    ("glute min", "gluteus_minimus"),
    ("hip flexor", "iliopsoas"),
    ("psoas", "iliopsoas"),
    ("hamstring", "hamstrings"),
    ("calf muscle", "soleus"),
    ("pelvic floor", "pelvic_floor"),
    ("piriformis stretch", "piriformis"),
    # typos and missing spaces
    ("piriformus", "piriformis"),
    ("piriformsi", "piriformis"),
    ("gluteus minimis", "gluteus_minimus"),
    ("gluteus maximis", "gluteus_maximus"),
    ("quadratus lumborom", "quadratus_lumborum"),
    ("tensor fascia lata", "tensor_fasciae_latae"),
    ("soleous", "soleus"),
    ("hamstrng", "hamstrings"),
    ("iliopsaos", "iliopsoas"),
    ("multifidis", "multifidus"),
    ("rectus abdominus", "rectus_abdominis"),
    ("vastus lateralus", "vastus_lateralis"),
    ("pelvic flor", "pelvic_floor"),
    ("glutemed", "gluteus_medius"),
    ("quadratuslumborum", "quadratus_lumborum"),
    ("pirif", "piriformis"),  # half typed
    # plain words for places: the first muscle of the pain page for that place
    ("butt", "gluteus_maximus"),
    ("bum", "gluteus_maximus"),
    ("tailbone", "pelvic_floor"),
    ("tail bone", "pelvic_floor"),
    ("outer thigh", "gluteus_minimus"),
    ("side of hip", "gluteus_minimus"),
    ("pain at the side of my hip", "gluteus_minimus"),
    ("lateral hip", "gluteus_minimus"),
    ("inner knee", "adductor_longus"),
    ("SI joint", "quadratus_lumborum"),
    ("sacroiliac", "quadratus_lumborum"),
    ("sciatica", "gluteus_minimus"),
    ("heel", "soleus"),
    ("back of knee", "hamstrings"),
    ("groin", "adductor_longus"),
    ("mid back", "serratus_posterior_inferior"),
    ("stomach", "rectus_abdominis"),
    ("shin", "adductor_longus"),
    # symptoms and causes
    ("worse sitting", "piriformis"),
    ("cough", "quadratus_lumborum"),
    ("coughing", "quadratus_lumborum"),
    ("coughing sneezing", "quadratus_lumborum"),
    ("sneezes", "quadratus_lumborum"),
    ("limp", "gluteus_medius"),
    ("wallet", "gluteus_maximus"),
]


@pytest.mark.parametrize("query, expected", FIRST)
def test_query_table_first_result(atlas, query, expected):
    assert first(atlas, query) == expected, [(h.muscle_id, h.score, h.reason) for h in search(atlas, query)]


# query -> muscles that must all be in its first n results
AMONG = [
    ("outer thigh", 3, {"gluteus_minimus", "vastus_lateralis", "tensor_fasciae_latae"}),
    ("side of hip", 5, {"gluteus_minimus", "quadratus_lumborum", "gluteus_medius", "tensor_fasciae_latae"}),
    ("low back pain", 2, {"quadratus_lumborum", "gluteus_medius"}),  # the most common muscular sources
    ("low back", 2, {"quadratus_lumborum", "gluteus_medius"}),
    ("SI joint", 2, {"quadratus_lumborum", "gluteus_medius"}),
    ("butt", 3, {"gluteus_maximus", "piriformis"}),
    ("tailbone", 2, {"pelvic_floor", "gluteus_maximus"}),
    ("sciatica", 5, {"gluteus_minimus", "hamstrings", "piriformis"}),
    ("gluteus", 3, {"gluteus_medius", "gluteus_minimus", "gluteus_maximus"}),
    ("worse sitting", 3, {"piriformis", "gluteus_medius"}),
]


@pytest.mark.parametrize("query, n, expected", AMONG)
def test_query_table_first_few(atlas, query, n, expected):
    assert expected <= set(ids(atlas, query)[:n]), search(atlas, query)


@pytest.mark.parametrize(
    "query, n, absent",
    [
        ("outer thigh", 5, "adductor_longus"),  # the inner-thigh muscle
        ("SI joint", 5, "soleus"),  # its sacroiliac pattern is the uncommon one
        ("gluteus minimis", 1, "gluteus_medius"),  # no tie of the three glutes
    ],
)
def test_query_table_keeps_out(atlas, query, n, absent):
    assert absent not in ids(atlas, query)[:n]


def test_a_place_lists_its_muscles_in_the_pain_pages_order(atlas):
    """Search and the pain page agree: naming a zone gives candidates()'s order, one row per muscle."""
    for zone, info in ZONES.items():
        label = info.label
        ranked = candidates({region_on(zone, Side.left): DEFAULT_INTENSITY}, atlas)
        expected = list(dict.fromkeys(c.muscle_id for c in ranked))
        hits = [h for h in search(atlas, label, limit=len(atlas.muscles)) if h.score >= PLACE_TIER]
        assert [h.muscle_id for h in hits] == expected, zone


def test_a_place_query_uses_both_sides_the_same_way(atlas):
    left = [(h.muscle_id, h.score) for h in search(atlas, "left side of hip")]
    right = [(h.muscle_id, h.score) for h in search(atlas, "right side of hip")]
    assert left == right == [(h.muscle_id, h.score) for h in search(atlas, "side of hip")]


def test_the_place_words_rank_before_other_words_of_the_query(atlas):
    place = ids(atlas, "outer thigh", limit=5)
    assert set(ids(atlas, "burning outer thigh", limit=5)) == set(place)
    assert ids(atlas, "tailbone pain when sitting")[:2] == ["pelvic_floor", "gluteus_maximus"]


def test_every_zone_is_found_by_its_plain_words(atlas):
    for zone, info in ZONES.items():
        label, plain = info.label, info.plain
        assert [p.region for p in find_places(plain, atlas)][: len(regions_of(zone))] == regions_of(zone), zone
        assert zone in {p.region.zone for p in find_places(label, atlas)}, zone


# --- why each hit is listed ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("piriformis", "Matches the name Piriformis"),
        ("piriformus", "Matches the name Piriformis (close spelling)"),
        ("glute med", "Also called glute med"),
        ("QL", "Also called QL"),
        ("outer thigh", "Sends pain to the outside of the thigh (main zone)"),
        ("tailbone", "Sends pain to the tailbone (main zone)"),
        ("side of hip", "Sends pain to the side of the hip (main zone)"),
        ("coughing sneezing", "People notice: Coughing or sneezing may cause a sudden jab of pain."),
    ],
)
def test_the_first_hit_says_why_in_one_plain_line(atlas, query, expected):
    assert search(atlas, query)[0].reason == expected


def test_every_hit_has_a_one_line_reason(atlas):
    for query in ["butt", "sciatica", "worse sitting", "gluteus", "knee", "glutemed", "hip", "lifting"]:
        for hit in search(atlas, query):
            assert isinstance(hit, Hit) and hit.reason and "\n" not in hit.reason, (query, hit)


def test_spillover_places_say_so(atlas):
    reasons = {h.muscle_id: h.reason for h in search(atlas, "outer thigh")}
    assert reasons["quadratus_lumborum"] == "Sends pain to the outside of the thigh (spillover zone)"


def test_a_synonym_note_explains_a_muscle_it_names(atlas):
    hits = {h.muscle_id: h.reason for h in search(atlas, "sciatica")}
    note = next(s.note for s in atlas.synonyms if s.term == "sciatica")
    assert hits["piriformis"] == note
    assert hits["gluteus_minimus"].startswith("Sends pain to the back of the thigh")


def test_symptom_words_explain_the_match(atlas):
    hits = search(atlas, "sitting")
    assert hits[0].reason.startswith("People notice:") and "sitting" in hits[0].reason.lower()


# --- typos in every muscle's name ----------------------------------------------------------------


def _typos(word: str) -> list[str]:
    """One letter swapped, one replaced, one dropped, one added, and two at once."""
    i = len(word) // 2
    other = "q" if word[i] != "q" else "z"
    return [
        word[: i - 1] + word[i] + word[i - 1] + word[i + 1:],
        word[:i] + other + word[i + 1:],
        word[:i] + word[i + 1:],
        word[:i] + other + word[i:],
        word[:1] + other + word[2:i] + word[i + 1:],
    ]


def test_one_or_two_typos_in_a_muscle_name_still_find_it_first(atlas):
    failures = []
    for muscle in atlas.muscles.values():
        name = muscle.name.split(" (")[0].lower()
        longest = max(name.split(), key=len)
        for typo in _typos(longest):
            query = name.replace(longest, typo)
            if first(atlas, query) != muscle.id:
                failures.append((query, ids(atlas, query)[:3]))
    assert not failures


# --- odd input -----------------------------------------------------------------------------------


HOSTILE = [
    "",
    "   ",
    "the of and",
    "zzqx",
    "onerror",
    "<script>zzqx</script>",
    "<script>alert(1)</script>",
    "\u202ezzqx\u202c",  # right-to-left override
    "\u2066\u2067\u2068\u2069\u200f\u200e",
    "\x00\x01\x02",
    "🙂🙂🙂",
    "'; DROP TABLE muscles; --",
    "%s%s%n{0}{}",
    "a" * 100_000,
    "side of hip " * 10_000,
    "x y " * 50_000,
]


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:20]) + f"[{len(q)}]")
def test_odd_input_never_raises(atlas, query):
    hits = search(atlas, query)
    assert isinstance(hits, list) and len(hits) <= 8
    places = find_places(query, atlas)
    assert isinstance(places, list) and all(isinstance(p, Place) for p in places)


@pytest.mark.parametrize(
    "query", ["", "   ", "the of and", "zzqx", "onerror", "<script>zzqx</script>", "\u202ezzqx\u202c"]
)
def test_nonsense_finds_nothing(atlas, query):
    assert search(atlas, query) == []


def test_not_a_string_finds_nothing(atlas):
    for query in (None, 42, b"piriformis", ["piriformis"]):
        assert search(atlas, query) == [] and find_places(query, atlas) == []


def test_bidi_controls_and_markup_do_not_hide_a_word(atlas):
    assert first(atlas, "\u202epiriformis\u202c") == "piriformis"
    assert first(atlas, "<b>piriformis</b>") == "piriformis"


def test_limit(atlas):
    assert len(search(atlas, "hip", limit=3)) == 3
    assert len(search(atlas, "hip")) == 8
    assert search(atlas, "hip", limit=0) == []


def test_each_atlas_keeps_its_own_index_built_once(atlas):
    search(atlas, "hip")
    assert atlas.search_index is atlas.search_index
    other = load_atlas()
    assert other.search_index is not atlas.search_index


# --- find a place --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("side of hip", ["lateral_hip_left", "lateral_hip_right"]),
        ("left side of hip", ["lateral_hip_left"]),
        ("SI joint right", ["sacroiliac_right"]),
        ("tailbone", ["coccyx"]),
        ("outer thigh", ["lateral_thigh_left", "lateral_thigh_right"]),
        ("low back pain", ["lumbar_left", "lumbar_right"]),
        ("butt", ["upper_buttock_left", "upper_buttock_right", "lower_buttock_left", "lower_buttock_right"]),
        ("back of the knee", ["posterior_knee_left", "posterior_knee_right"]),
        ("inner knee", ["medial_knee_left", "medial_knee_right"]),
        ("outer thihg", ["lateral_thigh_left", "lateral_thigh_right"]),
        ("piriformis", []),
        ("worse sitting", []),
        ("", []),
    ],
)
def test_find_places(atlas, query, expected):
    assert [p.region.id for p in find_places(query, atlas)] == expected


def test_find_places_labels_are_the_plain_names_with_the_side(atlas):
    [place] = find_places("right side of hip", atlas)
    assert place.region == Region("lateral_hip", Side.right)
    assert place.label == "Side of the hip (right)"


def test_find_places_needs_an_atlas():
    with pytest.raises(TypeError):
        find_places("tailbone")  # no hidden default content


def test_a_general_word_finds_every_place_it_names(atlas):
    knees = {p.region.id for p in find_places("knee", atlas)}
    assert {"posterior_knee_left", "lateral_knee_right", "medial_knee_left", "anterior_knee_right"} <= knees
    assert not {p.region.id for p in find_places("thigh", atlas)} & {"groin_left", "groin_right"}


# --- the synonyms table --------------------------------------------------------------------------


def test_every_synonym_finds_a_place_or_a_muscle(atlas):
    assert {"butt", "SI joint", "tailbone", "sciatica", "outer thigh", "side of hip", "low back"} <= {
        s.term for s in atlas.synonyms
    }
    for synonym in atlas.synonyms:
        if synonym.zones:
            assert {p.region for p in find_places(synonym.term, atlas)} >= {
                r for zone in synonym.zones for r in regions_of(zone)
            }, synonym.term
        assert search(atlas, synonym.term), synonym.term


def problems_of(path):
    with pytest.raises(AtlasError) as caught:
        load_atlas(path)
    return caught.value.problems


def test_a_synonym_must_point_to_known_zones_and_muscles(content, write_yaml):
    content["synonyms"] = [
        {"term": "butt", "zones": ["upper_buttock", "buttok"]},
        {"term": "deep glute", "muscles": ["piriformiss"]},
        {"term": "nowhere"},
    ]
    path = write_yaml(content)
    problems = problems_of(path)
    lines = path.read_text().splitlines()
    by_field = {p.field: p for p in problems}
    assert set(by_field) == {"[0].zones[1]", "[1].muscles[0]", "[2].term"}
    assert all(p.entry == "synonyms" and p.file.endswith("muscles.yaml") for p in problems)
    assert "unknown zone 'buttok'" in by_field["[0].zones[1]"].message
    assert lines[by_field["[0].zones[1]"].line - 1].strip() == "- buttok"
    assert "unknown muscle 'piriformiss'" in by_field["[1].muscles[0]"].message
    assert "points nowhere" in by_field["[2].term"].message


def test_a_synonym_may_not_repeat_a_muscle_name_or_itself(content, write_yaml):
    content["synonyms"] = [{"term": "Piriformis", "muscles": ["piriformis"]},
                           {"term": "butt", "zones": ["upper_buttock"]}, {"term": "Butt", "zones": ["upper_buttock"]}]
    messages = [p.message for p in problems_of(write_yaml(content))]
    assert any("is a name of muscle 'piriformis'" in m for m in messages)
    assert sum("is listed 2 times" in m for m in messages) == 2


def test_a_minimal_file_needs_no_synonyms(content, write_yaml):
    assert load_atlas(write_yaml(content)).synonyms == ()
    content["synonyms"] = [
        {"term": "deep buttock", "zones": ["upper_buttock"], "muscles": ["piriformis"], "note": "Deep in there."}
    ]
    atlas = load_atlas(write_yaml(content))
    assert search(atlas, "deep buttock") == [Hit("piriformis", 2.0, "Deep in there.")]
    assert [p.region.id for p in find_places("deep buttock", atlas)] == ["upper_buttock_left", "upper_buttock_right"]
