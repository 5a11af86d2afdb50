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

from .compare import Comparison, Entry, field_order
from .config import REVISION_RULES, Config
from .history import STALLED_REVIEWS
from .indicators import Indicator, Indicators
from .problems import quote
from .values import natural_key

RULE_NAMES = {
    "stalled": "Stillstand",
    "overdue": "Überfällig",
    "done": "Lange umgesetzt",
    "dropped": "Entfallen ohne Begründung",
    "no_lead": "Ohne Federführung",
    "indicator": "Indikator entfernt sich vom Ziel",
}
assert set(RULE_NAMES) == set(REVISION_RULES)


@dataclass(frozen=True)
class RevisionHint:
    id: str  # the measure's ID, or the indicator's name
    field: str  # Handlungsfeld
    rule: str  # one of config.REVISION_RULES
    text: str  # German: which rule fired, why, and what the revision should decide
    title: str = ""  # the measure's title ("" for an indicator)
    kind: str = "measure"  # "measure" or "indicator"

    @property
    def rule_name(self) -> str:
        """The rule's German name, e.g. „Stillstand“."""
        return RULE_NAMES[self.rule]

    def to_json(self) -> dict:
        return {"id": self.id, "rule": self.rule, "text": self.text, "field": self.field}


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
    year = comparison.year
    hints: list[RevisionHint] = []
    for e in comparison.entries:
        m = e.measure
        status = m.status
        kind = vocabulary.kind(status) if status else None
        path = e.path

        def add(rule: str, text: str, m=m) -> None:
            hints.append(RevisionHint(m.id, m.field, rule, text, m.title))

        label = f"Maßnahme {m.id} {quote(m.title)}"
        if (
            "stalled" in revision.rules
            and e.stalled
            and path.stalled_reviews >= revision.stalled_reviews
        ):
            needed = STALLED_REVIEWS + revision.stalled_reviews - 1
            add(
                "stalled",
                f"Regel „{RULE_NAMES['stalled']}“ (ab {needed} Berichtsjahren in Folge mit "
                f"demselben offenen Stand): {label} steht {_since(e)} auf „{status}“ "
                f"({path.reviews} Berichtsjahre in Folge). Die Fortschreibung sollte sie neu "
                "planen oder streichen.",
            )
        if "overdue" in revision.rules and e.overdue:
            add(
                "overdue",
                f"Regel „{RULE_NAMES['overdue']}“ (geplantes Ende vor dem Berichtsjahr, noch "
                f"nicht umgesetzt): {label} sollte {m.end_year} enden, steht {year} aber auf "
                f"„{status}“. Die Fortschreibung sollte ein neues geplantes Ende festlegen.",
            )
        if (
            "done" in revision.rules
            and status in finished
            and path is not None
            and path.reviews >= revision.done_reviews
        ):
            action = "aus dem Konzept nehmen" + (
                f" oder als „{last_done}“ kennzeichnen" if last_done else ""
            )
            add(
                "done",
                f"Regel „{RULE_NAMES['done']}“ (ab {revision.done_reviews} Berichtsjahren in "
                f"Folge „{status}“): {label} ist {_since(e)} „{status}“ ({path.reviews} "
                f"Berichtsjahre in Folge). Die Fortschreibung sollte sie {action}.",
            )
        if "dropped" in revision.rules and kind == "dropped" and not m.reason:
            add(
                "dropped",
                f"Regel „{RULE_NAMES['dropped']}“: {label} ist „{status}“, aber ohne "
                "Begründung. Die Fortschreibung sollte den Grund nennen und die Maßnahme, die an "
                "ihre Stelle tritt (oder festhalten, dass es keinen Ersatz braucht).",
            )
        if "no_lead" in revision.rules and kind != "dropped" and not m.lead:
            add(
                "no_lead",
                f"Regel „{RULE_NAMES['no_lead']}“: Für {label} ist keine Federführung "
                "eingetragen. Die Fortschreibung sollte eine Federführung bestimmen.",
            )
    if "indicator" in revision.rules and indicators is not None:
        for indicator in indicators:
            if _moves_away(indicator, revision.indicator_tolerance):
                hints.append(_indicator_hint(indicator))
    order = field_order(config, comparison.current, comparison.previous)
    for hint in hints:
        if hint.field not in order:
            order.append(hint.field)
    rank = {name: n for n, name in enumerate(order)}
    rules = {rule: n for n, rule in enumerate(REVISION_RULES)}
    hints.sort(key=lambda h: (rank[h.field], rules[h.rule], h.kind, natural_key(h.id)))
    return tuple(hints)


def _since(e: Entry) -> str:
    since = e.path.since
    return f"seit mindestens {since}" if e.path.since_start else f"seit {since}"


def _moves_away(indicator: Indicator, tolerance: float) -> bool:
    if indicator.direction != "away":
        return False
    if not tolerance or not indicator.before:
        return True
    return abs(indicator.change) / abs(indicator.before) * 100 > tolerance


def _indicator_hint(i: Indicator) -> RevisionHint:
    unit = f" {i.unit}" if i.unit else ""
    target = f"{i.format(i.target)}{unit}" + (f" bis {i.target_year}" if i.target_year else "")
    area = f" ({i.area})" if i.area else ""
    text = (
        f"Regel „{RULE_NAMES['indicator']}“ (Wert {i.year} weiter vom Zielwert entfernt als "
        f"{i.previous_year}): {quote(i.name)}{area} lag {i.previous_year} bei "
        f"{i.format(i.before)}{unit} und {i.year} bei {i.format(i.now)}{unit}; Zielwert "
        f"{target}. Die Fortschreibung sollte die Maßnahmen im Handlungsfeld "
        f"{quote(i.field)} überprüfen."
    )
    return RevisionHint(i.name, i.field, "indicator", text, "", "indicator")
