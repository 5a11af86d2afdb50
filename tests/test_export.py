"""`build --json`: the summary written out, reconciliation of rows read, atomic writing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import HEADER, measure_rows, run_cli, write_xlsx

from planreview.analyse.pipeline import analyse
from planreview.export.files import write_together
from planreview.read.config import Config, Field
from planreview.report import records

REVIEW_TOML = """\
[report]
city = "Musterstadt"

[[fields]]
code = "1"
name = "Sprache"

[[fields]]
code = "2"
name = "Arbeit"
"""


def write_inputs(folder: Path) -> Path:
    """Three years. 2023 comes as two per-actor files in a year folder (1.10 in both)."""
    (folder / "review.toml").parent.mkdir(parents=True, exist_ok=True)
    (folder / "review.toml").write_text(REVIEW_TOML, encoding="utf-8")
    write_xlsx(
        folder / "Umsetzungsstand_2021.xlsx",
        measure_rows({"1.1": "nicht begonnen", "1.2": "in Umsetzung", "1.9": "in Vorbereitung"})
        + measure_rows({"1.10": "in Vorbereitung"})[1:]
        + measure_rows({"2.1": "in Umsetzung"}, field="Arbeit")[1:],
    )
    write_xlsx(
        folder / "Umsetzungsstand_2022.xlsx",
        measure_rows(
            {
                "1.1": "in Vorbereitung",
                "1.2": "in Umsetzung",
                "1.3": "umgesetzt",
                "1.4": "in Umsetzung",
                "1.5": "in Vorbereitung",
                "1.9": "in Vorbereitung",
                "1.10": "in Vorbereitung",
            }
        )
        + measure_rows(
            {"2.1": "zurückgestellt", "2.2": "umgesetzt", "2.3": "entfallen"}, field="Arbeit"
        )[1:],
        title_rows=[["Integrationskonzept – Umsetzungsstand 2022"], []],
    )
    # The VHS return: rows out of order, a heading row, a spacer row, a Begründung column.
    vhs = measure_rows(
        {
            "1.10": "in Vorbereitung",
            "1.1": "in Arbeit",
            "1.2": "In Umsetzung",
            "1.3": "in Umsetzung",
            "1.4": "gestrichen",
            "1.5": "pausiert",
            "1.9": "umgesetzt",
        },
        header=HEADER + ["Begründung"],
    )
    for row in vhs[1:]:
        row.append(None)
    vhs[3][4] = 2022  # 1.2: planned end passed
    vhs[5][7] = "Förderung beendet"  # 1.4
    vhs.insert(1, [None, None, "Handlungsfeld 1: Sprache"])
    vhs.insert(5, [None] * 8)
    write_xlsx(folder / "2023" / "VHS.xlsx", vhs)
    # The Jobcenter return: 1.10 again, identical; 2.2 no longer reported.
    jobcenter = (
        measure_rows({"2.1": "in Umsetzung", "2.3": "entfallen", "2.4": "geplant"}, field="Arbeit")
        + measure_rows({"1.10": "in Vorbereitung"})[1:]
    )
    jobcenter[3][4] = 2022  # 2.4: new, but already overdue
    write_xlsx(folder / "2023" / "Jobcenter.xlsx", jobcenter, sheet="Rückmeldung")
    return folder


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    return write_inputs(tmp_path_factory.mktemp("inputs"))


@pytest.fixture(scope="module")
def summary(inputs, tmp_path_factory) -> dict:
    target = tmp_path_factory.mktemp("out") / "summary.json"
    code, out, err = run_cli("build", "--inputs", str(inputs), "--json", str(target), "--no-pdf")
    assert code == 0, err
    assert list(target.parent.iterdir()) == [target]  # no PDF, no temp file
    return json.loads(target.read_text(encoding="utf-8"))


def test_top_level_keys_exactly(summary):
    assert list(summary) == [
        "year",
        "previous_year",
        "total",
        "by_status",
        "by_field",
        "changes",
        "measures",
        "inputs",
        "warnings",
        "responses",
        "history",
        "indicators",
        "revision_hints",
    ]


def test_years_and_total(summary):
    assert summary["year"] == 2023
    assert summary["previous_year"] == 2022
    assert summary["total"] == 10


def test_by_status_every_status_with_zeros(summary):
    assert summary["by_status"] == {
        "nicht begonnen": 1,
        "in Vorbereitung": 1,
        "in Umsetzung": 4,
        "umgesetzt": 1,
        "verstetigt": 0,
        "zurückgestellt": 1,
        "entfallen": 2,
    }


def test_by_field(summary):
    assert summary["by_field"] == {"Sprache": 7, "Arbeit": 3}


def test_changes_sorted_naturally(summary):
    assert summary["changes"] == {
        "new": ["2.4"],
        "removed": ["2.2"],
        "progressed": ["1.1", "1.9"],
        "regressed": ["1.3"],
        "unchanged": ["1.2", "1.10", "2.3"],
        "dropped": ["1.4"],
        "postponed": ["1.5"],
        "resumed": ["2.1"],
        "stalled": ["1.2", "1.10"],
        "overdue": ["1.2", "2.4"],
    }


def _measure(measure_id, field, status, previous, change, source, **extra):
    return {
        "id": measure_id,
        "field": field,
        "title": f"Maßnahme {measure_id}",
        "lead": "VHS",
        "status": status,
        "previous_status": previous,
        "change": change,
        "end_year": extra.get("end_year", 2030),
        "stalled": extra.get("stalled", False),
        "overdue": extra.get("overdue", False),
        "source": source,
        "path": PATHS[measure_id],
    }


# Status per year read (2021, 2022, 2023) as in write_inputs; None: not reported that year.
NB, IV, IU, UG, ZG, EF = (
    "nicht begonnen", "in Vorbereitung", "in Umsetzung", "umgesetzt", "zurückgestellt", "entfallen"
)  # fmt: skip
PATHS = {
    measure_id: {str(y): s for y, s in zip((2021, 2022, 2023), path, strict=True) if s}
    for measure_id, path in {
        "1.1": (NB, IV, IU),
        "1.2": (IU, IU, IU),
        "1.3": (None, UG, IU),
        "1.4": (None, IU, EF),
        "1.5": (None, IV, ZG),
        "1.9": (IV, IV, UG),
        "1.10": (IV, IV, IV),
        "2.1": (IU, ZG, IU),
        "2.3": (None, EF, EF),
        "2.4": (None, None, NB),
    }.items()
}


def test_measures(summary):
    vhs, jobcenter = "2023/VHS.xlsx / Maßnahmen", "2023/Jobcenter.xlsx / Rückmeldung"
    IV, IU = "in Vorbereitung", "in Umsetzung"
    assert summary["measures"] == [
        _measure("1.1", "Sprache", IU, IV, "progressed", f"{vhs} / 4"),
        _measure(
            "1.2", "Sprache", IU, IU, "unchanged", f"{vhs} / 5",
            end_year=2022, stalled=True, overdue=True,
        ),
        _measure("1.3", "Sprache", IU, "umgesetzt", "regressed", f"{vhs} / 7"),
        _measure("1.4", "Sprache", "entfallen", IU, "dropped", f"{vhs} / 8"),
        _measure("1.5", "Sprache", "zurückgestellt", IV, "postponed", f"{vhs} / 9"),
        _measure("1.9", "Sprache", "umgesetzt", IV, "progressed", f"{vhs} / 10"),
        _measure("1.10", "Sprache", IV, IV, "unchanged", f"{jobcenter} / 5", stalled=True),
        _measure("2.1", "Arbeit", IU, "zurückgestellt", "resumed", f"{jobcenter} / 2"),
        _measure("2.3", "Arbeit", "entfallen", "entfallen", "unchanged", f"{jobcenter} / 3"),
        _measure(
            "2.4", "Arbeit", "nicht begonnen", None, "new", f"{jobcenter} / 4",
            end_year=2022, overdue=True,
        ),
    ]  # fmt: skip


def test_inputs(summary):
    assert summary["inputs"] == [
        {
            "year": 2023,
            "file": "2023/Jobcenter.xlsx",
            "sheet": "Rückmeldung",
            "rows": 4,
            "measures": 4,
            "skipped": "",
        },
        {
            "year": 2023,
            "file": "2023/VHS.xlsx",
            "sheet": "Maßnahmen",
            "rows": 8,
            "measures": 6,
            "skipped": (
                "Zeile 2: Zwischenüberschrift ohne Nr.: „Handlungsfeld 1: Sprache“; "
                "Zeile 3: identisch mit 2023/Jobcenter.xlsx, Blatt „Rückmeldung“, Zeile 5, einmal "
                "gezählt"
            ),
        },
        {
            "year": 2022,
            "file": "Umsetzungsstand_2022.xlsx",
            "sheet": "Maßnahmen",
            "rows": 10,
            "measures": 10,
            "skipped": "",
        },
        {
            "year": 2021,
            "file": "Umsetzungsstand_2021.xlsx",
            "sheet": "Maßnahmen",
            "rows": 5,
            "measures": 5,
            "skipped": "",
        },
    ]


def test_warnings(summary):
    reason = "Bitte in der Spalte „Begründung“ angeben, warum (und was an ihre Stelle tritt)."
    assert summary["warnings"] == [
        "2023/Jobcenter.xlsx, Blatt „Rückmeldung“, Zeile 3, Spalte „Status“: Maßnahme 2.3 ist "
        f"„entfallen“, aber ohne Begründung. {reason}",
        "2023/VHS.xlsx, Blatt „Maßnahmen“, Zeile 3: Maßnahme 1.10 steht identisch auch in "
        "2023/Jobcenter.xlsx, Blatt „Rückmeldung“, Zeile 5; sie wird einmal gezählt.",
        "Umsetzungsstand_2022.xlsx, Blatt „Maßnahmen“, Zeile 13, Spalte „Status“: Maßnahme 2.3 "
        f"ist „entfallen“, aber ohne Begründung. {reason}",
    ]


@pytest.fixture(scope="module")
def summary_en(inputs, tmp_path_factory) -> dict:
    target = tmp_path_factory.mktemp("out_en") / "summary.json"
    args = ("build", "--inputs", str(inputs), "--json", str(target), "--no-pdf", "--lang", "en")
    code, out, err = run_cli(*args)
    assert code == 0, err
    return json.loads(target.read_text(encoding="utf-8"))


def test_warnings_and_skipped_rows_in_english_with_lang_en(summary_en):
    reason = "Please state in the column “Begründung” why (and what replaces it)."
    assert summary_en["warnings"] == [
        "2023/Jobcenter.xlsx, sheet “Rückmeldung”, row 3, column “Status”: Measure 2.3 is "
        f"“entfallen” but has no reason. {reason}",
        "2023/VHS.xlsx, sheet “Maßnahmen”, row 3: Measure 1.10 also appears, identical, in "
        "2023/Jobcenter.xlsx, sheet “Rückmeldung”, row 5; it is counted once.",
        "Umsetzungsstand_2022.xlsx, sheet “Maßnahmen”, row 13, column “Status”: Measure 2.3 "
        f"is “entfallen” but has no reason. {reason}",
    ]
    vhs = [i for i in summary_en["inputs"] if i["file"] == "2023/VHS.xlsx"]
    assert [i["skipped"] for i in vhs] == [
        "row 2: subheading without Nr.: “Handlungsfeld 1: Sprache”; "
        "row 3: identical to 2023/Jobcenter.xlsx, sheet “Rückmeldung”, row 5, counted once"
    ]


def test_hint_figures_in_english_with_lang_en(tmp_path):
    """The demo's unemployment rate: its figures as the English report writes them."""
    target = tmp_path / "s.json"
    demo = Path(__file__).resolve().parent.parent / "inputs"
    args = ("--json", str(target), "--no-pdf", "-q", "--lang", "en")
    code, _, err = run_cli("build", "--inputs", str(demo), *args)
    assert (code, err) == (0, "")
    hints = json.loads(target.read_text(encoding="utf-8"))["revision_hints"]
    [text] = [h["text"] for h in hints if h["id"].startswith("Arbeitslosenquote")]
    assert "(district) was 13.9 % in 2019 and 15.2 % in 2020; target 12.0 % by 2022." in text


def test_every_measure_has_the_documented_keys(summary):
    keys = [
        "id",
        "field",
        "title",
        "lead",
        "status",
        "previous_status",
        "change",
        "end_year",
        "stalled",
        "overdue",
        "source",
        "path",
    ]
    assert all(list(m) == keys for m in summary["measures"])


def test_json_is_utf8_not_escaped_and_identical_on_rebuild(inputs, tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert run_cli("build", "--inputs", str(inputs), "--json", str(first), "--no-pdf")[0] == 0
    assert run_cli("build", "--inputs", str(inputs), "--json", str(second), "--no-pdf")[0] == 0
    data = first.read_bytes()
    assert data == second.read_bytes()
    assert "„Handlungsfeld 1: Sprache“".encode() in data
    assert b"\\u" not in data
    assert data.endswith(b"}\n")


# --- reconciliation: rows read = measures + rows skipped ----------------------------------------


def test_rows_reconcile_per_sheet_and_per_year(inputs):
    analysis = analyse(inputs, Config(fields=(Field("1", "Sprache"), Field("2", "Arbeit"))))
    assert analysis.ok
    per_year = {
        data.year: (
            sum(s.rows for s in data.sheets),
            len(data.measures),
            sum(len(s.skipped) for s in data.sheets),
        )
        for data in analysis.years
    }
    assert per_year == {2023: (12, 10, 2), 2022: (10, 10, 0), 2021: (5, 5, 0)}
    for data in analysis.years:
        for s in data.sheets:
            assert s.rows == s.measures + len(s.skipped), (s.file, s.sheet)


def test_json_inputs_reconcile_with_measures(summary):
    for year in (2021, 2022, 2023):
        sheets = [i for i in summary["inputs"] if i["year"] == year]
        skipped = sum(len(i["skipped"].split("; ")) for i in sheets if i["skipped"])
        assert sum(i["rows"] for i in sheets) == sum(i["measures"] for i in sheets) + skipped
    reported = sum(i["measures"] for i in summary["inputs"] if i["year"] == 2023)
    assert reported == len(summary["measures"]) == 10


# --- writing atomically -------------------------------------------------------------------------


def test_write_together_replaces_the_file(tmp_path):
    target = tmp_path / "out" / "bericht.json"
    write_together({target: b"one"})
    write_together({target: b"two"})
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["bericht.json"]


def test_write_together_failure_keeps_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "bericht.json"
    target.write_bytes(b"old")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_together({target: b"new"})
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["bericht.json"]


def test_json_not_written_when_inputs_have_errors(tmp_path):
    inputs = tmp_path / "in"
    write_xlsx(inputs / "s_2022.xlsx", measure_rows({"1.1": "in Umsetzung"}))
    write_xlsx(inputs / "s_2023.xlsx", measure_rows({"1.1": "irgendwie"}))
    target = tmp_path / "summary.json"
    code, _, err = run_cli("build", "--inputs", str(inputs), "--json", str(target), "--no-pdf")
    assert code == 1
    assert "„irgendwie“ ist kein bekannter Status." in err
    assert not target.exists()


def test_json_lists_one_measure_per_line_with_the_same_data(inputs):
    from planreview.analyse.pipeline import analyse
    from planreview.export.summary import summary as summary_of
    from planreview.export.summary import summary_json
    from planreview.read.config import load_config

    analysis = analyse(inputs, load_config(inputs / "review.toml"))
    text = summary_json(analysis).decode("utf-8")
    assert json.loads(text) == json.loads(json.dumps(summary_of(analysis)))
    lines = text.splitlines()
    start = lines.index('  "measures": [')
    rows = lines[start + 1 : start + 1 + len(records.entries(analysis.compared))]
    assert [json.loads(row.strip().rstrip(","))["id"] for row in rows] == [
        e.measure.id for e in records.entries(analysis.compared)
    ]
    assert lines[start + 1 + len(rows)] == "  ],"
