"""Two or three muscles side by side: where their patterns agree and differ, what each feels like and sets it off.

The places come from ``referral.regions_reached``, so "essential" and "spillover" mean what they mean everywhere else.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from triggermap.atlas import Atlas
from triggermap.figure import COMPARE_STYLES, compare_svg, compare_swatch_svg
from triggermap.models import Muscle, Technique
from triggermap.referral import ESSENTIAL, Reached, regions_reached
from triggermap.templates import render
from triggermap.zones import Region, Side, all_regions

MAX_COMPARED = len(COMPARE_STYLES)
MIN_COMPARED = 2
ABOUT_ITEMS = 4  # symptoms and causes shown per muscle: the table is for comparing, the panel has the rest


@dataclass(frozen=True)
class Pick:
    """One muscle on one side, as chosen for comparing."""

    muscle: Muscle
    side: Side

    @property
    def label(self) -> str:
        return f"{self.muscle.name} ({self.side.value})"

    @property
    def link(self) -> str:
        return f"{self.muscle.id}:{self.side.value}"


@dataclass(frozen=True)
class PlaceRow:
    """A place on the body and how each pick reaches it (None: not at all), in pick order."""

    region: Region
    reached: tuple[Reached | None, ...]

    @property
    def by(self) -> tuple[int, ...]:
        """The indexes of the picks that reach this place."""
        return tuple(i for i, how in enumerate(self.reached) if how)


@dataclass(frozen=True)
class Comparison:
    picks: tuple[Pick, ...]
    places: tuple[PlaceRow, ...]  # every place any pick reaches, in the body's order

    def in_all(self) -> list[PlaceRow]:
        return [row for row in self.places if len(row.by) == len(self.picks)]

    def only_in(self, index: int) -> list[PlaceRow]:
        return [row for row in self.places if row.by == (index,)]

    def in_some(self) -> list[PlaceRow]:
        """Places reached by more than one pick but not all (only with three picks)."""
        return [row for row in self.places if 1 < len(row.by) < len(self.picks)]

    def techniques(self, atlas: Atlas) -> tuple[tuple[Technique, ...], ...]:
        return tuple(tuple(atlas.techniques[t] for t in pick.muscle.techniques) for pick in self.picks)

    def groups(self) -> list[tuple[str, list[PlaceRow]]]:
        """The places under headings: in every pattern, in two of three, then only in each one."""
        everyone = "In both" if len(self.picks) == 2 else f"In all {len(self.picks)}"
        groups = [(everyone, self.in_all())]
        if len(self.picks) > 2:
            groups.append(("In two of them", self.in_some()))
        return groups + [(f"Only {i + 1}. {pick.label}", self.only_in(i)) for i, pick in enumerate(self.picks)]


def compare(atlas: Atlas, picks: list[tuple[str, Side]]) -> Comparison:
    """The comparison of ``picks`` ((muscle id, side), already checked by ``gate.compare_link``)."""
    chosen = tuple(Pick(atlas.muscles[muscle_id], side) for muscle_id, side in picks)
    reached = [regions_reached(pick.muscle, pick.side) for pick in chosen]
    rows = tuple(
        PlaceRow(region, tuple(found.get(region) for found in reached))
        for region in all_regions()
        if any(region in found for found in reached)
    )
    return Comparison(chosen, rows)


def kind_word(how: Reached | None) -> str:
    """How a pick reaches a place, in the words the rest of the app uses."""
    if how is None:
        return "—"
    word = "main pain zone" if how.kind == ESSENTIAL else "spillover"
    return f"{word} (uncommon)" if how.uncommon else word


def svg_data_uri(svg: str) -> str:
    """An SVG as an image URL: Streamlit's HTML sanitizer drops inline <svg>, but keeps an <img> of one."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def compare_html(atlas: Atlas, comparison: Comparison) -> str:
    """The legend, the figure and the table of where the patterns agree and differ, as escaped HTML."""
    picks = comparison.picks
    about = [
        ("What it feels like", [pick.muscle.symptoms[:ABOUT_ITEMS] for pick in picks]),
        ("What sets it off", [pick.muscle.causes[:ABOUT_ITEMS] for pick in picks]),
        ("Self-care techniques", [[t.name for t in found] for found in comparison.techniques(atlas)]),
    ]
    return render(
        "compare.html.j2",
        comparison=comparison,
        groups=comparison.groups(),
        about=about,
        kind_word=kind_word,
        colours=[colour for colour, _ in COMPARE_STYLES],
        swatches=[svg_data_uri(compare_swatch_svg(i)) for i in range(len(picks))],
        figure=svg_data_uri(compare_svg(atlas, [(pick.muscle.id, pick.side) for pick in picks])),
        figure_label="Referral patterns of " + ", ".join(f"{i}. {p.label}" for i, p in enumerate(picks, 1)),
    )
