"""Red flags: signs that low back or leg pain needs a doctor rather than self-massage.

Follows NICE CKS "Back pain - low (without radiculopathy)" and NICE NG59 for
serious causes, and the NHS cauda equina syndrome page for the emergency signs.
"""

from __future__ import annotations

from dataclasses import dataclass

EMERGENCY = "emergency"
URGENT = "urgent"


@dataclass(frozen=True)
class RedFlag:
    id: str
    question: str
    level: str  # EMERGENCY: go to an emergency department now; URGENT: see a doctor soon


RED_FLAGS = (
    RedFlag("bladder_bowel", "New loss of bladder or bowel control, or difficulty passing urine", EMERGENCY),
    RedFlag("saddle_numbness", "Numbness around the genitals, buttocks or back passage", EMERGENCY),
    RedFlag("sexual_dysfunction", "New problems with sexual function (such as loss of sensation)", EMERGENCY),
    RedFlag("leg_weakness", "Leg weakness that is getting worse, or sciatica in both legs", EMERGENCY),
    RedFlag("infection", "Fever or feeling unwell, a recent infection, IV drug use or a weak immune system", URGENT),
    RedFlag("trauma", "A fall or injury, or osteoporosis or long-term steroid use", URGENT),
    RedFlag("cancer", "A history of cancer, unexplained weight loss, or pain at night that does not ease", URGENT),
    RedFlag("age", "This back pain is new and you are under 20 or over 50", URGENT),
)

EMERGENCY_ADVICE = (
    "Go to an emergency department now (or call an ambulance). These can be signs of cauda equina "
    "syndrome, pressure on the nerves at the base of the spine, which needs treatment within hours "
    "to avoid permanent damage. Do not self-massage."
)
URGENT_ADVICE = (
    "See a doctor soon, within days, before trying self-massage. These can point to a cause other than "
    "muscles, such as a fracture, an infection or, rarely, a cancer, that needs checking."
)
SOURCES = (
    "NICE Clinical Knowledge Summaries: Back pain - low (without radiculopathy), red flags for serious causes.",
    "NICE guideline NG59: Low back pain and sciatica in over 16s: assessment and management (2016, updated 2020).",
    "NHS: Cauda equina syndrome (nhs.uk conditions page).",
)


def advice_for(answers: set[str]) -> tuple[str, str] | None:
    """The most urgent advice for the ticked red-flag ids: (level, text), or None when none is ticked."""
    levels = {flag.level for flag in RED_FLAGS if flag.id in answers}
    if EMERGENCY in levels:
        return EMERGENCY, EMERGENCY_ADVICE
    if URGENT in levels:
        return URGENT, URGENT_ADVICE
    return None
