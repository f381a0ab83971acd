"""Zones, sides and regions (triggermap/zones.py): one id per region, and unknown ids refused."""

import pytest

from triggermap.zones import MIDLINE_ZONES, ZONES, Region, Side, all_regions, region_on, regions_of


def test_a_region_is_a_zone_and_a_side_with_one_id():
    hip = Region("lateral_hip", Side.right)
    assert Region.parse("lateral_hip_right") == hip and hip.id == "lateral_hip_right"
    assert Region.parse("sacrum") == Region("sacrum", None) and Region("sacrum", None).id == "sacrum"
    assert hip.label == "Lateral hip, right" and hip.name == "Side of the hip (right)"
    assert Region.parse("coccyx").label == "Coccyx" and Region.parse("coccyx").name == "Tailbone"
    assert all(Region.parse(region.id) == region for region in all_regions())


def test_regions_of_a_zone_and_on_a_side():
    assert regions_of("calf") == [Region("calf", Side.left), Region("calf", Side.right)]
    assert regions_of("perineum") == [Region("perineum", None)]
    assert region_on("coccyx", Side.left) == Region("coccyx", None)
    assert region_on("heel", Side.left) == Region("heel", Side.left)
    assert len(all_regions()) == 2 * len(ZONES) - len(MIDLINE_ZONES)


def test_sides():
    assert Side.left.other is Side.right and Side.right.other is Side.left
    assert f"{Side.left}" == str(Side.left) == "left"


@pytest.mark.parametrize("bad", ["sacrum_left", "lateral_hip", "hip_right", "", "lateral_hip_up", "Sacrum"])
def test_unknown_region_ids_are_refused(bad):
    with pytest.raises(ValueError, match=f"unknown region id '{bad}'"):
        Region.parse(bad)
