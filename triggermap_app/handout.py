"""The handout and care plan downloads: defaults in one tap, or a dialog where a therapist adds names and a note.

What the therapist types lives in the dialog's widgets (this session only) and goes into the PDF, built in memory
when the download is asked for; nothing is written or kept on the server.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from triggermap.handout import (
    HandoutDetails,
    HandoutItem,
    care_plan_filename,
    default_techniques,
    handout_filename,
    handout_pdf,
)
from triggermap.zones import Region
from triggermap_app.page import plain_markdown
from triggermap_app.resources import atlas

PAPERS = ("A4", "Letter")
NO_DETAILS = HandoutDetails()  # the defaults: no names, no note
MAX_NAME, MAX_NOTE = 60, 300  # the handout cuts longer text; the fields stop there first


def _filename(items: list[HandoutItem]) -> str:
    if len(items) > 1:
        return care_plan_filename(date.today())
    return handout_filename(atlas().muscles[items[0].muscle_id], items[0].side, date.today())


def download(label: str, items: list[HandoutItem], details: HandoutDetails = NO_DETAILS, key: str = "") -> None:
    st.download_button(
        label, lambda: handout_pdf(atlas(), items, details),  # built only when asked for
        file_name=_filename(items), mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore",
        key=key or None,
    )


@st.dialog("Handout for a client", width="large")
def customise(items: list[HandoutItem], marked: dict[Region, int] | None = None) -> None:
    """Names, a note, the techniques for each muscle and the paper; then download."""
    client = st.text_input("Client's name (optional)", max_chars=MAX_NAME)
    therapist = st.text_input("Your name (optional)", max_chars=MAX_NAME)
    practice = st.text_input("Practice (optional)", max_chars=MAX_NAME)
    note = st.text_area("A note for the client (optional)", max_chars=MAX_NOTE, height=100)
    chosen = [_techniques_for(item) for item in items]
    paper = st.radio("Paper", PAPERS, horizontal=True)
    citations = st.checkbox("Add a page with the full references")
    details = HandoutDetails(client, therapist, practice, note, paper=paper, full_citations=citations, marked=marked)
    st.caption("Nothing you type here is stored: it goes into this PDF only.")
    download("Download the PDF", chosen, details, key="handout_dialog_download")


def _techniques_for(item: HandoutItem) -> HandoutItem:
    muscle = atlas().muscles[item.muscle_id]
    names = {t: atlas().techniques[t].name for t in muscle.techniques}
    picked = st.multiselect(
        f"Techniques for {plain_markdown(muscle.name)} ({item.side.value})", list(names),
        default=default_techniques(atlas(), muscle),
        format_func=names.__getitem__, key=f"handout_techniques_{item.muscle_id}_{item.side.value}",
    )
    return HandoutItem(item.muscle_id, item.side, tuple(picked))


def handout_buttons(items: list[HandoutItem], marked: dict[Region, int] | None = None, key: str = "handout") -> None:
    """A PDF with the defaults, and "Customise…" for names, a note and the techniques; ``marked``: the client's pain
    drawing, on a care plan's cover."""
    what = "handout" if len(items) == 1 else f"care plan ({len(items)} muscles)"
    with st.container(horizontal=True):
        download(f"Download a {what} (PDF)", items, HandoutDetails(marked=marked), key=f"{key}_pdf")
        if st.button("Customise for a client…", icon=":material/edit_note:", key=f"{key}_customise"):
            customise(items, marked)
