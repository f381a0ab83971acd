"""The about page (triggermap_app/app_pages/about.py): the warning signs, the rules, not a diagnosis."""

from markupsafe import escape

from tests.app.conftest import panel
from tests.conftest import run_page


def test_about_page_lists_red_flags_and_rules(atlas):
    body = panel(run_page("about"))
    assert "cauda equina" in body and "<h3>Emergency now</h3>" in body and "<h3>See your GP</h3>" in body
    assert escape(atlas.safety.technique_rules[0].title) in body and "A daily limit" in body


def test_the_about_page_and_the_ranking_note_say_it_is_not_a_diagnosis():
    assert any(w.value.startswith("**This is not a diagnosis.**") for w in run_page("about").warning)
    [note] = [e for e in run_page("pain", zones="sacrum").expander if e.label == "How is this ranked?"]
    assert "a set of places to look, not a diagnosis" in " ".join(m.value for m in note.markdown)
