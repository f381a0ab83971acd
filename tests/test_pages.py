"""Page logic through streamlit.testing: deep links, panels, the pain drawing, bad content."""

import json
import re
import pytest
import streamlit as st
from markupsafe import escape
from streamlit.testing.v1 import AppTest

from triggermap.atlas import DEFAULT_PATH
from triggermap.zones import Side
from tests.conftest import APP, ROOT, run_page
from tests.test_hostile_inputs import notices
from triggermap_app.page import plain_markdown


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def headings(at):
    return [h.value for h in at.subheader]


def texts(at):
    return " ".join(str(m.value) for m in at.markdown)


def panel(at):
    """The explorer's panel: its HTML blocks (heading, text, techniques, cautions)."""
    return " ".join(h.value for h in at.get("html"))


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


def figure_data(at):
    """What the page sends the body map (not the search box, which is a component too)."""
    [figure] = [c for c in at.get("bidi_component") if c.proto.component_name.startswith("triggermap_bodymap_")]
    return json.loads(figure.proto.json)


def test_figure_is_told_the_selection_and_loads_the_rest_once():
    at = run_page("explore", muscle="piriformis", side="left")
    data = figure_data(at)
    assert data["selected"] == {"muscle": "piriformis", "side": "left"} and data["side"] == "left"
    assert data["figure"].endswith(".svg") and data["index"].endswith(".json")
    [component] = [c.proto for c in at.get("bidi_component") if c.proto.component_name.startswith("triggermap_bodymap_")]
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


def test_pain_page_ranks_marked_zones_from_the_url():
    at = run_page("pain", zones="lateral_hip_right:8,lateral_thigh_right:6,lateral_leg_right:5")
    assert "1. Gluteus minimus (right)" in texts(at)
    assert at.slider(key="level_lateral_hip_right").value == 8


def test_pain_figure_is_told_the_marks_and_the_muscle_to_show():
    at = run_page("pain", zones="lateral_hip_right:8,sacrum:3")
    data = figure_data(at)
    assert data["marked"] == [{"zone": "lateral_hip", "side": "right", "level": 8},
                              {"zone": "sacrum", "side": None, "level": 3}]
    assert data["overlay"] is None and data["default_intensity"] == 5
    assert "overlay_side" not in data  # the side travels inside "overlay"
    at.button(key="focus_gluteus_minimus_right").click().run()
    assert figure_data(at)["overlay"] == {"muscle": "gluteus_minimus", "side": "right"}
    assert "Showing the pattern of Gluteus minimus (right)" in " ".join(c.value for c in at.caption)


def test_pain_page_drops_unknown_zones_with_notice():
    at = run_page("pain", zones="sacrum,elbow_left")
    assert any("Ignored 1 unknown place" in notice for notice in notices(at))
    assert [s.key for s in at.slider] == ["level_sacrum"]


def test_a_place_found_by_name_is_marked_without_the_figure():
    at = run_page("pain")
    at.text_input(key="place_query").input("inner knee").run()
    at.button(key="mark_medial_knee_right").click().run()
    assert [s.key for s in at.slider] == ["level_medial_knee_right"]
    assert at.query_params["zones"] == "medial_knee_right:5"
    assert "1. Adductor longus (right)" in texts(at)
    at.text_input(key="place_query").input("elbow").run()
    assert "No place by that name" in " ".join(c.value for c in at.caption)


def test_removing_and_clearing_marks():
    at = run_page("pain", zones="sacrum,coccyx")
    at.button(key="remove_sacrum").click().run()
    assert [s.key for s in at.slider] == ["level_coccyx"]
    at.button(key="remove_coccyx").click().run()
    assert "Nothing marked yet" in " ".join(c.value for c in at.caption)


def test_red_flags_route_to_the_most_urgent_level_ticked(atlas):
    at = run_page("pain")
    assert 'class="urgency' not in panel(at)
    at.checkbox(key="flag_fragile_bone_fall").check().run()
    assert "<h2>Same day</h2>" in panel(at) and "Emergency now" not in panel(at)
    assert at.markdown[0].value == "**1 warning sign ticked. What to do now\\:**"
    at.checkbox(key="flag_bladder_bowel").check().run()
    advice = panel(at)
    assert "<h2>Emergency now</h2>" in advice and "Same day" not in advice
    assert escape(atlas.red_flags.levels["emergency"].action) in advice
    assert at.markdown[0].value == "**2 warning signs ticked. What to do now\\:**", "the line stays in view"


def test_one_list_of_warning_signs_on_the_about_and_pain_pages(atlas):
    pain, about = run_page("pain"), run_page("about")
    labels = [c.label for c in pain.checkbox]  # escaped for Markdown, so they show as written
    assert labels == [plain_markdown(f.sign) for f in sorted(atlas.red_flags.flags, key=lambda f: list(type(f.urgency)).index(f.urgency))]
    for flag in atlas.red_flags.flags:
        assert escape(flag.sign) in panel(about)


def test_pain_page_always_says_not_a_diagnosis():
    at = run_page("pain")
    assert "not a diagnosis" in " ".join(c.value for c in at.caption)


def test_about_page_lists_red_flags_and_rules(atlas):
    body = panel(run_page("about"))
    assert "cauda equina" in body and "<h3>Emergency now</h3>" in body and "<h3>See your GP</h3>" in body
    assert escape(atlas.safety.technique_rules[0].title) in body and "A daily limit" in body


def test_broken_content_shows_a_readable_message(monkeypatch, tmp_path):
    broken = tmp_path / "muscles.yaml"
    broken.write_text((DEFAULT_PATH).read_text().replace("- upper_buttock", "- upper_butock", 1))
    monkeypatch.setenv("TRIGGERMAP_DATA", str(broken))
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    assert "could not be loaded" in at.error[0].value
    message = at.code[0].value
    assert "muscles.yaml" in message and "unknown zone 'upper_butock'" in message and "field trigger_points" in message


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


def test_evidence_page_shows_figures_and_citations(atlas):
    at = run_page("evidence")
    assert {s.value for s in at.subheader} == {plain_markdown(e.title) for e in atlas.evidence}
    for item in atlas.evidence:
        assert escape(item.summary) in panel(at) and all(escape(figure) in panel(at) for figure in item.figures)
    captions = [h.value for h in at.get("html") if h.value.startswith('<p class="tm-caption">Source: ')]
    assert len(captions) == len(atlas.evidence)
    assert all(name in " ".join(captions) for name in ("Furlan", "Cherkin", "Lucas"))


def test_evidence_page_draws_the_forest_plot_and_writes_its_numbers(atlas):
    from triggermap import forest

    review = next(e for e in atlas.evidence if e.id == "cochrane_massage_review")
    at = run_page("evidence")
    (chart,) = at.get("plotly_chart")
    spec, config = json.loads(chart.proto.spec), json.loads(chart.proto.config)
    assert [round(x, 2) for x in spec["data"][0]["x"]] == [e.smd for e in review.effects]
    assert config["staticPlot"] is True and config["displayModeBar"] is False and config["showLink"] is False
    assert chart.proto.alt == forest.alt_text(review.effects)
    body = panel(at)
    assert escape(forest.summary(review.effects)) in body  # the text alternative, beside the chart
    for e in review.effects:  # the numbers, as text, written from the same data
        assert escape(forest.effect_line(e)) in body
    assert "pain SMD −1.24 (95% CI −1.85 to −0.64), 1 trial, 51 people" in body
    assert "SMD −0.37 (95% CI −0.62 to −0.13), 12 trials, 964 people" in body
    assert "SMD −0.40 (95% CI −0.80 to −0.01), 5 trials, 757 people" in body
    assert "Left of the line favours massage" in " ".join(c.value for c in at.caption)


def test_sources_page_lists_every_source(atlas):
    at = run_page("sources")
    body = panel(at)
    for source in atlas.sources.values():
        assert f"<p>{escape(source.citation)}" in body
        link = f"https://doi.org/{source.doi}" if source.doi else source.url
        assert (link is None) or f'<a href="{escape(link)}" target="_blank" rel="noopener noreferrer">' in body


def search_components(at) -> list:
    return [c for c in at.main.get("bidi_component") if c.proto.component_name == "triggermap_search"]


def test_search_box_is_at_the_top_of_every_page_and_a_result_opens_the_muscle():
    for page in ("explore", "pain", "techniques", "evidence", "sources", "about"):
        at = run_page(page)
        assert len(search_components(at)) == 1 and not at.sidebar.get("bidi_component")
        top = at.main.children[0]  # the page's first block, above its title
        assert [c.proto.component_name for c in top.get("bidi_component")] == ["triggermap_search"], page
    at = run_page("about")
    at.session_state["search_query"] = "sitting"  # what the box's callback stores as the user types
    at.run()
    assert json.loads(search_components(at)[0].proto.json) == {"query": "sitting"}
    at.button(key="result_piriformis").click().run()
    assert not at.exception
    assert "<h2>Piriformis · right</h2>" in panel(at), "the explorer opens on the chosen muscle"
    assert at.session_state["search_query"] == "" and json.loads(search_components(at)[0].proto.json) == {"query": ""}
    at.session_state["search_query"] = "zzqx"
    at.run()
    assert "No muscle matches" in " ".join(c.value for c in at.main.caption)


def test_figure_is_served_from_memory_not_resent_on_each_rerun(atlas):
    from triggermap.figure import render_svg
    from triggermap_app import figure_files

    url = figure_data(run_page("explore", muscle="piriformis"))["figure"]
    svg = render_svg(atlas, "explore")
    assert url.startswith("figure/explore-") and figure_files.get(url.removeprefix("figure/")).body == svg.encode()
    assert "<style>" in svg and ".muscle" in svg
    config = (APP.parent / ".streamlit" / "config.toml").read_text()
    assert "enableStaticServing" not in config and "gatherUsageStats = false" in config


def in_page_order(block):
    """Every element and container of ``block``, depth first, in the order the page shows them."""
    yield block
    for index in sorted(getattr(block, "children", {})):
        yield from in_page_order(block.children[index])


def position(at, found) -> int:
    """Where on the page the first element for which ``found(element)`` is true sits."""
    return next(i for i, element in enumerate(in_page_order(at.main)) if found(element))


def test_the_warning_signs_come_before_the_figure_and_the_results():
    at = run_page("pain", zones="lateral_hip_left:8")
    at.checkbox(key="flag_blood_clot").check().run()
    title = position(at, lambda e: e.type == "title" and e.value == "Where does it hurt?")
    advice = position(at, lambda e: e.type == "html" and "<h2>Same day</h2>" in e.value)
    checklist = position(at, lambda e: e.type == "expander" and e.label == "Warning signs: check these first")
    figure = position(at, lambda e: e.type == "bidi_component"
                      and e.proto.component_name.startswith("triggermap_bodymap_"))
    results = position(at, lambda e: e.type == "header" and e.value == "Muscles that could be sending this pain")
    assert title < advice < checklist < figure < results


def test_start_here_shows_every_emergency_sign_and_what_to_do(atlas):
    [start] = [h.value for h in run_page("explore").get("html") if "<h2>Start here</h2>" in h.value]
    assert "Check the warning signs first" in start
    assert "<h3>Emergency now</h3>" in start and escape(atlas.red_flags.levels["emergency"].action) in start
    emergency = [f for f in atlas.red_flags.flags if f.urgency == "emergency"]
    assert len(emergency) >= 5
    for flag in emergency:
        assert escape(flag.sign) in start, flag.id


def result_rows(at) -> list[tuple[str, str, dict]]:
    """Each result on the pain page: its numbered heading, its "Show on figure" key and its "Self-care for …"
    link's query."""
    from urllib.parse import parse_qsl

    rows = []
    for element in in_page_order(at.main):
        if element.type == "markdown" and re.match(r"\*\*\d+\. ", element.value):
            rows.append([element.value, None, None])
        elif rows and element.type == "button" and (element.key or "").startswith("focus_"):
            rows[-1][1] = element.key
        elif rows and element.type == "page_link" and element.value.startswith("Self-care for "):
            rows[-1][2] = dict(parse_qsl(element.proto.query_string))
    return [tuple(row) for row in rows]


def test_each_result_opens_and_shows_the_muscle_on_the_side_it_names(atlas):
    """Sides from the marks, not the default (right): a left hip and a right calf give rows on both sides."""
    at = run_page("pain", zones="lateral_hip_left:8,calf_right:6")
    rows = result_rows(at)
    sides = {link["side"] for _, _, link in rows}
    assert sides == {"left", "right"}, rows
    for heading, button, link in rows:
        name = atlas.muscles[link["muscle"]].name
        assert heading.endswith(f". {plain_markdown(name)} ({link['side']})**"), (heading, link)
        assert button == f"focus_{link['muscle']}_{link['side']}"
    for _, button, link in rows:
        at.button(key=button).click().run()
        assert figure_data(at)["overlay"] == {"muscle": link["muscle"], "side": link["side"]}


def test_the_about_page_and_the_ranking_note_say_it_is_not_a_diagnosis():
    assert any(w.value.startswith("**This is not a diagnosis.**") for w in run_page("about").warning)
    [note] = [e for e in run_page("pain", zones="sacrum").expander if e.label == "How is this ranked?"]
    assert "a set of places to look, not a diagnosis" in " ".join(m.value for m in note.markdown)


def test_places_no_muscle_explains_point_to_a_clinician(atlas):
    from triggermap.lookup import candidates
    from triggermap.zones import all_regions

    unexplained = [r for r in all_regions() if not candidates({r: 5}, atlas)]
    assert unexplained, "every place is explained now: mark a place no pattern reaches (a test content file)"
    at = run_page("pain", zones=f"{unexplained[0].id}:6")
    [info] = [i.value for i in at.info]
    assert info.startswith("No muscle in the atlas refers pain to exactly these places.")
    assert "a joint, a nerve or an organ: see a clinician" in info


def test_the_techniques_page_shows_the_clot_warnings_where_the_calf_techniques_are(atlas):
    from tests.test_safety import calf_techniques, clot_warning

    at = run_page("techniques")
    never = next(r for r in atlas.safety.technique_rules if r.title == "Never massage over")
    [rules] = [h.value for h in at.get("html") if "Safety rules for every technique" in h.value]
    assert "<b>Never massage over</b>" in rules and all(escape(point) in rules for point in never.points)
    for technique in calf_techniques(atlas):
        [shown] = [e for e in at.expander if e.label.startswith(f"{plain_markdown(technique.name)} — ")]
        assert escape(clot_warning(technique)) in " ".join(h.value for h in shown.get("html")), technique.id
