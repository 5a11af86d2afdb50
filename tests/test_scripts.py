"""Text in the scripts of the largest migrant communities prints with the bundled fonts
(DejaVu Sans covers Latin with Turkish letters, Cyrillic, Greek, Arabic and Persian, Hebrew);
a character no bundled font has shows as a visible placeholder, with a warning naming the
cell, and stays as written in the data."""

from __future__ import annotations

import json

import pikepdf
import pypdf
from conftest import HEADER, measure_rows, run_cli, write_xlsx

from planreview import glyphs

TEXTS = {
    "1.1": "Türkçe: Göçmenler için dil kursu (ğ ı ş İ)",
    "1.2": "Русский: Языковые курсы; Ελληνικά: Μαθήματα γλώσσας",
    "1.3": "العربية: دورة لغة — فارسی: کلاس زبان برای پناهجویان",
    "1.4": "עברית: קורס שפה; 中文: 语言 ✅",
}


def _inputs(tmp_path):
    write_xlsx(tmp_path / "2020" / "a.xlsx", measure_rows(dict.fromkeys(TEXTS, "geplant")))
    rows = [HEADER] + [
        [n, "Sprache", text, "VHS", 2030, "umgesetzt", text] for n, text in TEXTS.items()
    ]
    write_xlsx(tmp_path / "2021" / "a.xlsx", rows)
    return tmp_path


def test_the_scripts_print_with_the_bundled_fonts_and_a_placeholder_for_the_rest(tmp_path):
    inputs = _inputs(tmp_path)
    out = tmp_path / "out"
    code, _, err = run_cli(
        "build",
        "--inputs",
        str(inputs),
        "--out",
        str(out / "r.pdf"),
        "--html",
        str(out / "r.html"),
        "--json",
        str(out / "s.json"),
    )
    assert code == 0, err
    html = (out / "r.html").read_text(encoding="utf-8")
    for text in list(TEXTS.values())[:3]:
        assert text in html
    assert "עברית: קורס שפה; ��: �� �" in html  # CJK and the emoji: placeholders
    assert "中" not in html and "✅" not in html
    pdf = pikepdf.open(out / "r.pdf")
    fonts = {
        str(font.get("/BaseFont")).split("+")[-1]
        for page in pdf.pages
        for font in page.Resources.get("/Font", {}).values()
    }
    assert fonts == {"DejaVu-Sans", "DejaVu-Sans-Bold"}  # no fallback to the machine's fonts
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out / "r.pdf").pages)
    for word in ("Göçmenler", "Языковые", "Μαθήματα", "دورة لغة", "پناهجویان", "קורס שפה"):
        assert word in text  # drawn with a glyph that maps back to the letter
    summary = json.loads((out / "s.json").read_text(encoding="utf-8"))
    titles = {m["id"]: m["title"] for m in summary["measures"]}
    assert titles["1.4"] == TEXTS["1.4"]  # the data keeps what was written


def test_a_character_without_a_glyph_is_warned_about_naming_the_cell(tmp_path):
    code, out, _ = run_cli("check", "--inputs", str(_inputs(tmp_path)))
    assert code == 0
    assert (
        "Warnung: Blatt „Maßnahmen“, Zeile 5, Spalte „Maßnahme“: Zelle C5 enthält Zeichen, die "
        "die Schrift des Berichts nicht darstellen kann: „中“ (U+4E2D), „文“ (U+6587), „语“ "
        "(U+8BED), „言“ (U+8A00), „✅“ (U+2705). Im PDF steht dafür �."
    ) in out
    assert out.count("nicht darstellen kann") == 2  # C5 and G5; nothing for rows 2 to 4


def test_the_coverage_is_read_from_the_fonts():
    assert glyphs.missing("Göç Язык Μάθημα لغة پ שפה") == []
    assert glyphs.missing("中✅a中") == ["中", "✅"]
