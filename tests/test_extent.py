"""Workbooks calamine cannot hold are refused before it reads them: a stray cell far out
(calamine builds a dense range up to it and aborts the process), a zip that unpacks to far
more than a plan's workbook. The cases are built here; the messages are written out."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import measure_rows, run_cli, write_xlsx

from planreview.problems import Said, said_in
from planreview.read import extent
from planreview.read.extent import far_cells

ROOT = Path(__file__).resolve().parent.parent


def _plan(folder: Path, name="plan.xlsx") -> Path:
    return write_xlsx(folder / name, measure_rows({f"1.{n}": "umgesetzt" for n in range(1, 38)}))


def _rewrite(path: Path, part: str, change) -> None:
    """Rewrite one part of a zip in place (the others copied as they are)."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            target.writestr(info, change(data) if info.filename == part else data)


def _two_years(tmp_path: Path) -> Path:
    inputs = tmp_path / "inputs"
    write_xlsx(inputs / "2020" / "plan.xlsx", measure_rows({"1.1": "umgesetzt"}))
    return inputs


def test_a_stray_cell_at_the_last_cell_is_refused_naming_it_and_nothing_aborts(tmp_path):
    inputs = _two_years(tmp_path)
    path = _plan(inputs / "2021")
    workbook = openpyxl.load_workbook(path)
    workbook["Maßnahmen"]["XFD1048576"] = "x"
    workbook.save(path)
    assert path.stat().st_size < 10_000
    run = subprocess.run(
        [sys.executable, str(ROOT / "review.py"), "check", "--inputs", str(inputs)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert "memory allocation" not in run.stderr
    assert (
        "Fehler: Blatt „Maßnahmen“: Das Blatt reicht bis Zelle XFD1048576, das sind 1.048.576 "
        "Zeilen und 16.384 Spalten; so groß ist keine Maßnahmentabelle. Zelle XFD1048576 "
        "enthält „x“ – bitte löschen und die Datei neu speichern."
    ) in run.stdout
    assert "2021/plan.xlsx" in run.stdout


def test_two_stray_cells_are_both_named_shared_strings_looked_up(tmp_path):
    path = _plan(tmp_path)
    shared = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        b'2006/main"><si><t>eins</t></si><si><r><t>Rest &amp; </t></r><r><t>Zwei</t></r></si>'
        b"</sst>"
    )
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", shared)
    far_down = b'<row r="3000001"><c r="B3000001" t="n"><v>7</v></c></row>'
    _rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(b"</sheetData>", far_down + b"</sheetData>"),
    )
    assert _read_problems(path) == [
        "Das Blatt reicht bis Zelle G3000001, das sind 3.000.001 Zeilen und 7 Spalten; so groß "
        "ist keine Maßnahmentabelle. Zelle B3000001 enthält „7“ – bitte löschen und die Datei "
        "neu speichern."
    ]
    # far down and far right: two cells, each named with its text from the shared strings
    _rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(
            far_down, b'<row r="3000000"><c r="A3000000" t="s"><v>1</v></c></row>'
        ).replace(b'<c r="A1" ', b'<c r="XFA1" t="s"><v>0</v></c><c r="A1" ', 1),
    )
    assert _read_problems(path) == [
        "Das Blatt reicht bis Zelle XFA3000000, das sind 3.000.000 Zeilen und 16.381 Spalten; so "
        "groß ist keine Maßnahmentabelle. Zelle A3000000 enthält „Rest & Zwei“ und Zelle XFA1 "
        "enthält „eins“ – bitte löschen und die Datei neu speichern."
    ]
    assert _read_problems(path, "en") == [
        "The sheet reaches to cell XFA3000000, that is 3,000,000 rows and 16,381 columns; no "
        "table of measures is that large. Cell A3000000 holds “Rest & Zwei” and cell XFA1 holds "
        "“eins” – please delete that and save the file again."
    ]


FAR = (
    Said("far_cell_holds", cell="A3000000", text="Rest"),
    Said("far_cell_not_empty", cell="XFA1"),
    Said("far_cell_holds", cell="B7", text="x"),
)


@pytest.mark.parametrize(
    ("count", "german", "english"),
    [
        (1, "Zelle A3000000 enthält „Rest“ – bitte", "Cell A3000000 holds “Rest” – please"),
        (
            2,
            "Zelle A3000000 enthält „Rest“ und Zelle XFA1 ist nicht leer – bitte",
            "Cell A3000000 holds “Rest” and cell XFA1 is not empty – please",
        ),
        (
            3,
            "Zelle A3000000 enthält „Rest“, Zelle XFA1 ist nicht leer und Zelle B7 enthält „x“ "
            "– bitte",
            "Cell A3000000 holds “Rest”, cell XFA1 is not empty and cell B7 holds “x” – please",
        ),
    ],
)
def test_far_cells_are_listed_as_a_sentence_in_both_languages(count, german, english):
    message = Said(
        "sheet_too_large", last="XFA3000000", rows=3, columns=4, cells=far_cells(FAR[:count])
    )
    assert str(message).split("Maßnahmentabelle. ")[1] == (
        f"{german} löschen und die Datei neu speichern."
    )
    assert message.in_language("en").split("that large. ")[1] == (
        f"{english} delete that and save the file again."
    )


def _read_problems(path: Path, language: str = "de") -> list[str]:
    from planreview.read.discover import InputFile
    from planreview.read.tables import read_file

    contents = read_file(InputFile(path, path.name, 2021))
    return [said_in(p.message, language) for p in contents.problems if p.is_error]


def test_formatted_empty_cells_far_out_are_not_a_problem(tmp_path):
    path = _plan(tmp_path)
    _rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="XFD1048576" s="0"/><c r="XFD1048575" s="0"></c></row>'
            b"</sheetData>",
        ),
    )
    assert _read_problems(path) == []


def test_cells_without_references_are_counted_by_position(tmp_path):
    path = _plan(tmp_path)
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda d: re.sub(rb' r="[A-Z]+\d+"', b"", d))
    assert _read_problems(path) == []
    found = extent._extent(zipfile.ZipFile(path), "xl/worksheets/sheet1.xml")
    assert (found.rows, found.columns) == (38, 7)


def test_a_zip_that_unpacks_to_too_much_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(extent, "MAX_UNPACKED_BYTES", 1024 * 1024)
    inputs = _two_years(tmp_path)
    path = _plan(inputs / "2021")
    _rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(b"</sheetData>", b" " * (3 * 1024 * 1024) + b"</sheetData>"),
    )
    assert path.stat().st_size < 30_000
    code, out, err = run_cli("check", "--inputs", str(inputs))
    assert code == 1 and "Traceback" not in out + err
    assert (
        "Fehler: Die Datei enthält entpackt 3 MB Daten (gespeichert 0 MB); angenommen werden "
        "höchstens 1 MB."
    ) in out


def test_a_zip_whose_sizes_lie_is_refused_as_damaged(tmp_path):
    path = _plan(tmp_path)
    _rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(b"</sheetData>", b" " * 100_000 + b"</sheetData>"),
    )
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    # the uncompressed size in the central directory, for this entry: claim 1 000 bytes
    central = data.rfind(b"PK\x01\x02" + data[info.header_offset + 4 : info.header_offset + 6])
    central = data.find(b"xl/worksheets/sheet1.xml", data.find(b"PK\x01\x02")) - 46
    assert data[central : central + 4] == b"PK\x01\x02"
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    (problem,) = _read_problems(path)
    assert problem.startswith("Die Datei ist beschädigt oder unvollständig")


@pytest.mark.parametrize(("row", "refused"), [(100, False), (101, True)])
def test_the_cell_limit_is_the_area_up_to_the_farthest_cell(tmp_path, monkeypatch, row, refused):
    monkeypatch.setattr(extent, "MAX_CELLS", 1000)
    path = _plan(tmp_path)
    _rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(
            b"</sheetData>", f'<row r="{row}"><c r="J{row}"><v>1</v></c></row></sheetData>'.encode()
        ),
    )
    problems = _read_problems(path)
    if refused:  # 101 rows x 10 columns
        assert problems == [
            "Das Blatt reicht bis Zelle J101, das sind 101 Zeilen und 10 Spalten; so groß ist "
            "keine Maßnahmentabelle. Zelle J101 enthält „1“ – bitte löschen und die Datei neu "
            "speichern."
        ]
    else:
        assert problems == []


def test_an_ods_with_a_value_repeated_far_out_is_refused_naming_the_cell(tmp_path):
    import pandas as pd

    path = tmp_path / "plan.ods"
    rows = measure_rows({"1.1": "umgesetzt", "1.2": "geplant"})
    pd.DataFrame(rows).to_excel(path, engine="odf", header=False, index=False, sheet_name="Plan")
    far = (
        b'<table:table-row table:number-rows-repeated="2000000"><table:table-cell '
        b'table:number-columns-repeated="7"/></table:table-row><table:table-row>'
        b'<table:table-cell table:number-columns-repeated="2"/><table:table-cell '
        b'office:value-type="string"><text:p>Rest</text:p></table:table-cell></table:table-row>'
        b"</table:table>"
    )
    _rewrite(path, "content.xml", lambda d: d.replace(b"</table:table>", far, 1))
    assert _read_problems(path) == [
        "Das Blatt reicht bis Zelle G2000004, das sind 2.000.004 Zeilen und 7 Spalten; so groß "
        "ist keine Maßnahmentabelle. Zelle C2000004 enthält „Rest“ – bitte löschen und die Datei "
        "neu speichern."
    ]


@pytest.mark.parametrize(
    ("cell", "refused"),
    [
        ("CZ39999", False),  # the corner of the area the quick test accepts at once
        ("DA5", False),  # beyond it, but small: measured exactly, then read
        ("A40000", False),
        ("A4999", False),
        ("ZZ7123", True),  # 702 columns x 7,123 rows: just over 5,000,000 cells
        ("ZZ7122", False),  # 702 x 7,122 = 4,999,644
    ],
)
def test_cells_near_and_far_with_the_real_limit(tmp_path, cell, refused):
    path = _plan(tmp_path)
    row = re.sub(r"[A-Z]", "", cell)
    _rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(
            b"</sheetData>", f'<row r="{row}"><c r="{cell}"><v>1</v></c></row></sheetData>'.encode()
        ),
    )
    problems = _read_problems(path)
    assert bool(problems) is refused, problems
    if refused:
        assert problems[0].startswith(f"Das Blatt reicht bis Zelle {cell}, das sind")


def test_a_cell_tag_without_reference_is_measured_exactly(tmp_path, monkeypatch):
    """Cells without r="…" count by position: the quick test must not pass them by."""
    monkeypatch.setattr(extent, "MAX_CELLS", 104 * 39_999)  # the quick test still applies
    path = _plan(tmp_path)
    far = "<c><v>1</v></c>" * 200  # 200 cells after column A in row 39,999: column GS
    _rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(
            b"</sheetData>", f'<row r="39999"><c r="A39999"/>{far}</row></sheetData>'.encode()
        ),
    )
    (problem,) = _read_problems(path)
    assert problem.startswith("Das Blatt reicht bis Zelle GS39999, das sind 39.999 Zeilen")


def test_a_far_cell_in_prefixed_tags_is_not_passed_by_the_quick_test(tmp_path, monkeypatch):
    """A writer may prefix the sheet's tags (<x:c>): the quick test (plain `<c r="…"` tags
    near A1) must leave such a sheet to the exact measure, which finds the far cell."""
    monkeypatch.setattr(extent, "MAX_CELLS", 104 * 39_999)  # the quick test still applies
    path = _plan(tmp_path)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    far = (
        f'<x:row xmlns:x="{main}" r="39999"><x:c r="GS39999" t="n"><x:v>1</x:v></x:c>'
        "</x:row></sheetData>"
    )
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda d: d.replace(b"</sheetData>", far.encode()))
    (problem,) = _read_problems(path)
    assert problem.startswith("Das Blatt reicht bis Zelle GS39999, das sind 39.999 Zeilen")
