"""The analysis both `check` and `build` run: discover, read, validate, compare.

No rendering here, and no heavy imports: `check` must start fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem, error
from ..read.config import Config
from ..read.discover import Discovery, InputFile, discover
from ..read.tables import RawSheet, read_file
from ..read.validate import YearData, validate_year
from .compare import Comparison, compare
from .hints import RevisionHint, revision_hints
from .history import History, build_history
from .indicators import Indicators, read_indicator_file, read_indicators
from .plausibility import across_years
from .responses import Responses, responses

log = logging.getLogger(__name__)

# Inputs larger than this (all years' files together) are read and checked by two processes,
# one year at a time each, when the machine has two cores or more (see _read_years).
PARALLEL_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Analysis:
    config: Config
    discovery: Discovery
    # every year read: reporting year, previous, then all older ones (newest first)
    years: tuple[YearData, ...]
    comparison: Comparison | None  # None when errors prevented it
    problems: tuple[Problem, ...]  # everything found, in the order found
    data_date: dt.date | None = None  # newest document date among the reporting year's files
    history: History | None = None  # all years read, oldest first (history.py)
    indicators: Indicators = field(default_factory=Indicators)  # indicators.py
    revision_hints: tuple[RevisionHint, ...] = ()  # for the Fortschreibung (hints.py)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def ok(self) -> bool:
        return not self.errors and self.comparison is not None

    @property
    def responses(self) -> Responses | None:
        """Who has not answered for the reporting year (None with fewer than two years)."""
        if len(self.years) < 2:
            return None
        return responses(self.years[0], self.years[1])


def choose_years(
    available: tuple[int, ...], year: int | None, previous: int | None, inputs: Path
) -> tuple[list[int], list[Problem]]:
    """[Y, P, every older year, newest first]: the years to read, or the problem why not."""
    shown = ", ".join(map(str, available)) or "keine"
    if not available:
        return [], [error(f"Im Ordner {inputs} wurden keine Tabellendateien gefunden.")]
    if year is None:
        year = available[-1]
    elif year not in available:
        return [], [error(f"Für {year} gibt es keine Dateien in {inputs}. Vorhanden: {shown}.")]
    earlier = [y for y in available if y < year]
    if previous is None:
        if not earlier:  # still read the year: its files may have problems of their own
            return [year], [
                error(f"Für den Vergleich braucht es ein Vorjahr vor {year}; vorhanden: {shown}.")
            ]
        previous = earlier[-1]
    elif previous not in earlier:
        return [], [
            error(
                f"Vergleichsjahr {previous} ist nicht vorhanden oder nicht vor {year}. "
                f"Vorhanden: {shown}."
            )
        ]
    return [year, previous, *sorted((y for y in earlier if y != previous), reverse=True)], []


@contextlib.contextmanager
def gc_paused():
    """Pause Python's cyclic garbage collector. Reading and checking build millions of small
    objects and no reference cycles; every full collection walks all of them again (a third of
    the analysis time at 200,000 rows, and growing faster than the rows). Reference counting
    still frees everything; the collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


YearRead = tuple[YearData, dt.date | None, list[RawSheet]]


def read_year(year: int, files, config: Config, allow_missing: bool) -> YearRead:
    """One year's files read and checked -> (YearData, newest document date of its files,
    its "Indikatoren" sheets)."""
    contents = [read_file(f) for f in files]
    modified = max((c.modified for c in contents if c.modified), default=None)
    sheets = [s for c in contents for s in c.indicator_sheets]
    return validate_year(year, contents, config, allow_missing), modified, sheets


def _read_year_list(work, config: Config, allow_missing: bool) -> list[YearRead]:
    return [read_year(y, files, config, allow_missing) for y, files in work]


def _read_years(
    work: list[tuple[int, tuple[InputFile, ...]]], config: Config, allow_missing: bool
) -> list[YearRead]:
    """Every year read and checked, in the order given. Large inputs on two cores or more: a
    second process (forked, so nothing is imported again) takes part of the years while this
    one reads the rest; years are independent, so the result is the same as one by one."""
    sizes = [sum(_size(f.path) for f in files) for _, files in work]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if (
        len(work) < 2
        or sum(sizes) <= PARALLEL_BYTES
        or (cores or 1) < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return _read_year_list(work, config, allow_missing)
    # Heaviest years first, each to the side with less to do so far; the other process also
    # pays for sending its years back (pickling), so its share counts half again as much.
    theirs: list[int] = []
    mine: list[int] = []
    for index in sorted(range(len(work)), key=lambda i: -sizes[i]):
        their_load = 1.5 * sum(sizes[i] for i in theirs)
        (theirs if their_load < sum(sizes[i] for i in mine) else mine).append(index)

    def read(indices: list[int]) -> dict[int, YearRead]:
        indices = sorted(indices)
        found = _read_year_list([work[i] for i in indices], config, allow_missing)
        return dict(zip(indices, found, strict=True))

    done: dict[int, YearRead] = {}
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            future = pool.submit(
                _read_year_list, [work[i] for i in sorted(theirs)], config, allow_missing
            )
            done.update(read(mine))
            done.update(zip(sorted(theirs), future.result(), strict=True))
    except (OSError, BrokenProcessPool):  # no second process to be had: read them here
        log.debug("zweiter Prozess nicht verfügbar", exc_info=True)
        done.update(read([i for i in range(len(work)) if i not in done]))
    return [done[i] for i in range(len(work))]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


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
    log.debug("Eingaben suchen in %s", inputs)
    found = discover(inputs)
    problems = list(found.problems)
    chosen, year_problems = choose_years(found.years, year, previous, inputs)
    problems.extend(year_problems)
    years, data_date = [], None
    workbook_sheets: dict[int, list[RawSheet]] = {}  # "Indikatoren" sheets, per year
    work = [(y, found.files_of(y)) for y in chosen]
    for y, files in work:
        log.debug("Jahr %s: %d Datei(en) lesen", y, len(files))
    for y, (data, modified, sheets) in zip(
        chosen, _read_years(work, config, allow_missing), strict=True
    ):
        if y == chosen[0]:
            data_date = modified
        workbook_sheets[y] = sheets
        problems.extend(data.problems)
        years.append(data)
    years, checked = across_years(years)
    problems.extend(checked)
    history = build_history(years, config) if years else None
    comparison = None
    if len(years) >= 2:  # even with errors: its warnings (renamed, moved) belong in `check`
        comparison = compare(years[0], years[1], config, history=history)
        problems.extend(comparison.problems)
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
    )
