"""The pain drawing in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_explore import expect_pattern, zone_centres
from tests.conftest import click_canvas, screenshot
from triggermap.zones import Region

pytestmark = pytest.mark.browser
FOCUSED_ZONE_JS = """() => {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a && a.matches('.zone[role="button"]') ? a.getAttribute('aria-label') : null;
}"""


def zone(page, region_id, view=None):
    """Every drawing of a region (a zone on the side of the body is in the back and the front view), or one view's."""
    region = Region.parse(region_id)
    side = f'[data-side="{region.side.value}"]' if region.side else ":not([data-side])"
    in_view = f'[data-view="{view}"]' if view else ""
    return page.locator(f'.zone[data-zone="{region.zone}"]{side}{in_view}')


def views_of(region_id):
    return [view for view, region, _ in zone_centres() if region == Region.parse(region_id)]


def expect_marked(page, region_id, marked=True):
    """The region is shown marked (or not) in every view that draws it."""
    drawn = zone(page, region_id)
    expect(drawn).to_have_count(len(views_of(region_id)))
    state = "true" if marked else "false"
    expect(drawn.and_(page.locator(f'[aria-pressed="{state}"]'))).to_have_count(len(views_of(region_id)))
    expect(drawn.and_(page.locator(".marked"))).to_have_count(len(views_of(region_id)) if marked else 0)


def click_zone(page, region_id):
    """Click a region like a person would: in the middle of it, in the first view that draws it."""
    view, x, y = next((v, *xy) for v, region, xy in zone_centres() if region == Region.parse(region_id))
    click_canvas(page, x, y, zone(page, region_id, view))


def strength(page, region_id):
    """The "How strong?" slider of a marked place."""
    return page.locator(f".st-key-mark_row_{region_id}").get_by_role("slider", name="How strong? 0 = none, 10 = worst")


def open_pain(page, url, query=""):
    page.goto(f"{url}/pain{query}")
    expect(page.locator("svg.bodymap")).to_be_visible()


def result_rows(page):
    return page.locator("p strong").filter(has_text=re.compile(r"^\d+\. "))


def test_marking_the_side_of_hip_and_leg_ranks_gluteus_minimus_first(page, server_url, atlas):
    open_pain(page, server_url)
    for region in ("lateral_hip_right", "lateral_thigh_right", "lateral_leg_right", "lateral_ankle_right"):
        click_zone(page, region)
        expect_marked(page, region)
    expect(result_rows(page).first).to_have_text("1. Gluteus minimus (right)")
    expect(page).to_have_url(re.compile(r"zones=lateral_hip_right"))
    expect(page.locator(".pattern > *, .marks > *")).to_have_count(0)
    page.get_by_role("button", name="Show on figure").first.click()
    expect(page.get_by_text("Showing the pattern of Gluteus minimus (right)")).to_be_visible()
    expect_pattern(page, atlas, "gluteus_minimus", "right")  # main area, stipple, outline and crosses over the marks
    expect_marked(page, "lateral_hip_right")
    screenshot(page, "pain-lateral-leg")


def test_clicking_a_marked_zone_again_unmarks_it(page, server_url):
    open_pain(page, server_url)
    click_zone(page, "sacrum")
    expect(strength(page, "sacrum")).to_be_visible()
    expect_marked(page, "sacrum")
    click_zone(page, "sacrum")
    expect_marked(page, "sacrum", marked=False)
    expect(page.get_by_text("Nothing marked yet")).to_be_visible()


def test_zones_are_keyboard_buttons(page, server_url):
    open_pain(page, server_url)
    zone(page, "groin_left").focus()
    page.keyboard.press("Enter")
    expect(strength(page, "groin_left")).to_be_visible()
    expect_marked(page, "groin_left")
    page.keyboard.press("Space")
    expect_marked(page, "groin_left", marked=False)
    expect(page.get_by_text("Nothing marked yet")).to_be_visible()


def test_the_figure_is_one_tab_stop_and_arrow_keys_reach_the_neighbouring_places(page, server_url):
    """Tab stops once on the figure, at the first place in reading order; each arrow goes to the neighbour
    the figure names in that direction, and its name shows beside the figure."""
    open_pain(page, server_url)
    first = page.locator('.zone[role="button"][tabindex="0"]')
    expect(first).to_have_count(1)
    first.focus()
    for key, direction in [("ArrowDown", "down"), ("ArrowRight", "right"), ("ArrowDown", "down"), ("ArrowLeft", "left"),
                           ("ArrowUp", "up")]:
        here = page.locator('.zone[role="button"][tabindex="0"]')
        target = here.get_attribute(f"data-{direction}")
        page.keyboard.press(key)
        if target:
            expect(page.locator('.zone[role="button"][tabindex="0"]')).to_have_attribute("id", target)
        name = page.locator('.zone[role="button"][tabindex="0"]').get_attribute("aria-label")
        assert page.evaluate(FOCUSED_ZONE_JS) == name
        expect(page.locator(".focus-name")).to_have_text(name)
    page.keyboard.press("Enter")
    expect(page.locator('.zone[role="button"][tabindex="0"]')).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_ZONE_JS) is None, "Tab leaves the figure"


def action(atlas, urgency):
    return next(level.action for u, level in atlas.red_flags.levels.items() if u.value == urgency)


def test_red_flag_advice_appears_when_a_box_is_ticked(page, server_url, atlas):
    open_pain(page, server_url)
    page.get_by_text("Warning signs: check these first").click()
    page.get_by_text("Numbness, tingling or altered feeling between the legs").click()
    expect(page.get_by_text("1 warning sign ticked. What to do now:")).to_be_visible()
    expect(page.get_by_text(action(atlas, "emergency"))).to_be_visible()


def test_urgent_but_not_emergency_flag(page, server_url, atlas):
    open_pain(page, server_url)
    page.get_by_text("Warning signs: check these first").click()
    page.get_by_text("New back pain after a minor fall").click()
    expect(page.get_by_text(action(atlas, "same_day"))).to_be_visible()
    expect(page.get_by_text(action(atlas, "emergency"))).to_have_count(0)


def test_deep_link_restores_the_drawing(page, server_url):
    open_pain(page, server_url, "?zones=lateral_hip_right:7,posterior_thigh_right,not_a_zone")
    expect_marked(page, "lateral_hip_right")
    expect_marked(page, "posterior_thigh_right")
    expect_marked(page, "lateral_hip_left", marked=False)
    expect(page.get_by_text("Ignored 1 unknown place")).to_be_visible()
    expect(strength(page, "lateral_hip_right")).to_have_value("7")
    expect(result_rows(page)).not_to_have_count(0)


def test_the_new_zones_can_be_marked(page, server_url):
    open_pain(page, server_url)
    for region in ("upper_abdomen_right", "medial_knee_left", "achilles_right", "sole_right", "sole_left"):
        click_zone(page, region)
        expect_marked(page, region)
    expect(strength(page, "sole_left")).to_be_visible()
    expect(page).to_have_url(re.compile(r"zones=.*sole_left"))
    screenshot(page, "pain-new-zones")


def test_a_saved_drawing_downloads_and_opens_again(page, server_url, tmp_path):
    open_pain(page, server_url, "?zones=lateral_hip_right:7,sacrum:3")
    expect_marked(page, "lateral_hip_right")
    page.get_by_text("Save or open this drawing").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Save the drawing (JSON)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert re.fullmatch(r"triggermap-pain-drawing-\d{4}-\d{2}-\d{2}\.json", saved.name)

    open_pain(page, server_url)  # a new visit with nothing marked
    expect_marked(page, "lateral_hip_right", marked=False)
    page.get_by_text("Save or open this drawing").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(saved))
    expect_marked(page, "lateral_hip_right")
    expect_marked(page, "sacrum")
    expect(strength(page, "lateral_hip_right")).to_have_value("7")
    expect(strength(page, "sacrum")).to_have_value("3")
    expect(page).to_have_url(re.compile(r"zones=lateral_hip_right%3A7%2Csacrum%3A3"))

    bad = tmp_path / "not-a-drawing.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    expect(page.get_by_text("The file could not be opened as a pain drawing")).to_be_visible()
    expect_marked(page, "lateral_hip_right")  # nothing was changed


def test_the_drawing_prints_with_its_results_and_the_top_three_make_a_care_plan(page, server_url):
    from pypdf import PdfReader

    open_pain(page, server_url, "?zones=lateral_hip_right:7,upper_buttock_right:5")
    expect(result_rows(page).first).to_be_visible()
    top = result_rows(page).first.inner_text().removeprefix("1. ")
    page.get_by_text("Save or open this drawing").click()
    with page.expect_download() as record:
        page.get_by_role("button", name="Print the drawing and its results (PDF)").click()
    text = " ".join(p.extract_text() for p in PdfReader(record.value.path()).pages)
    assert "Side of the hip (right): 7/10" in text and top in text
    with page.expect_download() as plan:
        page.get_by_role("button", name="Download a care plan (3 muscles) (PDF)").click()
    assert len(PdfReader(plan.value.path()).pages) >= 4  # a cover with the drawing, then each muscle
