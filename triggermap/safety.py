"""Safety content as every page reads it: the technique rules with the daily limit, and the warning signs by urgency.

The About page, the pain page's checklist, the muscle panel and the take-home sheet all take their warning
signs from ``Atlas.red_flags`` through these functions, so a sign has one wording and one urgency everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from triggermap.models import ClinicianAdvice, RedFlag, RedFlags, Safety, SafetyRule, Urgency, UrgencyLevel

TIMES = {1: "Once", 2: "Twice"}


def daily_limit_rule(safety: Safety) -> SafetyRule:
    """The daily limit as a rule, worded from its numbers so the numbers live in one place."""
    limit = safety.daily_limit
    times = TIMES.get(limit.sessions_per_day_to_start, f"{limit.sessions_per_day_to_start} times")
    return SafetyRule(
        title="A daily limit",
        points=[
            f"At most about {limit.minutes_per_day:g} minutes a day in total on your back and buttocks, "
            "all techniques together.",
            f"At most {limit.seconds_per_spot} seconds on any one spot, or about 10 slow strokes over it.",
            f"{times} a day to start. Mild soreness the next day is common; if a spot is bruised or more painful, "
            "leave it for a day or two and press more lightly.",
        ],
    )


def technique_rules(safety: Safety) -> list[SafetyRule]:
    """Every rule for every technique: the first content rule, the daily limit, then the rest."""
    first, *rest = safety.technique_rules
    return [first, daily_limit_rule(safety), *rest]


@dataclass(frozen=True)
class FlagGroup:
    """The warning signs of one urgency, with what to do, worded the same everywhere."""

    urgency: Urgency
    level: UrgencyLevel
    flags: tuple[RedFlag, ...]


def flags_by_urgency(red_flags: RedFlags, only: Iterable[str] | None = None) -> list[FlagGroup]:
    """The warning signs (all, or the ids in ``only``) grouped by urgency, most urgent first; empty groups left out."""
    wanted = None if only is None else set(only)
    groups = []
    for urgency in Urgency:
        flags = tuple(f for f in red_flags.flags if f.urgency == urgency and (wanted is None or f.id in wanted))
        if flags:
            groups.append(FlagGroup(urgency, red_flags.levels[urgency], flags))
    return groups


def most_urgent(red_flags: RedFlags, ticked: Iterable[str]) -> FlagGroup | None:
    """The ticked signs of the most urgent level among them, or None when none is ticked."""
    groups = flags_by_urgency(red_flags, ticked)
    return groups[0] if groups else None


def ticked_summary(red_flags: RedFlags, ticked: Iterable[str]) -> str | None:
    """One line over the advice for the ticked warning signs (which says what to do): how many are ticked."""
    count = len(set(ticked) & {flag.id for flag in red_flags.flags})
    if not count:
        return None
    return f"{count} warning sign{'' if count == 1 else 's'} ticked. What to do now:"


def advice_by_urgency(red_flags: RedFlags, advice: list[ClinicianAdvice]) -> list[tuple[UrgencyLevel, list[str]]]:
    """A muscle's own reasons to see a clinician, grouped under the same urgency wording as the warning signs."""
    return [
        (red_flags.levels[urgency], texts)
        for urgency in Urgency
        if (texts := [a.text for a in advice if a.urgency == urgency])
    ]
