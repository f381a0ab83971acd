"""A printable take-home sheet for one muscle: a self-contained HTML page.

Every piece of content is escaped; the page loads nothing from elsewhere.
"""

from __future__ import annotations

from datetime import date
from html import escape

from triggermap.atlas import Atlas
from triggermap.describe import cite, technique_sources, zone_phrase
from triggermap.models import TOOL_LABELS, Muscle

STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; color: #1f2a33; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0; } h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 1px solid #ccd6dd; }
h3 { font-size: 1rem; margin-bottom: 0.2rem; } .note { background: #fff4e5; border-left: 4px solid #e08a00; padding: 0.5rem 0.8rem; }
.small { color: #52616b; font-size: 0.85rem; } @media print { body { margin: 0; } }
"""


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def _technique_html(atlas: Atlas, technique_id: str) -> str:
    t = atlas.techniques[technique_id]
    steps = "<ol>" + "".join(f"<li>{escape(s)}</li>" for s in t.steps) + "</ol>"
    rows = [
        f"<h3>{escape(t.name)}</h3>",
        f"<p><b>Tool:</b> {escape(TOOL_LABELS[t.tool])}. <b>Position:</b> {escape(t.position)}</p>",
        steps,
        f"<p><b>Pressure:</b> {escape(t.pressure)}<br><b>How long and how often:</b> {escape(t.dose)}"
        f"<br><b>Stop if:</b> {escape(t.stop_if)}</p>",
    ]
    if t.cautions:
        rows.append(_list(t.cautions))
    rows.append(f'<p class="small">Source: {escape(technique_sources(atlas, t))}</p>')
    return "".join(rows)


def take_home_sheet(atlas: Atlas, muscle: Muscle, side: str, today: date | None = None) -> str:
    today = today or date.today()
    referral = "".join(
        f"<h3>{escape(tp.name)}</h3><p>{escape(tp.referral)}</p>"
        f"<p class='small'>Main zone: {escape(zone_phrase(tp.essential))}"
        + (f"<br>Spillover: {escape(zone_phrase(tp.spillover))}" if tp.spillover else "")
        + "</p>"
        for tp in muscle.trigger_points
    )
    techniques = "".join(_technique_html(atlas, t) for t in muscle.techniques)
    if muscle.self_care_note:
        techniques = f'<p class="note">{escape(muscle.self_care_note)}</p>' + techniques
    rules = [f"{r.title}. {r.text}" for r in atlas.safety.technique_rules]
    cautions = muscle.cautions + [f"{r.title}. {r.text}" for r in atlas.safety.general_cautions]
    body = f"""
<h1>{escape(muscle.name)} ({escape(side)} side)</h1>
<p class="small">Take-home sheet from triggermap, {today.isoformat()}. Education, not a diagnosis.</p>
<p>{escape(muscle.summary)}</p>
<h2>Where it sends pain</h2>{referral}
<h2>What people notice</h2>{_list(muscle.symptoms)}
<h2>What sets it off</h2>{_list(muscle.causes + muscle.perpetuating)}
<h2>What you can do at home</h2>{techniques}
<h2>Safety rules for every technique</h2>{_list(rules)}
<h2>Do not self-treat if…</h2>{_list(cautions)}
<h2>When to see a clinician</h2>{_list(muscle.see_clinician)}
<p class="note">Get urgent medical help for new bladder or bowel problems, numbness between the legs or around
the back passage, or leg weakness that is getting worse.</p>
<h2>Sources</h2>{_list([cite(atlas, c) for c in muscle.sources])}
"""
    title = escape(f"{muscle.name}: take-home sheet")
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{STYLE}</style></head><body>{body}</body></html>"
    )


def sheet_filename(muscle: Muscle, side: str) -> str:
    return f"triggermap-{muscle.id}-{side}.html"
