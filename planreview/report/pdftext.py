"""The text of each marked content sequence, decoded from a page's content stream.

`verify` and the tests read a PDF as a screen reader would: which text belongs to which MCID.
The fonts are decoded through their /ToUnicode maps (WeasyPrint writes Type0 fonts with
two-byte codes and a bfchar map); this parses content streams, so it is for checking, not for
the build (the repair pass gets its texts from the renderer, see tagtree.py).
"""

from __future__ import annotations

import re

import pikepdf

_HEX_PAIR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
_RANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
SHOW_TEXT = {"Tj", "TJ", "'", '"'}


def to_unicode(font) -> tuple[dict[int, str], int]:
    """code -> text of one font, and the code width in bytes (2 for Type0, else 1)."""
    width = 2 if font.get("/Subtype") == "/Type0" else 1
    mapping: dict[int, str] = {}
    stream = font.get("/ToUnicode")
    if not isinstance(stream, pikepdf.Stream):
        return mapping, width
    data = stream.read_bytes()
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, start in _RANGE.findall(block):
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in _HEX_PAIR.findall(block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
    return mapping, width


def _decode(data: bytes, font: tuple[dict[int, str], int]) -> str:
    mapping, width = font
    codes = (int.from_bytes(data[i : i + width], "big") for i in range(0, len(data), width))
    return "".join(mapping.get(code, "\ufffd") for code in codes)


def marked_texts(page: pikepdf.Page) -> dict[int, str]:
    """MCID -> the text shown inside that marked content on this page (nested content counts
    for the innermost MCID); text outside any MCID (artifacts) is left out."""
    fonts_of_page = page.obj.get("/Resources", {}).get("/Font", {})
    fonts: dict[str, tuple[dict[int, str], int]] = {}
    current = ({}, 1)
    stack: list[int | None] = []
    texts: dict[int, str] = {}
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "BDC":
            properties = operands[1] if len(operands) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
            stack.append(int(mcid) if mcid is not None else None)
        elif op == "BMC":
            stack.append(None)
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op == "Tf":
            name = str(operands[0])
            if name not in fonts and name in fonts_of_page:
                fonts[name] = to_unicode(fonts_of_page[name])
            current = fonts.get(name, ({}, 1))
        elif op in SHOW_TEXT and stack and stack[-1] is not None:
            pieces = operands[-1] if op == "TJ" else [operands[-1]]
            text = "".join(
                _decode(bytes(p), current) for p in pieces if isinstance(p, pikepdf.String)
            )
            texts[stack[-1]] = texts.get(stack[-1], "") + text
    return texts


def actual_texts(page: pikepdf.Page) -> dict[int, str]:
    """MCID -> /ActualText given in the marked content's property list on this page."""
    found = {}
    for operands, _ in pikepdf.parse_content_stream(page, "BDC"):
        properties = operands[1] if len(operands) > 1 else None
        if not isinstance(properties, pikepdf.Dictionary) or "/MCID" not in properties:
            continue  # an artifact's /ActualText: no element reads it
        if "/ActualText" in properties:
            found[int(properties.MCID)] = str(properties.ActualText)
    return found
