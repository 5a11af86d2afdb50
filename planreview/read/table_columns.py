"""A measure table's cells taken per column (validate.py checks them row by row): blank rows,
the Handlungsfeld filled down, each distinct cell converted once."""

from __future__ import annotations

import datetime as dt

from .columns import COLUMNS
from .fields import resolve_field
from .tables import RawTable
from .values import as_text, is_open_ended, year_of

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
    lacks or a row too short; blank texts as None where an empty cell means something."""
    count = len(rows)
    column = {key: [None] * count for key in COLUMNS}
    value_rows = [values for _, values in rows]
    widths = set(map(len, value_rows))
    if len(widths) == 1:  # the usual case: a sheet is rectangular; transposed in one go
        transposed = list(zip(*value_rows, strict=True))
        cell_columns = {c.position: transposed[c.position] for c in table.columns if c.key}
    else:
        cell_columns = {
            c.position: [v[c.position] if c.position < len(v) else None for v in value_rows]
            for c in table.columns
            if c.key
        }
    for c in table.columns:
        if not c.key:
            continue
        cells = cell_columns[c.position]
        if c.key in NONE_MEANS:
            column[c.key] = [None if type(v) is str and not v.strip() else v for v in cells]
        else:  # texts only: a blank text reads as "" like an empty cell
            column[c.key] = list(cells)
    return column


# The columns where an empty cell differs from a text (fill-down, no Nr., no status, no end).
NONE_MEANS = frozenset(("id", "field", "status", "end"))


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
    """function(cell) for every cell, computed once per distinct cell: by type and value where
    a column mixes numbers of two kinds, as 1, 1.0 and True are equal keys but not the same
    cell (as_text: "1", "1", "ja")."""
    types = set(map(type, cells))
    if types - _NUMBERS <= _NEVER_EQUAL and len(types & _NUMBERS) <= 1:  # keyed by the cell
        known = {cell: function(cell) for cell in set(cells)}
        return list(map(known.__getitem__, cells))
    keys = list(zip(map(type, cells), cells, strict=True))
    known = {key: function(key[1]) for key in set(keys)}
    return list(map(known.__getitem__, keys))


# Cells of these types can be equal to a cell of another of them; cells of _NEVER_EQUAL
# types only to one of the same type (dt.datetime(2020, 1, 1) != dt.date(2020, 1, 1)). A
# subclass of str (sheets.CellError) is in neither: it takes the keys by type and value.
_NUMBERS = frozenset((bool, int, float))
_NEVER_EQUAL = frozenset((str, type(None), dt.datetime, dt.date, dt.time, dt.timedelta))


def each_text(cells: list) -> list:
    """as_text(cell) for every cell of a column of mostly different texts (titles, notes),
    with its common case inlined. A column of texts none of which as_text would change
    (no whitespace but single spaces between words) is tested at once, joined by spaces:
    a text's own space at its start or end, or two, make two spaces in a row there."""
    if set(map(type, cells)) <= _TEXT_OR_NONE and _spaced_once(" ".join(filter(None, cells))):
        return ["" if v is None else v for v in cells]
    return [
        " ".join(v.split()) if type(v) is str else "" if v is None else as_text(v) for v in cells
    ]


_TEXT_OR_NONE = frozenset((str, type(None)))  # not sheets.CellError, a str of its own type


def _spaced_once(text: str) -> bool:
    """ " ".join(text.split()) == text: every whitespace character but the space is not
    printable (str.isprintable: categories Z and C), so only spaces need looking at."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def end_year_of(cell):
    """The year an Ende cell names; None for no cell or an open end; UNREADABLE if none."""
    if cell is None or is_open_ended(cell):
        return None
    year = year_of(cell)
    return UNREADABLE if year is None else year


def rows_to_look_at(
    raw_ids, titles, statuses, end_years, reasons, fields, down, ids, own_fields, dropped
) -> list[int]:
    """The rows (indices) in which a check of _read_table can find something: a Nr. that is
    no text or none, no title, no status or an unknown one, an end naming no year, dropped
    without a reason, a Handlungsfeld that is not configured, or one taken from the row above
    while the Nr. names another. Every other row's Measure is the one made column by column."""
    return [
        i
        for i, (raw_id, title, status, end_year, reason, field, below, measure_id) in enumerate(
            zip(raw_ids, titles, statuses, end_years, reasons, fields, down, ids, strict=True)
        )
        if type(raw_id) is not str
        or not title
        or status is None
        or end_year is UNREADABLE
        or (not reason and status in dropped)
        or field is None
        or (below and own_fields.get(measure_id.split(".")[0].strip(), field) != field)
    ]


def known_fields(texts, config_fields, known: dict) -> dict[str, str]:
    """Each Handlungsfeld text that resolves with nothing to say (a configured field, or any
    text where none is configured) -> its field; the rest are looked at row by row."""
    found = {}
    for text in filter(None, texts):
        said: list = []
        field = resolve_field(text, "", config_fields, "", {}, said, known)
        if not said:
            found[text] = field
    return found
