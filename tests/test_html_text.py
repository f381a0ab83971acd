"""HTML snippets of the content (triggermap/html_text.py)."""

from markupsafe import escape

from triggermap.html_text import technique_html


def test_technique_text_has_steps_pressure_dose_and_stop(atlas):
    technique = next(iter(atlas.techniques.values()))
    text = technique_html(atlas, technique)
    assert f"<ol><li>{escape(technique.steps[0])}</li>" in text
    for part in ("<b>Pressure:</b>", "<b>How long and how often:</b>", "<b>Stop if:</b>", "Source:"):
        assert part in text
