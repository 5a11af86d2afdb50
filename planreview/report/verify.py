"""Structural checks of a PDF for PDF/UA-1 and PDF/A, with pikepdf (veraPDF is not at hand).

These check what a validator would look at first; they do not replace a full validation.
`review.py verify FILE.pdf` runs them on any PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from ..problems import Said
from . import verify_tags
from .furniture import mcid_of, parent_tree, reachable_elements

NS_PDFUA = "{http://www.aiim.org/pdfua/ns/id/}part"
NS_PDFA = "{http://www.aiim.org/pdfa/ns/id/}part"
NS_PDFA_LEVEL = "{http://www.aiim.org/pdfa/ns/id/}conformance"
NS_TITLE = "{http://purl.org/dc/elements/1.1/}title"
TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}


@dataclass(frozen=True)
class Check:
    name: str  # German, as printed
    ok: bool
    detail: str = ""


def verify(path: Path) -> list[Check]:
    """All checks; for an untagged archival PDF (PDF/A-…b) the tagging checks say so."""
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        with pdf.open_metadata() as xmp:
            metadata = {key: xmp.get(key) for key in xmp}
        elements = list(_struct_elements(root.get("/StructTreeRoot")))
        checks = [
            _check(Said("verify_title"), bool(metadata.get(NS_TITLE)),
                   str(metadata.get(NS_TITLE, ""))),
            _conformance(metadata),
            _fonts_embedded(pdf),
        ]  # fmt: skip
        tagging = [
            lambda: _check(Said("verify_struct_tree"), "/StructTreeRoot" in root),
            lambda: _check(
                Said("verify_marked"),
                bool(root.get("/MarkInfo", {}).get("/Marked", False)),
            ),
            lambda: _check(Said("verify_lang"), bool(str(root.get("/Lang", ""))),
                           str(root.get("/Lang", ""))),
            lambda: _check(
                Said("verify_display_title"),
                bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)),
            ),
            lambda: _figures_have_alt(elements),
            lambda: _tables_have_headers(elements),
            lambda: _headings_in_order(elements),
            lambda: _outline_follows_headings(pdf, elements),
            lambda: _furniture_is_artifact(pdf),
            lambda: _content_in_tree(pdf),
            lambda: verify_tags.title_heading(pdf, elements, _check),
            lambda: verify_tags.unbroken(pdf, elements, _check),
            lambda: verify_tags.links(pdf, elements, _check),
            lambda: verify_tags.contents_list(pdf, elements, _check),
            lambda: verify_tags.header_cells(pdf, elements, _check),
            lambda: verify_tags.figures(pdf, elements, _check),
            lambda: verify_tags.term_lists(pdf, elements, _check),
            lambda: verify_tags.glyphs(reading(), _check),
            lambda: verify_tags.hyphenation(reading(), _check),
            lambda: verify_tags.languages(pdf, reading(), _check),
        ]  # fmt: skip
        read: list = []

        def reading():  # the content streams parsed once, for the three checks that read
            if not read:
                read.append(verify_tags.Reading(pdf))
            return read[0]

        untagged = NS_PDFUA not in metadata and metadata.get(NS_PDFA_LEVEL, "") == "B"
        for make in tagging:
            check = make()
            if untagged:
                check = Check(check.name, True, Said("verify_not_required"))
            checks.append(check)
        if NS_PDFA in metadata:
            checks.append(verify_tags.archive_declares_ua(pdf, metadata, _check))
        if metadata.get(NS_PDFA, "") == "3":
            checks.append(_attachments(pdf))
    return checks


def _check(name: str, ok: bool, detail: str = "") -> Check:
    return Check(name, ok, detail)


def _conformance(metadata: dict) -> Check:
    found = [f"PDF/UA-{metadata[NS_PDFUA]}"] if NS_PDFUA in metadata else []
    if NS_PDFA in metadata:
        found.append(f"PDF/A-{metadata[NS_PDFA]}")
    return Check(Said("verify_conformance"), bool(found), ", ".join(found))


def _struct_elements(node):
    """Every structure element, in document order, as (type, dictionary)."""
    if node is None:
        return
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Array):
            stack.extend(reversed(list(item)))
            continue
        if not isinstance(item, pikepdf.Dictionary):
            continue
        if "/S" in item:
            yield str(item.S), item
        kids = item.get("/K")
        if kids is not None:
            stack.append(kids)


def _fonts(resources, seen):
    if not isinstance(resources, pikepdf.Dictionary):
        return
    for font in resources.get("/Font", {}).values():
        if font.objgen not in seen:
            seen.add(font.objgen)
            yield font
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield from _fonts(xobject.get("/Resources"), seen)


def _fonts_embedded(pdf) -> Check:
    missing, seen, count = [], set(), 0
    for page in pdf.pages:
        for font in _fonts(page.get("/Resources"), seen):
            count += 1
            if font.get("/Subtype") == "/Type3":
                continue
            described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor", {})
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont", "?")))
    detail = (
        Said("verify_fonts_missing", count=count, missing=", ".join(missing))
        if missing
        else Said("verify_fonts_count", count=count)
    )
    return Check(Said("verify_fonts"), not missing and count > 0, detail)


def _figures_have_alt(elements) -> Check:
    figures = [e for kind, e in elements if kind == "/Figure"]
    without = sum(1 for e in figures if not str(e.get("/Alt", "")).strip())
    return Check(
        Said("verify_alt"),
        without == 0,
        Said("verify_alt_detail", figures=len(figures), without=without),
    )


def _tables_have_headers(elements) -> Check:
    tables = [e for kind, e in elements if kind == "/Table"]
    without = sum(1 for t in tables if not any(k == "/TH" for k, _ in _struct_elements(t.K)))
    return Check(
        Said("verify_th"),
        without == 0,
        Said("verify_th_detail", tables=len(tables), without=without),
    )


def _levels(elements) -> list[int]:
    return [int(kind[2:]) for kind, _ in elements if re.fullmatch(r"/H[1-6]", kind)]


def _headings_in_order(elements) -> Check:
    levels = _levels(elements)
    jumps = [f"H{a}→H{b}" for a, b in zip([0, *levels], levels, strict=False) if b > a + 1]
    detail = (
        Said("verify_headings_jumps", count=len(levels), jumps=", ".join(jumps))
        if jumps
        else Said("verify_headings_count", count=len(levels))
    )
    return Check(Said("verify_headings"), bool(levels) and not jumps, detail)


def _outline_follows_headings(pdf, elements) -> Check:
    with pdf.open_outline() as outline:
        depths = list(_outline_depths(outline.root, 1))
    levels = _levels(elements)
    return Check(
        Said("verify_outline"),
        bool(depths) and depths == levels,
        Said("verify_outline_detail", bookmarks=len(depths), headings=len(levels)),
    )


def _outline_depths(items, depth):
    for item in items:
        yield depth
        yield from _outline_depths(item.children, depth + 1)


def _furniture_is_artifact(pdf) -> Check:
    """Page headers and footers are text inside /Artifact marked content on every page."""
    pages_without = []
    for number, page in enumerate(pdf.pages, start=1):
        if number == 1:
            continue  # the title page has no header or footer
        depth, artifact_depth, found = 0, None, False
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BMC", "BDC"):
                depth += 1
                if artifact_depth is None and operands and str(operands[0]) == "/Artifact":
                    artifact_depth = depth
            elif op == "EMC":
                if artifact_depth == depth:
                    artifact_depth = None
                depth -= 1
            elif op in TEXT_OPERATORS and artifact_depth is not None:
                found = True
                break
        if not found:
            pages_without.append(number)
    return Check(
        Said("verify_furniture"),
        not pages_without,
        Said("verify_furniture_detail", pages=pages_without[:10]) if pages_without else "",
    )


def _content_in_tree(pdf) -> Check:
    """Every marked content with an MCID belongs to an element of the structure tree."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/ParentTree" not in root:
        return Check(Said("verify_content"), False, Said("verify_no_tree"))
    in_tree, parents, orphans = reachable_elements(root), parent_tree(root), 0
    for page in pdf.pages:
        elements = parents.get(int(page.get("/StructParents", -1)), [])
        for operands, _ in pikepdf.parse_content_stream(page, "BDC"):
            mcid = mcid_of(operands)
            if mcid is None:
                continue
            element = elements[mcid] if mcid < len(elements) else None
            if not isinstance(element, pikepdf.Dictionary) or element.objgen not in in_tree:
                orphans += 1
    detail = Said("verify_orphans", count=orphans) if orphans else ""
    return Check(Said("verify_content"), orphans == 0, detail)


def _attachments(pdf) -> Check:
    files = pdf.attachments
    names = sorted(files)
    related = all("/AFRelationship" in files[n].obj for n in names)
    return Check(Said("verify_attachments"), bool(names) and related, ", ".join(names))
