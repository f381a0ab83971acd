"""The techniques index and the bibliography (the search has its own tests in test_search.py)."""

from triggermap.describe import bibliography, technique_users


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
