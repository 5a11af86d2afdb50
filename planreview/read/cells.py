"""Cells of the columns we read that must not pass as they are: Excel error values and
formulas without a result (errors: read as empty they look like a missing answer), and
control characters (removed with a warning: bidi overrides reorder what the report shows,
terminal escapes act on the console)."""

from __future__ import annotations

import functools
import re

from .. import glyphs
from ..problems import Joined, Said, error, warning
from . import sheets
from .values import column_letter

_ERROR_NAMES = {name.upper() for pair in sheets.EXCEL_ERRORS.items() for name in pair}
# C0 controls but tab and line breaks, DEL, C1 controls, and the bidi embeddings, overrides
# and isolates (U+202A-U+202E, U+2066-U+2069): none is text a clerk meant to write.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def cells_need_checking(rows) -> bool:
    """Whether any row may hold what checked_row takes out: the test of its quick case, done
    once for the whole sheet on its texts joined (line breaks are allowed text, so a cell's
    own line break cannot hide a finding; a "#" after one only sends the sheet the slow way)."""
    texts = [v for row in rows for v in row if isinstance(v, str)]
    if not texts:
        return False
    if set(map(type, texts)) != {str} or not all(texts):  # a CellError (an Excel error or
        return True  # an uncalculated formula) or an empty text
    joined = "\n".join(texts)
    if joined[:1] == "#" or "\n#" in joined:
        return True
    # The plain ASCII bytes deleted from the UTF-8 first (bytes.translate, about 1 ns a
    # byte): no ASCII byte is part of a longer sequence, so what is left are whole
    # characters, and the pattern scans the few that are not plain ASCII, not every one.
    pattern, plain_ascii = _not_plain()
    rest = joined.encode("utf-8", "surrogatepass").translate(None, plain_ascii)
    return bool(rest) and pattern.search(rest.decode("utf-8", "surrogatepass")) is not None


@functools.cache
def _not_plain() -> tuple[re.Pattern, bytes]:
    """A character that is a control character or one the bundled fonts cannot draw (one
    pass of C over a sheet's texts instead of two: CONTROL, then the fonts' set), and the
    ASCII characters that are neither, as bytes."""
    plain = sorted(c for c in glyphs.covered() if not CONTROL.match(c))
    pattern = re.compile("[^" + "".join(map(re.escape, plain)) + "]")
    return pattern, "".join(c for c in plain if c.isascii()).encode("ascii")


def checked_row(
    row, number: int, used: dict[int, str], problems, reported: set | None = None, **where
) -> tuple:
    """The row with Excel errors and uncalculated formulas in the columns we read taken out
    (each an error; its (row, column header) added to `reported`, so the empty cell left is
    not reported again as a missing value) and control characters removed (each cell a
    warning)."""
    if not cells_need_checking((row,)):
        return tuple(row)  # the common case: the same test as for a whole sheet
    return checked_cells(row, number, used, problems, reported, **where)


def checked_cells(
    row, number: int, used: dict[int, str], problems, reported: set | None = None, **where
) -> tuple:
    """checked_row without its quick test: every cell looked at (what the quick test of
    cells_need_checking must agree with)."""
    cells = list(row)
    for position, value in enumerate(row):
        if position not in used or not isinstance(value, str):
            if isinstance(value, sheets.CellError):
                cells[position] = None  # a column we do not read
            continue
        cell = f"{column_letter(position + 1)}{number}"
        place = {"row": number, "column": used[position], **where}
        if isinstance(value, sheets.CellError) and value.uncalculated:
            message = Said("cell_uncalculated", cell=cell)
        elif isinstance(value, sheets.CellError) or value.upper() in _ERROR_NAMES:
            message = Said("cell_excel_error", cell=cell, value=value)
        else:
            found = sorted(set(CONTROL.findall(value)))
            if found:
                codes = ", ".join(f"U+{ord(c):04X}" for c in found)
                said = Said("control_characters", cell=cell, codes=codes)
                problems.append(warning(said, **place))
                value = cells[position] = CONTROL.sub("", value).strip() or None
            unknown = glyphs.missing(value) if value else []
            if unknown:  # kept in the data (JSON, xlsx); the report shows a placeholder
                codes = Joined(
                    tuple(Said("glyph_code", char=c, code=f"{ord(c):04X}") for c in unknown[:5])
                    + (("…",) if len(unknown) > 5 else ())
                )
                said = Said("no_glyph", cell=cell, chars=codes, placeholder=glyphs.PLACEHOLDER)
                problems.append(warning(said, **place))
            continue
        problems.append(error(message, value=value, **place))
        cells[position] = None
        if reported is not None:
            reported.add((number, used[position]))
    return tuple(cells)
