"""Explore muscles: click a muscle on the figure (or choose it in the figure's list), see its pattern and self-care."""

import streamlit as st

from triggermap import gate
from triggermap.zones import Side
from triggermap_app import pages, url
from triggermap_app.bodymap import body_map
from triggermap_app.page import figure_anchor, header, show_notice
from triggermap_app.panel import muscle_panel, panel_style, start_here
from triggermap_app.resources import atlas

PICK, MAP, NOTICE = "explore_pick", "explore_map", "explore_notice"  # PICK: (muscle id or None, side)
FIGURE_NOTICE = "explore_figure_notice"  # shown inside the fragment, which a figure event reruns


def pick_query(pick: tuple[str | None, Side]) -> dict[str, str]:
    muscle_id, side = pick
    return gate.muscle_query(muscle_id, side) if muscle_id else {}


def read_pick(query: dict[str, str]) -> gate.Gated[tuple[str | None, Side]]:
    return gate.muscle_link(query.get("muscle"), query.get("side"), atlas().muscles.keys())


PICK_IN_URL = url.UrlValue(PICK, ("muscle", "side"), read_pick, pick_query, NOTICE)


def on_map_select() -> None:
    chosen = gate.figure_selection(st.session_state[MAP].get("select"), atlas().muscles.keys())
    if chosen.value:
        st.session_state[PICK] = chosen.value
    st.session_state[FIGURE_NOTICE] = chosen.notice


@st.fragment
def explorer() -> None:
    muscle_id, side = st.session_state[PICK]
    PICK_IN_URL.save()
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
            pages.link(pages.PRESENT, "Present to a client", ":material/slideshow:", pick_query((muscle_id, side)))
        else:
            start_here()


PICK_IN_URL.load()
header(
    "Explore muscles",
    "Tap a muscle on the figure, or pick it from the list, to see where its trigger points are, where they "
    "send pain and what you can do at home. This is education, not a diagnosis.",
    NOTICE,
    skip_to_figure=True,
)
figure_anchor()  # outside the fragment: a click reruns the fragment only
explorer()
panel_style()  # after the figure, so the browser starts loading the figure first
