"""A work-around for pydyf's slowest zlib level, the PDF writer under WeasyPrint.

pydyf compresses every stream of the PDF (page contents, fonts, the object streams) with
`zlib.compressobj(level=9)`: 0.94 s of CPU for the first part of the county report, against
0.21 s at zlib's own default, level 6. Most of those bytes never reach the report: the
structure repair and the join (pikepdf) write the page streams anew. The report is 47 bytes
larger for the demo (309,489 against 309,442) and 85 for the county (2,533,398 against
2,533,313; docs/performance.md). While WeasyPrint writes, pydyf's `zlib` is one that
compresses at level 6, which keeps the same bytes on every run. Upstream: pydyf
(CourtBouillon/pydyf) has no option for the level; remove this once it has one.
"""

from __future__ import annotations

import contextlib
import zlib

from .patched import replaced

LEVEL = 6  # zlib's default: nearly level 9's size for a fraction of its time


class _Zlib:
    """zlib as pydyf uses it, at LEVEL whatever level pydyf asks for."""

    def __getattr__(self, name):
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = LEVEL, *args, **kwargs):
        return zlib.compressobj(LEVEL, *args, **kwargs)

    @staticmethod
    def compress(data, /, level: int = LEVEL, wbits: int = zlib.MAX_WBITS):
        return zlib.compress(data, LEVEL, wbits)


@contextlib.contextmanager
def default_level():
    """While active, pydyf compresses at zlib's default level instead of level 9."""
    import pydyf  # noqa: PLC0415 - only when a PDF is written

    with replaced(pydyf, "zlib", _Zlib()):
        yield
