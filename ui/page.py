"""Page furniture shared by the pages."""

import streamlit as st


def header(title: str, caption: str, notice_key: str | None = None) -> None:
    """Title, a one-line how-to, and any notice left by a deep link (shown once)."""
    st.title(title)
    st.caption(caption)
    if notice_key and (notice := st.session_state.pop(notice_key, None)):
        st.warning(notice, icon=":material/link_off:")
