"""Mutated workbooks (random cells, damaged sheet XML, zip variations) never crash the
reader: `check` ends with exit 0 or 1 and German messages, never a traceback, an internal
error or an abort (an abort would take the test run down with it)."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from conftest import measure_rows, run_cli, write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same cases on every run: a failure can be reproduced
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SHEET = "xl/worksheets/sheet1.xml"
# Text a cell may hold in an xlsx (XML 1.0 has no other control characters).
CELL_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff").filter(
        lambda c: c in "\t\n\r" or ord(c) >= 0x20
    ),
    max_size=30,
)
VALUES = st.one_of(
    CELL_TEXT,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.sampled_from(["#REF!", "#N/A", "#VALUE!", "#DIV/0!", "=1/0", "=A1", "entfallen", ""]),
)
POSITIONS = st.one_of(
    st.tuples(st.integers(1, 40), st.integers(1, 12)),  # inside and around the table
    st.tuples(st.integers(1, 1_048_576), st.integers(1, 16_384)),  # anywhere, even far out
)


def _base() -> bytes:
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.title = "Maßnahmen"
    for row in measure_rows({"1.1": "umgesetzt", "1.2": "geplant", "1.3": "in Umsetzung"}):
        workbook.active.append(row)
    workbook.save(buffer)
    return buffer.getvalue()


def _with_cells(cells) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(_base()))
    sheet = workbook.active
    for (row, column), value in cells:
        cell = sheet.cell(row, column)
        cell.value = value
        if isinstance(value, str) and value.startswith("#"):
            cell.data_type = "e"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewritten(data: bytes, change) -> bytes:
    """The zip with its parts passed through `change(name, bytes) -> bytes | None`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = change(info.filename, source.read(info))
            if part is not None:
                target.writestr(info, part)
    return out.getvalue()


XML_EDITS = st.tuples(
    st.sampled_from(["replace", "delete", "insert", "repeat"]),
    st.floats(0, 1),
    st.integers(1, 200),
    st.one_of(
        st.binary(max_size=40),
        st.sampled_from(
            [
                b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
                b'<c r="A0"><v>1</v></c>',
                b'<c r="ZZZZ99999999" t="s"><v>99</v></c>',
                b'<c t="e"><v>#REF!</v></c>',
                b"<c><f>SUM(A1:A2)</f></c>",
                b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
                b" " * 5000,
            ]
        ),
    ),
)


def _edit(xml: bytes, edit) -> bytes:
    how, where, length, piece = edit
    at = int(where * len(xml))
    if how == "replace":
        return xml[:at] + piece + xml[at + length :]
    if how == "delete":
        return xml[:at] + xml[at + length :]
    if how == "insert":
        return xml[:at] + piece + xml[at:]
    return xml[:at] + xml[at : at + length] * 50 + xml[at:]


ZIP_EDITS = st.sampled_from(
    ["drop-sheet", "drop-workbook", "drop-rels", "truncate", "flip", "stored", "empty-sheet"]
)


def _zip_edit(data: bytes, how: str) -> bytes:
    if how.startswith("drop-"):
        gone = {"drop-sheet": SHEET, "drop-workbook": "xl/workbook.xml"}.get(
            how, "xl/_rels/workbook.xml.rels"
        )
        return _rewritten(data, lambda name, part: None if name == gone else part)
    if how == "truncate":
        return data[: len(data) // 2]
    if how == "flip":
        middle = len(data) // 3
        return (
            data[:middle]
            + bytes(b ^ 0x5A for b in data[middle : middle + 64])
            + data[middle + 64 :]
        )
    if how == "empty-sheet":
        return _rewritten(data, lambda name, part: b"" if name == SHEET else part)
    out = io.BytesIO()  # every part stored, not compressed
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info), zipfile.ZIP_STORED)
    return out.getvalue()


def _check(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder)
        write_xlsx(inputs / "2020" / "a.xlsx", measure_rows({"1.1": "geplant"}))
        (inputs / "2021").mkdir()
        (inputs / "2021" / "a.xlsx").write_bytes(data)
        code, out, err = run_cli("check", "--inputs", str(inputs))
    assert code in (0, 1), out + err
    assert "Traceback" not in out + err
    assert "Interner Fehler" not in out + err, out + err
    assert "Ergebnis:" in out  # the German summary line: the run ended as designed


@FUZZ
@given(st.lists(st.tuples(POSITIONS, VALUES), max_size=6))
def test_random_cells(cells):
    _check(_with_cells(cells))


@FUZZ
@given(st.lists(XML_EDITS, min_size=1, max_size=3))
def test_damaged_sheet_xml(edits):
    def change(name, part):
        if name != SHEET:
            return part
        for edit in edits:
            part = _edit(part, edit)
        return part

    _check(_rewritten(_base(), change))


@FUZZ
@given(ZIP_EDITS, st.lists(XML_EDITS, max_size=1))
def test_zip_variations(how, edits):
    data = _base()
    if edits:
        data = _rewritten(data, lambda name, part: _edit(part, edits[0]) if name == SHEET else part)
    _check(_zip_edit(data, how))
