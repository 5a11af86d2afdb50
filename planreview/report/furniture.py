"""Mark page headers and footers as artifacts in WeasyPrint's tagged PDFs.

WeasyPrint 70 tags the text of page margin boxes (running header, "Seite n von m") as marked
content with an MCID, but leaves its structure elements outside the structure tree (see
weasyprint/pdf/tags.py, "could be included in tree as Artifact, but that's only allowed in PDF
2.0"). PDF/UA-1 wants such content marked as /Artifact instead; this rewrites exactly those
sequences and nothing else.

Parsing and unparsing every content stream took most of the time (5 s on 400 pages), so the
operators are replaced in the content bytes by a regular expression; a page whose bytes do not
look exactly as expected is parsed as before.
"""

from __future__ import annotations

import io
import logging
import re

import pikepdf

log = logging.getLogger(__name__)

# WeasyPrint (pydyf) writes "/Span\n<</MCID 7>>\nBDC"; any tag and whitespace is accepted. The
# number is read whole and compared as an int, so MCID 1 can never match "MCID 12". The
# "whitespace before" checks come after the first character: a literal start is 5x faster.
# The repair pass may have added an /ActualText (a hex string) after the MCID; it is kept.
_MARKED_CONTENT = re.compile(
    rb"/(?<!\S/)[^\s/<>\[\]()%{}]+\s*<<\s*/MCID\s+(\d+)\s*(/ActualText\s*<[0-9a-fA-F]*>)?\s*>>"
    rb"\s*BDC(?!\S)"
)
_INLINE_IMAGE = re.compile(rb"BI(?!\S)(?<!\SBI)")
ARTIFACT = b"/Artifact\nBMC"


def reachable_elements(root) -> set[tuple[int, int]]:
    """Object ids of every structure element reachable from the StructTreeRoot."""
    found, stack = set(), [root.get("/K")]
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Array):
            stack.extend(item)
        elif isinstance(item, pikepdf.Dictionary) and "/S" in item:
            if item.is_indirect:
                found.add(item.objgen)
            stack.append(item.get("/K"))
    return found


def parent_tree(root) -> dict[int, pikepdf.Array]:
    """StructParents key -> array of structure elements indexed by MCID (flat or with Kids)."""
    return _tree_entries(root.ParentTree, "/Nums", int)


def name_tree(tree) -> dict[bytes, object]:
    """A name tree's entries (flat or with Kids) by the key's bytes as written: WeasyPrint
    writes a non-ASCII id in UTF-16, and a link's /Dest in the same bytes."""
    return _tree_entries(tree, "/Names", bytes)


def _tree_entries(tree, entries: str, key) -> dict:
    """A number tree's (/Nums) or name tree's (/Names) key-value pairs, its /Kids walked."""
    found: dict = {}
    stack = [tree] if tree is not None else []
    while stack:
        node = stack.pop()
        pairs = node.get(entries, [])
        for i in range(0, len(pairs), 2):
            found[key(pairs[i])] = pairs[i + 1]
        stack.extend(node.get("/Kids", []))
    return found


def mark_furniture(pdf_bytes: bytes) -> bytes:
    """The same PDF with untreed marked content (page furniture) turned into /Artifact."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        if not mark_furniture_in(pdf):
            return pdf_bytes
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def mark_furniture_in(pdf: pikepdf.Pdf, in_tree: set[tuple[int, int]] | None = None) -> bool:
    """Turn marked content whose element is outside the structure tree into /Artifact, in
    the open PDF; True when anything changed. `in_tree`: the elements' object ids, if known."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/ParentTree" not in root:
        return False  # untagged variant: nothing to mark
    if in_tree is None:
        in_tree = reachable_elements(root)
    parents = parent_tree(root)
    changed = False
    for number, page in enumerate(pdf.pages, start=1):
        elements = parents.get(int(page.get("/StructParents", -1)))
        if elements is None:
            continue
        orphans = {
            mcid
            for mcid, element in enumerate(elements)
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in in_tree
        }
        if not orphans:
            continue
        contents = page.get("/Contents")
        data = contents.read_bytes() if isinstance(contents, pikepdf.Stream) else None
        rewritten = artifact_bytes(data, orphans) if data is not None else None
        if rewritten is None:
            log.debug("page %d: content not as expected, parsing it", number)
            changed |= _mark_parsed(pdf, page, elements, orphans)
            continue
        page.Contents = pdf.make_stream(rewritten)
        for mcid in orphans:
            elements[mcid] = None  # no element owns this content any more
        changed = True
    return changed


def artifact_bytes(data: bytes, orphans: set[int]) -> bytes | None:
    """Content bytes with the BDC of every orphan MCID replaced by /Artifact BMC, all other
    bytes unchanged; None when that cannot be done safely (the caller parses the page)."""
    # Literal strings, comments and inline images may hold any bytes, so a match there need not
    # be an operator. WeasyPrint writes none of them (its text is hex strings).
    if b"(" in data or b"%" in data or _INLINE_IMAGE.search(data):
        return None
    found: list[int] = []

    def replace(match: re.Match) -> bytes:
        mcid = int(match[1])
        if mcid not in orphans:
            return match[0]
        found.append(mcid)
        if match[2]:
            return b"/Artifact\n<<" + match[2] + b">>\nBDC"
        return ARTIFACT

    result, count = _MARKED_CONTENT.subn(replace, data)
    # Every "/MCID" must be one the pattern understood, and every orphan must occur exactly once:
    # otherwise some furniture could stay neither in the tree nor an artifact.
    if count != data.count(b"/MCID") or len(found) != len(orphans) or set(found) != orphans:
        return None
    return result


def _mark_parsed(pdf, page, elements, orphans: set[int]) -> bool:
    """The slow, general way: parse the page's operators and write them again."""
    operations, rewritten = [], False
    for operands, operator in pikepdf.parse_content_stream(page):
        mcid = mcid_of(operands) if str(operator) == "BDC" else None
        if mcid in orphans:
            actual = operands[1].get("/ActualText")
            if actual is not None:
                properties = pikepdf.Dictionary(ActualText=actual)
                operations.append(([pikepdf.Name.Artifact, properties], pikepdf.Operator("BDC")))
            else:
                operations.append(([pikepdf.Name.Artifact], pikepdf.Operator("BMC")))
            elements[mcid] = None  # no element owns this content any more
            rewritten = True
            continue
        operations.append((operands, operator))
    if rewritten:
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))
    return rewritten


def mcid_of(operands) -> int | None:
    if len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
        value = operands[1].get("/MCID")
        return int(value) if value is not None else None
    return None
