"""Raw sheets -> one YearData per year: values normalised, every row accounted for.

Every non-blank row below a header ends up either as a Measure or as a SkippedRow with its
reason; problems (errors and warnings) are collected, never raised one at a time.
"""

from __future__ import annotations

import datetime as dt
from itertools import repeat
from operator import attrgetter, itemgetter

from ..problems import Problem, Said, error, warning
from .columns import COLUMNS
from .config import Config
from .fields import NO_FIELD, prefix_disagrees, resolve_field
from .rows import (
    Measure,
    SheetSummary,
    SkippedRow,
    Source,
    YearData,
    count_per_sheet,
    measure_of_fields,
    reconciled,
    source_of_fields,
)
from .table_columns import (
    REPEATING,
    UNIQUE,
    UNREADABLE,
    columns_of,
    each_once,
    each_text,
    end_year_of,
    filled_down,
    is_filled,
    known_fields,
    rows_to_look_at,
)
from .tables import FileContents, RawTable
from .values import as_text, is_blank, natural_key

# Re-exported: the records of a year are still imported from here.
__all__ = [
    "NO_FIELD", "Measure", "SheetSummary", "SkippedRow", "Source", "YearData", "count_per_sheet",
    "resolve_field", "validate_year",
]  # fmt: skip


def validate_year(
    year: int, contents: list[FileContents], config: Config, allow_missing: bool = False
) -> YearData:
    problems: list[Problem] = []
    candidates: list[Measure] = []
    sheets: list[SheetSummary] = []
    sheet_skips: dict[tuple[str, str], list[SkippedRow]] = {}
    for content in contents:
        problems.extend(content.problems)
        for table in content.tables:
            measures, skipped, blank = _read_table(table, config, allow_missing, problems)
            candidates.extend(measures)
            sheet_skips[(table.file, table.sheet)] = skipped
            sheets.append(
                SheetSummary(
                    table.file,
                    table.sheet,
                    table.header_row,
                    rows=len(table.rows) - blank,
                    measures=0,  # filled in below, after duplicates are merged
                    skipped=(),
                    blank_rows=blank,
                    ignored_columns=tuple(c.header for c in table.columns if c.key is None),
                )
            )
    measures = _merge_duplicates(candidates, sheet_skips, problems)
    sheets = reconciled(sheets, (m.source for m in measures), sheet_skips, "measures")
    if not measures and not any(p.is_error for p in problems):
        names = ", ".join(c.file.name for c in contents) or Said("no_files_read")
        problems.append(error(Said("year_without_measures", year=year, names=names)))
    # by natural ID, stably; the keys made by C-level maps, not a Python lambda per measure
    keys = list(map(natural_key, map(attrgetter("id"), measures)))
    ordered = tuple(measures[i] for i in sorted(range(len(measures)), key=keys.__getitem__))
    return YearData(year, ordered, tuple(sheets), tuple(problems))


def _read_table(table: RawTable, config: Config, allow_missing: bool, problems: list[Problem]):
    """The table's rows -> Measures and SkippedRows, problems in row order. Cells are taken
    per column and each distinct cell text converted once (statuses, fields, leads and ends
    repeat); every row's Measure is then made column by column, and only the rows a check can
    find something in (rows_to_look_at: a few hundred in 188,000) go through the checks one
    by one, which make their problems, skipped rows and Measures."""
    vocabulary = config.vocabulary
    headers = {c.key: c.header for c in table.columns if c.key}
    kinds = {s.label: s.kind for s in vocabulary.statuses}
    fields: dict[str, str | None] = {}  # field cell as written -> configured name
    own_fields: dict[str, str] = {}  # Nr. prefix -> its field (the first configured wins)
    for f in config.fields:
        own_fields.setdefault(f.code, f.name)
    file, sheet = table.file, table.sheet
    rows = [(n, values) for n, values in table.rows if is_filled(values)]
    blank = len(table.rows) - len(rows)
    column = columns_of(table, rows)
    field_cells, taken_from_above = filled_down(column["field"], "field" in headers)
    status_cells = column["status"]
    status_texts = each_once(as_text, status_cells)
    matched = {text: vocabulary.match(text) for text in set(status_texts)}
    statuses = [
        None if c is None else matched[t] for c, t in zip(status_cells, status_texts, strict=True)
    ]
    end_cells = column["end"]
    end_years = each_once(end_year_of, end_cells)
    leads, partners, target_groups, starts, ends = (
        each_once(as_text, column[k]) for k in REPEATING
    )
    titles, notes, reasons, ratings = (each_text(column[k]) for k in UNIQUE)  # mostly distinct
    ids = each_text(column["id"])  # a Nr. written as text, as the Measure keeps it
    field_texts = each_once(as_text, field_cells)
    known = known_fields(set(field_texts), config.fields, fields)
    field_column = [
        known.get(text) if text else own_fields.get(i.split(".")[0].strip(), NO_FIELD)
        for text, i in zip(field_texts, ids, strict=True)
    ]  # a row without a field cell takes the field its Nr. names (resolve_field)
    sources = list(
        map(source_of_fields, zip(repeat(file), repeat(sheet), map(itemgetter(0), rows)))
    )
    measures: list[Measure | None] = list(
        map(
            measure_of_fields,
            zip(
                ids, titles, field_column, statuses, sources, leads, partners, target_groups,
                starts, ends, end_years, notes, reasons, status_texts, repeat(False), ratings,
                strict=False,  # repeat() is endless; the others are one per row
            ),
        )
    )  # fmt: skip
    dropped = {label for label, kind in kinds.items() if kind == "dropped"}
    looked_at = rows_to_look_at(
        column["id"], titles, statuses, end_years, reasons, field_column, taken_from_above,
        ids, own_fields, dropped,
    )  # fmt: skip
    skipped = []
    for i in looked_at:
        row_number, values = rows[i]
        raw_id, raw_status, status = column["id"][i], status_cells[i], statuses[i]
        source = sources[i]
        where = {"file": file, "sheet": sheet, "row": row_number}  # source.where()
        made, measures[i] = measures[i], None  # the row's Measure again only if it is one
        if raw_id is None:
            filled = [v for v in values if not is_blank(v)]
            if len(filled) == 1 and raw_status is None:
                skipped.append(
                    SkippedRow(source, Said("skip_subheading_without_id", text=as_text(filled[0])))
                )
            else:
                problems.append(
                    error(
                        Said("row_without_id"),
                        column=headers["id"],
                        value=titles[i],
                        **where,
                    )
                )
                skipped.append(SkippedRow(source, Said("skip_no_id")))
            continue
        if isinstance(raw_id, str):  # the usual case, as in _measure_id
            measure_id, id_was_number = ids[i], False
        else:
            measure_id, id_was_number = _measure_id(raw_id, headers["id"], where, problems)
        if measure_id is None:
            skipped.append(SkippedRow(source, Said("skip_id_unreadable")))
            continue
        title = titles[i]
        if not title:
            problems.append(
                error(
                    Said("measure_without_title", id=measure_id),
                    column=headers["title"],
                    **where,
                )
            )
        if raw_status is None and (row_number, headers["status"]) in table.reported:
            pass  # an Excel error in the status cell: said already, not a missing answer
        elif status is None:  # no status or an unknown word: _status says what is wrong
            status = _status(
                raw_status,
                measure_id,
                headers["status"],
                where,
                vocabulary,
                allow_missing,
                problems,
                vocabulary.match,
            )
        end_year = end_years[i]
        if end_year is UNREADABLE:
            end_year = None
            problems.append(
                warning(
                    Said("end_unreadable", id=measure_id),
                    column=headers["end"],
                    value=as_text(end_cells[i]),
                    accepted=Said("accepted_date"),
                    **where,
                )
            )
        reason = reasons[i]
        if status and kinds[status] == "dropped" and not reason:
            problems.append(
                warning(
                    Said("dropped_without_reason", id=measure_id, status=status),
                    column=headers.get("reason", headers["status"]),
                    **where,
                )
            )
        field_text = field_texts[i]
        field = fields.get(field_text) if field_text else None  # known: the usual case
        if field is None:  # no cell, an unknown text or not seen yet: resolve_field says
            field = resolve_field(
                field_text,
                measure_id,
                config.fields,
                headers.get("field", ""),
                where,
                problems,
                fields,
            )
        own = own_fields.get(measure_id.split(".")[0].strip()) if taken_from_above[i] else None
        if own is not None and own != field:  # as prefix_disagrees tests, looked up once
            problems.extend(prefix_disagrees(measure_id, field, config.fields, where))
        measures[i] = made._replace(  # what the checks decided; the rest as made above
            id=measure_id,
            field=field,
            status=status,
            end_year=end_year,
            id_was_number=id_was_number,
        )
    if skipped:
        measures = [m for m in measures if m is not None]
    return measures, skipped, blank


def _measure_id(raw, header, where, problems) -> tuple[str | None, bool]:
    if isinstance(raw, (dt.datetime, dt.date)):
        problems.append(
            error(
                Said("id_became_date", value=as_text(raw)),
                column=header,
                value=as_text(raw),
                **where,
            )
        )
        return None, False
    if isinstance(raw, bool):
        problems.append(
            error(
                Said("id_is_boolean", value=Said("excel_true" if raw else "excel_false")),
                column=header,
                value=str(raw),
                **where,
            )
        )
        return None, False
    if isinstance(raw, (int, float)):
        text = as_text(raw)
        if isinstance(raw, float) and not raw.is_integer():
            problems.append(
                warning(
                    Said("id_stored_as_number", text=text),
                    column=header,
                    value=text,
                    **where,
                )
            )
            return text, True
        return text, False
    return as_text(raw), False


def _status(
    raw, measure_id, header, where, vocabulary, allow_missing, problems, match=None
) -> str | None:
    if raw is None:
        if not allow_missing:
            problems.append(
                error(
                    Said("measure_without_status", id=measure_id),
                    column=header,
                    **where,
                )
            )
        return None
    written = as_text(raw)
    status = (match or vocabulary.match)(written)
    if status is None:
        guess = vocabulary.suggest(written)
        problems.append(
            error(
                Said("status_unknown", value=written),
                column=header,
                value=written,
                accepted=", ".join(vocabulary.labels),
                suggestion=Said("did_you_mean", guess=guess) if guess else "",
                **where,
            )
        )
        return None
    return status


# The values two rows of one ID must share to count as the same measure (unknown columns aside).
COMPARED = (
    "title",
    "field",
    "status",
    "lead",
    "partners",
    "target_group",
    "start",
    "end",
    "note",
    "reason",
)


def _merge_duplicates(candidates, sheet_skips, problems) -> list[Measure]:
    """Same ID twice in one year: identical -> once (warning); different -> error."""
    first: dict[str, Measure] = {}
    kept = []
    for m in candidates:
        seen = first.get(m.id)
        if seen is None:
            first[m.id] = m
            kept.append(m)
            continue
        skipped = sheet_skips[(m.source.file, m.source.sheet)]
        differs = [COLUMNS[f][0] for f in COMPARED if getattr(seen, f) != getattr(m, f)]
        if seen.id_was_number or m.id_was_number:
            problems.append(
                error(
                    Said("id_twice_stored_as_number", id=m.id, there=seen.source),
                    value=m.id,
                    **m.source.where(),
                )
            )
            skipped.append(SkippedRow(m.source, Said("skip_id_twice")))
        elif not differs:
            problems.append(
                warning(
                    Said("duplicate_identical", id=m.id, there=seen.source),
                    **m.source.where(),
                )
            )
            skipped.append(SkippedRow(m.source, Said("skip_identical", there=seen.source)))
        else:
            problems.append(
                error(
                    Said(
                        "id_twice_differs", id=m.id, there=seen.source, columns=", ".join(differs)
                    ),
                    value=m.id,
                    **m.source.where(),
                )
            )
            skipped.append(SkippedRow(m.source, Said("skip_id_twice")))
    return kept
