"""Handlungsfeld cells -> the configured field's name ("3", "3 Wohnen", "Wohnen"); shared by
the readers of measures and of indicators."""

from __future__ import annotations

import functools

from ..problems import Said, warning
from .columns import normalise_header
from .config import Field

NO_FIELD = "ohne Handlungsfeld"


def prefix_disagrees(measure_id, field, config_fields, where):
    """A Handlungsfeld taken from the row above while the Nr. names another field ("3.9"
    under field 9): the value above counts, as documented, but the clerk should look."""
    prefix = measure_id.split(".")[0].strip()
    own = next((f for f in config_fields if f.code == prefix), None)
    if own is not None and own.name != field:
        yield warning(
            Said(
                "field_filled_down_mismatch",
                id=measure_id,
                field=field,
                code=own.code,
                own=own.name,
            ),
            value=measure_id,
            **where,
        )


def resolve_field(
    text, measure_id, config_fields: tuple[Field, ...], header, where, problems, known=None
):
    """The Handlungsfeld's configured name for a cell ("3", "3 Wohnen", "Wohnen"), or the
    text as written; without a cell, the field whose code prefixes the ID ("3.2" -> 3).
    `known` (a dict, per table) remembers what each cell text resolved to."""
    if not config_fields:
        return text or NO_FIELD
    if not text:
        prefix = measure_id.split(".")[0].strip()
        for f in config_fields:
            if f.code == prefix:
                return f.name
        return NO_FIELD
    if known is None:
        found = _configured_field(text, config_fields)
    elif text in known:
        found = known[text]
    else:
        found = known[text] = _configured_field(text, config_fields)
    if found is not None:
        return found
    problems.append(
        warning(
            Said("unknown_field", field=text),
            column=header,
            value=text,
            accepted=", ".join(f"{f.code} {f.name}" for f in config_fields),
            **where,
        )
    )
    return text


def _configured_field(text: str, config_fields: tuple[Field, ...]) -> str | None:
    """The configured field a cell names, None if none."""
    wanted = normalise_header(text)
    for code, name, f in _normalised_fields(config_fields):
        if wanted in (name, code) or (wanted.startswith(code) and wanted[len(code) :] == name):
            return f.name
    return None


@functools.lru_cache(maxsize=64)
def _normalised_fields(config_fields: tuple[Field, ...]) -> tuple[tuple[str, str, Field], ...]:
    return tuple((normalise_header(f.code), normalise_header(f.name), f) for f in config_fields)
