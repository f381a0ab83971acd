"""The compare page (triggermap_app/app_pages/compare.py): the link, its notice, and the choice of muscles."""

from tests.app.conftest import notices
from tests.conftest import run_page


def test_page_deep_link_and_notice():
    at = run_page("compare", muscles="gluteus_minimus:right,bogus:left,piriformis:right")
    assert at.multiselect[0].value == ["gluteus_minimus:right", "piriformis:right"]
    [notice] = notices(at)
    assert "not in the atlas" in notice and "bogus:left" in notice
    assert at.query_params["muscles"] == "gluteus_minimus:right,piriformis:right"
    assert any("Only 2. Piriformis (right)" in h.value for h in at.get("html"))


def test_page_asks_for_two_muscles():
    at = run_page("compare", muscles="piriformis:right")
    assert [i.value for i in at.info] == ["Choose at least two muscles to compare."]
    at.multiselect[0].select("gluteus_minimus:left").run()
    assert at.query_params["muscles"] == "piriformis:right,gluteus_minimus:left"
    assert any("Gluteus minimus (left)" in h.value for h in at.get("html"))
