"""The ranking behind "Where does it hurt?"."""

import copy

import pytest

from triggermap import load_atlas
from triggermap.lookup import candidates
from tests.conftest import MINIMAL


def muscle(mid, points, order_name=None):
    base = copy.deepcopy(MINIMAL["muscles"][0])
    base.update(id=mid, name=order_name or mid.title())
    base["trigger_points"] = [
        {"id": f"tp{i}", "name": f"Point {i}", "location": "x", "referral": "y", "essential": ess, "spillover": spill}
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
    ]
    data["pain_guide"] = {"sources": [{"source": "book", "where": "guide"}], "zones": {"calf": ["twin_b", "twin_a"]}}
    return load_atlas(write_yaml(data))


def ids(found):
    return [(c.muscle_id, c.side) for c in found]


def test_muscle_explaining_more_marked_zones_ranks_first(synthetic):
    found = candidates(["lateral_hip_right", "lateral_thigh_right"], synthetic)
    assert ids(found)[0] == ("both", "right")
    assert found[0].matches == {"lateral_hip_right": "essential", "lateral_thigh_right": "essential"}
    assert found[0].trigger_points == ("tp0", "tp1")


def test_essential_match_beats_spillover(synthetic):
    found = candidates(["lateral_hip_right"], synthetic)
    order = [c.muscle_id for c in found]
    assert order.index("hipper") < order.index("thigher")
    thigher = next(c for c in found if c.muscle_id == "thigher")
    assert thigher.matches == {"lateral_hip_right": "spillover"}


def test_intensity_weights_the_zones(synthetic):
    hip_hurts_most = candidates({"lateral_hip_right": 9, "lateral_thigh_right": 1}, synthetic)
    thigh_hurts_most = candidates({"lateral_hip_right": 1, "lateral_thigh_right": 9}, synthetic)
    assert [c.muscle_id for c in hip_hurts_most[:2]] == ["both", "hipper"]
    assert [c.muscle_id for c in thigh_hurts_most[:2]] == ["both", "thigher"]


def test_sides_are_kept_apart(synthetic):
    found = candidates(["lateral_hip_left"], synthetic)
    assert {c.side for c in found} == {"left"}


def test_midline_only_match_has_no_side_and_appears_once(synthetic):
    found = candidates(["sacrum"], synthetic)
    assert ids(found) == [("sacral", None)]


def test_midline_and_sided_zones_combine_per_side(synthetic):
    data_found = candidates(["coccyx", "lateral_hip_right"], synthetic)
    assert ("sacral", None) in ids(data_found)
    assert ("hipper", "right") in ids(data_found)


def test_pain_guide_breaks_ties_and_ties_are_stable(synthetic):
    assert [c.muscle_id for c in candidates(["calf_left"], synthetic)] == ["twin_b", "twin_a"]
    assert candidates(["calf_left", "calf_right"], synthetic) == candidates(["calf_left", "calf_right"], synthetic)


def test_unknown_zone_raises_naming_it(synthetic):
    with pytest.raises(ValueError, match="'hip_pocket_right'"):
        candidates(["lateral_hip_right", "hip_pocket_right"], synthetic)


def test_no_zones_gives_empty_list(synthetic):
    assert candidates([], synthetic) == []


# Cases from the sources (Travell & Simons vol. 2; Davies), on the shipped atlas.
@pytest.mark.parametrize(
    "marked, expected_first",
    [
        # "pseudo-sciatica" down the side of the leg: anterior gluteus minimus (T&S vol. 2, Gluteus minimus)
        (["lateral_hip_right", "lateral_thigh_right", "lateral_leg_right", "lateral_ankle_right"], ("gluteus_minimus", "right")),
        # along the iliac crest and to the greater trochanter: superficial quadratus lumborum (T&S vol. 2, QL)
        (["iliac_crest_left", "lateral_hip_left"], ("quadratus_lumborum", "left")),
        # heel pain: soleus (T&S vol. 2, Soleus and plantaris)
        (["heel_right"], ("soleus", "right")),
        # groin and front of the thigh: iliopsoas (T&S vol. 2, Iliopsoas)
        (["groin_right", "anterior_thigh_right"], ("iliopsoas", "right")),
    ],
)
def test_shipped_atlas_ranks_textbook_cases(atlas, marked, expected_first):
    first = candidates(marked, atlas)[0]
    assert (first.muscle_id, first.side) == expected_first


def test_tailbone_pain_names_pelvic_floor_and_gluteus_maximus(atlas):
    top = [c.muscle_id for c in candidates(["coccyx"], atlas)[:3]]
    assert {"pelvic_floor", "gluteus_maximus"} <= set(top)


def test_candidates_default_to_the_shipped_atlas(atlas):
    assert candidates(["heel_left"]) == candidates(["heel_left"], atlas)
