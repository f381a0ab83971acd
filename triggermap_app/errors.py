"""A fault in a page shows the visitor a plain message; the details go to the server log, never to the browser."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st
from streamlit.errors import FragmentHandledException

PLAIN_MESSAGE = "Something went wrong. Please reload the page."

LOG = logging.getLogger("triggermap.errors")
if not LOG.handlers:  # Streamlit configures only its own loggers; make sure the traceback reaches the server's stderr
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOG.addHandler(_handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False


def run_safely(run: Callable[[], object], what: str = "page") -> None:
    """Run ``run``; on an uncaught exception log it with its traceback and show only ``PLAIN_MESSAGE``.

    Streamlit's control flow passes through untouched: ``st.stop``, ``st.rerun`` and ``st.switch_page``
    raise ``ScriptControlException`` subclasses, which derive from ``BaseException`` and are never caught
    here, and a fragment that failed raises ``FragmentHandledException`` after Streamlit has already logged
    the error and shown its own redacted notice (``client.showErrorDetails = "none"``), so it is re-raised.
    """
    try:
        run()
    except FragmentHandledException:
        raise
    except Exception:  # noqa: BLE001 - the point is to catch whatever a page did not
        LOG.exception("uncaught exception in the %s", what)
        st.error(PLAIN_MESSAGE, icon=":material/error:")
