"""The JSON summary, and writing any output atomically."""

from __future__ import annotations

import csv
import io
import json
import os

from ..analyse.compare import CLASSES, Comparison, count_by_status, field_order
from ..analyse.pipeline import Analysis
from ..collector import gc_paused
from ..problems import Problem, Said, Severity, error, said_in
from ..read.numbers import format_number
from ..report.labels import Labels, hint_text, load_labels
from ..report.records import steps_by_id
from ..resources import default_templates

CHANGE_KEYS = (
    "new",
    "removed",
    "progressed",
    "regressed",
    "unchanged",
    "dropped",
    "postponed",
    "resumed",
    "stalled",
    "overdue",
)
assert set(CLASSES) <= set(CHANGE_KEYS)


def output_problems(paths) -> list[Problem]:
    """Why an output could not be written, found before any work is done: so a run never
    stops after minutes of rendering, or after writing only some of its files."""
    problems = []
    for path in paths:
        where = {"file": str(path)}
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent  # the nearest folder that exists: the rest will be created
        if path.is_dir():
            problems.append(error(Said("output_is_a_folder"), **where))
        elif path.exists() and not path.is_file():  # /dev/null, a pipe: written by renaming
            problems.append(error(Said("output_not_a_file"), **where))  # a new file over it
        elif not folder.is_dir():
            problems.append(error(Said("output_folder_is_a_file", folder=str(folder)), **where))
        elif not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            problems.append(error(Said("output_folder_not_writable", folder=str(folder)), **where))
    return problems


def summary(analysis: Analysis, labels: Labels | None = None) -> dict:
    """The JSON summary; warning, skip and hint texts in the language of `labels` (default:
    German, from the package's templates)."""
    labels = labels or load_labels(default_templates(), "de")
    language = labels.language

    def number(value, decimals):  # the hint texts' figures in their language: 1.234,5 / 1,234.5
        return format_number(value, decimals, language=language)

    comparison: Comparison = analysis.compared
    config = analysis.config
    table = comparison.table
    answered = table[table["status"].notna()]
    per_field = answered["field"].value_counts()
    by_field = {name: int(per_field.get(name, 0)) for name in field_order(config, table)}
    return {
        "year": comparison.year,
        "previous_year": comparison.previous_year,
        "total": len(answered),
        "by_status": count_by_status(table, config),
        "by_field": by_field,
        # the comparison's tables are in natural ID order (validate_year sorts each year)
        "changes": {key: comparison.ids(key) for key in CHANGE_KEYS},
        "measures": measure_dicts(comparison),
        "inputs": [
            {
                "year": data.year,
                "file": s.file,
                "sheet": s.sheet,
                "rows": s.rows,
                "measures": s.measures,
                "skipped": "; ".join(
                    f"{Said('where_row', row=k.source.row).in_language(language)}: "
                    f"{said_in(k.reason, language)}"
                    for k in s.skipped
                ),
            }
            for data in analysis.years
            for s in data.sheets
        ],
        "warnings": [
            p.text(language=language) for p in analysis.problems if p.severity is Severity.WARNING
        ],
        # who has not answered (see responses.py)
        "responses": analysis.responses.as_dict(labels("no_lead")),  # as the report says
        # {"2018": {"nicht begonnen": 3, ...}, ...}: every year read, every status
        "history": analysis.history.status_table() if analysis.history else {},
        "indicators": analysis.indicators.to_json(),
        "revision_hints": [
            h.to_json(hint_text(h, labels, number)) for h in analysis.revision_hints
        ],
    }


MEASURE_KEYS = ("id", "field", "title", "lead", "status", "previous_status", "change",
                "end_year", "stalled", "overdue")  # fmt: skip


def measure_dicts(comparison: Comparison) -> list[dict]:
    """One dict per measure of the reporting year, from the comparison's table."""
    table = comparison.table
    columns = [table[k].astype(object).where(table[k].notna(), None).tolist() for k in MEASURE_KEYS]
    sources = [
        f"{f} / {s or '-'} / {r}"  # as validate.Source prints itself
        for f, s, r in zip(table["file"], table["sheet"], table["row"].tolist(), strict=True)
    ]
    history = comparison.history
    steps = steps_by_id(history.table) if history else {}
    year_keys = {y: str(y) for y in history.years} if history else {}  # "2018", made once
    result = []
    for values, source in zip(zip(*columns, strict=True), sources, strict=True):
        record = dict(zip(MEASURE_KEYS, values, strict=True))
        record["stalled"], record["overdue"] = bool(record["stalled"]), bool(record["overdue"])
        record["source"] = source
        # {"2018": "in Umsetzung", ...}: every year read in which it was reported
        record["path"] = {year_keys[y]: status for y, status in steps.get(record["id"], ())}
        result.append(record)
    return result


CSV_COLUMNS = (
    "id",
    "field",
    "title",
    "lead",
    "previous_status",
    "status",
    "change",
    "end_year",
    "stalled",
    "overdue",
    "source",
)


def measures_csv(analysis: Analysis) -> bytes:
    """All measures of the reporting year as CSV (UTF-8 with BOM, ";" for German Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for measure in measure_dicts(analysis.compared):
        writer.writerow([_not_formula(measure[key]) for key in CSV_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _not_formula(value):
    """Spreadsheet programs run cells starting with these as formulas (OWASP CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def summary_json(analysis: Analysis, labels: Labels | None = None) -> bytes:
    """Indented, but one line per measure and per hint: json writes indented output with its
    pure-Python encoder, which took twice as long as the C one at 20,000 measures."""
    with gc_paused():  # a dict per measure, no cycles: see pipeline.gc_paused
        data = summary(analysis, labels)
        listed = {}
        for key in ONE_LINE_EACH:
            items, data[key] = data[key], _placeholder(key)
            lines = ",\n    ".join(map(_one_line, items))
            listed[json.dumps(_placeholder(key))] = f"[\n    {lines}\n  ]" if items else "[]"
        text = json.dumps(data, ensure_ascii=False, indent=2)
        for placeholder, value in listed.items():
            text = text.replace(placeholder, value, 1)
        return (text + "\n").encode("utf-8")


ONE_LINE_EACH = ("measures", "revision_hints")  # the long lists: thousands of items in a state
# What json.dumps(item, ensure_ascii=False) writes, by one encoder for all items (json.dumps
# makes a new one per call when given options); the items hold no cycles to look for.
_one_line = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _placeholder(key: str) -> str:
    return f"\0{key}\0"  # no spreadsheet text holds a NUL: it cannot clash
