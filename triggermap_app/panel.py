"""The muscle panel beside the figure: two HTML blocks around the handout's download buttons."""

import streamlit as st

from triggermap.html_text import flag_groups_html
from triggermap.panel import panel_body_html, panel_head_html
from triggermap.safety import flags_by_urgency
from triggermap.handout import HandoutItem
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


START_HERE = """<div class="tm-panel">
<h2>Start here</h2>
<ol>
<li>Find where it hurts on the figure. <b>Back</b>, <b>Front</b> and <b>Whole body</b> above it change what it
shows; on a phone, pinch with two fingers to zoom.</li>
<li>Tap a muscle, or choose one from the <b>Muscle</b> list. Dashed outlines are deep muscles, lying under the
others; tap the same spot again for the muscle under it.</li>
<li>The figure shows the muscle's trigger points (×), its main pain zone (solid) and its spillover zone (dotted).</li>
<li>Read what it feels like, what sets it off, and what you can safely do at home.</li>
</ol>
<p class="note urgent">Some pain needs a doctor, not massage. Check the warning signs first.</p>
"""


@st.cache_resource(show_spinner=False)
def _start_here_html() -> str:
    emergency = flags_by_urgency(atlas().red_flags)[:1]
    return START_HERE + flag_groups_html(emergency, "h3") + "</div>"


def start_here() -> None:
    st.html(_start_here_html())
