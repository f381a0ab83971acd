"""Shared fixtures: the real atlas, a small valid content file to break, a live server and a browser."""

from __future__ import annotations

import copy
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from triggermap import load_atlas

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
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


@pytest.fixture
def content():
    """A fresh copy of a small valid content dict, to break in one place."""
    return copy.deepcopy(MINIMAL)


@pytest.fixture
def write_yaml(tmp_path):
    def write(data, name="muscles.yaml") -> Path:
        path = tmp_path / name
        path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return path

    return write


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(script: str, port: int, cwd: Path = ROOT) -> subprocess.Popen:
    cmd = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


@pytest.fixture(scope="session")
def server_url():
    port = _free_port()
    proc = start_streamlit("app.py", port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


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
    if (root.elementFromPoint(x, y) === el) return [x, y];
  }
  return null;
}"""


def click_where_visible(page, locator) -> None:
    """Click a region like a person would: on a point where it is on top, not hidden under another region."""
    locator.scroll_into_view_if_needed()
    point = locator.evaluate(VISIBLE_POINT_JS)
    assert point, "no visible, clickable point on this region"
    page.mouse.click(*point)
