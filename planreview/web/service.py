"""The one door from the web app into the pipeline: read, check, build, forms.

Everything the pages need from planreview's stages goes through here, so that when the
library API (`planreview.analyse`, `planreview.build`) settles, only this module changes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..analyse import run as analyse_inputs
from ..analyse.pipeline import Analysis
from ..problems import InputError, Problem, Said, Severity, error
from ..read.config import Config, find_config, load_config
from ..read.discover import discover

OUTPUT_KINDS = ("pdf", "xlsx", "json", "html")  # what a build from the web app writes
# The build's steps as the page lists them, said as Said(f"web_step_{name}").
BUILD_STEPS = ("read", "compare", "files", "html", "pdf")


@dataclass(frozen=True)
class Checked:
    """An analysis, or the problems that stopped it before it started (a broken config)."""

    analysis: Analysis | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.analysis is not None and self.analysis.ok

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.WARNING)


def config_of(inputs: Path) -> Config:
    return load_config(find_config(inputs, None))


def years_found(inputs: Path) -> tuple[int, ...]:
    return discover(inputs).years if inputs.is_dir() else ()


def check(
    inputs: Path, year: int | None = None, previous: int | None = None, allow_missing=True
) -> Checked:
    """What `check` finds; with allow_missing the overview still counts unanswered measures."""
    try:  # the library's API, as the command line calls it
        analysis = analyse_inputs(inputs, year=year, previous=previous, allow_missing=allow_missing)
    except InputError as exc:
        return Checked(None, tuple(exc.problems))
    return Checked(analysis, analysis.problems)


def build(
    inputs: Path,
    reports: Path,
    year: int | None,
    previous: int | None,
    language: str | None,
    variant: str,
    step: Callable[[int], None],
    allow_missing: bool = False,
    templates: Path | None = None,
) -> tuple[Checked, dict[str, Path], int]:
    """The report with its xlsx, JSON and HTML beside it -> (check, files written, pages).
    `step(i)` is called as step i of BUILD_STEPS starts; nothing is written on errors."""
    from ..build import build as build_outputs  # noqa: PLC0415 - rendering imports only here
    from ..build import default_output  # noqa: PLC0415
    from ..report.typeset import RenderError  # noqa: PLC0415

    step(0)
    checked = check(inputs, year, previous, allow_missing)
    if not checked.ok:
        return checked, {}, 0
    analysis = checked.analysis
    step(1)
    files = {kind: default_output(analysis, f".{kind}", reports) for kind in OUTPUT_KINDS}
    # the library's steps, as the page's list of steps shows them
    steps = {"json": 2, "xlsx": 2, "html": 3, "pdf": 4}
    try:
        result = build_outputs(
            analysis,
            pdf=files["pdf"],
            json=files["json"],
            xlsx=files["xlsx"],
            html=files["html"],
            pdf_variant=variant,
            language=language,
            templates=templates,
            progress=lambda name: step(steps[name]) if name in steps else None,
        )
    except InputError as exc:
        return Checked(None, tuple(exc.problems)), {}, 0
    except RenderError as exc:
        problems = tuple(error(Said("web_pdf_failed", reason=m)) for m in exc.messages)
        return Checked(None, problems), {}, 0
    return checked, files, result.pages or 0


def forms_base_year(inputs: Path, year: int) -> int:
    from ..collect.forms import base_year  # noqa: PLC0415

    return base_year(years_found(inputs), year, None)


def write_forms(inputs: Path, year: int, out: Path):
    """The next round's forms (collect.forms.FormsResult); InputError when the base year has
    errors."""
    from ..collect.forms import write_forms as write  # noqa: PLC0415 - openpyxl only here

    return write(inputs, config_of(inputs), year, out)


def zip_of(paths: list[Path]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in paths:
            archive.write(path, path.name)
    return buffer.getvalue()


def responses_for(inputs: Path, year: int):
    """Who has answered for `year` (the round the forms ask for): analysis.Responses against
    the forms' base year; with no file for `year` yet, nobody has."""
    from ..analyse.responses import responses  # noqa: PLC0415
    from ..collect.forms import read_base  # noqa: PLC0415
    from ..read.validate import YearData  # noqa: PLC0415

    base = read_base(inputs, config_of(inputs), year)
    if year in years_found(inputs):
        checked = check(inputs, year, base.year)
        if checked.analysis is not None and checked.analysis.responses is not None:
            return checked.analysis.responses
    return responses(YearData(year, (), (), ()), base)


def form_name(lead: str, year: int) -> str:
    """The file name `forms` gives the actor's form."""
    from ..collect.forms import safe_file_name  # noqa: PLC0415

    return safe_file_name(lead, year)


def reminder(inputs: Path, templates: Path, actor, year: int, form: Path) -> bytes:
    from ..collect.reminders import reminder as draft  # noqa: PLC0415
    from ..collect.reminders import template_text  # noqa: PLC0415

    return draft(actor, year, form, config_of(inputs), template_text(templates))
