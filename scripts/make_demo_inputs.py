"""Generate the demo input data ("Beispieldaten") for the yearly integration-concept review.

The demo data is a realistic but clearly fictional sample modelled on Stadt Wolfenbüttel:
eight Handlungsfelder, 50 measures and the status returns for the years 2018, 2019 and 2020.
All names, figures and statements are invented.

The data is kept in plain CSV and TOML files in ``scripts/demo/`` (``measures.csv``,
``status.csv``, ``indicators.csv``, ``review.toml``, ``layout.toml``, ``design.toml``); their
format is described in ``scripts/demo/README.md``. This script reads them, checks them against
the design and writes (relative to the output directory, by default ``inputs/``):

- ``Umsetzungsstand_Integrationskonzept_2018.xlsx`` and ``..._2019.xlsx``: one workbook per year
  as the integration office keeps it (title rows, merged Handlungsfeld cells, spacer rows,
  a "Hinweise" sheet with a pick list; different header names in each year).
- ``2020/``: the 2020 returns as per-actor files (xlsx, one LibreOffice ``.ods`` and one ``.csv``
  exported by Excel on Windows: ``;`` separated, cp1252). Measure 2.5 is a shared measure and is
  returned identically by two actors.
- ``indikatoren.xlsx``: eleven fictional indicators for 2016-2020 in long format (one row per
  indicator and year), some values as text in German notation ("1.684", "24,1", "16,8 %"),
  one gap year written as "k. A." and one indicator surveyed only every other year.
- ``review.toml``: the report configuration for the demo (a copy of ``scripts/demo/review.toml``).

The status history is designed so that the comparison 2020 vs 2019 shows every kind of change;
``[expected]`` in ``design.toml`` lists the measure IDs per class (and the counts per year), and
the script checks the data against it before writing anything.

``inputs/`` is the committed output of this script. To change the demo data, edit the files in
``scripts/demo/``, then regenerate ``inputs/`` with::

    .venv/bin/python scripts/make_demo_inputs.py

The output is deterministic (see ``demo_writers.py``): repeated runs give byte-identical files.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from demo_data import Demo, Measure, load, require, review_toml
from demo_writers import (
    normalized_zip,
    write_indicators,
    write_overview,
    write_return_csv,
    write_return_ods,
    write_return_xlsx,
)

__all__ = ["build", "main", "normalized_zip"]  # normalized_zip: used by benchmarks/generate.py

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "inputs"
CHANGE_CLASSES = (
    "progressed", "regressed", "unchanged", "new", "removed", "dropped", "postponed", "resumed",
    "stalled", "overdue",
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# Design check
# --------------------------------------------------------------------------------------------


def id_key(measure_id: str) -> tuple[int, ...]:
    """Natural sort key for IDs like "1.10"."""
    return tuple(int(part) for part in measure_id.split("."))


def end_year(demo: Demo, m: Measure) -> int | None:
    if isinstance(m.end, datetime):
        return m.end.year
    if isinstance(m.end, int):
        return m.end
    if m.end == demo.design["ongoing"]:
        return None
    return int(str(m.end)[-4:])


def classify(demo: Demo) -> dict[str, list[str]]:
    """Classes of the comparison report year vs previous year, as the design intends them."""
    design, status = demo.design, demo.design["status"]
    phases, postponed, dropped = status["phases"], status["postponed"], status["dropped"]
    unfinished = phases[:3]  # nicht begonnen, in Vorbereitung, in Umsetzung
    years, year, previous = design["years"], design["report_year"], design["previous_year"]
    classes: dict[str, list[str]] = {name: [] for name in CHANGE_CLASSES}
    for m in sorted(demo.measures, key=lambda m: id_key(m.id)):
        before, now = m.status_in(previous), m.status_in(year)
        if before is None and now is None:
            pass
        elif before is None:
            classes["new"].append(m.id)
        elif now is None:
            classes["removed"].append(m.id)
        elif now == before:
            classes["unchanged"].append(m.id)
        elif now == dropped:
            classes["dropped"].append(m.id)
        elif now == postponed:
            classes["postponed"].append(m.id)
        elif before == postponed:
            classes["resumed"].append(m.id)
        elif phases.index(now) > phases.index(before):
            classes["progressed"].append(m.id)
        else:
            classes["regressed"].append(m.id)
        history = {m.status_in(y) for y in years}
        if len(history) == 1 and now in unfinished:
            classes["stalled"].append(m.id)
        end = end_year(demo, m)
        if now in [*unfinished, postponed] and end is not None and end < year:
            classes["overdue"].append(m.id)
    return classes


def check_design(demo: Demo) -> None:
    """Fail loudly if the data no longer matches the documented design."""
    design, vocabulary = demo.design, demo.vocabulary
    years, report_year = design["years"], design["report_year"]
    dropped, aliases = design["status"]["dropped"], design["aliases"]
    ids = [m.id for m in demo.measures]
    require(len(ids) == len(set(ids)), "duplicate measure IDs")
    require(any(i.endswith(".10") for i in ids), "need an ID like x.10")
    for m in demo.measures:
        require(m.field in demo.fields, m.id)
        require(m.years, (m.id, "never reported"))
        for year, report in m.years.items():
            where = (m.id, year)
            require(year in years and report.status in vocabulary and report.note, where)
            require((report.reason is not None) == (report.status == dropped), where)
            require(year == report_year or report.status != dropped, where)
            if report.spelling is not None:
                key = report.spelling.strip().lower()
                canonical = aliases.get(key) or {c.lower(): c for c in vocabulary}.get(key)
                require(canonical == report.status, (*where, report.spelling))
    for year, count in design["expected"]["counts"].items():
        actual = sum(m.status_in(int(year)) is not None for m in demo.measures)
        require(actual == count, (year, actual))
    classes, expected = classify(demo), design["expected"]["changes"]
    require(classes == expected, {k: v for k, v in classes.items() if v != expected.get(k)})
    layout = demo.layout
    require(list(layout["hints"]["meanings"]) == vocabulary, "[hints.meanings] of layout.toml")
    books = [book["year"] for book in layout["overview"]["years"]]
    require([*books, report_year] == years, "[[overview.years]] of layout.toml")
    leads = {lead for spec in layout["returns"]["files"] for lead in spec["leads"]}
    require(leads <= set(layout["returns"]["contacts"]), "[returns.contacts] of layout.toml")


def check_returns(demo: Demo, all_rows: dict[str, list[dict]]) -> None:
    """Every measure of the report year is returned once, the shared ones twice (identical)."""
    seen: dict[str, list[dict]] = {}
    for rows in all_rows.values():
        for values in rows:
            seen.setdefault(values["id"], []).append(values)
    report_year = demo.design["report_year"]
    expected = {m.id for m in demo.measures if m.status_in(report_year) is not None}
    require(set(seen) == expected, sorted(set(seen) ^ expected))
    twice = {key: found for key, found in seen.items() if len(found) > 1}
    require(list(twice) == demo.design["expected"]["returns"]["shared"], twice)
    for found in twice.values():
        require(all(values == found[0] for values in found), found)
    for name in all_rows:
        # the tool takes the year from the folder; a year in the name would be ambiguous
        require(not re.search(r"(?<!\d)\d{4}(?!\d)", name), name)


def indicator_years(demo: Demo) -> list[int]:
    return [int(key) for key in demo.indicators[0] if key.isdigit()]


def check_indicators(demo: Demo) -> None:
    low, high = demo.design["expected"]["indicators"]["count"]
    gap = demo.design["expected"]["indicators"]["gap"]
    names = [spec["name"] for spec in demo.indicators]
    require(low <= len(names) <= high, len(names))
    require(len(set(names)) == len(names), "duplicate indicator names")
    values = [spec[str(year)] for spec in demo.indicators for year in indicator_years(demo)]
    for spec in demo.indicators:
        require(spec["field"] in demo.fields, spec["name"])
    require(gap in values, "need a gap year")
    require(any(isinstance(v, str) and "," in v for v in values), "need a value with a comma")


# --------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------


def row_values(demo: Demo, m: Measure, year: int, numbered: bool, contact: str = "") -> dict:
    """The values of one measure in one year, keyed by column key."""
    report = m.years[year]
    name = demo.fields[m.field]
    return {
        "id": m.id,
        "field": f"{m.field} {name}" if numbered else name,
        "title": m.title,
        "lead": m.lead,
        "partners": m.partners,
        "target": m.target,
        "begin": m.begin,
        "end": m.end,
        "status": report.spelling or report.status,
        "note": report.note,
        "reason": report.reason,
        "contact": contact or None,
    }


def overview_groups(demo: Demo, book: dict) -> list[list[dict]]:
    """The rows of one overview workbook, per Handlungsfeld in the order of review.toml."""
    year = book["year"]
    reported = sorted((m for m in demo.measures if year in m.years), key=lambda m: id_key(m.id))
    return [
        [row_values(demo, m, year, book["numbered_fields"]) for m in reported if m.field == code]
        for code in demo.fields
    ]


def return_rows(demo: Demo, spec: dict) -> list[dict]:
    year, contacts = demo.design["report_year"], demo.layout["returns"]["contacts"]
    also = set(spec.get("also", ()))
    chosen = [
        m for m in demo.measures if year in m.years and (m.lead in spec["leads"] or m.id in also)
    ]
    chosen.sort(key=lambda m: id_key(m.id))
    numbered = spec.get("numbered_fields", False)
    return [row_values(demo, m, year, numbered, contacts[m.lead]) for m in chosen]


def indicator_rows(demo: Demo) -> list[dict]:
    """One row per indicator and year with a value; the definition only in the first row."""
    rows = []
    for spec in demo.indicators:
        years = [year for year in indicator_years(demo) if spec[str(year)] is not None]
        for year in years:
            row = {**spec, "field": demo.fields[spec["field"]], "year": year}
            row["value"] = spec[str(year)]
            row["definition"] = spec["definition"] if year == years[0] else None
            rows.append(row)
    return rows


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def build(out_dir: Path) -> list[Path]:
    """Write all demo inputs below ``out_dir``; returns the written paths."""
    demo = load()
    check_design(demo)
    layout = demo.layout
    written: list[Path] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for book in layout["overview"]["years"]:
        path = out_dir / layout["overview"]["file"].format(year=book["year"])
        write_overview(layout, book, overview_groups(demo, book), path)
        written.append(path)

    returns_dir = out_dir / str(demo.design["report_year"])
    returns_dir.mkdir(parents=True, exist_ok=True)
    for stale in sorted(returns_dir.glob("Rueckmeldung_*")):
        stale.unlink()
    files = layout["returns"]["files"]
    all_rows = {spec["name"]: return_rows(demo, spec) for spec in files}
    check_returns(demo, all_rows)
    for spec in files:
        path = returns_dir / spec["name"]
        rows = all_rows[spec["name"]]
        if path.suffix == ".xlsx":
            write_return_xlsx(layout, spec, rows, path, demo.vocabulary)
        elif path.suffix == ".ods":
            write_return_ods(layout, spec, rows, path)
        else:
            require(path.suffix == ".csv", spec["name"])
            write_return_csv(layout, spec, rows, path)
        written.append(path)

    check_indicators(demo)
    indicators = out_dir / layout["indicators"]["file"]
    write_indicators(layout, indicator_rows(demo), indicators)
    written.append(indicators)

    config = out_dir / "review.toml"
    config.write_text(review_toml(), encoding="utf-8", newline="\n")
    written.append(config)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output directory (default: inputs/)"
    )
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(path.relative_to(args.out).as_posix())
    return 0


if __name__ == "__main__":
    sys.exit(main())
