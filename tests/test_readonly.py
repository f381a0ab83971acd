"""Nothing is written into the source tree at run time; the figure's files live in memory
(triggermap_app/figure_files.py).

An audit hook (``sys.addaudithook``) sees every file the process opens for writing and every rename, removal,
directory or permission change, so the check holds even while other people edit the checkout.
tests/browser/test_readonly.py runs the real server from a read-only copy.
"""

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st

import triggermap.figure
from tests.conftest import ROOT, run_page
from triggermap.atlas import DEFAULT_PATH
from triggermap_app import figure_files
from triggermap_app.resources import current_atlas

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
CHANGES = {"os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.truncate", "os.chmod", "os.chown",
           "os.symlink", "os.link", "os.utime", "shutil.copyfile", "shutil.rmtree", "shutil.move"}
IGNORED = {"__pycache__", ".pytest_cache"}  # Python's bytecode cache and pytest's own

_watched: list[tuple[Path, list[str]]] = []  # (root, what was written under it) while a check runs


def _paths(event: str, args: tuple) -> list:
    if event == "open":
        path, _mode, flags = args
        return [path] if isinstance(flags, int) and flags & WRITE_FLAGS else []
    return [arg for arg in args if isinstance(arg, (str, bytes, os.PathLike))] if event in CHANGES else []


def _audit(event: str, args: tuple) -> None:
    if not _watched:
        return
    # A file descriptor is skipped: its opening was seen already.
    paths = [Path(os.path.abspath(os.fsdecode(p))) for p in _paths(event, args) if not isinstance(p, int)]
    for root, seen in _watched:
        written = [p for p in paths if p.is_relative_to(root) and not IGNORED & set(p.parts)]
        if written:
            seen.append(f"{event} {' '.join(map(str, written))}")


sys.addaudithook(_audit)  # hooks cannot be removed; it does nothing outside writes_under()


@contextmanager
def writes_under(root: Path):
    seen: list[str] = []
    _watched.append((root.resolve(), seen))
    try:
        yield seen
    finally:
        _watched.pop()


@pytest.fixture
def fresh_content(monkeypatch, tmp_path):
    """The shipped content with one name changed: a new content version, so the figure files are new too."""
    path = tmp_path / "muscles.yaml"
    text = (DEFAULT_PATH).read_text(encoding="utf-8")
    path.write_text(text.replace("name: Piriformis\n", f"name: Piriformis {tmp_path.name}\n", 1), encoding="utf-8")
    monkeypatch.setenv("TRIGGERMAP_DATA", str(path))
    st.cache_resource.clear()
    yield path
    st.cache_resource.clear()


def test_the_recorder_sees_writes(tmp_path):
    with writes_under(tmp_path) as seen:
        (tmp_path / "a.txt").write_text("x")
        os.replace(tmp_path / "a.txt", tmp_path / "b.txt")
        (tmp_path / "d").mkdir()
        (tmp_path / "b.txt").read_text()
    assert [line.split()[0] for line in seen] == ["open", "os.rename", "os.mkdir"], seen  # os.replace is "os.rename"


def test_running_every_page_writes_nothing_under_the_project_root(fresh_content):
    with writes_under(ROOT) as seen:
        run_page("explore", muscle="piriformis", side="left")
        run_page("pain", zones="lateral_hip_right:7,posterior_thigh_right:4")
        for page in ("techniques", "evidence", "sources", "about"):
            run_page(page)
    assert seen == []


def test_figure_files_are_built_once_per_content_version(monkeypatch, fresh_content):
    builds = []
    build = figure_files._build
    monkeypatch.setattr(figure_files, "_build", lambda atlas: builds.append(atlas) or build(atlas))
    atlas = current_atlas()
    urls = figure_files.urls(atlas)
    assert figure_files.urls(atlas) is urls and len(builds) == 1
    assert set(urls) == {"explore", "pain", "index"} and figure_files.problem() is None
    svg = figure_files.get(urls["pain"].removeprefix(figure_files.URL_PREFIX))
    assert svg.media_type == "image/svg+xml; charset=utf-8"
    assert svg.body == triggermap.figure.render_svg(atlas, "pain").encode()
    assert figure_files.get("pain-0000000000000000.svg") is None



def test_a_figure_that_cannot_be_built_is_one_plain_sentence_and_a_logged_traceback(
    monkeypatch, fresh_content, errors_log
):
    def broken(*_args, **_kwargs):
        raise OSError("the art file is missing")

    monkeypatch.setattr(triggermap.figure, "render_svg", broken)
    for page, title in (("explore", "Explore muscles"), ("pain", "Where does it hurt?")):
        at = run_page(page)
        assert [w.value for w in at.warning] == [figure_files.UNAVAILABLE]
        assert [c.proto.component_name for c in at.get("bidi_component")] == ["triggermap_search"]
        assert at.title[0].value == title  # the rest of the page is there
    assert "could not be built" in figure_files.problem()
    assert "the art file is missing" in errors_log.text and "Traceback" in errors_log.text
