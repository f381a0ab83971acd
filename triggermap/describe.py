"""Plain-language text about muscles and techniques, as Markdown for the pages and the take-home sheet."""

from __future__ import annotations

from dataclasses import dataclass

from triggermap.atlas import Atlas
from triggermap.models import TOOL_LABELS, Citation, Muscle, Technique
from triggermap.zones import ZONES


@dataclass(frozen=True)
class Section:
    title: str
    body: str  # Markdown


def zone_phrase(zones: list[str]) -> str:
    """``["iliac_crest"]`` -> ``"Iliac crest (along the top rim of the pelvis)"``."""
    return "; ".join(f"{ZONES[z].label} ({ZONES[z].plain})" for z in zones)


def bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def cite(atlas: Atlas, citation: Citation) -> str:
    return f"{atlas.sources[citation.source].citation} — {citation.where}"


def referral_markdown(muscle: Muscle) -> str:
    blocks = []
    for tp in muscle.trigger_points:
        lines = [f"**{tp.name}** — {tp.location}", "", tp.referral, "", f"- Main pain zone: {zone_phrase(tp.essential)}"]
        if tp.spillover:
            lines.append(f"- Spillover (sometimes): {zone_phrase(tp.spillover)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def technique_markdown(atlas: Atlas, technique: Technique) -> str:
    steps = "\n".join(f"{i}. {step}" for i, step in enumerate(technique.steps, 1))
    parts = [
        f"**Tool:** {TOOL_LABELS[technique.tool]}",
        f"**Position:** {technique.position}",
        steps,
        f"**Pressure:** {technique.pressure}",
        f"**How long and how often:** {technique.dose}",
        f"**Stop if:** {technique.stop_if}",
    ]
    if technique.cautions:
        parts.append("**Take care:**\n" + bullets(technique.cautions))
    parts.append("**Source:** " + technique_sources(atlas, technique))
    return "\n\n".join(parts)


def technique_sources(atlas: Atlas, technique: Technique) -> str:
    cited = "; ".join(cite(atlas, c) for c in technique.sources)
    return f"general advice, in line with {cited}" if technique.general_advice else cited


def safety_markdown(atlas: Atlas) -> str:
    return bullets([f"**{rule.title}.** {rule.text}" for rule in atlas.safety.technique_rules])


def cautions_markdown(atlas: Atlas, muscle: Muscle | None = None) -> str:
    general = [f"**{rule.title}.** {rule.text}" for rule in atlas.safety.general_cautions]
    specific = muscle.cautions if muscle else []
    return bullets(specific + general)


def muscle_sections(atlas: Atlas, muscle: Muscle) -> list[Section]:
    """The panel's text, in reading order. Techniques are listed separately."""
    causes = bullets(muscle.causes)
    if muscle.perpetuating:
        causes += "\n\n**What can keep it going:**\n\n" + bullets(muscle.perpetuating)
    return [
        Section("Where its trigger points are", muscle.location),
        Section("Where it sends pain", referral_markdown(muscle)),
        Section("What people notice", bullets(muscle.symptoms)),
        Section("What sets it off", causes),
        Section("Cautions: do not self-treat if…", cautions_markdown(atlas, muscle)),
        Section("When to see a clinician", bullets(muscle.see_clinician)),
        Section("Sources", bullets([cite(atlas, c) for c in muscle.sources])),
    ]


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
