"""Validated rows -> year tables: one pandas DataFrame row per measure, provenance as columns;
all years read together form the long table (measure x year) the analysis works on."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..read.rows import measure_of_fields, source_of_fields
from ..read.validate import Measure, YearData
from ..read.values import natural_key

# Columns of a year table, in order: the Measure's fields, then where it was read.
MEASURE_COLUMNS = (
    "id", "title", "field", "status", "lead", "partners", "target_group", "start", "end",
    "end_year", "note", "reason", "status_written", "id_was_number", "rating",
)  # fmt: skip
SOURCE_COLUMNS = ("file", "sheet", "row")
COLUMNS = ("year", *MEASURE_COLUMNS, *SOURCE_COLUMNS, "order")
assert {*MEASURE_COLUMNS, "source"} == set(Measure._fields)  # year_frame takes them by name


def year_frame(data: YearData) -> pd.DataFrame:
    """One row per measure of the year (sorted by ID, as YearData keeps them); `order` is the
    position in that order, `end_year` a nullable integer, a missing status None."""
    names = (*MEASURE_COLUMNS, *SOURCE_COLUMNS)
    columns = dict.fromkeys(names, ())
    if data.measures:  # named tuples: transposed in C, by field name
        columns.update(zip(Measure._fields, zip(*data.measures, strict=True), strict=True))
        columns.update(zip(SOURCE_COLUMNS, zip(*columns.pop("source"), strict=True), strict=True))
    # object columns, built one at a time: half the time of letting pandas infer string dtypes
    frame = pd.DataFrame({name: pd.Series(columns[name], dtype=object) for name in names})
    frame["end_year"] = frame["end_year"].astype("Int64")
    frame["row"] = frame["row"].astype("int64")
    frame["id_was_number"] = frame["id_was_number"].astype(bool)
    frame.insert(0, "year", data.year)
    frame["order"] = range(len(frame))
    return frame


def records(frame: pd.DataFrame) -> tuple[Measure, ...]:
    """The rows of a year table (or of the comparison's tables, which hold its columns) as
    Measure records, in the table's order: what year_frame made them from, with the table's
    values (a field respelled across years as the table spells it)."""
    if frame.empty:
        return ()
    sources = map(source_of_fields, zip(*(frame[c].tolist() for c in SOURCE_COLUMNS), strict=True))
    fields = {name: _plain(frame[name]) for name in MEASURE_COLUMNS}
    fields["source"] = sources
    return tuple(
        map(measure_of_fields, zip(*(fields[name] for name in Measure._fields), strict=True))
    )


def _plain(column: pd.Series) -> list:
    """A column's cells as the records hold them: Python values, None for a missing one."""
    if column.dtype == object:
        return column.tolist()  # texts (a missing status is None already)
    return column.astype(object).where(column.notna(), None).tolist()


def long_table(years: Iterable[YearData]) -> pd.DataFrame:
    """Every year's table below each other, oldest year first; within a year by ID."""
    frames = [year_frame(d) for d in sorted(years, key=lambda d: d.year)]
    if not frames:
        return year_frame(YearData(0, (), (), ()))
    return pd.concat(frames, ignore_index=True)


def id_rank(ids: pd.Series) -> pd.Series:
    """Each ID's position in natural order ("1.2" before "1.10") among the IDs given."""
    unique = pd.unique(ids)
    ordered = sorted(unique, key=natural_key)
    return ids.map(dict(zip(ordered, range(len(ordered)), strict=True))).astype("int64")


def of_year(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows of one year of the long table, indexed 0..n-1 in ID order."""
    return table[table["year"] == year].reset_index(drop=True)
