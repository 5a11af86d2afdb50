"""The columns we understand, the header names accepted for each, and header matching."""

from __future__ import annotations

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


def column_key(header: object) -> str | None:
    """The column a header names, or None for a column we do not use."""
    return _LOOKUP.get(normalise_header(header))
