"""The benchmark's baseline: the least a Streamlit app does on a click. The button's callback bumps the count."""

import streamlit as st


def bump() -> None:
    st.session_state.count = st.session_state.get("count", 0) + 1


st.subheader(f"Count {st.session_state.get('count', 0)}")
st.button("Add one", on_click=bump)
