"""Search, the techniques index and the bibliography."""

import pytest

from triggermap.describe import bibliography, technique_users
from triggermap.search import search


def first(atlas, query):
    hits = search(atlas, query)
    return hits[0].muscle_id if hits else None


@pytest.mark.parametrize(
    "query, expected",
    [
        ("piriformis", "piriformis"),
        ("QL", "quadratus_lumborum"),
        ("glute min", "gluteus_minimus"),
        ("Gluteus Medius", "gluteus_medius"),
        ("heel", "soleus"),
        ("hip flexor", "iliopsoas"),
    ],
)
def test_search_finds_muscles_by_name_common_name_and_zone(atlas, query, expected):
    assert first(atlas, query) == expected


def test_search_by_symptom_words_explains_the_match(atlas):
    hits = search(atlas, "coughing sneezing")
    assert hits[0].muscle_id == "quadratus_lumborum"
    assert hits[0].reason.startswith("People notice:")


def test_search_by_zone_words_lists_every_muscle_sending_pain_there(atlas):
    ids = {h.muscle_id for h in search(atlas, "tailbone", limit=20)}
    assert {"pelvic_floor", "gluteus_maximus"} <= ids


def test_search_ignores_empty_and_nonsense(atlas):
    assert search(atlas, "   ") == []
    assert search(atlas, "the of and") == []
    assert search(atlas, "zzqx") == []


def test_every_technique_serves_a_muscle(atlas):
    users = technique_users(atlas)
    assert all(users.values()), [t for t, m in users.items() if not m]
    assert "piriformis" in users["ball_piriformis_floor"]


def test_bibliography_lists_every_source_with_what_cites_it(atlas):
    entries = bibliography(atlas)
    assert {e.source_id for e in entries} == set(atlas.sources)
    by_id = {e.source_id: e for e in entries}
    assert "Muscle: Piriformis" in by_id["travell_simons_v2"].cited_by
    assert by_id["furlan_2015"].link == "https://doi.org/10.1002/14651858.CD001929.pub3"


def test_every_muscle_and_technique_cites_a_known_source(atlas):
    for item in list(atlas.muscles.values()) + list(atlas.techniques.values()):
        assert item.sources and all(c.source in atlas.sources for c in item.sources), item.id


def test_pelvic_floor_has_no_self_massage_but_explains_who_treats_it(atlas):
    pelvic = atlas.muscles["pelvic_floor"]
    assert pelvic.techniques == []
    assert "pelvic" in pelvic.self_care_note.lower() and "physio" in pelvic.self_care_note.lower()


def test_search_matches_word_endings_but_not_unrelated_longer_words(atlas):
    assert first(atlas, "coughing") == "quadratus_lumborum"
    assert search(atlas, "onerror") == []  # "one" + "rror" is not an ending


def test_a_whole_word_in_a_symptom_beats_part_of_a_word_in_a_zone(atlas):
    hits = search(atlas, "sitting")
    assert hits[0].reason.startswith("People notice:") and "sitting" in hits[0].reason.lower()
