"""The handout PDF (triggermap/handout.py), read back with pypdf as a reader would see it."""

from __future__ import annotations

import builtins
import io
import logging
import re
from datetime import date

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from triggermap.figure import MARKED_FILL, static_svg
from triggermap.handout import (
    MAX_CAUSES,
    MAX_SYMPTOMS,
    NOT_CONDITIONS,
    HandoutDetails,
    HandoutItem,
    care_plan_filename,
    default_techniques,
    drawing_record_filename,
    drawing_record_pdf,
    handout_filename,
    handout_pdf,
    source_label,
)
from triggermap.lookup import candidates
from triggermap.models import PRESSURE_TOOLS, Urgency
from triggermap.pdf_layout import ELLIPSIS, hex_rgb
from triggermap.ranking_text import candidate_reasons
from triggermap.safety import daily_limit_rule, flags_by_urgency
from triggermap.zones import Region, Side, all_regions

DAY = date(2026, 3, 14)
DETAILS = HandoutDetails(client="Jane Doe", therapist="Sam Lee", practice="Northside Physio",
                         note="Twice a week for two weeks, then we review.", day=DAY)
PATH_OPERATORS = {b"m", b"l", b"c", b"v", b"y", b"h", b"re"}
PLAN = [HandoutItem("gluteus_minimus", Side.right), HandoutItem("piriformis", Side.right),
        HandoutItem("quadratus_lumborum", Side.left)]


def read(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf), strict=True)


def words(reader: PdfReader, pages: slice = slice(None)) -> str:
    """The text of ``pages`` with every run of white space made one space (lines wrap anywhere)."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages[pages])


def plain(text: str) -> str:
    return " ".join(text.split())


def path_operators(reader: PdfReader, page: int) -> int:
    operations = ContentStream(reader.pages[page].get_contents(), reader).operations
    return sum(1 for _, operator in operations if operator in PATH_OPERATORS)


def marked_fills(reader: PdfReader, page: int = 0) -> int:
    """How many shapes on ``page`` are filled in the colour of a client's marks."""
    colour = [round(c / 255, 3) for c in hex_rgb(MARKED_FILL)]
    operations = ContentStream(reader.pages[page].get_contents(), reader).operations
    return sum(1 for args, operator in operations if operator == b"rg" and [round(float(a), 3) for a in args] == colour)


@pytest.fixture(scope="module")
def sheets(atlas):
    """Every muscle on both sides with the default techniques and a short note."""
    return {(m, side): handout_pdf(atlas, [HandoutItem(m, side)], DETAILS) for m in atlas.muscles for side in Side}


@pytest.fixture(scope="module")
def plan_pdf(atlas):
    return handout_pdf(atlas, PLAN, DETAILS)


MARKED = {Region("lateral_hip", Side.right): 7, Region("upper_buttock", Side.right): 5,
          Region("posterior_thigh", Side.right): 3}


@pytest.fixture(scope="module")
def record_pdf(atlas):
    return drawing_record_pdf(atlas, MARKED, DAY)


# ---- pages ---------------------------------------------------------------------------------------


def test_every_muscle_on_either_side_fits_one_or_two_pages(atlas, sheets):
    pages = {key: len(read(pdf).pages) for key, pdf in sheets.items()}
    assert {key: n for key, n in pages.items() if not 1 <= n <= 2} == {}


def test_the_longest_details_still_fit_two_pages(atlas):
    """A note and names at their length limits, on every muscle, on Letter (shorter than A4): the figure is
    drawn smaller rather than a third page."""
    longest = HandoutDetails(client="Client " * 40, therapist="Therapist " * 40, practice="Practice " * 40,
                             note="A long note from the therapist. " * 400, day=DAY, paper="Letter")
    pages = {m: len(read(handout_pdf(atlas, [HandoutItem(m, Side.right)], longest)).pages) for m in atlas.muscles}
    assert {m: n for m, n in pages.items() if n > 2} == {}


def test_a_sheet_without_techniques_says_so_and_keeps_the_safety_rules(atlas):
    reader = read(handout_pdf(atlas, [HandoutItem("gluteus_minimus", Side.right, ())], HandoutDetails(day=DAY)))
    assert len(reader.pages) <= 2
    text = words(reader)
    assert "No technique chosen for this sheet." in text
    assert "A daily limit" in text and "Places never to press" in text and "Ask a clinician before" in text


def test_every_sheet_says_who_should_ask_a_clinician_first_and_each_technique_s_cautions(atlas):
    conditions = [r.title for r in atlas.safety.general_cautions if r.title not in NOT_CONDITIONS]
    assert "Pregnancy" in conditions and "Blood clots" in conditions
    assert {"This is not a diagnosis", "What the evidence says"} <= {r.title for r in atlas.safety.general_cautions}
    for muscle in atlas.muscles.values():
        chosen = default_techniques(atlas, muscle)
        text = words(read(handout_pdf(atlas, [HandoutItem(muscle.id, Side.left)], HandoutDetails(day=DAY))))
        assert all(condition in text for condition in conditions), muscle.id
        for technique in chosen:
            for caution in atlas.techniques[technique].cautions:
                assert " ".join(caution.split()) in text, (muscle.id, technique, caution)


@pytest.mark.parametrize("paper, size", [("A4", (595, 842)), ("Letter", (612, 792))])
def test_paper_size(atlas, paper, size):
    reader = read(handout_pdf(atlas, [HandoutItem("piriformis", Side.left, ())], HandoutDetails(paper=paper)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


# ---- what a muscle's sheet says --------------------------------------------------------------------


def test_the_sheet_names_the_muscle_and_side_and_what_it_feels_like(atlas, sheets):
    muscle = atlas.muscles["gluteus_minimus"]
    reader = read(sheets[("gluteus_minimus", Side.right)])
    first = words(reader, slice(0, 1))
    assert "Gluteus minimus (right)" in first
    assert "For Jane Doe · From Sam Lee, Northside Physio · 14 March 2026" in first
    assert "Twice a week for two weeks, then we review." in first
    for line in muscle.symptoms[:MAX_SYMPTOMS] + muscle.causes[:MAX_CAUSES]:
        assert plain(line) in first
    for line in muscle.symptoms[MAX_SYMPTOMS:] + muscle.causes[MAX_CAUSES:]:
        assert plain(line) not in words(reader), "only the first few lines"
    assert words(read(sheets[("gluteus_minimus", Side.left)]), slice(0, 1)).count("Gluteus minimus (left)") == 1


def test_only_the_chosen_techniques_are_on_the_sheet_with_their_steps_and_limits(atlas):
    muscle = atlas.muscles["gluteus_minimus"]
    chosen = ("cane_glutes", "ball_tfl_floor")
    text = words(read(handout_pdf(atlas, [HandoutItem(muscle.id, Side.right, chosen)], DETAILS)))
    for technique_id in chosen:
        technique = atlas.techniques[technique_id]
        assert plain(technique.name) in text
        for line in [*technique.steps, technique.pressure, technique.dose, technique.stop_if]:
            assert plain(line) in text
    for technique_id in set(muscle.techniques) - set(chosen):
        assert plain(atlas.techniques[technique_id].name) not in text


def test_the_default_techniques_are_the_first_that_presses_and_the_first_that_does_not(atlas, sheets):
    for muscle in atlas.muscles.values():
        picked = default_techniques(atlas, muscle)
        pressing = [t for t in muscle.techniques if atlas.techniques[t].tool in PRESSURE_TOOLS]
        other = [t for t in muscle.techniques if t not in pressing]
        expected = {pressing[0], other[0]} if pressing and other else set(muscle.techniques[:2])
        assert set(picked) == expected, muscle.id
    text = words(read(sheets[("gluteus_minimus", Side.right)]))
    shown = [t for t in atlas.muscles["gluteus_minimus"].techniques if plain(atlas.techniques[t].name) in text]
    assert shown == default_techniques(atlas, atlas.muscles["gluteus_minimus"]) == [
        "ball_glutes_wall", "stretch_glute_crossover"]


def test_the_warning_box_holds_the_emergency_signs_and_what_to_do(atlas, sheets):
    muscle = atlas.muscles["quadratus_lumborum"]
    text = words(read(sheets[(muscle.id, Side.left)]))
    groups = {g.urgency: g for g in flags_by_urgency(atlas.red_flags, muscle.warning_signs)}
    emergency = groups[Urgency.emergency]
    assert "Warning signs: emergency now" in text
    assert plain(emergency.level.action) in text
    for flag in emergency.flags:
        assert plain(flag.sign) in text
    for urgency in (Urgency.same_day, Urgency.see_gp):
        for flag in groups[urgency].flags:
            assert plain(flag.sign) not in text, "only the emergency signs are in the box"


def test_every_sheet_has_the_daily_limit_places_never_to_press_and_the_footer(atlas, sheets):
    limit = daily_limit_rule(atlas.safety)
    never = next(r for r in atlas.safety.technique_rules if r.title == "Places never to press")
    for (muscle_id, _side), pdf in sheets.items():
        reader = read(pdf)
        text = words(reader)
        for point in limit.points + never.points:
            assert plain(point) in text, muscle_id
        for number, page in enumerate(reader.pages, 1):
            footer = plain(page.extract_text())
            assert "Education, not a diagnosis" in footer
            assert f"14 March 2026 · Page {number} of {len(reader.pages)}" in footer


def test_the_sources_line_gives_short_names_and_the_last_page_the_full_citations(atlas, sheets):
    short = words(read(sheets[("quadratus_lumborum", Side.left)]))
    assert "Sources: Travell & Simons 1992; Davies & Davies 2013" in short
    assert "Full references in triggermap's Sources page." in short
    assert atlas.sources["travell_simons_v2"].citation not in short
    with_refs = read(handout_pdf(atlas, [HandoutItem("quadratus_lumborum", Side.left)],
                                 HandoutDetails(day=DAY, full_citations=True)))
    last = words(with_refs, slice(-1, None))
    assert last.startswith("REFERENCES Sources")
    assert plain(atlas.sources["travell_simons_v2"].citation) in last
    assert "https://www.nhs.uk/conditions/cauda-equina-syndrome/" in last
    assert "Full references on the last page." in words(with_refs)
    assert len(with_refs.pages) == len(read(sheets[("quadratus_lumborum", Side.left)]).pages) + 1


def test_source_labels(atlas):
    assert source_label(atlas, "travell_simons_v2") == "Travell & Simons 1992"
    assert source_label(atlas, "cherkin_2011") == "Cherkin et al. 2011"
    assert source_label(atlas, "nice_ng59") == "NICE 2016"
    assert source_label(atlas, "nhs_back_pain") == "NHS"


# ---- the figure, fonts and metadata ----------------------------------------------------------------


def test_the_figure_is_drawn_as_vector_paths_with_its_legend(atlas, sheets):
    reader = read(sheets[("gluteus_minimus", Side.right)])
    assert len(reader.pages) == 2
    assert path_operators(reader, 0) > 1000, "the body, the muscles, the pattern's dots and crosses"
    assert path_operators(reader, 0) > 50 * max(1, path_operators(reader, 1)), "page 2 is text and rules"
    assert "/XObject" not in reader.pages[0]["/Resources"], "no picture of the figure: vectors only"
    first = words(reader, slice(0, 1))
    for label in ("Back", "Left Right", "Trigger point", "Main pain area",
                  "Spillover (dots thin out where it is felt less)", "The gluteus minimus, right side (outlined)"):
        assert label in first
    assert "do not press yourself" not in first
    iliopsoas = words(read(sheets[("iliopsoas", Side.left)]), slice(0, 1))
    assert "Trigger point: do not press yourself" in iliopsoas, "its legend has the no-press mark"
    assert "Front" in iliopsoas and "Right Left" in iliopsoas, "the front view is mirrored"


def test_fonts_are_embedded(atlas, sheets, plan_pdf, record_pdf):
    for pdf in (sheets[("piriformis", Side.left)], plan_pdf, record_pdf):
        reader = read(pdf)
        names = set()
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                assert "/FontFile2" in descriptor, font["/BaseFont"]
                names.add(font["/BaseFont"].split("+")[-1])
        assert names == {"DejaVuSansBook", "DejaVuSansBold"}


def test_metadata_title_language_and_author(sheets, plan_pdf):
    reader = read(sheets[("gluteus_minimus", Side.right)])
    assert reader.metadata.title == "Gluteus minimus (right): self-care sheet"
    assert reader.metadata.author == "Sam Lee"
    assert reader.metadata.creator == "triggermap"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    plan = read(plan_pdf)
    assert plan.metadata.title == "Care plan: Gluteus minimus (right), Piriformis (right), Quadratus lumborum (left)"


def test_file_names():
    class Muscle:
        id = "gluteus_minimus"
    assert handout_filename(Muscle, Side.left, DAY) == "triggermap-gluteus_minimus-left-2026-03-14.pdf"
    assert care_plan_filename(DAY) == "triggermap-care-plan-2026-03-14.pdf"
    assert drawing_record_filename(DAY) == "triggermap-pain-drawing-2026-03-14.pdf"


# ---- the care plan -------------------------------------------------------------------------------


def test_the_care_plan_is_a_cover_then_each_muscles_pages_in_order(atlas, plan_pdf):
    reader = read(plan_pdf)
    alone = [len(read(handout_pdf(atlas, [item], HandoutDetails(day=DAY))).pages) for item in PLAN]
    assert len(reader.pages) == 1 + sum(alone)
    cover = words(reader, slice(0, 1))
    assert cover.startswith("CARE PLAN Care plan for Jane Doe From Sam Lee, Northside Physio · 14 March 2026")
    assert "Twice a week for two weeks, then we review." in cover
    assert cover.index("1. Gluteus minimus (right)") < cover.index("2. Piriformis (right)") \
        < cover.index("3. Quadratus lumborum (left)")
    first_pages = [1 + sum(alone[:i]) for i in range(len(PLAN))]
    for number, (page, title) in enumerate(zip(first_pages, ["Gluteus minimus (right)", "Piriformis (right)",
                                                              "Quadratus lumborum (left)"], strict=True), 1):
        assert words(reader, slice(page, page + 1)).startswith(f"CARE PLAN · MUSCLE {number} OF 3 {title}")
    assert "Twice a week" not in words(reader, slice(1, None)), "the note is on the cover only"


def test_the_cover_shows_the_pain_drawing_as_vectors_in_the_embedded_font(atlas):
    drawing = static_svg(atlas, "piriformis", Side.right).replace(
        "</svg>", '<text x="260" y="640" font-family="Helvetica" style="font-family: Arial">7/10</text>'
                  '<image href="file:///etc/hostname" x="0" y="0" width="10" height="10"/></svg>')
    with_drawing = read(handout_pdf(atlas, PLAN[:2], HandoutDetails(day=DAY, pain_svg=drawing)))
    without = read(handout_pdf(atlas, PLAN[:2], HandoutDetails(day=DAY)))
    assert path_operators(with_drawing, 0) > 1000 > path_operators(without, 0)
    cover = words(with_drawing, slice(0, 1))
    assert "Your pain drawing" in cover and "7/10" in cover
    fonts = with_drawing.pages[0]["/Resources"]["/Font"].values()
    assert all("/FontFile2" in f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"] for f in fonts)
    assert "/XObject" not in with_drawing.pages[0]["/Resources"], "the <image> was left out, nothing loaded"


@pytest.mark.parametrize("bad", ["not svg", "<svg xmlns='http://www.w3.org/2000/svg'/>", "<html/>"])
def test_a_pain_drawing_that_is_not_svg_is_refused(atlas, bad):
    with pytest.raises(ValueError, match="pain drawing"):
        handout_pdf(atlas, PLAN[:2], HandoutDetails(pain_svg=bad))


@pytest.mark.parametrize("items, message", [
    ([], "at least one muscle"),
    ([HandoutItem("gluteus_nonexistent", Side.left)], "unknown muscle"),
    ([HandoutItem("piriformis", Side.left, ("no_such_technique",))], "unknown technique"),
    ([HandoutItem("piriformis", "middle")], "Side"),
])
def test_bad_choices_are_refused(atlas, items, message):
    with pytest.raises(ValueError, match=message):
        handout_pdf(atlas, items)


def test_an_unknown_paper_size_is_refused(atlas):
    with pytest.raises(ValueError, match="paper"):
        handout_pdf(atlas, PLAN[:1], HandoutDetails(paper="A5"))


# ---- the pain drawing as a record ------------------------------------------------------------------


def test_the_record_is_one_page_with_the_date_and_each_marked_place_and_its_strength(record_pdf):
    reader = read(record_pdf)
    assert len(reader.pages) == 1
    text = words(reader)
    assert text.startswith("WHERE IT HURTS Pain drawing Marked on 14 March 2026")
    for line in ("Side of the hip (right): 7/10", "Upper buttock (right): 5/10", "Back of the thigh (right): 3/10"):
        assert line in text
    assert reader.metadata.title == "Pain drawing, 14 March 2026"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_the_record_ranks_the_muscles_as_the_pain_page_does_with_their_reasons(atlas, record_pdf):
    text = words(read(record_pdf))
    ranked = candidates(MARKED, atlas)[:8]
    assert len(ranked) == 8
    names = [f"{rank}. {atlas.muscles[c.muscle_id].name}{f' ({c.side})' if c.side else ''}"
             for rank, c in enumerate(ranked, 1)]
    assert [text.index(name) for name in names] == sorted(text.index(name) for name in names)
    top = ranked[0]
    for reason in candidate_reasons(atlas.muscles[top.muscle_id], top):
        assert plain(reason) in text
    assert "This is not a diagnosis." in text
    assert "Education, not a diagnosis" in text and "14 March 2026 · Page 1 of 1" in text


def test_the_record_has_every_emergency_sign_in_its_box(atlas, record_pdf):
    text = words(read(record_pdf))
    emergency = flags_by_urgency(atlas.red_flags)[0]
    assert emergency.urgency is Urgency.emergency
    assert "Warning signs: emergency now Get help at once if you notice any of these:" in text
    for flag in emergency.flags:
        assert plain(flag.sign) in text
    assert plain(emergency.level.action) in text


def test_the_record_draws_the_figure_as_vector_paths_with_its_numbers_in_the_embedded_font(atlas, record_pdf):
    reader = read(record_pdf)
    assert path_operators(reader, 0) > 1000, "the body, the places that can be marked and the marks"
    assert "/XObject" not in reader.pages[0]["/Resources"], "no picture of the figure: vectors only"
    assert marked_fills(reader) == 4, "three places, the side of the hip in the back and the front view"
    assert marked_fills(read(drawing_record_pdf(atlas, {}, DAY))) == 0
    text = words(reader)
    figure = text[text.index("Marked on 14 March 2026") + 23:text.index("Muscles that could")]
    assert re.findall(r"\d+", figure) == ["7", "5", "3", "7"], "each place's strength, once in each view"
    assert all(label in figure for label in ("Back", "Front", "Left", "Right"))


def test_a_record_with_every_place_marked_still_fits_one_page(atlas):
    every = {region: n % 11 for n, region in enumerate(all_regions())}
    reader = read(drawing_record_pdf(atlas, every, DAY))
    assert len(reader.pages) == 1
    text = words(reader)
    for region, level in every.items():
        assert f"{region.name}: {level}/10" in text
    assert "8. " in text and "Warning signs: emergency now" in text


def test_a_record_with_nothing_marked_says_so(atlas):
    reader = read(drawing_record_pdf(atlas, {}, DAY))
    assert len(reader.pages) == 1
    assert "No place was marked." in words(reader) and "Warning signs: emergency now" in words(reader)


def test_a_record_of_marks_the_gate_would_refuse_is_refused(atlas):
    with pytest.raises(ValueError, match="intensity 11"):
        drawing_record_pdf(atlas, {Region("lumbar", Side.left): 11}, DAY)


def test_the_care_plan_cover_draws_the_clients_marks(atlas):
    reader = read(handout_pdf(atlas, PLAN[:2], HandoutDetails(day=DAY, marked=MARKED)))
    cover = words(reader, slice(0, 1))
    drawn = cover[cover.index("Where it hurts, as marked on 14 March 2026") + 42:cover.index("Education, not")]
    assert re.findall(r"\d+", drawn) == ["7", "5", "3", "7"]
    assert marked_fills(reader) == 4 and path_operators(reader, 0) > 1000
    assert marked_fills(read(handout_pdf(atlas, PLAN[:2], HandoutDetails(day=DAY)))) == 0


# ---- what the therapist types ----------------------------------------------------------------------

HOSTILE = HandoutDetails(
    client="<script>alert(1)</script>\x00 Dana\u202e",
    therapist="ד״ר רות כהן",  # Hebrew
    practice="عيادة الشفاء 🦄👩‍⚕️",  # Arabic, emoji the font cannot draw
    note="Press gently 😀\x07\x1b[31m. " + "Very long note. " * 700,  # 11,000 characters
    day=DAY,
)


def test_hostile_details_give_a_valid_pdf_with_the_text_cut(atlas, caplog):
    with caplog.at_level(logging.WARNING):
        reader = read(handout_pdf(atlas, [HandoutItem("piriformis", Side.left)], HOSTILE))
    assert not [r for r in caplog.records if r.name.startswith("fpdf")], "no missing glyph or other fpdf2 warning"
    assert len(reader.pages) <= 2
    first = words(reader, slice(0, 1))
    assert "For <script>alert(1)</script> Dana" in first, "markup is printed as text"
    assert "\x00" not in first and "\x1b" not in first and "\u202e" not in first
    assert set("רותכהן") <= set(first) and set("عيادةالشف") <= set(first)
    assert "🦄" not in first
    assert first.count("Very long note.") < 40
    assert re.search(f"Very( long( note)?)?{ELLIPSIS}", first), "the cut is shown"
    assert reader.metadata.author == "ד״ר רות כהן"


def test_hostile_details_on_a_care_plan(atlas):
    reader = read(handout_pdf(atlas, PLAN, HOSTILE))
    cover = words(reader, slice(0, 1))
    assert "Care plan for <script>alert(1)</script> Dana" in cover
    assert cover.count("Very long note.") < 40


def test_the_pdf_is_built_without_writing_a_file(atlas, monkeypatch, tmp_path):
    real_open = builtins.open

    def read_only(file, mode="r", *args, **kwargs):
        assert not set(mode) & set("wax+"), f"opened {file} to write"
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", read_only)
    monkeypatch.chdir(tmp_path)
    assert read(handout_pdf(atlas, PLAN[:2], DETAILS)).pages
    assert list(tmp_path.iterdir()) == []
