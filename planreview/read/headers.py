"""The header row search every table reader shares (measures and indicators): the first of
the top rows naming all required columns, or else the most promising candidate."""

from __future__ import annotations

from collections.abc import Callable, Sequence

HEADER_SEARCH_ROWS = 20  # a header further down is not looked for

KeyOf = Callable[[object], str | None]  # a header cell -> the column it names, or None


def header_keys(row: Sequence, key_of: KeyOf) -> dict[int, str]:
    """{position: column key} of the cells in `row` that name a column."""
    return {i: k for i, v in enumerate(row) if v is not None and (k := key_of(v))}


def find_header(rows: Sequence[Sequence], key_of: KeyOf, required: Sequence[str]) -> int | None:
    """Index of the first of the top rows naming every required column."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if set(required) <= set(header_keys(row, key_of).values()):
            return index
    return None


def best_candidate(rows: Sequence[Sequence], key_of: KeyOf) -> tuple[int, dict[int, str]] | None:
    """The top row naming the most distinct columns (the first of equals), for the message
    saying which required columns are missing; None if no row names any."""
    best = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = header_keys(row, key_of)
        if keys and (best is None or len(set(keys.values())) > len(set(best[1].values()))):
            best = (index, keys)
    return best
