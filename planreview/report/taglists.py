"""Rules of the structure-tree repair (tagtree.py) for lists: which part of an item is its
label (Lbl), which its body (LBody)."""

from __future__ import annotations


def item_label(item) -> None:
    """A list item without a marker whose text starts with an element of class "id" or
    "label" (a measure's number, "Am deutlichsten dem Ziel näher:"): that is its Lbl."""
    kinds = [getattr(k, "role", None) for k in item.kids]
    if "Lbl" in kinds or kinds[:1] != ["LBody"]:
        return
    body = item.kids[0]
    first = next((k for k in body.kids if hasattr(k, "role")), None)
    if first is None or body.kids[0] is not first or first.html is None:
        return
    if {"id", "label"} & set(first.html.classes):
        first.role = "Lbl"
        body.kids.remove(first)
        item.kids.insert(0, first)


def term_list(dl, node_type, tree) -> None:
    """dt/dd pairs, which WeasyPrint tags as one list item each: one LI per term, the term
    its Lbl and the descriptions its LBody."""
    items, current = [], None
    for item in dl.kids:
        body = item.kids[0] if isinstance(item, node_type) and len(item.kids) == 1 else None
        tag = item.html.tag if isinstance(item, node_type) and item.html else ""
        if tag == "dt" and getattr(body, "role", None) == "LBody":
            body.role = "Lbl"
            current = item
            items.append(item)
        elif tag == "dd" and current is not None and getattr(body, "role", None) == "LBody":
            bodies = [k for k in current.kids if k.role == "LBody"]
            if bodies:
                bodies[0].kids.extend(body.kids)
            else:
                current.kids.append(body)
        else:
            items.append(item)
    dl.kids = items
