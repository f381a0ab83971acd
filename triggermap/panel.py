"""The explorer's muscle panel as one block of escaped HTML.

One block instead of dozens of Streamlit elements: the browser renders a click's panel in a few
milliseconds. Secondary sections and every technique are native <details>, so they cost nothing
until opened and work with the keyboard. Ordered for a patient: what it is, where it sends pain,
the warning signs (always open), what you can do at home, then the rest folded.
"""

from __future__ import annotations

from html import escape

from triggermap.atlas import Atlas
from triggermap.html_text import (
    cautions_html,
    clinician_advice_html,
    flag_groups_html,
    sources_html,
    technique_body_html,
    technique_rules_html,
    trigger_points_html,
    ul,
)
from triggermap.models import TOOL_LABELS, Muscle
from triggermap.safety import flags_by_urgency, technique_rules
from triggermap.zones import Side


def details(summary: str, body: str, css_class: str = "", open_: bool = False) -> str:
    return (
        f'<details class="{css_class}"{" open" if open_ else ""}>'
        f"<summary>{escape(summary)}</summary><div>{body}</div></details>"
    )


def section(title: str, body: str, css_class: str = "") -> str:
    return f'<section class="{css_class}"><h4>{escape(title)}</h4>{body}</section>'


def panel_head_html(muscle: Muscle, side: Side) -> str:
    """Name and side, other names, the one-paragraph summary."""
    aka = f'<p class="aka">Also called: {escape(", ".join(muscle.common_names))}</p>' if muscle.common_names else ""
    return f'<div class="tm-panel"><h3>{escape(muscle.name)} · {escape(side)}</h3>{aka}<p>{escape(muscle.summary)}</p></div>'


def techniques_html(atlas: Atlas, muscle: Muscle) -> str:
    parts = []
    if muscle.self_care_note:
        parts.append(f'<p class="note">{escape(muscle.self_care_note)}</p>')
    if muscle.techniques:
        titles = " · ".join(escape(rule.title) for rule in technique_rules(atlas.safety))
        parts.append(
            f'<div class="rules"><p><b>Safety rules for every technique:</b> {titles}</p>'
            + details("Read the safety rules in full", technique_rules_html(atlas))
            + "</div>"
        )
    for technique_id in muscle.techniques:
        technique = atlas.techniques[technique_id]
        summary = f"{technique.name} — {TOOL_LABELS[technique.tool]}"
        parts.append(details(summary, technique_body_html(atlas, technique), "technique"))
    return "".join(parts)


def warning_signs_html(atlas: Atlas, muscle: Muscle) -> str:
    """The most urgent signs open; the less urgent ones one click away, so self-care stays near the top."""
    most, *rest = flags_by_urgency(atlas.red_flags, muscle.warning_signs)
    titles = " or ".join(group.level.title.lower() for group in rest)
    folded = details(f"More warning signs: {titles}", flag_groups_html(rest)) if rest else ""
    return flag_groups_html([most]) + folded


def panel_body_html(atlas: Atlas, muscle: Muscle) -> str:
    """Everything below the name: pattern, warning signs, self-care, then the folded sections."""
    causes = ul(muscle.causes)
    if muscle.perpetuating:
        causes += f"<p><b>What can keep it going:</b></p>{ul(muscle.perpetuating)}"
    return "".join([
        '<div class="tm-panel">',
        section("Where it sends pain", f"<p>{escape(muscle.location)}</p>" + trigger_points_html(muscle, "h5")),
        section("Warning signs: get medical help", warning_signs_html(atlas, muscle), "warnings"),
        section("What you can do at home", techniques_html(atlas, muscle)),
        details("What people notice", ul(muscle.symptoms)),
        details("What sets it off", causes),
        details("Cautions: do not self-treat if…", cautions_html(atlas, muscle), "cautions"),
        details("Other reasons to see a clinician", clinician_advice_html(atlas, muscle)),
        details("Sources", sources_html(atlas, muscle)),
        "</div>",
    ])
