"""The changes lists have fixed column widths (report.css): a long name in the lead column
is hyphenated or broken, never run into the next column. Checked on the PDF itself, with
the word boxes poppler's `pdftotext -bbox` reports."""

from __future__ import annotations

import html
import re
import subprocess

from conftest import HEADER, run_cli, write_xlsx

LONG_LEADS = {
    "1.1": "Wohnungsbaugesellschaftsverwaltungsgenossenschaft",  # hyphenated
    "1.2": "integrationsbuero.musterstadt@example.org",  # no hyphenation point: broken
    "1.3": "VHS",
}
_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.DOTALL)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
)


def _rows(year_status: str) -> list[list]:
    rows = [list(HEADER)]
    for measure_id, lead in LONG_LEADS.items():
        rows.append([measure_id, "Sprache", f"Maßnahme {measure_id}", lead, 2030, year_status, ""])
    return rows


def _pages(pdf) -> list[list[tuple[float, float, float, str]]]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return [
        [(float(x0), float(y0), float(x1), html.unescape(text)) for x0, y0, x1, text in words]
        for words in (_WORD.findall(page) for page in _PAGE.findall(out.stdout))
    ]


def test_long_leads_stay_inside_their_column(tmp_path):
    inputs = tmp_path / "inputs"
    write_xlsx(inputs / "2020" / "plan.xlsx", _rows("geplant"))
    write_xlsx(inputs / "2021" / "plan.xlsx", _rows("umgesetzt"))
    (inputs / "review.toml").write_text('[report]\ncity = "Musterstadt"\n', encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    code, _, err = run_cli("build", "--inputs", str(inputs), "--out", str(pdf), "-q")
    assert code == 0, err
    checked = 0
    for words in _pages(pdf):
        heads = [w for w in words if w[3] == "Federführung"]
        for word in words:
            if not _of_a_long_lead(word[3]):
                continue
            above = [h for h in heads if h[1] < word[1]]
            if not above:
                continue  # running text (the measure's facts line in its field)
            lead = max(above, key=lambda h: h[1])  # the header of its column
            next_column = min(w[0] for w in words if w[1] == lead[1] and w[0] > lead[2])
            if not lead[0] <= word[0] < next_column:
                continue  # not in that column: running text below the table
            assert word[2] < next_column, (word, lead, next_column)
            checked += 1
    # in the changes list ("Vorangekommen") and the annex, each name on two lines or more
    assert checked >= 8


def _of_a_long_lead(text: str) -> bool:
    """A piece of one of the long names: a whole line of it, or the part before or after a
    break."""
    piece = text.rstrip("\u2010-")
    return len(piece) >= 4 and any(piece in lead for lead in list(LONG_LEADS.values())[:2])
