"""Explore muscles: click a muscle on the figure (or choose it in the figure's list), see its pattern and self-care."""

import streamlit as st

from triggermap import gate
from triggermap.zones import Side
from ui.bodymap import body_map
from ui.page import figure_anchor, header, show_notice
from ui.panel import muscle_panel, panel_style, start_here
from ui.resources import atlas

MUSCLE, SIDE, MAP, URL = "explore_muscle", "explore_side", "explore_map", "explore_url"
FIGURE_NOTICE = "explore_figure_notice"  # shown inside the fragment, which a figure event reruns


def open_deep_link() -> None:
    """Take the muscle and side from the URL when it was not this page that wrote it (first visit, a link)."""
    url = (st.query_params.get("muscle"), st.query_params.get("side"))
    if MUSCLE in st.session_state and url == st.session_state.get(URL):
        return
    link = gate.muscle_link(*url, atlas().muscles.keys())
    st.session_state[MUSCLE], st.session_state[SIDE] = link.value
    if link.notice:
        st.session_state["explore_notice"] = link.notice


def on_map_select() -> None:
    chosen = gate.figure_selection(st.session_state[MAP].get("select"), atlas().muscles.keys())
    if chosen.value:
        st.session_state[MUSCLE], st.session_state[SIDE] = chosen.value
    st.session_state[FIGURE_NOTICE] = chosen.notice


def write_url(muscle_id: str | None, side: Side) -> None:
    st.session_state[URL] = (muscle_id, side.value if muscle_id else None)
    if muscle_id:
        st.query_params.update({"muscle": muscle_id, "side": side.value})
    else:
        st.query_params.pop("muscle", None)
        st.query_params.pop("side", None)


@st.fragment
def explorer() -> None:
    muscle_id, side = st.session_state[MUSCLE], st.session_state[SIDE]
    write_url(muscle_id, side)
    if muscle_id:  # the tab says which muscle is open: therapists compare muscles in several tabs
        st.set_page_config(page_title=f"{atlas().muscles[muscle_id].name} ({side.value}) · triggermap")
    figure_col, panel_col = st.container(key="explorer").columns([3, 2], gap="large")
    with figure_col:
        show_notice(st.session_state.pop(FIGURE_NOTICE, None))
        selected = {"muscle": muscle_id, "side": side} if muscle_id else None
        body_map("explore", {"selected": selected, "side": side}, key=MAP, on_select_change=on_map_select)
    with panel_col:
        if muscle_id:
            muscle_panel(muscle_id, side)
            st.page_link("app_pages/present.py", label="Present to a client", icon=":material/slideshow:",
                         query_params={"muscle": muscle_id, "side": side.value})
        else:
            start_here()


open_deep_link()
header(
    "Explore muscles",
    "Tap a muscle on the figure, or pick it from the list, to see where its trigger points are, where they "
    "send pain and what you can do at home. This is education, not a diagnosis.",
    "explore_notice",
    skip_to_figure=True,
)
figure_anchor()  # outside the fragment: a click reruns the fragment only
explorer()
panel_style()  # after the figure, so the browser starts loading the figure first
