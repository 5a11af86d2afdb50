"""Command line: parse arguments, call the stages, print messages (German, from messages.toml),
return exit codes.

Exit codes: 0 ok, 1 input problems (or output could not be written), 2 usage.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from . import analyse
from .cli_outputs import Output, check_outputs, files_to_write, outputs_asked
from .console import EscapingStream, command, os_message
from .export.files import OutputConflict
from .problems import InputError, Problem, Said, Severity, counted, error, said_in
from .read.config import LANGUAGES, PDF_VARIANTS

if TYPE_CHECKING:  # pandas only when something is analysed: `--help` and `verify` start fast
    from .analyse.pipeline import Analysis

log = logging.getLogger("planreview")
COMMANDS = ("build", "check", "verify", "forms", "serve")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        description=Said("cli_description"),
    )
    sub = main.add_subparsers(dest="command", metavar="{build,check,forms,verify,serve}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--inputs",
        type=Path,
        default=Path("inputs"),
        help=Said("cli_help_inputs"),
    )
    common.add_argument("--year", type=int, help=Said("cli_help_year"))
    common.add_argument("--previous", type=int, help=Said("cli_help_previous"))
    common.add_argument("--config", type=Path, help=Said("cli_help_config"))
    common.add_argument(
        "--allow-missing",
        action="store_true",
        help=Said("cli_help_allow_missing"),
    )
    loud = common.add_mutually_exclusive_group()
    loud.add_argument("-v", "--verbose", action="store_true", help=Said("cli_help_verbose"))
    loud.add_argument("-q", "--quiet", action="store_true", help=Said("cli_help_quiet"))
    build = sub.add_parser("build", parents=[common], help=Said("cli_help_build"))
    build.add_argument("--out", type=Output, help=Said("cli_help_out_pdf"))
    build.add_argument("--json", type=Output, help=Said("cli_help_json"))
    build.add_argument("--html", type=Output, help=Said("cli_help_html"))
    build.add_argument("--no-pdf", action="store_true", help=Said("cli_help_no_pdf"))
    build.add_argument(
        "--xlsx",
        type=Output,
        nargs="?",
        const=Output(""),  # without a name: the default file in reports/
        help=Said("cli_help_xlsx"),
    )
    build.add_argument(
        "--pdf-variant",
        choices=PDF_VARIANTS,
        default=PDF_VARIANTS[0],
        help=Said("cli_help_pdf_variant"),
    )
    build.add_argument("--templates", type=Path, help=Said("cli_help_templates"))
    build.add_argument("--lang", choices=LANGUAGES, help=Said("cli_help_lang"))
    check = sub.add_parser("check", parents=[common], help=Said("cli_help_check"))
    check.add_argument("--lang", choices=LANGUAGES, help=Said("cli_help_lang_check"))
    forms = sub.add_parser(
        "forms",
        parents=[common],
        help=Said("cli_help_forms"),
        description=Said("cli_description_forms"),
    )
    forms.add_argument("--out", type=Path, help=Said("cli_help_out_forms"))
    verify = sub.add_parser("verify", help=Said("cli_help_verify"))
    verify.add_argument("pdf", type=Path, help=Said("cli_help_pdf"))
    verify.add_argument("-v", "--verbose", action="store_true", help=Said("cli_help_traceback"))
    verify.add_argument("-q", "--quiet", action="store_true", help=Said("cli_help_quiet"))
    from .web.serve import add_arguments  # noqa: PLC0415 - no Flask import here

    add_arguments(sub.add_parser("serve", help=Said("cli_help_serve")))
    return main


def main(argv: list[str] | None = None, stdout=None, stderr=None, ends_process=False) -> int:
    stdout = EscapingStream(stdout or sys.stdout)
    stderr = EscapingStream(stderr or sys.stderr)
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")  # `review.py` alone builds the report
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return int(exc.code or 0)
    if ends_process and args.command != "serve":
        # One command, then the process ends: the cyclic collector would only walk the
        # millions of objects reading makes (none of them cyclic garbage) when it is switched
        # back on after each paused stage; the operating system frees everything at exit.
        # Never in the long-running server, nor for callers that go on after main().
        gc.disable()
    _setup_logging(args, stderr)
    say = speaker(args)
    try:
        if args.command == "check":
            return run_check(args, stdout)
        if args.command == "verify":
            return run_verify(args, stdout)
        if args.command == "serve":
            from .web.serve import run  # noqa: PLC0415 - Flask only for this command

            return run(args, stdout, stderr)
        if args.command == "forms":
            from .collect import forms  # noqa: PLC0415 - openpyxl only when writing forms

            return forms.run(args, stdout)
        return run_build(args, stdout, stderr, ends_process)
    except KeyboardInterrupt:  # Ctrl+C: outputs are written together at the end, none yet
        if args.verbose:
            raise
        print("\n" + say(Said("cli_interrupted")), file=stderr)
        return 130
    except InputError as exc:
        print_problems(exc.problems, stderr, say)
        return 2 if isinstance(exc, OutputConflict) else 1
    except OSError as exc:
        if args.verbose:
            raise
        print(say(Said("cli_error", message=os_message(exc))), file=stderr)
        return 1
    except ImportError as exc:  # e.g. a package missing from the virtualenv
        if args.verbose:
            raise
        if (exc.name or "planreview").startswith("planreview"):
            return _internal_error(exc, stderr, say)  # ours: a bug, not the installation
        print(say(Said("cli_package_missing", package=exc.name)), file=stderr)
        return 1
    except Exception as exc:  # a bug of ours: say so plainly, details with --verbose
        if args.verbose:
            raise
        return _internal_error(exc, stderr, say)


def speaker(args):
    """say(text): a message in the console's language: German, or --lang's (build, check)."""
    language = getattr(args, "lang", None) or "de"

    def say(text: str) -> str:
        return said_in(text, language)

    say.language = language
    return say


def _internal_error(exc: Exception, stderr, say) -> int:
    print(say(Said("cli_internal_error", kind=type(exc).__name__, reason=str(exc))), file=stderr)
    return 1


def _measures_read(comparison) -> str:
    """ "49 Maßnahmen", or "50 Maßnahmen, davon 39 ohne Rückmeldung" with --allow-missing."""
    from .analyse.compare import NO_RESPONSE  # noqa: PLC0415 - loaded by the analysis

    measures = counted(len(comparison.table), "measures")
    unanswered = comparison.counts()[NO_RESPONSE]  # no status (an unknown word is an error)
    if not unanswered:
        return measures
    return Said("cli_measures_unanswered", measures=measures, unanswered=unanswered)


def _setup_logging(args, stderr) -> None:
    level = logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.INFO
    handler = logging.StreamHandler(stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


def _analyse(args) -> Analysis:
    """The API's analyse() (planreview.analyse.run), with the command line's options."""
    return analyse.run(
        args.inputs,
        year=args.year,
        previous=args.previous,
        allow_missing=args.allow_missing,
        config=args.config,
    )


def run_build(args, stdout, stderr, ends_process: bool = False) -> int:
    started = time.perf_counter()
    say = speaker(args)
    from .build import check_templates  # noqa: PLC0415 - `check` needs none of build

    check_templates(args.templates)  # before the inputs are read
    check_outputs(args)
    log.info(say(Said("progress_read")))
    with _parts_ahead(args, ends_process) as ahead:
        return _analyse_and_build(args, stdout, stderr, ends_process, started, ahead)


def _parts_ahead(args, ends_process: bool):
    """The processes a long report's parts are set in, started now to import WeasyPrint
    while the inputs are read (report/workers.py): only for a PDF, from the command line."""
    if args.no_pdf or not ends_process:
        return contextlib.nullcontext()
    from .report.workers import Ahead  # noqa: PLC0415 - the standard library only

    return Ahead()


def _analyse_and_build(args, stdout, stderr, ends_process: bool, started: float, ahead) -> int:
    say = speaker(args)
    analysis = _analyse(args)
    if not analysis.ok:  # what stops the report, not the notes: those are in `check`
        stopping = [p for p in analysis.problems if p.severity is not Severity.NOTE]
        print_problems(stopping, stderr, say)
        errors = counted(len(analysis.errors), "errors")
        said = Said("cli_no_report", errors=errors, command=command())
        print("\n" + say(said), file=stderr)
        return 1
    from .build import build, default_output  # noqa: PLC0415 - `check` imports no rendering
    from .report.typeset import RenderError  # noqa: PLC0415 - not render: no Jinja for --no-pdf

    comparison = analysis.compared
    files = files_to_write(outputs_asked(args), lambda suffix: default_output(analysis, suffix))
    said = Said(
        "progress_compared",
        year=comparison.year,
        previous=comparison.previous_year,
        measures=len(comparison.table),
    )
    log.info(say(said))
    try:
        result = build(
            analysis,
            **files,  # pdf, json, xlsx, html
            pdf_variant=args.pdf_variant,
            language=args.lang,
            templates=args.templates,
            progress=lambda step: log.info(say(Said(f"progress_{step}"))),  # build.STEPS
            ends_process=ends_process,
            ahead=ahead,
        )
    except RenderError as exc:
        print(say(Said("cli_pdf_failed")), file=stderr)
        for message in exc.messages:
            print(f"  {say(message)}", file=stderr)
        return 1
    if result.json:
        log.info(say(Said("cli_json_written", path=str(result.json))))
    if result.xlsx:
        print(say(Said("cli_xlsx_written", path=str(result.xlsx))), file=stdout)
    if result.html:
        log.info(say(Said("cli_html_written", path=str(result.html))))
    if result.pdf:
        said = Said(
            "cli_report_written",
            path=str(result.pdf),
            pages=result.pages,
            measures=_measures_read(comparison),
            warnings=counted(len(result.warnings), "warnings"),
            seconds=f"{time.perf_counter() - started:.1f}",
        )
        print(say(said), file=stdout)
    return 0


def run_verify(args, stdout) -> int:
    from .report.verify import verify  # noqa: PLC0415 - pikepdf only for this command

    if args.pdf.is_dir():
        raise InputError([error(Said("cli_pdf_is_a_folder", path=str(args.pdf)))])
    if not args.pdf.is_file():
        raise InputError([error(Said("cli_pdf_missing", path=str(args.pdf)))])
    try:
        checks = verify(args.pdf)
    except Exception as exc:  # pikepdf.PdfError and friends: not a readable PDF
        if args.verbose:
            raise
        said = Said("cli_pdf_unreadable", kind=type(exc).__name__)
        raise InputError([error(said, file=str(args.pdf))]) from None
    for check in checks:
        mark = Said("verify_ok" if check.ok else "verify_missing")
        print(f"{mark}{check.name}" + (f" – {check.detail}" if check.detail else ""), file=stdout)
    failed = sum(1 for c in checks if not c.ok)
    said = Said("verify_passed", passed=len(checks) - failed, checks=len(checks))
    print("\n" + said, file=stdout)
    return 1 if failed else 0


def run_check(args, stdout) -> int:
    from .check_lines import check_lines  # noqa: PLC0415 - the lines, from the analysis' data

    analysis = _analyse(args)
    say = speaker(args)
    print("\n".join(map(say, check_lines(analysis, args.inputs))), file=stdout)
    print_problems(analysis.problems, stdout, say)
    errors = len(analysis.errors)
    warnings = sum(1 for p in analysis.problems if p.severity is Severity.WARNING)
    warnings = counted(warnings, "warnings")
    if analysis.ok:
        print("\n" + say(Said("check_result_ok", warnings=warnings)), file=stdout)
        return 0
    said = Said("check_result_errors", errors=counted(errors, "errors"), warnings=warnings)
    print("\n" + say(said), file=stdout)
    return 1


def print_problems(problems, stream, say=str) -> None:
    """Every problem, grouped by file, errors first within a file; in say's language."""
    language = getattr(say, "language", "de")
    if not problems:
        return
    groups: dict[str, list[Problem]] = {}
    for p in problems:
        groups.setdefault(p.file, []).append(p)
    rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}
    lines = []
    for file, found in groups.items():
        lines.append("")
        lines.append(file or say(Said("problems_general")))
        for p in sorted(found, key=lambda p: rank[p.severity]):
            kind = say(Said(f"severity_{p.severity}"))
            lines.append(f"  {kind}: {p.text(with_file=False, language=language)}")
    print("\n".join(lines), file=stream)
