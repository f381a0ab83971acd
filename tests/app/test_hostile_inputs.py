"""The hostile corpus (tests/test_gate.py) through every entry point of the running pages, with AppTest.

Entry points: ?muscle= and ?side= (explorer), ?zones= (pain page, as places and as strengths), ?tool=
(techniques), ?muscles= (compare), the pain figure's ``marked`` payload and the explorer figure's ``select`` payload.
For each: no exception, at most one short notice, the user's values in it only as inert text (the text of a <code>
in HTML from an autoescaping template), the page still works.
"""

import json

import pytest
import streamlit as st
from streamlit.components.v2.bidi_component.main import _make_trigger_id

from tests.app.conftest import Parsed, assert_nothing_rendered_from_input, assert_plain_notice, notices
from tests.conftest import run_page
from tests.test_gate import HOSTILE_PAYLOADS, HOSTILE_SELECTIONS, HOSTILE_TEXT
from triggermap import gate
from triggermap.zones import Side


@pytest.fixture(scope="module", autouse=True)
def fresh_caches():
    """Once around this module, not each test: overrides the per-test fixture of tests/app/conftest.py."""
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


new_app = run_page


def figure(at, name):
    return next(c for c in at.get("bidi_component") if c.proto.component_name == f"triggermap_bodymap_{name}")


def send(at, name, event, value):
    """What the figure's browser code does with setTriggerValue: one JSON trigger payload for the next run."""
    states = at._tree.get_widget_states()
    trigger = states.widgets.add()
    trigger.id = _make_trigger_id(figure(at, name).proto.id, "events")
    trigger.json_trigger_value = json.dumps([{"event": event, "value": value}])
    at._run(states)
    assert not at.exception, at.exception
    return at


def as_text(value):
    return value if len(value) < 60 else f"{value[:20]}…({len(value)})"


def test_explorer_link_values(atlas):
    at = new_app("explore")
    for value in HOSTILE_TEXT:
        at.query_params["muscle"], at.query_params["side"] = value, value
        at.run()
        assert not at.exception, (as_text(value), at.exception)
        shown = notices(at)
        if value:
            assert len(shown) == 1, as_text(value)
            assert "not in the atlas" in shown[0] and "not left or right" in shown[0]
            assert_plain_notice(shown[0], value)
            assert gate.shown(value) in Parsed(shown[0]).code, "the value as typed (cleaned), as text"
        assert "<h2>Start here</h2>" in " ".join(h.value for h in at.get("html")), as_text(value)
        assert figure(at, "explore")
        assert_nothing_rendered_from_input(at)
    at.query_params["muscle"], at.query_params["side"] = "piriformis", "left"
    at.run()
    assert "<h2>Piriformis · left</h2>" in " ".join(h.value for h in at.get("html")) and not notices(at)


def test_pain_link_values():
    at = new_app("pain")
    for value in HOSTILE_TEXT:
        at.query_params["zones"] = f"{value},lateral_hip_right:{value},sacrum:3"
        at.run()
        assert not at.exception, (as_text(value), at.exception)
        shown = notices(at)
        assert len(shown) == 1, (as_text(value), shown)
        assert_plain_notice(shown[0], value)
        marked = {s.key: s.value for s in at.slider}
        if "too long" not in shown[0]:
            assert marked["level_sacrum"] == 3 and marked["level_lateral_hip_right"] == 5, as_text(value)
            assert "1. " in " ".join(str(m.value) for m in at.markdown)  # the ranking still runs
        assert "not a diagnosis" in " ".join(c.value for c in at.caption)
        assert_nothing_rendered_from_input(at)


def test_pain_link_from_the_issue():
    for zones in ("lateral_hip_right:²", "lateral_hip_right:①", "lateral_hip_right:" + "9" * 5000):
        at = new_app("pain", zones=zones)
        [notice] = notices(at)
        assert "not a whole number" in notice or "too long" in notice
        assert_plain_notice(notice)


def test_techniques_link_values(atlas):
    for value in HOSTILE_TEXT[::3] + ["![i](http://127.0.0.1:1/pixel)", ":red[**STOP: call 999 now**]"]:
        at = new_app("techniques", tool=value)
        shown = notices(at)
        if value:
            [notice] = shown
            assert "not one we know" in notice
            assert_plain_notice(notice, value)
        assert len(at.expander) == len(atlas.techniques)
        assert "tool" not in at.query_params
        assert_nothing_rendered_from_input(at)


def test_compare_link_values():
    at = new_app("compare")
    for value in HOSTILE_TEXT:
        at.query_params["muscles"] = f"piriformis:left,{value},gluteus_minimus:{value}"
        at.run()
        assert not at.exception, (as_text(value), at.exception)
        shown = notices(at)
        assert len(shown) == 1, (as_text(value), shown)
        assert_plain_notice(shown[0], value)
        if "could not be read" not in shown[0]:
            assert at.multiselect[0].value == ["piriformis:left"], as_text(value)
        assert_nothing_rendered_from_input(at)


SACRUM_3 = {"zone": "sacrum", "side": None, "level": 3}


def test_pain_figure_payloads():
    at = new_app("pain", zones="sacrum:3")
    for payload in HOSTILE_PAYLOADS:
        send(at, "pain", "marked", payload)
        shown = notices(at)
        marked = {s.key: s.value for s in at.slider}
        assert all(key.removeprefix("level_") in {"sacrum", "coccyx", "lateral_hip_right"} for key in marked)
        assert len(shown) == 1, (type(payload), shown)
        assert_plain_notice(shown[0])
        assert_nothing_rendered_from_input(at)
        send(at, "pain", "marked", [SACRUM_3, {"zone": "lateral_hip", "side": "right", "level": 7}])  # still works
        assert {s.key: s.value for s in at.slider}["level_lateral_hip_right"] == 7 and not notices(at)
    send(at, "pain", "marked", [{**SACRUM_3, "level": True}, {"zone": "coccyx", "level": 2}])  # every marked place
    assert {s.key: s.value for s in at.slider} == {"level_sacrum": 3, "level_coccyx": 2}
    [notice] = notices(at)
    assert "Ignored 1 strength from the figure" in notice and "<code>true</code>" in notice


def test_explorer_figure_payloads():
    at = new_app("explore", muscle="piriformis", side="left")
    for payload in HOSTILE_TEXT + HOSTILE_PAYLOADS + HOSTILE_SELECTIONS:
        send(at, "explore", "select", payload)
        [notice] = notices(at)
        assert "Ignored a choice from the figure" in notice
        assert_plain_notice(notice)
        assert at.session_state["explore_pick"] == ("piriformis", Side.left)
        assert_nothing_rendered_from_input(at)
    send(at, "explore", "select", {"muscle": "gluteus_medius", "side": "right"})
    assert "<h2>Gluteus medius · right</h2>" in " ".join(h.value for h in at.get("html")) and not notices(at)
    assert at.query_params["muscle"] == "gluteus_medius" and at.query_params["side"] == "right"
    send(at, "explore", "select", {"muscle": "", "side": "left"})
    assert "<h2>Start here</h2>" in " ".join(h.value for h in at.get("html")) and not notices(at)
    assert at.session_state["explore_pick"] == (None, Side.left) and "muscle" not in at.query_params
