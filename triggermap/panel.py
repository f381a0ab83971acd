"""The explorer's muscle panel as blocks of HTML, filled from triggermap/templates/panel.html.j2.

A few blocks instead of dozens of Streamlit elements: the browser renders a click's panel in a few
milliseconds. Folded sections are native <details>, so they cost nothing until opened and work
with the keyboard. Ordered for a patient reading on a phone: what it is, where it sends pain, what
you can do at home (the first techniques open), when to stop, when to see someone (the most urgent
warning signs always open), then the rest folded.
"""

from __future__ import annotations

from triggermap.atlas import Atlas
from triggermap.describe import cite, technique_text, zone_phrase
from triggermap.models import Muscle
from triggermap.safety import advice_by_urgency, flags_by_urgency, technique_rules
from triggermap.templates import render
from triggermap.zones import Side

OPEN_TECHNIQUES = 2  # the best techniques (listed first in the content) shown open; the rest folded


def panel_head_html(muscle: Muscle, side: Side) -> str:
    """Name and side, other names, the one-paragraph summary. The figure scrolls a phone to this head
    after a tap (triggermap_app/bodymap.js finds it by its data attributes)."""
    return render("panel.html.j2", "head", muscle=muscle, side=side)


def panel_body_html(atlas: Atlas, muscle: Muscle) -> str:
    """Everything below the name: pattern, self-care, when to stop, when to see someone, then the folded rest."""
    return render(
        "panel.html.j2",
        "body",
        muscle=muscle,
        techniques=[technique_text(atlas, atlas.techniques[t]) for t in muscle.techniques],
        open_techniques=OPEN_TECHNIQUES,
        rules=technique_rules(atlas.safety),
        warning_signs=flags_by_urgency(atlas.red_flags, muscle.warning_signs),
        advice=advice_by_urgency(atlas.red_flags, muscle.see_clinician),
        general_cautions=atlas.safety.general_cautions,
        sources=[cite(atlas, c) for c in muscle.sources],
        zone_phrase=zone_phrase,
    )


def start_here_html(atlas: Atlas) -> str:
    """What to do first when no muscle is chosen, with every emergency sign and what to do about it."""
    return render("panel.html.j2", "start_here", emergency=flags_by_urgency(atlas.red_flags)[:1])
