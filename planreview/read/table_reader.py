"""The one table reader of measures and indicators: a sheet's rows, the header row found in
them and a column vocabulary (key_of) -> a RawTable: the columns with their keys, duplicate
and unused columns noted, every row below the header with its Excel row number, Excel errors
and control characters in the columns read reported (read/cells.py). What the cells mean is
each reader's own: validate.py for measures, indicator_rows.py for indicators."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..problems import Problem, Said, note, warning
from .cells import cells_need_checking, checked_row
from .headers import KeyOf


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
    # (row, column header) of cells already reported as errors (Excel errors): left empty
    reported: frozenset[tuple[int, str]] = frozenset()

    def ignored(self) -> tuple[str, ...]:
        """The headers of the columns not read (unknown, or a second one of a kind)."""
        return tuple(c.header for c in self.columns if c.key is None)


def shown(header: object) -> str:
    """A header cell as messages show it: line breaks and runs of spaces as one space."""
    return " ".join(str(header).split())


def read_table(
    file: str,
    sheet: str,
    rows: Sequence[Sequence],
    header: int,
    key_of: KeyOf,
    problems: list[Problem],
    expected: Callable[[str], bool] | None = None,
) -> RawTable:
    """The table whose header is rows[header] (0-based). A column named twice is read once
    (the first; a warning for the second); columns not read are noted, but for the headers
    `expected` says are meant to be there (a returned form's locked columns of last year)."""
    columns, used = [], {}
    for position, value in enumerate(rows[header]):
        if value is None:
            continue
        key = key_of(value)
        text = shown(value)
        if key in used:
            problems.append(
                warning(
                    Said("duplicate_column", first=used[key]),
                    file=file,
                    sheet=sheet,
                    row=header + 1,
                    column=text,
                )
            )
            key = None
        elif key:
            used[key] = text
        columns.append(Column(position, text, key))
    ignored = [c.header for c in columns if c.key is None]
    if expected is not None:
        ignored = [h for h in ignored if not expected(h)]
    if ignored:
        problems.append(
            note(
                Said("ignored_columns", columns=tuple(ignored)),
                file=file,
                sheet=sheet,
                row=header + 1,
            )
        )
    read = {c.position: c.header for c in columns if c.key}
    reported: set[tuple[int, str]] = set()
    below = rows[header + 1 :]
    if cells_need_checking(below):
        body = tuple(
            (n, checked_row(row, n, read, problems, reported, file=file, sheet=sheet))
            for n, row in enumerate(below, start=header + 2)
        )
    else:  # the usual case: nothing to take out, found in a few passes over the whole sheet
        numbers = range(header + 2, header + 2 + len(below))
        body = tuple(zip(numbers, map(tuple, below), strict=True))
    return RawTable(file, sheet, header + 1, tuple(columns), body, frozenset(reported))
