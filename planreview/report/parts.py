"""A long report set in two parts at once, one process each, and joined into one PDF.

WeasyPrint lays out one page after the other in one process; the county report (1,000
measures, about 190 pages) took 40 s and 0.9 GiB. Here the report's HTML is cut into:

- the front (title page, "Auf einen Blick", contents): set in this process, once to count its
  pages and, when all pages are known, again with its page references; the pages of the other
  parts stand in as empty pages carrying their ids, so that `target-counter()` finds them;
- two parts of about the same size (overview … Handlungsfeld k, Handlungsfeld k+1 … annex),
  cut before a Handlungsfeld, set at the same time in two processes (part_worker.py); their
  first page only sets the running heads. WeasyPrint numbers the page margins only after all
  pages are laid out: there each part waits for the others' page counts, so "Seite n von m"
  counts the whole report.

Each part's structure tree is repaired on its own (tagtree.repair), then join.py makes one PDF
of them. Whatever does not fit that plan (a front whose length changes with its page numbers,
a part that fails) makes `render` return None: the report is then set whole, as a short one.
The HTML carries the cut points as comments (report.html.j2, partials/fields.html.j2); a
city's own templates without them are always set whole.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import pickle
import re
import subprocess
import threading
import time
from dataclasses import dataclass
from html import unescape

from ..collector import gc_paused
from ..resources import default_templates
from . import hyphenation, join, tagtree
from .typeset import Attachment, RenderError, count_pages, typeset
from .workers import PARTS, Ahead, read_patterns, send, start, stop

log = logging.getLogger(__name__)

TITLE_END = "<!--part: title end-->"
FRONT_END = "<!--part: front end-->"
FIELDS = "<!--part: fields-->"
FIELD = "<!--part: field-->"
FIELDS_END = "<!--part: fields end-->"
# Characters of text after the front from which a report is set in parts: the county report
# has 609,126, the demo 36,782. Below, two processes cost more than they save (starting one
# and importing WeasyPrint takes about a second).
LONG = 200_000
_BODY = re.compile(r"<body[^>]*>")
_ID = re.compile(r'\sid="([^"]+)"')
_TAG = re.compile(r"<[^>]*>")
_COPIED = (
    re.compile(r'<p class="concept"[^>]*>.*?</p>', re.S),
    re.compile(r'<h1 class="report-title"[^>]*>.*?</h1>', re.S),
)
_HEADING = re.compile(r"<h1[^>]*>.*?</h1>", re.S)
# What a part cannot know: the page of an element in another part (a link or page reference),
# which side its pages are on (WeasyPrint counts them from the part's first page).
_INTERNAL_LINK = re.compile(r"""href\s*=\s*["']?#""")
_SIDES = re.compile(
    r":(left|right|blank)\b|\b(recto|verso)\b|break-(before|after)\s*:\s*(left|right)"
)
_STRING_SET = re.compile(r"string-set\s*:\s*([\w-]+)")
_STRINGS = {"chapter", "concept", "report-title"}  # set by the texts the opening copies


@dataclass(frozen=True)
class Plan:
    head: str  # up to the <body> tag, with the parts' style
    body: str  # the <body> tag
    front: str  # title page, "Auf einen Blick", contents
    opening: str  # the title page's texts the running heads take
    before: str  # overview … the Handlungsfelder chapter's heading
    heading: str  # that heading
    fields: tuple[str, ...]  # one Handlungsfeld section each
    after: str  # the end of the Handlungsfelder chapter … </html>
    long: bool

    def cut(self) -> int:
        """Handlungsfelder in the first part: the two parts as equal in size as can be (by
        their text, a rough measure of the layout's work: markup is not laid out, and the
        chapters carry very different amounts of it)."""
        sizes = [_size(f) for f in self.fields]
        total = _size(self.before) + sum(sizes) + _size(self.after)
        first, gaps = _size(self.before), {}
        for k in range(1, len(sizes)):
            first += sizes[k - 1]
            gaps[k] = abs(total - 2 * first)
        return min(gaps, key=gaps.__getitem__)

    def parts(self, pieces) -> tuple[str, str]:
        k = self.cut()
        opening = pieces.opening(self.opening)
        first = self.head + self.body + opening + self.before + "".join(self.fields[:k])
        first += pieces.end(chapter=True)
        second = self.head + self.body + pieces.opening(self.opening + self.heading)
        second += pieces.continued() + "".join(self.fields[k:]) + self.after
        return first, second

    def front_alone(self, pieces) -> str:
        """The front with one page after it holding every id of the other parts: set to
        count the front's pages (its links and page references need their targets)."""
        text = self.before + "".join(self.fields) + self.after
        ids = [unescape(m.group(1)) for m in _ID.finditer(text)]  # the template escapes
        return self.front_with(pieces, [(1, ids)])

    def front_with(self, pieces, ghosts: list[tuple[int, list[str]]]) -> str:
        """The front followed by `ghosts`: (pages the counter moves on, ids on that page)."""
        head = self.head.replace("</head>", pieces.ghost_style(ghosts) + "</head>", 1)
        return head + self.body + self.front + pieces.ghosts(ghosts) + pieces.end()


def _size(html: str) -> int:
    """The characters of text: tags, their attributes and embedded images left out."""
    return len(_TAG.sub("", html))


def plan(html: str) -> Plan | None:
    """The HTML cut at its marks, or None when it has none (a city's own templates) or only
    one Handlungsfeld."""
    body = _BODY.search(html)
    marks = (TITLE_END, FRONT_END, FIELDS, FIELD, FIELDS_END)
    if body is None or not all(mark in html for mark in marks) or "</head>" not in html:
        return None
    head, rest = html[: body.start()], html[body.end() :]
    title = rest[: rest.index(TITLE_END)]
    front, rest = rest.split(FRONT_END, 1)
    before, fields = rest.split(FIELD, 1)
    fields, after = fields.split(FIELDS_END, 1)
    sections = tuple(FIELD + f for f in fields.split(FIELD))
    chapter = before[before.index(FIELDS) :]
    heading = _HEADING.search(chapter)
    copied = [pattern.search(title) for pattern in _COPIED]
    if len(sections) < 2 or heading is None or None in copied:
        return None
    if _INTERNAL_LINK.search(before + fields + after) or _SIDES.search(head):
        return None  # a page reference after the front, left and right pages: set whole
    if set(_STRING_SET.findall(head)) - _STRINGS or "running(" in head:
        return None  # running heads from texts the parts' first page does not copy
    wrapper = _ID.search(chapter[len(FIELDS) : chapter.index(heading.group(0))])
    if wrapper and re.search(rf"#{re.escape(unescape(wrapper.group(1)))}(?![\w-])", head):
        return None  # a style for the chapter's id: the second part's wrapper has none
    pieces = _pieces()
    head = head.replace("</head>", pieces.style() + "</head>", 1)
    return Plan(
        head=head,
        body=body.group(0),
        front=front,
        opening="".join(m.group(0) for m in copied),
        before=before,
        heading=heading.group(0),
        fields=sections,
        after=FIELDS_END + after,
        long=_size(before) + sum(map(_size, sections)) + _size(after) >= LONG,
    )


def _pieces():
    """The macros of partials/parts.html.j2 (the package's: they are machinery, not design)."""
    import jinja2  # noqa: PLC0415

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(default_templates())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return _Pieces(env.get_template("partials/parts.html.j2").module)


class _Pieces:
    """The macros' output as plain text to join with the report's HTML (Markup would escape
    whatever it is added to)."""

    def __init__(self, module):
        self._module = module

    def __getattr__(self, name: str):
        macro = getattr(self._module, name)
        return lambda *args, **kwargs: str(macro(*args, **kwargs))


def render(
    plan: Plan,
    variant: str,
    attachments: tuple[Attachment, ...],
    date: dt.date | None,
    words: tagtree.Words,
    ahead: Ahead | None = None,
) -> tuple[bytes, int] | None:
    """(PDF, pages) of the report set in parts, or None if it must be set whole. Any error
    in a part (WeasyPrint's or another) sets it whole too: what is wrong with the report
    itself is then reported from the whole, as for a short one. ahead: processes started
    earlier, taken first."""
    pieces = _pieces()
    prepared = ahead.prepared if ahead is not None else None  # by the first one taken
    workers: list[subprocess.Popen] = ahead.take(PARTS) if ahead is not None else []
    prepared = prepared if workers else None
    started = time.perf_counter()
    finished = False

    def note(what: str) -> None:
        log.debug("parts: %s after %.1f s", what, time.perf_counter() - started)

    try:
        while len(workers) < PARTS:
            workers.append(start())
        first, second = workers
        texts = [
            (text, variant, words, f"p{number + 1}t")
            for number, text in enumerate(plan.parts(pieces))
        ]
        send(second.stdin, texts[1])  # parsed while the first sends its patterns
        if prepared is not None:  # the first's first message, whatever the language
            patterns = read_patterns(first)
            if patterns is None:
                raise _SetWhole("the first part's process sent no patterns")
            hyphenation.install(patterns)  # for the front
        send(first.stdin, texts[0])
        has_them = prepared is not None and prepared == hyphenation.language_of(plan.head)
        if not has_them:  # read here while the parts parse their HTML; the front needs them
            patterns = hyphenation.read(plan.head)
        # in threads: a part takes them only once its HTML is parsed; the front is counted
        # meanwhile
        sending = [_sent_aside(first, {} if has_them else patterns), _sent_aside(second, patterns)]
        note("hyphenation patterns sent")
        front = count_pages(plan.front_alone(pieces), variant) - 1
        note(f"front counted: {front} pages")
        counted = [_expect(worker, "pages") for worker in workers]
        own = [n - 1 for n in counted]  # each part's first page is not the report's
        total = front + sum(own)
        note(f"parts counted: {own} pages")
        offsets = [front - 1, front + own[0] - 1]
        for thread in sending:  # long done: each part has asked for its offset
            thread.join()
        for worker, offset in zip(workers, offsets, strict=True):
            send(worker.stdin, (offset, total))
        at: dict[int, list[str]] = {}  # page number in the report -> ids on it
        for worker, offset in zip(workers, offsets, strict=True):
            anchors = _expect(worker, "anchors")
            if min(anchors.values(), default=1) != 1:  # the opening must be one page, no id
                raise _SetWhole("a part's first page is not one page of its own")
            for name, index in anchors.items():
                at.setdefault(index + offset + 1, []).append(name)
        pages = sorted(at)
        ghosts = [(n - before, at[n]) for n, before in zip(pages, [front, *pages], strict=False)]
        note("parts laid out")
        whole = typeset(
            plan.front_with(pieces, ghosts),
            variant,
            attachments,
            date,
            numbering=lambda pages: (0, total),
        )
        if whole.errors:
            raise _SetWhole(f"the front: {whole.errors[0]}")
        if whole.pages != front + len(ghosts):
            raise _SetWhole("the front's pages changed with their page numbers")
        with gc_paused():
            numbers = [*range(1, front + 1), *pages]  # the ghosts stand for these pages
            first = tagtree.repair(whole.pdf, whole.record, words, True, numbers)
        note("front set")
        # each part taken in as it comes: the first while the second is still written
        with join.Joining(join.Part(first, range(front))) as joining:
            joining.add(join.Part(_expect(workers[0], "pdf"), range(1, own[0] + 1)))
            note("first part written and taken in")
            second = _expect(workers[1], "pdf")
            note("second part written")
            joining.add(join.Part(second, range(1, own[1] + 1), continues=True))
            joined = joining.result()
        note("joined")
        finished = True
        return joined, total
    except (_SetWhole, join.JoinError, RenderError, OSError) as reason:
        # OSError: no process, a broken pipe; RenderError: the front counted with an error
        log.debug("report not set in parts: %s", reason)  # set whole instead
        return None
    finally:
        for worker in workers:
            stop(worker, finished)


def _sent_aside(worker: subprocess.Popen, message) -> threading.Thread:
    """The message sent in a thread of its own (a pipe holds 64 KiB: a write waits for the
    reader); a broken or closed pipe is found by the next read of the worker's answer."""

    def write() -> None:
        with contextlib.suppress(OSError, ValueError):
            send(worker.stdin, message)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


class _SetWhole(Exception):
    """A part could not be set as planned: the report is set whole instead."""


def _expect(worker: subprocess.Popen, kind: str):
    try:
        message = pickle.load(worker.stdout)
    except (EOFError, pickle.UnpicklingError) as exc:
        raise _SetWhole("a part's process ended early") from exc
    if message[0] == "errors":  # the whole reports them, if they are not the cut's own
        raise _SetWhole(f"a part's errors: {message[1][0]}")
    if message[0] != kind:
        raise _SetWhole(f"a part failed: {message[1]}")
    return message[1]
