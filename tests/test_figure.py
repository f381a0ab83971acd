"""The figure (triggermap/figure.py): the content placed on the art, and the renderings of it: the interactive
figure, the static figure for sheets and PDFs, and the client's pain drawing."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import pytest
from shapely.geometry import Point
from shapely.ops import unary_union

from triggermap.atlas import Atlas
from triggermap.figure import (
    MARK_SIZE,
    MARKED_FILL,
    MODES,
    SVG_NS,
    drawing_order,
    drawing_svg,
    figure_index,
    pattern_data,
    pattern_shapes,
    render_svg,
    static_svg,
    static_windows,
    visible_parts,
    visual_centre,
)
from triggermap.geometry import Figure, figure_geometry, path_d
from triggermap.zones import ZONES, Region, Side, all_regions

SVG = "{http://www.w3.org/2000/svg}"
SMALLEST_TAP = 5.0  # body units from a muscle's visible centre to its visible edge (about 2.5 px on a laptop)


def _tampered(atlas, muscle_id, **update):
    changed = atlas.muscles[muscle_id].model_copy(update=update)
    return dataclasses.replace(atlas, muscles={**atlas.muscles, muscle_id: changed})


def _moved_point(atlas, muscle_id, index, at):
    muscle = atlas.muscles[muscle_id]
    points = list(muscle.trigger_points)
    points[index] = points[index].model_copy(update={"at": at})
    return _tampered(atlas, muscle_id, trigger_points=points)


# ---------------------------------------------------------------- one model, tied to the content


def placement_problems(atlas: Atlas, fig: Figure | None = None) -> list[str]:
    """Content and art that disagree: a muscle or zone without art, art the content does not know,
    a trigger point outside its muscle, or two crosses of one muscle drawn on top of each other."""
    fig = fig or figure_geometry()
    problems = [f"muscle {m}: no outline in the figure file" for m in atlas.muscles if m not in fig.art.muscles]
    problems += [f"figure file: outline for {m}, which the content does not have" for m in fig.art.muscles
                 if m not in atlas.muscles]
    drawn_zones = {a.zone for a in fig.art.zones}
    problems += [f"zone {z}: not drawn in any view" for z in ZONES if z not in drawn_zones]
    problems += [f"figure file: zone {z} is not in zones.py" for z in drawn_zones if z not in ZONES]
    for muscle in atlas.muscles.values():
        if muscle.id not in fig.art.muscles:
            continue
        outline = fig.muscle(muscle.id, muscle.view, Side.right)
        marks = pattern_shapes(muscle, Side.right, fig).marks
        for mark in marks:
            if not outline.buffer(-2).contains(Point(mark.x, mark.y)):
                problems.append(f"{muscle.id}/{mark.tp}: the trigger point at {mark.x:g},{mark.y:g} "
                                "is outside the muscle")
        for i, a in enumerate(marks):
            for b in marks[i + 1:]:
                if Point(a.x, a.y).distance(Point(b.x, b.y)) < 2.8 * MARK_SIZE:  # crosses with their halos
                    problems.append(f"{muscle.id}: the crosses of {a.tp} and {b.tp} overlap")
    return problems


def test_content_and_art_agree(atlas, fig):
    assert placement_problems(atlas, fig) == []


def test_a_muscle_without_art_and_art_without_a_muscle_are_reported(atlas, fig):
    extra = atlas.muscles["piriformis"].model_copy(update={"id": "obturator_externus"})
    atlas_plus = dataclasses.replace(atlas, muscles={**atlas.muscles, "obturator_externus": extra})
    assert "muscle obturator_externus: no outline in the figure file" in placement_problems(atlas_plus, fig)
    fewer = {k: v for k, v in atlas.muscles.items() if k != "soleus"}
    assert "figure file: outline for soleus, which the content does not have" in placement_problems(
        dataclasses.replace(atlas, muscles=fewer), fig)


def test_a_trigger_point_outside_its_muscle_is_reported(atlas, fig):
    moved = _moved_point(atlas, "piriformis", 0, (10.0, 300.0))
    assert any("piriformis/lateral" in p and "outside the muscle" in p for p in placement_problems(moved, fig))


def test_two_crosses_on_top_of_each_other_are_reported(atlas, fig):
    first = atlas.muscles["quadratus_lumborum"].trigger_points[0].at
    moved = _moved_point(atlas, "quadratus_lumborum", 1, (first[0] + 3, first[1] + 3))
    assert any("overlap" in p for p in placement_problems(moved, fig))


# Anatomy, stated here rather than read from the figure file: seen from behind, a person's right side is on the
# viewer's right; seen from the front, on the viewer's left (the viewer faces them).
PERSONS_RIGHT_FROM_BEHIND_AND_IN_FRONT = {"back": +1, "front": -1}  # +1: on the viewer's right, larger x


def _xs(path: ET.Element) -> list[float]:
    """The x of every point of a drawn outline (the figure writes paths as M/L x y ... Z)."""
    return [float(x) for x in re.findall(r"[ML](-?[\d.]+) ", path.get("d"))]


def _mean_x(path: ET.Element) -> float:
    return sum(_xs(path)) / len(_xs(path))


def _views(svg: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-view"): g for g in svg.iter(f"{SVG}g") if g.get("class") == "view"}


def _midline(view: ET.Element) -> float:
    """A view's midline, from its drawn skin: halfway across the outline of the whole body."""
    xs = _xs(view.find(f"{SVG}path[@class='skin']"))
    return (min(xs) + max(xs)) / 2


def _drawn_sides(atlas, svg: ET.Element):
    """(view, side, x) for every sided muscle or zone the figure draws, x the mean of its outline's points."""
    for el in svg.iter():
        side = el.get("data-side")
        if side and el.get("data-muscle"):
            yield atlas.muscles[el.get("data-muscle")].view, side, _mean_x(el.find(f"{SVG}path[@class='outline']"))
        elif side and el.get("data-zone"):
            yield el.get("data-view"), side, _mean_x(el)


def _towards(view: str, side: str) -> int:
    """+1 when a viewer sees the person's ``side`` on their right in ``view``, -1 on their left."""
    return PERSONS_RIGHT_FROM_BEHIND_AND_IN_FRONT[view] * (1 if side == "right" else -1)


@pytest.mark.parametrize("mode", ["explore", "pain"])
def test_each_view_draws_the_persons_right_where_a_viewer_sees_it(atlas, mode):
    svg = ET.fromstring(render_svg(atlas, mode))
    views = _views(svg)
    midlines = {name: _midline(views[name]) for name in PERSONS_RIGHT_FROM_BEHIND_AND_IN_FRONT}
    checked = dict.fromkeys(midlines, 0)
    for view, side, x in _drawn_sides(atlas, svg):
        if view in midlines:
            assert _towards(view, side) * (x - midlines[view]) > 0, f"{mode}: a {side} {view}-view shape at x={x:.0f}"
            checked[view] += 1
    assert min(checked.values()) >= 10, checked
    for view, midline in midlines.items():  # and the labels under each view say so
        labels = {t.text.lower(): float(t.get("x"))
                  for t in views[view].iter(f"{SVG}text") if t.get("class") == "side-label"}
        assert set(labels) == {"left", "right"}
        assert all(_towards(view, side) * (x - midline) > 0 for side, x in labels.items()), (view, labels)


def test_views_and_depths_come_from_the_content(atlas, fig):
    order = drawing_order(atlas, fig)
    depths = [m.depth for m in order]
    assert depths == sorted(depths, key=lambda depth: depth == "deep"), "deep muscles are drawn last, over the others"
    svg = ET.fromstring(render_svg(atlas, "explore"))
    for muscle in atlas.muscles.values():
        groups = svg.findall(f".//{SVG}g[@data-muscle='{muscle.id}']")
        assert len(groups) == 2 and all(muscle.depth in g.get("class").split() for g in groups)
        x = fig.muscle(muscle.id, muscle.view, Side.right).centroid.x
        assert abs(x - fig.art.views[muscle.view].centre) < 175, f"{muscle.id} is drawn in its {muscle.view} view"


def test_a_trigger_point_is_drawn_where_the_content_puts_it(atlas, fig):
    moved = _moved_point(atlas, "piriformis", 0, (60.0, 596.0))
    mark = pattern_shapes(moved.muscles["piriformis"], Side.right, fig).marks[0]
    assert (mark.x, mark.y) == fig.point(60.0, 596.0, "back", Side.right)
    left = pattern_shapes(moved.muscles["piriformis"], Side.left, fig).marks[0]
    assert left.x == pytest.approx(2 * fig.art.views["back"].centre - mark.x) and left.y == mark.y


# ---------------------------------------------------------------- hit where it is seen


def test_every_muscle_shows_in_the_default_view_with_room_to_tap(atlas, fig):
    shown = visible_parts(atlas, fig)
    assert len(shown) == 2 * len(atlas.muscles) == 34
    for (muscle_id, side), part in shown.items():
        x, y, room = visual_centre(part)
        assert room >= SMALLEST_TAP, f"{muscle_id} ({side.value}): only {room:.1f} units around its visible centre"


def test_deep_muscles_answer_over_their_whole_outline(atlas, fig):
    shown = visible_parts(atlas, fig)
    minimus = fig.muscle("gluteus_minimus", "back", Side.right)
    assert shown[("gluteus_minimus", Side.right)].area == pytest.approx(minimus.area, rel=0.01)
    assert shown[("gluteus_medius", Side.right)].intersection(minimus).area < 1


def test_the_focus_windows_are_published_for_the_browser(atlas, fig):
    svg = ET.fromstring(render_svg(atlas, "explore"))
    focus = {g.get("data-view"): g.get("data-focus") for g in svg.iter(f"{SVG}g") if g.get("class") == "view"}
    assert focus == {"back": "132 385 236 451", "front": "632 385 236 451", "soles": None}


# ---------------------------------------------------------------- patterns as clinicians draw them


def test_the_main_area_is_solid_and_inside_the_body(atlas, fig):
    shapes = pattern_shapes(atlas.muscles["gluteus_medius"], Side.right, fig)
    body = unary_union([fig.mapped(v) for v in fig.art.views])
    assert shapes.essential.area > 1000 and shapes.essential.difference(body).area < 1


def test_spillover_is_stippled_outside_the_main_area_and_thins_out_away_from_it(atlas, fig):
    shapes = pattern_shapes(atlas.muscles["gluteus_minimus"], Side.right, fig)
    assert len(shapes.dots) > 50
    assert not any(shapes.essential.buffer(-1).contains(Point(x, y)) for x, y, _ in shapes.dots)
    near = [d for x, y, d in shapes.dots if shapes.essential.distance(Point(x, y)) < 15]
    far = [d for x, y, d in shapes.dots if shapes.essential.distance(Point(x, y)) > 45]
    assert near and far and sum(near) / len(near) > sum(far) / len(far), "dots get smaller away from the main area"


def test_a_pattern_that_reaches_both_sides_is_drawn_on_both(atlas, fig):
    shapes = pattern_shapes(atlas.muscles["rectus_abdominis"], Side.left, fig)
    lumbar = [p.geometry for p in fig.zones if p.region.zone == "lumbar"]
    assert all(shapes.essential.intersection(z).area > 0.3 * z.area for z in lumbar)


def test_the_crosses_sit_on_the_chosen_side(atlas, fig):
    centre = fig.art.views["back"].centre
    for side, sign in ((Side.right, 1), (Side.left, -1)):
        marks = pattern_shapes(atlas.muscles["quadratus_lumborum"], side, fig).marks
        assert len(marks) == 4 and all(sign * (m.x - centre) > 0 for m in marks)
        assert all(Point(a.x, a.y).distance(Point(b.x, b.y)) >= 2 * MARK_SIZE for a in marks for b in marks if a != b)


def test_the_index_holds_every_pattern_by_muscle_and_side(atlas):
    index = figure_index(atlas)
    assert [m["id"] for m in index["muscles"]] == list(atlas.muscles)
    for muscle in atlas.muscles.values():
        for side in Side:
            entry = index["patterns"][muscle.id][side.value]
            assert entry["essential"].startswith("M") and len(entry["dots"]) == 3
            assert [m["tp"] for m in entry["marks"]] == [tp.id for tp in muscle.trigger_points]
            assert [m["no_press"] for m in entry["marks"]] == [bool(tp.do_not_press) for tp in muscle.trigger_points]
    assert index["patterns"]["piriformis"]["left"] == pattern_data(atlas.muscles["piriformis"], Side.left)


# ---------------------------------------------------------------- the interactive figure


def _buttons(svg):
    return [el for el in svg.iter() if el.get("role") == "button"]


def test_modes_are_one_table(atlas):
    for name, mode in MODES.items():
        svg = ET.fromstring(render_svg(atlas, name))
        assert svg.get("data-buttons") == mode.buttons and svg.get("aria-label") == mode.label
        assert {el.get("class").split()[0] for el in _buttons(svg)} == {mode.buttons}


def test_explore_mode_makes_every_muscle_on_each_side_a_button(atlas):
    svg = ET.fromstring(render_svg(atlas, "explore"))
    labels = {el.get("aria-label") for el in _buttons(svg)}
    assert labels == {f"{m.name}, {side.value}" for m in atlas.muscles.values() for side in Side}


def test_pain_mode_reads_every_region_once(atlas):
    svg = ET.fromstring(render_svg(atlas, "pain"))
    read = _buttons(svg)[:len(all_regions())]
    assert sorted(el.get("aria-label") for el in read) == sorted(r.name for r in all_regions())
    assert read[0].get("tabindex") == "0" and read[0].get("id") == "z-thoracolumbar-right-back"
    second = _buttons(svg)[len(all_regions()):]  # the front view's drawings of the lateral zones
    assert second and all(el.get("data-view") == "front" and el.get("data-zone").startswith("lateral_")
                          for el in second)
    lateral = [el for el in _buttons(svg) if el.get("data-zone") == "lateral_thigh" and el.get("data-side") == "right"]
    assert len(lateral) == 2, "drawn in the back and the front view"
    assert all(el.get("data-side") is None for el in _buttons(svg) if el.get("data-zone") == "sacrum")


def test_muscles_are_painted_in_drawing_order_and_read_in_reading_order(atlas, fig):
    svg = ET.fromstring(render_svg(atlas, "explore"))
    layer = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "muscles")
    assert [(g.get("data-muscle"), g.get("data-side")) for g in layer] == [
        (m.id, s.value) for m in drawing_order(atlas, fig) for s in Side]
    read = layer.get("aria-owns").split()
    by_id = {g.get("id"): g for g in layer}
    assert sorted(read) == sorted(by_id)
    assert by_id[read[0]].get("tabindex") == "0"
    views = [atlas.muscles[by_id[i].get("data-muscle")].view for i in read]
    assert views == sorted(views, key=["back", "front"].index)
    assert (read.index("m-quadratus_lumborum-right") < read.index("m-quadratus_lumborum-left")
            < read.index("m-gluteus_medius-right")), "a band at a time, the person's right side first"


def test_buttons_are_named_by_what_they_are(atlas):
    piriformis = ET.fromstring(render_svg(atlas, "explore")).find(f".//{SVG}g[@id='m-piriformis-left']")
    assert (piriformis.get("data-muscle"), piriformis.get("data-side")) == ("piriformis", "left")
    pain = ET.fromstring(render_svg(atlas, "pain"))
    assert pain.find(f".//{SVG}path[@id='z-sacrum-mid-back']").get("data-zone") == "sacrum"
    hip = pain.find(f".//{SVG}path[@id='z-lateral_hip-right-front']")
    assert (hip.get("data-zone"), hip.get("data-side"), hip.get("data-view")) == ("lateral_hip", "right", "front")


@pytest.mark.parametrize("mode", list(MODES))
def test_the_figure_is_one_tab_stop_and_the_arrows_reach_every_button_of_its_view(atlas, mode):
    buttons = _buttons(ET.fromstring(render_svg(atlas, mode)))
    by_id = {el.get("id"): el for el in buttons}
    assert len(by_id) == len(buttons), "ids are unique"
    assert sorted(el.get("tabindex") for el in buttons) == ["-1"] * (len(buttons) - 1) + ["0"]

    def view(el):
        return el.get("data-view") or atlas.muscles[el.get("data-muscle")].view

    for start in buttons:
        reached, todo = {start.get("id")}, [start]
        while todo:
            el = todo.pop()
            for arrow in ("up", "down", "left", "right"):
                target = by_id.get(el.get(f"data-{arrow}"))
                if target is not None and target.get("id") not in reached:
                    assert view(target) == view(el), f"{el.get('id')}: the {arrow} arrow leaves the view"
                    reached.add(target.get("id"))
                    todo.append(target)
        assert reached == {i for i, el in by_id.items() if view(el) == view(start)}, f"from {start.get('id')}"


def test_labels_are_escaped(atlas):
    tampered = _tampered(atlas, "piriformis", name='<script>alert(1)</script> & "x"')
    markup = render_svg(tampered, "explore")
    assert "<script>" not in markup and "&lt;script&gt;" in markup


def test_unknown_mode_is_refused(atlas):
    with pytest.raises(ValueError, match="unknown figure mode"):
        render_svg(atlas, "xray")


# ---------------------------------------------------------------- the static figure for sheets and PDFs


@pytest.mark.parametrize("muscle_id", ["quadratus_lumborum", "gluteus_medius", "gluteus_minimus", "piriformis",
                                       "iliopsoas", "tensor_fasciae_latae"])
def test_static_figure_uses_inline_styles_only(atlas, muscle_id):
    markup = static_svg(atlas, muscle_id, Side.left)
    svg = ET.fromstring(markup)
    tags = {el.tag.removeprefix(SVG) for el in svg.iter()}
    assert tags <= {"svg", "path", "circle", "text"}, "no <style>, <use>, <pattern> or <defs>"
    assert not [el for el in svg.iter() if el.get("class")]
    assert all(el.get("fill") or el.get("stroke") for el in svg.iter() if el.tag != f"{SVG}svg")


def test_static_figure_shows_only_the_views_it_needs(atlas):
    def views(muscle_id):
        return {t.text for t in ET.fromstring(static_svg(atlas, muscle_id, Side.right)).iter(f"{SVG}text")}
    assert views("gluteus_minimus") == {"Back"}, "the lateral zones are drawn on the back view too"
    assert views("tensor_fasciae_latae") == {"Front"}
    assert views("soleus") == {"Back", "Soles"}


# ---------------------------------------------------------------- the client's pain drawing (for PDFs)

DRAWING = {Region("lateral_hip", Side.right): 7, Region("upper_buttock", Side.right): 5,
           Region("posterior_thigh", Side.right): 3, Region("sole", Side.left): 10}


def _view_box(svg):
    return [float(v) for v in svg.get("viewBox").split()]


def _strengths(svg):
    """(x, y, text) of each number on the drawing (every text but the view titles and Left / Right)."""
    return [(float(t.get("x")), float(t.get("y")), t.text) for t in svg.iter(f"{SVG}text") if t.text.isdigit()]


def test_the_pain_drawing_fills_every_marked_place_in_each_view_that_draws_it_with_its_strength(fig):
    svg = ET.fromstring(drawing_svg(DRAWING))
    filled = {el.get("d") for el in svg.iter(f"{SVG}path") if el.get("fill") == MARKED_FILL}
    places = [p for p in fig.zones if p.region in DRAWING]
    assert {p.view for p in places if p.region == Region("lateral_hip", Side.right)} == {"back", "front"}
    assert filled == {path_d(p.geometry) for p in places}
    assert {t.text for t in svg.iter(f"{SVG}text") if not t.text.isdigit()} == {
        "Back", "Front", "Soles", "Left", "Right"}
    numbers = _strengths(svg)
    assert len(numbers) == len(places)
    for place in places:
        x, y, _ = visual_centre(place.geometry)
        assert any(text == str(DRAWING[place.region]) and abs(nx - x) < 1 and abs(ny - y) < 10
                   for nx, ny, text in numbers), place


def test_a_stronger_mark_is_filled_darker(fig):
    levels = dict(zip([Region(z, Side.right) for z in ("lumbar", "upper_buttock", "lower_buttock", "calf")],
                      (0, 3, 7, 10), strict=True))
    svg = ET.fromstring(drawing_svg(levels))
    by_path = {el.get("d"): float(el.get("fill-opacity")) for el in svg.iter(f"{SVG}path")
               if el.get("fill") == MARKED_FILL}
    opacity = [by_path[path_d(p.geometry)] for region in levels for p in fig.zones if p.region == region]
    assert opacity == sorted(opacity) and len(set(opacity)) == 4 and opacity[-1] >= 0.8


def test_the_pain_drawing_uses_inline_styles_only():
    svg = ET.fromstring(drawing_svg(DRAWING))
    assert {el.tag.removeprefix(SVG) for el in svg.iter()} <= {"svg", "path", "rect", "text"}
    assert not [el for el in svg.iter() if el.get("class") or el.get("style")]
    assert all(el.get("fill") or el.get("stroke") for el in svg.iter() if el.tag != f"{SVG}svg")


def test_the_pain_drawing_is_cropped_to_the_marks_but_keeps_the_low_back_and_hip(fig):
    def band(marked):
        _, top, _, height = _view_box(ET.fromstring(drawing_svg(marked)))
        return top, top + height

    window = fig.window("back").bounds
    low_back = band({Region("lumbar", Side.left): 4})
    assert low_back[0] <= window[1] and window[3] <= low_back[1] < fig.art.height * 0.8, "the window, not the legs"
    calf = next(p.geometry.bounds for p in fig.zones if p.region == Region("calf", Side.left))
    with_calf = band({Region("lumbar", Side.left): 4, Region("calf", Side.left): 6})
    assert with_calf[0] == low_back[0] and with_calf[1] >= calf[3]


def test_the_drawing_puts_left_and_right_where_each_view_shows_them():
    svg = ET.fromstring(drawing_svg({Region("lateral_hip", Side.left): 2}))
    titles = [(t.text, float(t.get("x"))) for t in svg.iter(f"{SVG}text") if not t.text.isdigit()]
    left_to_right = [text for text, _ in sorted(titles, key=lambda t: t[1])]
    assert left_to_right == ["Left", "Back", "Right", "Right", "Front", "Left"], "the front view is mirrored"


def test_an_empty_drawing_is_the_back_views_window_without_marks(fig):
    svg = ET.fromstring(drawing_svg({}))
    assert {t.text for t in svg.iter(f"{SVG}text")} == {"Back", "Left", "Right"}
    assert not [el for el in svg.iter() if el.get("fill") == MARKED_FILL or el.tag == f"{SVG}rect"]
    _, top, _, height = _view_box(svg)
    x0, y0, x1, y1 = fig.window("back").bounds
    assert top <= y0 and y1 <= top + height < fig.art.height * 0.8


# ---- the figure's print windows (figure.static_windows) ------------------------------------------------


def test_the_print_windows_cover_the_muscle_its_crosses_and_the_views_the_static_figure_shows(atlas):
    fig = figure_geometry()
    for muscle in atlas.muscles.values():
        for side in Side:
            windows = static_windows(atlas, muscle.id, side)
            titles = {t.text for t in ET.fromstring(static_svg(atlas, muscle.id, side)).iter(f"{{{SVG_NS}}}text")}
            assert {fig.art.views[v].title for v in windows} == titles, muscle.id
            x0, y0, x1, y1 = windows[muscle.view]
            for mark in pattern_shapes(muscle, side, fig).marks:
                assert x0 <= mark.x <= x1 and y0 <= mark.y <= y1, (muscle.id, mark.tp)
            for view, (x0, y0, x1, y1) in windows.items():
                bx0, by0, bx1, by1 = fig.silhouette(view).bounds
                assert bx0 <= x0 < x1 <= bx1 and by0 <= y0 < y1 <= by1, (muscle.id, view)
                if fig.window(view) is not None:
                    fx0, fy0, fx1, fy1 = fig.window(view).bounds
                    assert x0 <= fx0 and y0 <= fy0 and fx1 <= x1 and fy1 <= y1, "the focus window is kept"
