"""The demo data end to end: the generator reproduces inputs/, and the report says what the
data was designed to show (expected values from the generator's design, written out)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"

EXPECTED_CHANGES = {
    "progressed": ["1.2", "1.7", "1.10", "2.2", "3.5", "4.5", "6.2", "7.2"],
    "regressed": ["3.3", "7.4"],
    "new": ["2.8", "8.7"],
    "removed": ["5.6"],
    "dropped": ["2.3", "4.4"],
    "postponed": ["2.4", "5.2"],
    "resumed": ["6.4"],
    "stalled": ["1.6", "3.4", "7.1"],
    "overdue": ["1.6", "2.7", "3.3", "5.2"],
    "unchanged": [
        "1.1", "1.3", "1.4", "1.5", "1.6", "1.8", "1.9", "2.1", "2.5", "2.6", "2.7", "3.1",
        "3.2", "3.4", "4.1", "4.2", "4.3", "5.1", "5.3", "5.4", "5.5", "6.1", "6.3", "7.1",
        "7.3", "7.5", "8.1", "8.2", "8.3", "8.4", "8.5", "8.6",
    ],
}  # fmt: skip


def test_generator_reproduces_committed_inputs(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_demo_inputs.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(INPUTS) for p in INPUTS.rglob("*") if p.is_file())
    assert made == committed
    for name in made:
        assert (tmp_path / name).read_bytes() == (INPUTS / name).read_bytes(), name


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    code, stdout, stderr = run_cli(
        "build", "--inputs", str(INPUTS), "--out", str(out / "report.pdf"),
        "--json", str(out / "summary.json"), "-q",
    )  # fmt: skip
    assert (code, stderr) == (0, "")
    return out, stdout


def test_demo_summary_matches_design(demo):
    out, stdout = demo
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["year"], summary["previous_year"], summary["total"]) == (2020, 2019, 49)
    assert summary["by_status"] == {
        "nicht begonnen": 1, "in Vorbereitung": 6, "in Umsetzung": 15, "umgesetzt": 7,
        "verstetigt": 16, "zurückgestellt": 2, "entfallen": 2,
    }  # fmt: skip
    assert list(summary["by_field"].values()) == [10, 8, 5, 5, 5, 4, 5, 7]
    assert summary["changes"] == EXPECTED_CHANGES
    # the one identical duplicate (2.5 in two actors' files) is the one warning
    assert len(summary["warnings"]) == 1 and "2.5" in summary["warnings"][0]
    rows = sum(i["rows"] for i in summary["inputs"] if i["year"] == 2020)
    assert rows == 50  # 49 measures + the duplicate row, skipped with its reason
    assert "Bericht geschrieben:" in stdout and "49 Maßnahmen" in stdout


def test_demo_pdf_names_every_measure(demo):
    out, stdout = demo
    reader = PdfReader(out / "report.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    for measure in summary["measures"]:
        assert measure["id"] in text and measure["title"][:25] in text, measure["id"]
    assert "5.6" in text  # the measure no longer reported is listed too
    assert f"Seite {len(reader.pages)} von {len(reader.pages)}" in text
    assert f"({len(reader.pages)} Seiten" in stdout


def _text(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())


def test_demo_pdf_has_history_indicators_hints_and_answers(demo):
    out, _ = demo
    text = _text(out / "report.pdf")
    for heading in (
        "Entwicklung seit 2018",
        "Anteil umgesetzt und verstetigt je Handlungsfeld und Jahr",
        "Indikatoren",
        "Teilnehmende an Integrationskursen",
        "Hinweise für die Fortschreibung",
        "Noch keine Rückmeldung von: Kreissportbund (1 Maßnahme)",  # Auf einen Blick
        "Kreissportbund: 1 Maßnahme ohne Rückmeldung (5.6)",  # data basis
    ):
        assert heading in text, heading
    # a stalled measure: since when, named on the page "Auf einen Blick"
    assert "seit mindestens 2018 unverändert „in Umsetzung“" in text


def test_demo_in_english(tmp_path):
    out = tmp_path / "en.pdf"
    code, _, err = run_cli(
        "build", "--inputs", str(INPUTS), "--out", str(out), "--lang", "en", "-q"
    )
    assert (code, err) == (0, "")
    text = _text(out)
    for phrase in (
        "Implementation report 2020",
        "Of 49 measures, 23 were implemented or established in 2020 (47%)",
        "Development since 2018",
        "Changes since the previous year",
        "Notes for the revision",
        "Page 2 of",
        "in progress",
        "Rule “Overdue” (planned end before the reporting year, not yet implemented)",
        "in the sheet “Check protocol” of the Excel export",  # the name whole, not "pro‐tocol"
    ):
        assert phrase in text, phrase
    assert "Seite 2 von" not in text and "Zusammenfassung" not in text


def test_demo_pdf_passes_the_structure_checks(demo):
    from planreview.report.verify import verify

    out, _ = demo
    assert [(c.name, c.detail) for c in verify(out / "report.pdf") if not c.ok] == []
