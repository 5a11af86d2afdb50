"""A returned form reads back quietly: no note about the form's own columns (last year's
Status and Sachstand) or its notes sheet; a measure dropped in the base year is marked
answered in the form and not counted as outstanding."""

from __future__ import annotations

import shutil

import openpyxl
from conftest import HEADER, run_cli, write_xlsx

from planreview.collect.formsheet import DATA_SHEET, FIRST_ROW, HEADER_ROW


def _base(inputs):
    rows = [HEADER + ["Begründung"]]
    rows.append(["1.1", "Sprache", "Kurs", "VHS", 2030, "entfallen", "", "keine Mittel"])
    rows.append(["1.2", "Sprache", "Treff", "VHS", 2030, "geplant", "Raum gesucht", ""])
    write_xlsx(inputs / "2020" / "stand.xlsx", rows)


def test_a_returned_form_has_no_notes_about_itself_and_dropped_ones_are_answered(tmp_path):
    inputs = tmp_path / "inputs"
    _base(inputs)
    out = tmp_path / "forms"
    code, _, err = run_cli("forms", "--inputs", str(inputs), "--year", "2021", "--out", str(out))
    assert code == 0, err
    (form,) = out.iterdir()
    workbook = openpyxl.load_workbook(form)
    sheet = workbook[DATA_SHEET]
    column = {c.value: c.column for c in sheet[HEADER_ROW] if c.value}
    assert sheet.cell(FIRST_ROW, column["Status"]).value == "entfallen"  # 1.1, marked answered
    assert sheet.cell(FIRST_ROW + 1, column["Status"]).value is None  # 1.2, to answer
    sheet.cell(FIRST_ROW + 1, column["Status"]).value = "in Umsetzung"  # the actor answers 1.2
    (inputs / "2021").mkdir()
    workbook.save(inputs / "2021" / form.name)
    code, out_text, _ = run_cli("check", "--inputs", str(inputs))
    assert code == 0, out_text
    assert "Nicht ausgewertete Spalten" not in out_text
    assert "Hinweise" not in out_text
    assert (
        "Rückmeldungen 2021: zu allen 2 Maßnahmen aus 2020 liegt ein Status vor (1 Federführung)."
        in out_text
    )


def test_a_plain_workbook_still_gets_its_notes(tmp_path):
    inputs = tmp_path / "inputs"
    _base(inputs)
    shutil.copytree(inputs / "2020", inputs / "2021")
    workbook = openpyxl.load_workbook(inputs / "2021" / "stand.xlsx")
    workbook.active.cell(1, 9).value = "Status 2020"
    workbook.create_sheet("Hinweise").append(["Bitte ausfüllen"])
    workbook.save(inputs / "2021" / "stand.xlsx")
    code, out, _ = run_cli("check", "--inputs", str(inputs))
    assert "Nicht ausgewertete Spalten: „Status 2020“." in out
    assert "Blatt „Hinweise“: Blatt ohne Kopfzeile" in out
