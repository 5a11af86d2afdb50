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


def test_a_copy_with_its_rows_in_another_order_is_still_a_copy(tmp_path):
    # "1.1", "1.01" and "1.001" sort as equals, so each year keeps them in its file's order
    rows = [
        [i, *row[1:]] for i, row in zip(("1.1", "1.01", "1.001"), _rows(ENTRIES)[1:], strict=True)
    ]
    write_xlsx(tmp_path / "Stand 2021.xlsx", [HEADER, *rows])
    write_xlsx(tmp_path / "Stand 2022.xlsx", [HEADER, *reversed(rows)])
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    assert code == 0
    assert "Alle 3 Maßnahmen von 2022 (Stand 2022.xlsx) haben denselben Status" in out


def test_the_same_answers_under_other_ids_are_not_a_copy(tmp_path):
    write_xlsx(tmp_path / "Stand 2021.xlsx", _rows(ENTRIES))
    renumbered = [[f"2.{n}", *row[1:]] for n, row in enumerate(_rows(ENTRIES)[1:], start=1)]
    write_xlsx(tmp_path / "Stand 2022.xlsx", [HEADER, *renumbered])
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    assert code == 0
    assert "Kopie" not in out


def test_one_changed_sachstand_is_not_a_copy(tmp_path):
    write_xlsx(tmp_path / "Stand 2021.xlsx", _rows(ENTRIES))
    changed = [*ENTRIES[:2], ("geplant", "Antrag gestellt")]
    write_xlsx(tmp_path / "Stand 2022.xlsx", _rows(changed))
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    assert code == 0
    assert "Kopie" not in out


def _fields_rows(fields):
    rows = [HEADER]
    for n, field in enumerate(fields, start=1):
        rows.append([f"{n}.1", field, f"Maßnahme {n}.1", "VHS", 2030, "geplant", ""])
    return rows


def test_field_names_with_a_leading_code_are_one_field_spelled_as_the_newest_year(tmp_path):
    from planreview.analyse.pipeline import analyse
    from planreview.read.config import Config
    from planreview.report.records import entries

    write_xlsx(tmp_path / "2019" / "a.xlsx", _fields_rows(["1. Sprache und Bildung", "2 Arbeit"]))
    write_xlsx(tmp_path / "2020" / "a.xlsx", _fields_rows(["Sprache und Bildung", "HF 2: Arbeit"]))
    write_xlsx(tmp_path / "2021" / "a.xlsx", _fields_rows(["Sprache und Bildung", "Arbeit"]))
    analysis = analyse(tmp_path, Config())
    assert analysis.ok
    # what the report shows: this year's records and last year's, made from the tables
    shown = entries(analysis.compared)
    assert sorted({e.measure.field for e in shown}) == ["Arbeit", "Sprache und Bildung"]
    assert sorted({e.previous.field for e in shown}) == ["Arbeit", "Sprache und Bildung"]
    # the year's records as validated keep the file's spelling
    assert sorted({m.field for m in analysis.years[1].measures}) == [
        "HF 2: Arbeit",
        "Sprache und Bildung",
    ]
    fields = analysis.measures.groupby("year")["field"].unique().map(sorted).to_dict()
    assert fields == {  # the long table the analysis works on, spelled the same way
        2019: ["Arbeit", "Sprache und Bildung"],
        2020: ["Arbeit", "Sprache und Bildung"],
        2021: ["Arbeit", "Sprache und Bildung"],
    }
    assert not any("Handlungsfelder" in p.message for p in analysis.problems)


def test_a_year_whose_fields_match_no_other_year_is_warned_about(tmp_path):
    write_xlsx(tmp_path / "2020" / "a.xlsx", _fields_rows(["Sprache", "Arbeit"]))
    write_xlsx(tmp_path / "2021" / "a.xlsx", _fields_rows(["Bildung", "Beschäftigung"]))
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    assert code == 0
    assert (
        "Warnung: Keines der Handlungsfelder von 2021 („Beschäftigung“, „Bildung“) kommt in "
        "einem anderen Jahr vor."
    ) in out
    assert "Handlungsfelder von 2020 („Arbeit“, „Sprache“)" in out


def test_a_copy_is_found_beside_years_of_other_sizes(tmp_path):
    """Only years with as many rows as another are compared: a year of its own size is
    neither a copy nor the original, and the copy among the others is still found."""
    write_xlsx(tmp_path / "Stand 2020.xlsx", _rows(ENTRIES[:2]))
    write_xlsx(tmp_path / "Stand 2021.xlsx", _rows(ENTRIES))
    write_xlsx(tmp_path / "Stand 2022.xlsx", _rows([*ENTRIES, ("geplant", "Antrag")]))
    write_xlsx(tmp_path / "Stand 2023.xlsx", _rows(ENTRIES))
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    assert code == 0
    assert out.count("Ist die Datei eine Kopie") == 1
    assert "Alle 3 Maßnahmen von 2023 (Stand 2023.xlsx) haben denselben Status" in out


def test_years_all_of_other_sizes_are_no_copies(tmp_path):
    write_xlsx(tmp_path / "Stand 2021.xlsx", _rows(ENTRIES[:2]))
    write_xlsx(tmp_path / "Stand 2022.xlsx", _rows(ENTRIES))
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    assert code == 0
    assert "Kopie" not in out
