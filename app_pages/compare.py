"""Compare muscles: two or three referral patterns on one figure, and where they agree and differ."""

from pathlib import Path

import streamlit as st

from triggermap import gate
from triggermap.compare import MAX_COMPARED, MIN_COMPARED, compare, compare_html
from triggermap.handout import HandoutItem
from triggermap.zones import Side
from ui.handout import handout_buttons
from ui.page import header
from ui.resources import atlas

PICKS, URL, NOTICE = "compare_picks", "compare_url", "compare_notice"
COMPARE_CSS = (Path(__file__).parent.parent / "ui" / "compare.css").read_text(encoding="utf-8")


def choices() -> dict[str, str]:
    """Every muscle on each side, as the URL writes it ("piriformis:right") -> its label."""
    return {f"{m.id}:{side.value}": f"{m.name}, {side.value}" for m in atlas().muscles.values() for side in Side}


def open_deep_link() -> None:
    """Take the muscles from the URL when it was not this page that wrote it (first visit, a link)."""
    value = st.query_params.get("muscles")
    if PICKS in st.session_state and value == st.session_state.get(URL):
        return
    link = gate.compare_link(value, atlas().muscles.keys(), MAX_COMPARED)
    st.session_state[PICKS] = [f"{muscle}:{side.value}" for muscle, side in link.value]
    st.session_state[URL] = value
    if link.notice:
        st.session_state[NOTICE] = link.notice


def write_url(chosen: list[str]) -> None:
    st.session_state[URL] = ",".join(chosen) or None
    if chosen:
        st.query_params["muscles"] = st.session_state[URL]
    else:
        st.query_params.pop("muscles", None)


def comparison_view(chosen: list[str]) -> None:
    picks = [(muscle, Side(side)) for muscle, side in (item.split(":") for item in chosen)]
    comparison = compare(atlas(), picks)
    st.set_page_config(page_title="Compare: " + ", ".join(p.label for p in comparison.picks) + " · triggermap")
    st.html(f"<style>{COMPARE_CSS}</style>" + compare_html(atlas(), comparison))
    handout_buttons([HandoutItem(muscle, side) for muscle, side in picks], key="compare_handout")


open_deep_link()
header(
    "Compare muscles",
    "Choose two or three muscles to see their patterns on one figure, each in its own colour and hatch, and "
    "where they send pain in common. This is education, not a diagnosis.",
    NOTICE,
)
labels = choices()
chosen = st.multiselect(
    "Muscles to compare", list(labels), key=PICKS, format_func=labels.__getitem__, max_selections=MAX_COMPARED,
    placeholder="Choose two or three muscles",
)
write_url(chosen)
if len(chosen) < MIN_COMPARED:
    st.info("Choose at least two muscles to compare.")
else:
    comparison_view(chosen)
