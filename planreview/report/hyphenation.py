"""The hyphenation patterns of a report set in parts, read once and handed to each part.

WeasyPrint hyphenates running text with pyphen, which parses a language's pattern file the
first time a process needs it: 1.0 s for German (66,441 patterns), in the build's process (its
front, or the whole report) and again in each part's process, where it delays the part's
layout. They are read once and the parsed dictionaries sent (unpickled in 0.05 s); a process
puts them into pyphen's own cache (`pyphen.hdcache`, one HyphDict per pattern file), where
`pyphen.Pyphen` looks first. Who reads them: the first part's process when the command line
started it ahead (workers.Ahead.prepare: told the report's language before the HTML is
written, it reads them while it would wait anyway, and sends them to the build); else the
build, while the parts import WeasyPrint and parse their HTML. The patterns are pyphen's,
so every line breaks as before (tests/test_parts.py compares each page's text with the
report set whole).
Upstream: pyphen (Kozea/Pyphen); nothing to remove while WeasyPrint keeps using its cache.
"""

from __future__ import annotations

import re

_LANG = re.compile(r"<html\b[^>]*\blang=\"([^\"]+)\"")

Dictionaries = dict  # pyphen's cache: pattern file (Path) -> pyphen.HyphDict


def read(html: str) -> Dictionaries:
    """The patterns of the document's language (its <html lang>), parsed by pyphen; {} for
    no language or one pyphen has no patterns for (a part then reads what it needs itself)."""
    return patterns_of(language_of(html))


def language_of(html: str) -> str | None:
    found = _LANG.search(html[:4096])
    return found.group(1) if found else None


def patterns_of(language: str | None) -> Dictionaries:
    """The patterns of a language, parsed by pyphen, to send to another process."""
    import pyphen  # noqa: PLC0415 - only when a report is set in parts

    language = pyphen.language_fallback(language) if language else None
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
