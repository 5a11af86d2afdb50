"""What the committee reads first, worked out from the analysis: the measures that need
attention (named, each once, with why), the indicator headlines, and indicators' changes and
distances in words that cannot be misread. Plain text and numbers only; markup is the
templates' business."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..analyse.indicators import Indicator
from ..read.values import OPEN_ENDED
from .labels import Labels
from .records import Entry

# Why a measure needs attention, in the order the "Auf einen Blick" page names them.
ATTENTION = ("regressed", "dropped", "overdue", "postponed", "stalled")
GLANCE_ITEMS = 12  # measures named on the page; the rest are "weitere … ab Seite n"
PERCENT_UNITS = ("%", "prozent", "percent", "in %")


@dataclass(frozen=True)
class Attention:
    entry: Entry
    reasons: tuple[str, ...]  # keys of ATTENTION that apply


def attention(entries: tuple[Entry, ...]) -> list[Attention]:
    """Every measure that is regressed, dropped, overdue, postponed or stalled, once each,
    ordered by the first reason that applies (then by number)."""
    found = []
    for e in entries:
        reasons = tuple(
            key for key in ATTENTION if (getattr(e, key) if key in ("overdue", "stalled")
                                         else e.change == key)
        )  # fmt: skip
        if reasons:
            found.append(Attention(e, reasons))
    return sorted(found, key=lambda a: ATTENTION.index(a.reasons[0]))


def is_rate(indicator: Indicator) -> bool:
    """A share or rate: its change is told in Prozentpunkte, never in per cent of itself."""
    return indicator.unit.strip().casefold() in PERCENT_UNITS


Number = Callable[..., str]  # (value, decimals, sign) -> text in the report's language


def _as_is(unit: str) -> str:
    return unit


def change_text(i: Indicator, t: Labels, number: Number, mark: Callable = _as_is) -> str:
    """ "+1,3 Prozentpunkte" for a rate; "+12 Personen (+9,4 %)" for counts and amounts.
    `mark` wraps the unit, data from the spreadsheet (the report marks it German)."""
    if i.change is None:
        return "–"
    value = number(i.change, i.decimals, True)
    if is_rate(i):
        return t("points", value=value)
    text = t("with_unit", value=value, unit=mark(i.unit)) if i.unit else value
    if i.change_percent is not None and i.change:
        text += " " + t("relative", value=number(i.change_percent, 1, True))
    return text


def distance_text(i: Indicator, t: Labels, number: Number, mark: Callable = _as_is) -> str:
    """ "noch 3,2 Prozentpunkte über dem Ziel; Abstand gewachsen", "Ziel erreicht"; "" without
    target or value."""
    if i.target is None or i.now is None:
        return ""
    if i.reached:
        return t("target_reached")
    gap = abs(i.target - i.now)
    amount = number(gap, i.decimals, False)
    if is_rate(i):
        amount = t("points", value=amount)
    elif i.unit:
        amount = t("with_unit", value=amount, unit=mark(i.unit))
    text = t("below_target" if i.now < i.target else "above_target", value=amount)
    if i.before is not None:
        before = abs(i.target - i.before)
        grown = "gap_grown" if gap > before else "gap_shrunk" if gap < before else "gap_same"
        text += "; " + t(grown)
    return text


def headlines(indicators) -> dict[str, Indicator | None]:
    """The indicator that closed the largest part of its distance to target from P to Y, and
    the one whose distance grew most (each part of its P distance); None if there is none."""
    moves = []
    for i in indicators:
        if i.target is None or i.now is None or i.before is None or i.before == i.target:
            continue
        before, now = abs(i.target - i.before), abs(i.target - i.now)
        moves.append(((before - now) / before, i))
    towards = max((m for m in moves if m[0] > 0), key=lambda m: m[0], default=None)
    away = min((m for m in moves if m[0] < 0), key=lambda m: m[0], default=None)
    return {"towards": towards[1] if towards else None, "away": away[1] if away else None}


def end_text(end: str, t: Labels) -> str:
    """A planned end as written; an open-ended one ("fortlaufend", "dauerhaft") in the
    report's words."""
    return t("open_ended") if end.strip().casefold() in OPEN_ENDED else end
