"""Accessibility as a test: axe-core audits every page on a laptop and on a phone, and each page names its tab.

axe-core comes inside axe-playwright-python's wheel and is evaluated in the page: the audit loads nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.conftest import wait_for_app_run
from triggermap.gate import zones_link
from triggermap.zones import Region

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}  # axe's two highest impacts: a page with one of these fails
SHOWN_TARGETS = 3  # selectors listed per violation in a failure message
VIEWPORTS = {
    "laptop": {"viewport": {"width": 1400, "height": 1000}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
# Rules that check only what is on the screen: axe skips what is scrolled out of Streamlit's main pane.
ON_SCREEN_RULES = ["color-contrast", "link-in-text-block", "target-size"]
APP_NAME = "triggermap"
MARKS = {Region.parse("lateral_hip_right"): 7, Region.parse("sacrum"): 4}


@dataclass(frozen=True)
class Screen:
    """A page in one state: its URL, its name (the h1 and the tab title) and what shows that state is drawn."""

    id: str
    path: str
    name: str
    drawn: tuple[str, ...] = ()  # Playwright selectors that must be visible before the audit


PAGES = [
    Screen("explore", "/", "Explore muscles", ("svg.bodymap",)),
    Screen("pain", "/pain", "Where does it hurt?", ("svg.bodymap",)),
    Screen("compare", "/compare", "Compare muscles"),
    Screen("techniques", "/techniques", "Techniques library"),
    Screen("evidence", "/evidence", "Evidence & limits", (".js-plotly-plot .scatterlayer .point >> nth=0",)),
    Screen("sources", "/sources", "Sources"),
    Screen("about", "/about", "About & safety"),
]
STATES = [  # pages with more on them: a muscle's panel, marks with their ranked muscles, three patterns compared
    Screen("explore-muscle", "/?muscle=gluteus_medius&side=right", "Explore muscles",
           ("svg.bodymap .pattern .essential", "role=heading[name='Gluteus medius · right']")),
    Screen("pain-marked", f"/pain?zones={zones_link(MARKS)}", "Where does it hurt?",
           ("svg.bodymap .marked >> nth=0", "text=/^1\\. /")),
    Screen("compare-three", "/compare?muscles=gluteus_minimus:right,piriformis:right,quadratus_lumborum:right",
           "Compare muscles", ("img.tm-compare-figure", "table.tm-compare-table")),
]

SCROLL_MAIN_JS = """(top) => new Promise((done) => {
  const main = document.querySelector('[data-testid="stMain"]');
  main.scrollTop = top;
  requestAnimationFrame(() => requestAnimationFrame(() =>
    done([main.scrollTop, main.scrollHeight, main.clientHeight])));
})"""


@pytest.fixture(scope="module")
def context_for(browser, server_url):
    """One browser context per viewport for the whole module: a new page per test is cheap, a context less so."""
    made = {}

    def get(viewport: str):
        if viewport not in made:
            made[viewport] = browser.new_context(**VIEWPORTS[viewport])
        return made[viewport]

    yield get
    for context in made.values():
        context.close()


def open_screen(context, url: str, screen: Screen):
    """The page at ``screen``, with its script run finished and its own content drawn."""
    page = context.new_page()
    page.set_default_timeout(30_000)  # a loaded 2-core machine: the evidence page's Plotly takes a while
    page.goto(url + screen.path)
    expect(page.get_by_role("heading", level=1, name=screen.name)).to_be_visible()
    for drawn in screen.drawn:
        page.locator(drawn).wait_for()
    wait_for_app_run(page)
    return page


def blocking_violations(page) -> list[dict]:
    """axe's serious and critical violations, on the whole page.

    Streamlit scrolls inside its main pane, and axe checks contrast only on what is on the screen, so after a full
    audit the pane is scrolled a screen at a time and the on-screen rules run again. Nodes are merged by rule.
    """
    axe = Axe()
    found: dict[str, dict] = {}
    options = {"resultTypes": ["violations"]}
    top = 0
    while True:
        at, height, pane = page.evaluate(SCROLL_MAIN_JS, top)
        for violation in axe.run(page, options=options).response["violations"]:
            if violation["impact"] not in BLOCKING:
                continue
            merged = found.setdefault(violation["id"], {**violation, "nodes": []})
            known = {str(node["target"]) for node in merged["nodes"]}
            merged["nodes"] += [node for node in violation["nodes"] if str(node["target"]) not in known]
        if at + pane >= height - 1:
            return list(found.values())
        top = at + pane * 0.8  # an overlap, so nothing is only ever half on the screen
        options = {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": ON_SCREEN_RULES}}


def selector(target: list) -> str:
    """axe's target: a CSS selector, or a list of them through shadow roots."""
    return " ".join(" >>> ".join(t) if isinstance(t, list) else t for t in target)


def finding(node: dict) -> str:
    """The element, shortened, and what axe found wrong with it (e.g. the contrast it measured)."""
    checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
    html = " ".join(node["html"].split())
    return shorten(html, 80) + (f" — {shorten(checks[0]['message'], 220)}" if checks else "")


def shorten(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        nodes = v["nodes"]
        lines.append(f"{v['id']} ({v['impact']}, {len(nodes)} node{'s' if len(nodes) != 1 else ''}): {v['help']}")
        for node in nodes[:SHOWN_TARGETS]:
            lines += [f"    {selector(node['target'])}", f"      {finding(node)}"]
        if len(nodes) > SHOWN_TARGETS:
            lines.append(f"    … and {len(nodes) - SHOWN_TARGETS} more")
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("screen", PAGES + STATES, ids=lambda s: s.id)
def test_no_serious_or_critical_axe_violations(context_for, server_url, screen, viewport):
    page = open_screen(context_for(viewport), server_url, screen)
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    try:
        violations = blocking_violations(page)
    finally:
        page.close()
    if violations:
        pytest.fail(f"{screen.path} on a {viewport}:\n{describe(violations)}", pytrace=False)
    outside = [u for u in requested if not u.startswith((server_url, "data:", "blob:"))]
    assert not outside, f"the audit loaded from outside: {outside}"


def tab_title(name: str) -> re.Pattern:
    """The page's own name (its st.Page title), optionally followed by the app's."""
    return re.compile(rf"^{re.escape(name)}(?: · {APP_NAME})?$")


def test_each_page_names_its_browser_tab(context_for, server_url):
    page = context_for("laptop").new_page()
    try:
        titles = {}
        for screen in PAGES:  # each page opened by its URL: a new session each time
            page.goto(server_url + screen.path)
            wait_for_app_run(page)
            expect(page).to_have_title(tab_title(screen.name))
            titles[screen.path] = page.title()
        assert len(set(titles.values())) == len(PAGES), titles

        # and in one session, through the navigation: a page must not keep the tab title of the one before
        for screen in reversed(PAGES):
            page.locator('[data-testid="stTopNavLink"]', has_text=screen.name).click()  # pages in the top bar
            expect(page.get_by_role("heading", level=1, name=screen.name)).to_be_visible()
            expect(page).to_have_title(tab_title(screen.name))
    finally:
        page.close()
