"""The measures without a lead (Federführung): the analysis marks them with an empty lead, the
words are chosen where they are shown: check, JSON, report, forms, workbench, reminder."""

from __future__ import annotations

import json

import pytest
from conftest import measure_rows, run_cli, write_xlsx

from planreview import analyse


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """2020: 1.1 and 1.2 without a lead, 1.3 VHS; 2021: 1.1 is missing (no answer)."""
    folder = tmp_path_factory.mktemp("inputs")
    before = measure_rows({"1.1": "laufend", "1.2": "geplant", "1.3": "laufend"})
    before[1][3] = before[2][3] = ""
    write_xlsx(folder / "Stand_2020.xlsx", before)
    now = measure_rows({"1.2": "laufend", "1.3": "umgesetzt"})
    now[1][3] = ""
    write_xlsx(folder / "Stand_2021.xlsx", now)
    return folder


def test_the_analysis_marks_them_with_an_empty_lead(inputs):
    actors = analyse(inputs).responses.actors
    assert [(a.lead, a.measures, a.outstanding) for a in actors] == [("VHS", 1, 0), ("", 2, 1)]


@pytest.mark.parametrize(
    ("language", "line"),
    [("de", "  ohne Federführung (1 von 2 offen):"), ("en", "  without a lead (1 of 2 open):")],
)
def test_check_names_them_in_its_language(inputs, language, line):
    code, out, err = run_cli("check", "--inputs", str(inputs), "--lang", language)
    assert code == 0, err
    assert line in out.splitlines()


@pytest.mark.parametrize(
    ("language", "words"), [("de", "ohne Federführung"), ("en", "without a lead")]
)
def test_json_and_report_name_them_in_the_build_language(inputs, tmp_path, language, words):
    summary, html = tmp_path / "s.json", tmp_path / "r.html"
    args = ["--json", str(summary), "--html", str(html), "--no-pdf", "--lang", language]
    code, _, err = run_cli("build", "--inputs", str(inputs), *args)
    assert code == 0, err
    outstanding = json.loads(summary.read_text(encoding="utf-8"))["responses"]["outstanding"]
    assert outstanding == [{"lead": words, "measures": 2, "unanswered": [], "missing": ["1.1"]}]
    text = html.read_text(encoding="utf-8")
    glance = {"de": "Noch keine Rückmeldung von: ", "en": "No answer yet from: "}[language]
    assert f'{glance}<span lang="{language}">{words}</span> (1 ' in text
    annex = {"de": "1 Maßnahme ohne Rückmeldung", "en": "1 measure without answer"}[language]
    assert f"{glance}{words}: {annex} (1.1)." in text


def test_forms_name_them_in_german(inputs, tmp_path):
    """The forms are German (their document language is de-DE), file names included."""
    code, out, err = run_cli(
        "forms", "--inputs", str(inputs), "--year", "2021", "--previous", "2020",
        "--out", str(tmp_path / "f"),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert sorted(p.name for p in (tmp_path / "f").iterdir()) == [
        "Rueckmeldung_2021_VHS.xlsx",
        "Rueckmeldung_2021_ohne_Federfuehrung.xlsx",
    ]
    assert "Rueckmeldung_2021_ohne_Federfuehrung.xlsx: ohne Federführung, 2 Maßnahmen" in out


def test_the_workbench_names_them_in_its_language(inputs):
    pytest.importorskip("flask")
    from planreview.web.app import create_app  # noqa: PLC0415

    app = create_app(inputs, inputs.parent / "reports", None)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "127.0.0.1"
    german = client.get("/rueckmeldungen?jahr=2021").get_data(as_text=True)
    assert '<th scope="row">ohne Federführung</th>' in german
    app.config["LANGUAGE"] = "en"
    english = client.get("/rueckmeldungen?jahr=2021").get_data(as_text=True)
    assert '<th scope="row">without a lead</th>' in english
    assert "Federführung</th>" not in english
    assert '<th scope="row">without a lead</th>' in client.get("/").get_data(as_text=True)


def test_the_reminder_names_them_in_german(inputs, tmp_path):
    import email
    import email.policy

    from planreview.collect.reminders import reminder, template_text
    from planreview.read.config import Config
    from planreview.resources import default_templates

    [actor] = [a for a in analyse(inputs).responses.actors if not a.lead]
    form = tmp_path / "Rueckmeldung_2021_ohne_Federfuehrung.xlsx"
    form.write_bytes(b"form")
    draft = reminder(actor, 2021, form, Config(), template_text(default_templates()))
    message = email.message_from_bytes(draft, policy=email.policy.default)
    assert message["Subject"] == (
        "Erinnerung: Rückmeldung zum Umsetzungsstand 2021 (ohne Federführung)"
    )


def test_who_has_not_answered_from_tables_whatever_their_positions():
    """responses_of_tables looks rows up by their place in the year's ID order (`order`), so
    a table that is part of a year (not positions 0..n-1) gives the same records."""
    from planreview.analyse.responses import responses_of_tables
    from planreview.analyse.years import year_frame
    from planreview.read.rows import Measure, Source, YearData

    def year(number, rows):
        made = tuple(
            Measure(i, f"M {i}", "Sprache", status, Source("a.xlsx", "T", n), lead=lead)
            for n, (i, status, lead) in enumerate(rows, start=2)
        )
        return YearData(number, made, (), ())

    before = year(
        2019, [("1.1", "geplant", "VHS"), ("1.2", "geplant", "VHS"), ("1.3", "geplant", "")]
    )
    now = year(2020, [("1.1", "geplant", "VHS"), ("1.2", None, "VHS")])  # 1.2 blank, 1.3 gone
    found = responses_of_tables(year_frame(now), year_frame(before).iloc[1:], 2020, 2019)
    assert [(a.lead, a.measures, [m.id for m in a.unanswered], [m.id for m in a.missing])
            for a in found.actors] == [("VHS", 1, ["1.2"], []), ("", 1, [], ["1.3"])]  # fmt: skip
    assert found.actors[1].missing[0] == before.measures[2]  # the record, as read
