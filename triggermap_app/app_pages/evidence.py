"""Evidence & limits: what research says about massage for low back pain, and what trigger-point maps cannot do."""

import streamlit as st

from triggermap import forest
from triggermap.describe import cite
from triggermap.html_text import evidence_summary_html, titled_list_html, titled_text_html
from triggermap.models import Evidence
from triggermap_app.page import plain_caption, plain_markdown
from triggermap_app.resources import atlas

TOPICS = {
    "massage": "What trials say about massage for low back pain",
    "guidelines": "What guidelines recommend",
    "limits": "The limits of trigger-point maps",
}

HOW_TO_READ = (
    "Each square is one pooled result and its bar is the likely range (the 95% confidence interval): "
    "the true effect probably lies inside it. The dotted line at 0 means no difference. "
    f"{forest.FAVOURS}. SMD (standardised mean difference) puts pain scores from different scales on one scale; "
    "about 0.2 is a small difference, 0.5 a medium one and 0.8 or more a large one."
)


def effects_block(item: Evidence) -> None:
    """The forest plot, with its text alternative beside it and the numbers as text below."""
    st.markdown("**Pain results, drawn as a chart**")
    chart, words = st.columns([3, 2], gap="medium")
    with chart:
        st.plotly_chart(
            forest.forest_figure(item.effects),
            width="stretch",
            theme=None,
            config=forest.CHART_CONFIG,
            alt=forest.alt_text(item.effects),
            key=f"forest_{item.id}",
        )
    with words:
        st.html(titled_text_html("What the chart shows", forest.summary(item.effects)))
        st.caption(HOW_TO_READ)
    st.html(titled_list_html("Pain results in numbers", [forest.effect_line(e) for e in item.effects]))


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
            st.subheader(plain_markdown(item.title))
            st.html(evidence_summary_html(item))
            if item.effects:
                effects_block(item)
            if item.figures:
                st.html(titled_list_html("In figures", item.figures))
            plain_caption("Source: " + "; ".join(cite(data, c) for c in item.sources))
