"""Status words: canonical labels, their aliases, the phase order and fuzzy suggestions."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from functools import cached_property

# What a status means for the comparison. "open" and "done" form the ordered phase.
KINDS = ("open", "done", "postponed", "dropped")


@dataclass(frozen=True)
class Status:
    label: str
    kind: str
    aliases: tuple[str, ...] = ()
    colour: str = "#888888"
    symbol: str = ""


DEFAULT_STATUSES = (
    Status("nicht begonnen", "open", ("geplant", "noch nicht begonnen", "offen"), "#b8b8b8", "○"),
    Status("in Vorbereitung", "open", ("in Planung", "vorbereitet"), "#f2c14e", "◔"),
    Status(
        "in Umsetzung",
        "open",
        ("begonnen", "laufend", "in Bearbeitung", "in der Bearbeitung", "in Arbeit"),
        "#5b9bd5",
        "◑",
    ),
    Status("umgesetzt", "done", ("abgeschlossen", "erledigt", "erfüllt"), "#4c9a5b", "●"),
    Status(
        "verstetigt",
        "done",
        (
            "Daueraufgabe",
            "dauerhaft",
            "fortlaufend",
            "in den Regelbetrieb überführt",
            "in das laufende Geschäft übergegangen",
        ),
        "#2e6b3a",
        "◆",
    ),
    Status("zurückgestellt", "postponed", ("pausiert", "ruhend"), "#c27c2c", "‖"),
    Status("entfallen", "dropped", ("gestrichen", "nicht weiter verfolgt"), "#8c3b3b", "✕"),
)


def normalise_word(text: str) -> str:
    """Case and surrounding/inner runs of spaces do not matter for status words."""
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


@dataclass(frozen=True)
class Vocabulary:
    statuses: tuple[Status, ...] = DEFAULT_STATUSES

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(s.label for s in self.statuses)

    @property
    def phase(self) -> tuple[str, ...]:
        """The ordered phase, lowest first (open and done statuses in configured order)."""
        return tuple(s.label for s in self.statuses if s.kind in ("open", "done"))

    def rank(self, label: str) -> int | None:
        return self.phase.index(label) if label in self.phase else None

    def kind(self, label: str) -> str:
        return self.by_label[label].kind

    def labels_of(self, *kinds: str) -> tuple[str, ...]:
        return tuple(s.label for s in self.statuses if s.kind in kinds)

    @property
    def by_label(self) -> dict[str, Status]:
        return {s.label: s for s in self.statuses}

    @cached_property  # match runs for every distinct status word of every table
    def _lookup(self) -> dict[str, str]:
        table = {}
        for s in self.statuses:
            for word in (s.label, *s.aliases):
                table[normalise_word(word)] = s.label
        return table

    def match(self, text: str) -> str | None:
        """The canonical label for a status word as written, or None if unknown."""
        return self._lookup.get(normalise_word(text))

    def suggest(self, text: str) -> str | None:
        """The canonical label closest to an unknown word, if one is close enough."""
        lookup = self._lookup
        close = difflib.get_close_matches(normalise_word(text), list(lookup), n=1, cutoff=0.75)
        return lookup[close[0]] if close else None
