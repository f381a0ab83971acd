"""Escaped HTML pieces shared by the explorer's muscle panel and the take-home sheet.

Every piece of content passes through ``escape``: the content file is data, never markup.
"""

from __future__ import annotations

from html import escape

from triggermap.atlas import Atlas
from triggermap.describe import cite, technique_sources, zone_phrase
from triggermap.models import TOOL_LABELS, Muscle, Technique


def ul(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def labelled(label: str, text: str) -> str:
    return f"<b>{escape(label)}:</b> {escape(text)}"


def trigger_points_html(muscle: Muscle, heading: str = "h4") -> str:
    """Each trigger point: where it is, the referral in words, its main and spillover zones."""
    parts = []
    for tp in muscle.trigger_points:
        zones = [labelled("Main pain zone", zone_phrase(tp.essential))]
        if tp.spillover:
            zones.append(labelled("Spillover (sometimes)", zone_phrase(tp.spillover)))
        parts.append(
            f"<{heading}>{escape(tp.name)}</{heading}><p>{escape(tp.location)}</p><p>{escape(tp.referral)}</p>"
            f'<p class="small">{"<br>".join(zones)}</p>'
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


def rules_text(atlas: Atlas) -> list[str]:
    return [f"{rule.title}. {rule.text}" for rule in atlas.safety.technique_rules]


def cautions_text(atlas: Atlas, muscle: Muscle) -> list[str]:
    return muscle.cautions + [f"{rule.title}. {rule.text}" for rule in atlas.safety.general_cautions]


def sources_html(atlas: Atlas, muscle: Muscle) -> str:
    return ul([cite(atlas, c) for c in muscle.sources])
