"""What the CLI promises beyond single stages: `check` stays light, --allow-missing builds."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import measure_rows, run_cli, write_xlsx

ROOT = Path(__file__).resolve().parent.parent


def test_check_imports_neither_weasyprint_nor_matplotlib():
    probe = (
        "import sys; from planreview.cli import main; "
        "code = main(['check', '--inputs', 'inputs', '-q'], stdout=open('/dev/null', 'w')); "
        "print(code, 'weasyprint' in sys.modules, 'matplotlib' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["0", "False", "False"]


@pytest.mark.parametrize(
    ("output", "not_loaded"),
    [
        # WeasyPrint and the structure repair (pikepdf) load only when a PDF is written
        ("--html", ("weasyprint", "pikepdf")),
        # the JSON takes its words from the label table: no Jinja, no HTML renderer
        ("--json", ("jinja2", "planreview.report.render")),
    ],
)
def test_a_build_without_a_pdf_loads_only_what_its_output_needs(tmp_path, output, not_loaded):
    written = tmp_path / "out"
    probe = (
        "import sys; from planreview.cli import main; "
        f"code = main(['build', '--inputs', 'inputs', '--no-pdf', '{output}', r'{written}', '-q'],"
        " stdout=open('/dev/null', 'w')); "
        f"print(code, *(name in sys.modules for name in {not_loaded!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["0", "False", "False"]
    assert written.is_file()


def test_allow_missing_lists_unanswered_measures_and_leaves_them_out(tmp_path):
    write_xlsx(tmp_path / "Stand_2019.xlsx", measure_rows({"1.1": "laufend", "1.2": "geplant"}))
    write_xlsx(tmp_path / "Stand_2020.xlsx", measure_rows({"1.1": "umgesetzt", "1.2": None}))
    code, out, err = run_cli("build", "--inputs", str(tmp_path), "--no-pdf", "-q")
    assert code == 1
    assert "Maßnahme 1.2 hat keinen Status (keine Rückmeldung)" in err

    html = tmp_path / "r.html"
    summary = tmp_path / "r.json"
    code, out, err = run_cli(
        "build", "--inputs", str(tmp_path), "--allow-missing", "--no-pdf", "-q",
        "--html", str(html), "--json", str(summary),
    )  # fmt: skip
    assert (code, err) == (0, "")
    text = html.read_text(encoding="utf-8")
    assert "Keine Rückmeldung (1)" in text
    assert "Von 1 Maßnahme ist 2020 1 umgesetzt oder verstetigt" in " ".join(text.split())
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["total"] == 1
    assert [(m["id"], m["status"], m["change"]) for m in data["measures"]] == [
        ("1.1", "umgesetzt", "progressed"),
        ("1.2", None, "no_response"),
    ]

    code, out, _ = run_cli("check", "--inputs", str(tmp_path), "--allow-missing")
    assert code == 0
    assert "  Noch keine Rückmeldung (1):\n    VHS: 1.2 Maßnahme 1.2\n" in out


def test_unwritable_outputs_are_refused_before_anything_is_written(tmp_path):
    write_xlsx(tmp_path / "in" / "Stand_2019.xlsx", measure_rows({"1.1": "laufend"}))
    write_xlsx(tmp_path / "in" / "Stand_2020.xlsx", measure_rows({"1.1": "umgesetzt"}))
    blocker = tmp_path / "datei"
    blocker.write_text("x", encoding="utf-8")
    good = tmp_path / "ok.json"
    taken = tmp_path / "bericht-2020.html"  # the default name in the folder named: a folder
    taken.mkdir()
    code, out, err = run_cli(
        "build", "--inputs", str(tmp_path / "in"), "--json", str(good),
        "--out", str(blocker / "bericht.pdf"), "--html", str(tmp_path), "-q",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert f"{taken}\n  Fehler: Das ist ein Ordner; bitte einen Dateinamen angeben." in err
    assert f"Fehler: {blocker} ist eine Datei, kein Ordner." in err
    assert not good.exists()  # nothing half done


def test_a_device_or_pipe_as_output_is_refused_not_replaced(tmp_path):
    """Outputs are written as a new file renamed over the old one: over /dev/null (as root)
    that made /dev/null a plain file. A target that is no regular file is refused instead."""
    write_xlsx(tmp_path / "in" / "Stand_2019.xlsx", measure_rows({"1.1": "laufend"}))
    write_xlsx(tmp_path / "in" / "Stand_2020.xlsx", measure_rows({"1.1": "umgesetzt"}))
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    code, out, err = run_cli(
        "build", "--inputs", str(tmp_path / "in"), "--no-pdf", "--json", str(pipe), "-q"
    )
    assert (code, out) == (1, "")
    assert (
        f"{pipe}\n  Fehler: Das ist keine gewöhnliche Datei (z. B. ein Gerät wie /dev/null); "
        "die Ausgaben werden als neue Datei geschrieben und würden es ersetzen. Bitte einen "
        "Dateinamen angeben."
    ) in err
    assert stat.S_ISFIFO(pipe.stat().st_mode)  # still the pipe


def test_missing_templates_folder_and_verify_on_a_folder(tmp_path):
    code, _, err = run_cli("build", "--templates", str(tmp_path / "nope"), "-q")
    assert code == 1
    assert f"Im Vorlagen-Ordner {tmp_path / 'nope'} fehlt report.html.j2" in err
    code, _, err = run_cli("verify", str(tmp_path))
    assert (code, err.strip()) == (
        1,
        f"Allgemein\n  Fehler: {tmp_path} ist ein Ordner, keine PDF-Datei.",
    )


def test_a_refused_build_shows_what_stops_it_not_the_notes(tmp_path):
    write_xlsx(tmp_path / "Stand_2019.xlsx", measure_rows({"1.1": "laufend"}))
    rows = measure_rows({"1.1": "in umsetzng"})
    rows[0].append("Ansprechperson")  # an ignored column: a note in `check`
    write_xlsx(tmp_path / "Stand_2020.xlsx", rows)
    code, _, err = run_cli("build", "--inputs", str(tmp_path), "-q")
    assert code == 1
    assert "„in umsetzng“ ist kein bekannter Status. Meinten Sie „in Umsetzung“?" in err
    assert "Hinweis:" not in err and "Ansprechperson" not in err
    code, out, _ = run_cli("check", "--inputs", str(tmp_path))
    assert (
        "Hinweis: Blatt „Maßnahmen“, Zeile 1: Nicht ausgewertete Spalten: „Ansprechperson“." in out
    )


def test_a_missing_package_is_named_as_an_installation_problem(tmp_path, monkeypatch):
    """Before: a virtualenv without python-calamine called every workbook "beschädigt"."""
    from planreview.read import sheets

    def missing(path):
        raise ModuleNotFoundError("No module named 'python_calamine'", name="python_calamine")

    monkeypatch.setattr(sheets, "_read_workbook", missing)
    write_xlsx(tmp_path / "Stand_2020.xlsx", measure_rows({"1.1": "laufend"}))
    code, out, err = run_cli("check", "--inputs", str(tmp_path))
    assert code == 1
    assert err == (
        "Fehler: Die Installation ist unvollständig, das Python-Paket „python_calamine“ fehlt. "
        "Bitte „make report“ oder „pip install -r requirements.txt“ ausführen.\n"
    )


def test_messages_name_the_command_the_user_started(tmp_path, monkeypatch):
    """`planreview` once installed, `python review.py` from a checkout."""
    inputs = tmp_path / "in"
    write_xlsx(inputs / "s_2022.xlsx", measure_rows({"1.1": "in Umsetzung"}))
    write_xlsx(inputs / "s_2023.xlsx", measure_rows({"1.1": "irgendwie"}))
    monkeypatch.setattr(sys, "argv", ["/opt/venv/bin/planreview"])
    code, _, err = run_cli("build", "--inputs", str(inputs), "--no-pdf")
    assert code == 1
    assert "Details mit „planreview check“." in err
    monkeypatch.setattr(sys, "argv", ["review.py"])
    code, _, err = run_cli("build", "--inputs", str(inputs), "--no-pdf")
    assert "Details mit „python review.py check“." in err


def test_the_report_line_counts_the_measures_without_an_answer(tmp_path):
    """ "Bericht geschrieben: … (3 Maßnahmen, davon 1 ohne Rückmeldung, …)" with
    --allow-missing: counted from the comparison table."""
    from conftest import measure_rows, write_xlsx

    from planreview import analyse
    from planreview.cli import _measures_read

    write_xlsx(tmp_path / "stand_2019.xlsx", measure_rows({"1.1": "geplant", "1.2": "geplant"}))
    now = measure_rows({"1.1": "in Umsetzung", "1.2": None, "1.3": "geplant"})
    write_xlsx(tmp_path / "stand_2020.xlsx", now)
    compared = analyse(tmp_path, allow_missing=True).compared
    assert _measures_read(compared) == "3 Maßnahmen, davon 1 ohne Rückmeldung"
    write_xlsx(tmp_path / "stand_2020.xlsx", measure_rows({"1.1": "geplant"}))
    assert _measures_read(analyse(tmp_path).compared) == "1 Maßnahme"


def test_the_library_build_refuses_a_templates_folder_without_the_report(tmp_path):
    """What the CLI says before reading, build() says too (the web app and the API call it)."""
    from conftest import measure_rows, write_xlsx

    from planreview import analyse
    from planreview.build import build
    from planreview.problems import InputError

    write_xlsx(tmp_path / "in" / "stand_2019.xlsx", measure_rows({"1.1": "geplant"}))
    write_xlsx(tmp_path / "in" / "stand_2020.xlsx", measure_rows({"1.1": "geplant"}))
    (tmp_path / "vorlagen").mkdir()
    with pytest.raises(InputError) as raised:
        build(analyse(tmp_path / "in"), json=tmp_path / "z.json", templates=tmp_path / "vorlagen")
    (problem,) = raised.value.problems
    assert problem.text() == (
        f"Im Vorlagen-Ordner {tmp_path / 'vorlagen'} fehlt report.html.j2 (eine Kopie von "
        "templates/ wird erwartet)."
    )
    assert not (tmp_path / "z.json").exists()
