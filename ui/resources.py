"""Things built once per server process and shared by every session."""

from __future__ import annotations

import functools
import gc
import json
import os
from hashlib import sha256
from pathlib import Path

import streamlit as st

from triggermap import Atlas, load_atlas
from triggermap.atlas import DEFAULT_PATH, ROOT
from triggermap.figure import figure_index, patterns_for_browser, render_svg

# Served by Streamlit's static file serving (server.enableStaticServing) at app/static/.
STATIC_DIR = ROOT / "static" / "bodymap"


@st.cache_resource(show_spinner=False)
def atlas() -> Atlas:
    """The validated content. Raises AtlasError; app.py shows it as a readable message."""
    path = Path(os.environ.get("TRIGGERMAP_DATA") or DEFAULT_PATH)
    try:
        stat = path.stat()
    except OSError:
        return load_atlas(path)  # reports the file as unreadable
    return _atlas_of_file(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _atlas_of_file(path: str, mtime_ns: int, size: int) -> Atlas:
    """Parse a content file once per version of it (path, modification time, size), across cache clears.

    Clearing Streamlit's caches (the AppTests do before each test) then costs no second parse of an unchanged
    file, while an edited file is read again. Errors are not cached: lru_cache does not keep exceptions.
    """
    return load_atlas(path)


@st.cache_resource(show_spinner=False)
def browser_patterns() -> dict:
    return patterns_for_browser(atlas())


def static_url(stem: str, suffix: str, text: str) -> str:
    """Write ``text`` once as a static file named by its content hash, so browsers may cache it for the visit."""
    name = f"{stem}-{sha256(text.encode()).hexdigest()[:16]}{suffix}"
    path = STATIC_DIR / name
    if not path.exists():
        STATIC_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return f"app/static/bodymap/{name}"


@st.cache_resource(show_spinner=False)
def figure_url(mode: str) -> str:
    """The interactive figure for ``mode``: fetched once per visit by the component, never sent on a rerun."""
    return static_url(mode, ".svg", render_svg(atlas(), mode))


@st.cache_resource(show_spinner=False)
def figure_index_url() -> str:
    """The explorer's muscle list and every referral pattern, fetched once per visit beside the SVG."""
    return static_url("index", ".json", json.dumps(figure_index(atlas()), separators=(",", ":")))


@functools.cache  # once per process, even when Streamlit's caches are cleared
def freeze_long_lived_objects() -> None:
    """Move everything alive after the first run (modules, the atlas, the figure) out of the garbage collector's view.

    Streamlit collects garbage after every script run (``runner.postScriptGC``), on the server's
    critical path between a click and the panel. Without this that pass re-scans some 80,000
    long-lived objects each time (60 to 100 ms on the benchmark machine); frozen, it scans only what the run created.
    """
    gc.collect()
    gc.freeze()
