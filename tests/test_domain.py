"""Zones, deep links, the muscle panel, text and take-home sheets."""

from datetime import date
from html import escape

import pytest

from triggermap.describe import zone_phrase
from triggermap.html_text import technique_body_html
from triggermap.gate import figure_selection, muscle_link, pain_marks, zones_link
from triggermap.panel import panel_body_html, panel_head_html
from triggermap.sheet import take_home_sheet
from triggermap.zones import region_for, region_label, split_region


def test_region_ids_split_into_zone_and_side():
    assert split_region("lateral_hip_right") == ("lateral_hip", "right")
    assert split_region("sacrum") == ("sacrum", None)
    assert region_for("coccyx", "left") == "coccyx"
    assert region_label("lateral_hip_right") == "Lateral hip, right"


@pytest.mark.parametrize("bad", ["sacrum_left", "lateral_hip", "hip_right", "", "lateral_hip_up"])
def test_unknown_region_ids_are_refused(bad):
    with pytest.raises(ValueError, match="unknown zone id"):
        split_region(bad)


def test_muscle_link_accepts_known_ids_only():
    known = {"piriformis"}
    assert muscle_link("piriformis", "left", known) == muscle_link("piriformis", "left", known)
    link = muscle_link("piriformis", None, known)
    assert (*link.value, link.notice) == ("piriformis", "right", None)
    hostile = muscle_link("<b>\x00" + "x" * 300, "sideways", known)
    assert hostile.value == (None, "right")
    assert "not in the atlas" in hostile.notice.text and "not left or right" in hostile.notice.text
    assert "\x00" not in hostile.notice.text and len(hostile.notice.text) < 250


def test_zones_link_round_trip_and_drops_unknown():
    link = pain_marks("lateral_hip_right:7, sacrum ,elbow_left,groin_left:99")
    assert link.value == {"lateral_hip_right": 7, "sacrum": 5, "groin_left": 5}
    assert "Ignored 1 unknown place" in link.notice.text and "elbow_left" in link.notice.text
    assert pain_marks(zones_link(link.value)).value == link.value
    assert not pain_marks(None).value


def test_zone_phrase_explains_clinical_terms():
    assert zone_phrase(["iliac_crest"]) == "Iliac crest (along the top rim of the pelvis)"


def test_panel_covers_pattern_symptoms_self_care_cautions_and_sources(atlas):
    ql = atlas.muscles["quadratus_lumborum"]
    head, body = panel_head_html(ql, "left"), panel_body_html(atlas, ql)
    assert "<h3>Quadratus lumborum · left</h3>" in head and "QL" in head
    order = ["Where it sends pain", "Warning signs: get medical help", "What you can do at home", "What people notice",
             "What sets it off", "Cautions: do not self-treat if…", "Other reasons to see a clinician", "Sources"]
    assert [body.index(title) for title in order] == sorted(body.index(title) for title in order)
    for tp in ql.trigger_points:
        assert escape(tp.name) in body and escape(tp.referral) in body
    for technique_id in ql.techniques:
        technique = atlas.techniques[technique_id]
        assert escape(technique.name) in body and escape(technique.stop_if) in body
    assert body.count(escape(atlas.safety.technique_rules[0].points[0])) == 1  # the rules once, not per technique
    assert '<details class="cautions">' in body  # folded: only the warning signs are always open


def test_panel_escapes_content_and_explains_pelvic_floor_care(atlas):
    hostile = atlas.muscles["piriformis"].model_copy(update={"name": "<img src=x onerror=alert(1)>", "summary": "<script>x</script>"})
    head = panel_head_html(hostile, "right")
    assert "<img" not in head and "<script>" not in head and "&lt;script&gt;" in head
    pelvic = panel_body_html(atlas, atlas.muscles["pelvic_floor"])
    assert escape(atlas.muscles["pelvic_floor"].self_care_note) in pelvic
    assert "Safety rules for every technique" not in pelvic


def test_figure_selection_accepts_known_muscles_and_sides_only():
    known = {"piriformis", "gluteus_medius"}
    assert figure_selection("piriformis_left", known).value == ("piriformis", "left")
    assert figure_selection("gluteus_medius_right", known).value == ("gluteus_medius", "right")
    assert figure_selection("_left", known).value == (None, "left")
    for bad in ("piriformis_up", "soleus_left", "", None, 42, {"x": 1}, "piriformis"):
        assert figure_selection(bad, known).value is None


def test_technique_text_has_steps_pressure_dose_and_stop(atlas):
    technique = next(iter(atlas.techniques.values()))
    text = technique_body_html(atlas, technique)
    assert f"<ol><li>{escape(technique.steps[0])}</li>" in text
    for part in ("<b>Pressure:</b>", "<b>How long and how often:</b>", "<b>Stop if:</b>", "Source:"):
        assert part in text


def test_take_home_sheet_is_escaped_and_self_contained(atlas):
    piriformis = atlas.muscles["piriformis"]
    hostile = piriformis.model_copy(update={"summary": "<script>alert(1)</script>"})
    sheet = take_home_sheet(atlas, hostile, "left", today=date(2026, 1, 2))
    assert "<script>" not in sheet and "&lt;script&gt;" in sheet
    assert "http://" not in sheet and "https://" not in sheet and "src=" not in sheet
    assert "2026-01-02" in sheet and "Piriformis (left side)" in sheet
