"""About & safety: what the app is for, what it is not, and when to get medical help."""

import streamlit as st

from triggermap.describe import cite
from triggermap.html_text import cautions_html, technique_rules_html, warning_signs_html
from triggermap.safety import flags_by_urgency
from triggermap_app.page import plain_caption
from triggermap_app.panel import panel_style
from triggermap_app.resources import atlas

data = atlas()
st.title("About & safety")
st.markdown(
    "**triggermap** shows where the myofascial trigger points of the low back, buttock and hip muscles "
    "commonly send pain, and which self-massage techniques suit them. A *trigger point* is a small, "
    "very tender spot in a tight band of muscle that can cause pain somewhere else: its *referral zone*."
)
st.warning(
    "**This is not a diagnosis.** The patterns are clinical observations from the trigger-point literature, "
    "not certainties, and the same pain can come from joints, nerves or organs. If pain is severe, "
    "keeps getting worse, or has not eased after a few weeks, see a doctor or physiotherapist.",
    icon=":material/info:",
)

st.header("Get medical help first")
st.markdown("Check these warning signs before any self-massage. Each has one level of urgency:")
st.html(warning_signs_html(flags_by_urgency(data.red_flags), 3))
flag_sources = dict.fromkeys(cite(data, c) for flag in data.red_flags.flags for c in flag.sources)
plain_caption("Based on: " + "; ".join(flag_sources))

st.header("Do not self-massage if…")
st.html(cautions_html(data))
st.header("Safety rules for every technique")
st.html(technique_rules_html(data))
plain_caption("Sources: " + "; ".join(cite(data, c) for c in data.safety.sources))

st.header("How to read the body map")
st.markdown(
    "- The **back** view is on the left, the **front** view on the right. Each view is labelled with the "
    "person's own *Left* and *Right*: in the back view your right is on the right, in the front view it is on "
    "the left.\n"
    "- **×** marks a trigger point. A **solid** zone is the main (essential) pain zone: nearly everyone with that "
    "trigger point feels it there. A **dotted** zone is spillover: some people feel it there too.\n"
    "- **Dashed** outlines are deep muscles, lying under others. Use *Show muscles* to see one layer at a time.\n"
    "- Everything works with the keyboard: Tab moves between muscles, Enter or Space selects."
)
st.header("Privacy")
st.markdown(
    "The app keeps nothing about you. It sends no usage statistics and loads nothing from other websites; "
    "what you click stays between your browser and this server."
)
panel_style()
