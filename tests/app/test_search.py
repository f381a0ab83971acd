"""The search box at the top of every page (triggermap_app/search.py): typing, a result opening its muscle."""

import json

from tests.app.conftest import panel
from tests.conftest import run_page


def search_components(at) -> list:
    return [c for c in at.main.get("bidi_component") if c.proto.component_name == "triggermap_search"]


def test_search_box_is_at_the_top_of_every_page_and_a_result_opens_the_muscle():
    for page in ("explore", "pain", "techniques", "evidence", "sources", "about"):
        at = run_page(page)
        assert len(search_components(at)) == 1 and not at.sidebar.get("bidi_component")
        top = at.main.children[0]  # the page's first block, above its title
        assert [c.proto.component_name for c in top.get("bidi_component")] == ["triggermap_search"], page
    at = run_page("about")
    at.session_state["search_query"] = "sitting"  # what the box's callback stores as the user types
    at.run()
    assert json.loads(search_components(at)[0].proto.json) == {"query": "sitting"}
    at.button(key="result_piriformis").click().run()
    assert not at.exception
    assert "<h2>Piriformis · right</h2>" in panel(at), "the explorer opens on the chosen muscle"
    assert at.session_state["search_query"] == "" and json.loads(search_components(at)[0].proto.json) == {"query": ""}
    at.session_state["search_query"] = "zzqx"
    at.run()
    assert "No muscle matches" in " ".join(c.value for c in at.main.caption)
