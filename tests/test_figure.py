"""The body-map art and what the app makes of it."""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from triggermap.figure import ART_DIR, SVG_PATH, inventory, pattern, patterns_for_browser, render_svg
from triggermap.zones import MIDLINE_ZONES, SIDES, ZONES, all_region_ids


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
    before = SVG_PATH.read_bytes()
    subprocess.run([sys.executable, str(ART_DIR / "draw.py")], check=True, capture_output=True)
    assert SVG_PATH.read_bytes() == before


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
