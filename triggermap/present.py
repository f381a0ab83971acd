"""The present view's steps: the whole pattern, then each trigger point on its own, then the client's drawing."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from triggermap.atlas import Atlas
from triggermap.figure import present_svg
from triggermap.zones import Region, Side

ON_THE_DRAWING = ("Orange shows where you marked pain, darker where it is stronger; red hatching shows where this "
                  "muscle's trigger points send pain.")


@dataclass(frozen=True)
class Step:
    svg: str  # drawn by triggermap.figure, content escaped there
    alt: str  # the drawing in words, for screen readers
    title: str
    text: str

    def as_data(self) -> dict:
        return asdict(self)


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]


def present_steps(atlas: Atlas, muscle_id: str, side: Side, marked: dict[Region, int] | None = None) -> list[Step]:
    """The steps of a presentation of ``muscle_id`` on ``side``; with ``marked``, one more on the client's drawing."""
    muscle = atlas.muscles[muscle_id]
    name = f"{muscle.name} ({side.value})"
    points = muscle.trigger_points
    steps = [Step(present_svg(atlas, muscle_id, side), f"{name}: all its trigger points and where they send pain",
                  name, first_sentence(muscle.summary))]
    for number, point in enumerate(points, 1):
        steps.append(Step(
            present_svg(atlas, muscle_id, side, trigger_point=point.id),
            f"{name}, {point.name}: the point marked with a cross and the area it sends pain to",
            f"Point {number} of {len(points)}: {point.name}",
            first_sentence(point.referral),
        ))
    if marked:
        steps.append(Step(present_svg(atlas, muscle_id, side, marked=marked),
                          f"Your pain drawing with the pattern of {name} over it", "On your drawing", ON_THE_DRAWING))
    return steps
