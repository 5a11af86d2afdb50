"""Benchmarks of planreview against its targets (issue "Performance"): ratios measured in one run.

    python benchmarks/run.py            # everything, about 12 minutes on 2 cores
    python benchmarks/run.py --quick    # a fast subset (city, check, reading; ~1 minute)
    python benchmarks/run.py --analysis # only 3.: the state analysis against calamine alone
    python benchmarks/run.py --county   # only 1., 2., 5. for county (issue 16's three figures)

Inputs are made by benchmarks/generate.py into benchmarks/data/ (kept between runs). Each
measurement runs several times (--repeat) and the median is reported; every command runs in
a fresh process, as a user would start it. What is measured and the targets:

1. `build` (PDF/UA-1) of city and county versus WeasyPrint alone rendering the HTML that
   build wrote (--html), with the same variant and the same url fetcher (data: only):
   city <= 1.15x, county <= 1.0x
2. the same HTML printed by Chromium (Debian package `chromium`, optional) versus the whole
   build (<= 2x) and versus WeasyPrint alone
3. `check` on city < 1.5 s; `build --no-pdf --json` on state (one process) <= 1.5x the time
   python-calamine alone needs to read the same workbooks (every sheet, to_python), and twice
   the rows (state-half -> state) <= 2.1x the time
4. reading the county workbooks: calamine (as planreview reads) versus openpyxl
5. peak memory (RSS) of the largest process of the county build <= 0.8 GiB
6. the demo report's length (issue 12): <= 20 pages, at most 2 pages (title and last page
   aside) filled less than 40 % of the text area (benchmarks/fill.py)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import fill  # noqa: E402
import generate  # noqa: E402

PYTHON = sys.executable
REVIEW = [PYTHON, str(ROOT / "review.py")]
VARIANT = "pdf/ua-1"
SKIPPED = "übersprungen: chromium nicht installiert"
GIB = 1024 * 1024  # KiB
# Targets: build / WeasyPrint alone (county: issue 16; city: the earlier one), peak RSS
BUILD_VERSUS_ALONE = {"city": 1.15, "county": 1.0}
PEAK_RSS_GIB = {"county": 0.8}

# Calamine alone: every workbook under the folder opened with python-calamine, every sheet read
# with to_python(), nothing else: the floor for reading what planreview reads.
CALAMINE_ALONE = r"""
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook
rows = 0
for path in sorted(Path(sys.argv[1]).rglob("*")):
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            rows += len(book.get_sheet_by_name(name).to_python())
print(rows)
"""

# Runs a command, prints its wall time and the peak RSS of that command alone (the wrapper's
# only child): resource.getrusage(RUSAGE_CHILDREN).ru_maxrss, in KiB on Linux.
WRAPPER = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "seconds": seconds,
    "cpu": usage.ru_utime + usage.ru_stime,
    "rc": done.returncode,
    "maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    "stdout": done.stdout.decode("utf-8", "replace")[-3000:],
    "stderr": done.stderr.decode("utf-8", "replace")[-3000:],
}))
"""

# WeasyPrint alone: the HTML as render.render_pdf lays it out (same variant, same fetcher,
# same options), without planreview. Prints its phases as JSON.
WEASYPRINT_ALONE = r"""
import json, sys, time
t0 = time.perf_counter()
import weasyprint
t1 = time.perf_counter()
html_path, out, variant = sys.argv[1:4]
html = open(html_path, encoding="utf-8").read()
fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
options = {"pdf_variant": variant, "custom_metadata": True}
document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(**options)
t2 = time.perf_counter()
pdf = document.write_pdf(**options)
t3 = time.perf_counter()
open(out, "wb").write(pdf)
print(json.dumps({"import": t1 - t0, "layout": t2 - t1, "write": t3 - t2,
                  "pages": len(document.pages)}))
"""


def run(command: list[str], cwd: Path | None = None) -> dict:
    """One command in a fresh process -> seconds, rc, peak RSS (KiB), output."""
    done = subprocess.run(
        [PYTHON, "-c", WRAPPER, *command], capture_output=True, text=True, cwd=cwd, check=True
    )
    result = json.loads(done.stdout)
    if result["rc"] != 0:
        raise SystemExit(
            f"Fehlgeschlagen ({result['rc']}): {' '.join(command)}\n{result['stderr']}"
        )
    return result


def repeat(times: int, command: list[str], cwd: Path | None = None) -> list[dict]:
    return [run(command, cwd) for _ in range(times)]


def median(results: list[dict], key: str = "seconds") -> float:
    return statistics.median(r[key] for r in results)


def inputs(data: Path, preset: str) -> Path:
    """The preset's inputs, generated once (again when generate.py's version changes)."""
    folder = data / preset
    stamp = data / f"{preset}.version"
    made_by = stamp.read_text().strip() if stamp.is_file() else ""
    if folder.is_dir() and made_by == generate.GENERATOR_VERSION:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    made = generate.generate(preset, folder)
    stamp.write_text(generate.GENERATOR_VERSION + "\n")
    seconds = time.perf_counter() - started
    say(f"  Eingaben {preset} erzeugt: {made['rows']} Zeilen ({seconds:.0f} s)")
    return folder


def say(text: str) -> None:
    print(text, flush=True)


class Results:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []  # measurement, value, target, met

    def add(self, name: str, value: str, target: str = "", met: bool | None = None) -> None:
        mark = "" if met is None else ("ja" if met else "**nein**")
        self.rows.append((name, value, target, mark))
        say(f"  {name}: {value}" + (f"  (Ziel {target}: {mark})" if target else ""))

    def markdown(self) -> str:
        lines = ["| Messung | Median | Ziel | erreicht |", "|---|---|---|---|"]
        lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in self.rows]
        return "\n".join(lines)


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import weasyprint  # noqa: PLC0415

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    chromium = chromium_version()
    return (
        f"{dt.date.today().isoformat()}, {platform.system()} {platform.machine()}, "
        f"{cores} Kerne (nproc){f', {cpu}' if cpu else ''}, Python {platform.python_version()}, "
        f"WeasyPrint {weasyprint.__version__}"
        + (f", {chromium}" if chromium else ", Chromium nicht installiert")
    )


def chromium_binary() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromium_version() -> str:
    binary = chromium_binary()
    if not binary:
        return ""
    done = subprocess.run([binary, "--version"], capture_output=True, text=True)
    found = re.search(r"Chromium [\d.]+", done.stdout)
    return found.group(0) if found else "Chromium"


def chromium_command(html: Path, pdf: Path, profile: Path) -> list[str]:
    """Print to PDF, headless, with nothing that reaches the network (the HTML is
    self-contained: fonts and charts are data: URIs)."""
    return [
        chromium_binary(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--no-default-browser-check",
        "--mute-audio",
        "--no-pdf-header-footer",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf}",
        html.resolve().as_uri(),
    ]


def pages_of(stdout: str) -> int:
    found = re.search(r"\((\d+) Seiten", stdout)
    return int(found.group(1)) if found else 0


# ------------------------------------------------------------------------------ measurements


def build_versus_weasyprint(results: Results, preset: str, folder: Path, work: Path, times: int):
    """1. whole build versus WeasyPrint alone on the build's own HTML; 5. peak RSS."""
    html, pdf = work / f"{preset}.html", work / f"{preset}.pdf"
    builds = repeat(
        times,
        [*REVIEW, "build", "--inputs", str(folder), "--out", str(pdf), "--html", str(html), "-q"],
    )
    pages = pages_of(builds[0]["stdout"])
    alone_pdf = work / f"{preset}-weasyprint.pdf"
    alone = repeat(times, [PYTHON, "-c", WEASYPRINT_ALONE, str(html), str(alone_pdf), VARIANT])
    alone = [dict(r, **json.loads(r["stdout"])) for r in alone]
    build_s, alone_s = median(builds), median(alone)
    ratio = build_s / alone_s
    limit = BUILD_VERSUS_ALONE[preset]
    results.add(
        f"1. build {preset} ({pages} Seiten) / WeasyPrint allein",
        f"{build_s:.1f} s / {alone_s:.1f} s = {ratio:.2f}× "
        f"(CPU {median(builds, 'cpu'):.1f} s / {median(alone, 'cpu'):.1f} s)",
        f"≤ {limit:.2f}×".replace(".", ","),
        ratio <= limit,
    )
    # where the difference goes: everything before WeasyPrint, and the furniture pass after it
    before = median(
        repeat(times, [*REVIEW, "build", "--inputs", str(folder), "--no-pdf", "--html", str(html)])
    )
    furniture = time_furniture(alone_pdf)
    results.add(
        f"   davon {preset}: Analyse + HTML (eigener Prozess) / Seitenrand-Artefakte (pikepdf)",
        f"{before:.2f} s / {furniture:.2f} s",
    )
    results.add(
        f"   davon {preset}: WeasyPrint import / Layout / PDF schreiben",
        f"{median(alone, 'import'):.2f} s / {median(alone, 'layout'):.1f} s / "
        f"{median(alone, 'write'):.1f} s ({pages / median(alone, 'layout'):.1f} Seiten/s Layout)",
    )
    return html, alone_s, builds, alone


def time_furniture(pdf: Path) -> float:
    from planreview.report.furniture import mark_furniture  # noqa: PLC0415

    data = pdf.read_bytes()
    started = time.perf_counter()
    mark_furniture(data)
    return time.perf_counter() - started


def chromium_versus_weasyprint(
    results: Results,
    preset: str,
    html: Path,
    weasyprint_s: float,
    work: Path,
    times: int,
    build_s: float,
):
    """2. the same HTML printed by Chromium: against the whole build (issue 16: <= 2x on
    county) and against WeasyPrint alone."""
    if not chromium_binary():
        results.add(f"2. build / Chromium, {preset}", SKIPPED)
        return
    seconds, cpu = [], []
    for _ in range(times):
        profile = Path(tempfile.mkdtemp(prefix="chromium-", dir=work))
        pdf = work / f"{preset}-chromium.pdf"
        pdf.unlink(missing_ok=True)
        done = run(chromium_command(html, pdf, profile))
        if not pdf.is_file():
            raise SystemExit(f"Chromium hat kein PDF geschrieben:\n{done['stderr']}")
        seconds.append(done["seconds"])
        cpu.append(done["cpu"])
        shutil.rmtree(profile, ignore_errors=True)
    chromium_s = statistics.median(seconds)
    ratio = build_s / chromium_s
    results.add(
        f"2. build / Chromium, {preset} (gleiches HTML, Wandzeit)",
        f"{build_s:.1f} s / {chromium_s:.1f} s = {ratio:.2f}× (CPU-Zeit Chromium, nur die "
        f"Prozesse, auf die es wartet: {statistics.median(cpu):.1f} s)",
        "≤ 2×",
        ratio <= 2,
    )
    results.add(
        f"   WeasyPrint allein / Chromium, {preset}",
        f"{weasyprint_s:.1f} s / {chromium_s:.1f} s = {weasyprint_s / chromium_s:.2f}×",
    )


def pdf_measurements(results: Results, preset: str, folder: Path, work: Path, times: int):
    """1., 2. and 5. for one preset: build / WeasyPrint alone, build / Chromium, peak RSS."""
    html, weasyprint_s, builds, alone = build_versus_weasyprint(
        results, preset, folder, work, times
    )
    chromium_versus_weasyprint(results, preset, html, weasyprint_s, work, times, median(builds))
    # ru_maxrss of RUSAGE_CHILDREN: the largest process among the command and every process
    # it started and waited for, so a build with child processes is counted by its largest
    rss = median(builds, "maxrss_kib") / GIB
    alone_rss = median(alone, "maxrss_kib") / GIB
    limit = PEAK_RSS_GIB.get(preset)
    results.add(
        f"5. Spitzenspeicher build {preset} (größter Prozess)",
        f"{rss:.2f} GiB (WeasyPrint allein {alone_rss:.2f} GiB)",
        f"≤ {limit} GiB".replace(".", ",") if limit else "",
        rss <= limit if limit else None,
    )


def check_and_analysis(
    results: Results, data: Path, work: Path, times: int, quick: bool, check: bool = True
):
    """3. `check` on city; analysis (build --no-pdf --json) on state and its half, each next to
    calamine alone reading the same files (each in a fresh process, alternating)."""
    if check:
        city = inputs(data, "city")
        seconds = median(repeat(max(times, 5), [*REVIEW, "check", "--inputs", str(city), "-q"]))
        results.add("3. check city (Wandzeit)", f"{seconds:.2f} s", "< 1,5 s", seconds < 1.5)
    if quick:
        return
    analysis, alone = {}, {}
    for preset in ("state-half", "state"):
        folder = inputs(data, preset)
        command = [*REVIEW, "build", "--inputs", str(folder), "--no-pdf", "-q"]
        runs, floor = [], []
        for _ in range(times):  # alternating: both see the same load on a shared machine
            runs.append(run([*command, "--json", str(work / f"{preset}.json")]))
            floor.append(run([PYTHON, "-c", CALAMINE_ALONE, str(folder)]))
        analysis[preset], alone[preset] = median(runs), median(floor)
        ratio = analysis[preset] / alone[preset]
        results.add(
            f"3. build --no-pdf --json {preset} / calamine allein ({floor[0]['stdout'].strip()} "
            "Zeilen), Wandzeit",
            f"{analysis[preset]:.2f} s / {alone[preset]:.2f} s = {ratio:.2f}×",
            "≤ 1,5×" if preset == "state" else "",
            ratio <= 1.5 if preset == "state" else None,
        )
        # CPU time (user + system) as well: on a shared machine it moves less than wall time
        cpu, cpu_alone = median(runs, "cpu"), median(floor, "cpu")
        results.add(
            f"   {preset}, CPU-Zeit",
            f"{cpu:.2f} s / {cpu_alone:.2f} s = {cpu / cpu_alone:.2f}×",
        )
        analysis[f"{preset} cpu"] = cpu
        if preset == "state":
            rss = median(runs, "maxrss_kib") / GIB
            results.add("5. Spitzenspeicher state (Analyse)", f"{rss:.2f} GiB")
    ratio = analysis["state"] / analysis["state-half"]
    results.add(
        "3. doppelte Zeilen: state / state-half, Wandzeit",
        f"{analysis['state']:.2f} s / {analysis['state-half']:.2f} s = {ratio:.2f}×",
        "≤ 2,1×",
        ratio <= 2.1,
    )
    cpu_ratio = analysis["state cpu"] / analysis["state-half cpu"]
    results.add(
        "   doppelte Zeilen, CPU-Zeit",
        f"{analysis['state cpu']:.2f} s / {analysis['state-half cpu']:.2f} s = {cpu_ratio:.2f}×",
    )


def reading(results: Results, folder: Path, times: int):
    """4. reading the county workbooks: calamine (planreview's reader) versus openpyxl."""
    from planreview.read import sheets  # noqa: PLC0415

    files = sorted(folder.rglob("*.xlsx"))

    def with_planreview():
        for path in files:
            sheets.read_sheets(path)

    def with_openpyxl():
        import openpyxl  # noqa: PLC0415

        for path in files:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            for sheet in book.worksheets:
                list(sheet.iter_rows(values_only=True))
            book.close()

    def with_pandas_calamine():  # how planreview read before (pandas.read_excel)
        import pandas as pd  # noqa: PLC0415

        for path in files:
            pd.read_excel(path, sheet_name=None, header=None, engine="calamine", dtype=object)

    timing = {}
    for name, function in (
        ("calamine", with_planreview),
        ("pandas+calamine", with_pandas_calamine),
        ("openpyxl", with_openpyxl),
    ):
        seconds = []
        for _ in range(times):
            started = time.perf_counter()
            function()
            seconds.append(time.perf_counter() - started)
        timing[name] = statistics.median(seconds)
    results.add(
        f"4. county lesen ({len(files)} xlsx): calamine / pandas+calamine / openpyxl",
        f"{timing['calamine']:.2f} s / {timing['pandas+calamine']:.2f} s / "
        f"{timing['openpyxl']:.2f} s (openpyxl {timing['openpyxl'] / timing['calamine']:.1f}× "
        "langsamer)",
    )


def council_length(results: Results, work: Path) -> None:
    """Pages of the demo report and how many are nearly empty (fill.py: last inked row)."""
    for language in ("de", "en"):
        found = fill.fills(fill.build_demo(work / f"demo-{language}.pdf", language))
        low = fill.low_pages(found)
        results.add(f"6. Seiten Demo-Bericht ({language})", str(len(found)), "≤ 20",
                    len(found) <= 20)  # fmt: skip
        results.add(
            f"6. Seiten unter 40 % gefüllt ({language}, ohne Titel und letzte)",
            f"{len(low)} {low}" if low else "0",
            "≤ 2",
            len(low) <= 2,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="nur city, check und Lesen")
    parser.add_argument(
        "--analysis", action="store_true", help="nur die Analyse state / calamine allein"
    )
    parser.add_argument(
        "--county",
        action="store_true",
        help="nur das PDF von county: build / Chromium, build / WeasyPrint allein, Speicher",
    )
    parser.add_argument("--repeat", type=int, default=3, help="Wiederholungen (Median)")
    parser.add_argument(
        "--data", type=Path, default=ROOT / "benchmarks" / "data", help="erzeugte Eingaben"
    )
    parser.add_argument("--markdown", type=Path, help="Ergebnistabelle zusätzlich hierhin")
    args = parser.parse_args(argv)
    times = 1 if args.quick else args.repeat
    started = time.perf_counter()
    results = Results()
    say(f"Maschine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="planreview-bench-") as temporary:
        work = Path(temporary)
        if args.county:
            say("PDF county")
            county = inputs(args.data, "county")
            pdf_measurements(results, "county", county, work, times)
            say(f"\nGesamt {time.perf_counter() - started:.0f} s, Median aus {times} Läufen\n")
            print(results.markdown())
            return 0
        if args.analysis:
            say("Analyse")
            check_and_analysis(results, args.data, work, times, False, check=False)
            say(f"\nGesamt {time.perf_counter() - started:.0f} s, Median aus {times} Läufen\n")
            print(results.markdown())
            return 0
        say("Umfang des Demo-Berichts")
        council_length(results, work)
        say("Eingaben")
        city = inputs(args.data, "city")
        county = inputs(args.data, "county")
        say("Prüfen und Analyse")
        check_and_analysis(results, args.data, work, times, args.quick)
        say("Lesen")
        reading(results, county, times)
        presets = ("city",) if args.quick else ("city", "county")
        for preset in presets:
            say(f"PDF {preset}")
            pdf_measurements(results, preset, city if preset == "city" else county, work, times)
    say(f"\nGesamt {time.perf_counter() - started:.0f} s, Median aus {times} Läufen\n")
    table = results.markdown()
    print(table)
    if args.markdown:
        args.markdown.write_text(f"Maschine: {machine()}\n\n{table}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
