"""planreview: yearly status spreadsheets of a municipal action plan -> committee report.

Stages, one sub-package each: read (files -> validated rows) -> analyse (pandas: year tables,
comparison, history, indicators, hints) -> report (HTML/PDF) and export (JSON, xlsx).

For analysts: `from planreview import analyse; a = analyse("inputs/")` (see docs/api.md).
Nothing is imported here: `planreview.analyse` is loaded on first use.
"""

__version__ = "0.2.0"
