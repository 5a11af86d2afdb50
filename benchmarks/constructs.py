"""What the report's HTML/CSS constructs cost in WeasyPrint: the saved HTML of a build
(`build --html`) rendered again with one construct changed at a time.

    python benchmarks/constructs.py report.html [--repeat 3] [--only grid,fixed]

Each variant runs in a fresh process (WeasyPrint alone, PDF/UA-1, data: URLs only, as in
run.py) and is compared with the unchanged HTML. The variants change only the stylesheet or
the images in the HTML; they show where the time goes, they are not finished designs.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import PYTHON, VARIANT, WEASYPRINT_ALONE, run  # noqa: E402

# Definition lists as floats instead of CSS grid (same look for short terms).
NO_GRID = """
.measure dl, .facts { display: block; }
.measure dt { float: left; clear: left; width: 28mm; }
.measure dd { margin-left: 28mm; }
.facts dt { float: left; clear: left; width: 35mm; }
.facts dd { margin-left: 35mm; }
"""
FIXED_TABLES = "table { table-layout: fixed; }"
NO_HYPHENS = "html { hyphens: manual; }"
ROWS_MAY_BREAK = "tr { break-inside: auto; }"
TINY_SVG = base64.b64encode(
    b'<svg xmlns="http://www.w3.org/2000/svg" width="446pt" height="200pt"></svg>'
).decode("ascii")
_SVG = re.compile(r"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+")
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")


def add_css(rule: str):
    return lambda html: html.replace("</head>", f"<style>{rule}</style>\n</head>", 1)


def without_font_faces(html: str) -> str:
    """The bundled fonts left out: WeasyPrint takes DejaVu Sans from the system instead."""
    return _FONT_FACE.sub("", html)


def tiny_charts(html: str) -> str:
    return _SVG.sub(f"data:image/svg+xml;base64,{TINY_SVG}", html)


VARIANTS = {
    "base": ("unverändert", lambda html: html, VARIANT),
    "grid": ("Definitionslisten ohne CSS-Grid (float)", add_css(NO_GRID), VARIANT),
    "fixed": ("Tabellen mit table-layout: fixed", add_css(FIXED_TABLES), VARIANT),
    "hyphens": ("ohne automatische Silbentrennung", add_css(NO_HYPHENS), VARIANT),
    "rows": ("Tabellenzeilen dürfen umbrechen", add_css(ROWS_MAY_BREAK), VARIANT),
    "fonts": ("Systemschrift statt @font-face-data:-URIs", without_font_faces, VARIANT),
    "charts": ("Diagramme als leeres SVG", tiny_charts, VARIANT),
    "untagged": ("ohne Tagging (keine PDF-Variante)", lambda html: html, ""),
    "all": (
        "Grid, fixed und Silbentrennung zusammen",
        add_css(NO_GRID + FIXED_TABLES + NO_HYPHENS),
        VARIANT,
    ),
}

# WeasyPrint alone, with an empty variant meaning "no PDF variant" (untagged).
SCRIPT = WEASYPRINT_ALONE.replace(
    'options = {"pdf_variant": variant, "custom_metadata": True}',
    'options = {"pdf_variant": variant or None, "custom_metadata": True}',
)
assert SCRIPT != WEASYPRINT_ALONE


def describe(html: str) -> str:
    charts = _SVG.findall(html)
    svg_bytes = sum(len(base64.b64decode(c.split(",", 1)[1])) for c in charts)
    fonts = sum(len(m) for m in _FONT_FACE.findall(html))
    return (
        f"HTML {len(html) / 1e6:.1f} MB, {html.count('<') - html.count('</')} Elemente, "
        f"{len(charts)} SVG-Diagramme ({svg_bytes / 1e3:.0f} kB), "
        f"@font-face {fonts / 1e6:.1f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path, help="HTML from `review.py build --html`")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", help="comma-separated variants: " + ", ".join(VARIANTS))
    args = parser.parse_args(argv)
    chosen = ["base", *(args.only.split(",") if args.only else list(VARIANTS)[1:])]
    html = args.html.read_text(encoding="utf-8")
    print(describe(html), flush=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="planreview-constructs-") as temporary:
        for key in chosen:
            label, change, variant = VARIANTS[key]
            path = Path(temporary) / f"{key}.html"
            path.write_text(change(html), encoding="utf-8")
            runs = []
            for _ in range(args.repeat):
                done = run([PYTHON, "-c", SCRIPT, str(path), f"{temporary}/{key}.pdf", variant])
                runs.append(dict(json.loads(done["stdout"]), rss=done["maxrss_kib"] / 1024**2))
            layout = statistics.median(r["layout"] for r in runs)
            write = statistics.median(r["write"] for r in runs)
            results[key] = layout + write
            base = results["base"]
            print(
                f"{label:45} {runs[0]['pages']:4} S.  Layout {layout:6.1f} s  Schreiben "
                f"{write:5.1f} s  zusammen {layout + write:6.1f} s  "
                f"{(layout + write) / base - 1:+6.0%}  "
                f"Speicher {statistics.median(r['rss'] for r in runs):.2f} GiB",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
