"""The processes that set the parts of a long report (parts.py, part_worker.py): started,
stopped, and started early.

A part's process spends its first second importing WeasyPrint. The command line starts two
before it analyses the inputs (`Ahead`), so that they import it on the second core while the
build analyses and writes the HTML on the first; a report set whole stops them unused. Only
the standard library here: the build imports this before anything of the report.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path

PARTS = 2
# Ctrl+C is ignored until the part's code runs (a process started ahead is stopped by the
# build; one interrupted while Python imports would print a traceback on the terminal)
_LAUNCH = (
    "import signal; signal.signal(signal.SIGINT, signal.SIG_IGN); "
    "from planreview.report.part_worker import main; main()"
)


def start() -> subprocess.Popen:
    """A fresh Python for one part (part_worker.main): it imports WeasyPrint and nothing of
    the analysis. -P: never a `planreview` from the current folder; a checkout (review.py)
    is put on the path, an installed package is found where it is installed."""
    here = Path(__file__).resolve().parents[2]  # the folder holding planreview/
    env = dict(os.environ)
    if here.name not in ("site-packages", "dist-packages"):
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(here), os.environ.get("PYTHONPATH")) if p
        )
    return subprocess.Popen(
        [sys.executable, "-P", "-c", _LAUNCH],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )


def read_patterns(worker: subprocess.Popen) -> dict | None:
    """The ("patterns", dictionaries) message of a process told to prepare; None if it
    failed: the process is then killed (a message half read leaves it writing the rest)."""
    try:
        kind, patterns = pickle.load(worker.stdout)
        if kind == "patterns" and isinstance(patterns, dict):
            return patterns
    except Exception:  # noqa: BLE001 - a broken pipe, an ended process, a pickle not ours
        pass
    with contextlib.suppress(OSError):
        worker.kill()
    return None


def send(stream, message) -> None:
    """One message over a pipe, as a pickle (the parts' processes and the build alike)."""
    pickle.dump(message, stream, protocol=pickle.HIGHEST_PROTOCOL)
    stream.flush()


def stop(worker: subprocess.Popen, finished: bool) -> None:
    """Its input closed (a worker waiting for a part ends); one still at work is stopped as
    by Ctrl+C, so that it removes its files; reaped."""
    with contextlib.suppress(OSError):  # a worker that died leaves a broken pipe
        worker.stdin.close()
    if not finished and worker.poll() is None:
        worker.send_signal(signal.SIGINT)
    try:
        worker.wait(timeout=5)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    worker.stdout.close()


class Ahead:
    """Part processes started before the report's HTML exists; those not taken by the time
    the block ends are stopped. As a context manager:

        with Ahead() as ahead:
            analysis = analyse(...)
            build(analysis, ..., ahead=ahead)
    """

    def __init__(self, count: int = PARTS):
        self._workers: list[subprocess.Popen] = []
        self.prepared: str | None = None  # the language the first process reads patterns for
        try:
            for _ in range(count):
                self._workers.append(start())
        except OSError:  # no process to start: the parts start their own, or the report is whole
            self.close()

    def prepare(self, language: str) -> None:
        """The first process reads the hyphenation patterns of the report's language now,
        while the build writes the HTML, and sends them (hyphenation.py): the build's own
        layout (the front, or a short report set whole) and the second part get them from it.
        That process's first message is then ("patterns", dictionaries)."""
        if self._workers and self.prepared is None:
            with contextlib.suppress(OSError):  # a process that died: the parts see it
                send(self._workers[0].stdin, ("hyphenate", language))
                self.prepared = language

    def patterns(self) -> dict:
        """The patterns the first process read when told to prepare; {} if it was not asked
        or failed. Only for a report set whole (parts.render reads that reply itself)."""
        if self.prepared is None or not self._workers:
            return {}
        self.prepared = None
        return read_patterns(self._workers[0]) or {}

    def take(self, count: int) -> list[subprocess.Popen]:
        """Up to `count` started processes, now the taker's to stop."""
        taken, self._workers = self._workers[:count], self._workers[count:]
        return taken

    def close(self) -> None:
        """Stopped at once: a process not taken has no part and no files yet (and a Ctrl+C
        while Python starts would print its traceback on the terminal)."""
        for worker in self.take(len(self._workers)):
            with contextlib.suppress(OSError):
                worker.kill()
            stop(worker, finished=True)

    def __enter__(self) -> Ahead:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
