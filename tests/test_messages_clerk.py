"""Messages that used to send the clerk the wrong way (issue 14, item 10), each case built
here: an old Excel file with the wrong ending, CSV separators and encodings, a Windows-encoded
review.toml, an SVG logo with entities, a read-only output folder, year folders and spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import HEADER, measure_rows, run_cli, write_xlsx

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _previous(inputs):
    write_xlsx(inputs / "2020" / "a.xlsx", measure_rows({"1.1": "geplant", "1.2": "geplant"}))


def _lines(out):
    return [line.strip() for line in out.splitlines()]


def test_an_old_excel_file_renamed_to_xlsx_is_named_so(tmp_path):
    _previous(tmp_path)
    # an Office 97-2003 container whose directory holds a "Workbook" stream (BIFF8)
    body = OLE + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00\x00" + b"\x00" * 100
    (tmp_path / "2021").mkdir()
    (tmp_path / "2021" / "alt.xlsx").write_bytes(body)
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    assert code == 1
    assert (
        "Fehler: Die Datei ist eine alte Excel-Datei (Excel 97–2003, .xls), trägt aber die Endung "
        ".xlsx. Bitte die Endung in .xls ändern oder die Datei in Excel öffnen und als .xlsx "
        "speichern."
    ) in _lines(out)
    assert "Kennwort" not in out
    encrypted = OLE + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00\x00"
    (tmp_path / "2021" / "alt.xlsx").write_bytes(encrypted)
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    assert code == 1 and "mit einem Kennwort geschützt" in out


ROWS = [HEADER, ["1.1", "Sprache", "Kurs; Teil 1; Teil 2; Abend", "VHS", "2030", "umgesetzt", ""]]
ROWS.append(["1.2", "Sprache", "Treff; offen; montags", "VHS", "2030", "geplant", "a; b"])


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("tab", "\n".join("\t".join(r) for r in ROWS)),
        ("sep-line", "sep=,\n" + "\n".join(",".join(f'"{c}"' for c in r) for r in ROWS)),
        ("comma-with-semicolons", "\n".join(",".join(f'"{c}"' for c in r) for r in ROWS)),
    ],
)
def test_the_csv_separator_is_the_one_that_yields_the_header(tmp_path, name, text):
    _previous(tmp_path)
    (tmp_path / "2021").mkdir()
    (tmp_path / "2021" / "stand.csv").write_text(text, encoding="utf-8")
    code, out, err = run_cli("check", "--inputs", str(tmp_path))
    assert code == 0, out + err
    assert "2021: 2 Maßnahmen" in out
    assert "keine Tabelle mit Maßnahmen" not in out


def test_a_utf8_csv_with_one_windows_byte_names_the_line(tmp_path):
    _previous(tmp_path)
    lines = [";".join(r) for r in ROWS]
    lines[1] = lines[1].replace("umgesetzt", "Zurückgestellt")
    data = "\n".join(lines).encode("utf-8").replace(b"Kurs", "Kürs".encode("cp1252"))
    (tmp_path / "2021").mkdir()
    (tmp_path / "2021" / "stand.csv").write_bytes(data)
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    assert code == 1
    assert (
        "Fehler: Die CSV-Datei ist als UTF-8 gespeichert, aber Zeile 2 enthält ein Zeichen in "
        "einer anderen Kodierung (Byte 0xFC, vermutlich aus einer Windows-Datei hineinkopiert)."
    ) in out
    assert "Ã" not in out


def test_a_windows_encoded_review_toml_is_said_in_german(tmp_path):
    _previous(tmp_path)
    (tmp_path / "review.toml").write_bytes('[report]\ncity = "Göttingen"\n'.encode("cp1252"))
    code, _, err = run_cli("check", "--inputs", str(tmp_path))
    assert code == 1
    assert "Die Konfigurationsdatei ist nicht als UTF-8 gespeichert (Zeile 2)." in err
    assert "codec" not in err


def test_an_svg_logo_with_entities_is_refused_in_german_without_a_blob(tmp_path):
    _previous(tmp_path)
    (tmp_path / "logo.svg").write_text(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "x">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>',
        encoding="utf-8",
    )
    (tmp_path / "review.toml").write_text('[report]\nlogo = "logo.svg"\n', encoding="utf-8")
    code, out, err = run_cli("check", "--inputs", str(tmp_path))
    assert code == 1
    assert "report.logo: Das SVG-Logo enthält eine DOCTYPE- oder ENTITY-Angabe" in out + err
    assert "base64" not in out + err


def test_forms_into_a_read_only_folder_say_so_before_any_work(tmp_path, monkeypatch):
    import planreview.export.summary as summary

    _previous(tmp_path / "inputs")
    out = tmp_path / "formulare"
    out.mkdir()
    # a read-only mount (root may write anywhere else): the folder refuses writing
    monkeypatch.setattr(summary.os, "access", lambda path, mode: Path(path) != out)
    code, _, err = run_cli("forms", "--inputs", str(tmp_path / "inputs"), "--out", str(out))
    assert code == 1
    assert f"In {out} darf nicht geschrieben werden." in err
    assert list(out.iterdir()) == []


def test_an_unwritable_output_is_said_in_german(tmp_path):
    from planreview.console import os_message

    message = os_message(OSError(30, "Read-only file system", "/media/stick/x.xlsx"))
    assert message == (
        "/media/stick/x.xlsx: Das Laufwerk ist schreibgeschützt. Bitte mit --out einen anderen "
        "Ordner angeben."
    )


def test_a_year_folder_with_words_and_a_plan_period_in_a_name(tmp_path):
    _previous(tmp_path)
    write_xlsx(
        tmp_path / "2021 Rückmeldungen" / "Maßnahmenplan 2019-2023.xlsx",
        measure_rows({"1.1": "umgesetzt", "1.2": "geplant"}),
    )
    write_xlsx(tmp_path / "Maßnahmenplan 2019–2023.xlsx", measure_rows({"1.1": "geplant"}))
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    assert "2021: 2 Maßnahmen" in out
    assert (
        "Fehler: Der Dateiname nennt den Zeitraum 2019–2023, aber kein Berichtsjahr. Bitte die "
        "Datei in einen Ordner mit der Jahreszahl legen (z. B. 2023/) oder das Jahr in den "
        "Namen schreiben."
    ) in _lines(out)
