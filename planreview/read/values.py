"""Cell values as the clerk meant them: IDs as text, years from dates, text from numbers."""

from __future__ import annotations

import datetime as dt
import functools
import re

_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_ID_PARTS = re.compile(r"\d+|\D+")
# Words that mean "no planned end" rather than an unreadable date.
OPEN_ENDED = {
    "fortlaufend",
    "laufend",
    "dauerhaft",
    "daueraufgabe",
    "unbefristet",
    "offen",
    "-",
    "–",
    "—",
    "k.a.",
    "n.n.",
}
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value) -> str:
    """Any cell as display text: 3.0 -> "3", dates as 31.12.2020."""
    if isinstance(value, str):  # the usual case first
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d.%m.%Y")
    return str(value)


def year_of(value) -> int | None:
    """The year a date-like cell names: a real date, "31.12.2020", "2020", "Ende 2021",
    or an Excel serial date stored as a number. None if none can be read."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.year
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if 1900 <= value <= 2100 and float(value).is_integer():
            return int(value)
        if 20_000 <= value <= 80_000:  # Excel serial date (1954..2118)
            return (EXCEL_EPOCH + dt.timedelta(days=float(value))).year
        return None
    years = set(_YEAR.findall(str(value)))
    return int(years.pop()) if len(years) == 1 else None


def is_open_ended(value) -> bool:
    return isinstance(value, str) and value.strip().casefold() in OPEN_ENDED


@functools.lru_cache(maxsize=1 << 16)  # sorting asks for the same IDs again and again
def natural_key(measure_id: str) -> tuple:
    """Sort "1.2" before "1.10" and "2" before "10"."""
    return tuple(
        (0, int(part), "") if part.isdecimal() else (1, 0, part)  # "²".isdigit() too
        for part in _ID_PARTS.findall(measure_id)
    )


def column_letter(number: int) -> str:
    """Excel's name of the 1-based column `number`: 1 -> A, 27 -> AA, 16384 -> XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
