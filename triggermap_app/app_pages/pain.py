"""Where does it hurt? Mark pain on the figure and see which muscles could be sending it."""

from datetime import date

import streamlit as st

from triggermap import gate
from triggermap.compare import MAX_COMPARED, MIN_COMPARED
from triggermap.describe import cite
from triggermap.gate import DEFAULT_INTENSITY, DEFAULT_SIDE, drawing_json, zones_link
from triggermap.handout import HandoutItem, drawing_record_filename, drawing_record_pdf
from triggermap.html_text import reasons_html, warning_signs_html
from triggermap.lookup import candidates
from triggermap.ranking_text import RANKING_NOTE, candidate_reasons
from triggermap.safety import flags_by_urgency, most_urgent, ticked_summary
from triggermap.search import find_places
from triggermap.zones import Region
from triggermap_app import pages, url
from triggermap_app.bodymap import body_map
from triggermap_app.handout import handout_buttons
from triggermap_app.page import figure_anchor, header, plain_caption, plain_markdown, show_notice
from triggermap_app.panel import panel_style
from triggermap_app.resources import atlas

MARKED, FOCUS, MAP, NOTICE = "pain_marked", "pain_focus", "pain_map", "pain_notice"  # MARKED: {Region: strength}
FIGURE_NOTICE = "pain_figure_notice"  # shown inside the fragment, which a figure event reruns
SHOWN = 8  # candidates listed


def read_marks(query: dict[str, str]) -> gate.Gated[dict[Region, int]]:
    link = gate.pain_marks(query.get("zones"), source="link")
    return gate.Gated(link.value or {}, link.dropped, link.notice)


MARKS_IN_URL = url.UrlValue(MARKED, ("zones",), read_marks, lambda marks: {"zones": zones_link(marks)} if marks else {},
                            NOTICE)


def marked() -> dict[Region, int]:
    return st.session_state[MARKED]


def set_marked(new: dict[Region, int]) -> None:
    st.session_state[MARKED] = new
    st.session_state.pop(FOCUS, None)


def on_map_marked() -> None:
    """The figure sends every marked place; a place already marked keeps the strength set on the page."""
    sent = gate.pain_marks(st.session_state[MAP].get("marked"), source="figure")
    st.session_state[FIGURE_NOTICE] = sent.notice
    if sent.value is not None:
        set_marked({region: marked().get(region, level) for region, level in sent.value.items()})


def on_intensity(region: Region) -> None:
    set_marked({**marked(), region: st.session_state[f"level_{region.id}"]})


def on_remove(region: Region) -> None:
    set_marked({r: level for r, level in marked().items() if r != region})


def on_mark(region: Region) -> None:
    set_marked({**marked(), region: marked().get(region, DEFAULT_INTENSITY)})


def find_a_place() -> None:
    """Mark a place by typing its name, without touching the figure."""
    query = st.text_input("Or mark a place by its name", key="place_query",
                          placeholder="e.g. side of hip, tailbone, inner knee")
    if not query.strip():
        return
    places = find_places(query, atlas())[:6]
    if not places:
        st.caption("No place by that name. Try words like hip, thigh, knee, buttock or low back.")
    for place in places:
        st.button(
            place.label, key=f"mark_{place.region.id}", icon=":material/add_location:",
            disabled=place.region in marked(), on_click=on_mark, args=(place.region,),
        )


def marked_list() -> None:
    """Each marked place with its strength, set right there, and a way to remove it."""
    st.header("Where you marked pain", anchor=False)
    if not marked():
        st.caption("Nothing marked yet. Tap the places that hurt on the figure; tap again to unmark.")
        return
    for region, level in marked().items():
        with st.container(key=f"mark_row_{region.id}", gap=None):
            with st.container(horizontal=True, vertical_alignment="center"):  # stays one row on a phone
                st.markdown(f"**{plain_markdown(region.name)}**", width="stretch")
                st.button("Remove", key=f"remove_{region.id}", icon=":material/close:", help=f"Remove {region.name}",
                          on_click=on_remove, args=(region,))
            st.slider(
                "How strong? 0 = none, 10 = worst", 0, 10, value=level, key=f"level_{region.id}",
                on_change=on_intensity, args=(region,),
            )
    st.button("Clear all", icon=":material/delete_sweep:", on_click=set_marked, args=({},))


def on_open_drawing() -> None:
    """A saved drawing replaces the marks; the uploader is emptied, so the file is not kept in the session."""
    key = f"drawing_upload_{st.session_state.get('drawing_uploads', 0)}"
    upload = st.session_state.get(key)
    if upload is None:
        return
    opened = gate.drawing_file(upload.getvalue())
    st.session_state[FIGURE_NOTICE] = opened.notice
    if opened.value is not None:
        set_marked(opened.value)
    st.session_state["drawing_uploads"] = st.session_state.get("drawing_uploads", 0) + 1


def drawing_record() -> None:
    """Keep the drawing as a file, and open one kept before (the format: README, "A pain drawing as a file")."""
    with st.expander("Save or open this drawing", icon=":material/save:"):
        today = date.today().isoformat()
        drawing = dict(marked())  # as it is now, for the PDF built when it is downloaded
        with st.container(horizontal=True):
            st.download_button(
                "Save the drawing (JSON)", drawing_json(drawing, today),
                file_name=f"triggermap-pain-drawing-{today}.json",
                mime="application/json", icon=":material/download:", disabled=not drawing, on_click="ignore",
            )
            st.download_button(
                "Print the drawing and its results (PDF)", lambda: drawing_record_pdf(atlas(), drawing, date.today()),
                file_name=drawing_record_filename(date.today()), mime="application/pdf",
                icon=":material/picture_as_pdf:", disabled=not drawing, on_click="ignore",
            )
        st.file_uploader(
            "Open a saved drawing", type=["json"], key=f"drawing_upload_{st.session_state.get('drawing_uploads', 0)}",
            on_change=on_open_drawing, help="A .json file saved here before. It replaces the marks above.",
        )


@st.fragment
def red_flag_check() -> None:
    """The warning signs from the content, folded into one line; what to do about the ticked ones stays in view."""
    red_flags = atlas().red_flags
    ticked = [flag.id for flag in red_flags.flags if st.session_state.get(f"flag_{flag.id}")]
    advice = st.container(key="flag_advice")  # above the checklist, so it is in view as soon as a box is ticked
    if group := most_urgent(red_flags, ticked):
        advice.markdown(f"**{plain_markdown(ticked_summary(red_flags, ticked))}**")
        advice.html(warning_signs_html([group], 2))
    with st.expander("Warning signs: check these first", icon=":material/emergency:"):
        st.markdown("Tick any that apply to you.")
        for group in flags_by_urgency(red_flags):
            st.markdown(f"**{plain_markdown(group.level.title)}**")
            for flag in group.flags:
                st.checkbox(plain_markdown(flag.sign), key=f"flag_{flag.id}")
        sources = dict.fromkeys(cite(atlas(), c) for flag in red_flags.flags for c in flag.sources)
        plain_caption("Based on: " + "; ".join(sources))


def results() -> None:
    data = atlas()
    found = candidates(marked(), data)[:SHOWN]
    st.header("Muscles that could be sending this pain", anchor=False)
    if not marked():
        st.caption("Mark at least one place to see candidates.")
        return
    if not found:
        st.info("No muscle in the atlas refers pain to exactly these places. The cause may be a joint, a nerve or "
                "an organ: see a clinician.")
        return
    for rank, candidate in enumerate(found, 1):
        muscle = data.muscles[candidate.muscle_id]
        side = f" ({candidate.side})" if candidate.side else ""
        shown_side = candidate.side or DEFAULT_SIDE
        with st.container(border=True):
            with st.container(horizontal=True, vertical_alignment="center"):  # name and action on one row
                st.markdown(f"**{rank}. {plain_markdown(muscle.name + side)}**", width="stretch")
                st.button(
                    "Show on figure", key=f"focus_{candidate.muscle_id}_{candidate.side}", icon=":material/visibility:",
                    on_click=st.session_state.__setitem__, args=(FOCUS, (candidate.muscle_id, shown_side)),
                )
            st.html(reasons_html(candidate_reasons(muscle, candidate)))
            pick = gate.muscle_query(candidate.muscle_id, shown_side)
            pages.link(pages.EXPLORE, f"Self-care for {plain_markdown(muscle.name)}", ":material/arrow_forward:", pick)
            pages.link(pages.PRESENT, "Present on this drawing", ":material/slideshow:",
                       {**pick, "zones": zones_link(marked())})
    if len(found) >= MIN_COMPARED:
        top = found[:MAX_COMPARED]
        pages.link(pages.COMPARE, f"Compare the top {len(top)} on one figure", ":material/compare:",
                   gate.compare_query([gate.compared(c.muscle_id, c.side or DEFAULT_SIDE) for c in top]))
        items = [HandoutItem(c.muscle_id, c.side or DEFAULT_SIDE) for c in top]
        handout_buttons(items, marked=dict(marked()), key="pain_handout")


def figure_data() -> dict:
    """What the figure draws: every marked place, and the pattern of the muscle chosen with "Show on figure"."""
    focus = st.session_state.get(FOCUS)
    return {
        "marked": [{"zone": region.zone, "side": region.side, "level": level} for region, level in marked().items()],
        "overlay": {"muscle": focus[0], "side": focus[1]} if focus else None,
        "default_intensity": DEFAULT_INTENSITY,
    }


@st.fragment
def pain_drawing() -> None:
    MARKS_IN_URL.save()
    figure_col, side_col = st.container(key="pain_drawing").columns([3, 2], gap="large")
    with figure_col:
        show_notice(st.session_state.pop(FIGURE_NOTICE, None))
        body_map("pain", figure_data(), key=MAP, on_marked_change=on_map_marked)
        if focus := st.session_state.get(FOCUS):
            shown = plain_markdown(f"{atlas().muscles[focus[0]].name} ({focus[1]})")
            st.caption(f"Showing the pattern of {shown} over your marks.")
    with side_col:  # under the figure on a phone: the marks and their strength, then the answer
        marked_list()
        results()
        with st.expander("How is this ranked?"):
            st.markdown(RANKING_NOTE)
        find_a_place()
        drawing_record()


MARKS_IN_URL.load()
header(
    "Where does it hurt?",
    "Tap the places that hurt on the figure and say how strong each is; the muscles whose trigger points "
    "commonly send pain there are listed under it. **This is not a diagnosis.**",
    NOTICE,
    skip_to_figure=True,
)
red_flag_check()
figure_anchor()
pain_drawing()
panel_style()
