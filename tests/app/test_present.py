"""The present page (triggermap_app/app_pages/present.py): opened from a link, without a muscle, with hostile links."""

from tests.app.conftest import assert_nothing_rendered_from_input, assert_plain_notice, notices
from tests.conftest import run_page
from tests.test_gate import HOSTILE_TEXT


def test_page_from_a_deep_link():
    at = run_page("present", muscle="piriformis", side="left", zones="lateral_hip_left:6")
    [stepper] = [c for c in at.get("bidi_component") if c.proto.component_name == "triggermap_present"]
    assert not notices(at)
    assert "Back to Piriformis (left)" in [link.proto.label for link in at.get("page_link")]


def test_page_without_a_muscle_says_how_to_open_one():
    at = run_page("present")
    assert "Present a muscle" in [t.value for t in at.title]
    assert "Present to a client" in at.info[0].value


def test_page_with_hostile_links_shows_plain_notices():
    for value in HOSTILE_TEXT[::2]:
        at = run_page("present", muscle=value, side=value, zones=value + ",lateral_hip_right:" + value)
        assert not at.exception
        for notice in notices(at):
            assert_plain_notice(notice, value)
        assert_nothing_rendered_from_input(at)
