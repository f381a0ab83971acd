"""The Evidence page's forest plot in a real browser, on a phone and on a laptop."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1']), [contenteditable='true']"


@pytest.mark.parametrize("width, height", [(390, 844), (1400, 1000)])
def test_forest_plot_renders_and_nothing_leaves_the_server(browser, server_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(20_000)
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    try:
        page.goto(f"{server_url}/evidence")
        chart = page.locator('[data-testid="stPlotlyChart"]')
        chart.wait_for()  # the page's own 20 s: Plotly's script loads on first use, slow on a busy machine
        expect(chart).to_have_count(1)
        chart.scroll_into_view_if_needed()
        plot = chart.locator(".js-plotly-plot")
        expect(plot.locator(".scatterlayer .point")).to_have_count(3, timeout=20_000)
        expect(plot.locator(".errorbar")).to_have_count(3)
        expect(plot.get_by_text("Left of the line favours massage")).to_be_visible()
        expect(plot.get_by_text("How much massage eased pain")).to_be_visible()

        # an accessible name for the chart, and the same words as text beside it
        expect(chart).to_have_attribute("role", "figure")
        expect(chart).to_have_attribute("aria-label", re.compile(r"^Forest plot: The chart shows 3 results"))
        expect(page.get_by_text("The chart shows 3 results for pain.")).to_be_visible()
        expect(page.get_by_text("pain SMD −0.37 (95% CI −0.62 to −0.13), 12 trials, 964 people")).to_be_visible()

        # a still picture: no mode bar, nothing inside it for the keyboard to land on
        expect(chart.locator(".modebar")).to_have_count(0)
        assert chart.locator(FOCUSABLE).count() == 0

        # fits the screen: nothing cut off, no sideways scrolling
        box = plot.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, box
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        for label in plot.locator(".annotation").all():
            label_box = label.bounding_box()
            assert label_box["x"] >= box["x"] - 1 and label_box["x"] + label_box["width"] <= box["x"] + box["width"] + 1

        # Streamlit scrolls inside its main block, so capture the screen with the chart's section at the top
        page.get_by_text("Pain results, drawn as a chart").evaluate(
            "e => { e.style.scrollMarginTop = '4rem'; e.scrollIntoView({block: 'start'}); }"
        )
        page.wait_for_timeout(300)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"evidence-forest-{width}x{height}.png"))
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    outside = [u for u in requested if not u.startswith((server_url, "data:", "blob:"))]
    assert requested and not outside, outside
