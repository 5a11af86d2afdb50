"""Find each year's files, read every sheet, find the header row; keep provenance.

Nothing here interprets values: that is validate's job. Problems with the files themselves
(unreadable, too big, year unknown, no header row) are collected as Problems.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem, Said, error, note, quote, warning
from .columns import COLUMNS, REQUIRED, column_key, normalise_header

log = logging.getLogger(__name__)

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
MAX_FILE_BYTES = 50 * 1024 * 1024  # a plan's status list is a few hundred kB at most
MAX_ROWS = 100_000  # more rows than any plan can have: refuse before pandas holds them
HEADER_SEARCH_ROWS = 20
YEAR_IN_NAME = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
YEAR_FOLDER = re.compile(r"^(19\d\d|20\d\d)$")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A sheet of this name (in any workbook) and a file of this stem (at the top of the inputs
# folder) hold indicators, read by indicators.py; compared with normalise_header.
INDICATORS = "indikatoren"


@dataclass(frozen=True)
class InputFile:
    path: Path
    name: str  # path relative to the inputs folder, as shown to the user
    year: int


@dataclass(frozen=True)
class Column:
    position: int
    header: str  # as written in the file (line breaks shown as spaces)
    key: str | None  # which of our columns, None if we do not use it


@dataclass(frozen=True)
class RawTable:
    """One data sheet: its header row and every row below it, with Excel row numbers."""

    file: str
    sheet: str
    header_row: int
    columns: tuple[Column, ...]
    rows: tuple[tuple[int, tuple], ...]  # (Excel row number, cell values)


@dataclass(frozen=True)
class RawSheet:
    """A sheet kept as read, for another reader (the indicators); rows[0] is Excel row 1."""

    file: str
    sheet: str
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class Discovery:
    """The files found under the inputs folder, with the year each belongs to."""

    files: tuple[InputFile, ...]
    problems: tuple[Problem, ...]
    indicator_files: tuple[Path, ...] = ()  # indikatoren.* at the top of the inputs folder

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({f.year for f in self.files}))

    def files_of(self, year: int) -> tuple[InputFile, ...]:
        return tuple(f for f in self.files if f.year == year)


@dataclass(frozen=True)
class FileContents:
    file: InputFile
    tables: tuple[RawTable, ...]
    problems: tuple[Problem, ...]  # including notes on skipped sheets
    modified: dt.date | None = None  # the document's own "last modified" property
    indicator_sheets: tuple[RawSheet, ...] = ()  # sheets named "Indikatoren", not measures


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


def discover(inputs: Path) -> Discovery:
    """Every spreadsheet under `inputs` with its year; lock, hidden and other files noted."""
    files, problems, indicator_files = [], [], []
    for path in sorted(p for p in inputs.rglob("*") if p.is_file()):
        name = path.relative_to(inputs).as_posix()
        parts = path.relative_to(inputs).parts
        if any(part.startswith(".") for part in parts[:-1]):
            continue  # inside a hidden folder (.git, .~ backups): not the clerk's files
        base = path.name
        if base.startswith("~$") or base.startswith(".~lock"):
            problems.append(note(Said("lock_file"), file=name))
            continue
        if base.startswith("."):
            problems.append(note(Said("hidden_file"), file=name))
            continue
        if base == "review.toml":
            continue
        if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
            problems.append(
                note(
                    Said("not_a_spreadsheet"),
                    file=name,
                    accepted=", ".join(SPREADSHEET_SUFFIXES),
                )
            )
            continue
        if len(parts) == 1 and normalise_header(path.stem) == INDICATORS:
            indicator_files.append(path)  # no year: one table for all years
            continue
        year, problem = year_of(path, name, parts[:-1])
        if problem:
            problems.append(problem)
        else:
            files.append(InputFile(path, name, year))
    return Discovery(tuple(files), tuple(problems), tuple(indicator_files))


def year_of(path: Path, name: str, folders=()) -> tuple[int | None, Problem | None]:
    """The year from the nearest folder named YYYY (inside the inputs folder), else the one
    year in the file name."""
    in_name = sorted(set(YEAR_IN_NAME.findall(path.stem)))
    folder = next((m for f in reversed(folders) if (m := YEAR_FOLDER.match(f))), None)
    if folder:
        year = int(folder.group(1))
        if in_name and str(year) not in in_name:
            return None, error(
                f"Die Datei liegt im Ordner {year}, ihr Name nennt aber "
                f"{' und '.join(in_name)}. Ist sie versehentlich aus einem anderen Jahr "
                "hineinkopiert worden? Bitte verschieben oder umbenennen.",
                file=name,
            )
        return year, None
    if len(in_name) == 1:
        return int(in_name[0]), None
    accepted = (
        "ein Ordner mit der Jahreszahl (z. B. 2020/) oder genau eine Jahreszahl im Dateinamen"
    )
    if not in_name:
        return None, error(
            "Zu welchem Jahr die Datei gehört, ist nicht erkennbar.", file=name, accepted=accepted
        )
    return None, error(
        f"Der Dateiname nennt mehrere Jahre ({', '.join(in_name)}); das Berichtsjahr ist "
        "nicht eindeutig.",
        file=name,
        accepted=accepted,
    )


def read_file(source: InputFile) -> FileContents:
    """Every sheet of one file; a sheet with a header row becomes a RawTable."""
    problems: list[Problem] = []
    where = {"file": source.name}
    try:
        sheets = _read_sheets(source.path)
    except _Unreadable as exc:
        return FileContents(source, (), (error(str(exc), **where),))
    tables, indicator_sheets = [], []
    best_guess = None  # the most promising header candidate, for the error if nothing fits
    for sheet, rows in sheets.items():
        if len(rows) > MAX_ROWS:
            problems.append(
                error(
                    f"Das Blatt hat mehr als {MAX_ROWS:,} Zeilen; so viele Maßnahmen hat kein "
                    "Plan. Die Datei wurde nicht gelesen.".replace(",", "."),
                    sheet=sheet,
                    **where,
                )
            )
            continue
        if normalise_header(sheet) == INDICATORS:
            indicator_sheets.append(RawSheet(source.name, sheet, tuple(map(tuple, rows))))
            continue
        header = _find_header(rows)
        if header is not None:
            tables.append(_table(source.name, sheet, rows, header, problems))
            continue
        guess = _best_candidate(rows)
        if guess and _required_found(guess) >= 2:  # a data sheet missing one required column
            problems.append(_missing_columns(source.name, sheet, rows, guess))
        else:
            if guess and (best_guess is None or len(guess[1]) > len(best_guess[2][1])):
                best_guess = (sheet, rows, guess)
            problems.append(
                note(
                    Said("sheet_without_header"),
                    sheet=sheet,
                    **where,
                )
            )
    if not tables and not indicator_sheets and not any(p.is_error for p in problems):
        if not any(any(v is not None for v in row) for rows in sheets.values() for row in rows):
            problems.append(error("Die Datei ist leer.", **where))
        elif best_guess:
            problems.append(_missing_columns(source.name, *best_guess))
        else:
            problems.append(
                error(
                    "In der Datei wurde keine Tabelle mit Maßnahmen gefunden: keine der ersten "
                    f"{HEADER_SEARCH_ROWS} Zeilen eines Blattes enthält die Spalten Nr., "
                    "Maßnahme und Status.",
                    **where,
                )
            )
    return FileContents(
        source,
        tuple(tables),
        tuple(problems),
        document_date(source.path),
        tuple(indicator_sheets),
    )


class _Unreadable(Exception):
    """The file cannot be read at all; the message says why, in German."""


def _read_sheets(path: Path) -> dict[str, list[list]]:
    size = path.stat().st_size
    if size == 0:
        raise _Unreadable("Die Datei ist leer (0 Byte).")
    if size > MAX_FILE_BYTES:
        raise _Unreadable(
            f"Die Datei ist {size / 1024 / 1024:.0f} MB groß; angenommen werden höchstens "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB. Enthält sie Bilder oder sehr viele leere "
            "formatierte Zeilen?"
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return {"": _read_csv(path)}
    with path.open("rb") as handle:
        magic = handle.read(8)
    if suffix in (".xlsx", ".xlsm", ".ods") and magic == OLE_MAGIC:
        raise _Unreadable(
            "Die Datei ist mit einem Kennwort geschützt und kann nicht gelesen werden. Bitte "
            "ohne Kennwort speichern (Datei > Informationen > Arbeitsmappe schützen)."
        )
    expected = OLE_MAGIC if suffix == ".xls" else ZIP_MAGIC
    if not magic.startswith(expected[:4]):
        kind = {".xls": "Excel-97-2003-Datei", ".ods": "LibreOffice-Tabelle"}.get(
            suffix, "Excel-Arbeitsmappe"
        )
        raise _Unreadable(
            f"Die Datei ist keine {kind}, obwohl sie auf {suffix} endet. Bitte in der "
            "Tabellenkalkulation öffnen und als .xlsx speichern."
        )
    try:
        return _read_workbook(path)
    except ImportError:
        raise  # a broken installation, not a broken file: the CLI says how to repair it
    except Exception as exc:  # calamine reports corrupt files with many exception types
        log.debug("reading %s failed", path, exc_info=True)
        text = str(exc).lower()
        if "password" in text or "encrypt" in text or _encrypted_ods(path):
            raise _Unreadable(
                "Die Datei ist mit einem Kennwort geschützt und kann nicht gelesen werden."
            ) from exc
        raise _Unreadable(
            "Die Datei ist beschädigt oder unvollständig und kann nicht gelesen werden "
            f"({type(exc).__name__}). Bitte in der Tabellenkalkulation öffnen und neu speichern."
        ) from exc


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
    from python_calamine import SheetTypeEnum, load_workbook  # noqa: PLC0415

    with path.open("rb") as handle:
        book = load_workbook(handle)
    names = [s.name for s in book.sheets_metadata if s.typ == SheetTypeEnum.WorkSheet]
    sheets = {}
    for name in names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=MAX_ROWS + 1)
        if not any(rows):  # no cells at all
            sheets[str(name)] = []
            continue
        rows[0] = _without_bom([_cell(v) for v in rows[0]])
        sheets[str(name)] = [[_value(v) for v in rows[0]]] + [
            [None if v == "" else _plain(v) for v in row] for row in rows[1:]
        ]  # "": an empty cell, the most common value
    return sheets


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


def _read_csv(path: Path) -> list[list]:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise _Unreadable(
            "Die Datei ist keine Textdatei (CSV), obwohl sie auf .csv endet. Bitte als CSV "
            "(Trennzeichen Semikolon) oder .xlsx speichern."
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    head = text[:20_000]
    delimiter = ";" if head.count(";") >= head.count(",") else ","
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append([_clean(v) for v in row])
            if len(rows) > MAX_ROWS:
                break
    except csv.Error as exc:  # e.g. an unterminated quote swallowing the rest of the file
        raise _Unreadable(
            f"Die CSV-Datei ist beschädigt und kann nicht gelesen werden ({exc}). Bitte in der "
            "Tabellenkalkulation öffnen und neu speichern."
        ) from exc
    width = max((len(r) for r in rows), default=0)
    return [r + [None] * (width - len(r)) for r in rows]


def _header_keys(row: list) -> dict[int, str]:
    return {i: k for i, v in enumerate(row) if v is not None and (k := column_key(v))}


def _find_header(rows: list[list]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if set(REQUIRED) <= set(_header_keys(row).values()):
            return index
    return None


def _best_candidate(rows: list[list]) -> tuple[int, dict[int, str]] | None:
    best = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = _header_keys(row)
        if keys and (best is None or len(set(keys.values())) > len(set(best[1].values()))):
            best = (index, keys)
    return best


def _required_found(guess: tuple[int, dict[int, str]]) -> int:
    """How many of the required columns a header candidate has (pick lists have one)."""
    return len(set(REQUIRED) & set(guess[1].values()))


def _shown(header) -> str:
    return " ".join(str(header).split())


def _missing_columns(file: str, sheet: str, rows, guess) -> Problem:
    index, keys = guess
    found = [_shown(v) for v in rows[index] if v is not None]
    missing = [k for k in REQUIRED if k not in keys.values()]
    names = " und ".join(f"„{COLUMNS[k][0]}“" for k in missing)
    names = (
        f"Pflichtspalte {names} fehlt" if len(missing) == 1 else f"Pflichtspalten {names} fehlen"
    )
    accepted = "; ".join(f"für {COLUMNS[k][0]}: " + ", ".join(COLUMNS[k][1]) for k in missing)
    return error(
        f"{names}. Gefundene Überschriften in Zeile {index + 1}: "
        + ", ".join(quote(f) for f in found)
        + ".",
        file=file,
        sheet=sheet,
        row=index + 1,
        accepted=accepted,
    )


def _table(file: str, sheet: str, rows, header: int, problems: list[Problem]) -> RawTable:
    columns, used = [], {}
    for position, value in enumerate(rows[header]):
        if value is None:
            continue
        key = column_key(value)
        shown = _shown(value)
        if key in used:
            problems.append(
                warning(
                    Said("duplicate_column", first=used[key]),
                    file=file,
                    sheet=sheet,
                    row=header + 1,
                    column=shown,
                )
            )
            key = None
        elif key:
            used[key] = shown
        columns.append(Column(position, shown, key))
    ignored = [c.header for c in columns if c.key is None]
    if ignored:
        problems.append(
            note(
                Said("ignored_columns", columns=tuple(ignored)),
                file=file,
                sheet=sheet,
                row=header + 1,
            )
        )
    body = tuple((n + 1, tuple(row)) for n, row in enumerate(rows) if n > header)
    return RawTable(file, sheet, header + 1, tuple(columns), body)
