"""The app from a read-only install, run by a user who cannot write there: the figure on every page (also under
server.baseUrlPath), its files' HTTP answers, and what visitors and health checks see when it cannot be built.

The project is copied (without .venv, .git, test-artifacts) to a temporary directory and made read-only
(chmod -R a-w). Root may write anyway, so when the tests run as root (here and in CI) the server runs as
``nobody``. When ``nobody`` cannot reach the venv's interpreter (it lives under /root here), the interpreter's
standard library and the venv's packages are hard-linked (or copied) into the temporary directory; the real
checkout and the venv are never changed.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.error import HTTPError

import pytest
from playwright.sync_api import expect

from tests.conftest import (
    FIRST_PAGE_TIMEOUT,
    IN_CI,
    ROOT,
    SERVER,
    SERVER_START_TIMEOUT,
    _free_port,
    server_log,
    start_streamlit,
    stop_streamlit,
    wait_for_app_run,
    wait_healthy,
)
from triggermap_app.figure_files import UNAVAILABLE

pytestmark = pytest.mark.browser

NOBODY = 65534
AS_ROOT = os.geteuid() == 0
NOT_COPIED = (".venv", ".git", "test-artifacts", "__pycache__", ".pytest_cache", "*.egg-info", "build", "static")
VERSION = f"python{sys.version_info.major}.{sys.version_info.minor}"
AS_NOBODY = {"user": NOBODY, "group": NOBODY, "extra_groups": []} if AS_ROOT else {}


def _link(src, dst) -> None:
    """Hard-link when we can (fast, no space); copy across file systems."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _link_tree(src: Path, dst: Path, *skip: str) -> None:
    shutil.copytree(src, dst, symlinks=True, copy_function=_link, ignore=shutil.ignore_patterns(*skip))


def _python_for_nobody(base: Path) -> tuple[str, dict]:
    """An interpreter ``nobody`` can run, with the venv's packages, and the environment it needs."""
    if _runs([sys.executable, "-c", "import streamlit"], cwd="/"):
        return sys.executable, {}
    home = base / "python"  # the venv's base interpreter, as in sys.base_prefix
    _link_tree(Path(sys.base_prefix) / "lib" / VERSION, home / "lib" / VERSION, "site-packages", "test")
    for library in (Path(sys.base_prefix) / "lib").glob("libpython*"):
        _link(library, home / "lib" / library.name)
    (home / "bin").mkdir()
    _link(Path(sys.base_prefix) / "bin" / VERSION, home / "bin" / VERSION)
    venv = base / "venv"
    _link_tree(Path(sys.prefix) / "lib" / VERSION / "site-packages", venv / "lib" / VERSION / "site-packages")
    (venv / "pyvenv.cfg").write_text(f"home = {home / 'bin'}\ninclude-system-site-packages = false\n")
    (venv / "bin").mkdir()
    (venv / "bin" / "python").symlink_to(home / "bin" / VERSION)
    return str(venv / "bin" / "python"), {"LD_LIBRARY_PATH": str(home / "lib")}  # libpython, if it is shared


def _runs(cmd: list[str], cwd, env: dict | None = None) -> str | None:
    """The command's output when it succeeds as the server's user, else None."""
    try:
        done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, **AS_NOBODY)
    except OSError:  # e.g. the interpreter is out of the user's reach
        return None
    return done.stdout or "ok" if done.returncode == 0 else None


@pytest.fixture(scope="module")
def scratch():
    """A temporary directory everyone may enter, an interpreter for the server's user, and its environment."""
    base = Path(tempfile.mkdtemp(prefix="triggermap-readonly-"))
    try:
        base.chmod(0o755)
        home = base / "home"  # Streamlit's HOME: the only place the server may write
        home.mkdir()
        if AS_ROOT:
            os.chown(home, NOBODY, NOBODY)
        python, extra = _python_for_nobody(base) if AS_ROOT else (sys.executable, {})
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
               "PYTHONDONTWRITEBYTECODE": "1", **extra}
        if not _runs([python, "-c", "import streamlit"], cwd="/", env=env):
            raise RuntimeError(f"{python} cannot import streamlit as uid {NOBODY if AS_ROOT else os.geteuid()}")
    except Exception as err:  # noqa: BLE001 - any of it means this machine cannot run the test
        shutil.rmtree(base, ignore_errors=True)
        if IN_CI:
            pytest.fail(f"the read-only install test must run in CI, but could not be set up: {err}")
        pytest.skip(f"cannot run the server as another user here: {err}")
    yield base, python, env
    subprocess.run(["chmod", "-R", "u+w", str(base)], check=False)
    shutil.rmtree(base, ignore_errors=True)


def install(base: Path, name: str, break_art: bool = False) -> Path:
    """A read-only copy of the project. Real copies, never links: the chmod must not reach the checkout."""
    copy = base / name
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*NOT_COPIED))
    if break_art:
        for art in (copy / "triggermap" / "bodymap").iterdir():
            art.write_text("not the body art\n", encoding="utf-8")
    subprocess.run(["chmod", "-R", "a-w", str(copy)], check=True)
    return copy


def serve(copy: Path, python: str, env: dict, wait: bool = True, extra_args: tuple[str, ...] = ()):
    port = _free_port()
    where = "import triggermap, triggermap_app; print(triggermap.__file__, triggermap_app.__file__)"
    imported = _runs([python, "-c", where], cwd=copy, env=env)
    assert imported and all(Path(p).is_relative_to(copy) for p in imported.split()), imported  # not the checkout's
    proc = start_streamlit(SERVER, port, cwd=copy, env=env, python=python, extra_args=extra_args, wait=False,
                           **AS_NOBODY)
    if wait:
        wait_healthy(proc, port)
    return proc, f"http://127.0.0.1:{port}"


def files_of(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*")}


def health(url: str) -> tuple[int, str]:
    """Status and text of /_stcore/health as a health checker sees it (no browser headers); 0 if no answer."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
            return response.status, response.read().decode()
    except HTTPError as err:
        return err.code, err.read().decode()
    except OSError:
        return 0, ""


def open_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def shown_text(page, url: str) -> str:
    page.goto(url, timeout=FIRST_PAGE_TIMEOUT * 1000)
    wait_for_app_run(page)
    return page.locator("[data-testid=stApp]").inner_text()


def test_the_pages_show_the_figure_from_a_read_only_install(browser, scratch):
    base, python, env = scratch
    copy = install(base, "app")
    before = files_of(copy)
    proc, url = serve(copy, python, env)
    try:
        context, page = open_page(browser, url)
        fetched = []
        page.on("response", lambda r: "/figure/" in r.url and fetched.append((r.url, r.status)))
        try:
            for path in ("/", "/pain"):
                text = shown_text(page, url + path)
                expect(page.locator("svg.bodymap")).to_be_visible()
                for word in ("Traceback", "Read-only", "Error"):
                    assert word not in text, f"{path}: {word!r} shown:\n{text}"
        finally:
            context.close()
        log = proc.log_path.read_text(encoding="utf-8", errors="replace")
    finally:
        stop_streamlit(proc)
    assert {u.rsplit("/", 1)[1].split("-")[0] for u, _ in fetched} == {"explore", "index", "pain"}, fetched
    assert all(status == 200 and u.startswith(f"{url}/figure/") for u, status in fetched), fetched
    assert "static folder" not in log.lower() and "static file serving" not in log.lower(), log
    assert "OSError" not in log and "Read-only" not in log and "Traceback" not in log, log
    assert files_of(copy) == before


def test_figure_files_are_served_from_memory_with_long_caching(browser, scratch):
    base, python, env = scratch
    proc, url = serve(install(base, "http"), python, env)
    try:
        context, page = open_page(browser, url)
        names = []
        page.on("request", lambda r: "/figure/" in r.url and names.append(r.url.rsplit("/", 1)[1]))
        try:
            shown_text(page, url + "/")
            expect(page.locator("svg.bodymap")).to_be_visible()
        finally:
            context.close()
        for name in names:
            with urllib.request.urlopen(f"{url}/figure/{name}", timeout=10) as response:
                kind = "image/svg+xml; charset=utf-8" if name.endswith(".svg") else "application/json"
                assert response.headers["Content-Type"] == kind
                assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
                etag = response.headers["ETag"]
                assert etag.strip('"') in name and response.read()
            again = urllib.request.Request(f"{url}/figure/{name}", headers={"If-None-Match": etag})
            with pytest.raises(HTTPError) as not_modified:
                urllib.request.urlopen(again, timeout=10)
            assert not_modified.value.code == 304
        with pytest.raises(HTTPError) as missing:
            urllib.request.urlopen(f"{url}/figure/explore-0000000000000000.svg", timeout=10)
        assert missing.value.code == 404
        assert health(url) == (200, "ok")
    finally:
        stop_streamlit(proc)
    assert sorted(name.rsplit(".", 1)[1] for name in names) == ["json", "svg"], names


def test_the_figure_loads_on_every_page_under_a_base_url_path(browser, scratch):
    base, python, env = scratch
    proc, root = serve(install(base, "prefixed"), python, env, wait=False, extra_args=("--server.baseUrlPath", "tm"))
    url = f"{root}/tm"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while health(url) != (200, "ok") and time.monotonic() < deadline:
            assert proc.poll() is None, server_log(proc)
            time.sleep(0.3)
        context, page = open_page(browser, url)
        fetched = []
        page.on("response", lambda r: "/figure/" in r.url and fetched.append((r.url, r.status)))
        try:
            for path in ("/", "/pain"):
                shown_text(page, url + path)
                expect(page.locator("svg.bodymap")).to_be_visible()
        finally:
            context.close()
    finally:
        stop_streamlit(proc)
    assert fetched and all(u.startswith(f"{url}/figure/") and status == 200 for u, status in fetched), fetched


def test_without_its_art_the_health_check_fails_and_the_pages_say_so_plainly(browser, scratch):
    base, python, env = scratch
    proc, url = serve(install(base, "broken", break_art=True), python, env, wait=False)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        status, reason = health(url)
        while (status == 0 or reason.startswith("Starting")) and time.monotonic() < deadline:
            assert proc.poll() is None, server_log(proc)
            time.sleep(0.3)
            status, reason = health(url)
        assert status == 503, server_log(proc)
        assert reason == "The body-map figure could not be built; see the server log."
        context, page = open_page(browser, url)
        try:
            for path in ("/", "/pain"):
                text = shown_text(page, url + path)
                expect(page.get_by_text(UNAVAILABLE)).to_be_visible()
                assert page.locator("svg.bodymap").count() == 0
                assert "Traceback" not in text and "Error" not in text, text
            expect(page.get_by_role("heading", name="Where does it hurt?")).to_be_visible()  # the rest still works
        finally:
            context.close()
        log = proc.log_path.read_text(encoding="utf-8", errors="replace")
    finally:
        stop_streamlit(proc)
    assert "the body-map figure could not be built" in log and "Traceback" in log, log
