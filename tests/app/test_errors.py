"""Visitors never see a traceback: a fault shows a plain message, the details go to the server log."""

import textwrap
import tomllib

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import triggermap.describe
from tests.conftest import APP
from triggermap_app.errors import PLAIN_MESSAGE

SECRET = "/srv/secret/path.py leaked"



def everything_shown(at) -> str:
    """Every element's text and value the app sent, as one string."""
    return " ".join(repr(getattr(node, "proto", "")) for node in at.main) + " ".join(
        repr(getattr(node, "proto", "")) for node in at.sidebar
    )


def test_config_hides_error_details_and_binds_to_loopback():
    config = tomllib.loads((APP.parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["address"] == "127.0.0.1"


def test_a_page_that_raises_shows_the_plain_message_only(monkeypatch, errors_log):
    st.cache_resource.clear()

    def broken(*_args, **_kwargs):
        raise RuntimeError(SECRET)

    monkeypatch.setattr(triggermap.describe, "bibliography", broken)
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.switch_page("app_pages/sources.py")
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [PLAIN_MESSAGE]
    shown = everything_shown(at)
    assert PLAIN_MESSAGE in shown, "the listing of what was shown is not empty"
    assert SECRET not in shown and "RuntimeError" not in shown and "Traceback" not in shown
    search = [c.proto.component_name for c in at.main.get("bidi_component")]
    assert search == ["triggermap_search"], "the rest of the app (the search box) still works"
    logged = [r for r in errors_log.records if r.name == "triggermap.errors"]
    assert logged and logged[0].exc_info and SECRET in str(logged[0].exc_info[1])


@pytest.fixture
def tiny_app(tmp_path):
    def write(body: str) -> AppTest:
        path = tmp_path / "tiny_app.py"
        path.write_text(
            "import streamlit as st\nfrom triggermap_app.errors import run_safely\n\n" + textwrap.dedent(body),
            encoding="utf-8",
        )
        return AppTest.from_file(str(path), default_timeout=30)

    return write


def test_any_exception_is_caught_and_logged(tiny_app, errors_log):
    at = tiny_app(
        """
        def page():
            st.write("before")
            {}["missing"]
        run_safely(page)
        st.write("after")
        """
    ).run()
    assert not at.exception
    assert [e.value for e in at.error] == [PLAIN_MESSAGE]
    assert [m.value for m in at.markdown] == ["before", "after"]
    assert "KeyError" not in everything_shown(at)
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in errors_log.records)


def test_st_stop_passes_through(tiny_app, errors_log):
    at = tiny_app(
        """
        def page():
            st.write("before")
            st.stop()
        run_safely(page)
        st.write("after")
        """
    ).run()
    assert not at.exception and not at.error
    assert [m.value for m in at.markdown] == ["before"]
    assert not [r for r in errors_log.records if r.name == "triggermap.errors"]


def test_st_rerun_passes_through(tiny_app, errors_log):
    at = tiny_app(
        """
        st.session_state.setdefault("runs", 0)
        def page():
            st.session_state.runs += 1
            if st.session_state.runs == 1:
                st.rerun()
            st.write(f"runs: {st.session_state.runs}")
        run_safely(page)
        """
    ).run()
    assert not at.exception and not at.error
    assert [m.value for m in at.markdown] == ["runs: 2"]
    assert not [r for r in errors_log.records if r.name == "triggermap.errors"]


def test_a_failing_fragment_is_left_to_streamlit_redacted_handling(tiny_app, errors_log):
    at = tiny_app(
        f"""
        @st.fragment
        def part():
            raise ValueError({SECRET!r})
        run_safely(part)
        st.write("not reached")
        """
    ).run()
    assert not at.error, "no second notice: Streamlit already showed its own"
    assert not [r for r in errors_log.records if r.name == "triggermap.errors"]
