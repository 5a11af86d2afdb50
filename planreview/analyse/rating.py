"""The Ampel of a Handlungsfeld: "im Plan" / "beobachten" / "Handlungsbedarf", by stated rules.

A measure needs attention when it is overdue, regressed, dropped, postponed or stalled (or,
with `own_red_counts`, when its actor rated it "rot" in the optional Ampel column). A field
is "Handlungsbedarf" (red) when at least `red_percent` per cent of its measures need
attention, "beobachten" (amber) when at least `amber_measures` do, else "im Plan" (green).
Thresholds: `[rating]` in the configuration (config.Rating). Never shown by colour alone: the
report prints the level's word and symbol.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..problems import Problem, Said, warning
from ..read.config import Rating
from ..read.validate import YearData
from ..read.vocabulary import normalise_word
from .compare import Comparison, Entry

LEVELS = ("green", "amber", "red")
# The words accepted in the Ampel column (compared without case, spaces and accents).
OWN_WORDS = {
    "green": ("grün", "gruen", "green", "g", "im plan", "planmäßig"),
    "amber": ("gelb", "yellow", "amber", "orange", "y", "beobachten", "verzögert"),
    "red": ("rot", "red", "r", "handlungsbedarf", "kritisch", "gefährdet"),
}
_OWN = {normalise_word(w): level for level, words in OWN_WORDS.items() for w in words}
ATTENTION_CHANGES = ("regressed", "dropped", "postponed")


def own_rating(text: str) -> str | None:
    """ "grün" -> "green" etc.; None for an empty cell or a word not understood."""
    return _OWN.get(normalise_word(text)) if text.strip() else None


def needs_attention(entry: Entry, rating: Rating) -> bool:
    return (
        entry.overdue
        or entry.stalled
        or entry.change in ATTENTION_CHANGES
        or (rating.own_red_counts and own_rating(entry.measure.rating) == "red")
    )


@dataclass(frozen=True)
class FieldRating:
    field: str
    measures: int
    attention: int  # measures needing attention (each counted once)
    level: str  # one of LEVELS
    own: dict[str, int]  # the actors' own Ampel: level -> measures (levels given only)


def rate_field(field: str, entries: list[Entry], rating: Rating) -> FieldRating:
    attention = sum(needs_attention(e, rating) for e in entries)
    if entries and attention * 100 >= rating.red_percent * len(entries):
        level = "red"
    elif attention >= rating.amber_measures:
        level = "amber"
    else:
        level = "green"
    own = {lvl: 0 for lvl in LEVELS}
    for e in entries:
        said = own_rating(e.measure.rating)
        if said:
            own[said] += 1
    return FieldRating(field, len(entries), attention, level, own)


def rate_fields(comparison: Comparison, order: list[str], rating: Rating) -> list[FieldRating]:
    """One rating per Handlungsfeld of the reporting year, in report order."""
    by_field: dict[str, list[Entry]] = {name: [] for name in order}
    for e in comparison.entries:
        by_field.setdefault(e.measure.field, []).append(e)
    return [rate_field(name, by_field[name], rating) for name in order if by_field[name]]


def rating_problems(data: YearData) -> list[Problem]:
    """An Ampel word not understood: a warning naming the cell and the words accepted."""
    return [
        warning(
            Said("rating_unknown", value=m.rating, id=m.id),
            value=m.rating,
            column="Ampel",
            **m.source.where(),
        )  # fmt: skip
        for m in data.measures
        if m.rating.strip() and own_rating(m.rating) is None
    ]
