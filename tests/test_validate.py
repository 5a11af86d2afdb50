"""Validate stage: status words, IDs, Handlungsfeld, dates, duplicates, the errors and warnings
of the "Bad input" issue, and the per-sheet reconciliation rows = measures + skipped."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from conftest import HEADER, measure_rows, run_cli, write_xlsx

from planreview.analyse.pipeline import analyse
from planreview.problems import Severity
from planreview.read.config import Config, Field, load_config
from planreview.read.discover import InputFile
from planreview.read.tables import read_file
from planreview.read.validate import validate_year
from planreview.read.vocabulary import Vocabulary

ALLOWED = (
    "nicht begonnen, in Vorbereitung, in Umsetzung, umgesetzt, verstetigt, zurückgestellt, "
    "entfallen"
)


def _year(tmp_path, files: dict[str, list[list]], config=None, allow_missing=False, year=2020):
    """Write each {relative name: rows} as xlsx, read and validate them as one year."""
    contents = []
    for name, rows in files.items():
        path = write_xlsx(tmp_path / name, rows)
        contents.append(read_file(InputFile(path, name, year)))
    return validate_year(year, contents, config or Config(), allow_missing)


def _row(measure_id, status="in Umsetzung", field="Sprache", end=2030, lead="VHS", title=None):
    return [measure_id, field, title or f"Maßnahme {measure_id}", lead, end, status, ""]


def _of(problems, severity):
    return [p for p in problems if p.severity is severity]


# --------------------------------------------------------------------------- 2. status words

STATUS_ALIASES = [
    ("nicht begonnen", "nicht begonnen"),
    ("geplant", "nicht begonnen"),
    ("noch nicht begonnen", "nicht begonnen"),
    ("offen", "nicht begonnen"),
    ("in Vorbereitung", "in Vorbereitung"),
    ("in Planung", "in Vorbereitung"),
    ("vorbereitet", "in Vorbereitung"),
    ("in Umsetzung", "in Umsetzung"),
    ("begonnen", "in Umsetzung"),
    ("laufend", "in Umsetzung"),
    ("in Bearbeitung", "in Umsetzung"),
    ("in der Bearbeitung", "in Umsetzung"),
    ("in Arbeit", "in Umsetzung"),
    ("umgesetzt", "umgesetzt"),
    ("abgeschlossen", "umgesetzt"),
    ("erledigt", "umgesetzt"),
    ("erfüllt", "umgesetzt"),
    ("verstetigt", "verstetigt"),
    ("Daueraufgabe", "verstetigt"),
    ("dauerhaft", "verstetigt"),
    ("fortlaufend", "verstetigt"),
    ("in den Regelbetrieb überführt", "verstetigt"),
    ("in das laufende Geschäft übergegangen", "verstetigt"),
    ("zurückgestellt", "zurückgestellt"),
    ("pausiert", "zurückgestellt"),
    ("ruhend", "zurückgestellt"),
    ("entfallen", "entfallen"),
    ("gestrichen", "entfallen"),
    ("nicht weiter verfolgt", "entfallen"),
]
STATUS_VARIANTS = [
    ("UMGESETZT", "umgesetzt"),
    ("  in Arbeit  ", "in Umsetzung"),
    ("In der Bearbeitung", "in Umsetzung"),
    ("in  der   Bearbeitung", "in Umsetzung"),
    ("Noch Nicht Begonnen", "nicht begonnen"),
    ("\tErfüllt ", "umgesetzt"),
    ("IN DEN REGELBETRIEB ÜBERFÜHRT", "verstetigt"),
    ("Gestrichen ", "entfallen"),
]


@pytest.mark.parametrize(("written", "label"), STATUS_ALIASES + STATUS_VARIANTS)
def test_status_alias_maps_to_canonical_label(written, label):
    assert Vocabulary().match(written) == label


@pytest.mark.parametrize("written", ["erfüllt", "zurückgestellt", "in den Regelbetrieb überführt"])
def test_status_word_in_decomposed_unicode_maps(written):
    """macOS and some CSV exports write "ü" as "u" + combining diaeresis: the same word."""
    decomposed = unicodedata.normalize("NFD", written)
    assert decomposed != written
    assert Vocabulary().match(decomposed) == Vocabulary().match(written)
    assert Vocabulary().match(decomposed) is not None


@pytest.mark.parametrize("written", ["in umsetzng", "fertig", "ja", "50 %", "umgesetzt?"])
def test_unknown_status_word_does_not_match(written):
    assert Vocabulary().match(written) is None


def test_status_aliases_read_from_a_workbook(tmp_path):
    written = [w for w, _ in STATUS_ALIASES + STATUS_VARIANTS]
    rows = [HEADER] + [
        _row(f"1.{n}", status=word, lead="Bürgerbüro") for n, word in enumerate(written, 1)
    ]
    data = _year(tmp_path, {"a.xlsx": rows})
    assert _of(data.problems, Severity.ERROR) == []
    by_id = data.by_id()
    assert [by_id[f"1.{n}"].status for n in range(1, len(written) + 1)] == [
        label for _, label in STATUS_ALIASES + STATUS_VARIANTS
    ]
    assert by_id["1.2"].status_written == "geplant"


def test_custom_vocabulary_from_review_toml_replaces_the_default(tmp_path):
    (tmp_path / "review.toml").write_text(
        "[[statuses]]\n"
        'label = "offen"\n'
        'kind = "open"\n'
        'aliases = ["noch offen", "geplant"]\n'
        "\n"
        "[[statuses]]\n"
        'label = "fertig"\n'
        'kind = "done"\n'
        'aliases = ["erledigt"]\n'
        "\n"
        "[[statuses]]\n"
        'label = "gestrichen"\n'
        'kind = "dropped"\n',
        encoding="utf-8",
    )
    config = load_config(tmp_path / "review.toml")
    assert config.vocabulary.labels == ("offen", "fertig", "gestrichen")
    assert config.vocabulary.match("Noch Offen") == "offen"
    assert config.vocabulary.match("ERLEDIGT") == "fertig"
    assert config.vocabulary.match("umgesetzt") is None  # a default word, no longer known

    rows = [HEADER, _row("1.1", "geplant"), _row("1.2", "erledigt"), _row("1.3", "umgesetzt")]
    data = _year(tmp_path, {"2020/a.xlsx": rows}, config)
    assert [(m.id, m.status) for m in data.measures] == [
        ("1.1", "offen"),
        ("1.2", "fertig"),
        ("1.3", None),
    ]
    (problem,) = _of(data.problems, Severity.ERROR)
    assert problem.message == "„umgesetzt“ ist kein bekannter Status."
    assert problem.accepted == "offen, fertig, gestrichen"
    assert problem.row == 4


# --------------------------------------------------------------------------- 5. IDs


def test_ids_are_read_as_text(tmp_path):
    rows = [HEADER, _row("1.10"), _row("1.1"), _row("1.2"), _row("10"), _row("2")]
    data = _year(tmp_path, {"a.xlsx": rows})
    assert data.problems == ()
    assert [m.id for m in data.measures] == ["1.1", "1.2", "1.10", "2", "10"]
    assert not any(m.id_was_number for m in data.measures)


def test_numeric_id_cell_is_a_warning_showing_the_value_as_read(tmp_path):
    rows = [HEADER, _row("1.2"), _row(1.1)]
    data = _year(tmp_path, {"2020/a.xlsx": rows})
    assert [m.id for m in data.measures] == ["1.1", "1.2"]
    (problem,) = data.problems
    assert problem.severity is Severity.WARNING
    assert (problem.file, problem.sheet, problem.row, problem.column, problem.value) == (
        "2020/a.xlsx",
        "Maßnahmen",
        3,
        "Nr.",
        "1.1",
    )
    assert problem.message == (
        "Die Nr. ist als Zahl gespeichert (gelesen: 1.1). Excel macht so aus „1.10“ leicht 1.1. "
        "Bitte die Spalte als Text formatieren."
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [("1.1", 1.1), (1.1, "1.1"), (1.1, 1.1)],
    ids=["text-then-number", "number-then-text", "number-twice"],
)
def test_ids_colliding_after_number_conversion_are_an_error(tmp_path, first, second):
    rows = [HEADER, _row(first, title="Sprachkurs"), _row(second, title="Sprachkurs")]
    data = _year(tmp_path, {"2020/a.xlsx": rows})
    errors = _of(data.problems, Severity.ERROR)
    assert len(errors) == 1
    assert (errors[0].file, errors[0].row, errors[0].value) == ("2020/a.xlsx", 3, "1.1")
    assert errors[0].message == (
        "Nr. 1.1 kommt doppelt vor (auch 2020/a.xlsx, Blatt „Maßnahmen“, Zeile 2); mindestens "
        "eine ist als Zahl gespeichert – vermutlich ist aus „1.10“ eine 1.1 geworden. Bitte die "
        "Nr.-Spalte als Text formatieren und die Nummern prüfen."
    )
    assert [m.id for m in data.measures] == ["1.1"]


def test_ids_colliding_across_two_files_are_an_error(tmp_path):
    data = _year(
        tmp_path,
        {
            "2020/a_vhs.xlsx": [HEADER, _row("1.1")],
            "2020/b_jobcenter.xlsx": [HEADER, _row(1.1)],
        },
    )
    (problem,) = _of(data.problems, Severity.ERROR)
    assert (problem.file, problem.row) == ("2020/b_jobcenter.xlsx", 2)
    assert (
        "Nr. 1.1 kommt doppelt vor (auch 2020/a_vhs.xlsx, Blatt „Maßnahmen“, Zeile 2)"
    ) in problem.message


def test_id_turned_into_a_date_is_an_error(tmp_path):
    rows = [HEADER, _row("1.1"), _row(dt.datetime(2020, 1, 3))]
    data = _year(tmp_path, {"2020/a.xlsx": rows})
    assert [m.id for m in data.measures] == ["1.1"]
    (problem,) = data.problems
    assert problem.severity is Severity.ERROR
    assert (problem.row, problem.column, problem.value) == (3, "Nr.", "03.01.2020")
    assert problem.message == (
        "Die Nr. wurde von der Tabellenkalkulation in ein Datum umgewandelt (gelesen: "
        "03.01.2020); die ursprüngliche Nr. ist nicht mehr erkennbar. Bitte die Spalte als Text "
        "formatieren und die Nr. neu eintragen."
    )


# --------------------------------------------------------------------------- 6. values


def test_blank_handlungsfeld_takes_the_value_above(tmp_path):
    rows = [
        HEADER,
        _row("1.1", field="Sprache und Bildung"),
        _row("1.2", field=None),
        _row("1.3", field="   "),
        _row("2.1", field="Arbeit"),
        _row("2.2", field=None),
    ]
    data = _year(tmp_path, {"a.xlsx": rows})
    assert data.problems == ()
    assert [(m.id, m.field) for m in data.measures] == [
        ("1.1", "Sprache und Bildung"),
        ("1.2", "Sprache und Bildung"),
        ("1.3", "Sprache und Bildung"),
        ("2.1", "Arbeit"),
        ("2.2", "Arbeit"),
    ]


def test_blank_rows_are_skipped_and_counted(tmp_path):
    blank = [None] * len(HEADER)
    spaces = ["  ", None, " ", None, None, None, None]
    rows = [HEADER, _row("1.1"), blank, blank, _row("1.2"), spaces, _row("1.3")]
    data = _year(tmp_path, {"a.xlsx": rows})
    assert data.problems == ()
    assert [(m.id, m.source.row) for m in data.measures] == [("1.1", 2), ("1.2", 5), ("1.3", 7)]
    (sheet,) = data.sheets
    assert (sheet.rows, sheet.measures, sheet.skipped, sheet.blank_rows) == (3, 3, (), 3)


@pytest.mark.parametrize(
    ("cell", "end", "end_year"),
    [
        (dt.datetime(2021, 6, 30), "30.06.2021", 2021),
        ("31.12.2020", "31.12.2020", 2020),
        (2021, "2021", 2021),
        ("2022", "2022", 2022),
        ("fortlaufend", "fortlaufend", None),
        (None, "", None),
    ],
    ids=["date", "german-date-text", "bare-year", "year-as-text", "fortlaufend", "empty"],
)
def test_planned_end_is_read(tmp_path, cell, end, end_year):
    data = _year(tmp_path, {"a.xlsx": [HEADER, _row("1.1", end=cell)]})
    assert data.problems == ()
    (measure,) = data.measures
    assert (measure.end, measure.end_year) == (end, end_year)


def test_unreadable_planned_end_is_a_warning(tmp_path):
    data = _year(tmp_path, {"2020/a.xlsx": [HEADER, _row("1.1", end="wenn Mittel da sind")]})
    (measure,) = data.measures
    assert (measure.end, measure.end_year) == ("wenn Mittel da sind", None)
    (problem,) = data.problems
    assert problem.severity is Severity.WARNING
    assert (problem.file, problem.sheet, problem.row, problem.column, problem.value) == (
        "2020/a.xlsx",
        "Maßnahmen",
        2,
        "Ende",
        "wenn Mittel da sind",
    )
    assert problem.message == (
        "Geplantes Ende von Maßnahme 1.1 ist nicht lesbar; die Maßnahme wird nicht auf "
        "Überfälligkeit geprüft."
    )
    assert problem.accepted == "ein Datum, „31.12.2020“, eine Jahreszahl oder „fortlaufend“"


# --------------------------------------------------------------------------- 7. errors


def test_unknown_status_word_is_an_error_with_suggestion(tmp_path):
    rows = [HEADER, _row("1.1", "umgesetzt"), _row("1.2", "in umsetzng")]
    data = _year(tmp_path, {"2020/a.xlsx": rows})
    (problem,) = data.problems
    assert problem.severity is Severity.ERROR
    assert (problem.file, problem.sheet, problem.row, problem.column, problem.value) == (
        "2020/a.xlsx",
        "Maßnahmen",
        3,
        "Status",
        "in umsetzng",
    )
    assert problem.message == "„in umsetzng“ ist kein bekannter Status."
    assert problem.suggestion == "Meinten Sie „in Umsetzung“?"
    assert problem.accepted == ALLOWED
    assert problem.text() == (
        "2020/a.xlsx, Blatt „Maßnahmen“, Zeile 3, Spalte „Status“: „in umsetzng“ ist kein "
        f"bekannter Status. Meinten Sie „in Umsetzung“? Erlaubt: {ALLOWED}."
    )


def test_unknown_status_far_from_any_word_has_no_suggestion(tmp_path):
    data = _year(tmp_path, {"a.xlsx": [HEADER, _row("1.1", "siehe Anlage")]})
    (problem,) = data.problems
    assert problem.message == "„siehe Anlage“ ist kein bekannter Status."
    assert problem.suggestion == ""


def test_empty_status_with_an_id_is_an_error(tmp_path):
    rows = [HEADER, _row("1.1"), _row("1.2", status=None)]
    data = _year(tmp_path, {"2020/a.xlsx": rows})
    (problem,) = data.problems
    assert problem.severity is Severity.ERROR
    assert (problem.file, problem.row, problem.column) == ("2020/a.xlsx", 3, "Status")
    assert problem.message == (
        "Maßnahme 1.2 hat keinen Status (keine Rückmeldung). Bitte nachtragen oder den Bericht "
        "mit --allow-missing erstellen; die Maßnahme wird dann als „keine Rückmeldung“ geführt "
        "und nicht mitgezählt."
    )


def test_empty_status_allowed_with_allow_missing(tmp_path):
    rows = [HEADER, _row("1.1"), _row("1.2", status=None, lead="Jobcenter")]
    data = _year(tmp_path, {"a.xlsx": rows}, allow_missing=True)
    assert data.problems == ()
    assert [m.id for m in data.answered] == ["1.1"]
    assert [(m.id, m.status, m.lead) for m in data.unanswered] == [("1.2", None, "Jobcenter")]


def test_same_id_twice_with_different_values_names_both_places(tmp_path):
    data = _year(
        tmp_path,
        {
            "2020/a_vhs.xlsx": [HEADER, _row("1.1"), _row("1.2", "in Umsetzung")],
            "2020/b_jobcenter.xlsx": [HEADER, _row("1.3"), _row("1.2", "umgesetzt")],
        },
    )
    (problem,) = data.problems
    assert problem.severity is Severity.ERROR
    assert (problem.file, problem.sheet, problem.row, problem.value) == (
        "2020/b_jobcenter.xlsx",
        "Maßnahmen",
        3,
        "1.2",
    )
    assert problem.message == (
        "Nr. 1.2 steht zweimal mit verschiedenen Angaben: hier und in 2020/a_vhs.xlsx, Blatt "
        "„Maßnahmen“, Zeile 3 (Unterschiede: Status). Bitte eine der beiden Zeilen korrigieren "
        "oder löschen."
    )
    assert [m.id for m in data.measures] == ["1.1", "1.2", "1.3"]
    assert data.by_id()["1.2"].source.file == "2020/a_vhs.xlsx"


def test_same_id_twice_in_one_sheet_with_different_values(tmp_path):
    rows = [HEADER, _row("1.1", title="Sprachkurs"), _row("1.1", title="Sprachcafé", lead="JC")]
    data = _year(tmp_path, {"a.xlsx": rows})
    (problem,) = data.problems
    assert problem.severity is Severity.ERROR
    assert problem.row == 3
    assert problem.message.startswith(
        "Nr. 1.1 steht zweimal mit verschiedenen Angaben: hier und in a.xlsx, Blatt "
        "„Maßnahmen“, Zeile 2 (Unterschiede: Maßnahme, Federführung)."
    )


def test_year_that_yields_no_measures_is_an_error(tmp_path):
    data = _year(tmp_path, {"2020/a.xlsx": [HEADER]})
    assert data.measures == ()
    (problem,) = data.problems
    assert problem.severity is Severity.ERROR
    assert problem.message == "Für 2020 wurden keine Maßnahmen gefunden (gelesen: 2020/a.xlsx)."


def test_row_without_id_but_with_content_is_an_error(tmp_path):
    rows = [HEADER, _row("1.1"), _row(None, title="Neue Maßnahme")]
    data = _year(tmp_path, {"a.xlsx": rows})
    (problem,) = data.problems
    assert problem.severity is Severity.ERROR
    assert (problem.row, problem.column, problem.value) == (3, "Nr.", "Neue Maßnahme")


# --------------------------------------------------------------------------- 8. warnings


def test_entfallen_without_begruendung_is_a_warning(tmp_path):
    rows = [HEADER, _row("1.1", "entfallen"), _row("1.2", "gestrichen")]
    data = _year(tmp_path, {"2020/a.xlsx": rows})
    assert _of(data.problems, Severity.ERROR) == []
    warnings = _of(data.problems, Severity.WARNING)
    assert [(p.file, p.row, p.column) for p in warnings] == [
        ("2020/a.xlsx", 2, "Status"),
        ("2020/a.xlsx", 3, "Status"),
    ]
    assert warnings[0].message == (
        "Maßnahme 1.1 ist „entfallen“, aber ohne Begründung. Bitte in der Spalte „Begründung“ "
        "angeben, warum (und was an ihre Stelle tritt)."
    )
    assert [m.status for m in data.measures] == ["entfallen", "entfallen"]


def test_entfallen_with_begruendung_is_fine(tmp_path):
    header = [*HEADER, "Begründung"]
    rows = [header, [*_row("1.1", "entfallen"), "ersetzt durch 1.4"], [*_row("1.2"), None]]
    data = _year(tmp_path, {"a.xlsx": rows})
    assert data.problems == ()
    assert data.by_id()["1.1"].reason == "ersetzt durch 1.4"


def test_entfallen_with_empty_begruendung_column_points_at_it(tmp_path):
    header = [*HEADER, "Begründung"]
    data = _year(tmp_path, {"a.xlsx": [header, [*_row("1.1", "entfallen"), None]]})
    (problem,) = data.problems
    assert (problem.severity, problem.row, problem.column) == (Severity.WARNING, 2, "Begründung")


def test_identical_duplicate_across_per_actor_files_counts_once(tmp_path):
    data = _year(
        tmp_path,
        {
            "2020/a_vhs.xlsx": [HEADER, _row("1.1"), _row("1.2", "umgesetzt")],
            "2020/b_jobcenter.xlsx": [HEADER, _row("1.2", "umgesetzt"), _row("2.1")],
        },
    )
    assert [m.id for m in data.measures] == ["1.1", "1.2", "2.1"]
    (problem,) = data.problems
    assert problem.severity is Severity.WARNING
    assert (problem.file, problem.row) == ("2020/b_jobcenter.xlsx", 2)
    assert problem.message == (
        "Maßnahme 1.2 steht identisch auch in 2020/a_vhs.xlsx, Blatt „Maßnahmen“, Zeile 3; sie "
        "wird einmal gezählt."
    )


def test_identical_duplicate_written_with_another_status_alias_counts_once(tmp_path):
    data = _year(
        tmp_path,
        {
            "2020/a.xlsx": [HEADER, _row("1.1", "umgesetzt")],
            "2020/b.xlsx": [HEADER, _row("1.1", "abgeschlossen")],
        },
    )
    assert [m.id for m in data.measures] == ["1.1"]
    assert [p.severity for p in data.problems] == [Severity.WARNING]


def test_unknown_handlungsfeld_is_a_warning(tmp_path, config):
    rows = [HEADER, _row("1.1", field="Sprache"), _row("3.1", field="Wohnen")]
    data = _year(tmp_path, {"2020/a.xlsx": rows}, config)
    (problem,) = data.problems
    assert problem.severity is Severity.WARNING
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "2020/a.xlsx",
        3,
        "Handlungsfeld",
        "Wohnen",
    )
    assert problem.message == (
        "Handlungsfeld „Wohnen“ steht nicht in review.toml; es wird als eigenes Kapitel geführt."
    )
    assert problem.accepted == "1 Sprache, 2 Arbeit"
    assert [m.field for m in data.measures] == ["Sprache", "Wohnen"]


def test_known_handlungsfeld_by_code_or_name(tmp_path, config):
    rows = [
        HEADER,
        _row("1.1", field="1"),
        _row("1.2", field="SPRACHE"),
        _row("2.1", field="2 Arbeit"),
        _row("2.2", field=None),
    ]
    data = _year(tmp_path, {"a.xlsx": rows}, config)
    assert data.problems == ()
    assert [m.field for m in data.measures] == ["Sprache", "Sprache", "Arbeit", "Arbeit"]


# --------------------------------------------------------------------------- 10. reconciliation


def test_every_row_is_a_measure_or_skipped(tmp_path):
    write_xlsx(tmp_path / "2019" / "a.xlsx", measure_rows({"1.1": "geplant", "2.1": "geplant"}))
    blank = [None] * len(HEADER)
    write_xlsx(
        tmp_path / "2020" / "a_vhs.xlsx",
        [
            HEADER,
            _row("1.1"),  # 3: measure
            blank,  # 4: blank
            [None, "Arbeit", None, None, None, None, None],  # 5: subheading
            _row("2.1", field=None),  # 6: measure (Handlungsfeld from above)
            _row(None, title="ohne Nr."),  # 7: no ID (error)
            _row(dt.datetime(2020, 1, 3)),  # 8: ID became a date (error)
            _row(1.1),  # 9: collides with 1.1 (error)
        ],
        title_rows=[["Rückmeldung VHS"]],
    )
    write_xlsx(
        tmp_path / "2020" / "b_jobcenter.xlsx",
        [HEADER, _row("2.1", field="Arbeit"), _row("1.1", "umgesetzt"), _row("3.1")],
    )
    analysis = analyse(tmp_path, Config())
    current, previous = analysis.years
    assert (current.year, previous.year) == (2020, 2019)
    summaries = {(s.file, s.sheet): s for y in analysis.years for s in y.sheets}
    for s in summaries.values():
        assert s.rows == s.measures + len(s.skipped), s
    vhs = summaries[("2020/a_vhs.xlsx", "Maßnahmen")]
    assert (vhs.header_row, vhs.rows, vhs.measures, vhs.blank_rows) == (2, 6, 2, 1)
    assert sorted((k.source.row, k.reason) for k in vhs.skipped) == [
        (5, "Zwischenüberschrift ohne Nr.: „Arbeit“"),
        (7, "keine Nr. (Fehler)"),
        (8, "Nr. nicht lesbar (Fehler)"),
        (9, "Nr. doppelt (Fehler)"),
    ]
    jobcenter = summaries[("2020/b_jobcenter.xlsx", "Maßnahmen")]
    assert (jobcenter.rows, jobcenter.measures) == (3, 1)
    assert sorted((k.source.row, k.reason) for k in jobcenter.skipped) == [
        (2, "identisch mit 2020/a_vhs.xlsx, Blatt „Maßnahmen“, Zeile 6, einmal gezählt"),
        (3, "Nr. doppelt (Fehler)"),
    ]
    assert [m.id for m in current.measures] == ["1.1", "2.1", "3.1"]
    assert sum(s.measures for s in current.sheets) == len(current.measures)
    old = summaries[("2019/a.xlsx", "Maßnahmen")]
    assert (old.rows, old.measures, old.skipped, old.blank_rows) == (2, 2, (), 0)


def test_filled_down_field_that_disagrees_with_the_nr_is_a_warning(tmp_path):

    header = ["Nr.", "Handlungsfeld", "Maßnahme", "Status"]
    rows = [header, ["9.1", "Sprache", "A", "laufend"], ["3.9", None, "B", "laufend"]]
    write_xlsx(tmp_path / "Stand_2019.xlsx", rows)
    write_xlsx(tmp_path / "Stand_2020.xlsx", rows)
    config = Config(fields=(Field("3", "Wohnen"), Field("9", "Sprache")))
    analysis = analyse(tmp_path, config)
    assert analysis.ok
    # the documented rule holds: the value above counts
    assert [(m.id, m.field) for m in analysis.years[0].measures] == [
        ("3.9", "Sprache"),
        ("9.1", "Sprache"),
    ]
    messages = [p.text() for p in analysis.problems if p.file == "Stand_2020.xlsx"]
    assert messages == [
        "Stand_2020.xlsx, Blatt „Maßnahmen“, Zeile 3: Maßnahme 3.9 steht ohne eigenes "
        "Handlungsfeld unter „Sprache“ und wird dort gezählt; ihre Nr. gehört aber zu "
        "Handlungsfeld 3 „Wohnen“. Bitte Nr. oder Handlungsfeld prüfen."
    ]


def test_ids_with_superscript_or_other_script_digits_sort_without_crashing(tmp_path):
    """Found by the property test: "²".isdigit() is True, but int("²") fails; the whole
    check ended in "Interner Fehler"."""
    from planreview.read.values import natural_key

    assert sorted(["1.10", "1.2²", "1.2", "1.٣"], key=natural_key) == ["1.2", "1.2²", "1.٣", "1.10"]
    write_xlsx(tmp_path / "stand_2020.xlsx", measure_rows({"1.1": "laufend", "1.1²": "geplant"}))
    write_xlsx(tmp_path / "stand_2019.xlsx", measure_rows({"1.1": "geplant"}))
    code, out, err = run_cli("check", "--inputs", str(tmp_path), "-q")
    assert (code, err) == (0, "")


def test_a_measure_and_its_source_are_records_that_cannot_be_changed():
    """Named tuples (rows.py): made positionally by validate, by keyword with defaults in
    tests and scripts; a changed copy only through _replace."""
    from planreview.read.rows import Measure, Source

    source = Source("a.xlsx", "Tabelle1", 5)
    made = Measure("1.2", "Kurse", "Sprache", "umgesetzt", source, lead="VHS")
    assert (made.lead, made.partners, made.end_year, made.id_was_number, made.rating) == (
        "VHS", "", None, False, ""
    )  # fmt: skip
    assert made._replace(status="geplant").status == "geplant"
    assert made.status == "umgesetzt"
    with pytest.raises(AttributeError):
        made.title = "anders"
    with pytest.raises(AttributeError):
        source.row = 6
    assert str(source) == "a.xlsx / Tabelle1 / 5"
    assert source.describe() == "a.xlsx, Blatt „Tabelle1“, Zeile 5"
    assert source.describe("en") == "a.xlsx, sheet “Tabelle1”, row 5"
    assert source.where() == {"file": "a.xlsx", "sheet": "Tabelle1", "row": 5}
