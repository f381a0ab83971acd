"""Present: a muscle's pattern large, one trigger point at a time, for showing a client (arrow keys or a swipe)."""

import streamlit as st

from triggermap import gate
from triggermap.present import present_steps
from triggermap_app import pages
from triggermap_app.page import plain_markdown, show_notice
from triggermap_app.present import stepper
from triggermap_app.resources import atlas

# The presentation fills the screen: no sidebar, no search box above it.
FULL_SCREEN = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
.st-key-search { display: none; }
</style>"""


def present() -> None:
    link = gate.muscle_link(st.query_params.get("muscle"), st.query_params.get("side"), atlas().muscles.keys())
    drawing = gate.pain_marks(st.query_params.get("zones"))
    for notice in (link.notice, drawing.notice):
        show_notice(notice)
    muscle_id, side = link.value
    if not muscle_id:
        st.title("Present a muscle")
        st.info("Open a muscle on the Explore page, or a result on the pain page, and choose "
                "“Present to a client”.")
        pages.link(pages.EXPLORE, "Explore muscles", ":material/arrow_back:")
        return
    name = f"{atlas().muscles[muscle_id].name} ({side.value})"
    st.set_page_config(page_title=f"Present: {name} · triggermap")
    steps = present_steps(atlas(), muscle_id, side, drawing.value or None)
    stepper([step.as_data() for step in steps], key="present")
    st.caption("← → or a swipe: the next or previous step. Education, not a diagnosis.")
    pages.link(pages.EXPLORE, f"Back to {plain_markdown(name)}", ":material/arrow_back:",
               gate.muscle_query(muscle_id, side))


st.html(FULL_SCREEN)
present()
