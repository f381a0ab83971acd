"""The search box shown in the sidebar of every page."""

import streamlit as st

from triggermap.search import search
from ui.resources import atlas


def search_box() -> None:
    with st.sidebar:
        query = st.text_input(
            "Search muscles", key="search", placeholder="e.g. glute, QL, sitting, outer thigh",
            help="Finds muscles by name, common name, symptom words and where they send pain.",
        )
        if not query.strip():
            return
        hits = search(atlas(), query)
        if not hits:
            st.caption("No muscle matches. Try a body part (hip, thigh) or a symptom (sitting, coughing).")
        for hit in hits:
            muscle = atlas().muscles[hit.muscle_id]
            st.page_link("app_pages/explore.py", label=muscle.name, query_params={"muscle": muscle.id}, icon=":material/arrow_forward:")
            if hit.reason:
                st.caption(hit.reason)
