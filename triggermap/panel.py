"""The explorer's muscle panel as one block of escaped HTML.

One block instead of dozens of Streamlit elements: the browser renders a click's panel in a few
milliseconds. Folded sections are native <details>, so they cost nothing until opened and work
with the keyboard. Ordered for a patient reading on a phone: what it is, where it sends pain, what
you can do at home (the first techniques open), when to stop, when to see someone (the most urgent
warning signs always open), then the rest folded.
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
    return f'<section class="{css_class}"><h3>{escape(title)}</h3>{body}</section>'


OPEN_TECHNIQUES = 2  # the best techniques (listed first in the content) shown open; the rest folded


def panel_head_html(muscle: Muscle, side: Side) -> str:
    """Name and side, other names, the one-paragraph summary. The figure scrolls a phone to this head
    after a tap (triggermap_app/bodymap.js finds it by its data attributes)."""
    aka = f'<p class="aka">Also called: {escape(", ".join(muscle.common_names))}</p>' if muscle.common_names else ""
    return (
        f'<div class="tm-panel tm-panel-head" data-muscle="{escape(muscle.id)}" data-side="{escape(side)}">'
        f'<h2>{escape(muscle.name)} · {escape(side)}</h2>{aka}<p>{escape(muscle.summary)}</p>'
        '<p class="to-figure"><a href="#tm-figure">See it on the figure</a></p></div>'
    )


def techniques_html(atlas: Atlas, muscle: Muscle) -> str:
    """The self-care note, then each technique: the first ones open, the others one click away."""
    parts = [f'<p class="note">{escape(muscle.self_care_note)}</p>'] if muscle.self_care_note else []
    for rank, technique_id in enumerate(muscle.techniques):
        technique = atlas.techniques[technique_id]
        summary = f"{technique.name} — {TOOL_LABELS[technique.tool]}"
        parts.append(details(summary, technique_body_html(atlas, technique), "technique", open_=rank < OPEN_TECHNIQUES))
    return "".join(parts)


def when_to_stop_html(atlas: Atlas) -> str:
    """The rules every technique follows: their titles in one line, in full one click away."""
    titles = " · ".join(escape(rule.title) for rule in technique_rules(atlas.safety))
    return f'<div class="rules"><p>{titles}</p>{details("Read the rules in full", technique_rules_html(atlas))}</div>'


def warning_signs_html(atlas: Atlas, muscle: Muscle) -> str:
    """The most urgent signs open; the less urgent ones one click away, so self-care stays near the top."""
    most, *rest = flags_by_urgency(atlas.red_flags, muscle.warning_signs)
    titles = " or ".join(group.level.title.lower() for group in rest)
    folded = details(f"More warning signs: {titles}", flag_groups_html(rest, "h4")) if rest else ""
    return flag_groups_html([most], "h4") + folded


def panel_body_html(atlas: Atlas, muscle: Muscle) -> str:
    """Everything below the name: pattern, self-care, when to stop, when to see someone, then the folded rest."""
    causes = ul(muscle.causes)
    if muscle.perpetuating:
        causes += f"<p><b>What can keep it going:</b></p>{ul(muscle.perpetuating)}"
    self_care = [section("What you can do at home", techniques_html(atlas, muscle))]
    if muscle.techniques:
        self_care.append(section("When to stop", when_to_stop_html(atlas)))
    return "".join([
        '<div class="tm-panel">',
        section("Where it sends pain", f"<p>{escape(muscle.location)}</p>" + trigger_points_html(muscle, "h4")),
        *self_care,
        section("When to see someone", warning_signs_html(atlas, muscle)
                + details("Other reasons to see a clinician", clinician_advice_html(atlas, muscle)), "warnings"),
        details("What people notice", ul(muscle.symptoms)),
        details("What sets it off", causes),
        details("Cautions: do not self-treat if…", cautions_html(atlas, muscle), "cautions"),
        details("Sources", sources_html(atlas, muscle)),
        "</div>",
    ])
