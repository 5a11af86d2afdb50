"""A year against the previous one: one change class per measure, plus stalled and overdue."""

from __future__ import annotations

from dataclasses import dataclass

from ..problems import Problem, Said, warning
from ..read.config import Config
from ..read.validate import Measure, YearData
from .history import History, MeasurePath, build_history

# Tested in this order; the first that applies is the measure's class.
CLASSES = ("new", "unchanged", "dropped", "postponed", "resumed", "progressed", "regressed")
NO_RESPONSE = "no_response"  # no status this year (only with --allow-missing): not counted
# How the report and the export list the changes: movement first, then the rest.
REPORT_ORDER = ("progressed", "regressed", "new", "removed", "dropped", "postponed", "resumed",
                "stalled", "overdue", "unchanged")  # fmt: skip
assert set(CLASSES) <= set(REPORT_ORDER)


@dataclass(frozen=True)
class Entry:
    """A measure of the reporting year, with its status before and what changed."""

    measure: Measure
    previous: Measure | None  # the same ID in the previous year
    change: str  # one of CLASSES, or NO_RESPONSE
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


@dataclass(frozen=True)
class Comparison:
    current: YearData
    previous: YearData
    entries: tuple[Entry, ...]  # every measure of the reporting year, sorted by ID
    removed: tuple[Measure, ...]  # in the previous year, not reported this year
    problems: tuple[Problem, ...]  # warnings found by comparing (title, field changed)
    history: History | None = None  # every year read up to the reporting year

    @property
    def year(self) -> int:
        return self.current.year

    @property
    def previous_year(self) -> int:
        return self.previous.year

    def ids(self, change: str) -> list[str]:
        if change == "removed":
            return [m.id for m in self.removed]
        if change in ("stalled", "overdue"):
            return [e.measure.id for e in self.entries if getattr(e, change)]
        return [e.measure.id for e in self.entries if e.change == change]

    def entries_of(self, change: str) -> list[Entry]:
        wanted = set(self.ids(change))
        return [e for e in self.entries if e.measure.id in wanted]


def classify(status: str, previous: str | None, config: Config) -> str:
    vocabulary = config.vocabulary
    if previous is None:
        return "new"
    if status == previous:
        return "unchanged"
    kind, before = vocabulary.kind(status), vocabulary.kind(previous)
    if kind == "dropped":
        return "dropped"
    if kind == "postponed":
        return "postponed"
    if before in ("postponed", "dropped"):
        return "resumed"
    return "progressed" if vocabulary.rank(status) > vocabulary.rank(previous) else "regressed"


def compare(
    current: YearData,
    previous: YearData,
    config: Config,
    before: YearData | None = None,
    history: History | None = None,
) -> Comparison:
    """Compare `current` with `previous`. Stalled comes from `history` (every year read up to
    `current`); without it, from the history of `before`, `previous` and `current`."""
    vocabulary = config.vocabulary
    overdue_states = set(vocabulary.labels_of("open", "postponed"))
    earlier = previous.by_id()
    if history is None:
        history = build_history([d for d in (before, previous, current) if d is not None], config)
    if history.year != current.year:
        raise ValueError(f"history ends {history.year}, not with the reporting year {current.year}")
    entries, problems = [], []
    classes: dict[tuple[str, str | None], str] = {}
    for m in current.measures:
        prev = earlier.get(m.id)
        path = history.measure(m.id)
        if m.status is None:
            entries.append(Entry(m, prev, NO_RESPONSE, path=path))
            continue
        if prev is not None and prev.status is None and not prev.status_written:
            problems.append(
                warning(
                    Said("no_response_before", id=m.id, year=previous.year),
                    **m.source.where(),
                )
            )
        pair = (m.status, prev.status if prev else None)
        if pair not in classes:  # few pairs, many measures: classify each pair once
            classes[pair] = classify(*pair, config)
        change = classes[pair]
        # same open status in at least the last three reviews (history.STALLED_REVIEWS)
        stalled = change == "unchanged" and path is not None and path.stalled
        overdue = (
            m.end_year is not None and m.end_year < current.year and m.status in overdue_states
        )
        entries.append(Entry(m, prev, change, stalled, overdue, path))
        if prev is not None:
            problems.extend(_renamed(m, prev, previous.year))
    ids = {m.id for m in current.measures}
    removed = tuple(m for m in previous.measures if m.id not in ids)
    problems.extend(_renumbered(entries, removed, previous.year))
    return Comparison(current, previous, tuple(entries), removed, tuple(problems), history)


def _renumbered(entries: list[Entry], removed: tuple[Measure, ...], previous_year: int):
    """A "new" measure with the title of one no longer reported: most likely a mistyped Nr.
    ("1.1." for "1.1"), which would otherwise count one measure as new and one as gone."""
    gone = {m.title.casefold(): m for m in removed if m.title}
    for e in entries:
        old = gone.get(e.measure.title.casefold()) if e.change == "new" else None
        if old is not None:
            yield warning(
                Said("renumbered", id=e.measure.id, old=old.id, year=previous_year),
                value=e.measure.id,
                **e.measure.source.where(),
            )


def _renamed(m: Measure, prev: Measure, previous_year: int) -> list[Problem]:
    found = []
    if prev.field != m.field:
        found.append(
            warning(
                Said(
                    "field_changed", id=m.id, field=m.field, year=previous_year, before=prev.field
                ),
                **m.source.where(),
            )
        )
    if prev.title.casefold() != m.title.casefold():
        found.append(
            warning(
                Said(
                    "title_changed", id=m.id, year=previous_year, before=prev.title, title=m.title
                ),
                **m.source.where(),
            )
        )
    return found


def count_by_status(data: YearData, config: Config) -> dict[str, int]:
    counts = dict.fromkeys(config.vocabulary.labels, 0)
    for m in data.answered:
        counts[m.status] += 1
    return counts


def field_order(config: Config, *years: YearData) -> list[str]:
    """Configured Handlungsfelder first, in their order; others as they first appear."""
    order = [f.name for f in config.fields]
    for data in years:
        for m in data.measures:
            if m.field not in order:
                order.append(m.field)
    present = {m.field for data in years for m in data.measures}
    return [name for name in order if name in present]


def count_by_field(data: YearData, config: Config, order: list[str]) -> dict[str, dict[str, int]]:
    table = {name: dict.fromkeys(config.vocabulary.labels, 0) for name in order}
    for m in data.answered:
        table[m.field][m.status] += 1
    return table
