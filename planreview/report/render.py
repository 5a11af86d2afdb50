"""Analysis -> self-contained HTML (Jinja2 templates, one stylesheet) -> PDF (WeasyPrint)."""

from __future__ import annotations

import base64
import datetime as dt
import logging
import mimetypes
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from ..analyse.compare import (
    NO_RESPONSE,
    REPORT_ORDER,
    count_by_field,
    count_by_status,
    field_order,
)
from ..analyse.history import STALLED_REVIEWS
from ..analyse.pipeline import Analysis
from ..analyse.rating import own_rating, rate_fields
from ..collector import gc_paused
from ..glyphs import drawable
from ..problems import Said, Severity, said_in
from ..read.config import PDF_VARIANTS
from ..read.validate import NO_FIELD
from ..resources import default_templates
from . import charts, digest, records
from .labels import Labels, hint_text, load_labels
from .typeset import Attachment, RenderError, typeset

if TYPE_CHECKING:
    from .tagtree import Words

log = logging.getLogger(__name__)

ATTACHING_VARIANTS = ("pdf/a-3a",)
# The changes chapter lists only what moved (and what needs attention), in this order.
MOVEMENTS = ("progressed", "regressed", "new", "removed", "dropped", "postponed", "resumed",
             "overdue", "stalled", NO_RESPONSE)  # fmt: skip  # PDF/A-3 allows embedded data files
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


def report_date(analysis: Analysis) -> dt.date:
    """The date on the report: from the config, SOURCE_DATE_EPOCH, the newest document date of
    the reporting year's files, or the year's last day. Never the clock: same data, same PDF."""
    if analysis.config.date:
        return dt.date.fromisoformat(analysis.config.date)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return analysis.data_date or dt.date(analysis.compared.year, 12, 31)


def long_date(value: dt.date | str, language: str) -> str:
    """31.12.2020 in German, "Dec 31, 2020" in English (Babel's medium format)."""
    from babel.dates import format_date  # noqa: PLC0415

    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return format_date(value, format="medium", locale=language)


def number(value: float | None, decimals: int, sign: bool, language: str) -> str:
    """1.234,5 in German, 1,234.5 in English; "–" for no value."""
    from babel.numbers import format_decimal  # noqa: PLC0415

    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(abs(value), format=pattern, locale=language)
    if value < 0:
        return "\u2212" + text
    return ("+" + text if sign and value > 0 else text) if value or not sign else "\u00b10"


def signed(n: int) -> str:
    """+2, −3 (a real minus sign), ±0."""
    return f"+{n}" if n > 0 else f"\u2212{-n}" if n < 0 else "\u00b10"


def environment(templates: Path, labels: Labels) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,  # every text from a spreadsheet is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=drawable,  # what no bundled font has: a visible placeholder
    )
    env.globals["t"] = labels
    env.globals["status_name"] = labels.status
    env.filters["status_name"] = labels.status
    env.filters["long_date"] = lambda value: long_date(value, labels.language)
    env.filters["extract"] = lambda key, mapping: mapping[key]
    env.filters["signed"] = signed
    env.filters["unbroken"] = lambda text: text.replace(" ", "\u00a0")  # no-break spaces
    env.filters["say"] = lambda text: said_in(text, labels.language)  # the tool's messages
    env.filters["field_name"] = labels.field
    env.globals["hint_text"] = lambda hint: hint_text(
        hint, labels, lambda value, decimals: number(value, decimals, False, labels.language)
    )
    env.filters["year_value"] = lambda pair, decimals, unit="": (
        f"{pair[0]}: {number(pair[1], decimals, False, labels.language)}"
        + (f" {unit}" if unit else "")
    )  # one point of an indicator's series, for its chart's alternative text
    env.filters["number"] = lambda value, decimals=0, sign=False: number(
        value, decimals, sign, labels.language
    )

    def in_words(value, decimals, sign=False):
        return number(value, decimals, sign, labels.language)

    env.globals.update(
        # mark: the template's macro that escapes the unit and marks it German; the result is
        # then output with `| safe` (numbers and labels.toml words are the rest)
        change_text=lambda i, mark: digest.change_text(i, labels, in_words, mark),
        distance_text=lambda i, mark: digest.distance_text(i, labels, in_words, mark),
        end_text=lambda end: digest.end_text(end, labels),
        area_name=labels.area,
        field_lang=lambda name: labels.language if name == NO_FIELD else "de",
        own_rating=own_rating,
    )
    return env


def context(analysis: Analysis, templates: Path, labels: Labels) -> dict:
    config = analysis.config
    comparison = analysis.compared
    current, previous = comparison.table, comparison.before
    vocabulary = config.vocabulary
    order = field_order(config, current, previous)
    now = count_by_status(current, config)
    before = count_by_status(previous, config)
    fields_now = count_by_field(current, config, order)
    fields_before = count_by_field(previous, config, order)
    done = vocabulary.labels_of("done")
    every = records.entries(comparison)
    changes = {
        key: records.entries_of(comparison, every, key) for key in REPORT_ORDER if key != "removed"
    }
    changes[NO_RESPONSE] = records.entries_of(comparison, every, NO_RESPONSE)
    chapters = [(name, [e for e in every if e.measure.field == name]) for name in order]
    axis = labels("chart_axis")
    status_chart = charts.status_comparison(
        now, before, comparison.year, comparison.previous_year, vocabulary, labels.status, axis,
        templates=templates,
    )  # fmt: skip
    fields_chart = charts.fields_stacked(
        {labels.field(name): counts for name, counts in fields_now.items()},
        vocabulary,
        labels.status,
        axis,
        templates=templates,
    )
    history = analysis.history
    history_chart = ""
    if history and len(history.years) > 2:
        history_chart = charts.data_uri(
            charts.history_stacked(
                list(history.years), [c.by_status for c in history.per_year], vocabulary,
                labels.status, axis, templates=templates,
            )
        )  # fmt: skip
    from babel.numbers import get_decimal_symbol  # noqa: PLC0415

    indicator_charts = {}
    decimal_mark = get_decimal_symbol(labels.language)  # "," in German, as in the tables
    chart_breaks = {}
    for i in analysis.indicators:
        years = list(range(i.first[0], comparison.year + 1)) if i.values else []
        target = labels("target_label")
        if i.target is not None:
            target += " " + number(i.target, i.decimals, False, labels.language)
        svg = charts.indicator_line(years, [i.value(y) for y in years], i.target,
                                    target, decimal_mark, templates=templates)  # fmt: skip
        indicator_charts[i.name] = charts.data_uri(svg)
        chart_breaks[i.name] = charts.axis_break(
            [v for _, v in i.values] + ([i.target] if i.target is not None else [])
        )
    ratings = rate_fields(comparison, order, config.rating)
    hint_groups = {}
    for hint in analysis.revision_hints:
        hint_groups.setdefault(hint.field, []).append(hint)
    problems = analysis.problems
    return {
        "history": history,
        "history_chart": history_chart,
        "indicators": analysis.indicators,
        "indicator_charts": indicator_charts,
        "chart_breaks": chart_breaks,
        "attention": digest.attention(every),
        "glance_items": digest.GLANCE_ITEMS,
        "headlines": digest.headlines(analysis.indicators),
        "hint_count": len(analysis.revision_hints),
        "ratings": ratings,
        "ratings_by_field": {r.field: r for r in ratings},
        "own_ratings": any(sum(r.own.values()) for r in ratings),
        "movements": MOVEMENTS,
        "skipped_rows": sum(len(s.skipped) for d in analysis.years for s in d.sheets),
        # the xlsx sheet the annex points to, by the name the workbook gives it (messages.toml)
        "protocol_sheet": Said("xlsx_protocol").in_language(labels.language),
        "hint_groups": list(hint_groups.items()),
        "responses": analysis.responses,
        "stalled_reviews": STALLED_REVIEWS,
        "config": config,
        "vocabulary": vocabulary,
        "statuses": vocabulary.by_label,
        "year": comparison.year,
        "previous_year": comparison.previous_year,
        "before_year": analysis.years[2].year if len(analysis.years) > 2 else None,
        "date": report_date(analysis),
        "total": sum(now.values()),
        "total_before": sum(before.values()),
        "done_now": sum(now[s] for s in done),
        "done_before": sum(before[s] for s in done),
        "done_labels": done,
        "open_labels": vocabulary.labels_of("open"),
        "stopped_labels": vocabulary.labels_of("postponed", "dropped"),
        "by_status": now,
        "by_status_before": before,
        "fields": order,
        "fields_now": fields_now,
        "fields_before": fields_before,
        "entries": every,
        "changes": changes,
        "removed": records.removed(comparison),
        "change_labels": labels.changes,
        "language": labels.language,
        "logo": logo_uri(config),
        "change_order": REPORT_ORDER,
        "chapters": chapters,
        "status_chart": charts.data_uri(status_chart),
        "fields_chart": charts.data_uri(fields_chart),
        "years": analysis.years,
        "warnings": [p for p in problems if p.severity is Severity.WARNING],
        "notes": [p for p in problems if p.severity is Severity.NOTE],
        "css": inline_assets((templates / "report.css").read_text(encoding="utf-8"), templates),
    }


def inline_assets(css: str, base: Path) -> str:
    """Fonts and images the stylesheet names relative to its folder, as data: URIs, so the
    HTML is self-contained and the PDF renderer never needs to read a file."""

    def data_uri(match: re.Match) -> str:
        target = match.group(1)
        if target.startswith("data:"):
            return match.group(0)
        path = (base / target).resolve()
        if base.resolve() not in path.parents or not path.is_file():
            raise RenderError([Said("css_file_missing", target=target, folder=str(base))])
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'url("data:{kind};base64,{encoded}")'

    return _CSS_URL.sub(data_uri, css)


def render_html(
    analysis: Analysis, templates: Path | None = None, language: str | None = None
) -> str:
    templates = templates or default_templates()
    labels = load_labels(templates, language or analysis.config.language)
    template = environment(templates, labels).get_template("report.html.j2")
    return template.render(context(analysis, templates, labels))


def logo_uri(config) -> str:
    """The configured logo as a data: URI ("" without one); the path is relative to the
    configuration file and was checked when it was read."""
    if not config.logo:
        return ""
    path = Path(config.logo)
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def render_pdf(
    html: str,
    variant: str = PDF_VARIANTS[0],
    attachments: tuple[Attachment, ...] = (),
    date: dt.date | None = None,
    words: Words | None = None,
    ends_process: bool = False,
    parts: bool | None = None,
    ahead=None,
) -> tuple[bytes, int]:
    """Lay out the HTML -> (PDF bytes, page count). Nothing is fetched but data: URIs.

    ends_process: the process ends after this build (`planreview build` on the command line),
    so the laid-out document's reference cycles are left to the end of the process instead of
    being collected (typeset._drop_layout).

    parts: a long report is set in two parts at once, in two processes, and joined (parts.py);
    None decides by the report's length, True and False force it (tests). ahead: the
    parts' processes, if the command line started them early (workers.Ahead).

    Every variant is tagged and its structure tree repaired (tagtree.py), so every variant
    also declares PDF/UA-1. Any error WeasyPrint logs (missing alt text, broken CSS, a refused
    URL) fails the build."""
    from . import hyphenation, tagtree  # noqa: PLC0415 - pikepdf only when writing a PDF
    from . import parts as in_parts  # noqa: PLC0415

    words = words or tagtree.Words()
    plan = in_parts.plan(html) if parts is not False else None
    if plan is not None and (parts or plan.long):
        joined = in_parts.render(plan, variant, attachments, date, words, ahead)
        if joined is not None:
            return joined
    if ahead is not None:  # its first process may have read the hyphenation patterns
        hyphenation.install(ahead.patterns())
    made = typeset(html, variant, attachments, date, ends_process)
    if made.errors:
        raise RenderError(made.errors)
    with gc_paused():  # the repair makes many small objects, none of them cyclic garbage
        repaired = tagtree.repair(made.pdf, made.record, words, declare_ua=True)
    return repaired, made.pages


def pdf_words(templates: Path | None, language: str):
    """The words the structure repair writes into the PDF (link descriptions), from
    labels.toml in the report's language."""
    from .tagtree import Words  # noqa: PLC0415

    labels = load_labels(templates or default_templates(), language)
    return Words(page=labels("page"))
