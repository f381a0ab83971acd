"""Two replicas of the app behind nginx, with the real deploy/nginx/triggermap.conf: the headers and blocks a
visitor and an attacker meet, the page working under the Content-Security-Policy, one browser kept on one replica,
and a page that carries on by itself when its replica is killed.

nginx runs as a foreground process from a temporary directory: a wrapper nginx.conf that includes the real
triggermap.conf, the sample deploy/nginx/upstream.conf with the replicas' ports put in, and a site.conf that
listens on a free loopback port. Under CI=true a missing nginx fails the test (scripts/ensure-nginx installs it).
"""

from __future__ import annotations

import gzip
import os
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from deploy.local import NGINX, nginx_errors, request, start_nginx, write_nginx_conf
from tests.conftest import (
    FIRST_PAGE_TIMEOUT,
    IN_CI,
    SERVER,
    SERVER_START_TIMEOUT,
    _free_port,
    click_canvas,
    server_log,
    start_streamlit,
    stop_streamlit,
    wait_for_app_run,
    wait_healthy,
)
from triggermap.figure import visible_parts, visual_centre
from triggermap.zones import Side

pytestmark = pytest.mark.browser

RECOVERY_TIMEOUT = 90  # s for the page to reconnect and run again on the other replica, on a loaded machine
PAGE_WATCH_JS = """() => {  // policy violations, and how many script runs the page has seen
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation',
    (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  window.scriptRuns = 0;
  new MutationObserver((changes) => {
    for (const c of changes) if (c.target.getAttribute('data-test-script-state') === 'running') window.scriptRuns++;
  }).observe(document, {subtree: true, attributeFilter: ['data-test-script-state']});
}"""


@dataclass
class Deployment:
    url: str
    port: int
    replicas: dict[str, subprocess.Popen]  # "127.0.0.1:<port>", as nginx logs it -> the replica's process
    access_log: Path

    def log_lines(self) -> list[str]:
        return self.access_log.read_text(encoding="utf-8").splitlines()

    def wait_for_log_lines(self, wanted, count: int, timeout_s: float = 15) -> list[str]:
        """The access log's lines ``wanted`` accepts, once there are ``count``.

        nginx logs a request after answering it."""
        deadline = time.monotonic() + timeout_s
        while len(found := [line for line in self.log_lines() if wanted(line)]) < count:
            assert time.monotonic() < deadline, f"{len(found)} of {count} access log lines: {found}"
            time.sleep(0.1)
        return found


def websocket_handshake(port: int, origin: str) -> int:
    """The status nginx answers to a browser's WebSocket handshake from ``origin``."""
    handshake = (f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                 f"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                 f"Sec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(handshake.encode())
        status_line = conn.makefile("rb").readline().decode()
    return int(status_line.split()[1])


@pytest.fixture(scope="module")
def deployment(browser, tmp_path_factory):
    """Two replicas, each with its first page run once, and nginx in front of them."""
    if not os.access(NGINX, os.X_OK):
        if IN_CI:
            pytest.fail(f"the deployment test must run in CI, but {NGINX} is missing (scripts/ensure-nginx)")
        pytest.skip(f"{NGINX} is missing: run scripts/ensure-nginx")
    base = tmp_path_factory.mktemp("nginx")
    ports = [_free_port(), _free_port()]
    replicas = {f"127.0.0.1:{port}": start_streamlit(SERVER, port, wait=False) for port in ports}
    nginx = None
    try:
        for port, proc in zip(ports, replicas.values(), strict=True):
            wait_healthy(proc, port)
        warm_up(browser, [f"http://127.0.0.1:{port}" for port in ports])
        port = _free_port()
        nginx = start_nginx(base, write_nginx_conf(base, port, ports), port)
        yield Deployment(f"http://127.0.0.1:{port}", port, replicas, base / "access.log")
    except Exception as err:
        logs = "\n".join(server_log(proc) for proc in replicas.values())
        raise RuntimeError(f"{err}\n{nginx_errors(base)}\n{logs}") from err
    finally:
        if nginx:
            stop_streamlit(nginx, keep_log=True)  # the same terminate, then kill; its log stays in base
        for proc in replicas.values():
            stop_streamlit(proc)


def warm_up(browser, urls: list[str]) -> None:
    """Each replica's first page run (imports, the content, the figure), side by side."""
    context = browser.new_context()
    try:
        pages = [context.new_page() for _ in urls]
        for page, url in zip(pages, urls, strict=True):
            page.goto(url, timeout=SERVER_START_TIMEOUT * 1000)
        for page in pages:
            wait_for_app_run(page, SERVER_START_TIMEOUT)
    finally:
        context.close()


@pytest.fixture
def page(browser, deployment):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.add_init_script(f"({PAGE_WATCH_JS})()")
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    violations = page.evaluate("window.cspViolations") if not page.is_closed() else []
    context.close()
    assert not violations and not console, f"the page broke the Content-Security-Policy: {violations} {console}"


def open_page(page, deployment: Deployment, path: str) -> None:
    page.goto(deployment.url + path)
    wait_for_app_run(page, FIRST_PAGE_TIMEOUT)


def muscle_region(page, muscle_id: str, side: str):
    return page.locator(f'.muscle[data-muscle="{muscle_id}"][data-side="{side}"]')


def expect_selected(page, name: str, muscle_id: str, side: str) -> None:
    """The panel and the figure both show ``muscle_id`` on ``side``, and so does the URL."""
    expect(page.get_by_role("heading", name=f"{name} · {side}")).to_be_visible()
    expect(muscle_region(page, muscle_id, side)).to_have_attribute("aria-pressed", "true")
    expect(page.locator('.muscle[aria-pressed="true"]')).to_have_count(1)
    expect(page).to_have_url(re.compile(rf"\?muscle={muscle_id}&side={side}$"))


def click_muscle(page, atlas, muscle_id: str, side: str) -> None:
    x, y, _ = visual_centre(visible_parts(atlas)[(muscle_id, Side(side))])
    click_canvas(page, x, y, muscle_region(page, muscle_id, side))


def wait_until(page, condition: str, timeout_s: float) -> None:
    """Poll a JavaScript condition from outside the page (page.wait_for_function evaluates a string in the page,
    which the policy forbids)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(condition):
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout_s} s: {condition}")
        page.wait_for_timeout(200)


def replica_connects(replica: str) -> int:
    """How many sessions the replica has opened (its own metrics, asked directly, not through nginx)."""
    port = int(replica.rsplit(":", 1)[1])
    status, _, body = request(port, "/_stcore/metrics")
    assert status == 200, f"replica {replica} metrics: {status}"
    return int(re.search(rb'session_events_total\{type="connect"\} (\d+)', body).group(1))


SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def test_every_answer_carries_the_security_headers(deployment):
    for path in ("/", "/?muscle=piriformis&side=right", "/_stcore/health", "/no-such-file", "/_stcore/metrics"):
        status, headers, _ = request(deployment.port, path)
        assert status in (200, 404), (path, status)
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, (path, name, headers.get(name))
        csp = headers.get("Content-Security-Policy", "")
        for directive in ("default-src 'self'", "connect-src 'self'", "object-src 'none'", "frame-ancestors 'none'"):
            assert directive in csp, (path, directive, csp)
        assert not re.search(r"https?:|\*", csp), f"the policy allows another host: {csp}"
        assert "camera=()" in headers.get("Permissions-Policy", ""), path
        assert not any(replica in str(headers) for replica in deployment.replicas), "a replica's address leaked"


def test_the_page_and_stcore_are_never_cached_and_a_route_cookie_is_set(deployment):
    for path in ("/", "/_stcore/health", "/_stcore/host-config"):
        status, headers, _ = request(deployment.port, path)
        assert status == 200 and headers.get("Cache-Control") == "no-cache", (path, headers.get("Cache-Control"))
    _, headers, _ = request(deployment.port, "/")
    cookie = next(c for c in headers.get_all("Set-Cookie") if c.startswith("tm_route="))
    assert {"HttpOnly", "SameSite=Lax", "Path=/"} <= {part.strip() for part in cookie.split(";")}, cookie
    _, headers, _ = request(deployment.port, "/", {"Cookie": "tm_route=abc"})
    assert not [c for c in headers.get_all("Set-Cookie") or [] if c.startswith("tm_route=")], "cookie set again"


def test_hashed_static_files_are_gzipped_and_cached_for_good(deployment):
    _, _, page = request(deployment.port, "/")
    script = re.search(rb'src="\./(static/js/index\.[\w-]+\.js)"', page).group(1).decode()
    status, headers, body = request(deployment.port, f"/{script}", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip", headers
    assert b"createElement" in gzip.decompress(body)
    assert headers.get("Cache-Control") == "public, max-age=31536000, immutable"


def test_streamlit_metrics_are_not_served_through_nginx(deployment):
    live = next(replica for replica, proc in deployment.replicas.items() if proc.poll() is None)
    status, _, body = request(int(live.rsplit(":", 1)[1]), "/_stcore/metrics")
    assert status == 200 and b"session_events" in body  # the replica itself serves them
    for path in ("/_stcore/metrics", "/_stcore//metrics", "/_stcore/%6detrics", "/_stcore/metrics?x=1"):
        status, _, body = request(deployment.port, path)
        assert status == 404 and b"session_events" not in body, (path, status)


def test_a_websocket_from_another_site_is_refused_by_nginx(deployment):
    logs_before = [proc.log_path.read_text() for proc in deployment.replicas.values()]
    assert websocket_handshake(deployment.port, "http://evil.example") == 403
    assert websocket_handshake(deployment.port, f"http://localhost:{deployment.port}") == 403  # another host name
    refused = deployment.wait_for_log_lines(lambda line: '"GET /_stcore/stream ' in line and '" 403 ' in line, 2)
    assert all("upstream=- " in line for line in refused[-2:]), f"nginx asked a replica: {refused[-2:]}"
    assert [proc.log_path.read_text() for proc in deployment.replicas.values()] == logs_before
    assert websocket_handshake(deployment.port, deployment.url) == 101  # the page's own origin passes


def test_the_pages_work_under_the_content_security_policy(page, deployment):
    figure_files = []
    page.on("response", lambda r: figure_files.append(r) if "/figure/" in r.url else None)
    open_page(page, deployment, "/?muscle=piriformis&side=right")
    expect_selected(page, "Piriformis", "piriformis", "right")
    with page.expect_download() as download:  # the handout is a /media file on the session's replica
        page.get_by_role("button", name="Download a handout (PDF)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    assert figure_files and all(r.ok and r.headers["cache-control"] == "public, max-age=31536000, immutable"
                                for r in figure_files), [(r.url, r.status) for r in figure_files]
    open_page(page, deployment, "/evidence")
    expect(page.locator(".js-plotly-plot")).to_be_visible()
    open_page(page, deployment, "/pain?zones=lateral_hip_right:7")
    expect(page.locator(".figure svg.bodymap")).to_be_visible()
    # the page fixture asserts that nothing broke the policy


def test_a_killed_replica_s_page_carries_on_by_itself_on_the_other(page, deployment, atlas):
    open_page(page, deployment, "/?muscle=piriformis&side=right")
    expect_selected(page, "Piriformis", "piriformis", "right")
    route = next(c["value"] for c in page.context.cookies() if c["name"] == "tm_route")
    served_by = {re.search(r"upstream=(\S+)", line).group(1)
                 for line in deployment.log_lines() if f" route={route} " in line}
    assert len(served_by) == 1, f"one browser's requests went to several replicas: {served_by}"
    victim = served_by.pop()
    survivor = next(replica for replica in deployment.replicas if replica != victim)
    sessions_before, runs_before = replica_connects(survivor), page.evaluate("window.scriptRuns")

    deployment.replicas[victim].send_signal(signal.SIGKILL)
    deployment.replicas[victim].wait(timeout=30)

    # No reload: the page reconnects through nginx, now to the survivor, and runs the script there from its URL.
    # (Streamlit's page asks for that run only in some states, e.g. with an auto-rerun fragment on the page; else
    # it waits for its old session and its next click does nothing: see deploy/README.md.)
    wait_until(page, f"window.scriptRuns > {runs_before}", RECOVERY_TIMEOUT)
    wait_for_app_run(page, RECOVERY_TIMEOUT)
    assert replica_connects(survivor) > sessions_before, "the page did not open a session on the other replica"
    expect_selected(page, "Piriformis", "piriformis", "right")
    click_muscle(page, atlas, "gluteus_medius", "left")
    expect_selected(page, "Gluteus medius", "gluteus_medius", "left")
