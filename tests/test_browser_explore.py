"""The explorer in a real browser: clicks, keys, deep links, downloads, and no outside requests."""

import re

import pytest
from playwright.sync_api import expect

from triggermap.figure import pattern
from tests.conftest import click_where_visible, screenshot

pytestmark = pytest.mark.browser
SEED = ["quadratus_lumborum", "gluteus_medius", "gluteus_minimus", "piriformis"]


def muscle_region(page, muscle_id, side):
    return page.locator(f'.muscle[data-muscle="{muscle_id}"][data-side="{side}"]')


def open_explorer(page, url, query=""):
    page.goto(f"{url}/{query}")
    expect(page.locator("svg.bodymap")).to_be_visible()


def expect_pattern(page, atlas, muscle_id, side):
    p = pattern(atlas.muscles[muscle_id], side)
    for region in p.essential:
        expect(page.locator(f'[data-zone="{region}"]')).to_have_class(re.compile(r"\bessential\b"))
    for region in p.spillover:
        expect(page.locator(f'[data-zone="{region}"]')).to_have_class(re.compile(r"\bspillover\b"))
    shown = page.locator(f'.tp.shown[data-side="{side}"]')
    expect(shown).to_have_count(len(p.trigger_points))
    for mark in p.trigger_points:
        glyph = "#tp-no-press" if mark in p.no_press else "#tp-cross"
        expect(page.locator(f'.tp.shown[data-tp="{mark}"]')).to_have_attribute("href", glyph)


@pytest.mark.parametrize("muscle_id", SEED)
def test_clicking_a_muscle_shows_its_panel_and_pattern(page, server_url, atlas, muscle_id):
    open_explorer(page, server_url)
    click_where_visible(page, muscle_region(page, muscle_id, "right"))
    expect(muscle_region(page, muscle_id, "right")).to_have_attribute("aria-pressed", "true")
    name = atlas.muscles[muscle_id].name
    expect(page.get_by_role("heading", name=f"{name} · right")).to_be_visible()
    expect(page.get_by_text("Where it sends pain")).to_be_visible()
    expect(page.get_by_text(atlas.muscles[muscle_id].trigger_points[0].referral)).to_be_visible()
    expect_pattern(page, atlas, muscle_id, "right")
    expect(page).to_have_url(re.compile(rf"muscle={muscle_id}&side=right"))
    screenshot(page, f"explore-{muscle_id}-right")


def test_pattern_is_drawn_on_the_side_that_was_clicked(page, server_url, atlas):
    open_explorer(page, server_url)
    click_where_visible(page, muscle_region(page, "piriformis", "left"))
    expect(page.get_by_role("heading", name="Piriformis · left")).to_be_visible()
    expect_pattern(page, atlas, "piriformis", "left")
    expect(page.locator('[data-zone$="_right"].essential')).to_have_count(0)


def test_a_pattern_that_reaches_both_sides_is_drawn_on_both(page, server_url, atlas):
    open_explorer(page, server_url, "?muscle=rectus_abdominis&side=right")
    expect(page.get_by_role("heading", name="Rectus abdominis · right")).to_be_visible()
    expect_pattern(page, atlas, "rectus_abdominis", "right")
    for side in ("left", "right"):
        expect(page.locator(f'[data-zone="lumbar_{side}"]')).to_have_class(re.compile(r"\bessential\b"))
    expect(page.locator('.tp.shown[data-side="left"]')).to_have_count(0)
    screenshot(page, "explore-rectus_abdominis-right")


def test_spots_not_to_press_get_their_own_mark_and_a_legend_entry(page, server_url, atlas):
    open_explorer(page, server_url, "?muscle=iliopsoas&side=left")
    expect(page.get_by_role("heading", name=re.compile(r"^Iliopsoas.* · left$"))).to_be_visible()
    expect_pattern(page, atlas, "iliopsoas", "left")
    expect(page.locator(".tp.shown.no-press")).to_have_count(len(pattern(atlas.muscles["iliopsoas"], "left").no_press))
    expect(page.locator(".legend").get_by_text("Trigger point: do not press yourself")).to_be_visible()
    screenshot(page, "explore-iliopsoas-left")
    page.get_by_role("combobox", name="Muscle").select_option(value="piriformis")
    expect(page.get_by_role("heading", name="Piriformis · left")).to_be_visible()
    expect(page.locator(".tp.shown.no-press")).to_have_count(0)


def test_keyboard_selects_with_enter_and_space(page, server_url):
    open_explorer(page, server_url)
    region = muscle_region(page, "gluteus_medius", "left")
    region.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Gluteus medius · left")).to_be_visible()
    muscle_region(page, "quadratus_lumborum", "right").focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", name="Quadratus lumborum · right")).to_be_visible()
    expect(region).to_have_attribute("aria-pressed", "false")


def test_tab_reaches_the_muscles(page, server_url):
    open_explorer(page, server_url)
    page.locator("svg.bodymap").focus()
    focused = None
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => { let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement; return a && a.getAttribute('aria-label'); }")
        if focused and focused.endswith((", left", ", right")):
            break
    assert focused and focused.endswith((", left", ", right")), focused
    page.keyboard.press("Enter")
    muscle_name = focused.rsplit(", ", 1)[0]
    expect(page.get_by_role("heading", name=re.compile(re.escape(muscle_name)))).to_be_visible()


def test_the_figure_list_and_side_buttons_stay_in_sync_with_the_map(page, server_url, atlas):
    open_explorer(page, server_url)
    muscle_list = page.get_by_role("combobox", name="Muscle")
    expect(muscle_list).to_be_enabled()
    muscle_list.select_option(label="Gluteus minimus")
    expect(muscle_region(page, "gluteus_minimus", "right")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("heading", name="Gluteus minimus · right")).to_be_visible()
    page.get_by_role("button", name="Left", exact=True).click()
    expect(muscle_region(page, "gluteus_minimus", "left")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("heading", name="Gluteus minimus · left")).to_be_visible()
    expect_pattern(page, atlas, "gluteus_minimus", "left")
    click_where_visible(page, muscle_region(page, "piriformis", "right"))
    expect(page.get_by_role("heading", name="Piriformis · right")).to_be_visible()
    expect(muscle_list).to_have_value("piriformis")
    expect(page.get_by_role("button", name="Right", exact=True)).to_have_attribute("aria-pressed", "true")
    muscle_list.select_option(value="")
    expect(page.get_by_role("heading", name="Start here")).to_be_visible()
    expect(page.locator('.muscle[aria-pressed="true"]')).to_have_count(0)
    expect(page).not_to_have_url(re.compile("muscle="))


def test_panel_sections_open_and_close_with_the_keyboard(page, server_url, atlas):
    open_explorer(page, server_url, "?muscle=quadratus_lumborum&side=right")
    technique = atlas.techniques[atlas.muscles["quadratus_lumborum"].techniques[0]]
    summary = page.locator("summary", has_text=technique.name)
    step = page.get_by_text(technique.steps[0])
    expect(step).to_be_hidden()
    summary.focus()
    page.keyboard.press("Enter")
    expect(step).to_be_visible()
    caution = page.get_by_text(atlas.safety.general_cautions[0].points[0])
    expect(caution).to_be_hidden()  # cautions start folded, under the open warning signs
    page.locator("summary", has_text="Cautions").focus()
    page.keyboard.press("Enter")
    expect(caution).to_be_visible()


def test_deep_link_opens_the_muscle(page, server_url, atlas):
    open_explorer(page, server_url, "?muscle=gluteus_minimus&side=left")
    expect(page.get_by_role("heading", name="Gluteus minimus · left")).to_be_visible()
    expect(muscle_region(page, "gluteus_minimus", "left")).to_have_attribute("aria-pressed", "true")
    expect_pattern(page, atlas, "gluteus_minimus", "left")


def test_hostile_deep_link_shows_a_notice_and_the_default_view(page, server_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_explorer(page, server_url, "?muscle=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&side=%22%3E")
    expect(page.get_by_text("not in the atlas")).to_be_visible()
    expect(page.get_by_role("heading", name="Start here")).to_be_visible()
    expect(page.locator('.muscle[aria-pressed="true"]')).to_have_count(0)
    assert not dialogs
    assert "Traceback" not in page.content()


def test_take_home_sheet_downloads(page, server_url):
    open_explorer(page, server_url, "?muscle=piriformis&side=right")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download a take-home sheet").click()
    download = download_info.value
    assert download.suggested_filename == "triggermap-piriformis-right.html"
    text = open(download.path(), encoding="utf-8").read()
    assert "<h1>Piriformis (right side)</h1>" in text and "What you can do at home" in text


def test_page_requests_nothing_from_outside_the_server(page, server_url):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    open_explorer(page, server_url)
    click_where_visible(page, muscle_region(page, "piriformis", "right"))
    expect(page.get_by_role("heading", name="Piriformis · right")).to_be_visible()
    page.wait_for_load_state("networkidle")
    outside = [u for u in requested if not u.startswith((server_url, "data:", "blob:"))]
    assert requested and not outside, outside


def test_screenshots_of_both_views(page, server_url):
    open_explorer(page, server_url, "?muscle=gluteus_minimus&side=right")
    expect(page.get_by_role("heading", name="Gluteus minimus · right")).to_be_visible()
    figure = page.locator("svg.bodymap")
    box = figure.bounding_box()
    assert box and box["width"] > 500, box
    ARTIFACTS = screenshot(page, "explore-full").parent
    figure.screenshot(path=str(ARTIFACTS / "bodymap-back-and-front.png"))
    page.get_by_role("button", name="Deep (dashed)").click()
    expect(page.locator(".muscle.superficial").first).to_be_hidden()
    figure.screenshot(path=str(ARTIFACTS / "bodymap-deep-layer.png"))


def test_figure_and_its_index_are_fetched_once_while_clicking_through_muscles(page, server_url):
    figure_requests = []
    page.on("request", lambda r: "/app/static/bodymap/" in r.url and figure_requests.append(r.url))
    open_explorer(page, server_url)
    for muscle_id, side in [("piriformis", "right"), ("gluteus_medius", "left"), ("quadratus_lumborum", "right")]:
        click_where_visible(page, muscle_region(page, muscle_id, side))
        expect(page.get_by_role("heading", name=re.compile(rf"· {side}$"))).to_be_visible()
    assert sorted(u.rsplit(".", 1)[1] for u in figure_requests) == ["json", "svg"], figure_requests


def test_search_box_finds_muscles_as_you_type_and_opens_them(page, server_url):
    page.goto(f"{server_url}/techniques")
    box = page.get_by_role("searchbox", name="Search muscles")
    box.fill("coughing")
    link = page.get_by_role("link", name="Quadratus lumborum")
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", name="Quadratus lumborum · right")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search muscles")).to_have_value("coughing")
    box = page.get_by_role("searchbox", name="Search muscles")
    box.fill("<script>zzqx</script>")
    box.press("Enter")
    expect(page.get_by_text("No muscle matches")).to_be_visible()
    assert "Traceback" not in page.content()


def test_narrow_window_puts_the_panel_under_a_full_width_figure(page, server_url):
    page.set_viewport_size({"width": 800, "height": 900})
    open_explorer(page, server_url, "?muscle=piriformis&side=left")
    heading = page.get_by_role("heading", name="Piriformis · left")
    expect(heading).to_be_visible()
    figure = page.locator("svg.bodymap").bounding_box()
    assert figure["width"] > 400, figure
    assert heading.bounding_box()["y"] > figure["y"] + figure["height"]
    screenshot(page, "explore-800px")
