"""The body-map art and what the app makes of it."""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from triggermap.figure import (
    ART_DIR,
    SVG_PATH,
    figure_index,
    inventory,
    layer_mismatches,
    pattern,
    patterns_for_browser,
    render_svg,
)
from triggermap.zones import MIDLINE_ZONES, SIDES, ZONES, all_region_ids, region_ids

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def drawn():
    return inventory()


@pytest.mark.parametrize("zone", sorted(ZONES))
def test_every_zone_of_the_vocabulary_is_drawn_on_both_sides(drawn, zone):
    expected = {zone} if zone in MIDLINE_ZONES else {f"{zone}_{side}" for side in SIDES}
    assert expected <= drawn.regions


def test_figure_draws_no_region_outside_the_vocabulary(drawn):
    assert drawn.regions == set(all_region_ids())


def test_every_muscle_is_outlined_on_both_sides(drawn, atlas):
    for muscle_id in atlas.muscles:
        assert {(muscle_id, "left"), (muscle_id, "right")} <= drawn.muscles, muscle_id


def test_every_trigger_point_is_marked_on_both_sides(drawn, atlas):
    for muscle in atlas.muscles.values():
        for tp in muscle.trigger_points:
            for side in SIDES:
                assert (f"{muscle.id}/{tp.id}", side) in drawn.trigger_points


def test_art_is_regenerated_exactly_by_its_script(tmp_path):
    drawn_now = tmp_path / "bodymap.svg"  # never into the source tree
    subprocess.run([sys.executable, str(ART_DIR / "draw.py"), str(drawn_now)], check=True, capture_output=True)
    assert drawn_now.read_bytes() == SVG_PATH.read_bytes()


def test_explore_mode_makes_every_muscle_an_accessible_button(atlas):
    svg = ET.fromstring(render_svg(atlas, "explore"))
    buttons = [el for el in svg.iter() if el.get("role") == "button"]
    assert len(buttons) == 2 * len(atlas.muscles)
    labels = {b.get("aria-label") for b in buttons}
    assert "Piriformis, right" in labels and "Quadratus lumborum, left" in labels
    assert all(b.get("tabindex") == "0" and b.get("aria-pressed") == "false" for b in buttons)
    assert all(b.get("data-muscle") for b in buttons)


def test_pain_mode_makes_every_region_a_button(atlas):
    svg = ET.fromstring(render_svg(atlas, "pain"))
    labels = {el.get("aria-label") for el in svg.iter() if el.get("role") == "button"}
    assert len(labels) == len(all_region_ids())
    assert {"Lateral hip, right", "Sacrum", "Groin, left"} <= labels


def test_labels_are_escaped(atlas):
    hostile = atlas.muscles["piriformis"].model_copy(update={"name": '<img src=x onerror="alert(1)">'})
    tampered = type(atlas)(**{**atlas.__dict__, "muscles": {**atlas.muscles, "piriformis": hostile}})
    markup = render_svg(tampered, "explore")
    assert "<img" not in markup and "&lt;img src=x" in markup


def test_unknown_mode_is_refused(atlas):
    with pytest.raises(ValueError, match="'paint'"):
        render_svg(atlas, "paint")


def test_pattern_is_stored_once_and_shown_on_the_clicked_side(atlas):
    minimus = atlas.muscles["gluteus_minimus"]
    right, left = pattern(minimus, "right"), pattern(minimus, "left")
    assert all(r.endswith("_right") or r in MIDLINE_ZONES for r in right.essential + right.spillover)
    assert [r.replace("_right", "_left") for r in right.essential] == list(left.essential)
    assert not set(right.essential) & set(right.spillover)


def test_browser_patterns_hold_only_ids(atlas):
    table = patterns_for_browser(atlas)
    assert len(table) == 2 * len(atlas.muscles)
    for entry in table.values():
        for value in entry["essential"] + entry["spillover"] + entry["tps"]:
            assert re.fullmatch(r"[a-z0-9_/]+", value)


# ---------------------------------------------------------------- new zones


@pytest.fixture(scope="module")
def art():
    return ET.parse(SVG_PATH).getroot()


@pytest.mark.parametrize("zone", sorted(ZONES))
def test_every_zone_is_drawn_on_the_view_the_vocabulary_names(art, zone):
    for region in region_ids(zone):
        el = art.find(f".//*[@data-zone='{region}']")
        assert el is not None and el.get("data-view") == ZONES[zone].view, region


@pytest.mark.parametrize("region", ["upper_abdomen_left", "medial_knee_right", "achilles_left", "sole_right"])
def test_the_new_zones_are_buttons_in_pain_mode(atlas, region):
    svg = ET.fromstring(render_svg(atlas, "pain"))
    el = svg.find(f".//*[@data-zone='{region}']")
    assert el.get("role") == "button" and el.get("tabindex") == "0"


def test_the_soles_are_drawn_in_a_labelled_inset(art):
    texts = [t.text for t in art.iter(f"{SVG}text")]
    assert "Soles" in texts
    inset = next(g for g in art.iter(f"{SVG}g") if "inset-soles" in g.get("class", ""))
    assert [t.text for t in inset.iter(f"{SVG}text")] == ["Soles", "Right", "Left"]
    for side in SIDES:
        sole = art.find(f".//*[@data-zone='sole_{side}']")
        outline = art.find(f".//*[@id='art-back-sole-{side}']")
        assert sole.get("d") == outline.get("d"), "the click region is the drawn sole"
    right_x = float(art.find(".//*[@data-zone='sole_right']").get("d")[1:].split()[0])
    left_x = float(art.find(".//*[@data-zone='sole_left']").get("d")[1:].split()[0])
    assert right_x > left_x, "as in the back view, the right sole is on the viewer's right"


# ---------------------------------------------------------------- reach


def _with_reach(muscle, reach):
    return muscle.model_copy(update={"trigger_points": [tp.model_copy(update={"reach": reach}) for tp in muscle.trigger_points]})


def _zones_of(muscle, kind):
    return {z for tp in muscle.trigger_points for z in getattr(tp, kind)}


def test_both_sides_points_are_drawn_on_both_sides(atlas):
    rectus = atlas.muscles["rectus_abdominis"]
    assert {tp.reach.value for tp in rectus.trigger_points} == {"both_sides"}
    for side in SIDES:
        p = pattern(rectus, side)
        for zone in _zones_of(rectus, "essential"):
            assert set(region_ids(zone)) <= set(p.essential), zone
        assert p.trigger_points == tuple(f"rectus_abdominis/{tp.id}" for tp in rectus.trigger_points)
        assert p.side == side


def test_other_side_points_are_drawn_on_the_opposite_side_only(atlas):
    crossed = _with_reach(atlas.muscles["gluteus_minimus"], "other_side")
    same = pattern(atlas.muscles["gluteus_minimus"], "left")
    p = pattern(crossed, "right")
    assert p.essential == same.essential and p.spillover == same.spillover
    assert not [r for r in p.essential + p.spillover if r.endswith("_right")]
    assert p.side == "right", "the marks stay on the muscle's own side"


def test_essential_beats_spillover_region_by_region_across_sides(atlas):
    qlumb = atlas.muscles["quadratus_lumborum"]
    first, second = qlumb.trigger_points[:2]
    one = first.model_copy(update={"essential": ["lumbar"], "spillover": [], "reach": "same_side"})
    two = second.model_copy(update={"essential": ["groin"], "spillover": ["lumbar"], "reach": "both_sides"})
    p = pattern(qlumb.model_copy(update={"trigger_points": [one, two]}), "right")
    assert set(p.essential) == {"lumbar_right", "groin_right", "groin_left"}
    assert p.spillover == ("lumbar_left",)


def test_midline_zones_are_listed_once_whatever_the_reach(atlas):
    rectus = atlas.muscles["rectus_abdominis"]
    p = pattern(rectus, "left")
    assert p.spillover.count("sacrum") == 1


def test_browser_patterns_honour_reach(atlas):
    table = patterns_for_browser(atlas)
    for side in SIDES:
        p = pattern(atlas.muscles["rectus_abdominis"], side)
        entry = table[f"rectus_abdominis_{side}"]
        assert entry["essential"] == list(p.essential) and entry["spillover"] == list(p.spillover)
        assert {"lumbar_left", "lumbar_right"} <= set(entry["essential"])


# ---------------------------------------------------------------- do not press


def test_no_press_marks_come_from_the_content(atlas):
    patterns = figure_index(atlas)["patterns"]
    for muscle in atlas.muscles.values():
        expected = [f"{muscle.id}/{tp.id}" for tp in muscle.trigger_points if tp.do_not_press]
        for side in SIDES:
            entry = patterns[f"{muscle.id}_{side}"]
            assert entry["no_press"] == expected
            assert set(entry["no_press"]) <= set(entry["tps"])
    assert set(patterns["pelvic_floor_right"]["no_press"]) == {
        "pelvic_floor/levator_ani", "pelvic_floor/coccygeus", "pelvic_floor/obturator_internus",
    }
    assert {"iliopsoas/psoas", "iliopsoas/distal"} <= set(patterns["iliopsoas_left"]["no_press"])


def test_a_new_no_press_spot_in_the_content_is_flagged_without_touching_the_art(atlas):
    piriformis = atlas.muscles["piriformis"]
    flagged = [piriformis.trigger_points[0].model_copy(update={"do_not_press": "Too close to the sciatic nerve."})]
    p = pattern(piriformis.model_copy(update={"trigger_points": flagged + piriformis.trigger_points[1:]}), "right")
    assert p.no_press == (f"piriformis/{piriformis.trigger_points[0].id}",)


def test_the_art_has_a_distinct_no_press_glyph_and_hard_codes_no_spot(art):
    symbols = {s.get("id"): s for s in art.iter(f"{SVG}symbol")}
    cross, stop = symbols["tp-cross"], symbols["tp-no-press"]
    assert stop.find(f"{SVG}circle") is not None and cross.find(f"{SVG}circle") is None, "a ring, not a cross"
    marks = [el for el in art.iter() if el.get("data-tp")]
    assert {el.get("href") for el in marks} == {"#tp-cross"}, "which spots are no-press comes from the content"


# ---------------------------------------------------------------- depth and view


def test_every_muscle_is_drawn_on_the_view_and_at_the_depth_the_content_gives(atlas):
    assert layer_mismatches(atlas) == []


def test_quadratus_lumborum_and_serratus_posterior_inferior_are_drawn_deep(drawn, art):
    for muscle_id in ("quadratus_lumborum", "serratus_posterior_inferior"):
        assert drawn.layers[muscle_id] == {("back", "deep")}
        for el in art.iterfind(f".//*[@data-muscle='{muscle_id}']"):
            assert el.get("stroke-dasharray"), "deep muscles are dashed"


def test_a_depth_or_view_change_in_the_content_is_reported(atlas):
    moved = atlas.muscles["piriformis"].model_copy(update={"depth": "superficial"})
    tampered = type(atlas)(**{**atlas.__dict__, "muscles": {**atlas.muscles, "piriformis": moved}})
    assert layer_mismatches(tampered) == [
        "piriformis: the content says back view, superficial; the art draws back view, deep"
    ]
