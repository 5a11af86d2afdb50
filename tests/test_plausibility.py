"""Checks across years: a year that is a copy of another year's file is warned about."""

from __future__ import annotations

from conftest import HEADER, run_cli, write_xlsx


def _rows(entries):
    rows = [HEADER]
    for n, (status, note) in enumerate(entries, start=1):
        rows.append([f"1.{n}", "Sprache", f"Maßnahme 1.{n}", "VHS", 2030, status, note])
    return rows


ENTRIES = [("umgesetzt", "Kurs läuft"), ("in Umsetzung", "Raum gefunden"), ("geplant", "")]


def test_a_copy_of_an_earlier_year_is_warned_about_naming_both_files(tmp_path):
    write_xlsx(tmp_path / "Integrationskonzept Sachstand 2021.xlsx", _rows(ENTRIES))
    write_xlsx(tmp_path / "Planung 2025.xlsx", _rows(ENTRIES))
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    assert code == 0
    assert (
        "Warnung: Alle 3 Maßnahmen von 2025 (Planung 2025.xlsx) haben denselben Status und "
        "Sachstand wie 2021 (Integrationskonzept Sachstand 2021.xlsx). Ist die Datei eine Kopie "
        "der Datei von 2021? Dann fehlen die Rückmeldungen für 2025."
    ) in out
    assert out.count("Ist die Datei eine Kopie") == 1  # the newer one is the copy


def test_one_changed_sachstand_is_not_a_copy(tmp_path):
    write_xlsx(tmp_path / "Stand 2021.xlsx", _rows(ENTRIES))
    changed = [*ENTRIES[:2], ("geplant", "Antrag gestellt")]
    write_xlsx(tmp_path / "Stand 2022.xlsx", _rows(changed))
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    assert code == 0
    assert "Kopie" not in out
