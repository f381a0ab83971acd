"""The gate for untrusted input: one cleaning function per kind, each returning the clean value and what it dropped.

HOSTILE_TEXT and HOSTILE_PAYLOADS are the hostile corpus; tests/test_hostile_inputs.py runs it through the pages.
"""

import math

import pytest

from triggermap import gate
from triggermap.lookup import candidates
from triggermap.models import Tool
from triggermap.zones import all_region_ids

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
HOSTILE_PAYLOADS = [
    [], ["sacrum"], "sacrum", "sacrum:5", "", True, False, None, 3.5, math.nan, 10**30, -1, 0,
    {"sacrum": {"x": 1}}, {"sacrum": [5]}, {"sacrum": True}, {"sacrum": None}, {"sacrum": 5.0}, {"sacrum": math.nan},
    {"sacrum": 10**30}, {"sacrum": -1}, {"sacrum": 11}, {"sacrum": "²"}, {"<img src=x onerror=alert(1)>": 5},
    {"x" * 100_000: 5}, {f"{BIDI}sacrum": 5}, {str(i): i for i in range(1000)}, {"a": {"b": {"c": {"d": {}}}}},
]
REGIONS = set(all_region_ids())


def assert_short_plain(notice):
    assert notice is not None
    text = notice.text
    assert len(text) < 400, text
    assert all(len(v) <= gate.MAX_SHOWN + 1 for v in notice.values)
    assert not any(ch in text for ch in ("\x00", BIDI, "\n", "\u2028", "\u200b"))


# --- intensity and region: the one definition ------------------------------------------------------

@pytest.mark.parametrize("good, expected", [(0, 0), (10, 10), ("0", 0), ("7", 7), ("10", 10), ("07", 7)])
def test_intensity_accepts_whole_numbers_0_to_10(good, expected):
    assert gate.intensity(good) == expected


@pytest.mark.parametrize("bad", HOSTILE_TEXT + [True, False, None, 5.0, math.nan, math.inf, -1, 11, 10**30, [5], {"x": 5}])
def test_intensity_refuses_everything_else(bad):
    assert gate.intensity(bad) is None


@pytest.mark.parametrize("bad", HOSTILE_TEXT + [None, 5, ["sacrum"], {"sacrum": 1}, "sacrum_left", "lateral_hip"])
def test_region_id_refuses_what_the_figure_does_not_draw(bad):
    assert gate.region_id(bad) is None


def test_region_id_accepts_every_region_of_the_figure():
    assert all(gate.region_id(region) == region for region in REGIONS)


# --- pain drawing: one function for the link and the figure -----------------------------------------

def test_link_and_figure_give_the_same_marks():
    link = gate.pain_marks("lateral_hip_right:7,sacrum:0,coccyx", source="link")
    figure = gate.pain_marks({"lateral_hip_right": 7, "sacrum": 0, "coccyx": 5}, source="figure")
    assert link.value == figure.value == {"lateral_hip_right": 7, "sacrum": 0, "coccyx": 5}
    assert link.dropped == figure.dropped == () and link.notice is figure.notice is None


@pytest.mark.parametrize("level", ["²", "①", "٣", "1" * 3000, "-1", "11", "NaN", " 5"])  # 5,000 digits: too long, below
def test_bad_intensity_in_a_link_falls_back_with_a_notice(level):
    result = gate.pain_marks(f"lateral_hip_right:{level}")
    assert result.value == {"lateral_hip_right": gate.DEFAULT_INTENSITY}
    assert [d.kind for d in result.dropped] == ["intensity"]
    assert "not a whole number from 0 to 10" in result.notice.text
    assert_short_plain(result.notice)


@pytest.mark.parametrize("value", HOSTILE_TEXT)
def test_every_hostile_link_value_is_cleaned(value):
    for sent in (value, f"{value},sacrum:3", f"lateral_hip_right:{value}", f"{value}:{value}"):
        result = gate.pain_marks(sent, source="link")
        assert result.value is None or all(r in REGIONS and 0 <= i <= 10 and type(i) is int for r, i in result.value.items())
        if result.dropped:
            assert_short_plain(result.notice)


@pytest.mark.parametrize("payload", HOSTILE_PAYLOADS, ids=lambda p: type(p).__name__)
def test_every_hostile_figure_payload_is_cleaned(payload):
    result = gate.pain_marks(payload, source="figure")
    if result.value is not None:
        assert all(r in REGIONS and type(i) is int and 0 <= i <= 10 for r, i in result.value.items())
        assert candidates(result.value) is not None  # the ranking accepts what the gate lets through
    if payload not in ({}, 0) and not (isinstance(payload, dict) and not payload):
        assert result.dropped and result.notice
        assert_short_plain(result.notice)


def test_wrong_payload_types_are_refused_whole():
    for payload in ([], ["sacrum"], "sacrum", True, None, 3.5, 10**30):
        result = gate.pain_marks(payload, source="figure")
        assert result.value is None and [d.kind for d in result.dropped] == ["payload"]


def test_bool_is_not_an_intensity():
    result = gate.pain_marks({"sacrum": True}, source="figure")
    assert result.value == {"sacrum": gate.DEFAULT_INTENSITY} and result.dropped == (gate.Dropped("intensity", "true"),)


def test_a_huge_payload_is_read_only_up_to_a_bound():
    result = gate.pain_marks({f"x{i}": 1 for i in range(100_000)}, source="figure")
    assert result.value == {} and len(result.dropped) == gate.MAX_MARKS + 1
    assert "Ignored 201 unknown places" in result.notice.text and len(result.notice.values) == gate.MAX_LISTED


def test_a_100kb_link_is_refused_whole():
    for sent in ("sacrum," * 20_000, "lateral_hip_right:" + "1" * 5000):
        result = gate.pain_marks(sent)
        assert result.value is None and "too long" in result.notice.text


def test_lookup_uses_the_same_definitions():
    with pytest.raises(ValueError, match="'elbow_left'"):
        candidates({"elbow_left": 5})
    with pytest.raises(ValueError, match="True"):
        candidates({"sacrum": True})
    with pytest.raises(ValueError, match="not a whole number"):
        candidates({"sacrum": 5.5})


# --- muscle link, figure selection, tool -------------------------------------------------------------

KNOWN = {"piriformis", "gluteus_medius"}


@pytest.mark.parametrize("value", HOSTILE_TEXT)
def test_muscle_link_refuses_hostile_values(value):
    result = gate.muscle_link(value, value, KNOWN)
    assert result.value == (None, "right")
    if value:
        assert {d.kind for d in result.dropped} == {"muscle", "side"}
        assert_short_plain(result.notice)
        assert "not in the atlas" in result.notice.text and "not left or right" in result.notice.text


def test_muscle_link_accepts_known_values():
    assert gate.muscle_link("piriformis", "left", KNOWN) == gate.Gated(("piriformis", "left"))
    assert gate.muscle_link(None, None, KNOWN) == gate.Gated((None, "right"))


@pytest.mark.parametrize("payload", HOSTILE_TEXT + HOSTILE_PAYLOADS, ids=lambda p: type(p).__name__)
def test_figure_selection_refuses_hostile_payloads(payload):
    result = gate.figure_selection(payload, KNOWN)
    assert result.value is None and len(result.dropped) == 1
    assert_short_plain(result.notice)


def test_figure_selection_accepts_muscle_and_side():
    assert gate.figure_selection("piriformis_left", KNOWN).value == ("piriformis", "left")
    assert gate.figure_selection("_right", KNOWN).value == (None, "right")


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
