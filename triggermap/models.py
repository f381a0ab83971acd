"""The shape of the content in triggermap/content/muscles.yaml, as pydantic models.

Field-level rules live here; rules that need the whole atlas (known zones,
known techniques and sources, unique ids) live in ``atlas.py``.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Citation(Strict):
    source: str  # id of an entry in the top-level ``sources`` list
    where: str = Field(min_length=1, description="chapter, section, page or table")


class Source(Strict):
    id: str = Field(pattern=ID_PATTERN)
    citation: str = Field(min_length=1)
    kind: str = Field(pattern=r"^(book|paper|guideline|review|web)$")
    doi: str | None = None
    url: str | None = None


class Tool(StrEnum):
    ball = "ball"
    foam_roller = "foam_roller"
    massage_gun = "massage_gun"
    thera_cane = "thera_cane"
    hands = "hands"
    stretch = "stretch"
    habit = "habit"


TOOL_LABELS = {
    Tool.ball: "Tennis or lacrosse ball",
    Tool.foam_roller: "Foam roller",
    Tool.massage_gun: "Massage gun",
    Tool.thera_cane: "Thera Cane (hooked cane)",
    Tool.hands: "Your own hands",
    Tool.stretch: "Stretch",
    Tool.habit: "Habit change",
}


class PressureLimit(Strict):
    """How long a pressure technique may go on: it must fit inside the daily limit."""

    seconds_per_spot: int = Field(gt=0)
    minutes_per_day: float = Field(gt=0)


PRESSURE_TOOLS = frozenset({Tool.ball, Tool.foam_roller, Tool.massage_gun, Tool.thera_cane, Tool.hands})


class Technique(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    tool: Tool
    position: str = Field(min_length=1)
    steps: list[str] = Field(min_length=1)
    pressure: str = Field(min_length=1)
    dose: str = Field(min_length=1)
    stop_if: str = Field(min_length=1)
    cautions: list[str] = []
    limit: PressureLimit | None = None  # required for the tools in PRESSURE_TOOLS
    sources: list[Citation] = Field(min_length=1)
    general_advice: bool = False  # common-sense advice; the sources back its safety basis


class Urgency(StrEnum):
    """How soon a warning sign needs medical care, most urgent first."""

    emergency = "emergency"
    same_day = "same_day"
    see_gp = "see_gp"


class Reach(StrEnum):
    """Which side of the body a trigger point sends pain to, relative to its own side."""

    same_side = "same_side"
    both_sides = "both_sides"
    other_side = "other_side"


class Frequency(StrEnum):
    """How often the pattern is seen: an uncommon one weighs less in the ranking."""

    usual = "usual"
    uncommon = "uncommon"


class TriggerPoint(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    at: tuple[float, float] = Field(
        description="where the cross is drawn: [u, y] in the body units of the muscle's view "
                    "(triggermap/bodymap/figure.yaml)"
    )
    location: str = Field(min_length=1)
    essential: list[str] = Field(min_length=1)
    spillover: list[str] = []
    referral: str = Field(min_length=1, description="the pattern in plain words")
    reach: Reach = Reach.same_side
    frequency: Frequency = Frequency.usual
    do_not_press: str | None = Field(
        default=None, min_length=1, description="why a person must not press this spot themselves"
    )


class ClinicianAdvice(Strict):
    """A reason to see a clinician that is specific to one muscle (general warning signs live in red_flags)."""

    urgency: Urgency
    text: str = Field(min_length=1)


class Muscle(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    common_names: list[str] = []
    depth: str = Field(pattern=r"^(superficial|deep)$")
    view: str = Field(pattern=r"^(back|front)$")
    summary: str = Field(min_length=1)
    location: str = Field(min_length=1)
    trigger_points: list[TriggerPoint] = Field(min_length=1)
    symptoms: list[str] = Field(min_length=1)
    causes: list[str] = Field(min_length=1)
    perpetuating: list[str] = []
    techniques: list[str] = []
    self_care_note: str | None = None
    cautions: list[str] = []
    warning_signs: list[str] = Field(min_length=1, description="ids of the red flags most relevant to this muscle")
    see_clinician: list[ClinicianAdvice] = Field(min_length=1)
    sources: list[Citation] = Field(min_length=1)

    @field_validator("techniques")
    @classmethod
    def _no_repeats(cls, techniques: list[str]) -> list[str]:
        repeated = sorted({t for t in techniques if techniques.count(t) > 1})
        if repeated:
            raise ValueError(f"lists {', '.join(repeated)} more than once")
        return techniques


MAX_POINT_WORDS = 40  # safety advice is read in a hurry: one short point at a time


def _short(text: str | None) -> str | None:
    if text and len(text.split()) > MAX_POINT_WORDS:
        raise ValueError(f"has {len(text.split())} words; split it into points of at most {MAX_POINT_WORDS}")
    return text


class SafetyRule(Strict):
    title: str = Field(min_length=1)
    points: list[str] = Field(min_length=1)

    @field_validator("points")
    @classmethod
    def _short_points(cls, points: list[str]) -> list[str]:
        return [_short(point) for point in points]


class DailyLimit(Strict):
    """The most self-massage a day, all pressure techniques together."""

    minutes_per_day: float = Field(gt=0)
    seconds_per_spot: int = Field(gt=0)
    sessions_per_day_to_start: int = Field(gt=0)


class Safety(Strict):
    technique_rules: list[SafetyRule] = Field(min_length=1)
    daily_limit: DailyLimit
    general_cautions: list[SafetyRule] = Field(min_length=1)
    sources: list[Citation] = Field(min_length=1)


class UrgencyLevel(Strict):
    title: str = Field(min_length=1)  # "Emergency now"
    action: str = Field(min_length=1)  # what to do, in the same words everywhere


class RedFlag(Strict):
    id: str = Field(pattern=ID_PATTERN)
    urgency: Urgency
    sign: str = Field(min_length=1, description="what the person notices, in plain words")
    means: str = Field(min_length=1, description="what it may point to")
    note: str | None = Field(default=None, min_length=1, description="when to go up a level")
    sources: list[Citation] = Field(min_length=1)

    _short_texts = field_validator("sign", "means", "note")(_short)


class RedFlags(Strict):
    """Warning signs that pain needs medical care rather than self-massage, each with its urgency."""

    levels: dict[Urgency, UrgencyLevel]
    flags: list[RedFlag] = Field(min_length=1)

    @field_validator("levels")
    @classmethod
    def _every_level(cls, levels: dict[Urgency, UrgencyLevel]) -> dict[Urgency, UrgencyLevel]:
        missing = [u.value for u in Urgency if u not in levels]
        if missing:
            raise ValueError(f"needs wording for every urgency; missing {', '.join(missing)}")
        return levels


class PainGuide(Strict):
    """For each zone, the muscles that most often refer pain there, most common first."""

    sources: list[Citation] = Field(min_length=1)
    zones: dict[str, list[str]] = Field(min_length=1)


class Effect(Strict):
    """One pooled result: a standardised mean difference (SMD) with its 95% confidence interval.

    Below 0 favours massage. The Evidence page draws these as a forest plot and
    writes its text figures from the same numbers (triggermap/forest.py).
    """

    label: str = Field(min_length=1, description="who and when, e.g. 'Recent (acute) pain, short term'")
    comparison: str = Field(min_length=1, description="e.g. 'Massage vs other active treatments'")
    smd: float
    ci_low: float
    ci_high: float
    trials: int = Field(ge=1)
    participants: int = Field(ge=1)
    note: str | None = Field(default=None, min_length=1, description="added after the numbers in the text")

    @field_validator("ci_high")
    @classmethod
    def _interval_holds_estimate(cls, ci_high: float, info) -> float:
        smd, ci_low = info.data.get("smd"), info.data.get("ci_low")
        if smd is not None and ci_low is not None and not ci_low <= smd <= ci_high:
            raise ValueError(f"the interval {ci_low} to {ci_high} must contain the SMD {smd} "
                             "(ci_low <= smd <= ci_high)")
        return ci_high


class Evidence(Strict):
    """One finding for the Evidence & limits page."""

    id: str = Field(pattern=ID_PATTERN)
    topic: str = Field(pattern=r"^(massage|guidelines|limits)$")
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    figures: list[str] = []
    effects: list[Effect] = []  # pooled pain results, drawn as a forest plot
    sources: list[Citation] = Field(min_length=1)


class AtlasFile(Strict):
    sources: list[Source] = Field(min_length=1)
    red_flags: RedFlags
    safety: Safety
    techniques: list[Technique] = Field(min_length=1)
    muscles: list[Muscle] = Field(min_length=1)
    pain_guide: PainGuide | None = None
    evidence: list[Evidence] = []
    synonyms: list[Synonym] = []  # words people type for places: the search and "find a place" use them


class Synonym(Strict):
    """A word people use for a place or a condition: "butt", "SI joint", "sciatica".

    It points to zones, to muscles, or both (atlas.py checks that it points somewhere and that
    every target exists). A muscle's own nicknames belong in its ``common_names`` instead.
    """

    term: str = Field(min_length=1, max_length=40)
    zones: list[str] = []
    muscles: list[str] = []
    note: str | None = Field(default=None, min_length=1, description="shown under a muscle the term names")
