"""The [collection] and [revision] tables of review.toml (read/config.py reads the rest)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..problems import Said, error


@dataclass(frozen=True)
class Collection:
    """[collection]: shown on the forms sent to the actors (`review.py forms`)."""

    deadline: str = ""  # e.g. "15.01.2022"; a TOML date is written as 15.01.2022
    contact: str = ""  # who answers questions, e.g. "Integrationsbüro, Tel. 05331 86-0"


# Rules for the hints on the revision (Fortschreibung), in report order; see hints.py.
REVISION_RULES = ("stalled", "overdue", "done", "dropped", "no_lead", "indicator")


@dataclass(frozen=True)
class Revision:
    """[revision]: which hint rules apply, and their thresholds."""

    rules: tuple[str, ...] = REVISION_RULES
    stalled_reviews: int = 2  # stalled (see compare) in at least this many reviews
    done_reviews: int = 2  # umgesetzt in at least this many reviews in a row
    indicator_tolerance: float = 0.0  # per cent of the P value; smaller moves are ignored


def collection_of(table, problems, where) -> Collection:
    """[collection] deadline and contact: text; a TOML date is written the German way."""
    values = {}
    for key in ("deadline", "contact"):
        if key in table:
            value = table[key]
            values[key] = (
                value.strftime("%d.%m.%Y")
                if isinstance(value, dt.date)
                else text_of(value, f"collection.{key}", problems, where)
            )
    for key in table:
        if key not in ("deadline", "contact"):
            problems.append(
                error(
                    Said("config_unknown_key_in", name=f"collection.{key}"),
                    accepted="deadline, contact",
                    **where,
                )
            )
    return Collection(**values)


def revision_of(table: dict, problems, where) -> Revision:
    values = {}
    rules = table.get("rules", list(REVISION_RULES))
    if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
        problems.append(error(Said("config_rules_not_a_list"), **where))
    else:
        unknown = [r for r in rules if r not in REVISION_RULES]
        if unknown:
            problems.append(
                error(
                    Said("config_unknown_rule", rules=tuple(unknown)),
                    accepted=", ".join(REVISION_RULES),
                    **where,
                )
            )
        values["rules"] = tuple(r for r in REVISION_RULES if r in rules)
    for key in ("stalled_reviews", "done_reviews"):
        if key in table:
            value = table[key]
            if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
                values[key] = value
            else:
                problems.append(
                    error(
                        Said("config_whole_number_from_1", name=f"revision.{key}"),
                        value=str(value),
                        **where,
                    )
                )
    if "indicator_tolerance" in table:
        value = table["indicator_tolerance"]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
            values["indicator_tolerance"] = float(value)
        else:
            problems.append(
                error(
                    Said("config_indicator_tolerance"),
                    value=str(value),
                    **where,
                )
            )
    known = {"rules", "stalled_reviews", "done_reviews", "indicator_tolerance"}
    for key in table:
        if key not in known:
            problems.append(
                error(
                    Said("config_unknown_key_in", name=f"revision.{key}"),
                    accepted=", ".join(sorted(known)),
                    **where,
                )
            )
    return Revision(**values)


def text_of(value, name, problems, where) -> str:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return str(value)
    problems.append(error(Said("config_not_a_text", name=name), value=str(value), **where))
    return ""
