"""pydyf's streams compressed at zlib's default level, not at its slow level 9."""

from __future__ import annotations

import zlib

import pikepdf
import pydyf

from planreview.report import compression
from planreview.report.typeset import typeset

# enough varied text that levels 6 and 9 write different bytes for its page
_ROWS = "".join(
    f"<tr><td>{n}</td><td>Maßnahme {n * 7919 % 1000} im Handlungsfeld {n % 9}</td></tr>"
    for n in range(300)
)
_PAGE = f'<html lang="de"><head><title>T</title></head><body><table>{_ROWS}</table></body></html>'


def test_pydyf_compresses_at_level_6_while_active_and_at_its_own_after():
    data = b"".join(b"Zeile %d: Sprache und Bildung\n" % (n * 31 % 977) for n in range(5000))
    assert zlib.compress(data, 6) != zlib.compress(data, 9)  # the check below can tell them
    with compression.default_level():
        inside = _compressed(pydyf.Stream([data], compress=True).data)  # written while active
    after = _compressed(pydyf.Stream([data], compress=True).data)
    assert inside == zlib.compress(data, 6)
    assert after == zlib.compress(data, 9)
    assert pydyf.zlib is zlib


def _compressed(written: bytes) -> bytes:
    """The bytes between `stream` and `endstream` of a written stream object."""
    return written.split(b"\nstream\n", 1)[1].rsplit(b"\nendstream", 1)[0]


def test_the_report_pages_are_compressed_at_level_6(tmp_path):
    made = typeset(_PAGE, "pdf/ua-1")
    path = tmp_path / "t.pdf"
    path.write_bytes(made.pdf)
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0].obj["/Contents"]
        raw = page.read_raw_bytes()
        content = page.read_bytes()
    assert zlib.compress(content, 9) != zlib.compress(content, 6)
    assert raw == zlib.compress(content, 6)
