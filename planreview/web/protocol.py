"""The check result as rows for the Prüfen page and as the Prüfprotokoll workbook."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from ..export.workbook import safe_cell
from ..problems import Problem, Said, Severity

# The workbook's column heads, said as Said(f"protocol_{name}").
HEADERS = ("file", "sheet", "row", "column", "message", "kind", "value")
WIDTHS = (40, 18, 8, 18, 90, 10, 24)
RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}


def message(problem: Problem, language: str = "de") -> str:
    """The text `check` prints, without the place (that has its own columns)."""
    text = problem.text(with_file=False, language=language)
    where = problem.location_in_file(language)
    return text[len(where) + 2 :] if where and text.startswith(where + ": ") else text


def problem_rows(problems, language: str = "de") -> list[dict]:
    """Errors first, then warnings, then notes; within each, files in the order found."""
    order: dict[str, int] = {}
    for p in problems:
        order.setdefault(p.file, len(order))
    ranked = sorted(problems, key=lambda p: (RANK[p.severity], order[p.file]))
    return [
        {
            "file": p.file,
            "sheet": p.sheet,
            "row": p.row,
            "column": p.column,
            "message": message(p, language),
            "kind": p.severity.value,
            "kind_word": Said(f"severity_{p.severity}"),
            "value": p.value,
        }
        for p in ranked
    ]


def protocol_xlsx(problems) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = Said("xlsx_protocol")  # as the comparison workbook's protocol sheet
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        safe_cell(sheet.cell(1, column), Said(f"protocol_{header}")).font = Font(bold=True)
        sheet.column_dimensions[chr(64 + column)].width = width
    for n, row in enumerate(problem_rows(problems), start=2):
        values = (
            row["file"] or Said("problems_general"),
            row["sheet"],
            row["row"],
            row["column"],
            row["message"],
            row["kind_word"],
            row["value"],
        )
        for column, value in enumerate(values, start=1):
            safe_cell(sheet.cell(n, column), value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:G{max(sheet.max_row, 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
