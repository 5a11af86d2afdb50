"""The analysis' tables as small records for the templates and the xlsx export: one Entry
per measure of the reporting year, with its Measure, last year's and its path. Made here, at
the edge, from the DataFrames the analysis computed; nothing here decides anything."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..analyse.compare import Comparison
from ..analyse.history import History, MeasurePath, path_record
from ..analyse.years import records
from ..read.validate import Measure


@dataclass(frozen=True)
class Entry:
    """A measure of the reporting year, with its status before and what changed."""

    measure: Measure
    previous: Measure | None  # the same ID in the previous year
    change: str  # one of compare.CLASSES, or NO_RESPONSE
    stalled: bool = False
    overdue: bool = False
    path: MeasurePath | None = None  # its status in every year read (see history.py)

    @property
    def previous_status(self) -> str | None:
        return self.previous.status if self.previous else None

    @property
    def since(self) -> int | None:
        """First year of the unbroken run of its current status (None without status)."""
        return self.path.since if self.path else None

    @property
    def stalled_since(self) -> int | None:
        return self.since if self.stalled else None


def steps_by_id(table: pd.DataFrame) -> dict[str, list[tuple[int, str | None]]]:
    """{id: [(year, status), ...]} from the long table (oldest year first)."""
    steps: dict[str, list] = {}
    columns = (table[c].tolist() for c in ("id", "year", "status"))
    for measure_id, year, status in zip(*columns, strict=True):
        steps.setdefault(measure_id, []).append((year, status))
    return steps


def measure_paths(history: History | None) -> dict[str, MeasurePath]:
    if history is None:
        return {}
    steps = steps_by_id(history.table)
    paths = history.paths
    return {
        measure_id: path_record(measure_id, row, tuple(steps[measure_id]))
        for measure_id, row in zip(paths.index, paths.to_dict("records"), strict=True)
    }


def entries(comparison: Comparison) -> tuple[Entry, ...]:
    """Every measure of the reporting year, sorted by ID: its record made from the comparison
    table's row, last year's from the previous year's table."""
    table = comparison.table
    then = {m.id: m for m in records(comparison.before)}
    paths = measure_paths(comparison.history)
    columns = (table[c].tolist() for c in ("change", "stalled", "overdue"))
    return tuple(
        Entry(m, then.get(m.id), change, bool(stalled), bool(overdue), paths.get(m.id))
        for m, change, stalled, overdue in zip(records(table), *columns, strict=True)
    )


def entries_of(comparison: Comparison, every: tuple[Entry, ...], change: str) -> list[Entry]:
    """The entries of one change class (or stalled, overdue), in ID order."""
    wanted = comparison.mask(change).tolist()
    return [e for e, keep in zip(every, wanted, strict=True) if keep]


def removed(comparison: Comparison) -> tuple[Measure, ...]:
    """Measures of the previous year not reported this year, sorted by ID."""
    return records(comparison.removed)
