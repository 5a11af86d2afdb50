"""The collection round: forms per actor from the demo's 2020, filled in, read back as 2021."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import measure_rows, run_cli, write_xlsx
from openpyxl.utils import get_column_letter

from planreview.collect.forms import safe_file_name
from planreview.collect.formsheet import (
    DATA_SHEET,
    FIRST_ROW,
    FREE_ROWS,
    HEADER_ROW,
    NOTES_SHEET,
    form_workbook,
)
from planreview.problems import InputError
from planreview.read.columns import column_key
from planreview.read.config import Config, Field, load_config
from planreview.read.config_sections import Collection
from planreview.read.discover import year_of
from planreview.read.validate import Measure, Source
from planreview.read.vocabulary import Status, Vocabulary

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "inputs"
LEADS = {
    "Bürgerbüro": 1,
    "Fachbereich Jugend und Soziales": 5,
    "Fachbereich Zentrale Dienste (Personal)": 2,
    "Freiwilligenagentur": 3,
    "Gesundheitsamt (Landkreis)": 4,
    "Integrationsbüro": 12,
    "Jobcenter": 5,
    "Kreissportbund": 2,
    "Kulturbüro (Stadt)": 1,
    "Migrationsberatung (Caritas)": 3,
    "Stadtbücherei": 3,
    "VHS Wolfenbüttel": 5,
    "Wirtschaftsförderung (Stadt)": 1,
    "Wohnungsbaugesellschaft": 2,
}
NOT_RETURNED = "Kreissportbund"
# How the test answers: everything else keeps last year's status.
CHANGED = {"1.2": "verstetigt", "8.4": "entfallen", "6.4": "zurückgestellt"}
LEFT_EMPTY = "2.6"
NEW = ["1.11", "Sprachkurs für Eltern", "Sprache und Bildung", "VHS Wolfenbüttel"]


def _columns(sheet) -> dict[str, int]:
    return {c.value: c.column for c in sheet[HEADER_ROW] if c.value}


def _status_validation(sheet):
    status = get_column_letter(_columns(sheet)["Status"])
    found = [
        dv
        for dv in sheet.data_validations.dataValidation
        if dv.type == "list" and f"{status}{FIRST_ROW}" in dv.sqref
    ]
    assert len(found) == 1
    return found[0]


def _options(workbook, validation) -> list[str]:
    """The drop-down's entries: the inline list, or the cells of the range it names."""
    formula = validation.formula1
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet, cells = formula.split("!")
    return [c[0].value for c in workbook[sheet][cells.replace("$", "")]]


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    root = tmp_path_factory.mktemp("round")
    inputs = root / "inputs"
    shutil.copytree(DEMO, inputs)
    out = root / "forms"
    code, stdout, stderr = run_cli(
        "forms", "--year", "2021", "--inputs", str(inputs), "--out", str(out)
    )
    assert (code, stderr) == (0, ""), stderr
    return inputs, out, stdout


def test_one_form_per_lead_with_safe_names(forms):
    inputs, out, stdout = forms
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == len(LEADS)
    for name in names:
        assert re.fullmatch(r"Rueckmeldung_2021_[A-Za-z0-9_]+\.xlsx", name), name
    assert "Rueckmeldung_2021_VHS_Wolfenbuettel.xlsx" in names
    lines = stdout.splitlines()
    assert lines[0] == (
        f"Rückmeldeformulare 2021 geschrieben nach {out}/ (Stand 2020: 49 Maßnahmen, 14 Dateien):"
    )
    assert "  Rueckmeldung_2021_Buergerbuero.xlsx: Bürgerbüro, 1 Maßnahme" in lines
    counts = {}
    for name in names:
        sheet = openpyxl.load_workbook(out / name)[DATA_SHEET]
        col = _columns(sheet)
        leads = {sheet.cell(r, col["Federführung"]).value for r in range(FIRST_ROW, 200)} - {None}
        assert len(leads) == 1, name
        counts[leads.pop()] = sum(
            1 for r in range(FIRST_ROW, sheet.max_row + 1) if sheet.cell(r, 1).value
        )
    assert counts == LEADS


def test_headers_are_the_loaders_own_and_last_year_is_ignored(forms):
    _, out, _ = forms
    sheet = openpyxl.load_workbook(out / "Rueckmeldung_2021_VHS_Wolfenbuettel.xlsx")[DATA_SHEET]
    headers = list(_columns(sheet))
    assert {h: column_key(h) for h in headers} == {
        "Nr.": "id",
        "Maßnahme": "title",
        "Handlungsfeld": "field",
        "Federführung": "lead",
        "Status 2020": None,
        "Sachstand 2020": None,
        "Status": "status",
        "Sachstand": "note",
        "Ende": "end",
        "Begründung": "reason",
        "Beteiligte": "partners",
        "Zielgruppe": "target_group",
        "Beginn": "start",
    }
    col = _columns(sheet)
    row = [sheet.cell(FIRST_ROW, col[h]).value for h in headers]
    assert row[:5] == [
        "1.2",
        "Integrationskurse mit Kinderbetreuung",
        "Sprache und Bildung",
        "VHS Wolfenbüttel",
        "umgesetzt",
    ]
    assert row[5].startswith("Beide Kurse sind abgeschlossen")
    assert row[6:9] == [None, None, "31.12.2020"]
    assert sheet.freeze_panes == f"C{FIRST_ROW}"
    assert all(sheet.cell(r, 1).number_format == "@" for r in range(FIRST_ROW, sheet.max_row))


def test_printable_landscape_one_page_wide_header_repeated(forms):
    _, out, _ = forms
    sheet = openpyxl.load_workbook(out / "Rueckmeldung_2021_Jobcenter.xlsx")[DATA_SHEET]
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    last = FIRST_ROW + 5 + FREE_ROWS - 1
    assert sheet.print_area == f"'{DATA_SHEET}'!$A$1:$J${last}"  # the extra columns K:M not
    assert sheet.cell(FIRST_ROW, 2).alignment.wrap_text


def test_drop_down_lists_exactly_the_configured_statuses(forms):
    inputs, out, _ = forms
    labels = list(load_config(inputs / "review.toml").vocabulary.labels)
    for path in out.iterdir():
        workbook = openpyxl.load_workbook(path)
        sheet = workbook[DATA_SHEET]
        validation = _status_validation(sheet)
        assert _options(workbook, validation) == labels
        assert validation.showErrorMessage and validation.errorStyle == "stop"
        assert validation.allow_blank  # empty: not answered yet
        assert "Auswahlliste" in validation.error and validation.errorTitle == "Ungültiger Status"
        status = get_column_letter(_columns(sheet)["Status"])
        last = sheet.max_row
        assert str(validation.sqref) == f"{status}{FIRST_ROW}:{status}{last}", path.name


def test_drop_down_from_the_notes_sheet_when_labels_cannot_be_inline():
    statuses = (
        Status("offen, geplant", "open"),
        Status("fertig", "done"),
        Status("weg", "dropped"),
    )
    config = Config(vocabulary=Vocabulary(statuses), fields=(Field("1", "Arbeit, Beruf"),))
    workbook = form_workbook([_measure()], "VHS", 2021, 2020, config)
    validation = _status_validation(workbook[DATA_SHEET])
    assert validation.formula1.startswith(f"{NOTES_SHEET}!$A$")
    assert _options(workbook, validation) == ["offen, geplant", "fertig", "weg"]
    fields = [
        dv
        for dv in workbook[DATA_SHEET].data_validations.dataValidation
        if dv.type == "list" and dv is not validation
    ]
    assert [_options(workbook, dv) for dv in fields] == [["Arbeit, Beruf"]]


def test_last_year_locked_input_unlocked_sheets_protected(forms):
    _, out, _ = forms
    workbook = openpyxl.load_workbook(out / "Rueckmeldung_2021_Integrationsbuero.xlsx")
    sheet = workbook[DATA_SHEET]
    assert sheet.protection.sheet and workbook[NOTES_SHEET].protection.sheet
    col = _columns(sheet)
    locked = ["Nr.", "Maßnahme", "Handlungsfeld", "Federführung", "Status 2020", "Sachstand 2020"]
    editable = ["Status", "Sachstand", "Ende", "Begründung", "Beteiligte", "Zielgruppe", "Beginn"]
    measures = range(FIRST_ROW, FIRST_ROW + 12)
    for r in measures:
        for header in locked:
            cell = sheet.cell(r, col[header])
            assert cell.protection.locked, (r, header)
            assert cell.fill.fgColor.rgb.endswith("E7E6E6"), (r, header)  # greyed
        for header in editable:
            assert not sheet.cell(r, col[header]).protection.locked, (r, header)
    for r in range(FIRST_ROW + 12, FIRST_ROW + 12 + FREE_ROWS):  # free rows for new measures
        for c in col.values():
            assert not sheet.cell(r, c).protection.locked, (r, c)
    assert all(sheet.cell(HEADER_ROW, c).protection.locked for c in col.values())


def test_notes_sheet_says_what_to_do(tmp_path):
    config = Config(
        concept="Integrationskonzept",
        office="Integrationsbüro",
        collection=Collection("15.01.2022", "Frau Muster, Tel. 123"),
    )
    workbook = form_workbook([_measure()], "VHS", 2021, 2020, config)
    text = "\n".join(
        str(c.value) for row in workbook[NOTES_SHEET].iter_rows() for c in row if c.value
    )
    assert "Rückgabe bis: 15.01.2022" in text and "Kontakt: Frau Muster, Tel. 123" in text
    assert "Neue Maßnahme: bitte in eine freie Zeile unter der Liste eintragen. Nr. und " in text
    assert "„entfallen“" in text and "Begründung" in text
    for label in Vocabulary().labels:
        assert f"\n{label}\n" in text
    assert "Die Maßnahme ist dauerhaft in den Regelbetrieb übergegangen." in text
    header = [c.value for c in workbook[DATA_SHEET][2]]
    assert (
        header[0] == "Federführung: VHS · Rückgabe bis 15.01.2022 · Kontakt: Frau Muster, Tel. 123"
    )


def _fill(path: Path, target: Path, leave_empty=()) -> None:
    """Answer like an actor: a status from the drop-down for every measure."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[DATA_SHEET]
    options = _options(workbook, _status_validation(sheet))
    col = _columns(sheet)
    row = FIRST_ROW
    while sheet.cell(row, col["Nr."]).value:
        measure = sheet.cell(row, col["Nr."]).value
        if measure not in leave_empty:
            status = CHANGED.get(measure, sheet.cell(row, col["Status 2020"]).value)
            assert status in options
            sheet.cell(row, col["Status"]).value = status
            sheet.cell(row, col["Sachstand"]).value = f"Stand 2021 zu {measure}."
            if measure == "8.4":
                sheet.cell(row, col["Begründung"]).value = "Aufgabe übernimmt der Landkreis."
        row += 1
    if "VHS" in path.name:  # one new measure in the first free row
        for header, value in zip(
            ("Nr.", "Maßnahme", "Handlungsfeld", "Federführung"), NEW, strict=True
        ):
            sheet.cell(row, col[header]).value = value
        sheet.cell(row, col["Status"]).value = options[1]
        sheet.cell(row, col["Ende"]).value = "2022"
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)


@pytest.fixture(scope="module")
def returned(forms, tmp_path_factory):
    """The demo plus 2021: every form back but one, one status left empty."""
    inputs, out, _ = forms
    root = tmp_path_factory.mktemp("returned") / "inputs"
    shutil.copytree(inputs, root)
    for path in sorted(out.iterdir()):
        if NOT_RETURNED not in path.name:
            _fill(path, root / "2021" / path.name, leave_empty=(LEFT_EMPTY,))
    return root


def test_check_lists_who_has_not_answered(returned):
    code, out, _ = run_cli("check", "--inputs", str(returned), "--year", "2021")
    assert code == 1
    lines = out.splitlines()
    start = lines.index("  Noch keine Rückmeldung (1):")
    assert (
        lines[start + 1]
        == "    Wirtschaftsförderung (Stadt): 2.6 Sprechstunde für Existenzgründungen"
    )
    start = lines.index(
        "Rückmeldungen 2021: 3 von 49 Maßnahmen aus 2020 noch ohne Status 2021; vollständig: "
        "12 von 14 Federführungen."
    )
    assert lines[start + 1 : start + 7] == [
        "  Nichts zurückgemeldet: Kreissportbund (2 Maßnahmen), Wirtschaftsförderung (Stadt) "
        "(1 Maßnahme)",
        "  Kreissportbund (2 von 2 offen):",
        "    nicht in den Dateien für 2021: 5.1 „Sport für alle“ – Vereinsangebote für "
        "Geflüchtete, 5.2 Schwimmkurse für Frauen und Mädchen",
        "  Wirtschaftsförderung (Stadt) (1 von 1 offen):",
        "    ohne Status: 2.6 Sprechstunde für Existenzgründungen",
        "",
    ]
    errors = [line for line in lines if line.startswith("  Fehler:")]
    assert len(errors) == 1 and "Maßnahme 2.6 hat keinen Status" in errors[0]


def test_build_refuses_an_empty_status_unless_allowed(returned, tmp_path):
    code, _, err = run_cli("build", "--inputs", str(returned), "--no-pdf", "-q")
    assert code == 1 and "Maßnahme 2.6 hat keinen Status" in err
    target = tmp_path / "s.json"
    code, _, err = run_cli(
        "build",
        "--inputs",
        str(returned),
        "--no-pdf",
        "-q",
        "--allow-missing",
        "--json",
        str(target),
    )
    assert (code, err) == (0, "")
    summary = json.loads(target.read_text(encoding="utf-8"))
    assert [m["change"] for m in summary["measures"] if m["id"] == "2.6"] == ["no_response"]
    assert summary["responses"]["returned_nothing"] == [
        "Kreissportbund",
        "Wirtschaftsförderung (Stadt)",
    ]


def test_round_trip_builds_the_expected_comparison(returned, tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(returned, inputs)
    path = inputs / "2021" / "Rueckmeldung_2021_Wirtschaftsfoerderung_Stadt.xlsx"
    _fill(path, path)  # the late answer arrives
    target = tmp_path / "s.json"
    code, _, err = run_cli(
        "build", "--inputs", str(inputs), "--no-pdf", "-q", "--json", str(target)
    )
    assert (code, err) == (0, "")
    summary = json.loads(target.read_text(encoding="utf-8"))
    assert (summary["year"], summary["previous_year"], summary["total"]) == (2021, 2020, 48)
    changes = summary["changes"]
    assert changes["new"] == ["1.11"]
    assert changes["removed"] == ["5.1", "5.2"]
    assert changes["progressed"] == ["1.2"]
    assert changes["dropped"] == ["8.4"]
    assert changes["postponed"] == ["6.4"]
    assert changes["regressed"] == changes["resumed"] == []
    previous = {m["id"] for m in json.loads(_demo_json(tmp_path))["measures"]}
    assert set(changes["unchanged"]) == previous - {"5.1", "5.2", *CHANGED}
    # titles, fields, leads and reasons carried over: no warning about the 2021 files
    assert [w for w in summary["warnings"] if w.startswith("2021")] == []
    assert summary["responses"] == {
        "year": 2021,
        "previous_year": 2020,
        "complete": False,
        "returned_nothing": ["Kreissportbund"],
        "outstanding": [
            {"lead": "Kreissportbund", "measures": 2, "unanswered": [], "missing": ["5.1", "5.2"]}
        ],
    }
    new = next(m for m in summary["measures"] if m["id"] == "1.11")
    assert (new["title"], new["field"], new["lead"], new["end_year"]) == (
        "Sprachkurs für Eltern",
        "Sprache und Bildung",
        "VHS Wolfenbüttel",
        2022,
    )


def _demo_json(tmp_path) -> str:
    target = tmp_path / "demo.json"
    code, _, err = run_cli("build", "--inputs", str(DEMO), "--no-pdf", "-q", "--json", str(target))
    assert code == 0, err
    return target.read_text(encoding="utf-8")


def _measure(**values) -> Measure:
    base = dict(
        id="1.1",
        title="Sprachkurs",
        field="Sprache",
        status="in Umsetzung",
        source=Source("a.xlsx", "Tabelle1", 2),
        lead="VHS",
    )
    return Measure(**{**base, **values})


def test_hostile_text_from_last_year_is_not_a_formula_in_the_form(tmp_path):
    measure = _measure(title='=HYPERLINK("http://x")', note="+1", lead="@SUM(A1)", end="-2")
    form_workbook([measure], "@SUM(A1)", 2021, 2020, Config()).save(tmp_path / "f.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "f.xlsx")
    kinds = {c.data_type for s in workbook.worksheets for row in s.iter_rows() for c in row}
    assert "f" not in kinds
    assert workbook[DATA_SHEET].cell(FIRST_ROW, 2).value == '=HYPERLINK("http://x")'


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("VHS Wolfenbüttel", "Rueckmeldung_2021_VHS_Wolfenbuettel.xlsx"),
        ("Straße / Süd & Co.", "Rueckmeldung_2021_Strasse_Sued_Co.xlsx"),
        ("Arbeitskreis 2030", "Rueckmeldung_2021_Arbeitskreis_20-30.xlsx"),
        ("../../etc", "Rueckmeldung_2021_etc.xlsx"),
        ("ČŠ-Verein", "Rueckmeldung_2021_CS_Verein.xlsx"),
        ("???", "Rueckmeldung_2021_unbenannt.xlsx"),
    ],
)
def test_file_names_are_safe_and_name_only_the_year(lead, expected):
    name = safe_file_name(lead, 2021)
    assert name == expected
    assert year_of(Path(name), name, ("2021",)) == (2021, None)


def test_measures_without_lead_and_look_alike_names(tmp_path):
    rows = measure_rows({"1.1": "laufend", "1.2": "geplant", "1.3": "laufend"})
    rows[1][3] = ""  # no lead
    rows[2][3] = "V.H.S."
    rows[3][3] = "V H S"
    write_xlsx(tmp_path / "in" / "Stand_2020.xlsx", rows)
    code, out, err = run_cli(
        "forms", "--inputs", str(tmp_path / "in"), "--out", str(tmp_path / "f")
    )  # year: the next one
    assert (code, err) == (0, ""), err
    assert sorted(p.name for p in (tmp_path / "f").iterdir()) == [
        "Rueckmeldung_2021_V_H_S.xlsx",
        "Rueckmeldung_2021_V_H_S_2.xlsx",
        "Rueckmeldung_2021_ohne_Federfuehrung.xlsx",
    ]
    sheet = openpyxl.load_workbook(tmp_path / "f" / "Rueckmeldung_2021_ohne_Federfuehrung.xlsx")
    assert sheet[DATA_SHEET]["A2"].value == "Maßnahmen ohne Federführung"
    assert "Rueckmeldung_2021_ohne_Federfuehrung.xlsx: ohne Federführung, 1 Maßnahme" in out


def test_forms_need_an_earlier_year_without_errors(tmp_path):
    write_xlsx(tmp_path / "Stand_2020.xlsx", measure_rows({"1.1": "laufend"}))
    code, _, err = run_cli("forms", "--year", "2020", "--inputs", str(tmp_path))
    assert code == 1
    assert "Für die Formulare 2020 braucht es Daten eines Jahres davor; vorhanden: 2020." in err
    write_xlsx(tmp_path / "Stand_2020.xlsx", measure_rows({"1.1": "läuft super"}))
    code, _, err = run_cli(
        "forms", "--year", "2021", "--inputs", str(tmp_path), "--out", str(tmp_path / "f")
    )
    assert code == 1
    assert "ist kein bekannter Status" in err
    assert (
        "  Fehler: Keine Formulare erstellt: Die Daten von 2020 haben Fehler. Bitte erst "
        "korrigieren (python review.py check --year 2020)."
    ) in err.splitlines()
    assert not (tmp_path / "f").exists()


def test_collection_settings_in_review_toml(tmp_path):
    path = tmp_path / "review.toml"
    path.write_text('[collection]\ndeadline = 2022-01-15\ncontact = "Frau Muster"\n', "utf-8")
    assert load_config(path).collection == Collection("15.01.2022", "Frau Muster")
    path.write_text('[collection]\ndeadline = ["x"]\nfrist = "morgen"\n', "utf-8")
    with pytest.raises(InputError) as caught:
        load_config(path)
    messages = [p.message for p in caught.value.problems]
    assert messages == [
        "collection.deadline muss ein Text sein.",
        "collection.frist ist keine bekannte Einstellung.",
    ]
    assert Config().collection == Collection()
