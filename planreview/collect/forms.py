"""The collection round: one pre-filled form (xlsx) per lead actor for the coming year.

Each form lists the actor's measures from the latest year before the one asked for, with last
year's status and Sachstand (locked, grey) and input cells for this year. The headers are the
loader's own (see columns.py), so a returned form dropped unchanged into inputs/<year>/ is read
like any other return file; last year's values sit in columns the loader ignores.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..console import command
from ..problems import InputError, Problem, Said, Severity, YearHasErrors, counted, error
from ..read.config import Config
from ..read.discover import YEAR_IN_NAME, discover
from ..read.tables import read_file
from ..read.validate import Measure, YearData, validate_year
from .formsheet import form_workbook, named
from .leads import group_by_lead

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Form:
    lead: str  # the actor as written, "" for the measures without one
    path: Path
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class FormsResult:
    year: int  # the year asked for
    base_year: int  # the year the forms are filled from
    out: Path
    forms: tuple[Form, ...]
    problems: tuple[Problem, ...]  # warnings and notes of the base year's files


def base_year(available: tuple[int, ...], year: int, base: int | None) -> int:
    """The latest year before `year` (or `base`, if given and earlier)."""
    earlier = [y for y in available if y < year]
    shown = ", ".join(map(str, available)) or Said("check_no_years")
    if base is None and earlier:
        return earlier[-1]
    if base is not None and base in earlier:
        return base
    if base is None:
        message = Said("forms_no_earlier_year", year=year, available=shown)
    else:
        message = Said("forms_base_year_missing", base=base, year=year, available=shown)
    raise InputError([error(message)])


def read_base(inputs: Path, config: Config, year: int, base: int | None = None) -> YearData:
    """The measures the forms are filled from; YearHasErrors when that year's files have
    errors (the caller says where to correct them)."""
    found = discover(inputs)
    chosen = base_year(found.years, year, base)
    contents = [read_file(f) for f in found.files_of(chosen)]
    data = validate_year(chosen, contents, config, allow_missing=True)
    problems = [p for p in (*found.problems, *data.problems) if p.is_error]
    if problems:
        raise YearHasErrors(problems, chosen)
    return data


# German letters in a file name written the ASCII way (the rest is dropped by NFKD).
TRANSLITERATION = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}


def safe_file_name(lead: str, year: int) -> str:
    """File name "Rueckmeldung_2021_VHS_Wolfenbuettel.xlsx": ASCII letters, digits and _
    only, and no year other than `year` (the loader would take the file for another year).
    The measures without a lead ("") get "Rueckmeldung_2021_ohne_Federfuehrung.xlsx"."""
    text = named(lead).translate(str.maketrans(TRANSLITERATION))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")[:60].strip("_") or Said("forms_unnamed")
    text = YEAR_IN_NAME.sub(lambda m: f"{m.group(0)[:2]}-{m.group(0)[2:]}", text)
    return f"Rueckmeldung_{year}_{text}.xlsx"


def write_forms(
    inputs: Path, config: Config, year: int, out: Path, base: int | None = None
) -> FormsResult:
    from ..export.files import write_together  # noqa: PLC0415
    from ..export.summary import output_problems  # noqa: PLC0415 - export pulls in the pipeline

    unwritable = output_problems([out / f"Rueckmeldung_{year}.xlsx"])
    if unwritable:  # before any work, not after the first of many forms
        raise InputError(unwritable)
    data = read_base(inputs, config, year, base)
    forms, taken, made = [], set(), {}
    for lead, measures in group_by_lead(data.measures):
        name = safe_file_name(lead, year)
        n = 1
        while name.casefold() in taken:  # two actors, one safe name
            n += 1
            name = safe_file_name(lead, year).replace(".xlsx", f"_{n}.xlsx")
        taken.add(name.casefold())
        buffer = io.BytesIO()
        form_workbook(measures, lead, year, data.year, config).save(buffer)
        made[out / name] = buffer.getvalue()
        forms.append(Form(lead, out / name, tuple(measures)))
    write_together(made)  # all forms or none
    problems = tuple(p for p in data.problems if not p.is_error)
    return FormsResult(year, data.year, out, tuple(forms), problems)


def run(args, stdout) -> int:
    """`review.py forms`: write the forms, say where and what to do next."""
    from ..read.config import find_config, load_config  # noqa: PLC0415

    config = load_config(find_config(args.inputs, args.config))
    if not args.inputs.is_dir():
        raise InputError([error(Said("inputs_missing", inputs=str(args.inputs)))])
    year = args.year
    if year is None:
        years = discover(args.inputs).years
        if not years:
            raise InputError([error(Said("forms_no_tables", inputs=str(args.inputs)))])
        year = years[-1] + 1
    out = args.out or Path("reports") / f"forms-{year}"
    try:
        result = write_forms(args.inputs, config, year, out, args.previous)
    except YearHasErrors as exc:
        hint = Said("forms_base_has_errors", year=exc.year, command=command())
        raise InputError([*exc.problems, error(hint)]) from None
    total = sum(len(f.measures) for f in result.forms)
    lines = [
        Said(
            "forms_written",
            year=year,
            out=str(out),
            base=result.base_year,
            measures=total,
            files=len(result.forms),
        )
    ]
    for form in result.forms:
        measures = counted(len(form.measures), "measures")
        lead = named(form.lead)
        lines.append(Said("forms_file", name=form.path.name, lead=lead, measures=measures))
    warnings = sum(1 for p in result.problems if p.severity is Severity.WARNING)
    if warnings:
        warnings = counted(warnings, "warnings")
        base = result.base_year
        lines.append(Said("forms_base_warnings", base=base, warnings=warnings, command=command()))
    if not config.collection.deadline:
        lines.append(Said("forms_no_deadline"))
    folder = str(args.inputs / str(year))
    lines.append(Said("forms_next", folder=folder, command=command(), year=year))
    print("\n".join(lines), file=stdout)
    return 0
