"""The PDF as a committee and an archive get it: variants, structure, safety, reproducibility."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import HEADER, run_cli, write_xlsx
from pypdf import PdfReader

from planreview.read.sheets import document_date
from planreview.report.verify import verify

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = '<link rel=attachment href="file:///etc/passwd"><img src="file:///etc/hostname">'


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    rows = {
        2019: [("1.1", "in Planung"), ("1.2", "laufend"), ("2.1", "geplant")],
        2020: [("1.1", "laufend"), ("1.2", "abgeschlossen"), ("2.1", "geplant"), ("2.2", "ruhend")],
    }
    for year, measures in rows.items():
        table = [HEADER] + [
            [mid, "Sprache" if mid < "2" else "Arbeit", HOSTILE if mid == "1.2" else f"Titel {mid}",
             "VHS", 2019, status, f"Sachstand {mid}"]
            for mid, status in measures
        ]  # fmt: skip
        write_xlsx(folder / f"Stand_{year}.xlsx", table)
    return folder


def build(inputs: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    return run_cli("build", "--inputs", str(inputs), "--out", str(out), "-q", *extra)


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/a-2a", "pdf/a-3a", "pdf/a-2b"])
def test_every_variant_passes_its_structure_checks(inputs, tmp_path, variant):
    out = tmp_path / "r.pdf"
    code, _, err = build(inputs, out, "--pdf-variant", variant)
    assert (code, err) == (0, "")
    failed = [(c.name, c.detail) for c in verify(out) if not c.ok]
    assert failed == []
    with pikepdf.open(out) as pdf:
        with pdf.open_metadata() as xmp:
            keys = set(xmp)
        if variant == "pdf/ua-1":
            assert "{http://www.aiim.org/pdfua/ns/id/}part" in keys
        else:
            assert "{http://www.aiim.org/pdfa/ns/id/}part" in keys
        attached = sorted(pdf.attachments)
    assert attached == (["massnahmen.csv", "zusammenfassung.json"] if variant == "pdf/a-3a" else [])


def test_structure_checks_fail_on_an_untagged_pdf(tmp_path):
    import weasyprint

    plain = tmp_path / "plain.pdf"
    weasyprint.HTML(string="<h1>x</h1><h3>y</h3>").write_pdf(plain)
    code, out, _ = run_cli("verify", str(plain))
    assert code == 1
    assert "FEHLT Strukturbaum (StructTreeRoot)" in out
    assert "FEHLT Konformität in XMP (pdfuaid/pdfaid)" in out


def test_hostile_cells_are_text_and_nothing_is_read(inputs, tmp_path):
    out = tmp_path / "r.pdf"
    assert build(inputs, out, "--pdf-variant", "pdf/a-3a")[0] == 0
    with pikepdf.open(out) as pdf:
        assert sorted(pdf.attachments) == ["massnahmen.csv", "zusammenfassung.json"]
        images = [name for page in pdf.pages for name in page.get_images()]
    assert images == []  # charts are vector (SVG), and the hostile <img> was never loaded
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert 'href="file:///etc/passwd">' in text.replace("\n", "")


def test_same_inputs_give_the_same_bytes_in_two_processes(inputs, tmp_path):
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"r{n}.pdf"
        subprocess.run(
            [sys.executable, "review.py", "build", "--inputs", str(inputs), "--out", str(out),
             "-q"],
            cwd=ROOT, check=True, capture_output=True,
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        )  # fmt: skip
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    # the date comes from the data, not the clock: the workbook's own "modified" property
    stored = document_date(inputs / "Stand_2020.xlsx")
    with pikepdf.open(tmp_path / "r1.pdf") as pdf, pdf.open_metadata() as xmp:
        assert xmp["xmp:CreateDate"] == f"{stored.isoformat()}T00:00:00Z"


def test_an_error_from_the_renderer_fails_the_build(inputs, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "planreview" / "templates", templates)
    title = templates / "partials" / "title.html.j2"
    title.write_text(
        title.read_text(encoding="utf-8")
        + '<img src="http://example.invalid/logo.png" alt="Logo">',
        encoding="utf-8",
    )
    out = tmp_path / "r.pdf"
    code, _, err = build(inputs, out, "--templates", str(templates))
    assert code == 1
    assert err.startswith("Das PDF konnte nicht gesetzt werden:\n")
    assert "http://example.invalid/logo.png" in err
    assert not out.exists()


def test_own_templates_folder_is_used(inputs, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "planreview" / "templates", templates)
    summary = templates / "partials" / "glance.html.j2"
    text = summary.read_text(encoding="utf-8")
    summary.write_text(text.replace('<h1>{{ t("glance") }}</h1>', "<h1>Kurz gefasst</h1>"))
    html = tmp_path / "r.html"
    code, _, _ = run_cli(
        "build", "--inputs", str(inputs), "--templates", str(templates), "--html", str(html),
        "--no-pdf", "-q",
    )  # fmt: skip
    assert code == 0
    assert "<h1>Kurz gefasst</h1>" in html.read_text(encoding="utf-8")


def test_own_chart_templates_are_used_and_missing_ones_come_from_the_package(inputs, tmp_path):
    import base64
    import re

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "planreview" / "templates", templates)
    status = templates / "charts" / "status.svg.j2"
    status.write_text(
        status.read_text(encoding="utf-8").replace("</svg>", "<!-- Stadtfarben --></svg>")
    )
    (templates / "charts" / "indicator.svg.j2").unlink()  # not copied: the package's
    html = tmp_path / "r.html"
    code, _, err = run_cli(
        "build", "--inputs", str(inputs), "--templates", str(templates), "--html", str(html),
        "--no-pdf", "-q",
    )  # fmt: skip
    assert code == 0, err
    text = html.read_text(encoding="utf-8")
    charts = [text] + [
        base64.b64decode(data).decode("utf-8")
        for data in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", text)
    ]
    assert sum("<!-- Stadtfarben -->" in c for c in charts) == 1
    assert any("<polyline" in c or "<path" in c for c in charts[1:])  # indicator lines drawn


def test_logo_colour_and_date_from_the_config(inputs, tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(inputs, folder)
    png = b"\x89PNG\r\n\x1a\n" + bytes.fromhex(
        "0000000d49484452000000010000000108060000001f15c489"
        "0000000d49444154789c6360f8cf000000030101001803e6d10000000049454e44ae426082"
    )
    (folder / "wappen.png").write_bytes(png)
    (folder / "review.toml").write_text(
        '[report]\ncity = "Musterstadt"\nlogo = "wappen.png"\ncolour = "#6a1b4d"\n'
        'date = "2021-02-15"\n',
        encoding="utf-8",
    )
    html = tmp_path / "r.html"
    out = tmp_path / "r.pdf"
    code, _, err = build(folder, out, "--html", str(html))
    assert (code, err) == (0, "")
    text = html.read_text(encoding="utf-8")
    assert '<img class="logo" src="data:image/png;base64,' in text
    assert 'alt="Logo Musterstadt"' in text
    assert ":root { --accent: #6a1b4d; }" in text
    assert "<dd>15.02.2021</dd>" in text
    assert [(c.name, c.detail) for c in verify(out) if not c.ok] == []


def test_bad_logo_and_colour_are_config_errors(inputs, tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(inputs, folder)
    (folder / "review.toml").write_text(
        '[report]\nlogo = "fehlt.png"\ncolour = "rot; } body { display: none"\n', encoding="utf-8"
    )
    code, _, err = run_cli("check", "--inputs", str(folder))
    assert code == 1
    assert "report.logo: Die Datei fehlt.png gibt es neben review.toml nicht." in err
    assert "report.colour muss eine Farbe wie #1d3c5a sein." in err


def test_misspelt_settings_are_named_not_ignored(tmp_path):
    config = tmp_path / "review.toml"
    config.write_text(
        '[reprot]\ncity = "x"\n[report]\ncitty = "y"\n[report.vorlage]\n'
        'meeting_date = "morgen"\n[[statuses]]\nlabel = "offen"\ncolor = "#123456"\n',
        encoding="utf-8",
    )
    code, _, err = run_cli("check", "--inputs", str(tmp_path), "--config", str(config))
    assert code == 1
    assert "„reprot“ ist keine bekannte Einstellung. Meinten Sie „report“?" in err
    assert "„report.citty“ ist keine bekannte Einstellung. Meinten Sie „city“?" in err
    assert "report.vorlage.meeting_date ist kein Datum. Erlaubt: 2021-03-11 oder 11.03.2021." in err
    assert "„statuses.color“ ist keine bekannte Einstellung. Meinten Sie „colour“?" in err


def test_configured_statuses_without_colour_get_distinct_colours(tmp_path):
    from planreview.read.config import load_config

    config = tmp_path / "review.toml"
    config.write_text(
        '[[statuses]]\nlabel = "geplant"\n[[statuses]]\nlabel = "läuft"\n'
        '[[statuses]]\nlabel = "fertig"\nkind = "done"\n',
        encoding="utf-8",
    )
    colours = [s.colour for s in load_config(config).vocabulary.statuses]
    assert len(set(colours)) == 3


def test_contents_leaders_are_drawn_not_written(inputs, tmp_path):
    """Dotted leaders as "." characters were one tagged span per dot, read out by screen
    readers; the page numbers must still be there, resolved."""
    out = tmp_path / "r.pdf"
    assert build(inputs, out)[0] == 0
    page = PdfReader(out).pages[2].extract_text(extraction_mode="layout")  # as it looks
    lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
    assert "...." not in page
    assert lines[lines.index("Inhalt", 1) + 1 :][:2] == [
        "Auf einen Blick 2",
        "Überblick nach Handlungsfeldern 4",
    ]
