"""The muscle panel beside the figure."""

import streamlit as st

from triggermap.describe import muscle_sections, safety_markdown, technique_markdown
from triggermap.models import TOOL_LABELS, Muscle
from triggermap.sheet import sheet_filename, take_home_sheet
from ui.resources import atlas


def muscle_panel(muscle: Muscle, side: str) -> None:
    data = atlas()
    st.subheader(f"{muscle.name} · {side}")
    if muscle.common_names:
        st.caption("Also called: " + ", ".join(muscle.common_names))
    st.markdown(muscle.summary)
    sections = muscle_sections(data, muscle)
    for section in sections[:3]:
        st.markdown(f"##### {section.title}")
        st.markdown(section.body)
    st.markdown("##### What you can do at home")
    techniques_list(muscle)
    for section in sections[3:]:
        with st.expander(section.title, expanded=section.title.startswith("Cautions")):
            st.markdown(section.body)
    st.download_button(
        "Download a take-home sheet",
        lambda: take_home_sheet(data, muscle, side),  # built only when asked for
        file_name=sheet_filename(muscle, side),
        mime="text/html",
        icon=":material/download:",
        on_click="ignore",
    )


def techniques_list(muscle: Muscle) -> None:
    data = atlas()
    if muscle.self_care_note:
        st.info(muscle.self_care_note, icon=":material/info:")
    if not muscle.techniques:
        return
    st.caption("Safety rules for every technique: " + " ".join(r.title + "." for r in data.safety.technique_rules))
    for technique_id in muscle.techniques:
        technique = data.techniques[technique_id]
        with st.expander(f"{technique.name} — {TOOL_LABELS[technique.tool]}"):
            st.markdown(technique_markdown(data, technique))
            st.markdown("**Safety rules**\n\n" + safety_markdown(data))


def start_here() -> None:
    st.subheader("Start here")
    st.markdown(
        "1. Find where it hurts on the figure: the **back** view is on the left, the **front** view on the right.\n"
        "2. Click a muscle outline. Dashed outlines are deep muscles, under others.\n"
        "3. The figure shows the muscle's trigger points (×), its main pain zone (solid) and its spillover zone (dotted).\n"
        "4. Read what it feels like, what sets it off, and what you can safely do at home."
    )
    st.info(
        "Pain with fever, new bladder or bowel problems, numbness between the legs, or leg weakness "
        "needs a doctor, not massage. See **About & safety**.",
        icon=":material/emergency:",
    )
