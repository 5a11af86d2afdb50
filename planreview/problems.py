"""Problems found in the inputs, as data: collected, then reported together."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # no report can be built
    WARNING = "warning"  # report is built, the warning is listed in it
    NOTE = "note"  # for the record: skipped sheets and files, ignored columns


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the inputs, located as the clerk sees it in the spreadsheet."""

    severity: Severity
    message: str  # German, complete sentence(s)
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

    def location(self) -> str:
        parts = [self.file] if self.file else []
        if self.sheet:
            parts.append(f"Blatt „{self.sheet}“")
        if self.row is not None:
            parts.append(f"Zeile {self.row}")
        if self.column:
            parts.append(f"Spalte „{self.column}“")
        return ", ".join(parts)

    def text(self, with_file: bool = True) -> str:
        """The whole message in one line, as printed and as listed in the report."""
        where = self.location() if with_file else self.location_in_file()
        body = self.message
        if self.suggestion:
            body += f" {self.suggestion}"
        if self.accepted:
            body += f" Erlaubt: {self.accepted}."
        return f"{where}: {body}" if where else body

    def location_in_file(self) -> str:
        return Problem(self.severity, "", "", self.sheet, self.row, self.column).location()


def error(message: str, **where) -> Problem:
    return Problem(Severity.ERROR, message, **where)


def warning(message: str, **where) -> Problem:
    return Problem(Severity.WARNING, message, **where)


def note(message: str, **where) -> Problem:
    return Problem(Severity.NOTE, message, **where)


class InputError(Exception):
    """Fatal input problems: the report cannot be built. Carries every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("; ".join(p.text() for p in self.problems if p.is_error))


def quote(value: object) -> str:
    """German quotation marks around a value, shortened when very long."""
    return f"„{shorten(str(value))}“"


def shorten(text: str, limit: int = 80) -> str:
    """A long cell text cut for a message: the start says which one it is."""
    return text if len(text) <= limit else text[: limit - 3] + "…"
