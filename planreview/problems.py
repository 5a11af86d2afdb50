"""Problems found in the inputs, as data: collected, then reported together.

Every text the user reads (errors, warnings, notes, skip reasons, and the console's and the
workbench's own texts) comes from the message catalog (messages.toml) as a `Said`: it reads as
its German text and can be said in another language. The report's words are in labels.toml.
"""

from __future__ import annotations

import functools
import string
import tomllib
from dataclasses import dataclass
from enum import StrEnum

from .resources import package_path


@functools.cache
def catalog() -> dict:
    """The message catalog (messages.toml), read on first use, never at import."""
    return tomllib.loads(package_path("messages.toml").read_text(encoding="utf-8"))


QUOTES = {"de": ("„", "“"), "en": ("“", "”")}


class Said(str):
    """A catalog message with its values. It reads (prints, compares) as its German text;
    `in_language("en")` says the same in English. Values may be Said texts themselves, lists
    (`{x!q}` quotes each), or objects with `describe(language)` (a Source)."""

    key: str
    values: dict

    def __new__(cls, key: str, /, **values) -> Said:
        self = super().__new__(cls, _format(key, values, "de"))
        self.key, self.values = key, values
        return self

    def in_language(self, language: str) -> str:
        return str(self) if language == "de" else _format(self.key, self.values, language)

    def __reduce__(self):  # pickled across the reading processes with its key and values
        return (_said, (self.key, self.values))


def _said(key: str, values: dict) -> Said:
    return Said(key, **values)


@dataclass(frozen=True)
class Joined:
    """Texts said one after another inside a message, each in the message's language:
    Joined(names, Said("and"), quoted=True) -> „Nr.“ und „Status“ / “Nr.” and “Status”;
    Joined(names, last=Said("and")) -> A, B und C / A, B and C."""

    items: tuple
    separator: str = ", "  # or a Said (" und " / " and ")
    quoted: bool = False
    last: str | None = None  # the separator before the last item, if another (a Said)
    sentence: bool = False  # the list begins a sentence: its first letter upper case

    def describe(self, language: str = "de") -> str:
        items = [said_in(i, language) for i in self.items]
        if self.quoted:
            items = [quote(i, language) for i in items]
        separator = said_in(self.separator, language)
        if self.last is not None and len(items) > 1:
            text = separator.join(items[:-1]) + said_in(self.last, language) + items[-1]
        else:
            text = separator.join(items)
        return text[:1].upper() + text[1:] if self.sentence else text


def counted(n: int, key: str) -> Said:
    """A number with its noun: counted(1, "measures") -> "1 Maßnahme", 2 -> "2 Maßnahmen"
    (the catalog's `<key>_one` and `<key>_many`)."""
    return Said(f"{key}_one" if n == 1 else f"{key}_many", n=n)


def said_in(text: str, language: str) -> str:
    """Any message text in `language`: catalog texts translated, others as they are."""
    return text.in_language(language) if isinstance(text, Said) else text


# The thousands separator of a language, for `{n!n}`.
THOUSANDS = {"de": ".", "en": ","}


class _Formatter(string.Formatter):
    """str.format with `!q` (quotation marks of the language), `!n` (a whole number with the
    language's thousands separator: 1.000.000 / 1,000,000) and values said in it."""

    def __init__(self, language: str):
        self.language = language

    def convert_field(self, value, conversion):
        if conversion == "q":
            items = value if isinstance(value, (list, tuple)) else [value]
            return ", ".join(quote(self._say(v), self.language) for v in items)
        if conversion == "n":
            return f"{value:,}".replace(",", THOUSANDS[self.language])
        return super().convert_field(self._say(value), conversion)

    def _say(self, value):
        if isinstance(value, Said):
            return value.in_language(self.language)
        if hasattr(value, "describe"):
            return value.describe(self.language)
        return value


def _format(key: str, values: dict, language: str) -> str:
    return _Formatter(language).format(catalog()[key][language], **values)


class Severity(StrEnum):
    ERROR = "error"  # no report can be built
    WARNING = "warning"  # report is built, the warning is listed in it
    NOTE = "note"  # for the record: skipped sheets and files, ignored columns


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the inputs, located as the clerk sees it in the spreadsheet."""

    severity: Severity
    message: str  # a Said (catalog text, reads as German), complete sentence(s)
    file: str = ""  # path relative to the inputs folder
    sheet: str = ""
    row: int | None = None  # Excel row number, 1-based, header row counted
    column: str = ""  # column name as written in the file
    value: str = ""  # the value found, as text
    accepted: str = ""  # what would be accepted
    suggestion: str = ""  # e.g. "Meinten Sie „in Umsetzung“?"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self, language: str = "de") -> str:
        return place(self.file, self.sheet, self.row, self.column, language)

    def text(self, with_file: bool = True, language: str = "de") -> str:
        """The whole message in one line, as printed and as listed in the report."""
        where = self.location(language) if with_file else self.location_in_file(language)
        body = said_in(self.message, language)
        if self.suggestion:
            body += f" {said_in(self.suggestion, language)}"
        if self.accepted:
            body += " " + Said("accepted", what=self.accepted).in_language(language)
        return f"{where}: {body}" if where else body

    def location_in_file(self, language: str = "de") -> str:
        return place("", self.sheet, self.row, self.column, language)


def place(file: str, sheet: str, row: int | None, column: str = "", language: str = "de") -> str:
    """Where in the inputs: "a.xlsx, Blatt „Tabelle1“, Zeile 5, Spalte „Status“"."""
    parts = [file] if file else []
    if sheet:
        parts.append(Said("where_sheet", sheet=sheet).in_language(language))
    if row is not None:
        parts.append(Said("where_row", row=row).in_language(language))
    if column:
        parts.append(Said("where_column", column=column).in_language(language))
    return ", ".join(parts)


def error(message: Said, **where) -> Problem:
    return Problem(Severity.ERROR, _listed(message), **where)


def warning(message: Said, **where) -> Problem:
    return Problem(Severity.WARNING, _listed(message), **where)


def note(message: Said, **where) -> Problem:
    return Problem(Severity.NOTE, _listed(message), **where)


def _listed(message: Said) -> Said:
    """Problems are listed in the report, the console and the workbench, so they must be
    sayable in the reader's language."""
    if not isinstance(message, Said):
        raise TypeError(f"a problem needs a catalog message (Said), not {message!r}")
    return message


class InputError(Exception):
    """Fatal input problems: the report cannot be built. Carries every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("; ".join(p.text() for p in self.problems if p.is_error))


class YearHasErrors(InputError):
    """The files of one year have errors: e.g. no forms can be filled from them. The caller
    says where to correct them: the console names the command, the workbench its check page."""

    def __init__(self, problems: list[Problem], year: int):
        super().__init__(problems)
        self.year = year


def quote(value: object, language: str = "de") -> str:
    """Quotation marks of the language around a value, shortened when very long."""
    opening, closing = QUOTES[language]
    return f"{opening}{shorten(str(value))}{closing}"


def shorten(text: str, limit: int = 80) -> str:
    """A long cell text cut for a message: the start says which one it is."""
    return text if len(text) <= limit else text[: limit - 3] + "…"
