"""The sources page (triggermap_app/app_pages/sources.py)."""

from markupsafe import escape

from tests.app.conftest import panel
from tests.conftest import run_page


def test_sources_page_lists_every_source(atlas):
    at = run_page("sources")
    body = panel(at)
    for source in atlas.sources.values():
        assert f"<p>{escape(source.citation)}" in body
        link = f"https://doi.org/{source.doi}" if source.doi else source.url
        assert (link is None) or f'<a href="{escape(link)}" target="_blank" rel="noopener noreferrer">' in body
