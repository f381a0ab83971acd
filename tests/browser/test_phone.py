"""On a 390×844 touch screen: targets a thumb can hit, the answer in view after a tap, the pain flow in a
few taps, two-finger zoom that leaves one-finger scrolling to the page, and search at the top of the page."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_explore import SEED
from tests.browser.test_pain import result_rows, zone
from tests.conftest import screenshot, wait_for_app_run
from triggermap.figure import visible_parts, visual_centre
from triggermap.geometry import figure_geometry
from triggermap.zones import Region, Side

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
FIGURE = ".figure svg.bodymap"
MAIN = '[data-testid="stMain"]'
HEADER_PX = 64  # Streamlit's header bar, over the top of the page
THUMB, FINGERTIP = 44, 24  # CSS px: the seed muscles' targets, every other target (WCAG 2.2's minimum)

# The largest square of screen each button of the figure holds: the browser's own hit test on a 2 px grid,
# then the largest all-one square per button (k samples in a row span (k - 1) * step px).
TARGET_SQUARES_JS = """(svg, step) => {
  const root = svg.getRootNode();
  const box = svg.getBoundingClientRect();
  const cols = Math.floor(box.width / step), rows = Math.floor(box.height / step);
  const best = {};
  let above = new Array(cols).fill(0), aboveKey = new Array(cols).fill(null);
  for (let r = 0; r < rows; r++) {
    const row = new Array(cols).fill(0), keys = new Array(cols).fill(null);
    for (let c = 0; c < cols; c++) {
      const hit = root.elementFromPoint(box.left + (c + 0.5) * step, box.top + (r + 0.5) * step);
      const button = hit && hit.closest && hit.closest('[role="button"]');
      if (!button || !svg.contains(button)) continue;
      const key = button.getAttribute('aria-label');
      keys[c] = key;
      const same = (k) => k === key;
      row[c] = 1 + (c > 0 && same(keys[c - 1]) && same(aboveKey[c]) && same(aboveKey[c - 1])
        ? Math.min(row[c - 1], above[c], above[c - 1]) : 0);
      best[key] = Math.max(best[key] || 0, (row[c] - 1) * step);
    }
    above = row;
    aboveKey = keys;
  }
  return best;
}"""


@pytest.fixture
def phone(browser, server_url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def open_on_phone(page, url):
    page.goto(url)
    wait_for_app_run(page)
    expect(page.locator(f"{FIGURE} [role=button]").first).to_be_attached()


def scroll_top(page) -> float:
    return page.locator(MAIN).evaluate("el => el.scrollTop")


def view_box(page) -> list[float]:
    return [float(v) for v in page.locator(FIGURE).get_attribute("viewBox").split()]


def focus_box(page, view) -> list[float]:
    return [float(v) for v in page.locator(f'{FIGURE} .view[data-view="{view}"]').get_attribute("data-focus").split()]


def target_squares(page) -> dict[str, float]:
    """Each target's largest square in CSS px, with the whole figure on screen below Streamlit's header."""
    figure = page.locator(FIGURE)
    figure.evaluate("el => el.scrollIntoView({block: 'end'})")
    box = figure.bounding_box()
    assert box["y"] >= 60 and box["y"] + box["height"] <= PHONE["height"], f"the figure does not fit on screen: {box}"
    return figure.evaluate(TARGET_SQUARES_JS, 2)


def too_small(squares: dict[str, float], needs) -> list[str]:
    return [f"{label}: {side:g} px < {needs(label)}" for label, side in sorted(squares.items()) if side < needs(label)]


def tap_canvas(page, x: float, y: float) -> None:
    """A finger on the figure at canvas point (x, y), scrolled into view first if needed."""
    figure = page.locator(FIGURE)
    at = figure.evaluate(
        "(svg, [x, y]) => { const p = new DOMPoint(x, y).matrixTransform(svg.getScreenCTM()); return [p.x, p.y]; }",
        [x, y])
    if not 70 <= at[1] <= PHONE["height"] - 10:
        page.locator(MAIN).evaluate("(el, dy) => el.scrollBy(0, dy)", at[1] - PHONE["height"] / 2)
        page.wait_for_timeout(200)
        return tap_canvas(page, x, y)
    page.touchscreen.tap(*at)


def test_the_phone_opens_on_the_low_back_and_hip_and_every_muscle_is_big_enough_for_a_thumb(phone, server_url, atlas):
    open_on_phone(phone, server_url)
    assert view_box(phone) == focus_box(phone, "back"), "a phone opens on the back view's lumbopelvic window"
    seeds = {f"{atlas.muscles[m].name}, {side.value}" for m in SEED for side in Side}
    needs = lambda label: THUMB if label in seeds else FINGERTIP  # noqa: E731
    measured = {}
    for view in ("back", "front"):
        phone.get_by_role("button", name=view.title(), exact=True).tap()
        assert view_box(phone) == focus_box(phone, view)
        squares = target_squares(phone)
        assert not too_small(squares, needs), f"{view} view: {too_small(squares, needs)}"
        measured.update(squares)
    assert seeds <= set(measured), f"seed muscles not shown: {seeds - set(measured)}"
    screenshot(phone, "phone-explore-front")


def test_every_pain_zone_shown_on_a_phone_holds_a_fingertip(phone, server_url):
    open_on_phone(phone, f"{server_url}/pain")
    shown = set()
    for view in ("back", "front"):
        phone.get_by_role("button", name=view.title(), exact=True).tap()
        squares = target_squares(phone)
        assert not too_small(squares, lambda _: FINGERTIP), f"{view} view: {too_small(squares, lambda _: FINGERTIP)}"
        shown |= set(squares)
    lumbopelvic = [Region(zone, side) for zone in ("lumbar", "sacroiliac", "upper_buttock", "lateral_hip", "groin")
                   for side in Side]
    assert {region.name for region in lumbopelvic} <= shown, f"zones not shown: {sorted(shown)}"


@pytest.mark.parametrize("muscle_id", SEED)
def test_tapping_a_seed_muscle_brings_its_name_and_first_lines_into_view(phone, server_url, atlas, muscle_id):
    open_on_phone(phone, server_url)
    x, y, _ = visual_centre(visible_parts(atlas)[(muscle_id, Side.right)])
    before = scroll_top(phone)
    tap_canvas(phone, x, y)
    head = phone.locator(f'.tm-panel-head[data-muscle="{muscle_id}"][data-side="right"]')
    expect(head.get_by_role("heading", name=f"{atlas.muscles[muscle_id].name} · right")).to_be_in_viewport()
    expect(head.locator("p").filter(has_text=atlas.muscles[muscle_id].summary[:40])).to_be_in_viewport()
    assert scroll_top(phone) > before, "the page moved to the answer"
    expect(phone.locator(f'{FIGURE} .muscle[data-muscle="{muscle_id}"][aria-pressed="true"]')).to_have_count(1)
    screenshot(phone, f"phone-tap-{muscle_id}")
    head.get_by_role("link", name="See it on the figure").tap()
    expect(phone.locator(f"{FIGURE} .pattern .essential")).to_be_in_viewport()


def pinch(page, centre: tuple[float, float], start: float, end: float) -> None:
    """Two fingers on the figure moving apart (end > start: zoom in) or together, through the browser's input."""
    cdp = page.context.new_cdp_session(page)
    x, y = centre
    steps = 8
    for i in range(steps + 1):
        half = (start + (end - start) * i / steps) / 2
        points = [{"x": x - half, "y": y, "id": 0}, {"x": x + half, "y": y, "id": 1}]
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart" if i == 0 else "touchMove", "touchPoints": points})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def swipe(page, start: tuple[float, float], dy: float) -> None:
    """One finger dragged up (dy < 0) or down the screen."""
    cdp = page.context.new_cdp_session(page)
    x, y = start
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y + dy * i / 10}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_two_fingers_zoom_the_figure_and_one_finger_scrolls_the_page(phone, server_url):
    open_on_phone(phone, server_url)
    figure = phone.locator(FIGURE)
    figure.evaluate("el => el.scrollIntoView({block: 'center'})")
    box = figure.bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    opened, top = view_box(phone), scroll_top(phone)

    pinch(phone, centre, 80, 240)
    zoomed = view_box(phone)
    assert zoomed[2] < opened[2] * 0.6, f"pinching out zooms in: {opened} -> {zoomed}"
    assert abs(scroll_top(phone) - top) < 2, "a pinch does not scroll the page"

    swipe(phone, centre, -250)
    phone.wait_for_function(f"document.querySelector('{MAIN}').scrollTop > {top + 100}")
    assert view_box(phone) == zoomed, "one finger scrolls the page, not the figure"

    phone.get_by_role("button", name="Whole body").tap()
    assert view_box(phone) == [0, 0, 1000, 1200]
    phone.get_by_role("button", name="Back", exact=True).tap()
    assert view_box(phone) == opened


def test_search_is_at_the_top_and_a_result_opens_the_muscle(phone, server_url, atlas):
    open_on_phone(phone, f"{server_url}/pain")
    box = phone.get_by_role("searchbox", name="Search muscles")
    expect(box).to_be_in_viewport()
    box.tap()
    box.fill("piri")
    result = phone.get_by_role("button", name="Piriformis")
    result.tap()
    expect(phone.get_by_role("heading", name="Piriformis · right")).to_be_attached()
    expect(phone).to_have_url(f"{server_url}/?muscle=piriformis&side=right")
    expect(phone.get_by_role("searchbox", name="Search muscles")).to_have_value("")
    expect(phone.locator('[data-testid="stSidebar"]')).not_to_be_in_viewport()
    expect(phone.locator(f'{FIGURE} .muscle[data-muscle="piriformis"][aria-pressed="true"]')).to_be_in_viewport()


class Effort:
    """What a person does on the phone: taps, and how far they scroll to reach the next thing."""

    def __init__(self, page):
        self.page, self.taps, self.scrolled = page, 0, 0.0

    def bring(self, locator) -> None:
        """Scroll just far enough to see all of ``locator`` below Streamlit's header, as a person would."""
        locator.wait_for()
        box = locator.bounding_box()
        top, bottom = HEADER_PX, PHONE["height"] - 8
        needed = box["y"] + box["height"] - bottom if box["y"] + box["height"] > bottom else min(box["y"] - top, 0)
        if needed:
            before = scroll_top(self.page)
            self.page.locator(MAIN).evaluate("(el, dy) => el.scrollBy(0, dy)", needed)
            self.scrolled += abs(scroll_top(self.page) - before)

    def tap(self, locator, at: tuple[float, float] | None = None) -> None:
        self.bring(locator)
        box = locator.bounding_box()
        x, y = at or (box["width"] / 2, box["height"] / 2)
        self.page.touchscreen.tap(box["x"] + x, box["y"] + y)
        self.taps += 1


def zone_point(page, region_id, view="back") -> tuple[float, float]:
    """The middle of a zone as drawn, relative to its bounding box on screen."""
    centre = next(visual_centre(p.geometry) for p in figure_geometry().zones
                  if p.region == Region.parse(region_id) and p.view == view)
    return zone(page, region_id, view).evaluate(
        """(el, [x, y]) => { const p = new DOMPoint(x, y).matrixTransform(el.ownerSVGElement.getScreenCTM());
             const b = el.getBoundingClientRect(); return [p.x - b.left, p.y - b.top]; }""", list(centre[:2]))


def test_the_pain_flow_takes_a_few_taps_and_little_scrolling(phone, server_url, atlas):
    """Mark three places, set how strong each is, read the answer and show it on the figure."""
    open_on_phone(phone, f"{server_url}/pain")
    effort = Effort(phone)
    places = ["lumbar_right", "upper_buttock_right", "lateral_hip_right"]
    for region_id in places:
        drawn = zone(phone, region_id, "back")
        effort.tap(drawn, zone_point(phone, region_id))
        expect(drawn).to_have_attribute("aria-pressed", "true")
    for region_id, strength in zip(places, (8, 5, 3), strict=True):
        row = phone.locator(f".st-key-mark_row_{region_id}")
        slider = row.get_by_role("slider", name="How strong? 0 = none, 10 = worst")
        track = row.locator('[data-testid="stSlider"] [role="group"] > div').first
        effort.bring(track)
        box = track.bounding_box()
        effort.tap(track, (box["width"] * strength / 10, box["height"] / 2))
        expect(slider).to_have_value(str(strength))
    first = result_rows(phone).first
    effort.bring(first)
    expect(first).to_be_in_viewport()
    screenshot(phone, "phone-pain-results")
    effort.tap(phone.get_by_role("button", name="Show on figure").first)
    expect(phone.locator(f"{FIGURE} .pattern .essential")).to_be_in_viewport()
    expect(phone.locator(FIGURE)).to_be_in_viewport(ratio=0.6)
    screenshot(phone, "phone-pain-overlay")
    print(f"pain flow on a phone: {effort.taps} taps, {effort.scrolled:.0f} px scrolled")
    assert effort.taps == 7, "three places, three strengths, one 'Show on figure'"
    assert effort.scrolled <= 1.25 * PHONE["height"], f"{effort.scrolled:.0f} px of scrolling: about one screen at most"
