"""Mount the body-map figure (an st.components.v2 component) on a page."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from triggermap.figure import MODES
from triggermap.templates import render
from triggermap_app import asset
from triggermap_app.figure_files import UNAVAILABLE, FigureUnavailable
from triggermap_app.resources import figure_index_url, figure_url


@st.cache_resource(show_spinner=False)
def _component(mode: str) -> Callable:
    """Register the figure's frame once per mode. bodymap.js fetches the SVG (with the art's CSS) from figure/<name>."""
    html = render("bodymap.html.j2", explore=MODES[mode].buttons == "muscle", legend=MODES[mode].legend)
    css = asset("bodymap_chrome.css")  # the art's own CSS is inside the SVG file
    js = asset("bodymap.js")
    return st.components.v2.component(f"triggermap_bodymap_{mode}", html=html, css=css, js=js)


def body_map(mode: str, data: dict, key: str, **callbacks: Callable) -> None:
    """Show the figure; ``data`` is what bodymap.js draws (selection, marks, overlay)."""
    try:
        urls = {"figure": figure_url(mode), "index": figure_index_url()}
    except FigureUnavailable:  # logged with its traceback; the rest of the page works without the figure
        st.warning(UNAVAILABLE, icon=":material/broken_image:")
        return
    _component(mode)(key=key, data={"mode": mode, **urls, **data}, **callbacks)
