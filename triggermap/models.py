"""The shape of the content in data/muscles.yaml, as pydantic models.

Field-level rules live here; rules that need the whole atlas (known zones,
known techniques and sources, unique ids) live in ``atlas.py``.
"""

from __future__ import annotations

from enum import Enum

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


class Tool(str, Enum):
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
    sources: list[Citation] = Field(min_length=1)
    general_advice: bool = False  # common-sense advice; the sources back its safety basis


class TriggerPoint(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    location: str = Field(min_length=1)
    essential: list[str] = Field(min_length=1)
    spillover: list[str] = []
    referral: str = Field(min_length=1, description="the pattern in plain words")


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
    see_clinician: list[str] = Field(min_length=1)
    sources: list[Citation] = Field(min_length=1)

    @field_validator("techniques")
    @classmethod
    def _no_repeats(cls, techniques: list[str]) -> list[str]:
        repeated = sorted({t for t in techniques if techniques.count(t) > 1})
        if repeated:
            raise ValueError(f"lists {', '.join(repeated)} more than once")
        return techniques


class SafetyRule(Strict):
    title: str = Field(min_length=1)
    text: str = Field(min_length=1)


class Safety(Strict):
    technique_rules: list[SafetyRule] = Field(min_length=1)
    general_cautions: list[SafetyRule] = Field(min_length=1)
    sources: list[Citation] = Field(min_length=1)


class PainGuide(Strict):
    """For each zone, the muscles that most often refer pain there, most common first."""

    sources: list[Citation] = Field(min_length=1)
    zones: dict[str, list[str]] = Field(min_length=1)


class Evidence(Strict):
    """One finding for the Evidence & limits page."""

    id: str = Field(pattern=ID_PATTERN)
    topic: str = Field(pattern=r"^(massage|guidelines|limits)$")
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    figures: list[str] = []
    sources: list[Citation] = Field(min_length=1)


class AtlasFile(Strict):
    sources: list[Source] = Field(min_length=1)
    safety: Safety
    techniques: list[Technique] = Field(min_length=1)
    muscles: list[Muscle] = Field(min_length=1)
    pain_guide: PainGuide | None = None
    evidence: list[Evidence] = []
