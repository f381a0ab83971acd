"""The redrawn body map in a real browser: every muscle answers where it is seen, deeper on a second tap,
the side of the leg from either view, and the legend in view."""

import pytest
from playwright.sync_api import expect
from shapely.geometry import Point

from tests.conftest import click_canvas, screenshot, wait_for_app_run
from triggermap.figure import visible_parts, visual_centre
from triggermap.geometry import figure_geometry, polygons
from triggermap.zones import Side

pytestmark = pytest.mark.browser
PRESSED = '.muscle[aria-pressed="true"]'

def open_page(page, url):
    page.goto(url)
    wait_for_app_run(page)
    expect(page.locator("svg.bodymap")).to_be_visible()


def pressed(page):
    el = page.locator(PRESSED)
    expect(el).to_have_count(1)
    return el.get_attribute("data-muscle"), el.get_attribute("data-side")


def test_clicking_the_visible_centre_of_every_muscle_selects_it(page, server_url, atlas):
    open_page(page, server_url)
    hits = []
    for (muscle_id, side), shape in visible_parts(atlas).items():
        x, y, _ = visual_centre(shape)
        page.locator(".hint").evaluate("el => el.textContent = ''")
        click_canvas(page, x, y)
        hits.append(((muscle_id, side.value), pressed(page)))
    missed = [(want, got) for want, got in hits if want != got]
    assert not missed and len(hits) == 34, f"{34 - len(missed)} of 34; missed {missed}"
    expect(page.get_by_role("heading", name=f"{atlas.muscles[hits[-1][0][0]].name} · {hits[-1][0][1]}")).to_be_visible()


def _over_both(top: str, deep: str):
    fig = figure_geometry()
    both = fig.muscle(top, "back", Side.right).intersection(fig.muscle(deep, "back", Side.right))
    return visual_centre(max(polygons(both), key=lambda p: p.area))[:2]


def test_tapping_the_same_spot_again_chooses_the_muscle_under_it(page, server_url, atlas):
    """Deep muscles are drawn dashed over the muscles that cover them: the first tap takes the deep one."""
    open_page(page, server_url)
    x, y = _over_both("gluteus_medius", "gluteus_minimus")
    click_canvas(page, x, y)
    assert pressed(page) == ("gluteus_minimus", "right")
    expect(page.locator(".hint")).to_have_text("Also here: Gluteus medius, right. Tap again to choose it.")
    click_canvas(page, x, y)
    assert pressed(page) == ("gluteus_medius", "right")
    expect(page.get_by_role("heading", name="Gluteus medius · right")).to_be_visible()
    click_canvas(page, x, y)
    assert pressed(page) == ("gluteus_minimus", "right"), "a third tap comes back to the top"


def test_the_surface_layer_puts_the_covering_muscle_under_the_pointer(page, server_url):
    open_page(page, server_url)
    x, y = _over_both("gluteus_maximus", "piriformis")
    click_canvas(page, x, y)
    assert pressed(page) == ("piriformis", "right")
    page.get_by_role("button", name="Surface").click()
    click_canvas(page, x, y)
    assert pressed(page) == ("gluteus_maximus", "right")


def test_the_pattern_is_drawn_with_the_muscle_emphasised_and_the_legend_in_view(page, server_url, atlas):
    open_page(page, server_url + "/?muscle=quadratus_lumborum&side=left")
    expect(page.locator(".pattern .essential")).to_have_count(1)
    expect(page.locator(".marks .cross")).to_have_count(4)
    expect(page.locator(".marks .chosen")).to_have_count(1)
    expect(page.locator("svg.bodymap.has-selection")).to_have_count(1)
    legend = page.locator(".legend").get_by_text("Trigger point", exact=True)
    expect(legend).to_be_visible()
    legend = legend.bounding_box()
    figure = page.locator(".figure svg.bodymap").bounding_box()
    assert legend["y"] + legend["height"] <= figure["y"] + 1, "the legend is above the figure"
    assert legend["y"] < 1000, "the legend shows without scrolling"
    screenshot(page, "figure-ql-left")


def test_the_outside_of_the_thigh_can_be_marked_from_the_front_view(page, server_url):
    open_page(page, server_url + "/pain")
    fig = figure_geometry()
    front = next(p for p in fig.zones if p.view == "front" and p.region.zone == "lateral_thigh"
                 and p.region.side is Side.right)
    x, y, _ = visual_centre(front.geometry)
    assert fig.mapped("front").contains(Point(x, y))
    page.get_by_role("button", name="Front", exact=True).click()
    click_canvas(page, x, y)
    marked = page.locator('.zone.marked[data-zone="lateral_thigh"][data-side="right"]')
    expect(marked).to_have_count(2)  # the same place in the back and the front view
    expect(page.get_by_text("Outside of the thigh (right)").first).to_be_visible()
