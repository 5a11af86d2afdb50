"""Every year read, up to the reporting year: status counts, done shares, each measure's path.

A "review" is a year with data (a year whose files were read). Runs of the same status are
counted over consecutive reviews; a review in which the measure is missing, or has no status,
ends the run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from ..read.config import Config
from ..read.validate import YearData
from ..read.values import natural_key

# A measure is stalled when it has had the same open status in at least this many reviews in a
# row, the reporting year included.
STALLED_REVIEWS = 3
NO_ANSWER = "keine Rückmeldung"  # shown in a path for a year without status


@dataclass(frozen=True)
class YearCounts:
    """How many measures had each status in one year."""

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
    """One measure across all years read."""

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

    def text(self, arrow: str = " → ") -> str:
        """E.g. "2018 nicht begonnen → 2019 in Umsetzung → 2020 umgesetzt"."""
        return arrow.join(f"{year} {status or NO_ANSWER}" for year, status in self.steps)


@dataclass(frozen=True)
class History:
    years: tuple[int, ...]  # every year read, oldest first; the last is the reporting year
    counts: tuple[YearCounts, ...]  # one per year, same order
    fields: tuple[str, ...]  # Handlungsfelder in report order (configured first)
    shares: tuple[FieldShare, ...]  # one per field and year, field-major, years oldest first
    measures: tuple[MeasurePath, ...]  # every measure reported in any year read, sorted by ID

    @property
    def first_year(self) -> int:
        return self.years[0]

    @property
    def year(self) -> int:
        """The reporting year."""
        return self.years[-1]

    def counts_of(self, year: int) -> YearCounts | None:
        return next((c for c in self.counts if c.year == year), None)

    def share(self, field: str, year: int) -> FieldShare | None:
        return next((s for s in self.shares if s.field == field and s.year == year), None)

    def shares_of(self, field: str) -> tuple[FieldShare, ...]:
        """One per year, oldest first."""
        return tuple(s for s in self.shares if s.field == field)

    def measure(self, measure_id: str) -> MeasurePath | None:
        return self._by_id.get(measure_id)

    @cached_property
    def _by_id(self) -> dict[str, MeasurePath]:
        return {m.id: m for m in self.measures}

    def status_table(self) -> dict[str, dict[str, int]]:
        """{"2018": {"nicht begonnen": 3, ...}, ...}: the JSON "history"."""
        return {str(c.year): c.by_status for c in self.counts}


def build_history(years: Iterable[YearData], config: Config) -> History:
    """The history of the given years (any order); the latest is the reporting year."""
    ordered = sorted(years, key=lambda d: d.year)
    if not ordered:
        raise ValueError("build_history needs at least one year")
    vocabulary = config.vocabulary
    labels = vocabulary.labels
    done_labels = set(vocabulary.labels_of("done"))
    open_labels = set(vocabulary.labels_of("open"))
    fields = _field_order(config, ordered)
    counts, shares = [], []
    per_field = []  # per year: field -> [done, with a status]; one pass over the measures
    for data in ordered:
        answered = data.answered
        by_status = dict.fromkeys(labels, 0)
        in_fields: dict[str, list[int]] = {}
        for m in answered:
            by_status[m.status] = by_status.get(m.status, 0) + 1
            tally = in_fields.setdefault(m.field, [0, 0])
            tally[0] += m.status in done_labels
            tally[1] += 1
        per_field.append(in_fields)
        done = sum(n for label, n in by_status.items() if label in done_labels)
        counts.append(
            YearCounts(
                data.year, tuple(by_status.items()), done, len(data.measures) - len(answered)
            )
        )
    for name in fields:
        for data, in_fields in zip(ordered, per_field, strict=True):
            done, total = in_fields.get(name, (0, 0))
            shares.append(FieldShare(name, data.year, done, total))
    reporting = ordered[-1].year
    seen: dict[str, list] = {}
    latest = {}
    for data in ordered:
        for m in data.measures:
            seen.setdefault(m.id, []).append((data.year, m.status))
            latest[m.id] = m
    year_list = [d.year for d in ordered]
    paths = []
    for measure_id in sorted(seen, key=natural_key):
        steps = tuple(seen[measure_id])
        path = dict(steps)
        status = path.get(reporting)
        since, reviews = None, 0
        if status is not None:
            for year in reversed(year_list):
                if year not in path or path[year] != status:
                    break
                since, reviews = year, reviews + 1
        stalled = (
            reviews - STALLED_REVIEWS + 1
            if status in open_labels and reviews >= STALLED_REVIEWS
            else 0
        )
        m = latest[measure_id]
        paths.append(
            MeasurePath(
                id=measure_id,
                title=m.title,
                field=m.field,
                steps=steps,
                status=status,
                since=since,
                reviews=reviews,
                since_start=since is not None and since == year_list[0],
                stalled_reviews=stalled,
            )
        )
    return History(
        years=tuple(year_list),
        counts=tuple(counts),
        fields=tuple(fields),
        shares=tuple(shares),
        measures=tuple(paths),
    )


def _field_order(config: Config, years: list[YearData]) -> list[str]:
    """As compare.field_order (not imported: compare imports this module)."""
    order = [f.name for f in config.fields]
    for data in reversed(years):  # the reporting year's fields first, then older ones
        for m in data.measures:
            if m.field not in order:
                order.append(m.field)
    present = {m.field for data in years for m in data.measures}
    return [name for name in order if name in present]
