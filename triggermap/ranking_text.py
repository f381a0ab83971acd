"""Words for the "Where does it hurt?" results: why each muscle is listed, and how ranking works."""

from __future__ import annotations

from triggermap.lookup import Candidate
from triggermap.models import Muscle

KIND_WORDS = {"essential": "its main pain zone", "spillover": "a spillover zone"}

RANKING_NOTE = """
Each muscle (one row per side) scores points for every place you marked that its trigger points refer to:

- a place that is the muscle's **main (essential) pain zone** counts fully; a **spillover** place counts 0.4;
- a pattern that is **uncommon** for that muscle counts half, so the usual sources come first;
- a place you rated as **stronger** pain counts more (weight (1 + intensity) / 11);
- the total is multiplied by the **share of your pain the muscle explains**, so a muscle that explains every place
  you marked ranks above one that explains a single place strongly;
- when two muscles are close, the one that more **often** causes pain in that place goes first: an order adapted
  from Travell & Simons' pain guides (*Trigger Point Manual*, vol. 2, and vol. 1 for the trunk), stored with the
  content, adds up to 0.15 per place;
- a muscle explains places on its own side, unless its pattern crosses the midline (rectus abdominis sends pain
  across both sides of the back); the sacrum, tailbone and the area between the legs count for both sides.

The list is a set of places to look, not a diagnosis. Trigger points cannot be confirmed reliably by touch, and the
same pain can come from joints, nerves or organs.
"""


def candidate_reasons(muscle: Muscle, candidate: Candidate) -> list[str]:
    """One line per marked place the muscle explains, naming the trigger points that send pain there."""
    lines = []
    for region, kind in candidate.matches.items():
        senders = [
            tp.name for tp in muscle.trigger_points
            if tp.id in candidate.trigger_points
            and region.zone in (tp.essential if kind == "essential" else tp.spillover)
        ]
        rare = " (an uncommon pattern)" if region in candidate.uncommon else ""
        lines.append(f"{region.name}: {KIND_WORDS[kind]}, from the {' and '.join(senders).lower()}{rare}")
    return lines
