"""Indicators: yearly figures per Handlungsfeld, read from a long table (one row per indicator
and year), checked like the measures, with change, target and direction per indicator.

Where they come from: a sheet named "Indikatoren" in any workbook read (read.tables keeps it aside
as a RawSheet), or a file named `indikatoren.*` at the top of the inputs folder (every sheet
with an indicator header row is read).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from ..problems import Problem, Said, error, note, quote, warning
from ..read import sheets as opened
from ..read.columns import normalise_header
from ..read.config import Config
from ..read.discover import INDICATORS
from ..read.sheets import MAX_ROWS
from ..read.tables import HEADER_SEARCH_ROWS, RawSheet
from ..read.validate import NO_FIELD, SkippedRow, Source, count_per_sheet, resolve_field
from ..read.values import as_text, is_blank, year_of

INDICATOR_NAME = INDICATORS  # sheet name and file stem, compared normalised

# key -> (name used in messages, accepted header names)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("Indikator", ("Indikator", "Indikatorname", "Kennzahl", "Bezeichnung", "Name")),
    "field": ("Handlungsfeld", ("Handlungsfeld", "Themenfeld", "Bereich")),
    "year": ("Jahr", ("Jahr", "Berichtsjahr", "Stichjahr", "Stichtag")),
    "value": ("Wert", ("Wert", "Istwert", "Ist-Wert", "Ist", "Anzahl")),
    "unit": ("Einheit", ("Einheit", "Maßeinheit")),
    "target": ("Zielwert", ("Zielwert", "Ziel", "Sollwert", "Soll")),
    "target_year": ("Zieljahr", ("Zieljahr", "Ziel bis", "Zielwert bis", "Zielerreichung bis")),
    "source": ("Quelle", ("Quelle", "Datenquelle")),
    "area": ("Gebiet", ("Gebiet", "Raumbezug", "Ebene", "Gebietseinheit")),
    "definition": ("Definition", ("Definition", "Beschreibung", "Erläuterung")),
}
REQUIRED = ("name", "year", "value")
_LOOKUP = {normalise_header(a): key for key, (_, names) in COLUMNS.items() for a in names}

# Cells that mean "no value for this year": a gap, never a zero.
GAP_WORDS = {"k.a.", "ka", "n.v.", "nv", "n.a.", "na", "-", "–", "—", ".", "..", "...", "…", "x"}
NUMBER_ACCEPTED = (
    "eine Zahl wie 1234,5, 1.234,5 oder 1234.5 (auch mit %); leer, „-“ oder „k. A.“, wenn es "
    "für das Jahr keinen Wert gibt"
)
_NUMBER = re.compile(r"([+-]?)(\d[\d.,]*|[.,]\d+)")
_DROP = str.maketrans("", "", " \u00a0\u202f\u2009")


# --------------------------------------------------------------------------------- numbers


@dataclass(frozen=True)
class Number:
    value: float | None  # None: no value (a gap)
    decimals: int = 0  # decimal places as written
    percent: bool = False  # written with a % sign


def parse_number(cell) -> Number | None:
    """A cell as a number, in German or English notation; None if it is not one.

    "1.234,5", "1234,5", "12,5 %", "1234.5", "1,234.5" and real numbers are read; blank cells
    and "k. A.", "-", "…" are gaps. With a single separator, a comma is the decimal mark and a
    dot followed by exactly three digits separates thousands ("1.234" is 1234, "1.5" is 1.5).
    """
    if cell is None:
        return Number(None)
    if isinstance(cell, (bool, dt.date, dt.datetime)):
        return None
    if isinstance(cell, (int, float)):
        if not math.isfinite(cell):
            return None
        return Number(float(cell), _decimals(cell))
    text = str(cell).strip()
    if not text or text.casefold().replace(" ", "") in GAP_WORDS:
        return Number(None)
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    text = text.translate(_DROP).replace("\u2212", "-")
    match = _NUMBER.fullmatch(text)
    if not match:
        return None
    sign, digits = match.groups()
    parts = _split(digits)
    if parts is None:
        return None
    whole, fraction = parts
    value = float(f"{sign}{whole or '0'}.{fraction or '0'}")
    return Number(value, len(fraction), percent)


def _split(digits: str) -> tuple[str, str] | None:
    """(whole digits, fraction digits) of "1.234,5" etc., None if the grouping is wrong."""
    if "." in digits and "," in digits:
        decimal = "." if digits.rfind(".") > digits.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        whole, _, fraction = digits.partition(decimal)
        if decimal in fraction or thousands in fraction or not _grouped(whole, thousands):
            return None
        return whole.replace(thousands, ""), fraction
    separator = "," if "," in digits else "." if "." in digits else ""
    if not separator:
        return digits, ""
    pieces = digits.split(separator)
    if len(pieces) > 2:
        return (digits.replace(separator, ""), "") if _grouped(digits, separator) else None
    whole, fraction = pieces
    if separator == "." and len(fraction) == 3 and _grouped(digits, "."):
        return whole + fraction, ""  # "1.234": German thousands
    return (whole, fraction) if fraction else None


def _grouped(digits: str, separator: str) -> bool:
    pieces = digits.split(separator)
    head, rest = pieces[0], pieces[1:]
    return (
        head.isdigit()
        and 1 <= len(head) <= 3
        and (not rest or head != "0")
        and all(len(p) == 3 and p.isdigit() for p in rest)
    )


def _decimals(value: float | int) -> int:
    if isinstance(value, int) or float(value).is_integer():
        return 0
    exponent = Decimal(repr(float(value))).as_tuple().exponent
    return min(-exponent, 6) if isinstance(exponent, int) and exponent < 0 else 0


def format_number(value: float | None, decimals: int = 0, sign: bool = False) -> str:
    """German notation: 1234.5 -> "1.234,5"; None -> "–"; `sign` adds "+" to positives."""
    if value is None:
        return "–"
    text = f"{value:{'+' if sign else ''},.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text.replace("-", "−") if text.startswith("-") else text


# ------------------------------------------------------------------------------ indicators


@dataclass(frozen=True)
class Indicator:
    """One indicator: its series up to the reporting year and how it moved from P to Y."""

    name: str
    field: str  # Handlungsfeld (configured name), or NO_FIELD
    unit: str
    area: str  # Gebiet as written (Stadt / Landkreis / Land), "" if not given
    source: str
    definition: str
    target: float | None
    target_year: int | None
    values: tuple[tuple[int, float], ...]  # (year, value), oldest first; missing years absent
    decimals: int  # decimal places to show (the most written in its values)
    year: int  # reporting year Y
    previous_year: int | None  # comparison year P
    origin: Source  # the first row read for it

    @property
    def series(self) -> dict[int, float]:
        return dict(self.values)

    def value(self, year: int | None) -> float | None:
        return self.series.get(year) if year is not None else None

    @property
    def now(self) -> float | None:
        """The value of the reporting year (None if that year is missing)."""
        return self.value(self.year)

    @property
    def before(self) -> float | None:
        """The value of the comparison year."""
        return self.value(self.previous_year)

    @property
    def first(self) -> tuple[int, float] | None:
        return self.values[0] if self.values else None

    @property
    def last(self) -> tuple[int, float] | None:
        return self.values[-1] if self.values else None

    @property
    def gaps(self) -> tuple[int, ...]:
        """Years between the first and the last value without a value."""
        if not self.values:
            return ()
        have = self.series
        return tuple(y for y in range(self.values[0][0], self.values[-1][0]) if y not in have)

    def points(self, first: int | None = None, last: int | None = None) -> tuple:
        """((year, value or None), ...) for every year from `first` to `last` (default: the
        series' own span): gaps stay None, for a line chart that breaks there."""
        if not self.values:
            return ()
        first = self.values[0][0] if first is None else first
        last = self.values[-1][0] if last is None else last
        have = self.series
        return tuple((y, have.get(y)) for y in range(first, last + 1))

    @property
    def change(self) -> float | None:
        """Y minus P (None if either is missing)."""
        if self.now is None or self.before is None:
            return None
        return _clean(self.now - self.before)

    @property
    def change_percent(self) -> float | None:
        """Change in per cent of the P value (None if missing or P is 0), one decimal."""
        if self.change is None or not self.before:
            return None
        return round(self.change / abs(self.before) * 100, 1)

    @property
    def goal(self) -> str | None:
        """ "up" when the target lies above the first value (more is better), else "down"."""
        if self.target is None or not self.values:
            return None
        return "up" if self.target >= self.values[0][1] else "down"

    @property
    def distance(self) -> float | None:
        """Target minus the Y value: how far there is still to go (negative: beyond, for a
        target to reach from below)."""
        if self.target is None or self.now is None:
            return None
        return _clean(self.target - self.now)

    @property
    def reached(self) -> bool | None:
        if self.goal is None or self.now is None:
            return None
        return self.now >= self.target if self.goal == "up" else self.now <= self.target

    @property
    def direction(self) -> str | None:
        """From P to Y: "reached" (target reached in Y), "towards", "away", "unchanged";
        None without a target or without both values."""
        if self.goal is None or self.now is None or self.before is None:
            return None
        if self.reached:
            return "reached"
        if self.now == self.before:
            return "unchanged"
        better = self.now > self.before if self.goal == "up" else self.now < self.before
        return "towards" if better else "away"

    def format(self, value: float | None, sign: bool = False) -> str:
        """A value of this indicator in German notation, with its decimals."""
        return format_number(value, self.decimals, sign)

    def alt_text(self) -> str:
        """For the line chart: first and last value, gaps named."""
        if not self.values:
            return f"Liniendiagramm {self.name}: keine Werte."
        unit = f" {self.unit}" if self.unit else ""
        (y0, v0), (y1, v1) = self.values[0], self.values[-1]
        text = (
            f"Liniendiagramm {self.name}: {y0} {self.format(v0)}{unit}, "
            f"{y1} {self.format(v1)}{unit}."
        )
        if self.gaps:
            text += " Ohne Wert: " + ", ".join(map(str, self.gaps)) + "."
        return text

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "field": self.field,
            "unit": self.unit,
            "values": {str(y): v for y, v in self.values},
            "target": self.target,
            "target_year": self.target_year,
            "change": self.change,
            "source": self.source,
            "area": self.area,
            "change_percent": self.change_percent,
            "distance": self.distance,
            "direction": self.direction,
        }


def _clean(value: float) -> float:
    """Drop binary float noise: 13.1 - 12.5 -> 0.6."""
    return round(value, 9) + 0.0


@dataclass(frozen=True)
class IndicatorSheet:
    """What was read from one indicator sheet: rows = values + skipped."""

    file: str
    sheet: str
    header_row: int
    rows: int  # non-blank rows below the header
    values: int  # rows that became a value
    skipped: tuple[SkippedRow, ...]  # gaps, duplicates, errors, sub-headings
    blank_rows: int
    ignored_columns: tuple[str, ...]


@dataclass(frozen=True)
class Indicators:
    indicators: tuple[Indicator, ...] = ()  # in the order first read
    sheets: tuple[IndicatorSheet, ...] = ()
    problems: tuple[Problem, ...] = ()

    def __iter__(self):
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    def of_field(self, field: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.field == field)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.field for i in self.indicators))

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({y for i in self.indicators for y, _ in i.values}))

    def to_json(self) -> list[dict]:
        return [i.to_json() for i in self.indicators]


# ------------------------------------------------------------------------------ reading


def read_indicator_file(path: Path, name: str) -> tuple[tuple[RawSheet, ...], tuple[Problem, ...]]:
    """Every sheet of an `indikatoren.*` file, read with the sheets reader."""
    try:
        sheets = opened.read_sheets(path)
    except opened.Unreadable as exc:
        return (), (error(str(exc), file=name),)
    return tuple(
        RawSheet(name, sheet, tuple(map(tuple, rows))) for sheet, rows in sheets.items()
    ), ()


def read_indicators(
    groups: Iterable[tuple[RawSheet, ...]],
    config: Config,
    year: int,
    previous_year: int | None,
) -> Indicators:
    """Read indicator tables. Each group is one source: a workbook's "Indikatoren" sheet, or
    all sheets of an `indikatoren.*` file; a group without any indicator header is an error."""
    problems: list[Problem] = []
    rows: list[_Row] = []
    sheets: list[IndicatorSheet] = []
    skips: dict[tuple[str, str], list[SkippedRow]] = {}
    for group in groups:
        found = False
        for raw in group:
            if len(raw.rows) > MAX_ROWS:
                problems.append(
                    error(
                        f"Das Blatt hat mehr als {MAX_ROWS:_} Zeilen und wurde nicht "
                        "gelesen.".replace("_", "."),
                        file=raw.file,
                        sheet=raw.sheet,
                    )
                )
                found = True
                continue
            header = _find_header(raw.rows)
            if header is None:
                if len(group) > 1:
                    problems.append(
                        note(
                            Said("indicator_sheet_without_header"),
                            file=raw.file,
                            sheet=raw.sheet,
                        )
                    )
                continue
            found = True
            sheet, sheet_rows, skipped = _read_sheet(raw, header, config, problems)
            rows.extend(sheet_rows)
            skips[(raw.file, raw.sheet)] = skipped
            sheets.append(sheet)
        if not found and group:
            problems.append(_no_header(group))
    kept = _merge(rows, skips, year, problems)
    indicators = _indicators(kept, year, previous_year, problems)
    counted = count_per_sheet(r.source for r in kept)
    sheets = [
        replace(
            s,
            values=counted.get((s.file, s.sheet), 0),
            skipped=tuple(skips[(s.file, s.sheet)]),
        )
        for s in sheets
    ]
    return Indicators(tuple(indicators), tuple(sheets), tuple(problems))


def _header_keys(row) -> dict[int, str]:
    return {
        i: key
        for i, v in enumerate(row)
        if v is not None and (key := _LOOKUP.get(normalise_header(v)))
    }


def _find_header(rows) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if set(REQUIRED) <= set(_header_keys(row).values()):
            return index
    return None


def _no_header(group: tuple[RawSheet, ...]) -> Problem:
    first = group[0]
    best = None
    for raw in group:
        for index, row in enumerate(raw.rows[:HEADER_SEARCH_ROWS]):
            keys = set(_header_keys(row).values())
            if keys and (best is None or len(keys) > len(best[2])):
                best = (raw, index, keys)
    accepted = "; ".join(f"für {COLUMNS[k][0]}: " + ", ".join(COLUMNS[k][1]) for k in REQUIRED)
    if best is None:
        return error(
            "Keine Indikatorentabelle gefunden: keine der ersten "
            f"{HEADER_SEARCH_ROWS} Zeilen enthält die Spalten Indikator, Jahr und Wert.",
            file=first.file,
            sheet=first.sheet if len(group) == 1 else "",
            accepted=accepted,
        )
    raw, index, keys = best
    missing = [k for k in REQUIRED if k not in keys]
    names = " und ".join(f"„{COLUMNS[k][0]}“" for k in missing)
    text = f"Pflichtspalte {names} fehlt" if len(missing) == 1 else f"Pflichtspalten {names} fehlen"
    return error(
        f"Indikatorentabelle: {text}.",
        file=raw.file,
        sheet=raw.sheet,
        row=index + 1,
        accepted=accepted,
    )


@dataclass(frozen=True)
class _Row:
    """One value row, normalised."""

    key: tuple[str, str]  # (name, area) compared ignoring case and spaces
    name: str
    area: str
    field: str
    unit: str
    source_text: str
    definition: str
    target: float | None
    target_decimals: int
    target_year: int | None
    year: int
    number: Number
    written: str  # the value as written
    source: Source  # where: file, sheet, row
    value_header: str  # the value column's header as written


def _read_sheet(raw: RawSheet, header: int, config: Config, problems: list[Problem]):
    columns: dict[str, int] = {}
    names: dict[str, str] = {}
    ignored = []
    where_header = {"file": raw.file, "sheet": raw.sheet, "row": header + 1}
    for position, value in enumerate(raw.rows[header]):
        if value is None:
            continue
        shown = " ".join(str(value).split())
        key = _LOOKUP.get(normalise_header(value))
        if key in columns:
            problems.append(
                warning(
                    Said("duplicate_column", first=names[key]),
                    column=shown,
                    **where_header,
                )
            )
            ignored.append(shown)
        elif key:
            columns[key], names[key] = position, shown
        else:
            ignored.append(shown)
    if ignored:
        problems.append(
            note(
                Said("ignored_columns", columns=tuple(ignored)),
                **where_header,
            )
        )
    rows: list[_Row] = []
    skipped: list[SkippedRow] = []
    blank = 0
    last_name = last_field = None
    fields: dict[str, str] = {}  # field as written -> resolved (warn once per sheet)

    def cell(values, key):
        position = columns.get(key)
        if position is None or position >= len(values):
            return None
        value = values[position]
        return None if is_blank(value) else value

    for index in range(header + 1, len(raw.rows)):
        values = raw.rows[index]
        source = Source(raw.file, raw.sheet, index + 1)
        where = source.where()
        if all(is_blank(v) for v in values):
            blank += 1
            continue
        name = as_text(cell(values, "name"))
        raw_year, raw_value = cell(values, "year"), cell(values, "value")
        if not name:
            filled = [v for v in values if not is_blank(v)]
            if len(filled) == 1 and raw_year is None and raw_value is None:
                skipped.append(SkippedRow(source, Said("skip_subheading", text=as_text(filled[0]))))
                continue
            if last_name is None:
                problems.append(
                    error(
                        "Die Zeile hat Einträge, aber keinen Indikator (Name). Bitte den Namen "
                        "des Indikators eintragen.",
                        column=names["name"],
                        **where,
                    )
                )
                skipped.append(SkippedRow(source, Said("skip_no_indicator")))
                continue
            name = last_name  # merged cells / one name over its years: the name above counts
        last_name = name
        field_cell = as_text(cell(values, "field"))
        if field_cell:
            last_field = field_cell
        field_text = field_cell or last_field or ""
        if field_text not in fields:
            fields[field_text] = resolve_field(
                field_text, "", config.fields, names.get("field", ""), where, problems
            )
        label = Said("indicator", name=name)
        if raw_year is None:
            problems.append(
                error(f"{label}: das Jahr fehlt.", column=names["year"], **where),
            )
            skipped.append(SkippedRow(source, Said("skip_no_year")))
            continue
        year = year_of(raw_year) if not isinstance(raw_year, str) else _year_text(raw_year)
        if year is None:
            problems.append(
                error(
                    f"{label}: {quote(as_text(raw_year))} ist keine Jahreszahl.",
                    column=names["year"],
                    value=as_text(raw_year),
                    accepted="eine Jahreszahl wie 2020",
                    **where,
                )
            )
            skipped.append(SkippedRow(source, Said("skip_year_unreadable")))
            continue
        number = parse_number(raw_value)
        if number is None:
            problems.append(
                error(
                    f"{label}, {year}: {quote(as_text(raw_value))} ist keine Zahl.",
                    column=names["value"],
                    value=as_text(raw_value),
                    accepted=NUMBER_ACCEPTED,
                    **where,
                )
            )
            skipped.append(SkippedRow(source, Said("skip_value_unreadable")))
            continue
        if number.value is None:
            skipped.append(SkippedRow(source, Said("skip_no_value", year=year)))
            continue
        target, target_decimals = _target(cell(values, "target"), label, names, where, problems)
        target_year = _target_year(cell(values, "target_year"), label, names, where, problems)
        area = as_text(cell(values, "area"))
        unit = as_text(cell(values, "unit")) or ("%" if number.percent else "")
        rows.append(
            _Row(
                key=(normalise_header(name), normalise_header(area)),
                name=name,
                area=area,
                field=fields[field_text],
                unit=unit,
                source_text=as_text(cell(values, "source")),
                definition=as_text(cell(values, "definition")),
                target=target,
                target_decimals=target_decimals,
                target_year=target_year,
                year=year,
                number=number,
                written=as_text(raw_value),
                source=source,
                value_header=names["value"],
            )
        )
    summary = IndicatorSheet(
        raw.file,
        raw.sheet,
        header + 1,
        rows=len(raw.rows) - header - 1 - blank,
        values=0,  # filled in after duplicates are merged
        skipped=(),
        blank_rows=blank,
        ignored_columns=tuple(ignored),
    )
    return summary, rows, skipped


def _year_text(text: str) -> int | None:
    """A year written as text: "2020", "31.12.2020", "2019/20" (the first year counts)."""
    stripped = text.strip()
    if re.fullmatch(r"(19|20)\d\d(\s*/\s*\d{2,4})?", stripped):
        return int(stripped[:4])
    return year_of(stripped)


def _target(raw, label, names, where, problems) -> tuple[float | None, int]:
    if raw is None:
        return None, 0
    number = parse_number(raw)
    if number is None or number.value is None:
        problems.append(
            warning(
                Said("target_not_a_number", indicator=label, value=as_text(raw)),
                column=names["target"],
                value=as_text(raw),
                accepted=Said("accepted_number"),
                **where,
            )
        )
        return None, 0
    return number.value, number.decimals


def _target_year(raw, label, names, where, problems) -> int | None:
    if raw is None:
        return None
    year = year_of(raw) if not isinstance(raw, str) else _year_text(raw)
    if year is None:
        problems.append(
            warning(
                Said("target_year_not_a_year", indicator=label, value=as_text(raw)),
                column=names["target_year"],
                value=as_text(raw),
                accepted=Said("accepted_year"),
                **where,
            )
        )
    return year


def _merge(rows: list[_Row], skips, year: int, problems: list[Problem]) -> list[_Row]:
    """Same indicator (name and Gebiet) and year twice: same value -> once; else an error."""
    first: dict[tuple, _Row] = {}
    kept: list[_Row] = []
    later: dict[str, int] = {}
    for r in rows:
        seen = first.get((r.key, r.year))
        if seen is None:
            if r.year > year:
                later[r.name] = later.get(r.name, 0) + 1
                skips[(r.source.file, r.source.sheet)].append(
                    SkippedRow(
                        r.source, Said("skip_after_reporting_year", row_year=r.year, year=year)
                    )
                )
                continue
            first[(r.key, r.year)] = r
            kept.append(r)
            continue
        there = seen.source.describe()
        skipped = skips[(r.source.file, r.source.sheet)]
        label = (
            Said("indicator_in_area", name=r.name, area=r.area)
            if r.area
            else Said("indicator", name=r.name)
        )
        if seen.number.value == r.number.value:
            same_sheet = (seen.source.file, seen.source.sheet) == (r.source.file, r.source.sheet)
            report = warning if same_sheet else note
            problems.append(
                report(
                    Said(
                        "indicator_duplicate_identical",
                        indicator=label,
                        year=r.year,
                        there=seen.source,
                    ),
                    **r.source.where(),
                )
            )
            skipped.append(SkippedRow(r.source, Said("skip_identical", there=seen.source)))
        else:
            problems.append(
                error(
                    f"{label}, {r.year} steht zweimal mit verschiedenen Werten: hier "
                    f"{quote(r.written)}, in {there} {quote(seen.written)}. Bitte einen der "
                    "beiden Werte korrigieren oder löschen.",
                    column=r.value_header,
                    value=r.written,
                    **r.source.where(),
                )
            )
            skipped.append(SkippedRow(r.source, Said("skip_indicator_year_twice")))
    for name, count in later.items():
        problems.append(
            note(Said("values_after_reporting_year", name=name, count=count, year=year))
        )
    return kept


def _indicators(rows: list[_Row], year: int, previous: int | None, problems) -> list[Indicator]:
    groups: dict[tuple, list[_Row]] = {}
    for r in rows:
        groups.setdefault(r.key, []).append(r)
    result = []
    for group in groups.values():
        ordered = sorted(group, key=lambda r: r.year)
        latest = ordered[-1]
        meta = {}
        for attribute in ("field", "unit", "source_text", "definition", "area"):
            given = [r for r in ordered if getattr(r, attribute) not in ("", NO_FIELD)]
            meta[attribute] = getattr(given[-1], attribute) if given else getattr(latest, attribute)
            if attribute in ("field", "unit"):
                problems.extend(_inconsistent(given, attribute))
        targets = [r for r in ordered if r.target is not None]
        target_years = [r for r in ordered if r.target_year is not None]
        decimals = max(r.number.decimals for r in ordered)
        if targets:
            decimals = max(decimals, targets[-1].target_decimals)
        first = min(group, key=lambda r: (r.source.file, r.source.sheet, r.source.row))
        result.append(
            Indicator(
                name=latest.name,
                field=meta["field"],
                unit=meta["unit"],
                area=meta["area"],
                source=meta["source_text"],
                definition=meta["definition"],
                target=targets[-1].target if targets else None,
                target_year=target_years[-1].target_year if target_years else None,
                values=tuple((r.year, r.number.value) for r in ordered),
                decimals=min(decimals, 6),
                year=year,
                previous_year=previous,
                origin=first.source,
            )
        )
    return result


def _inconsistent(rows: list[_Row], attribute: str) -> list[Problem]:
    """A warning when rows of one indicator name different fields or units."""
    if len({getattr(r, attribute) for r in rows}) < 2:
        return []
    latest = rows[-1]
    other = next(r for r in reversed(rows) if getattr(r, attribute) != getattr(latest, attribute))
    what = Said({"field": "word_field", "unit": "word_unit"}[attribute])
    return [
        warning(
            Said(
                "indicator_inconsistent",
                name=latest.name,
                what=what,
                year=latest.year,
                value=getattr(latest, attribute),
                other_year=other.year,
                other=getattr(other, attribute),
                there=other.source,
            ),
            column=what,
            **latest.source.where(),
        )
    ]
