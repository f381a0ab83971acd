"""The explorer page (triggermap_app/app_pages/explore.py): deep links, the panel, what the figure is told."""

import pytest
from markupsafe import escape

from tests.app.conftest import figure_data, notices, panel
from tests.conftest import run_page
from triggermap.zones import Side


def test_explorer_starts_with_guidance():
    at = run_page("explore")
    assert "<h2>Start here</h2>" in panel(at)
    assert at.session_state["explore_pick"][0] is None
    assert "muscle" not in at.query_params


def test_deep_link_opens_muscle_with_side():
    at = run_page("explore", muscle="piriformis", side="left")
    assert "<h2>Piriformis · left</h2>" in panel(at)
    assert "Where it sends pain" in panel(at)
    assert at.query_params["muscle"] == "piriformis"


@pytest.mark.parametrize("bad", ["pirifromis", "<script>alert(1)</script>", "x" * 500, "../../etc/passwd"])
def test_unknown_or_hostile_muscle_shows_notice_and_default_view(bad):
    at = run_page("explore", muscle=bad)
    [notice] = notices(at)
    assert "not in the atlas" in notice and len(notice) < 300
    assert "<h2>Start here</h2>" in panel(at)
    assert "<script>" not in panel(at)


def test_bad_side_falls_back_to_right_with_notice():
    at = run_page("explore", muscle="gluteus_medius", side="up")
    assert "<h2>Gluteus medius · right</h2>" in panel(at)
    assert any("not left or right" in notice for notice in notices(at))


def test_choosing_a_muscle_updates_panel_and_url(atlas):
    at = run_page("explore")
    at.session_state["explore_pick"] = ("gluteus_minimus", Side.right)
    at.run()
    assert "<h2>Gluteus minimus · right</h2>" in panel(at)
    assert at.query_params["muscle"] == "gluteus_minimus" and at.query_params["side"] == "right"
    minimus = atlas.muscles["gluteus_minimus"]
    assert minimus.trigger_points[0].referral in panel(at)
    technique = atlas.techniques[minimus.techniques[0]]
    assert technique.name in panel(at) and technique.steps[0] in panel(at)
    assert at.get("download_button")


def test_figure_is_told_the_selection_and_loads_the_rest_once():
    at = run_page("explore", muscle="piriformis", side="left")
    data = figure_data(at)
    assert data["selected"] == {"muscle": "piriformis", "side": "left"} and data["side"] == "left"
    assert data["figure"].endswith(".svg") and data["index"].endswith(".json")
    [component] = [
        c.proto for c in at.get("bidi_component") if c.proto.component_name.startswith("triggermap_bodymap_")
    ]
    assert len(component.json) < 400  # patterns come from the static index, not every rerun
    assert ".muscle" not in component.css_content  # the art's CSS comes inside the SVG file
    at.session_state["explore_pick"] = (None, Side.left)
    at.run()
    assert figure_data(at)["selected"] is None and figure_data(at)["side"] == "left"
    assert "muscle" not in at.query_params and "<h2>Start here</h2>" in panel(at)


def test_panel_lists_cautions_and_sources(atlas):
    at = run_page("explore", muscle="quadratus_lumborum")
    body = panel(at)
    for rule in atlas.safety.general_cautions:
        assert rule.title in body
    for citation in atlas.muscles["quadratus_lumborum"].sources:
        assert escape(atlas.sources[citation.source].citation) in body


def test_start_here_shows_every_emergency_sign_and_what_to_do(atlas):
    [start] = [h.value for h in run_page("explore").get("html") if "<h2>Start here</h2>" in h.value]
    assert "Check the warning signs first" in start
    assert "<h3>Emergency now</h3>" in start and escape(atlas.red_flags.levels["emergency"].action) in start
    emergency = [f for f in atlas.red_flags.flags if f.urgency == "emergency"]
    assert len(emergency) >= 5
    for flag in emergency:
        assert escape(flag.sign) in start, flag.id
