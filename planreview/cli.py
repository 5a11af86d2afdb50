"""Command line: parse arguments, call the stages, print German messages, return exit codes.

Exit codes: 0 ok, 1 input problems (or output could not be written), 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from . import analyse
from .console import EscapingStream, command, os_message
from .export.files import OutputConflict, output_conflicts
from .problems import InputError, Problem, Severity
from .read.config import LANGUAGES, PDF_VARIANTS, find_config

if TYPE_CHECKING:  # pandas only when something is analysed: `--help` and `verify` start fast
    from .analyse.pipeline import Analysis

log = logging.getLogger("planreview")
COMMANDS = ("build", "check", "verify", "forms", "serve")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        description="Jahresbericht zum Umsetzungsstand eines Maßnahmenplans aus Tabellen.",
    )
    sub = main.add_subparsers(dest="command", metavar="{build,check,forms,verify,serve}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--inputs",
        type=Path,
        default=Path("inputs"),
        help="Ordner mit den Tabellen (Standard: inputs/)",
    )
    common.add_argument("--year", type=int, help="Berichtsjahr (Standard: das neueste)")
    common.add_argument("--previous", type=int, help="Vergleichsjahr (Standard: das letzte davor)")
    common.add_argument(
        "--config", type=Path, help="Konfiguration (Standard: review.toml im Eingabeordner)"
    )
    common.add_argument(
        "--allow-missing",
        action="store_true",
        help="Maßnahmen ohne Status als „keine Rückmeldung“ führen",
    )
    loud = common.add_mutually_exclusive_group()
    loud.add_argument(
        "-v", "--verbose", action="store_true", help="mehr Ausgaben, bei Fehlern mit Traceback"
    )
    loud.add_argument("-q", "--quiet", action="store_true", help="nur Fehler ausgeben")
    build = sub.add_parser("build", parents=[common], help="Bericht erstellen (Standard)")
    build.add_argument("--out", type=Path, help="PDF-Datei (Standard: reports/<name>-<Jahr>.pdf)")
    build.add_argument("--json", type=Path, help="Zusammenfassung zusätzlich als JSON")
    build.add_argument("--html", type=Path, help="das gesetzte HTML zusätzlich speichern")
    build.add_argument("--no-pdf", action="store_true", help="kein PDF erstellen")
    build.add_argument(
        "--xlsx",
        type=Path,
        nargs="?",
        const=Path(),
        help="Vergleich als Excel-Datei für die Verwaltung "
        "(ohne Angabe: reports/<name>-<Jahr>.xlsx)",
    )
    build.add_argument(
        "--pdf-variant",
        choices=PDF_VARIANTS,
        default=PDF_VARIANTS[0],
        help="PDF-Variante (Standard: pdf/ua-1, barrierefrei); siehe docs/pdf-variants.md",
    )
    build.add_argument(
        "--templates", type=Path, help="eigener Vorlagen-Ordner (Kopie von templates/)"
    )
    build.add_argument(
        "--lang", choices=LANGUAGES, help="Sprache des Berichts (Standard: aus review.toml, de)"
    )
    sub.add_parser("check", parents=[common], help="Eingaben nur prüfen, nichts erstellen")
    forms = sub.add_parser(
        "forms",
        parents=[common],
        help="Rückmeldeformulare je Federführung für --year (Standard: neuestes Jahr + 1), "
        "vorausgefüllt aus dem Jahr davor (oder --previous)",
        description="Hier ist --year das Jahr, nach dem gefragt wird (Standard: neuestes Jahr "
        "+ 1), und --previous das Jahr, aus dem vorausgefüllt wird (Standard: das letzte davor).",
    )
    forms.add_argument("--out", type=Path, help="Ordner (Standard: reports/forms-<Jahr>/)")
    verify = sub.add_parser("verify", help="Struktur eines PDFs prüfen (PDF/UA, PDF/A)")
    verify.add_argument("pdf", type=Path, help="die PDF-Datei")
    verify.add_argument("-v", "--verbose", action="store_true", help="Traceback bei Fehlern")
    verify.add_argument("-q", "--quiet", action="store_true", help="nur Fehler ausgeben")
    from .web.serve import add_arguments  # noqa: PLC0415 - no Flask import here

    add_arguments(sub.add_parser("serve", help="die Werkbank im Browser (http://127.0.0.1:8000)"))
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
    _setup_logging(args, stderr)
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
        print("\nAbgebrochen.", file=stderr)
        return 130
    except InputError as exc:
        print_problems(exc.problems, stderr)
        return 2 if isinstance(exc, OutputConflict) else 1
    except OSError as exc:
        if args.verbose:
            raise
        print(f"Fehler: {os_message(exc)}", file=stderr)
        return 1
    except ImportError as exc:  # e.g. a package missing from the virtualenv
        if args.verbose:
            raise
        if (exc.name or "planreview").startswith("planreview"):
            return _internal_error(exc, stderr)  # our own module: a bug, not the installation
        print(
            f"Fehler: Die Installation ist unvollständig, das Python-Paket „{exc.name}“ fehlt. "
            "Bitte „make report“ oder „pip install -r requirements.txt“ ausführen.",
            file=stderr,
        )
        return 1
    except Exception as exc:  # a bug of ours: say so plainly, details with --verbose
        if args.verbose:
            raise
        return _internal_error(exc, stderr)


def _internal_error(exc: Exception, stderr) -> int:
    print(
        f"Interner Fehler ({type(exc).__name__}: {exc}). Bitte mit --verbose erneut "
        "ausführen und die Ausgabe an die Entwickler melden.",
        file=stderr,
    )
    return 1


def _measures_read(comparison) -> str:
    """ "49 Maßnahmen", or "50 Maßnahmen, davon 39 ohne Rückmeldung" with --allow-missing."""
    text = _count(len(comparison.table), "Maßnahme", "Maßnahmen")
    unanswered = len(comparison.current.unanswered)
    return text + (f", davon {unanswered} ohne Rückmeldung" if unanswered else "")


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


PROGRESS = {
    "json": "JSON erstellen",
    "xlsx": "Excel-Vergleich erstellen",
    "html": "[3/4] HTML erstellen",
    "pdf": "[4/4] PDF setzen",
    "write": "Dateien schreiben",
}


def run_build(args, stdout, stderr, ends_process: bool = False) -> int:
    started = time.perf_counter()
    if args.templates and not (args.templates / "report.html.j2").is_file():
        raise InputError(
            [
                Problem(
                    Severity.ERROR,
                    f"Im Vorlagen-Ordner {args.templates} fehlt report.html.j2 (eine Kopie von "
                    "templates/ wird erwartet).",
                )
            ]
        )
    _refuse_overwriting_inputs(args)
    log.info("[1/4] Eingaben lesen und prüfen")
    analysis = _analyse(args)
    if not analysis.ok:  # what stops the report, not the notes: those are in `check`
        print_problems([p for p in analysis.problems if p.severity is not Severity.NOTE], stderr)
        print(
            f"\nKein Bericht erstellt: {len(analysis.errors)} Fehler. Details mit "
            f"„{command()} check“.",
            file=stderr,
        )
        return 1
    from .build import build  # noqa: PLC0415 - keep `check` free of rendering imports
    from .report.render import RenderError  # noqa: PLC0415

    comparison = analysis.compared
    xlsx = None
    if args.xlsx is not None:
        xlsx = args.xlsx if args.xlsx != Path() else _default_out(analysis, ".xlsx")
    log.info(
        "[2/4] %d mit %d verglichen: %d Maßnahmen",
        comparison.year,
        comparison.previous_year,
        len(comparison.table),
    )
    try:
        result = build(
            analysis,
            pdf=None if args.no_pdf else args.out or _default_out(analysis, ".pdf"),
            json=args.json,
            xlsx=xlsx,
            html=args.html,
            pdf_variant=args.pdf_variant,
            language=args.lang,
            templates=args.templates,
            progress=lambda step: log.info(PROGRESS[step]),
            ends_process=ends_process,
        )
    except RenderError as exc:
        print("Das PDF konnte nicht gesetzt werden:", file=stderr)
        for message in exc.messages:
            print(f"  {message}", file=stderr)
        return 1
    if result.json:
        log.info("JSON geschrieben: %s", result.json)
    if result.xlsx:
        print(f"Vergleich als Excel-Datei geschrieben: {result.xlsx}", file=stdout)
    if result.html:
        log.info("HTML geschrieben: %s", result.html)
    if result.pdf:
        print(
            f"Bericht geschrieben: {result.pdf} ({result.pages} Seiten, "
            f"{_measures_read(comparison)}, {_count(len(result.warnings), 'Warnung')}, "
            f"{time.perf_counter() - started:.1f} s)",
            file=stdout,
        )
    return 0


def _refuse_overwriting_inputs(args) -> None:
    """Before any work: no output named on the command line may replace a file of the inputs
    folder, the configuration or another output (build() checks the defaults again)."""
    xlsx = args.xlsx if args.xlsx not in (None, Path()) else None
    outputs = {"pdf": None if args.no_pdf else args.out, "json": args.json}
    outputs |= {"xlsx": xlsx, "html": args.html}
    inputs = [p for p in args.inputs.rglob("*") if p.is_file()] if args.inputs.is_dir() else []
    conflicts = output_conflicts(outputs, inputs, find_config(args.inputs, args.config))
    if conflicts:
        raise OutputConflict(conflicts)


def run_verify(args, stdout) -> int:
    from .report.verify import verify  # noqa: PLC0415 - pikepdf only for this command

    if args.pdf.is_dir():
        raise InputError([Problem(Severity.ERROR, f"{args.pdf} ist ein Ordner, keine PDF-Datei.")])
    if not args.pdf.is_file():
        raise InputError([Problem(Severity.ERROR, f"Die Datei {args.pdf} gibt es nicht.")])
    try:
        checks = verify(args.pdf)
    except Exception as exc:  # pikepdf.PdfError and friends: not a readable PDF
        if args.verbose:
            raise
        raise InputError(
            [
                Problem(
                    Severity.ERROR, f"Kein lesbares PDF ({type(exc).__name__}).", file=str(args.pdf)
                )
            ]
        ) from None
    for check in checks:
        mark = "ok    " if check.ok else "FEHLT "
        print(f"{mark}{check.name}" + (f" – {check.detail}" if check.detail else ""), file=stdout)
    failed = sum(1 for c in checks if not c.ok)
    print(f"\n{len(checks) - failed} von {len(checks)} Prüfungen bestanden.", file=stdout)
    return 1 if failed else 0


def run_check(args, stdout) -> int:
    analysis = _analyse(args)
    out = []
    years = analysis.discovery.years
    out.append(f"Eingaben in {args.inputs}")
    out.append("Gefundene Jahre: " + (", ".join(map(str, years)) or "keine"))
    if analysis.years:
        shown = [str(d.year) for d in analysis.years]
        out.append(
            f"Bericht {shown[0]}, verglichen mit {shown[1] if len(shown) > 1 else '–'}"
            + (f"; Verlauf seit {min(shown)}" if len(shown) > 2 else "")
        )
    for data in analysis.years:
        out.append("")
        out.append(f"{data.year}: {len(data.measures)} Maßnahmen")
        for s in data.sheets:
            sheet = f", Blatt „{s.sheet}“" if s.sheet else ""
            out.append(
                f"  {s.file}{sheet}: Kopfzeile {s.header_row}, "
                f"{_count(s.rows, 'Zeile', 'Zeilen')} gelesen, "
                f"{_count(s.measures, 'Maßnahme', 'Maßnahmen')}, {len(s.skipped)} übersprungen, "
                f"{s.blank_rows} leer"
            )
            for k in s.skipped:
                out.append(f"    Zeile {k.source.row}: übersprungen, {k.reason}")
        missing = data.unanswered
        if missing:
            out.append(f"  Noch keine Rückmeldung ({len(missing)}):")
            by_lead: dict[str, list] = {}
            for m in missing:
                by_lead.setdefault(m.lead or "ohne Federführung", []).append(m)
            for lead, measures in sorted(by_lead.items()):
                out.append(f"    {lead}: " + ", ".join(f"{m.id} {m.title}" for m in measures))
    for sheet in analysis.indicators.sheets:
        place = f", Blatt „{sheet.sheet}“" if sheet.sheet else ""
        out += [
            "",
            f"Indikatoren: {sheet.file}{place}: Kopfzeile {sheet.header_row}, "
            f"{_count(sheet.rows, 'Zeile', 'Zeilen')} gelesen, "
            f"{_count(sheet.values, 'Wert', 'Werte')}, {len(sheet.skipped)} übersprungen",
        ]
        out += [f"    Zeile {k.source.row}: übersprungen, {k.reason}" for k in sheet.skipped]
    if analysis.responses is not None:  # who has not answered, per lead of the previous year
        from .check_lines import describe  # noqa: PLC0415

        out += ["", *describe(analysis.responses)]
    print("\n".join(out), file=stdout)
    print_problems(analysis.problems, stdout)
    errors = len(analysis.errors)
    warnings = sum(1 for p in analysis.problems if p.severity is Severity.WARNING)
    if analysis.ok:
        print(
            f"\nErgebnis: Der Bericht kann erstellt werden ({_count(warnings, 'Warnung')}).",
            file=stdout,
        )
        return 0
    print(
        f"\nErgebnis: {errors} Fehler, {_count(warnings, 'Warnung')} – so kann kein Bericht "
        "erstellt werden.",
        file=stdout,
    )
    return 1


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one}" if n == 1 else f"{n} {many or one + 'en'}"


LABELS = {Severity.ERROR: "Fehler", Severity.WARNING: "Warnung", Severity.NOTE: "Hinweis"}


def print_problems(problems, stream) -> None:
    """Every problem, grouped by file, errors first within a file."""
    if not problems:
        return
    groups: dict[str, list[Problem]] = {}
    for p in problems:
        groups.setdefault(p.file, []).append(p)
    rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}
    lines = []
    for file, found in groups.items():
        lines.append("")
        lines.append(file or "Allgemein")
        for p in sorted(found, key=lambda p: rank[p.severity]):
            lines.append(f"  {LABELS[p.severity]}: {p.text(with_file=False)}")
    print("\n".join(lines), file=stream)


def _default_out(analysis: Analysis, suffix: str) -> Path:
    return Path("reports") / f"{analysis.config.file_name}-{analysis.compared.year}{suffix}"
