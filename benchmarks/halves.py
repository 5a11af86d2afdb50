"""Measurement only (issue 16, two cores): a saved report HTML cut in two before its N-th
Handlungsfeld section, each half rendered (layout + tagged PDF/UA-1) in its own process, both
at once; prints pages, wall and CPU time and peak RSS of each half. No join: the halves' page
numbers, contents, links and tag trees are not made whole (docs/performance.md, issue 16).

    python benchmarks/halves.py county.html 5 /tmp/halves   # county.html from `build --html`
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

HALF = r"""
import gc, json, resource, sys, time
import weasyprint
gc.disable()  # as render.render_pdf
html = open(sys.argv[1], encoding="utf-8").read()
started = time.perf_counter()
fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
options = {"pdf_variant": "pdf/ua-1", "custom_metadata": True, "pdf_tags": True}
document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(**options)
open(sys.argv[2], "wb").write(document.write_pdf(**options))
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"pages": len(document.pages), "seconds": time.perf_counter() - started,
                  "cpu": usage.ru_utime + usage.ru_stime, "maxrss_gib": usage.ru_maxrss / 1048576}))
"""


def main() -> None:
    html = Path(sys.argv[1]).read_text(encoding="utf-8")
    cut_at = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    work = Path(sys.argv[3] if len(sys.argv) > 3 else "/tmp/halves")
    work.mkdir(parents=True, exist_ok=True)
    cut = [m.start() for m in re.finditer(r'<section class="field"', html)][cut_at]
    body = html.index("<body")
    head = html[: html.index(">", body) + 1]
    (work / "half1.html").write_text(html[:cut] + "</section></body></html>", encoding="utf-8")
    second = head + '<section class="chapter flow" id="fields">' + html[cut:]
    (work / "half2.html").write_text(second, encoding="utf-8")
    started = time.perf_counter()
    command = [sys.executable, "-c", HALF]
    processes = [
        subprocess.Popen(
            [*command, str(work / f"half{n}.html"), str(work / f"half{n}.pdf")],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)
    ]
    halves = [json.loads(p.communicate()[0]) for p in processes]
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(json.dumps({"wall_both": time.perf_counter() - started, "halves": halves, "load": load}))


if __name__ == "__main__":
    main()
