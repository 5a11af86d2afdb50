"""The lines `check` prints, from the analysis' data: inputs, years, sheets and their
reconciliation, and the collection round: who still owes an answer, and for which measures
(the figures from analyse/responses.py; the words, messages.toml)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .analyse.responses import Responses
from .problems import Joined, Said, counted

if TYPE_CHECKING:
    from .analyse.pipeline import Analysis


def check_lines(analysis: Analysis, inputs) -> list:
    """What `check` prints before the problems (Said lines, said in the language chosen when
    printed): the inputs and years, every year's sheets with their reconciliation and skipped
    rows, the unanswered measures by lead, the indicator sheets, who still owes an answer."""
    out = []
    years = analysis.discovery.years
    out.append(Said("check_inputs", inputs=str(inputs)))
    out.append(Said("check_years", years=", ".join(map(str, years)) or Said("check_no_years")))
    if analysis.years:
        shown = [str(d.year) for d in analysis.years]
        previous = shown[1] if len(shown) > 1 else "–"
        since = {"first": min(shown)} if len(shown) > 2 else {}
        key = "check_report_since" if since else "check_report"
        out.append(Said(key, year=shown[0], previous=previous, **since))
    for data in analysis.years:
        out.append("")
        out.append(
            Said("check_year", year=data.year, measures=counted(len(data.measures), "measures"))
        )
        for s in data.sheets:
            measures = counted(s.measures, "measures")
            out += _sheet_lines("check_sheet", s, measures=measures, blank=s.blank_rows)
        missing = data.unanswered
        if missing:
            out.append(Said("check_unanswered", count=len(missing)))
            by_lead: dict[str, list] = {}
            for m in missing:
                by_lead.setdefault(m.lead or Said("no_lead"), []).append(m)
            for lead, measures in sorted(by_lead.items()):
                out.append(f"    {lead}: " + ", ".join(f"{m.id} {m.title}" for m in measures))
    for sheet in analysis.indicators.sheets:
        values = counted(sheet.values, "values")
        out += ["", *_sheet_lines("check_indicator_sheet", sheet, values=values)]
    if analysis.responses is not None:  # who has not answered, per lead of the previous year
        out += ["", *describe(analysis.responses)]
    return out


def _sheet_lines(key: str, sheet, **counts) -> list[Said]:
    """A sheet read (measures or indicators) with its reconciliation, then each row skipped."""
    said = Said(
        key,
        place=_sheet_place(sheet),
        header=sheet.header_row,
        rows=counted(sheet.rows, "rows"),
        skipped=len(sheet.skipped),
        **counts,
    )
    return [
        said,
        *(Said("check_skipped", row=k.source.row, reason=k.reason) for k in sheet.skipped),
    ]


def _sheet_place(sheet) -> Said:
    """ "a.xlsx, Blatt „Maßnahmen“", or the file alone (a CSV has no sheets)."""
    if not sheet.sheet:
        return Said("check_file", file=sheet.file)
    return Said("check_file_sheet", file=sheet.file, sheet=sheet.sheet)


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
