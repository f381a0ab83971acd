"""The muscle panel (triggermap/panel.py): its sections in order, content escaped, the cautions on every panel."""

from markupsafe import escape

from triggermap.panel import panel_body_html, panel_head_html
from triggermap.zones import Side


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
    hostile = atlas.muscles["piriformis"].model_copy(
        update={"name": "<img src=x onerror=alert(1)>", "summary": "<script>x</script>"})
    head = panel_head_html(hostile, Side.right)
    assert "<img" not in head and "<script>" not in head and "&lt;script&gt;" in head
    pelvic = panel_body_html(atlas, atlas.muscles["pelvic_floor"])
    assert escape(atlas.muscles["pelvic_floor"].self_care_note) in pelvic
    assert "When to stop" not in pelvic, "no technique, so no technique rules"


def test_every_panel_carries_the_pregnancy_caution(atlas):
    pregnancy = next(rule for rule in atlas.safety.general_cautions if rule.title == "Pregnancy")
    assert any("do not lie flat on your back" in point for point in pregnancy.points)
    for muscle in atlas.muscles.values():
        body = panel_body_html(atlas, muscle)
        assert "<b>Pregnancy</b>" in body and all(escape(point) in body for point in pregnancy.points), muscle.id
