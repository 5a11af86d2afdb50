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

import pandas as pd

from ..problems import Problem, Said, warning
from ..read.columns import COLUMNS
from ..read.config import Rating
from ..read.vocabulary import normalise_word
from .compare import Comparison

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


def own_levels(ratings: pd.Series) -> pd.Series:
    """own_rating of every cell of an Ampel column, looked up once per distinct word."""
    levels = {word: own_rating(word) for word in ratings.unique().tolist()}
    return ratings.map(levels)  # one hash lookup per cell, no Python call


def needs_attention(table: pd.DataFrame, rating: Rating, own: pd.Series) -> pd.Series:
    """Per measure of the comparison table: overdue, stalled, regressed, dropped, postponed,
    or (with own_red_counts) rated "rot" by its actor (`own`: own_levels of its Ampel)."""
    return (
        table["overdue"].astype(bool)
        | table["stalled"].astype(bool)
        | table["change"].isin(ATTENTION_CHANGES)
        | ((own == "red") & rating.own_red_counts)
    )


@dataclass(frozen=True)
class FieldRating:
    field: str
    measures: int
    attention: int  # measures needing attention (each counted once)
    level: str  # one of LEVELS
    own: dict[str, int]  # the actors' own Ampel: level -> measures (levels given only)


def rate_fields(comparison: Comparison, order: list[str], rating: Rating) -> list[FieldRating]:
    """One rating per Handlungsfeld of the reporting year, in report order."""
    return rate_table(comparison.table, order, rating)


def rate_table(table: pd.DataFrame, order: list[str], rating: Rating) -> list[FieldRating]:
    """The ratings of a comparison table (columns field, change, stalled, overdue, rating)."""
    own = own_levels(table["rating"])
    per_field = pd.DataFrame(
        {"field": table["field"], "attention": needs_attention(table, rating, own), "own": own}
    )
    counts = per_field.groupby("field", sort=False).agg(
        measures=("attention", "size"), attention=("attention", "sum")
    )
    own = pd.crosstab(per_field["field"], per_field["own"]).reindex(columns=list(LEVELS))
    own = own.fillna(0).astype(int)
    red = counts["attention"] * 100 >= rating.red_percent * counts["measures"]
    amber = counts["attention"] >= rating.amber_measures
    counts["level"] = red.map({True: "red"}).fillna(amber.map({True: "amber", False: "green"}))
    present = [name for name in order if name in counts.index]
    present += [name for name in counts.index if name not in present]
    return [
        FieldRating(
            name,
            int(counts.at[name, "measures"]),
            int(counts.at[name, "attention"]),
            str(counts.at[name, "level"]),
            {lvl: int(own.at[name, lvl]) if name in own.index else 0 for lvl in LEVELS},
        )
        for name in present
    ]


def rating_problems(table: pd.DataFrame, year: int) -> list[Problem]:
    """An Ampel word not understood in the year's rows of the long table: a warning naming
    the cell and the words accepted. Each distinct word is looked up once; only the rows of
    the words not understood become warnings, in ID order."""
    rows = table[table["year"] == year]
    unknown = [w for w in rows["rating"].unique().tolist() if w.strip() and own_rating(w) is None]
    if not unknown:
        return []
    return [
        warning(
            Said("rating_unknown", value=r.rating, id=r.id),
            value=r.rating,
            column=COLUMNS["rating"][0],  # the long table keeps no header as written
            file=r.file,
            sheet=r.sheet,
            row=r.row,
        )
        for r in rows[rows["rating"].isin(unknown)].itertuples(index=False)
    ]
