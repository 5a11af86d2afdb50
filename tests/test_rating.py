"""The Ampel per Handlungsfeld (analyse/rating.py), its [rating] settings, the actors' own
Ampel column, and the Beschlussvorschlag from review.toml."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import HEADER, measure_rows, run_cli, write_xlsx

from planreview.analyse.rating import own_rating, rate_table
from planreview.problems import InputError
from planreview.read.config import Rating, load_config


def entry(n: int, change: str = "unchanged", overdue=False, stalled=False, rating="") -> dict:
    """One row of a comparison table, as far as the rating reads it."""
    return {"id": f"1.{n}", "field": "Sprache", "change": change, "stalled": stalled,
            "overdue": overdue, "rating": rating}  # fmt: skip


def rate_field(field: str, rows: list[dict], rules: Rating):
    (rated,) = rate_table(pd.DataFrame(rows), [field], rules)
    return rated


def test_levels_by_the_stated_rules():
    rules = Rating()  # beobachten from 1 measure needing attention, Handlungsbedarf from 30 %
    calm = [entry(n) for n in range(1, 11)]
    assert rate_field("Sprache", calm, rules).level == "green"
    one = [entry(1, overdue=True)] + calm[1:]
    rated = rate_field("Sprache", one, rules)
    assert (rated.attention, rated.level) == (1, "amber")
    # 3 of 10 = 30 %: red; each measure counted once (overdue and stalled is one measure)
    three = [entry(1, overdue=True, stalled=True), entry(2, "regressed"), entry(3, "dropped")]
    rated = rate_field("Sprache", three + calm[3:], rules)
    assert (rated.measures, rated.attention, rated.level) == (10, 3, "red")
    # postponed needs attention too; progressed and new do not
    moved = [entry(1, "postponed"), entry(2, "progressed"), entry(3, "new")] + calm[3:]
    assert rate_field("Sprache", moved, rules).attention == 1
    # stricter thresholds from review.toml
    assert rate_field("Sprache", one, Rating(amber_measures=2)).level == "green"
    assert rate_field("Sprache", one, Rating(red_percent=10)).level == "red"


def test_the_actors_own_ampel():
    assert [own_rating(w) for w in ("grün", " Gelb ", "ROT", "green", "", "blau")] == [
        "green", "amber", "red", "green", None, None,
    ]  # fmt: skip
    entries = [entry(1, rating="rot"), entry(2, rating="grün"), entry(3, rating="gelb")]
    rated = rate_field("Sprache", entries, Rating())
    assert rated.own == {"green": 1, "amber": 1, "red": 1}
    assert (rated.attention, rated.level) == (1, "red")  # 1 of 3 rated "rot" by its actor
    assert rate_field("Sprache", entries, Rating(own_red_counts=False)).attention == 0


def test_rating_settings_are_checked(tmp_path):
    path = tmp_path / "review.toml"
    path.write_text("[rating]\namber_measures = 2\nred_percent = 50\nown_red_counts = false\n")
    assert load_config(path).rating == Rating(2, 50, False)
    path.write_text('[rating]\namber_measures = 0\nred_percent = "viel"\nred_procent = 1\n')
    with pytest.raises(InputError) as raised:
        load_config(path)
    texts = [p.message for p in raised.value.problems]
    unknown = "„rating.red_procent“ ist keine bekannte Einstellung. Meinten Sie „red_percent“?"
    assert unknown in texts
    assert "rating.amber_measures passt nicht." in texts
    assert "rating.red_percent passt nicht." in texts


def _inputs(folder, ampel: dict[str, str], config: str = ""):
    header = HEADER + ["Ampel"]
    for year, status in ((2019, "in Vorbereitung"), (2020, "in Umsetzung")):
        rows = measure_rows({"1.1": status, "1.2": status, "1.3": status}, header=header)
        for row in rows[1:]:
            row.append(ampel.get(row[0], "") if year == 2020 else "")
        write_xlsx(folder / f"stand_{year}.xlsx", rows)
    (folder / "review.toml").write_text(config, encoding="utf-8")
    return folder


def test_own_ampel_in_the_report_and_an_unknown_word_warned(tmp_path):
    inputs = _inputs(tmp_path / "in", {"1.1": "rot", "1.2": "Gelb", "1.3": "blau"})
    html = tmp_path / "r.html"
    code, _, err = run_cli("build", "--inputs", str(inputs), "--html", str(html), "--no-pdf")
    assert code == 0, err
    text = html.read_text(encoding="utf-8")
    assert "eigene Ampel: rot" in text and "eigene Ampel: gelb" in text
    assert "<td>1 gelb, 1 rot</td>" in text  # counted per field, in the overview
    code, out, _ = run_cli("check", "--inputs", str(inputs))
    assert "Ampel „blau“ bei Maßnahme 1.3 ist nicht verständlich und wird nicht gezählt." in out


def test_each_unknown_ampel_word_is_a_warning_at_its_cell(tmp_path):
    from planreview.analyse.pipeline import analyse
    from planreview.read.config import Config

    inputs = _inputs(tmp_path / "in", {"1.1": "blau", "1.2": "grün", "1.3": "?"})
    analysis = analyse(inputs, Config())
    found = [
        (p.file, p.row, p.column, p.value, p.message)
        for p in analysis.problems
        if p.column == "Ampel"
    ]
    assert found == [
        ("stand_2020.xlsx", 2, "Ampel", "blau", _UNKNOWN.format("blau", "1.1")),
        ("stand_2020.xlsx", 4, "Ampel", "?", _UNKNOWN.format("?", "1.3")),
    ]


_UNKNOWN = (
    "Ampel „{}“ bei Maßnahme {} ist nicht verständlich und wird nicht gezählt. "
    "Erlaubt: grün, gelb, rot."
)


def test_decision_from_the_config_or_the_default(tmp_path):
    config = '[report.vorlage]\ndecision = "Der Ausschuss beschließt die Fortschreibung."\n'
    inputs = _inputs(tmp_path / "in", {}, config)
    html = tmp_path / "r.html"
    code, _, err = run_cli("build", "--inputs", str(inputs), "--html", str(html), "--no-pdf")
    assert code == 0, err
    text = html.read_text(encoding="utf-8")
    assert "<p>Der Ausschuss beschließt die Fortschreibung.</p>" in text  # German already
    assert "zur Kenntnis" not in text
    (inputs / "review.toml").write_text("")
    code, _, err = run_cli("build", "--inputs", str(inputs), "--html", str(html), "--no-pdf")
    assert code == 0, err
    assert "Der Ausschuss nimmt den Umsetzungsbericht 2020 zur Kenntnis." in html.read_text(
        encoding="utf-8"
    )


def test_a_long_attention_list_names_the_first_and_points_to_the_rest(tmp_path):
    statuses = {f"1.{n}": "in Umsetzung" for n in range(1, 15)}
    for year in (2019, 2020):
        rows = measure_rows(statuses)
        for row in rows[1:]:
            row[4] = 2018  # planned end passed: all 14 overdue
        write_xlsx(tmp_path / "in" / f"stand_{year}.xlsx", rows)
    html = tmp_path / "r.html"
    code, _, err = run_cli(
        "build", "--inputs", str(tmp_path / "in"), "--html", str(html), "--no-pdf"
    )
    assert code == 0, err
    glance = html.read_text(encoding="utf-8").split('id="glance"')[1].split("</section>")[0]
    assert "14 Maßnahmen brauchen Aufmerksamkeit" in glance
    assert glance.count("<li>") == 12
    assert "2 weitere stehen im Kapitel „Veränderungen“ ab" in glance
    assert '<a class="page-ref" href="#changes">Seite</a>' in glance
