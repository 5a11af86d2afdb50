"""Read every sheet of one file, find the header row; keep provenance.

Problems with the files themselves (unreadable, too big, no header row) are collected as
Problems.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..problems import Joined, Problem, Said, error, note, warning
from . import sheets as _sheets
from .columns import COLUMNS, REQUIRED, column_key, normalise_header
from .discover import INDICATORS, InputFile
from .headers import HEADER_SEARCH_ROWS, best_candidate, find_header, header_keys
from .sheets import document_date
from .table_reader import RawTable, read_table, shown
from .values import as_text, natural_key, year_of


@dataclass(frozen=True)
class RawSheet:
    """A sheet kept as read, for another reader (the indicators); rows[0] is Excel row 1."""

    file: str
    sheet: str
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class FileContents:
    file: InputFile
    tables: tuple[RawTable, ...]
    problems: tuple[Problem, ...]  # including notes on skipped sheets
    modified: dt.date | None = None  # the document's own "last modified" property
    indicator_sheets: tuple[RawSheet, ...] = ()  # sheets named "Indikatoren", not measures


def read_file(source: InputFile) -> FileContents:
    """Every sheet of one file; a sheet with a header row becomes a RawTable."""
    problems: list[Problem] = []
    where = {"file": source.name}
    try:
        sheets = _sheets.read_sheets(source.path)
    except _sheets.Unreadable as exc:
        return FileContents(source, (), (error(exc.args[0], sheet=exc.sheet, **where),))
    tables, indicator_sheets = [], []
    year = source.year
    form = _sheets.is_form(source.path)  # a returned form: its own columns are not news
    best_guess = None  # the most promising header candidate, for the error if nothing fits
    for sheet, rows in sheets.items():
        if len(rows) > _sheets.MAX_ROWS:
            problems.append(
                error(Said("sheet_too_long", rows=_sheets.MAX_ROWS), sheet=sheet, **where)
            )
            continue
        if normalise_header(sheet) == INDICATORS:
            indicator_sheets.append(RawSheet(source.name, sheet, tuple(map(tuple, rows))))
            continue
        header = _find_header(rows, year)
        if header is not None:
            tables.append(_table(source.name, sheet, rows, header, problems, year, form))
            continue
        guess = _best_candidate(rows, year)
        if guess and _required_found(guess) >= 2:  # a data sheet missing one required column
            problems.append(_missing_columns(source.name, sheet, rows, guess))
        else:
            if guess and (best_guess is None or len(guess[1]) > len(best_guess[2][1])):
                best_guess = (sheet, rows, guess)
            if not form:  # a form's notes sheet is its own, not a skipped data sheet
                problems.append(note(Said("sheet_without_header"), sheet=sheet, **where))
    _hidden_sheets(source.name, getattr(sheets, "hidden", {}), tables, problems, year)
    if not tables and not indicator_sheets and not any(p.is_error for p in problems):
        if not any(any(v is not None for v in row) for rows in sheets.values() for row in rows):
            problems.append(error(Said("file_empty"), **where))
        elif best_guess:
            problems.append(_missing_columns(source.name, *best_guess))
        else:
            problems.append(
                error(Said("measure_table_not_found", rows=HEADER_SEARCH_ROWS), **where)
            )
    return FileContents(
        source,
        tuple(tables),
        tuple(problems),
        document_date(source.path),
        tuple(indicator_sheets),
    )


def _hidden_sheets(
    file: str, hidden: dict, tables: list[RawTable], problems: list, year: int
) -> None:
    """A hidden sheet is not data (often last year's copy, or a pick list), but is named;
    with a warning when it holds measures that no visible sheet of the file has."""
    if not hidden:
        return  # the usual case: no IDs of the visible sheets to collect
    visible = {
        as_text(row[c.position])
        for t in tables
        for c in t.columns
        if c.key == "id"
        for _, row in t.rows
        if c.position < len(row) and row[c.position] is not None
    }
    for sheet, rows in hidden.items():
        problems.append(note(Said("hidden_sheet"), file=file, sheet=sheet))
        header = _find_header(rows, year) if len(rows) <= _sheets.MAX_ROWS else None
        if header is None:
            continue
        ids = [i for i, k in _header_keys(rows[header], year).items() if k == "id"]
        found = {as_text(row[ids[0]]) for row in rows[header + 1 :] if row[ids[0]] is not None}
        missing = sorted(found - visible, key=natural_key)
        if missing:
            listed = ", ".join(missing[:20]) + (", …" if len(missing) > 20 else "")
            problems.append(
                warning(
                    Said("hidden_sheet_with_measures", ids=listed),
                    file=file,
                    sheet=sheet,
                )
            )


def _key_of(year: int | None):
    """Which of our columns a header cell names; a trailing year counts when it is `year`."""
    return lambda value: column_key(value, year)


def _header_keys(row: list, year: int | None = None) -> dict[int, str]:
    return header_keys(row, _key_of(year))


def _find_header(rows: list[list], year: int | None = None) -> int | None:
    return find_header(rows, _key_of(year), REQUIRED)


def _best_candidate(rows: list[list], year: int | None = None) -> tuple[int, dict[int, str]] | None:
    return best_candidate(rows, _key_of(year))


def _required_found(guess: tuple[int, dict[int, str]]) -> int:
    """How many of the required columns a header candidate has (pick lists have one)."""
    return len(set(REQUIRED) & set(guess[1].values()))


def _missing_columns(file: str, sheet: str, rows, guess) -> Problem:
    index, keys = guess
    found = [shown(v) for v in rows[index] if v is not None]
    missing = [k for k in REQUIRED if k not in keys.values()]
    names = Joined(tuple(COLUMNS[k][0] for k in missing), Said("and"), quoted=True)
    key = "measure_column_missing" if len(missing) == 1 else "measure_columns_missing"
    accepted = Joined(
        tuple(
            Said("accepted_for_column", column=COLUMNS[k][0], names=", ".join(COLUMNS[k][1]))
            for k in missing
        ),
        "; ",
    )
    return error(
        Said(key, names=names, row=index + 1, found=tuple(found)),
        file=file,
        sheet=sheet,
        row=index + 1,
        accepted=accepted,
    )


def _table(
    file: str,
    sheet: str,
    rows,
    header: int,
    problems: list[Problem],
    year: int | None = None,
    form: bool = False,
) -> RawTable:
    # a returned form: last year's status and Sachstand, shown locked beside this year's
    expected = (lambda h: column_key(h, year_of(h)) is not None) if form else None
    return read_table(file, sheet, rows, header, _key_of(year), problems, expected)
