"""The present view's steps (triggermap/present.py): one step per trigger point, the client's drawing last."""

import re

from triggermap.figure import MARKED_FILL, present_svg
from triggermap.present import ON_THE_DRAWING, first_sentence, present_steps
from triggermap.zones import Region, Side

CROSS = 'stroke="#111111" stroke-width="2.6"'  # a trigger point's cross (figure.STATIC["cross"])
HIP = Region("lateral_hip", Side.right)


def test_a_step_for_the_whole_pattern_then_one_per_trigger_point(atlas):
    muscle = atlas.muscles["quadratus_lumborum"]
    steps = present_steps(atlas, muscle.id, Side.left)
    assert len(steps) == 1 + len(muscle.trigger_points)
    assert steps[0].title == "Quadratus lumborum (left)" and steps[0].svg.count(CROSS) == len(muscle.trigger_points)
    for number, (step, point) in enumerate(zip(steps[1:], muscle.trigger_points, strict=True), 1):
        assert step.title == f"Point {number} of {len(muscle.trigger_points)}: {point.name}"
        assert step.svg.count(CROSS) == 1  # only this point
        assert point.referral.startswith(step.text) and step.text.endswith(".")
        assert point.name in step.alt


def test_each_point_shows_only_its_own_pattern(atlas):
    muscle = atlas.muscles["gluteus_minimus"]
    whole = present_svg(atlas, muscle.id, Side.right)
    parts = [present_svg(atlas, muscle.id, Side.right, trigger_point=tp.id) for tp in muscle.trigger_points]
    assert len(set(parts)) == len(parts) and whole not in parts


def test_a_drawing_adds_a_last_step_with_the_marks_under_the_pattern(atlas):
    steps = present_steps(atlas, "gluteus_minimus", Side.right, {HIP: 8, Region("sacrum", None): 2})
    last = steps[-1]
    assert last.title == "On your drawing" and last.text == ON_THE_DRAWING
    opacities = [float(o) for o in re.findall(rf'fill="{MARKED_FILL}"[^>]*fill-opacity="([0-9.]+)"', last.svg)]
    assert opacities and max(opacities) > min(opacities)  # the stronger mark is darker
    assert last.svg.index(MARKED_FILL) < last.svg.index(CROSS)  # marks under the pattern's crosses


def test_no_drawing_no_drawing_step(atlas):
    assert all(step.title != "On your drawing" for step in present_steps(atlas, "piriformis", Side.right, {}))


def test_first_sentence():
    assert first_sentence("Pain in the hip. Sometimes the knee.") == "Pain in the hip."
    assert first_sentence("No full stop") == "No full stop"
