"""The zone vocabulary: named body regions that referral patterns point to.

A zone name such as ``lateral_hip`` is drawn twice on the figure, as the
regions ``lateral_hip_left`` and ``lateral_hip_right``; midline zones are
drawn once under their own name.
"""

from __future__ import annotations

from typing import NamedTuple

SIDES = ("left", "right")

class Zone(NamedTuple):
    label: str  # short clinical name, used in aria-labels: "Lateral hip, right"
    plain: str  # what a patient would call it
    view: str  # "back" or "front": the view of the figure that draws it
    short: str  # the plain name shown on the pain page: "Side of the hip"


ZONES: dict[str, Zone] = {
    "thoracolumbar": Zone("Thoracolumbar", "lowest ribs at the back, where the mid back meets the low back", "back", "Lowest ribs at the back"),
    "lumbar": Zone("Lumbar", "low back beside the spine", "back", "Low back"),
    "iliac_crest": Zone("Iliac crest", "along the top rim of the pelvis", "back", "Top rim of the pelvis"),
    "sacroiliac": Zone("Sacroiliac", "the dimple beside the base of the spine (sacroiliac joint)", "back", "Dimple beside the base of the spine"),
    "sacrum": Zone("Sacrum", "the flat bone at the base of the spine", "back", "Base of the spine (sacrum)"),
    "coccyx": Zone("Coccyx", "the tailbone", "back", "Tailbone"),
    "upper_buttock": Zone("Upper buttock", "upper part of the buttock", "back", "Upper buttock"),
    "lower_buttock": Zone("Lower buttock", "lower part of the buttock, near the sit bone", "back", "Lower buttock"),
    "lateral_hip": Zone("Lateral hip", "side of the hip, over the bony point (greater trochanter)", "back", "Side of the hip"),
    "posterior_thigh": Zone("Posterior thigh", "back of the thigh", "back", "Back of the thigh"),
    "posterior_knee": Zone("Posterior knee", "back of the knee", "back", "Back of the knee"),
    "calf": Zone("Calf", "the calf", "back", "Calf"),
    "achilles": Zone("Achilles", "the back of the ankle, over the heel cord (Achilles tendon)", "back", "Back of the ankle"),
    "heel": Zone("Heel", "the heel", "back", "Heel"),
    "sole": Zone("Sole", "the sole of the foot", "back", "Sole of the foot"),
    "lateral_thigh": Zone("Lateral thigh", "outside of the thigh", "back", "Outside of the thigh"),
    "lateral_knee": Zone("Lateral knee", "outside of the knee", "back", "Outside of the knee"),
    "lateral_leg": Zone("Lateral leg", "outside of the lower leg", "back", "Outside of the lower leg"),
    "lateral_ankle": Zone("Lateral ankle", "outside of the ankle", "back", "Outside of the ankle"),
    "upper_abdomen": Zone("Upper abdomen", "belly above the navel, below the breastbone", "front", "Upper belly"),
    "lower_abdomen": Zone("Lower abdomen", "belly below the navel", "front", "Lower belly"),
    "groin": Zone("Groin", "the crease between belly and thigh", "front", "Groin"),
    "anterior_hip": Zone("Anterior hip", "front of the hip", "front", "Front of the hip"),
    "anterior_thigh": Zone("Anterior thigh", "front of the thigh", "front", "Front of the thigh"),
    "medial_thigh": Zone("Medial thigh", "inside of the thigh", "front", "Inside of the thigh"),
    "medial_knee": Zone("Medial knee", "inside of the knee", "front", "Inside of the knee"),
    "anterior_knee": Zone("Anterior knee", "front of the knee and kneecap", "front", "Front of the knee"),
    "anterior_leg": Zone("Anterior leg", "the shin", "front", "Shin"),
    "perineum": Zone("Perineum", "between the legs, around the genitals and back passage", "front", "Between the legs"),
}

MIDLINE_ZONES = frozenset({"sacrum", "coccyx", "perineum"})


def region_ids(zone: str) -> list[str]:
    """The figure regions that draw a zone: one for midline zones, else one per side."""
    if zone in MIDLINE_ZONES:
        return [zone]
    return [f"{zone}_{side}" for side in SIDES]


def all_region_ids() -> list[str]:
    return [region for zone in ZONES for region in region_ids(zone)]


def split_region(region_id: str) -> tuple[str, str | None]:
    """``"lateral_hip_right"`` -> ``("lateral_hip", "right")``; a midline zone has side None.

    Raises ValueError naming the id when it is not a region of the figure.
    """
    if region_id in MIDLINE_ZONES:
        return region_id, None
    zone, _, side = region_id.rpartition("_")
    if side in SIDES and zone in ZONES and zone not in MIDLINE_ZONES:
        return zone, side
    raise ValueError(f"unknown zone id {region_id!r}")


def region_for(zone: str, side: str) -> str:
    """The region that shows ``zone`` on ``side`` (midline zones have one region)."""
    return zone if zone in MIDLINE_ZONES else f"{zone}_{side}"


def region_label(region_id: str) -> str:
    zone, side = split_region(region_id)
    label = ZONES[zone].label
    return label if side is None else f"{label}, {side}"


def region_name(region_id: str) -> str:
    """The plain name of a region for patients: ``"Side of the hip (right)"``."""
    zone, side = split_region(region_id)
    short = ZONES[zone].short
    return short if side is None else f"{short} ({side})"
