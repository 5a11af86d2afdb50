"""The message catalog: warnings, notes and skip reasons said in the report's language."""

from __future__ import annotations

import pickle
import re
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import HEADER, measure_rows, run_cli, write_xlsx

from planreview.problems import Problem, Said, Severity, catalog, note, said_in, warning
from planreview.read.validate import Source


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(catalog()))
def test_every_message_has_both_languages_with_the_same_values(key):
    entry = catalog()[key]
    assert set(entry) == {"de", "en"}
    assert _fields(entry["de"]) == _fields(entry["en"])


def test_said_reads_as_german_and_says_itself_in_english():
    text = Said("title_changed", id="1.2", year=2019, before="Alt", title="Neu")
    assert text == (
        "Titel von Maßnahme 1.2 hat sich geändert: 2019 „Alt“, jetzt „Neu“. "
        "Ist es dieselbe Maßnahme?"
    )
    assert text.in_language("en") == (
        "The title of measure 1.2 has changed: 2019 “Alt”, now “Neu”. Is it the same measure?"
    )
    assert said_in(text, "en") == text.in_language("en")
    assert said_in("plain text", "en") == "plain text"


def test_values_inside_a_message_are_said_in_its_language_too():
    there = Source("b.xlsx", "Tabelle1", 5)
    text = Said("skip_identical", there=there)
    assert text == "identisch mit b.xlsx, Blatt „Tabelle1“, Zeile 5, einmal gezählt"
    assert text.in_language("en") == "identical to b.xlsx, sheet “Tabelle1”, row 5, counted once"
    assert Said("skip_identical", there=Source("c.csv", "", 2)).in_language("en") == (
        "identical to c.csv, row 2, counted once"
    )
    label = Said("indicator_in_area", name="Kurse", area="Stadt")
    both = Said("target_year_not_a_year", indicator=label, value="bald")
    assert both == (
        "Indikator „Kurse“ (Stadt): Zieljahr „bald“ ist keine Jahreszahl; es wird nicht angegeben."
    )
    assert both.in_language("en") == (
        "Indicator “Kurse” (Stadt): target year “bald” is not a year; it is left out."
    )


def test_a_list_is_quoted_item_by_item():
    text = Said("ignored_columns", columns=("Ansprechperson", "Telefon"))
    assert text == "Nicht ausgewertete Spalten: „Ansprechperson“, „Telefon“."
    assert text.in_language("en") == "Columns not evaluated: “Ansprechperson”, “Telefon”."


def test_said_survives_pickling_between_processes():
    text = Said("duplicate_identical", id="2.5", there=Source("a.xlsx", "VHS", 7))
    back = pickle.loads(pickle.dumps(text))
    assert (back, back.key, back.in_language("en")) == (text, text.key, text.in_language("en"))


def test_a_problem_says_its_place_and_what_is_accepted_in_the_language():
    problem = warning(
        Said("end_unreadable", id="1.4"),
        file="a.xlsx",
        sheet="VHS",
        row=3,
        column="Ende",
        accepted=Said("accepted_date"),
    )
    assert problem.text() == (
        "a.xlsx, Blatt „VHS“, Zeile 3, Spalte „Ende“: Geplantes Ende von Maßnahme 1.4 ist nicht "
        "lesbar; die Maßnahme wird nicht auf Überfälligkeit geprüft. Erlaubt: ein Datum, "
        "„31.12.2020“, eine Jahreszahl oder „fortlaufend“."
    )
    assert problem.text(language="en") == (
        "a.xlsx, sheet “VHS”, row 3, column “Ende”: The planned end of measure 1.4 cannot be "
        "read; the measure is not checked for being overdue. Accepted: a date, “31.12.2020”, a "
        "year or “fortlaufend” (ongoing)."
    )


def test_warnings_and_notes_must_come_from_the_catalog():
    with pytest.raises(TypeError, match="catalog"):
        warning("Ein Text ohne Übersetzung.")
    with pytest.raises(TypeError, match="catalog"):
        note("Ein Text ohne Übersetzung.")
    assert note(Said("hidden_file"), file=".x.xlsx") == Problem(
        Severity.NOTE, "Versteckte Datei, übersprungen.", file=".x.xlsx"
    )


class _Items(HTMLParser):
    """The texts of the data basis' list items."""

    def __init__(self):
        super().__init__()
        self.items, self._open = [], False

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self._open = True
            self.items.append("")

    def handle_endtag(self, tag):
        self._open = self._open and tag != "li"

    def handle_data(self, data):
        if self._open:
            self.items[-1] += data


def _protocol(path: Path, name: str = "Prüfprotokoll") -> list[tuple]:
    import openpyxl  # noqa: PLC0415

    sheet = openpyxl.load_workbook(path)[name]
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def test_english_protocol_lists_the_input_checks_in_english(tmp_path):
    """The checks are for staff: the xlsx sheet "Check protocol" (the report's language, which
    names it), not the council's PDF."""
    header = HEADER + ["Begründung", "Telefon"]
    before = measure_rows({"1.1": "in Umsetzung", "1.2": "geplant"}, header=header)
    now = measure_rows({"1.1": "umgesetzt", "1.2": "entfallen"}, header=header)
    now[1][2] = "Sprachkurse für Eltern"  # title changed -> a warning
    now.insert(2, [None, None, "Sprache und Bildung"] + [None] * 6)  # a subheading -> a skipped row
    write_xlsx(tmp_path / "stand_2019.xlsx", before)
    write_xlsx(tmp_path / "stand_2020.xlsx", now)
    html, xlsx = tmp_path / "report.html", tmp_path / "out" / "report.xlsx"
    xlsx.parent.mkdir()
    code, _, err = run_cli(
        "build", "--inputs", str(tmp_path), "--no-pdf", "--html", str(html), "--lang", "en",
        "--xlsx", str(xlsx), "-q",
    )  # fmt: skip
    assert code == 0, err
    rows = _protocol(xlsx, "Check protocol")
    assert rows[0] == ("Kind", "Year", "File", "Sheet", "Row", "Column", "Entry")
    assert rows[1:] == [
        ("sheet read", 2020, "stand_2020.xlsx", "Maßnahmen", None, None,
         "header row 1; 3 rows = 2 measures + 1 skipped; 0 blank"),
        ("row skipped", 2020, "stand_2020.xlsx", "Maßnahmen", 3, None,
         "subheading without Nr.: “Sprache und Bildung”"),
        ("sheet read", 2019, "stand_2019.xlsx", "Maßnahmen", None, None,
         "header row 1; 2 rows = 2 measures + 0 skipped; 0 blank"),
        ("note", None, "stand_2020.xlsx", "Maßnahmen", 1, None,
         "Columns not evaluated: “Telefon”."),
        ("warning", None, "stand_2020.xlsx", "Maßnahmen", 4, "Begründung",
         "Measure 1.2 is “entfallen” but has no reason. Please state in the column "
         "“Begründung” why (and what replaces it)."),
        ("note", None, "stand_2019.xlsx", "Maßnahmen", 1, None,
         "Columns not evaluated: “Telefon”."),
        ("warning", None, "stand_2020.xlsx", "Maßnahmen", 2, None,
         "The title of measure 1.1 has changed: 2019 “Maßnahme 1.1”, now “Sprachkurse für "
         "Eltern”. Is it the same measure?"),
    ]  # fmt: skip
    report = html.read_text(encoding="utf-8")
    for tool_words in ("Telefon", "subheading", "stand_2019.xlsx", "Columns not evaluated"):
        assert tool_words not in report
    assert "in the sheet “Check protocol” of the Excel" in report


def test_the_tools_own_no_field_chapter_is_named_in_the_language(tmp_path):
    """A measure whose Nr. names no configured field goes to the tool's "ohne Handlungsfeld"."""
    (tmp_path / "review.toml").write_text('[[fields]]\ncode = "1"\nname = "Sprache"\n')
    for year, status in ((2019, "geplant"), (2020, "in Umsetzung")):
        table = measure_rows({"1.1": status, "9.1": status}, field=None)
        write_xlsx(tmp_path / f"stand_{year}.xlsx", table)
    html = tmp_path / "report.html"
    code, _, err = run_cli(
        "build", "--inputs", str(tmp_path), "--no-pdf", "--html", str(html), "--lang", "en", "-q"
    )
    assert code == 0, err
    headings = re.findall(r"<h2( lang=\"\w+\")?>([^<]*)</h2>", html.read_text(encoding="utf-8"))
    # the tool's words, in the report's language (data from the inputs is marked German)
    assert (' lang="en"', "without field of action") in headings
    assert "ohne Handlungsfeld" not in html.read_text(encoding="utf-8")


def test_skipped_indicator_rows_are_listed_with_their_reason(tmp_path):
    """The demo's indicator table has one gap (row 11); the protocol names it, in English."""
    inputs = Path(__file__).resolve().parent.parent / "inputs"
    xlsx = tmp_path / "report.xlsx"
    code, _, err = run_cli(
        "build", "--inputs", str(inputs), "--no-pdf", "--xlsx", str(xlsx), "--lang", "en", "-q"
    )
    assert code == 0, err
    rows = [r for r in _protocol(xlsx, "Check protocol") if r[2] == "indikatoren.xlsx"]
    assert rows == [
        ("sheet read", None, "indikatoren.xlsx", "Indikatoren", None, None,
         "header row 3; 52 rows = 51 values + 1 skipped; 0 blank"),
        ("row skipped", None, "indikatoren.xlsx", "Indikatoren", 11, None,
         "no value for 2018 (gap)"),
    ]  # fmt: skip
