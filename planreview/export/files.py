"""Writing a run's outputs all together: every file to a temporary beside it first, then all
moved into place at once, so a failure or Ctrl+C leaves all old files or all new ones."""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from ..problems import InputError, Problem, Said, error


def write_together(outputs: dict[Path, bytes]) -> None:
    """Write every output; on any failure no output is changed and no temporary is left."""
    temporaries: dict[Path, str] = {}
    try:
        for path, data in outputs.items():
            temporaries[path] = _temporary(path, data)
        with _interrupts_deferred():  # the renames are quick: do not stop half-way
            for path, temporary in temporaries.items():
                os.replace(temporary, path)
    finally:
        for temporary in temporaries.values():
            Path(temporary).unlink(missing_ok=True)


def _temporary(path: Path, data: bytes) -> str:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:  # name the output, not our temporary file
        raise type(exc)(exc.errno, exc.strerror, str(path)) from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp's 0600 would hide the report from others
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


@contextlib.contextmanager
def _interrupts_deferred():
    """Ctrl+C while the files are moved takes effect after the last one is in place."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received = []
    previous = signal.signal(signal.SIGINT, lambda *_: received.append(True))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt


KINDS = ("pdf", "json", "xlsx", "html")  # said as Said("output_<kind>")


class OutputConflict(InputError):
    """An output would replace an input, the configuration or another output: a usage error."""


def output_conflicts(
    outputs: dict[str, Path | None], inputs: Iterable[Path], config: Path | None
) -> list[Problem]:
    """Outputs (kind -> path) that are an input file, the configuration, or the same file as
    another output of this run; checked before any work is done."""
    protected = {_identity(p): ("output_is_input", p) for p in inputs}
    if config is not None:
        protected[_identity(config)] = ("output_is_config", config)
    problems, seen = [], {}
    for kind, path in outputs.items():
        if path is None:
            continue
        key = _identity(path)
        if key in protected:
            what, original = protected[key]
            same = str(original) != str(path)
            said = Said(
                f"{what}_named" if same else what,
                kind=Said(f"output_{kind}"),
                path=str(path),
                original=str(original) if same else "",
            )
            problems.append(error(said, file=str(path)))
        elif key in seen:
            other, first = seen[key]
            problems.append(
                error(
                    Said(
                        "outputs_same_file",
                        other=Said(f"output_{other}"),
                        first=str(first),
                        kind=Said(f"output_{kind}"),
                        path=str(path),
                    ),
                    file=str(path),
                )
            )
        else:
            seen[key] = (kind, path)
    return problems


def _identity(path: Path) -> tuple:
    """The same file however it is named: a link, `./`, `..`, or a hard link."""
    try:
        status = path.stat()
        return ("inode", status.st_dev, status.st_ino)
    except OSError:
        return ("path", os.path.normcase(str(path.resolve())))
