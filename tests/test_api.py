"""The Python API for analysts: the example in docs/api.md runs and gives the demo's figures
(written out by hand from the demo inputs' golden summary); the import stays light."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _example() -> str:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    [code] = re.findall(r"```python\n(.*?)```", text, re.S)
    return code


@pytest.fixture
def example(monkeypatch, capsys) -> dict:
    monkeypatch.chdir(ROOT)  # the example names "inputs/", relative to the checkout
    names: dict = {}
    exec(compile(_example(), "docs/api.md", "exec"), names)
    names["printed"] = capsys.readouterr().out
    return names


def test_the_documented_example_runs_and_gives_the_demo_figures(example):
    a = example["a"]
    assert a.ok and a.errors == ()
    assert example["per_year"].to_dict() == {2018: 45, 2019: 48, 2020: 49}
    assert example["moved"]["id"].tolist() == ["1.2", "1.7", "1.10", "2.2", "3.5", "4.5", "6.2",
                                               "7.2"]  # fmt: skip
    assert example["moved"].iloc[0][["previous_status", "status"]].tolist() == [
        "in Umsetzung",
        "umgesetzt",
    ]
    assert a.comparison["change"].value_counts().to_dict() == {
        "unchanged": 32, "progressed": 8, "new": 2, "regressed": 2, "dropped": 2,
        "postponed": 2, "resumed": 1,
    }  # fmt: skip
    stalled = example["stalled"]
    assert stalled["id"].tolist() == ["1.6", "3.4", "7.1"]
    assert stalled.iloc[0][["file", "row"]].tolist() == ["2020/Rueckmeldung_VHS.xlsx", 5]
    assert a.removed["id"].tolist() == ["5.6"]
    [warning] = example["warnings"]
    assert warning.startswith("2020/Rueckmeldung_VHS.xlsx, Blatt „Rückmeldung“, Zeile 7:")
    older = example["older"].comparison["change"].value_counts().to_dict()
    assert older == {"progressed": 34, "unchanged": 6, "new": 5, "dropped": 2, "postponed": 2}
    assert example["missing"].ok and len(example["missing"].comparison) == 49
    assert "1.10 in Vorbereitung in Umsetzung" in example["printed"]


def test_the_long_table_has_provenance_and_one_row_per_measure_and_year(example):
    measures = example["a"].measures
    assert {"year", "id", "status", "file", "sheet", "row"} <= set(measures.columns)
    assert not measures.duplicated(["year", "id"]).any()
    row = measures[(measures["year"] == 2020) & (measures["id"] == "1.1")].iloc[0]
    assert (row["status"], row["sheet"], row["row"]) == ("verstetigt", "Rückmeldung", 2)


def test_a_missing_folder_raises_input_error(tmp_path):
    from planreview import analyse
    from planreview.problems import InputError

    with pytest.raises(InputError) as raised:
        analyse(tmp_path / "fehlt")
    assert "gibt es nicht" in raised.value.problems[0].message


def test_importing_the_api_loads_neither_pandas_nor_the_analysis():
    code = (
        "import sys; from planreview import analyse; "
        "print(callable(analyse), 'pandas' in sys.modules, 'planreview.analyse.pipeline' in "
        "sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.stdout.split() == ["True", "False", "False"]


def test_the_comparison_has_the_documented_columns(example):
    from planreview.analyse.compare import COMPARED
    from planreview.analyse.years import COLUMNS

    assert list(example["a"].comparison.columns) == [*COLUMNS, *COMPARED]
    assert list(example["a"].measures.columns) == list(COLUMNS)
