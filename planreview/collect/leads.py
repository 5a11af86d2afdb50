"""Measures per lead actor (Federführung): whom each form goes to."""

from __future__ import annotations

from ..analyse.responses import lead_key
from ..read.validate import Measure
from ..read.values import natural_key


def group_by_lead(measures) -> list[tuple[str, list[Measure]]]:
    """Measures per lead actor (first spelling wins), by name; measures without lead last,
    named "" (worded where shown)."""
    groups: dict[str, tuple[str, list[Measure]]] = {}
    for m in measures:
        key = lead_key(m.lead)
        groups.setdefault(key, (m.lead.strip(), []))[1].append(m)
    ordered = sorted(groups.items(), key=lambda item: (item[0] == "", item[0]))
    return [(name, sorted(ms, key=lambda m: natural_key(m.id))) for _, (name, ms) in ordered]
