"""A year against the previous one: one change class per measure, plus stalled and overdue.

Vectorised on the year tables (years.py): one merge of Y with P, the class by np.select over
status kinds and ranks, stalled from the history's paths, counts by crosstab.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..problems import Problem, Said, warning
from ..read.config import Config
from ..read.validate import YearData
from .history import History, build_history
from .years import of_year, year_frame

# Tested in this order; the first that applies is the measure's class.
CLASSES = ("new", "unchanged", "dropped", "postponed", "resumed", "progressed", "regressed")
NO_RESPONSE = "no_response"  # no status this year (only with --allow-missing): not counted
# How the report and the export list the changes: movement first, then the rest.
REPORT_ORDER = ("progressed", "regressed", "new", "removed", "dropped", "postponed", "resumed",
                "stalled", "overdue", "unchanged")  # fmt: skip
assert set(CLASSES) <= set(REPORT_ORDER)
# Columns the comparison adds to the reporting year's table.
COMPARED = ("previous_status", "previous_written", "previous_title", "previous_field",
            "in_previous", "change", "since", "since_start", "reviews", "stalled_reviews",
            "stalled", "overdue")  # fmt: skip


@dataclass(frozen=True, eq=False)
class Comparison:
    current: YearData
    previous: YearData
    table: pd.DataFrame  # every measure of Y (years.COLUMNS + COMPARED), sorted by ID
    removed: pd.DataFrame  # the rows of P whose ID is not reported in Y, sorted by ID
    before: pd.DataFrame  # the year table of P
    problems: tuple[Problem, ...]  # warnings found by comparing (title, field changed)
    history: History | None = None  # every year read up to the reporting year

    @property
    def year(self) -> int:
        return self.current.year

    @property
    def previous_year(self) -> int:
        return self.previous.year

    def mask(self, change: str) -> pd.Series:
        """Which rows of `table` are of `change` (a class, NO_RESPONSE, stalled or overdue)."""
        if change in ("stalled", "overdue"):
            return self.table[change]
        return self.table["change"] == change

    def ids(self, change: str) -> list[str]:
        if change == "removed":
            return self.removed["id"].tolist()
        return self.table.loc[self.mask(change), "id"].tolist()

    def counts(self) -> dict[str, int]:
        """How many measures of each class (and stalled, overdue, removed)."""
        found = self.table["change"].value_counts()
        counts = {c: int(found.get(c, 0)) for c in (*CLASSES, NO_RESPONSE)}
        counts |= {k: int(self.table[k].sum()) for k in ("stalled", "overdue")}
        return counts | {"removed": len(self.removed)}


def classify(status: str, previous: str | None, config: Config) -> str:
    """The class of one status pair (what `compare` computes for all rows at once)."""
    now = pd.DataFrame({"status": [status], "previous_status": [previous]})
    return str(_classes(now, config)[0])


def _classes(table: pd.DataFrame, config: Config) -> np.ndarray:
    vocabulary = config.vocabulary
    kinds = {s.label: s.kind for s in vocabulary.statuses}
    ranks = {label: vocabulary.rank(label) for label in vocabulary.labels}
    status, before = table["status"], table["previous_status"]
    kind, kind_before = status.map(kinds), before.map(kinds)
    conditions = [
        status.isna(),
        before.isna(),
        status == before,
        kind == "dropped",
        kind == "postponed",
        kind_before.isin(("postponed", "dropped")),
        status.map(ranks) > before.map(ranks),
    ]
    choices = [NO_RESPONSE, "new", "unchanged", "dropped", "postponed", "resumed", "progressed"]
    return np.select(conditions, choices, default="regressed")


def compare(
    current: YearData,
    previous: YearData,
    config: Config,
    before: YearData | None = None,
    history: History | None = None,
) -> Comparison:
    """Compare `current` with `previous`. Stalled comes from `history` (every year read up to
    `current`); without it, from the history of `before`, `previous` and `current`."""
    if history is None:
        given = {d.year: d for d in (before, previous, current) if d is not None}
        history = build_history(given.values(), config)
    if history.year != current.year:
        raise ValueError(f"history ends {history.year}, not with the reporting year {current.year}")
    if previous.year in history.years:
        now, then = of_year(history.table, current.year), of_year(history.table, previous.year)
    else:
        now, then = of_year(history.table, current.year), year_frame(previous)
    earlier = then[["id", "status", "status_written", "title", "field"]].rename(
        columns={
            "status": "previous_status",
            "status_written": "previous_written",
            "title": "previous_title",
            "field": "previous_field",
        }
    )
    table = now.merge(earlier, on="id", how="left", indicator="in_previous", validate="1:1")
    table["in_previous"] = table["in_previous"] == "both"
    before_status = table["previous_status"].astype(object)
    table["previous_status"] = before_status.where(before_status.notna(), None)
    table["change"] = _classes(table, config)
    paths = history.paths.reindex(table["id"]).reset_index(drop=True)
    for column in ("since", "since_start", "reviews", "stalled_reviews"):
        table[column] = paths[column]
    table["stalled"] = (table["change"] == "unchanged") & paths["stalled"].astype(bool)
    overdue_states = config.vocabulary.labels_of("open", "postponed")
    table["overdue"] = (
        table["end_year"].notna()
        & (table["end_year"] < current.year).fillna(False).astype(bool)
        & table["status"].isin(overdue_states)
    )
    removed = then[~then["id"].isin(table["id"])].reset_index(drop=True)
    problems = _warnings(table, removed, previous.year)
    return Comparison(current, previous, table, removed, then, problems, history)


def _warnings(table: pd.DataFrame, removed: pd.DataFrame, previous_year: int) -> tuple:
    """Per measure, in ID order: no answer last year, field changed, title changed; then
    the "new" measures with the title of a removed one."""
    answered = table["status"].notna()
    found = table["in_previous"] & answered
    silent = found & table["previous_status"].isna() & (table["previous_written"] == "")
    field = found & (table["previous_field"] != table["field"])
    title = found & (
        table["previous_title"].astype(str).str.casefold() != table["title"].str.casefold()
    )
    flagged = table[silent | field | title]
    problems = []
    for row in flagged.itertuples():  # only the measures warned about
        where = {"file": row.file, "sheet": row.sheet, "row": row.row}
        if silent[row.Index]:
            problems.append(
                warning(Said("no_response_before", id=row.id, year=previous_year), **where)
            )
        if field[row.Index]:
            said = Said("field_changed", id=row.id, field=row.field, year=previous_year,
                        before=row.previous_field)  # fmt: skip
            problems.append(warning(said, **where))
        if title[row.Index]:
            said = Said("title_changed", id=row.id, year=previous_year, before=row.previous_title,
                        title=row.title)  # fmt: skip
            problems.append(warning(said, **where))
    # A "new" measure with the title of one no longer reported: most likely a mistyped Nr.
    # ("1.1." for "1.1"), which would otherwise count one measure as new and one as gone.
    gone = removed[removed["title"] != ""].assign(key=lambda r: r["title"].str.casefold())
    gone = gone.drop_duplicates("key", keep="last")[["key", "id"]].rename(columns={"id": "old"})
    new = table[table["change"] == "new"].assign(key=lambda r: r["title"].str.casefold())
    for row in new.merge(gone, on="key").itertuples(index=False):
        said = Said("renumbered", id=row.id, old=row.old, year=previous_year)
        problems.append(warning(said, value=row.id, file=row.file, sheet=row.sheet, row=row.row))
    return tuple(problems)


def count_by_status(table: pd.DataFrame | YearData, config: Config) -> dict[str, int]:
    """Measures with a status per status (every configured one, zeros kept) in a year table."""
    if isinstance(table, YearData):
        table = year_frame(table)
    found = table["status"].value_counts()
    return {label: int(found.get(label, 0)) for label in config.vocabulary.labels}


def field_order(config: Config, *tables: pd.DataFrame | YearData) -> list[str]:
    """Configured Handlungsfelder first, in their order; others as they first appear."""
    tables = [year_frame(t) if isinstance(t, YearData) else t for t in tables]
    configured = [f.name for f in config.fields]
    seen = pd.unique(pd.concat([t["field"] for t in tables])) if tables else []
    present = set(seen)
    return [n for n in configured if n in present] + [n for n in seen if n not in configured]


def count_by_field(
    table: pd.DataFrame | YearData, config: Config, order: list[str]
) -> dict[str, dict[str, int]]:
    """{field: {status: n}} for the fields in `order`, every configured status, zeros kept."""
    if isinstance(table, YearData):
        table = year_frame(table)
    answered = table[table["status"].notna()]
    labels = list(config.vocabulary.labels)
    grid = pd.crosstab(answered["field"], answered["status"]).reindex(
        index=order, columns=labels, fill_value=0
    )
    return {
        name: dict(zip(labels, map(int, row), strict=True))
        for name, row in zip(order, grid.to_numpy().tolist(), strict=True)
    }
