"""Techniques library: browse self-massage, stretches and habit changes by tool."""

import streamlit as st

from triggermap import gate
from triggermap.describe import technique_users
from triggermap.html_text import technique_html, technique_rules_html
from triggermap.models import TOOL_LABELS, Tool
from triggermap_app import pages, url
from triggermap_app.page import plain_markdown, show_notice
from triggermap_app.panel import panel_style
from triggermap_app.resources import atlas

RULES_TITLE = "Safety rules for every technique"  # an h2 under the page's h1, drawn small

data = atlas()
users = technique_users(data)
tools = [tool for tool in Tool if any(t.tool == tool for t in data.techniques.values())]

TOOL, NOTICE = "technique_tool", "technique_notice"
TOOL_IN_URL = url.UrlValue(TOOL, ("tool",), lambda query: gate.tool_link(query.get("tool")),
                           lambda tool: {"tool": tool.value} if tool else {}, NOTICE)
TOOL_IN_URL.load()
show_notice(st.session_state.pop(NOTICE, None))

st.title("Techniques library")
st.caption("Self-massage, stretches and habit changes for the muscles in the atlas. Choose a tool to narrow the list.")
tool = st.segmented_control("Tool", tools, format_func=lambda t: TOOL_LABELS[t], key=TOOL)
TOOL_IN_URL.save()

with st.container(border=True):
    st.html(technique_rules_html(data, RULES_TITLE))

shown = [t for t in data.techniques.values() if tool is None or t.tool == tool]
st.markdown(f"**{len(shown)} technique{'s' if len(shown) != 1 else ''}**")
for technique in shown:
    with st.expander(f"{plain_markdown(technique.name)} — {TOOL_LABELS[technique.tool]}"):
        st.html(technique_html(data, technique))
        st.markdown("**Helps these muscles:**")
        for muscle_id in users[technique.id]:
            pages.link(pages.EXPLORE, plain_markdown(data.muscles[muscle_id].name), ":material/arrow_forward:",
                       {"muscle": muscle_id})
        st.caption("Follow the safety rules for every technique, at the top of this page.")
panel_style()
