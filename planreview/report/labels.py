"""The report's words per language, from the templates' labels.toml (one table, rewordable)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..problems import InputError, Said, error, shorten
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

    def lead(self, name: str) -> str:
        """A lead actor as written; the measures without one ("") in the language."""
        return name or self("no_lead")

    @property
    def changes(self) -> dict[str, str]:
        return self.table["changes_labels"]


def load_labels(templates: Path, language: str) -> Labels:
    path = templates / "labels.toml"
    try:
        tables = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(
            [error(Said("labels_unreadable", reason=str(exc)), file=str(path))]
        ) from None
    if language not in tables:
        raise InputError(
            [
                error(
                    Said("labels_no_language", language=language),
                    file=str(path),
                    accepted=", ".join(tables),
                )
            ]
        )
    return Labels(language, tables[language])


def hint_text(hint, labels: Labels, number) -> str:
    """A revision hint (analyse.hints.RevisionHint: data only) in the language of `labels`
    (keys hint_*); `number(value, decimals)` writes an indicator's values."""
    v = dict(hint.values)
    words = {"rule": labels(f"rule_{hint.rule}")}
    if hint.kind == "indicator":
        unit = f" {v['unit']}" if v["unit"] else ""
        target = number(v["target"], v["decimals"]) + unit
        if v["target_year"]:
            target += " " + labels("by_year", year=v["target_year"])
        words |= {
            "name": shorten(v["name"]),
            "area": f" ({labels.area(v['area'])})" if v["area"] else "",
            "before": number(v["before"], v["decimals"]) + unit,
            "now": number(v["now"], v["decimals"]) + unit,
            "target": target,
            "field": shorten(hint.field),
            "year": v["year"],
            "previous": v["previous"],
        }
        return labels("hint_indicator", **words)
    words["measure"] = labels("hint_measure", id=hint.id, title=shorten(hint.title))
    if v.get("status"):
        words["status"] = labels.status(v["status"])
    if v.get("since"):
        key = "since_at_least" if v["since_start"] else "since"
        words["since"] = labels(key, year=v["since"])
    if hint.rule == "done":
        last = v.get("last")
        words["action"] = (
            labels("hint_done_action_last", last=labels.status(last))
            if last
            else labels("hint_done_action")
        )
    other = {k: x for k, x in v.items() if k not in words and k not in ("since_start", "last")}
    return labels(f"hint_{hint.rule}", **words, **other)
