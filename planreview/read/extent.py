"""What an xlsx/xlsm/ods holds, found cheaply before calamine reads it: the unpacked size of
its parts and the used range of each worksheet.

calamine builds one dense range per sheet, from A1 to the farthest cell with a value: a single
stray cell at XFD1048576 asks for 512 GB and aborts the process (no exception to catch), and
a zip holding gigabytes of spaces fills the memory. So the sheet XML is streamed here first
and such files refused with the cell to delete.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from xml.etree import ElementTree

from ..problems import Joined, Said
from .values import column_letter

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a plan's workbook unpacks to a few MB
MAX_CELLS = 5_000_000  # rows x columns of the dense range calamine allocates (~160 MB)
CHUNK = 1024 * 1024
_LOOK_AHEAD = 8192  # longer than any cell tag and the start of its value

_ROW = rb"<(?:\w+:)?row\b([^>]*)>"
_CELL = rb"<(?:\w+:)?c\b([^>]*?)(/?)>"
_TOKEN = re.compile(_ROW + rb"|" + _CELL)
_REF = re.compile(rb'\br="([A-Za-z]{1,3})(\d{1,7})"')
_ROW_NUMBER = re.compile(rb'\br="(\d{1,7})"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_INLINE = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t>")
_EMPTY_CELL = re.compile(rb"\s*</(?:\w+:)?c>")
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_FORMULA = re.compile(rb"\s*<(?:\w+:)?f\b")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class TooLarge(Exception):
    """The file or one of its sheets is too large to read; the message (a Said) says why."""

    def __init__(self, message: Said, sheet: str | None = None):
        super().__init__(message)
        self.sheet = sheet


@dataclass(frozen=True)
class WorkbookSheet:
    name: str
    part: str  # the sheet's XML inside the zip
    state: str  # "visible", "hidden" or "veryHidden"


def check_unpacked_size(archive: zipfile.ZipFile, stored: int) -> None:
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise TooLarge(
            Said(
                "file_unpacked_too_big",
                unpacked=_mb(unpacked),
                stored=_mb(stored),
                limit=_mb(MAX_UNPACKED_BYTES),
            )
        )


def workbook_sheets(archive: zipfile.ZipFile) -> list[WorkbookSheet]:
    """The worksheets of an xlsx/xlsm in their order, with their part names and visibility."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return []  # calamine says what is wrong with it
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_RELS}Relationship")}
    sheets = []
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL_ID), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        part = str(PurePosixPath(part))  # "xl/./worksheets/.." spelled plainly
        sheets.append(WorkbookSheet(sheet.get("name", ""), part, sheet.get("state", "visible")))
    return sheets


def scan_xlsx(archive: zipfile.ZipFile) -> dict[str, list[tuple[int, int, str, str]]]:
    """Refuse a worksheet whose used range calamine could not hold, naming its far cells;
    else each sheet's cells with an Excel error or an uncalculated formula."""
    names = set(archive.namelist())
    found = {}
    for sheet in workbook_sheets(archive):
        if sheet.part not in names:
            continue
        extent = _extent(archive, sheet.part)
        found[sheet.name] = extent.issues
        if extent.rows * extent.columns <= MAX_CELLS:
            continue
        # Name the cell behind each dimension out of bounds (more than 200 columns means
        # fewer than 25 000 rows, and the other way round, if the area is too large).
        far = []
        if extent.columns <= 200 or extent.rows * 200 > MAX_CELLS:
            far.append(extent.farthest_row)
        if extent.columns > 200 and extent.farthest_column[:2] != extent.farthest_row[:2]:
            far.append(extent.farthest_column)
        strings = _shared_strings(archive) if any(c[2] == "s" for c in far) else []
        cells = far_cells(_describe(cell, strings) for cell in far)
        last = f"{column_letter(extent.columns)}{extent.rows}"
        raise TooLarge(
            Said(
                "sheet_too_large", last=last, rows=extent.rows, columns=extent.columns, cells=cells
            ),
            sheet=sheet.name,
        )
    return found


_ODS_TOKEN = re.compile(
    rb"<table:table\b(?!-)([^>]*)>|<table:table-row\b([^>]*?)(/?)>|</table:table-row>"
    rb"|<table:(?:covered-)?table-cell\b([^>]*?)(/?)>"
)
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="(\d{1,10})"')
_COLUMNS_REPEATED = re.compile(rb'table:number-columns-repeated="(\d{1,10})"')
_ODS_TEXT = re.compile(rb"<text:p[^>]*>(.*?)</text:p>", re.DOTALL)


def scan_ods(archive: zipfile.ZipFile) -> dict[str, list[tuple[int, int, str, str]]]:
    """The same refusal for an ods: its rows and cells carry repeat counts, and one
    repeated cell with a value far down asks calamine for billions of cells. Else each
    sheet's error cells (calamine reads them as 0 or empty)."""
    issues: dict[str, list] = {}
    try:
        info = archive.getinfo("content.xml")
    except KeyError:
        return issues  # calamine says what is wrong with it
    data = archive.read(info)  # unpacked size checked before
    sheet, rows, columns, row, repeat, column, far = "", 0, 0, 0, 1, 0, None
    for match in _ODS_TOKEN.finditer(data):
        table, row_attributes, row_closed, cell_attributes, cell_closed = match.groups()
        if table is not None:
            _refuse_ods(sheet, rows, columns, far)
            name = _ODS_NAME.search(table)
            sheet = html.unescape(name.group(1).decode("utf-8", "replace")) if name else ""
            issues[sheet] = []
            rows, columns, row, far = 0, 0, 0, None
        elif row_attributes is not None:
            found = _ROWS_REPEATED.search(row_attributes)
            repeat, column = (int(found.group(1)) if found else 1), 0
            if row_closed:
                row, repeat = row + repeat, 1
        elif cell_attributes is None:  # </table:table-row>
            row, repeat = row + repeat, 1
        else:
            found = _COLUMNS_REPEATED.search(cell_attributes)
            count = int(found.group(1)) if found else 1
            filled = b"value-type" in cell_attributes or not cell_closed
            if b'calcext:value-type="error"' in cell_attributes and sheet in issues:
                text = _ODS_TEXT.search(data, match.end(), match.end() + 4000)
                shown = re.sub(rb"<[^>]*>", b"", text.group(1)) if text else b""
                issues[sheet].append(
                    (row + 1, column + 1, "error", shown.decode("utf-8", "replace"))
                )
            if filled and not (not cell_closed and data.startswith(b"</table:", match.end())):
                last_row, last_column = row + repeat, column + count
                if last_row * last_column > rows * columns:
                    text = _ODS_TEXT.search(data, match.end(), match.end() + 4000)
                    far = (last_row, last_column, "ods", text.group(1) if text else b"")
                rows, columns = max(rows, last_row), max(columns, last_column)
            column += count
    _refuse_ods(sheet, rows, columns, far)
    return issues


def _refuse_ods(sheet: str, rows: int, columns: int, far) -> None:
    if rows * columns <= MAX_CELLS or far is None:
        return
    last = f"{column_letter(columns)}{rows}"
    raise TooLarge(
        Said(
            "sheet_too_large",
            last=last,
            rows=rows,
            columns=columns,
            cells=far_cells([_describe(far, [])]),
        ),
        sheet=sheet,
    )


@dataclass
class _Extent:
    rows: int = 0
    columns: int = 0
    farthest_row: tuple = (0, 0, "", b"")  # (row, column, type, raw content)
    farthest_column: tuple = (0, 0, "", b"")
    issues: list = field(default_factory=list)  # (row, column, "error"|"uncalculated", text)


def _issue(data: bytes, start: int, kind: str) -> tuple[str, str] | None:
    """An Excel error value, or a formula saved without its result (calamine reads both as
    an empty cell)."""
    close = _CELL_END.search(data, start, start + _LOOK_AHEAD)
    content = data[start : close.start() if close else start + _LOOK_AHEAD]
    value = _VALUE.search(content)
    if kind == "e":
        return ("error", value.group(1).decode("ascii", "replace").strip()) if value else None
    if value and (value.group(1) or kind == "str"):
        return None  # a calculated result ("" is one for a text formula)
    return ("uncalculated", "")


_QUICK_ROW = re.compile(rb'<c r="[A-Z]{1,3}(\d{1,7})"')
_QUICK_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})\d')
_PREFIXED = re.compile(rb"<\w+:(?:c|row|f)\b")
_CELL_TAG = re.compile(_CELL)
_HINTS = (re.compile(rb' t="e"'), re.compile(rb"<f[ >/]"))  # each a literal: quick to find


# A cell tag that is not `<c r="…"` with a reference inside columns A-CZ and rows 1-39,999
# (one lookahead per cell tag), or a prefixed tag: 104 x 39,999 cells are within MAX_CELLS,
# so if no tag is one of these, the sheet cannot be too large, whatever its exact extent.
_NOT_NEAR = re.compile(rb'<c(?! r="(?:[A-Z]|[A-C][A-Z])(?:[1-9]\d{0,3}|[1-3]\d{4})")[\s/>]')
_NEAR_CELLS = 104 * 39_999  # the area _NOT_NEAR leaves out
# Every match of _PREFIXED contains a match of this, searched for first: a ":" is rare in
# sheet XML, where "<" starts every tag (half the time of one expression for both).
_MAYBE_PREFIXED = re.compile(rb":(?:c|row|f)\b")


def _prefixed(data: bytes) -> bool:
    return _MAYBE_PREFIXED.search(data) is not None and _PREFIXED.search(data) is not None


def _quick_extent(archive: zipfile.ZipFile, part: str) -> _Extent | None:
    """The common case in a few passes of C: every cell tag unprefixed with its reference,
    and the largest reference (empty cells too: an upper bound) within MAX_CELLS. Errors
    and formulas are looked at one by one. None: read it cell by cell instead."""
    data = archive.read(part)  # the unpacked size was checked before
    if _NEAR_CELLS <= MAX_CELLS and _NOT_NEAR.search(data) is None and not _prefixed(data):
        extent = _Extent()
        _find_issues(data, extent)
        return extent
    rows = _QUICK_ROW.findall(data)
    cells = data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/")
    if _prefixed(data) or len(rows) != cells:
        return None
    extent = _Extent()
    if rows:
        extent.rows = max(map(int, rows))
        extent.columns = max(map(_column_number, set(_QUICK_COLUMN.findall(data))))
    if extent.rows * extent.columns > MAX_CELLS:
        return None  # find the cells with content, and the far ones, one by one
    _find_issues(data, extent)
    return extent


def _find_issues(data: bytes, extent: _Extent) -> None:
    """The cells with an Excel error or a formula, each looked at (few in a plan's sheet)."""
    seen = set()
    for position in sorted(m.start() for hint in _HINTS for m in hint.finditer(data)):
        start = data.rfind(b"<c ", 0, position + 1)
        cell = _CELL_TAG.match(data, start) if start >= 0 else None
        if cell is None or start in seen:
            continue
        seen.add(start)
        ref = _REF.search(cell.group(1))
        found = _TYPE.search(cell.group(1))
        kind = found.group(1).decode() if found else ""
        if ref is None or cell.group(2) or _EMPTY_CELL.match(data, cell.end()):
            continue
        if kind == "e" or _FORMULA.match(data, cell.end()):
            issue = _issue(data, cell.end(), kind)
            if issue:
                extent.issues.append((int(ref.group(2)), _column_number(ref.group(1)), *issue))


def _extent(archive: zipfile.ZipFile, part: str) -> _Extent:
    """The largest row and column of a cell with content, and the cells with errors."""
    quick = _quick_extent(archive, part)
    return quick if quick is not None else _cell_by_cell(archive, part)


def _cell_by_cell(archive: zipfile.ZipFile, part: str) -> _Extent:
    """Stream the sheet XML cell by cell (cells without references count by position)."""
    extent, row, column, tail = _Extent(), 0, 0, b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(CHUNK)
            data = tail + chunk
            if not data:
                break
            # Tokens are read up to a tag start well before the end, so that no tag and no
            # look-ahead (empty cell? its value?) is cut; the rest waits for the next chunk.
            end = data.rfind(b"<", 0, len(data) - _LOOK_AHEAD) if chunk else len(data)
            if end <= 0 and len(data) > 2 * CHUNK:  # a long text without tags
                last = data.rfind(b"<")
                end = last if last > 0 else len(data)
            end = max(end, 0)
            for match in _TOKEN.finditer(data, 0, end):
                if match.group(1) is not None:  # <row>
                    number = _ROW_NUMBER.search(match.group(1))
                    row = int(number.group(1)) if number else row + 1
                    column = 0
                    continue
                attributes, closed = match.group(2), match.group(3)
                ref = _REF.search(attributes)
                column = _column_number(ref.group(1)) if ref else column + 1
                if ref:
                    row = int(ref.group(2))
                if closed or _EMPTY_CELL.match(data, match.end()):
                    continue  # a formatted empty cell: calamine leaves it out
                found = _TYPE.search(attributes)
                kind = found.group(1).decode() if found else ""
                if kind == "e" or _FORMULA.match(data, match.end()):
                    issue = _issue(data, match.end(), kind)
                    if issue:
                        extent.issues.append((row, column, *issue))
                if row > extent.rows or column > extent.columns:
                    cell = (row, column, kind, data[match.end() : match.end() + 2000])
                    if row > extent.rows:
                        extent.rows, extent.farthest_row = row, cell
                    if column > extent.columns:
                        extent.columns, extent.farthest_column = column, cell
            tail = data[end:]
            if not chunk:
                break
    return extent


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _shared_strings(archive: zipfile.ZipFile) -> list[bytes]:
    try:
        data = archive.read("xl/sharedStrings.xml")
    except KeyError:
        return []
    return re.findall(rb"<(?:\w+:)?si>(.*?)</(?:\w+:)?si>", data, re.DOTALL)


def far_cells(described) -> Joined:
    """The far cells named in sheet_too_large, where they begin a sentence: "Zelle XFA1
    enthält „x“, …", and in English "Cell XFA1 holds “x”, cell A9 is not empty and cell …"."""
    return Joined(tuple(described), last=Said("and"), sentence=True)


def _describe(cell: tuple, strings: list[bytes]) -> Said:
    row, column, kind, raw = cell
    reference = f"{column_letter(column)}{row}"
    raw = raw.split(b"</c>")[0] if kind != "ods" else raw
    if kind == "s":
        found = _VALUE.search(raw)
        index = int(found.group(1)) if found and found.group(1).strip().isdigit() else -1
        raw = strings[index] if 0 <= index < len(strings) else b""
        text = b"".join(_INLINE.findall(raw))
    elif kind == "ods":
        text = re.sub(rb"<[^>]*>", b"", raw)
    elif kind == "inlineStr":
        text = b"".join(_INLINE.findall(raw))
    else:
        found = _VALUE.search(raw)
        text = found.group(1) if found else b""
    shown = " ".join(html.unescape(text.decode("utf-8", "replace")).split())
    if not shown:
        return Said("far_cell_not_empty", cell=reference)
    return Said(
        "far_cell_holds", cell=reference, text=shown[:40] + ("…" if len(shown) > 40 else "")
    )


def _mb(size: int) -> int:
    return round(size / 1024 / 1024)
