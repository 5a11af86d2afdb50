"""Writers of the demo input files (xlsx, ods, csv), used by ``make_demo_inputs.py``.

The writers take rows prepared by the generator (dicts keyed by column key) and the parsed
``scripts/demo/layout.toml``; they know nothing about the design of the data. The output is
deterministic: workbook properties and the time stamps inside the zip containers are fixed,
and openpyxl is kept from switching to lxml (which writes the XML slightly differently).
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

# The same bytes with or without lxml installed: openpyxl reads this when it is imported.
os.environ["OPENPYXL_LXML"] = "False"

import pandas as pd  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402
from openpyxl.worksheet.datavalidation import DataValidation  # noqa: E402
from openpyxl.worksheet.worksheet import Worksheet  # noqa: E402
from openpyxl.writer.excel import ExcelWriter  # noqa: E402

# Fixed time stamp for all entries of the zip containers (xlsx, ods).
ZIP_TIME = (2021, 1, 15, 9, 0, 0)

BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")

HINTS_FIRST_LINE = 3  # row of the first instruction on the "Hinweise" sheet
PICK_LIST_FIRST = 10  # row of the first word of the pick list


def normalized_zip(raw: bytes) -> bytes:
    """Rewrite a zip container with fixed entry time stamps (keeps order and compression)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = info.compress_type
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def save_workbook(wb: Workbook, path: Path, created: datetime, creator: str) -> None:
    """Save without openpyxl's "modified = now" and with fixed zip time stamps."""
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    wb.properties.created = created
    wb.properties.modified = created
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(normalized_zip(buffer.getvalue()))


def write_cell(ws: Worksheet, row: int, col: int, key: str, value: object) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.alignment = WRAP_TOP
    cell.border = BORDER
    if key == "id":
        cell.number_format = "@"  # keep "1.10" as text
    elif isinstance(value, datetime):
        cell.number_format = "DD.MM.YYYY"
    elif isinstance(value, int):
        cell.number_format = "0"


def write_header(
    ws: Worksheet, row: int, headers: Sequence[str], widths: Sequence[int | float]
) -> None:
    for col, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=row, column=col, value=header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGN
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(col)].width = width


def add_status_validation(
    ws: Worksheet, layout: dict, formula: str, col: int, first: int, last: int
) -> None:
    """Drop-down list; only informs on other words, as offices type aliases anyway."""
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="information",
        errorTitle=layout["validation"]["title"],
        error=layout["validation"]["error"],
    )
    letter = get_column_letter(col)
    validation.add(f"{letter}{first}:{letter}{last}")
    ws.add_data_validation(validation)


def write_hints_sheet(wb: Workbook, layout: dict, year: int, status_header: str) -> str:
    """The "Hinweise" sheet with instructions and the pick list; returns the list range."""
    hints = layout["hints"]
    ws = wb.create_sheet(hints["sheet"])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 70
    ws["A1"] = hints["title"]
    ws["A1"].font = TITLE_FONT
    for offset, line in enumerate(hints["lines"]):
        text = line.format(year=year, status_header=status_header)
        ws.cell(row=HINTS_FIRST_LINE + offset, column=1, value=text)
    first = PICK_LIST_FIRST
    ws.cell(row=first - 1, column=1, value=hints["pick_list"]).font = BOLD
    for offset, (word, meaning) in enumerate(hints["meanings"].items()):
        ws.cell(row=first + offset, column=1, value=word)
        ws.cell(row=first + offset, column=2, value=meaning)
    last = first + len(hints["meanings"]) - 1
    return f"{hints['sheet']}!$A${first}:$A${last}"


def write_overview(layout: dict, book: dict, groups: Sequence[Sequence[dict]], path: Path) -> None:
    """One workbook per year: title rows, merged Handlungsfeld groups, spacer rows.

    ``book`` is one ``[[overview.years]]`` table, ``groups`` the rows per Handlungsfeld.
    """
    keys = list(book["columns"])
    headers = list(book["columns"].values())
    wb = Workbook()
    ws = wb.active
    ws.title = layout["overview"]["sheet"]
    ws["A1"] = layout["overview"]["title"].format(year=book["year"])
    ws["A1"].font = TITLE_FONT
    if book.get("subtitle"):
        ws["A2"] = book["subtitle"]
        ws["A2"].font = Font(italic=True)
    header_row = 3
    write_header(ws, header_row, headers, [layout["widths"][key] for key in keys])
    ws.row_dimensions[header_row].height = 32
    field_col = keys.index("field") + 1
    row = header_row + 1
    for index, group in enumerate(groups):
        first = row
        for position, values in enumerate(group):
            for col, key in enumerate(keys, start=1):
                value = values[key]
                if key == "field" and position > 0:
                    value = None  # written once per group, merged below
                write_cell(ws, row, col, key, value)
            row += 1
        if len(group) > 1:
            ws.merge_cells(
                start_row=first, start_column=field_col, end_row=row - 1, end_column=field_col
            )
        if index < len(groups) - 1:
            row += 1  # blank spacer row between groups
    last_row = row - 1
    status_col = keys.index("status") + 1
    status_header = headers[status_col - 1].replace("\n", " ")
    pick_list = write_hints_sheet(wb, layout, book["year"], status_header)
    add_status_validation(ws, layout, f"={pick_list}", status_col, header_row + 1, last_row)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=field_col + 1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(keys))}{last_row}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    save_workbook(wb, path, book["created"], layout["creator"])


def write_return_xlsx(
    layout: dict, spec: dict, rows: list[dict], path: Path, status_words: Sequence[str]
) -> None:
    """One actor's return as xlsx; ``spec`` is one ``[[returns.files]]`` table."""
    columns = layout["returns"]["columns"]
    keys = list(columns)
    wb = Workbook()
    ws = wb.active
    ws.title = spec.get("sheet", layout["returns"]["sheet"])
    header_row = 1
    if spec.get("title"):
        ws["A1"] = spec["title"]
        ws["A1"].font = Font(bold=True, size=12)
        header_row = 2
    write_header(ws, header_row, list(columns.values()), [layout["widths"][key] for key in keys])
    ws.row_dimensions[header_row].height = 32
    for offset, values in enumerate(rows, start=1):
        for col, key in enumerate(keys, start=1):
            write_cell(ws, header_row + offset, col, key, values[key])
    last_row = header_row + len(rows)
    status_col = keys.index("status") + 1
    inline_list = '"' + ",".join(status_words) + '"'
    add_status_validation(ws, layout, inline_list, status_col, header_row + 1, last_row)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    ws.page_setup.orientation = "landscape"
    save_workbook(wb, path, layout["returns"]["created"], layout["creator"])


def write_return_ods(layout: dict, spec: dict, rows: list[dict], path: Path) -> None:
    """One actor's return as LibreOffice ods (written by pandas)."""
    columns = layout["returns"]["columns"]
    frame = pd.DataFrame(
        [[values[key] for key in columns] for values in rows],
        columns=list(columns.values()),
        dtype=object,
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="odf") as writer:
        frame.to_excel(
            writer, sheet_name=spec.get("sheet", layout["returns"]["sheet"]), index=False
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(normalized_zip(buffer.getvalue()))


def csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    return str(value)


def write_return_csv(layout: dict, spec: dict, rows: list[dict], path: Path) -> None:
    """As Excel on Windows exports "CSV (Trennzeichen-getrennt)": ';', cp1252, CRLF."""
    columns = layout["returns"]["columns"]
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    if spec.get("title"):
        writer.writerow([spec["title"]] + [""] * (len(columns) - 1))
    writer.writerow(columns.values())
    for values in rows:
        writer.writerow([csv_text(values[key]) for key in columns])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.getvalue().encode("cp1252"))


def write_indicators(layout: dict, rows: list[dict], path: Path) -> None:
    """Long format: one row per indicator and year (rows keyed by ``[indicators.columns]``)."""
    spec = layout["indicators"]
    keys = list(spec["columns"])
    wb = Workbook()
    ws = wb.active
    ws.title = spec["sheet"]
    ws["A1"] = spec["title"]
    ws["A1"].font = TITLE_FONT
    header_row = 3
    headers, widths = zip(*spec["columns"].values(), strict=True)
    write_header(ws, header_row, headers, widths)
    for offset, values in enumerate(rows, start=1):
        for col, key in enumerate(keys, start=1):
            cell = ws.cell(row=header_row + offset, column=col, value=values[key])
            cell.alignment = WRAP_TOP
            cell.border = BORDER
            if isinstance(values[key], str) and key in ("value", "target"):
                cell.number_format = "@"  # typed as text, as offices often do
    last_row = header_row + len(rows)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(keys))}{last_row}"
    save_workbook(wb, path, spec["created"], layout["creator"])
