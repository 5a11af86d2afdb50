"""Walk a tagged PDF's structure tree as a screen reader does: elements, their text, their
annotations. Shared by the PDF tests; `python tests/tagwalk.py FILE.pdf [first last]` prints
the indented tree of pages first..last with the text read out."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import pikepdf

from planreview.report.pdftext import actual_texts, marked_texts


@dataclass
class Element:
    role: str
    obj: pikepdf.Dictionary
    parent: Element | None
    kids: list = field(default_factory=list)  # Element | ("mcid", page, n) | ("objr", annot)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def walk(self):
        yield self
        for kid in self.kids:
            if isinstance(kid, Element):
                yield from kid.walk()


class TaggedPdf:
    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self.page_index = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        self._texts: dict[int, dict[int, str]] = {}
        self._actual: dict[int, dict[int, str]] = {}
        root = pdf.Root.StructTreeRoot
        self.root = Element("StructTreeRoot", root, None)
        self._build(self.root, root.get("/K"), None)

    def _build(self, element: Element, kids, page) -> None:
        if kids is None:
            return
        if not isinstance(kids, pikepdf.Array):
            kids = [kids]
        page = element.obj.get("/Pg", page)
        for kid in kids:
            if isinstance(kid, int):
                element.kids.append(("mcid", self.page_index[page.objgen], int(kid)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                element.kids.append(("objr", kid.Obj))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                kid_page = kid.get("/Pg", page)
                element.kids.append(("mcid", self.page_index[kid_page.objgen], int(kid.MCID)))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                child = Element(str(kid.S)[1:], kid, element)
                element.kids.append(child)
                self._build(child, kid.get("/K"), page)

    def elements(self):
        for kid in self.root.kids:
            yield from kid.walk()

    def texts(self, page: int) -> dict[int, str]:
        if page not in self._texts:
            self._texts[page] = marked_texts(self.pdf.pages[page])
            self._actual[page] = actual_texts(self.pdf.pages[page])
        return self._texts[page]

    def stream_actual_text(self, page: int, mcid: int) -> str | None:
        self.texts(page)
        return self._actual[page].get(mcid)

    def text(self, element: Element) -> str:
        """What a screen reader reads for the element: /Alt or /ActualText if given, else
        its content's text in order."""
        for key in ("/ActualText", "/Alt"):
            if key in element.obj:
                return str(element.obj[key])
        parts = []
        for kid in element.kids:
            if isinstance(kid, Element):
                parts.append(self.text(kid))
            elif kid[0] == "mcid":
                actual = self.stream_actual_text(kid[1], kid[2])
                parts.append(actual if actual is not None else self.texts(kid[1]).get(kid[2], ""))
        return "".join(parts)

    def first_page(self, element: Element) -> int | None:
        for kid in element.kids:
            if isinstance(kid, Element):
                page = self.first_page(kid)
            else:
                page = kid[1] if kid[0] == "mcid" else None
            if page is not None:
                return page
        return None


LEAVES = {"P", "H1", "H2", "H3", "H4", "H5", "H6", "TH", "TD", "Lbl", "LBody", "Caption",
          "Figure", "Link", "Reference", "Span"}  # fmt: skip


def dump(tagged: TaggedPdf, first: int, last: int) -> list[str]:
    """Indented lines: role, attributes a reader announces, and the text of leaf elements."""
    lines = []

    def visit(element: Element, depth: int) -> None:
        page = tagged.first_page(element)
        if page is None or page > last:
            return
        extras = []
        for key in ("/Lang", "/Alt", "/ActualText"):
            if key in element.obj:
                extras.append(f"{key[1:]}={str(element.obj[key])!r}")
        attributes = element.obj.get("/A")
        if isinstance(attributes, pikepdf.Dictionary) and "/Scope" in attributes:
            extras.append(f"Scope={str(attributes.Scope)[1:]}")
        links = sum(1 for k in element.kids if not isinstance(k, Element) and k[0] == "objr")
        if links:
            extras.append(f"{links} OBJR")
        leaf = element.role in LEAVES
        if page >= first:
            text = (
                f' "{tagged.text(element).strip()}"' if leaf and "/Alt" not in element.obj else ""
            )
            lines.append("  " * depth + element.role + (" " + " ".join(extras) if extras else "")
                         + text)  # fmt: skip
        if not leaf:
            for kid in element.kids:
                if isinstance(kid, Element):
                    visit(kid, depth + 1)

    for kid in tagged.root.kids:
        visit(kid, 0)
    return lines


if __name__ == "__main__":
    with pikepdf.open(sys.argv[1]) as document:
        first, last = (int(sys.argv[2]) - 1, int(sys.argv[3]) - 1) if len(sys.argv) > 3 else (0, 4)
        print("\n".join(dump(TaggedPdf(document), first, last)))
