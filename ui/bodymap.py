"""Mount the body-map figure (an st.components.v2 component) on a page."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import streamlit as st

from ui.resources import figure_index_url, figure_url

HERE = Path(__file__).parent
SWATCH = '<svg viewBox="0 0 22 16" aria-hidden="true"><rect x="1.5" y="1.5" width="19" height="13" rx="2" class="swatch {cls}"/></svg>'
TP_SWATCH = '<svg viewBox="0 0 22 16" aria-hidden="true" class="tp-swatch"><use href="#tp-cross" x="11" y="8"/></svg>'
NO_PRESS_SWATCH = (
    '<svg viewBox="0 0 22 16" aria-hidden="true" class="tp-swatch no-press">'
    '<use href="#tp-no-press" transform="translate(11 8) scale(0.75)"/></svg>'
)
DEEP_SWATCH = (
    '<svg viewBox="0 0 22 16" aria-hidden="true"><rect x="1.5" y="1.5" width="19" height="13" rx="4" fill="none" '
    'stroke="#4b579e" stroke-width="1.6" stroke-dasharray="4 3"/></svg>'
)
LEGENDS = {
    "explore": [
        (TP_SWATCH, "Trigger point"),
        (NO_PRESS_SWATCH, "Trigger point: do not press yourself"),
        (SWATCH.format(cls="swatch-essential"), "Main (essential) pain zone"),
        (SWATCH.format(cls="swatch-spillover"), "Spillover zone"),
        (DEEP_SWATCH, "Deep muscle"),
    ],
    "pain": [
        (SWATCH.format(cls="swatch-marked"), "Where you marked pain (darker = stronger)"),
        (SWATCH.format(cls="swatch-overlay-essential"), "Chosen muscle: main zone"),
        (SWATCH.format(cls="swatch-overlay-spillover"), "Chosen muscle: spillover"),
        (TP_SWATCH, "Its trigger points"),
        (NO_PRESS_SWATCH, "Do not press yourself"),
    ],
}

# The explorer's controls. The muscle list is filled in by bodymap.js from the figure index (textContent only).
EXPLORE_TOOLBAR = """
<div class="toolbar">
  <span class="pick">
    <label for="muscle-select">Muscle</label>
    <select id="muscle-select" class="muscle-select" disabled><option value="">Choose a muscle…</option></select>
  </span>
  <span class="group" role="group" aria-label="Side">
    <button type="button" data-side-choice="left" aria-pressed="false">Left</button>
    <button type="button" data-side-choice="right" aria-pressed="true">Right</button>
  </span>
  <span class="layers">
    <span id="layers-label">Show muscles:</span>
    <span class="group" role="group" aria-labelledby="layers-label">
      <button type="button" data-layer="all" aria-pressed="true">All</button>
      <button type="button" data-layer="superficial" aria-pressed="false">Surface</button>
      <button type="button" data-layer="deep" aria-pressed="false">Deep (dashed)</button>
    </span>
  </span>
</div>
"""


def _legend(mode: str) -> str:
    spans = "".join(f"<span>{swatch}{text}</span>" for swatch, text in LEGENDS[mode])
    return f'<div class="legend" aria-label="Legend">{spans}</div>'


@st.cache_resource(show_spinner=False)
def _component(mode: str) -> Callable:
    """Register the figure's frame once per mode. The SVG (with the art's CSS) is fetched by bodymap.js from a static URL."""
    toolbar = EXPLORE_TOOLBAR if mode == "explore" else ""
    html = f'<div class="bodymap-frame">{toolbar}<div class="figure" aria-busy="true"></div>{_legend(mode)}</div>'
    css = (HERE / "bodymap_chrome.css").read_text(encoding="utf-8")  # the art's own CSS is inside the SVG file
    js = (HERE / "bodymap.js").read_text(encoding="utf-8")
    return st.components.v2.component(f"triggermap_bodymap_{mode}", html=html, css=css, js=js)


def body_map(mode: str, data: dict, key: str, **callbacks: Callable) -> None:
    """Show the figure; ``data`` is what bodymap.js draws (selection, marks, overlay)."""
    urls = {"figure": figure_url(mode), "index": figure_index_url() if mode == "explore" else None}
    _component(mode)(key=key, data={"mode": mode, **urls, **data}, **callbacks)
