"""Checks across the years read, each of which looks fine alone: a year without any
Sachstand while other years have one, a year that is a copy of another, field names that
drift from year to year."""

from __future__ import annotations

import re
from dataclasses import replace

from ..problems import Problem, Said, warning
from ..read.columns import COLUMNS, normalise_header
from ..read.validate import NO_FIELD, YearData

_NOTE_NAMES = {normalise_header(n) for n in COLUMNS["note"][1]}


def across_years(years: list[YearData]) -> tuple[list[YearData], list[Problem]]:
    """The years read (reporting year first) with one spelling per field, and warnings about
    them read together."""
    years, problems = _one_spelling_per_field(years)
    return years, problems + _years_without_notes(years) + _copied_years(years)


# "1. Sprache und Bildung", "HF 2: Arbeit", "Handlungsfeld 3 – Wohnen": a code before the name
_LEADING_CODE = re.compile(
    r"^\s*(?:(?:handlungsfeld|hf)\s*)?\d+(?:\.\d+)*\s*[.):\-–]?\s+(?=\S)", re.IGNORECASE
)


def field_key(name: str) -> str:
    """A field name without a leading code, case and spacing: the same field in every year."""
    return " ".join(_LEADING_CODE.sub("", name).casefold().split())


def _one_spelling_per_field(years: list[YearData]) -> tuple[list[YearData], list[Problem]]:
    """Names equal after removing a leading code are one field, shown as the newest year
    spells it; a year whose field names match no other year's is warned about."""
    key_of: dict[str, str] = {}  # field name as written -> field_key, once per distinct name
    spelling: dict[str, str] = {}
    for data in years:  # newest first: the first spelling found is the latest
        for name in dict.fromkeys(m.field for m in data.measures):
            if name != NO_FIELD:
                key_of[name] = key = field_key(name)
                spelling.setdefault(key, name)
    respelled = {name: spelling[key] for name, key in key_of.items() if spelling[key] != name}
    unified = []
    for data in years:
        if not any(m.field in respelled for m in data.measures):
            unified.append(data)
            continue
        measures = tuple(
            m._replace(field=respelled[m.field]) if m.field in respelled else m
            for m in data.measures
        )
        unified.append(replace(data, measures=measures))
    keys = {
        d.year: {key_of[f] for f in {m.field for m in d.measures} if f != NO_FIELD} for d in years
    }
    problems = []
    for data in years:
        others = set().union(*(k for y, k in keys.items() if y != data.year))
        if keys[data.year] and others and not keys[data.year] & others:
            names = sorted({m.field for m in data.measures if m.field != NO_FIELD})
            problems.append(
                warning(
                    Said("fields_match_no_other_year", year=data.year, fields=names),
                    file=_files(data),
                )
            )
    return unified, problems


def _copied_years(years: list[YearData]) -> list[Problem]:
    """A year whose every measure has the status and Sachstand of another year's is likely
    a copy of that year's file saved under a new name: nobody has answered yet. (Statuses
    alone often stay the same; the free-text Sachstand, word for word everywhere, does not.)"""
    problems = []
    # each year's answers once, keyed by ID (not once per pair of years)
    answers = {d.year: {m.id: (m.status, m.note) for m in d.measures} for d in years}
    for data in years:
        own = answers[data.year]
        if not any(note for _, note in own.values()):
            continue
        for other in years:
            if other.year >= data.year:
                continue  # the newer file is the copy
            if own == answers[other.year]:
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
