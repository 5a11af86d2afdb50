"""One attribute of another library swapped for the length of a with-block: the
work-arounds for pydyf, tinycss2 and WeasyPrint (page_references.py, compression.py,
css_strings.py, typeset._numbered) each put their own function or module in its place."""

from __future__ import annotations

import contextlib


@contextlib.contextmanager
def replaced(owner, name: str, value):
    """`owner.name` is `value` inside the block and what it was after, however it ends."""
    original = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, original)
