"""The muscle panel beside the figure: two HTML blocks around the handout's download buttons."""

import streamlit as st

from triggermap.handout import HandoutItem
from triggermap.panel import panel_body_html, panel_head_html, start_here_html
from triggermap.zones import Side
from triggermap_app import asset
from triggermap_app.handout import handout_buttons
from triggermap_app.resources import atlas

PANEL_CSS = asset("panel.css")


def panel_style() -> None:
    """The panel's stylesheet, sent once per page load (outside the explorer's fragment)."""
    st.html(f"<style>{PANEL_CSS}</style>")


@st.cache_resource(show_spinner=False)
def _panel_body(muscle_id: str) -> str:
    """Everything below the name, built once per muscle."""
    return panel_body_html(atlas(), atlas().muscles[muscle_id])


def muscle_panel(muscle_id: str, side: Side) -> None:
    muscle = atlas().muscles[muscle_id]
    st.html(panel_head_html(muscle, side))
    handout_buttons([HandoutItem(muscle_id, side)])
    st.html(_panel_body(muscle_id))


@st.cache_resource(show_spinner=False)
def _start_here_html() -> str:
    return start_here_html(atlas())


def start_here() -> None:
    st.html(_start_here_html())
