"""The columns we understand, the header names accepted for each, and header matching."""

from __future__ import annotations

import re
import unicodedata

# key -> (name used in messages, accepted header names)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "id": (
        "Nr.",
        ("Nr", "Nr.", "Nummer", "ID", "Maßnahmen-Nr.", "Maßnahme Nr", "Lfd. Nr."),
    ),
    "title": ("Maßnahme", ("Maßnahme", "Titel", "Bezeichnung", "Maßnahmentitel")),
    "status": (
        "Status",
        ("Status", "Umsetzungsstand", "Stand der Umsetzung", "Sachstand Status"),
    ),
    "field": ("Handlungsfeld", ("Handlungsfeld", "Themenfeld", "Bereich")),
    "lead": (
        "Federführung",
        ("Federführung", "Zuständigkeit", "Verantwortlich", "federführend"),
    ),
    "partners": ("Beteiligte", ("Beteiligte", "Kooperationspartner", "Partner")),
    "target_group": ("Zielgruppe", ("Zielgruppe",)),
    "start": ("Beginn", ("Beginn", "Start")),
    "end": ("Ende", ("Ende", "Umsetzung bis", "Zeitraum bis", "Frist", "Enddatum")),
    "note": (
        "Sachstand",
        ("Sachstand", "Bemerkung", "Bemerkungen", "Erläuterung", "Sachstand/Bemerkung"),
    ),
    "reason": ("Begründung", ("Begründung",)),
    # the actor's own judgement (grün / gelb / rot), optional: analyse/rating.py
    "rating": ("Ampel", ("Ampel", "Bewertung", "Ampelbewertung", "Einschätzung", "Ampelstatus")),
}
REQUIRED = ("id", "title", "status")


def normalise_header(text: object) -> str:
    """Ignore case, spaces, punctuation and line breaks: "Maßnahmen-\\nNr." -> "massnahmennr"."""
    folded = unicodedata.normalize("NFC", str(text)).casefold()
    return "".join(c for c in folded if c.isalnum())


_LOOKUP = {normalise_header(a): key for key, (_, names) in COLUMNS.items() for a in names}


# "Status 2021", "Bemerkung (2021)": a header with the year it is about at its end.
_TRAILING_YEAR = re.compile(r"^(.*?\D)[\s_-]*[(\[]?((?:19|20)\d\d)[)\]]?\s*$")


def column_key(header: object, year: int | None = None) -> str | None:
    """The column a header names, or None for a column we do not use. With the file's
    `year`, a header ending in that year names its column too ("Sachstand 2021" in a 2021
    file); one ending in another year is not ours (last year's status beside this year's)."""
    key = _LOOKUP.get(normalise_header(header))
    if key or year is None:
        return key
    found = _TRAILING_YEAR.match(str(header).strip())
    if found and int(found.group(2)) == year:
        return _LOOKUP.get(normalise_header(found.group(1)))
    return None
