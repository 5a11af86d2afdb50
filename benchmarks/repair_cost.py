"""What the structure-tree repair costs within one build (issue 13: at most 10 %).

    .venv/bin/python benchmarks/generate.py county --out /tmp/county
    .venv/bin/python benchmarks/repair_cost.py /tmp/county /tmp/county.pdf

Runs `build` in this process and times `tagtree.repair` where `render_pdf` calls it.
"""

from __future__ import annotations

import sys
import time

from planreview import cli
from planreview.report import tagtree


def main(inputs: str, out: str) -> None:
    seconds = {}
    repair = tagtree.repair

    def timed(*args, **kwargs):
        started = time.perf_counter()
        result = repair(*args, **kwargs)
        seconds["repair"] = time.perf_counter() - started
        return result

    tagtree.repair = timed
    started = time.perf_counter()
    code = cli.main(["build", "--inputs", inputs, "--out", out, "-q"])
    total = time.perf_counter() - started
    share = 100 * seconds["repair"] / total
    print(f"exit {code}: build {total:.1f} s, repair {seconds['repair']:.2f} s = {share:.1f} %")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
