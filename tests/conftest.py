"""Shared test helpers: tiny input folders built in code, the CLI run in-process."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import openpyxl
import pytest

from planreview.cli import main
from planreview.read.config import Config, Field

HEADER = ["Nr.", "Handlungsfeld", "Maßnahme", "Federführung", "Ende", "Status", "Sachstand"]


def write_xlsx(path: Path, rows: list[list], sheet: str = "Maßnahmen", title_rows=()) -> Path:
    """A workbook with optional title rows, then `rows` (first of them the header)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    for row in title_rows:
        ws.append(list(row))
    for row in rows:
        ws.append(list(row))
    workbook.save(path)
    return path


def measure_rows(statuses: dict[str, str], field="Sprache", header=HEADER) -> list[list]:
    """Header plus one row per {id: status}, other columns filled plainly."""
    rows = [list(header)]
    for measure_id, status in statuses.items():
        rows.append([measure_id, field, f"Maßnahme {measure_id}", "VHS", 2030, status, ""])
    return rows


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process -> (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def config() -> Config:
    return Config(fields=(Field("1", "Sprache"), Field("2", "Arbeit")))


@pytest.fixture(autouse=True)
def _quiet_logging():
    yield
    logging.getLogger("planreview").handlers.clear()
