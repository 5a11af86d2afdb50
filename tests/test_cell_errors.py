"""Excel error values and formulas saved without a result are errors naming the cell: read
as empty (calamine's way) they looked like a missing answer, and with --allow-missing they
were counted as one."""

from __future__ import annotations

import openpyxl
from conftest import HEADER, measure_rows, run_cli, write_xlsx


def _inputs(tmp_path):
    inputs = tmp_path / "inputs"
    write_xlsx(inputs / "2020" / "plan.xlsx", measure_rows({"1.1": "geplant", "1.2": "geplant"}))
    return inputs


def _with_errors(path):
    rows = measure_rows({"1.1": "umgesetzt", "1.2": "umgesetzt", "1.3": "umgesetzt"})
    write_xlsx(path, [*rows[:1], *rows[1:], ["1.4", "Sprache", "Maßnahme 1.4", "VHS", 2030]])
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    sheet["F2"] = "#REF!"  # Status of 1.1
    sheet["F2"].data_type = "e"
    sheet["C3"] = "#N/A"  # title of 1.2
    sheet["C3"].data_type = "e"
    sheet["E4"] = "#VALUE!"  # Ende of 1.3
    sheet["E4"].data_type = "e"
    sheet["F5"] = '=IF(A5="";"";"umgesetzt")'  # openpyxl saves formulas without a result
    sheet["H2"] = "#DIV/0!"  # a column nobody reads: no problem
    sheet["H2"].data_type = "e"
    workbook.save(path)
    return path


def test_excel_errors_and_uncalculated_formulas_are_errors_naming_the_cell(tmp_path):
    inputs = _inputs(tmp_path)
    _with_errors(inputs / "2021" / "plan.xlsx")
    code, out, err = run_cli("check", "--inputs", str(inputs), "--allow-missing")
    assert code == 1, out + err
    lines = [line.strip() for line in out.splitlines()]
    assert (
        "Fehler: Blatt „Maßnahmen“, Zeile 2, Spalte „Status“: Zelle F2 enthält den Excel-Fehler "
        "#BEZUG! – bitte die Formel korrigieren oder den Wert eintragen."
    ) in lines
    assert any("Zelle C3 enthält den Excel-Fehler #NV" in line for line in lines)
    assert any("Zelle E4 enthält den Excel-Fehler #WERT!" in line for line in lines)
    assert (
        "Fehler: Blatt „Maßnahmen“, Zeile 5, Spalte „Status“: Zelle F5 enthält eine Formel ohne "
        "berechneten Wert – die Datei in Excel öffnen und speichern (LibreOffice: Daten > "
        "Berechnen > Neu berechnen)."
    ) in lines
    assert "H2" not in out and "#DIV/0!" not in out
    assert "Ergebnis: 5 Fehler" in out  # and the title missing because of C3


def test_with_allow_missing_an_error_value_is_not_counted_as_no_answer(tmp_path):
    inputs = _inputs(tmp_path)
    _with_errors(inputs / "2021" / "plan.xlsx")
    out = tmp_path / "s.json"
    code, _, err = run_cli(
        "build", "--inputs", str(inputs), "--allow-missing", "--no-pdf", "--json", str(out)
    )
    assert code == 1
    assert "Zelle F2 enthält den Excel-Fehler #BEZUG!" in err and "Kein Bericht erstellt" in err
    assert not out.exists()


def test_error_names_as_text_in_a_csv_are_errors_too(tmp_path):
    inputs = _inputs(tmp_path)
    rows = [HEADER, ["1.1", "Sprache", "Maßnahme 1.1", "VHS", "2030", "#NV", ""]]
    rows.append(["1.2", "Sprache", "Maßnahme 1.2", "VHS", "#WERT!", "umgesetzt", ""])
    (inputs / "2021").mkdir()
    (inputs / "2021" / "plan.csv").write_text(
        "\n".join(";".join(r) for r in rows), encoding="utf-8"
    )
    code, out, _ = run_cli("check", "--inputs", str(inputs), "--allow-missing")
    assert code == 1
    assert "Zeile 2, Spalte „Status“: Zelle F2 enthält den Excel-Fehler #NV" in out
    assert "Zeile 3, Spalte „Ende“: Zelle E3 enthält den Excel-Fehler #WERT!" in out


def test_an_error_cell_in_an_ods_is_an_error_too(tmp_path):
    import zipfile

    import pandas as pd

    inputs = _inputs(tmp_path)
    path = inputs / "2021" / "plan.ods"
    path.parent.mkdir()
    rows = measure_rows({"1.1": "umgesetzt", "1.2": "geplant"})
    pd.DataFrame(rows).to_excel(path, engine="odf", header=False, index=False)
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    error_cell = (
        b'<table:table-cell table:formula="of:=[.Z99]" office:value-type="float" '
        b'office:value="0" calcext:value-type="error"><text:p>#REF!</text:p></table:table-cell>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in parts:
            if info.filename == "content.xml":
                start = data.rindex(b"<table:table-cell", 0, data.index(b">umgesetzt<"))
                end = data.index(b"</table:table-cell>", start) + len(b"</table:table-cell>")
                data = data[:start] + error_cell + data[end:]
            archive.writestr(info, data)
    code, out, _ = run_cli("check", "--inputs", str(inputs))
    assert code == 1
    assert "Zeile 2, Spalte „Status“: Zelle F2 enthält den Excel-Fehler #BEZUG!" in out


def test_an_error_in_the_status_cell_is_said_once_not_also_as_a_missing_status(tmp_path):
    inputs = _inputs(tmp_path)
    _with_errors(inputs / "2021" / "plan.xlsx")
    code, out, err = run_cli("check", "--inputs", str(inputs))  # without --allow-missing
    assert code == 1, out + err
    rows_2_and_5 = [
        line.strip()
        for line in out.splitlines()
        if "Zeile 2, Spalte „Status“" in line or "Zeile 5, Spalte „Status“" in line
    ]
    assert len(rows_2_and_5) == 2, rows_2_and_5  # F2's Excel error and F5's formula only
    assert "Maßnahme 1.1 hat keinen Status" not in out
    assert "Maßnahme 1.4 hat keinen Status" not in out
    assert "Ergebnis: 5 Fehler" in out
