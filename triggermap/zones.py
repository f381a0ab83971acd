"""The zone vocabulary: named body regions that referral patterns point to, and the regions that show them.

A zone such as ``lateral_hip`` is shown on each side of the body, as the regions
``Region("lateral_hip", Side.left)`` and ``Region("lateral_hip", Side.right)``; a midline zone is one region,
``Region("sacrum", None)``. Code passes these values around; the string form ``Region.id``
(``"lateral_hip_right"``, ``"sacrum"``) is only for URLs, widget keys and the figure's DOM ids.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Side(StrEnum):
    left = "left"
    right = "right"

    @property
    def other(self) -> Side:
        return Side.right if self is Side.left else Side.left


class Zone(NamedTuple):
    label: str  # short clinical name, used in aria-labels: "Lateral hip, right"
    plain: str  # what a patient would call it
    short: str  # the plain name shown on the pain page: "Side of the hip"


ZONES: dict[str, Zone] = {
    "thoracolumbar": Zone("Thoracolumbar", "lowest ribs at the back, where the mid back meets the low back",
                          "Lowest ribs at the back"),
    "lumbar": Zone("Lumbar", "low back beside the spine", "Low back"),
    "iliac_crest": Zone("Iliac crest", "along the top rim of the pelvis", "Top rim of the pelvis"),
    "sacroiliac": Zone("Sacroiliac", "the dimple beside the base of the spine (sacroiliac joint)",
                       "Dimple beside the base of the spine"),
    "sacrum": Zone("Sacrum", "the flat bone at the base of the spine", "Base of the spine (sacrum)"),
    "coccyx": Zone("Coccyx", "the tailbone", "Tailbone"),
    "upper_buttock": Zone("Upper buttock", "upper part of the buttock", "Upper buttock"),
    "lower_buttock": Zone("Lower buttock", "lower part of the buttock, near the sit bone", "Lower buttock"),
    "lateral_hip": Zone("Lateral hip", "side of the hip, over the bony point (greater trochanter)", "Side of the hip"),
    "posterior_thigh": Zone("Posterior thigh", "back of the thigh", "Back of the thigh"),
    "posterior_knee": Zone("Posterior knee", "back of the knee", "Back of the knee"),
    "calf": Zone("Calf", "the calf", "Calf"),
    "achilles": Zone("Achilles", "the back of the ankle, over the heel cord (Achilles tendon)", "Back of the ankle"),
    "heel": Zone("Heel", "the heel", "Heel"),
    "sole": Zone("Sole", "the sole of the foot", "Sole of the foot"),
    "lateral_thigh": Zone("Lateral thigh", "outside of the thigh", "Outside of the thigh"),
    "lateral_knee": Zone("Lateral knee", "outside of the knee", "Outside of the knee"),
    "lateral_leg": Zone("Lateral leg", "outside of the lower leg", "Outside of the lower leg"),
    "lateral_ankle": Zone("Lateral ankle", "outside of the ankle", "Outside of the ankle"),
    "upper_abdomen": Zone("Upper abdomen", "belly above the navel, below the breastbone", "Upper belly"),
    "lower_abdomen": Zone("Lower abdomen", "belly below the navel", "Lower belly"),
    "groin": Zone("Groin", "the crease between belly and thigh", "Groin"),
    "anterior_hip": Zone("Anterior hip", "front of the hip", "Front of the hip"),
    "anterior_thigh": Zone("Anterior thigh", "front of the thigh", "Front of the thigh"),
    "medial_thigh": Zone("Medial thigh", "inside of the thigh", "Inside of the thigh"),
    "medial_knee": Zone("Medial knee", "inside of the knee", "Inside of the knee"),
    "anterior_knee": Zone("Anterior knee", "front of the knee and kneecap", "Front of the knee"),
    "anterior_leg": Zone("Anterior leg", "the shin", "Shin"),
    "perineum": Zone("Perineum", "between the legs, around the genitals and back passage", "Between the legs"),
}

MIDLINE_ZONES = frozenset({"sacrum", "coccyx", "perineum"})


class Region(NamedTuple):
    """A zone on one side of the body; a midline zone has no side. Build one with ``region_on`` or ``regions_of``."""

    zone: str  # a key of ZONES
    side: Side | None  # None only for MIDLINE_ZONES

    @property
    def id(self) -> str:
        """``"lateral_hip_right"``, ``"sacrum"``: only for URLs, widget keys and DOM ids; ``parse`` reads it back."""
        return self.zone if self.side is None else f"{self.zone}_{self.side.value}"

    @classmethod
    def parse(cls, text: str) -> Region:
        """The region whose ``id`` is ``text``; raises ValueError naming it when the figure has no such region."""
        region = _BY_ID.get(text)
        if region is None:
            raise ValueError(f"unknown region id {text!r}")
        return region

    @property
    def label(self) -> str:
        """The clinical name: ``"Lateral hip, right"`` (the figure and pages show ``name``)."""
        label = ZONES[self.zone].label
        return label if self.side is None else f"{label}, {self.side.value}"

    @property
    def name(self) -> str:
        """The plain name for patients: ``"Side of the hip (right)"``."""
        short = ZONES[self.zone].short
        return short if self.side is None else f"{short} ({self.side.value})"


def region_on(zone: str, side: Side) -> Region:
    """The region that shows ``zone`` on ``side``; a midline zone has one region, whatever the side."""
    return Region(zone, None if zone in MIDLINE_ZONES else side)


def regions_of(zone: str) -> list[Region]:
    """The regions that show a zone: one for a midline zone, else left and right."""
    return list(dict.fromkeys(region_on(zone, side) for side in Side))


def all_regions() -> list[Region]:
    return [region for zone in ZONES for region in regions_of(zone)]


_BY_ID = {region.id: region for region in all_regions()}
