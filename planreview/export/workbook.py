"""The comparison as an xlsx workbook for staff: every measure with its status last year and
this year and its change class, one sheet per change class, a summary by Handlungsfeld.

Text from the inputs is always written as text, never as a formula (OWASP "CSV/formula
injection"): see `safe_cell`, which `forms` uses too.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..analyse.compare import NO_RESPONSE, REPORT_ORDER, Comparison, field_order
from ..analyse.pipeline import Analysis
from ..problems import QUOTES, Said, said_in
from ..read.validate import Measure
from ..read.values import natural_key
from ..report import records
from ..report.labels import Labels, load_labels
from ..resources import default_templates

# A cell starting with one of these may be run as a formula by a spreadsheet program.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class Words:
    """The export's words in one language: the report's (labels.toml of the templates used:
    the change classes, one sheet each, the status words, the tool's own "no field", the
    columns both show) and the export's own texts (messages.toml)."""

    labels: Labels
    language: str  # a language messages.toml has (de, en)

    @property
    def changes(self) -> dict[str, str]:
        return self.labels.changes

    def say(self, key: str, **values) -> str:
        return Said(key, **values).in_language(self.language)

    def status(self, label: str | None) -> str:
        return self.labels.status(label) if label else ""

    def field(self, name: str) -> str:
        return self.labels.field(name)


def words_of(labels: Labels) -> Words:
    return Words(labels, labels.language if labels.language in QUOTES else "de")


SHEET_ORDER = (*REPORT_ORDER, NO_RESPONSE)
# The sheets' own names (messages.toml), said in the workbook's language; SUMMARY_SHEET and
# PROTOCOL_SHEET are the German ones (the report's annex names the last). The first sheet is
# named as the report names the list of all measures (labels.toml all_measures).
SHEET_NAMES = {"SUMMARY_SHEET": "xlsx_summary", "PROTOCOL_SHEET": "xlsx_protocol"}
# The measure sheet's columns the report names too -> their labels.toml key.
REPORT_COLUMNS = {"id": "id", "title": "measure", "field": "field", "lead": "lead",
                  "change": "change", "note": "note", "reason": "reason",
                  "source": "source"}  # fmt: skip
# The protocol's columns, said as Said(f"protocol_{name}") in the chosen language (the
# workbench's Prüfprotokoll names its columns from the same family).
PROTOCOL_COLUMNS = ("kind", "year", "file", "sheet", "row", "column", "entry")


def __getattr__(name: str) -> Said:
    if name in SHEET_NAMES:
        return Said(SHEET_NAMES[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def safe_cell(cell, value):
    """Put `value` into `cell`; text stays text. openpyxl stores a str starting with "=" as a
    formula and "#N/A" as an error code: both are set back to a plain string, and text that
    starts like a formula gets Excel's quote prefix, so editing the cell keeps it text.
    Characters an xlsx file cannot hold (control characters) are dropped."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        if cell.data_type != "s":
            cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


@dataclass(frozen=True)
class Row:
    """One line of the export: a measure of the reporting year, or one no longer reported."""

    measure: Measure
    previous_status: str | None
    status: str | None
    change: str
    stalled: bool = False
    overdue: bool = False


def rows_of(comparison: Comparison) -> list[Row]:
    rows = [
        Row(e.measure, e.previous_status, e.measure.status, e.change, e.stalled, e.overdue)
        for e in records.entries(comparison)
    ]
    rows += [Row(m, m.status, None, "removed") for m in records.removed(comparison)]
    return sorted(rows, key=lambda r: natural_key(r.measure.id))


def _in_class(row: Row, key: str) -> bool:
    if key in ("stalled", "overdue"):
        return getattr(row, key)
    return row.change == key


def comparison_workbook(
    analysis: Analysis, language: str | None = None, labels: Labels | None = None
) -> Workbook:
    """The workbook in the language of `labels` (the report's words, from the templates
    used), else of `language` (default: the configuration's) with the package's words."""
    comparison = analysis.compared
    config = analysis.config
    words = words_of(labels or load_labels(default_templates(), language or config.language))
    year, previous = comparison.year, comparison.previous_year
    rows = rows_of(comparison)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name(words.labels("all_measures"), "all")
    _measure_sheet(sheet, rows, year, previous, words)
    for key in SHEET_ORDER:
        _measure_sheet(
            workbook.create_sheet(sheet_name(words.changes[key], key)),
            [r for r in rows if _in_class(r, key)],
            year,
            previous,
            words,
        )
    _summary_sheet(workbook.create_sheet(words.say(SHEET_NAMES["SUMMARY_SHEET"])), analysis, words)
    protocol = workbook.create_sheet(words.say(SHEET_NAMES["PROTOCOL_SHEET"]))
    _protocol_sheet(protocol, analysis, words.language)
    workbook.properties.title = words.say(
        "xlsx_title", concept=config.concept, year=year, previous=previous
    )
    workbook.properties.creator = config.office or "planreview"
    workbook.properties.language = LANGUAGE_TAGS.get(words.language, words.language)
    return workbook


# Excel refuses these in a sheet's name, and names longer than 31 characters or starting or
# ending with an apostrophe; a city's labels.toml may name a change class with any of them.
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]+")


def sheet_name(text: str, fallback: str) -> str:
    """A change class's name as an Excel sheet name: what Excel refuses becomes a space,
    at most 31 characters (cut after a whole word where there is one); the class key if
    nothing is left."""
    name = " ".join(_NOT_IN_SHEET_NAMES.sub(" ", text).split()).strip("'")
    if len(name) > 31:
        cut = name[:32].rsplit(" ", 1)[0] if " " in name[:32] else name[:31]
        name = cut[:31].rstrip()
    return name or fallback


LANGUAGE_TAGS = {"de": "de-DE", "en": "en-GB"}  # the workbook's language property


def comparison_xlsx(
    analysis: Analysis, language: str | None = None, labels: Labels | None = None
) -> bytes:
    buffer = io.BytesIO()
    comparison_workbook(analysis, language, labels).save(buffer)
    return buffer.getvalue()


def _measure_sheet(sheet, rows: list[Row], year: int, previous: int, words: Words) -> None:
    columns = (
        ("id", 8, lambda r: r.measure.id),
        ("title", 40, lambda r: r.measure.title),
        ("field", 24, lambda r: words.field(r.measure.field)),
        ("lead", 22, lambda r: r.measure.lead),
        ("status", 16, lambda r: words.status(r.previous_status)),
        ("status", 16, lambda r: words.status(r.status)),
        ("change", 20, lambda r: words.changes[r.change]),
        ("stalled", 12, lambda r: yes if r.stalled else ""),
        ("overdue", 11, lambda r: yes if r.overdue else ""),
        ("end", 12, lambda r: r.measure.end),
        ("note", 60, lambda r: r.measure.note if r.change != "removed" else ""),
        ("reason", 30, lambda r: r.measure.reason if r.change != "removed" else ""),
        ("source", 40, lambda r: str(r.measure.source)),
    )
    yes, years = words.say("xlsx_yes"), iter((previous, year))

    def head(key: str) -> str:  # as the report names the column, where it shows it
        if key == "status":
            return words.labels("status_in", year=next(years))
        if key in ("stalled", "overdue"):
            return words.changes[key]
        if key in REPORT_COLUMNS:
            return words.labels(REPORT_COLUMNS[key])
        return words.say(f"xlsx_{key}")

    heads = [head(key) for key, _, _ in columns]
    _header(sheet, [(head, width) for head, (_, width, _) in zip(heads, columns, strict=True)])
    wrapped = {"title", "note", "reason", "field", "lead"}
    for n, row in enumerate(rows, start=2):
        for c, (key, _, get) in enumerate(columns, start=1):
            cell = safe_cell(sheet.cell(n, c), get(row))
            cell.alignment = WRAP if key in wrapped else TOP
            if key == "id":
                cell.number_format = "@"
    _finish(sheet, len(columns), len(rows) + 1, freeze="C2")


def _summary_sheet(sheet, analysis: Analysis, words: Words) -> None:
    comparison = analysis.compared
    config = analysis.config
    year, previous = comparison.year, comparison.previous_year
    labels = config.vocabulary.labels
    classes = [k for k in SHEET_ORDER if k != NO_RESPONSE]
    headers = (
        [(words.labels("field"), 34)]
        + [(words.labels("measures_in", year=y), 12) for y in (previous, year)]
        + [(f"{words.status(label)} {year}", 13) for label in labels]
        + [(words.changes[NO_RESPONSE], 13)]
        + [(words.changes[k], 13) for k in classes]
    )
    _header(sheet, headers)
    order = field_order(config, comparison.table, comparison.before)
    grid = summary_counts(comparison, labels, classes)
    lines = [[words.field(name), *grid.loc[name].tolist()] for name in order] + [
        [words.say("xlsx_total"), *grid.sum().tolist()]
    ]
    for n, line in enumerate(lines, start=2):
        for c, value in enumerate(line, start=1):
            cell = safe_cell(sheet.cell(n, c), value)
            cell.alignment = WRAP if c == 1 else TOP
            if n == len(lines) + 1:
                cell.font = HEADER_FONT
    _finish(sheet, len(headers), len(lines) + 1, freeze="B2")


def summary_counts(comparison: Comparison, labels, classes) -> pd.DataFrame:
    """Per Handlungsfeld (the index): its measures last year and this year, this year's per
    status, those without an answer, and per change class (one no longer reported counted in
    its field of last year); whole numbers, zeros kept."""
    table, field = comparison.table, comparison.table["field"]
    columns = [comparison.before["field"].value_counts(), field.value_counts()]
    columns += [(table["status"] == label).groupby(field).sum() for label in labels]
    columns.append((table["change"] == NO_RESPONSE).groupby(field).sum())
    for key in classes:
        if key == "removed":
            columns.append(comparison.removed["field"].value_counts())
        elif key in ("stalled", "overdue"):
            columns.append(table[key].astype(bool).groupby(field).sum())
        else:
            columns.append((table["change"] == key).groupby(field).sum())
    grid = pd.concat(columns, axis=1, keys=range(len(columns)))
    return grid.fillna(0).astype("int64")


def protocol_rows(analysis: Analysis, language: str = "de") -> list[tuple]:
    """Every sheet read (with its reconciliation), every row skipped with its reason, every
    warning and note: (kind, year, file, sheet, row, column, text), in the order read."""

    def kind(name: str) -> str:
        return Said(f"xlsx_kind_{name}").in_language(language)

    found = []
    groups = [(d.year, d.sheets, "xlsx_read_measures", "measures") for d in analysis.years]
    groups.append(("", analysis.indicators.sheets, "xlsx_read_values", "values"))
    for year, sheets, key, kept in groups:
        for s in sheets:
            said = Said(key, header=s.header_row, rows=s.rows, kept=getattr(s, kept),
                        skipped=len(s.skipped), blank=s.blank_rows)  # fmt: skip
            text = said.in_language(language)
            found.append((kind("sheet"), year, s.file, s.sheet, None, "", text))
            for k in s.skipped:
                found.append((kind("skipped"), year, k.source.file, k.source.sheet,
                              k.source.row, "", said_in(k.reason, language)))  # fmt: skip
    for p in analysis.problems:
        body = " ".join(
            [said_in(p.message, language)]
            + ([said_in(p.suggestion, language)] if p.suggestion else [])
            + ([Said("accepted", what=p.accepted).in_language(language)] if p.accepted else [])
        )
        found.append((kind(p.severity.value), "", p.file, p.sheet, p.row, p.column, body))
    return found


def _protocol_sheet(sheet, analysis: Analysis, language: str) -> None:
    language = language if language in QUOTES else "de"
    widths = (18, 7, 40, 18, 7, 16, 90)
    heads = [Said(f"protocol_{c}").in_language(language) for c in PROTOCOL_COLUMNS]
    _header(sheet, list(zip(heads, widths, strict=True)))
    rows = protocol_rows(analysis, language)
    for n, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = safe_cell(sheet.cell(n, c), value)
            cell.alignment = WRAP if c in (3, 7) else TOP
    _finish(sheet, len(widths), len(rows) + 1, freeze="A2")


def _header(sheet, columns: list[tuple[str, int]]) -> None:
    for c, (name, width) in enumerate(columns, start=1):
        cell = safe_cell(sheet.cell(1, c), name)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        sheet.column_dimensions[get_column_letter(c)].width = width


def _finish(sheet, columns: int, last_row: int, freeze: str) -> None:
    sheet.freeze_panes = freeze
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{last_row}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
