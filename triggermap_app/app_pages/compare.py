"""Compare muscles: two or three referral patterns on one figure, and where they agree and differ."""

import streamlit as st

from triggermap import gate
from triggermap.compare import MAX_COMPARED, MIN_COMPARED, compare, compare_html
from triggermap.handout import HandoutItem
from triggermap.zones import Side
from triggermap_app import asset, url
from triggermap_app.handout import handout_buttons
from triggermap_app.page import header
from triggermap_app.resources import atlas

PICKS, NOTICE = "compare_picks", "compare_notice"  # PICKS: the multiselect's value, ["piriformis:right", ...]
COMPARE_CSS = asset("compare.css")


def choices() -> dict[str, str]:
    """Every muscle on each side, as the URL writes it ("piriformis:right") -> its label."""
    return {gate.compared(m.id, side): f"{m.name}, {side.value}" for m in atlas().muscles.values() for side in Side}


def read_picks(query: dict[str, str]) -> gate.Gated[list[str]]:
    link = gate.compare_link(query.get("muscles"), atlas().muscles.keys(), MAX_COMPARED)
    return gate.Gated([gate.compared(*pick) for pick in link.value], link.dropped, link.notice)


PICKS_IN_URL = url.UrlValue(PICKS, ("muscles",), read_picks, gate.compare_query, NOTICE)


def comparison_view(chosen: list[str]) -> None:
    picks = [(muscle, Side(side)) for muscle, side in (item.split(":") for item in chosen)]
    comparison = compare(atlas(), picks)
    st.set_page_config(page_title="Compare: " + ", ".join(p.label for p in comparison.picks) + " · triggermap")
    st.html(f"<style>{COMPARE_CSS}</style>")  # a style alone goes to Streamlit's event container: no space on the page
    st.html(compare_html(atlas(), comparison))
    handout_buttons([HandoutItem(muscle, side) for muscle, side in picks], key="compare_handout")


PICKS_IN_URL.load()
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
PICKS_IN_URL.save()
if len(chosen) < MIN_COMPARED:
    st.info("Choose at least two muscles to compare.")
else:
    comparison_view(chosen)
