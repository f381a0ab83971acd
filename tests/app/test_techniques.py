"""The techniques library (triggermap_app/app_pages/techniques.py): the tool filter, its link, safety with each."""

from markupsafe import escape

from tests.app.conftest import notices, panel
from tests.conftest import run_page
from triggermap_app.page import plain_markdown


def test_techniques_library_filters_by_tool_and_shows_safety_with_each(atlas):
    at = run_page("techniques")
    assert len(at.expander) == len(atlas.techniques)
    at.segmented_control(key="technique_tool").set_value(atlas.techniques["ball_piriformis_floor"].tool).run()
    balls = [t for t in atlas.techniques.values() if t.tool.value == "ball"]
    assert len(at.expander) == len(balls)
    assert at.query_params["tool"] == "ball"
    assert "A daily limit" in panel(at) and "Places never to press" in panel(at)  # once, at the top


def test_techniques_deep_link_and_unknown_tool():
    assert "tool" not in run_page("techniques", tool="chainsaw").query_params
    assert any("not one we know" in notice for notice in notices(run_page("techniques", tool="chainsaw")))
    at = run_page("techniques", tool="stretch")
    assert at.segmented_control(key="technique_tool").value.value == "stretch"


def test_the_techniques_page_shows_the_clot_warnings_where_the_calf_techniques_are(atlas):
    from tests.test_safety import calf_techniques, clot_warning

    at = run_page("techniques")
    never = next(r for r in atlas.safety.technique_rules if r.title == "Never massage over")
    [rules] = [h.value for h in at.get("html") if "Safety rules for every technique" in h.value]
    assert "<b>Never massage over</b>" in rules and all(escape(point) in rules for point in never.points)
    for technique in calf_techniques(atlas):
        [shown] = [e for e in at.expander if e.label.startswith(f"{plain_markdown(technique.name)} — ")]
        assert escape(clot_warning(technique)) in " ".join(h.value for h in shown.get("html")), technique.id
