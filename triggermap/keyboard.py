"""Moving through the figure's buttons from the keyboard: the order they are read in, and which button each
arrow key reaches. Pure functions of where the buttons are drawn (canvas coordinates), so they can be tested
without a browser; ``figure.render_svg`` writes the answers into the SVG for triggermap_app/bodymap.js.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

BAND = 40.0  # canvas units: buttons whose centres lie within one band's height are read as one row
ACROSS_WEIGHT = 2.0  # an arrow prefers the button straight ahead: sideways distance costs twice as much
ARROWS = {"up": (0.0, -1.0), "down": (0.0, 1.0), "left": (-1.0, 0.0), "right": (1.0, 0.0)}


@dataclass(frozen=True)
class Spot:
    """A button as the keyboard sees it: its id, the view it is drawn in, and its centre on the canvas."""

    id: str
    view: str
    x: float
    y: float


def reading_order(spots: Iterable[Spot], rights: Mapping[str, int]) -> list[Spot]:
    """The order a person reads the buttons in: view by view (in the order of ``rights``), top to bottom by
    bands, and within a band the person's right side before their left.

    ``rights[view]`` is +1 when the person's right is on the canvas right (the back view), -1 when it is on the
    canvas left (the front view). Buttons on the midline fall between the sides. Spots of other views are left out.
    """
    spots = list(spots)
    order = []
    for view, right in rights.items():
        rest = sorted((s for s in spots if s.view == view), key=lambda s: s.y)
        while rest:
            band = [s for s in rest if s.y < rest[0].y + BAND]
            order += sorted(band, key=lambda s: -right * s.x)
            rest = rest[len(band):]
    return order


def neighbours(spots: Iterable[Spot]) -> dict[str, dict[str, str]]:
    """For each button, the button each arrow key moves to: the nearest one that way in the same view, where
    nearness is the distance along the arrow plus twice the distance across it. A direction with nothing in it
    is left out.

    A button lies that way when it is at least as far along the arrow as across it (within 45 degrees), so the
    right arrow at the foot of a column does not jump to the top of the next one.
    """
    spots = list(spots)
    found = {}
    for spot in spots:
        same_view = [other for other in spots if other.view == spot.view]
        found[spot.id] = {}
        for arrow, direction in ARROWS.items():
            cost, nearest = min((_cost(spot, other, direction), i) for i, other in enumerate(same_view))
            if cost < math.inf:
                found[spot.id][arrow] = same_view[nearest].id
    return found


def _cost(start: Spot, other: Spot, direction: tuple[float, float]) -> float:
    """How far ``other`` is from ``start`` for an arrow in ``direction``; infinite when it is not that way."""
    dx, dy = other.x - start.x, other.y - start.y
    along = dx * direction[0] + dy * direction[1]
    across = abs(dx * direction[1] - dy * direction[0])
    return along + ACROSS_WEIGHT * across if along > 0 and along >= across else math.inf
