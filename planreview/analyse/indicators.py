"""Indicators: yearly figures per Handlungsfeld, from the value rows read by
read/indicator_table.py (one row per indicator and year), with change, target and direction
per indicator computed for all indicators at once (groupby, pivot, np.select).

Where they come from: a sheet named "Indikatoren" in any workbook read (load keeps it aside
as a RawSheet), or a file named `indikatoren.*` at the top of the inputs folder (every sheet
with an indicator header row is read).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..problems import Problem, Said, warning
from ..read.config import Config
from ..read.fields import NO_FIELD
from ..read.indicator_rows import IndicatorSheet
from ..read.indicator_table import read_indicator_file, read_indicator_rows
from ..read.rows import Source
from ..read.tables import RawSheet

__all__ = ["Indicator", "Indicators", "measured", "read_indicator_file", "read_indicators"]


@dataclass(frozen=True)
class Indicator:
    """One indicator: its series up to the reporting year and how it moved from P to Y."""

    name: str
    field: str  # Handlungsfeld (configured name), or NO_FIELD
    unit: str
    area: str  # Gebiet as written (Stadt / Landkreis / Land), "" if not given
    source: str
    definition: str
    target: float | None
    target_year: int | None
    values: tuple[tuple[int, float], ...]  # (year, value), oldest first; missing years absent
    decimals: int  # decimal places to show (the most written in its values)
    year: int  # reporting year Y
    previous_year: int | None  # comparison year P
    origin: Source  # the first row read for it
    # From P to Y, computed for all indicators at once by `measured` (None until then, and
    # where a value is missing): Y and P values, Y - P, in per cent of P, target - Y, ...
    now: float | None = None
    before: float | None = None
    change: float | None = None
    change_percent: float | None = None  # one decimal; None when P is 0
    goal: str | None = None  # "up": the target lies above the first value, else "down"
    distance: float | None = None  # negative: beyond a target to reach from below
    reached: bool | None = None
    direction: str | None = None  # "reached", "towards", "away", "unchanged"

    @property
    def series(self) -> dict[int, float]:
        return dict(self.values)

    def value(self, year: int | None) -> float | None:
        return self.series.get(year) if year is not None else None

    @property
    def first(self) -> tuple[int, float] | None:
        return self.values[0] if self.values else None

    @property
    def last(self) -> tuple[int, float] | None:
        return self.values[-1] if self.values else None

    @property
    def gaps(self) -> tuple[int, ...]:
        """Years between the first and the last value without a value."""
        if not self.values:
            return ()
        have = self.series
        return tuple(y for y in range(self.values[0][0], self.values[-1][0]) if y not in have)

    def points(self, first: int | None = None, last: int | None = None) -> tuple:
        """((year, value or None), ...) for every year from `first` to `last` (default: the
        series' own span): gaps stay None, for a line chart that breaks there."""
        if not self.values:
            return ()
        first = self.values[0][0] if first is None else first
        last = self.values[-1][0] if last is None else last
        have = self.series
        return tuple((y, have.get(y)) for y in range(first, last + 1))

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "field": self.field,
            "unit": self.unit,
            "values": {str(y): v for y, v in self.values},
            "target": self.target,
            "target_year": self.target_year,
            "change": self.change,
            "source": self.source,
            "area": self.area,
            "change_percent": self.change_percent,
            "distance": self.distance,
            "direction": self.direction,
        }


@dataclass(frozen=True, eq=False)
class Indicators:
    indicators: tuple[Indicator, ...] = ()  # in the order first read
    sheets: tuple[IndicatorSheet, ...] = ()
    problems: tuple[Problem, ...] = ()
    rows: pd.DataFrame | None = None  # the value rows they were made from (indicator_table)

    def __iter__(self):
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    def of_field(self, field: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.field == field)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.field for i in self.indicators))

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({y for i in self.indicators for y, _ in i.values}))

    def to_json(self) -> list[dict]:
        return [i.to_json() for i in self.indicators]


def read_indicators(
    groups: Iterable[tuple[RawSheet, ...]], config: Config, year: int, previous_year: int | None
) -> Indicators:
    """Read indicator tables (each group one source: a workbook's "Indikatoren" sheet, or all
    sheets of an `indikatoren.*` file) and measure every indicator from P to Y."""
    read = read_indicator_rows(groups, config, year)
    problems = list(read.problems)
    indicators = _indicators(read.rows, year, previous_year, problems)
    return Indicators(measured(indicators), read.sheets, tuple(problems), read.rows)


def _indicators(rows: pd.DataFrame, year: int, previous, problems) -> list[Indicator]:
    """One Indicator per (name, Gebiet), in the order first read: the latest row's name; field,
    unit, source, definition and area from the latest row that gives them; the latest target."""
    if rows.empty:
        return []
    key = rows["key_name"] + "\x00" + rows["key_area"]  # name and Gebiet, normalised
    rows = rows.assign(read=np.arange(len(rows)), key=key)
    by_year = rows.sort_values(["year"], kind="stable")
    groups = by_year.groupby("key", sort=False)
    latest = groups.last()  # the latest row's values: text columns are never missing
    order = groups["read"].min().sort_values().index  # indicators in the order first read
    meta, warned = {}, {}
    for attribute in ("field", "unit", "source_text", "definition", "area"):
        given = by_year[attribute].where(~by_year[attribute].isin(("", NO_FIELD)))
        meta[attribute] = given.groupby(by_year["key"], sort=False).last()
        meta[attribute] = meta[attribute].reindex(latest.index).fillna(latest[attribute])
        if attribute in ("field", "unit"):
            for k, problem in _inconsistent(by_year[given.notna()], attribute):
                warned.setdefault(k, []).append(problem)
    problems.extend(p for k in order for p in warned.get(k, ()))
    named = latest["name"]
    targeted = by_year[by_year["target"].notna()].groupby("key", sort=False)
    target = targeted["target"].last().reindex(latest.index)
    target_decimals = targeted["target_decimals"].last().reindex(latest.index)
    decimals = groups["decimals"].max()
    decimals = np.minimum(np.fmax(decimals, target_decimals.fillna(-1)), 6).astype(int)
    origin = rows.sort_values(["file", "sheet", "row"], kind="stable").groupby("key").first()
    series = {key: tuple(zip(g["year"].tolist(), g["value"].tolist(), strict=True))
              for key, g in groups[["year", "value"]]}  # fmt: skip
    # each column as a dict: a lookup per indicator and column, not a Series' label lookup
    meta = {attribute: column.to_dict() for attribute, column in meta.items()}
    named, target, decimals = named.to_dict(), target.to_dict(), decimals.to_dict()
    target_year = latest["target_year"].to_dict()
    files, sheets, numbers = (origin[c].to_dict() for c in ("file", "sheet", "row"))
    return [
        Indicator(
            name=named[key],
            field=meta["field"][key],
            unit=meta["unit"][key],
            area=meta["area"][key],
            source=meta["source_text"][key],
            definition=meta["definition"][key],
            target=None if pd.isna(target[key]) else float(target[key]),
            target_year=_optional_int(target_year[key]),
            values=series[key],
            decimals=int(decimals[key]),
            year=year,
            previous_year=previous,
            origin=Source(files[key], sheets[key], int(numbers[key])),
        )
        for key in order
    ]


def _optional_int(value) -> int | None:
    return None if pd.isna(value) else int(value)


def measured(indicators: Iterable[Indicator]) -> tuple[Indicator, ...]:
    """The indicators with now, before, change, change_percent, goal, distance, reached and
    direction filled in, computed on one table of all of them."""
    indicators = tuple(indicators)
    if not indicators:
        return ()
    values = pd.DataFrame(
        [(n, y, v) for n, i in enumerate(indicators) for y, v in i.values],
        columns=["indicator", "year", "value"],
    )
    table = pd.DataFrame(
        {
            "year": [i.year for i in indicators],
            "previous": [i.previous_year for i in indicators],
            "target": [i.target for i in indicators],
        },
        dtype="float64",
    )
    wide = values.pivot(index="indicator", columns="year", values="value").reindex(table.index)
    table["first"] = values.groupby("indicator")["value"].first()
    table["now"] = _lookup(wide, table["year"])
    table["before"] = _lookup(wide, table["previous"])
    change = _clean(table["now"] - table["before"])
    table["change"] = change
    nonzero = table["before"].where(table["before"] != 0)
    table["change_percent"] = _round(change / nonzero.abs() * 100, 1)
    has_goal = table["target"].notna() & table["first"].notna()
    up = table["target"] >= table["first"]
    table["goal"] = np.where(has_goal, np.where(up, "up", "down"), None)
    table["distance"] = _clean(table["target"] - table["now"])
    reached = np.where(up, table["now"] >= table["target"], table["now"] <= table["target"])
    known = has_goal & table["now"].notna()
    table["reached"] = np.where(known, reached, None)
    better = np.where(up, table["now"] > table["before"], table["now"] < table["before"])
    table["direction"] = np.select(
        [~known | table["before"].isna(), reached, table["now"] == table["before"], better],
        [None, "reached", "unchanged", "towards"],
        default="away",
    )
    columns = ["now", "before", "change", "change_percent", "goal", "distance", "reached",
               "direction"]  # fmt: skip
    found = table[columns].astype(object).where(table[columns].notna(), None)
    return tuple(
        replace(i, **dict(zip(columns, row, strict=True)))
        for i, row in zip(indicators, found.itertuples(index=False), strict=True)
    )


def _lookup(wide: pd.DataFrame, years: pd.Series) -> pd.Series:
    """Per row of `wide`, the value in the column `years` names (NaN where none)."""
    column = wide.columns.get_indexer(years.fillna(-1).astype(int))
    picked = wide.to_numpy()[np.arange(len(wide)), np.maximum(column, 0)] if len(wide) else []
    return pd.Series(np.where(column >= 0, picked, np.nan), index=wide.index, dtype="float64")


def _clean(values: pd.Series) -> pd.Series:
    """Drop binary float noise: 13.1 - 12.5 -> 0.6 (to 9 decimals)."""
    return _round(values, 9) + 0.0


def _round(values: pd.Series, digits: int) -> pd.Series:
    """Python's round() per value: correctly rounded, where np.round is not (0.15 -> 0.1 here,
    0.2 with numpy); the figures must stay those of the JSON summary."""
    return pd.Series(
        [v if v != v else round(v, digits) for v in values.tolist()],
        index=values.index,
        dtype="float64",
    )


def _inconsistent(rows: pd.DataFrame, attribute: str) -> list[tuple[str, Problem]]:
    """(key, warning) per indicator whose rows name different fields or units (the latest
    counts); only the indicators with more than one are looked at one by one."""
    problems = []
    several = rows.groupby("key")[attribute].transform("nunique") > 1
    for key, group in rows[several].groupby("key", sort=False):
        latest = group.iloc[-1]
        other = group[group[attribute] != latest[attribute]].iloc[-1]
        what = Said({"field": "word_field", "unit": "word_unit"}[attribute])
        problems.append((key, warning(
                Said(
                    "indicator_inconsistent",
                    name=latest["name"],
                    what=what,
                    year=int(latest["year"]),
                    value=latest[attribute],
                    other_year=int(other["year"]),
                    other=other[attribute],
                    there=Source(other["file"], other["sheet"], int(other["row"])),
                ),
                column=what,
                file=latest["file"],
                sheet=latest["sheet"],
                row=int(latest["row"]),
            )))  # fmt: skip
    return problems
