"""Mount the present view's stepper (an st.components.v2 component): one drawing and sentence per step."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from triggermap_app import asset

FRAME = """
<div class="present">
  <div class="stage" role="img" aria-label=""></div>
  <div class="caption"><h2 class="step-title"></h2><p class="step-text"></p></div>
  <div class="steps" role="group" aria-label="Steps">
    <button type="button" data-step="previous">← Previous</button>
    <span class="count" role="status" aria-live="polite"></span>
    <button type="button" data-step="next">Next →</button>
  </div>
</div>
"""


@st.cache_resource(show_spinner=False)
def _component() -> Callable:
    css = asset("present.css")
    js = asset("present.js")
    return st.components.v2.component("triggermap_present", html=FRAME, css=css, js=js)


def stepper(steps: list[dict], key: str) -> None:
    """``steps``: ``{"svg", "alt", "title", "text"}`` each, the SVG drawn by triggermap.figure."""
    _component()(key=key, data={"steps": steps})
