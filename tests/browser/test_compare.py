"""Compare in a real browser: the deep link, the tab title, the figure as an image, and the way in from the pain
page."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot, wait_for_app_run

pytestmark = pytest.mark.browser

LINK = "/compare?muscles=gluteus_minimus:right,piriformis:right"


def test_deep_link_shows_both_patterns_and_names_the_tab(page, server_url):
    page.goto(server_url + LINK)
    wait_for_app_run(page)
    figure = page.locator("img.tm-compare-figure")
    expect(figure).to_have_attribute("alt", "Referral patterns of 1. Gluteus minimus (right), 2. Piriformis (right)")
    expect(figure).to_be_visible()
    assert figure.evaluate("img => img.complete && img.naturalWidth > 0")  # the drawing really loaded
    expect(page).to_have_title("Compare: Gluteus minimus (right), Piriformis (right) · triggermap")
    table = page.locator("table.tm-compare-table")
    expect(table.get_by_role("rowheader", name="Side of the hip (right)")).to_be_visible()
    expect(table.get_by_role("columnheader", name="2 Piriformis (right)")).to_be_visible()
    screenshot(page, "compare-laptop")


def test_pain_page_opens_compare_with_its_top_three(page, server_url):
    page.goto(server_url + "/pain?zones=lateral_hip_right:7,upper_buttock_right:5")
    wait_for_app_run(page)
    page.get_by_role("link", name="Compare the top 3 on one figure").click()
    expect(page).to_have_url(re.compile(r"/compare\?muscles=[a-z_]+%3Aright%2C[a-z_]+%3Aright%2C[a-z_]+%3Aright$"))
    expect(page.locator("img.tm-compare-figure")).to_be_visible()
    expect(page.locator(".tm-compare-legend li .num")).to_have_count(3)


def test_phone_shows_the_figure_across_the_screen(browser, server_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(server_url + LINK)
        wait_for_app_run(page)
        figure = page.locator("img.tm-compare-figure")
        expect(figure).to_be_visible()
        box = figure.bounding_box()
        assert box["width"] >= 330  # the figure uses the phone's width
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing scrolls sideways
        figure.scroll_into_view_if_needed()
        screenshot(page, "compare-phone")
    finally:
        context.close()


def test_a_care_plan_of_the_compared_muscles_downloads(page, server_url, tmp_path):
    from pypdf import PdfReader

    page.goto(server_url + LINK)
    wait_for_app_run(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download a care plan (2 muscles) (PDF)").click()
    assert re.fullmatch(r"triggermap-care-plan-\d{4}-\d{2}-\d{2}\.pdf", download.value.suggested_filename)
    saved = tmp_path / "plan.pdf"
    download.value.save_as(saved)
    text = "".join(p.extract_text() for p in PdfReader(saved).pages)
    assert "Gluteus minimus (right)" in text and "Piriformis (right)" in text
