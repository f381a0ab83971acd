"""Zones, deep links, the muscle panel and its text."""

import pytest
from markupsafe import escape

from triggermap.describe import zone_phrase
from triggermap.html_text import technique_html
from triggermap.gate import figure_selection, muscle_link, pain_marks, zones_link
from triggermap.panel import panel_body_html, panel_head_html
from triggermap.zones import MIDLINE_ZONES, ZONES, Region, Side, all_regions, region_on, regions_of


def test_a_region_is_a_zone_and_a_side_with_one_id():
    hip = Region("lateral_hip", Side.right)
    assert Region.parse("lateral_hip_right") == hip and hip.id == "lateral_hip_right"
    assert Region.parse("sacrum") == Region("sacrum", None) and Region("sacrum", None).id == "sacrum"
    assert hip.label == "Lateral hip, right" and hip.name == "Side of the hip (right)"
    assert Region.parse("coccyx").label == "Coccyx" and Region.parse("coccyx").name == "Tailbone"
    assert all(Region.parse(region.id) == region for region in all_regions())


def test_regions_of_a_zone_and_on_a_side():
    assert regions_of("calf") == [Region("calf", Side.left), Region("calf", Side.right)]
    assert regions_of("perineum") == [Region("perineum", None)]
    assert region_on("coccyx", Side.left) == Region("coccyx", None)
    assert region_on("heel", Side.left) == Region("heel", Side.left)
    assert len(all_regions()) == 2 * len(ZONES) - len(MIDLINE_ZONES)


def test_sides():
    assert Side.left.other is Side.right and Side.right.other is Side.left
    assert f"{Side.left}" == str(Side.left) == "left"


@pytest.mark.parametrize("bad", ["sacrum_left", "lateral_hip", "hip_right", "", "lateral_hip_up", "Sacrum"])
def test_unknown_region_ids_are_refused(bad):
    with pytest.raises(ValueError, match=f"unknown region id '{bad}'"):
        Region.parse(bad)


def test_muscle_link_accepts_known_ids_only():
    known = {"piriformis"}
    assert muscle_link("piriformis", "left", known) == muscle_link("piriformis", "left", known)
    link = muscle_link("piriformis", None, known)
    assert (*link.value, link.notice) == ("piriformis", Side.right, None)
    hostile = muscle_link("<b>\x00" + "x" * 300, "sideways", known)
    assert hostile.value == (None, Side.right)
    assert "not in the atlas" in hostile.notice.text and "not left or right" in hostile.notice.text
    assert "\x00" not in hostile.notice.text and len(hostile.notice.text) < 250


def test_zones_link_round_trip_and_drops_unknown():
    link = pain_marks("lateral_hip_right:7, sacrum ,elbow_left,groin_left:99")
    hip, sacrum, groin = Region("lateral_hip", Side.right), Region("sacrum", None), Region("groin", Side.left)
    assert link.value == {hip: 7, sacrum: 5, groin: 5}
    assert zones_link(link.value) == "lateral_hip_right:7,sacrum:5,groin_left:5"
    assert "Ignored 1 unknown place" in link.notice.text and "elbow_left" in link.notice.text
    assert pain_marks(zones_link(link.value)).value == link.value
    assert not pain_marks(None).value


def test_zone_phrase_explains_clinical_terms():
    assert zone_phrase(["iliac_crest"]) == "Iliac crest (along the top rim of the pelvis)"


def test_panel_covers_pattern_symptoms_self_care_cautions_and_sources(atlas):
    ql = atlas.muscles["quadratus_lumborum"]
    head, body = panel_head_html(ql, Side.left), panel_body_html(atlas, ql)
    assert "<h2>Quadratus lumborum · left</h2>" in head and "QL" in head
    order = ["Where it sends pain", "What you can do at home", "When to stop", "When to see someone",
             "Other reasons to see a clinician", "What people notice", "What sets it off",
             "Cautions: do not self-treat if…", "Sources"]
    assert [body.index(title) for title in order] == sorted(body.index(title) for title in order)
    assert body.count('<details class="technique" open>') == min(2, len(ql.techniques)), "the best techniques open"
    assert body.count('<details class="technique">') == len(ql.techniques) - min(2, len(ql.techniques))
    for tp in ql.trigger_points:
        assert escape(tp.name) in body and escape(tp.referral) in body
    for technique_id in ql.techniques:
        technique = atlas.techniques[technique_id]
        assert escape(technique.name) in body and escape(technique.stop_if) in body
    assert body.count(escape(atlas.safety.technique_rules[0].points[0])) == 1  # the rules once, not per technique
    assert '<details class="cautions">' in body  # folded: only the warning signs are always open


def test_panel_escapes_content_and_explains_pelvic_floor_care(atlas):
    hostile = atlas.muscles["piriformis"].model_copy(update={"name": "<img src=x onerror=alert(1)>", "summary": "<script>x</script>"})
    head = panel_head_html(hostile, Side.right)
    assert "<img" not in head and "<script>" not in head and "&lt;script&gt;" in head
    pelvic = panel_body_html(atlas, atlas.muscles["pelvic_floor"])
    assert escape(atlas.muscles["pelvic_floor"].self_care_note) in pelvic
    assert "When to stop" not in pelvic, "no technique, so no technique rules"


def test_figure_selection_accepts_known_muscles_and_sides_only():
    known = {"piriformis", "gluteus_medius"}
    assert figure_selection({"muscle": "piriformis", "side": "left"}, known).value == ("piriformis", Side.left)
    assert figure_selection({"muscle": "gluteus_medius", "side": "right"}, known).value == ("gluteus_medius", Side.right)
    assert figure_selection({"muscle": "", "side": "left"}, known).value == (None, Side.left)
    for bad in ({"muscle": "piriformis", "side": "up"}, {"muscle": "soleus", "side": "left"}, {"muscle": "piriformis"},
                "piriformis_left", "", None, 42, {"x": 1}, ["piriformis", "left"]):
        assert figure_selection(bad, known).value is None


def test_technique_text_has_steps_pressure_dose_and_stop(atlas):
    technique = next(iter(atlas.techniques.values()))
    text = technique_html(atlas, technique)
    assert f"<ol><li>{escape(technique.steps[0])}</li>" in text
    for part in ("<b>Pressure:</b>", "<b>How long and how often:</b>", "<b>Stop if:</b>", "Source:"):
        assert part in text


def test_every_panel_carries_the_pregnancy_caution(atlas):
    pregnancy = next(rule for rule in atlas.safety.general_cautions if rule.title == "Pregnancy")
    assert any("do not lie flat on your back" in point for point in pregnancy.points)
    for muscle in atlas.muscles.values():
        body = panel_body_html(atlas, muscle)
        assert "<b>Pregnancy</b>" in body and all(escape(point) in body for point in pregnancy.points), muscle.id
