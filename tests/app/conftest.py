"""Helpers for the AppTests of the pages: fresh caches around each test, the page's panel, notices and what the
figure is told, and checks that a notice shows the user's input only as inert text."""

import json
import re
from html.parser import HTMLParser

import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test loads the content and builds the figure itself: nothing cached by an earlier test."""
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def panel(at):
    """The explorer's panel: its HTML blocks (heading, text, techniques, cautions)."""
    return " ".join(h.value for h in at.get("html"))


def figure_data(at):
    """What the page sends the body map (not the search box, which is a component too)."""
    [figure] = [c for c in at.get("bidi_component") if c.proto.component_name.startswith("triggermap_bodymap_")]
    return json.loads(figure.proto.json)


NOTICE = 'class="tm-notice"'  # templates/notice.html.j2
OUTSIDE = ("](http", "<img", "<script", "onerror", "127.0.0.1:1")
CODE = re.compile(r"<code>.*?</code>", re.S)


def notices(at) -> list[str]:
    """The HTML of each notice about ignored input on the page."""
    return [h.value for h in at.get("html") if NOTICE in h.value]


class Parsed(HTMLParser):
    """The tags of an HTML block, and its text inside and outside <code>, as a browser reads them."""

    def __init__(self, html: str):
        super().__init__()
        self.tags, self.code, self.words, self.in_code = [], [], [], False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(attrs)))
        self.in_code = self.in_code or tag == "code"

    def handle_endtag(self, tag):
        self.in_code = self.in_code and tag != "code"

    def handle_data(self, data):
        (self.code if self.in_code else self.words).append(data)


def assert_plain_notice(html, value=None):  # noqa: ARG001 - value named for the failure message
    """Our words, then each user value as the text of a <code>: no other tag or attribute, nothing that acts."""
    assert len(html) < 1000, html
    notice = Parsed(html)
    assert notice.tags[:2] == [("div", (("class", "tm-notice"), ("role", "status"))), ("p", ())], html
    assert {tag for tag in notice.tags[2:]} <= {("code", ())}, html
    assert not any(bad in "".join(notice.words) for bad in OUTSIDE), html
    for inner in notice.code:
        assert len(inner) <= 41 and "\n" not in inner and "\x00" not in inner and "\u202e" not in inner


def assert_nothing_rendered_from_input(at):
    """No element carries the hostile text where Markdown or HTML would act on it; a notice only inside <code>."""
    for element in list(at.markdown) + list(at.caption) + list(at.get("html")) + list(at.warning):
        body = str(element.value)
        shown = CODE.sub("", body) if NOTICE in body else body
        assert not any(bad in shown for bad in OUTSIDE), body[:200]
