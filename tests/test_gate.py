"""The gate for untrusted input: one cleaning function per kind, each returning the clean value and what it dropped.

HOSTILE_TEXT, HOSTILE_PAYLOADS and HOSTILE_SELECTIONS are the hostile corpus; tests/app/test_hostile_inputs.py runs
it through the pages.
"""

import json
import math

import pytest

from triggermap import gate
from triggermap.gate import figure_selection, muscle_link, pain_marks, zones_link
from triggermap.lookup import candidates
from triggermap.models import Tool
from triggermap.zones import Region, Side, all_regions

BIDI = "\u202e"
HOSTILE_TEXT = [
    "²", "①", "٣", "１", "⁵", "1" * 5000, "-1", "-0", "11", "+5", " 5", "5\n", "0x5", "1e1", "5.0", "NaN", "∞", "",
    "![i](http://127.0.0.1:1/pixel)",
    ":red[**STOP: call 999 now**]",
    "[Log in again](http://evil.example/login)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    f"{BIDI}gnp.exe",
    "sacrum\x00",
    "a" * 100_000,
    "`` code ``` ` ",
    "$\\frac{1}{0}$",
    ":material/warning: :smile:",
    "www.evil.example and a@b.example",
    "\n# Heading\n- list",
    "{} {0} %s",
    "\u200bsacrum",
    "sacrum\u2028coccyx",
    "..,::,:,",
]
# The figure's marked payload is a list of {"zone", "side", "level"}; everything here is wrong somewhere.
HOSTILE_PAYLOADS = [
    # not a list at all, including the old {region id: level} object
    "sacrum", "sacrum:5", "", True, False, None, 3.5, math.nan, 10**30, -1, 0, {},
    {"sacrum": {"x": 1}}, {"sacrum": [5]}, {"sacrum": True}, {"sacrum": None}, {"sacrum": 5.0}, {"sacrum": math.nan},
    {"sacrum": 10**30}, {"sacrum": -1}, {"sacrum": 11}, {"sacrum": "²"}, {"<img src=x onerror=alert(1)>": 5},
    {"x" * 100_000: 5}, {f"{BIDI}sacrum": 5}, {str(i): i for i in range(1000)}, {"a": {"b": {"c": {"d": {}}}}},
    {"marked": [{"zone": "sacrum", "level": 5}]},
    # a list, of things that are not places
    ["sacrum"], ["sacrum", "lateral_hip_right"], [["sacrum", 5]], [[{"zone": "sacrum", "level": 5}]], [None], [5],
    [True], [{}], [{"zone": "sacrum", "level": 5, "extra": "x" * 100_000}],
    # places the figure does not draw
    [{"zone": "sacrum", "side": "left", "level": 5}], [{"zone": "lateral_hip", "level": 5}],
    [{"zone": "lateral_hip", "side": None, "level": 5}], [{"zone": "lateral_hip", "side": "up", "level": 5}],
    [{"zone": "lateral_hip", "side": ["right"], "level": 5}], [{"zone": "lateral_hip", "side": "RIGHT", "level": 5}],
    [{"zone": "lateral_hip_right", "side": "right", "level": 5}], [{"zone": "elbow", "side": "left", "level": 5}],
    [{"zone": "<img src=x onerror=alert(1)>", "level": 5}], [{"zone": "x" * 100_000, "level": 5}],
    [{"zone": f"{BIDI}sacrum", "level": 5}], [{"zone": "sacrum\x00", "level": 5}], [{"zone": {"x": 1}, "level": 5}],
    [{"zone": None, "level": 5}], [{"side": "left", "level": 5}],
    # strengths that are not a JSON whole number from 0 to 10
    *([{"zone": "sacrum", "side": None, "level": level}]
      for level in (True, False, "5", 5.0, math.nan, 10**30, -1, 11, "²", None, [5], {"x": 1}, "x" * 100_000)),
    [{"zone": "sacrum"}],
    # too many
    [{"zone": f"x{i}", "level": 5} for i in range(10_000)],
    [{"zone": "sacrum", "level": 5}] * 10_000,
]
# The explorer figure's select payload is {"muscle": <id or "">, "side": <left|right>}.
HOSTILE_SELECTIONS = [
    "piriformis_left", "_right", ["piriformis", "left"], [{"muscle": "piriformis", "side": "left"}],
    {"muscle": "piriformis"}, {"side": "left"}, {"muscle": "piriformis", "side": "up"},
    {"muscle": "piriformis", "side": "LEFT"}, {"muscle": "piriformis", "side": True},
    {"muscle": "piriformis", "side": ["left"]}, {"muscle": "piriformis", "side": None},
    {"muscle": "soleos", "side": "left"}, {"muscle": None, "side": "left"}, {"muscle": 5, "side": "left"},
    {"muscle": ["piriformis"], "side": "left"}, {"muscle": {"x": 1}, "side": "left"},
    {"muscle": "x" * 100_000, "side": "left"}, {"muscle": "<img src=x onerror=alert(1)>", "side": "left"},
    {"muscle": f"{BIDI}piriformis", "side": "left"}, {"muscle": "piriformis", "side": f"{BIDI}left"},
    {"muscle": "piriformis", "side": "left", "extra": "x" * 100_000},
    {"muscle": "piriformis", "side": "left", **{str(i): i for i in range(10_000)}},
]
REGIONS = set(all_regions())
SACRUM, COCCYX, HIP = Region("sacrum", None), Region("coccyx", None), Region("lateral_hip", Side.right)


def assert_short_plain(notice):
    assert notice is not None
    text = notice.text
    assert len(text) < 400, text
    assert all(len(v) <= gate.MAX_SHOWN + 1 for v in notice.values)
    assert not any(ch in text for ch in ("\x00", BIDI, "\n", "\u2028", "\u200b"))


# --- intensity and region: one definition each -----------------------------------------------------

@pytest.mark.parametrize("good, expected", [(0, 0), (10, 10), ("0", 0), ("7", 7), ("10", 10), ("07", 7)])
def test_intensity_accepts_whole_numbers_0_to_10(good, expected):
    assert gate.intensity(good) == expected


@pytest.mark.parametrize(
    "bad", HOSTILE_TEXT + [True, False, None, 5.0, math.nan, math.inf, -1, 11, 10**30, [5], {"x": 5}])
def test_intensity_refuses_everything_else(bad):
    assert gate.intensity(bad) is None


@pytest.mark.parametrize(
    "bad", HOSTILE_TEXT + [None, 5, ["sacrum"], {"sacrum": 1}, "sacrum_left", "lateral_hip", SACRUM])
def test_region_refuses_ids_the_figure_does_not_draw(bad):
    assert gate.region(bad) is None


def test_region_accepts_the_id_of_every_region_of_the_figure():
    assert all(gate.region(region.id) == region for region in REGIONS)


def test_figure_region_needs_a_side_exactly_when_the_zone_has_two():
    assert gate.figure_region("sacrum", None) == SACRUM and gate.figure_region("lateral_hip", "right") == HIP
    assert type(gate.figure_region("lateral_hip", "right").side) is Side
    for zone, side in [("sacrum", "left"), ("lateral_hip", None), ("lateral_hip", "up"), ("lateral_hip_right", "right"),
                       ("elbow", "left"), (None, None), (["sacrum"], None), ("lateral_hip", ["right"])]:
        assert gate.figure_region(zone, side) is None, (zone, side)


# --- pain drawing: one function for the link and the figure -----------------------------------------

def test_link_and_figure_give_the_same_marks():
    link = gate.pain_marks("lateral_hip_right:7,sacrum:0,coccyx", source="link")
    sent = [{"zone": "lateral_hip", "side": "right", "level": 7}, {"zone": "sacrum", "side": None, "level": 0},
            {"zone": "coccyx", "level": 5}]  # a midline zone's side may be null or absent
    figure = gate.pain_marks(sent, source="figure")
    assert link.value == figure.value == {HIP: 7, SACRUM: 0, COCCYX: 5}
    assert link.dropped == figure.dropped == () and link.notice is figure.notice is None
    assert gate.zones_link(figure.value) == "lateral_hip_right:7,sacrum:0,coccyx:5"


def test_an_empty_drawing_is_no_marks():
    assert gate.pain_marks([], source="figure") == gate.pain_marks("", source="link") == gate.Gated({})


@pytest.mark.parametrize("level", ["²", "①", "٣", "1" * 3000, "-1", "11", "NaN", " 5"])  # 5,000 digits: too long, below
def test_bad_intensity_in_a_link_falls_back_with_a_notice(level):
    result = gate.pain_marks(f"lateral_hip_right:{level}")
    assert result.value == {HIP: gate.DEFAULT_INTENSITY}
    assert [d.kind for d in result.dropped] == ["intensity"]
    assert "not a whole number from 0 to 10" in result.notice.text
    assert_short_plain(result.notice)


@pytest.mark.parametrize("value", HOSTILE_TEXT)
def test_every_hostile_link_value_is_cleaned(value):
    for sent in (value, f"{value},sacrum:3", f"lateral_hip_right:{value}", f"{value}:{value}"):
        result = gate.pain_marks(sent, source="link")
        assert result.value is None or all(clean_mark(r, i) for r, i in result.value.items())
        if result.dropped:
            assert_short_plain(result.notice)


def clean_mark(region, level):
    sided = region.side is None or type(region.side) is Side
    return type(region) is Region and region in REGIONS and sided and type(level) is int and 0 <= level <= 10


@pytest.mark.parametrize("payload", HOSTILE_PAYLOADS, ids=lambda p: type(p).__name__)
def test_every_hostile_figure_payload_is_cleaned(payload, atlas):
    result = gate.pain_marks(payload, source="figure")
    if result.value is not None:
        assert all(clean_mark(r, i) for r, i in result.value.items())
        assert candidates(result.value, atlas) is not None  # the ranking accepts what the gate lets through
    assert result.dropped and result.notice
    assert_short_plain(result.notice)


def test_wrong_payload_types_are_refused_whole():
    for payload in ({}, {"sacrum": 5}, {"marked": [{"zone": "sacrum", "level": 5}]}, "sacrum", True, None, 3.5, 10**30):
        result = gate.pain_marks(payload, source="figure")
        assert result.value is None and [d.kind for d in result.dropped] == ["payload"]
    assert gate.pain_marks({"sacrum": 5}, source="figure").notice.text == (
        "Ignored what came from the figure: an object instead of a set of places."
    )


def test_items_that_are_not_places_are_dropped_and_the_rest_kept():
    hip = {"zone": "lateral_hip", "side": "right", "level": 7}
    for item, shown in [("sacrum", "sacrum"), (["sacrum", 5], "a list"), (None, "null"), ({}, "null"),
                        ({**hip, "extra": 1}, "an object"), ({"zone": "elbow", "level": 5}, "elbow"),
                        ({"zone": "sacrum", "side": "left", "level": 5}, "sacrum, side left"),
                        ({"zone": "lateral_hip", "level": 5}, "lateral_hip, side null")]:
        result = gate.pain_marks([item, hip], source="figure")
        assert result.value == {HIP: 7} and result.dropped == (gate.Dropped("place", shown),), item
        assert "Ignored 1 unknown place from the figure" in result.notice.text


def test_a_strength_from_the_figure_is_a_json_number():
    for level, shown in [(True, "true"), ("5", "5"), (5.0, "a decimal number"), (11, "11"), (None, "null")]:
        result = gate.pain_marks([{"zone": "sacrum", "level": level}], source="figure")
        assert result.value == {SACRUM: gate.DEFAULT_INTENSITY}, level
        assert result.dropped == (gate.Dropped("intensity", shown),), level
    assert gate.pain_marks("sacrum:5", source="link").value == {SACRUM: 5}  # digits in a link are text anyway


def test_a_huge_payload_is_read_only_up_to_a_bound():
    result = gate.pain_marks([{"zone": f"x{i}", "level": 1} for i in range(100_000)], source="figure")
    assert result.value == {} and len(result.dropped) == gate.MAX_MARKS + 1
    assert "Ignored 201 unknown places" in result.notice.text and len(result.notice.values) == gate.MAX_LISTED


def test_a_100kb_link_is_refused_whole():
    for sent in ("sacrum," * 20_000, "lateral_hip_right:" + "1" * 5000):
        result = gate.pain_marks(sent)
        assert result.value is None and "too long" in result.notice.text


def test_zones_link_round_trip_and_drops_unknown():
    link = pain_marks("lateral_hip_right:7, sacrum ,elbow_left,groin_left:99")
    hip, sacrum, groin = Region("lateral_hip", Side.right), Region("sacrum", None), Region("groin", Side.left)
    assert link.value == {hip: 7, sacrum: 5, groin: 5}
    assert zones_link(link.value) == "lateral_hip_right:7,sacrum:5,groin_left:5"
    assert "Ignored 1 unknown place" in link.notice.text and "elbow_left" in link.notice.text
    assert pain_marks(zones_link(link.value)).value == link.value
    assert not pain_marks(None).value


def test_lookup_uses_the_same_definitions(atlas):
    with pytest.raises(ValueError, match="'elbow'"):
        candidates({Region("elbow", Side.left): 5}, atlas)
    with pytest.raises(ValueError, match="'sacrum'"):
        candidates({"sacrum": 5}, atlas)
    with pytest.raises(ValueError, match="True"):
        candidates({SACRUM: True}, atlas)
    with pytest.raises(ValueError, match="not a whole number"):
        candidates({SACRUM: 5.5}, atlas)


# --- muscle link, figure selection, tool -------------------------------------------------------------

KNOWN = {"piriformis", "gluteus_medius"}


@pytest.mark.parametrize("value", HOSTILE_TEXT)
def test_muscle_link_refuses_hostile_values(value):
    result = gate.muscle_link(value, value, KNOWN)
    assert result.value == (None, Side.right)
    if value:
        assert {d.kind for d in result.dropped} == {"muscle", "side"}
        assert_short_plain(result.notice)
        assert "not in the atlas" in result.notice.text and "not left or right" in result.notice.text


def test_muscle_link_accepts_known_values():
    assert gate.muscle_link("piriformis", "left", KNOWN) == gate.Gated(("piriformis", Side.left))
    assert gate.muscle_link(None, None, KNOWN) == gate.Gated((None, Side.right))
    assert type(gate.muscle_link(None, "left", KNOWN).value[1]) is Side


def test_muscle_link_accepts_known_ids_only():
    known = {"piriformis"}
    assert muscle_link("piriformis", "left", known) == muscle_link("piriformis", "left", known)
    link = muscle_link("piriformis", None, known)
    assert (*link.value, link.notice) == ("piriformis", Side.right, None)
    hostile = muscle_link("<b>\x00" + "x" * 300, "sideways", known)
    assert hostile.value == (None, Side.right)
    assert "not in the atlas" in hostile.notice.text and "not left or right" in hostile.notice.text
    assert "\x00" not in hostile.notice.text and len(hostile.notice.text) < 250


@pytest.mark.parametrize(
    "payload", HOSTILE_TEXT + HOSTILE_PAYLOADS + HOSTILE_SELECTIONS, ids=lambda p: type(p).__name__)
def test_figure_selection_refuses_hostile_payloads(payload):
    result = gate.figure_selection(payload, KNOWN)
    assert result.value is None and len(result.dropped) == 1
    assert_short_plain(result.notice)


def test_figure_selection_accepts_muscle_and_side():
    assert gate.figure_selection({"muscle": "piriformis", "side": "left"}, KNOWN).value == ("piriformis", Side.left)
    assert gate.figure_selection({"side": "right", "muscle": ""}, KNOWN).value == (None, Side.right)
    assert type(gate.figure_selection({"muscle": "", "side": "left"}, KNOWN).value[1]) is Side


def test_figure_selection_accepts_known_muscles_and_sides_only():
    known = {"piriformis", "gluteus_medius"}
    assert figure_selection({"muscle": "piriformis", "side": "left"}, known).value == ("piriformis", Side.left)
    gmed_right = figure_selection({"muscle": "gluteus_medius", "side": "right"}, known)
    assert gmed_right.value == ("gluteus_medius", Side.right)
    assert figure_selection({"muscle": "", "side": "left"}, known).value == (None, Side.left)
    for bad in ({"muscle": "piriformis", "side": "up"}, {"muscle": "soleus", "side": "left"}, {"muscle": "piriformis"},
                "piriformis_left", "", None, 42, {"x": 1}, ["piriformis", "left"]):
        assert figure_selection(bad, known).value is None


def test_figure_selection_notices_name_the_bad_value_or_the_wrong_kind():
    unknown = gate.figure_selection({"muscle": "soleos", "side": "left"}, KNOWN).notice
    assert unknown.text == "Ignored a choice from the figure, “soleos”, that is not a muscle and a side."
    bad_side = gate.figure_selection({"muscle": "piriformis", "side": "up"}, KNOWN).notice
    assert bad_side.values == ("up",)
    joined = gate.figure_selection("piriformis_left", KNOWN).notice
    assert joined.text == "Ignored a choice from the figure: text instead of a muscle and a side." and not joined.values


@pytest.mark.parametrize("value", HOSTILE_TEXT[:-1] + ["Tool.ball", "BALL", "_value2member_map_"])
def test_tool_link_refuses_hostile_values(value):
    result = gate.tool_link(value)
    assert result.value is None
    if value:
        assert "not one we know" in result.notice.text
        assert_short_plain(result.notice)


def test_tool_link_accepts_every_tool():
    assert all(gate.tool_link(tool.value).value is tool for tool in Tool)


# --- what may be shown back ---------------------------------------------------------------------------

def test_shown_values_are_printable_bounded_and_name_types_only():
    assert gate.shown("a\x00b" + BIDI + "c") == "a�b�c"
    assert gate.shown("x" * 100) == "x" * 40 + "…"
    assert gate.shown({"a": "x" * 10_000}) == "an object" and gate.shown([1]) == "a list"
    assert gate.shown(10**4000) == "a number" and gate.shown(None) == "null" and gate.shown(True) == "true"


# --- a pain drawing saved as a file -----------------------------------------------------------------

SAVED = {Region("lateral_hip", Side.right): 7, Region("sacrum", None): 3, Region("calf", Side.left): 0}


def test_a_saved_drawing_opens_as_it_was_saved():
    text = gate.drawing_json(SAVED, "2026-11-21")
    assert json.loads(text)["saved_on"] == "2026-11-21"
    opened = gate.drawing_file(text.encode())
    assert opened.value == SAVED and list(opened.value) == list(SAVED) and opened.notice is None


@pytest.mark.parametrize("data, reason", [
    (b"\xff\xfe\x00", "not a JSON file"),
    (b"{not json", "not a JSON file"),
    (b"[" * 50_000, "not a JSON file"),
    (b'"just text"', "not a triggermap pain drawing"),
    (b'{"format": "something-else", "version": 1, "marks": []}', "not a triggermap pain drawing"),
    (b'{"format": "triggermap-pain-drawing", "version": 99, "marks": []}', "version"),
    (b'{"format": "triggermap-pain-drawing", "version": 1, "marks": {"sacrum": true}}', "not a list"),
    (b'{"format": "triggermap-pain-drawing", "version": 1}', "not a list"),
    (b" " * 200_000, "bytes"),
])
def test_a_file_that_is_not_a_drawing_changes_nothing_and_says_why(data, reason):
    opened = gate.drawing_file(data)
    assert opened.value is None
    assert reason in opened.notice.text and "Nothing was changed" in opened.notice.text
    assert not opened.notice.values  # the file's contents are never echoed


def test_a_drawing_with_bad_marks_keeps_the_good_ones_and_names_the_bad():
    marks = [{"zone": "sacrum", "side": None, "level": 4},
             {"zone": "![x](http://127.0.0.1:1/p)", "side": "right", "level": 2},
             {"zone": "lateral_hip", "side": "right", "level": True}, "junk"]
    data = json.dumps({"format": "triggermap-pain-drawing", "version": 1, "marks": marks}).encode()
    opened = gate.drawing_file(data)
    assert opened.value == {Region("sacrum", None): 4, Region("lateral_hip", Side.right): gate.DEFAULT_INTENSITY}
    assert "in the file" in opened.notice.text and "![x](http://127.0.0.1:1/p)" in opened.notice.values


def test_the_link_writers_are_read_back_by_their_gates():
    pick = gate.muscle_query("piriformis", Side.left)
    assert pick == {"muscle": "piriformis", "side": "left"}
    assert gate.muscle_link(pick["muscle"], pick["side"], KNOWN).value == ("piriformis", Side.left)
    picks = [gate.compared("piriformis", Side.left), gate.compared("gluteus_medius", Side.right)]
    query = gate.compare_query(picks)
    assert query == {"muscles": "piriformis:left,gluteus_medius:right"}
    read_back = gate.compare_link(query["muscles"], KNOWN).value
    assert read_back == [("piriformis", Side.left), ("gluteus_medius", Side.right)]
    assert gate.compare_query([]) == {}
