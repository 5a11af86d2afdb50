"""A work-around for a slow loop in tinycss2, the CSS parser under WeasyPrint.

tinycss2 reads a quoted string (`"…"` in CSS) one character at a time in Python. The
report's stylesheet embeds its two fonts as data: URIs in quotes, about a million characters
(report.css), so every WeasyPrint run of the build spent 0.5 s of CPU on them: the front
counted, the front set and each part. While active, a string whose first quote, backslash or
newline is its closing quote (every string of ours) is taken in one slice; any other string
is read by tinycss2's own loop, so every token is the same. Upstream: tinycss2
(Kozea/tinycss2), tokenizer.py `_consume_quoted_string`; remove this once it finds the end
of a string with a regular expression itself.
"""

from __future__ import annotations

import contextlib
import re

from .patched import replaced

# what ends the plain run of a string: its quote, an escape or a (bad) newline
_ENDS = {'"': re.compile(r'["\\\n]'), "'": re.compile(r"['\\\n]")}


@contextlib.contextmanager
def strings_sliced():
    """While active, tinycss2 takes a plain quoted string in one slice."""
    from tinycss2 import tokenizer  # noqa: PLC0415 - only when a PDF is written

    original = tokenizer._consume_quoted_string

    def consume(css: str, pos: int):
        end = _ENDS[css[pos]].search(css, pos + 1)
        if end is not None and css[end.start()] == css[pos]:
            return css[pos + 1 : end.start()], end.start() + 1, None
        return original(css, pos)

    with replaced(tokenizer, "_consume_quoted_string", consume):
        yield
