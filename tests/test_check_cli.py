"""`review.py check` (and `build` refusing bad input), run in-process: exit codes and the exact
German lines the clerk reads."""

from __future__ import annotations

import pytest
from conftest import HEADER, measure_rows, run_cli, write_xlsx

import planreview.read.sheets as sheets

UNKNOWN_STATUS = (
    "  Fehler: Blatt „Maßnahmen“, Zeile 3, Spalte „Status“: „in umsetzng“ ist kein bekannter "
    "Status. Meinten Sie „in Umsetzung“? Erlaubt: nicht begonnen, in Vorbereitung, in Umsetzung, "
    "umgesetzt, verstetigt, zurückgestellt, entfallen."
)
NOT_XLSX = (
    "Die Datei ist keine Excel-Arbeitsmappe, obwohl sie auf .xlsx endet. Bitte in der "
    "Tabellenkalkulation öffnen und als .xlsx speichern."
)


def _check(inputs, *extra):
    return run_cli("check", "--inputs", str(inputs), *extra)


def _inputs(tmp_path, current, name="a.xlsx", previous=None):
    """2019 with a clean list, 2020 with `current` (rows incl. header) in `name`."""
    write_xlsx(
        tmp_path / "2019" / "a.xlsx",
        previous or measure_rows({"1.1": "geplant", "1.2": "geplant", "1.3": "geplant"}),
    )
    if current is not None:
        write_xlsx(tmp_path / "2020" / name, current)
    return tmp_path


def _row(measure_id, status, lead="VHS", title=None, field="Sprache"):
    return [measure_id, field, title or f"Maßnahme {measure_id}", lead, 2030, status, ""]


def _problem_lines(text):
    return [line for line in text.splitlines() if line.startswith(("  Fehler:", "  Warnung:"))]


# --------------------------------------------------------------------------- all well


def test_clean_inputs_pass(tmp_path):
    _inputs(tmp_path, measure_rows({"1.1": "umgesetzt", "1.2": "in Arbeit"}))
    code, out, err = _check(tmp_path)
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[:3] == [
        f"Eingaben in {tmp_path}",
        "Gefundene Jahre: 2019, 2020",
        "Bericht 2020, verglichen mit 2019",
    ]
    assert "2020: 2 Maßnahmen" in lines
    assert (
        "  2020/a.xlsx, Blatt „Maßnahmen“: Kopfzeile 1, 2 Zeilen gelesen, 2 Maßnahmen, "
        "0 übersprungen, 0 leer"
    ) in lines
    assert "2019: 3 Maßnahmen" in lines
    assert _problem_lines(out) == []
    assert lines[-1].startswith("Ergebnis: Der Bericht kann erstellt werden")


# --------------------------------------------------------------------------- errors


def test_unknown_status_word_fails_with_suggestion(tmp_path):
    _inputs(tmp_path, measure_rows({"1.1": "umgesetzt", "1.2": "in umsetzng"}))
    code, out, err = _check(tmp_path)
    assert code == 1
    assert "„in umsetzng“ ist kein bekannter Status. Meinten Sie „in Umsetzung“?" in out
    lines = out.splitlines()
    assert lines[lines.index(UNKNOWN_STATUS) - 1] == "2020/a.xlsx"
    assert _problem_lines(out) == [UNKNOWN_STATUS]
    assert lines[-1] == ("Ergebnis: 1 Fehler, 0 Warnungen – so kann kein Bericht erstellt werden.")


def test_build_refuses_with_the_same_messages_as_check(tmp_path):
    rows = measure_rows({"1.1": "umgesetzt", "1.2": "in umsetzng"})
    rows.append(_row("1.3", None))
    _inputs(tmp_path, rows)
    (tmp_path / "2020" / "kaputt.xlsx").write_text("keine Tabelle", encoding="utf-8")
    check_code, check_out, _ = _check(tmp_path)
    code, out, err = run_cli("build", "--inputs", str(tmp_path), "--no-pdf")
    assert (check_code, code) == (1, 1)
    expected = _problem_lines(check_out)
    assert len(expected) == 3
    assert _problem_lines(err) == expected
    assert "2020/kaputt.xlsx" in err.splitlines()
    assert "Traceback" not in out + err


def test_empty_status_with_id_fails(tmp_path):
    _inputs(tmp_path, [HEADER, _row("1.1", "umgesetzt"), _row("1.2", None)])
    code, out, _ = _check(tmp_path)
    assert code == 1
    assert _problem_lines(out) == [
        "  Fehler: Blatt „Maßnahmen“, Zeile 3, Spalte „Status“: Maßnahme 1.2 hat keinen Status "
        "(keine Rückmeldung). Bitte nachtragen oder den Bericht mit --allow-missing erstellen; "
        "die Maßnahme wird dann als „keine Rückmeldung“ geführt und nicht mitgezählt."
    ]


def test_allow_missing_lists_measures_without_answer_by_lead(tmp_path):
    rows = [
        HEADER,
        _row("1.1", "umgesetzt"),
        _row("1.2", None, lead="Jobcenter", title="Berufssprachkurs"),
        _row("1.3", "   ", lead="VHS", title="Elterncafé"),
        _row("1.4", None, lead="Jobcenter", title="Bewerbungstraining"),
    ]
    _inputs(tmp_path, rows)
    code, out, err = _check(tmp_path, "--allow-missing")
    assert code == 0, out
    assert err == ""
    lines = out.splitlines()
    start = lines.index("  Noch keine Rückmeldung (3):")
    assert lines[start + 1 : start + 3] == [
        "    Jobcenter: 1.2 Berufssprachkurs, 1.4 Bewerbungstraining",
        "    VHS: 1.3 Elterncafé",
    ]
    assert [line for line in _problem_lines(out) if line.startswith("  Fehler:")] == []
    assert lines[-1].startswith("Ergebnis: Der Bericht kann erstellt werden")


def test_unknown_status_is_not_listed_as_no_answer(tmp_path):
    """A misspelt status is an answer that needs correcting, not a missing answer."""
    rows = [HEADER, _row("1.1", "in umsetzng", lead="Jobcenter"), _row("1.2", None, lead="VHS")]
    _inputs(tmp_path, rows)
    code, out, _ = _check(tmp_path, "--allow-missing")
    assert code == 1
    lines = out.splitlines()
    start = lines.index("  Noch keine Rückmeldung (1):")
    assert lines[start + 1] == "    VHS: 1.2 Maßnahme 1.2"
    assert not any(line.startswith("    Jobcenter:") for line in lines)
    assert UNKNOWN_STATUS.replace("Zeile 3", "Zeile 2") in lines


def test_missing_required_column_names_it_and_the_headers_found(tmp_path):
    header = ["Nr.", "Maßnahme", "Federführung", "Stand"]
    write_xlsx(
        tmp_path / "2020" / "a.xlsx",
        [header, ["1.1", "Sprachkurs", "VHS", "läuft"]],
        title_rows=[["Rückmeldung VHS"]],
    )
    _inputs(tmp_path, None)
    code, out, _ = _check(tmp_path)
    assert code == 1
    assert _problem_lines(out) == [
        "  Fehler: Blatt „Maßnahmen“, Zeile 2: Pflichtspalte „Status“ fehlt. Gefundene "
        "Überschriften in Zeile 2: „Nr.“, „Maßnahme“, „Federführung“, „Stand“. Erlaubt: für "
        "Status: Status, Umsetzungsstand, Stand der Umsetzung, Sachstand Status."
    ]


def test_same_id_twice_with_different_values_fails_naming_both_places(tmp_path):
    _inputs(tmp_path, [HEADER, _row("1.1", "umgesetzt")], name="a_vhs.xlsx")
    write_xlsx(
        tmp_path / "2020" / "b_jobcenter.xlsx",
        [HEADER, _row("1.2", "umgesetzt"), _row("1.1", "in Umsetzung")],
    )
    code, out, _ = _check(tmp_path)
    assert code == 1
    lines = out.splitlines()
    line = (
        "  Fehler: Blatt „Maßnahmen“, Zeile 3: Nr. 1.1 steht zweimal mit verschiedenen Angaben: "
        "hier und in 2020/a_vhs.xlsx, Blatt „Maßnahmen“, Zeile 2 (Unterschiede: Status). Bitte "
        "eine der beiden Zeilen korrigieren oder löschen."
    )
    assert _problem_lines(out) == [line]
    assert lines[lines.index(line) - 1] == "2020/b_jobcenter.xlsx"


def _half_xlsx(tmp_path) -> bytes:
    data = write_xlsx(tmp_path / "x.xlsx", measure_rows({"1.1": "offen"})).read_bytes()
    (tmp_path / "x.xlsx").unlink()
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("text.xlsx", "Nr;Maßnahme;Status\n1.1;Kurs;offen\n".encode(), NOT_XLSX),
        (
            "x.xls",
            b"Dies ist keine Tabelle.\n",
            "Die Datei ist keine Excel-97-2003-Datei, obwohl sie auf .xls endet. Bitte in der "
            "Tabellenkalkulation öffnen und als .xlsx speichern.",
        ),
        (
            "kennwort.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024,
            "Die Datei ist mit einem Kennwort geschützt und kann nicht gelesen werden. Bitte ohne "
            "Kennwort speichern (Datei > Informationen > Arbeitsmappe schützen).",
        ),
        ("leer.xlsx", b"", "Die Datei ist leer (0 Byte)."),
    ],
    ids=["text-as-xlsx", "text-as-xls", "password", "zero-bytes"],
)
def test_unreadable_file_fails(tmp_path, name, data, message):
    _inputs(tmp_path, measure_rows({"1.1": "umgesetzt"}))
    (tmp_path / "2020" / name).write_bytes(data)
    code, out, err = _check(tmp_path)
    assert code == 1
    lines = out.splitlines()
    assert lines[lines.index(f"2020/{name}") + 1] == f"  Fehler: {message}"
    assert "Traceback" not in out + err


def test_truncated_xlsx_fails(tmp_path):
    _inputs(tmp_path, measure_rows({"1.1": "umgesetzt"}))
    (tmp_path / "2020" / "halb.xlsx").write_bytes(_half_xlsx(tmp_path))
    code, out, err = _check(tmp_path)
    assert code == 1
    lines = out.splitlines()
    line = lines[lines.index("2020/halb.xlsx") + 1]
    assert line.startswith(
        "  Fehler: Die Datei ist beschädigt oder unvollständig und kann nicht gelesen werden ("
    )
    assert line.endswith("). Bitte in der Tabellenkalkulation öffnen und neu speichern.")
    assert "Traceback" not in out + err


def test_corrupt_csv_is_reported_with_the_other_problems(tmp_path):
    """An unterminated quote makes the rest of the file one huge field."""
    _inputs(tmp_path, measure_rows({"1.1": "umgesetzt"}))
    (tmp_path / "2020" / "b.csv").write_bytes(
        'Nr.;Maßnahme;Status\n1.2;"Sprachkurs;offen\n'.encode() + b"x" * 200_000
    )
    (tmp_path / "2020" / "c.xlsx").write_text("keine Tabelle", encoding="utf-8")
    code, out, err = _check(tmp_path)
    assert code == 1
    assert "Interner Fehler" not in out + err
    assert "Traceback" not in out + err
    lines = out.splitlines()
    assert lines[lines.index("2020/b.csv") + 1].startswith("  Fehler: ")
    assert lines[lines.index("2020/c.xlsx") + 1] == f"  Fehler: {NOT_XLSX}"


def test_year_without_measures_fails(tmp_path):
    _inputs(tmp_path, [HEADER])
    code, out, _ = _check(tmp_path)
    assert code == 1
    line = "  Fehler: Für 2020 wurden keine Maßnahmen gefunden (gelesen: 2020/a.xlsx)."
    assert _problem_lines(out) == [line]


def test_year_asked_for_that_is_not_in_the_inputs_fails(tmp_path):
    _inputs(tmp_path, measure_rows({"1.1": "umgesetzt"}))
    code, out, err = _check(tmp_path, "--year", "2025")
    assert code == 1
    assert _problem_lines(out) == [
        f"  Fehler: Für 2025 gibt es keine Dateien in {tmp_path}. Vorhanden: 2019, 2020."
    ]
    assert "Traceback" not in out + err


def test_file_above_size_limit_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_FILE_BYTES", 1024 * 1024)
    _inputs(tmp_path, measure_rows({"1.1": "umgesetzt"}))
    (tmp_path / "2020" / "gross.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * (2 * 1024 * 1024))
    code, out, _ = _check(tmp_path)
    assert code == 1
    lines = out.splitlines()
    assert lines[lines.index("2020/gross.xlsx") + 1] == (
        "  Fehler: Die Datei ist 2 MB groß; angenommen werden höchstens 1 MB. Enthält sie Bilder "
        "oder sehr viele leere formatierte Zeilen?"
    )
    assert len(_problem_lines(out)) == 1


def test_file_with_too_many_rows_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 5)
    _inputs(tmp_path, measure_rows({f"1.{n}": "umgesetzt" for n in range(1, 11)}))
    code, out, _ = _check(tmp_path)
    assert code == 1
    lines = out.splitlines()
    assert lines[lines.index("2020/a.xlsx") + 1] == (
        "  Fehler: Blatt „Maßnahmen“: Das Blatt hat mehr als 5 Zeilen; so viele Maßnahmen hat "
        "kein Plan. Die Datei wurde nicht gelesen."
    )


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "Statusliste.xlsx",
            "Zu welchem Jahr die Datei gehört, ist nicht erkennbar. Erlaubt: ein Ordner mit der "
            "Jahreszahl (z. B. 2020/) oder genau eine Jahreszahl im Dateinamen.",
        ),
        (
            "Bericht 2019 2020.xlsx",
            "Der Dateiname nennt mehrere Jahre (2019, 2020); das Berichtsjahr ist nicht "
            "eindeutig. Erlaubt: ein Ordner mit der Jahreszahl (z. B. 2020/) oder genau eine "
            "Jahreszahl im Dateinamen.",
        ),
        (
            "2020/Rückmeldung 2019.xlsx",
            "Die Datei liegt im Ordner 2020, ihr Name nennt aber 2019. Ist sie versehentlich aus "
            "einem anderen Jahr hineinkopiert worden? Bitte verschieben oder umbenennen.",
        ),
    ],
    ids=["no-year", "two-years", "other-year-in-folder"],
)
def test_file_whose_year_cannot_be_told_fails(tmp_path, path, message):
    _inputs(tmp_path, measure_rows({"1.1": "umgesetzt"}))
    write_xlsx(tmp_path / path, measure_rows({"1.1": "umgesetzt"}))
    code, out, _ = _check(tmp_path)
    assert code == 1
    lines = out.splitlines()
    assert lines[lines.index(path) + 1] == f"  Fehler: {message}"
    assert len(_problem_lines(out)) == 1


def test_no_traceback_in_any_output(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 5)
    _inputs(tmp_path, measure_rows({"1.1": "in umsetzng", "1.2": ""}))
    folder = tmp_path / "2020"
    (folder / "text.xlsx").write_text("keine Tabelle", encoding="utf-8")
    (folder / "halb.xlsx").write_bytes(_half_xlsx(tmp_path))
    (folder / "kennwort.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    (folder / "leer.xlsx").write_bytes(b"")
    (folder / "alt.xls").write_text("keine Tabelle", encoding="utf-8")
    (folder / "leer.ods").write_bytes(b"")
    (folder / "binaer.csv").write_bytes(b"\x00\x01\x02")
    write_xlsx(folder / "viele.xlsx", measure_rows({f"2.{n}": "offen" for n in range(1, 9)}))
    write_xlsx(tmp_path / "Statusliste.xlsx", measure_rows({"1.1": "offen"}))
    for command, extra in (("check", ()), ("build", ("--no-pdf",))):
        code, out, err = run_cli(command, "--inputs", str(tmp_path), *extra)
        assert code == 1
        assert "Traceback" not in out + err
        assert "Interner Fehler" not in out + err
    code, out, err = _check(tmp_path, "--year", "2031")
    assert code == 1
    assert "Traceback" not in out + err


# --------------------------------------------------------------------------- warnings


def test_entfallen_without_begruendung_warns_but_passes(tmp_path):
    _inputs(tmp_path, measure_rows({"1.1": "umgesetzt", "1.2": "entfallen"}))
    code, out, _ = _check(tmp_path)
    assert code == 0, out
    assert _problem_lines(out) == [
        "  Warnung: Blatt „Maßnahmen“, Zeile 3, Spalte „Status“: Maßnahme 1.2 ist „entfallen“, "
        "aber ohne Begründung. Bitte in der Spalte „Begründung“ angeben, warum (und was an ihre "
        "Stelle tritt)."
    ]
    assert out.splitlines()[-1].startswith("Ergebnis: Der Bericht kann erstellt werden")


def test_identical_duplicate_across_per_actor_files_counts_once(tmp_path):
    _inputs(tmp_path, measure_rows({"1.1": "umgesetzt", "1.2": "laufend"}), name="a_vhs.xlsx")
    write_xlsx(
        tmp_path / "2020" / "b_jobcenter.xlsx", measure_rows({"1.2": "laufend", "1.3": "offen"})
    )
    code, out, _ = _check(tmp_path)
    assert code == 0, out
    lines = out.splitlines()
    assert "2020: 3 Maßnahmen" in lines
    assert (
        "  2020/b_jobcenter.xlsx, Blatt „Maßnahmen“: Kopfzeile 1, 2 Zeilen gelesen, "
        "1 Maßnahme, 1 übersprungen, 0 leer"
    ) in lines
    assert _problem_lines(out) == [
        "  Warnung: Blatt „Maßnahmen“, Zeile 2: Maßnahme 1.2 steht identisch auch in "
        "2020/a_vhs.xlsx, Blatt „Maßnahmen“, Zeile 3; sie wird einmal gezählt."
    ]


def test_lock_files_and_hidden_files_are_skipped_with_a_note(tmp_path):
    _inputs(tmp_path, measure_rows({"1.1": "umgesetzt"}))
    folder = tmp_path / "2020"
    (folder / "~$a.xlsx").write_bytes(b"\x0bVHS-Laptop" + b"\x00" * 150)
    (folder / ".~lock.a.xlsx#").write_text("VHS,vhs,laptop,24.11.2020 10:00,", encoding="utf-8")
    (folder / ".Status 2020.xlsx").write_bytes(b"\x00\x01garbage")
    code, out, err = _check(tmp_path)
    assert code == 0, out
    assert err == ""
    lines = out.splitlines()
    lock = "  Hinweis: Sperrdatei eines Office-Programms, übersprungen."
    assert lines[lines.index("2020/~$a.xlsx") + 1] == lock
    assert lines[lines.index("2020/.~lock.a.xlsx#") + 1] == lock
    assert lines[lines.index("2020/.Status 2020.xlsx") + 1] == (
        "  Hinweis: Versteckte Datei, übersprungen."
    )
    assert _problem_lines(out) == []
    assert "2020: 1 Maßnahme" in lines  # singular for one


def test_unknown_handlungsfeld_warns_but_passes(tmp_path):
    (tmp_path / "review.toml").write_text(
        '[[fields]]\ncode = "1"\nname = "Sprache"\n\n[[fields]]\ncode = "2"\nname = "Arbeit"\n',
        encoding="utf-8",
    )
    _inputs(tmp_path, [HEADER, _row("1.1", "umgesetzt"), _row("3.1", "offen", field="Wohnen")])
    code, out, _ = _check(tmp_path)
    assert code == 0, out
    assert _problem_lines(out) == [
        "  Warnung: Blatt „Maßnahmen“, Zeile 3, Spalte „Handlungsfeld“: Handlungsfeld „Wohnen“ "
        "steht nicht in review.toml; es wird als eigenes Kapitel geführt. Erlaubt: 1 Sprache, "
        "2 Arbeit."
    ]


def test_notes_and_extra_columns_do_not_fail_the_check(tmp_path):
    header = [*HEADER, "Kosten"]
    rows = [header, [*_row("1.1", "umgesetzt"), 1200]]
    _inputs(tmp_path, rows)
    code, out, _ = _check(tmp_path)
    assert code == 0, out
    assert "  Hinweis: Blatt „Maßnahmen“, Zeile 1: Nicht ausgewertete Spalten: „Kosten“." in (
        out.splitlines()
    )


# --------------------------------------------------------------------------- together


def test_all_problems_are_reported_in_one_run(tmp_path):
    _inputs(tmp_path, measure_rows({"1.1": "umgesetzt", "1.2": "in umsetzng"}))
    (tmp_path / "2020" / "b.xlsx").write_text("keine Tabelle", encoding="utf-8")
    write_xlsx(
        tmp_path / "2019" / "c.xlsx",
        [["Nr.", "Maßnahme", "Stand"], ["2.1", "Sprachkurs", "offen"]],
    )
    code, out, _ = _check(tmp_path)
    assert code == 1
    lines = out.splitlines()
    assert lines[lines.index("2020/a.xlsx") + 1] == UNKNOWN_STATUS
    assert lines[lines.index("2020/b.xlsx") + 1] == f"  Fehler: {NOT_XLSX}"
    assert lines[lines.index("2019/c.xlsx") + 1].startswith(
        "  Fehler: Blatt „Maßnahmen“, Zeile 1: Pflichtspalte „Status“ fehlt."
    )
    assert lines[-1] == "Ergebnis: 3 Fehler, 0 Warnungen – so kann kein Bericht erstellt werden."
