"""The body map's geometry, read from one data file: triggermap/bodymap/figure.yaml.

Every shape in the file is written once, in body units for the person's RIGHT
side: ``u`` is the distance from the midline toward that side, ``y`` runs down.
A view places body units on the canvas (``x = centre + right * scale * u``);
the LEFT side is the mirror image. Shapes marked ``midline`` are written as
their right half and closed with their mirror.

Muscle outlines are keyed by the content's muscle ids; the view that draws a
muscle and its depth come from the content (``Muscle.view``, ``Muscle.depth``),
never from this file. Zones are keyed by the zone names of ``zones.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib.resources import files
from itertools import pairwise
from pathlib import Path

import numpy as np
import shapely
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator
from shapely import affinity
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from triggermap.zones import MIDLINE_ZONES, Region, Side

GEOMETRY_PATH = files("triggermap") / "bodymap" / "figure.yaml"
SAMPLES_PER_SEGMENT = 8  # points per curve segment when a smooth outline becomes a polygon
ROUNDING = 0.2  # shapes are simplified to this tolerance (body units) before they are drawn


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Shape(Strict):
    """One outline; exactly one of the kinds is given."""

    smooth: list[tuple[float, float]] | None = None  # a closed curve through the points
    poly: list[tuple[float, float]] | None = None  # straight edges
    limb: list[tuple[float, float, float]] | None = None  # circles (u, y, r) joined pairwise: tapered tubes
    ellipse: tuple[float, float, float, float] | None = None  # (u, y, ru, ry)
    midline: bool = False  # the right half of a shape that is closed by its mirror

    @model_validator(mode="after")
    def one_kind(self) -> Shape:
        kinds = [k for k in ("smooth", "poly", "limb", "ellipse") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError(f"a shape needs exactly one of smooth, poly, limb, ellipse; got {kinds or 'none'}")
        return self


class Focus(Strict):
    """The window a phone opens the view on (body units): out to ``half_width`` on both sides, ``top`` to ``bottom``."""

    half_width: float = Field(gt=0)
    top: float
    bottom: float

    @model_validator(mode="after")
    def top_above_bottom(self) -> Focus:
        if self.bottom <= self.top:
            raise ValueError(f"focus: bottom ({self.bottom:g}) must lie below top ({self.top:g})")
        return self


class View(Strict):
    title: str
    centre: float
    right: int = Field(description="+1 when the person's right is the viewer's right")
    scale: float = 1.0
    top: float = 0.0
    mapped: tuple[float, float] = Field(description="the y range of the body the zones tile")
    focus: Focus | None = None


class Part(Strict):
    name: str
    views: list[str]
    shapes: list[Shape]
    mapped: bool = False  # part of the body the zones tile (the trunk and legs, not the head or arms)


class Landmark(Strict):
    name: str
    views: list[str]
    line: list[tuple[float, float]]
    midline: bool = False
    closed: bool = False


class MuscleArt(Strict):
    shapes: list[Shape]
    fibres: list[list[tuple[float, float]]] = []  # lines drawn inside the outline, clipped to it


class EdgeBand(Strict):
    """The strip along the outer edge of the body between two heights."""

    width: float
    from_y: float
    to_y: float


class ZoneArt(Strict):
    zone: str
    view: str
    shapes: list[Shape] = []
    edge_band: EdgeBand | None = None


class FigureFile(Strict):
    width: float
    height: float
    views: dict[str, View]
    body: list[Part]
    landmarks: list[Landmark] = []
    muscles: dict[str, MuscleArt]
    zones: list[ZoneArt]


# ---- shapes in body units -------------------------------------------------------------------


def catmull_rom(points: list[tuple[float, float]], samples: int = SAMPLES_PER_SEGMENT) -> list[tuple[float, float]]:
    """Points along a closed Catmull-Rom curve through ``points``."""
    n = len(points)
    out = []
    for i in range(n):
        p0, p1, p2, p3 = (points[(i + k) % n] for k in (-1, 0, 1, 2))
        for s in range(samples):
            t = s / samples
            out.append(tuple(
                0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t * t + (-a + 3 * b - 3 * c + d) * t ** 3)
                for a, b, c, d in zip(p0, p1, p2, p3, strict=True)
            ))
    return out


def _limb(circles: list[tuple[float, float, float]]) -> BaseGeometry:
    discs = [Point(u, y).buffer(r, quad_segs=12) for u, y, r in circles]
    return unary_union([discs[0], *(a.union(b).convex_hull for a, b in pairwise(discs))])


def _outline(shape: Shape) -> BaseGeometry:
    if shape.smooth is not None:
        return Polygon(catmull_rom(shape.smooth)).buffer(0)
    if shape.poly is not None:
        return Polygon(shape.poly).buffer(0)
    if shape.limb is not None:
        return _limb(shape.limb)
    u, y, ru, rv = shape.ellipse
    return affinity.scale(Point(u, y).buffer(1, quad_segs=16), ru, rv)


def mirrored(geometry: BaseGeometry) -> BaseGeometry:
    """The mirror image across the midline (body units)."""
    return affinity.scale(geometry, -1, 1, origin=(0, 0))


def build(shapes: list[Shape]) -> BaseGeometry:
    """The union of the shapes, each midline shape closed by its mirror (body units)."""
    built = []
    for shape in shapes:
        outline = _outline(shape)
        built.append(outline.union(mirrored(outline)) if shape.midline else outline)
    return unary_union(built)


def solid(geometry: BaseGeometry, smallest: float = 1.0) -> BaseGeometry:
    """The areas of ``geometry`` without the slivers and stray lines that cutting shapes leaves (body units²)."""
    return unary_union([p for p in polygons(geometry) if p.area >= smallest])


def hatch(area: BaseGeometry, angle: float, spacing: float) -> BaseGeometry:
    """Parallel lines ``spacing`` apart at ``angle`` degrees, clipped to ``area``. The lines are laid from the
    canvas origin, so two areas hatched alike line up where they meet."""
    if area.is_empty:
        return MultiLineString()
    upright = affinity.rotate(area, -angle, origin=(0, 0))
    x0, y0, x1, y1 = upright.bounds
    first, last = int(np.floor(y0 / spacing)), int(np.ceil(y1 / spacing))
    lines = MultiLineString([[(x0 - 1, k * spacing), (x1 + 1, k * spacing)] for k in range(first, last + 1)])
    return affinity.rotate(lines.intersection(upright), angle, origin=(0, 0))


def right_half(geometry: BaseGeometry) -> BaseGeometry:
    return geometry.intersection(Polygon([(0, -1e4), (1e4, -1e4), (1e4, 1e4), (0, 1e4)]))


def edge_band(body_right: BaseGeometry, band: EdgeBand) -> BaseGeometry:
    """Points of the right half no further than ``band.width`` from its outer edge, between two heights.

    A point is that close to the outer edge when the body does not reach ``width`` further out from it.
    """
    rows = body_right.intersection(Polygon([(0, band.from_y), (1e4, band.from_y), (1e4, band.to_y), (0, band.to_y)]))
    return rows.difference(affinity.translate(rows, -band.width, 0))


# ---- the figure in canvas coordinates -----------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """A zone region on the canvas, in the view that draws it."""

    view: str
    region: Region
    geometry: BaseGeometry


class Figure:
    """The body map built from its data file: every shape in canvas coordinates, ready to draw and to test."""

    def __init__(self, art: FigureFile):
        self.art = art

    def place(self, geometry: BaseGeometry, view: str, side: Side | None = Side.right) -> BaseGeometry:
        """Body units -> canvas coordinates of ``view``; the left side is the mirror image."""
        v = self.art.views[view]
        sign = v.right * v.scale * (-1 if side is Side.left else 1)
        return affinity.affine_transform(geometry, [sign, 0, 0, v.scale, v.centre, v.top])

    def window(self, view: str) -> Polygon | None:
        """The view's focus window on the canvas, if it has one."""
        focus = self.art.views[view].focus
        if focus is None:
            return None
        return self.place(box(-focus.half_width, focus.top, focus.half_width, focus.bottom), view)

    def point(self, u: float, y: float, view: str, side: Side) -> tuple[float, float]:
        placed = self.place(Point(u, y), view, side)
        return placed.x, placed.y

    @cached_property
    def _parts(self) -> list[tuple[Part, BaseGeometry]]:
        return [(part, build(part.shapes)) for part in self.art.body]

    @cache  # noqa: B019 - the figure is built once per process (figure_geometry) and lives as long
    def silhouette(self, view: str) -> BaseGeometry:
        """The whole body drawn in ``view``, both sides (canvas)."""
        shapes = [g for part, g in self._parts if view in part.views]
        body = unary_union(shapes).buffer(3).buffer(-3)  # round the joins between parts
        return self.place(body.union(mirrored(body)), view)

    @cache  # noqa: B019 - the figure is built once per process (figure_geometry) and lives as long
    def mapped_units(self, view: str) -> BaseGeometry:
        """The right half of the body that zones tile in ``view`` (body units)."""
        top, bottom = self.art.views[view].mapped
        body = unary_union([g for part, g in self._parts if part.mapped and view in part.views]).buffer(3).buffer(-3)
        band = Polygon([(0, top), (1e4, top), (1e4, bottom), (0, bottom)])
        return right_half(body.union(mirrored(body))).intersection(band)

    @cache  # noqa: B019 - the figure is built once per process (figure_geometry) and lives as long
    def mapped(self, view: str) -> BaseGeometry:
        """The body that zones tile in ``view``, both sides (canvas)."""
        half = self.mapped_units(view)
        return unary_union([self.place(half, view, Side.right), self.place(half, view, Side.left)])

    @cached_property
    def zones(self) -> list[Placed]:
        """Every zone region on the canvas, in the file's order: one per view that draws it, per side.

        A zone covers what its outline covers of the mapped body, less the zones listed before it
        in the same view, so zones never overlap; the tests check that they leave no gaps.
        """
        placed = []
        taken: dict[str, BaseGeometry] = {}  # view -> the zones so far, both sides (body units)
        for art in self.art.zones:
            body = self.mapped_units(art.view)
            both = body.union(mirrored(body))
            raw = edge_band(body, art.edge_band) if art.edge_band else build(art.shapes)
            midline = art.zone in MIDLINE_ZONES
            before = taken.get(art.view, Polygon())
            own = solid((raw if midline else right_half(raw)).intersection(both).difference(before))
            taken[art.view] = unary_union([taken.get(art.view, Polygon()), own, mirrored(own)])
            sides = (None,) if midline else (Side.right, Side.left)
            placed += [Placed(art.view, Region(art.zone, s), self.place(own, art.view, s or Side.right)) for s in sides]
        return placed

    @cache  # noqa: B019 - as above
    def muscle(self, muscle_id: str, view: str, side: Side) -> BaseGeometry:
        return self.place(build(self.art.muscles[muscle_id].shapes), view, side)

    def fibres(self, muscle_id: str, view: str, side: Side) -> list[BaseGeometry]:
        outline = self.muscle(muscle_id, view, side)
        lines = [self.place(LineString(line), view, side) for line in self.art.muscles[muscle_id].fibres]
        return [line.intersection(outline) for line in lines]

    def landmarks(self, view: str) -> list[BaseGeometry]:
        drawn = []
        for mark in self.art.landmarks:
            if view not in mark.views:
                continue
            points = mark.line + mark.line[:1] if mark.closed else mark.line
            line = LineString(points)
            if mark.midline:
                drawn.append(self.place(LineString([(-u, y) for u, y in reversed(mark.line)] + mark.line[1:]), view))
            else:
                drawn += [self.place(line, view, side) for side in (Side.right, Side.left)]
        return drawn


def load_figure_file(path: Path = GEOMETRY_PATH) -> FigureFile:
    with open(path, encoding="utf-8") as f:
        return FigureFile.model_validate(yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


@lru_cache(maxsize=4)
def figure_geometry(path: Path = GEOMETRY_PATH) -> Figure:
    return Figure(load_figure_file(path))


# ---- measuring -----------------------------------------------------------------------------------


def largest_square(geometry: BaseGeometry, step: float = 1.0) -> float:
    """The side of the largest axis-aligned square inside ``geometry``, to within ``step``.

    The shape is sampled on a grid ``step`` apart; k × k samples inside it (or on its edge) span a square of
    side (k - 1) steps. Row by row, the square ending at a sample is one larger than the one ending diagonally
    before it, capped by the runs of inside samples above it and to its left (the classic dynamic programme,
    a whole row at a time).
    """
    if geometry.is_empty:
        return 0.0
    x0, y0, x1, y1 = geometry.bounds
    xs, ys = np.arange(x0, x1 + step, step), np.arange(y0, y1 + step, step)
    inside = shapely.intersects_xy(geometry, *np.meshgrid(xs, ys))
    columns = np.arange(len(xs))
    above = square = np.zeros(len(xs), dtype=int)
    best = 0
    for row in inside:
        above = np.where(row, above + 1, 0)
        left = columns - np.maximum.accumulate(np.where(row, -1, columns))
        diagonal = np.concatenate(([0], square[:-1])) + 1
        square = np.where(row, np.minimum(diagonal, np.minimum(above, left)), 0)
        best = max(best, int(square.max()))
    return max(best - 1, 0) * step


# ---- drawing -----------------------------------------------------------------------------------


def _num(v: float) -> str:
    s = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _ring(coords) -> str:
    points = list(coords)[:-1]
    return "M" + "L".join(f"{_num(x)} {_num(y)}" for x, y in points) + "Z"


def path_d(geometry: BaseGeometry) -> str:
    """SVG path data for a polygon, multipolygon or line(s)."""
    geometry = geometry.simplify(ROUNDING)
    if isinstance(geometry, Polygon):
        if geometry.is_empty:
            return ""
        return "".join(_ring(r.coords) for r in (geometry.exterior, *geometry.interiors))
    if isinstance(geometry, LineString):
        return "M" + "L".join(f"{_num(x)} {_num(y)}" for x, y in geometry.coords) if not geometry.is_empty else ""
    return "".join(path_d(g) for g in getattr(geometry, "geoms", ()))


def polygons(geometry: BaseGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    if isinstance(geometry, MultiPolygon):
        return list(geometry.geoms)
    return [g for part in getattr(geometry, "geoms", ()) for g in polygons(part)]
