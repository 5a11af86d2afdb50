"""What the console shows: no control characters from the inputs, file errors in German."""

from __future__ import annotations

import errno
import re
import sys
from pathlib import Path

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


def os_message(exc: OSError) -> str:
    """A failed file operation in German, naming the file (not a temporary one of ours)."""
    name = exc.filename or ""
    texts = {
        PermissionError: f"Keine Berechtigung für {name}.",
        IsADirectoryError: f"{name} ist ein Ordner, keine Datei.",
        NotADirectoryError: f"Ein Teil von {name} ist eine Datei, kein Ordner.",
        FileNotFoundError: f"{name} gibt es nicht.",
        FileExistsError: f"{name} gibt es schon (als Datei).",
    }
    by_number = {
        errno.EROFS: f"{name}: Das Laufwerk ist schreibgeschützt. Bitte mit --out einen "
        "anderen Ordner angeben.",
        errno.ENOSPC: f"Kein Platz mehr auf dem Laufwerk für {name}.",
        errno.EACCES: f"Keine Berechtigung für {name}.",
        errno.ENAMETOOLONG: f"Der Name {name} ist zu lang.",
    }
    if exc.errno in by_number:
        return by_number[exc.errno]
    return texts.get(type(exc), f"{exc.strerror or exc} ({name})")
