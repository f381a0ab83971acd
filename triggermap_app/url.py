"""One way for every page to keep a session value in the address bar, so a page can be linked, bookmarked and
reloaded as it was."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import streamlit as st

from triggermap.gate import Gated

T = TypeVar("T")
Query = dict[str, str]


@dataclass(frozen=True)
class UrlValue(Generic[T]):
    """A session value bound to query parameters, read through its gate and written back after every change."""

    key: str  # where the page keeps the value in st.session_state (a widget's key, if a widget holds it)
    params: tuple[str, ...]  # the query parameters it owns
    read: Callable[[Query], Gated[T]]  # those parameters -> the value, and a notice naming what was ignored
    write: Callable[[T], Query]  # the value -> its parameters; one left out is removed from the URL
    notice_key: str  # where a notice waits for the page to show it

    @property
    def _written(self) -> str:
        return f"{self.key}__url"

    def load(self) -> None:
        """Take the value from the URL, unless this page wrote what the URL holds (so a rerun keeps the session's)."""
        url = {name: st.query_params[name] for name in self.params if name in st.query_params}
        if self.key in st.session_state and url == st.session_state.get(self._written):
            return
        gated = self.read(url)
        st.session_state[self.key] = gated.value
        st.session_state[self._written] = url
        if gated.notice:
            st.session_state[self.notice_key] = gated.notice

    def save(self) -> None:
        """Write the session's value to the URL."""
        query = self.write(st.session_state[self.key])
        st.session_state[self._written] = query
        for name in self.params:
            if name in query:
                st.query_params[name] = query[name]
            else:
                st.query_params.pop(name, None)
