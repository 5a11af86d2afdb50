"""Open xlsx/xlsm/xls/ods/csv files safely: size and row limits, calamine and csv reading,
cell values as pandas read them, the document's own date.

Nothing here interprets values: that is validate's job.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zipfile
import zlib
from pathlib import Path

from ..problems import Said
from . import extent

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024  # a plan's status list is a few hundred kB at most
MAX_ROWS = 100_000  # more rows than any plan can have: refuse before pandas holds them
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


FORM_KEYWORD = "planreview-Rückmeldeformular"  # in the forms' document properties
_KEYWORDS = re.compile(rb"<cp:keywords[^>]*>([^<]*)</cp:keywords>")
_MODIFIED = re.compile(rb"<(?:dcterms:modified|dc:date)[^>]*>(\d{4}-\d{2}-\d{2})")


def document_date(path: Path) -> dt.date | None:
    """The last-modified date stored inside an xlsx/ods (not the file system's, which a copy
    or checkout changes): it dates the data reproducibly."""
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".ods"):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            part = "docProps/core.xml" if "docProps/core.xml" in names else "meta.xml"
            found = _MODIFIED.search(archive.read(part)[:20_000]) if part in names else None
    except (zipfile.BadZipFile, OSError):
        return None
    return dt.date.fromisoformat(found.group(1).decode()) if found else None


def is_form(path: Path) -> bool:
    """A form made by `forms` (its document properties say so), read back as returned."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            found = _KEYWORDS.search(archive.read("docProps/core.xml")[:20_000])
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, zlib.error):
        return False
    return bool(found) and FORM_KEYWORD.encode() in found.group(1)


class Unreadable(Exception):
    """The file cannot be read at all; the message (a Said) says why (and which sheet, when
    one sheet is the reason)."""

    def __init__(self, message: Said, sheet: str = ""):
        super().__init__(message)
        self.sheet = sheet


def read_sheets(path: Path) -> dict[str, list[list]]:
    size = path.stat().st_size
    if size == 0:
        raise Unreadable(Said("file_zero_bytes"))
    if size > MAX_FILE_BYTES:
        raise Unreadable(
            Said("file_too_big", size=size / 1024 / 1024, limit=MAX_FILE_BYTES // 1024 // 1024)
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        from .csvfile import read_csv  # noqa: PLC0415 - it uses this module's limits

        return Sheets({"": read_csv(path)})
    with path.open("rb") as handle:
        magic = handle.read(8)
    if suffix in (".xlsx", ".xlsm", ".ods") and magic == OLE_MAGIC:
        raise Unreadable(_ole_in_disguise(path, suffix))
    expected = OLE_MAGIC if suffix == ".xls" else ZIP_MAGIC
    if not magic.startswith(expected[:4]):
        kind = Said(
            {".xls": "file_kind_xls", ".ods": "file_kind_ods"}.get(suffix, "file_kind_xlsx")
        )
        raise Unreadable(Said("file_not_its_kind", kind=kind, suffix=suffix))
    issues = _check_package(path, size)  # before calamine: what it cannot hold aborts
    try:
        return _with_cell_errors(_read_workbook(path), issues)
    except ImportError:
        raise  # a broken installation, not a broken file: the CLI says how to repair it
    except Exception as exc:  # calamine reports corrupt files with many exception types
        log.debug("reading %s failed", path, exc_info=True)
        text = str(exc).lower()
        if "password" in text or "encrypt" in text or _encrypted_ods(path):
            raise Unreadable(Said("file_password")) from exc
        raise Unreadable(Said("file_broken", kind=type(exc).__name__)) from exc


def _ole_in_disguise(path: Path, suffix: str) -> Said:
    """An Office 97-2003 container where a zip is expected: an old Excel file renamed, or an
    xlsx saved with a password (Office encrypts it into such a container)."""
    data = path.read_bytes()  # at most MAX_FILE_BYTES; the directory may be anywhere
    if "EncryptedPackage".encode("utf-16-le") not in data and any(
        name.encode("utf-16-le") + b"\x00\x00" in data for name in ("Workbook", "Book")
    ):
        return Said("file_old_excel_renamed", suffix=suffix)
    return Said("file_password_save_without")


def _check_package(path: Path, size: int) -> dict:
    """The unpacked size and every sheet's used range, from the zip and the sheet XML; the
    cells with Excel errors and uncalculated formulas (calamine reads them as empty)."""
    if path.suffix.lower() == ".xls":
        return {}
    try:
        with zipfile.ZipFile(path) as archive:
            extent.check_unpacked_size(archive, size)
            if path.suffix.lower() in (".xlsx", ".xlsm"):
                return extent.scan_xlsx(archive)
            return extent.scan_ods(archive)
    except extent.TooLarge as exc:
        raise Unreadable(exc.args[0], exc.sheet or "") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
        log.debug("checking %s failed", path, exc_info=True)
        raise Unreadable(Said("file_broken", kind=type(exc).__name__)) from exc


# What Excel shows (German) for the error values it stores (English) in the file.
EXCEL_ERRORS = {
    "#NULL!": "#NULL!",
    "#DIV/0!": "#DIV/0!",
    "#VALUE!": "#WERT!",
    "#REF!": "#BEZUG!",
    "#NAME?": "#NAME?",
    "#NUM!": "#ZAHL!",
    "#N/A": "#NV",
    "#GETTING_DATA": "#DATEN_ABRUFEN",
    "#SPILL!": "#ÜBERLAUF!",
    "#CALC!": "#KALK!",
    "#FIELD!": "#FELD!",
    "#BLOCKED!": "#BLOCKIERT!",
    "#CONNECT!": "#VERBINDEN!",
    "#UNKNOWN!": "#UNBEKANNT!",
    "#BUSY!": "#BESCHÄFTIGT!",
}


class Sheets(dict):
    """The visible sheets of a file (name -> rows); `hidden` the hidden ones, kept apart:
    they are not data, but the protocol names them."""

    hidden: dict[str, list[list]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hidden = {}


class CellError(str):
    """A cell calamine reads as empty that is not: an Excel error value (the text is its
    German name) or a formula saved without its result (the text is "")."""

    __slots__ = ()

    @property
    def uncalculated(self) -> bool:
        return not self


def _with_cell_errors(sheets: dict[str, list[list]], issues: dict) -> dict[str, list[list]]:
    for name, found in issues.items():
        rows = sheets.get(name)
        if rows is None:
            continue
        for row, column, kind, text in found:
            if row > MAX_ROWS + 1 or row < 1 or column < 1:
                continue  # beyond what is read: that sheet is refused as too long anyway
            rows.extend([] for _ in range(row - len(rows)))  # calamine ends at the last value
            cells = rows[row - 1]
            cells.extend([None] * (column - len(cells)))
            shown = EXCEL_ERRORS.get(text.upper(), text) if kind == "error" else ""
            cells[column - 1] = CellError(shown)
        if found:
            width = max(map(len, rows))
            for cells in rows:
                cells.extend([None] * (width - len(cells)))
    return sheets


# Cell texts pandas' read_excel reads as "no value" (its default na_values); kept as they were
# when the workbooks were read through pandas, so the same cells stay empty.
_NA_TEXTS = frozenset(
    ("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN")
    + ("<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null")
)


def _read_workbook(path: Path) -> dict[str, list[list]]:
    """Every worksheet, row by row, straight from calamine (no pandas: it cost more time than
    the reading). The values are the ones pandas.read_excel(engine="calamine", header=None,
    dtype=object) gave: whole floats as int, dates as datetime, the na_values texts as None;
    then strings stripped (blank: None)."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum, load_workbook  # noqa: PLC0415

    with path.open("rb") as handle:
        book = load_workbook(handle)
    sheets, hidden = Sheets(), {}
    for meta in book.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        if meta.visible != SheetVisibleEnum.Visible:  # hidden or "very hidden" (only by VBA)
            hidden[str(meta.name)] = None
        sheets[str(meta.name)] = None
    for name in list(sheets):
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=MAX_ROWS + 1)
        if not any(rows):  # no cells at all
            sheets[str(name)] = []
            continue
        rows[0] = _without_bom([_cell(v) for v in rows[0]])
        sheets[str(name)] = [[_value(v) for v in rows[0]]] + _plain_rows(rows[1:])
    for name in hidden:
        hidden[name] = sheets.pop(name)
    sheets.hidden = hidden
    return sheets


def _plain_rows(rows: list[list]) -> list[list]:
    """_plain for every cell, with its common cases inlined: this runs for every cell
    read. "" (an empty cell) -> None; a text -> stripped or None (an NA text: None); a whole
    float -> int; the rest through _plain. Same values as _plain, a third of the time."""
    na, plain = _NA_TEXTS, _plain
    return [
        [
            None
            if v == ""
            else (None if v in na else v.strip() or None)
            if type(v) is str
            else int(v)
            if type(v) is float and v.is_integer()
            else plain(v)
            for v in row
        ]
        for row in rows
    ]


def _plain(value):
    """_value(_cell(value)), in one call: this runs for every cell read."""
    if isinstance(value, str):
        return None if value in _NA_TEXTS else value.strip() or None
    return _value(_cell(value))


def _cell(value):
    """A calamine value as pandas' calamine reader converts it."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _value(value):
    """None for what pandas read as missing (NaN, the na_values texts), strings stripped."""
    if isinstance(value, str):
        if value in _NA_TEXTS:
            return None
        return value.strip() or None
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def _without_bom(row: list) -> list:
    """pandas' parser drops a byte order mark at the start of the first cell (and quotes
    right after it): pandas.io.parsers.python_parser.PythonParser._check_for_bom."""
    first = row[0] if row else None
    if not isinstance(first, str) or not first.startswith("\ufeff"):
        return row
    if len(first) > 1 and first[1] == '"':
        end = first[2:].index('"') + 2
        text = first[2:end] + (first[end + 1 :] if len(first) > end + 1 else "")
    else:
        text = first[1:]
    return [text, *row[1:]]


def _encrypted_ods(path: Path) -> bool:
    """LibreOffice keeps a protected file a zip, but marks its parts as encrypted."""
    if path.suffix.lower() != ".ods":
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return b"encryption-data" in archive.read("META-INF/manifest.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value
