"""Indicator sheets go through the measures' table reader (read/table_reader.py), so their
cells are checked the same way: an Excel error or a formula saved without its result is an
error naming the cell (before: an error value read as "keine Zahl", a formula without a result
silently as a gap), and control characters are removed with a warning (before: kept in the
indicator's name, so a bidi override reached the report)."""

from __future__ import annotations

import openpyxl
from conftest import measure_rows, write_xlsx

from planreview.analyse.pipeline import analyse
from planreview.problems import Severity
from planreview.read.config import Config, Field

CONFIG = Config(fields=(Field("1", "Sprache"),))
HEADER = ["Indikator", "Handlungsfeld", "Jahr", "Wert"]
RLO = "\u202e"


def _inputs(tmp_path, rows, errors=()):
    write_xlsx(tmp_path / "Status_2019.xlsx", measure_rows({"1.1": "in Umsetzung"}))
    write_xlsx(tmp_path / "Status_2020.xlsx", measure_rows({"1.1": "in Umsetzung"}))
    path = tmp_path / "indikatoren.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Indikatoren"
    for row in [HEADER, *rows]:
        sheet.append(row)
    for cell, value in errors:
        sheet[cell] = value
        sheet[cell].data_type = "e"
    workbook.save(path)
    return tmp_path


def _texts(analysis, severity):
    return [p.text() for p in analysis.problems if p.severity is severity]


def test_excel_errors_in_indicator_cells_are_errors_naming_the_cell(tmp_path):
    rows = [
        ["Quote", "1", 2019, "12"],
        ["Quote", "1", 2020, None],  # D3: #DIV/0!
        ["Kurse", "1", None, "7"],  # C4: #N/A
        [None, "1", 2020, "9"],  # A5: #REF! (not the name above filled down)
        ["Treffs", "1", 2020, "=2*3"],  # openpyxl saves the formula without its result
    ]
    errors = [("D3", "#DIV/0!"), ("C4", "#N/A"), ("A5", "#REF!")]
    analysis = analyse(_inputs(tmp_path, rows, errors), CONFIG)
    place = "indikatoren.xlsx, Blatt „Indikatoren“"
    assert _texts(analysis, Severity.ERROR) == [
        f"{place}, Zeile 3, Spalte „Wert“: Zelle D3 enthält den Excel-Fehler #DIV/0! – bitte "
        "die Formel korrigieren oder den Wert eintragen.",
        f"{place}, Zeile 4, Spalte „Jahr“: Zelle C4 enthält den Excel-Fehler #NV – bitte die "
        "Formel korrigieren oder den Wert eintragen.",
        f"{place}, Zeile 5, Spalte „Indikator“: Zelle A5 enthält den Excel-Fehler #BEZUG! – "
        "bitte die Formel korrigieren oder den Wert eintragen.",
        f"{place}, Zeile 6, Spalte „Wert“: Zelle D6 enthält eine Formel ohne berechneten Wert – "
        "die Datei in Excel öffnen und speichern (LibreOffice: Daten > Berechnen > Neu "
        "berechnen).",
    ]
    [sheet] = analysis.indicators.sheets
    assert (sheet.rows, sheet.values) == (5, 1)
    assert [(s.source.row, str(s.reason)) for s in sheet.skipped] == [
        (3, "Wert nicht lesbar (Fehler)"),
        (4, "Jahr nicht lesbar (Fehler)"),
        (5, "Indikator nicht lesbar (Fehler)"),
        (6, "Wert nicht lesbar (Fehler)"),
    ]


def test_control_characters_in_an_indicator_name_are_removed_with_a_warning(tmp_path):
    rows = [[f"Quote {RLO}txet", "1", 2019, "12"], [f"Quote {RLO}txet", "1", 2020, "13"]]
    analysis = analyse(_inputs(tmp_path, rows), CONFIG)
    assert analysis.ok, _texts(analysis, Severity.ERROR)
    [indicator] = analysis.indicators
    assert indicator.name == "Quote txet"
    assert _texts(analysis, Severity.WARNING) == [
        "indikatoren.xlsx, Blatt „Indikatoren“, Zeile 2, Spalte „Indikator“: Zelle A2 enthielt "
        "Steuerzeichen (U+202E), die die Anzeige verfälschen können (z. B. die Schreibrichtung "
        "umkehren); sie wurden entfernt.",
        "indikatoren.xlsx, Blatt „Indikatoren“, Zeile 3, Spalte „Indikator“: Zelle A3 enthielt "
        "Steuerzeichen (U+202E), die die Anzeige verfälschen können (z. B. die Schreibrichtung "
        "umkehren); sie wurden entfernt.",
    ]
