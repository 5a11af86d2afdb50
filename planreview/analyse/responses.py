"""Who has not answered yet: the previous year's measures without a status in the reporting
year, per lead actor (Federführung), and the actors who have answered nothing at all.

The actors are those of the previous year: that is whom the forms (see `forms`) went to.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..read.validate import Measure, YearData
from ..read.vocabulary import normalise_word
from .years import records, year_frame


@dataclass(frozen=True)
class ActorResponse:
    """One lead actor of the previous year and what is still outstanding from it."""

    lead: str  # as written in the previous year; "" for the measures without one (a marker:
    # worded where shown, in the language shown: the text tables' `no_lead`)
    measures: int  # how many measures it led in the previous year
    unanswered: tuple[Measure, ...]  # in the reporting year's files, status cell empty
    missing: tuple[Measure, ...]  # not in the reporting year's files at all (previous record)

    @property
    def outstanding(self) -> int:
        return len(self.unanswered) + len(self.missing)

    @property
    def answered(self) -> int:
        return self.measures - self.outstanding

    @property
    def returned_nothing(self) -> bool:
        """Not one of its measures has a status in the reporting year (form not returned,
        or returned without any status)."""
        return self.measures > 0 and self.answered == 0


@dataclass(frozen=True)
class Responses:
    year: int
    previous_year: int
    actors: tuple[ActorResponse, ...]  # every lead of the previous year, by name

    @property
    def outstanding(self) -> tuple[ActorResponse, ...]:
        return tuple(a for a in self.actors if a.outstanding)

    @property
    def silent(self) -> tuple[ActorResponse, ...]:
        return tuple(a for a in self.actors if a.returned_nothing)

    @property
    def complete(self) -> bool:
        return not self.outstanding

    @property
    def measures(self) -> int:
        return sum(a.measures for a in self.actors)

    def as_dict(self, no_lead: str) -> dict:
        """For the JSON summary; `no_lead` names the measures without a lead in its language."""
        return {
            "year": self.year,
            "previous_year": self.previous_year,
            "complete": self.complete,
            "returned_nothing": [a.lead or no_lead for a in self.silent],
            "outstanding": [
                {
                    "lead": a.lead or no_lead,
                    "measures": a.measures,
                    "unanswered": [m.id for m in a.unanswered],
                    "missing": [m.id for m in a.missing],
                }
                for a in self.outstanding
            ],
        }


def lead_key(lead: str) -> str:
    """Case and runs of spaces do not make another actor."""
    return normalise_word(lead) if lead.strip() else ""


def responses(current: YearData, previous: YearData) -> Responses:
    """responses_of_tables for two years' records (their year tables made here)."""
    return responses_of_tables(
        year_frame(current), year_frame(previous), current.year, previous.year
    )


def responses_of_tables(
    now: pd.DataFrame, then: pd.DataFrame, year: int, previous_year: int
) -> Responses:
    """Per lead of the previous year (by name, measures without lead last): its measures, and
    which of them have no status this year (unanswered) or are not in this year's files.
    `now`, `then`: the two years' tables (years.year_frame, or the long table's rows)."""
    then = then.copy()
    leads = pd.unique(then["lead"])
    keys = dict(zip(leads, map(lead_key, leads), strict=True))  # a few leads, many measures
    then["key"] = then["lead"].map(keys)
    answers = now[["id", "status", "status_written", "order"]]
    table = then.merge(answers, on="id", how="left", suffixes=("", "_now"), indicator="found")
    table["missing"] = table["found"] == "left_only"
    table["unanswered"] = (
        (table["found"] == "both")
        & table["status_now"].isna()
        & (table["status_written_now"] == "")
    )
    names = table.groupby("key", sort=False)["lead"].first().str.strip()
    counts = table.groupby("key", sort=False)[["unanswered", "missing"]].sum()
    counts["measures"] = table.groupby("key", sort=False).size()
    order = sorted(counts.index, key=lambda key: (key == "", key))
    # Only the outstanding measures become records, all of each kind at once (a lookup per
    # actor cost more than the records), then handed to their actors in the table's order;
    # rows looked up by their `order` (a year's ID order), whatever the tables' positions.
    now_rows, then_rows = (t.set_index("order", drop=False) for t in (now, then))
    unanswered, missing = table[table["unanswered"]], table[table["missing"]]
    waiting: dict[str, list[Measure]] = {key: [] for key in order}
    gone: dict[str, list[Measure]] = {key: [] for key in order}
    now_records = records(now_rows.loc[unanswered["order_now"].astype(int)])
    for key, measure in zip(unanswered["key"], now_records, strict=True):
        waiting[key].append(measure)
    for key, measure in zip(missing["key"], records(then_rows.loc[missing["order"]]), strict=True):
        gone[key].append(measure)
    actors = [
        ActorResponse(names[k], int(counts.at[k, "measures"]), tuple(waiting[k]), tuple(gone[k]))
        for k in order
    ]
    return Responses(year, previous_year, tuple(actors))
