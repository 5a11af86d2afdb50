"""Mark page headers and footers as artifacts in WeasyPrint's tagged PDFs.

WeasyPrint 70 tags the text of page margin boxes (running header, "Seite n von m") as marked
content with an MCID, but leaves its structure elements outside the structure tree (see
weasyprint/pdf/tags.py, "could be included in tree as Artifact, but that's only allowed in PDF
2.0"). PDF/UA-1 wants such content marked as /Artifact instead; this rewrites exactly those
sequences and nothing else.
"""

from __future__ import annotations

import io

import pikepdf


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
    result, stack = {}, [root.ParentTree]
    while stack:
        node = stack.pop()
        nums = node.get("/Nums", [])
        for index in range(0, len(nums), 2):
            result[int(nums[index])] = nums[index + 1]
        stack.extend(node.get("/Kids", []))
    return result


def mark_furniture(pdf_bytes: bytes) -> bytes:
    """The same PDF with untreed marked content (page furniture) turned into /Artifact."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None or "/ParentTree" not in root:
            return pdf_bytes  # untagged variant: nothing to mark
        in_tree = reachable_elements(root)
        parents = parent_tree(root)
        changed = False
        for page in pdf.pages:
            elements = parents.get(int(page.get("/StructParents", -1)))
            if elements is None:
                continue
            operations, rewritten = [], False
            for operands, operator in pikepdf.parse_content_stream(page):
                mcid = mcid_of(operands) if str(operator) == "BDC" else None
                if mcid is not None and mcid < len(elements):
                    element = elements[mcid]
                    if isinstance(element, pikepdf.Dictionary) and element.objgen not in in_tree:
                        operations.append(([pikepdf.Name.Artifact], pikepdf.Operator("BMC")))
                        elements[mcid] = None  # no element owns this content any more
                        rewritten = True
                        continue
                operations.append((operands, operator))
            if rewritten:
                page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))
                changed = True
        if not changed:
            return pdf_bytes
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def mcid_of(operands) -> int | None:
    if len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
        value = operands[1].get("/MCID")
        return int(value) if value is not None else None
    return None
