"""Lines of `check` about the collection round: who still owes an answer, and for which
measures (the analysis gives the figures, analyse/responses.py; the words, messages.toml)."""

from __future__ import annotations

from .analyse.responses import Responses
from .problems import Joined, Said, counted


def describe(result: Responses) -> list[Said]:
    """The lines for `check` (German as printed): who still owes an answer, and for what."""
    year, previous = result.year, result.previous_year
    actors = len(result.actors)
    measures = counted(result.measures, "measures")
    if result.complete:
        return [
            Said(
                "responses_complete",
                year=year,
                measures=measures,
                previous=previous,
                actors=counted(actors, "leads"),
            )
        ]
    lines = [
        Said(
            "responses_outstanding",
            year=year,
            outstanding=sum(a.outstanding for a in result.actors),
            measures=measures,
            previous=previous,
            complete=actors - len(result.outstanding),
            actors=counted(actors, "leads"),
        )
    ]
    if result.silent:
        silent = [
            Said("responses_lead", lead=_named(a.lead), measures=counted(a.measures, "measures"))
            for a in result.silent
        ]
        lines.append(Said("responses_silent", leads=Joined(tuple(silent))))
    for a in result.outstanding:
        lines.append(
            Said(
                "responses_lead_open", lead=_named(a.lead), open=a.outstanding, measures=a.measures
            )
        )
        if a.unanswered:
            lines.append(Said("responses_without_status", measures=_list(a.unanswered)))
        if a.missing:
            lines.append(Said("responses_not_in_files", year=year, measures=_list(a.missing)))
    return lines


def _named(lead: str) -> str:
    return lead or Said("no_lead")  # "": the measures without a lead


def _list(measures) -> str:
    return ", ".join(f"{m.id} {m.title}" for m in measures)
