"""planreview: yearly status spreadsheets of a municipal action plan -> committee report.

Stages: read (discover, sheets, tables: files -> raw sheets) -> validate (-> YearData) ->
compare (-> Comparison) -> render (HTML/PDF) and export (JSON).
"""

__version__ = "0.1.0"
