"""Headers with a trailing year: "Status 2021", "Sachstand 2021" are the 2021 file's columns;
"Bemerkung 2020" in the 2021 file is ignored, and build warns that 2021 has no Sachstand."""

from __future__ import annotations

from conftest import run_cli, write_xlsx

from planreview.analyse.pipeline import analyse
from planreview.read.config import Config

HEADER = ["Nr.", "Handlungsfeld", "Maßnahme", "Federführung", "Ende"]


def _rows(header_tail, statuses_notes):
    rows = [HEADER + header_tail]
    for n, (status, note) in enumerate(statuses_notes, start=1):
        rows.append([f"1.{n}", "Sprache", f"Maßnahme 1.{n}", "VHS", 2030, status, note])
    return rows


def test_status_and_note_with_the_files_year_are_read(tmp_path):
    write_xlsx(tmp_path / "2020" / "a.xlsx", _rows(["Status", "Sachstand"], [("geplant", "")] * 2))
    write_xlsx(
        tmp_path / "2021" / "a.xlsx",
        _rows(["Status 2021", "Bemerkung (2021)"], [("umgesetzt", "fertig"), ("geplant", "")]),
    )
    analysis = analyse(tmp_path, Config())
    assert analysis.ok
    assert [(m.id, m.status, m.note) for m in analysis.years[0].measures] == [
        ("1.1", "umgesetzt", "fertig"),
        ("1.2", "nicht begonnen", ""),
    ]
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    assert "Nicht ausgewertete Spalten" not in out


def test_a_note_column_of_another_year_is_ignored_with_a_warning(tmp_path):
    write_xlsx(
        tmp_path / "2020" / "a.xlsx",
        _rows(["Status", "Bemerkung 2020"], [("geplant", "begonnen"), ("geplant", "offen")]),
    )
    write_xlsx(  # last year's file copied, status updated, note header left as it was
        tmp_path / "2021" / "a.xlsx",
        _rows(["Status", "Bemerkung 2020"], [("umgesetzt", "fertig"), ("geplant", "warten")]),
    )
    analysis = analyse(tmp_path, Config())
    assert [m.note for m in analysis.years[0].measures] == ["", ""]  # not 2020's notes
    assert [m.note for m in analysis.years[1].measures] == ["begonnen", "offen"]
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    assert code == 0
    assert (
        "Warnung: Für 2021 ist bei keiner Maßnahme ein Sachstand eingetragen, für 2020 schon. "
        "Nicht ausgewertet wurden „Bemerkung 2020“: eine Spalte mit einer Jahreszahl zählt nur, "
        "wenn es das Jahr der Datei ist (2021). Bitte die Überschrift korrigieren."
    ) in out


def test_a_reporting_year_without_any_sachstand_is_warned_about(tmp_path):
    write_xlsx(tmp_path / "2020" / "a.xlsx", _rows(["Status", "Sachstand"], [("geplant", "x")]))
    write_xlsx(tmp_path / "2021" / "a.xlsx", _rows(["Status", "Anmerkung"], [("geplant", "y")]))
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    assert code == 0
    assert (
        "Warnung: Für 2021 ist bei keiner Maßnahme ein Sachstand eingetragen (keine Spalte "
        "„Sachstand“ oder „Bemerkung“ gefunden, oder sie ist leer); für 2020 schon."
    ) in out
