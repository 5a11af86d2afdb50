"""CSV files as the clerk's spreadsheet saved them: the encoding (UTF-8 or Windows), the
separator (the one that yields the header row), Excel's `sep=` line."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ..problems import Said
from . import sheets
from .columns import REQUIRED, column_key

SEPARATORS = (";", ",", "\t", "|")
_SEP_LINE = re.compile(r"^\ufeff?\"?sep=(.)\"?\r?\n", re.IGNORECASE)
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
HEADER_LINES = 20  # as many as tables.py searches for the header row


def read_csv(path: Path) -> list[list]:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise sheets.Unreadable(Said("csv_not_text"))
    text = _decode(raw)
    hinted = _SEP_LINE.match(text)
    if hinted:  # Excel writes "sep=," as the first line when asked to: it names the separator
        text, delimiter = text[hinted.end() :], hinted.group(1)
    else:
        delimiter = _separator(text)
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append([sheets._clean(v) for v in row])
            if len(rows) > sheets.MAX_ROWS:
                break
    except csv.Error as exc:  # e.g. an unterminated quote swallowing the rest of the file
        raise sheets.Unreadable(Said("csv_broken", reason=str(exc))) from exc
    width = max((len(r) for r in rows), default=0)
    return [r + [None] * (width - len(r)) for r in rows]


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; a UTF-8 file with a stray Windows byte
    is refused naming its line, rather than read as Windows throughout („ZurÃ¼ckgestellt“)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if _UTF8_SEQUENCE.search(raw):
            line = raw[: exc.start].count(b"\n") + 1
            raise sheets.Unreadable(
                Said("csv_stray_byte", line=line, byte=f"0x{raw[exc.start]:02X}")
            ) from None
        return raw.decode("cp1252", errors="replace")


def _separator(text: str) -> str:
    """The separator whose split of the first lines has a header row with the required
    columns; else the one most used in them."""
    head = text[:20_000]
    lines = head.splitlines()[:HEADER_LINES]
    for delimiter in SEPARATORS:
        try:
            for row in csv.reader(lines, delimiter=delimiter):
                keys = {column_key(v) for v in row if v.strip()}
                if set(REQUIRED) <= keys:
                    return delimiter
        except csv.Error:
            continue
    return max(SEPARATORS, key=head.count) if any(s in head for s in SEPARATORS) else ";"
