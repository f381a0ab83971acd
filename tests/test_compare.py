"""Comparing muscles (triggermap/compare.py): the places table, the link, the figure with one colour and hatch per
muscle, and its HTML."""

import dataclasses
import re

import pytest

from triggermap import gate
from triggermap.compare import compare, compare_html, kind_word
from triggermap.figure import COMPARE_STYLES, compare_svg, pattern_shapes
from triggermap.referral import regions_reached
from triggermap.zones import Region, Side

R = Side.right
GMIN, PIRI, QL = ("gluteus_minimus", R), ("piriformis", R), ("quadratus_lumborum", R)


def ids(rows):
    return {row.region.id for row in rows}


def test_places_split_into_shared_and_own(atlas):
    comparison = compare(atlas, [GMIN, PIRI])
    gmin, piri = (set(regions_reached(atlas.muscles[m], s)) for m, s in (GMIN, PIRI))
    assert ids(comparison.in_all()) == {r.id for r in gmin & piri}
    assert ids(comparison.only_in(0)) == {r.id for r in gmin - piri}
    assert ids(comparison.only_in(1)) == {r.id for r in piri - gmin}
    assert "lateral_hip_right" in ids(comparison.in_all())  # both send pain to the side of the hip
    assert "calf_right" in ids(comparison.only_in(0))  # minimus reaches the calf; piriformis does not


def test_three_muscles_have_a_two_of_three_group(atlas):
    comparison = compare(atlas, [GMIN, PIRI, QL])
    titles = [title for title, _ in comparison.groups()]
    assert titles == ["In all 3", "In two of them", "Only 1. Gluteus minimus (right)", "Only 2. Piriformis (right)",
                      "Only 3. Quadratus lumborum (right)"]
    grouped = [row.region for _, rows in comparison.groups() for row in rows]
    assert sorted(grouped) == sorted(row.region for row in comparison.places)  # each place once, none lost


def test_sides_are_compared_as_chosen(atlas):
    comparison = compare(atlas, [("piriformis", Side.left), ("piriformis", Side.right)])
    assert ids(comparison.in_all()) == set()  # a right piriformis sends pain to the right only
    assert "lateral_hip_left" in ids(comparison.only_in(0)) and "lateral_hip_right" in ids(comparison.only_in(1))


def test_kind_words_match_the_content(atlas):
    comparison = compare(atlas, [GMIN, PIRI])
    row = next(r for r in comparison.places if r.region == Region("lateral_hip", R))
    assert [kind_word(how) for how in row.reached] == ["main pain zone", "main pain zone"]
    assert kind_word(None) == "—"


@pytest.mark.parametrize("value, expected, notice", [
    ("gluteus_minimus:right,piriformis:right", [GMIN, PIRI], None),
    ("gluteus_minimus,piriformis:left", [GMIN, ("piriformis", Side.left)], None),
    ("piriformis:right,piriformis:right,gluteus_minimus:right", [PIRI, GMIN], None),
    ("bogus:right,piriformis:up,piriformis:left", [("piriformis", Side.left)], "not in the atlas"),
    ("piriformis,gluteus_minimus,quadratus_lumborum,gluteus_medius", [PIRI, GMIN, QL], "Up to three"),
    ("a" * 5000, [], "could not be read"),
    (["piriformis"], [], "could not be read"),
])
def test_compare_link_gate(atlas, value, expected, notice):
    gated = gate.compare_link(value, atlas.muscles.keys())
    assert gated.value == expected
    assert (notice in gated.notice.text) if notice else gated.notice is None


def test_figure_draws_each_muscle_in_its_colour_with_hatching(atlas):
    svg = compare_svg(atlas, [GMIN, PIRI, QL])
    for colour, _ in COMPARE_STYLES:
        hatch = re.findall(rf'<path d="([^"]+)" fill="none" stroke="{colour}" stroke-width="1\.7"', svg)
        assert hatch and hatch[0].count("M") > 20, colour  # many parallel lines over the main pain zone
    for number in "123":
        assert f">{number}</text>" in svg  # trigger points numbered like the legend
    assert "<script" not in svg and "class=" not in svg  # inline styles only: usable in a PDF too


def test_figure_is_cropped_to_the_patterns(atlas):
    svg = compare_svg(atlas, [("piriformis", R), ("gluteus_medius", R)])
    _, top, _, height = (float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    drawn = pattern_shapes(atlas.muscles["piriformis"], R).essential.bounds
    assert top <= drawn[1] and top + height >= drawn[3]  # the patterns are in the picture
    assert height < 1000  # but not the whole body, head to toe


def test_html_escapes_content(atlas):
    muscle = atlas.muscles["piriformis"].model_copy(
        update={"name": '<script>alert(1)</script>"&', "symptoms": ["<b>x</b>"]})
    hostile = dataclasses.replace(atlas, muscles={**atlas.muscles, "piriformis": muscle})
    html = compare_html(hostile, compare(hostile, [GMIN, PIRI]))
    assert "<script>" not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&amp;" in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_html_has_the_legend_table_and_an_image_with_text_alternative(atlas):
    html = compare_html(atlas, compare(atlas, [GMIN, PIRI]))
    assert html.count('class="swatch"') == 2
    assert 'alt="Referral patterns of 1. Gluteus minimus (right), 2. Piriformis (right)"' in html
    assert "<th scope=\"row\">Side of the hip (right)</th>" in html
    assert "What it feels like" in html and "What sets it off" in html and "Self-care techniques" in html
    gmin = atlas.muscles["gluteus_minimus"]
    assert all(atlas.techniques[t].name in html for t in gmin.techniques)
