"""Which characters the bundled report fonts can draw, read from their cmap tables (on first
use). A character none of them has would print as an empty box, or in whatever font the
machine happens to have: the report shows a visible placeholder instead, and the reading
stage warns, naming the cell."""

from __future__ import annotations

import functools
import struct

from .resources import package_path

FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
PLACEHOLDER = "\ufffd"  # �, drawn by DejaVu Sans
# Never drawn, never missing: line breaks, spaces and the invisible format characters
# (joiners, direction marks) that shaping uses.
_INVISIBLE = frozenset("\n\r\t\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")


@functools.cache
def covered() -> frozenset[str]:
    """The characters every bundled font draws (regular and bold alike)."""
    sets = [_cmap(package_path("templates", "fonts", name).read_bytes()) for name in FONTS]
    return frozenset(map(chr, frozenset.intersection(*sets))) | _INVISIBLE


def missing(text: str) -> list[str]:
    """The characters of `text` the bundled fonts cannot draw, in order, once each."""
    have = covered()
    if text.isascii() or have.issuperset(text):  # the common case, in C
        return []
    return list(dict.fromkeys(c for c in text if c not in have))


def drawable(value):
    """Jinja's finalize: every text put into the report, with a placeholder for each
    character no bundled font has (markup stays markup)."""
    if not isinstance(value, str) or value.isascii():
        return value
    have = covered()
    if have.issuperset(value):
        return value
    text = "".join(c if c in have else PLACEHOLDER for c in value)
    return type(value)(text) if hasattr(value, "__html__") else text  # Markup: still safe


def _cmap(font: bytes) -> frozenset[int]:
    """The code points of a TrueType font's Unicode cmap (formats 4 and 12)."""
    tables = struct.unpack_from(">H", font, 4)[0]
    offset = None
    for n in range(tables):
        tag, _, start, _ = struct.unpack_from(">4sIII", font, 12 + 16 * n)
        if tag == b"cmap":
            offset = start
    if offset is None:
        return frozenset()
    found: set[int] = set()
    count = struct.unpack_from(">H", font, offset + 2)[0]
    for n in range(count):
        platform, encoding, sub = struct.unpack_from(">HHI", font, offset + 4 + 8 * n)
        if (platform, encoding) not in ((3, 1), (3, 10), (0, 3), (0, 4)):
            continue
        at = offset + sub
        kind = struct.unpack_from(">H", font, at)[0]
        if kind == 4:
            segments = struct.unpack_from(">H", font, at + 6)[0] // 2
            ends = struct.unpack_from(f">{segments}H", font, at + 14)
            starts = struct.unpack_from(f">{segments}H", font, at + 16 + 2 * segments)
            deltas = struct.unpack_from(f">{segments}h", font, at + 16 + 4 * segments)
            ranges_at = at + 16 + 6 * segments
            offsets = struct.unpack_from(f">{segments}H", font, ranges_at)
            for i, (first, last) in enumerate(zip(starts, ends, strict=True)):
                for code in range(first, last + 1):
                    if code == 0xFFFF:
                        continue
                    if offsets[i] == 0:
                        glyph = (code + deltas[i]) & 0xFFFF
                    else:
                        where = ranges_at + 2 * i + offsets[i] + 2 * (code - first)
                        glyph = struct.unpack_from(">H", font, where)[0]
                        glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
                    if glyph:
                        found.add(code)
        elif kind == 12:
            groups = struct.unpack_from(">I", font, at + 12)[0]
            for g in range(groups):
                first, last, _ = struct.unpack_from(">III", font, at + 16 + 12 * g)
                found.update(range(first, last + 1))
    return frozenset(found)
