"""Indicator sheets -> value rows: the header row found by the indicator columns' names, every
row below read and checked (name filled down, year, value, target), each row either a value
row (_Row, with its provenance) or a SkippedRow with its reason."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from ..problems import Joined, Problem, Said, error, warning
from .columns import normalise_header
from .config import Config
from .discover import INDICATORS
from .fields import resolve_field
from .headers import HEADER_SEARCH_ROWS, best_candidate, find_header
from .numbers import Number, parse_number
from .rows import SkippedRow, Source
from .table_reader import read_table
from .tables import RawSheet
from .values import as_text, is_blank, year_of

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


def _key_of(header) -> str | None:
    return _LOOKUP.get(normalise_header(header))


def _find_header(rows) -> int | None:
    return find_header(rows, _key_of, REQUIRED)


def _no_header(group: tuple[RawSheet, ...]) -> Problem:
    first = group[0]
    best = None
    for raw in group:  # the best candidate of all sheets (the first sheet of equals)
        found = best_candidate(raw.rows, _key_of)
        if found and (best is None or len(set(found[1].values())) > len(best[2])):
            best = (raw, found[0], set(found[1].values()))
    accepted = Said(
        "listed",
        items=Joined(
            tuple(
                Said("accepted_for_column", column=COLUMNS[k][0], names=", ".join(COLUMNS[k][1]))
                for k in REQUIRED
            ),
            "; ",
        ),
    )
    if best is None:
        return error(
            Said("indicator_table_not_found", rows=HEADER_SEARCH_ROWS),
            file=first.file,
            sheet=first.sheet if len(group) == 1 else "",
            accepted=accepted,
        )
    raw, index, keys = best
    missing = [k for k in REQUIRED if k not in keys]
    names = Joined(tuple(COLUMNS[k][0] for k in missing), Said("and"), quoted=True)
    key = "indicator_column_missing" if len(missing) == 1 else "indicator_columns_missing"
    return error(
        Said(key, names=names),
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
    table = read_table(raw.file, raw.sheet, raw.rows, header, _key_of, problems)
    columns = {c.key: c.position for c in table.columns if c.key}
    names = {c.key: c.header for c in table.columns if c.key}
    ignored = table.ignored()
    rows: list[_Row] = []
    skipped: list[SkippedRow] = []
    blank = 0
    last_name = last_field = None
    fields: dict[str, str] = {}  # field as written -> resolved (warn once per sheet)
    # An indicator's rows repeat its name (one row per year): its label and its key, made once.
    label_of = partial(_once, {}, lambda name: Said("indicator", name=name))
    key_of = partial(_once, {}, normalise_header)

    def cell(values, key):
        position = columns.get(key)
        if position is None or position >= len(values):
            return None
        value = values[position]
        return None if is_blank(value) else value

    def was_reported(row_number, key) -> bool:
        """The cell held an Excel error, reported by the table reader: not a missing entry."""
        return (row_number, names.get(key)) in table.reported

    for row_number, values in table.rows:
        source = Source(raw.file, raw.sheet, row_number)
        where = source.where()
        if all(is_blank(v) for v in values):
            blank += 1
            continue
        if was_reported(row_number, "name"):  # not filled down: the row's own name is unknown
            skipped.append(SkippedRow(source, Said("skip_indicator_unreadable")))
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
                        Said("indicator_row_without_name"),
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
        label = label_of(name)
        if raw_year is None and was_reported(row_number, "year"):
            skipped.append(SkippedRow(source, Said("skip_year_unreadable")))
            continue
        if raw_year is None:
            problems.append(
                error(Said("indicator_no_year", indicator=label), column=names["year"], **where),
            )
            skipped.append(SkippedRow(source, Said("skip_no_year")))
            continue
        year = _year_in(raw_year)
        if year is None:
            problems.append(
                error(
                    Said("indicator_year_unreadable", indicator=label, value=as_text(raw_year)),
                    column=names["year"],
                    value=as_text(raw_year),
                    accepted=Said("accepted_year_2020"),
                    **where,
                )
            )
            skipped.append(SkippedRow(source, Said("skip_year_unreadable")))
            continue
        if raw_value is None and was_reported(row_number, "value"):
            skipped.append(SkippedRow(source, Said("skip_value_unreadable")))
            continue
        number = parse_number(raw_value)
        if number is None:
            problems.append(
                error(
                    Said(
                        "indicator_value_unreadable",
                        indicator=label,
                        year=year,
                        value=as_text(raw_value),
                    ),
                    column=names["value"],
                    value=as_text(raw_value),
                    accepted=Said("accepted_number_or_gap"),
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
                key=(key_of(name), key_of(area)),
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
        rows=len(table.rows) - blank,
        values=0,  # filled in after duplicates are merged
        skipped=(),
        blank_rows=blank,
        ignored_columns=ignored,
    )
    return summary, rows, skipped


def _once(known: dict, make, text: str):
    """make(text), once per distinct text: kept in `known`."""
    made = known.get(text)
    if made is None:
        made = known[text] = make(text)
    return made


def _year_in(raw) -> int | None:
    """The year a Jahr or Zieljahr cell names: a text read by _year_text, others by year_of."""
    return _year_text(raw) if isinstance(raw, str) else year_of(raw)


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
    year = _year_in(raw)
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
