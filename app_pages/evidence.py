"""Evidence & limits: what research says about massage for low back pain, and what trigger-point maps cannot do."""

import streamlit as st

from triggermap.describe import bullets, cite
from ui.resources import atlas

TOPICS = {
    "massage": "What trials say about massage for low back pain",
    "guidelines": "What guidelines recommend",
    "limits": "The limits of trigger-point maps",
}

data = atlas()
st.title("Evidence & limits")
st.markdown(
    "Massage can ease low back pain for a while, and trigger-point maps can suggest where to look. "
    "Neither is a cure, and neither replaces a clinician's assessment. Here is what the evidence says, plainly."
)
for topic, heading in TOPICS.items():
    items = [e for e in data.evidence if e.topic == topic]
    if not items:
        continue
    st.header(heading)
    for item in items:
        with st.container(border=True):
            st.subheader(item.title)
            st.markdown(item.summary)
            if item.figures:
                st.markdown("**In figures**\n\n" + bullets(item.figures))
            st.caption("Source: " + "; ".join(cite(data, c) for c in item.sources))
