"""The pain page (triggermap_app/app_pages/pain.py): marks from the link, the figure and a name; the ranking; the
warning signs first."""

import re

from markupsafe import escape

from tests.app.conftest import figure_data, notices, panel
from tests.conftest import run_page
from triggermap_app.page import plain_markdown


def texts(at):
    return " ".join(str(m.value) for m in at.markdown)


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
    by_urgency = sorted(atlas.red_flags.flags, key=lambda f: list(type(f.urgency)).index(f.urgency))
    assert labels == [plain_markdown(f.sign) for f in by_urgency]
    for flag in atlas.red_flags.flags:
        assert escape(flag.sign) in panel(about)


def test_pain_page_always_says_not_a_diagnosis():
    at = run_page("pain")
    assert "not a diagnosis" in " ".join(c.value for c in at.caption)


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


def test_places_no_muscle_explains_point_to_a_clinician(atlas):
    from triggermap.lookup import candidates
    from triggermap.zones import all_regions

    unexplained = [r for r in all_regions() if not candidates({r: 5}, atlas)]
    assert unexplained, "every place is explained now: mark a place no pattern reaches (a test content file)"
    at = run_page("pain", zones=f"{unexplained[0].id}:6")
    [info] = [i.value for i in at.info]
    assert info.startswith("No muscle in the atlas refers pain to exactly these places.")
    assert "a joint, a nerve or an organ: see a clinician" in info


def test_pain_page_links_to_compare_the_top_three():
    at = run_page("pain", zones="lateral_hip_right:7,upper_buttock_right:5")
    [link] = [found for found in at.get("page_link") if found.proto.label.startswith("Compare the top")]
    assert link.proto.label == "Compare the top 3 on one figure"
    picks = link.proto.query_string.replace("%3A", ":").replace("%2C", ",").removeprefix("muscles=").split(",")
    assert len(picks) == 3 and all(p.endswith(":right") for p in picks)
