"""The quick paths of reading give what the careful ones give: the whole-sheet test for cells
to check (cells.cells_need_checking against cells.checked_cells) and the files read ahead in
threads (read/ahead.py)."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from planreview.read import sheets
from planreview.read.ahead import read_ahead
from planreview.read.cells import cells_need_checking, checked_cells

# Texts with what the check looks for: "#" at the start, a bidi override, a BEL, a soft hyphen
# (allowed), a line break (allowed), a character no bundled font draws (U+0F00), umlauts.
PIECES = ["a", "Ä", "#", "\u202e", "\x07", "\u00ad", "\n", "\u0f00", "–", " ", "1"]
cell = st.one_of(
    st.none(),
    st.integers(-5, 5),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map("".join),
    st.sampled_from(["#NV", "#WERT!", "#DIV/0!"]),  # an error value typed as text
    st.sampled_from(["#NV", "#WERT!"]).map(sheets.CellError),
    st.just(sheets.CellError("")),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(cell, min_size=1, max_size=4), max_size=5))
@example([["Sprachkurs", "#NV"]])  # an error name typed as text, not the sheet's first text
def test_a_sheet_passed_as_it_is_has_nothing_the_careful_check_would_take_out(rows):
    if cells_need_checking(rows):
        return
    used = {0: "A", 1: "B", 2: "C", 3: "D"}
    for number, row in enumerate(rows, start=2):
        problems, reported = [], set()
        assert checked_cells(row, number, used, problems, reported) == tuple(row)
        assert problems == [] and reported == set()


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["Sprache und Bildung", "in Umsetzung – Stand\nMärz"], False),
        (["ok", "#WERT!"], True),  # an error value typed as text
        (["Zeile eins\n#2"], True),  # only sends the sheet the careful way
        (["a\u202eb"], True),
        (["\x1b[31m"], True),
        (["weich\u00adgetrennt"], False),
        (["\u0f00"], True),
    ],
)
def test_the_whole_sheet_test_by_hand(texts, expected):
    assert cells_need_checking([[t, None, 3] for t in texts]) is expected


def test_an_excel_error_cell_anywhere_sends_the_sheet_the_careful_way():
    assert cells_need_checking([["1.1", None], [None, sheets.CellError("#NV")]]) is True
    assert cells_need_checking([["1.1", None], [None, sheets.CellError("")]]) is True
    assert cells_need_checking([[None, 1], []]) is False


def test_files_read_ahead_come_back_in_order_while_others_are_read():
    running, overlapped = set(), []

    def read(item):
        running.add(item)
        time.sleep(0.02 * (5 - item))  # later items finish first
        overlapped.append(len(running) > 1)
        running.discard(item)
        return item * 10, threading.current_thread().name

    results = list(read_ahead(range(5), read))
    assert [r for r, _ in results] == [0, 10, 20, 30, 40]
    assert any(overlapped), "nothing was read meanwhile"


def test_an_exception_in_a_file_read_ahead_reaches_the_caller():
    def read(item):
        if item == 2:
            raise ValueError("kaputt")
        return item

    results = read_ahead(range(4), read)
    assert next(results) == 0 and next(results) == 1
    with pytest.raises(ValueError, match="kaputt"):
        next(results)
