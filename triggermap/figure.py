"""The body-map figure: our SVG art made interactive, and referral patterns on it.

The art in assets/bodymap/bodymap.svg carries ids and data attributes only
(see assets/bodymap/README.md). Here it becomes accessible markup for one of
two modes: ``explore`` (muscles are buttons) and ``pain`` (zones are buttons).
Labels come from the atlas and are escaped by the XML serializer, so content
never reaches the browser as markup.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from triggermap.atlas import ROOT, Atlas
from triggermap.models import Muscle
from triggermap.referral import ESSENTIAL, regions_reached
from triggermap.zones import SIDES, region_label

ART_DIR = ROOT / "assets" / "bodymap"
SVG_PATH = ART_DIR / "bodymap.svg"
CSS_PATH = ART_DIR / "bodymap.css"
SVG_NS = "http://www.w3.org/2000/svg"
MODES = ("explore", "pain")

ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")


@dataclass(frozen=True)
class Inventory:
    """What the art draws: region ids, (muscle, side) outlines and (muscle/tp, side) marks.

    ``layers`` gives each muscle's ``(view, depth)`` as drawn, for checking against the content.
    """

    regions: frozenset[str]
    muscles: frozenset[tuple[str, str]]
    trigger_points: frozenset[tuple[str, str]]
    layers: dict[str, frozenset[tuple[str, str]]]


@dataclass(frozen=True)
class Pattern:
    """A muscle's referral pattern on one side of the figure, as region ids."""

    muscle_id: str
    side: str
    essential: tuple[str, ...]
    spillover: tuple[str, ...]
    trigger_points: tuple[str, ...]  # "muscle/tp" marks to show, on ``side``
    no_press: tuple[str, ...]  # the marks among them the person must not press themselves


def _tag(name: str) -> str:
    return f"{{{SVG_NS}}}{name}"


@lru_cache(maxsize=4)
def _art(path: Path = SVG_PATH) -> ET.ElementTree:
    return ET.parse(path)


def inventory(path: Path = SVG_PATH) -> Inventory:
    root = _art(path).getroot()
    outlines = [el for el in root.iter() if el.get("data-muscle")]
    layers: dict[str, set[tuple[str, str]]] = {}
    for el in outlines:
        depth = next((c for c in el.get("class", "").split() if c in ("superficial", "deep")), "")
        layers.setdefault(el.get("data-muscle"), set()).add((el.get("data-view", ""), depth))
    return Inventory(
        regions=frozenset(el.get("data-zone") for el in root.iter() if el.get("data-zone")),
        muscles=frozenset((el.get("data-muscle"), el.get("data-side")) for el in outlines),
        trigger_points=frozenset((el.get("data-tp"), el.get("data-side")) for el in root.iter() if el.get("data-tp")),
        layers={muscle: frozenset(drawn) for muscle, drawn in layers.items()},
    )


def layer_mismatches(atlas: Atlas, path: Path = SVG_PATH) -> list[str]:
    """Muscles whose view or depth in the content differs from how the art draws them (empty when they agree)."""
    drawn = inventory(path).layers
    problems = []
    for muscle in atlas.muscles.values():
        expected = {(muscle.view, muscle.depth)}
        if drawn.get(muscle.id, set()) != expected:
            shown = ", ".join(f"{v} view, {d or 'no depth'}" for v, d in sorted(drawn.get(muscle.id, ()))) or "nothing"
            problems.append(
                f"{muscle.id}: the content says {muscle.view} view, {muscle.depth}; the art draws {shown}"
            )
    return problems


def render_svg(atlas: Atlas, mode: str, path: Path = SVG_PATH) -> str:
    """The figure as inline SVG markup with buttons for the given mode."""
    if mode not in MODES:
        raise ValueError(f"unknown figure mode {mode!r}; expected one of {MODES}")
    root = _copy(_art(path).getroot())
    root.set("class", f"bodymap mode-{mode}")
    root.set("role", "group")
    root.set("aria-label", "Body map, back and front views" if mode == "explore" else "Pain drawing, back and front views")
    root.insert(0, _stylesheet())
    for el in root.iter():
        if el.get("data-muscle"):
            _make_muscle(el, atlas, enabled=mode == "explore")
        elif el.get("data-zone"):
            _make_zone(el, enabled=mode == "pain")
    return ET.tostring(root, encoding="unicode")


def _stylesheet() -> ET.Element:
    """The art's CSS travels inside the SVG file, so the browser loads it once with the figure."""
    style = ET.Element(_tag("style"))
    style.text = CSS_PATH.read_text(encoding="utf-8")
    return style


def _copy(element: ET.Element) -> ET.Element:
    return ET.fromstring(ET.tostring(element))


def _make_button(el: ET.Element, label: str) -> None:
    el.set("role", "button")
    el.set("tabindex", "0")
    el.set("aria-label", label)
    el.set("aria-pressed", "false")
    title = ET.SubElement(el, _tag("title"))
    title.text = label


def _make_muscle(el: ET.Element, atlas: Atlas, enabled: bool) -> None:
    muscle = atlas.muscles.get(el.get("data-muscle", ""))
    if not enabled or muscle is None:
        el.set("aria-hidden", "true")
        el.set("class", f"{el.get('class', '')} inactive".strip())
        return
    _make_button(el, f"{muscle.name}, {el.get('data-side')}")


def _make_zone(el: ET.Element, enabled: bool) -> None:
    if enabled:
        _make_button(el, region_label(el.get("data-zone", "")))
    else:
        el.set("aria-hidden", "true")


def pattern(muscle: Muscle, side: str) -> Pattern:
    """Where ``muscle`` sends pain when its trigger points on ``side`` are active.

    The regions come from ``referral.regions_reached``: each trigger point's
    zones go on the sides its ``reach`` names, and a region that is essential
    for one trigger point and spillover for another is essential. The marks
    stay on ``side``, the muscle's own side.
    """
    reached = regions_reached(muscle, side)
    essential = tuple(region for region, how in reached.items() if how.kind == ESSENTIAL)
    spillover = tuple(region for region, how in reached.items() if how.kind != ESSENTIAL)
    marks = tuple(f"{muscle.id}/{tp.id}" for tp in muscle.trigger_points)
    no_press = tuple(f"{muscle.id}/{tp.id}" for tp in muscle.trigger_points if tp.do_not_press)
    return Pattern(muscle.id, side, essential, spillover, marks, no_press)


def patterns_for_browser(atlas: Atlas) -> dict[str, dict[str, list[str]]]:
    """Every muscle's pattern on each side, keyed ``<muscle>_<side>``, for the figure's JS.

    With these the browser draws a pattern the moment a muscle is clicked,
    before the server has answered.
    """
    table = {}
    for muscle in atlas.muscles.values():
        for side in SIDES:
            p = pattern(muscle, side)
            table[f"{muscle.id}_{side}"] = {
                "essential": list(p.essential),
                "spillover": list(p.spillover),
                "tps": list(p.trigger_points),
                "no_press": list(p.no_press),  # drawn with the do-not-press mark instead of the cross
            }
    return table


def figure_index(atlas: Atlas) -> dict:
    """What the explorer's figure needs besides the SVG: the muscle list (atlas order) and every pattern."""
    return {
        "muscles": [{"id": m.id, "name": m.name} for m in atlas.muscles.values()],
        "patterns": patterns_for_browser(atlas),
    }
