"""The form workbook of one lead actor: the data sheet with last year's values locked and
this year's input cells with drop-downs, and the notes sheet that explains them."""

from __future__ import annotations

import math
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..export.workbook import safe_cell
from ..problems import Joined, Said
from ..read.columns import COLUMNS
from ..read.config import Config
from ..read.sheets import FORM_KEYWORD
from ..read.validate import NO_FIELD, Measure

# DATA_SHEET and NOTES_SHEET: the sheets' names (messages.toml), said on first use.
SHEET_NAMES = {"DATA_SHEET": "form_sheet_data", "NOTES_SHEET": "form_sheet_notes"}
FREE_ROWS = 10  # empty rows below the list for new measures
TITLE_ROWS = 4  # title, actor, how-to line, column groups; the header row follows
HEADER_ROW = TITLE_ROWS + 1
FIRST_ROW = HEADER_ROW + 1
INLINE_LIST_LIMIT = 255  # Excel's limit for a list written into the validation itself

LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")
INPUT_FILL = PatternFill("solid", fgColor="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="BDD7EE")
MISSING_FILL = PatternFill("solid", fgColor="F8CBAD")
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
BODY = Font(name="Calibri", size=10)
BOLD = Font(name="Calibri", size=10, bold=True)

# What each default status word means, for the notes sheet (Said(f"form_means_{key}"));
# other words are explained by their kind (Said(f"form_means_{kind}")).
MEANINGS = {"nicht begonnen": "not_started", "in Vorbereitung": "preparing",
            "in Umsetzung": "running", "umgesetzt": "implemented", "verstetigt": "established",
            "zurückgestellt": "postponed", "entfallen": "dropped"}  # fmt: skip


def __getattr__(name: str) -> Said:
    if name in SHEET_NAMES:
        return Said(SHEET_NAMES[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _head(key: str, year: int | None = None) -> str:
    """A column's header: the name the reader knows it by (read/columns.py), with a year for
    last year's locked columns (which the reader leaves out)."""
    return COLUMNS[key][0] if year is None else f"{COLUMNS[key][0]} {year}"


@dataclass(frozen=True)
class FormColumn:
    header: str
    width: int
    kind: str  # "locked": pre-filled, grey; "input": this year's answer; "extra": pre-filled,
    # editable, outside the print area


def form_columns(base_year: int) -> tuple[FormColumn, ...]:
    return (
        FormColumn(_head("id"), 8, "locked"),
        FormColumn(_head("title"), 30, "locked"),
        FormColumn(_head("field"), 16, "locked"),
        FormColumn(_head("lead"), 16, "locked"),
        FormColumn(_head("status", base_year), 14, "locked"),  # ignored by the loader
        FormColumn(_head("note", base_year), 38, "locked"),  # ignored by the loader
        FormColumn(_head("status"), 17, "input"),
        FormColumn(_head("note"), 42, "input"),
        FormColumn(_head("end"), 12, "input"),
        FormColumn(_head("reason"), 24, "input"),
        FormColumn(_head("partners"), 26, "extra"),
        FormColumn(_head("target_group"), 26, "extra"),
        FormColumn(_head("start"), 10, "extra"),
    )


def form_workbook(
    measures: list[Measure], lead: str, year: int, base: int, config: Config
) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = Said("form_sheet_data")
    notes = workbook.create_sheet(Said("form_sheet_notes"))
    lists = _notes_sheet(notes, lead, year, base, config)
    _data_sheet(sheet, measures, lead, year, base, config, lists)
    workbook.properties.title = Said("form_document_title", year=year, lead=named(lead))
    workbook.properties.creator = config.office or "planreview"
    workbook.properties.language = "de-DE"
    workbook.properties.keywords = FORM_KEYWORD  # read back: its own columns are not noted
    return workbook


def _title(year: int, config: Config) -> Said:
    if config.concept:
        return Said("form_title_concept", year=year, concept=config.concept)
    return Said("form_title", year=year)


def _who(lead: str) -> Said:
    return Said("form_lead", lead=lead) if lead else Said("form_no_lead")


def named(lead: str) -> str:
    """A lead actor as the forms name it: measures without one ("") in the catalog's words
    (the forms are German; see safe_file_name)."""
    return lead or Said("no_lead")


def _data_sheet(sheet, measures, lead, year, base, config, lists) -> None:
    columns = form_columns(base)
    letter = {c.header: get_column_letter(i) for i, c in enumerate(columns, start=1)}
    letter |= {key: letter[_head(key)] for key in ("id", "title", "field", "status", "reason")}
    last_print = max(i for i, c in enumerate(columns, start=1) if c.kind != "extra")
    last_row = FIRST_ROW + len(measures) + FREE_ROWS - 1
    collection = config.collection
    title = _title(year, config)
    safe_cell(sheet.cell(1, 1), title).font = Font(name="Calibri", size=14, bold=True)
    who = _who(lead)
    if collection.deadline:
        who += Said("form_deadline_short", deadline=collection.deadline)
    if collection.contact:
        who += Said("form_contact_short", contact=collection.contact)
    safe_cell(sheet.cell(2, 1), who).font = BOLD
    safe_cell(sheet.cell(3, 1), Said("form_how_to", base=base)).font = BODY
    groups = (
        ("locked", Said("form_group_locked", base=base)),
        ("input", Said("form_group_input", year=year)),
        ("extra", Said("form_group_extra")),
    )
    for kind, text in groups:
        spots = [i for i, c in enumerate(columns, start=1) if c.kind == kind]
        cell = safe_cell(sheet.cell(TITLE_ROWS, spots[0]), text)
        cell.font = BOLD
        cell.fill = LOCKED_FILL if kind == "locked" else HEADER_FILL
        sheet.merge_cells(
            start_row=TITLE_ROWS, start_column=spots[0], end_row=TITLE_ROWS, end_column=spots[-1]
        )
    for i, column in enumerate(columns, start=1):
        cell = safe_cell(sheet.cell(HEADER_ROW, i), column.header)
        cell.font = BOLD
        cell.fill = LOCKED_FILL if column.kind == "locked" else HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    # A measure dropped in the base year is marked answered: it stays dropped unless the
    # actor says otherwise, and is not counted as outstanding when left as it is.
    dropped = set(config.vocabulary.labels_of("dropped"))
    for n, m in enumerate(measures, start=FIRST_ROW):
        values = {
            _head("status"): m.status if m.status in dropped else None,
            _head("id"): m.id,
            _head("title"): m.title,
            _head("field"): "" if m.field == NO_FIELD else m.field,
            _head("lead"): m.lead,
            _head("status", base): m.status or Said("form_no_answer"),
            _head("note", base): m.note,
            _head("end"): m.end,
            _head("reason"): m.reason,  # a measure that stays dropped keeps its reason
            _head("partners"): m.partners,
            _head("target_group"): m.target_group,
            _head("start"): m.start,
        }
        for i, column in enumerate(columns, start=1):
            cell = safe_cell(sheet.cell(n, i), values.get(column.header) or None)
            _style(cell, locked=column.kind == "locked")
        sheet.cell(n, 1).number_format = "@"
        sheet.row_dimensions[n].height = 13 * _lines(values, columns, minimum=3)
    for n in range(FIRST_ROW + len(measures), last_row + 1):
        for i in range(1, len(columns) + 1):
            _style(sheet.cell(n, i), locked=False)
        sheet.cell(n, 1).number_format = "@"  # "1.10" stays text
        sheet.row_dimensions[n].height = 26
    _validations(sheet, letter, len(measures), last_row, year, config, lists)
    sheet.freeze_panes = f"C{FIRST_ROW}"
    sheet.sheet_view.selection[0].activeCell = f"{letter['status']}{FIRST_ROW}"
    sheet.sheet_view.selection[0].sqref = f"{letter['status']}{FIRST_ROW}"
    _protect_and_print(sheet, HEADER_ROW, f"A1:{get_column_letter(last_print)}{last_row}")
    sheet.oddFooter.left.text = Said("form_document_title", year=year, lead=named(lead))
    sheet.oddFooter.right.text = Said("form_footer_page")


def _style(cell, locked: bool) -> None:
    cell.font = BODY
    cell.alignment = WRAP
    cell.border = BOX
    cell.fill = LOCKED_FILL if locked else INPUT_FILL
    cell.protection = Protection(locked=locked)


def _lines(values: dict, columns, minimum: int) -> int:
    """Rows high enough for the longest wrapped text (Excel does not fit them on opening)."""
    lines = minimum
    for column in columns:
        text = str(values.get(column.header) or "")
        lines = max(lines, math.ceil(len(text) * 1.1 / column.width))
    return lines


def _validations(sheet, letter, count, last_row, year, config, lists) -> None:
    vocabulary = config.vocabulary
    first = FIRST_ROW
    dropped = Joined(tuple(vocabulary.labels_of("dropped")), Said("or"), quoted=True)
    labels = ", ".join(vocabulary.labels)
    status = DataValidation(
        type="list",
        formula1=_list_formula(vocabulary.labels, lists["status"]),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=Said("form_status_invalid"),
        error=_cap(Said("form_status_choose", labels=labels)),
        showInputMessage=True,
        promptTitle=_head("status", year),
        prompt=_cap(
            Said("form_status_prompt_dropped", year=year, dropped=dropped)
            if dropped.items
            else Said("form_status_prompt", year=year)
        ),
    )
    status.add(f"{letter['status']}{first}:{letter['status']}{last_row}")
    sheet.add_data_validation(status)
    reason = DataValidation(
        showInputMessage=True,
        promptTitle=_head("reason"),
        prompt=_cap(
            Said("form_reason_prompt_dropped", dropped=dropped)
            if dropped.items
            else Said("form_reason_prompt")
        ),
    )
    reason.add(f"{letter['reason']}{first}:{letter['reason']}{last_row}")
    sheet.add_data_validation(reason)
    if config.fields and lists.get("fields"):
        field = DataValidation(
            type="list",
            formula1=_list_formula([f.name for f in config.fields], lists["fields"]),
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=_head("field"),
            error=Said("form_field_not_listed"),
        )
        field.add(f"{letter['field']}{first + count}:{letter['field']}{last_row}")
        sheet.add_data_validation(field)
    status_cell = f"${letter['status']}{first}"
    if dropped.items:  # Begründung empty although the measure is dropped: mark it
        words = ",".join(f'{status_cell}="{_q(w)}"' for w in vocabulary.labels_of("dropped"))
        reason_cell = f"{letter['reason']}{first}"
        sheet.conditional_formatting.add(
            f"{reason_cell}:{letter['reason']}{last_row}",
            FormulaRule(formula=[f'AND(OR({words}),{reason_cell}="")'], fill=MISSING_FILL),
        )
    if count < last_row - first + 1:  # a new measure needs Nr. and Maßnahme
        row = first + count
        end = get_column_letter(len(form_columns(0)))
        for key in ("id", "title"):
            cell = f"{letter[key]}{row}"
            sheet.conditional_formatting.add(
                f"{cell}:{letter[key]}{last_row}",
                FormulaRule(
                    formula=[f'AND(COUNTA($A{row}:${end}{row})>0,{cell}="")'], fill=MISSING_FILL
                ),
            )


def _list_formula(values, cell_range: str) -> str:
    """The drop-down's source: the values themselves when Excel allows (no comma or quote,
    at most 255 characters), else the range on the notes sheet that lists them."""
    inline = ",".join(values)
    if len(inline) <= INLINE_LIST_LIMIT and not any("," in v or '"' in v for v in values):
        return f'"{inline}"'
    return cell_range


def _q(text: str) -> str:
    return text.replace('"', '""')


def _cap(text: str, limit: int = 255) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _protect_and_print(sheet, title_row: int, area: str) -> None:
    """Sheet protection without password (it prevents slips, not intent); columns and rows
    may still be resized. Printing: A4 landscape, one page wide, header on every page."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.print_area = area
    sheet.print_title_rows = f"{title_row}:{title_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6


def _notes_sheet(sheet, lead, year, base, config) -> dict[str, str]:
    """The instructions; also holds the lists the drop-downs may refer to. Returns the
    ranges of those lists ("Hinweise!$A$20:$A$26")."""
    vocabulary = config.vocabulary
    collection = config.collection
    office = f" ({config.office})" if config.office else ""
    dropped = Joined(tuple(vocabulary.labels_of("dropped")), Said("or"), quoted=True)
    lines: list[tuple[str, Font | None]] = [
        (Said("form_notes_title"), Font(name="Calibri", size=14, bold=True)),
        (_title(year, config), BOLD),
        (_who(lead), None),
    ]
    if collection.deadline:
        lines.append((Said("form_deadline", deadline=collection.deadline), BOLD))
    if collection.contact:
        lines.append((Said("form_contact", contact=collection.contact), None))
    steps = [
        Said("form_step_sheet", sheet=Said("form_sheet_data"), base=base),
        Said("form_step_status", year=year),
        Said("form_step_note", year=year),
        Said("form_step_end"),
    ]
    if dropped.items:
        steps.append(Said("form_step_dropped", dropped=dropped, base=base))
    deadline = collection.deadline
    steps += [
        Said("form_step_new", office=office),
        Said("form_step_extra", base=base),
        Said("form_step_columns"),
        Said("form_step_save_by", deadline=deadline) if deadline else Said("form_step_save"),
    ]
    lines.append(("", None))
    lines.append((Said("form_how"), BOLD))
    lines += [(f"{n}. {text}", None) for n, text in enumerate(steps, start=1)]
    lines += [("", None), (Said("form_status_words"), BOLD)]
    sheet.column_dimensions["A"].width = 40  # Handlungsfeld names fit on one line
    sheet.column_dimensions["B"].width = 90
    row = 0
    for row, (text, font) in enumerate(lines, start=1):  # one merged, wrapped cell A:B each
        cell = safe_cell(sheet.cell(row, 1), text or None)
        cell.font = font or BODY
        cell.alignment = WRAP
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        if len(text) > 100:
            sheet.row_dimensions[row].height = 13 * math.ceil(len(text) / 100)
    row += 1
    for c, text in enumerate((_head("status"), Said("form_meaning")), start=1):
        cell = safe_cell(sheet.cell(row, c), text)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BOX
    first = row + 1
    for status in vocabulary.statuses:
        row += 1
        meaning = Said(f"form_means_{MEANINGS.get(status.label) or status.kind}")
        for c, text in enumerate((status.label, meaning), start=1):
            cell = safe_cell(sheet.cell(row, c), text)
            cell.font, cell.border, cell.alignment = BODY, BOX, WRAP
    notes = Said("form_sheet_notes")
    ranges = {"status": f"{notes}!$A${first}:$A${row}"}
    if config.fields:
        row += 2
        safe_cell(sheet.cell(row, 1), Said("form_fields")).font = BOLD
        row += 1
        for c, text in enumerate((_head("field"), Said("form_id_starts")), start=1):
            cell = safe_cell(sheet.cell(row, c), text)
            cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BOX
        first = row + 1
        for f in config.fields:
            row += 1
            for c, text in enumerate((f.name, f"{f.code}."), start=1):
                cell = safe_cell(sheet.cell(row, c), text)
                cell.font, cell.border, cell.alignment = BODY, BOX, WRAP
        ranges["fields"] = f"{notes}!$A${first}:$A${row}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return ranges
