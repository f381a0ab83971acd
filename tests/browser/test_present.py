"""The present view in a real browser: arrow keys and swipes step through the trigger points, full screen."""

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot, wait_for_app_run

pytestmark = pytest.mark.browser

LINK = "/present?muscle=gluteus_minimus&side=right"
FROM_A_DRAWING = LINK + "&zones=lateral_hip_right:8,lateral_thigh_right:4"
CROSSES = ".stage svg path[stroke-width='2.6']"  # each trigger point's cross (triggermap.figure STATIC["cross"])


def open_present(page, url, path):
    page.goto(url + path)
    wait_for_app_run(page)
    expect(page.locator(".present .count")).to_have_text("Step 1 of 4" if "zones" in path else "Step 1 of 3")


def test_arrow_keys_step_through_each_trigger_point_then_the_drawing(page, server_url, atlas):
    muscle = atlas.muscles["gluteus_minimus"]
    open_present(page, server_url, FROM_A_DRAWING)
    expect(page).to_have_title("Present: Gluteus minimus (right) · triggermap")
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()  # the figure gets the screen
    expect(page.locator(".present .step-title")).to_have_text("Gluteus minimus (right)")
    expect(page.locator(CROSSES)).to_have_count(len(muscle.trigger_points))  # the whole pattern first
    for number, point in enumerate(muscle.trigger_points, 1):
        page.keyboard.press("ArrowRight")
        expect(page.locator(".present .count")).to_have_text(f"Step {number + 1} of 4")
        expect(page.locator(".present .step-title")).to_have_text(f"Point {number} of 2: {point.name}")
        expect(page.locator(CROSSES)).to_have_count(1)  # only this point, with its own pattern
        assert point.referral.startswith(page.locator(".present .step-text").inner_text())
        if number == 1:
            screenshot(page, "present-laptop-point")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".present .step-title")).to_have_text("On your drawing")
    marks = page.locator(".stage svg path[fill='#e08a00']")  # the client's marked places, in each view drawn
    expect(marks.first).to_be_visible()
    assert marks.count() >= 2
    expect(page.locator("[data-step=next]")).to_be_disabled()
    screenshot(page, "present-laptop-drawing")
    page.keyboard.press("Home")
    expect(page.locator(".present .count")).to_have_text("Step 1 of 4")
    expect(page.locator("[data-step=previous]")).to_be_disabled()


def test_without_a_drawing_there_is_no_drawing_step(page, server_url):
    open_present(page, server_url, LINK)
    page.keyboard.press("End")
    expect(page.locator(".present .count")).to_have_text("Step 3 of 3")
    expect(page.locator(".present .step-title")).not_to_have_text("On your drawing")


def horizontal_swipe(page, start, dx):
    cdp = page.context.new_cdp_session(page)
    x, y = start
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x + dx * i / 10, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_a_swipe_on_a_phone_moves_a_step_and_nothing_spills_off_screen(browser, server_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        open_present(page, server_url, LINK)
        stage = page.locator(".present .stage")
        box = stage.bounding_box()
        centre = (box["x"] + box["width"] / 2, box["y"] + min(box["height"], 300) / 2)
        horizontal_swipe(page, centre, -150)  # finger moves left: the next step
        expect(page.locator(".present .count")).to_have_text("Step 2 of 3")
        horizontal_swipe(page, centre, 150)
        expect(page.locator(".present .count")).to_have_text("Step 1 of 3")
        for button in ("[data-step=previous]", "[data-step=next]"):  # the controls are on screen, not off its edge
            rect = page.locator(button).evaluate("b => b.getBoundingClientRect().toJSON()")
            assert rect["right"] <= 390 and rect["bottom"] <= 844, (button, rect)
        page.locator("[data-step=next]").click()
        expect(page.locator(".present .count")).to_have_text("Step 2 of 3")
        screenshot(page, "present-phone")
    finally:
        context.close()


def test_explore_and_pain_pages_open_the_present_view(page, server_url):
    page.goto(server_url + "/?muscle=piriformis&side=left")
    wait_for_app_run(page)
    page.get_by_role("link", name="Present to a client").click()
    expect(page.locator(".present .step-title")).to_have_text("Piriformis (left)")
    page.goto(server_url + "/pain?zones=lateral_hip_right:7")
    wait_for_app_run(page)
    page.get_by_role("link", name="Present on this drawing").first.click()
    expect(page.locator(".present .count")).to_have_text("Step 1 of 4")
    page.keyboard.press("End")
    expect(page.locator(".present .step-title")).to_have_text("On your drawing")
