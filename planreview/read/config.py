"""review.toml -> frozen Config. Every key is optional; defaults describe a generic report."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import InputError, Said, error
from .config_sections import (
    Collection,
    Revision,
    collection_of,
    revision_of,
    text_of,
)
from .logo import svg_problem
from .vocabulary import DEFAULT_STATUSES, KINDS, Status, Vocabulary, normalise_word

CONFIG_NAME = "review.toml"
LANGUAGES = ("de", "en")
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
    decision: str = ""  # the Beschlussvorschlag; default in the report's words (labels.toml)


@dataclass(frozen=True)
class Rating:  # [rating]: a Handlungsfeld's Ampel from its measures needing attention
    amber_measures: int = 1  # at least this many need attention: "beobachten"
    red_percent: float = 30.0  # at least this share (per cent) need attention: "Handlungsbedarf"
    own_red_counts: bool = True  # a measure its actor rated "rot" needs attention


@dataclass(frozen=True)
class Config:
    city: str = ""
    office: str = ""
    concept: str = "Integrationskonzept"
    subtitle: str = ""
    language: str = "de"
    file_name: str = "bericht"
    date: str = ""  # ISO date on the title page; default: from the data (see render.report_date)
    logo: str = ""  # path of an image for the title page (resolved against the config file)
    colour: str = ""  # accent colour for headings, e.g. "#1d3c5a"
    vorlage: Vorlage = field(default_factory=Vorlage)
    fields: tuple[Field, ...] = ()
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    source: str = ""  # the file this came from, "" for defaults
    revision: Revision = field(default_factory=Revision)
    collection: Collection = field(default_factory=Collection)
    rating: Rating = field(default_factory=Rating)


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
        raise InputError([error(Said("config_missing"), **where)]) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise InputError([error(Said("config_not_utf8", line=line), **where)]) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError([error(Said("config_not_toml", reason=str(exc)), **where)]) from None
    problems = []
    _unknown(data, TOP_KEYS, "", problems, where)
    report = _table(data, "report", problems, where)
    _unknown(report, (*REPORT_KEYS, "vorlage"), "report", problems, where)
    vorlage = _table(report, "vorlage", problems, where)
    _unknown(vorlage, VORLAGE_KEYS, "report.vorlage", problems, where)
    texts = {}
    for key in REPORT_KEYS:
        if key in report:
            texts[key] = text_of(report[key], f"report.{key}", problems, where)
    if texts.get("language", "de") not in LANGUAGES:
        problems.append(
            error(
                Said("config_language", language=texts["language"]),
                accepted=", ".join(LANGUAGES),
                **where,
            )
        )
    if "file_name" in texts and not _safe_name(texts["file_name"]):
        problems.append(
            error(
                Said("config_file_name"),
                value=texts["file_name"],
                **where,
            )
        )
    if texts.get("date") and not _is_date(texts["date"], ("",)):
        problems.append(error(Said("config_date"), value=texts["date"], **where))
    if texts.get("logo"):
        logo = (path.parent / texts["logo"]).resolve()
        if not logo.is_file():
            problems.append(
                error(
                    Said("config_logo_missing", logo=texts["logo"]),
                    value=texts["logo"],
                    **where,
                )
            )
        elif logo.suffix.lower() not in (".png", ".jpg", ".jpeg", ".svg"):
            problems.append(
                error(
                    Said("config_logo_not_image"),
                    value=texts["logo"],
                    accepted=Said("config_logo_accepted"),
                    **where,
                )
            )
        elif logo.suffix.lower() == ".svg" and (why := svg_problem(logo)):
            said = Said("config_logo_svg", reason=why)
            problems.append(error(said, value=texts["logo"], **where))
        texts["logo"] = str(logo)
    if texts.get("colour") and not re.fullmatch(r"#[0-9a-fA-F]{6}", texts["colour"]):
        problems.append(error(Said("config_colour"), value=texts["colour"], **where))
    if isinstance(vorlage.get("meeting_date"), dt.date):  # a TOML date: 2021-03-11 unquoted
        vorlage = {**vorlage, "meeting_date": vorlage["meeting_date"].isoformat()}
    vorlage_values = {
        k: text_of(vorlage[k], f"report.vorlage.{k}", problems, where)
        for k in VORLAGE_KEYS
        if k in vorlage
    }
    if vorlage_values.get("meeting_date") and not _is_date(vorlage_values["meeting_date"]):
        problems.append(
            error(
                Said("config_meeting_date"),
                value=vorlage_values["meeting_date"],
                accepted=Said("config_meeting_date_accepted"),
                **where,
            )
        )
    fields = tuple(_fields(data.get("fields", []), problems, where))
    statuses = data.get("statuses")
    vocabulary = Vocabulary(_statuses(statuses, problems, where)) if statuses else Vocabulary()
    revision = revision_of(_table(data, "revision", problems, where), problems, where)
    collection = collection_of(_table(data, "collection", problems, where), problems, where)
    rating = _rating(_table(data, "rating", problems, where), problems, where)
    if problems:
        raise InputError(problems)
    return Config(
        **texts,
        vorlage=Vorlage(**vorlage_values),
        fields=fields,
        vocabulary=vocabulary,
        source=str(path),
        revision=revision,
        collection=collection,
        rating=rating,
    )


def _rating(table: dict, problems, where) -> Rating:
    _unknown(table, RATING_KEYS, "rating", problems, where)
    amber, red, own = (table.get(k) for k in RATING_KEYS)
    checks = (
        ("amber_measures", amber is None or type(amber) is int and amber >= 1, "from_1"),
        ("red_percent", red is None or type(red) in (int, float) and 0 < red <= 100, "1_100"),
        ("own_red_counts", own is None or isinstance(own, bool), "true_false"),
    )
    problems += [error(Said("config_rating", key=key), value=str(table[key]),
                       accepted=Said(f"accepted_{text}"), **where)
                 for key, ok, text in checks if not ok]  # fmt: skip
    return Rating(**{k: table[k] for k in RATING_KEYS if k in table})


REPORT_KEYS = ("city", "office", "concept", "subtitle", "language", "file_name", "date", "logo",
               "colour")  # fmt: skip
TOP_KEYS = ("report", "fields", "statuses", "revision", "collection", "rating")
VORLAGE_KEYS = ("number", "committee", "meeting_date", "decision")
RATING_KEYS = ("amber_measures", "red_percent", "own_red_counts")
FIELD_KEYS = ("code", "name")
STATUS_KEYS = ("label", "kind", "aliases", "colour", "symbol")
# Colours for configured statuses without one: distinct, and the charts add hatching anyway.
PALETTE = ("#b8b8b8", "#f2c14e", "#5b9bd5", "#4c9a5b", "#2e6b3a", "#c27c2c", "#8c3b3b",
           "#7b5ea7", "#3fa7a0")  # fmt: skip


def _unknown(table, allowed, prefix: str, problems, where) -> None:
    """A misspelt key would silently be ignored: name it, with the closest known one."""
    if not isinstance(table, dict):
        return
    for key in table:
        if key in allowed:
            continue
        name = f"{prefix}.{key}" if prefix else key
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        problems.append(
            error(
                Said("config_unknown_key_close", name=name, close=close[0])
                if close
                else Said("config_unknown_key", name=name),
                accepted=", ".join(allowed),
                **where,
            )
        )


def _is_date(text: str, patterns=("%Y-%m-%d", "%d.%m.%Y")) -> bool:
    iso = dt.date.fromisoformat
    for pattern in patterns:  # "": ISO, as render.report_date reads report.date
        with contextlib.suppress(ValueError):
            return bool(iso(text) if not pattern else dt.datetime.strptime(text, pattern))
    return False


def _safe_name(name: str) -> bool:
    return bool(name) and all(c.isalnum() or c in "-_" for c in name)


def _table(data, key, problems, where) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        problems.append(error(Said("config_not_a_table", key=key), **where))
        return {}
    return value


def _fields(items, problems, where):
    seen = set()
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict) or "name" not in item:
            problems.append(error(Said("config_field_without_name", n=n), **where))
            continue
        _unknown(item, FIELD_KEYS, "fields", problems, where)
        code = text_of(item.get("code", str(n)), "fields.code", problems, where)
        name = text_of(item["name"], "fields.name", problems, where)
        if code in seen:
            problems.append(error(Said("config_field_code_twice", code=code), **where))
        seen.add(code)
        yield Field(code, name)


def _statuses(items, problems, where) -> tuple[Status, ...]:
    result = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict) or "label" not in item:
            problems.append(error(Said("config_status_without_label", n=n), **where))
            continue
        _unknown(item, STATUS_KEYS, "statuses", problems, where)
        kind = item.get("kind", "open")
        if kind not in KINDS:
            problems.append(
                error(
                    Said("config_status_kind", label=item["label"], kind=kind),
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
                colour=str(
                    item.get("colour", default.colour if default else PALETTE[n % len(PALETTE)])
                ),
                symbol=str(item.get("symbol", default.symbol if default else "")),
            )
        )
    vocabulary = Vocabulary(tuple(result))
    words = [normalise_word(w) for s in result for w in (s.label, *s.aliases)]
    clashes = sorted({w for w in words if words.count(w) > 1})
    if clashes:
        problems.append(error(Said("config_status_words_twice", words=", ".join(clashes)), **where))
    if not vocabulary.phase:
        problems.append(error(Said("config_no_phase"), **where))
    return tuple(result)
