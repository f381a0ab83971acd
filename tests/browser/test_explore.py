"""The explorer in a real browser: clicks, keys, deep links, downloads, and no outside requests."""

import functools
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import click_canvas, screenshot
from triggermap.figure import pattern_data, visible_parts, visual_centre
from triggermap.geometry import figure_geometry
from triggermap.models import Reach
from triggermap.referral import ESSENTIAL, regions_reached
from triggermap.zones import Region, Side

pytestmark = pytest.mark.browser
SEED = ["quadratus_lumborum", "gluteus_medius", "gluteus_minimus", "piriformis"]
FIGURE = ".figure svg.bodymap"

# Where the chosen muscle's pattern is drawn: the centre of each cross, and whether canvas points are in the
# solid main area (the browser's own hit test on the drawn path).
CROSS_CENTRES_JS = """svg => [...svg.querySelectorAll('.marks .cross')].map((el) => {
  const box = el.getBBox();
  return [box.x + box.width / 2, box.y + box.height / 2];
})"""
IN_ESSENTIAL_JS = """(svg, points) => {
  const area = svg.querySelector('.pattern .essential');
  return points.map(([x, y]) => {
    const point = svg.createSVGPoint();
    point.x = x;
    point.y = y;
    return area.isPointInFill(point);
  });
}"""
FOCUSED_LABEL_JS = """() => {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a && a.getAttribute('aria-label');
}"""


def muscle_region(page, muscle_id, side):
    return page.locator(f'.muscle[data-muscle="{muscle_id}"][data-side="{side}"]')


def open_explorer(page, url, query=""):
    page.goto(f"{url}/{query}")
    expect(page.locator("svg.bodymap")).to_be_visible()


def click_muscle(page, atlas, muscle_id, side):
    """Click a muscle like a person would: in the middle of the part of it that no other muscle covers."""
    x, y, _ = visual_centre(visible_parts(atlas)[(muscle_id, Side(side))])
    click_canvas(page, x, y, muscle_region(page, muscle_id, side))


def towards(side: Side, view: str, x: float) -> float:
    """How far canvas ``x`` lies from ``view``'s midline towards the person's ``side`` (negative: the other side)."""
    v = figure_geometry().art.views[view]
    return (x - v.centre) * v.right * (1 if side is Side.right else -1)


@functools.cache
def zone_centres() -> list[tuple[str, Region, tuple[float, float]]]:
    """Every zone as drawn, with the point deepest inside it: (view, region, (x, y))."""
    return [(p.view, p.region, visual_centre(p.geometry)[:2]) for p in figure_geometry().zones]


def expect_pattern(page, atlas, muscle_id, side):
    """The figure shows ``muscle_id``'s referral pattern on ``side``: the muscle outlined, the main pain area
    over the zones it covers and none of their mirror images, the stipple, and a cross (or a do-not-press
    ring) at each trigger point, on that side of the body."""
    side = Side(side)
    muscle = atlas.muscles[muscle_id]
    drawn = pattern_data(muscle, side)  # what figure_index serves for it
    figure = page.locator(FIGURE)
    essential = figure.locator(".pattern path.essential")
    assert drawn["essential"], f"{muscle_id} has no main pain area to draw"
    expect(essential).to_have_attribute("d", drawn["essential"])  # this muscle's pattern, for this side
    expect(figure.locator(".pattern path.dots")).to_have_count(3)
    outline = muscle_region(page, muscle_id, side.value).locator(".outline").get_attribute("d")
    expect(figure.locator(".marks path.chosen")).to_have_attribute("d", outline)
    no_press = sum(mark["no_press"] for mark in drawn["marks"])
    expect(figure.locator(".marks path.cross")).to_have_count(len(drawn["marks"]))
    expect(figure.locator(".marks circle.no-press")).to_have_count(no_press)
    expect(figure.locator(".marks path.halo")).to_have_count(len(drawn["marks"]) - no_press)

    crosses = figure.evaluate(CROSS_CENTRES_JS)
    wrong_side = [(round(x), round(y)) for x, y in crosses if towards(side, muscle.view, x) <= 0]
    assert not wrong_side, f"crosses of {muscle_id} ({side}) on the other side of the {muscle.view} view: {wrong_side}"

    main = {r for r, how in regions_reached(muscle, side).items() if how.kind == ESSENTIAL}
    checks = [(view, region, xy, region in main) for view, region, xy in zone_centres()
              if region in main or (region.side is side.other and Region(region.zone, side) in main)]
    shaded = figure.evaluate(IN_ESSENTIAL_JS, [xy for _, _, xy, _ in checks])
    wrong = [f"{region.id} ({view}): {'not shaded' if want else 'shaded'}"
             for (view, region, _, want), got in zip(checks, shaded, strict=True) if got != want]
    assert not wrong, f"main pain area of {muscle_id} ({side}) should cover its zones on that side only: {wrong}"


@pytest.mark.parametrize("muscle_id", SEED)
def test_clicking_a_muscle_shows_its_panel_and_pattern(page, server_url, atlas, muscle_id):
    open_explorer(page, server_url)
    click_muscle(page, atlas, muscle_id, "right")
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
    click_muscle(page, atlas, "piriformis", "left")
    expect(page.get_by_role("heading", name="Piriformis · left")).to_be_visible()
    expect_pattern(page, atlas, "piriformis", "left")  # crosses and main area on the left, none on the right
    expect(muscle_region(page, "piriformis", "right")).to_have_attribute("aria-pressed", "false")
    expect(page).to_have_title("Piriformis (left) · triggermap")  # each tab names its muscle and side


def test_a_pattern_that_reaches_both_sides_is_drawn_on_both(page, server_url, atlas):
    muscle = atlas.muscles["rectus_abdominis"]
    assert all(tp.reach is Reach.both_sides for tp in muscle.trigger_points)
    open_explorer(page, server_url, "?muscle=rectus_abdominis&side=right")
    expect(page.get_by_role("heading", name="Rectus abdominis · right")).to_be_visible()
    expect_pattern(page, atlas, "rectus_abdominis", "right")  # crosses on the right only
    figure = page.locator(FIGURE)
    lumbar = [xy for view, region, xy in zone_centres() if region.zone == "lumbar" and view == "back"]
    assert len(lumbar) == 2
    assert figure.evaluate(IN_ESSENTIAL_JS, lumbar) == [True, True], "the low back is shaded on both sides"
    essential = figure.locator(".pattern .essential")
    box = essential.evaluate("el => { const b = el.getBBox(); return [b.x, b.x + b.width]; }")
    back = figure_geometry().art.views["back"].centre
    assert box[0] < back - 20 and box[1] > back + 20, f"the main area {box} does not span the back view's midline"
    screenshot(page, "explore-rectus_abdominis-right")


def test_spots_not_to_press_get_their_own_mark_and_a_legend_entry(page, server_url, atlas):
    open_explorer(page, server_url, "?muscle=iliopsoas&side=left")
    expect(page.get_by_role("heading", name=re.compile(r"^Iliopsoas.* · left$"))).to_be_visible()
    expect_pattern(page, atlas, "iliopsoas", "left")
    no_press = [tp for tp in atlas.muscles["iliopsoas"].trigger_points if tp.do_not_press]
    assert no_press
    expect(page.locator(".marks .no-press")).to_have_count(len(no_press))
    expect(page.locator(".legend").get_by_text("Trigger point: do not press yourself")).to_be_visible()
    screenshot(page, "explore-iliopsoas-left")
    page.get_by_role("combobox", name="Muscle").select_option(value="piriformis")
    expect(page.get_by_role("heading", name="Piriformis · left")).to_be_visible()
    expect_pattern(page, atlas, "piriformis", "left")
    expect(page.locator(".marks .no-press")).to_have_count(0)


def test_keyboard_selects_with_enter_and_space(page, server_url, atlas):
    open_explorer(page, server_url)
    region = muscle_region(page, "gluteus_medius", "left")
    region.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Gluteus medius · left")).to_be_visible()
    expect(region).to_have_attribute("aria-pressed", "true")
    expect_pattern(page, atlas, "gluteus_medius", "left")
    muscle_region(page, "quadratus_lumborum", "right").focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", name="Quadratus lumborum · right")).to_be_visible()
    expect(region).to_have_attribute("aria-pressed", "false")
    expect_pattern(page, atlas, "quadratus_lumborum", "right")


FOCUSED_ID_JS = FOCUSED_LABEL_JS.replace("getAttribute('aria-label')", "id")


def test_the_skip_link_and_arrow_keys_move_through_the_figure_in_reading_order(page, server_url):
    open_explorer(page, server_url)
    expect(page.locator("svg.bodymap [role=button]").first).to_be_attached()
    presses = 0
    while not page.evaluate("() => document.activeElement.matches('a.tm-skip')"):
        page.keyboard.press("Tab")
        presses += 1
        assert presses < 20, "the skip link is among the first stops"
    expect(page.get_by_role("link", name="Skip to the body map")).to_be_visible()
    page.keyboard.press("Enter")
    first = page.locator('svg.bodymap [role=button][tabindex="0"]')
    expect(first).to_have_count(1)
    label = first.get_attribute("aria-label")
    assert page.evaluate(FOCUSED_LABEL_JS) == label, "the skip link lands on the figure's first muscle"
    expect(page.locator(".focus-name")).to_have_text(label)
    down = first.get_attribute("data-down")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED_ID_JS) == down
    moved = page.locator(f"svg.bodymap #{down}").get_attribute("aria-label")
    expect(page.locator(".focus-name")).to_have_text(moved)
    expect(page.locator('svg.bodymap [role=button][tabindex="0"]')).to_have_attribute("id", down)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=moved.replace(", ", " · "))).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_ID_JS) in ("", None) or not page.evaluate(FOCUSED_ID_JS).startswith("m-"), \
        "the figure is one tab stop: Tab leaves it"


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
    click_muscle(page, atlas, "piriformis", "right")
    expect(page.get_by_role("heading", name="Piriformis · right")).to_be_visible()
    expect(muscle_list).to_have_value("piriformis")
    expect(page.get_by_role("button", name="Right", exact=True)).to_have_attribute("aria-pressed", "true")
    muscle_list.select_option(value="")
    expect(page.get_by_role("heading", name="Start here")).to_be_visible()
    expect(page.locator('.muscle[aria-pressed="true"]')).to_have_count(0)
    expect(page.locator(".pattern > *, .marks > *")).to_have_count(0)
    expect(page).not_to_have_url(re.compile("muscle="))


def test_panel_sections_open_and_close_with_the_keyboard(page, server_url, atlas):
    open_explorer(page, server_url, "?muscle=quadratus_lumborum&side=right")
    best, *others = atlas.muscles["quadratus_lumborum"].techniques
    technique = atlas.techniques[best]
    step = page.get_by_text(technique.steps[0])
    expect(step).to_be_visible()  # the best techniques start open
    page.locator("summary", has_text=technique.name).focus()
    page.keyboard.press("Enter")
    expect(step).to_be_hidden()
    if len(others) > 1:
        expect(page.get_by_text(atlas.techniques[others[-1]].steps[0])).to_be_hidden()  # the rest start folded
    caution = page.get_by_text(atlas.safety.general_cautions[0].points[0])
    expect(caution).to_be_hidden()  # cautions start folded, under the open warning signs
    page.locator("summary", has_text="Cautions").focus()
    page.keyboard.press("Enter")
    expect(caution).to_be_visible()


def test_deep_link_opens_the_muscle(page, server_url, atlas):
    open_explorer(page, server_url, "?muscle=gluteus_minimus&side=left")
    expect(page.get_by_role("heading", name="Gluteus minimus · left")).to_be_visible()
    expect(page).to_have_title("Gluteus minimus (left) · triggermap")
    expect(muscle_region(page, "gluteus_minimus", "left")).to_have_attribute("aria-pressed", "true")
    expect_pattern(page, atlas, "gluteus_minimus", "left")


def test_hostile_deep_link_shows_a_notice_and_the_default_view(page, server_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_explorer(page, server_url, "?muscle=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&side=%22%3E")
    expect(page.get_by_text("not in the atlas")).to_be_visible()
    expect(page.get_by_role("heading", name="Start here")).to_be_visible()
    expect(page.get_by_role("combobox", name="Muscle")).to_be_enabled()  # the figure has been set up
    expect(page.locator('.muscle[aria-pressed="true"]')).to_have_count(0)
    expect(page.locator(".pattern > *, .marks > *")).to_have_count(0)
    assert not dialogs
    assert "Traceback" not in page.content()


def pdf_text(download) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(download.path()).pages)


def test_the_handout_downloads_as_a_pdf(page, server_url, atlas):
    open_explorer(page, server_url, "?muscle=piriformis&side=right")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download a handout (PDF)").click()
    download = download_info.value
    assert re.fullmatch(r"triggermap-piriformis-right-\d{4}-\d{2}-\d{2}\.pdf", download.suggested_filename)
    text = pdf_text(download)
    assert "Piriformis (right)" in text and "Warning signs: emergency now" in text


def test_a_therapist_customises_the_handout(page, server_url, atlas):
    muscle = atlas.muscles["gluteus_minimus"]
    chosen = atlas.techniques[muscle.techniques[-1]]
    open_explorer(page, server_url, "?muscle=gluteus_minimus&side=left")
    page.get_by_role("button", name="Customise for a client…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Client's name (optional)").fill("<script>alert(1)</script> Jane")
    dialog.get_by_label("A note for the client (optional)").fill("Twice a day for a week.")
    techniques = dialog.get_by_label("Techniques for Gluteus minimus (left)")
    techniques.click()
    page.get_by_role("option", name=chosen.name).click()
    page.keyboard.press("Escape")
    with page.expect_download() as download_info:
        dialog.get_by_role("button", name="Download the PDF").click()
    text = pdf_text(download_info.value)
    assert "<script>alert(1)</script> Jane" in text and "Twice a day for a week." in text
    assert chosen.name in text


def test_page_requests_nothing_from_outside_the_server(page, server_url, atlas):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    open_explorer(page, server_url)
    click_muscle(page, atlas, "piriformis", "right")
    expect(page.get_by_role("heading", name="Piriformis · right")).to_be_visible()
    page.wait_for_load_state("networkidle")
    outside = [u for u in requested if not u.startswith((server_url, "data:", "blob:"))]
    assert requested and not outside, outside


def test_screenshots_of_both_views(page, server_url, atlas):
    open_explorer(page, server_url, "?muscle=gluteus_minimus&side=right")
    expect(page.get_by_role("heading", name="Gluteus minimus · right")).to_be_visible()
    expect_pattern(page, atlas, "gluteus_minimus", "right")
    figure = page.locator("svg.bodymap")
    box = figure.bounding_box()
    assert box and box["width"] > 500, box
    ARTIFACTS = screenshot(page, "explore-full").parent
    figure.screenshot(path=str(ARTIFACTS / "bodymap-back-and-front.png"))
    deep = 2 * sum(m.depth == "deep" for m in atlas.muscles.values())
    superficial = 2 * len(atlas.muscles) - deep
    assert deep and superficial
    shown_deep = page.locator(".muscle.deep").filter(visible=True)
    shown_superficial = page.locator(".muscle.superficial").filter(visible=True)
    expect(shown_deep).to_have_count(deep)
    expect(shown_superficial).to_have_count(superficial)
    page.get_by_role("button", name="Deep (dashed)").click()
    expect(shown_superficial).to_have_count(0)
    expect(shown_deep).to_have_count(deep)
    expect(page.get_by_role("button", name="Deep (dashed)")).to_have_attribute("aria-pressed", "true")
    figure.screenshot(path=str(ARTIFACTS / "bodymap-deep-layer.png"))
    page.get_by_role("button", name="Surface", exact=True).click()
    expect(shown_deep).to_have_count(0)
    expect(shown_superficial).to_have_count(superficial)
    page.get_by_role("button", name="All", exact=True).click()
    expect(shown_deep).to_have_count(deep)
    expect(shown_superficial).to_have_count(superficial)


def test_figure_and_its_index_are_fetched_once_while_clicking_through_muscles(page, server_url, atlas):
    figure_requests = []
    page.on("request", lambda r: "/figure/" in r.url and figure_requests.append(r.url))
    open_explorer(page, server_url)
    for muscle_id, side in [("piriformis", "right"), ("gluteus_medius", "left"), ("quadratus_lumborum", "right")]:
        click_muscle(page, atlas, muscle_id, side)
        expect(page.get_by_role("heading", name=f"{atlas.muscles[muscle_id].name} · {side}")).to_be_visible()
    assert sorted(u.rsplit(".", 1)[1] for u in figure_requests) == ["json", "svg"], figure_requests


def test_search_box_finds_muscles_as_you_type_and_opens_them(page, server_url):
    page.goto(f"{server_url}/techniques")
    box = page.get_by_role("searchbox", name="Search muscles")
    box.fill("coughing")
    result = page.get_by_role("button", name="Quadratus lumborum")
    expect(result).to_be_visible()
    result.click()
    expect(page.get_by_role("heading", name="Quadratus lumborum · right")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search muscles")).to_have_value("")  # ready for the next search
    box = page.get_by_role("searchbox", name="Search muscles")
    box.fill("<script>zzqx</script>")
    box.press("Enter")
    expect(page.get_by_text("No muscle matches")).to_be_visible()
    assert "Traceback" not in page.content()


def test_a_portrait_tablet_shows_the_panel_beside_the_figure(page, server_url):
    page.set_viewport_size({"width": 768, "height": 1024})
    open_explorer(page, server_url, "?muscle=piriformis&side=left")
    heading = page.get_by_role("heading", name="Piriformis · left")
    expect(heading).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)  # the pages are in the top bar, not a side column
    expect(page.get_by_test_id("stTopNavLink").first).to_be_visible()
    figure = page.locator("svg.bodymap").bounding_box()
    assert figure["width"] > 300, figure
    assert heading.bounding_box()["x"] >= figure["x"] + figure["width"]  # beside it, not under it
    screenshot(page, "explore-tablet-portrait")


def test_narrow_window_puts_the_panel_under_a_full_width_figure(page, server_url):
    page.set_viewport_size({"width": 600, "height": 900})
    open_explorer(page, server_url, "?muscle=piriformis&side=left")
    heading = page.get_by_role("heading", name="Piriformis · left")
    expect(heading).to_be_visible()
    figure = page.locator("svg.bodymap").bounding_box()
    assert figure["width"] > 400, figure
    assert heading.bounding_box()["y"] > figure["y"] + figure["height"]
    screenshot(page, "explore-600px")
