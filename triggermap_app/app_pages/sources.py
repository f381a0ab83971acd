"""Sources: the bibliography, generated from the content, with what cites each entry."""

import streamlit as st

from triggermap.describe import bibliography
from triggermap.html_text import source_entry_html
from triggermap_app.resources import atlas

st.title("Sources")
st.caption(
    "Every muscle, technique and safety rule in triggermap cites at least one of these. "
    "All text is written in our own words, and every drawing is our own."
)
for entry in bibliography(atlas()):
    with st.container(border=True):
        st.html(source_entry_html(entry))
