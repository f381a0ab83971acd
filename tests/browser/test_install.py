"""The package carries its own content: a plain `pip install .` into a fresh venv serves the whole app from any
directory, with the source tree gone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import (
    FIRST_PAGE_TIMEOUT,
    ROOT,
    _free_port,
    start_streamlit,
    stop_streamlit,
    wait_for_app_run,
    wait_healthy,
)

pytestmark = pytest.mark.browser
INSTALL_TIMEOUT = 600  # s: pip builds the wheel in an isolated environment (setuptools from the package index)


def run(*cmd, cwd: Path) -> str:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    assert done.returncode == 0, f"{cmd}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def tracked_copy(dest: Path) -> Path:
    """The files git tracks, copied: what a clean clone holds, without this checkout's venv or build leftovers."""
    names = run("git", "ls-files", "-z", cwd=ROOT).split("\0")
    for name in filter(None, names):
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with triggermap installed from a copy of the source (not editable), the copy then deleted.

    The venv borrows the third-party packages from the test run's environment (a .pth line) so nothing large is
    downloaded; triggermap itself comes only from its own site-packages, which Python searches first.
    """
    base = tmp_path_factory.mktemp("install")
    source = tracked_copy(base / "source")
    venv = base / "venv"
    run(sys.executable, "-m", "venv", str(venv), cwd=base)
    python = venv / "bin" / "python"
    site = Path(run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=base).strip())
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run(str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(source), cwd=base)
    shutil.rmtree(source)
    return venv


def test_the_installed_packages_are_the_venvs_own(installed):
    where = subprocess.run(
        [installed / "bin" / "python", "-c", "import triggermap, triggermap_app; print(triggermap.__file__); "
         "print(triggermap_app.__file__); from triggermap import load_atlas; print(len(load_atlas().muscles))"],
        cwd=installed.parent, capture_output=True, text=True, timeout=120, check=True,
    ).stdout.split()
    assert all(path.startswith(str(installed)) for path in where[:2]), where
    assert int(where[2]) >= 17, "the shipped content loads from inside the installed package"
    assert not list(installed.glob("lib/python*/site-packages/ui")), "no top-level package named ui"


def test_the_console_script_serves_the_app_from_another_directory(installed, browser, tmp_path):
    port = _free_port()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PATH": f"{installed / 'bin'}:{os.environ['PATH']}"}
    launcher = (str(installed / "bin" / "triggermap"),)
    proc = start_streamlit("", port, cwd=elsewhere, env=env, wait=False, launcher=launcher)
    try:
        wait_healthy(proc, port)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/?muscle=piriformis&side=left", timeout=FIRST_PAGE_TIMEOUT * 1000)
        wait_for_app_run(page)
        page.get_by_role("heading", name="Piriformis · left").wait_for()
        page.locator(".figure svg.bodymap .muscle").first.wait_for(state="attached")
        page.get_by_role("link", name="Where does it hurt?").click()
        page.get_by_role("heading", name="Where does it hurt?", level=1).wait_for()
        context.close()
    finally:
        stop_streamlit(proc, keep_log=True)
    assert not list(elsewhere.iterdir()), "the server wrote nothing into the directory it was started from"
