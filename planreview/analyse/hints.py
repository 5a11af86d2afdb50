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

from dataclasses import dataclass, replace

from ..problems import shorten
from ..read.config import REVISION_RULES, Config
from ..read.values import natural_key
from ..report.labels import Labels, load_labels
from ..resources import default_templates
from .compare import Comparison, Entry, field_order
from .history import STALLED_REVIEWS
from .indicators import Indicator, Indicators, format_number

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
    values: tuple[tuple[str, object], ...] = ()  # what the text is made of (see hint_text)

    @property
    def rule_name(self) -> str:
        """The rule's German name, e.g. „Stillstand“."""
        return RULE_NAMES[self.rule]

    def to_json(self) -> dict:
        return {"id": self.id, "rule": self.rule, "text": self.text, "field": self.field}


def hint_text(hint: RevisionHint, labels: Labels, number=format_number) -> str:
    """The hint in the language of `labels` (templates/labels.toml, keys hint_*)."""
    v = dict(hint.values)
    words = {"rule": labels(f"rule_{hint.rule}")}
    if hint.kind == "indicator":
        unit = f" {v['unit']}" if v["unit"] else ""
        target = number(v["target"], v["decimals"]) + unit
        if v["target_year"]:
            target += " " + labels("by_year", year=v["target_year"])
        words |= {
            "name": shorten(v["name"]),
            "area": f" ({labels.area(v['area'])})" if v["area"] else "",
            "before": number(v["before"], v["decimals"]) + unit,
            "now": number(v["now"], v["decimals"]) + unit,
            "target": target,
            "field": shorten(hint.field),
            "year": v["year"],
            "previous": v["previous"],
        }
        return labels("hint_indicator", **words)
    words["measure"] = labels("hint_measure", id=hint.id, title=shorten(hint.title))
    if v.get("status"):
        words["status"] = labels.status(v["status"])
    if v.get("since"):
        key = "since_at_least" if v["since_start"] else "since"
        words["since"] = labels(key, year=v["since"])
    if hint.rule == "done":
        last = v.get("last")
        words["action"] = (
            labels("hint_done_action_last", last=labels.status(last))
            if last
            else labels("hint_done_action")
        )
    other = {k: x for k, x in v.items() if k not in words and k not in ("since_start", "last")}
    return labels(f"hint_{hint.rule}", **words, **other)


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
    german = load_labels(default_templates(), "de")

    def add(rule: str, e: Entry, **values) -> None:
        m = e.measure
        values = {"status": m.status, **values}
        if e.path is not None and e.path.since is not None:
            values |= {"since": e.path.since, "since_start": e.path.since_start}
        hint = RevisionHint(m.id, m.field, rule, "", m.title, values=tuple(values.items()))
        hints.append(replace(hint, text=hint_text(hint, german)))

    for e in comparison.entries:
        m = e.measure
        status = m.status
        kind = vocabulary.kind(status) if status else None
        path = e.path
        if (
            "stalled" in revision.rules
            and e.stalled
            and path.stalled_reviews >= revision.stalled_reviews
        ):
            needed = STALLED_REVIEWS + revision.stalled_reviews - 1
            add("stalled", e, needed=needed, reviews=path.reviews)
        if "overdue" in revision.rules and e.overdue:
            add("overdue", e, end_year=m.end_year, year=year)
        if (
            "done" in revision.rules
            and status in finished
            and path is not None
            and path.reviews >= revision.done_reviews
        ):
            add("done", e, done_reviews=revision.done_reviews, reviews=path.reviews,
                last=last_done)  # fmt: skip
        if "dropped" in revision.rules and kind == "dropped" and not m.reason:
            add("dropped", e)
        if "no_lead" in revision.rules and kind != "dropped" and not m.lead:
            add("no_lead", e)
    if "indicator" in revision.rules and indicators is not None:
        for indicator in indicators:
            if _moves_away(indicator, revision.indicator_tolerance):
                hint = _indicator_hint(indicator)
                hints.append(replace(hint, text=hint_text(hint, german)))
    order = field_order(config, comparison.current, comparison.previous)
    for hint in hints:
        if hint.field not in order:
            order.append(hint.field)
    rank = {name: n for n, name in enumerate(order)}
    rules = {rule: n for n, rule in enumerate(REVISION_RULES)}
    hints.sort(key=lambda h: (rank[h.field], rules[h.rule], h.kind, natural_key(h.id)))
    return tuple(hints)


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
    return RevisionHint(i.name, i.field, "indicator", "", "", "indicator", tuple(values.items()))
