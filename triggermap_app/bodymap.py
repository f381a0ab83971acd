"""Mount the body-map figure (an st.components.v2 component) on a page."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from triggermap.figure import MODES
from triggermap_app import asset
from triggermap_app.figure_files import UNAVAILABLE, FigureUnavailable
from triggermap_app.resources import figure_index_url, figure_url

INK, REFER, REFER_DARK, DEEP = "#111", "#b3261e", "#8c1d18", "#5b5f8f"  # the figure's colours (bodymap.css)
SWATCHES = {  # legend swatches with inline styles: the legend sits outside the figure's SVG and its CSS
    "cross": f'<path d="M6 3l10 10M6 13l10-10" stroke="{INK}" stroke-width="2.2" stroke-linecap="round"/>',
    "no_press": f'<circle cx="11" cy="8" r="5.5" fill="#fff" stroke="{INK}" stroke-width="1.8"/>'
                f'<path d="M7.5 8h7" stroke="{INK}" stroke-width="1.8"/>',
    "essential": f'<rect x="1.5" y="1.5" width="19" height="13" rx="5" fill="{REFER}" fill-opacity="0.82"/>',
    "spillover": "".join(f'<circle cx="{x}" cy="{y}" r="1.1" fill="{REFER_DARK}"/>' for x, y in
                         ((4, 4), (10, 3), (16, 5), (7, 8), (13, 9), (19, 8), (4, 12), (10, 13), (16, 12))),
    "deep": f'<rect x="1.5" y="1.5" width="19" height="13" rx="4" fill="none" stroke="{DEEP}" stroke-width="1.6" '
            'stroke-dasharray="4 3"/>',
    "marked": f'<rect x="1.5" y="1.5" width="19" height="13" rx="2" fill="{REFER}" fill-opacity="0.6"/>',
    "overlay": f'<rect x="1.5" y="1.5" width="19" height="13" rx="5" fill="none" stroke="{REFER_DARK}" '
               'stroke-width="2" stroke-dasharray="5 3"/>',
}

# The controls above the figure, in one wrapping row. The explorer's muscle list is filled in by
# bodymap.js from the figure index (textContent only).
MUSCLE_PICK = """
<span class="pick">
  <label for="muscle-select">Muscle</label>
  <select id="muscle-select" class="muscle-select" disabled><option value="">Choose a muscle…</option></select>
</span>
<span class="group" role="group" aria-label="Side">
  <button type="button" data-side-choice="left" aria-pressed="false">Left</button>
  <button type="button" data-side-choice="right" aria-pressed="true">Right</button>
</span>
"""
# Which part of the figure shows: a view's lumbopelvic window or the whole body (triggermap_app/bodymap.js).
WINDOWS = """
<span class="group" role="group" aria-label="Show on the figure">
  <button type="button" data-window="back" aria-pressed="false">Back</button>
  <button type="button" data-window="front" aria-pressed="false">Front</button>
  <button type="button" data-window="whole" aria-pressed="false">Whole body</button>
</span>
"""
LAYERS = """
<span class="layers">
  <span id="layers-label">Show muscles:</span>
  <span class="group" role="group" aria-labelledby="layers-label">
    <button type="button" data-layer="all" aria-pressed="true">All</button>
    <button type="button" data-layer="superficial" aria-pressed="false">Surface</button>
    <button type="button" data-layer="deep" aria-pressed="false">Deep (dashed)</button>
  </span>
</span>
"""
# The zoom buttons sit on the figure's corner, where the fingers already are.
ZOOM = """
<span class="zoom group" role="group" aria-label="Zoom">
  <button type="button" data-zoom="out" aria-label="Zoom out" title="Zoom out">−</button>
  <button type="button" data-zoom="in" aria-label="Zoom in" title="Zoom in">+</button>
</span>
"""


def _legend(mode: str) -> str:
    """The key, folded to its first entries on a phone (bodymap.js opens it on a wide screen)."""
    spans = "".join(
        f'<span><svg viewBox="0 0 22 16" aria-hidden="true">{SWATCHES[kind]}</svg>{text}</span>'
        for kind, text in MODES[mode].legend
    )
    return f'<details class="legend" open><summary>Key to the figure</summary><div>{spans}</div></details>'


@st.cache_resource(show_spinner=False)
def _component(mode: str) -> Callable:
    """Register the figure's frame once per mode. bodymap.js fetches the SVG (with the art's CSS) from figure/<name>."""
    explore = MODES[mode].buttons == "muscle"
    toolbar = f'<div class="toolbar">{MUSCLE_PICK if explore else ""}{WINDOWS}{LAYERS if explore else ""}</div>'
    status = '<p class="status"><span class="focus-name"></span> <span class="hint" role="status"></span></p>'
    html = (f'<div class="bodymap-frame">{toolbar}{_legend(mode)}{status}'
            f'<div class="figure-wrap">{ZOOM}<div class="figure" aria-busy="true"></div></div></div>')
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
