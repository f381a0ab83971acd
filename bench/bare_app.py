"""The baseline for the benchmark: the least a Streamlit app can do on a click.

One button whose on_click callback changes the heading text ("Count 0" -> "Count 1").
"""

import streamlit as st


def bump() -> None:
    st.session_state.count = st.session_state.get("count", 0) + 1


st.subheader(f"Count {st.session_state.get('count', 0)}")
st.button("Add one", on_click=bump)
