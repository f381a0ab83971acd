"""Every page of the app, declared once: st.navigation lists them and every link between pages names one here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

PAGES_DIR = Path(__file__).parent / "app_pages"


@dataclass(frozen=True)
class AppPage:
    script: str  # the module in app_pages/
    title: str
    icon: str
    url_path: str = ""  # "" for the home page
    hidden: bool = False  # reached only by links, not listed in the navigation

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.script

    def page(self) -> st.Page:
        """The st.Page (built in a script run: Streamlit resolves it against the running app)."""
        return st.Page(self.path, title=self.title, icon=self.icon, url_path=self.url_path or None,
                       default=not self.url_path, visibility="hidden" if self.hidden else "visible")


EXPLORE = AppPage("explore.py", "Explore muscles", ":material/accessibility_new:")
PAIN = AppPage("pain.py", "Where does it hurt?", ":material/touch_app:", "pain")
COMPARE = AppPage("compare.py", "Compare muscles", ":material/compare:", "compare")
PRESENT = AppPage("present.py", "Present", ":material/slideshow:", "present", hidden=True)  # full screen, from a muscle
TECHNIQUES = AppPage("techniques.py", "Techniques library", ":material/self_improvement:", "techniques")
EVIDENCE = AppPage("evidence.py", "Evidence & limits", ":material/science:", "evidence")
SOURCES = AppPage("sources.py", "Sources", ":material/menu_book:", "sources")
ABOUT = AppPage("about.py", "About & safety", ":material/health_and_safety:", "about")
ALL = (EXPLORE, PAIN, COMPARE, PRESENT, TECHNIQUES, EVIDENCE, SOURCES, ABOUT)  # in the navigation's order


def link(to: AppPage, label: str, icon: str, query: dict[str, str] | None = None) -> None:
    """A link to another page; ``label`` is Markdown, so content in it goes through page.plain_markdown first."""
    st.page_link(to.path, label=label, icon=icon, query_params=query)
