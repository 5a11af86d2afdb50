"""What the console shows: no control characters from the inputs, file errors in words."""

from __future__ import annotations

import errno
import re
import sys
from pathlib import Path

from .problems import Said

# What a terminal acts on instead of showing: C0 controls but tab and newline, DEL, C1
# controls, and the bidi embeddings, overrides and isolates (they reorder a line on screen).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def program() -> int:
    """The console script `planreview` and review.py: nothing runs in this process after
    cli.main(), so `build` may leave its layout garbage to the end of the process
    (build.build). Callers that go on (tests, other programs) call cli.main() itself."""
    from .cli import main  # noqa: PLC0415 - cli imports this module

    return main(ends_process=True)


def command() -> str:
    """How the user started us, for messages that say what to run next: the installed
    `planreview`, or `python review.py` from a checkout."""
    return "planreview" if Path(sys.argv[0]).name == "planreview" else "python review.py"


class EscapingStream:
    """Every line printed shows control characters from file names and cells as <U+001B>,
    so a spreadsheet cannot move the cursor, recolour or reorder the console."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(_UNPRINTABLE.sub(lambda m: f"<U+{ord(m[0]):04X}>", text))

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name):
        return getattr(self.stream, name)


def os_message(exc: OSError) -> Said:
    """A failed file operation said to the clerk, naming the file (not a temporary one of
    ours)."""
    name = exc.filename or ""
    by_type = {
        PermissionError: "os_permission",
        IsADirectoryError: "os_is_a_folder",
        NotADirectoryError: "os_not_a_folder",
        FileNotFoundError: "os_not_found",
        FileExistsError: "os_exists",
    }
    by_number = {
        errno.EROFS: "os_read_only",
        errno.ENOSPC: "os_no_space",
        errno.EACCES: "os_permission",
        errno.ENAMETOOLONG: "os_name_too_long",
    }
    key = by_number.get(exc.errno) or by_type.get(type(exc))
    if key is None:
        return Said("os_other", reason=str(exc.strerror or exc), name=name)
    return Said(key, name=name)
