"""The ranking behind "Where does it hurt?"."""

import copy
import dataclasses

import pytest
import yaml
from shapely.geometry import Point

from tests.conftest import MINIMAL
from triggermap import load_atlas
from triggermap.atlas import DEFAULT_PATH
from triggermap.figure import pattern_shapes
from triggermap.gate import DEFAULT_INTENSITY
from triggermap.geometry import figure_geometry
from triggermap.lookup import candidates
from triggermap.search import search
from triggermap.zones import Region, Side

R = Region.parse


def marks(*region_ids: str) -> dict[Region, int]:
    """Places marked at the default strength, as the pain page marks a place found by name."""
    return dict.fromkeys(map(R, region_ids), DEFAULT_INTENSITY)


def muscle(mid, points, order_name=None, **point_fields):
    base = copy.deepcopy(MINIMAL["muscles"][0])
    base.update(id=mid, name=order_name or mid.title())
    point = base["trigger_points"][0]  # every other field as in the minimal file, so it stays valid
    base["trigger_points"] = [
        point | {"id": f"tp{i}", "name": f"Point {i}", "essential": ess, "spillover": spill} | point_fields
        for i, (ess, spill) in enumerate(points)
    ]
    return base


@pytest.fixture
def synthetic(write_yaml):
    data = copy.deepcopy(MINIMAL)
    data["muscles"] = [
        muscle("hipper", [(["lateral_hip"], ["lateral_thigh"])]),
        muscle("thigher", [(["lateral_thigh"], ["lateral_hip"])]),
        muscle("both", [(["lateral_hip"], []), (["lateral_thigh"], [])]),
        muscle("sacral", [(["sacrum"], ["coccyx"])]),
        muscle("twin_a", [(["calf"], [])]),
        muscle("twin_b", [(["calf"], [])]),
        muscle("crosser", [(["thoracolumbar"], [])], reach="both_sides"),
        muscle("swapper", [(["upper_abdomen"], [])], reach="other_side"),
        muscle("usual", [(["medial_knee"], [])]),
        muscle("rare", [(["medial_knee"], [])], frequency="uncommon"),
        muscle("narrow", [(["posterior_knee"], [])]),
        muscle("wide", [(["anterior_leg"], ["posterior_knee", "anterior_knee"])]),
    ]
    guide = {"calf": ["twin_b", "twin_a"], "medial_knee": ["rare", "usual"]}
    data["pain_guide"] = {"sources": [{"source": "book", "where": "guide"}], "zones": guide}
    return load_atlas(write_yaml(data))


def ids(found):
    return [(c.muscle_id, c.side) for c in found]


def test_muscle_explaining_more_marked_zones_ranks_first(synthetic):
    found = candidates(marks("lateral_hip_right", "lateral_thigh_right"), synthetic)
    assert ids(found)[0] == ("both", "right")
    assert found[0].matches == {R("lateral_hip_right"): "essential", R("lateral_thigh_right"): "essential"}
    assert found[0].trigger_points == ("tp0", "tp1")


def test_essential_match_beats_spillover(synthetic):
    found = candidates(marks("lateral_hip_right"), synthetic)
    order = [c.muscle_id for c in found]
    assert order.index("hipper") < order.index("thigher")
    thigher = next(c for c in found if c.muscle_id == "thigher")
    assert thigher.matches == {R("lateral_hip_right"): "spillover"}


def test_intensity_weights_the_zones(synthetic):
    hip_hurts_most = candidates({R("lateral_hip_right"): 9, R("lateral_thigh_right"): 1}, synthetic)
    thigh_hurts_most = candidates({R("lateral_hip_right"): 1, R("lateral_thigh_right"): 9}, synthetic)
    assert [c.muscle_id for c in hip_hurts_most[:2]] == ["both", "hipper"]
    assert [c.muscle_id for c in thigh_hurts_most[:2]] == ["both", "thigher"]


def test_sides_are_kept_apart(synthetic):
    found = candidates(marks("lateral_hip_left"), synthetic)
    assert {c.side for c in found} == {Side.left}


def test_midline_only_match_has_no_side_and_appears_once(synthetic):
    found = candidates(marks("sacrum"), synthetic)
    assert ids(found) == [("sacral", None)]


def test_midline_and_sided_zones_combine_per_side(synthetic):
    data_found = candidates(marks("coccyx", "lateral_hip_right"), synthetic)
    assert ("sacral", None) in ids(data_found)
    assert ("hipper", "right") in ids(data_found)


def test_pain_guide_breaks_ties_and_ties_are_stable(synthetic):
    assert [c.muscle_id for c in candidates(marks("calf_left"), synthetic)] == ["twin_b", "twin_a"]
    both_calves = marks("calf_left", "calf_right")
    assert candidates(both_calves, synthetic) == candidates(both_calves, synthetic)


def test_a_pattern_on_both_sides_explains_both_sides_once(synthetic):
    found = candidates(marks("thoracolumbar_left", "thoracolumbar_right"), synthetic)
    assert ids(found) == [("crosser", None)]
    assert found[0].coverage == 1.0


def test_a_pattern_on_the_other_side_is_found_from_that_side(synthetic):
    assert ids(candidates(marks("upper_abdomen_left"), synthetic)) == [("swapper", Side.right)]


def test_an_uncommon_pattern_weighs_less_even_when_the_pain_guide_prefers_it(synthetic):
    found = candidates(marks("medial_knee_right"), synthetic)
    assert [c.muscle_id for c in found] == ["usual", "rare"]
    assert found[1].uncommon == {R("medial_knee_right")} and not found[0].uncommon


def test_explaining_every_marked_place_beats_explaining_one_strongly(synthetic):
    # narrow: the back of the knee as its main zone; wide: both marked places, each as spillover only
    found = candidates(marks("posterior_knee_right", "anterior_knee_right"), synthetic)
    assert ids(found) == [("wide", "right"), ("narrow", "right")]
    assert [c.coverage for c in found] == [1.0, 0.5]


def test_unknown_zone_raises_naming_it(synthetic):
    with pytest.raises(ValueError, match="'hip_pocket'"):
        candidates({R("lateral_hip_right"): 5, Region("hip_pocket", Side.right): 5}, synthetic)
    with pytest.raises(ValueError, match="'sacrum'"):
        candidates({"sacrum": 5}, synthetic)  # an id is not a region


def test_no_zones_gives_empty_list(synthetic):
    assert candidates({}, synthetic) == []


# Cases from the sources (Travell & Simons vol. 2; Davies), on the shipped atlas.
@pytest.mark.parametrize(
    "marked, expected_first",
    [
        # "pseudo-sciatica" down the side of the leg: anterior gluteus minimus (T&S vol. 2, Gluteus minimus)
        (["lateral_hip_right", "lateral_thigh_right", "lateral_leg_right", "lateral_ankle_right"],
         ("gluteus_minimus", "right")),
        # along the iliac crest and to the greater trochanter: superficial quadratus lumborum (T&S vol. 2, QL)
        (["iliac_crest_left", "lateral_hip_left"], ("quadratus_lumborum", "left")),
        # heel pain: soleus (T&S vol. 2, Soleus and plantaris)
        (["heel_right"], ("soleus", "right")),
        # groin and front of the thigh: iliopsoas (T&S vol. 2, Iliopsoas)
        (["groin_right", "anterior_thigh_right"], ("iliopsoas", "right")),
    ],
)
def test_shipped_atlas_ranks_textbook_cases(atlas, marked, expected_first):
    first = candidates(marks(*marked), atlas)[0]
    assert (first.muscle_id, first.side) == expected_first


def test_a_band_across_both_sides_of_the_low_back_finds_rectus_abdominis(atlas):
    # the lower rectus abdominis point refers across the low back on both sides (T&S vol. 1, Abdominal muscles)
    top = [c.muscle_id for c in candidates(marks("lumbar_left", "lumbar_right"), atlas)[:3]]
    assert "rectus_abdominis" in top


def test_low_back_alone_finds_quadratus_lumborum(atlas):
    # QL is among the most common muscular sources of low back pain (T&S vol. 2, Quadratus lumborum)
    for side in ("left", "right"):
        top = [c.muscle_id for c in candidates(marks(f"lumbar_{side}"), atlas)[:5]]
        assert "quadratus_lumborum" in top


def test_inner_knee_finds_adductor_longus_first(atlas):
    # distal adductor longus points refer to the inner knee (T&S vol. 2, Adductor longus and brevis)
    assert candidates(marks("medial_knee_right"), atlas)[0].muscle_id == "adductor_longus"


def test_the_uncommon_soleus_point_does_not_lead_for_sacroiliac_pain(atlas):
    found = candidates(marks("sacroiliac_right"), atlas)
    soleus = next(c for c in found if c.muscle_id == "soleus")
    assert found.index(soleus) >= 5
    assert soleus.uncommon == {R("sacroiliac_right")}


def test_tailbone_pain_names_pelvic_floor_and_gluteus_maximus(atlas):
    top = [c.muscle_id for c in candidates(marks("coccyx"), atlas)[:3]]
    assert {"pelvic_floor", "gluteus_maximus"} <= set(top)


def test_candidates_need_an_atlas():
    with pytest.raises(TypeError):
        candidates(marks("heel_left"))  # no hidden default content


def test_an_atlas_copied_with_other_muscles_ranks_its_own(atlas):
    without_soleus = dataclasses.replace(atlas, muscles={m: v for m, v in atlas.muscles.items() if m != "soleus"})
    assert [c.muscle_id for c in candidates(marks("heel_left"), atlas)] == ["soleus"]
    assert candidates(marks("heel_left"), without_soleus) == []


@pytest.fixture
def promoted(write_yaml):
    """The shipped content with one change: vastus lateralis's upper point sends pain to the side of the hip as
    its main zone instead of as spillover (the places it reaches, and so the pain guide, stay the same)."""
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    vastus = next(m for m in data["muscles"] if m["id"] == "vastus_lateralis")
    upper = vastus["trigger_points"][0]
    upper["spillover"].remove("lateral_hip")
    upper["essential"].append("lateral_hip")
    return load_atlas(write_yaml(data))


def test_two_atlases_rank_apart_whichever_is_asked_first(atlas, promoted):
    """Each atlas ranks by its own content: asking one, in any order, never changes what the other answers."""
    hip_and_thigh = marks("lateral_hip_right", "lateral_thigh_right")

    def answer(atlas):
        found = [(c.muscle_id, c.matches[R("lateral_hip_right")]) for c in candidates(hip_and_thigh, atlas)]
        reasons = {h.muscle_id: h.reason for h in search(atlas, "side of hip", limit=len(atlas.muscles))}
        return found, reasons["vastus_lateralis"]

    answers = [answer(a) for a in (promoted, atlas, promoted, atlas)]
    assert answers[0] == answers[2] and answers[1] == answers[3]
    (promoted_rows, promoted_reason), (shipped_rows, shipped_reason) = answers[:2]
    assert shipped_rows[2:4] == [("quadratus_lumborum", "essential"), ("vastus_lateralis", "spillover")]
    assert promoted_rows[2:4] == [("vastus_lateralis", "essential"), ("quadratus_lumborum", "essential")]
    assert shipped_reason == "Sends pain to the side of the hip (spillover zone)"
    assert promoted_reason == "Sends pain to the side of the hip (main zone)"


@pytest.mark.parametrize("spillover_first", [True, False])
def test_a_place_one_point_makes_main_and_another_spillover_is_main_when_ranked_and_drawn(write_yaml, spillover_first):
    """One rule (referral.regions_reached: essential beats spillover), two consumers: the ranking and the figure."""
    points = [(["upper_buttock"], ["lateral_hip"]), (["lateral_hip"], [])]  # spillover of one, main zone of the other
    data = copy.deepcopy(MINIMAL)
    data["muscles"] = [muscle("piriformis", points if spillover_first else points[::-1])]
    atlas = load_atlas(write_yaml(data))
    hip = R("lateral_hip_right")
    [found] = candidates(marks("lateral_hip_right"), atlas)
    assert found.matches == {hip: "essential"}
    fig = figure_geometry()
    shapes = pattern_shapes(atlas.muscles["piriformis"], Side.right, fig)
    drawings = [p.geometry for p in fig.zones if p.region == hip]
    assert drawings
    for drawn in drawings:
        assert shapes.essential.intersection(drawn).area > 0.6 * drawn.area  # filled solid
        assert not any(drawn.contains(Point(x, y)) for x, y, _ in shapes.dots)  # not stippled
