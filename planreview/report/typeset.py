"""WeasyPrint and nothing else of the report: HTML -> tagged PDF bytes, with what its tagging
noted for the structure repair. The build calls it, and so does each process that sets one
part of a long report (parts.py); it imports no pandas and no analysis."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import gc
import logging
import re
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..collector import gc_paused
from . import compression, css_strings
from .page_references import page_references_cached
from .patched import replaced

if TYPE_CHECKING:
    from . import tagtree


class RenderError(Exception):
    """The PDF renderer reported an error (e.g. a broken template): no report is written."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes
    description: str


@dataclass
class Typeset:
    """One WeasyPrint run: the PDF as WeasyPrint wrote it and what the repair needs."""

    pdf: bytes
    pages: int
    record: tagtree.Record
    errors: list[str]
    anchors: dict[str, int]  # id of an element -> index of the page it starts on


# (pages of this document) -> (number to add to each page number, total number of pages)
Numbering = Callable[[int], tuple[int, int]]


def typeset(
    html: str,
    variant: str,
    attachments: tuple[Attachment, ...] = (),
    date: dt.date | None = None,
    ends_process: bool = False,
    numbering: Numbering | None = None,
    laid_out: Callable[[dict[str, int]], None] | None = None,
    before_layout: Callable[[], None] | None = None,
) -> Typeset:
    """Lay out and write the HTML. Nothing is fetched but data: URIs. Errors WeasyPrint logs
    (missing alt text, broken CSS, a refused URL) are returned, not raised.

    numbering: for a part of a longer document, asked once when the pages are counted, before
    the page margins are set: their "page n of m" then counts the pages of the whole.
    laid_out: told the anchors as soon as the pages are laid out, before the PDF is written.
    before_layout: called after the HTML is parsed, before its layout begins."""
    import weasyprint  # imported here: `check` never pays for it
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

    from . import tagtree  # noqa: PLC0415 - pikepdf only when writing a PDF

    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    # pdf/a-2b is tagged too: level b does not forbid it, and a reader gets the same tree
    options = {"pdf_variant": variant, "custom_metadata": True, "pdf_tags": True}
    if attachments:
        stamp = dt.datetime.combine(date or dt.date(2000, 1, 1), dt.time(), dt.UTC)
        options["attachments"] = [
            weasyprint.Attachment(
                string=a.data,
                name=a.name,
                description=a.description,
                relationship="Data",
                created=stamp,  # the report's date, not the clock: same data, same bytes
                modified=stamp,
            )
            for a in attachments
        ]
    # WeasyPrint builds millions of boxes; the cyclic collector walking them again and again
    # cost 18 % of the county benchmark's rendering (peak memory +3 %, docs/performance.md).
    with (
        _interrupts_kept(),
        _collect_errors() as errors,
        gc_paused(),
        page_references_cached(),
        compression.default_level(),
        css_strings.strings_sliced(),
        _numbered(numbering),
        tagtree.recording() as record,
    ):
        fonts = FontConfiguration()  # kept here to remove its font files (_drop_layout)
        html_document = weasyprint.HTML(string=html, url_fetcher=fetcher)
        if before_layout is not None:
            before_layout()
        document = html_document.render(font_config=fonts, **options)
        anchors: dict[str, int] = {}
        for n, page in enumerate(document.pages):  # an element broken over pages: its first
            for name in page.anchors:
                anchors.setdefault(name, n)
        if laid_out is not None:
            laid_out(anchors)
        pdf = document.write_pdf(**options)
        pages = len(document.pages)
        del document, html_document  # the laid-out pages are the largest thing in memory
        _drop_layout(ends_process, fonts)
    return Typeset(pdf, pages, record, errors, anchors)


def count_pages(html: str, variant: str) -> int:
    """The pages the HTML is laid out on, without writing a PDF (the front of a report set
    in parts, counted while the parts are set)."""
    import weasyprint  # noqa: PLC0415

    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    with _collect_errors() as errors, gc_paused(), css_strings.strings_sliced():
        document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(
            pdf_variant=variant, custom_metadata=True, pdf_tags=True
        )
        pages = len(document.pages)
        del document
    if errors:
        raise RenderError(errors)
    gc.collect()
    return pages


def _drop_layout(ends_process: bool, fonts) -> None:
    """What is left of WeasyPrint's document after `del document` is reference cycles (2.3
    million objects, 0.15 GiB at county size) that only the cyclic collector frees. Switching
    the paused collector back on with them still young walked every one (2.1 s at county size).
    A process that ends after the build freezes them instead: the collector never walks them
    again and the operating system frees them at exit. Any other process (the web app, tests
    calling main() in-process) collects them now, once, so no build's garbage outlives it.

    A frozen FontConfiguration never runs its __del__, which removes the font files WeasyPrint
    wrote to /tmp/weasyprint-* (1.5 MB a build): the PDF is written, so it runs here (again
    later is harmless)."""
    fonts.__del__()
    if ends_process:
        gc.freeze()
    else:
        gc.collect()


@contextlib.contextmanager
def _numbered(numbering: Numbering | None):
    """WeasyPrint sets the page margins (running heads, page numbers) only after all pages are
    laid out (weasyprint.layout.layout_document); there, page n of this document becomes page
    n + offset of `total`. Nothing else of the layout depends on those two numbers."""
    if numbering is None:
        yield
        return
    from weasyprint import layout  # noqa: PLC0415

    original = layout.make_margin_boxes
    asked: list[tuple[int, int]] = []

    def make_margin_boxes(context, page, state):
        counters = state[1]
        if not asked:
            asked.append(numbering(counters["pages"][-1]))
        offset, total = asked[0]
        state = copy.deepcopy(state)  # the page maker's own state stays as it was
        state[1]["page"] = [state[1]["page"][-1] + offset]
        state[1]["pages"] = [total]
        return original(context, page, state)

    with replaced(layout, "make_margin_boxes", make_margin_boxes):
        yield


@contextlib.contextmanager
def _interrupts_kept():
    """WeasyPrint catches every exception while it draws an SVG image, Ctrl+C's too, and
    logs a failed image instead: the clerk's Ctrl+C would end as "PDF konnte nicht gesetzt
    werden" (exit 1), or not at all. A Ctrl+C received here is raised again at the end.
    Only where Ctrl+C raises at all: the main thread, Python's own handler."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return
    received = []

    def interrupted(signum, frame):
        received.append(True)
        signal.default_int_handler(signum, frame)

    signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if received:
        raise KeyboardInterrupt


# a data: URI in WeasyPrint's message (a chart that failed) is the whole image, 20,000 letters
_DATA_URI = re.compile(r"(data:[^,\s]{0,40},)\S{20,}")


def _shortened(message: str) -> str:
    return _DATA_URI.sub(r"\1…", message)


@contextlib.contextmanager
def _collect_errors():
    errors: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            errors.append(_shortened(record.getMessage()))

    handler = Collect(level=logging.ERROR)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield errors
    finally:
        logger.removeHandler(handler)
