"""The records a year is read into: where a row came from, a measure, a skipped row, what
one sheet gave, and a year's measures (validate.py makes them)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import partial
from operator import attrgetter
from typing import NamedTuple

from ..problems import Problem, place


class Source(NamedTuple):
    """Where a row came from. Source and Measure are named tuples, not dataclasses: one of
    each is made for every row read (200,000 in a state's ten years), and a tuple is made
    in a third of the time of a dataclass instance, whose attributes fill a dict each."""

    file: str
    sheet: str
    row: int

    def __str__(self) -> str:
        return f"{self.file} / {self.sheet or '-'} / {self.row}"

    def describe(self, language: str = "de") -> str:
        """For messages: "a.xlsx, Blatt „Tabelle1“, Zeile 5"."""
        return place(self.file, self.sheet, self.row, language=language)

    def where(self) -> dict:
        return {"file": self.file, "sheet": self.sheet, "row": self.row}


class Measure(NamedTuple):
    id: str
    title: str
    field: str
    status: str | None  # canonical label; None: no answer yet ("keine Rückmeldung")
    source: Source
    lead: str = ""
    partners: str = ""
    target_group: str = ""
    start: str = ""
    end: str = ""  # as written
    end_year: int | None = None
    note: str = ""
    reason: str = ""
    status_written: str = ""  # as written in the file
    id_was_number: bool = False  # the ID cell held a number, not text
    rating: str = ""  # the actor's own Ampel as written (optional column, analyse/rating.py)


# A record made in C from a tuple of its fields, as _make does without its length check: one
# of each for every row read, made by map() over the table's columns (validate._read_table).
measure_of_fields = partial(tuple.__new__, Measure)
source_of_fields = partial(tuple.__new__, Source)


def count_per_sheet(sources) -> dict[tuple[str, str], int]:
    """How many records each (file, sheet) gave: the "read" side of a sheet's reconciliation."""
    return dict(Counter(map(_FILE_AND_SHEET, sources)))  # Counter counts in C


_FILE_AND_SHEET = attrgetter("file", "sheet")


def reconciled(sheets, sources, skips: dict, counted_as: str) -> list:
    """Each sheet's summary with its records counted (field `counted_as`) and its skipped rows:
    what makes rows read = records + skipped hold, for measures and indicators alike."""
    counted = count_per_sheet(sources)
    return [
        replace(
            s,
            **{counted_as: counted.get((s.file, s.sheet), 0)},
            skipped=tuple(skips[(s.file, s.sheet)]),
        )
        for s in sheets
    ]


@dataclass(frozen=True)
class SkippedRow:
    source: Source
    reason: str


@dataclass(frozen=True)
class SheetSummary:
    """What was read from one sheet: the reconciliation rows = measures + skipped holds."""

    file: str
    sheet: str
    header_row: int
    rows: int  # non-blank rows below the header
    measures: int
    skipped: tuple[SkippedRow, ...]
    blank_rows: int
    ignored_columns: tuple[str, ...]


@dataclass(frozen=True)
class YearData:
    year: int
    # sorted by ID; includes measures without status. As validated: a field as this year's
    # files spell it (the analysis' tables respell it across years; see analyse.years.records)
    measures: tuple[Measure, ...]
    sheets: tuple[SheetSummary, ...]
    problems: tuple[Problem, ...]  # errors, warnings and notes of this year's files

    @property
    def answered(self) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures if m.status is not None)

    @property
    def unanswered(self) -> tuple[Measure, ...]:
        """Measures with an empty status cell (an unknown status word is an error instead)."""
        return tuple(m for m in self.measures if m.status is None and not m.status_written)

    def by_id(self) -> dict[str, Measure]:
        return {m.id: m for m in self.measures}
