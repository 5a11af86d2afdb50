"""Indicators: numbers in German and English notation, gaps, duplicates, bad values with their
exact messages, where the tables are found, and change / target / direction per indicator."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from conftest import measure_rows, write_xlsx

from planreview.analyse.indicators import Indicator, measured, read_indicators
from planreview.analyse.pipeline import analyse
from planreview.export import summary as export
from planreview.problems import Severity
from planreview.read.config import Config, Field, load_config
from planreview.read.discover import discover
from planreview.read.numbers import Number, format_number, parse_number
from planreview.read.tables import RawSheet, read_file
from planreview.read.validate import Source

ROOT = Path(__file__).resolve().parent.parent
CONFIG = Config(fields=(Field("1", "Sprache"), Field("2", "Arbeit")))
HEADER = ["Indikator", "Handlungsfeld", "Jahr", "Wert", "Einheit", "Zielwert", "Zieljahr",
          "Quelle", "Gebiet", "Definition"]  # fmt: skip


# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "value", "decimals", "percent"),
    [
        ("1.234,5", 1234.5, 1, False),  # German
        ("1234,5", 1234.5, 1, False),
        ("1234.5", 1234.5, 1, False),  # English
        ("1,234.5", 1234.5, 1, False),
        ("12,5 %", 12.5, 1, True),
        ("12,5%", 12.5, 1, True),
        ("1.234", 1234.0, 0, False),  # a dot before three digits separates thousands
        ("1.234.567", 1234567.0, 0, False),
        ("1,234,567", 1234567.0, 0, False),
        ("0.125", 0.125, 3, False),  # "0." cannot start a thousands group
        ("1.5", 1.5, 1, False),
        ("1,234", 1.234, 3, False),  # one comma is the decimal mark
        ("−3,2", -3.2, 1, False),  # typographic minus
        ("-3.2", -3.2, 1, False),
        ("+4", 4.0, 0, False),
        ("1\u00a0234,5", 1234.5, 1, False),  # non-breaking space as thousands separator
        (" 17 ", 17.0, 0, False),
        (42, 42.0, 0, False),  # real numbers from the spreadsheet
        (12.25, 12.25, 2, False),
    ],
)
def test_numbers_in_german_and_english_notation(cell, value, decimals, percent):
    assert parse_number(cell) == Number(value, decimals, percent)


@pytest.mark.parametrize(
    "cell", [None, "", "   ", "k. A.", "k.A.", "n.v.", "-", "–", "…", ".", "x"]
)
def test_no_value_is_a_gap_not_a_zero(cell):
    assert parse_number(cell) == Number(None)


@pytest.mark.parametrize(
    "cell",
    ["ca. 50", "12a", "1.2.3", "1,23,4", "1.234,5.6", "%", "12,", True, dt.date(2020, 1, 1)],
)
def test_not_a_number(cell):
    assert parse_number(cell) is None


def test_german_formatting():
    assert format_number(1234.5, 1) == "1.234,5"
    assert format_number(-1234567.891, 2) == "−1.234.567,89"
    assert format_number(38, 0, sign=True) == "+38"
    assert format_number(None) == "–"


def test_english_formatting():
    assert format_number(1234.5, 1, language="en") == "1,234.5"
    assert format_number(-1234567.891, 2, language="en") == "−1,234,567.89"
    assert format_number(38, 0, sign=True, language="en") == "+38"


# --- the indicator itself ------------------------------------------------------------------------


def indicator(values, target=None, year=2020, previous=2019, **kwargs) -> Indicator:
    [measured_one] = measured(
        [
            Indicator(
                name=kwargs.get("name", "Teilnehmende"),
                field="Sprache",
                unit=kwargs.get("unit", "Personen"),
                area="Stadt",
                source="BAMF",
                definition="",
                target=target,
                target_year=kwargs.get("target_year"),
                values=tuple(values.items()),
                decimals=kwargs.get("decimals", 0),
                year=year,
                previous_year=previous,
                origin=Source("indikatoren.xlsx", "Indikatoren", 2),
            )
        ]
    )
    return measured_one


@pytest.mark.parametrize(
    ("values", "target", "direction"),
    [
        ({2018: 10, 2019: 12, 2020: 15}, 20, "towards"),  # more is better: target above start
        ({2018: 10, 2019: 12, 2020: 11}, 20, "away"),
        ({2018: 10, 2019: 12, 2020: 12}, 20, "unchanged"),
        ({2018: 10, 2019: 18, 2020: 21}, 20, "reached"),
        ({2018: 16, 2019: 14, 2020: 13}, 12, "towards"),  # less is better: target below start
        ({2018: 16, 2019: 14, 2020: 15}, 12, "away"),
        ({2018: 16, 2019: 14, 2020: 12}, 12, "reached"),
        ({2018: 10, 2019: 12, 2020: 15}, None, None),  # no target
        ({2018: 10, 2020: 15}, 20, None),  # no value for P
        ({2018: 10, 2019: 12}, 20, None),  # no value for Y
    ],
)
def test_direction_relative_to_the_target(values, target, direction):
    assert indicator(values, target).direction == direction


def test_change_distance_and_gaps():
    i = indicator({2016: 412, 2017: 538, 2019: 463, 2020: 318}, 500)
    assert (i.now, i.before, i.change, i.change_percent) == (318, 463, -145, -31.3)
    assert i.distance == 182
    assert i.gaps == (2018,)
    assert i.points() == ((2016, 412), (2017, 538), (2018, None), (2019, 463), (2020, 318))
    assert i.points(2015, 2020)[0] == (2015, None)
    assert (i.first, i.last) == ((2016, 412), (2020, 318))


def test_change_has_no_float_noise_and_no_percent_of_zero():
    assert indicator({2019: 12.5, 2020: 13.1}, decimals=1).change == 0.6
    assert indicator({2019: 0, 2020: 3}).change_percent is None


# --- reading tables ------------------------------------------------------------------------------


def sheet(rows, name="Indikatoren", file="indikatoren.xlsx", title_rows=()) -> RawSheet:
    return RawSheet(file, name, tuple(tuple(r) for r in (*title_rows, HEADER, *rows)))


def read(*sheets, year=2020, previous=2019, config=CONFIG):
    return read_indicators([(s,) for s in sheets], config, year, previous)


def test_long_table_with_german_numbers_gaps_and_fill_down():
    rows = [
        ["Kita-Quote", "1", 2016, "24,1", None, "30", 2025, "Landesamt", "Stadt", "Anteil"],
        [None, None, 2017, "25,3 %", None, None, None, None, "Stadt", None],  # name merged
        ["Kita-Quote", None, 2018, "k. A.", None, None, None, None, "Stadt", None],  # gap
        ["Kita-Quote", None, "2019", 27.9, "%", None, None, None, "Stadt", None],
        # 2020: no row at all
        [None, None, None, None, None, None, None, None, None, None],  # blank
        ["Beschäftigte", "Arbeit", 2019, "2.103", "Personen", "2.300", "2022", "BA", "", ""],
        ["Beschäftigte", "Arbeit", 2020, "2.141", "Personen", "2.300", "2022", "BA", "", ""],
    ]
    result = read(sheet(rows, title_rows=[["Indikatoren 2020"], []]))
    assert not result.problems
    kita, jobs = result.indicators
    assert kita.name == "Kita-Quote" and kita.field == "Sprache"  # code "1" -> configured name
    assert kita.values == ((2016, 24.1), (2017, 25.3), (2019, 27.9))
    assert (kita.unit, kita.target, kita.target_year, kita.decimals) == ("%", 30.0, 2025, 1)
    assert (kita.source, kita.area, kita.definition) == ("Landesamt", "Stadt", "Anteil")
    assert (kita.now, kita.change, kita.gaps) == (None, None, (2018,))
    assert jobs.field == "Arbeit" and jobs.values == ((2019, 2103.0), (2020, 2141.0))
    assert (jobs.change, jobs.change_percent, jobs.direction) == (38.0, 1.8, "towards")
    assert result.of_field("Arbeit") == (jobs,)
    assert result.years == (2016, 2017, 2019, 2020)
    [summary] = result.sheets
    assert (summary.header_row, summary.rows, summary.values, summary.blank_rows) == (3, 6, 5, 1)
    assert [(k.source.row, k.reason) for k in summary.skipped] == [
        (6, "kein Wert für 2018 (Lücke)")
    ]
    assert summary.rows == summary.values + len(summary.skipped)


def test_header_aliases_and_other_columns():
    raw = RawSheet(
        "indikatoren.csv",
        "",
        (
            ("Kennzahl", "Berichtsjahr", "Istwert", "Maßeinheit", "Datenquelle", "Bemerkung"),
            ("Einbürgerungen", "2020", "104", "Personen", "Landesamt", "vorläufig"),
        ),
    )
    result = read_indicators([(raw,)], CONFIG, 2020, 2019)
    [i] = result.indicators
    assert (i.name, i.values, i.unit, i.source, i.field) == (
        "Einbürgerungen",
        ((2020, 104.0),),
        "Personen",
        "Landesamt",
        "ohne Handlungsfeld",
    )
    [ignored] = result.problems
    assert ignored.severity is Severity.NOTE
    assert ignored.message == "Nicht ausgewertete Spalten: „Bemerkung“."


def messages(result, severity=Severity.ERROR):
    return [p.text() for p in result.problems if p.severity is severity]


def test_bad_values_are_errors_with_their_place():
    rows = [
        ["Quote", "1", 2019, "ca. 50", None, None, None, None, None, None],
        ["Quote", "1", "zwanzig", "12", None, None, None, None, None, None],
        ["Quote", "1", None, "12", None, None, None, None, None, None],
        [None, "1", 2019, "12", None, None, None, None, None, None],
    ]
    result = read(sheet([rows[3], *rows[:3]]))
    accepted = (
        "Erlaubt: eine Zahl wie 1234,5, 1.234,5 oder 1234.5 (auch mit %); leer, „-“ oder „k. A.“, "
        "wenn es für das Jahr keinen Wert gibt."
    )
    assert messages(result) == [
        "indikatoren.xlsx, Blatt „Indikatoren“, Zeile 2, Spalte „Indikator“: Die Zeile hat "
        "Einträge, aber keinen Indikator (Name). Bitte den Namen des Indikators eintragen.",
        "indikatoren.xlsx, Blatt „Indikatoren“, Zeile 3, Spalte „Wert“: Indikator „Quote“, 2019: "
        f"„ca. 50“ ist keine Zahl. {accepted}",
        "indikatoren.xlsx, Blatt „Indikatoren“, Zeile 4, Spalte „Jahr“: Indikator „Quote“: "
        "„zwanzig“ ist keine Jahreszahl. Erlaubt: eine Jahreszahl wie 2020.",
        "indikatoren.xlsx, Blatt „Indikatoren“, Zeile 5, Spalte „Jahr“: Indikator „Quote“: das "
        "Jahr fehlt.",
    ]
    assert result.indicators == ()
    [summary] = result.sheets
    assert summary.rows == summary.values + len(summary.skipped) == 4


def test_unreadable_target_is_a_warning_and_the_indicator_stays():
    rows = [["Quote", "1", 2020, "12", "%", "steigern", "bald", None, None, None]]
    result = read(sheet(rows))
    assert messages(result, Severity.WARNING) == [
        "indikatoren.xlsx, Blatt „Indikatoren“, Zeile 2, Spalte „Zielwert“: Indikator „Quote“: "
        "Zielwert „steigern“ ist keine Zahl; der Indikator wird ohne Zielwert geführt. Erlaubt: "
        "eine Zahl wie 1234,5 oder 1234.5.",
        "indikatoren.xlsx, Blatt „Indikatoren“, Zeile 2, Spalte „Zieljahr“: Indikator „Quote“: "
        "Zieljahr „bald“ ist keine Jahreszahl; es wird nicht angegeben. Erlaubt: eine "
        "Jahreszahl wie 2025.",
    ]
    [i] = result.indicators
    assert (i.target, i.target_year, i.values) == (None, None, ((2020, 12.0),))


def test_same_indicator_and_year_with_different_values_is_an_error_naming_both():
    first = sheet([["Quote", "1", 2019, "12,5", None, None, None, None, None, None]])
    second = sheet(
        [["Quote", "1", 2019, "13", None, None, None, None, None, None]],
        name="Indikatoren",
        file="2020/Umsetzungsstand.xlsx",
    )
    result = read(first, second)
    assert messages(result) == [
        "2020/Umsetzungsstand.xlsx, Blatt „Indikatoren“, Zeile 2, Spalte „Wert“: Indikator "
        "„Quote“, 2019 steht zweimal mit verschiedenen Werten: hier „13“, in indikatoren.xlsx, "
        "Blatt „Indikatoren“, Zeile 2 „12,5“. Bitte einen der beiden Werte korrigieren oder "
        "löschen."
    ]
    assert result.indicators[0].values == ((2019, 12.5),)


def test_same_value_twice_counts_once():
    row = ["Quote", "1", 2019, "12,5", None, None, None, None, None, None]
    same_sheet = read(sheet([row, [*row[:3], 12.5, *row[4:]]]))
    assert messages(same_sheet, Severity.WARNING) == [
        "indikatoren.xlsx, Blatt „Indikatoren“, Zeile 3: Indikator „Quote“, 2019 steht mit "
        "demselben Wert auch in indikatoren.xlsx, Blatt „Indikatoren“, Zeile 2; er wird einmal "
        "gezählt."
    ]
    # the same series in each year's workbook is normal: a note only
    other_file = read(sheet([row]), sheet([row], file="2020/a.xlsx"))
    assert messages(other_file, Severity.WARNING) == []
    assert len(messages(other_file, Severity.NOTE)) == 1
    assert other_file.indicators[0].values == ((2019, 12.5),)


def test_a_gap_and_a_value_for_the_same_year_are_no_duplicate():
    gap = sheet([["Quote", "1", 2019, "k. A.", None, None, None, None, None, None]])
    value = sheet([["Quote", "1", 2019, "12", None, None, None, None, None, None]], file="b.xlsx")
    result = read(gap, value)
    assert result.problems == ()
    assert result.indicators[0].values == ((2019, 12.0),)


def test_same_name_in_another_area_is_another_indicator():
    rows = [
        ["Quote", "2", 2020, "12", "%", None, None, None, "Stadt", None],
        ["Quote", "2", 2020, "9", "%", None, None, None, "Land", None],
    ]
    result = read(sheet(rows))
    assert [(i.area, i.now) for i in result.indicators] == [("Stadt", 12.0), ("Land", 9.0)]


def test_values_after_the_reporting_year_are_left_out_with_a_note():
    rows = [
        ["Quote", "1", 2019, "12", None, None, None, None, None, None],
        ["Quote", "1", 2021, "14", None, None, None, None, None, None],
    ]
    result = read(sheet(rows))
    assert result.indicators[0].values == ((2019, 12.0),)
    assert messages(result, Severity.NOTE) == [
        "Indikator „Quote“: 1 Wert(e) nach dem Berichtsjahr 2020 nicht berücksichtigt."
    ]


def test_unit_given_differently_is_a_warning_and_the_latest_counts():
    rows = [
        ["Quote", "1", 2019, "12", "Prozent", None, None, None, None, None],
        ["Quote", "1", 2020, "13", "%", None, None, None, None, None],
    ]
    result = read(sheet(rows))
    assert result.indicators[0].unit == "%"
    assert messages(result, Severity.WARNING) == [
        "indikatoren.xlsx, Blatt „Indikatoren“, Zeile 3, Spalte „Einheit“: Indikator „Quote“: "
        "Einheit uneinheitlich – 2020 „%“, 2019 „Prozent“ (in indikatoren.xlsx, Blatt "
        "„Indikatoren“, Zeile 2). Verwendet wird „%“."
    ]


def test_missing_required_column_is_an_error():
    raw = RawSheet("indikatoren.xlsx", "Indikatoren", (("Indikator", "Jahr", "Einheit"),))
    result = read_indicators([(raw,)], CONFIG, 2020, 2019)
    assert messages(result) == [
        "indikatoren.xlsx, Blatt „Indikatoren“, Zeile 1: Indikatorentabelle: Pflichtspalte "
        "„Wert“ fehlt. Erlaubt: für Indikator: Indikator, Indikatorname, Kennzahl, Bezeichnung, "
        "Name; für Jahr: Jahr, Berichtsjahr, Stichjahr, Stichtag; für Wert: Wert, Istwert, "
        "Ist-Wert, Ist, Anzahl."
    ]


# --- where the tables are found ------------------------------------------------------------------


def write_indicator_sheet(path: Path, rows: list[list], sheet_name="Indikatoren") -> None:
    """Add an indicator sheet to an existing workbook, or create one."""
    workbook = openpyxl.load_workbook(path) if path.exists() else openpyxl.Workbook()
    if not path.exists():
        workbook.remove(workbook.active)
    ws = workbook.create_sheet(sheet_name)
    for row in [HEADER, *rows]:
        ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


def test_indicator_file_at_the_top_is_not_a_measure_file(tmp_path):
    (tmp_path / "INDIKATOREN.csv").write_text(
        "Indikator;Jahr;Wert\nQuote;2020;12,5\n", encoding="utf-8"
    )
    (tmp_path / "2020").mkdir()
    found = discover(tmp_path)
    assert found.problems == () and found.files == ()
    assert found.indicator_files == (tmp_path / "INDIKATOREN.csv",)


def test_indicator_sheet_in_a_measure_workbook_is_read_not_skipped(tmp_path):
    path = write_xlsx(tmp_path / "Status_2020.xlsx", measure_rows({"1.1": "in Umsetzung"}))
    write_indicator_sheet(path, [["Quote", "1", 2020, "12,5", None, None, None, None, None, None]])
    [source] = discover(tmp_path).files
    contents = read_file(source)
    assert [t.sheet for t in contents.tables] == ["Maßnahmen"]
    assert [s.sheet for s in contents.indicator_sheets] == ["Indikatoren"]
    assert contents.problems == ()  # no "sheet without header" note for it


def test_pipeline_reads_both_places(tmp_path):
    write_xlsx(tmp_path / "Status_2019.xlsx", measure_rows({"1.1": "in Vorbereitung"}))
    path = write_xlsx(tmp_path / "Status_2020.xlsx", measure_rows({"1.1": "in Umsetzung"}))
    write_indicator_sheet(path, [["Quote", "1", 2020, "13", "%", 20, None, None, None, None]])
    write_indicator_sheet(
        tmp_path / "indikatoren.xlsx",
        [
            ["Quote", "1", 2019, "12,5 %", "%", 20, 2025, "Amt", None, None],
            ["Kurse", "2", 2019, "1.234", None, None, None, None, None, None],
            ["Kurse", "2", 2020, "1.100,5", None, None, None, None, None, None],
        ],
        sheet_name="Tabelle1",  # in indikatoren.* every sheet with a header counts
    )
    analysis = analyse(tmp_path, CONFIG)
    assert analysis.ok, [p.text() for p in analysis.errors]
    quote, courses = analysis.indicators
    assert (quote.values, quote.change, quote.direction) == (
        ((2019, 12.5), (2020, 13.0)),
        0.5,
        "towards",
    )
    assert (courses.values, courses.change) == (((2019, 1234.0), (2020, 1100.5)), -133.5)
    summary = export.summary(analysis)
    assert summary["indicators"][0] == {
        "name": "Quote",
        "field": "Sprache",
        "unit": "%",
        "values": {"2019": 12.5, "2020": 13.0},
        "target": 20.0,
        "target_year": 2025,
        "change": 0.5,
        "source": "Amt",
        "area": "",
        "change_percent": 4.0,
        "distance": 7.0,
        "direction": "towards",
    }


def test_indicator_workbook_without_a_table_is_an_error(tmp_path):
    write_xlsx(tmp_path / "Status_2019.xlsx", measure_rows({"1.1": "in Umsetzung"}))
    write_xlsx(tmp_path / "Status_2020.xlsx", measure_rows({"1.1": "in Umsetzung"}))
    write_xlsx(tmp_path / "indikatoren.xlsx", [["Hinweise zu den Indikatoren"]], sheet="Info")
    analysis = analyse(tmp_path, CONFIG)
    assert [p.text() for p in analysis.errors] == [
        "indikatoren.xlsx, Blatt „Info“: Keine Indikatorentabelle gefunden: keine der ersten 20 "
        "Zeilen enthält die Spalten Indikator, Jahr und Wert. Erlaubt: für Indikator: Indikator, "
        "Indikatorname, Kennzahl, Bezeichnung, Name; für Jahr: Jahr, Berichtsjahr, Stichjahr, "
        "Stichtag; für Wert: Wert, Istwert, Ist-Wert, Ist, Anzahl."
    ]


def test_demo_indicators():
    inputs = ROOT / "inputs"
    analysis = analyse(inputs, load_config(inputs / "review.toml"))
    indicators = analysis.indicators
    assert 8 <= len(indicators) <= 12
    assert not [p for p in indicators.problems if p.severity is not Severity.NOTE]
    assert indicators.years == (2016, 2017, 2018, 2019, 2020)
    assert any(i.gaps for i in indicators)
    assert {i.direction for i in indicators} >= {"towards", "away"}
