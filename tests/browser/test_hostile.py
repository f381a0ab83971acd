"""Hostile deep links in a real browser: nothing fetched from elsewhere, no traceback, the notice shown as plain
text."""

from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import expect

from tests.conftest import wait_for_app_run

pytestmark = pytest.mark.browser

LINKS = [
    ("/", "muscle", "![i](http://127.0.0.1:1/pixel)"),
    ("/pain", "zones", "lateral_hip_right:²"),
    ("/", "muscle", ":red[**STOP: call 999 now**] :smile: [Log in again](http://127.0.0.1:1/login)"),
    ("/techniques", "tool", "<img src=x onerror=alert(1)>"),
]


@pytest.mark.parametrize("path, key, value", LINKS, ids=["markdown-image", "unicode-digit", "directives", "html"])
def test_hostile_link_fetches_nothing_elsewhere_and_shows_a_plain_notice(page, server_url, path, key, value):
    app = urlsplit(server_url)
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("websocket", lambda ws: requested.append(ws.url))
    page.goto(f"{server_url}{path}?{key}={quote(value, safe='')}")
    wait_for_app_run(page)
    alert = page.locator(".tm-notice[role=status]")  # triggermap/templates/notice.html.j2
    expected = value.split(":", 1)[1] if key == "zones" else value[:40]
    expect(alert).to_contain_text(expected)  # the value as typed, not rendered (waits for the text, not just the icon)
    assert len(alert.inner_text()) < 400
    assert alert.locator("img, a, strong, em, script, span[class*=color]").count() == 0
    assert alert.locator("code").count() >= 1
    assert "Traceback" not in page.content() and "Error" not in page.get_by_test_id("stMain").inner_text()
    if path in ("/", "/pain"):  # the figure still comes up, from this server
        expect(page.locator("svg.bodymap .zone").first).to_be_attached()
    page.wait_for_timeout(500)  # a check that nothing happens: let any image or font the page asked for start loading
    elsewhere = [u for u in requested if urlsplit(u).hostname not in (None, app.hostname) or
                 (urlsplit(u).port not in (None, app.port) and urlsplit(u).scheme in ("http", "https", "ws", "wss"))]
    elsewhere = [u for u in elsewhere if not u.startswith(("data:", "blob:"))]
    assert requested and not elsewhere, elsewhere
