"""planreview.build.build: the library function behind `build` (and the web app)."""

from __future__ import annotations

import json

from conftest import measure_rows, write_xlsx

from planreview.analyse.pipeline import analyse
from planreview.build import BuildResult, build


def _inputs(tmp_path):
    inputs = tmp_path / "inputs"
    write_xlsx(inputs / "2020" / "plan.xlsx", measure_rows({"1.1": "geplant", "1.2": "umgesetzt"}))
    write_xlsx(
        inputs / "2021" / "plan.xlsx", measure_rows({"1.1": "umgesetzt", "1.2": "umgesetzt"})
    )
    return inputs


def test_build_writes_the_outputs_asked_for_and_reports_them(tmp_path, config):
    analysis = analyse(_inputs(tmp_path), config, None, None, False)
    steps = []
    result = build(
        analysis,
        json=tmp_path / "out" / "s.json",
        html=tmp_path / "out" / "r.html",
        progress=steps.append,
    )
    assert isinstance(result, BuildResult)
    assert result.pdf is None and result.pages is None and result.xlsx is None
    assert result.written == (tmp_path / "out" / "s.json", tmp_path / "out" / "r.html")
    assert steps == ["json", "html", "write"]
    summary = json.loads((tmp_path / "out" / "s.json").read_text(encoding="utf-8"))
    assert summary["year"] == 2021
    assert "Maßnahme 1.1" in (tmp_path / "out" / "r.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["r.html", "s.json"]


def test_build_refuses_an_output_onto_an_input_or_another_output(tmp_path, config):
    import pytest

    from planreview.export.files import OutputConflict

    inputs = _inputs(tmp_path)
    analysis = analyse(inputs, config, None, None, False)
    source = inputs / "2021" / "plan.xlsx"
    before = source.read_bytes()
    with pytest.raises(OutputConflict) as raised:
        build(analysis, json=source)
    assert "ist die Eingabedatei" in raised.value.problems[0].message
    with pytest.raises(OutputConflict) as raised:
        build(analysis, json=tmp_path / "x", html=tmp_path / "x")
    assert "würden in dieselbe Datei geschrieben" in raised.value.problems[0].message
    assert source.read_bytes() == before and not (tmp_path / "x").exists()
