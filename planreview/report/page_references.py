"""A work-around for a quadratic cost in pydyf, the PDF writer under WeasyPrint.

`pydyf.PDF.page_references` is a property that builds the tuple of every page's reference
anew on each call, and WeasyPrint's tagging (weasyprint/pdf/tags.py) and anchors call it once
per tagged element: 112,407 times for the 422 pages of the county benchmark, 12 s of 35 s.
The tuple only changes when a page is added, so while WeasyPrint writes we keep it per page
count. The PDF is byte-identical (tests/test_pdf.py). Upstream: pydyf (CourtBouillon/pydyf) and
WeasyPrint's pdf/tags.py; remove this once either keeps the references itself.
"""

from __future__ import annotations

import contextlib

from .patched import replaced


@contextlib.contextmanager
def page_references_cached():
    """While active, `PDF.page_references` is computed once per page count."""
    import pydyf  # noqa: PLC0415 - only when a PDF is written

    original = pydyf.PDF.page_references

    def cached(pdf) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        kept = pdf.__dict__.get("_page_references_kept")
        if kept is None or kept[0] != count:
            kept = (count, original.fget(pdf))
            pdf.__dict__["_page_references_kept"] = kept
        return kept[1]

    with replaced(pydyf.PDF, "page_references", property(cached)):
        yield
