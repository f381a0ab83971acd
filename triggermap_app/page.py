"""Page furniture shared by the pages."""

from __future__ import annotations

import re

import streamlit as st

from triggermap.gate import Notice
from triggermap.html_text import caption_html, notice_html
from triggermap_app import asset

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
    """A notice about ignored input, styled like st.warning, with the user's values shown as inert text.

    st.warning would read Markdown and Streamlit's extras (colours, icons, emoji shortcodes, LaTeX) in every word;
    HTML from an autoescaping template has five characters to escape and nothing else that acts.
    """
    if notice:
        st.html(notice_html(notice))


def plain_caption(text: str) -> None:
    """Content in small grey text, as st.caption draws it, but as text: st.caption reads Markdown."""
    st.html(caption_html(text))


def plain_markdown(text: str) -> str:
    """``text`` with every character Markdown (or Streamlit's extras) acts on escaped, so it shows as typed.

    For content in what Streamlit always reads as Markdown (labels, headings); blocks of text are HTML from templates.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
