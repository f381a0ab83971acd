"""Things built once per server process and shared by every session."""

from __future__ import annotations

import streamlit as st

from triggermap import Atlas, load_atlas
from triggermap.figure import patterns_for_browser


@st.cache_resource(show_spinner=False)
def atlas() -> Atlas:
    """The validated content. Raises AtlasError; app.py shows it as a readable message."""
    return load_atlas()


@st.cache_resource(show_spinner=False)
def browser_patterns() -> dict:
    return patterns_for_browser(atlas())
