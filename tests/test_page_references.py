"""The pydyf work-around (report/page_references.py): same references, same PDF bytes."""

from __future__ import annotations

import pydyf
import weasyprint

from planreview.report.page_references import page_references_cached

HTML = (
    "<html lang='de'><head><title>t</title></head><body>"
    + "".join(f"<h2>Kapitel {i}</h2><p><a href='#k{i}'>Verweis</a></p>" for i in range(12))
    + "".join(f"<p id='k{i}' style='break-before: page'>Seite {i}</p>" for i in range(12))
    + "</body></html>"
)


def _pdf() -> bytes:
    options = {"pdf_variant": "pdf/ua-1", "custom_metadata": True}
    return weasyprint.HTML(string=HTML).write_pdf(**options)


def test_the_same_pdf_with_and_without_the_cache():
    assert _pdf() == _pdf()  # reproducible on its own, so the comparison below means something
    plain = _pdf()
    with page_references_cached():
        cached = _pdf()
    assert cached == plain


def test_references_follow_added_pages_and_the_property_is_restored():
    original = pydyf.PDF.page_references
    pdf = pydyf.PDF()
    with page_references_cached():
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        first = pdf.page_references
        assert first == (b"3 0 R",)
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert pdf.page_references == (b"3 0 R", b"4 0 R")
    assert pydyf.PDF.page_references is original
