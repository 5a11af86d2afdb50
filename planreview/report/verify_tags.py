"""Checks of the structure tree as a screen reader walks it, one per defect class found in
WeasyPrint's tagging (issue 13; the repair is tagtree.py). Each takes the open PDF and the
structure elements in document order, and returns a verify.Check."""

from __future__ import annotations

import re

import pikepdf

from ..problems import Joined, Said
from .pdftext import actual_texts, marked_texts

GLYPHS = set("○◔◑●◆‖✕→✔✖")  # status symbols, arrows, the Ampel's green and red
HYPHEN = "\u2010"
GERMAN_LETTERS = re.compile("[äöüßÄÖÜ]")
DATA_ROLES = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/TH", "/TD", "/Lbl", "/Caption", "/P",
              "/Reference"}  # fmt: skip


def _kids(element):
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _struct_kids(element):
    return [k for k in _kids(element) if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _pages(element, pages, default=None) -> list[int]:
    """Page indexes of the marked content under the element."""
    page = element.get("/Pg")
    here = pages.get(page.objgen, default) if page is not None else default
    found = []
    for kid in _kids(element):
        if isinstance(kid, int):
            found.append(here)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            found.append(pages.get(kid.Pg.objgen, here) if "/Pg" in kid else here)
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.extend(_pages(kid, pages, here))
    return [p for p in found if p is not None]


def links(pdf, elements, check):
    """One Link element per link annotation, holding its OBJR, not nested in another Link,
    with a /Contents that describes it (not the anchor's id)."""
    holder = {}
    nested = 0
    for kind, element in elements:
        if kind != "/Link":
            continue
        for kid in _kids(element):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                holder.setdefault(kid.Obj.objgen, []).append(element)
        parent = element.get("/P")
        while isinstance(parent, pikepdf.Dictionary) and "/S" in parent:
            nested += parent.S == "/Link"
            parent = parent.get("/P")
    problems, count = [], 0
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            count += 1
            owners = holder.get(annotation.objgen, [])
            contents = str(annotation.get("/Contents", "")).strip()
            if len(owners) != 1:
                problems.append("verify_link_untagged" if not owners else "verify_link_twice")
            elif not contents or contents == str(annotation.get("/Dest", "")):
                problems.append("verify_link_undescribed")
    found = [Said(key) for key in sorted(set(problems))]
    if nested:
        found.append(Said("verify_links_in_links", count=nested))
    detail = (
        Said("verify_links_detail", count=count, problems=Joined(tuple(found)))
        if found
        else Said("verify_links_count", count=count)
    )
    return check(Said("verify_links"), not found, detail)


def contents_list(pdf, elements, check):
    """A list whose every item is a link is a table of contents: TOC/TOCI, not L/LI."""
    lists = 0
    for kind, element in elements:
        if kind != "/L":
            continue
        items = [k for k in _struct_kids(element) if k.S == "/LI"]
        if items and all(_has_link(item) for item in items):
            lists += 1
    detail = Said("verify_toc_detail", count=lists) if lists else ""
    return check(Said("verify_toc"), lists == 0, detail)


def _has_link(element) -> bool:
    return any(k.S == "/Link" or _has_link(k) for k in _struct_kids(element))


def unbroken(pdf, elements, check):
    """Nothing cut at a page break: every Sect has its heading (a piece continued on the next
    page has none); no Table or L continues in a sibling of its own kind on the next page
    (a Table then without its caption)."""
    pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    cut = {"/Sect": 0, "/Table": 0, "/L": 0}
    for kind, element in elements:
        if kind == "/Sect":
            kids = _struct_kids(element)
            if not any(re.fullmatch(r"/H[1-6]?", str(k.S)) for k in kids):
                cut["/Sect"] += 1
        kids = _struct_kids(element)
        for before, after in zip(kids, kids[1:], strict=False):
            role = str(after.S)
            if role not in ("/Table", "/L") or before.S != after.S:
                continue
            if role == "/Table" and any(k.S == "/Caption" for k in _struct_kids(after)):
                continue
            end, start = _pages(before, pages), _pages(after, pages)
            if end and start and min(start) > max(end):
                cut[role] += 1
    detail = ", ".join(f"{n} × {k[1:]}" for k, n in cut.items() if n)
    return check(Said("verify_cut"), not any(cut.values()), detail)


def header_cells(pdf, elements, check):
    """/Scope on every TH; every /ID in the StructTreeRoot's /IDTree; /Headers point at IDs."""
    root = pdf.Root.get("/StructTreeRoot", {})
    tree = pikepdf.NameTree(root.IDTree) if "/IDTree" in root else None
    ids = {str(k) for k in tree} if tree is not None else set()
    without, missing, dangling = 0, 0, 0
    for kind, element in elements:
        attributes = element.get("/A")
        attributes = attributes if isinstance(attributes, pikepdf.Dictionary) else {}
        if kind == "/TH" and "/Scope" not in attributes:
            without += 1
        if "/ID" in element and str(element.ID) not in ids:
            missing += 1
        for header in attributes.get("/Headers", []):
            dangling += str(header) not in ids
    counted = ((without, "verify_th_without_scope"), (missing, "verify_ids_missing"),
               (dangling, "verify_headers_dangling"))  # fmt: skip
    problems = tuple(Said(key, count=n) for n, key in counted if n)
    return check(Said("verify_scope"), not problems, _listed(problems))


def figures(pdf, elements, check):
    """A caption inside its Figure (or Table), and the Figure's BBox on its page."""
    beside, outside = 0, 0
    for kind, element in elements:
        if kind == "/Caption":
            parent = element.get("/P")
            if not (isinstance(parent, pikepdf.Dictionary) and parent.get("/S") in
                    ("/Figure", "/Table", "/L", "/Formula")):  # fmt: skip
                beside += 1
        if kind == "/Figure":
            attributes = element.get("/A")
            box = attributes.get("/BBox") if isinstance(attributes, pikepdf.Dictionary) else None
            page = element.get("/Pg")
            if box is not None and page is not None:
                x1, y1, x2, y2 = (float(v) for v in box)
                _, _, width, height = (float(v) for v in page.MediaBox)
                if not (0 <= x1 <= x2 <= width and 0 <= y1 <= y2 <= height):
                    outside += 1
    problems = tuple(Said(key, count=n) for n, key in ((beside, "verify_captions_beside"),
                     (outside, "verify_bbox_outside")) if n)  # fmt: skip
    return check(Said("verify_figures"), not problems, _listed(problems))


class Reading:
    """The text of every MCID and the element that owns it (content streams parsed once)."""

    def __init__(self, pdf):
        from .furniture import parent_tree  # noqa: PLC0415

        root = pdf.Root.get("/StructTreeRoot")
        arrays = parent_tree(root) if root is not None and "/ParentTree" in root else {}
        self.items = []  # (page number, text, owning element, /ActualText in the stream)
        for number, page in enumerate(pdf.pages, start=1):
            owners = arrays.get(int(page.get("/StructParents", -1)), [])
            stream_texts = actual_texts(page)
            for mcid, text in marked_texts(page).items():
                owner = owners[mcid] if mcid < len(owners) else None
                self.items.append((number, text, owner, stream_texts.get(mcid)))


def _replaced(element) -> bool:
    """The element or an ancestor gives what is read instead of its content."""
    while isinstance(element, pikepdf.Dictionary) and "/S" in element:
        if "/ActualText" in element or "/Alt" in element:
            return True
        element = element.get("/P")
    return False


def glyphs(reading, check):
    read = [(page, text) for page, text, owner, _ in reading.items
            if GLYPHS & set(text) and not _replaced(owner)]  # fmt: skip
    detail = (
        Said("verify_glyphs_read", count=len(read), page=read[0][0], text=repr(read[0][1]))
        if read
        else ""
    )
    return check(Said("verify_glyphs"), not read, detail)


def hyphenation(reading, check):
    split = [(page, text) for page, text, owner, stream in reading.items
             if text.endswith(HYPHEN) and (stream is None or not _replaced(owner))]  # fmt: skip
    detail = (
        Said("verify_split", count=len(split), page=split[0][0], text=repr(split[0][1][-20:]))
        if split
        else ""
    )
    return check(Said("verify_hyphenation"), not split, detail)


def languages(pdf, reading, check):
    """In a document not in German, German text (umlauts, ß) carries /Lang de."""
    language = str(pdf.Root.get("/Lang", ""))
    if language.startswith("de"):
        return check(Said("verify_other_language"), True, Said("verify_document_german"))
    unmarked = [(page, text) for page, text, owner, _ in reading.items
                if GERMAN_LETTERS.search(text) and _names_data(owner)
                and not _language_of(owner)]  # fmt: skip
    detail = (
        Said(
            "verify_unmarked",
            count=len(unmarked),
            page=unmarked[0][0],
            text=repr(unmarked[0][1]),
        )
        if unmarked
        else ""
    )
    return check(Said("verify_other_language"), not unmarked, detail)


def _names_data(element) -> bool:
    """Text of a heading, cell, label, caption, paragraph or contents entry: a name or value
    as a whole (list items are left out: a sentence may quote German data in English)."""
    while isinstance(element, pikepdf.Dictionary) and element.get("/S") in ("/Span", "/Link"):
        element = element.get("/P")
    return isinstance(element, pikepdf.Dictionary) and str(element.get("/S")) in DATA_ROLES


def _language_of(element) -> str:
    while isinstance(element, pikepdf.Dictionary) and "/S" in element:
        if "/Lang" in element:
            return str(element.Lang)
        element = element.get("/P")
    return ""


def term_lists(pdf, elements, check):
    """Every list item has its label (Lbl): dt/dd pairs are not one item each."""
    items = [e for kind, e in elements if kind == "/LI"]
    without = sum(1 for item in items if not any(k.S == "/Lbl" for k in _struct_kids(item)))
    detail = Said("verify_lbl_detail", items=len(items), without=without)
    return check(Said("verify_lbl"), without == 0, detail)


def title_heading(pdf, elements, check):
    """The report's title is the first heading, an H1 on page 1."""
    first = next(((k, e) for k, e in elements if re.fullmatch(r"/H[1-6]?", k)), None)
    page = first[1].get("/Pg") if first else None
    on_first = page is not None and page.objgen == pdf.pages[0].obj.objgen
    ok = first is not None and first[0] == "/H1" and on_first
    if first is None:
        return check(Said("verify_title_heading"), False, Said("verify_no_heading"))
    key = "verify_first_heading" if on_first else "verify_first_heading_later"
    return check(Said("verify_title_heading"), ok, Said(key, level=first[0][1:]))


def archive_declares_ua(pdf, metadata, check):
    """A tagged PDF/A (level a) offered as the accessible archive copy also claims PDF/UA-1,
    and lists each attachment once in /AF."""
    from .verify import NS_PDFA_LEVEL, NS_PDFUA  # noqa: PLC0415

    level_a = metadata.get(NS_PDFA_LEVEL, "") == "A"
    declared = NS_PDFUA in metadata
    files = [f.objgen for f in pdf.Root.get("/AF", [])]
    problems = []
    if level_a and not declared:
        problems.append(Said("verify_archive_without_ua"))
    if len(files) != len(set(files)):
        problems.append(Said("verify_af_twice"))
    return check(Said("verify_archive"), not problems, _listed(problems))


def _listed(problems) -> str:
    """What a check found, one after another ("" if nothing)."""
    return Said("listed", items=Joined(tuple(problems))) if problems else ""
