"""The figure model (triggermap/bodymap/figure.yaml, read by triggermap/geometry.py): zones that tile the body,
muscles inside the skin, and targets a finger can tap on a phone."""

import pytest
from pydantic import ValidationError
from shapely.geometry import Point, box
from shapely.ops import unary_union

from triggermap.figure import visible_parts
from triggermap.geometry import Focus, largest_square, polygons
from triggermap.referral import regions_reached
from triggermap.zones import ZONES, Region, Side, all_regions

# A phone opens a view on its focus window, 236 units across in 358 px: about 1.5 px a unit. The muscles people
# come for must hold a 44 px square there, everything else a 24 px one; a few units spare for rounding.
SEED_MUSCLES = ("quadratus_lumborum", "gluteus_medius", "gluteus_minimus", "piriformis")
SEED_SQUARE = 32.0  # body units: 48 px
TAP_SQUARE = 19.0  # body units: 28 px


@pytest.mark.parametrize("zone", sorted(ZONES))
def test_every_zone_is_drawn_and_nothing_else(fig, zone):
    assert zone in {p.region.zone for p in fig.zones}
    assert {p.region.zone for p in fig.zones} == set(ZONES)


def test_every_region_is_drawn_as_one_solid_shape(fig):
    for placed in fig.zones:
        parts = polygons(placed.geometry)
        assert len(parts) == 1, f"{placed.region.id} in the {placed.view} view is in {len(parts)} pieces"
        assert parts[0].area > 150, f"{placed.region.id} in the {placed.view} view is a sliver"
    assert {p.region for p in fig.zones} == set(all_regions())


@pytest.mark.parametrize("view", ["back", "front", "soles"])
def test_zones_tile_their_view_without_gaps_or_overlaps(fig, view):
    zones = [p.geometry for p in fig.zones if p.view == view]
    body = fig.mapped(view)
    covered = unary_union(zones)
    assert body.difference(covered).area < 0.5, "a gap between zones"
    assert covered.difference(body).area < 0.5, "a zone outside the body"
    overlap = sum(a.intersection(b).area for i, a in enumerate(zones) for b in zones[i + 1:])
    assert overlap < 0.5


def test_the_left_side_is_the_mirror_of_the_right(fig):
    back = fig.art.views["back"].centre
    right = next(p for p in fig.zones if p.region == Region("lateral_hip", Side.right) and p.view == "back")
    left = next(p for p in fig.zones if p.region == Region("lateral_hip", Side.left) and p.view == "back")
    assert right.geometry.centroid.x > back > left.geometry.centroid.x
    assert abs((right.geometry.centroid.x - back) - (back - left.geometry.centroid.x)) < 0.5


def test_no_muscle_has_a_hole(atlas, fig):
    for muscle in atlas.muscles.values():
        outline = fig.muscle(muscle.id, muscle.view, Side.right)
        assert len(polygons(outline)) == 1 and not polygons(outline)[0].interiors, muscle.id


def test_every_muscle_lies_inside_the_body(atlas, fig):
    for muscle in atlas.muscles.values():
        outline = fig.muscle(muscle.id, muscle.view, Side.right)
        outside = outline.difference(fig.silhouette(muscle.view)).area
        assert outside < 1, f"{muscle.id}: {outside:.0f} units² drawn outside the skin"


def test_the_hamstrings_answer_in_the_middle_of_the_thigh(atlas, fig):
    hamstrings = fig.muscle("hamstrings", "back", Side.right)
    x, _ = fig.point(50, 760, "back", Side.right)
    assert hamstrings.contains(Point(x, 760))


# ---------------------------------------------------------------- on a phone: one view, cropped to its focus window


def _in_window(fig, view, shape):
    """The part of ``shape`` a phone shows in the view's focus window, or None when it shows nothing of it."""
    part = shape.intersection(fig.window(view))
    return part if part.area >= 1 else None


def test_a_focus_window_has_its_bottom_below_its_top():
    with pytest.raises(ValidationError, match="must lie below top"):
        Focus(half_width=118, top=836, bottom=385)


@pytest.mark.parametrize("view", ["back", "front"])
def test_on_a_phone_every_muscle_holds_a_square_to_tap(atlas, fig, view):
    sizes = {}
    for (muscle_id, side), shown in visible_parts(atlas, fig).items():
        part = _in_window(fig, view, shown) if atlas.muscles[muscle_id].view == view else None
        if part:
            sizes[muscle_id, side] = largest_square(part)
    assert len(sizes) >= 10
    for (muscle_id, side), size in sizes.items():
        need = SEED_SQUARE if muscle_id in SEED_MUSCLES else TAP_SQUARE
        assert size >= need, f"{muscle_id} ({side.value}): a {size:g}-unit square, {need:g} needed"
    assert {m for m, _ in sizes} >= {m for m in SEED_MUSCLES if atlas.muscles[m].view == view}


@pytest.mark.parametrize("view", ["back", "front"])
def test_on_a_phone_every_zone_holds_a_square_to_tap(fig, view):
    sizes = {p.region.id: largest_square(part) for p in fig.zones
             if p.view == view and (part := _in_window(fig, view, p.geometry))}
    assert len(sizes) > 10
    for region, size in sizes.items():
        assert size >= TAP_SQUARE, f"{region} in the {view} view: a {size:g}-unit square, {TAP_SQUARE:g} needed"


def test_largest_square():
    assert largest_square(box(3, 5, 43, 25)) == 20
    assert largest_square(box(0, 0, 30, 10).union(box(0, 0, 10, 30))) == 10, "an L holds only its arm's width"
    assert 27 <= largest_square(Point(0, 0).buffer(20)) <= 20 * 2 ** 0.5, "a disc holds a square of side r√2"
    assert largest_square(box(0, 0, 40, 40), step=4) == 40
    assert largest_square(Point(0, 0).buffer(20).difference(Point(0, 0).buffer(20))) == 0


# ---------------------------------------------------------------- the side of the body


@pytest.mark.parametrize("zone", ["lateral_hip", "lateral_thigh", "lateral_knee", "lateral_leg", "lateral_ankle"])
def test_the_outside_of_the_leg_can_be_marked_from_the_front_and_the_back(fig, zone):
    assert {p.view for p in fig.zones if p.region.zone == zone} == {"back", "front"}


@pytest.mark.parametrize(("muscle_id", "point", "view"), [
    ("tensor_fasciae_latae", None, "front"),
    ("gluteus_minimus", "anterior", "back"),
])
def test_a_lateral_pattern_is_whole_in_one_view(atlas, fig, muscle_id, point, view):
    muscle = atlas.muscles[muscle_id]
    if point:
        muscle = muscle.model_copy(update={"trigger_points": [tp for tp in muscle.trigger_points if tp.id == point]})
    drawn = {p.region for p in fig.zones if p.view == view}
    assert set(regions_reached(muscle, Side.right)) <= drawn


def test_at_most_four_translucent_layers_overlap(atlas, fig):
    """Muscles are translucent and the pattern is drawn over them: no point is under more than three muscles."""
    from itertools import combinations

    for view in ("back", "front"):
        shapes = [fig.muscle(m.id, view, s) for m in atlas.muscles.values() if m.view == view for s in Side]
        for four in combinations(shapes, 4):
            if all(a.intersects(b) for a, b in combinations(four, 2)):
                common = four[0].intersection(four[1]).intersection(four[2]).intersection(four[3])
                assert common.area < 1, f"four muscles overlap in the {view} view"
