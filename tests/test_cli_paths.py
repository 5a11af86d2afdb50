"""What the CLI promises beyond single stages: `check` stays light, --allow-missing builds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
