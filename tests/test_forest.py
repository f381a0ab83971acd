"""The forest plot of pooled effects, its text, and the rules an Effect must follow."""

import json

import plotly.graph_objects as go
import pytest
from pydantic import ValidationError

from triggermap import forest
from triggermap.atlas import AtlasError, load_atlas
from triggermap.models import Effect

ACUTE = Effect(
    label="Recent (acute) pain, short term", comparison="Massage vs no treatment or a fake one",
    smd=-1.24, ci_low=-1.85, ci_high=-0.64, trials=1, participants=51, note="no clear effect on daily function",
)
LATER = Effect(
    label="Longer-lasting pain, 6 to 12 months", comparison="Massage vs other active treatments",
    smd=-0.40, ci_low=-0.80, ci_high=-0.01, trials=5, participants=757,
)
CROSSING = Effect(
    label="Made up", comparison="Massage vs nothing", smd=-0.1, ci_low=-0.3, ci_high=0.2, trials=2, participants=80,
)


def effect(**changes):
    values = {
        "label": "L", "comparison": "C", "smd": -0.5, "ci_low": -0.9, "ci_high": -0.1, "trials": 3, "participants": 90,
    }
    return Effect(**(values | changes))


# --- Effect validation -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("low, smd, high", [(-0.9, -0.5, -0.1), (-0.5, -0.5, -0.5), (-0.2, 0.0, 0.3)])
def test_an_interval_that_holds_its_estimate_is_valid(low, smd, high):
    assert effect(ci_low=low, smd=smd, ci_high=high).smd == smd


@pytest.mark.parametrize("low, smd, high", [(-0.9, -1.0, -0.1), (-0.9, 0.0, -0.1), (-0.1, -0.5, -0.9)])
def test_an_interval_that_misses_its_estimate_is_refused(low, smd, high):
    with pytest.raises(ValidationError, match="ci_low <= smd <= ci_high"):
        effect(ci_low=low, smd=smd, ci_high=high)


@pytest.mark.parametrize("field, value", [("trials", 0), ("participants", 0), ("label", ""), ("note", "")])
def test_counts_and_words_must_be_real(field, value):
    with pytest.raises(ValidationError):
        effect(**{field: value})


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        effect(weight=0.3)


def test_the_content_file_reports_a_bad_interval_with_its_place(content, write_yaml):
    content["evidence"] = [{
        "id": "review", "topic": "massage", "title": "A review", "summary": "Some words.",
        "effects": [{"label": "L", "comparison": "C", "smd": -2.0, "ci_low": -0.9, "ci_high": -0.1,
                     "trials": 3, "participants": 90}],
        "sources": [{"source": "book", "where": "p. 1"}],
    }]
    with pytest.raises(AtlasError) as err:
        load_atlas(write_yaml(content))
    text = str(err.value)
    assert "effects[0].ci_high" in text and "ci_low <= smd <= ci_high" in text


# --- the real content ----------------------------------------------------------------------------------------------


def test_the_cochrane_entry_carries_its_three_pain_results(atlas):
    review = next(e for e in atlas.evidence if e.id == "cochrane_massage_review")
    assert [(e.smd, e.ci_low, e.ci_high, e.trials, e.participants) for e in review.effects] == [
        (-1.24, -1.85, -0.64, 1, 51), (-0.37, -0.62, -0.13, 12, 964), (-0.40, -0.80, -0.01, 5, 757),
    ]
    # typed once: the numbers are not also written out in the entry's figures or summary
    typed = " ".join(review.figures) + review.summary
    assert "1.24" not in typed and "0.37" not in typed and "0.40" not in typed


# --- text -----------------------------------------------------------------------------------------------------------


def test_numbers_use_two_decimals_and_a_real_minus_sign():
    assert forest.number(-0.4) == "−0.40"
    assert forest.number(0.2) == "0.20"
    assert forest.number(-0.001) == "0.00"


def test_effect_line_says_every_number_once():
    line = forest.effect_line(ACUTE)
    assert line == (
        "Recent (acute) pain, short term, massage vs no treatment or a fake one: "
        "pain SMD −1.24 (95% CI −1.85 to −0.64), 1 trial, 51 people; no clear effect on daily function"
    )
    assert forest.effect_line(LATER).endswith("(95% CI −0.80 to −0.01), 5 trials, 757 people")


def test_summary_in_plain_words():
    assert forest.summary([ACUTE, LATER]) == (
        "The chart shows 2 results for pain. All 2 sit left of the line, which favours massage. "
        "In every one the whole likely range is left of the line too."
    )
    mixed = forest.summary([ACUTE, CROSSING])
    assert "In 1 of 2 the whole likely range is left of the line." in mixed
    assert forest.summary([ACUTE]).startswith("The chart shows one result for pain. It sits left of the line")
    assert forest.side(CROSSING) == "left of the line, but its likely range crosses the line"
    alt = forest.alt_text([ACUTE, LATER])
    assert alt.startswith("Forest plot:") and len(alt) < 300


# --- the figure -----------------------------------------------------------------------------------------------------


def test_figure_has_one_point_per_result_with_its_interval():
    fig = forest.forest_figure([ACUTE, LATER, CROSSING])
    assert isinstance(fig, go.Figure)
    (points,) = fig.data
    assert list(points.x) == [-1.24, -0.40, -0.1]
    assert list(points.y) == [2, 1, 0]  # first result on top
    assert points.error_x.symmetric is False
    lows = [x - m for x, m in zip(points.x, points.error_x.arrayminus, strict=True)]
    highs = [x + p for x, p in zip(points.x, points.error_x.array, strict=True)]
    assert lows == pytest.approx([-1.85, -0.80, -0.3]) and highs == pytest.approx([-0.64, -0.01, 0.2])


def test_figure_marks_the_zero_line_and_says_which_side_favours_massage():
    fig = forest.forest_figure([ACUTE, LATER])
    (zero,) = [s for s in fig.layout.shapes if s.type == "line"]
    assert zero.x0 == zero.x1 == 0 and (zero.y0, zero.y1) == (0, 1) and zero.yref == "paper"
    texts = [a.text for a in fig.layout.annotations]
    assert any("Left of the line favours massage" in t for t in texts)
    assert fig.layout.title.text == "<b>How much massage eased pain</b>"
    assert fig.layout.xaxis.title.text == "Difference in pain between the groups (SMD)"


def test_figure_labels_each_row_with_its_words_and_numbers():
    fig = forest.forest_figure([ACUTE, LATER])
    labels = [a.text for a in fig.layout.annotations if a.yref == "y"]
    assert len(labels) == 2
    assert "<b>Recent (acute) pain, short term</b>" in labels[0]
    assert "−1.24 (−1.85 to −0.64) · 1 trial, 51 people" in labels[0]
    for label in labels:  # short lines, so a phone-width chart does not cut them off
        for line in label.split("<br>"):
            plain = line.replace("<b>", "").replace("</b>", "")
            assert len(plain) <= 48, plain


def test_label_text_is_escaped():
    fig = forest.forest_figure([effect(label="<script>x</script>")])
    assert "<script>" not in json.dumps([a.text for a in fig.layout.annotations])


def test_x_range_holds_every_interval_and_zero():
    low, high = forest.x_range([ACUTE, LATER])
    assert low <= -1.85 and high >= 0 and (low, high) == (-2.0, 0.5)
    low, high = forest.x_range([effect(smd=0.3, ci_low=0.1, ci_high=0.6)])
    assert low <= 0 and high >= 0.6
    fig = forest.forest_figure([ACUTE, LATER])
    assert tuple(fig.layout.xaxis.range) == (-2.0, 0.5)


def test_figure_is_grayscale_readable_and_static():
    fig = forest.forest_figure([ACUTE, LATER])
    colours = {fig.data[0].marker.color, fig.data[0].error_x.color}
    assert colours == {forest.INK}  # one dark ink on white, no meaning carried by hue
    assert fig.layout.dragmode is False and fig.layout.xaxis.fixedrange and fig.layout.yaxis.fixedrange
    assert forest.CHART_CONFIG["staticPlot"] is True and forest.CHART_CONFIG["displayModeBar"] is False
    assert forest.CHART_CONFIG["showLink"] is False and forest.CHART_CONFIG["displaylogo"] is False


def test_figure_grows_with_the_number_of_rows():
    one = forest.forest_figure([ACUTE]).layout.height
    three = forest.forest_figure([ACUTE, LATER, CROSSING]).layout.height
    assert three - one == 2 * forest.ROW_PX


def test_figure_needs_at_least_one_effect():
    with pytest.raises(ValueError):
        forest.forest_figure([])
