"""Build the outputs of one analysis: PDF, JSON summary, comparison workbook, HTML.

The one function the CLI and the web app call. Everything is made in memory first and
written at the end, so a run that fails (or is interrupted) leaves the old files in place.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .analyse.pipeline import Analysis
from .problems import InputError, Problem, Said, Severity, error
from .read.config import PDF_VARIANTS

# The steps reported to `progress`, in order; a caller words them in its own language.
STEPS = ("json", "xlsx", "html", "pdf", "write")


@dataclass(frozen=True)
class BuildResult:
    """What one build wrote (None: not asked for) and what the reader should know."""

    pdf: Path | None
    json: Path | None
    xlsx: Path | None
    html: Path | None
    pages: int | None  # pages of the PDF, None without one
    warnings: tuple[Problem, ...]  # the analysis' warnings (notes are for `check`)
    seconds: float

    @property
    def written(self) -> tuple[Path, ...]:
        return tuple(p for p in (self.json, self.xlsx, self.html, self.pdf) if p is not None)


def check_templates(templates: Path | None) -> None:
    """InputError when a templates folder given lacks the report's template: said before any
    work (the command line calls this before reading the inputs; build() again)."""
    if templates is not None and not (templates / "report.html.j2").is_file():
        raise InputError([error(Said("templates_incomplete", folder=str(templates)))])


def default_output(analysis: Analysis, suffix: str, folder: Path = Path("reports")) -> Path:
    """Where an output not named is written: reports/<file name>-<year><suffix> (the
    configuration's file name, the reporting year), for the CLI and the web app alike."""
    return folder / f"{analysis.config.file_name}-{analysis.compared.year}{suffix}"


def build(
    analysis: Analysis,
    *,
    pdf: Path | None = None,
    json: Path | None = None,
    xlsx: Path | None = None,
    html: Path | None = None,
    pdf_variant: str = PDF_VARIANTS[0],
    language: str | None = None,
    templates: Path | None = None,
    progress: Callable[[str], None] | None = None,
    ends_process: bool = False,
    ahead=None,
) -> BuildResult:
    """Write the outputs asked for. Raises InputError when the analysis has errors or an
    output cannot be written (checked before any work; OutputConflict when an output is an
    input, the configuration or another output), report.typeset.RenderError when
    WeasyPrint cannot set the PDF. ends_process: the process ends after this build (the
    command line), so the PDF's layout garbage is left to the end of the process
    (render.render_pdf); never in a long-running process. ahead: processes for the parts of
    a long report, started before the analysis (report.workers.Ahead)."""
    from .export import summary as export  # noqa: PLC0415 - keep `check` free of these imports
    from .export.files import OutputConflict, output_conflicts, write_together  # noqa: PLC0415

    started = time.perf_counter()
    if not analysis.ok:
        raise InputError(list(analysis.errors))
    check_templates(templates)
    step = progress or (lambda _name: None)
    targets = {"json": json, "xlsx": xlsx, "html": html, "pdf": pdf}
    discovery = analysis.discovery
    inputs = [f.path for f in discovery.files] + list(discovery.indicator_files)
    config = Path(analysis.config.source) if analysis.config.source else None
    conflicts = output_conflicts(targets, inputs, config)
    if conflicts:
        raise OutputConflict(conflicts)
    problems = export.output_problems([p for p in targets.values() if p is not None])
    if problems:
        raise InputError(problems)
    from .report.labels import load_labels  # noqa: PLC0415
    from .resources import default_templates  # noqa: PLC0415

    templates = templates or default_templates()
    # the words of the JSON's hint texts: the report's language, from the templates used
    labels = load_labels(templates, language or analysis.config.language)
    if ahead is not None and pdf is not None:  # while the JSON, xlsx and HTML are made
        ahead.prepare(labels.language)
    made: dict[str, bytes] = {}
    if json is not None:
        step("json")
        made["json"] = export.summary_json(analysis, labels)
    if xlsx is not None:
        from .export.workbook import comparison_xlsx  # noqa: PLC0415

        step("xlsx")
        made["xlsx"] = comparison_xlsx(analysis, language, labels)
    pages = None
    if html is not None or pdf is not None:
        from .report import render  # noqa: PLC0415

        step("html")
        text = render.render_html(analysis, templates, language)
        if html is not None:
            made["html"] = text.encode("utf-8")
        if pdf is not None:
            step("pdf")
            attachments = _attachments(analysis, pdf_variant, labels)
            made["pdf"], pages = render.render_pdf(
                text,
                pdf_variant,
                attachments,
                render.report_date(analysis),
                render.pdf_words(templates, language or analysis.config.language),
                ends_process=ends_process,
                ahead=ahead,
            )
    step("write")
    write_together({targets[kind]: data for kind, data in made.items()})
    return BuildResult(
        pdf=pdf,
        json=json,
        xlsx=xlsx,
        html=html,
        pages=pages,
        warnings=tuple(p for p in analysis.problems if p.severity is Severity.WARNING),
        seconds=time.perf_counter() - started,
    )


def _attachments(analysis: Analysis, pdf_variant: str, labels) -> tuple:
    """The data files a PDF/A-3 report carries (other variants carry none)."""
    from .export import summary as export  # noqa: PLC0415
    from .report import render  # noqa: PLC0415

    if pdf_variant not in render.ATTACHING_VARIANTS:
        return ()
    json, csv = (Said(f"attachment_{k}").in_language(labels.language) for k in ("json", "csv"))
    return (
        render.Attachment("zusammenfassung.json", export.summary_json(analysis, labels), json),
        render.Attachment("massnahmen.csv", export.measures_csv(analysis), csv),
    )
