"""Checks across the years read, each of which looks fine alone: a year without any
Sachstand while other years have one, a year that is a copy of another, field names that
drift from year to year."""

from __future__ import annotations

from ..problems import Problem, Said, warning
from ..read.columns import COLUMNS, normalise_header
from ..read.validate import YearData

_NOTE_NAMES = {normalise_header(n) for n in COLUMNS["note"][1]}


def across_years(years: list[YearData]) -> list[Problem]:
    """Warnings about the years read together (reporting year first)."""
    return _years_without_notes(years) + _copied_years(years)


def _copied_years(years: list[YearData]) -> list[Problem]:
    """A year whose every measure has the status and Sachstand of another year's is likely
    a copy of that year's file saved under a new name: nobody has answered yet. (Statuses
    alone often stay the same; the free-text Sachstand, word for word everywhere, does not.)"""
    problems = []
    for data in years:
        own = {m.id: (m.status, m.note) for m in data.measures}
        if not any(note for _, note in own.values()):
            continue
        for other in years:
            if other.year >= data.year:
                continue  # the newer file is the copy
            if own == {m.id: (m.status, m.note) for m in other.measures}:
                problems.append(
                    warning(
                        Said(
                            "copied_year",
                            year=data.year,
                            other=other.year,
                            files=_files(data),
                            other_files=_files(other),
                            count=len(own),
                        ),
                        file=_files(data),
                    )
                )
                break
    return problems


def _files(data: YearData) -> str:
    return ", ".join(dict.fromkeys(s.file for s in data.sheets))


def _years_without_notes(years: list[YearData]) -> list[Problem]:
    with_notes = [d.year for d in years if any(m.note for m in d.measures)]
    problems = []
    for index, data in enumerate(years):
        if not data.measures or data.year in with_notes or not with_notes:
            continue
        # a note column of another year ("Bemerkung 2020" in the 2021 file) is the usual cause
        ignored = [
            c
            for s in data.sheets
            for c in s.ignored_columns
            if normalise_header(c.rstrip("0123456789() ")) in _NOTE_NAMES
        ]
        if not ignored and index > 0:
            continue  # only the reporting year's Sachstand is shown: warn for it alone
        others = ", ".join(map(str, sorted(with_notes)))
        key = "year_without_notes_ignored" if ignored else "year_without_notes"
        problems.append(
            warning(
                Said(key, year=data.year, others=others, columns=tuple(dict.fromkeys(ignored))),
                file=_files(data),
            )
        )
    return problems
