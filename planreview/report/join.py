"""Join the PDFs of a report set in parts (parts.py) into one: pages, structure tree, parent
tree, IDs, named destinations and outline, as if WeasyPrint had set the report whole.

Each part was repaired on its own (tagtree.repair). A part carries pages that are not the
report's (a first page that only sets the running heads, or pages standing in for the other
parts so that the contents could count them): `keep` names the pages taken from it, and
whatever of its structure, destinations and outline lies on the other pages is left behind.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

import pikepdf

from .furniture import name_tree, parent_tree


class JoinError(Exception):
    """The parts cannot be made one PDF as they are."""


@dataclass(frozen=True)
class Part:
    pdf: bytes
    keep: range  # indexes of the pages taken into the report
    continues: bool = False  # its first element goes on with the previous part's last one


class Joining:
    """The parts joined one at a time, so that a part is taken in while the next is still
    being written (parts.py): `with Joining(first) as joining:`, add() each further part,
    then result(); the parts' PDFs are closed when the block ends. The first part gives the
    document (catalog, metadata, attachments, language); the parts' IDs of structure
    elements must differ (tagtree.repair's id_prefix)."""

    def __init__(self, first: Part):
        self._out = pikepdf.open(io.BytesIO(first.pdf))
        self._sources: list[pikepdf.Pdf] = []
        self._joined = _Joined(self._out)
        try:
            self._joined.add(self._out, first, own=True)
        except BaseException:
            self._out.close()
            raise

    def __enter__(self) -> Joining:
        return self

    def __exit__(self, *exc) -> None:
        for pdf in (*self._sources, self._out):
            pdf.close()

    def add(self, part: Part) -> None:
        source = pikepdf.open(io.BytesIO(part.pdf))
        self._sources.append(source)
        self._joined.add(source, part, own=False)

    def result(self) -> bytes:
        self._joined.finish()
        result = io.BytesIO()
        self._out.save(
            result,
            deterministic_id=True,
            fix_metadata_version=False,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return result.getvalue()


class _Joined:
    def __init__(self, out: pikepdf.Pdf):
        self.out = out
        root = out.Root.StructTreeRoot
        self.document = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
        self.kids: list = []  # the Document element's kids, in reading order
        self.nums: list = []  # the parent tree, flattened: key, value, key, value ...
        self.ids: dict[bytes, object] = {}
        self.dests: dict[bytes, object] = {}
        self.outline: list = []  # top-level outline items
        self.next_key = 0
        self.parts = 0  # parts added so far
        self.replaced: dict[tuple[int, int], object] = {}  # merged element -> what took it in

    def add(self, source: pikepdf.Pdf, part: Part, own: bool) -> None:
        out = self.out
        self.parts += 1
        kept = [source.pages[n].obj for n in part.keep]
        kept_pages = {page.objgen for page in kept}
        root = source.Root.StructTreeRoot
        document = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
        kids = [k for k in document.K if _page_of(k) in kept_pages]
        keys = {int(p.get("/StructParents", -1)) for p in kept} | {
            int(a.get("/StructParent", -1)) for p in kept for a in p.get("/Annots", [])
        }
        values = {k: v for k, v in parent_tree(root).items() if k in keys}
        ids = {n: e for n, e in name_tree(root.get("/IDTree")).items() if _page_of(e) in kept_pages}
        dests = {
            name: dest
            for name, dest in name_tree(source.Root.get("/Names", {}).get("/Dests")).items()
            if _dest_page(dest) in kept_pages
        }
        items, adopted = _outline_of(source, kept_pages)
        if own:
            pages = kept
            del out.pages[part.keep.stop :]
            del out.pages[: part.keep.start]
        else:
            for kid in kids:  # a copy must not drag the other part's whole tree along
                del kid["/P"]
            with warnings.catch_warnings():  # named destinations are joined below, by name
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                out.pages.extend([source.pages[n] for n in part.keep])
            pages = [page.obj for page in out.pages[-len(kept) :]]
            _retag_fonts(pages, self.parts)
            kids = [out.copy_foreign(kid) for kid in kids]
            values = {k: out.copy_foreign(_indirect(source, v)) for k, v in values.items()}
            ids = {name: out.copy_foreign(e) for name, e in ids.items()}
            dests = {name: out.copy_foreign(_indirect(source, d)) for name, d in dests.items()}
            items = [out.copy_foreign(item) for item in items]
            adopted = [out.copy_foreign(item) for item in adopted]
        for page, source_page in zip(pages, kept, strict=True):
            self._renumber(page, values, int(source_page.get("/StructParents", -1)))
            for annotation in page.get("/Annots", []):
                self._renumber(annotation, values, int(annotation.get("/StructParent", -1)))
        if part.continues and self.kids and kids:
            self._continue(self.kids[-1], kids.pop(0))
        for kid in kids:
            kid.P = self.document
        self.kids.extend(kids)
        if self.ids.keys() & ids.keys():
            raise JoinError("two parts use the same structure element IDs")
        self.ids.update(ids)
        self.dests.update(dests)
        if adopted and self.outline:
            _append_children(self.outline[-1], adopted)
        self.outline.extend(items)

    def _renumber(self, holder, values, key: int) -> None:
        """A page's or annotation's entry in the parent tree under the next free key."""
        name = "/StructParents" if holder.get("/Type") == "/Page" else "/StructParent"
        if key < 0 or key not in values:  # WeasyPrint gives every page and link a key
            return
        value = values[key]
        holder[name] = self.next_key
        self.nums.extend([self.next_key, value])
        self.next_key += 1

    def _continue(self, last, first) -> None:
        """The part's first element (a chapter it goes on with) becomes the rest of `last`."""
        moved = list(first.K) if isinstance(first.K, pikepdf.Array) else [first.K]
        if any(not isinstance(kid, pikepdf.Dictionary) for kid in moved):
            raise JoinError("the chapter a part goes on with holds content of its own")
        for kid in moved:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                kid.P = last
        last.K = pikepdf.Array(
            (list(last.K) if isinstance(last.K, pikepdf.Array) else [last.K]) + moved
        )
        self.replaced[first.objgen] = last

    def finish(self) -> None:
        out = self.out
        replaced = self.replaced
        for i in range(1, len(self.nums), 2):
            value = self.nums[i]
            if isinstance(value, pikepdf.Array):
                self.nums[i] = pikepdf.Array(
                    v if v is None else replaced.get(v.objgen, v) for v in value
                )
            elif value is not None and value.objgen in replaced:
                self.nums[i] = replaced[value.objgen]
        self.document.K = pikepdf.Array(self.kids)
        root = out.Root.StructTreeRoot
        root.ParentTree = out.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(self.nums)))
        if "/ParentTreeNextKey" in root:
            root.ParentTreeNextKey = self.next_key
        if self.ids:
            root.IDTree = out.make_indirect(pikepdf.Dictionary(Names=_sorted_pairs(self.ids)))
        if self.dests:
            names = out.Root.get("/Names")
            if names is None:
                out.Root.Names = names = pikepdf.Dictionary()
            names.Dests = out.make_indirect(pikepdf.Dictionary(Names=_sorted_pairs(self.dests)))
        if self.outline:
            outlines = out.Root.Outlines
            for n, item in enumerate(self.outline):
                item.Parent = outlines
                if n:
                    item.Prev = self.outline[n - 1]
                if n + 1 < len(self.outline):
                    item.Next = self.outline[n + 1]
            outlines.First, outlines.Last = self.outline[0], self.outline[-1]
            outlines.Count = sum(1 + _count(item) for item in self.outline)


def _page_of(element):
    page = element.get("/Pg")
    return page.objgen if page is not None else None


def _dest_page(dest):
    if isinstance(dest, pikepdf.Dictionary):
        dest = dest.get("/D")
    if isinstance(dest, pikepdf.Array) and len(dest):
        return dest[0].objgen
    return None


def _sorted_pairs(mapping: dict[bytes, object]) -> pikepdf.Array:
    """A flat name tree: keys sorted by their bytes, as the standard orders them."""
    pairs: list = []
    for key in sorted(mapping):
        pairs.extend([pikepdf.String(key), mapping[key]])
    return pikepdf.Array(pairs)


def _outline_of(pdf, pages) -> tuple[list, list]:
    """The top-level outline items on kept pages, and the children of those on other pages
    (a chapter the part goes on with: they belong under the outline's last item so far). All
    detached from their neighbours and parents, so copying one copies no other."""
    outlines = pdf.Root.get("/Outlines")
    items, adopted = [], []
    for item in list(_chain(outlines.get("/First"))) if outlines is not None else []:
        children = list(_chain(item.get("/First")))
        for key in ("/Parent", "/Prev", "/Next"):
            if key in item:
                del item[key]
        if _dest_page(item.get("/Dest")) in pages:
            items.append(item)
            continue
        for child in children:
            del child["/Parent"]
        adopted.extend(children)
    return items, adopted


def _indirect(pdf, value):
    return value if value.is_indirect else pdf.make_indirect(value)


def _chain(item):
    while item is not None:
        yield item
        item = item.get("/Next")


def _append_children(parent, children) -> None:
    existing = list(_chain(parent.get("/First")))
    if existing:
        existing[-1].Next = children[0]
        children[0].Prev = existing[-1]
    else:
        parent.First = children[0]
        if "/Prev" in children[0]:
            del children[0]["/Prev"]
    parent.Last = children[-1]
    for child in children:
        child.Parent = parent
    _recount(parent)


def _count(item) -> int:
    """Visible descendants of an outline item (WeasyPrint writes them all open)."""
    return abs(int(item.get("/Count", 0)))


def _recount(item) -> int:
    total = 0
    for child in _chain(item.get("/First")):
        total += 1 + _recount(child)
    if "/Count" in item or total:
        item.Count = total if int(item.get("/Count", 0)) >= 0 else -total
    return total


def _retag_fonts(pages, part: int) -> None:
    """Each part embeds its own subset of a font under the tag WeasyPrint derives from the
    font alone ("UWGIWA+DejaVu-Sans"); in one PDF, different subsets must have different tags
    (ISO 32000-1, 9.6.4). A tag made from the part's number and the old tag, the same every
    time."""
    seen: set[tuple[int, int]] = set()
    stack = [page.get("/Resources") for page in pages]
    while stack:
        resources = stack.pop()
        if not isinstance(resources, pikepdf.Dictionary) or resources.objgen in seen:
            continue
        if resources.is_indirect:
            seen.add(resources.objgen)
        for font in resources.get("/Font", {}).values():
            _retag(font, part, seen)
        for kind in ("/XObject", "/Pattern"):
            for inner in resources.get(kind, {}).values():
                stack.append(inner.get("/Resources"))


def _retag(font, part: int, seen) -> None:
    if font.is_indirect and font.objgen in seen:
        return
    if font.is_indirect:
        seen.add(font.objgen)
    named = [font, *font.get("/DescendantFonts", [])]
    for each in named:
        for holder, key in ((each, "/BaseFont"), (each.get("/FontDescriptor"), "/FontName")):
            if holder is None or key not in holder:
                continue
            if holder is not font and holder.is_indirect:
                if holder.objgen in seen:  # a descriptor reached twice is renamed once
                    continue
                seen.add(holder.objgen)
            name = str(holder[key])[1:]
            tag, plus, rest = name.partition("+")
            if plus and len(tag) == 6:
                digest = hashlib.sha256(f"{part}:{tag}".encode()).digest()
                new = "".join(chr(65 + b % 26) for b in digest[:6])
                holder[key] = pikepdf.Name(f"/{new}+{rest}")
