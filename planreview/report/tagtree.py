"""Repair WeasyPrint's structure tree after rendering, so a screen reader can follow it.

WeasyPrint 70 tags page by page and forgets the HTML behind each structure element: an
element broken over pages becomes one element per page (a chapter one Sect per page, a table
one Table per page with its header rows again; WeasyPrint #2902, #2903), `scope` and `lang`
are dropped, dt/dd become list items, a figure's caption stands beside it and a link block
makes nested links. While WeasyPrint builds the tree, `recording()` notes for each structure
element which HTML element made it (a private key, removed again) and the text of each
marked content; `repair()` then rebuilds what the HTML meant, driven by that structure alone
(headings, sections, tables, lists, links, figures), not by the report's chapters. The
individual rules are in tagrules.py; content that no element owns any more (repeated header
rows, status symbols) becomes /Artifact through the furniture pass.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass, field

import pikepdf

from . import tagrules
from .furniture import mark_furniture_in, parent_tree


@dataclass(frozen=True)
class Html:
    """What the tree repair needs to know of one HTML element (or pseudo-element)."""

    tag: str  # "th", "li::marker", ...
    scope: str = ""
    lang: str = ""
    classes: tuple[str, ...] = ()


@dataclass
class Record:
    """What WeasyPrint knew while tagging: HTML elements by number, marked texts by page."""

    html: list[Html] = field(default_factory=list)
    texts: dict[int, dict[int, str]] = field(default_factory=dict)  # page -> MCID -> text
    hidden: set[tuple[int, int]] = field(default_factory=set)  # (page, MCID) in aria-hidden
    # (page, MCID) of the text ending a line that is not its block's last: the space at the
    # break is not drawn, so nothing separates its last word from the next line's first
    line_ends: set[tuple[int, int]] = field(default_factory=set)
    # PDF object number of a structure element -> its HTML element's number in `html`
    # (pydyf's object numbers are those of the written file)
    elements: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Words:
    """Words the repair writes into the PDF, in the report's language."""

    page: str = field(default_factory=lambda: _german_label("page"))


def _german_label(key: str) -> str:
    """A word from labels.toml's German table, for a repair run without the report's words."""
    from ..resources import default_templates  # noqa: PLC0415
    from .labels import load_labels  # noqa: PLC0415

    return load_labels(default_templates(), "de")(key)


@contextlib.contextmanager
def recording():
    """While active, WeasyPrint's tagging marks each structure element with its HTML element;
    yields the Record it fills. Without WeasyPrint's private builder, records nothing."""
    from weasyprint.formatting_structure import boxes  # noqa: PLC0415
    from weasyprint.layout.absolute import AbsolutePlaceholder  # noqa: PLC0415
    from weasyprint.pdf import tags  # noqa: PLC0415

    record = Record()
    original = getattr(tags, "_build_box_tree", None)
    if original is None:
        yield record
        return
    numbers: dict[tuple[object, str], int] = {}

    def number_of(box) -> int:
        key = (box.element, box.element_tag)
        if key not in numbers:
            element = box.element
            numbers[key] = len(record.html)
            record.html.append(
                Html(
                    tag=str(box.element_tag),
                    scope=element.get("scope", "") or "",
                    lang=element.get("lang", "") or "",
                    classes=tuple((element.get("class") or "").split()),
                )
            )
        return numbers[key]

    def build(box, parent, pdf, page_number, nums, annotations, marked):
        inner = box._box if isinstance(box, AbsolutePlaceholder) else box
        if isinstance(inner, boxes.ParentBox):
            texts = record.texts.setdefault(page_number, {})
            lines = [c for c in inner.children if isinstance(c, boxes.LineBox)]
            broken = {id(c) for c in lines[:-1]}
            for child in inner.children:
                for text_box in child.children if isinstance(child, boxes.LineBox) else [child]:
                    if isinstance(text_box, boxes.TextBox) and text_box in marked:
                        mcid = marked[text_box]["mcid"]
                        texts[mcid] = text_box.text
                        if id(child) in broken and text_box is child.children[-1]:
                            record.line_ends.add((page_number, mcid))
                        if text_box.element is not None and (
                            text_box.element.get("aria-hidden") == "true"
                        ):  # WeasyPrint drops aria-hidden: shown, not read
                            record.hidden.add((page_number, mcid))
        for element in original(box, parent, pdf, page_number, nums, annotations, marked):
            if element.number not in record.elements and inner.element is not None:
                record.elements[element.number] = number_of(inner)
            yield element

    tags._build_box_tree = build
    try:
        yield record
    finally:
        tags._build_box_tree = original


class Node:
    """A structure element while the tree is rebuilt. kids: Node, (page, MCID) or an OBJR."""

    __slots__ = ("obj", "role", "number", "html", "kids", "page", "parent", "read_as")

    def __init__(self, obj, role: str, number: int | None, html: Html | None, page: int):
        self.obj, self.role, self.number, self.html, self.page = obj, role, number, html, page
        self.kids: list = []
        self.parent: Node | None = None  # as read
        self.read_as: tuple = ()  # role, page and kids as read: unchanged nodes are not written

    def nodes(self):
        """This node and all below it, in document order (a stack: trees are deep)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed([k for k in node.kids if isinstance(k, Node)]))

    def mcids(self):
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.mcids()
            elif isinstance(kid, tuple):
                yield kid


class Tree:
    """The document element's subtree, read into Nodes, and the maps needed to write it."""

    def __init__(
        self,
        pdf: pikepdf.Pdf,
        record: Record,
        numbers: list[int] | None = None,
        id_prefix: str = "t",
    ):
        self.pdf, self.record = pdf, record
        self.id_prefix = id_prefix  # of the IDs of table header cells (unique in a report)
        self.pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        self.page_objects = [page.obj for page in pdf.pages]
        # the number each page has in the report (a part's pages need not count from 1)
        self.numbers = numbers or list(range(1, len(self.page_objects) + 1))
        root = pdf.Root.StructTreeRoot
        self.root = root
        document = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
        self.document = self._read(document, 0)
        self.removed_annotations: set[tuple[int, int]] = set()
        self.stream_texts: dict[tuple[int, int], str] = {}  # (page, MCID) -> /ActualText
        self.dropped: list[Node] = []  # taken out of the tree: their content becomes artifacts
        self.dropped_marks: set[tuple[int, int]] = set()  # their marks with an /ActualText

    def _read(self, obj, page: int, parent: Node | None = None) -> Node:
        page_ref = obj.get("/Pg")
        if page_ref is not None:
            page = self.pages.get(page_ref.objgen, page)
        number = self.record.elements.get(obj.objgen[0])
        html = self.record.html[number] if number is not None else None
        node = Node(obj, str(obj.S)[1:], number, html, page)
        node.parent = parent
        kids = obj.get("/K")
        if kids is None:
            return node
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, int):
                node.kids.append((page, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary):
                kind = kid.get("/Type")
                if kind == "/OBJR":
                    node.kids.append(kid)
                elif kind == "/MCR":
                    kid_page = kid.get("/Pg")
                    node.kids.append(
                        (self.pages[kid_page.objgen] if kid_page else page, int(kid.MCID))
                    )
                else:
                    node.kids.append(self._read(kid, page, node))
        node.read_as = (node.role, node.page, [id(k) for k in node.kids])
        return node

    def text(self, node: Node) -> str:
        texts = self.record.texts
        return "".join(texts.get(page, {}).get(mcid, "") for page, mcid in node.mcids())

    def write(self) -> None:
        """/S, /K, /P and /Pg of every node that changed; the parent tree points each MCID
        of a changed node at the element that now holds it."""
        arrays = parent_tree(self.root)
        page_keys = [int(page.get("/StructParents", -1)) for page in self.page_objects]
        self._write(self.document, None, arrays, page_keys)

    def _write(self, node: Node, parent: Node | None, arrays, page_keys) -> None:
        obj = node.obj
        for kid in node.kids:
            if isinstance(kid, Node):
                self._write(kid, node, arrays, page_keys)
        if parent is not node.parent:
            obj.P = parent.obj if parent is not None else self.root
        if node.read_as == (node.role, node.page, [id(k) for k in node.kids]):
            return
        kids = []
        for kid in node.kids:
            if isinstance(kid, Node):
                kids.append(kid.obj)
            elif isinstance(kid, tuple):
                page, mcid = kid
                if page == node.page:
                    kids.append(mcid)
                else:
                    kids.append(
                        pikepdf.Dictionary(
                            Type=pikepdf.Name.MCR, Pg=self.page_objects[page], MCID=mcid
                        )
                    )
                array = arrays.get(page_keys[page])
                if array is not None and mcid < len(array):
                    array[mcid] = obj
            else:
                kids.append(kid)  # an annotation's OBJR, with its own /Pg
        obj.K = pikepdf.Array(kids)
        obj.S = pikepdf.Name("/" + node.role)
        obj.Pg = self.page_objects[node.page]


# One marked text span as WeasyPrint writes it: no marked content nested inside (its text is
# hex strings, so no "BDC" can hide in a string).
_MARKED = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC((?:(?!BDC|BMC|EMC).)*?)EMC", re.S)


PDFUA_ID = b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>'  # noqa: E501
# PDF/A wants every schema outside its own list described in the XMP (ISO 19005-2, 6.6.2.3.2)
PDFUA_SCHEMA = b"""<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"""  # noqa: E501


def declare_pdfua(pdf: pikepdf.Pdf) -> None:
    """Add pdfuaid:part 1 to the XMP of a PDF/A file (WeasyPrint declares one standard)."""
    stream = pdf.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return
    xmp = stream.read_bytes()
    if b"pdfuaid:part" in xmp or b"</rdf:RDF>" not in xmp:
        return
    added = PDFUA_ID + (PDFUA_SCHEMA if b"pdfaid:part" in xmp else b"")
    metadata = pdf.make_stream(xmp.replace(b"</rdf:RDF>", added + b"</rdf:RDF>", 1))
    metadata.Type, metadata.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
    pdf.Root.Metadata = metadata


def repair(
    pdf_bytes: bytes,
    record: Record,
    words: Words | None = None,  # default: the German words (made when called, not imported)
    declare_ua: bool = False,
    numbers: list[int] | None = None,
    id_prefix: str = "t",
) -> bytes:
    """The PDF with its structure tree rebuilt (see the module's docstring) and its page
    furniture and orphaned content marked as artifacts; with `declare_ua`, PDF/UA-1 is
    declared in the XMP of a tagged PDF/A file too. numbers: each page's number in the report
    (for the page a link leads to), when not 1, 2, 3 …; id_prefix: of the header cells' IDs
    (each part of a report set in parts has its own)."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        tagged = "/StructTreeRoot" in pdf.Root and record.html
        if tagged:
            tree = Tree(pdf, record, numbers, id_prefix)
            tagrules.apply(tree, words or Words())
            tree.write()
            tagrules.finish(tree)
            actual_text_in_streams(tree)
        mark_furniture_in(pdf, {n.obj.objgen for n in tree.document.nodes()} if tagged else None)
        deduplicate_attachments(pdf)
        if tagged and declare_ua:
            declare_pdfua(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)
        return out.getvalue()


def deduplicate_attachments(pdf) -> None:
    """WeasyPrint lists each attached file twice in the catalog's /AF."""
    files = pdf.Root.get("/AF")
    if files is None:
        return
    seen, unique = set(), pikepdf.Array()
    for spec in files:
        if spec.objgen not in seen:
            seen.add(spec.objgen)
            unique.append(spec)
    if len(unique) != len(files):
        pdf.Root.AF = unique


def actual_text_in_streams(tree) -> None:
    """/ActualText also in the marked content's property list, where text extraction and
    search look: `/Span <</MCID 7>> BDC` gets `/ActualText <FEFF...>`. Poppler reads it on a
    /Span only, so the text of a dropped element (an artifact) is wrapped: /Artifact BMC
    /Span <</ActualText ...>> BDC ... EMC EMC."""
    by_page: dict[int, dict[int, str]] = {}
    for (page, mcid), text in tree.stream_texts.items():
        by_page.setdefault(page, {})[mcid] = text
    arrays = parent_tree(tree.root)
    for page, texts in by_page.items():
        page_obj = tree.page_objects[page]
        contents = page_obj.get("/Contents")
        if not isinstance(contents, pikepdf.Stream):
            continue
        data = contents.read_bytes()
        elements = arrays.get(int(page_obj.get("/StructParents", -1)))
        dropped = {m for p, m in tree.dropped_marks if p == page}

        def add_text(match: re.Match, texts=texts, dropped=dropped, elements=elements) -> bytes:
            mcid = int(match[2])
            text = texts.get(mcid)
            if text is None:
                return match[0]
            actual = b"/ActualText <" + ("\ufeff" + text).encode("utf-16-be").hex().encode() + b">"
            tag, inside = match[1], match[3]
            if mcid in dropped and tag == b"Span" and elements is not None:
                elements[mcid] = None  # an artifact now: no element owns it
                return b"/Artifact\nBMC\n/Span\n<<" + actual + b">>\nBDC" + inside + b"EMC\nEMC"
            return b"/%s\n<</MCID %s %s>>\nBDC%sEMC" % (tag, match[2], actual, inside)

        rewritten = _MARKED.sub(add_text, data)
        if rewritten != data:
            page_obj.Contents = tree.pdf.make_stream(rewritten)
