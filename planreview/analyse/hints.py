"""Hints for the revision (Fortschreibung) of the concept: what it should decide, per
Handlungsfeld, derived from the data by stated rules. Each hint names its rule and why it fired.

Rules and thresholds come from `[revision]` in review.toml (config.Revision):

- stalled: stalled (see compare) in at least `stalled_reviews` reviews -> re-plan or drop
- overdue: planned end before the reporting year, still open -> set a new planned end
- done: "umgesetzt" (a done status below the last one) in at least `done_reviews` reviews in
  a row -> take out of the concept or mark as the last done status ("verstetigt")
- dropped: "entfallen" without Begründung -> name the reason and the replacement
- no_lead: no Federführung (dropped measures aside) -> assign one
- indicator: the indicator moved away from its target from P to Y (by more than
  `indicator_tolerance` per cent of the P value) -> review the measures of its field
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..read.config import Config
from ..read.config_sections import REVISION_RULES
from ..read.values import natural_key
from .compare import Comparison, field_order
from .history import STALLED_REVIEWS
from .indicators import Indicator, Indicators


@dataclass(frozen=True)
class RevisionHint:
    """Data only: which rule fired for which measure (or indicator), and the values that say
    why. The words are chosen when rendering or exporting (report.labels.hint_text)."""

    id: str  # the measure's ID, or the indicator's name
    field: str  # Handlungsfeld
    rule: str  # one of config_sections.REVISION_RULES
    title: str = ""  # the measure's title ("" for an indicator)
    kind: str = "measure"  # "measure" or "indicator"
    values: tuple[tuple[str, object], ...] = ()  # what the text is made of

    def to_json(self, text: str) -> dict:
        return {"id": self.id, "rule": self.rule, "text": text, "field": self.field}


def revision_hints(
    comparison: Comparison, config: Config, indicators: Indicators | None = None
) -> tuple[RevisionHint, ...]:
    """Every hint, ordered by Handlungsfeld (report order), then rule, then ID."""
    revision = config.revision
    vocabulary = config.vocabulary
    done = vocabulary.labels_of("done")
    # "umgesetzt": a done status that can still become the last one ("verstetigt")
    finished = done[:-1] if len(done) > 1 else done
    last_done = done[-1] if len(done) > 1 else None
    table = comparison.table
    kind = table["status"].map({s.label: s.kind for s in vocabulary.statuses})
    rules = {
        "stalled": (
            table["stalled"] & (table["stalled_reviews"] >= revision.stalled_reviews),
            {
                "needed": STALLED_REVIEWS + revision.stalled_reviews - 1,
                "reviews": _Column("reviews"),
            },
        ),
        "overdue": (table["overdue"], {"end_year": _Column("end_year"), "year": comparison.year}),
        "done": (
            table["status"].isin(finished) & (table["reviews"] >= revision.done_reviews),
            {
                "done_reviews": revision.done_reviews,
                "reviews": _Column("reviews"),
                "last": last_done,
            },
        ),
        "dropped": ((kind == "dropped") & (table["reason"] == ""), {}),
        "no_lead": ((kind != "dropped") & (table["lead"] == ""), {}),
    }
    hints: list[RevisionHint] = []
    for rule, (fired, extra) in rules.items():
        if rule in revision.rules:
            needed = [*HINT_COLUMNS, *(v.name for v in extra.values() if isinstance(v, _Column))]
            hints += _measure_hints(rule, table.loc[fired.astype(bool), needed], extra)
    if "indicator" in revision.rules and indicators is not None:
        hints += [
            _indicator_hint(i) for i in indicators if _moves_away(i, revision.indicator_tolerance)
        ]
    order = field_order(config, comparison.table, comparison.before)
    for hint in hints:
        if hint.field not in order:
            order.append(hint.field)
    rank = {name: n for n, name in enumerate(order)}
    rule_rank = {rule: n for n, rule in enumerate(REVISION_RULES)}
    hints.sort(key=lambda h: (rank[h.field], rule_rank[h.rule], h.kind, natural_key(h.id)))
    return tuple(hints)


HINT_COLUMNS = ("id", "field", "title", "status", "since", "since_start")


@dataclass(frozen=True)
class _Column:
    """A hint value taken from the measure's row."""

    name: str


def _measure_hints(rule: str, fired: pd.DataFrame, extra: dict) -> list[RevisionHint]:
    """One hint per row of `fired`; `extra` values naming a column are taken from the row."""
    found = []
    for row in fired.to_dict("records"):  # only the measures the rule fired for
        values = {"status": row["status"]}
        values |= {
            k: _plain(row[v.name]) if isinstance(v, _Column) else v for k, v in extra.items()
        }
        if not pd.isna(row["since"]):
            values |= {"since": int(row["since"]), "since_start": bool(row["since_start"])}
        found.append(
            RevisionHint(row["id"], row["field"], rule, row["title"], values=tuple(values.items()))
        )
    return found


def _plain(value):
    """A table cell as a plain Python value (numpy and pandas scalars are not)."""
    return None if pd.isna(value) else value.item() if hasattr(value, "item") else value


def _moves_away(indicator: Indicator, tolerance: float) -> bool:
    if indicator.direction != "away":
        return False
    if not tolerance or not indicator.before:
        return True
    return abs(indicator.change) / abs(indicator.before) * 100 > tolerance


def _indicator_hint(i: Indicator) -> RevisionHint:
    values = {
        "name": i.name, "area": i.area, "unit": i.unit, "decimals": i.decimals,
        "before": i.before, "now": i.now, "target": i.target, "target_year": i.target_year,
        "year": i.year, "previous": i.previous_year,
    }  # fmt: skip
    return RevisionHint(i.name, i.field, "indicator", "", "indicator", tuple(values.items()))
