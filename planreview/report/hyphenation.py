"""The hyphenation patterns of a report set in parts, read once and handed to each part.

WeasyPrint hyphenates running text with pyphen, which parses a language's pattern file the
first time a process needs it: 1.0 s for German (66,441 patterns), in the build's process (its
front) and again in each part's process, where it delays the part's layout. The build reads
them once, while the parts import WeasyPrint and parse their HTML, and sends the parsed
dictionaries; a part puts them into pyphen's own cache (`pyphen.hdcache`, one HyphDict per
pattern file), where `pyphen.Pyphen` looks first. The patterns are pyphen's, so every line
breaks as before (tests/test_parts.py compares each page's text with the report set whole).
Upstream: pyphen (Kozea/Pyphen); nothing to remove while WeasyPrint keeps using its cache.
"""

from __future__ import annotations

import re

_LANG = re.compile(r"<html\b[^>]*\blang=\"([^\"]+)\"")

Dictionaries = dict  # pyphen's cache: pattern file (Path) -> pyphen.HyphDict


def read(html: str) -> Dictionaries:
    """The patterns of the document's language (its <html lang>), parsed by pyphen; {} for
    no language or one pyphen has no patterns for (a part then reads what it needs itself)."""
    import pyphen  # noqa: PLC0415 - only when a report is set in parts

    found = _LANG.search(html[:4096])
    language = pyphen.language_fallback(found.group(1)) if found else None
    if language is None:
        return {}
    pyphen.Pyphen(lang=language)  # parses the file into pyphen.hdcache, once per process
    path = pyphen.LANGUAGES[language]
    parsed = pyphen.hdcache[path]
    sent = object.__new__(type(parsed))  # the patterns without the words already looked up
    sent.__dict__.update(parsed.__dict__, cache={})
    return {path: sent}


def install(dictionaries: Dictionaries) -> None:
    """Patterns read by another process, where pyphen looks for them before reading a file."""
    import pyphen  # noqa: PLC0415

    for path, patterns in dictionaries.items():
        pyphen.hdcache.setdefault(path, patterns)
