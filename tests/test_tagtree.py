"""The demo report as a screen reader walks it, in every PDF variant and both languages,
checked with independent means: the PyPI checker `pdfua`, `qpdf --check`, `pdftotext` and a
walk through the content streams and the structure tree (tagwalk.py)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import run_cli
from tagwalk import Element, TaggedPdf

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ["pdf/ua-1", "pdf/a-2a", "pdf/a-3a", "pdf/a-2b"]
BUILDS = [(v, lang) for v in VARIANTS for lang in ("de", "en")]
GLYPHS = set("○◔◑●◆‖✕→✔✖")  # status symbols, arrows, the Ampel's green and red
# Rules of pdfua 0.1.3 that crash on any PDF whose headings hold an array of kids:
# EmptyHeadingRule calls getattr(value, "is_integer") on a pikepdf.Array, which pikepdf
# answers with ValueError (not AttributeError). test_headings_are_not_empty checks the same.
CHECKER_CRASHES = {"UA-14-001"}


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Each variant/language built once per session, on first use: (pdf path, html text)."""
    cache: dict[tuple[str, str], tuple[Path, str]] = {}
    folder = tmp_path_factory.mktemp("demo-pdfs")

    def build(variant: str, language: str) -> tuple[Path, str]:
        if (variant, language) not in cache:
            name = f"{variant.replace('/', '-')}-{language}"
            out, html = folder / f"{name}.pdf", folder / f"{name}.html"
            code, _, err = run_cli(
                "build", "--inputs", str(ROOT / "inputs"), "--out", str(out), "--html",
                str(html), "--pdf-variant", variant, "--lang", language, "-q",
            )  # fmt: skip
            assert (code, err) == (0, "")
            cache[variant, language] = (out, html.read_text(encoding="utf-8"))
        return cache[variant, language]

    return build


def ids(build):
    return f"{build[0]}-{build[1]}"


@pytest.mark.parametrize("variant,language", BUILDS, ids=[ids(b) for b in BUILDS])
def test_pdfua_checker_finds_nothing(built, variant, language):
    pdf, _ = built(variant, language)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "pdfua"), "check", "--format", "json", str(pdf)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    report = json.loads(result.stdout)
    assert report["findings"] == []
    assert report["summary"]["warnings"] == 0
    assert {s["rule_id"] for s in report["skipped"]} <= CHECKER_CRASHES
    assert result.returncode == 0


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed (make installs it)")
@pytest.mark.parametrize("variant,language", BUILDS, ids=[ids(b) for b in BUILDS])
def test_qpdf_finds_nothing(built, variant, language):
    pdf, _ = built(variant, language)
    result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def walk(pdf: Path):
    document = pikepdf.open(pdf)
    return document, TaggedPdf(document)


def glyphs_read_out(document, tagged: TaggedPdf) -> list[str]:
    """Text with a status symbol or arrow inside marked content with an MCID whose element
    (or an ancestor) does not replace it by /ActualText or /Alt."""
    owners = {}
    for element in tagged.elements():
        for kid in element.kids:
            if not isinstance(kid, Element) and kid[0] == "mcid":
                owners[kid[1], kid[2]] = element
    found = []
    for page in range(len(document.pages)):
        for mcid, text in tagged.texts(page).items():
            if not (GLYPHS & set(text) or text.strip() == "!"):  # "!": the Ampel's amber
                continue
            element = owners.get((page, mcid))
            assert element is not None, f"page {page + 1}: MCID {mcid} belongs to no element"
            chain = [element, *element.ancestors()]
            if not any("/ActualText" in e.obj or "/Alt" in e.obj for e in chain[:-1]):
                found.append(f"page {page + 1}: {text!r}")
    return found


@pytest.mark.parametrize("language", ["de", "en"])
def test_no_status_symbol_or_arrow_is_read_out(built, language):
    document, tagged = walk(built("pdf/ua-1", language)[0])
    assert glyphs_read_out(document, tagged) == []


def test_status_symbols_are_still_drawn(built):
    """Artifacts, not deleted: the page shows them (pdftotext reads artifacts too)."""
    pdf, _ = built("pdf/ua-1", "de")
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True)
    assert {"○", "◔", "◑", "●", "◆", "→", "✔", "!", "✖"} <= set(text.stdout)


def _destination_pages(document) -> dict[str, int]:
    """Named destination -> page number (from 1), read from the PDF's name tree."""
    pages = {page.obj.objgen: n for n, page in enumerate(document.pages, start=1)}
    names = pikepdf.NameTree(document.Root.Names.Dests)
    found = {}
    for name, target in names.items():
        target = target.D if isinstance(target, pikepdf.Dictionary) else target
        found[name] = pages[target[0].objgen]
    return found


def _contents_links(tagged: TaggedPdf):
    """The annotations of the contents' entries, in the order of the contents."""
    [toc] = [e for e in tagged.elements() if e.role == "TOC" and e.parent.role != "TOCI"]
    return [k[1] for e in toc.walk() if e.role == "Link" for k in e.kids
            if not isinstance(k, Element) and k[0] == "objr"]  # fmt: skip


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/a-3a"])
def test_every_annotation_is_one_link_with_a_description(built, variant):
    pdf, html = built(variant, "de")
    document, tagged = walk(pdf)
    links = [e for e in tagged.elements() if e.role == "Link"]
    objrs = {}
    for link in links:
        assert not any(a.role == "Link" for a in link.ancestors()), "a Link inside a Link"
        held = [k[1] for k in link.kids if not isinstance(k, Element) and k[0] == "objr"]
        assert len(held) == 1
        objrs[held[0].objgen] = link
    annotations = [a for page in document.pages for a in page.obj.get("/Annots", [])]
    # one per contents entry and per page reference in the text ("ab Seite 17")
    assert len(annotations) == len(re.findall(r'<a (?:class="[^"]*" )?href="#', html))
    pages = _destination_pages(document)
    contents = {a.objgen for a in _contents_links(tagged)}
    assert len(contents) == html.count('<span class="entry"')
    for annotation in annotations:
        assert annotation.objgen in objrs  # its OBJR is under a Link
        page = pages[str(annotation.Dest)]
        said = str(annotation.Contents)
        if annotation.objgen in contents:
            assert re.fullmatch(rf".+, Seite {page}", said), said
        else:
            assert re.fullmatch(rf"(ab )?Seite {page}", said), said
    first = str(_contents_links(tagged)[0].Contents)
    assert first == "Auf einen Blick, Seite 2"


def test_links_are_described_in_english(built):
    _, tagged = walk(built("pdf/ua-1", "en")[0])
    assert str(_contents_links(tagged)[0].Contents) == "At a glance, Page 2"


@pytest.mark.parametrize("language", ["de", "en"])
def test_one_table_element_per_html_table_with_its_caption(built, language):
    pdf, html = built("pdf/ua-1", language)
    _, tagged = walk(pdf)
    tables = [e for e in tagged.elements() if e.role == "Table"]
    assert len(tables) == html.count("<table")
    captions = re.findall(r"<caption>(.*?)</caption>", html)
    for table, caption in zip(tables, captions, strict=True):
        first = table.kids[0]
        assert first.role == "Caption"
        read = re.sub(r"\s*→\s*", ", ", caption.replace("&amp;", "&"))  # the arrow: a pause
        assert tagged.text(first) == read
        assert [k.role for k in table.kids].count("THead") <= 1


def test_every_header_cell_has_a_scope_and_ids_are_in_the_id_tree(built):
    document, tagged = walk(built("pdf/ua-1", "de")[0])
    cells = [e for e in tagged.elements() if e.role == "TH"]
    assert cells and all("/Scope" in e.obj.A for e in cells)
    ids = pikepdf.NameTree(document.Root.StructTreeRoot.IDTree)
    for cell in cells:
        assert ids[str(cell.obj.ID)].objgen == cell.obj.objgen
    data = [e for e in tagged.elements() if e.role == "TD" and "/Headers" in e.obj.A]
    assert len(data) > 100
    for cell in data[:200]:
        assert all(str(h) in ids for h in cell.obj.A.Headers)


@pytest.mark.parametrize("language", ["de", "en"])
def test_top_level_is_one_section_per_chapter(built, language):
    pdf, html = built("pdf/ua-1", language)
    _, tagged = walk(pdf)
    body = html.split("<body>", 1)[1]
    # the title page, the contents and every chapter: the top-level blocks of the body
    top = re.findall(r'<section class="(title-page|chapter)[ "]|<nav class="(contents)"', body)
    kinds = [a or b for a, b in top]
    assert kinds[:3] == ["title-page", "chapter", "contents"]  # "Auf einen Blick" first
    document = tagged.root.kids[0]
    assert [k.role for k in document.kids] == ["Sect"] * len(top)
    headings = re.findall(r'<section class="chapter[ "][^>]*>\s*<h1>(.*?)</h1>', body)
    chapters = [k for k, kind in zip(document.kids, kinds, strict=True) if kind == "chapter"]
    assert [tagged.text(k.kids[0]) for k in chapters] == headings
    assert all(k.kids[0].role == "H1" for k in chapters)
    assert [k.role for k in document.kids[2].kids] == ["H1", "TOC"]


def test_title_is_the_first_heading_on_page_one(built):
    _, tagged = walk(built("pdf/ua-1", "de")[0])
    first = next(e for e in tagged.elements() if e.role.startswith("H"))
    assert (first.role, tagged.text(first)) == ("H1", "Umsetzungsbericht 2020")
    assert tagged.first_page(first) == 0


def test_headings_are_not_empty(built):
    """What the checker's UA-14-001 would say, had it not crashed."""
    _, tagged = walk(built("pdf/ua-1", "de")[0])
    headings = [e for e in tagged.elements() if re.fullmatch(r"H[1-6]", e.role)]
    assert headings and all(tagged.text(h).strip() for h in headings)


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/a-2b"])
def test_hyphenated_words_come_out_whole(built, unrepaired, variant):
    pdf, _ = built(variant, "de")
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True)
    assert "\u2010" not in text.stdout  # WeasyPrint's hyphen at a line's end
    # the words WeasyPrint split at a line's end ("aufge-" / "nommen") are read whole
    before = subprocess.run(["pdftotext", "-raw", str(unrepaired(variant, "de")), "-"],
                            capture_output=True, text=True)  # fmt: skip
    split = re.findall(r"(\w+)\u2010\n(\w+)", before.stdout)
    assert split
    words = set(re.findall(r"\w+", text.stdout))
    assert [a + b for a, b in split if a + b not in words] == []


def test_a_line_hyphenated_at_both_ends_is_read_once(built):
    """'aufge-' / 'nommen, 1 wird … wieder aufge-' / 'nommen.': each part read once, whole."""
    _, tagged = walk(built("pdf/ua-1", "de")[0])
    said = tagged.text(tagged.root.kids[0].kids[1].kids[1])  # Auf einen Blick, 1st paragraph
    assert "2 sind neu aufgenommen, 1 wird nicht mehr berichtet." in said
    assert said.endswith("und 1 wieder aufgenommen.")


def test_term_value_pairs_are_label_and_body(built):
    _, tagged = walk(built("pdf/ua-1", "de")[0])
    facts = tagged.root.kids[0].kids[0].kids[-1]  # the title page's dl
    assert facts.role == "L"
    pairs = [[(k.role, tagged.text(k)) for k in item.kids] for item in facts.kids]
    assert pairs[-1] == [("Lbl", "Stand"), ("LBody", "15.01.2021")]
    assert all([role for role, _ in pair] == ["Lbl", "LBody"] for pair in pairs)


def test_measures_needing_attention_are_read_with_their_number_as_label(built):
    """'Auf einen Blick' lists them without a marker: the number is each item's Lbl."""
    _, tagged = walk(built("pdf/ua-1", "de")[0])
    glance = tagged.root.kids[0].kids[1]
    attention, headlines = [k for k in glance.kids if k.role == "L"]
    assert all([k.role for k in item.kids] == ["Lbl", "LBody"] for item in attention.kids)
    assert [tagged.text(item.kids[0]) for item in attention.kids][:3] == ["3.3", "7.4", "2.3"]
    assert tagged.text(attention.kids[0].kids[1]).startswith("Mehrsprachige Hausordnungen")
    assert tagged.text(headlines.kids[0].kids[0]) == "Am deutlichsten dem Ziel näher:"


def test_figures_hold_their_caption_and_a_box_on_the_page(built):
    document, tagged = walk(built("pdf/ua-1", "de")[0])
    figures = [e for e in tagged.elements() if e.role == "Figure"]
    with_caption = [f for f in figures if any(getattr(k, "role", "") == "Caption" for k in f.kids)]
    html = built("pdf/ua-1", "de")[1]
    assert len(with_caption) == html.count("<figcaption>")  # the large charts
    for figure in figures:
        x1, y1, x2, y2 = (float(v) for v in figure.obj.A.BBox)
        page = document.pages[tagged.first_page(figure)]
        _, _, width, height = (float(v) for v in page.MediaBox)
        assert 0 <= x1 < x2 <= width and 0 <= y1 < y2 <= height
    short = [str(f.obj.Alt) for f in with_caption if str(f.obj.Alt).endswith("Tabelle davor.")]
    assert len(short) == html.count("Die Zahlen stehen in der Tabelle davor.") > 0
    assert all(len(alt) < 120 for alt in short)


def test_german_data_is_marked_german_in_english(built):
    _, tagged = walk(built("pdf/ua-1", "en")[0])
    german = [e for e in tagged.elements() if str(e.obj.get("/Lang", "")) == "de"]
    texts = {tagged.text(e) for e in german}
    assert "Sprache und Bildung" in texts  # a field of action's heading
    assert any("Sprachkurs" in t or "Kurs" in t for t in texts)  # measure titles


def test_archive_copy_declares_pdfua_and_lists_each_attachment_once(built):
    pdf, _ = built("pdf/a-3a", "de")
    with pikepdf.open(pdf) as document:
        with document.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "1"
            assert xmp["pdfaid:part"] == "3"
        files = [f.objgen for f in document.Root.AF]
        assert len(files) == len(set(files)) == 2


@pytest.fixture(scope="session")
def unrepaired(built, tmp_path_factory):
    """WeasyPrint's own tagging of the demo HTML (only page furniture marked): the PDF that
    has every defect the repair removes. One per language and variant, on first use."""
    import weasyprint

    from planreview.report.furniture import mark_furniture

    cache: dict[tuple[str, str], Path] = {}
    folder = tmp_path_factory.mktemp("unrepaired")

    def render(variant: str, language: str) -> Path:
        if (variant, language) not in cache:
            html = built("pdf/ua-1", language)[1]
            data = weasyprint.HTML(string=html).write_pdf(pdf_variant=variant)
            path = folder / f"{variant.replace('/', '-')}-{language}.pdf"
            path.write_bytes(mark_furniture(data))
            cache[variant, language] = path
        return cache[variant, language]

    return render


DEFECT_CHECKS = [
    ("Keine Struktur an Seitenumbrüchen zerteilt", "de"),
    ("Verweise: je ein Link mit Beschreibung", "de"),
    ("Inhaltsverzeichnis als TOC", "de"),
    ("Kopfzellen mit /Scope, IDs im IDTree", "de"),
    ("Abbildungen: Beschriftung darin, BBox auf der Seite", "de"),
    ("Listeneinträge mit Bezeichnung (Lbl)", "de"),
    ("Statussymbole und Pfeile nicht vorgelesen", "de"),
    ("Silbentrennung: Wörter im Text ganz", "de"),
    ("Andere Sprache markiert (/Lang)", "en"),
]


@pytest.mark.parametrize("name,language", DEFECT_CHECKS, ids=[n for n, _ in DEFECT_CHECKS])
def test_verify_fails_on_weasyprints_tags_and_passes_after_the_repair(
    built, unrepaired, name, language
):
    from planreview.report.verify import verify

    before = {c.name: c for c in verify(unrepaired("pdf/ua-1", language))}
    after = {c.name: c for c in verify(built("pdf/ua-1", language)[0])}
    assert not before[name].ok, before[name]
    assert after[name].ok, after[name]


def test_verify_fails_on_an_archive_copy_without_pdfua(built, unrepaired):
    from planreview.report.verify import verify

    name = "Archivfassung auch PDF/UA-1, /AF ohne Doppel"
    before = {c.name: c for c in verify(unrepaired("pdf/a-3a", "de"))}
    after = {c.name: c for c in verify(built("pdf/a-3a", "de")[0])}
    assert (before[name].ok, before[name].detail) == (False, "PDF/A-…a ohne pdfuaid")
    assert after[name].ok


@pytest.mark.parametrize("variant,language", BUILDS, ids=[ids(b) for b in BUILDS])
def test_verify_passes_every_variant(built, variant, language):
    from planreview.report.verify import verify

    assert [(c.name, c.detail) for c in verify(built(variant, language)[0]) if not c.ok] == []


def test_verify_fails_when_the_title_is_not_the_first_heading(built, tmp_path):
    import weasyprint

    from planreview.report.verify import verify

    html = built("pdf/ua-1", "de")[1]
    as_paragraph = re.sub(r'<h1 class="report-title">(.*?)</h1>', r'<p class="report-title">\1</p>',
                          html)  # fmt: skip
    assert as_paragraph != html
    pdf = tmp_path / "title-as-p.pdf"
    weasyprint.HTML(string=as_paragraph).write_pdf(pdf, pdf_variant="pdf/ua-1")
    [title] = [c for c in verify(pdf) if c.name == "Titel als erste Überschrift (H1, Seite 1)"]
    assert (title.ok, title.detail) == (False, "erste Überschrift H1, nicht auf Seite 1")


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """The benchmark's county workload (1,000 measures, about 190 pages), built once."""
    folder = tmp_path_factory.mktemp("county")
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "county", "--out",
         str(folder / "inputs")], check=True, capture_output=True,
    )  # fmt: skip
    out, html = folder / "county.pdf", folder / "county.html"
    code, _, err = run_cli(
        "build", "--inputs", str(folder / "inputs"), "--out", str(out), "--html", str(html), "-q"
    )
    assert (code, err) == (0, "")
    return out, html.read_text(encoding="utf-8")


@pytest.mark.slow
def test_county_report_is_walkable_too(county):
    """The same walk on 1,000 measures: the checker, qpdf, symbols, links, tables, chapters."""
    pdf, html = county
    result = subprocess.run(
        [str(Path(sys.executable).parent / "pdfua"), "check", "--format", "json", str(pdf)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    report = json.loads(result.stdout)
    assert report["findings"] == []
    assert {s["rule_id"] for s in report["skipped"]} <= CHECKER_CRASHES
    if shutil.which("qpdf"):
        checked = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout[-2000:]
    document, tagged = walk(pdf)
    assert len(document.pages) > 150  # the council report: 193 pages (before issue 12: 420)
    assert glyphs_read_out(document, tagged) == []
    links = [e for e in tagged.elements() if e.role == "Link"]
    held = {k[1].objgen for link in links for k in link.kids
            if not isinstance(k, Element) and k[0] == "objr"}  # fmt: skip
    annotations = [a.objgen for page in document.pages for a in page.obj.get("/Annots", [])]
    links_in_html = re.findall(r'<a (?:class="[^"]*" )?href="#', html)  # contents, page refs
    assert sorted(held) == sorted(annotations) and len(annotations) == len(links_in_html)
    assert sum(1 for e in tagged.elements() if e.role == "Table") == html.count("<table")
    body = html.split("<body>", 1)[1]
    top = re.findall(r'<section class="(?:title-page|chapter)[ "]|<nav class="contents"', body)
    assert [k.role for k in tagged.root.kids[0].kids] == ["Sect"] * len(top)
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True)
    assert "\u2010" not in text.stdout


def test_repair_follows_any_html_not_the_reports_chapters(tmp_path):
    """A page of made-up HTML: a section whose table and list run over three pages."""
    from planreview.report.render import render_pdf

    rows = "".join(f"<tr><th scope=row>R{n}</th><td>{n}</td></tr>" for n in range(90))
    items = "".join(f"<li>Punkt {n}</li>" for n in range(60))
    html = (
        '<html lang="de"><title>t</title><body><section><h1>Kapitel</h1>'
        f"<table><caption>Lang</caption><thead><tr><th scope=col>Name</th><th scope=col>Wert"
        f"</th></tr></thead><tbody>{rows}</tbody></table><ul>{items}</ul>"
        "<dl><dt>Begriff</dt><dd>Wert</dd></dl></section></body></html>"
    )
    pdf, pages = render_pdf(html)
    assert pages >= 3
    path = tmp_path / "any.pdf"
    path.write_bytes(pdf)
    _, tagged = walk(path)
    [section] = tagged.root.kids[0].kids
    assert [k.role for k in section.kids] == ["H1", "Table", "L", "L"]
    table, bullets, terms = section.kids[1:]
    assert [k.role for k in table.kids] == ["Caption", "THead", "TBody"]
    assert len(table.kids[2].kids) == 90  # every row, in one body, the header once
    assert [tagged.text(k.kids[1]) for k in bullets.kids][-1] == "Punkt 59"
    assert len(bullets.kids) == 60
    [pair] = terms.kids
    assert [(k.role, tagged.text(k)) for k in pair.kids] == [("Lbl", "Begriff"), ("LBody", "Wert")]
