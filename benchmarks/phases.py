"""Time, CPU and memory (VmRSS, VmHWM) at each phase of one build: hooks around WeasyPrint's
render and write_pdf and the structure-tree repair, printed to stderr. Runs the build as
review.py does (console.program). COLLECT=1: a gc.collect() before the repair, timed.

    python benchmarks/phases.py build --inputs /tmp/county --out /tmp/county.pdf -q
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARTED = time.perf_counter()


def memory() -> str:
    status = Path("/proc/self/status").read_text()

    def gib(key: str) -> float:
        return int(status.split(key + ":")[1].split()[0]) / 1048576

    return f"rss {gib('VmRSS'):.3f} hwm {gib('VmHWM'):.3f} GiB"


def note(what: str) -> None:
    seconds, cpu = time.perf_counter() - STARTED, time.process_time()
    print(f"{seconds:7.2f} s, cpu {cpu:6.1f} s, {what}: {memory()}, gc counts {gc.get_count()}",
          file=sys.stderr, flush=True)  # fmt: skip


def hook() -> None:
    import weasyprint  # noqa: PLC0415
    from weasyprint import document

    from planreview.report import tagtree  # noqa: PLC0415

    render, write, repair = weasyprint.HTML.render, document.Document.write_pdf, tagtree.repair

    def rendering(self, *args, **kwargs):
        note("render start")
        result = render(self, *args, **kwargs)
        note("render end")
        return result

    def writing(self, *args, **kwargs):
        result = write(self, *args, **kwargs)
        note("write end")
        return result

    def repairing(*args, **kwargs):
        note("repair start")
        if os.environ.get("COLLECT"):
            started = time.perf_counter()
            found = gc.collect()
            note(f"collected {found} in {time.perf_counter() - started:.2f} s")
        result = repair(*args, **kwargs)
        note("repair end")
        return result

    weasyprint.HTML.render = rendering
    document.Document.write_pdf = writing
    tagtree.repair = repairing


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    from planreview.console import program

    hook()
    atexit.register(note, "atexit")
    sys.argv = ["review.py", *sys.argv[1:]]
    sys.exit(program())
