"""Things built once per server process and shared by every session."""

from __future__ import annotations

import streamlit as st

from hashlib import sha256

from triggermap import Atlas, load_atlas
from triggermap.atlas import ROOT
from triggermap.figure import patterns_for_browser, render_svg

# Served by Streamlit's static file serving (server.enableStaticServing) at app/static/.
FIGURE_DIR = ROOT / "static" / "bodymap"


@st.cache_resource(show_spinner=False)
def atlas() -> Atlas:
    """The validated content. Raises AtlasError; app.py shows it as a readable message."""
    return load_atlas()


@st.cache_resource(show_spinner=False)
def browser_patterns() -> dict:
    return patterns_for_browser(atlas())


@st.cache_resource(show_spinner=False)
def figure_url(mode: str) -> str:
    """The interactive figure for ``mode`` as a static file, so the browser loads it once per visit.

    The name carries a hash of the content: new content gets a new file.
    """
    svg = render_svg(atlas(), mode)
    name = f"{mode}-{sha256(svg.encode()).hexdigest()[:16]}.svg"
    path = FIGURE_DIR / name
    if not path.exists():
        FIGURE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(svg, encoding="utf-8")
        tmp.replace(path)
    return f"app/static/bodymap/{name}"
