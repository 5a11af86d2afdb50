"""Indicator tables -> one DataFrame of value rows (one per indicator and year, provenance as
columns): every sheet of a group read, then the same indicator and year twice merged or
refused. What the rows say about each indicator is analyse/indicators.py's job."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..problems import Problem, Said, error, note, warning
from . import sheets as opened
from .config import Config
from .indicator_rows import IndicatorSheet, _find_header, _no_header, _read_sheet, _Row
from .rows import SkippedRow, reconciled
from .sheets import MAX_ROWS
from .tables import RawSheet

# The columns of the value rows' table, in order.
ROW_COLUMNS = ("key_name", "key_area", "name", "area", "field", "unit", "source_text",
               "definition", "target", "target_decimals", "target_year", "year", "value",
               "decimals", "written", "value_header", "file", "sheet", "row")  # fmt: skip


@dataclass(frozen=True, eq=False)
class IndicatorRows:
    rows: pd.DataFrame  # ROW_COLUMNS, in the order read; years after the reporting year left out
    sheets: tuple[IndicatorSheet, ...]
    problems: tuple[Problem, ...]


def rows_frame(rows: list[_Row]) -> pd.DataFrame:
    values = [
        (*r.key, r.name, r.area, r.field, r.unit, r.source_text, r.definition, r.target,
         r.target_decimals, r.target_year, r.year, r.number.value, r.number.decimals, r.written,
         r.value_header, r.source.file, r.source.sheet, r.source.row)
        for r in rows
    ]  # fmt: skip
    frame = pd.DataFrame(values, columns=list(ROW_COLUMNS))
    frame["target"] = frame["target"].astype("float64")
    frame["target_year"] = frame["target_year"].astype("Int64")
    frame["value"] = frame["value"].astype("float64")
    for column in ("target_decimals", "year", "decimals", "row"):
        frame[column] = frame[column].astype("int64")
    return frame


def read_indicator_file(path: Path, name: str) -> tuple[tuple[RawSheet, ...], tuple[Problem, ...]]:
    """Every sheet of an `indikatoren.*` file, read with load's reader."""
    try:
        sheets = opened.read_sheets(path)
    except opened.Unreadable as exc:
        return (), (error(exc.args[0], file=name),)
    return tuple(
        RawSheet(name, sheet, tuple(map(tuple, rows))) for sheet, rows in sheets.items()
    ), ()


def read_indicator_rows(
    groups: Iterable[tuple[RawSheet, ...]], config: Config, year: int
) -> IndicatorRows:
    """Read indicator tables. Each group is one source: a workbook's "Indikatoren" sheet, or
    all sheets of an `indikatoren.*` file; a group without any indicator header is an error."""
    problems: list[Problem] = []
    rows: list[_Row] = []
    sheets: list[IndicatorSheet] = []
    skips: dict[tuple[str, str], list[SkippedRow]] = {}
    for group in groups:
        found = False
        for raw in group:
            if len(raw.rows) > MAX_ROWS:
                problems.append(
                    error(
                        Said("indicator_sheet_too_long", rows=MAX_ROWS),
                        file=raw.file,
                        sheet=raw.sheet,
                    )
                )
                found = True
                continue
            header = _find_header(raw.rows)
            if header is None:
                if len(group) > 1:
                    problems.append(
                        note(
                            Said("indicator_sheet_without_header"),
                            file=raw.file,
                            sheet=raw.sheet,
                        )
                    )
                continue
            found = True
            sheet, sheet_rows, skipped = _read_sheet(raw, header, config, problems)
            rows.extend(sheet_rows)
            skips[(raw.file, raw.sheet)] = skipped
            sheets.append(sheet)
        if not found and group:
            problems.append(_no_header(group))
    kept = _merge(rows, skips, year, problems)
    sheets = reconciled(sheets, (r.source for r in kept), skips, "values")
    return IndicatorRows(rows_frame(kept), tuple(sheets), tuple(problems))


def _merge(rows: list[_Row], skips, year: int, problems: list[Problem]) -> list[_Row]:
    """Same indicator (name and Gebiet) and year twice: same value -> once; else an error."""
    first: dict[tuple, _Row] = {}
    kept: list[_Row] = []
    later: dict[str, int] = {}
    for r in rows:
        seen = first.get((r.key, r.year))
        if seen is None:
            if r.year > year:
                later[r.name] = later.get(r.name, 0) + 1
                skips[(r.source.file, r.source.sheet)].append(
                    SkippedRow(
                        r.source, Said("skip_after_reporting_year", row_year=r.year, year=year)
                    )
                )
                continue
            first[(r.key, r.year)] = r
            kept.append(r)
            continue
        skipped = skips[(r.source.file, r.source.sheet)]
        label = (
            Said("indicator_in_area", name=r.name, area=r.area)
            if r.area
            else Said("indicator", name=r.name)
        )
        if seen.number.value == r.number.value:
            same_sheet = (seen.source.file, seen.source.sheet) == (r.source.file, r.source.sheet)
            report = warning if same_sheet else note
            problems.append(
                report(
                    Said(
                        "indicator_duplicate_identical",
                        indicator=label,
                        year=r.year,
                        there=seen.source,
                    ),
                    **r.source.where(),
                )
            )
            skipped.append(SkippedRow(r.source, Said("skip_identical", there=seen.source)))
        else:
            problems.append(
                error(
                    Said(
                        "indicator_year_twice",
                        indicator=label,
                        year=r.year,
                        here=r.written,
                        there=seen.source,
                        before=seen.written,
                    ),
                    column=r.value_header,
                    value=r.written,
                    **r.source.where(),
                )
            )
            skipped.append(SkippedRow(r.source, Said("skip_indicator_year_twice")))
    for name, count in later.items():
        problems.append(
            note(Said("values_after_reporting_year", name=name, count=count, year=year))
        )
    return kept
