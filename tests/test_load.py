"""Load stage: column aliases, years from folders and names, header search, sheets, formats,
and files that cannot be read. Workbooks are built in each test; expected values are literal."""

from __future__ import annotations

import datetime as dt
import unicodedata

import openpyxl
import pandas as pd
import pytest
from conftest import HEADER, measure_rows, write_xlsx

import planreview.read.sheets as sheets
from planreview.problems import Severity
from planreview.read.columns import column_key
from planreview.read.config import Config
from planreview.read.discover import InputFile, discover
from planreview.read.tables import read_file
from planreview.read.validate import validate_year

# --------------------------------------------------------------------------- helpers

# The canonical header of every column we read, and a value that shows where it landed.
CANONICAL = {
    "id": "Nr.",
    "field": "Handlungsfeld",
    "title": "Maßnahme",
    "lead": "Federführung",
    "partners": "Beteiligte",
    "target_group": "Zielgruppe",
    "start": "Beginn",
    "end": "Ende",
    "status": "Status",
    "note": "Sachstand",
    "reason": "Begründung",
}
ROW = {
    "id": "7.3",
    "field": "Wohnen und Nachbarschaft",
    "title": "Sprachcafé im Stadtteiltreff",
    "lead": "Jobcenter",
    "partners": "VHS, Kitas",
    "target_group": "Eltern",
    "start": "2019",
    "end": "31.12.2021",
    "status": "entfallen",
    "note": "läuft gut",
    "reason": "Mittel gestrichen",
}
# What the measure holds afterwards: attribute name and value.
EXPECTED = {
    "id": ("id", "7.3"),
    "field": ("field", "Wohnen und Nachbarschaft"),
    "title": ("title", "Sprachcafé im Stadtteiltreff"),
    "lead": ("lead", "Jobcenter"),
    "partners": ("partners", "VHS, Kitas"),
    "target_group": ("target_group", "Eltern"),
    "start": ("start", "2019"),
    "end": ("end_year", 2021),
    "status": ("status", "entfallen"),
    "note": ("note", "läuft gut"),
    "reason": ("reason", "Mittel gestrichen"),
}


def _read(path, name="a.xlsx", year=2020):
    return read_file(InputFile(path, name, year))


def _measures(path, name="a.xlsx", config=None):
    contents = _read(path, name)
    return validate_year(2020, [contents], config or Config())


def _signature(measure):
    """Every value read, provenance aside, for comparing formats."""
    return (
        measure.id,
        measure.title,
        measure.field,
        measure.status,
        measure.lead,
        measure.end,
        measure.end_year,
        measure.note,
    )


# --------------------------------------------------------------------------- 1. aliases

ALIASES = [
    ("Nr", "id"),
    ("Nr.", "id"),
    ("Nummer", "id"),
    ("ID", "id"),
    ("Maßnahmen-Nr.", "id"),
    ("Maßnahme Nr", "id"),
    ("Lfd. Nr.", "id"),
    ("Maßnahme", "title"),
    ("Titel", "title"),
    ("Bezeichnung", "title"),
    ("Maßnahmentitel", "title"),
    ("Status", "status"),
    ("Umsetzungsstand", "status"),
    ("Stand der Umsetzung", "status"),
    ("Sachstand Status", "status"),
    ("Handlungsfeld", "field"),
    ("Themenfeld", "field"),
    ("Bereich", "field"),
    ("Federführung", "lead"),
    ("Zuständigkeit", "lead"),
    ("Verantwortlich", "lead"),
    ("federführend", "lead"),
    ("Beteiligte", "partners"),
    ("Kooperationspartner", "partners"),
    ("Partner", "partners"),
    ("Zielgruppe", "target_group"),
    ("Beginn", "start"),
    ("Start", "start"),
    ("Ende", "end"),
    ("Umsetzung bis", "end"),
    ("Zeitraum bis", "end"),
    ("Frist", "end"),
    ("Enddatum", "end"),
    ("Sachstand", "note"),
    ("Bemerkung", "note"),
    ("Bemerkungen", "note"),
    ("Erläuterung", "note"),
    ("Sachstand/Bemerkung", "note"),
    ("Begründung", "reason"),
]
VARIANTS = [
    ("STAND DER\nUMSETZUNG", "status"),
    ("Maßnahmen- Nr", "id"),
    ("nr", "id"),
    ("  Titel  ", "title"),
    ("FEDERFÜHRUNG", "lead"),
    ("Umsetzung\nbis", "end"),
    ("Sachstand / Bemerkung", "note"),
    ("Lfd Nr", "id"),
    ("Maßnahmen-\nNr.", "id"),
    ("Handlungs-feld", "field"),
    ("Massnahme", "title"),
]


@pytest.mark.parametrize(("header", "key"), ALIASES + VARIANTS)
def test_column_alias_is_recognised(header, key):
    assert column_key(header) == key


def test_column_alias_in_decomposed_unicode_is_recognised():
    assert column_key(unicodedata.normalize("NFD", "Federführung")) == "lead"
    assert column_key(unicodedata.normalize("NFD", "Maßnahmen-Nr.")) == "id"


def test_unknown_headers_are_not_columns():
    assert column_key("Kosten") is None
    assert column_key("Ziel") is None
    assert column_key("Nr. alt") is None


@pytest.mark.parametrize(("header", "key"), ALIASES + VARIANTS)
def test_column_alias_reads_values_into_the_right_field(tmp_path, header, key):
    names = dict(CANONICAL, **{key: header})
    keys = list(CANONICAL)
    write_xlsx(tmp_path / "a.xlsx", [[names[k] for k in keys], [ROW[k] for k in keys]])
    year = _measures(tmp_path / "a.xlsx")
    assert [p for p in year.problems if p.severity is not Severity.NOTE] == []
    assert len(year.measures) == 1
    attribute, value = EXPECTED[key]
    assert getattr(year.measures[0], attribute) == value


def test_header_as_written_is_kept_with_line_breaks_as_spaces(tmp_path):
    header = ["Maßnahmen-\nNr.", "Maßnahme", "STAND DER\nUMSETZUNG"]
    write_xlsx(tmp_path / "a.xlsx", [header, ["1.1", "Sprachkurs", "in umsetzng"]])
    year = _measures(tmp_path / "a.xlsx")
    (problem,) = [p for p in year.problems if p.is_error]
    assert problem.column == "STAND DER UMSETZUNG"
    assert [c.header for c in _read(tmp_path / "a.xlsx").tables[0].columns] == [
        "Maßnahmen- Nr.",
        "Maßnahme",
        "STAND DER UMSETZUNG",
    ]


# --------------------------------------------------------------------------- 3. years


def test_year_from_year_folder(tmp_path):
    write_xlsx(tmp_path / "2020" / "Statusliste.xlsx", measure_rows({"1.1": "offen"}))
    found = discover(tmp_path)
    assert found.problems == ()
    assert [(f.name, f.year) for f in found.files] == [("2020/Statusliste.xlsx", 2020)]
    assert found.years == (2020,)


def test_year_from_the_one_year_in_the_file_name(tmp_path):
    write_xlsx(tmp_path / "Umsetzungsstand_2021.xlsx", measure_rows({"1.1": "offen"}))
    write_xlsx(tmp_path / "Rückmeldung VHS 2020.xlsx", measure_rows({"1.1": "offen"}))
    found = discover(tmp_path)
    assert found.problems == ()
    assert sorted((f.name, f.year) for f in found.files) == [
        ("Rückmeldung VHS 2020.xlsx", 2020),
        ("Umsetzungsstand_2021.xlsx", 2021),
    ]
    assert found.years == (2020, 2021)


def test_year_folder_and_same_year_in_name_agree(tmp_path):
    write_xlsx(tmp_path / "2020" / "Status 2020.xlsx", measure_rows({"1.1": "offen"}))
    found = discover(tmp_path)
    assert found.problems == ()
    assert [f.year for f in found.files] == [2020]


def test_no_year_anywhere_is_an_error(tmp_path):
    write_xlsx(tmp_path / "Statusliste.xlsx", measure_rows({"1.1": "offen"}))
    found = discover(tmp_path)
    assert found.files == ()
    (problem,) = found.problems
    assert problem.severity is Severity.ERROR
    assert problem.file == "Statusliste.xlsx"
    assert problem.message == "Zu welchem Jahr die Datei gehört, ist nicht erkennbar."
    assert problem.accepted == (
        "ein Ordner mit der Jahreszahl (z. B. 2020/) oder genau eine Jahreszahl im Dateinamen"
    )


def test_two_years_in_the_file_name_is_an_error(tmp_path):
    write_xlsx(tmp_path / "Bericht 2019 2020.xlsx", measure_rows({"1.1": "offen"}))
    found = discover(tmp_path)
    assert found.files == ()
    (problem,) = found.problems
    assert problem.severity is Severity.ERROR
    assert problem.file == "Bericht 2019 2020.xlsx"
    assert problem.message == (
        "Der Dateiname nennt mehrere Jahre (2019, 2020); das Berichtsjahr ist nicht eindeutig."
    )


def test_file_in_year_folder_named_for_another_year_is_an_error(tmp_path):
    write_xlsx(tmp_path / "2020" / "Rückmeldung 2019.xlsx", measure_rows({"1.1": "offen"}))
    found = discover(tmp_path)
    assert found.files == ()
    (problem,) = found.problems
    assert problem.severity is Severity.ERROR
    assert problem.file == "2020/Rückmeldung 2019.xlsx"
    assert problem.message == (
        "Die Datei liegt im Ordner 2020, ihr Name nennt aber 2019. Ist sie versehentlich aus "
        "einem anderen Jahr hineinkopiert worden? Bitte verschieben oder umbenennen."
    )


# --------------------------------------------------------------------------- 4. header, sheets


def test_header_row_found_below_title_rows(tmp_path):
    write_xlsx(
        tmp_path / "a.xlsx",
        measure_rows({"1.1": "offen", "1.2": "umgesetzt"}),
        title_rows=[["Stadt Wolfenbüttel – Integrationskonzept"], ["Umsetzungsstand 2020"]],
    )
    (table,) = _read(tmp_path / "a.xlsx").tables
    assert table.header_row == 3
    assert [number for number, _ in table.rows] == [4, 5]
    assert [c.header for c in table.columns] == HEADER


def test_header_row_found_in_row_20(tmp_path):
    titles = [[f"Titelzeile {n}"] for n in range(1, 20)]
    write_xlsx(tmp_path / "a.xlsx", measure_rows({"1.1": "offen"}), title_rows=titles)
    contents = _read(tmp_path / "a.xlsx")
    assert contents.problems == ()
    (table,) = contents.tables
    assert table.header_row == 20
    assert table.rows[0][0] == 21


def test_header_below_row_20_is_not_searched(tmp_path):
    titles = [[f"Titelzeile {n}"] for n in range(1, 21)]
    write_xlsx(tmp_path / "a.xlsx", measure_rows({"1.1": "offen"}), title_rows=titles)
    contents = _read(tmp_path / "a.xlsx")
    assert contents.tables == ()
    (problem,) = [p for p in contents.problems if p.is_error]
    assert problem.file == "a.xlsx"
    assert problem.message == (
        "In der Datei wurde keine Tabelle mit Maßnahmen gefunden: keine der ersten 20 Zeilen "
        "eines Blattes enthält die Spalten Nr., Maßnahme und Status."
    )


def test_header_row_found_after_a_blank_first_row(tmp_path):
    write_xlsx(
        tmp_path / "a.xlsx",
        measure_rows({"1.1": "offen"}),
        title_rows=[["Integrationskonzept"], [None]],
    )
    (table,) = _read(tmp_path / "a.xlsx").tables
    assert table.header_row == 3
    assert table.rows[0][0] == 4


def test_problem_rows_count_title_and_header_rows(tmp_path):
    write_xlsx(
        tmp_path / "2020" / "a.xlsx",
        measure_rows({"1.1": "offen", "1.2": "in umsetzng"}),
        title_rows=[["Integrationskonzept"], ["Stand: 30.06.2020"]],
    )
    year = _measures(tmp_path / "2020" / "a.xlsx", name="2020/a.xlsx")
    (problem,) = [p for p in year.problems if p.is_error]
    # title rows 1-2, header row 3, 1.1 in row 4, 1.2 in row 5
    assert (problem.file, problem.sheet, problem.row, problem.column) == (
        "2020/a.xlsx",
        "Maßnahmen",
        5,
        "Status",
    )
    assert {m.id: m.source.row for m in year.measures} == {"1.1": 4, "1.2": 5}


def test_notes_sheet_is_skipped_with_a_note(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", measure_rows({"1.1": "offen"}))
    workbook = openpyxl.load_workbook(path)
    notes = workbook.create_sheet("Hinweise")
    notes.append(["Bitte den Status aus der Liste wählen."])
    notes.append(["Rückfragen an das Integrationsbüro, Tel. 86-123."])
    workbook.save(path)
    contents = _read(path)
    assert [t.sheet for t in contents.tables] == ["Maßnahmen"]
    (problem,) = contents.problems
    assert problem.severity is Severity.NOTE
    assert (problem.file, problem.sheet) == ("a.xlsx", "Hinweise")
    assert problem.message == (
        "Blatt ohne Kopfzeile mit Nr., Maßnahme und Status, nicht als Daten gelesen "
        "(z. B. Hinweise oder Auswahllisten)."
    )


def test_pick_list_sheet_beside_the_data_is_skipped_with_a_note(tmp_path):
    """A pick-list sheet (drop-down sources for Status and Handlungsfeld) is not a data sheet
    missing columns: the file has its data sheet, the lists are skipped and noted."""
    path = write_xlsx(tmp_path / "a.xlsx", measure_rows({"1.1": "offen"}))
    workbook = openpyxl.load_workbook(path)
    lists = workbook.create_sheet("Auswahllisten")
    lists.append(["Status", "Handlungsfeld"])
    lists.append(["nicht begonnen", "Sprache"])
    lists.append(["in Umsetzung", "Arbeit"])
    workbook.save(path)
    contents = _read(path)
    assert [t.sheet for t in contents.tables] == ["Maßnahmen"]
    assert [p for p in contents.problems if p.is_error] == []
    assert [(p.severity, p.sheet) for p in contents.problems] == [(Severity.NOTE, "Auswahllisten")]


def test_extra_columns_are_ignored_and_listed(tmp_path):
    header = ["Nr.", "Maßnahme", "Ziel", "Status", "Kosten (EUR)"]
    write_xlsx(
        tmp_path / "a.xlsx",
        [header, ["1.1", "Sprachkurs", "Deutsch B1", "offen", 1200]],
        title_rows=[["Integrationskonzept"]],
    )
    contents = _read(tmp_path / "a.xlsx")
    (problem,) = contents.problems
    assert problem.severity is Severity.NOTE
    assert (problem.file, problem.sheet, problem.row) == ("a.xlsx", "Maßnahmen", 2)
    assert problem.message == "Nicht ausgewertete Spalten: „Ziel“, „Kosten (EUR)“."
    year = validate_year(2020, [contents], Config())
    (sheet,) = year.sheets
    assert sheet.ignored_columns == ("Ziel", "Kosten (EUR)")
    assert [m.id for m in year.measures] == ["1.1"]


# --------------------------------------------------------------------------- 7. unreadable files


def _half_xlsx(tmp_path) -> bytes:
    real = write_xlsx(tmp_path / "real" / "x.xlsx", measure_rows({"1.1": "offen"}))
    data = real.read_bytes()
    return data[: len(data) // 2]


UNREADABLE = [
    (
        "text.xlsx",
        "Nr;Maßnahme;Status\n1.1;Sprachkurs;offen\n".encode(),
        "Die Datei ist keine Excel-Arbeitsmappe, obwohl sie auf .xlsx endet. Bitte in der "
        "Tabellenkalkulation öffnen und als .xlsx speichern.",
    ),
    (
        "x.xls",
        b"Dies ist keine Tabelle.\n",
        "Die Datei ist keine Excel-97-2003-Datei, obwohl sie auf .xls endet. Bitte in der "
        "Tabellenkalkulation öffnen und als .xlsx speichern.",
    ),
    (
        "geschuetzt.xlsx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024,
        "Die Datei ist mit einem Kennwort geschützt und kann nicht gelesen werden. Bitte ohne "
        "Kennwort speichern (Datei > Informationen > Arbeitsmappe schützen).",
    ),
    ("leer.xlsx", b"", "Die Datei ist leer (0 Byte)."),
    ("leer.csv", b"", "Die Datei ist leer (0 Byte)."),
]


@pytest.mark.parametrize(("name", "data", "message"), UNREADABLE, ids=[u[0] for u in UNREADABLE])
def test_unreadable_file_is_an_error(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    contents = _read(tmp_path / name, name=name)
    assert contents.tables == ()
    (problem,) = contents.problems
    assert problem.severity is Severity.ERROR
    assert problem.file == name
    assert problem.message == message


def test_truncated_xlsx_is_an_error(tmp_path):
    (tmp_path / "halb.xlsx").write_bytes(_half_xlsx(tmp_path))
    contents = _read(tmp_path / "halb.xlsx", name="halb.xlsx")
    assert contents.tables == ()
    (problem,) = contents.problems
    assert problem.severity is Severity.ERROR
    assert problem.file == "halb.xlsx"
    assert problem.message.startswith(
        "Die Datei ist beschädigt oder unvollständig und kann nicht gelesen werden ("
    )
    assert problem.message.endswith("). Bitte in der Tabellenkalkulation öffnen und neu speichern.")


def test_file_above_size_limit_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "gross.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * (2 * 1024 * 1024))
    contents = _read(path, name="gross.xlsx")
    (problem,) = contents.problems
    assert problem.severity is Severity.ERROR
    assert problem.message == (
        "Die Datei ist 2 MB groß; angenommen werden höchstens 1 MB. Enthält sie Bilder oder "
        "sehr viele leere formatierte Zeilen?"
    )


def test_default_limits_are_50_mb_and_100000_rows():
    assert sheets.MAX_FILE_BYTES == 50 * 1024 * 1024
    assert sheets.MAX_ROWS == 100_000


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_sheet_with_more_than_max_rows_is_an_error(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(sheets, "MAX_ROWS", 5)
    rows = measure_rows({f"1.{n}": "offen" for n in range(1, 11)})
    path = tmp_path / f"viele{suffix}"
    if suffix == ".xlsx":
        write_xlsx(path, rows)
    else:
        path.write_bytes("\n".join(";".join(map(str, r)) for r in rows).encode("utf-8"))
    contents = _read(path, name=path.name)
    assert contents.tables == ()
    (problem,) = contents.problems
    assert problem.severity is Severity.ERROR
    assert problem.file == path.name
    assert problem.message == (
        "Das Blatt hat mehr als 5 Zeilen; so viele Maßnahmen hat kein Plan. Die Datei wurde "
        "nicht gelesen."
    )


def test_sheet_with_max_rows_exactly_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 5)
    write_xlsx(tmp_path / "a.xlsx", measure_rows({f"1.{n}": "offen" for n in range(1, 5)}))
    contents = _read(tmp_path / "a.xlsx")
    assert contents.problems == ()
    assert len(contents.tables[0].rows) == 4


# --------------------------------------------------------------------------- 9. formats

FORMAT_ROWS = [
    ["Nr.", "Handlungsfeld", "Maßnahme", "Federführung", "Ende", "Status", "Sachstand"],
    ["1.10", "Sprache und Bildung", "Sprachkurse für Mütter", "Bürgerbüro", "31.12.2021",
     "in Umsetzung", "läuft, gut angenommen"],
    ["1.2", None, "Kita-Plätze für Geflüchtete", "Jugendamt", "2022", "umgesetzt",
     "Öffnungszeiten ausgeweitet; Ü-3-Gruppe"],
    ["2.1", "Arbeit", "Berufsorientierung", "Jobcenter", "fortlaufend", "Daueraufgabe", ""],
]  # fmt: skip
FORMAT_EXPECTED = [
    ("1.2", "Kita-Plätze für Geflüchtete", "Sprache und Bildung", "umgesetzt", "Jugendamt",
     "2022", 2022, "Öffnungszeiten ausgeweitet; Ü-3-Gruppe"),
    ("1.10", "Sprachkurse für Mütter", "Sprache und Bildung", "in Umsetzung", "Bürgerbüro",
     "31.12.2021", 2021, "läuft, gut angenommen"),
    ("2.1", "Berufsorientierung", "Arbeit", "verstetigt", "Jobcenter", "fortlaufend", None, ""),
]  # fmt: skip


def _csv_bytes(rows, delimiter, encoding) -> bytes:
    def cell(value):
        text = "" if value is None else str(value)
        return f'"{text}"' if delimiter in text or '"' in text else text

    lines = [delimiter.join(cell(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def test_xlsx_reference_result(tmp_path):
    write_xlsx(tmp_path / "a.xlsx", FORMAT_ROWS)
    year = _measures(tmp_path / "a.xlsx")
    assert year.problems == ()
    assert [_signature(m) for m in year.measures] == FORMAT_EXPECTED


def test_ods_reads_like_xlsx(tmp_path):
    frame = pd.DataFrame(FORMAT_ROWS[1:], columns=FORMAT_ROWS[0])
    frame.to_excel(tmp_path / "a.ods", engine="odf", index=False, sheet_name="Maßnahmen")
    year = _measures(tmp_path / "a.ods", name="a.ods")
    assert year.problems == ()
    assert [_signature(m) for m in year.measures] == FORMAT_EXPECTED
    assert [(m.source.sheet, m.source.row) for m in year.measures] == [
        ("Maßnahmen", 3),
        ("Maßnahmen", 2),
        ("Maßnahmen", 4),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_reads_like_xlsx(tmp_path, delimiter, encoding):
    (tmp_path / "a.csv").write_bytes(_csv_bytes(FORMAT_ROWS, delimiter, encoding))
    year = _measures(tmp_path / "a.csv", name="a.csv")
    assert year.problems == ()
    assert [_signature(m) for m in year.measures] == FORMAT_EXPECTED
    assert [m.source.row for m in year.measures] == [3, 2, 4]


def test_cp1252_csv_keeps_umlauts_in_headers(tmp_path):
    rows = [["Maßnahmen-Nr.", "Maßnahme", "Stand der Umsetzung", "Federführung", "Erläuterung"]]
    rows.append(["3.1", "Bürgerbüro öffnet länger", "erfüllt", "Bürgerbüro", "Änderung ab März"])
    (tmp_path / "a.csv").write_bytes(_csv_bytes(rows, ";", "cp1252"))
    year = _measures(tmp_path / "a.csv", name="a.csv")
    assert year.problems == ()
    (measure,) = year.measures
    assert (measure.id, measure.title, measure.status, measure.lead, measure.note) == (
        "3.1",
        "Bürgerbüro öffnet länger",
        "umgesetzt",
        "Bürgerbüro",
        "Änderung ab März",
    )


def _cells_as_pandas_read_them(path) -> dict[str, list[list]]:
    """How load read workbooks before it called calamine directly: pandas.read_excel."""
    frames = pd.read_excel(
        path,
        sheet_name=None,
        header=None,
        engine="calamine",
        dtype=object,
        nrows=sheets.MAX_ROWS + 1,
    )
    return {
        str(name): [
            [sheets._clean(v) for v in row]
            for row in frame.astype(object).where(frame.notna(), None).values.tolist()
        ]
        for name, frame in frames.items()
    }


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_cells_are_read_as_pandas_read_them(tmp_path, suffix):
    """Same values as through pandas: whole numbers as int, dates as datetime, pandas'
    missing-value words („NA“, „None“, „n/a“ …) as empty, a BOM in the first cell dropped."""
    rows = [
        ["\ufeffNr.", "NA", " NA ", "None", "null", "n/a", "#N/A", "", "  ", "x"],
        [1.10, 3.0, 1e20, True, False, dt.date(2020, 1, 2), dt.datetime(2020, 1, 2, 3, 4)],
        [-0.0, 0.1, -5, "1.10", "nan", "\ufeffB", " 2.5 ", None, "fortlaufend"],
    ]
    rows = [row + [None] * (10 - len(row)) for row in rows]
    path = tmp_path / f"a{suffix}"
    if suffix == ".xlsx":
        workbook = openpyxl.Workbook()
        workbook.active.title = "Maßnahmen"
        for row in rows:
            workbook.active.append(row)
        workbook.active["C7"] = "unten"
        workbook.create_sheet("Leer")
        workbook.save(path)
    else:
        with pd.ExcelWriter(path, engine="odf") as writer:
            pd.DataFrame(rows).to_excel(writer, header=False, index=False, sheet_name="Maßnahmen")
    read = sheets.read_sheets(path)
    expected = _cells_as_pandas_read_them(path)
    if suffix == ".xlsx":  # openpyxl saves "#N/A" as an error value: read as that, not empty
        assert expected["Maßnahmen"][0][6] is None
        expected["Maßnahmen"][0][6] = "#NV"
        assert isinstance(read["Maßnahmen"][0][6], sheets.CellError)
    assert read == expected
    assert read["Maßnahmen"][0][:3] == ["Nr.", None, "NA"]
    if suffix == ".xlsx":
        assert [type(v) for v in read["Maßnahmen"][1][:3]] == [float, int, int]
