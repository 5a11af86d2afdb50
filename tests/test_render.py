"""The report: self-contained HTML (one section at a time), charts, and the PDF built once."""

from __future__ import annotations

import base64
import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pypdf
import pytest
from conftest import HEADER, measure_rows, run_cli, write_xlsx

from planreview.analyse.compare import count_by_field, count_by_status, field_order
from planreview.analyse.pipeline import analyse
from planreview.read.config import load_config
from planreview.report import charts, render

EPOCH = "1700000000"  # 14.11.2023
REVIEW_TOML = """\
[report]
city = "Musterstadt"
office = "Büro für Integration"

[[fields]]
code = "1"
name = "Sprache"

[[fields]]
code = "2"
name = "Arbeit"
"""
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src="file:///etc/passwd">'
FORMULA = '=HYPERLINK("http://example.org/x","klick")'
IDS_2023 = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.10", "2.1", "2.3", "2.4"]


def rows(statuses: dict, field: str = "Sprache", reasons: dict | None = None) -> list[list]:
    """measure_rows with a Begründung column; the untrusted titles stay the same every year."""
    table = measure_rows(statuses, field=field, header=HEADER + ["Begründung"])
    for row in table[1:]:
        row.append((reasons or {}).get(row[0]))
        row[2] = {"1.10": SCRIPT, "1.3": IMG}.get(row[0], row[2])
    return table


def write_inputs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "review.toml").write_text(REVIEW_TOML, encoding="utf-8")
    write_xlsx(
        folder / "stand_2021.xlsx",
        rows({"1.1": "nicht begonnen", "1.2": "in Umsetzung", "1.10": "in Vorbereitung"}),
    )
    write_xlsx(
        folder / "stand_2022.xlsx",
        rows(
            {
                "1.1": "in Vorbereitung",
                "1.2": "in Umsetzung",
                "1.3": "umgesetzt",
                "1.4": "in Umsetzung",
                "1.5": "in Vorbereitung",
                "1.10": "in Vorbereitung",
            }
        )
        + rows(
            {"2.1": "zurückgestellt", "2.2": "umgesetzt", "2.3": "entfallen"},
            field="Arbeit",
            reasons={"2.3": "Angebot des Landes"},
        )[1:],
    )
    current = rows(
        {
            "1.1": "in Umsetzung",
            "1.2": "in Umsetzung",
            "1.3": "in Umsetzung",
            "1.4": "entfallen",
            "1.5": "zurückgestellt",
            "1.6": "verstetigt",
            "1.10": "in Vorbereitung",
        },
        reasons={"1.4": "Mittel gestrichen"},
    )
    current[2][4] = 2021  # 1.2: planned end passed
    current += [[None, None, "Handlungsfeld 2: Arbeit"]]
    current += rows(
        {"2.1": "in Umsetzung", "2.3": "entfallen", "2.4": "geplant"},
        field="Arbeit",
        reasons={"2.3": "Angebot des Landes"},
    )[1:]
    path = write_xlsx(folder / "2023" / "stand.xlsx", current)
    # A Sachstand that looks like a formula, stored as text (as a clerk's typing would be).
    workbook = openpyxl.load_workbook(path)
    cell = workbook.active.cell(row=3, column=7)  # measure 1.2, column Sachstand
    cell.value = FORMULA
    cell.data_type = "s"
    workbook.save(path)
    return folder


# --- a small HTML tree (standard library only) --------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict
    children: list

    def iter(self, tag: str | None = None):
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter(tag)

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join(" ".join(parts).split())

    def by_id(self, wanted: str) -> Node:
        [found] = [n for n in self.iter() if n.attrs.get("id") == wanted]
        return found


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, [])
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), [])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs), []))

    def handle_endtag(self, tag):
        open_tags = [n.tag for n in self.stack]
        assert tag in open_tags, f"</{tag}> without <{tag}>"
        while self.stack.pop().tag != tag:
            pass

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


# --- the report, built once ---------------------------------------------------------------------


@dataclass
class Report:
    inputs: Path
    html: str
    tree: Node
    pdf: Path
    pages: list[str]
    stdout: str
    weasyprint_records: list[logging.LogRecord]


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Report:
    inputs = write_inputs(tmp_path_factory.mktemp("inputs"))
    out = tmp_path_factory.mktemp("out")
    collect = _Collect()
    weasy = logging.getLogger("weasyprint")
    weasy.addHandler(collect)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
            code, stdout, stderr = run_cli(
                "build",
                "--inputs",
                str(inputs),
                "--html",
                str(out / "bericht.html"),
                "--out",
                str(out / "bericht.pdf"),
            )
    finally:
        weasy.removeHandler(collect)
    assert code == 0, stderr
    html = (out / "bericht.html").read_text(encoding="utf-8")
    reader = pypdf.PdfReader(out / "bericht.pdf")
    pages = [page.extract_text() for page in reader.pages]
    return Report(inputs, html, parse(html), out / "bericht.pdf", pages, stdout, collect.records)


def texts(nodes) -> list[str]:
    return [n.text() for n in nodes]


# --- HTML: self-contained, safe -----------------------------------------------------------------


def test_html_is_self_contained(report):
    tree = report.tree
    for node in tree.iter():
        for name in ("src", "href", "srcset", "data", "action", "poster", "xlink:href"):
            value = node.attrs.get(name)
            if value is not None:
                assert value.startswith(("#", "data:")), (node.tag, name, value)
        assert node.tag not in ("link", "script", "iframe", "object", "embed", "base"), node.tag
    css = "\n".join(style.text() for style in tree.iter("style"))
    assert "@page" in css
    # fonts are inlined; any url() left must be a data: URI
    assert css.count("url(") == css.count('url("data:') == 2  # regular and bold
    assert "@import" not in css
    images = [img.attrs["src"] for img in tree.iter("img")]
    assert len(images) == 2  # fields, and the history of the three years (it has P and Y)
    assert all(src.startswith("data:image/svg+xml;base64,") for src in images)


def test_internal_links_point_to_existing_anchors(report):
    all_ids = [n.attrs["id"] for n in report.tree.iter() if "id" in n.attrs]
    assert len(all_ids) == len(set(all_ids))
    ids = set(all_ids)
    targets = [a.attrs["href"][1:] for a in report.tree.iter("a")]
    assert targets
    assert set(targets) <= ids


def test_untrusted_titles_are_escaped_text_never_tags(report):
    assert [n.tag for n in report.tree.iter("script")] == []
    assert len(list(report.tree.iter("img"))) == 2  # the two charts, nothing from a title
    assert "<script>alert" not in report.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report.html
    assert "file:///etc/passwd" not in [n.attrs.get("src") for n in report.tree.iter()]
    annex = report.tree.by_id("all-measures")
    titles = {
        row.children[0].text(): texts(row.iter("td"))[0]
        for row in annex.iter("tr")
        if row.children and row.children[0].attrs.get("scope") == "row"
    }
    assert titles["1.10"] == SCRIPT
    assert titles["1.3"] == IMG


def test_formula_like_cell_stays_text(report):
    chapter = report.tree.by_id("field-1")
    [article] = [a for a in chapter.iter("article") if a.text().startswith("1.2 ")]
    facts, note = texts(article.iter("p"))
    assert note == FORMULA
    assert "geplant bis 2021" in facts


def test_html_without_pdf(report, tmp_path):
    target = tmp_path / "bericht.html"
    code, _, err = run_cli(
        "build", "--inputs", str(report.inputs), "--html", str(target), "--no-pdf"
    )
    assert code == 0, err
    assert [p.name for p in tmp_path.iterdir()] == ["bericht.html"]
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --- HTML: one section at a time ----------------------------------------------------------------


def test_title_page(report):
    [title] = [n for n in report.tree.iter("section") if "title-page" in n.attrs.get("class", "")]
    assert texts(title.iter("p")) == [
        "Musterstadt Büro für Integration",
        "Integrationskonzept",
        "Stand der Maßnahmen 2023 im Vergleich zu 2022",
    ]
    assert texts(title.iter("h1")) == ["Umsetzungsbericht 2023"]  # the first heading read
    facts = dict(zip(texts(title.iter("dt")), texts(title.iter("dd")), strict=True))
    assert facts == {"Berichtsjahr": "2023 (Vorjahr 2022)", "Stand": "14.11.2023"}
    [head_title] = report.tree.iter("title")
    assert head_title.text() == "Integrationskonzept – Umsetzungsbericht 2023"
    [html] = report.tree.iter("html")
    assert html.attrs["lang"] == "de"


def test_glance_sentences_and_attention(report):
    glance = report.tree.by_id("glance")
    assert texts(glance.iter("p"))[0] == (
        "Von 10 Maßnahmen ist 2023 1 umgesetzt oder verstetigt (10 %), 1 weniger als im "
        "Vorjahr (2 von 9). Gegenüber 2022 ist 1 Maßnahme vorangekommen und 1 zurückgefallen; "
        "2 sind neu aufgenommen, 1 wird nicht mehr berichtet. 1 ist entfallen, 1 zurückgestellt "
        "und 1 wieder aufgenommen."
    )
    # every measure needing attention once, by number and title, with why
    assert texts(glance.iter("li")) == [
        f"1.3 {IMG} – zurückgefallen (umgesetzt → in Umsetzung)",
        "1.4 Maßnahme 1.4 – entfallen",
        "1.2 Maßnahme 1.2 – überfällig (geplant bis 2021); seit mindestens 2021 unverändert "
        "„in Umsetzung“",
        "1.5 Maßnahme 1.5 – zurückgestellt",
        f"1.10 {SCRIPT} – seit mindestens 2021 unverändert „in Vorbereitung“",
    ]
    assert texts(glance.iter("p"))[-2:] == [
        "Für die Fortschreibung des Konzepts gibt es 1 Hinweis, ab Seite . Noch keine "
        "Rückmeldung von: VHS (1 Maßnahme).",
        "Der Ausschuss nimmt den Umsetzungsbericht 2023 zur Kenntnis.",
    ]


def test_status_figures_per_year_with_the_change(report):
    """Three years read: the history table has P and Y, and the change, so the overview does
    not repeat them in a table of its own."""
    [table, _] = report.tree.by_id("history").iter("table")
    body = [[c.text() for c in tr.iter() if c.tag in ("th", "td")] for tr in table.iter("tr")]
    assert body == [
        ["Status", "2021", "2022", "2023", "Veränderung 2022 → 2023"],
        ["○ nicht begonnen", "1", "0", "1", "+1"],
        ["◔ in Vorbereitung", "1", "3", "1", "\u22122"],
        ["◑ in Umsetzung", "1", "2", "4", "+2"],
        ["● umgesetzt", "0", "2", "0", "\u22122"],
        ["◆ verstetigt", "0", "0", "1", "+1"],
        ["‖ zurückgestellt", "0", "1", "1", "±0"],
        ["✕ entfallen", "0", "1", "2", "+1"],
        ["Summe", "3", "9", "10", "+1"],
    ]
    assert [n for n in report.tree.iter() if n.attrs.get("id") == "figures"] == []


def test_changes_headings_with_counts(report):
    changes = report.tree.by_id("changes")
    assert texts(changes.iter("h2")) == [
        "Vorangekommen (1)",
        "Zurückgefallen (1)",
        "Neu aufgenommen (2)",
        "Nicht mehr berichtet (1)",
        "Entfallen (1)",
        "Zurückgestellt (1)",
        "Wieder aufgenommen (1)",
        "Überfällig (1)",
        "Seit Jahren unverändert (2)",
    ]
    # the unchanged ones are one sentence (1.2 and 1.10 are listed as stalled), without the
    # annex's page: a long report sets this chapter and the annex in different parts
    assert texts(changes.iter("p"))[0] == (
        "1 Maßnahme steht 2023 auf demselben Status wie 2022; sie steht in der Tabelle aller "
        "Maßnahmen im Anhang."
    )


def test_changes_rows_per_section(report):
    changes = report.tree.by_id("changes")
    found = {}
    for section in changes.iter("section"):
        if section is changes:
            continue
        key = section.attrs["id"].removeprefix("change-")
        found[key] = [th.text() for th in section.iter("th") if th.attrs.get("scope") == "row"]
    assert found == {
        "progressed": ["1.1"],
        "regressed": ["1.3"],
        "new": ["1.6", "2.4"],
        "removed": ["2.2"],
        "dropped": ["1.4"],
        "postponed": ["1.5"],
        "resumed": ["2.1"],
        "overdue": ["1.2"],
        "stalled": ["1.2", "1.10"],
    }


def test_dropped_shows_reason_and_overdue_shows_end(report):
    dropped = report.tree.by_id("change-dropped")
    [row] = [tr for tr in dropped.iter("tr") if list(tr.iter("td"))]
    assert texts(row.iter("td")) == [
        "Maßnahme 1.4",
        "VHS",
        "◑ in Umsetzung → ✕ entfallen",
        "Mittel gestrichen",
    ]
    overdue = report.tree.by_id("change-overdue")
    [row] = [tr for tr in overdue.iter("tr") if list(tr.iter("td"))]
    assert texts(row.iter("td")) == [
        "Maßnahme 1.2",
        "VHS",
        "◑ in Umsetzung → ◑ in Umsetzung",
        "2021",
    ]


def test_data_basis_is_short(report):
    basis = report.tree.by_id("data-basis")
    [table] = basis.iter("table")
    rows = [[c.text() for c in tr.iter() if c.tag in ("th", "td")] for tr in table.iter("tr")]
    assert rows[1:] == [["2023/stand.xlsx", "10"], ["Summe", "10"]]
    assert texts(basis.iter("p"))[1:] == [
        "2022: 9 Maßnahmen aus 1 Datei; 2021: 3 Maßnahmen aus 1 Datei.",
        # who has not answered: 2.2 (VHS, 2022) is missing from the 2023 returns
        "Noch keine Rückmeldung von: VHS: 1 Maßnahme ohne Rückmeldung (2.2).",
        "Geprüft wurden alle Zeilen aller Dateien (übersprungen mit Grund: 1; Warnungen: 0; "
        "Hinweise: 0). Das vollständige Prüfprotokoll (jede Datei, jedes Blatt, jede Zeile mit "
        "Grund, alle Warnungen und Hinweise) steht im Blatt „Prüfprotokoll“ der "
        "Excel-Auswertung.",
    ]
    # the skipped row's place and reason are for staff: protocol sheet and `check`, not here
    assert "Zwischenüberschrift" not in report.html


# --- charts -------------------------------------------------------------------------------------


def test_chart_alt_texts_state_the_numbers_or_point_to_the_table_before(report):
    """A chart whose numbers stand in the table just read does not repeat them; the fields
    chart shows every status per field, the Ampel table before it only groups of them."""
    alts = [img.attrs["alt"].strip() for img in report.tree.iter("img")]
    assert alts == [
        "Gestapeltes Balkendiagramm: Stand 2023 je Handlungsfeld. "
        "Sprache: 1 in Vorbereitung, 3 in Umsetzung, 1 verstetigt, 1 zurückgestellt, "
        "1 entfallen. Arbeit: 1 nicht begonnen, 1 in Umsetzung, 1 entfallen.",
        "Gestapeltes Säulendiagramm: Maßnahmen nach Status je Jahr, 2021 bis 2023. "
        "Die Zahlen stehen in der Tabelle davor.",
    ]


def _analysis(inputs: Path):
    analysis = analyse(inputs, load_config(inputs / "review.toml"))
    assert analysis.ok
    return analysis


def test_charts_are_deterministic_and_embedded(report):
    analysis = _analysis(report.inputs)
    config, comparison = analysis.config, analysis.compared
    now = count_by_status(comparison.current, config)
    before = count_by_status(comparison.previous, config)
    order = field_order(config, comparison.current, comparison.previous)
    by_field = count_by_field(comparison.current, config, order)

    first = charts.status_comparison(now, before, 2023, 2022, config.vocabulary)
    second = charts.status_comparison(now, before, 2023, 2022, config.vocabulary)
    assert first == second
    assert first.startswith('<?xml version="1.0" encoding="utf-8"?>\n<svg ')
    assert "date" not in first.lower()
    assert ">◑ in Umsetzung</text>" in first  # text stays text in the SVG
    assert 'font-family="DejaVu Sans"' in first  # the font the report bundles
    stacked = charts.fields_stacked(by_field, config.vocabulary)
    assert stacked == charts.fields_stacked(by_field, config.vocabulary)
    assert ">Sprache</text>" in stacked and ">Arbeit</text>" in stacked

    embedded = [
        base64.b64decode(img.attrs["src"].split(",", 1)[1]).decode("utf-8")
        for img in report.tree.iter("img")
    ]
    history = analysis.history
    columns = charts.history_stacked(
        list(history.years), [c.by_status for c in history.per_year], config.vocabulary
    )
    assert embedded == [stacked, columns]  # the fields chart under the Ampel table


def test_html_is_identical_on_rebuild(report, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    analysis = _analysis(report.inputs)
    first = render.render_html(analysis)
    assert first == render.render_html(_analysis(report.inputs))
    assert first == report.html


# --- PDF ----------------------------------------------------------------------------------------


def test_pdf_written_and_announced(report):
    pages = len(report.pages)
    assert report.pdf.read_bytes().startswith(b"%PDF-")
    assert re.fullmatch(
        rf"Bericht geschrieben: {re.escape(str(report.pdf))} \({pages} Seiten, 10 Maßnahmen, "
        r"0 Warnungen, \d+\.\d s\)\n",
        report.stdout,
    )


def test_pdf_contains_every_measure_id(report):
    text = "\n".join(report.pages)
    for measure_id in IDS_2023:
        assert re.search(rf"(?<![\d.]){re.escape(measure_id)}(?![\d.])", text), measure_id


def test_pdf_headings(report):
    text = "\n".join(report.pages)
    for heading in (
        "Auf einen Blick",
        "Überblick nach Handlungsfeldern",
        "Veränderungen gegenüber dem Vorjahr",
        "Die Handlungsfelder im Einzelnen",
        "Anhang",
        "Datenbasis",
    ):
        assert re.search(rf"^{heading}$", text, re.MULTILINE), heading


def test_pdf_page_footer(report):
    total = len(report.pages)
    assert total >= 3
    assert "Seite" not in report.pages[0]  # no footer on the title page
    assert f"Seite 2 von {total}" in report.pages[1]
    assert f"Seite {total} von {total}" in report.pages[-1]


def test_pdf_shows_untrusted_text_literally(report):
    squeezed = "".join("\n".join(report.pages).split())
    assert "<script>alert(1)</script>" in squeezed
    assert "".join(FORMULA.split()) in squeezed


def test_pdf_metadata(report):
    reader = pypdf.PdfReader(report.pdf)
    assert reader.metadata.title == "Integrationskonzept – Umsetzungsbericht 2023"
    assert reader.metadata.author == "Musterstadt, Büro für Integration"
    assert reader.trailer["/Root"]["/Lang"] == "de"


def test_no_weasyprint_warnings_while_building(report):
    assert [r.getMessage() for r in report.weasyprint_records] == []


def test_weasyprint_warnings_would_be_caught(caplog):
    """The check above is not vacuous: bad CSS makes WeasyPrint log a warning we see."""
    html = (
        '<!DOCTYPE html><html lang="de"><head><title>t</title>'
        "<style>p { colr: red; }</style></head><body><p>x</p></body></html>"
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render.render_pdf(html)
    assert [r.name for r in caplog.records] == ["weasyprint"]
    assert "colr" in caplog.records[0].getMessage()


def test_failed_rendering_keeps_existing_report(report, tmp_path, monkeypatch):
    out = tmp_path / "reports"
    out.mkdir()
    existing = out / "bericht-2023.pdf"
    existing.write_bytes(b"%PDF-1.7 the report of last week")

    def broken(html, *args, **kwargs):
        raise RuntimeError("Layout kaputt")

    monkeypatch.setattr(render, "render_pdf", broken)
    code, stdout, stderr = run_cli("build", "--inputs", str(report.inputs), "--out", str(existing))
    assert code == 1
    assert "Interner Fehler (RuntimeError: Layout kaputt)" in stderr
    assert stdout == ""
    assert existing.read_bytes() == b"%PDF-1.7 the report of last week"
    assert [p.name for p in out.iterdir()] == ["bericht-2023.pdf"]


def test_cyclic_gc_is_paused_while_weasyprint_renders_and_restored_after(monkeypatch):
    import gc

    import weasyprint

    seen = []
    original = weasyprint.HTML.render

    def recording(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", recording)
    assert gc.isenabled()
    pdf, pages = render.render_pdf('<html lang="de"><title>t</title><p>x</p></html>')
    assert (seen, gc.isenabled(), pages) == ([False], True, 1)
    assert pdf.startswith(b"%PDF")


def test_input_text_is_marked_german_only_in_a_report_in_another_language(report):
    analysis = _analysis(report.inputs)
    german = render.render_html(analysis, None, "de")
    english = render.render_html(analysis, None, "en")
    title = '<h3><span class="id">1.2</span> {}</h3>'
    facts = '<p class="facts">{} · '
    # in a German report the title and the lead are German text already: no span of their own
    assert title.format("Maßnahme 1.2") in german
    assert facts.format("VHS") in german
    assert '<span lang="de">Maßnahme 1.2</span>' not in german
    assert title.format('<span lang="de">Maßnahme 1.2</span>') in english
    assert facts.format('<span lang="de">VHS</span>') in english


def test_a_status_is_its_symbol_and_words_unbroken(report):
    # no-break spaces keep "◑ in Umsetzung" on one line (in the lists and tables; in a
    # sentence the words stay plain); the symbol alone is hidden
    shown = '<span class="symbol" aria-hidden="true">◑</span>&nbsp;in\u00a0Umsetzung'
    assert report.html.count(shown) > 0
    assert '<span class="symbol" aria-hidden="true">◑</span> in Umsetzung' not in report.html


def test_the_annex_gives_statuses_in_words_only(report):
    annex = report.html[report.html.index('id="all-measures"') :]
    annex = annex[: annex.index("</table>")]
    assert '<th scope="row" class="id">1.2</th>' in annex
    assert "<td>in\u00a0Umsetzung</td>" in annex  # 1.2 in every year (write_inputs)
    assert 'class="symbol"' not in annex
