"""The analysis both `check` and `build` run: discover, read, validate, compare.

No rendering here, and no heavy imports: `check` must start fast.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from .compare import Comparison, compare
from .config import Config
from .load import Discovery, discover, read_file
from .problems import Problem, error
from .validate import YearData, validate_year

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Analysis:
    config: Config
    discovery: Discovery
    years: tuple[YearData, ...]  # the years read: reporting year, previous, the one before
    comparison: Comparison | None  # None when errors prevented it
    problems: tuple[Problem, ...]  # everything found, in the order found
    data_date: dt.date | None = None  # newest document date among the reporting year's files

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def ok(self) -> bool:
        return not self.errors and self.comparison is not None


def choose_years(
    available: tuple[int, ...], year: int | None, previous: int | None, inputs: Path
) -> tuple[list[int], list[Problem]]:
    """[Y, P] or [Y, P, P-before]: the years to read, or the problem why not."""
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
    chosen = [year, previous]
    older = [y for y in available if y < previous]
    if older:
        chosen.append(older[-1])
    return chosen, []


def analyse(
    inputs: Path,
    config: Config,
    year: int | None = None,
    previous: int | None = None,
    allow_missing: bool = False,
) -> Analysis:
    log.debug("Eingaben suchen in %s", inputs)
    found = discover(inputs)
    problems = list(found.problems)
    chosen, year_problems = choose_years(found.years, year, previous, inputs)
    problems.extend(year_problems)
    years, data_date = [], None
    for y in chosen:
        files = found.files_of(y)
        log.debug("Jahr %s: %d Datei(en) lesen", y, len(files))
        contents = [read_file(f) for f in files]
        if y == chosen[0]:
            data_date = max((c.modified for c in contents if c.modified), default=None)
        data = validate_year(y, contents, config, allow_missing)
        problems.extend(data.problems)
        years.append(data)
    comparison = None
    if len(years) >= 2:  # even with errors: its warnings (renamed, moved) belong in `check`
        comparison = compare(years[0], years[1], config, years[2] if len(years) > 2 else None)
        problems.extend(comparison.problems)
    return Analysis(config, found, tuple(years), comparison, tuple(problems), data_date)
