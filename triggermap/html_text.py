"""Escaped HTML pieces shared by the explorer's muscle panel, the take-home sheet and the safety pages.

Every piece of content passes through ``escape``: the content file is data, never markup.
"""

from __future__ import annotations

from html import escape

from triggermap.atlas import Atlas
from triggermap.describe import cite, technique_sources, zone_phrase
from triggermap.models import TOOL_LABELS, Frequency, Muscle, Reach, SafetyRule, Technique, TriggerPoint
from triggermap.safety import FlagGroup, advice_by_urgency, flags_by_urgency, technique_rules

REACH_WORDS = {Reach.both_sides: "Felt on both sides of the body.", Reach.other_side: "Felt on the other side of the body."}


def ul(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def labelled(label: str, text: str) -> str:
    return f"<b>{escape(label)}:</b> {escape(text)}"


def _point_notes(point: TriggerPoint) -> str:
    notes = []
    if point.reach in REACH_WORDS:
        notes.append(f'<p class="small">{escape(REACH_WORDS[point.reach])}</p>')
    if point.frequency == Frequency.uncommon:
        notes.append('<p class="small"><b>An uncommon pattern:</b> consider the usual sources first.</p>')
    if point.do_not_press:
        notes.append(f'<p class="note no-press"><b>Do not press this spot yourself.</b> {escape(point.do_not_press)}</p>')
    return "".join(notes)


def trigger_points_html(muscle: Muscle, heading: str = "h4") -> str:
    """Each trigger point: where it is, the referral in words, its main and spillover zones, and any warning."""
    parts = []
    for tp in muscle.trigger_points:
        zones = [labelled("Main pain zone", zone_phrase(tp.essential))]
        if tp.spillover:
            zones.append(labelled("Spillover (sometimes)", zone_phrase(tp.spillover)))
        parts.append(
            f"<{heading}>{escape(tp.name)}</{heading}><p>{escape(tp.location)}</p><p>{escape(tp.referral)}</p>"
            f'<p class="small">{"<br>".join(zones)}</p>{_point_notes(tp)}'
        )
    return "".join(parts)


def technique_body_html(atlas: Atlas, technique: Technique) -> str:
    """Tool, position, steps, pressure, dose, when to stop, cautions and source of one technique."""
    steps = "<ol>" + "".join(f"<li>{escape(s)}</li>" for s in technique.steps) + "</ol>"
    parts = [
        f"<p>{labelled('Tool', TOOL_LABELS[technique.tool])}<br>{labelled('Position', technique.position)}</p>",
        steps,
        f"<p>{labelled('Pressure', technique.pressure)}<br>{labelled('How long and how often', technique.dose)}"
        f"<br>{labelled('Stop if', technique.stop_if)}</p>",
    ]
    if technique.cautions:
        parts.append(f"<p><b>Take care:</b></p>{ul(technique.cautions)}")
    parts.append(f'<p class="small">Source: {escape(technique_sources(atlas, technique))}</p>')
    return "".join(parts)


def rules_html(rules: list[SafetyRule]) -> str:
    """Each rule as a bold title over its short points."""
    return '<ul class="rules-list">' + "".join(
        f"<li><b>{escape(rule.title)}</b>{ul(rule.points)}</li>" for rule in rules
    ) + "</ul>"


def technique_rules_html(atlas: Atlas) -> str:
    return rules_html(technique_rules(atlas.safety))


def cautions_html(atlas: Atlas, muscle: Muscle | None = None) -> str:
    """The muscle's own cautions (if any) over the general ones."""
    own = ul(muscle.cautions) if muscle and muscle.cautions else ""
    return own + rules_html(atlas.safety.general_cautions)


def flag_groups_html(groups: list[FlagGroup], heading: str = "h5") -> str:
    """Warning signs under their urgency: the level's title and action, then each sign with what it may mean."""
    parts = []
    for group in groups:
        items = "".join(
            f"<li><b>{escape(flag.sign)}</b> {escape(flag.means)}"
            + (f" <i>{escape(flag.note)}</i>" if flag.note else "")
            + "</li>"
            for flag in group.flags
        )
        parts.append(
            f'<div class="urgency urgency-{group.urgency.value}"><{heading}>{escape(group.level.title)}</{heading}>'
            f'<p class="action">{escape(group.level.action)}</p><ul>{items}</ul></div>'
        )
    return '<div class="warning-signs">' + "".join(parts) + "</div>"


def muscle_warning_signs_html(atlas: Atlas, muscle: Muscle, heading: str = "h5") -> str:
    return flag_groups_html(flags_by_urgency(atlas.red_flags, muscle.warning_signs), heading)


def clinician_advice_html(atlas: Atlas, muscle: Muscle) -> str:
    """The muscle's own reasons to see a clinician, under the same urgency titles as the warning signs."""
    return "".join(
        f"<p><b>{escape(level.title)}:</b></p>{ul(texts)}" for level, texts in advice_by_urgency(atlas.red_flags, muscle.see_clinician)
    )


def sources_html(atlas: Atlas, muscle: Muscle) -> str:
    return ul([cite(atlas, c) for c in muscle.sources])
