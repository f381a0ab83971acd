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
from triggermap.zones import region_for, region_label

ART_DIR = ROOT / "assets" / "bodymap"
SVG_PATH = ART_DIR / "bodymap.svg"
CSS_PATH = ART_DIR / "bodymap.css"
SVG_NS = "http://www.w3.org/2000/svg"
MODES = ("explore", "pain")

ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")


@dataclass(frozen=True)
class Inventory:
    """What the art draws: region ids, (muscle, side) outlines and (muscle/tp, side) marks."""

    regions: frozenset[str]
    muscles: frozenset[tuple[str, str]]
    trigger_points: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class Pattern:
    """A muscle's referral pattern on one side of the figure, as region ids."""

    muscle_id: str
    side: str
    essential: tuple[str, ...]
    spillover: tuple[str, ...]
    trigger_points: tuple[str, ...]  # "muscle/tp" marks to show


def _tag(name: str) -> str:
    return f"{{{SVG_NS}}}{name}"


@lru_cache(maxsize=4)
def _art(path: Path = SVG_PATH) -> ET.ElementTree:
    return ET.parse(path)


def inventory(path: Path = SVG_PATH) -> Inventory:
    root = _art(path).getroot()
    return Inventory(
        regions=frozenset(el.get("data-zone") for el in root.iter() if el.get("data-zone")),
        muscles=frozenset(
            (el.get("data-muscle"), el.get("data-side")) for el in root.iter() if el.get("data-muscle")
        ),
        trigger_points=frozenset((el.get("data-tp"), el.get("data-side")) for el in root.iter() if el.get("data-tp")),
    )


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

    A zone that is essential for one trigger point and spillover for another
    is shown as essential.
    """
    essential = _unique(region_for(z, side) for tp in muscle.trigger_points for z in tp.essential)
    spillover = _unique(
        region_for(z, side) for tp in muscle.trigger_points for z in tp.spillover if region_for(z, side) not in essential
    )
    marks = tuple(f"{muscle.id}/{tp.id}" for tp in muscle.trigger_points)
    return Pattern(muscle.id, side, essential, spillover, marks)


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def patterns_for_browser(atlas: Atlas) -> dict[str, dict[str, list[str]]]:
    """Every muscle's pattern on each side, keyed ``<muscle>_<side>``, for the figure's JS.

    With these the browser draws a pattern the moment a muscle is clicked,
    before the server has answered.
    """
    table = {}
    for muscle in atlas.muscles.values():
        for side in ("left", "right"):
            p = pattern(muscle, side)
            table[f"{muscle.id}_{side}"] = {
                "essential": list(p.essential),
                "spillover": list(p.spillover),
                "tps": list(p.trigger_points),
            }
    return table


def figure_index(atlas: Atlas) -> dict:
    """What the explorer's figure needs besides the SVG: the muscle list (atlas order) and every pattern."""
    return {
        "muscles": [{"id": m.id, "name": m.name} for m in atlas.muscles.values()],
        "patterns": patterns_for_browser(atlas),
    }
