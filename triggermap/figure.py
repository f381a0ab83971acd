"""The body-map figure, drawn from the figure model (triggermap.geometry) and the content.

Renderings of one model:
- ``render_svg(atlas, mode)``: the interactive figure, muscles or zones as buttons (see ``MODES``), each with its
  arrow-key neighbours and read in the order of ``triggermap.keyboard``;
- ``figure_index(atlas)``: every muscle's referral pattern on each side, drawn in the browser on a click;
- ``static_svg(atlas, muscle_id, side)``: one muscle's pattern with inline styles only, for sheets and PDFs;
- ``compare_svg(atlas, picks)``: two or three patterns on one figure, each in its own colour and hatch;
- ``present_svg(atlas, muscle_id, side, ...)``: a pattern (or one trigger point's) cropped large, for showing a client;
- ``drawing_svg(marked)``: a client's pain drawing with the strength of each mark, inline styles only, for PDFs.

Labels come from the atlas and are escaped by the XML serializer, so content never reaches the browser as markup.
"""

from __future__ import annotations

import hashlib
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from shapely.geometry import Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel, unary_union

from triggermap.atlas import Atlas, load_atlas
from triggermap.geometry import Figure, Placed, figure_geometry, hatch, path_d, polygons, solid
from triggermap.keyboard import Spot, neighbours, reading_order
from triggermap.models import Muscle
from triggermap.referral import ESSENTIAL, regions_reached
from triggermap.zones import Region, Side

CSS_PATH = files("triggermap") / "bodymap" / "bodymap.css"
SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)

STIPPLE_STEP = 6.0  # body units between stipple dots
DOT_SIZES = (1.1, 1.8, 2.6)  # dot diameters, from the faint edge of a spillover area to next to the main area
MARK_SIZE = 7.0  # half the width of a trigger-point cross
TITLE_Y = 22  # where the view titles sit
SIDE_LABEL_Y = 1196
SIDE_LABEL_U = 80  # how far from the midline a cropped figure puts Left and Right, beside its title
CROP_MARGIN = 40  # body units kept above and below what a cropped figure must show
MARKED_FILL = "#e08a00"  # a client's own marks, under a pattern drawn in the usual red
PATTERN_RED = "#b3261e"


@dataclass(frozen=True)
class Mode:
    """One way the figure is used: which shapes are buttons, and what it is called."""

    buttons: str  # "muscle" or "zone"
    label: str
    legend: tuple[tuple[str, str], ...]  # (swatch, words) under the figure's controls


MODES = {
    "explore": Mode("muscle", "Body map: muscles, back and front views", (
        ("cross", "Trigger point"),
        ("no_press", "Trigger point: do not press yourself"),
        ("essential", "Main pain area"),
        ("spillover", "Spillover (dots thin out where it is felt less)"),
        ("deep", "Deep muscle (lies under others, drawn dashed)"),
    )),
    "pain": Mode("zone", "Pain drawing: places on the back, front and soles", (
        ("marked", "Where you marked pain (darker = stronger)"),
        ("overlay", "Chosen muscle: main pain area"),
        ("spillover", "Its spillover"),
        ("cross", "Its trigger points"),
        ("no_press", "Do not press yourself"),
    )),
}


def _el(parent: ET.Element | None, tag: str, **attrs: str) -> ET.Element:
    attrs = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
    name = f"{{{SVG_NS}}}{tag}"
    return ET.Element(name, attrs) if parent is None else ET.SubElement(parent, name, attrs)


def drawing_order(atlas: Atlas, fig: Figure) -> list[Muscle]:
    """Muscles in the order they are drawn: superficial ones first, then the deep ones over them, dashed,
    as anatomical drawings show a muscle through the ones that cover it. A click selects what is on top,
    so a deep muscle answers over its whole outline and would otherwise be a sliver at the edge of the
    muscle above it.

    Within a depth the figure file's order decides (a muscle that lies over another comes later).
    """
    art = list(fig.art.muscles)
    return sorted(atlas.muscles.values(), key=lambda m: (m.depth == "deep", art.index(m.id)))


# ---- the interactive figure --------------------------------------------------------------------


def render_svg(atlas: Atlas, mode: str) -> str:
    """The figure as inline SVG markup with buttons for ``mode`` (a key of MODES)."""
    if mode not in MODES:
        raise ValueError(f"unknown figure mode {mode!r}; expected one of {tuple(MODES)}")
    fig = figure_geometry()
    root = _el(None, "svg", viewBox=f"0 0 {fig.art.width:g} {fig.art.height:g}", role="group",
               aria_label=MODES[mode].label)
    root.set("class", "bodymap")
    root.set("data-buttons", MODES[mode].buttons)
    _el(root, "style").text = CSS_PATH.read_text(encoding="utf-8")
    _body(root, fig)
    _muscles(root, atlas, fig, buttons=MODES[mode].buttons == "muscle")
    _zones(root, fig, buttons=MODES[mode].buttons == "zone")
    _el(root, "g", class_="pattern", aria_hidden="true")
    _el(root, "g", class_="marks", aria_hidden="true")
    return ET.tostring(root, encoding="unicode")


def _body(root: ET.Element, fig: Figure) -> None:
    for name, view in fig.art.views.items():
        group = _el(root, "g", class_="view", data_view=name, aria_hidden="true")
        window = fig.window(name)
        if window is not None:  # the viewBox a phone opens this view on
            x0, y0, x1, y1 = window.bounds
            group.set("data-focus", f"{x0:g} {y0:g} {x1 - x0:g} {y1 - y0:g}")
        _el(group, "path", class_="skin", d=path_d(fig.silhouette(name)))
        _el(group, "path", class_="landmark", d="".join(path_d(line) for line in fig.landmarks(name)))
        title_y = TITLE_Y if view.top == 0 else view.top - 42
        _el(group, "text", class_="view-title", x=f"{view.centre:g}", y=f"{title_y:g}").text = view.title
        if view.top == 0:
            for side in Side:
                x, _ = fig.point(130, 0, name, side)
                _el(group, "text", class_="side-label", x=f"{x:g}", y=f"{SIDE_LABEL_Y}").text = side.value.title()


def _button(el: ET.Element, button_id: str, label: str) -> None:
    el.set("id", button_id)
    el.set("role", "button")
    el.set("tabindex", "-1")  # the figure is one tab stop (see _keys); arrow keys move inside it
    el.set("aria-label", label)
    el.set("aria-pressed", "false")
    _el(el, "title").text = label


def _keys(layer: ET.Element, spots: list[Spot], first: Spot) -> None:
    """The buttons of ``layer`` learn their arrow-key neighbours, and ``first`` becomes the figure's one tab stop
    (triggermap_app/bodymap.js moves it as the arrows move the focus)."""
    buttons = {el.get("id"): el for el in layer}
    for button_id, arrows in neighbours(spots).items():
        for arrow, target in arrows.items():
            buttons[button_id].set(f"data-{arrow}", target)
    buttons[first.id].set("tabindex", "0")


def _rights(fig: Figure) -> dict[str, int]:
    return {name: view.right for name, view in fig.art.views.items()}


def _muscle_id(muscle_id: str, side: Side) -> str:
    return f"m-{muscle_id}-{side.value}"


def _zone_id(placed: Placed) -> str:
    side = placed.region.side.value if placed.region.side else "mid"
    return f"z-{placed.region.zone}-{side}-{placed.view}"


def _muscles(root: ET.Element, atlas: Atlas, fig: Figure, buttons: bool) -> None:
    """The muscles in painting order (what is drawn last takes the click); as buttons they are read in reading
    order, which ``aria-owns`` gives screen readers without changing what is painted on top."""
    layer = _el(root, "g", class_="muscles")
    if not buttons:
        layer.set("aria-hidden", "true")
    for muscle in drawing_order(atlas, fig):
        for side in Side:
            group = _el(layer, "g", class_=f"muscle {muscle.depth}", data_muscle=muscle.id, data_side=side.value)
            _el(group, "path", class_="outline", d=path_d(fig.muscle(muscle.id, muscle.view, side)))
            fibres = "".join(path_d(line) for line in fig.fibres(muscle.id, muscle.view, side))
            if fibres:
                _el(group, "path", class_="fibres", d=fibres)
            if buttons:
                _button(group, _muscle_id(muscle.id, side), f"{muscle.name}, {side.value}")
    if buttons:
        spots = [Spot(_muscle_id(muscle_id, side), atlas.muscles[muscle_id].view, *visual_centre(shown)[:2])
                 for (muscle_id, side), shown in visible_parts(atlas, fig).items()]
        order = reading_order(spots, _rights(fig))
        layer.set("aria-owns", " ".join(spot.id for spot in order))
        _keys(layer, spots, order[0])


def _zones(root: ET.Element, fig: Figure, buttons: bool) -> None:
    """The zones in reading order (they never overlap, so the order they are painted in does not matter).

    A lateral zone drawn in two views is read once, where its first drawing falls; the second drawing comes
    after all the others and answers only to the arrow keys of its own view.
    """
    layer = _el(root, "g", class_="zones")
    if not buttons:
        layer.set("aria-hidden", "true")
    placed = {_zone_id(p): p for p in fig.zones}
    spots = [Spot(zone_id, p.view, *visual_centre(p.geometry)[:2]) for zone_id, p in placed.items()]
    first_drawings = {}
    for spot in spots:
        first_drawings.setdefault(placed[spot.id].region, spot)
    order = reading_order(first_drawings.values(), _rights(fig))
    order += reading_order([spot for spot in spots if spot not in order], _rights(fig))
    for spot in order:
        region = placed[spot.id].region
        el = _el(layer, "path", class_="zone", d=path_d(placed[spot.id].geometry), data_zone=region.zone,
                 data_view=spot.view)
        if region.side:
            el.set("data-side", region.side.value)
        if buttons:
            _button(el, spot.id, region.name)
    if buttons:
        _keys(layer, spots, order[0])


# ---- referral patterns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A trigger point's cross on the canvas."""

    tp: str
    x: float
    y: float
    no_press: bool


@dataclass(frozen=True)
class PatternShapes:
    """One muscle's referral pattern on one side, as canvas geometry."""

    essential: BaseGeometry  # solid, smoothed
    spillover: BaseGeometry  # the spillover zones less the essential area
    dots: tuple[tuple[float, float, float], ...]  # stippled spillover: (x, y, diameter)
    marks: tuple[Mark, ...]
    outline: BaseGeometry  # the muscle itself


def pattern_shapes(muscle: Muscle, side: Side, fig: Figure | None = None) -> PatternShapes:
    """Where ``muscle`` on ``side`` sends pain, drawn the way clinicians draw it.

    Each view's essential regions become one solid shape, their union with the corners rounded off and
    kept inside the body; the spillover regions around it are stippled, densest next to the main area
    and thinning toward their far edge. The crosses sit where the content places each trigger point.
    """
    fig = fig or figure_geometry()
    reached = regions_reached(muscle, side)
    essential, spillover, dots = [], [], []
    for view in fig.art.views:
        shown = {p.region: p.geometry for p in fig.zones if p.view == view and p.region in reached}
        main = _rounded([g for r, g in shown.items() if reached[r].kind == ESSENTIAL], fig.mapped(view))
        spill = solid(unary_union([g for r, g in shown.items() if reached[r].kind != ESSENTIAL]).difference(main))
        essential.append(main)
        spillover.append(spill)
        dots += _stipple(spill, main)
    marks = tuple(
        Mark(tp.id, *fig.point(*tp.at, muscle.view, side), no_press=bool(tp.do_not_press))
        for tp in muscle.trigger_points
    )
    outline = fig.muscle(muscle.id, muscle.view, side)
    return PatternShapes(unary_union(essential), unary_union(spillover), tuple(dots), marks, outline)


def _rounded(zones: list[BaseGeometry], body: BaseGeometry) -> BaseGeometry:
    """One organic shape from zone tiles: inner corners filled, outer corners rounded off, a little inside
    the body outline. Strips narrower than 16 units (none of the zones) would not survive the rounding."""
    if not zones:
        return Polygon()
    merged = unary_union(zones).buffer(16, quad_segs=8).buffer(-24, quad_segs=8).buffer(8, quad_segs=8)
    return merged.intersection(body.buffer(-2.5))


def _jitter(x: float, y: float) -> tuple[float, float, float]:
    """Three fixed pseudo-random numbers in [0, 1) for a grid point, so the stipple is the same on every run."""
    digest = hashlib.blake2b(f"{x:.1f},{y:.1f}".encode(), digest_size=6).digest()
    return digest[0] / 256, digest[1] / 256, int.from_bytes(digest[2:], "big") / 2**32


def _stipple(area: BaseGeometry, main: BaseGeometry) -> list[tuple[float, float, float]]:
    if area.is_empty:
        return []
    dots = []
    x0, y0, x1, y1 = area.bounds
    y = y0
    while y <= y1:
        x = x0 + (STIPPLE_STEP / 2 if round((y - y0) / STIPPLE_STEP) % 2 else 0)
        while x <= x1:
            jx, jy, keep = _jitter(x, y)
            point = Point(x + (jx - 0.5) * STIPPLE_STEP * 0.7, y + (jy - 0.5) * STIPPLE_STEP * 0.7)
            if area.contains(point):
                near = 1.0 if main.is_empty else max(0.0, 1 - main.distance(point) / 80)
                edge = min(1.0, area.boundary.distance(point) / 10)
                density = 0.25 + 0.75 * near * edge
                if keep < density:
                    dots.append((round(point.x, 1), round(point.y, 1), DOT_SIZES[min(2, int(density * 3))]))
            x += STIPPLE_STEP
        y += STIPPLE_STEP * 0.87
    return dots


def _dots_d(dots, size: float) -> str:
    """Dots of one size as one path of zero-length strokes (drawn with round caps)."""
    return "".join(f"M{x:g} {y:g}h0" for x, y, d in dots if d == size)


def figure_index(atlas: Atlas) -> dict:
    """What the explorer and the pain drawing need besides the SVG: the muscle list and every pattern.

    ``patterns[muscle][side]`` holds SVG path data, so the browser draws a pattern the moment a muscle is
    chosen, before the server has answered. Drawing every pattern takes about a second: the app builds this
    once per atlas and keeps the JSON (triggermap_app/figure_files.py).
    """
    fig = figure_geometry()
    patterns = {m.id: {side.value: pattern_data(m, side, fig) for side in Side} for m in atlas.muscles.values()}
    return {"muscles": [{"id": m.id, "name": m.name} for m in atlas.muscles.values()], "patterns": patterns}


def pattern_data(muscle: Muscle, side: Side, fig: Figure | None = None) -> dict:
    """One pattern of ``figure_index``: the main area and the stipple as SVG path data, and the crosses."""
    shapes = pattern_shapes(muscle, side, fig)
    return {
        "essential": path_d(shapes.essential),
        "dots": [_dots_d(shapes.dots, size) for size in DOT_SIZES],
        "marks": [{"tp": m.tp, "x": round(m.x, 1), "y": round(m.y, 1), "no_press": m.no_press} for m in shapes.marks],
    }


# ---- one muscle, inline styles (for sheets and PDFs) ------------------------------------------

STATIC = {
    "skin": {"fill": "#f6e9df", "stroke": "#7d5b48", "stroke-width": "1.4"},
    "landmark": {"fill": "none", "stroke": "#b89a86", "stroke-width": "0.8"},
    "superficial": {"fill": "#e9cfc4", "stroke": "#c5a496", "stroke-width": "0.6"},  # muscles, by depth
    "deep": {"fill": "#c9cbe6", "fill-opacity": "0.25", "stroke": "#8d90b8", "stroke-width": "0.6",
             "stroke-dasharray": "4 2.5"},
    "chosen": {"fill": "none", "stroke": "#1d2b36", "stroke-width": "2.2"},
    "essential": {"fill": PATTERN_RED, "fill-opacity": "0.85", "stroke": "none"},
    "dot": {"fill": "#8c1d18", "stroke": "none"},
    "cross": {"stroke": "#111111", "stroke-width": "2.6", "stroke-linecap": "round", "fill": "none"},
    "halo": {"stroke": "#ffffff", "stroke-width": "5.5", "stroke-linecap": "round", "fill": "none"},
    "no_press": {"stroke": "#111111", "stroke-width": "2.2", "fill": "#ffffff"},
    "title": {"font-family": "Helvetica, Arial, sans-serif", "font-size": "20", "font-weight": "bold",
              "fill": "#3b2b22", "text-anchor": "middle"},
    "zone": {"fill": "none", "stroke": "#b9a194", "stroke-width": "0.7", "stroke-dasharray": "3 2"},
    "side": {"font-family": "Helvetica, Arial, sans-serif", "font-size": "15", "fill": "#6b5446",
             "text-anchor": "middle"},
}


def static_svg(atlas: Atlas, muscle_id: str, side: Side) -> str:
    """One muscle's pattern on one side as standalone SVG: inline styles only (no classes, <style>, <use> or
    <pattern>), so a PDF library can draw it. Shows only the views the muscle or its pattern appear in."""
    fig = figure_geometry()
    muscle = atlas.muscles[muscle_id]
    shapes = pattern_shapes(muscle, side, fig)
    root = _static_body(atlas, fig, _views_needed(fig, muscle, side))
    _static_pattern(root, shapes)
    return ET.tostring(root, encoding="unicode")


def _static_pattern(root: ET.Element, shapes: PatternShapes) -> None:
    _styled(root, "path", "essential", d=path_d(shapes.essential))
    for x, y, diameter in shapes.dots:
        _styled(root, "circle", "dot", cx=f"{x:g}", cy=f"{y:g}", r=f"{diameter / 2:g}")
    _styled(root, "path", "chosen", d=path_d(shapes.outline))
    for mark in shapes.marks:
        _static_mark(root, mark)


def present_svg(atlas: Atlas, muscle_id: str, side: Side, trigger_point: str | None = None,
                marked: dict[Region, int] | None = None) -> str:
    """For showing a client: one muscle's pattern, or one trigger point's (``trigger_point``), cropped to where it
    is drawn so it fills the screen; with ``marked`` ({region: 0-10}) the client's own marks under it."""
    fig = figure_geometry()
    muscle = atlas.muscles[muscle_id]
    if trigger_point:
        shown = [tp for tp in muscle.trigger_points if tp.id == trigger_point]
        muscle = muscle.model_copy(update={"trigger_points": shown})
    places = [p for p in fig.zones if p.region in (marked or {})]
    needed = set(_views_needed(fig, muscle, side)) | {p.view for p in places}
    views = [v for v in fig.art.views if v in needed]
    shapes = _within(pattern_shapes(muscle, side, fig), _columns(fig, views))
    root = _cropped_body(atlas, fig, views,
                         [shapes.essential, shapes.spillover, shapes.outline, *(p.geometry for p in places)])
    _marked_places(root, places, marked)
    if places:  # hatched, so the marks under it show through
        _hatched(root, shapes.spillover, PATTERN_RED, 45, "spillover")
        _hatched(root, shapes.essential, PATTERN_RED, 45, ESSENTIAL)
        _styled(root, "path", "chosen", d=path_d(shapes.outline))
        for mark in shapes.marks:
            _static_mark(root, mark)
    else:
        _static_pattern(root, shapes)
    return ET.tostring(root, encoding="unicode")


def marked_opacity(level: int) -> float:
    """How opaque a marked place is filled for a strength of 0-10: darker the stronger."""
    return round(0.25 + 0.06 * level, 2)


def _marked_places(root: ET.Element, places: list[Placed], marked: dict[Region, int]) -> None:
    for place in places:
        _el(root, "path", d=path_d(place.geometry), fill=MARKED_FILL, stroke=MARKED_FILL,
            **{"fill-opacity": f"{marked_opacity(marked[place.region]):.2f}", "stroke-width": "1"})


# ---- the client's pain drawing, inline styles (for the record and the care plan) -------------------------

STRENGTH_TEXT = {"font-family": "Helvetica, Arial, sans-serif", "font-size": "16", "font-weight": "bold",
                 "text-anchor": "middle", "fill": "#1d2b36"}
STRENGTH_HALO = {"fill": "#ffffff", "fill-opacity": "0.9", "stroke": "#a45f00", "stroke-width": "0.8"}


def drawing_svg(marked: dict[Region, int]) -> str:
    """A client's pain drawing ({region: strength 0-10}) as standalone SVG, inline styles only: each view that
    draws a marked place (a place on the side of the leg is drawn in the back and the front view), cropped to
    the marks with a margin but never to less than the view's low back and hip window, each marked place filled
    darker the stronger it is, with the strength as a number on it. Nothing marked: the back view's window.
    The places that can be marked are outlined faintly, as on the pain page; the muscles are left out."""
    fig = figure_geometry()
    places = [p for p in fig.zones if p.region in marked]
    needed = {p.view for p in places} or {next(iter(fig.art.views))}  # the back view, first in the figure file
    views = [v for v in fig.art.views if v in needed]
    windows = [window for v in views if (window := fig.window(v)) is not None]
    root = _cropped_body(None, fig, views, [*windows, *(p.geometry for p in places)], sides=True)
    for view in views:
        _styled(root, "path", "zone", d="".join(path_d(p.geometry) for p in fig.zones if p.view == view))
    _marked_places(root, places, marked)
    for place in places:
        _strength(root, place.geometry, marked[place.region])
    return ET.tostring(root, encoding="unicode")


def _strength(root: ET.Element, place: BaseGeometry, level: int) -> None:
    """``level`` at the place's visual centre on a small white label (a shape, so a PDF's text holds it once)."""
    x, y, _ = visual_centre(place)
    width, height = 10 + 9.5 * len(str(level)), 20
    _el(root, "rect", x=f"{x - width / 2:.1f}", y=f"{y - height / 2:.1f}", width=f"{width:g}", height=f"{height:g}",
        rx=f"{height / 2:g}", **STRENGTH_HALO)
    baseline = y + 0.36 * float(STRENGTH_TEXT["font-size"])
    _el(root, "text", x=f"{x:.1f}", y=f"{baseline:.1f}", **STRENGTH_TEXT).text = str(level)


def _columns(fig: Figure, views: list[str]) -> BaseGeometry:
    """The canvas columns ``views`` are drawn in."""
    return unary_union([box(fig.art.views[v].centre - 175, 0, fig.art.views[v].centre + 175, fig.art.height)
                        for v in views])


def _within(shapes: PatternShapes, area: BaseGeometry) -> PatternShapes:
    """The parts of a pattern inside ``area``: a figure that leaves a view out must not show that view's shapes."""
    return PatternShapes(
        shapes.essential.intersection(area), shapes.spillover.intersection(area),
        tuple(dot for dot in shapes.dots if area.contains(Point(dot[0], dot[1]))),
        tuple(mark for mark in shapes.marks if area.contains(Point(mark.x, mark.y))),
        shapes.outline.intersection(area),
    )


def _cropped_body(atlas: Atlas | None, fig: Figure, views: list[str], drawn: list[BaseGeometry],
                  sides: bool = False) -> ET.Element:
    """The body of ``views``, cropped to the band of the canvas that ``drawn`` covers, with a margin."""
    _, y0, _, y1 = unary_union(drawn).bounds
    top, bottom = max(0, y0 - CROP_MARGIN - TITLE_Y), min(fig.art.height, y1 + CROP_MARGIN)
    return _static_body(atlas, fig, views, top, bottom, sides)


def _static_body(atlas: Atlas | None, fig: Figure, views: list[str], top: float = 0, bottom: float | None = None,
                 sides: bool = False) -> ET.Element:
    """An <svg> with the body, landmarks and muscles (none without an atlas) of ``views``, side by side, and their
    titles; ``top`` and ``bottom`` crop it to a band of the canvas; ``sides`` puts the body's Left and Right
    beside the titles of the back and front views."""
    left = min(fig.art.views[v].centre - 175 for v in views)
    right = max(fig.art.views[v].centre + 175 for v in views)
    height = (fig.art.height if bottom is None else bottom) - top
    root = _el(None, "svg", viewBox=f"{left:g} {top:g} {right - left:g} {height:g}",
               width=f"{right - left:g}", height=f"{height:g}")
    for view in views:
        _styled(root, "path", "skin", d=path_d(fig.silhouette(view)))
        if landmarks := "".join(path_d(line) for line in fig.landmarks(view)):  # fpdf2 refuses an empty path
            _styled(root, "path", "landmark", d=landmarks)
        for other in drawing_order(atlas, fig) if atlas else ():
            if other.view == view:
                _styled(root, "path", other.depth, d="".join(path_d(fig.muscle(other.id, view, s)) for s in Side))
        title = fig.art.views[view]
        title_y = TITLE_Y if title.top == 0 else title.top - 42
        y = max(title_y, top + TITLE_Y)
        _styled(root, "text", "title", x=f"{title.centre:g}", y=f"{y:g}").text = title.title
        for side in Side if sides and title.top == 0 else ():
            x, _ = fig.point(SIDE_LABEL_U, 0, view, side)
            _styled(root, "text", "side", x=f"{x:g}", y=f"{y:g}").text = side.value.title()
    return root


def _views_needed(fig: Figure, muscle: Muscle, side: Side) -> list[str]:
    """The muscle's own view, and any other view that shows part of its pattern the first one does not."""
    reached = set(regions_reached(muscle, side))
    drawn = {view: {p.region for p in fig.zones if p.view == view} for view in fig.art.views}
    missing = reached - drawn[muscle.view]
    return [v for v in fig.art.views if v == muscle.view or drawn[v] & missing]


def static_windows(atlas: Atlas, muscle_id: str, side: Side, margin: float = 24.0) -> dict[str, tuple[float, ...]]:
    """Where to crop each view ``static_svg`` draws, for print: canvas (x0, y0, x1, y1) of the view's focus
    window (or the whole view without one), grown to take in the muscle, its pattern and its crosses."""
    fig = figure_geometry()
    muscle = atlas.muscles[muscle_id]
    shapes = pattern_shapes(muscle, side, fig)
    spots = [Point(x, y) for x, y, _ in shapes.dots] + [Point(mark.x, mark.y) for mark in shapes.marks]
    drawn = unary_union([shapes.essential, shapes.outline, *spots])
    windows = {}
    for view in _views_needed(fig, muscle, side):
        body = fig.silhouette(view)
        seen = drawn.intersection(body.buffer(margin)).buffer(margin)
        window = unary_union([fig.window(view) or body, seen]).intersection(body.envelope)
        windows[view] = window.bounds
    return windows


def _styled(parent: ET.Element, tag: str, style: str, **attrs: str) -> ET.Element:
    return _el(parent, tag, **attrs, **STATIC[style])


def _static_mark(root: ET.Element, mark: Mark) -> None:
    s = MARK_SIZE
    if mark.no_press:
        _styled(root, "circle", "no_press", cx=f"{mark.x:g}", cy=f"{mark.y:g}", r=f"{s:g}")
        _styled(root, "path", "cross", d=f"M{mark.x - s * 0.7:g} {mark.y:g}h{s * 1.4:g}")
        return
    cross = f"M{mark.x - s:g} {mark.y - s:g}l{2 * s:g} {2 * s:g}M{mark.x - s:g} {mark.y + s:g}l{2 * s:g} {-2 * s:g}"
    _styled(root, "path", "halo", d=cross)
    _styled(root, "path", "cross", d=cross)


# ---- two or three patterns on one figure (compare) ----------------------------------------------------

# Okabe-Ito colours, which colour-blind people tell apart; the hatch angle tells them apart in grey.
COMPARE_STYLES = (("#0072B2", 45), ("#D55E00", -45), ("#009E73", 0))
HATCH_GAP = {"essential": 5.0, "spillover": 11.0}  # body units between hatch lines: dense for the main zone


def compare_svg(atlas: Atlas, picks: list[tuple[str, Side]]) -> str:
    """Up to three muscles' patterns on one figure, inline styles only: each in its own colour and hatch angle,
    the main pain zone densely hatched, spillover sparsely with a dashed edge, trigger points numbered."""
    fig = figure_geometry()
    chosen = [(atlas.muscles[muscle_id], side) for muscle_id, side in picks]
    needed = {view for muscle, side in chosen for view in _views_needed(fig, muscle, side)}
    views = [view for view in fig.art.views if view in needed]
    patterns = [_within(pattern_shapes(muscle, side, fig), _columns(fig, views)) for muscle, side in chosen]
    root = _cropped_body(atlas, fig, views,
                         [shape for p in patterns for shape in (p.essential, p.spillover, p.outline)])
    for kind in ("spillover", ESSENTIAL):  # every main zone over every spillover, whichever muscle it belongs to
        for pattern, (colour, angle) in zip(patterns, COMPARE_STYLES, strict=False):
            _hatched(root, getattr(pattern, kind), colour, angle, kind)
    for pattern, (colour, _) in zip(patterns, COMPARE_STYLES, strict=False):
        _el(root, "path", d=path_d(pattern.outline), fill="none", stroke=colour, **{"stroke-width": "2.4"})
    for number, (pattern, (colour, _)) in enumerate(zip(patterns, COMPARE_STYLES, strict=False), 1):
        for mark in pattern.marks:
            _numbered_mark(root, mark, colour, number)
    return ET.tostring(root, encoding="unicode")


def _hatched(root: ET.Element, area: BaseGeometry, colour: str, angle: float, kind: str) -> None:
    if area.is_empty:
        return
    edge = {"stroke-width": "1.6"} if kind == ESSENTIAL else {"stroke-width": "1.2", "stroke-dasharray": "5 3"}
    opacity = "0.14" if kind == ESSENTIAL else "0"
    _el(root, "path", d=path_d(area), fill=colour, stroke=colour, **{"fill-opacity": opacity, **edge})
    lines = path_d(hatch(area, angle, HATCH_GAP[kind]))
    _el(root, "path", d=lines, fill="none", stroke=colour, **{"stroke-width": "1.7" if kind == ESSENTIAL else "1"})


def _numbered_mark(root: ET.Element, mark: Mark, colour: str, number: int) -> None:
    s = MARK_SIZE
    cross = f"M{mark.x - s:g} {mark.y - s:g}l{2 * s:g} {2 * s:g}M{mark.x - s:g} {mark.y + s:g}l{2 * s:g} {-2 * s:g}"
    _styled(root, "path", "halo", d=cross)
    _el(root, "path", d=cross, fill="none", stroke=colour, **{"stroke-width": "2.8", "stroke-linecap": "round"})
    label = {"x": f"{mark.x + s + 2:g}", "y": f"{mark.y - 3:g}", "font-size": "15", "font-weight": "bold",
             "font-family": "Helvetica, Arial, sans-serif"}
    _el(root, "text", **label, fill="none", stroke="#ffffff", **{"stroke-width": "4"}).text = str(number)
    _el(root, "text", **label, fill=colour).text = str(number)


def compare_swatch_svg(index: int, kind: str = ESSENTIAL) -> str:
    """A small square in pick ``index``'s colour and hatch (``kind``: essential or spillover), for legends."""
    colour, angle = COMPARE_STYLES[index]
    root = _el(None, "svg", viewBox="0 0 28 20", width="28", height="20")
    _hatched(root, box(2, 2, 26, 18), colour, angle, kind)
    return ET.tostring(root, encoding="unicode")


# ---- checks and preview ------------------------------------------------------------------------------


def visible_parts(atlas: Atlas, fig: Figure | None = None) -> dict[tuple[str, Side], BaseGeometry]:
    """What shows of each muscle in the default view, and so where a tap selects it: its outline less the
    muscles drawn over it (``drawing_order``)."""
    fig = fig or figure_geometry()
    drawn = [(m, s, fig.muscle(m.id, m.view, s)) for m in drawing_order(atlas, fig) for s in Side]
    shown = {}
    for i, (muscle, side, outline) in enumerate(drawn):
        above = unary_union([g for m, _, g in drawn[i + 1:] if m.view == muscle.view])
        shown[(muscle.id, side)] = outline.difference(above)
    return shown


def visual_centre(shape: BaseGeometry) -> tuple[float, float, float]:
    """The point deepest inside the largest part of ``shape``, and how far it is from the edge."""
    largest = max(polygons(shape), key=lambda p: p.area)
    centre = polylabel(largest, 0.2)
    return centre.x, centre.y, largest.exterior.distance(centre)


def preview_svg(atlas: Atlas) -> str:
    """The whole model for a person editing the figure file: zones with their names, muscles with theirs."""
    fig = figure_geometry()
    root = ET.fromstring(render_svg(atlas, "pain"))
    labels = _el(root, "g", style="font: 5px sans-serif; text-anchor: middle; pointer-events: none")
    for placed in fig.zones:
        x, y, _ = visual_centre(placed.geometry)
        _el(labels, "text", x=f"{x:.1f}", y=f"{y:.1f}").text = placed.region.zone
    for (muscle_id, _side), shape in visible_parts(atlas, fig).items():
        x, y, _ = visual_centre(shape)
        _el(labels, "text", x=f"{x:.1f}", y=f"{y + 6:.1f}", fill="#7a1f12").text = muscle_id
    root.set("class", "bodymap preview")
    return ET.tostring(root, encoding="unicode")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "preview":
        print("usage: python -m triggermap.figure preview OUTPUT.svg", file=sys.stderr)
        return 2
    Path(argv[1]).write_text(preview_svg(load_atlas()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
