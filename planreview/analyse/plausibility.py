"""Checks across the years read, each of which looks fine alone: a year without any
Sachstand while other years have one, a year that is a copy of another, field names that
drift from year to year."""

from __future__ import annotations

import re

import pandas as pd

from ..problems import Problem, Said, warning
from ..read.columns import COLUMNS, normalise_header
from ..read.validate import NO_FIELD, YearData

_NOTE_NAMES = {normalise_header(n) for n in COLUMNS["note"][1]}


def across_years(years: list[YearData], table: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """The long table of the years read (years.long_table; `years` reporting year first) with
    one spelling per field, and warnings about the years read together. Taken from the long
    table's columns: per year, the distinct field names, whether any Sachstand is filled, and
    a fingerprint of its answers. The years' records stay as validated: what the report and
    the exports show is made from the table (years.records)."""
    names = _field_names(table)
    respelled, problems = _one_spelling_per_field(years, names)
    if respelled:  # a field spelled two ways: its measures take the newest spelling
        field = table["field"]
        table = table.assign(field=field.where(~field.isin(respelled), field.map(respelled)))
    noted = set(table.loc[table["note"].ne(""), "year"].unique().tolist())
    return table, problems + _years_without_notes(years, noted) + _copied_years(years, table, noted)


def _field_names(table: pd.DataFrame) -> dict[int, list[str]]:
    """Each year's field names as they first appear in it (in ID order)."""
    firsts = table.drop_duplicates(["year", "field"])
    return {
        int(year): names.tolist() for year, names in firsts.groupby("year", sort=False)["field"]
    }


# "1. Sprache und Bildung", "HF 2: Arbeit", "Handlungsfeld 3 – Wohnen": a code before the name
_LEADING_CODE = re.compile(
    r"^\s*(?:(?:handlungsfeld|hf)\s*)?\d+(?:\.\d+)*\s*[.):\-–]?\s+(?=\S)", re.IGNORECASE
)


def field_key(name: str) -> str:
    """A field name without a leading code, case and spacing: the same field in every year."""
    return " ".join(_LEADING_CODE.sub("", name).casefold().split())


def _one_spelling_per_field(
    years: list[YearData], names: dict[int, list[str]]
) -> tuple[dict[str, str], list[Problem]]:
    """Names equal after removing a leading code are one field, shown as the newest year
    spells it (name as written -> that spelling, for the names that differ from it); a year
    whose field names match no other year's is warned about."""
    key_of: dict[str, str] = {}  # field name as written -> field_key, once per distinct name
    spelling: dict[str, str] = {}
    for data in years:  # newest first: the first spelling found is the latest
        for name in names.get(data.year, ()):
            if name != NO_FIELD:
                key_of[name] = key = field_key(name)
                spelling.setdefault(key, name)
    respelled = {name: spelling[key] for name, key in key_of.items() if spelling[key] != name}
    keys = {d.year: {key_of[f] for f in names.get(d.year, ()) if f != NO_FIELD} for d in years}
    problems = []
    for data in years:
        others = set().union(*(k for y, k in keys.items() if y != data.year))
        if keys[data.year] and others and not keys[data.year] & others:
            fields = sorted(f for f in names[data.year] if f != NO_FIELD)
            problems.append(
                warning(
                    Said("fields_match_no_other_year", year=data.year, fields=fields),
                    file=_files(data),
                )
            )
    return respelled, problems


def _copied_years(years: list[YearData], table: pd.DataFrame, noted: set[int]) -> list[Problem]:
    """A year whose every measure has the status and Sachstand of another year's is likely
    a copy of that year's file saved under a new name: nobody has answered yet. (Statuses
    alone often stay the same; the free-text Sachstand, word for word everywhere, does not.)
    Each year's answers are fingerprinted once (the sum of their rows' hashes, whatever the
    order); only years with the same fingerprint are compared, ID by ID. A copy has as many
    rows as its year: only the years whose count another year shares are hashed."""
    sizes = table["year"].value_counts()
    alike = sizes[sizes.duplicated(keep=False)].index
    answers = table.loc[table["year"].isin(alike), ["year", "id", "status", "note"]]
    hashes = pd.util.hash_pandas_object(answers[["id", "status", "note"]], index=False)
    fingerprint = hashes.groupby(answers["year"]).agg(["sum", "size"])
    print_of = {int(y): (int(s), int(n)) for y, s, n in fingerprint.itertuples()}
    problems = []
    for data in years:
        if data.year not in noted or data.year not in print_of:
            continue  # without a Sachstand, or no other year of as many rows
        for other in years:
            if other.year >= data.year:
                continue  # the newer file is the copy
            if print_of[data.year] == print_of.get(other.year) and _same_answers(
                answers, data.year, other.year
            ):
                problems.append(
                    warning(
                        Said(
                            "copied_year",
                            year=data.year,
                            other=other.year,
                            files=_files(data),
                            other_files=_files(other),
                            count=print_of[data.year][1],
                        ),
                        file=_files(data),
                    )
                )
                break
    return problems


def _same_answers(answers: pd.DataFrame, year: int, other: int) -> bool:
    """The same IDs with the same status and Sachstand in both years."""
    one, two = (
        answers.loc[answers["year"] == y, ["id", "status", "note"]]
        .sort_values("id")
        .reset_index(drop=True)
        for y in (year, other)
    )
    return one.equals(two)


def _files(data: YearData) -> str:
    return ", ".join(dict.fromkeys(s.file for s in data.sheets))


def _years_without_notes(years: list[YearData], noted: set[int]) -> list[Problem]:
    with_notes = [d.year for d in years if d.year in noted]
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
