"""Plain-language text about muscles and techniques: zone phrases, citations, a technique's words, the bibliography."""

from __future__ import annotations

from dataclasses import dataclass

from triggermap.atlas import Atlas
from triggermap.models import TOOL_LABELS, Citation, Technique
from triggermap.zones import ZONES


def zone_phrase(zones: list[str]) -> str:
    """``["iliac_crest"]`` -> ``"Iliac crest (along the top rim of the pelvis)"``."""
    return "; ".join(f"{ZONES[z].label} ({ZONES[z].plain})" for z in zones)


def cite(atlas: Atlas, citation: Citation) -> str:
    return f"{atlas.sources[citation.source].citation} — {citation.where}"


def technique_sources(atlas: Atlas, technique: Technique) -> str:
    cited = "; ".join(cite(atlas, c) for c in technique.sources)
    return f"general advice, in line with {cited}" if technique.general_advice else cited


@dataclass(frozen=True)
class TechniqueText:
    """A technique with the words shown around it: its tool's label and its sources."""

    technique: Technique
    tool: str
    sources: str


def technique_text(atlas: Atlas, technique: Technique) -> TechniqueText:
    return TechniqueText(technique, TOOL_LABELS[technique.tool], technique_sources(atlas, technique))


def technique_users(atlas: Atlas) -> dict[str, list[str]]:
    """technique id -> ids of the muscles it serves, in atlas order."""
    users: dict[str, list[str]] = {t: [] for t in atlas.techniques}
    for muscle in atlas.muscles.values():
        for technique_id in muscle.techniques:
            users[technique_id].append(muscle.id)
    return users


@dataclass(frozen=True)
class BibliographyEntry:
    source_id: str
    citation: str
    link: str | None  # https://doi.org/... or the source's own url
    cited_by: list[str]  # "Muscle: Piriformis", "Technique: ...", "Safety rules", "Evidence: ..."


def bibliography(atlas: Atlas) -> list[BibliographyEntry]:
    """Every source with what cites it, sorted by citation text."""
    citing: dict[str, list[str]] = {s: [] for s in atlas.sources}

    def note(citations: list[Citation], what: str) -> None:
        for c in citations:
            if what not in citing[c.source]:
                citing[c.source].append(what)

    note(atlas.safety.sources, "Safety rules")
    for muscle in atlas.muscles.values():
        note(muscle.sources, f"Muscle: {muscle.name}")
    for technique in atlas.techniques.values():
        note(technique.sources, f"Technique: {technique.name}")
    for item in atlas.evidence:
        note(item.sources, f"Evidence: {item.title}")
    if atlas.pain_guide:
        note(atlas.pain_guide.sources, "Ranking: pain guide order")
    entries = []
    for source in atlas.sources.values():
        link = f"https://doi.org/{source.doi}" if source.doi else source.url
        entries.append(BibliographyEntry(source.id, source.citation, link, citing[source.id]))
    return sorted(entries, key=lambda e: e.citation.lower())
