"""review.toml -> frozen Config. Every key is optional; defaults describe a generic report."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .problems import InputError, error
from .vocabulary import DEFAULT_STATUSES, KINDS, Status, Vocabulary, normalise_word

CONFIG_NAME = "review.toml"
LANGUAGES = ("de",)
# Tagged and accessible first (the default); pdf/a-2b is archival but untagged.
# Which to use when: docs/pdf-variants.md.
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-2a", "pdf/a-3a", "pdf/a-2b")


@dataclass(frozen=True)
class Field:
    """A Handlungsfeld: its code (e.g. "3", also the prefix of its measure IDs) and name."""

    code: str
    name: str


@dataclass(frozen=True)
class Vorlage:
    number: str = ""
    committee: str = ""
    meeting_date: str = ""


@dataclass(frozen=True)
class Config:
    city: str = ""
    office: str = ""
    concept: str = "Integrationskonzept"
    subtitle: str = ""
    language: str = "de"
    file_name: str = "bericht"
    date: str = ""  # ISO date on the title page; default: from the data (see render.report_date)
    vorlage: Vorlage = field(default_factory=Vorlage)
    fields: tuple[Field, ...] = ()
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    source: str = ""  # the file this came from, "" for defaults


def find_config(inputs: Path, explicit: Path | None) -> Path | None:
    if explicit is not None:
        return explicit
    candidate = inputs / CONFIG_NAME
    return candidate if candidate.is_file() else None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    where = {"file": str(path)}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError([error("Die Konfigurationsdatei gibt es nicht.", **where)]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            [error(f"Die Konfigurationsdatei ist kein gültiges TOML ({exc}).", **where)]
        ) from None
    problems = []
    report = _table(data, "report", problems, where)
    vorlage = _table(report, "vorlage", problems, where)
    texts = {}
    for key in ("city", "office", "concept", "subtitle", "language", "file_name", "date"):
        if key in report:
            texts[key] = _text(report[key], f"report.{key}", problems, where)
    if texts.get("language", "de") not in LANGUAGES:
        problems.append(
            error(
                f"Berichtssprache „{texts['language']}“ wird nicht unterstützt.",
                accepted=", ".join(LANGUAGES),
                **where,
            )
        )
    if "file_name" in texts and not _safe_name(texts["file_name"]):
        problems.append(
            error(
                "report.file_name darf nur Buchstaben, Ziffern, - und _ enthalten.",
                value=texts["file_name"],
                **where,
            )
        )
    if texts.get("date"):
        try:
            dt.date.fromisoformat(texts["date"])
        except ValueError:
            problems.append(
                error(
                    "report.date muss ein Datum wie 2021-02-15 sein.", value=texts["date"], **where
                )
            )
    vorlage_values = {
        k: _text(vorlage[k], f"report.vorlage.{k}", problems, where)
        for k in ("number", "committee", "meeting_date")
        if k in vorlage
    }
    fields = tuple(_fields(data.get("fields", []), problems, where))
    statuses = data.get("statuses")
    vocabulary = Vocabulary(_statuses(statuses, problems, where)) if statuses else Vocabulary()
    if problems:
        raise InputError(problems)
    return Config(
        **texts,
        vorlage=Vorlage(**vorlage_values),
        fields=fields,
        vocabulary=vocabulary,
        source=str(path),
    )


def _safe_name(name: str) -> bool:
    return bool(name) and all(c.isalnum() or c in "-_" for c in name)


def _table(data, key, problems, where) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        problems.append(error(f"[{key}] muss eine Tabelle sein.", **where))
        return {}
    return value


def _text(value, name, problems, where) -> str:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return str(value)
    problems.append(error(f"{name} muss ein Text sein.", value=str(value), **where))
    return ""


def _fields(items, problems, where):
    seen = set()
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict) or "name" not in item:
            problems.append(error(f"[[fields]] Nr. {n} braucht einen Namen (name).", **where))
            continue
        code = _text(item.get("code", str(n)), "fields.code", problems, where)
        name = _text(item["name"], "fields.name", problems, where)
        if code in seen:
            problems.append(error(f"Handlungsfeld-Code „{code}“ ist doppelt.", **where))
        seen.add(code)
        yield Field(code, name)


def _statuses(items, problems, where) -> tuple[Status, ...]:
    result = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict) or "label" not in item:
            problems.append(
                error(f"[[statuses]] Nr. {n} braucht eine Bezeichnung (label).", **where)
            )
            continue
        kind = item.get("kind", "open")
        if kind not in KINDS:
            problems.append(
                error(
                    f"[[statuses]] „{item['label']}“: unbekannte Art „{kind}“.",
                    accepted=", ".join(KINDS),
                    **where,
                )
            )
            continue
        default = {s.label: s for s in DEFAULT_STATUSES}.get(item["label"])
        result.append(
            Status(
                label=str(item["label"]),
                kind=kind,
                aliases=tuple(str(a) for a in item.get("aliases", ())),
                colour=str(item.get("colour", default.colour if default else "#888888")),
                symbol=str(item.get("symbol", default.symbol if default else "")),
            )
        )
    vocabulary = Vocabulary(tuple(result))
    words = [normalise_word(w) for s in result for w in (s.label, *s.aliases)]
    clashes = sorted({w for w in words if words.count(w) > 1})
    if clashes:
        problems.append(error("Statuswörter doppelt vergeben: " + ", ".join(clashes), **where))
    if not vocabulary.phase:
        problems.append(
            error("Mindestens ein Status der Art open oder done wird gebraucht.", **where)
        )
    return tuple(result)
