"""How full the committee report's pages are: pages rendered with pdftoppm (poppler-utils),
the last inked row of each page's text area found, the page's fill = that row's depth in the
text area.

    python benchmarks/fill.py reports/some.pdf        # one line per page, then the figures
    python benchmarks/fill.py --demo                  # builds the demo first

The text area is A4 minus the page margins of templates/report.css (22 mm top, 20 mm
bottom): running heads and page numbers sit in the margins and do not count. Issue 12's
target: at most 20 pages for the demo, and at most 2 pages (title and last page not counted)
filled less than 40 %.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DPI = 30  # enough to see a line of 8 pt text; fast
PAGE_MM, TOP_MM, BOTTOM_MM = 297.0, 22.0, 20.0
INK = 200  # a grey value below this (0 black .. 255 white) is ink
LOW = 0.40  # a page filled less than this is "nearly empty"


def _pgm(data: bytes) -> tuple[int, int, bytes]:
    """A binary PGM (P5, 8 bit, as pdftoppm -gray writes it) -> width, height, pixels."""
    fields, position = [], 0
    while len(fields) < 4:  # magic, width, height, maxval; comments start with '#'
        while data[position : position + 1].isspace():
            position += 1
        if data[position : position + 1] == b"#":
            position = data.index(b"\n", position) + 1
            continue
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    if fields[0] != b"P5" or int(fields[3]) > 255:
        raise ValueError("not an 8-bit binary PGM")
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[position + 1 : position + 1 + width * height]


def page_fill(path: Path) -> float:
    """0.0 (empty text area) .. 1.0 (inked down to the bottom of the text area)."""
    width, height, pixels = _pgm(path.read_bytes())
    top = round(height * TOP_MM / PAGE_MM)
    bottom = round(height * (PAGE_MM - BOTTOM_MM) / PAGE_MM)
    last = None
    for row in range(top, bottom):
        line = pixels[row * width : (row + 1) * width]
        if min(line) < INK:
            last = row
    return 0.0 if last is None else (last - top + 1) / (bottom - top)


def fills(pdf: Path) -> list[float]:
    with tempfile.TemporaryDirectory(prefix="planreview-fill-") as folder:
        subprocess.run(
            ["pdftoppm", "-gray", "-r", str(DPI), str(pdf), str(Path(folder) / "p")], check=True
        )
        pages = sorted(Path(folder).glob("p-*.pgm"), key=lambda p: int(p.stem.split("-")[1]))
        return [page_fill(p) for p in pages]


def low_pages(found: list[float]) -> list[int]:
    """Page numbers (1-based) filled less than LOW, title page and last page not counted."""
    return [n for n, fill in enumerate(found, start=1) if 1 < n < len(found) and fill < LOW]


def build_demo(out: Path, language: str = "de") -> Path:
    subprocess.run(
        [sys.executable, str(ROOT / "review.py"), "build", "--inputs", str(ROOT / "inputs"),
         "--out", str(out), "--lang", language, "-q"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf", type=Path, nargs="?", help="a report PDF")
    parser.add_argument("--demo", action="store_true", help="build the demo report first")
    parser.add_argument("--lang", default="de", help="language of the demo report")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="planreview-fill-") as folder:
        pdf = build_demo(Path(folder) / "demo.pdf", args.lang) if args.demo else args.pdf
        if pdf is None:
            parser.error("a PDF or --demo")
        found = fills(pdf)
    low = low_pages(found)
    for n, fill in enumerate(found, start=1):
        print(f"Seite {n:3}: {fill:4.0%}{'  <' if n in low else ''}")
    print(f"{len(found)} Seiten; unter {LOW:.0%} gefüllt: {len(low)} {low}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
