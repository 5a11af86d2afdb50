"""Raw sheets -> one YearData per year: values normalised, every row accounted for.

Every non-blank row below a header ends up either as a Measure or as a SkippedRow with its
reason; problems (errors and warnings) are collected, never raised one at a time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..problems import Problem, Said, error, quote, warning
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
)
from .tables import FileContents, RawTable
from .values import as_text, is_blank, is_open_ended, natural_key, year_of

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
    counted = count_per_sheet(m.source for m in measures)
    sheets = [
        replace(
            s,
            measures=counted.get((s.file, s.sheet), 0),
            skipped=tuple(sheet_skips[(s.file, s.sheet)]),
        )
        for s in sheets
    ]
    if not measures and not any(p.is_error for p in problems):
        names = ", ".join(c.file.name for c in contents) or "keine Dateien"
        problems.append(error(f"Für {year} wurden keine Maßnahmen gefunden (gelesen: {names})."))
    ordered = tuple(sorted(measures, key=lambda m: natural_key(m.id)))
    return YearData(year, ordered, tuple(sheets), tuple(problems))


def _read_table(table: RawTable, config: Config, allow_missing: bool, problems: list[Problem]):
    measures, skipped, blank = [], [], 0
    last_field = None
    vocabulary = config.vocabulary
    # Per table, not per row: the columns we read, a status word's match, a status's kind.
    used = [(c.key, c.position) for c in table.columns if c.key]
    headers = {c.key: c.header for c in table.columns if c.key}
    match = _remembered(vocabulary.match)
    kinds = {s.label: s.kind for s in vocabulary.statuses}
    fields: dict[str, str | None] = {}  # field cell as written -> configured name
    text = _remembered_typed(as_text)  # leads, partners, dates, statuses repeat row to row
    end_years = _remembered_typed(year_of)
    own_fields: dict[str, str] = {}  # Nr. prefix -> its field (the first configured wins)
    for f in config.fields:
        own_fields.setdefault(f.code, f.name)
    file, sheet = table.file, table.sheet
    for row_number, values in table.rows:
        for v in values:  # is_blank inlined: this loop runs for every cell read
            if v is not None and not (isinstance(v, str) and not v.strip()):
                break
        else:
            blank += 1
            continue
        cells = {}
        for key, position in used:
            value = values[position] if position < len(values) else None
            if isinstance(value, str) and not value.strip():
                value = None
            cells[key] = value
        source = Source(file, sheet, row_number)
        where = {"file": file, "sheet": sheet, "row": row_number}  # source.where()
        filled_down = False
        if cells.get("field") is not None:
            last_field = cells["field"]
        elif "field" in cells:
            cells["field"] = last_field  # merged cells / grouped lists: the value above counts
            filled_down = last_field is not None
        raw_id = cells.get("id")
        if raw_id is None:
            filled = [v for v in values if not is_blank(v)]
            if len(filled) == 1 and cells.get("status") is None:
                skipped.append(
                    SkippedRow(source, Said("skip_subheading_without_id", text=as_text(filled[0])))
                )
            else:
                problems.append(
                    error(
                        "Die Zeile hat Einträge, aber keine Nr.; ohne Nr. kann die Maßnahme "
                        "keinem Vorjahr zugeordnet werden. Bitte die Nr. eintragen.",
                        column=headers["id"],
                        value=as_text(cells.get("title")),
                        **where,
                    )
                )
                skipped.append(SkippedRow(source, Said("skip_no_id")))
            continue
        if isinstance(raw_id, str):  # the usual case, as in _measure_id
            measure_id, id_was_number = as_text(raw_id), False
        else:
            measure_id, id_was_number = _measure_id(raw_id, headers["id"], where, problems)
        if measure_id is None:
            skipped.append(SkippedRow(source, Said("skip_id_unreadable")))
            continue
        title = as_text(cells.get("title"))
        if not title:
            problems.append(
                error(
                    f"Maßnahme {measure_id} hat keinen Titel.",
                    column=headers["title"],
                    **where,
                )
            )
        raw_status = cells.get("status")
        status_written = text(raw_status)
        status = match(status_written) if raw_status is not None else None
        if status is None:  # no status or an unknown word: _status says what is wrong
            status = _status(
                raw_status,
                measure_id,
                headers["status"],
                where,
                vocabulary,
                allow_missing,
                problems,
                match,
            )
        end_raw = cells.get("end")
        end_year = None
        if end_raw is not None and not is_open_ended(end_raw):
            end_year = end_years(end_raw)
            if end_year is None:
                problems.append(
                    warning(
                        Said("end_unreadable", id=measure_id),
                        column=headers["end"],
                        value=as_text(end_raw),
                        accepted=Said("accepted_date"),
                        **where,
                    )
                )
        reason = as_text(cells.get("reason"))
        if status and kinds[status] == "dropped" and not reason:
            problems.append(
                warning(
                    Said("dropped_without_reason", id=measure_id, status=status),
                    column=headers.get("reason", headers["status"]),
                    **where,
                )
            )
        field = resolve_field(
            text(cells.get("field")),
            measure_id,
            config.fields,
            headers.get("field", ""),
            where,
            problems,
            fields,
        )
        own = own_fields.get(measure_id.split(".")[0].strip()) if filled_down else None
        if own is not None and own != field:  # as prefix_disagrees tests, looked up once
            problems.extend(prefix_disagrees(measure_id, field, config.fields, where))
        measures.append(
            Measure(
                id=measure_id,
                title=title,
                field=field,
                status=status,
                source=source,
                lead=text(cells.get("lead")),
                partners=text(cells.get("partners")),
                target_group=text(cells.get("target_group")),
                start=text(cells.get("start")),
                end=text(end_raw),
                end_year=end_year,
                note=as_text(cells.get("note")),
                reason=reason,
                status_written=status_written,
                id_was_number=id_was_number,
                rating=as_text(cells.get("rating")),
            )
        )
    return measures, skipped, blank


def _measure_id(raw, header, where, problems) -> tuple[str | None, bool]:
    if isinstance(raw, (dt.datetime, dt.date)):
        problems.append(
            error(
                "Die Nr. wurde von der Tabellenkalkulation in ein Datum umgewandelt "
                f"(gelesen: {as_text(raw)}); die ursprüngliche Nr. ist nicht mehr erkennbar. "
                "Bitte die Spalte als Text formatieren und die Nr. neu eintragen.",
                column=header,
                value=as_text(raw),
                **where,
            )
        )
        return None, False
    if isinstance(raw, bool):
        problems.append(
            error(
                f"Die Nr. ist ein Wahrheitswert ({'WAHR' if raw else 'FALSCH'}), keine Nummer. "
                "Bitte die Nr. der Maßnahme als Text eintragen.",
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


def _remembered_typed(function):
    """As _remembered, for cell values: 1, 1.0 and True are equal keys, but not the same cell."""
    known = {}

    def remembered(argument):
        key = (type(argument), argument)
        if key not in known:
            known[key] = function(argument)
        return known[key]

    return remembered


def _remembered(function):
    """`function` of one argument, computed once per argument (status words repeat)."""
    known = {}

    def remembered(argument):
        if argument not in known:
            known[argument] = function(argument)
        return known[argument]

    return remembered


def _status(
    raw, measure_id, header, where, vocabulary, allow_missing, problems, match=None
) -> str | None:
    if raw is None:
        if not allow_missing:
            problems.append(
                error(
                    f"Maßnahme {measure_id} hat keinen Status (keine Rückmeldung). Bitte "
                    "nachtragen oder den Bericht mit --allow-missing erstellen; die Maßnahme "
                    "wird dann als „keine Rückmeldung“ geführt und nicht mitgezählt.",
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
                f"{quote(written)} ist kein bekannter Status.",
                column=header,
                value=written,
                accepted=", ".join(vocabulary.labels),
                suggestion=f"Meinten Sie „{guess}“?" if guess else "",
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
        there = seen.source.describe()
        skipped = sheet_skips[(m.source.file, m.source.sheet)]
        differs = [COLUMNS[f][0] for f in COMPARED if getattr(seen, f) != getattr(m, f)]
        if seen.id_was_number or m.id_was_number:
            problems.append(
                error(
                    f"Nr. {m.id} kommt doppelt vor (auch {there}); mindestens eine ist als Zahl "
                    "gespeichert – vermutlich ist aus „1.10“ eine 1.1 geworden. Bitte die "
                    "Nr.-Spalte als Text formatieren und die Nummern prüfen.",
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
                    f"Nr. {m.id} steht zweimal mit verschiedenen Angaben: hier und in {there} "
                    f"(Unterschiede: {', '.join(differs)}). Bitte eine der beiden Zeilen "
                    "korrigieren oder löschen.",
                    value=m.id,
                    **m.source.where(),
                )
            )
            skipped.append(SkippedRow(m.source, Said("skip_id_twice")))
    return kept
