"""The explorer's muscle panel as one block of escaped HTML.

One block instead of dozens of Streamlit elements: the browser renders a click's panel in a few
milliseconds. Secondary sections and every technique are native <details>, so they cost nothing
until opened and work with the keyboard.
"""

from __future__ import annotations

from html import escape

from triggermap.atlas import Atlas
from triggermap.html_text import cautions_text, rules_text, sources_html, technique_body_html, trigger_points_html, ul
from triggermap.models import TOOL_LABELS, Muscle


def details(summary: str, body: str, css_class: str = "", open_: bool = False) -> str:
    return (
        f'<details class="{css_class}"{" open" if open_ else ""}>'
        f"<summary>{escape(summary)}</summary><div>{body}</div></details>"
    )


def section(title: str, body: str) -> str:
    return f"<section><h4>{escape(title)}</h4>{body}</section>"


def panel_head_html(muscle: Muscle, side: str) -> str:
    """Name and side, other names, the one-paragraph summary."""
    aka = f'<p class="aka">Also called: {escape(", ".join(muscle.common_names))}</p>' if muscle.common_names else ""
    return f'<div class="tm-panel"><h3>{escape(muscle.name)} · {escape(side)}</h3>{aka}<p>{escape(muscle.summary)}</p></div>'


def techniques_html(atlas: Atlas, muscle: Muscle) -> str:
    parts = []
    if muscle.self_care_note:
        parts.append(f'<p class="note">{escape(muscle.self_care_note)}</p>')
    if muscle.techniques:
        titles = " · ".join(escape(rule.title) for rule in atlas.safety.technique_rules)
        parts.append(
            f'<div class="rules"><p><b>Safety rules for every technique:</b> {titles}</p>'
            + details("Read the safety rules in full", ul(rules_text(atlas)))
            + "</div>"
        )
    for technique_id in muscle.techniques:
        technique = atlas.techniques[technique_id]
        summary = f"{technique.name} — {TOOL_LABELS[technique.tool]}"
        parts.append(details(summary, technique_body_html(atlas, technique), "technique"))
    return "".join(parts)


def panel_body_html(atlas: Atlas, muscle: Muscle) -> str:
    """Everything below the name: pattern, symptoms, self-care, cautions, sources."""
    causes = ul(muscle.causes)
    if muscle.perpetuating:
        causes += f"<p><b>What can keep it going:</b></p>{ul(muscle.perpetuating)}"
    return "".join([
        '<div class="tm-panel">',
        section("Where its trigger points are", f"<p>{escape(muscle.location)}</p>"),
        section("Where it sends pain", trigger_points_html(muscle, "h5")),
        section("What people notice", ul(muscle.symptoms)),
        section("What you can do at home", techniques_html(atlas, muscle)),
        details("What sets it off", causes),
        details("Cautions: do not self-treat if…", ul(cautions_text(atlas, muscle)), "cautions", open_=True),
        details("When to see a clinician", ul(muscle.see_clinician)),
        details("Sources", sources_html(atlas, muscle)),
        "</div>",
    ])
