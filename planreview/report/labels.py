"""The report's words per language, from the templates' labels.toml (one table, rewordable)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..problems import InputError, error
from ..read.validate import NO_FIELD


@dataclass(frozen=True)
class Labels:
    language: str
    table: dict

    def __call__(self, key: str, n: int | None = None, **values) -> str:
        """The text for `key`; a table with one/many is chosen by `n`; {names} filled in."""
        entry = self.table[key]
        if isinstance(entry, dict):
            entry = entry["one"] if n == 1 else entry["many"]
        return entry.format(n=n, **values)

    def status(self, label: str) -> str:
        """A configured status word in the report's language (custom words stay as written)."""
        return self.table.get("statuses", {}).get(label, label)

    def area(self, area: str) -> str:
        """An indicator's Gebiet (Stadt, Landkreis) in the report's language."""
        return self.table.get("areas", {}).get(area, area)

    def field(self, name: str) -> str:
        """A Handlungsfeld's name as written; the tool's own "no field" in the language."""
        return self("no_field") if name == NO_FIELD else name

    @property
    def changes(self) -> dict[str, str]:
        return self.table["changes_labels"]


def load_labels(templates: Path, language: str) -> Labels:
    path = templates / "labels.toml"
    try:
        tables = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(
            [error(f"Die Texttabelle ist nicht lesbar ({exc}).", file=str(path))]
        ) from None
    if language not in tables:
        raise InputError(
            [
                error(
                    f"Für die Sprache „{language}“ gibt es keine Texte.",
                    file=str(path),
                    accepted=", ".join(tables),
                )
            ]
        )
    return Labels(language, tables[language])
