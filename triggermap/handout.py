"""The handout a therapist gives a client: a PDF of one muscle (one page, or two when its content is long), or
a care plan of several muscles behind a cover page; and the client's pain drawing as a one-page record.

A muscle's pages: the figure with its pattern on the treated side (vector paths from ``figure.static_svg``)
with a legend, what it feels like and what sets it off, the chosen techniques, the emergency warning signs in
a box, the daily limit and the places never to press, a short sources line, and a footer saying it is
education, not a diagnosis. Built in memory with the bundled fonts embedded; what the therapist typed is
cleaned and cut (``pdf_layout.clean_typed``) and goes nowhere but into the PDF.
"""

from __future__ import annotations

import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from fpdf.prefs import ViewerPreferences

from triggermap.atlas import Atlas
from triggermap.figure import (
    MARKED_FILL,
    MODES,
    STATIC,
    SVG_NS,
    drawing_svg,
    marked_opacity,
    static_svg,
    static_windows,
)
from triggermap.geometry import figure_geometry
from triggermap.lookup import Candidate, candidates
from triggermap.models import PRESSURE_TOOLS, TOOL_LABELS, Citation, Muscle, Technique, Urgency
from triggermap.pdf_layout import (
    COLUMN_GAP,
    FAMILY,
    MUTED,
    RULE,
    Block,
    Row,
    Sheet,
    Style,
    clean_typed,
    font_glyphs,
    hex_rgb,
)
from triggermap.ranking_text import candidate_reasons
from triggermap.safety import FlagGroup, daily_limit_rule, flags_by_urgency
from triggermap.zones import Region, Side

MAX_SYMPTOMS = 3  # "what it feels like": the first few, as the content lists them
MAX_CAUSES = 3
TYPED_LIMITS = {"client": 60, "therapist": 60, "practice": 80}  # characters; longer is cut with "…"
NOTE_LIMIT, NOTE_LINES = 300, 4
LRM = "\u200e"  # left-to-right mark
LANG = "en-GB"  # the content's wording: 999, A&E, GP
NEVER_PRESS = "Places never to press"  # the safety rule printed on every muscle page
FOOTER = "Education, not a diagnosis: the patterns show where muscle pain is often felt, not what causes yours."

ACCENT = (33, 78, 117)
RED = (166, 27, 27)
WHITE = (255, 255, 255)
NOTE_FILL = (255, 246, 232)
NOTE_EDGE = (224, 178, 120)
ALARM_FILL = (253, 240, 240)

TITLE = Style(19, bold=True)
KICKER = Style(7.5, bold=True, colour=ACCENT)
DETAILS = Style(9, colour=MUTED)
HEADING = Style(10.5, bold=True, colour=ACCENT)
BODY = Style(8.8)
BODY_BOLD = Style(8.8, bold=True)
SMALL = Style(7.2, colour=MUTED)
TECHNIQUE = Style(9.8, bold=True)
STEP, STEP_BOLD, STEP_STOP = Style(8.2), Style(8.2, bold=True), Style(8.2, bold=True, colour=RED)  # a technique's lines

# the tallest the figure is drawn, mm: smaller when that keeps a muscle
FIGURE_HEIGHTS = (118.0, 100.0, 84.0, 70.0, 60.0)
# General cautions in the content that are not conditions a person has (they are said elsewhere on the handout)
NOT_CONDITIONS = ("This is not a diagnosis", "What the evidence says")
MAX_PAGES = 2  # to two pages (a long note, long names and long content together may need it)
FIGURE_WIDTH = (62.0, 96.0)  # the narrowest and widest the figure column may be, mm


class _Fit(NamedTuple):
    """How tightly the pain drawing record is set."""

    figure_height: int  # the tallest the figure is drawn, mm
    reasons: int  # reasons shown per muscle; the rest are counted
    compact: bool  # the marked places as one paragraph rather than a list with swatches


RECORD_FITS = (
    *(_Fit(height, reasons, False) for reasons in (3, 2, 1) for height in range(120, 84, -5)),
    *(_Fit(height, reasons, True) for reasons in (1, 0) for height in range(85, 39, -5)),
)  # the first that keeps the record to one page is used: the reasons matter more than a larger figure
SHOWN_CANDIDATES = 8  # as on the pain page
RECORD_TEXT = Style(8.2)  # a little smaller than a muscle page's: many marks and eight muscles must fit one page
RECORD_BOLD = Style(8.2, bold=True)
RECORD_SIGNS = Style(7.5)  # the eight emergency signs
SIDE_COLUMN = 64.0  # mm: the narrowest the list of marks may be beside the figure; else it goes under it
SIGNS_WIDTH = 76.0  # mm: the warning signs' box, beside the muscles
NBSP = "\u00a0"
MARKS_HEADING = "Where you marked pain"
NOT_A_DIAGNOSIS = ("This is not a diagnosis. The trigger points of these muscles commonly send pain to the places "
                   "marked; the same pain can also come from a joint, a nerve or an organ.")
NO_CANDIDATE = ("No muscle in the atlas refers pain to exactly these places. The cause may be a joint, a nerve or an "
                "organ: see a clinician.")


@dataclass(frozen=True)
class HandoutItem:
    """One muscle for the handout: its side, and the techniques the therapist ticked (None: the default two)."""

    muscle_id: str
    side: Side
    techniques: tuple[str, ...] | None = None


@dataclass(frozen=True)
class HandoutDetails:
    """What the therapist adds. Text is cleaned and cut to fit; ``day`` defaults to today.

    A care plan's cover shows the client's pain drawing: ``marked`` ({region: strength 0-10}, drawn by
    ``figure.drawing_svg``), or else ``pain_svg``, a drawing as standalone SVG (inline styles)."""

    client: str = ""
    therapist: str = ""
    practice: str = ""
    note: str = ""
    day: date | None = None
    paper: str = "A4"  # or "Letter"
    full_citations: bool = False
    pain_svg: str | None = None
    marked: dict[Region, int] | None = None


_Pick = tuple[Muscle, Side, list[Technique]]  # a muscle, its side and the techniques shown for it


def default_techniques(atlas: Atlas, muscle: Muscle) -> list[str]:
    """The two techniques a handout shows unless the therapist ticks others: the muscle's first technique that
    presses (ball, roller, cane, gun or hands) and its first that does not (a stretch or a habit), in the order the
    content lists them; a muscle with only one kind gets its first two."""
    pressing = [t for t in muscle.techniques if atlas.techniques[t].tool in PRESSURE_TOOLS]
    other = [t for t in muscle.techniques if t not in pressing]
    if pressing and other:
        return sorted([pressing[0], other[0]], key=muscle.techniques.index)
    return muscle.techniques[:2]


def handout_pdf(atlas: Atlas, items: Sequence[HandoutItem], details: HandoutDetails = HandoutDetails()) -> bytes:
    """The PDF: one muscle's pages, or for several a care plan (a cover page, then each muscle's pages).

    A muscle takes one page, or two when its content is long: the figure is drawn smaller when that keeps it to
    two (many ticked techniques can still take more). Raises ValueError
    for no items, an unknown muscle, side or technique, an unknown paper size, or a pain drawing that is not SVG."""
    if not items:
        raise ValueError("a handout needs at least one muscle")
    chosen = [_pick(atlas, item) for item in items]
    svg = drawing_svg(details.marked) if details.marked else details.pain_svg
    drawing = _drawing(svg) if svg is not None and len(chosen) > 1 else None
    typed = _Typed.of(details, font_glyphs())
    for figure_height in FIGURE_HEIGHTS:
        setup = _Setup(atlas, typed, details.day or date.today(), details.paper, details.full_citations, figure_height)
        pdf, most_pages = _build(setup, chosen, drawing)
        if most_pages <= MAX_PAGES:
            break
    return bytes(pdf.output())


def handout_filename(muscle: Muscle, side: Side, day: date) -> str:
    return f"triggermap-{muscle.id}-{side}-{day.isoformat()}.pdf"


def care_plan_filename(day: date) -> str:
    return f"triggermap-care-plan-{day.isoformat()}.pdf"


def drawing_record_pdf(atlas: Atlas, marked: dict[Region, int], day: date) -> bytes:
    """The client's pain drawing as a one-page A4 record: the figure with each marked place and its strength,
    the places listed, the muscles that could be sending the pain (the pain page's top eight) with the reasons,
    that this is not a diagnosis, and the emergency warning signs in a box. The figure, the reasons shown per
    muscle and the list of places shrink until it fits one page (``RECORD_FITS``). Nothing marked gives a page
    that says so; an unknown place or a strength outside 0-10 raises ValueError (``lookup.candidates``)."""
    found = candidates(marked, atlas)[:SHOWN_CANDIDATES]
    parts = _RecordParts(_drawing(drawing_svg(marked)), _marks_list(marked), _marks_paragraph(marked),
                         _warning_box(flags_by_urgency(atlas.red_flags)[0], body=RECORD_SIGNS),
                         {r: _candidates(atlas, marked, found, r) for r in {fit.reasons for fit in RECORD_FITS}})
    pdf = Sheet("A4", FOOTER, f"triggermap · {_long_date(day)}")
    _document_info(pdf, f"Pain drawing, {_long_date(day)}", "triggermap",
                   "Where it hurts and how strongly, and the muscles that could be sending the pain")
    pdf.start_page()
    _header(pdf, "Where it hurts", "Pain drawing", f"Marked on {_long_date(day)}")
    pdf.on_new_page = lambda: _running_head(pdf, "Pain drawing")
    for fit in RECORD_FITS:  # measured, not drawn: only the one that fits is drawn
        rows = _record_rows(pdf, parts, fit)
        if pdf.cursor + sum(max(pdf.measure(b, w) for w, b in blocks) + after for blocks, after in rows) <= pdf.bottom:
            break
    for blocks, after in rows:
        pdf.row(blocks, after=after)
    return bytes(pdf.output())


def drawing_record_filename(day: date) -> str:
    return f"triggermap-pain-drawing-{day.isoformat()}.pdf"


def source_label(atlas: Atlas, source_id: str) -> str:
    """A short name for a source: "Travell & Simons 1992", "Davies & Davies 2013", "NICE 2016", "NHS"."""
    citation = atlas.sources[source_id].citation
    authors = citation.split(". ")[0]
    acronym = re.search(r"\(([A-Z]{2,})\)", authors)
    if acronym:
        name = acronym.group(1)
    else:
        surnames = [part.strip().split(" ")[0] for part in authors.split(",") if part.strip()]
        name = " & ".join(surnames) if len(surnames) <= 2 else f"{surnames[0]} et al."
    year = re.search(r"\b(19|20)\d\d\b", citation)
    return f"{name} {year.group(0)}" if year else name


# ---- what the handout shows ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Setup:
    """What every page of one handout shares."""

    atlas: Atlas
    typed: _Typed
    day: date
    paper: str
    full_citations: bool
    figure_height: float


def _build(setup: _Setup, chosen: list[_Pick], drawing: tuple[bytes, float] | None) -> tuple[Sheet, int]:
    """The document, and the most pages one muscle took."""
    pdf = Sheet(setup.paper, FOOTER, f"triggermap · {_long_date(setup.day)}")
    _metadata(pdf, [_muscle_title(muscle, side) for muscle, side, _ in chosen], setup.typed)
    plan = len(chosen) > 1
    if plan:
        _cover(pdf, setup, chosen, drawing)
    most_pages = 0
    for number, pick in enumerate(chosen, 1):
        first = pdf.page + 1
        _muscle_pages(pdf, setup, pick, f"Care plan · muscle {number} of {len(chosen)}" if plan else "Self-care sheet",
                      note=not plan)
        most_pages = max(most_pages, pdf.page - first + 1)
    if setup.full_citations:
        _citations_page(pdf, setup.atlas, chosen)
    return pdf, most_pages


def _known(table: dict, key: str, kind: str) -> str:
    if key not in table:
        raise ValueError(f"unknown {kind} {key!r}")
    return key


def _pick(atlas: Atlas, item: HandoutItem) -> _Pick:
    muscle = atlas.muscles[_known(atlas.muscles, item.muscle_id, "muscle")]
    ids = default_techniques(atlas, muscle) if item.techniques is None else list(dict.fromkeys(item.techniques))
    return muscle, Side(item.side), [atlas.techniques[_known(atlas.techniques, t, "technique")] for t in ids]


def _muscle_title(muscle: Muscle, side: Side) -> str:
    return f"{muscle.name} ({side})"


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class _Typed:
    client: str
    therapist: str
    practice: str
    note: str

    @classmethod
    def of(cls, details: HandoutDetails, glyphs: frozenset[int]) -> _Typed:
        fields = {name: clean_typed(getattr(details, name), limit, glyphs) for name, limit in TYPED_LIMITS.items()}
        return cls(**fields, note=clean_typed(details.note, NOTE_LIMIT, glyphs, NOTE_LINES))

    def byline(self, day: date, client: bool = True) -> str:
        """"For Jane Doe · From Sam Lee, Northside Physio · 3 March 2026", leaving out what is not given."""
        parts = [f"For {_isolated(self.client)}"] if client and self.client else []
        sender = ", ".join(_isolated(p) for p in (self.therapist, self.practice) if p)
        if sender:
            parts.append(f"From {sender}")
        return " · ".join(parts + [_long_date(day)])


def _isolated(text: str) -> str:
    """``text`` with a left-to-right mark after it when it holds right-to-left letters (Hebrew, Arabic), so they
    do not pull the separator and the date after them into their own right-to-left order."""
    return text + LRM if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text) else text


def _metadata(pdf: Sheet, titles: list[str], typed: _Typed) -> None:
    title = f"{titles[0]}: self-care sheet" if len(titles) == 1 else f"Care plan: {', '.join(titles)}"
    _document_info(pdf, title, typed.therapist or "triggermap",
                   "Myofascial trigger points: where the pain goes and what you can do at home")


def _document_info(pdf: Sheet, title: str, author: str, subject: str) -> None:
    pdf.set_title(title)
    pdf.set_lang(LANG)
    pdf.set_author(author)
    pdf.set_creator("triggermap")
    pdf.set_subject(subject)
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)


# ---- blocks ----------------------------------------------------------------------------------------


def _text(content: str, style: Style, after: float = 0.0, typed: bool = False) -> Block:
    def block(pdf: Sheet, x: float, y: float, w: float, dry: bool) -> float:
        height = pdf.paragraph(x, y, w, content, style, dry, typed=typed)
        return height + after if height else 0.0
    return block


def _bullets(items: Sequence[str], after: float = 0.0, style: Style = BODY) -> Block:
    def block(pdf: Sheet, x: float, y: float, w: float, dry: bool) -> float:
        return pdf.bullets(x, y, w, items, style, dry) + after
    return block


def _stack(*blocks: Block | None, gap: float = 0.0) -> Block:
    """Blocks one under the other (None is skipped)."""
    shown = [b for b in blocks if b is not None]

    def block(pdf: Sheet, x: float, y: float, w: float, dry: bool) -> float:
        top = y
        for b in shown:
            height = b(pdf, x, y, w, dry)
            y += height + (gap if height else 0)
        return y - top - (gap if shown else 0)
    return block


def _columns(blocks: Sequence[Block], gap: float = 0.0) -> Block:
    """Blocks read down two columns, split where the taller column is shortest."""
    def block(pdf: Sheet, x: float, y: float, w: float, dry: bool) -> float:
        col_w = (w - COLUMN_GAP) / 2
        heights = [b(pdf, x, y, col_w, True) for b in blocks]

        def column_height(part: list[float]) -> float:
            return sum(part) + gap * max(0, len(part) - 1)

        split = min(range(len(blocks) + 1),
                    key=lambda k: max(column_height(heights[:k]), column_height(heights[k:])))
        if not dry:
            _stack(*blocks[:split], gap=gap)(pdf, x, y, col_w, False)
            _stack(*blocks[split:], gap=gap)(pdf, x + col_w + COLUMN_GAP, y, col_w, False)
        return max(column_height(heights[:split]), column_height(heights[split:]))
    return block


def _boxed(title: str | None, inner: Block, edge: tuple[int, int, int], fill: tuple[int, int, int],
           after: float = 0.0) -> Block:
    """``inner`` in a rounded box; a ``title`` sits in a band of the edge colour across its top."""
    pad = 3.0
    title_style = Style(9.6, bold=True, colour=WHITE)
    band = title_style.line + 2.6 if title else 0.0

    def block(pdf: Sheet, x: float, y: float, w: float, dry: bool) -> float:
        inner_top = y + band + pad
        height = band + inner(pdf, x + pad, inner_top, w - 2 * pad, True) + 2 * pad
        if dry:
            return height + after
        pdf.set_draw_color(*edge)
        pdf.set_fill_color(*fill)
        pdf.set_line_width(0.5 if title else 0.3)
        pdf.rect(x, y, w, height, style="DF", round_corners=True, corner_radius=1.6)
        if title:
            pdf.set_fill_color(*edge)
            pdf.rect(x, y, w, band, style="F", round_corners=("TOP_LEFT", "TOP_RIGHT"), corner_radius=1.6)
            pdf.paragraph(x + pad, y + 1.3, w - 2 * pad, title, title_style)
        inner(pdf, x + pad, inner_top, w - 2 * pad, False)
        return height + after
    return block


def _spacer(height: float) -> Block:
    return lambda pdf, x, y, w, dry: height


# ---- the page header -------------------------------------------------------------------------------


def _header(pdf: Sheet, kicker: str, title: str, byline: str) -> None:
    y = pdf.cursor
    y += pdf.paragraph(pdf.l_margin, y, pdf.epw, kicker.upper(), KICKER) + 0.6
    y += pdf.paragraph(pdf.l_margin, y, pdf.epw, title, TITLE) + 0.8
    y += pdf.paragraph(pdf.l_margin, y, pdf.epw, byline, DETAILS, typed=True) + 2.2
    pdf.rule(y, ACCENT)
    pdf.cursor = y + 4.5


def _running_head(pdf: Sheet, title: str) -> None:
    y = pdf.cursor
    y += pdf.paragraph(pdf.l_margin, y, pdf.epw, f"{title}, continued", Style(10, bold=True, colour=MUTED)) + 1.5
    pdf.rule(y)
    pdf.cursor = y + 4.5


def _note(text: str | None, heading: str | None = None, typed: bool = False, after: float = 0.0) -> Block | None:
    """A note in a soft box: the therapist's (typed), or a muscle's own self-care note."""
    if not text:
        return None
    inner = _stack(_text(heading, BODY_BOLD, 0.6) if heading else None, _text(text, BODY, typed=typed))
    return _boxed(None, inner, NOTE_EDGE, NOTE_FILL, after=after)


def _therapist_note(text: str, after: float = 0.0) -> Block | None:
    return _note(text, "Note from your therapist", typed=True, after=after)


# ---- a muscle's pages ------------------------------------------------------------------------------


def _muscle_pages(pdf: Sheet, setup: _Setup, pick: _Pick, kicker: str, note: bool) -> None:
    """The figure beside the therapist's note, what it feels like and what sets it off; the emergency signs
    beside them or across the page; the techniques, two side by side, and the daily limit with the places never
    to press (first when only they fit on the page); the sources line. Rows that do not fit go to the next page."""
    atlas, (muscle, side, techniques) = setup.atlas, pick
    title = _muscle_title(muscle, side)
    pdf.on_new_page = lambda: None
    pdf.start_page()
    _header(pdf, kicker, title, setup.typed.byline(setup.day))
    pdf.on_new_page = lambda: _running_head(pdf, title)
    figure_w, figure = _figure(atlas, muscle, side, setup.figure_height)
    about = _stack(_therapist_note(setup.typed.note, after=5.0) if note else None,
                   _text("What it feels like", HEADING, 1.2), _bullets(muscle.symptoms[:MAX_SYMPTOMS], 3.5),
                   _text("What sets it off", HEADING, 1.2), _bullets(muscle.causes[:MAX_CAUSES]))
    _figure_rows(pdf, figure_w, figure, about, _emergency(atlas, muscle), _emergency(atlas, muscle, columns=2))
    rules = _rules_row(pdf, atlas)
    steps = _technique_rows(pdf, muscle, techniques)
    if not pdf.fits(steps[0][0]) and pdf.fits(rules[0]):  # the rules fill this page, the techniques the next
        steps.insert(0, rules)
    else:
        steps.append(rules)
    sources = _text(_sources_line(atlas, muscle, techniques, setup.full_citations), SMALL)
    steps.insert(0, _ask_first_row(pdf, atlas, sources))  # under the warning signs, read before the techniques
    for blocks, after in steps:
        pdf.row(blocks, after=after)


def _rules_row(pdf: Sheet, atlas: Atlas) -> Row:
    """The daily limit and the places never to press side by side, then who should ask a clinician first."""
    half = (pdf.epw - COLUMN_GAP) / 2
    limit = daily_limit_rule(atlas.safety)
    never = next(rule for rule in atlas.safety.technique_rules if rule.title == NEVER_PRESS)
    return [(half, _stack(_text(rule.title, HEADING, 1.2), _bullets(rule.points))) for rule in (limit, never)], 5.0


def _ask_first_row(pdf: Sheet, atlas: Atlas, sources: Block) -> Row:
    """One line naming the conditions that call for a clinician's advice before any self-massage (the content's
    general cautions; the app has each one in full), then the sources line."""
    conditions = [rule.title for rule in atlas.safety.general_cautions if rule.title not in NOT_CONDITIONS]
    text = "Ask a clinician before any self-massage if any of these apply: " + "; ".join(conditions) + "."
    return [(pdf.epw, _stack(_text("Take care", HEADING, 1.2), _text(text, BODY, 2.5), sources))], 5.0


def _figure_rows(pdf: Sheet, figure_w: float, figure: Block, about: Block, emergency: Block | None,
                 across: Block | None) -> None:
    """The figure beside ``about``, with the emergency box under ``about`` or across the page under both:
    whichever keeps it on this page, else whichever is shorter."""
    about_w = pdf.epw - figure_w - COLUMN_GAP
    if emergency is None:
        pdf.row([(figure_w, figure), (about_w, about)], after=6)
        return
    beside = _stack(about, emergency, gap=5)
    figure_h = pdf.measure(figure, figure_w)
    side_by_side = max(figure_h, pdf.measure(beside, about_w))
    below = max(figure_h, pdf.measure(about, about_w)) + 6 + pdf.measure(across, pdf.epw)
    room = pdf.bottom - pdf.cursor
    if (side_by_side <= room) != (below <= room):  # the one that keeps the signs on this page
        use_beside = side_by_side <= room
    else:
        use_beside = side_by_side <= below
    if use_beside:
        pdf.row([(figure_w, figure), (about_w, beside)], after=6)
    else:
        pdf.row([(figure_w, figure), (about_w, about)], after=6)
        pdf.row([(pdf.epw, across)], after=6)


def _emergency(atlas: Atlas, muscle: Muscle, columns: int = 1) -> Block | None:
    """The muscle's warning signs that are emergencies, with the level's own wording, in a red box."""
    group = next((g for g in flags_by_urgency(atlas.red_flags, muscle.warning_signs)
                  if g.urgency is Urgency.emergency), None)
    return None if group is None else _warning_box(group, columns)


def _warning_box(group: FlagGroup, columns: int = 1, body: Style = BODY) -> Block:
    """A group of warning signs with the level's own wording, in a red box; the signs in one or two columns."""
    inner = _stack(_text("Get help at once if you notice any of these:", replace(body, bold=True), 1.2),
                   _bullets([flag.sign for flag in group.flags], style=body) if columns == 1
                   else _columns([_bullets([flag.sign], style=body) for flag in group.flags], gap=1.6),
                   _text(group.level.action, replace(body, size=body.size + 0.2, bold=True, colour=RED)), gap=1.8)
    return _boxed(f"Warning signs: {group.level.title.lower()}", inner, RED, ALARM_FILL)


def _technique_rows(pdf: Sheet, muscle: Muscle, techniques: list[Technique]) -> list[Row]:
    """"What to do at home": the muscle's own self-care note if it has one, then the techniques two by two."""
    heading = _text("What to do at home", HEADING, 2.0)
    rows = []
    care = _note(muscle.self_care_note)
    if care or not techniques:
        rows.append(([(pdf.epw, _stack(heading, care or _text("No technique chosen for this sheet.", BODY)))], 5.0))
        heading = None
    half = (pdf.epw - COLUMN_GAP) / 2
    for i in range(0, len(techniques), 2):
        pair = [_technique(t) for t in techniques[i:i + 2]]
        if heading:  # the heading stays with the first pair
            pair = [_stack(heading, pair[0])] + [_stack(_spacer(HEADING.line + 2.0), b) for b in pair[1:]]
            heading = None
        rows.append(([(half, block) for block in pair], 5.0))
    return rows


def _technique(technique: Technique) -> Block:
    """Name, tool and position, numbered steps, then pressure, how long and when to stop, each in a short row."""
    def block(pdf: Sheet, x: float, y: float, w: float, dry: bool) -> float:
        top = y
        y += pdf.paragraph(x, y, w, technique.name, TECHNIQUE, dry) + 0.5
        y += pdf.paragraph(x, y, w, f"{TOOL_LABELS[technique.tool]} · {technique.position}", SMALL, dry) + 1.6
        for number, step in enumerate(technique.steps, 1):
            y += pdf.gutter(x, y, w, f"{number}.", step, STEP, STEP_BOLD, 4.6, dry) + 0.8
        y += 0.8
        rows = [("Pressure", technique.pressure, STEP_BOLD), ("How long", technique.dose, STEP_BOLD),
                ("Stop if", technique.stop_if, STEP_STOP),
                *(("Take care", caution, STEP_STOP) for caution in technique.cautions)]
        for label, text, style in rows:
            y += pdf.gutter(x, y, w, label, text, STEP, style, 17.0, dry) + 0.6
        return y - top - 0.8
    return block


def _sources_line(atlas: Atlas, muscle: Muscle, techniques: list[Technique], citations_page: bool) -> str:
    names = dict.fromkeys(source_label(atlas, c.source) for c in _citations(atlas, muscle, techniques))
    where = "on the last page" if citations_page else "in triggermap's Sources page"
    return f"Sources: {'; '.join(names)}. Full references {where}."


def _citations(atlas: Atlas, muscle: Muscle, techniques: list[Technique]) -> list[Citation]:
    """What this muscle's page rests on: the muscle, the chosen techniques and the emergency signs shown."""
    group = [g for g in flags_by_urgency(atlas.red_flags, muscle.warning_signs) if g.urgency is Urgency.emergency]
    flags = [c for g in group for flag in g.flags for c in flag.sources]
    return [*muscle.sources, *(c for t in techniques for c in t.sources), *flags]


# ---- the figure ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Panel:
    title: str
    right: int  # 1 when the body's right side is drawn on the right (a back view), -1 when mirrored
    window: tuple[float, float, float, float]  # canvas x0, y0, x1, y1
    svg: bytes

    @property
    def width(self) -> float:
        return self.window[2] - self.window[0]

    @property
    def height(self) -> float:
        return self.window[3] - self.window[1]


def _panels(atlas: Atlas, muscle: Muscle, side: Side) -> list[_Panel]:
    """The static figure cropped to each view it needs, keeping only the shapes that reach into the crop. Its
    text (the view titles) is left out: the page prints titles in its own embedded font, where fpdf2 would use
    an unembedded standard one."""
    svg = ET.fromstring(static_svg(atlas, muscle.id, side))
    views = figure_geometry().art.views
    windows = static_windows(atlas, muscle.id, side)
    rows = {}  # views drawn at the same height (back and front) are cropped to the same rows, to line up
    for view, (_, y0, _, y1) in windows.items():
        top, bottom = rows.get(views[view].top, (y0, y1))
        rows[views[view].top] = (min(top, y0), max(bottom, y1))
    panels = []
    for view, (x0, _, x1, _) in windows.items():
        y0, y1 = rows[views[view].top]
        window = (x0, y0, x1, y1)
        root = ET.Element(svg.tag, svg.attrib)
        root.extend(el for el in svg if _drawn_in(el, window))
        root.set("viewBox", f"{x0:g} {y0:g} {x1 - x0:g} {y1 - y0:g}")
        root.set("width", f"{x1 - x0:g}")
        root.set("height", f"{y1 - y0:g}")
        panels.append(_Panel(views[view].title, views[view].right, window, ET.tostring(root)))
    return panels


_POINTS = re.compile(r"[ML](-?[\d.]+) (-?[\d.]+)")  # the absolute points of figure.path_d's path data


def _drawn_in(el: ET.Element, window: tuple[float, float, float, float]) -> bool:
    """Whether a shape of the static figure may show in ``window`` (text never does; fpdf2 also refuses a path
    with no data, which a view without landmarks has)."""
    x0, y0, x1, y1 = window
    if el.tag == f"{{{SVG_NS}}}text":
        return False
    if el.tag == f"{{{SVG_NS}}}circle":
        points = [(float(el.get("cx")), float(el.get("cy")))]
    else:
        points = [(float(x), float(y)) for x, y in _POINTS.findall(el.get("d", ""))]
    if not points:
        return False
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    margin = 10.0  # a cross reaches this far past its first point
    return min(xs) <= x1 + margin and max(xs) >= x0 - margin and min(ys) <= y1 + margin and max(ys) >= y0 - margin


def _figure(atlas: Atlas, muscle: Muscle, side: Side, height: float) -> tuple[float, Block]:
    """The figure column: each view's panel side by side at one scale, framed, with its title above and the
    body's left and right below, then the legend; and the column's width."""
    panels = _panels(atlas, muscle, side)
    gap = 3.0
    panels_w = sum(p.width for p in panels)
    scale = min(height / max(p.height for p in panels), (FIGURE_WIDTH[1] - gap * (len(panels) - 1)) / panels_w)
    drawn_w = panels_w * scale + gap * (len(panels) - 1)
    legend = _legend(muscle, side)
    alt = f"Body figure: where {muscle.name} on the {side} side sends pain"

    def block(pdf: Sheet, x: float, y: float, w: float, dry: bool) -> float:
        top = y + SMALL.line + 0.8
        bottom = top + max(p.height for p in panels) * scale
        px = x + (w - drawn_w) / 2
        for panel in panels if not dry else ():
            pw, ph = panel.width * scale, panel.height * scale
            pdf.paragraph(px, y, pw, panel.title, SMALL, align="C")
            with pdf.rect_clip(px, top, pw, ph):
                pdf.image(io.BytesIO(panel.svg), x=px, y=top, w=pw, h=ph, alt_text=alt)
            pdf.set_draw_color(*RULE)
            pdf.set_line_width(0.25)
            pdf.rect(px, top, pw, ph)
            near, far = ("Left", "Right") if panel.right > 0 else ("Right", "Left")
            pdf.paragraph(px, top + ph + 0.6, pw, near, SMALL)
            pdf.paragraph(px, top + ph + 0.6, pw, far, SMALL, align="R")
            px += pw + gap
        legend_top = bottom + 0.6 + SMALL.line + 2.4
        return legend_top + legend(pdf, x, legend_top, w, dry) - y
    return max(FIGURE_WIDTH[0], drawn_w), block


LEGEND = dict(MODES["explore"].legend)  # the same words as under the figure on screen


def _legend(muscle: Muscle, side: Side) -> Block:
    kinds = ["cross"] + (["no_press"] if any(tp.do_not_press for tp in muscle.trigger_points) else [])
    rows = [(kind, LEGEND[kind]) for kind in (*kinds, "essential", "spillover")]
    rows.append(("muscle", f"The {muscle.name.lower()}, {side} side (outlined)"))

    def block(pdf: Sheet, x: float, y: float, w: float, dry: bool) -> float:
        top = y
        for kind, words in rows:
            if not dry:
                _swatch(pdf, kind, x + 2.6, y + SMALL.line / 2)
            y += pdf.paragraph(x + 7, y, w - 7, words, SMALL, dry) + 0.7
        return y - top
    return block


def _swatch(pdf: Sheet, kind: str, cx: float, cy: float) -> None:
    """A legend mark drawn the way the static figure draws it (its colours from ``figure.STATIC``)."""
    r = 1.5
    pdf.set_line_width(0.3)
    if kind == "essential":
        pdf.set_fill_color(*hex_rgb(STATIC["essential"]["fill"]))
        pdf.rect(cx - 2.2, cy - r, 4.4, 2 * r, style="F", round_corners=True, corner_radius=0.8)
    elif kind == "spillover":
        pdf.set_fill_color(*hex_rgb(STATIC["dot"]["fill"]))
        for dx, dy, d in ((-1.6, -0.8, 0.55), (0, -1.1, 0.4), (1.5, -0.5, 0.5), (-0.7, 0.7, 0.45), (1.0, 1.0, 0.55)):
            pdf.circle(cx + dx, cy + dy, d / 2, style="F")
    elif kind == "cross":
        for colour, width in ((STATIC["halo"]["stroke"], 0.9), (STATIC["cross"]["stroke"], 0.45)):
            pdf.set_draw_color(*hex_rgb(colour))
            pdf.set_line_width(width)
            pdf.line(cx - r, cy - r, cx + r, cy + r)
            pdf.line(cx - r, cy + r, cx + r, cy - r)
    elif kind == "no_press":
        pdf.set_draw_color(*hex_rgb(STATIC["no_press"]["stroke"]))
        pdf.set_fill_color(*WHITE)
        pdf.circle(cx, cy, r, style="DF")
        pdf.line(cx - r * 0.7, cy, cx + r * 0.7, cy)
    else:  # the muscle's outline
        pdf.set_draw_color(*hex_rgb(STATIC["chosen"]["stroke"]))
        pdf.set_line_width(0.45)
        pdf.ellipse(cx - 2.2, cy - r, 4.4, 2 * r, style="D")


# ---- the care plan's cover and the sources page ------------------------------------------------------


def _cover(pdf: Sheet, setup: _Setup, chosen: list[_Pick], drawing: tuple[bytes, float] | None) -> None:
    typed = setup.typed
    pdf.on_new_page = lambda: None
    pdf.start_page()
    title = f"Care plan for {typed.client}" if typed.client else "Your care plan"
    _header(pdf, "Care plan", title, typed.byline(setup.day, client=False))
    pdf.on_new_page = lambda: _running_head(pdf, "Care plan")
    if typed.note:
        pdf.row([(pdf.epw, _therapist_note(typed.note))])
    entries = []
    for number, (muscle, side, techniques) in enumerate(chosen, 1):
        names = "; ".join(t.name for t in techniques) or "No technique chosen"
        entries.append(_stack(_text(f"{number}. {_muscle_title(muscle, side)}", Style(10.5, bold=True), 0.6),
                              _text(names, SMALL)))
    plan = _stack(_text("In this plan", HEADING, 2.0),
                  _text("Each muscle has its own pages, in this order: where it sends pain and the warning signs, "
                        "then what to do at home.", BODY, 3.0),
                  _stack(*entries, gap=3.2))
    if drawing is None:
        pdf.row([(pdf.epw, plan)])
        return
    if drawing[1] > 1:  # wider than tall (back and front views): across the page, under the plan
        pdf.row([(pdf.epw, plan)], after=7)
        pdf.row([(pdf.epw, _pain_drawing(drawing, setup.day))])
        return
    list_w = 72.0
    pdf.row([(list_w, plan), (pdf.epw - list_w - COLUMN_GAP, _pain_drawing(drawing, setup.day))])


def _pain_drawing(drawing: tuple[bytes, float], day: date) -> Block:
    """The client's drawing (SVG and its width / height) as vector paths, as large as the page allows."""
    def block(pdf: Sheet, x: float, y: float, w: float, dry: bool) -> float:
        head = pdf.paragraph(x, y, w, "Your pain drawing", HEADING, dry) + 1.2
        head += pdf.paragraph(x, y + head, w, f"Where it hurts, as marked on {_long_date(day)}", SMALL, dry) + 2.0
        return head + _draw_drawing(pdf, drawing, x, y + head, w, pdf.bottom - pdf.cursor - head - 4, dry)
    return block


def _draw_drawing(pdf: Sheet, drawing: tuple[bytes, float], x: float, y: float, w: float, most_h: float,
                  dry: bool) -> float:
    """A drawing from ``_drawing`` as vector paths, centred in width ``w``, as large as fits in ``w`` by
    ``most_h``; returns its height."""
    data, aspect = drawing
    dw = min(w, most_h * aspect)
    dh = dw / aspect
    if not dry:
        dx = x + (w - dw) / 2
        with pdf.rect_clip(dx, y, dw, dh):  # shapes outside the drawing's viewBox stay hidden
            pdf.image(io.BytesIO(data), x=dx, y=y, w=dw, h=dh, alt_text="The client's pain drawing")
    return dh


def _drawing(svg: str) -> tuple[bytes, float]:
    """A caller's SVG ready for fpdf2, and its width / height: images left out, text set in the embedded font
    (fpdf2 would use an unembedded standard font). Raises ValueError when it is not SVG with a size."""
    try:
        root = ET.fromstring(svg)
        box = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip())] if root.get("viewBox") \
            else [0, 0, float(root.get("width")), float(root.get("height"))]
    except (ET.ParseError, TypeError, ValueError) as err:
        raise ValueError(f"the pain drawing is not SVG with a viewBox or a width and height: {err}") from err
    if root.tag != f"{{{SVG_NS}}}svg" or len(box) != 4 or box[2] <= 0 or box[3] <= 0:
        raise ValueError("the pain drawing is not SVG with a viewBox or a width and height")
    for el in list(root.iter()):
        for image in el.findall(f"{{{SVG_NS}}}image"):  # a drawing is vectors: no file or URL is ever loaded
            el.remove(image)
        if el.tag in (f"{{{SVG_NS}}}text", f"{{{SVG_NS}}}tspan"):
            el.set("font-family", FAMILY)
            if el.get("style"):
                el.set("style", re.sub(r"font-family\s*:[^;]*;?", "", el.get("style")))
    return ET.tostring(root), box[2] / box[3]


def _citations_page(pdf: Sheet, atlas: Atlas, chosen: list[_Pick]) -> None:
    """Every source the pages cite, once, in full with its link."""
    pdf.on_new_page = lambda: None
    pdf.start_page()
    _header(pdf, "References", "Sources", "The books, papers and guidelines these pages rest on.")
    pdf.on_new_page = lambda: _running_head(pdf, "Sources")
    used = {c.source for muscle, _, techniques in chosen for c in _citations(atlas, muscle, techniques)}
    for source in sorted((atlas.sources[s] for s in used), key=lambda s: s.citation.lower()):
        link = f"https://doi.org/{source.doi}" if source.doi else source.url
        pdf.row([(pdf.epw, _bullets([f"{source.citation} {link}" if link else source.citation]))], after=1.6)


# ---- the pain drawing as a record ----------------------------------------------------------------------


@dataclass(frozen=True)
class _RecordParts:
    """The blocks of a pain drawing record, made once and measured for each fit."""

    drawing: tuple[bytes, float]  # from ``_drawing``
    marks: Block
    marks_paragraph: Block
    signs: Block
    muscles: dict[int, Block]  # by the number of reasons shown per muscle


def _record_rows(pdf: Sheet, parts: _RecordParts, fit: _Fit) -> list[Row]:
    """The record's rows: the figure, then the muscles beside the emergency signs. The list of marks goes beside
    the figure when there is room, else above the signs, or as a paragraph under the figure when it is long."""
    def figure(pdf: Sheet, x: float, y: float, w: float, dry: bool) -> float:
        return _draw_drawing(pdf, parts.drawing, x, y, w, fit.figure_height, dry)

    figure_w = min(pdf.epw, fit.figure_height * parts.drawing[1])
    side_w = pdf.epw - figure_w - COLUMN_GAP
    muscles = (pdf.epw - SIGNS_WIDTH - COLUMN_GAP, parts.muscles[fit.reasons])
    if fit.compact:
        return [([(pdf.epw, figure)], 5.0), ([(pdf.epw, parts.marks_paragraph)], 6.0),
                ([muscles, (SIGNS_WIDTH, parts.signs)], 0.0)]
    if side_w >= SIDE_COLUMN and pdf.measure(parts.marks, side_w) <= fit.figure_height:
        return [([(figure_w, figure), (side_w, parts.marks)], 6.0), ([muscles, (SIGNS_WIDTH, parts.signs)], 0.0)]
    return [([(pdf.epw, figure)], 5.0), ([muscles, (SIGNS_WIDTH, _stack(parts.marks, parts.signs, gap=5.0))], 0.0)]


def _marks_list(marked: dict[Region, int]) -> Block:
    """Each marked place with its strength and a swatch of its fill."""
    entries = [_mark_entry(region, level) for region, level in marked.items()]
    return _stack(_text(MARKS_HEADING, HEADING, 1.6),
                  _stack(*entries, gap=0.6) if entries else _text("No place was marked.", RECORD_TEXT))


def _marks_paragraph(marked: dict[Region, int]) -> Block:
    """The marked places as one paragraph, each kept on one line, for a drawing with very many."""
    entries = [f"{region.name}: {level}/10".replace(" ", NBSP) for region, level in marked.items()]
    return _stack(_text(MARKS_HEADING, HEADING, 1.6), _text(" · ".join(entries), RECORD_TEXT))


def _mark_entry(region: Region, level: int) -> Block:
    opacity = marked_opacity(level)
    swatch = tuple(round(255 - (255 - c) * opacity) for c in hex_rgb(MARKED_FILL))  # the fill over white paper

    def block(pdf: Sheet, x: float, y: float, w: float, dry: bool) -> float:
        if not dry:
            pdf.set_fill_color(*swatch)
            pdf.set_draw_color(*hex_rgb(MARKED_FILL))
            pdf.set_line_width(0.25)
            pdf.rect(x, y + 0.4, 4.2, RECORD_TEXT.line - 0.8, style="DF")
        return pdf.paragraph(x + 6, y, w - 6, f"{region.name}: {level}/10", RECORD_TEXT, dry)
    return block


def _candidates(atlas: Atlas, marked: dict[Region, int], found: list[Candidate], reasons: int) -> Block:
    """The muscles that could be sending the pain, ranked and named as on the pain page, each with up to
    ``reasons`` of the places it explains and why."""
    heading = _text("Muscles that could be sending this pain", HEADING, 1.2)
    if not found:
        return _stack(heading, _text(NO_CANDIDATE if marked else "No place was marked, so no muscle is listed.",
                                     RECORD_TEXT))
    entries = [_candidate(atlas, rank, candidate, reasons) for rank, candidate in enumerate(found, 1)]
    return _stack(heading, _text(NOT_A_DIAGNOSIS, RECORD_BOLD, 2.4), _stack(*entries, gap=2.2))


def _candidate(atlas: Atlas, rank: int, candidate: Candidate, reasons: int) -> Block:
    muscle = atlas.muscles[candidate.muscle_id]
    side = f" ({candidate.side})" if candidate.side else ""
    lines = candidate_reasons(muscle, candidate)
    shown = lines[:reasons]
    if len(lines) > reasons:
        more = len(lines) - reasons
        shown.append(f"and {more} more of the places marked" if reasons else f"Explains {more} of the places marked")
    return _stack(_text(f"{rank}. {muscle.name}{side}", RECORD_BOLD, 0.4), _text("; ".join(shown) + ".", RECORD_TEXT))
