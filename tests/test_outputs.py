"""Outputs never replace inputs, the configuration or each other; all are written together;
Ctrl+C stops with "Abgebrochen." and leaves every old output as it was."""

from __future__ import annotations

import base64
import json

import pytest
from conftest import measure_rows, run_cli, write_xlsx


def _inputs(tmp_path):
    inputs = tmp_path / "inputs"
    write_xlsx(inputs / "2020" / "plan.xlsx", measure_rows({"1.1": "geplant", "1.2": "umgesetzt"}))
    write_xlsx(
        inputs / "2021" / "plan.xlsx", measure_rows({"1.1": "umgesetzt", "1.2": "umgesetzt"})
    )
    (inputs / "review.toml").write_text('[report]\ncity = "Musterstadt"\n', encoding="utf-8")
    return inputs


def _snapshot(folder):
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("option", ["--out", "--json", "--xlsx", "--html"])
def test_an_output_onto_an_input_file_is_refused_before_any_work(tmp_path, option):
    inputs = _inputs(tmp_path)
    before = _snapshot(inputs)
    target = inputs / "2021" / "plan.xlsx"
    code, out, err = run_cli("build", "--inputs", str(inputs), option, str(target))
    assert code == 2
    assert f"„{target}“ ist die Eingabedatei" in err and "würde überschrieben" in err
    assert "[1/4]" not in err  # refused before reading anything
    assert _snapshot(inputs) == before


def test_an_output_named_differently_but_the_same_file_is_refused(tmp_path):
    inputs = _inputs(tmp_path)
    before = _snapshot(inputs)
    other_name = inputs / "2020" / ".." / "2021" / "plan.xlsx"
    code, _, err = run_cli("build", "--inputs", str(inputs), "--no-pdf", "--json", str(other_name))
    assert code == 2
    assert "ist die Eingabedatei" in err and str(inputs / "2021" / "plan.xlsx") in err
    assert _snapshot(inputs) == before


def test_an_output_onto_the_configuration_is_refused(tmp_path):
    inputs = _inputs(tmp_path)
    before = _snapshot(inputs)
    code, _, err = run_cli("build", "--inputs", str(inputs), "--json", str(inputs / "review.toml"))
    assert code == 2
    assert "ist die Konfigurationsdatei" in err
    assert _snapshot(inputs) == before


def test_two_outputs_onto_one_file_are_refused(tmp_path):
    inputs = _inputs(tmp_path)
    target = tmp_path / "out" / "bericht.pdf"
    code, _, err = run_cli(
        "build", "--inputs", str(inputs), "--out", str(target), "--json", str(target)
    )
    assert code == 2
    assert "PDF („" in err and "JSON („" in err and "dieselbe Datei" in err
    assert not (tmp_path / "out").exists()


def test_a_failed_write_changes_no_output(tmp_path, monkeypatch):
    """The second file cannot be written: the first (already made) stays the old one."""
    inputs = _inputs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "s.json").write_bytes(b"old json")
    (out / "r.html").write_bytes(b"old html")
    import planreview.export.files as files

    real = files._temporary

    def failing(path, data):
        if path.name == "r.html":
            raise OSError(28, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(files, "_temporary", failing)
    code, _, err = run_cli(
        "build",
        "--inputs",
        str(inputs),
        "--no-pdf",
        "--json",
        str(out / "s.json"),
        "--html",
        str(out / "r.html"),
    )
    assert code == 1 and f"Kein Platz mehr auf dem Laufwerk für {out / 'r.html'}." in err
    assert _snapshot(out) == {out / "s.json": b"old json", out / "r.html": b"old html"}


def test_ctrl_c_says_abgebrochen_exits_130_and_keeps_all_old_outputs(tmp_path, monkeypatch):
    inputs = _inputs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "s.json").write_bytes(b"old json")
    (out / "r.html").write_bytes(b"old html")
    from planreview.report import render

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(render, "render_html", interrupted)
    code, _, err = run_cli(
        "build",
        "--inputs",
        str(inputs),
        "--no-pdf",
        "--json",
        str(out / "s.json"),
        "--html",
        str(out / "r.html"),
    )
    assert code == 130
    assert err.strip().endswith("Abgebrochen.") and "Traceback" not in err
    assert _snapshot(out) == {out / "s.json": b"old json", out / "r.html": b"old html"}


def test_outputs_of_a_run_are_all_new_together(tmp_path):
    inputs = _inputs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "s.json").write_bytes(b"old json")
    code, _, _ = run_cli(
        "build",
        "--inputs",
        str(inputs),
        "--no-pdf",
        "--json",
        str(out / "s.json"),
        "--html",
        str(out / "r.html"),
    )
    assert code == 0
    assert json.loads((out / "s.json").read_bytes())["year"] == 2021
    assert b"<html" in (out / "r.html").read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["r.html", "s.json"]  # no temporaries


def test_a_real_ctrl_c_while_the_pdf_is_set(tmp_path):
    """SIGINT to the process (as the terminal sends it) while WeasyPrint works on the demo."""
    import signal
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "out"
    out.mkdir()
    (out / "s.json").write_bytes(b"old json")
    # As a terminal's process: a shell that starts jobs in the background (CI runners, `cmd &`)
    # makes them ignore SIGINT, and the child would inherit that. Reset in a Python that then
    # execs the build, not in a preexec_fn (Python run between fork and exec is unsafe).
    default_sigint = (
        "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
        "os.execv(sys.executable, [sys.executable] + sys.argv[1:])"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", default_sigint, str(root / "review.py"), "build"]
        + ["--inputs", str(root / "inputs")]
        + ["--out", str(out / "r.pdf"), "--json", str(out / "s.json")],
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = []
    for line in process.stderr:
        lines.append(line)
        if line.startswith("[4/4]"):
            process.send_signal(signal.SIGINT)
            break
    rest = process.stderr.read()
    assert process.wait(timeout=60) == 130, "".join(lines) + rest
    assert rest.strip().endswith("Abgebrochen.") and "Traceback" not in rest
    assert _snapshot(out) == {out / "s.json": b"old json"}


# a bar drawn by an SVG image, as the report's charts are
_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10">'
    '<rect width="40" height="10" fill="#336"/></svg>'
)
_SVG_PAGE = (
    '<html lang="de"><head><title>Balken</title></head><body><p>Ein Balken:</p>'
    '<img alt="Ein Balken" src="data:image/svg+xml;base64,'
    + base64.b64encode(_SVG.encode()).decode()
    + '"></body></html>'
)


def test_a_ctrl_c_while_weasyprint_draws_a_chart_stays_a_ctrl_c(monkeypatch):
    """WeasyPrint catches whatever an SVG image's drawing raises, Ctrl+C's KeyboardInterrupt
    too, and logs a failed image: the clerk's Ctrl+C ended as "Das PDF konnte nicht gesetzt
    werden" and exit 1. It is raised again once WeasyPrint is done."""
    import signal

    from weasyprint.svg import SVG

    from planreview.report.typeset import typeset

    drawn = []

    def draw(self, *args, **kwargs):
        drawn.append(True)
        signal.raise_signal(signal.SIGINT)  # as the terminal's Ctrl+C, at this moment

    monkeypatch.setattr(SVG, "draw", draw)
    # as in a terminal: Python's own handler (a CI runner may start the tests with SIGINT
    # ignored, and then no Ctrl+C would reach them)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            typeset(_SVG_PAGE, "pdf/ua-1")
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, previous)
    assert drawn == [True]


def test_a_chart_that_fails_is_named_without_its_whole_data(monkeypatch):
    """The failed image's URI is the whole chart (20,000 letters on the clerk's terminal)."""
    from weasyprint.svg import SVG

    from planreview.report.typeset import typeset

    def draw(self, *args, **kwargs):
        raise ValueError("broken chart")

    monkeypatch.setattr(SVG, "draw", draw)
    made = typeset(_SVG_PAGE, "pdf/ua-1")
    assert made.errors == ["Failed to render SVG image data:image/svg+xml;base64,…"]
