"""triggermap: entry point. Loads the content once and lays out the pages."""

import streamlit as st

from triggermap import AtlasError
from triggermap_app import pages
from triggermap_app.errors import run_safely
from triggermap_app.page import page_style
from triggermap_app.resources import atlas, freeze_long_lived_objects
from triggermap_app.search import open_chosen_result, search_box

st.set_page_config(page_title="triggermap", page_icon="🩺", layout="wide")

try:
    atlas()
except AtlasError as err:
    st.error("The muscle content could not be loaded, so the app cannot start. A content editor needs to fix:")
    st.code("\n".join(str(p) for p in err.problems), language=None)
    st.stop()

navigation = st.navigation([page.page() for page in pages.ALL], position="top")
st.set_page_config(page_title=f"{navigation.title} · triggermap")  # each page names its browser tab
open_chosen_result()
search_slot = st.container(key="search")  # at the top of every page, where a thumb finds it
run_safely(navigation.run)  # a fault shows a plain message; the traceback goes to the server log
with search_slot:
    search_box()  # filled after the page, so the page's own elements reach the browser first
page_style()
freeze_long_lived_objects()


@st.fragment(run_every=86400)
def rerun_after_reconnect() -> None:
    """Shows nothing. Streamlit's page asks for a full run after a reconnect only in some states, one being "an
    auto-rerun fragment is on the page"; so a page whose server restarted, or whose replica behind nginx died,
    gets a new session that runs from the URL instead of a blank one that ignores its clicks."""


rerun_after_reconnect()
