"""Numbers as the clerk wrote them: German or English notation, gaps ("k. A.", "-"), per cent;
and German notation for the JSON's texts."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal

# Cells that mean "no value for this year": a gap, never a zero.
GAP_WORDS = {"k.a.", "ka", "n.v.", "nv", "n.a.", "na", "-", "–", "—", ".", "..", "...", "…", "x"}
_NUMBER = re.compile(r"([+-]?)(\d[\d.,]*|[.,]\d+)")
_DROP = str.maketrans("", "", " \u00a0\u202f\u2009")


@dataclass(frozen=True)
class Number:
    value: float | None  # None: no value (a gap)
    decimals: int = 0  # decimal places as written
    percent: bool = False  # written with a % sign


def parse_number(cell) -> Number | None:
    """A cell as a number, in German or English notation; None if it is not one.

    "1.234,5", "1234,5", "12,5 %", "1234.5", "1,234.5" and real numbers are read; blank cells
    and "k. A.", "-", "…" are gaps. With a single separator, a comma is the decimal mark and a
    dot followed by exactly three digits separates thousands ("1.234" is 1234, "1.5" is 1.5).
    """
    if cell is None:
        return Number(None)
    if isinstance(cell, (bool, dt.date, dt.datetime)):
        return None
    if isinstance(cell, (int, float)):
        if not math.isfinite(cell):
            return None
        return Number(float(cell), _decimals(cell))
    text = str(cell).strip()
    if not text or text.casefold().replace(" ", "") in GAP_WORDS:
        return Number(None)
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    text = text.translate(_DROP).replace("\u2212", "-")
    match = _NUMBER.fullmatch(text)
    if not match:
        return None
    sign, digits = match.groups()
    parts = _split(digits)
    if parts is None:
        return None
    whole, fraction = parts
    value = float(f"{sign}{whole or '0'}.{fraction or '0'}")
    return Number(value, len(fraction), percent)


def _split(digits: str) -> tuple[str, str] | None:
    """(whole digits, fraction digits) of "1.234,5" etc., None if the grouping is wrong."""
    if "." in digits and "," in digits:
        decimal = "." if digits.rfind(".") > digits.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        whole, _, fraction = digits.partition(decimal)
        if decimal in fraction or thousands in fraction or not _grouped(whole, thousands):
            return None
        return whole.replace(thousands, ""), fraction
    separator = "," if "," in digits else "." if "." in digits else ""
    if not separator:
        return digits, ""
    pieces = digits.split(separator)
    if len(pieces) > 2:
        return (digits.replace(separator, ""), "") if _grouped(digits, separator) else None
    whole, fraction = pieces
    if separator == "." and len(fraction) == 3 and _grouped(digits, "."):
        return whole + fraction, ""  # "1.234": German thousands
    return (whole, fraction) if fraction else None


def _grouped(digits: str, separator: str) -> bool:
    pieces = digits.split(separator)
    head, rest = pieces[0], pieces[1:]
    return (
        head.isdigit()
        and 1 <= len(head) <= 3
        and (not rest or head != "0")
        and all(len(p) == 3 and p.isdigit() for p in rest)
    )


def _decimals(value: float | int) -> int:
    if isinstance(value, int) or float(value).is_integer():
        return 0
    exponent = Decimal(repr(float(value))).as_tuple().exponent
    return min(-exponent, 6) if isinstance(exponent, int) and exponent < 0 else 0


def format_number(
    value: float | None, decimals: int = 0, sign: bool = False, language: str = "de"
) -> str:
    """German notation: 1234.5 -> "1.234,5" (English: "1,234.5"); None -> "–"; `sign` adds
    "+" to positives."""
    if value is None:
        return "–"
    text = f"{value:{'+' if sign else ''},.{decimals}f}"
    if language == "de":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text.replace("-", "−") if text.startswith("-") else text
