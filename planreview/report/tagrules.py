"""The rules of the structure-tree repair (tagtree.py), each for one thing WeasyPrint's tags
get wrong. They change Nodes only; tagtree.Tree writes them back. A node taken out of the
tree keeps its marked content, which the furniture pass then turns into /Artifact."""

from __future__ import annotations

import re

import pikepdf

from .furniture import name_tree
from .taglists import item_label, term_list

STATUS_SYMBOLS = "○◔◑●◆‖✕"  # the report's status symbols: the status word follows each
ARROWS = "→"  # read as a pause between the two things it joins
GLYPHS = STATUS_SYMBOLS + ARROWS
HYPHEN = "\u2010"  # WeasyPrint's hyphenate-character
SOFT_HYPHEN = "\u00ad"  # where the HTML allows a break; the break shows HYPHEN
_SPACES = re.compile(r"\s+")
_ARROW = re.compile(r"\s*→\s*")
_TABLE_PARTS = {"Caption": 0, "THead": 1, "TBody": 2, "TR": 2, "TFoot": 3}
_SCOPES = {"row": "/Row", "col": "/Column", "rowgroup": "/Row", "colgroup": "/Column"}


def apply(tree, words) -> None:
    from .tagtree import Node  # noqa: PLC0415 - tagtree imports this module

    document = tree.document
    merge_fragments(document, Node, tree.dropped)
    for node in list(document.nodes()):
        html = node.html
        if html is not None and html.tag == "nav":
            node.role = "Sect"
            make_contents(node)
        elif html is not None and html.tag == "figure":
            caption_into_figure(node)
        elif html is not None and html.tag == "dl" and node.role == "L":
            term_list(node, Node, tree)
        elif node.role == "LI":
            item_label(node)
    links(tree, words)
    read_as_words(tree)
    language = str(tree.pdf.Root.get("/Lang", ""))
    for node in document.nodes():
        if node.html is not None and node.html.lang and node.html.lang != language:
            node.obj.Lang = pikepdf.String(node.html.lang)
        if node.role == "Table":
            table_headers(node, tree.id_prefix)


def merge_fragments(node, node_type, dropped: list) -> None:
    """The pieces one HTML element left on successive pages become one element again; in a
    table, the header and footer rows repeated on each page count once (the rest become
    artifacts). An anonymous box WeasyPrint tags with its parent's element and role (an image
    at the start of a section becomes a Sect in the Sect) is no element of its own."""
    kids = []
    for kid in node.kids:
        anonymous = (
            isinstance(kid, node_type)
            and kid.number is not None
            and (kid.number, kid.role) == (node.number, node.role)
        )
        kids.extend(kid.kids if anonymous else [kid])
    if node.role == "Table":
        groups: dict = {}
        order = []
        for kid in kids:
            key = kid.number if isinstance(kid, node_type) and kid.number is not None else id(kid)
            if key not in groups:
                groups[key] = kid
                order.append(kid)
            elif kid.role in ("THead", "TFoot"):
                dropped.append(kid)  # repeated on the next page: drawn again, read once
            else:
                groups[key].kids.extend(kid.kids)
        order.sort(key=lambda k: _TABLE_PARTS.get(k.role, 2) if isinstance(k, node_type) else 2)
        node.kids = order
    else:
        merged = []
        for kid in kids:
            previous = merged[-1] if merged else None
            if (
                isinstance(kid, node_type)
                and isinstance(previous, node_type)
                and kid.number is not None
                and kid.number == previous.number
            ):
                previous.kids.extend(kid.kids)
            else:
                merged.append(kid)
        node.kids = merged
    for kid in node.kids:
        if isinstance(kid, node_type):
            merge_fragments(kid, node_type, dropped)


def make_contents(nav) -> None:
    """A navigation's lists are a table of contents: TOC, TOCI, each entry a Reference."""
    for node in list(nav.nodes()):
        if node.role == "L":
            node.role = "TOC"
        elif node.role == "LI":
            node.role = "TOCI"
            kids = []
            for kid in node.kids:
                if getattr(kid, "role", None) == "LBody":
                    kid.role = "Reference"
                    nested = [k for k in kid.kids if getattr(k, "role", None) in ("L", "TOC")]
                    kid.kids = [k for k in kid.kids if k not in nested]
                    kids.append(kid)
                    kids.extend(nested)
                else:
                    kids.append(kid)
            node.kids = kids
    for node in nav.nodes():  # lists moved out of a Reference are TOCs too
        if node.role == "L":
            node.role = "TOC"


def caption_into_figure(figure) -> None:
    """<figure><img><figcaption>: one Figure holding the image and its Caption."""
    images = [n for n in figure.nodes() if n.role == "Figure" and n is not figure]
    if len(images) != 1:
        return
    image = images[0]
    captions = [k for k in figure.kids if getattr(k, "role", None) == "Caption"]
    content = [m for k in figure.kids if k not in captions for m in _mcids_of(k)]
    for key in ("/Alt", "/ActualText", "/A"):
        if key in image.obj:
            figure.obj[key] = image.obj[key]
    figure.role = "Figure"
    figure.kids = content + captions


def _mcids_of(kid):
    if isinstance(kid, tuple):
        return [kid]
    if hasattr(kid, "mcids"):
        return list(kid.mcids())
    return []


def links(tree, words) -> None:
    """One Link element and one annotation per link: the nested links and spans WeasyPrint
    makes for a link block (its text, its ::after page number) lose their own annotations."""
    pdf = tree.pdf
    destinations = name_tree(pdf.Root.get("/Names", {}).get("/Dests"))
    page_numbers = {page.objgen: n for page, n in zip(tree.page_objects, tree.numbers, strict=True)}
    for node in _outermost(tree.document, "Link"):
        objrs = [k for k in node.kids if isinstance(k, pikepdf.Dictionary)]
        if not objrs:
            continue
        keep = objrs[0]
        annotation = keep.Obj
        own_text = []
        content = []
        for kid in node.kids:
            if kid is keep:
                continue
            if isinstance(kid, pikepdf.Dictionary):
                tree.removed_annotations.add(kid.Obj.objgen)
                continue
            if isinstance(kid, tuple):
                own_text.append(kid)
                content.append(kid)
                continue
            for inner in kid.nodes():
                dropped = [k for k in inner.kids if isinstance(k, pikepdf.Dictionary)]
                for objr in dropped:
                    tree.removed_annotations.add(objr.Obj.objgen)
                inner.kids = [k for k in inner.kids if not isinstance(k, pikepdf.Dictionary)]
            if kid.role == "Link":  # a pseudo-element's link (the page number): its text only
                content.extend(kid.mcids())
            else:
                own_text.extend(kid.mcids())
                content.append(kid)
        node.kids = [keep, *content]
        texts = tree.record.texts
        name = _SPACES.sub(" ", "".join(texts.get(p, {}).get(m, "") for p, m in own_text))
        target = _target_page(annotation, destinations, page_numbers)
        described = name.strip()
        if target and described.rsplit(" ", 1)[-1].casefold() == words.page.casefold():
            described = f"{described} {target}"  # a reference in a sentence: "ab Seite 17"
        elif target:
            described = f"{described}, {words.page} {target}" if described else f"{target}"
        if described:  # on the annotation, and read instead of "Zusammenfassung3"
            annotation.Contents = pikepdf.String(described)
            if target:
                node.obj.Alt = pikepdf.String(described)


def _outermost(node, role):
    for kid in node.kids:
        if getattr(kid, "role", None) == role:
            yield kid
        elif hasattr(kid, "kids"):
            yield from _outermost(kid, role)


def _target_page(annotation, destinations, page_numbers) -> int | None:
    destination = annotation.get("/Dest")
    if destination is None:
        action = annotation.get("/A", {})
        destination = action.get("/D") if action.get("/S") == "/GoTo" else None
    if isinstance(destination, pikepdf.String):
        destination = destinations.get(bytes(destination))
    elif isinstance(destination, pikepdf.Name):
        destination = destinations.get(str(destination)[1:].encode())
    if isinstance(destination, pikepdf.Dictionary):
        destination = destination.get("/D")
    if isinstance(destination, pikepdf.Array) and len(destination):
        return page_numbers.get(destination[0].objgen)
    return None


def read_as_words(tree) -> None:
    """Status symbols become artifacts; arrows are read as a pause; a word the hyphenation
    split over two lines is read whole (/ActualText on both parts, also in the content
    stream, so text extraction and search find it)."""
    for top in [tree.document, *tree.dropped]:  # dropped: artifacts, but pdftotext reads them
        _read_as_words(tree, top)


def _read_as_words(tree, top) -> None:
    texts = tree.record.texts
    previous = None  # (node, text, mark) of the last text span read
    for parent in list(top.nodes()):
        kept = []
        for kid in parent.kids:
            if not (getattr(kid, "role", None) == "Span" and kid.html is None):
                kept.append(kid)
                continue
            marks = [k for k in kid.kids if isinstance(k, tuple)]
            text = "".join(texts.get(p, {}).get(m, "") for p, m in marks)
            stripped = text.strip()
            if marks and all(m in tree.record.hidden for m in marks):
                continue  # aria-hidden (a rating's symbol): taken out, an artifact
            if stripped and all(c in STATUS_SYMBOLS or c.isspace() for c in stripped):
                continue  # taken out: the furniture pass makes it an artifact
            spoken = text
            if any(c in GLYPHS for c in text):
                spoken = _ARROW.sub(", ", text)
                spoken = "".join(c for c in spoken if c not in STATUS_SYMBOLS)
                spoken = _SPACES.sub(" ", spoken)
                kid.obj.ActualText = pikepdf.String(spoken)
            if previous is not None and previous[1].endswith(HYPHEN) and text[:1].isalpha():
                # marks are one per text span: WeasyPrint marks each line's text by itself
                rest = re.match(r"\S*", text)[0]
                whole = (previous[1][: -len(HYPHEN)] + rest).replace(SOFT_HYPHEN, "")
                previous[0].obj.ActualText = pikepdf.String(whole)
                kid.obj.ActualText = pikepdf.String(spoken[len(rest) :])
                tree.stream_texts[previous[2]] = whole
                tree.stream_texts[marks[0]] = spoken[len(rest) :]
                if top is not tree.document:
                    tree.dropped_marks.update((previous[2], marks[0]))
                spoken = spoken[len(rest) :]  # if this line ends hyphenated too, it goes on
            ends = len(marks) == 1 and marks[0] in tree.record.line_ends
            if ends and spoken[-1:] and not spoken[-1].isspace() and spoken[-1] != HYPHEN:
                said = str(kid.obj.ActualText) if "/ActualText" in kid.obj else spoken
                kid.obj.ActualText = pikepdf.String(said + " ")  # the space at the line break
            previous = (kid, spoken, marks[0]) if len(marks) == 1 else None
            kept.append(kid)
        parent.kids = kept


def table_headers(table, prefix: str = "t") -> None:
    """/Scope on every header cell (from the HTML's scope, else by position), and the data
    cells' /Headers pointing at them by /ID, for the whole table, not per page."""
    rows = [n for n in table.nodes() if n.role == "TR"]
    head_rows = [r for part in table.kids if getattr(part, "role", None) == "THead"
                 for r in part.kids]  # fmt: skip
    column_headers: dict[int, list] = {}
    number = table.obj.objgen[0]
    for i, row in enumerate(rows):
        row_headers = []
        column = 0
        for cell in row.kids:
            if getattr(cell, "role", None) not in ("TH", "TD"):
                continue
            attributes = cell.obj.get("/A")
            if not isinstance(attributes, pikepdf.Dictionary):
                attributes = cell.obj.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
            span = int(attributes.get("/ColSpan", 1))
            if "/Headers" in attributes:
                del attributes["/Headers"]
            if cell.role == "TH":
                identifier = pikepdf.String(f"{prefix}{number}-{i}-{column}")
                cell.obj.ID = identifier
                scope = _SCOPES.get(cell.html.scope if cell.html else "")
                if scope is None:  # no scope in the HTML: a header row, else a row's first cell
                    scope = "/Column" if row in head_rows or column > 0 else "/Row"
                attributes.Scope = pikepdf.Name(scope)
                if scope == "/Row":
                    row_headers.append(identifier)
                else:
                    for j in range(column, column + span):
                        column_headers.setdefault(j, []).append(identifier)
            else:
                headers = [h for j in range(column, column + span)
                           for h in column_headers.get(j, [])] + row_headers  # fmt: skip
                if headers:
                    attributes.Headers = pikepdf.Array(headers)
            column += span


def finish(tree) -> None:
    """What needs the written tree: the ID tree, annotations without their duplicates, the
    figures' boxes in PDF coordinates."""
    identified = []
    for node in tree.document.nodes():
        if "/ID" in node.obj:
            identified.append((bytes(node.obj.ID), node.obj))
        if node.role == "Figure":
            _box_in_user_space(node, tree.page_objects[node.page])
    identified.sort(key=lambda pair: pair[0])
    if identified:
        names = pikepdf.Array()
        for key, obj in identified:
            names.append(pikepdf.String(key))
            names.append(obj)
        tree.root.IDTree = tree.pdf.make_indirect(pikepdf.Dictionary(Names=names))
    elif "/IDTree" in tree.root:
        del tree.root["/IDTree"]
    removed = tree.removed_annotations
    if removed:
        _remove_annotations(tree, removed)


def _box_in_user_space(node, page) -> None:
    """WeasyPrint gives the figure's box in CSS pixels from the top left; PDF wants points
    from the bottom left (its pages are drawn with 0.75 pt per px, y downwards)."""
    attributes = node.obj.get("/A")
    if not isinstance(attributes, pikepdf.Dictionary) or "/BBox" not in attributes:
        return
    x1, y1, x2, y2 = (float(v) for v in attributes.BBox)
    height = float(page.MediaBox[3])
    attributes.BBox = pikepdf.Array(
        [round(0.75 * x1, 2), round(height - 0.75 * y2, 2),
         round(0.75 * x2, 2), round(height - 0.75 * y1, 2)]
    )  # fmt: skip


def _remove_annotations(tree, removed) -> None:
    structure_keys = set()
    for page in tree.page_objects:
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        kept = pikepdf.Array()
        for annotation in annotations:
            if annotation.objgen in removed:
                if "/StructParent" in annotation:
                    structure_keys.add(int(annotation.StructParent))
            else:
                kept.append(annotation)
        page.Annots = kept
    nums = tree.root.ParentTree.get("/Nums")
    if nums is None:
        return
    cleaned = pikepdf.Array()
    for i in range(0, len(nums), 2):
        if int(nums[i]) not in structure_keys:
            cleaned.append(nums[i])
            cleaned.append(nums[i + 1])
    tree.root.ParentTree.Nums = cleaned
