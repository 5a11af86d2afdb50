"""Symbolic links in the inputs folder: one leading out of it is an error naming it and is not
read; one to a file inside is read with a note."""

from __future__ import annotations

import os

from conftest import measure_rows, run_cli, write_xlsx


def test_a_link_leaving_the_inputs_folder_is_an_error_and_not_read(tmp_path):
    inputs = tmp_path / "inputs"
    write_xlsx(inputs / "2020" / "a.xlsx", measure_rows({"1.1": "geplant"}))
    outside = write_xlsx(tmp_path / "elsewhere" / "secret.xlsx", measure_rows({"9.9": "geplant"}))
    (inputs / "2021").mkdir()
    os.symlink(outside, inputs / "2021" / "a.xlsx")
    code, out, err = run_cli("check", "--inputs", str(inputs))
    assert code == 1
    assert (
        f"Fehler: Die Datei ist eine Verknüpfung auf „{outside}“ außerhalb des Eingabeordners und "
        "wurde nicht gelesen. Bitte die Datei selbst in den Eingabeordner kopieren."
    ) in out
    assert "2021/a.xlsx" in out
    assert "9.9" not in out  # nothing of it was read


def test_a_link_inside_the_folder_is_read_with_a_note(tmp_path):
    inputs = tmp_path / "inputs"
    write_xlsx(inputs / "2020" / "a.xlsx", measure_rows({"1.1": "geplant"}))
    write_xlsx(inputs / "archiv" / "stand.xlsx", measure_rows({"1.1": "umgesetzt"}))
    (inputs / "2021").mkdir()
    os.symlink(inputs / "archiv" / "stand.xlsx", inputs / "2021" / "stand.xlsx")
    os.symlink(inputs / "archiv", inputs / "2021" / "ordner")
    os.symlink(inputs / "nirgends.xlsx", inputs / "2021" / "kaputt.xlsx")
    code, out, _ = run_cli("check", "--inputs", str(inputs))
    lines = [line.strip() for line in out.splitlines()]
    assert "Hinweis: Verknüpfung auf „archiv/stand.xlsx“, gelesen." in lines
    assert "2021: 1 Maßnahmen" in out or "2021: 1 Maßnahme" in out
    assert "Hinweis: Verknüpfung, die auf keine Datei zeigt, übersprungen." in lines
    assert any(line.startswith("Hinweis: Verknüpfung auf einen Ordner") for line in lines)
