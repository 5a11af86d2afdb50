"""German lines of `check` about the collection round: who still owes an answer, and for
which measures (the analysis gives the figures, analyse/responses.py)."""

from __future__ import annotations

from .analyse.responses import Responses


def describe(result: Responses) -> list[str]:
    """German lines for `check`: who still owes an answer, and for which measures."""
    year, previous = result.year, result.previous_year
    actors = len(result.actors)
    if result.complete:
        return [
            f"Rückmeldungen {year}: zu allen {_n(result.measures, 'Maßnahme', 'Maßnahmen')} "
            f"aus {previous} liegt ein Status vor ({_n(actors, 'Federführung', 'Federführungen')})."
        ]
    outstanding = sum(a.outstanding for a in result.actors)
    lines = [
        f"Rückmeldungen {year}: {outstanding} von {_n(result.measures, 'Maßnahme', 'Maßnahmen')} "
        f"aus {previous} noch ohne Status {year}; vollständig: {actors - len(result.outstanding)} "
        f"von {_n(actors, 'Federführung', 'Federführungen')}."
    ]
    if result.silent:
        lines.append(
            "  Nichts zurückgemeldet: "
            + ", ".join(
                f"{a.lead} ({_n(a.measures, 'Maßnahme', 'Maßnahmen')})" for a in result.silent
            )
        )
    for a in result.outstanding:
        lines.append(f"  {a.lead} ({a.outstanding} von {a.measures} offen):")
        if a.unanswered:
            lines.append("    ohne Status: " + _list(a.unanswered))
        if a.missing:
            lines.append(f"    nicht in den Dateien für {year}: " + _list(a.missing))
    return lines


def _list(measures) -> str:
    return ", ".join(f"{m.id} {m.title}" for m in measures)


def _n(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
