"""Control characters from file names and cells never reach the terminal raw; in the data
(and so in the PDF) bidi overrides and other controls are removed with a warning naming the
cell."""

from __future__ import annotations

from conftest import HEADER, measure_rows, run_cli, write_xlsx

from planreview.analyse.pipeline import analyse
from planreview.read.config import Config

ESC = "\x1b"
RLO = "\u202e"


def _inputs(tmp_path):
    write_xlsx(tmp_path / "2020" / "a.xlsx", measure_rows({"1.1": "geplant", "1.2": "geplant"}))
    rows = [HEADER]
    rows.append(["1.1", "Sprache", f"Kurs {RLO}txet{RLO}", "VHS", 2030, "umgesetzt", ""])
    rows.append(["1.2", "Sprache", "Treff", f"{ESC}[31mVHS", 2030, f"in umsetzng{ESC}[2J", ""])
    (tmp_path / "2021").mkdir()  # a CSV: an xlsx cannot hold ESC (XML 1.0 forbids it)
    text = "\n".join(";".join(str(c) for c in r) for r in rows)
    (tmp_path / "2021" / f"stand{ESC}]0;x{ESC}\\.csv").write_text(text, encoding="utf-8")
    return tmp_path


def test_no_control_character_reaches_the_console(tmp_path):
    code, out, err = run_cli("check", "--inputs", str(_inputs(tmp_path)))
    assert ESC not in out + err and RLO not in out + err
    assert "stand<U+001B>]0;x<U+001B>\\.csv" in out  # the file name, visibly escaped


def test_controls_in_cells_are_removed_with_a_warning_naming_the_cell(tmp_path):
    analysis = analyse(_inputs(tmp_path), Config())
    measures = {m.id: m for m in analysis.years[0].measures}
    assert measures["1.1"].title == "Kurs txet"
    assert measures["1.2"].lead == "[31mVHS"
    warnings = [p.message for p in analysis.problems if "Steuerzeichen" in p.message]
    assert warnings == [
        "Zelle C2 enthielt Steuerzeichen (U+202E), die die Anzeige verfälschen können (z. B. "
        "die Schreibrichtung umkehren); sie wurden entfernt.",
        "Zelle D3 enthielt Steuerzeichen (U+001B), die die Anzeige verfälschen können (z. B. "
        "die Schreibrichtung umkehren); sie wurden entfernt.",
        "Zelle F3 enthielt Steuerzeichen (U+001B), die die Anzeige verfälschen können (z. B. "
        "die Schreibrichtung umkehren); sie wurden entfernt.",
    ]
