"""build's outputs (--out, --json, --html, --xlsx) named as a folder: a name ending in "/" or a
folder that exists gets the default file name inside; a folder that does not exist is refused
with its name, never written as a file of that name; an input is never replaced."""

from __future__ import annotations

import pytest
from conftest import measure_rows, run_cli, write_xlsx

OPTIONS = {"--out": ".pdf", "--json": ".json", "--html": ".html", "--xlsx": ".xlsx"}


def _inputs(folder):
    write_xlsx(folder / "2020" / "plan.xlsx", measure_rows({"1.1": "geplant"}))
    write_xlsx(folder / "2021" / "plan.xlsx", measure_rows({"1.1": "umgesetzt"}))
    return folder


def _snapshot(folder):
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(inputs, option, target, *more):
    no_pdf = () if option == "--out" else ("--no-pdf",)
    return run_cli("build", "--inputs", str(inputs), "-q", *no_pdf, option, target, *more)


@pytest.mark.parametrize("option", ["--json", "--html", "--xlsx"])
@pytest.mark.parametrize("slash", ["/", ""])
def test_an_existing_folder_gets_the_default_file_name(tmp_path, option, slash):
    inputs = _inputs(tmp_path / "inputs")
    folder = tmp_path / "ablage"
    folder.mkdir()
    code, _, err = _build(inputs, option, f"{folder}{slash}")
    assert (code, err) == (0, "")
    assert [p.name for p in folder.iterdir()] == [f"bericht-2021{OPTIONS[option]}"]


def test_the_pdf_goes_into_an_existing_folder_named_with_a_slash(tmp_path):
    inputs = _inputs(tmp_path / "inputs")
    folder = tmp_path / "ablage"
    folder.mkdir()
    code, out, err = _build(inputs, "--out", f"{folder}/")
    assert (code, err) == (0, "")
    assert [p.name for p in folder.iterdir()] == ["bericht-2021.pdf"]
    assert f"Bericht geschrieben: {folder}/bericht-2021.pdf" in out


@pytest.mark.parametrize("option", list(OPTIONS))
def test_a_folder_that_does_not_exist_is_refused_naming_it(tmp_path, option):
    inputs = _inputs(tmp_path / "inputs")
    before = _snapshot(inputs)
    target = f"{inputs}/2022/"
    other = tmp_path / "beiher"  # another output, named as a file: not written either
    more = ("--html" if option == "--json" else "--json", str(other))
    code, out, err = _build(inputs, option, target, *more)
    assert (code, out) == (1, "")
    assert err.strip().splitlines()[:2] == [
        target,
        f"  Fehler: Den Ordner {target} gibt es nicht. Bitte den Ordner zuerst anlegen oder "
        "einen Dateinamen angeben.",
    ]
    assert not (inputs / "2022").exists()  # no file named "2022"
    assert not other.exists()
    assert _snapshot(inputs) == before


def test_a_folder_that_does_not_exist_is_said_in_english(tmp_path):
    inputs = _inputs(tmp_path / "inputs")
    code, _, err = _build(inputs, "--json", f"{tmp_path}/neu/", "--lang", "en")
    assert code == 1
    assert (
        f"  Error: The folder {tmp_path}/neu/ does not exist. Please create the folder first or "
        "give a file name."
    ) in err.splitlines()


def test_a_file_named_as_a_folder_is_refused(tmp_path):
    inputs = _inputs(tmp_path / "inputs")
    blocker = tmp_path / "notiz.txt"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = _build(inputs, "--html", f"{blocker}/")
    assert code == 1
    assert f"  Fehler: {blocker}/ ist eine Datei, kein Ordner." in err.splitlines()
    assert blocker.read_text(encoding="utf-8") == "x"


def test_the_default_name_in_a_folder_never_replaces_an_input(tmp_path):
    """The inputs folder as the folder: its 2021 table is named like the comparison's default
    file (bericht-2021.xlsx), so it is refused, not overwritten."""
    inputs = tmp_path / "inputs"
    write_xlsx(inputs / "Stand_2020.xlsx", measure_rows({"1.1": "geplant"}))
    write_xlsx(inputs / "bericht-2021.xlsx", measure_rows({"1.1": "umgesetzt"}))
    before = _snapshot(inputs)
    code, _, err = _build(inputs, "--xlsx", f"{inputs}/")
    assert code == 2
    assert f"„{inputs}/bericht-2021.xlsx“ ist die Eingabedatei" in err
    assert _snapshot(inputs) == before
