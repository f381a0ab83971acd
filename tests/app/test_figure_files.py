"""The figure's files (triggermap_app/figure_files.py): served from memory, not resent with every rerun."""

from tests.app.conftest import figure_data
from tests.conftest import APP, run_page


def test_figure_is_served_from_memory_not_resent_on_each_rerun(atlas):
    from triggermap.figure import render_svg
    from triggermap_app import figure_files

    url = figure_data(run_page("explore", muscle="piriformis"))["figure"]
    svg = render_svg(atlas, "explore")
    assert url.startswith("figure/explore-") and figure_files.get(url.removeprefix("figure/")).body == svg.encode()
    assert "<style>" in svg and ".muscle" in svg
    config = (APP.parent / ".streamlit" / "config.toml").read_text()
    assert "enableStaticServing" not in config and "gatherUsageStats = false" in config
