"""A printable take-home sheet for one muscle: a self-contained HTML page.

Every piece of content is escaped; the page loads nothing from elsewhere.
"""

from __future__ import annotations

from datetime import date
from html import escape

from triggermap.atlas import Atlas
from triggermap.html_text import (
    cautions_html,
    clinician_advice_html,
    muscle_warning_signs_html,
    sources_html,
    technique_body_html,
    technique_rules_html,
    trigger_points_html,
    ul,
)
from triggermap.models import Muscle
from triggermap.zones import Side

STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; color: #1f2a33; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0; } h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 1px solid #ccd6dd; }
h3 { font-size: 1rem; margin-bottom: 0.2rem; } .note { background: #fff4e5; border-left: 4px solid #e08a00; padding: 0.5rem 0.8rem; }
.small { color: #52616b; font-size: 0.85rem; } @media print { body { margin: 0; } }
.no-press { background: #fdecec; border-left-color: #a61b1b; }
.urgency { border: 2px solid #a61b1b; border-left-width: 6px; border-radius: 6px; padding: 0.3rem 0.8rem; margin: 0.5rem 0; }
.urgency-same_day { border-color: #b45309; border-style: double; } .urgency-see_gp { border-color: #2f6f8f; border-style: dashed; }
.urgency h3 { margin-top: 0.2rem; } .action { font-weight: 600; }
"""


def _techniques_html(atlas: Atlas, muscle: Muscle) -> str:
    techniques = "".join(
        f"<h3>{escape(atlas.techniques[t].name)}</h3>{technique_body_html(atlas, atlas.techniques[t])}"
        for t in muscle.techniques
    )
    if muscle.self_care_note:
        techniques = f'<p class="note">{escape(muscle.self_care_note)}</p>' + techniques
    return techniques


def take_home_sheet(atlas: Atlas, muscle: Muscle, side: Side, today: date | None = None) -> str:
    today = today or date.today()
    body = f"""
<h1>{escape(muscle.name)} ({escape(side)} side)</h1>
<p class="small">Take-home sheet from triggermap, {today.isoformat()}. Education, not a diagnosis.</p>
<p>{escape(muscle.summary)}</p>
<h2>Where it sends pain</h2>{trigger_points_html(muscle, "h3")}
<h2>What people notice</h2>{ul(muscle.symptoms)}
<h2>What sets it off</h2>{ul(muscle.causes + muscle.perpetuating)}
<h2>Warning signs: get medical help</h2>{muscle_warning_signs_html(atlas, muscle, "h3")}
<h2>What you can do at home</h2>{_techniques_html(atlas, muscle)}
<h2>Safety rules for every technique</h2>{technique_rules_html(atlas)}
<h2>Do not self-treat if…</h2>{cautions_html(atlas, muscle)}
<h2>Other reasons to see a clinician</h2>{clinician_advice_html(atlas, muscle)}
<h2>Sources</h2>{sources_html(atlas, muscle)}
"""
    title = escape(f"{muscle.name}: take-home sheet")
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{STYLE}</style></head><body>{body}</body></html>"
    )


def sheet_filename(muscle: Muscle, side: Side) -> str:
    return f"triggermap-{muscle.id}-{side}.html"
