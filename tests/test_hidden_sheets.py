"""Hidden and very hidden sheets are not read as data; check names them, with a warning when
one holds measures the visible sheets lack."""

from __future__ import annotations

import json

import openpyxl
from conftest import measure_rows, run_cli, write_xlsx


def _inputs(tmp_path):
    inputs = tmp_path / "inputs"
    write_xlsx(inputs / "2020" / "plan.xlsx", measure_rows({"1.1": "geplant", "1.2": "geplant"}))
    path = write_xlsx(
        inputs / "2021" / "plan.xlsx", measure_rows({"1.1": "umgesetzt", "1.2": "umgesetzt"})
    )
    workbook = openpyxl.load_workbook(path)
    old = workbook.create_sheet("Stand alt")
    for row in measure_rows({"1.1": "geplant", "1.2": "geplant", "1.3": "umgesetzt"}):
        old.append(row)
    old.sheet_state = "hidden"
    lists = workbook.create_sheet("Listen")
    lists.append(["umgesetzt"])
    lists.sheet_state = "veryHidden"
    workbook.save(path)
    return inputs


def test_hidden_sheets_are_named_and_not_counted(tmp_path):
    inputs = _inputs(tmp_path)
    code, out, _ = run_cli("check", "--inputs", str(inputs))
    assert code == 0
    assert "2021: 2 Maßnahmen" in out
    assert "Hinweis: Blatt „Stand alt“: Das Blatt ist ausgeblendet und wurde nicht gelesen." in out
    assert "Hinweis: Blatt „Listen“: Das Blatt ist ausgeblendet und wurde nicht gelesen." in out
    assert (
        "Warnung: Blatt „Stand alt“: Das ausgeblendete Blatt enthält Maßnahmen, die "
        "auf den sichtbaren Blättern fehlen: 1.3."
    ) in out


def test_a_measure_only_on_a_hidden_sheet_is_not_in_the_report(tmp_path):
    inputs = _inputs(tmp_path)
    target = tmp_path / "s.json"
    code, _, err = run_cli("build", "--inputs", str(inputs), "--no-pdf", "--json", str(target))
    assert code == 0, err
    summary = json.loads(target.read_text(encoding="utf-8"))
    ids = [m["id"] for m in summary["measures"]]
    assert ids == ["1.1", "1.2"]
