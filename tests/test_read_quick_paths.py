"""The quick paths of reading give what the careful ones give: the whole-sheet test for cells
to check (cells.cells_need_checking against cells.checked_cells), the Measures made column by
column (validate._read_table against every row looked at) and the files read ahead in
threads (read/ahead.py)."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from planreview.read import sheets, validate
from planreview.read.ahead import read_ahead
from planreview.read.cells import cells_need_checking, checked_cells
from planreview.read.config import Config, Field
from planreview.read.table_columns import UNREADABLE, each_once, each_text, end_year_of
from planreview.read.table_reader import Column, RawTable
from planreview.read.values import as_text

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
        # the ASCII control DEL and the C1 controls (two bytes in UTF-8), a lone surrogate,
        # a CJK character beyond the BMP no font draws; the euro sign and quotes are drawn
        (["Ende\x7f"], True),
        (["Stand\x85"], True),
        (["\x9b31m"], True),
        (["a\ud800b"], True),
        (["\U00020000"], True),
        (["„Kosten“ 5 €"], False),
    ],
)
def test_the_whole_sheet_test_by_hand(texts, expected):
    assert cells_need_checking([[t, None, 3] for t in texts]) is expected


def test_an_excel_error_cell_anywhere_sends_the_sheet_the_careful_way():
    assert cells_need_checking([["1.1", None], [None, sheets.CellError("#NV")]]) is True
    assert cells_need_checking([["1.1", None], [None, sheets.CellError("")]]) is True
    assert cells_need_checking([[None, 1], []]) is False


# Texts with the whitespace as_text makes single spaces of: a space at either end, two,
# a tab, a line break, a no-break space, an ideographic space; and what it leaves alone.
SPACED = ["a", " ", "  ", "\t", "\n", "\u00a0", "\u3000", "\u00ad", "ä", "1"]
text_cell = st.one_of(
    st.none(),
    st.just(""),
    st.lists(st.sampled_from(SPACED), min_size=1, max_size=4).map("".join),
    st.integers(0, 3),
    st.just(sheets.CellError("#NV")),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(text_cell, max_size=6))
@example(["Kurs A", "Kurs  B"])  # one text of a column with two spaces
@example(["Kurs A", " Kurs B"])  # a space at the start, after the joining space
def test_a_column_of_texts_tested_at_once_reads_as_every_cell_converted(cells):
    assert each_text(cells) == ["" if v is None else as_text(v) for v in cells]


def test_a_column_of_plain_texts_by_hand():
    assert each_text(["Kurs A", None, "Stand\u00a0März", "B  C", " D"]) == [
        "Kurs A", "", "Stand März", "B C", "D",
    ]  # fmt: skip
    assert each_text(["Kurs A", None, "Beratung"]) == ["Kurs A", "", "Beratung"]


def test_each_distinct_cell_converted_once_keeps_equal_numbers_of_two_kinds_apart():
    # 1, 1.0 and True are one key of a dict, but as_text says "1", "1" and "ja"
    assert each_once(as_text, [1, 1.0, True, "1", None, True]) == ["1", "1", "ja", "1", "", "ja"]
    assert each_once(as_text, [True, 1]) == ["ja", "1"]
    # one kind of number beside texts and dates: keyed by the cell itself
    ends = [2030, "Ende 2025", dt.datetime(2024, 6, 30), None, 2030, "fortlaufend", "bald"]
    assert each_once(end_year_of, ends) == [2030, 2025, 2024, None, 2030, None, UNREADABLE]
    # a CellError equals its text but is not a text: kept apart
    assert each_once(type, ["", sheets.CellError(""), ""]) == [str, sheets.CellError, str]


# Cells of a measure table with everything a row check can find: no Nr., a Nr. stored as a
# number, a date or a truth value, no title, no status or an unknown one, "entfallen" with and
# without a reason, ends that name no year, unknown fields and a Nr. of another field below.
MEASURE_COLUMNS = ("id", "field", "title", "status", "end", "reason", "lead")
MEASURE_CELLS = {
    "id": [None, "1.1", "1.2", "2.1", "3.9", "1.1", 2, 2.5, True, dt.datetime(2020, 1, 3)],
    "field": [None, None, "1", "Sprache", "2 Arbeit", "Wohnen", "sprache"],
    "title": [None, "Kurs", "Beratung", "Kurs"],
    "status": [None, "in Umsetzung", "abgeschlossen", "entfallen", "fertig", "geplant"],
    "end": [None, 2030, "Ende 2025", "fortlaufend", "irgendwann", dt.datetime(2024, 6, 30)],
    "reason": [None, "Mittel gestrichen"],
    "lead": [None, "VHS", "Jobcenter"],
}
measure_row = st.tuples(*(st.sampled_from(MEASURE_CELLS[k]) for k in MEASURE_COLUMNS))


@settings(max_examples=200, deadline=None)
@given(st.lists(measure_row, max_size=12), st.booleans())
@example([("1.1", None, "Kurs", "in Umsetzung", 2030, None, "VHS")], True)
def test_measures_made_column_by_column_are_those_of_every_row_looked_at(rows, configured):
    fields = (Field("1", "Sprache"), Field("2", "Arbeit")) if configured else ()
    table = RawTable(
        "a.xlsx",
        "Tabelle1",
        1,
        tuple(Column(i, k.title(), k) for i, k in enumerate(MEASURE_COLUMNS)),
        tuple((n, row) for n, row in enumerate(rows, start=2)),
    )
    quick, careful = [], []
    made = validate._read_table(table, Config(fields=fields), False, quick)
    every_row = validate.rows_to_look_at
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate, "rows_to_look_at", lambda *columns: range(len(columns[0])))
        expected = validate._read_table(table, Config(fields=fields), False, careful)
    assert validate.rows_to_look_at is every_row
    assert made == expected
    assert quick == careful
    # and the texts every Measure carries are its row's cells, as written out here (both paths
    # above take them from the same columns, so this is what tells they are the right ones)
    measures, _, _ = made
    cells = {n: dict(zip(MEASURE_COLUMNS, row, strict=True)) for n, row in table.rows}
    for m in measures:
        row = cells[m.source.row]
        for key in ("title", "reason", "lead"):
            cell = row[key]
            assert getattr(m, key) == ("" if cell is None else " ".join(cell.split())), key
        assert m.status_written == ("" if row["status"] is None else row["status"])


def test_a_row_with_nothing_to_say_is_not_looked_at():
    table = RawTable(
        "a.xlsx",
        "Tabelle1",
        1,
        tuple(Column(i, k.title(), k) for i, k in enumerate(MEASURE_COLUMNS)),
        (
            (2, ("1.1", "Sprache", "Kurs", "in Umsetzung", 2030, None, "VHS")),
            (3, ("1.2", None, "Kurs", "entfallen", None, None, "VHS")),  # no reason
            (4, ("2.1", None, "Beratung", "umgesetzt", "fortlaufend", None, None)),  # field 1
        ),
    )
    looked_at = []
    original = validate.rows_to_look_at

    def recorded(*columns):
        looked_at.extend(original(*columns))
        return looked_at

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate, "rows_to_look_at", recorded)
        measures, skipped, blank = validate._read_table(
            table, Config(fields=(Field("1", "Sprache"), Field("2", "Arbeit"))), False, []
        )
    assert looked_at == [1, 2]
    assert [(m.id, m.field, m.status, m.end_year) for m in measures] == [
        ("1.1", "Sprache", "in Umsetzung", 2030),
        ("1.2", "Sprache", "entfallen", None),
        ("2.1", "Sprache", "umgesetzt", None),
    ]
    assert (skipped, blank) == ([], 0)


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
