"""Text built from the content (triggermap/describe.py): plain zone phrases, the techniques index and the
bibliography."""

from triggermap.describe import bibliography, technique_users, zone_phrase


def test_zone_phrase_explains_clinical_terms():
    assert zone_phrase(["iliac_crest"]) == "Iliac crest (along the top rim of the pelvis)"


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
