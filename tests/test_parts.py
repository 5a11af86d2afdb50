"""A long report set in two parts at once and joined (report/parts.py, join.py): the joined
PDF must read exactly as the same HTML set whole — page by page for `pdftotext`, element by
element for a screen reader (tagwalk.py), in its outline and its links — and pass the
accessibility checks. The demo is short enough to be set whole by default; here it is forced
into parts (the county benchmark is what sets itself in parts on its own)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import run_cli
from tagwalk import TaggedPdf, dump

from planreview.report import join, parts, render, tagtree, typeset

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo_html(tmp_path_factory) -> str:
    html = tmp_path_factory.mktemp("parts") / "demo.html"
    code, _, err = run_cli(
        "build", "--inputs", str(ROOT / "inputs"), "--no-pdf", "--html", str(html), "-q"
    )
    assert (code, err) == (0, "")
    return html.read_text(encoding="utf-8")


def _whole_with_the_parts_style(html: str) -> str:
    """The same HTML with the rule a report in parts has (each Handlungsfeld after the first
    on a new page), set whole: what the joined PDF must equal."""
    return html.replace("</head>", parts._pieces().style() + "</head>", 1)


@pytest.fixture(scope="module")
def pair(demo_html, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pair")
    whole, pages_whole = render.render_pdf(_whole_with_the_parts_style(demo_html), parts=False)
    made = parts.render(parts.plan(demo_html), "pdf/ua-1", (), None, tagtree.Words())
    assert made is not None  # set in parts, not whole after a failure
    joined, pages_joined = made
    (folder / "again.pdf").write_bytes(render.render_pdf(demo_html, parts=True)[0])  # as built
    (folder / "whole.pdf").write_bytes(whole)
    (folder / "joined.pdf").write_bytes(joined)
    return folder / "whole.pdf", folder / "joined.pdf", pages_whole, pages_joined


def test_the_demo_is_short_and_has_the_cut_marks(demo_html):
    plan = parts.plan(demo_html)
    assert plan is not None
    assert plan.long is False  # set whole unless forced
    assert len(plan.fields) >= 2 and 1 <= plan.cut() < len(plan.fields)


def test_html_without_the_marks_is_always_set_whole(demo_html):
    assert parts.plan(demo_html.replace(parts.FIELD, "")) is None  # e.g. a city's own templates
    assert parts.plan(demo_html.replace(parts.FRONT_END, "")) is None


def test_long_means_the_text_after_the_front_not_its_markup_or_images(demo_html):
    plan = parts.plan(demo_html)
    field = plan.fields[0]
    text = "<p>" + "Sprachkurs " * (parts.LONG // 11) + "</p>"  # LONG letters, with the demo's
    assert parts.plan(demo_html.replace(field, field + text, 1)).long is True
    image = '<img alt="x" src="data:image/png;base64,' + "A" * parts.LONG + '">'
    assert parts.plan(demo_html.replace(field, field + image, 1)).long is False
    markup = '<span class="status" lang="de"></span>' * (parts.LONG // 20)
    assert parts.plan(demo_html.replace(field, field + markup, 1)).long is False


def test_the_cut_divides_by_text_not_by_markup(demo_html):
    """The first Handlungsfeld given markup enough for the rest of the report and nothing
    to read: the cut stays where the text divides, not after that field."""
    plan = parts.plan(demo_html)
    cut = plan.cut()
    field = plan.fields[0]
    markup = '<span class="status" lang="de"></span>' * 100_000
    assert parts.plan(demo_html.replace(field, field + markup, 1)).cut() == cut
    text = "<p>" + "Sprachkurs " * 100_000 + "</p>"
    assert parts.plan(demo_html.replace(field, field + text, 1)).cut() == 1


def _page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    return out.stdout.split("\f")


def test_every_page_reads_as_in_the_whole(pair):
    whole, joined, pages_whole, pages_joined = pair
    assert pages_joined == pages_whole
    assert _page_texts(joined) == _page_texts(whole)
    last = _page_texts(joined)[pages_joined - 1]
    assert f"Seite {pages_joined} von {pages_joined}" in last  # counts the whole report


def test_a_screen_reader_walks_the_same_tree(pair):
    whole, joined, _, pages = pair
    assert dump(TaggedPdf(pikepdf.open(joined)), 0, pages) == dump(
        TaggedPdf(pikepdf.open(whole)), 0, pages
    )


def _headers_read(pdf: Path) -> list[tuple[str, list[str]]]:
    """Each data cell's text with the texts of the header cells its /Headers name."""
    document = pikepdf.open(pdf)
    tagged = TaggedPdf(document)
    root = document.Root.StructTreeRoot
    by_id = {str(k): v.objgen for k, v in pikepdf.NameTree(root.IDTree).items()}
    text_of = {e.obj.objgen: tagged.text(e).strip() for e in tagged.elements()}
    read = []
    for element in tagged.elements():
        attributes = element.obj.get("/A")
        if element.role == "TD" and isinstance(attributes, pikepdf.Dictionary):
            names = [str(h) for h in attributes.get("/Headers", [])]
            assert all(name in by_id for name in names)
            read.append((text_of[element.obj.objgen], [text_of[by_id[n]] for n in names]))
    return read


def test_table_cells_name_the_same_headers(pair):
    whole, joined, _, _ = pair
    read = _headers_read(joined)
    assert len(read) > 100
    assert read == _headers_read(whole)


def _outline_and_links(pdf: Path):
    document = pikepdf.open(pdf)
    pages = {page.obj.objgen: n for n, page in enumerate(document.pages)}
    outline = []
    with document.open_outline() as tree:

        def visit(items, depth):
            for item in items:
                outline.append((depth, item.title, pages[item.destination[0].objgen]))
                visit(item.children, depth + 1)

        visit(tree.root, 0)
    dests = {str(k): v for k, v in pikepdf.NameTree(document.Root.Names.Dests).items()}
    links = []
    for n, page in enumerate(document.pages):
        for annotation in page.obj.get("/Annots", []):
            target = dests[str(annotation.Dest)]
            links.append((n, str(annotation.Dest), pages[target[0].objgen],
                          str(annotation.Contents)))  # fmt: skip
    return outline, links


def test_outline_and_links_lead_to_the_same_pages(pair):
    whole, joined, _, _ = pair
    outline, links = _outline_and_links(joined)
    assert outline == _outline_and_links(whole)[0]
    assert links == _outline_and_links(whole)[1]
    # the contents link to the annex leads past the cut, with its page in words
    annex = [link for link in links if link[1] == "annex"]
    assert annex and annex[0][3].endswith(f"Seite {annex[0][2] + 1}")


def test_the_joined_pdf_passes_verify_and_the_independent_checker(pair):
    _, joined, _, _ = pair
    code, out, _ = run_cli("verify", str(joined))
    assert code == 0, out
    assert "23 von 23 Prüfungen bestanden." in out
    result = subprocess.run(
        [str(Path(sys.executable).parent / "pdfua"), "check", "--format", "json", str(joined)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    report = json.loads(result.stdout)
    assert report["findings"] == [] and report["summary"]["warnings"] == 0
    assert {s["rule_id"] for s in report["skipped"]} <= {"UA-14-001"}  # see test_tagtree.py


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed (make installs it)")
def test_qpdf_finds_nothing_in_the_joined_pdf(pair):
    result = subprocess.run(["qpdf", "--check", str(pair[1])], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_two_runs_in_parts_give_the_same_bytes(pair):
    """The second run went through render_pdf(parts=True), the path the build takes."""
    assert (pair[1].parent / "again.pdf").read_bytes() == pair[1].read_bytes()


def test_pdf_a_3a_in_parts_keeps_the_attachment_and_its_declaration(demo_html):
    attachment = typeset.Attachment("daten.json", b'{"a": 1}', "Daten")
    whole, _ = render.render_pdf(
        _whole_with_the_parts_style(demo_html), "pdf/a-3a", (attachment,), parts=False
    )
    made = parts.render(parts.plan(demo_html), "pdf/a-3a", (attachment,), None, tagtree.Words())
    assert made is not None  # set in parts, not whole after a failure
    joined = made[0]
    with pikepdf.open(io.BytesIO(joined)) as pdf:
        assert list(pdf.attachments) == ["daten.json"]
        assert pdf.attachments["daten.json"].get_file().read_bytes() == b'{"a": 1}'
        xmp = pdf.Root.Metadata.read_bytes()
        assert b"pdfaid:part" in xmp and b"pdfuaid:part" in xmp
    with pikepdf.open(io.BytesIO(whole)) as pdf:
        assert pdf.Root.Metadata.read_bytes() == xmp


def test_page_margins_count_as_they_are_told(tmp_path):
    html = (
        '<html lang="de"><head><title>t</title><style>@page { @bottom-right { content: '
        'counter(page) " von " counter(pages); } }</style></head><body><p>eins</p>'
        '<p style="break-before: page">zwei</p></body></html>'
    )
    asked = []

    def numbering(pages):
        asked.append(pages)
        return 40, 99

    made = typeset.typeset(html, "pdf/ua-1", numbering=numbering)
    assert made.errors == [] and asked == [2]
    path = tmp_path / "numbered.pdf"
    path.write_bytes(made.pdf)
    texts = _page_texts(path)
    assert "41 von 99" in texts[0] and "42 von 99" in texts[1]


def test_parts_with_the_same_ids_are_not_joined(demo_html):
    whole, pages = render.render_pdf(demo_html, parts=False)
    with pytest.raises(join.JoinError), join.Joining(join.Part(whole, range(pages))) as joining:
        joining.add(join.Part(whole, range(pages)))


def test_a_link_to_an_id_in_umlauts_keeps_its_bytes(demo_html):
    """WeasyPrint writes a non-ASCII id in UTF-16, the link's /Dest in the same bytes; a name
    decoded and encoded again would differ, and the link would lead nowhere."""
    html = demo_html.replace(parts.FRONT_END, '<p><a href="#übersicht-ä">Ü</a></p>'
                             + parts.FRONT_END, 1)  # fmt: skip
    html = html.replace(parts.FIELD, parts.FIELD + '<div id="übersicht-ä"></div>', 1)
    made = parts.render(parts.plan(html), "pdf/ua-1", (), None, tagtree.Words())
    assert made is not None
    document = pikepdf.open(io.BytesIO(made[0]))
    pairs = document.Root.Names.Dests.Names
    keys = [bytes(pairs[i]) for i in range(0, len(pairs), 2)]
    assert keys == sorted(keys)  # a name tree is sorted by bytes
    wanted = "übersicht-ä".encode("utf-16-be")
    assert any(key.endswith(wanted) for key in keys)
    dests = [bytes(a.Dest) for page in document.pages for a in page.obj.get("/Annots", [])]
    assert any(dest.endswith(wanted) for dest in dests)
    assert set(dests) <= set(keys)


def test_each_embedded_font_subset_has_a_name_of_its_own(pair):
    document = pikepdf.open(pair[1])
    names = [
        str(o.FontName)
        for o in document.objects
        if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"
    ]
    assert len(names) >= 4  # the two faces, once per part
    assert len(names) == len(set(names))
    for font in document.objects:
        if isinstance(font, pikepdf.Dictionary) and font.get("/Subtype") == "/Type0":
            inner = font.DescendantFonts[0]
            assert str(inner.BaseFont) == str(inner.FontDescriptor.FontName)


@pytest.mark.parametrize(
    "change",
    [
        ("</section></body>", '<p><a href="#glance">x</a></p></section></body>'),  # a link
        ("</head>", "<style>@page :left { margin-left: 30mm; }</style></head>"),  # page sides
        ("</head>", "<style>h2 { string-set: field content(); }</style></head>"),  # a heading
        ("</head>", "<style>#fields h2 { color: green; }</style></head>"),  # the chapter's id
    ],
    ids=["link after the front", "left pages", "running head of its own", "chapter's id"],
)
def test_what_a_part_cannot_know_sets_the_report_whole(demo_html, change):
    old, new = change
    changed = demo_html.replace(old, new, 1)
    assert changed != demo_html
    assert parts.plan(changed) is None


def test_a_style_for_another_id_still_sets_the_report_in_parts(demo_html):
    changed = demo_html.replace("</head>", "<style>#fields-note { color: green; }</style></head>")
    assert parts.plan(changed) is not None  # "#fields-note" is not the chapter's "#fields"


def test_a_part_that_fails_sets_the_report_whole(demo_html, monkeypatch):
    def dead():  # a process that ends before it says anything
        return subprocess.Popen(
            [sys.executable, "-c", "import sys; sys.stdin.close()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    monkeypatch.setattr(parts, "start", dead)
    assert parts.render(parts.plan(demo_html), "pdf/ua-1", (), None, tagtree.Words()) is None
    pdf, pages = render.render_pdf(demo_html, parts=True)  # set whole instead
    assert (pdf, pages) == render.render_pdf(demo_html, parts=False)


def test_an_error_in_a_part_is_reported_as_for_the_whole(demo_html):
    broken = demo_html.replace(parts.FIELDS_END, '<img src="data:image/png;base64,AAAA">'
                               + parts.FIELDS_END, 1)  # fmt: skip
    assert parts.render(parts.plan(broken), "pdf/ua-1", (), None, tagtree.Words()) is None
    with pytest.raises(typeset.RenderError) as in_parts:
        render.render_pdf(broken, parts=True)
    with pytest.raises(typeset.RenderError) as whole:
        render.render_pdf(broken, parts=False)
    assert in_parts.value.messages == whole.value.messages
    assert any("Failed to load image" in message for message in whole.value.messages)


def test_a_planreview_in_the_current_folder_is_not_what_a_part_runs(
    demo_html, tmp_path, monkeypatch
):
    shadow = tmp_path / "planreview"
    (shadow / "report").mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise SystemExit('the wrong planreview')\n")
    monkeypatch.chdir(tmp_path)
    assert parts.render(parts.plan(demo_html), "pdf/ua-1", (), None, tagtree.Words()) is not None
