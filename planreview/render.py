"""Analysis -> self-contained HTML (Jinja2 templates, one stylesheet) -> PDF (WeasyPrint)."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import jinja2

from . import charts
from .compare import CLASSES, NO_RESPONSE, count_by_field, count_by_status, field_order
from .pipeline import Analysis
from .problems import Severity

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PDF_VARIANT = "pdf/ua-1"  # tagged and accessible; see docs/ for the archival variants

CHANGE_LABELS = {
    "progressed": "Vorangekommen",
    "regressed": "Zurückgefallen",
    "new": "Neu aufgenommen",
    "removed": "Nicht mehr berichtet",
    "dropped": "Entfallen",
    "postponed": "Zurückgestellt",
    "resumed": "Wieder aufgenommen",
    "stalled": "Seit Jahren unverändert",
    "overdue": "Überfällig",
    "unchanged": "Unverändert",
    NO_RESPONSE: "Keine Rückmeldung",
}
# Order of the sections in "Veränderungen gegenüber dem Vorjahr": movement first.
CHANGE_ORDER = (
    "progressed",
    "regressed",
    "new",
    "removed",
    "dropped",
    "postponed",
    "resumed",
    "stalled",
    "overdue",
    "unchanged",
)
assert set(CLASSES) <= set(CHANGE_ORDER)


def report_date() -> dt.date:
    """Today, or SOURCE_DATE_EPOCH's date so that a rebuild gives the same file."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def german_date(value: dt.date | str) -> str:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value.strftime("%d.%m.%Y")


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,  # every text from a spreadsheet is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["plural"] = plural
    env.filters["german_date"] = german_date
    return env


def context(analysis: Analysis) -> dict:
    config = analysis.config
    comparison = analysis.comparison
    current, previous = comparison.current, comparison.previous
    vocabulary = config.vocabulary
    order = field_order(config, current, previous)
    now = count_by_status(current, config)
    before = count_by_status(previous, config)
    fields_now = count_by_field(current, config, order)
    fields_before = count_by_field(previous, config, order)
    done = vocabulary.labels_of("done")
    changes = {key: comparison.entries_of(key) for key in CHANGE_ORDER if key != "removed"}
    changes[NO_RESPONSE] = comparison.entries_of(NO_RESPONSE)
    chapters = [
        (name, [e for e in comparison.entries if e.measure.field == name]) for name in order
    ]
    status_chart = charts.status_comparison(
        now, before, comparison.year, comparison.previous_year, vocabulary
    )
    fields_chart = charts.fields_stacked(fields_now, vocabulary)
    problems = analysis.problems
    return {
        "config": config,
        "vocabulary": vocabulary,
        "statuses": vocabulary.by_label,
        "year": comparison.year,
        "previous_year": comparison.previous_year,
        "before_year": analysis.years[2].year if len(analysis.years) > 2 else None,
        "date": report_date(),
        "total": sum(now.values()),
        "total_before": sum(before.values()),
        "done_now": sum(now[s] for s in done),
        "done_before": sum(before[s] for s in done),
        "done_labels": done,
        "by_status": now,
        "by_status_before": before,
        "fields": order,
        "fields_now": fields_now,
        "fields_before": fields_before,
        "entries": comparison.entries,
        "changes": changes,
        "removed": comparison.removed,
        "change_labels": CHANGE_LABELS,
        "change_order": CHANGE_ORDER,
        "chapters": chapters,
        "status_chart": charts.data_uri(status_chart),
        "fields_chart": charts.data_uri(fields_chart),
        "years": analysis.years,
        "warnings": [p for p in problems if p.severity is Severity.WARNING],
        "notes": [p for p in problems if p.severity is Severity.NOTE],
        "css": (TEMPLATES / "report.css").read_text(encoding="utf-8"),
    }


def render_html(analysis: Analysis) -> str:
    return environment().get_template("report.html.j2").render(context(analysis))


def render_pdf(html: str) -> tuple[bytes, int]:
    """Lay out the HTML -> (PDF bytes, page count). Nothing is fetched but data: URIs."""
    import weasyprint  # imported here: `check` never pays for it

    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    options = {"pdf_variant": PDF_VARIANT, "custom_metadata": True}
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(**options)
    return document.write_pdf(**options), len(document.pages)
