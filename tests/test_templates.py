"""Every template in triggermap/templates/, fed content full of markup, template syntax and Markdown: the HTML that
comes out shows it all as text, and has no tag, attribute or link the templates did not write themselves."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from jinja2 import PackageLoader

from triggermap import forest, load_atlas, templates
from triggermap.atlas import DEFAULT_PATH
from triggermap.compare import compare, compare_html
from triggermap.describe import bibliography
from triggermap.gate import Notice
from triggermap.html_text import (
    caption_html,
    cautions_html,
    evidence_summary_html,
    notice_html,
    reasons_html,
    source_entry_html,
    technique_html,
    technique_rules_html,
    titled_list_html,
    titled_text_html,
    warning_signs_html,
)
from triggermap.panel import panel_body_html, panel_head_html, start_here_html
from triggermap.safety import flags_by_urgency
from triggermap.zones import Side

TEMPLATES = Path(templates.__file__).parent / "templates"
# Lower case: the panel lowers urgency titles ("More warning signs: same day or ..."), and this must survive whole.
HOSTILE = ("<script>alert(1)</script> \" ' & {{ 7*7 }} {% raw %} **bold** _em_ [link](javascript:alert(1)) "
           "<img src=x onerror=alert(1)> :red[x] $x$ `code` # heading")
BAD_DOI = '10.1/"><script>alert(1)</script>'  # inside an href: a quote that must not end the attribute
# Every tag the templates write, and every attribute with what its value may be.
TAGS = {"div", "section", "h2", "h3", "h4", "h5", "p", "ul", "ol", "li", "b", "i", "br", "details", "summary", "a",
        "code", "img", "span", "table", "caption", "thead", "tbody", "tr", "th", "td",
        "label", "select", "option", "button", "svg", "path", "circle", "rect"}  # the body map's frame
ATTRIBUTES = {"class", "data-muscle", "data-side", "href", "target", "rel", "role", "open", "src", "alt", "width",
              "height", "style", "colspan", "scope", "aria-label",
              # the body map's frame: its controls and the key's swatches
              "for", "id", "value", "disabled", "type", "title", "aria-pressed", "aria-labelledby", "aria-hidden",
              "aria-busy", "data-side-choice", "data-window", "data-layer", "data-zoom", "viewbox", "d", "stroke",
              "stroke-width", "stroke-linecap", "cx", "cy", "r", "fill", "x", "y", "rx", "fill-opacity",
              "stroke-dasharray"}
SAFE_URLS = ("#", "https://", "data:image/svg+xml;base64,")


def hostile_content() -> dict:
    """The shipped content with free text of a muscle, a technique, an evidence item, two sources, a warning sign,
    its urgency, a rule and a caution made hostile; the muscle also gets every optional field the panel shows."""
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    muscle = next(m for m in data["muscles"] if m["id"] == "piriformis")
    muscle.update(name=HOSTILE, common_names=[HOSTILE], summary=HOSTILE, location=HOSTILE, symptoms=[HOSTILE],
                  causes=[HOSTILE], perpetuating=[HOSTILE], self_care_note=HOSTILE, cautions=[HOSTILE])
    muscle["see_clinician"][0]["text"] = HOSTILE
    muscle["sources"][0]["where"] = HOSTILE
    point = muscle["trigger_points"][0]
    point.update(name=HOSTILE, location=HOSTILE, referral=HOSTILE, do_not_press=HOSTILE, reach="both_sides",
                 frequency="uncommon")
    technique = next(t for t in data["techniques"] if t["id"] == muscle["techniques"][0])
    technique.update(name=HOSTILE, position=HOSTILE, steps=[HOSTILE], pressure=HOSTILE, dose=HOSTILE, stop_if=HOSTILE,
                     cautions=[HOSTILE])
    item = data["evidence"][0]
    item.update(title=HOSTILE, summary=HOSTILE, figures=[HOSTILE])
    item["effects"][0].update(label=HOSTILE, comparison=HOSTILE, note=HOSTILE)
    by_link = {("doi" if "doi" in s else "url" if "url" in s else "none"): s for s in data["sources"]}
    by_link["url"].update(citation=HOSTILE, url="javascript:alert(1)")
    by_link["doi"].update(citation=HOSTILE, doi=BAD_DOI)
    flag = next(f for f in data["red_flags"]["flags"] if f["id"] == "saddle_numbness")
    flag.update(sign=HOSTILE, means=HOSTILE, note=HOSTILE)
    data["red_flags"]["levels"]["emergency"].update(title=HOSTILE, action=HOSTILE)
    for rules in (data["safety"]["technique_rules"], data["safety"]["general_cautions"]):
        rules[0].update(title=HOSTILE, points=[HOSTILE])
    return data


class Recording(PackageLoader):
    """The package's templates, noting each one loaded (rendered, or imported by another)."""

    def __init__(self):
        super().__init__("triggermap", "templates")
        self.loaded: set[str] = set()

    def get_source(self, environment, template):
        self.loaded.add(template)
        return super().get_source(environment, template)


def every_block(atlas) -> dict[str, str]:
    """Each kind of block the app shows, made from the hostile content the way the pages make it."""
    muscle = atlas.muscles["piriformis"]
    item = atlas.evidence[0]
    hostile_sources = [e for e in bibliography(atlas) if e.citation == HOSTILE]
    assert len(hostile_sources) == 2
    return {
        "panel head": panel_head_html(muscle, Side.left),
        "panel body": panel_body_html(atlas, muscle),
        "start here": start_here_html(atlas),
        "warning signs": warning_signs_html(flags_by_urgency(atlas.red_flags), 3),
        "cautions": cautions_html(atlas),
        "rules": technique_rules_html(atlas, HOSTILE),
        "technique": technique_html(atlas, atlas.techniques[muscle.techniques[0]]),
        "evidence summary": evidence_summary_html(item),
        "chart in words": titled_text_html(HOSTILE, forest.summary(item.effects)),
        "numbers": titled_list_html("Pain results in numbers", [forest.effect_line(e) for e in item.effects]),
        "figures": titled_list_html("In figures", item.figures),
        "caption": caption_html(HOSTILE),
        "source with a bad url": source_entry_html(hostile_sources[0]),
        "source with a bad doi": source_entry_html(hostile_sources[1]),
        "notice": notice_html(Notice("Ignored {} and {}.", (HOSTILE, ""))),
        "plain notice": notice_html(HOSTILE),
        "reasons": reasons_html([HOSTILE]),
        "compare": compare_html(atlas, compare(atlas, [("piriformis", Side.left), ("gluteus_medius", Side.right)])),
        "body map frame": templates.render("bodymap.html.j2", explore=True, legend=[("cross", HOSTILE)]),
    }


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every block from the hostile content, and the names of the templates that made them."""
    path = tmp_path_factory.mktemp("hostile") / "muscles.yaml"
    path.write_text(yaml.safe_dump(hostile_content(), sort_keys=False, allow_unicode=True), encoding="utf-8")
    atlas = load_atlas(path)
    loader = Recording()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(templates, "_environment", lambda: templates.environment(loader))
        blocks = every_block(atlas)
    return blocks, loader.loaded


class Parsed(HTMLParser):
    """What a browser reads in a block: its start tags with their attributes, and its text."""

    def __init__(self, html: str):
        super().__init__()  # convert_charrefs: the text and attribute values come unescaped, as a browser shows them
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_every_template_is_rendered(rendered):
    _, loaded = rendered
    shipped = {path.name for path in TEMPLATES.iterdir() if path.suffix == ".j2"}
    assert shipped and loaded == shipped, f"not exercised by every_block(): {sorted(shipped - loaded)}"


@pytest.mark.parametrize("block", ["panel head", "panel body", "start here", "warning signs", "cautions", "rules",
                                   "technique", "evidence summary", "chart in words", "numbers", "figures", "caption",
                                   "source with a bad url", "source with a bad doi", "notice", "plain notice",
                                   "reasons", "compare", "body map frame"])
def test_hostile_content_is_shown_as_text(rendered, block):
    html = rendered[0][block]
    parsed = Parsed(html)
    text = "".join(parsed.text)
    assert HOSTILE in text, "markup, {{ }}, {% %} and Markdown all shown as typed, nothing evaluated"
    assert "<script" not in html.lower() and "<img src=x" not in html and "<b>bold</b>" not in html
    assert "49" not in text, "{{ 7*7 }} was not evaluated anywhere"
    for tag, attributes in parsed.tags:
        assert tag in TAGS, (tag, attributes)
        assert attributes.keys() <= ATTRIBUTES, (tag, attributes)
        for name in ("href", "src"):
            if name in attributes:
                assert attributes[name].startswith(SAFE_URLS), (tag, attributes)


def test_hostile_values_in_attributes_stay_inside_their_quotes(rendered):
    blocks = rendered[0]
    [link] = [attrs for tag, attrs in Parsed(blocks["source with a bad doi"]).tags if tag == "a"]
    assert link["href"] == f"https://doi.org/{BAD_DOI}"
    assert not [tag for tag, _ in Parsed(blocks["source with a bad url"]).tags if tag == "a"], "not a web address"
    [figure] = [attrs for tag, attrs in Parsed(blocks["compare"]).tags if attrs.get("class") == "tm-compare-figure"]
    assert HOSTILE in figure["alt"]
    [head] = [attrs for _, attrs in Parsed(blocks["panel head"]).tags if "data-muscle" in attrs]
    assert (head["data-muscle"], head["data-side"]) == ("piriformis", "left")  # what bodymap.js looks for


def test_the_notice_shows_each_value_as_code(rendered):
    blocks = rendered[0]
    notice = Parsed(blocks["notice"])
    assert [tag for tag, _ in notice.tags] == ["div", "p", "code", "code"]
    assert notice.text == ["Ignored ", HOSTILE, " and ", "."]  # the empty value is an empty <code>
    assert blocks["notice"].startswith('<div class="tm-notice" role="status">')


def test_output_has_no_blank_lines(rendered):
    for block, html in rendered[0].items():
        assert not re.search(r"\n[ \t]*\n", html), block
