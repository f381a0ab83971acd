"""The entry script (triggermap_app/app.py): content that cannot be loaded is shown as its readable problems."""

from streamlit.testing.v1 import AppTest

from tests.conftest import APP
from triggermap.atlas import DEFAULT_PATH


def test_broken_content_shows_a_readable_message(monkeypatch, tmp_path):
    broken = tmp_path / "muscles.yaml"
    broken.write_text((DEFAULT_PATH).read_text().replace("- upper_buttock", "- upper_butock", 1))
    monkeypatch.setenv("TRIGGERMAP_DATA", str(broken))
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    assert "could not be loaded" in at.error[0].value
    message = at.code[0].value
    assert "muscles.yaml" in message and "unknown zone 'upper_butock'" in message and "field trigger_points" in message


def test_the_app_shows_a_content_fault_as_its_readable_message(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    broken = tmp_path / "muscles.yaml"
    broken.write_bytes((DEFAULT_PATH).read_bytes() + b"\nsources: \xff\n")
    monkeypatch.setenv("TRIGGERMAP_DATA", str(broken))
    import streamlit as st

    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(APP), default_timeout=30).run()
    finally:
        st.cache_resource.clear()
    assert not at.exception
    assert "could not be loaded" in at.error[0].value
    assert "not UTF-8 text" in at.code[0].value and "muscles.yaml" in at.code[0].value
