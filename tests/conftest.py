"""Shared fixtures: the real atlas, a small valid content file to break, a live server and a browser."""

from __future__ import annotations

import copy
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from triggermap import load_atlas
from triggermap.geometry import figure_geometry

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
APP = ROOT / "triggermap_app" / "app.py"  # the script each page runs (what AppTest loads)
SERVER = "triggermap_app/server.py"  # what `streamlit run` starts, relative to ROOT
CHROMIUM = "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() == "true"

MINIMAL = {
    "sources": [{"id": "book", "citation": "A. Author. A Book. 2000.", "kind": "book"}],
    "red_flags": {
        "levels": {
            "emergency": {"title": "Emergency now", "action": "Go to the emergency department now."},
            "same_day": {"title": "Same day", "action": "See a doctor today."},
            "see_gp": {"title": "See your GP", "action": "Book an appointment soon."},
        },
        "flags": [
            {
                "id": "numb_saddle",
                "urgency": "emergency",
                "sign": "Numbness between the legs.",
                "means": "Pressure on the nerves.",
                "sources": [{"source": "book", "where": "Ch. 4"}],
            }
        ],
    },
    "safety": {
        "technique_rules": [{"title": "Go gently", "points": ["Moderate pressure only."]}],
        "daily_limit": {"minutes_per_day": 5, "seconds_per_spot": 90, "sessions_per_day_to_start": 1},
        "general_cautions": [{"title": "Clots", "points": ["Never massage a swollen calf."]}],
        "sources": [{"source": "book", "where": "Ch. 1"}],
    },
    "techniques": [
        {
            "id": "ball_wall",
            "name": "Ball against a wall",
            "tool": "ball",
            "position": "Standing.",
            "steps": ["Lean on the ball."],
            "pressure": "About 7 out of 10.",
            "dose": "One minute.",
            "stop_if": "Tingling.",
            "limit": {"seconds_per_spot": 60, "minutes_per_day": 1},
            "sources": [{"source": "book", "where": "Ch. 2"}],
        }
    ],
    "muscles": [
        {
            "id": "piriformis",
            "name": "Piriformis",
            "depth": "deep",
            "view": "back",
            "summary": "A small hip muscle.",
            "location": "Deep in the buttock.",
            "trigger_points": [
                {
                    "id": "lateral",
                    "name": "Outer point",
                    "at": [84, 602],
                    "location": "Near the hip bone.",
                    "essential": ["upper_buttock"],
                    "spillover": ["posterior_thigh"],
                    "referral": "Buttock and back of thigh.",
                }
            ],
            "symptoms": ["Worse sitting."],
            "causes": ["Long drives."],
            "techniques": ["ball_wall"],
            "warning_signs": ["numb_saddle"],
            "see_clinician": [{"urgency": "see_gp", "text": "Numb leg."}],
            "sources": [{"source": "book", "where": "Ch. 3"}],
        }
    ],
}


@pytest.fixture(scope="session")
def atlas():
    return load_atlas()


@pytest.fixture(scope="module")
def fig():
    """The figure model: triggermap/bodymap/figure.yaml as shapes."""
    return figure_geometry()


@pytest.fixture
def content():
    """A fresh copy of a small valid content dict, to break in one place."""
    return copy.deepcopy(MINIMAL)


class _NoAliasDumper(yaml.SafeDumper):
    """Writes a value shared by two places out twice: content files may not use anchors and aliases."""

    def ignore_aliases(self, data) -> bool:  # noqa: ANN001 - PyYAML's signature
        return True


@pytest.fixture
def write_yaml(tmp_path):
    def write(data, name="muscles.yaml") -> Path:
        path = tmp_path / name
        text = data if isinstance(data, str) else yaml.dump(data, Dumper=_NoAliasDumper, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVER_START_TIMEOUT = 90  # s until /_stcore/health answers: a cold start on a loaded 2-core machine
FIRST_PAGE_TIMEOUT = 30  # s for the first page's script run (imports, parsing the content, drawing the figure)
EXPECT_TIMEOUT = 15_000  # ms for every Playwright assertion; its 5 s default failed once while the first page took 10 s

try:
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT)
except ImportError:  # the browser fixture reports it (a failure under CI=true)
    pass


def start_streamlit(script: str, port: int, cwd: Path = ROOT, env: dict | None = None,
                    extra_args: tuple[str, ...] = (), address: str | None = "127.0.0.1",
                    python: str = sys.executable, wait: bool = True, launcher: tuple[str, ...] = (),
                    **popen) -> subprocess.Popen:
    """Start ``streamlit run`` and (unless ``wait=False``) wait until /_stcore/health answers 200.

    ``address=None`` leaves ``server.address`` to .streamlit/config.toml, as ``make run`` does. ``popen`` goes to
    ``subprocess.Popen`` (``user=``, ``group=``: run the server as another user).

    Server output goes to a temporary file (``proc.log_path``), never to a pipe nobody reads, as in Streamlit's
    own e2e conftest: a full pipe blocks the server. Stop it with ``stop_streamlit``. ``launcher`` replaces
    ``python -m streamlit run script`` (the installed ``triggermap`` command).
    """
    cmd = [
        *(launcher or (python, "-m", "streamlit", "run", script)),
        "--server.port", str(port), *(("--server.address", address) if address else ()),
        "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        *extra_args,
    ]
    log = tempfile.NamedTemporaryFile(prefix="triggermap-streamlit-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, **popen)
    log.close()
    proc.log_path = Path(log.name)
    if wait:
        wait_healthy(proc, port)
    return proc


def wait_healthy(proc: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{server_log(proc)}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    stop_streamlit(proc, keep_log=True)
    raise RuntimeError(f"streamlit was not healthy within {SERVER_START_TIMEOUT} s:\n{server_log(proc)}")


def server_log(proc: subprocess.Popen, tail: int = 4000) -> str:
    try:
        return f"[{proc.log_path}]\n" + proc.log_path.read_text(encoding="utf-8", errors="replace")[-tail:]
    except OSError:
        return "(no server log)"


def stop_streamlit(proc: subprocess.Popen, keep_log: bool = False) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
    if not keep_log:
        proc.log_path.unlink(missing_ok=True)


def wait_for_app_run(page, timeout_s: float = FIRST_PAGE_TIMEOUT) -> None:
    """Wait until the page's script run has finished, as Streamlit's e2e tests do."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_s * 1000)


@pytest.fixture(scope="session")
def server_url(browser):
    """The app on a free loopback port, healthy and with its first page run once in the browser."""
    port = _free_port()
    proc = start_streamlit(SERVER, port)
    url = f"http://127.0.0.1:{port}"
    try:
        context = browser.new_context()
        try:
            first = context.new_page()
            first.goto(url, timeout=FIRST_PAGE_TIMEOUT * 1000)
            wait_for_app_run(first)
        finally:
            context.close()
    except Exception as err:
        stop_streamlit(proc, keep_log=True)
        raise RuntimeError(
            f"the first page did not finish within {FIRST_PAGE_TIMEOUT} s: {err}\n{server_log(proc)}"
        ) from err
    yield url
    stop_streamlit(proc)


def launch_chromium(playwright):
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--no-first-run", "--disable-quic"],
    )


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium through Playwright. Under CI=true a browser that cannot start is a failure."""
    try:
        from playwright.sync_api import sync_playwright

        manager = sync_playwright().start()
        instance = launch_chromium(manager)
    except Exception as err:  # noqa: BLE001 - any launch failure means the same thing here
        if IN_CI:
            pytest.fail(f"browser tests must run in CI, but chromium could not start: {err}")
        pytest.skip(f"chromium unavailable: {err}")
    yield instance
    instance.close()
    manager.stop()


@pytest.fixture
def page(browser, server_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


VISIBLE_POINT_JS = """(el) => {
  const root = el.getRootNode();
  const box = el.getBoundingClientRect();
  const steps = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9];
  for (const fy of steps) for (const fx of steps) {
    const x = box.left + box.width * fx, y = box.top + box.height * fy;
    const hit = root.elementFromPoint(x, y);
    if (hit && el.contains(hit)) return [x, y];
  }
  return null;
}"""


def click_where_visible(page, locator) -> None:
    """Click a region like a person would: on a point where it is on top, not hidden under another region."""
    locator.scroll_into_view_if_needed()
    point = locator.evaluate(VISIBLE_POINT_JS)
    assert point, "no visible, clickable point on this region"
    page.mouse.click(*point)


TO_SCREEN_JS = """(svg, [x, y]) => {
  const point = svg.createSVGPoint();
  point.x = x;
  point.y = y;
  const screen = point.matrixTransform(svg.getScreenCTM());
  return [screen.x, screen.y];
}"""


def click_canvas(page, x: float, y: float, target=None) -> None:
    """Click the figure at canvas coordinates (the figure model's), with ``target`` (drawn there) or the figure
    scrolled into view."""
    figure = page.locator(".figure svg.bodymap")
    (target or figure).scroll_into_view_if_needed()
    page.mouse.click(*figure.evaluate(TO_SCREEN_JS, [x, y]))


@pytest.fixture
def errors_log(caplog):
    """What the app logs as errors (triggermap_app/errors.py): tracebacks that visitors never see."""
    logger = logging.getLogger("triggermap.errors")
    logger.addHandler(caplog.handler)
    yield caplog
    logger.removeHandler(caplog.handler)


def run_page(page: str, timeout: float = 60, **query):
    """The real app under streamlit.testing, on ``page`` (an app_pages/ module name), with URL query values."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=timeout)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != "explore":
        at.switch_page(f"app_pages/{page}.py")
        at.run()
    assert not at.exception, at.exception
    return at
