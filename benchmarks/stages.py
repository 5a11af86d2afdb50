"""CPU time of each stage of the analysis (`build --no-pdf --json`), in one sequential run.

    .venv/bin/python benchmarks/stages.py /tmp/core-bench/state

Wraps the stage functions with time.process_time and reads the files one after another (the
reading threads of read/ahead.py off: process time counts every thread, so stages read in
parallel would be counted twice). Stages nest: read_file includes the extent check, calamine
and the cell test; validate_year includes the row checks."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

STARTED = time.process_time()

import planreview.analyse.pipeline as pipeline  # noqa: E402
import planreview.export.summary as summary  # noqa: E402
import planreview.read.ahead as ahead  # noqa: E402
import planreview.read.sheets as sheets  # noqa: E402
import planreview.read.table_reader as table_reader  # noqa: E402
import planreview.read.validate as validate  # noqa: E402
from planreview.cli import main  # noqa: E402

SPENT: dict[str, float] = {}
STAGES = [
    (sheets, "_check_package", "extent check (unzip + scan of the sheet XML)"),
    (sheets, "_read_workbook", "calamine + value conversion"),
    (sheets, "_plain_rows", "  of which value conversion"),
    (table_reader, "cells_need_checking", "control characters and glyphs"),
    (pipeline, "read_file", "read_file (all of the above)"),
    (validate, "_read_table", "row checks and Measure records"),
    (pipeline, "validate_year", "validate_year (row checks, duplicates, order)"),
    (pipeline, "across_years", "plausibility across years"),
    (pipeline, "long_table", "year tables and long table"),
    (pipeline, "history_of", "history"),
    (pipeline, "compare", "comparison"),
    (pipeline, "read_indicators", "indicators"),
    (pipeline, "revision_hints", "revision hints"),
    (summary, "summary_json", "JSON summary"),
]


def timed(function, label):
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[label] = SPENT.get(label, 0.0) + time.process_time() - started

    return wrapper


def run(inputs: str) -> None:
    imports = time.process_time() - STARTED
    ahead.read_ahead = lambda items, read: map(read, items)  # sequential: see the docstring
    pipeline.read_ahead = ahead.read_ahead
    for module, name, label in STAGES:
        setattr(module, name, timed(getattr(module, name), label))
    started = time.process_time()
    with tempfile.TemporaryDirectory(prefix="planreview-stages-") as folder:
        json = str(Path(folder) / "summary.json")
        main(["build", "--inputs", inputs, "--no-pdf", "-q", "--json", json])
    print(f"{'imports (pandas, planreview)':50} {imports:6.2f} s")
    for _, _, label in STAGES:
        print(f"{label:50} {SPENT.get(label, 0.0):6.2f} s")
    print(f"{'the whole command after the imports':50} {time.process_time() - started:6.2f} s")


if __name__ == "__main__":
    run(sys.argv[1])
