"""A measure table's cells taken per column (validate.py checks them row by row): blank rows,
the Handlungsfeld filled down, each distinct cell converted once."""

from __future__ import annotations

from .columns import COLUMNS
from .tables import RawTable
from .values import is_open_ended, year_of

# Text columns whose cells repeat row to row (converted once per distinct cell) and those
# that are mostly different in every row (converted per cell).
REPEATING = ("lead", "partners", "target_group", "start", "end")
UNIQUE = ("title", "note", "reason", "rating")
UNREADABLE = object()  # an end cell that names no year


def is_filled(values) -> bool:
    """Not a blank row (is_blank inlined, a loop, not any(): this runs for every row read)."""
    for v in values:  # noqa: SIM110
        if v is not None and not (isinstance(v, str) and not v.strip()):
            return True
    return False


def columns_of(table: RawTable, rows) -> dict[str, list]:
    """The cells of every column we know, over the given rows; None for a column the table
    lacks or a row too short; blank texts as None."""
    width = min((len(values) for _, values in rows), default=0)
    column = {key: [None] * len(rows) for key in COLUMNS}
    for c in table.columns:
        if not c.key:
            continue
        p = c.position
        if p < width:
            cells = [values[p] for _, values in rows]
        else:
            cells = [values[p] if p < len(values) else None for _, values in rows]
        column[c.key] = [None if type(v) is str and not v.strip() else v for v in cells]
    return column


def filled_down(cells: list, present: bool) -> tuple[list, list]:
    """Merged cells / grouped lists: an empty Handlungsfeld cell takes the value above; the
    cells as filled and, per row, whether its cell was taken from above."""
    down = [False] * len(cells)
    if not present:
        return cells, down
    filled, last = list(cells), None
    for i, v in enumerate(cells):
        if v is not None:
            last = v
        else:
            filled[i] = last
            down[i] = last is not None
    return filled, down


def each_once(function, cells: list) -> list:
    """function(cell) for every cell, computed once per distinct cell: by type and value, as
    1, 1.0 and True are equal keys but not the same cell."""
    keys = list(zip(map(type, cells), cells, strict=True))
    known = {key: function(key[1]) for key in set(keys)}
    return list(map(known.__getitem__, keys))


def end_year_of(cell):
    """The year an Ende cell names; None for no cell or an open end; UNREADABLE if none."""
    if cell is None or is_open_ended(cell):
        return None
    year = year_of(cell)
    return UNREADABLE if year is None else year
