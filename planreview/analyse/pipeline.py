"""The analysis both `check` and `build` run: discover, read, validate, compare.

No rendering here, and no heavy imports: `check` must start fast.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..collector import gc_paused
from ..problems import Problem, Said, error
from ..read.ahead import read_ahead
from ..read.config import Config
from ..read.discover import Discovery, discover
from ..read.tables import RawSheet, read_file
from ..read.validate import YearData, validate_year
from .compare import Comparison, compare
from .hints import RevisionHint, revision_hints
from .history import History, history_of
from .indicators import Indicators, read_indicator_file, read_indicators
from .plausibility import across_years
from .rating import rating_problems
from .responses import Responses, responses_of_tables
from .years import long_table, of_year

log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class Analysis:
    config: Config
    discovery: Discovery
    # every year read: reporting year, previous, then all older ones (newest first)
    years: tuple[YearData, ...]
    compared: Comparison | None  # Y against P; None when errors prevented it
    problems: tuple[Problem, ...]  # everything found, in the order found
    data_date: dt.date | None = None  # newest document date among the reporting year's files
    history: History | None = None  # all years read, oldest first (history.py)
    indicators: Indicators = field(default_factory=Indicators)  # indicators.py
    revision_hints: tuple[RevisionHint, ...] = ()  # for the Fortschreibung (hints.py)
    # the long table: one row per measure and year read (years.COLUMNS), oldest year first
    measures: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def comparison(self) -> pd.DataFrame | None:
        """The reporting year's measures compared with the previous year: one row per measure
        (years.COLUMNS + compare.COMPARED), sorted by ID; None when errors prevented it."""
        return self.compared.table if self.compared is not None else None

    @property
    def removed(self) -> pd.DataFrame | None:
        """The previous year's measures not reported in the reporting year."""
        return self.compared.removed if self.compared is not None else None

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def ok(self) -> bool:
        return not self.errors and self.compared is not None

    @cached_property
    def responses(self) -> Responses | None:
        """Who has not answered for the reporting year (None with fewer than two years)."""
        if len(self.years) < 2:
            return None
        now, then = (of_year(self.measures, d.year) for d in self.years[:2])
        return responses_of_tables(now, then, self.years[0].year, self.years[1].year)


def choose_years(
    available: tuple[int, ...], year: int | None, previous: int | None, inputs: Path
) -> tuple[list[int], list[Problem]]:
    """[Y, P, every older year, newest first]: the years to read, or the problem why not."""
    shown = ", ".join(map(str, available)) or Said("check_no_years")
    if not available:
        return [], [error(Said("no_spreadsheets_in_folder", inputs=str(inputs)))]
    if year is None:
        year = available[-1]
    elif year not in available:
        said = Said("year_has_no_files", year=year, inputs=str(inputs), available=shown)
        return [], [error(said)]
    earlier = [y for y in available if y < year]
    if previous is None:
        if not earlier:  # still read the year: its files may have problems of their own
            return [year], [error(Said("no_year_before", year=year, available=shown))]
        previous = earlier[-1]
    elif previous not in earlier:
        return [], [
            error(
                Said("previous_year_not_available", previous=previous, year=year, available=shown)
            )
        ]
    return [year, previous, *sorted((y for y in earlier if y != previous), reverse=True)], []


def read_years(years: list[int], found: Discovery, config: Config, allow_missing: bool):
    """Each year's files read and checked, in the order of `years` -> (YearData, newest
    document date of its files, its "Indikatoren" sheets) per year. The files are parsed a
    few ahead in threads (read/ahead.py) while the ones before are checked."""
    files = {y: found.files_of(y) for y in years}
    contents = read_ahead((f for y in years for f in files[y]), read_file)
    for y in years:
        log.debug("year %s: reading %d file(s)", y, len(files[y]))
        own = [next(contents) for _ in files[y]]
        modified = max((c.modified for c in own if c.modified), default=None)
        sheets = [s for c in own for s in c.indicator_sheets]
        yield validate_year(y, own, config, allow_missing), modified, sheets


def analyse(
    inputs: Path,
    config: Config,
    year: int | None = None,
    previous: int | None = None,
    allow_missing: bool = False,
) -> Analysis:
    with gc_paused():
        return _analyse(inputs, config, year, previous, allow_missing)


def _analyse(
    inputs: Path,
    config: Config,
    year: int | None,
    previous: int | None,
    allow_missing: bool,
) -> Analysis:
    log.debug("looking for inputs in %s", inputs)
    found = discover(inputs)
    problems = list(found.problems)
    chosen, year_problems = choose_years(found.years, year, previous, inputs)
    problems.extend(year_problems)
    years, data_date = [], None
    workbook_sheets: dict[int, list[RawSheet]] = {}  # "Indikatoren" sheets, per year
    for y, (data, modified, sheets) in zip(
        chosen, read_years(chosen, found, config, allow_missing), strict=True
    ):
        if y == chosen[0]:
            data_date = modified
        workbook_sheets[y] = sheets
        problems.extend(data.problems)
        years.append(data)
    measures, checked = across_years(years, long_table(years))
    problems.extend(checked)
    history = history_of(measures, sorted(d.year for d in years), config) if years else None
    comparison = None
    if len(years) >= 2:  # even with errors: its warnings (renamed, moved) belong in `check`
        comparison = compare(years[0], years[1], config, history=history)
        problems.extend(comparison.problems)
        problems.extend(rating_problems(measures, years[0].year))  # an Ampel word not understood
    indicators, hints = Indicators(), ()
    if years:
        # indikatoren.* at the top first, then "Indikatoren" sheets of workbooks, oldest first
        groups = []
        for path in found.indicator_files:
            sheets, unreadable = read_indicator_file(path, path.relative_to(inputs).as_posix())
            problems.extend(unreadable)
            groups.append(sheets)
        groups += [(s,) for y in sorted(workbook_sheets) for s in workbook_sheets[y]]
        previous_year = years[1].year if len(years) > 1 else None
        indicators = read_indicators(groups, config, years[0].year, previous_year)
        problems.extend(indicators.problems)
    if comparison is not None:
        hints = revision_hints(comparison, config, indicators)
    return Analysis(
        config,
        found,
        tuple(years),
        comparison,
        tuple(problems),
        data_date,
        history=history,
        indicators=indicators,
        revision_hints=hints,
        measures=measures,
    )
