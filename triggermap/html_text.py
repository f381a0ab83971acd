"""The HTML blocks the pages show besides the explorer's panel (triggermap/panel.py), each filled from its
template in triggermap/templates/, where every value is autoescaped: the content file is data, never markup."""

from __future__ import annotations

from triggermap.atlas import Atlas
from triggermap.describe import BibliographyEntry, technique_text
from triggermap.gate import Notice
from triggermap.models import Evidence, Technique
from triggermap.safety import FlagGroup, technique_rules
from triggermap.templates import render


def warning_signs_html(groups: list[FlagGroup], level: int) -> str:
    """Warning signs under their urgency, each urgency's title an ``h<level>``, in a panel box."""
    return render("safety.html.j2", "warning_signs", groups=groups, level=level)


def cautions_html(atlas: Atlas) -> str:
    """The general cautions: when not to self-massage at all."""
    return render("safety.html.j2", "cautions", own=[], general=atlas.safety.general_cautions)


def technique_rules_html(atlas: Atlas, title: str | None = None) -> str:
    """The rules every technique follows, under ``title`` if the page has no heading of its own for them."""
    return render("safety.html.j2", "rules", rules=technique_rules(atlas.safety), title=title)


def technique_html(atlas: Atlas, technique: Technique) -> str:
    """Tool, position, steps, pressure, dose, when to stop, cautions and source of one technique."""
    return render("technique.html.j2", "technique", text=technique_text(atlas, technique))


def evidence_summary_html(item: Evidence) -> str:
    return render("evidence.html.j2", "summary", item=item)


def titled_text_html(title: str, text: str) -> str:
    return render("evidence.html.j2", "titled_text", title=title, text=text)


def titled_list_html(title: str, items: list[str]) -> str:
    return render("evidence.html.j2", "titled_list", title=title, items=items)


def source_entry_html(entry: BibliographyEntry) -> str:
    """A bibliography entry: the citation, its link (web addresses only) and what cites it."""
    return render("sources.html.j2", entry=entry)


def caption_html(text: str) -> str:
    return render("common.html.j2", "caption", text=text)


def reasons_html(reasons: list[str]) -> str:
    return render("reasons.html.j2", reasons=reasons)


def notice_html(notice: Notice | str) -> str:
    """A notice about ignored input: our words as text, each of the person's values as code."""
    if isinstance(notice, str):
        return render("notice.html.j2", parts=[notice], values=())
    return render("notice.html.j2", parts=notice.template.split("{}"), values=notice.values)
