"""The evidence page (triggermap_app/app_pages/evidence.py): summaries, figures, citations and the forest plot."""

import json

from markupsafe import escape

from tests.app.conftest import panel
from tests.conftest import run_page
from triggermap_app.page import plain_markdown


def test_evidence_page_shows_figures_and_citations(atlas):
    at = run_page("evidence")
    assert {s.value for s in at.subheader} == {plain_markdown(e.title) for e in atlas.evidence}
    for item in atlas.evidence:
        assert escape(item.summary) in panel(at) and all(escape(figure) in panel(at) for figure in item.figures)
    captions = [h.value for h in at.get("html") if h.value.startswith('<p class="tm-caption">Source: ')]
    assert len(captions) == len(atlas.evidence)
    assert all(name in " ".join(captions) for name in ("Furlan", "Cherkin", "Lucas"))


def test_evidence_page_draws_the_forest_plot_and_writes_its_numbers(atlas):
    from triggermap import forest

    review = next(e for e in atlas.evidence if e.id == "cochrane_massage_review")
    at = run_page("evidence")
    (chart,) = at.get("plotly_chart")
    spec, config = json.loads(chart.proto.spec), json.loads(chart.proto.config)
    assert [round(x, 2) for x in spec["data"][0]["x"]] == [e.smd for e in review.effects]
    assert config["staticPlot"] is True and config["displayModeBar"] is False and config["showLink"] is False
    assert chart.proto.alt == forest.alt_text(review.effects)
    body = panel(at)
    assert escape(forest.summary(review.effects)) in body  # the text alternative, beside the chart
    for e in review.effects:  # the numbers, as text, written from the same data
        assert escape(forest.effect_line(e)) in body
    assert "pain SMD −1.24 (95% CI −1.85 to −0.64), 1 trial, 51 people" in body
    assert "SMD −0.37 (95% CI −0.62 to −0.13), 12 trials, 964 people" in body
    assert "SMD −0.40 (95% CI −0.80 to −0.01), 5 trials, 757 people" in body
    assert "Left of the line favours massage" in " ".join(c.value for c in at.caption)
