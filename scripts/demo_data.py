"""Read the demo data kept in ``scripts/demo/`` (format: ``scripts/demo/README.md``).

CSV files are ``;`` separated UTF-8 with a header row of column keys. In the typed columns
(``end`` of measures.csv; the year columns, ``target`` and ``target_year`` of indicators.csv)
a cell is a number (``2021``, ``58.2``), a date (``2019-12-31``, written as a real date cell)
or text; a leading apostrophe keeps a value text, as in a spreadsheet (``'1.684``).
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "demo"
NUMBERS = ("target", "target_year")  # columns of indicators.csv typed like the year columns


def require(condition: object, detail: object = "") -> None:
    """Stop with a message when the demo data no longer matches its design."""
    if not condition:
        raise SystemExit(f"demo data design violated: {detail}")


def typed(text: str) -> object:
    """A cell value from its CSV text: number, ISO date, text ('... keeps it text), or None."""
    if text == "":
        return None
    if text.startswith("'"):
        return text[1:]
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return datetime.strptime(text, "%Y-%m-%d")
    return text


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a ``;`` separated UTF-8 file in scripts/demo/ (a BOM is allowed)."""
    with open(DATA_DIR / name, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter=";"))
    for number, row in enumerate(rows, start=2):
        require(None not in row and None not in row.values(), f"{name} line {number}: columns")
    return rows


def read_toml(name: str) -> dict:
    return tomllib.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Report:
    """A measure's entry in one year."""

    status: str  # canonical word
    spelling: str | None  # as the office wrote it, where that differs
    note: str
    reason: str | None


@dataclass(frozen=True)
class Measure:
    """One measure of the concept with its status history (years not reported are absent)."""

    id: str
    title: str
    lead: str
    partners: str | None
    target: str
    begin: int
    end: object  # datetime (a date cell), int (a year) or text
    years: dict[int, Report]

    @property
    def field(self) -> str:
        return self.id.split(".")[0]

    def status_in(self, year: int) -> str | None:
        report = self.years.get(year)
        return report.status if report else None


@dataclass(frozen=True)
class Demo:
    design: dict
    layout: dict
    fields: dict[str, str]  # code -> name, from review.toml
    measures: list[Measure]  # in the order of measures.csv
    indicators: list[dict[str, object]]  # rows of indicators.csv, values typed

    @property
    def vocabulary(self) -> list[str]:
        status = self.design["status"]
        return [*status["phases"], status["postponed"], status["dropped"]]


def load() -> Demo:
    """Read scripts/demo/ (structure only; the design is checked by ``check_design``)."""
    reports: dict[str, dict[int, Report]] = {}
    for row in read_csv("status.csv"):
        year = int(row["year"])
        entry = Report(row["status"], row["spelling"] or None, row["note"], row["reason"] or None)
        require(year not in reports.setdefault(row["id"], {}), ("twice in status.csv", row["id"]))
        reports[row["id"]][year] = entry
    measures = []
    for row in read_csv("measures.csv"):
        texts = (row["id"], row["title"], row["lead"], row["partners"] or None, row["target"])
        begin, end = int(row["begin"]), typed(row["end"])
        measures.append(Measure(*texts, begin, end, reports.pop(row["id"], {})))
    require(not reports, ("status.csv: not in measures.csv", sorted(reports)))
    indicators = [
        {key: typed(text) if key.isdigit() or key in NUMBERS else text for key, text in row.items()}
        for row in read_csv("indicators.csv")
    ]
    config = tomllib.loads(review_toml())
    fields = {field["code"]: field["name"] for field in config["fields"]}
    return Demo(read_toml("design.toml"), read_toml("layout.toml"), fields, measures, indicators)


def review_toml() -> str:
    return (DATA_DIR / "review.toml").read_text(encoding="utf-8")
