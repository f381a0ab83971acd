"""Things built once per server process and shared by every session."""

from __future__ import annotations

import functools
import gc
import os
from pathlib import Path

import streamlit as st

from triggermap import Atlas, load_atlas
from triggermap.atlas import DEFAULT_PATH
from triggermap_app import figure_files


@st.cache_resource(show_spinner=False)
def atlas() -> Atlas:
    """The validated content. Raises AtlasError; app.py shows it as a readable message."""
    return current_atlas()


def current_atlas() -> Atlas:
    """The content file (TRIGGERMAP_DATA, or triggermap/content/muscles.yaml), parsed once per version of it.

    Needs no script run: server.py builds the figure with it at start-up, before any page has run.
    """
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


def figure_url(mode: str) -> str:
    """The interactive figure for ``mode``: fetched once per visit by the component, never sent on a rerun.

    Raises figure_files.FigureUnavailable when it cannot be built.
    """
    return figure_files.urls(atlas())[mode]


def figure_index_url() -> str:
    """The explorer's muscle list and every referral pattern, fetched once per visit beside the SVG."""
    return figure_files.urls(atlas())["index"]


@functools.cache  # once per process, even when Streamlit's caches are cleared
def freeze_long_lived_objects() -> None:
    """Move everything alive after the first run (modules, the atlas, the figure) out of the garbage collector's view.

    Every full collection (Python's own, and server.py's every 30 s) would otherwise re-scan some 80,000
    long-lived objects (60 to 100 ms on the benchmark machine); frozen, it scans only what the sessions hold.
    """
    gc.collect()
    gc.freeze()
