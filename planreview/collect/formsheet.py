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

from ..analyse.responses import NO_LEAD
from ..export.workbook import safe_cell
from ..read.config import Config
from ..read.sheets import FORM_KEYWORD
from ..read.validate import NO_FIELD, Measure

DATA_SHEET = "Maßnahmen"
NOTES_SHEET = "Hinweise"
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

# What each default status means, for the notes sheet; other labels are explained by kind.
MEANINGS = {
    "nicht begonnen": "Die Umsetzung hat noch nicht begonnen.",
    "in Vorbereitung": "Die Umsetzung wird vorbereitet (Planung, Mittel, Partner).",
    "in Umsetzung": "Die Maßnahme läuft.",
    "umgesetzt": "Die Maßnahme ist abgeschlossen.",
    "verstetigt": "Die Maßnahme ist dauerhaft in den Regelbetrieb übergegangen.",
    "zurückgestellt": "Die Umsetzung ruht vorerst; bitte im Sachstand sagen, bis wann.",
    "entfallen": "Die Maßnahme wird nicht weiter verfolgt; Begründung erforderlich.",
}
KIND_MEANINGS = {
    "open": "Die Maßnahme ist noch nicht abgeschlossen.",
    "done": "Die Maßnahme ist abgeschlossen oder dauerhaft eingeführt.",
    "postponed": "Die Umsetzung ruht vorerst; bitte im Sachstand sagen, bis wann.",
    "dropped": "Die Maßnahme wird nicht weiter verfolgt; Begründung erforderlich.",
}


@dataclass(frozen=True)
class FormColumn:
    header: str
    width: int
    kind: str  # "locked": pre-filled, grey; "input": this year's answer; "extra": pre-filled,
    # editable, outside the print area


def form_columns(base_year: int) -> tuple[FormColumn, ...]:
    return (
        FormColumn("Nr.", 8, "locked"),
        FormColumn("Maßnahme", 30, "locked"),
        FormColumn("Handlungsfeld", 16, "locked"),
        FormColumn("Federführung", 16, "locked"),
        FormColumn(f"Status {base_year}", 14, "locked"),  # ignored by the loader
        FormColumn(f"Sachstand {base_year}", 38, "locked"),  # ignored by the loader
        FormColumn("Status", 17, "input"),
        FormColumn("Sachstand", 42, "input"),
        FormColumn("Ende", 12, "input"),
        FormColumn("Begründung", 24, "input"),
        FormColumn("Beteiligte", 26, "extra"),
        FormColumn("Zielgruppe", 26, "extra"),
        FormColumn("Beginn", 10, "extra"),
    )


def form_workbook(
    measures: list[Measure], lead: str, year: int, base: int, config: Config
) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    notes = workbook.create_sheet(NOTES_SHEET)
    lists = _notes_sheet(notes, lead, year, base, config)
    _data_sheet(sheet, measures, lead, year, base, config, lists)
    workbook.properties.title = f"Rückmeldung {year}: {lead}"
    workbook.properties.creator = config.office or "planreview"
    workbook.properties.language = "de-DE"
    workbook.properties.keywords = FORM_KEYWORD  # read back: its own columns are not noted
    return workbook


def _data_sheet(sheet, measures, lead, year, base, config, lists) -> None:
    columns = form_columns(base)
    letter = {c.header: get_column_letter(i) for i, c in enumerate(columns, start=1)}
    last_print = max(i for i, c in enumerate(columns, start=1) if c.kind != "extra")
    last_row = FIRST_ROW + len(measures) + FREE_ROWS - 1
    collection = config.collection
    title = f"Rückmeldung zum Umsetzungsstand {year}"
    if config.concept:
        title += f" – {config.concept}"
    safe_cell(sheet.cell(1, 1), title).font = Font(name="Calibri", size=14, bold=True)
    who = f"Federführung: {lead}" if lead != NO_LEAD else "Maßnahmen ohne Federführung"
    if collection.deadline:
        who += f" · Rückgabe bis {collection.deadline}"
    if collection.contact:
        who += f" · Kontakt: {collection.contact}"
    safe_cell(sheet.cell(2, 1), who).font = BOLD
    safe_cell(
        sheet.cell(3, 1),
        f"Grau: Stand {base}, nicht änderbar. Weiß: bitte ausfüllen, den Status aus der "
        "Auswahlliste. Neue Maßnahmen in die freien Zeilen unter der Liste (Nr. und Maßnahme "
        "sind Pflicht). Mehr im Blatt „Hinweise“.",
    ).font = BODY
    groups = (
        ("locked", f"Stand {base} (zur Information)"),
        ("input", f"Rückmeldung {year} (bitte ausfüllen)"),
        ("extra", "Weitere Angaben (bei Bedarf ändern; nicht gedruckt)"),
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
            "Status": m.status if m.status in dropped else None,
            "Nr.": m.id,
            "Maßnahme": m.title,
            "Handlungsfeld": "" if m.field == NO_FIELD else m.field,
            "Federführung": m.lead,
            f"Status {base}": m.status or "keine Rückmeldung",
            f"Sachstand {base}": m.note,
            "Ende": m.end,
            "Begründung": m.reason,  # a measure that stays dropped keeps its reason
            "Beteiligte": m.partners,
            "Zielgruppe": m.target_group,
            "Beginn": m.start,
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
    sheet.sheet_view.selection[0].activeCell = f"{letter['Status']}{FIRST_ROW}"
    sheet.sheet_view.selection[0].sqref = f"{letter['Status']}{FIRST_ROW}"
    _protect_and_print(sheet, HEADER_ROW, f"A1:{get_column_letter(last_print)}{last_row}")
    sheet.oddFooter.left.text = f"Rückmeldung {year}: {lead}"
    sheet.oddFooter.right.text = "Seite &P von &N"


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
    dropped = [f"„{label}“" for label in vocabulary.labels_of("dropped")]
    labels = ", ".join(vocabulary.labels)
    status = DataValidation(
        type="list",
        formula1=_list_formula(vocabulary.labels, lists["status"]),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Ungültiger Status",
        error=_cap(f"Bitte einen Status aus der Auswahlliste wählen: {labels}."),
        showInputMessage=True,
        promptTitle=f"Status {year}",
        prompt=_cap(
            f"Stand Ende {year} aus der Auswahlliste wählen."
            + (f" Bei {' oder '.join(dropped)} bitte eine Begründung angeben." if dropped else "")
        ),
    )
    status.add(f"{letter['Status']}{first}:{letter['Status']}{last_row}")
    sheet.add_data_validation(status)
    reason = DataValidation(
        showInputMessage=True,
        promptTitle="Begründung",
        prompt=_cap(
            f"Pflicht, wenn der Status {' oder '.join(dropped)} ist: warum, und was an die "
            "Stelle der Maßnahme tritt."
            if dropped
            else "Warum sich die Maßnahme geändert hat (optional)."
        ),
    )
    reason.add(f"{letter['Begründung']}{first}:{letter['Begründung']}{last_row}")
    sheet.add_data_validation(reason)
    if config.fields and lists.get("fields"):
        field = DataValidation(
            type="list",
            formula1=_list_formula([f.name for f in config.fields], lists["fields"]),
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Handlungsfeld",
            error="Dieses Handlungsfeld steht nicht in der Liste. Trotzdem übernehmen?",
        )
        field.add(f"{letter['Handlungsfeld']}{first + count}:{letter['Handlungsfeld']}{last_row}")
        sheet.add_data_validation(field)
    status_cell = f"${letter['Status']}{first}"
    if dropped:  # Begründung empty although the measure is dropped: mark it
        words = ",".join(f'{status_cell}="{_q(w)}"' for w in vocabulary.labels_of("dropped"))
        reason_cell = f"{letter['Begründung']}{first}"
        sheet.conditional_formatting.add(
            f"{reason_cell}:{letter['Begründung']}{last_row}",
            FormulaRule(formula=[f'AND(OR({words}),{reason_cell}="")'], fill=MISSING_FILL),
        )
    if count < last_row - first + 1:  # a new measure needs Nr. and Maßnahme
        row = first + count
        end = get_column_letter(len(form_columns(0)))
        for key in ("Nr.", "Maßnahme"):
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
    dropped = " oder ".join(f"„{w}“" for w in vocabulary.labels_of("dropped"))
    lines: list[tuple[str, Font | None]] = [
        ("Hinweise zum Ausfüllen", Font(name="Calibri", size=14, bold=True)),
        (
            f"Rückmeldung zum Umsetzungsstand {year}"
            + (f" – {config.concept}" if config.concept else ""),
            BOLD,
        ),
        (f"Federführung: {lead}" if lead != NO_LEAD else "Maßnahmen ohne Federführung", None),
    ]
    if collection.deadline:
        lines.append((f"Rückgabe bis: {collection.deadline}", BOLD))
    if collection.contact:
        lines.append((f"Kontakt: {collection.contact}", None))
    steps = [
        f"Im Blatt „{DATA_SHEET}“ steht jede Maßnahme, für die Sie die Federführung haben, "
        f"mit dem Stand {base} (grau hinterlegt, nicht änderbar).",
        f"Wählen Sie in der Spalte „Status“ für jede Maßnahme den Stand Ende {year} aus der "
        "Auswahlliste (Pfeil rechts neben der Zelle). Andere Einträge werden nicht angenommen. "
        "Eine leere Zelle bedeutet „noch keine Rückmeldung“.",
        f"Beschreiben Sie unter „Sachstand“ in wenigen Sätzen, was {year} geschehen ist und "
        "was als Nächstes geplant ist.",
        "„Ende“ ist mit dem bisher geplanten Ende vorausgefüllt. Bitte ändern, wenn sich der "
        "Zeitplan verschoben hat (Datum, Jahreszahl oder „fortlaufend“).",
    ]
    if dropped:
        steps.append(
            f"Entfällt eine Maßnahme, wählen Sie {dropped} und geben Sie unter „Begründung“ "
            "an, warum – und was an ihre Stelle tritt. Eine fehlende Begründung wird farbig "
            f"markiert und später nachgefragt. Bei Maßnahmen, die schon {base} entfallen "
            "waren, ist die Begründung von damals eingetragen."
        )
    steps += [
        "Neue Maßnahme: bitte in eine freie Zeile unter der Liste eintragen. Nr. und Maßnahme "
        "(Titel) sind Pflicht; bitte auch Handlungsfeld, Federführung und Status angeben. "
        f"Die neue Nr. stimmen Sie bitte vorher mit der koordinierenden Stelle ab{office}.",
        f"Beteiligte, Zielgruppe und Beginn (rechts, nicht gedruckt) sind aus {base} "
        "übernommen; bitte bei Bedarf aktualisieren.",
        "Bitte keine Spalten einfügen, löschen oder umbenennen und keine Maßnahmen löschen. "
        "Stimmen Titel oder Federführung nicht mehr, vermerken Sie das bitte im Sachstand.",
        "Speichern Sie die Datei als Excel-Arbeitsmappe (.xlsx) und senden Sie sie zurück"
        + (f", bis {collection.deadline}" if collection.deadline else "")
        + ". Den Dateinamen bitte beibehalten.",
    ]
    lines.append(("", None))
    lines.append(("So geht es", BOLD))
    lines += [(f"{n}. {text}", None) for n, text in enumerate(steps, start=1)]
    lines += [("", None), ("Die Status-Wörter", BOLD)]
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
    for c, text in enumerate(("Status", "Bedeutung"), start=1):
        cell = safe_cell(sheet.cell(row, c), text)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BOX
    first = row + 1
    for status in vocabulary.statuses:
        row += 1
        meaning = MEANINGS.get(status.label) or KIND_MEANINGS[status.kind]
        for c, text in enumerate((status.label, meaning), start=1):
            cell = safe_cell(sheet.cell(row, c), text)
            cell.font, cell.border, cell.alignment = BODY, BOX, WRAP
    ranges = {"status": f"{NOTES_SHEET}!$A${first}:$A${row}"}
    if config.fields:
        row += 2
        safe_cell(sheet.cell(row, 1), "Die Handlungsfelder").font = BOLD
        row += 1
        for c, text in enumerate(("Handlungsfeld", "Nr. beginnt mit"), start=1):
            cell = safe_cell(sheet.cell(row, c), text)
            cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BOX
        first = row + 1
        for f in config.fields:
            row += 1
            for c, text in enumerate((f.name, f"{f.code}."), start=1):
                cell = safe_cell(sheet.cell(row, c), text)
                cell.font, cell.border, cell.alignment = BODY, BOX, WRAP
        ranges["fields"] = f"{NOTES_SHEET}!$A${first}:$A${row}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return ranges
