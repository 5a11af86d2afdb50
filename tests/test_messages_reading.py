"""The errors of reading the workbooks (files, sheets, cells, rows) are catalog messages:
German as before, and sayable in English. The expected texts are written out here."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import measure_rows, write_xlsx

from planreview import analyse
from planreview.analyse.pipeline import choose_years
from planreview.problems import Said, error
from planreview.read.discover import InputFile
from planreview.read.tables import read_file


def _errors(path: Path, year: int = 2021):
    return [p for p in read_file(InputFile(path, path.name, year)).problems if p.is_error]


def test_errors_must_come_from_the_catalog_too():
    with pytest.raises(TypeError, match="catalog"):
        error("Die Datei ist leer.")
    with pytest.raises(TypeError, match="catalog"):
        error(f"Zeile {3}: kein Status")
    assert error(Said("file_empty"), file="a.xlsx").text() == "a.xlsx: Die Datei ist leer."


def test_a_file_that_is_not_a_workbook_is_said_in_english(tmp_path):
    """sheets.py: the refusal travels as a Said inside Unreadable."""
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"Nr.;Status\n1.1;umgesetzt\n")
    [problem] = _errors(path)
    assert problem.text() == (
        "plan.xlsx: Die Datei ist keine Excel-Arbeitsmappe, obwohl sie auf .xlsx endet. Bitte in "
        "der Tabellenkalkulation öffnen und als .xlsx speichern."
    )
    assert problem.text(language="en") == (
        "plan.xlsx: The file is not an Excel workbook, although its name ends in .xlsx. Please "
        "open it in the spreadsheet program and save it as .xlsx."
    )


def test_a_stray_far_cell_is_said_in_english_with_its_thousands_separator(tmp_path):
    """extent.py: TooLarge carries the Said through sheets.Unreadable to the Problem."""
    path = write_xlsx(tmp_path / "plan.xlsx", measure_rows({"1.1": "umgesetzt"}))
    workbook = openpyxl.load_workbook(path)
    workbook["Maßnahmen"]["XFD1048576"] = "x"
    workbook.save(path)
    [problem] = _errors(path)
    assert problem.text(language="en") == (
        "plan.xlsx, sheet “Maßnahmen”: The sheet reaches to cell XFD1048576, that is 1,048,576 "
        "rows and 16,384 columns; no table of measures is that large. Cell XFD1048576 holds “x” "
        "– please delete that and save the file again."
    )


def test_a_missing_required_column_is_said_in_english(tmp_path):
    """tables.py: the missing columns and the accepted headers, each in the language."""
    rows = [["Nr.", "Maßnahme", "Stand"], ["1.1", "Sprachkurs", "umgesetzt"]]
    [problem] = _errors(write_xlsx(tmp_path / "plan.xlsx", rows))
    assert problem.text() == (
        "plan.xlsx, Blatt „Maßnahmen“, Zeile 1: Pflichtspalte „Status“ fehlt. Gefundene "
        "Überschriften in Zeile 1: „Nr.“, „Maßnahme“, „Stand“. Erlaubt: für Status: Status, "
        "Umsetzungsstand, Stand der Umsetzung, Sachstand Status."
    )
    assert problem.text(language="en") == (
        "plan.xlsx, sheet “Maßnahmen”, row 1: The required column “Status” is missing. Headers "
        "found in row 1: “Nr.”, “Maßnahme”, “Stand”. Accepted: for Status: Status, "
        "Umsetzungsstand, Stand der Umsetzung, Sachstand Status."
    )


def test_row_errors_are_said_in_english(tmp_path):
    """validate.py: a Nr. read as a truth value (WAHR/TRUE, as Excel shows it in the language)
    and an unknown status word with its suggestion."""
    rows = measure_rows({"1.1": "in Umsetzng", "1.2": "umgesetzt"})
    rows[2][0] = True
    write_xlsx(tmp_path / "2020" / "plan.xlsx", rows)
    write_xlsx(tmp_path / "2019" / "plan.xlsx", measure_rows({"1.1": "geplant"}))
    errors = {p.row: p for p in analyse(tmp_path).problems if p.is_error}
    assert sorted(errors) == [2, 3]
    assert errors[3].text() == (
        "2020/plan.xlsx, Blatt „Maßnahmen“, Zeile 3, Spalte „Nr.“: Die Nr. ist ein Wahrheitswert "
        "(WAHR), keine Nummer. Bitte die Nr. der Maßnahme als Text eintragen."
    )
    assert errors[3].text(language="en") == (
        "2020/plan.xlsx, sheet “Maßnahmen”, row 3, column “Nr.”: The Nr. is a truth value (TRUE), "
        "not a number. Please enter the measure's Nr. as text."
    )
    assert errors[2].text(with_file=False, language="en") == (
        "sheet “Maßnahmen”, row 2, column “Status”: “in Umsetzng” is not a known status. Did you "
        "mean “in Umsetzung”? Accepted: nicht begonnen, in Vorbereitung, in Umsetzung, "
        "umgesetzt, verstetigt, zurückgestellt, entfallen."
    )


def test_the_years_to_compare_are_said_in_english():
    """pipeline.py: the comparison needs a year before the reporting year."""
    [problem] = choose_years((2019, 2020), 2020, 2021, Path("inputs"))[1]
    assert problem.text() == (
        "Vergleichsjahr 2021 ist nicht vorhanden oder nicht vor 2020. Vorhanden: 2019, 2020."
    )
    assert problem.text(language="en") == (
        "The comparison year 2021 is not available or not before 2020. Available: 2019, 2020."
    )


def test_characters_without_a_glyph_are_quoted_in_the_language(tmp_path):
    """cells.py: each character in the quotation marks of the message's language."""
    rows = measure_rows({"1.1": "umgesetzt"})
    rows[1][2] = "Kurs 中文"
    path = write_xlsx(tmp_path / "plan.xlsx", rows)
    [problem] = [p for p in read_file(InputFile(path, path.name, 2021)).problems if p.column]
    assert problem.text(language="en") == (
        "plan.xlsx, sheet “Maßnahmen”, row 2, column “Maßnahme”: Cell C2 holds characters the "
        "report's font cannot draw: “中” (U+4E2D), “文” (U+6587). The PDF shows \ufffd instead."
    )
    assert problem.text().endswith(
        "nicht darstellen kann: „中“ (U+4E2D), „文“ (U+6587). Im PDF steht dafür \ufffd."
    )
