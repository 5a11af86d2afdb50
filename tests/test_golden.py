"""Golden JSON summaries, written before the move to the pandas core (issue 11): every figure
of the demo's years and of the benchmark generator's city and county must stay identical.

The files in tests/golden/ were written by the code before the move; regenerate one only when
the inputs change on purpose (the demo data), never to make a test pass.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
DEMO_CASES = {
    "demo-2020.json": ["--year", "2020"],
    "demo-2019.json": ["--year", "2019"],
    "demo-2020-vs-2018.json": ["--year", "2020", "--previous", "2018"],
    "demo-2020-allow-missing.json": ["--year", "2020", "--allow-missing"],
}


def _differences(expected, actual, where="") -> list[str]:
    """Every key path where the two JSON values differ (key by key, item by item)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = [f"{where}/{k}: missing" for k in expected if k not in actual]
        out += [f"{where}/{k}: unexpected" for k in actual if k not in expected]
        for k in expected:
            if k in actual:
                out += _differences(expected[k], actual[k], f"{where}/{k}")
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        out = [] if len(expected) == len(actual) else [f"{where}: {len(expected)} vs {len(actual)}"]
        for i, (e, a) in enumerate(zip(expected, actual, strict=False)):
            out += _differences(e, a, f"{where}[{i}]")
        return out
    return [] if expected == actual else [f"{where}: {expected!r} -> {actual!r}"]


def _summary(tmp_path: Path, *args: str) -> dict:
    out = tmp_path / "summary.json"
    code, _, err = run_cli("build", "--no-pdf", "-q", "--json", str(out), *args)
    assert code == 0, err
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(DEMO_CASES))
def test_demo_summary_unchanged(tmp_path, name):
    actual = _summary(tmp_path, "--inputs", str(ROOT / "inputs"), *DEMO_CASES[name])
    expected = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
    assert _differences(expected, actual) == []


@pytest.mark.parametrize("preset", ["city", "county"])
def test_benchmark_summary_unchanged(tmp_path, preset):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    inputs = tmp_path / preset
    generate(preset, inputs)
    actual = _summary(tmp_path, "--inputs", str(inputs))
    expected = json.loads((GOLDEN / f"{preset}-2020.json").read_text(encoding="utf-8"))
    assert _differences(expected, actual) == []
