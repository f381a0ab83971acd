"""Techniques library: browse self-massage, stretches and habit changes by tool."""

import streamlit as st

from triggermap.describe import technique_users
from triggermap.html_text import technique_body_html, technique_rules_html
from ui.panel import panel_style
from triggermap import gate
from triggermap.models import TOOL_LABELS, Tool
from ui.page import show_notice
from ui.resources import atlas

RULES_TITLE = '<h2 class="rules-title">Safety rules for every technique</h2>'  # an h2 under the page's h1, drawn small

data = atlas()
users = technique_users(data)
tools = [tool for tool in Tool if any(t.tool == tool for t in data.techniques.values())]

if "technique_tool" not in st.session_state:
    asked = gate.tool_link(st.query_params.get("tool"))
    st.session_state["technique_tool"] = asked.value
    show_notice(asked.notice)

st.title("Techniques library")
st.caption("Self-massage, stretches and habit changes for the muscles in the atlas. Choose a tool to narrow the list.")
tool = st.segmented_control("Tool", tools, format_func=lambda t: TOOL_LABELS[t], key="technique_tool")
if tool:
    st.query_params["tool"] = tool.value
else:
    st.query_params.pop("tool", None)

with st.container(border=True):
    st.html(f'<div class="tm-panel">{RULES_TITLE}{technique_rules_html(data)}</div>')

shown = [t for t in data.techniques.values() if tool is None or t.tool == tool]
st.markdown(f"**{len(shown)} technique{'s' if len(shown) != 1 else ''}**")
for technique in shown:
    with st.expander(f"{technique.name} — {TOOL_LABELS[technique.tool]}"):
        st.html(f'<div class="tm-panel">{technique_body_html(data, technique)}</div>')
        st.markdown("**Helps these muscles:**")
        for muscle_id in users[technique.id]:
            st.page_link(
                "app_pages/explore.py", label=data.muscles[muscle_id].name,
                query_params={"muscle": muscle_id}, icon=":material/arrow_forward:",
            )
        st.caption("Follow the safety rules for every technique, at the top of this page.")
panel_style()
