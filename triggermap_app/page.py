"""Page furniture shared by the pages."""

from __future__ import annotations

import re

import streamlit as st

from triggermap.gate import Notice
from triggermap_app import asset

NOTICE_ICON = ":material/link_off:"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>$:!&|#~{}^=+])")  # characters Markdown or Streamlit's extras act on


PAGE_CSS = asset("page.css")
SKIP_LINK = '<a class="tm-skip" href="#tm-figure">Skip to the body map</a>'


def header(title: str, caption: str, notice_key: str | None = None, skip_to_figure: bool = False) -> None:
    """Title, a one-line how-to, and any notice left by a deep link (shown once).

    ``skip_to_figure``: the page starts with a link that keyboard users can take straight to the figure.
    """
    if skip_to_figure:
        st.html(SKIP_LINK)
    st.title(title)
    st.caption(caption)
    if notice_key:
        show_notice(st.session_state.pop(notice_key, None))


def page_style() -> None:
    """The stylesheet every page shares (triggermap_app/page.css)."""
    st.html(f"<style>{PAGE_CSS}</style>")


def figure_anchor() -> None:
    """Where "See it on the figure" links land (triggermap_app/bodymap.js moves the focus into the figure)."""
    st.html('<span id="tm-figure"></span>')


def show_notice(notice: Notice | str | None) -> None:
    """A notice about ignored input, with the user's values shown as inert text.

    ``st.warning`` reads Markdown (and Streamlit's extras: colours, icons, emoji shortcodes, LaTeX),
    so each value goes in a code span, where none of that applies; our own words are escaped too.
    """
    if notice:
        st.warning(notice_markdown(notice), icon=NOTICE_ICON)


def notice_markdown(notice: Notice | str) -> str:
    """Our words with Markdown's special characters escaped; each user value in a code span."""
    parts = [notice] if isinstance(notice, str) else notice.template.split("{}")
    values = () if isinstance(notice, str) else notice.values
    words = [plain_markdown(part) for part in parts]
    spans = [code_span(value) for value in values] + [""] * len(words)
    return "".join(word + span for word, span in zip(words, spans))


def plain_markdown(text: str) -> str:
    """``text`` with every character Markdown (or Streamlit's extras) acts on escaped, so it shows as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code_span(text: str) -> str:
    """``text`` as a Markdown code span: fenced by more backticks than any run inside it (CommonMark)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if text else f"{fence} {fence}"
