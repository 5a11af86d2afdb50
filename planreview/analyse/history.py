"""Every year read, up to the reporting year: status counts, done shares, each measure's path.

A "review" is a year with data (a year whose files were read). Runs of the same status are
counted over consecutive reviews; a review in which the measure is missing, or has no status,
ends the run. Everything is computed on the long table (years.long_table) as DataFrame
operations; the small records below are views of one row, made on request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..read.config import Config
from ..read.validate import YearData
from .years import id_rank, long_table

# A measure is stalled when it has had the same open status in at least this many reviews in a
# row, the reporting year included.
STALLED_REVIEWS = 3


@dataclass(frozen=True)
class YearCounts:
    """How many measures had each status in one year (a row of History.counts)."""

    year: int
    counts: tuple[tuple[str, int], ...]  # every configured status, vocabulary order, zeros kept
    done: int  # measures of kind "done" (umgesetzt + verstetigt)
    no_response: int  # measures without status (only with --allow-missing), not in `counts`

    @property
    def by_status(self) -> dict[str, int]:
        return dict(self.counts)

    @property
    def total(self) -> int:
        """Measures with a status (the ones counted)."""
        return sum(n for _, n in self.counts)

    def count(self, status: str) -> int:
        return self.by_status.get(status, 0)


@dataclass(frozen=True)
class FieldShare:
    """The share of measures done (kind "done") in one Handlungsfeld in one year."""

    field: str
    year: int
    done: int
    total: int  # measures with a status in this field that year; 0: none reported

    @property
    def share(self) -> float | None:
        """0.0 .. 1.0, None when the field had no measures that year."""
        return self.done / self.total if self.total else None

    @property
    def percent(self) -> int | None:
        """Rounded percentage (half up), None when the field had no measures that year."""
        return int(self.done * 100 / self.total + 0.5) if self.total else None


@dataclass(frozen=True)
class MeasurePath:
    """One measure across all years read (a row of History.paths with its steps)."""

    id: str
    title: str  # as in the latest year it was reported
    field: str  # as in the latest year it was reported
    steps: tuple[tuple[int, str | None], ...]  # (year, status) per year reported, oldest first;
    # status None: reported without status ("keine Rückmeldung")
    status: str | None  # status in the reporting year; None: not reported or no status
    since: int | None  # first year of the unbroken run of `status` up to the reporting year
    reviews: int  # reviews in a row with `status`, the reporting year included (0 if None)
    since_start: bool  # the run begins with the first year read: it may be older than `since`
    stalled_reviews: int = 0  # in how many reviews it was stalled (0: not stalled now)

    @property
    def stalled(self) -> bool:
        """Same open status in at least the last STALLED_REVIEWS reviews."""
        return self.stalled_reviews > 0

    @property
    def path(self) -> dict[int, str | None]:
        return dict(self.steps)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(year for year, _ in self.steps)

    def status_in(self, year: int) -> str | None:
        return self.path.get(year)


PATH_COLUMNS = ("title", "field", "status", "since", "reviews", "since_start", "stalled_reviews")


@dataclass(frozen=True, eq=False)
class History:
    years: tuple[int, ...]  # every year read, oldest first; the last is the reporting year
    counts: pd.DataFrame  # index year; one column per status (vocabulary order), done, no_response
    fields: tuple[str, ...]  # Handlungsfelder in report order (configured first)
    shares: (
        pd.DataFrame
    )  # columns field, year, done, total, percent; field-major, years oldest first
    paths: pd.DataFrame  # index id (natural order); PATH_COLUMNS, stalled
    table: pd.DataFrame  # the long table (measure x year) it was made from

    @property
    def first_year(self) -> int:
        return self.years[0]

    @property
    def year(self) -> int:
        """The reporting year."""
        return self.years[-1]

    @property
    def statuses(self) -> list[str]:
        return [c for c in self.counts.columns if c not in ("done", "no_response")]

    def counts_of(self, year: int) -> YearCounts | None:
        if year not in self.counts.index:
            return None
        row = self.counts.loc[year]
        return YearCounts(
            year,
            tuple((s, int(row[s])) for s in self.statuses),
            int(row["done"]),
            int(row["no_response"]),
        )

    @property
    def per_year(self) -> tuple[YearCounts, ...]:
        """One YearCounts per year, oldest first (for the report's tables)."""
        return tuple(self.counts_of(y) for y in self.years)

    def share(self, field: str, year: int) -> FieldShare | None:
        found = self.shares[(self.shares["field"] == field) & (self.shares["year"] == year)]
        if found.empty:
            return None
        done, total = found.iloc[0][["done", "total"]]
        return FieldShare(field, year, int(done), int(total))

    def shares_of(self, field: str) -> tuple[FieldShare, ...]:
        """One per year, oldest first."""
        rows = self.shares[self.shares["field"] == field]
        return tuple(
            FieldShare(field, int(y), int(d), int(t))
            for y, d, t in zip(rows["year"], rows["done"], rows["total"], strict=True)
        )

    def measure(self, measure_id: str) -> MeasurePath | None:
        if measure_id not in self.paths.index:
            return None
        positions = self._positions[measure_id]
        steps = zip(
            self.table["year"].to_numpy()[positions].tolist(),
            self.table["status"].to_numpy()[positions].tolist(),
            strict=True,
        )
        return path_record(measure_id, self.paths.loc[measure_id], tuple(steps))

    @cached_property
    def _positions(self) -> dict[str, np.ndarray]:
        return self.table.groupby("id", sort=False).indices

    def status_table(self) -> dict[str, dict[str, int]]:
        """{"2018": {"nicht begonnen": 3, ...}, ...}: the JSON "history"."""
        table = self.counts[self.statuses]
        return {str(y): dict(zip(self.statuses, map(int, row), strict=True))
                for y, row in zip(table.index, table.to_numpy().tolist(), strict=True)}  # fmt: skip


def path_record(measure_id: str, row, steps: tuple) -> MeasurePath:
    """A MeasurePath from a row of History.paths (a Series or a mapping) and its steps."""
    since = row["since"]
    return MeasurePath(
        id=measure_id,
        title=row["title"],
        field=row["field"],
        steps=steps,
        status=row["status"],
        since=None if pd.isna(since) else int(since),
        reviews=int(row["reviews"]),
        since_start=bool(row["since_start"]),
        stalled_reviews=int(row["stalled_reviews"]),
    )


def build_history(years: Iterable[YearData], config: Config) -> History:
    """The history of the given years (any order); the latest is the reporting year."""
    ordered = sorted(years, key=lambda d: d.year)
    if not ordered:
        raise ValueError("build_history needs at least one year")
    return history_of(long_table(ordered), [d.year for d in ordered], config)


def history_of(table: pd.DataFrame, years: list[int], config: Config) -> History:
    """The history of the long table `table` over `years` (oldest first, all of them read)."""
    vocabulary = config.vocabulary
    labels = list(vocabulary.labels)
    done_labels = list(vocabulary.labels_of("done"))
    answered = table[table["status"].notna()]
    counts = pd.crosstab(answered["year"], answered["status"]).reindex(
        index=years, columns=labels, fill_value=0
    )
    counts["done"] = counts[done_labels].sum(axis=1)
    counts["no_response"] = (
        table["status"].isna().groupby(table["year"]).sum().reindex(years, fill_value=0)
    )
    fields = field_order_of(table, config)
    tally = (
        answered.assign(done=answered["status"].isin(done_labels))
        .groupby(["field", "year"])["done"]
        .agg(done="sum", total="size")
    )
    grid = pd.MultiIndex.from_product([fields, years], names=["field", "year"])
    shares = tally.reindex(grid, fill_value=0).astype("int64").reset_index()
    shares["percent"] = np.where(
        shares["total"] > 0,
        np.floor(shares["done"] * 100 / shares["total"].where(shares["total"] > 0, 1) + 0.5),
        np.nan,
    )
    return History(tuple(years), counts, tuple(fields), shares, _paths(table, years, config), table)


def _paths(table: pd.DataFrame, years: list[int], config: Config) -> pd.DataFrame:
    """One row per measure of any year: latest title and field, current status, the run."""
    open_labels = list(config.vocabulary.labels_of("open"))
    reporting = years[-1]
    latest = table.drop_duplicates("id", keep="last").set_index("id")  # oldest year first
    status = table.pivot(index="id", columns="year", values="status").reindex(
        index=latest.index, columns=years
    )
    now = status[reporting]
    backwards = status[years[::-1]]
    same = backwards.eq(now, axis=0).to_numpy() & now.notna().to_numpy()[:, None]
    reviews = np.cumprod(same, axis=1).sum(axis=1)
    since = np.where(reviews > 0, np.array(years[::-1])[np.maximum(reviews - 1, 0)], -1)
    paths = pd.DataFrame(
        {
            "title": latest["title"],
            "field": latest["field"],
            "status": now.astype(object).where(now.notna(), None),
            "since": pd.array(np.where(since >= 0, since, None), dtype="Int64"),
            "reviews": reviews,
            "since_start": since == years[0],
        },
        index=latest.index,
    )
    stalled = paths["status"].isin(open_labels) & (paths["reviews"] >= STALLED_REVIEWS)
    paths["stalled_reviews"] = np.where(stalled, paths["reviews"] - STALLED_REVIEWS + 1, 0)
    paths["stalled"] = stalled
    return paths.iloc[np.argsort(id_rank(paths.index.to_series()).to_numpy(), kind="stable")]


def field_order_of(table: pd.DataFrame, config: Config) -> list[str]:
    """Configured Handlungsfelder first, in their order; then the others as they first appear
    in the reporting year (the last of the table), then in the years before, newest first."""
    configured = [f.name for f in config.fields]
    newest_first = table.sort_values("year", ascending=False, kind="stable")
    seen = pd.unique(newest_first["field"])
    present = set(seen)
    return [n for n in configured if n in present] + [n for n in seen if n not in configured]
