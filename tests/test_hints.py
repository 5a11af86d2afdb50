"""Hints for the revision (Fortschreibung): each rule, its threshold from review.toml, the text
saying which rule fired and why, and the order per Handlungsfeld."""

from __future__ import annotations

from pathlib import Path

import pytest

from planreview.analyse.compare import compare
from planreview.analyse.hints import revision_hints
from planreview.analyse.history import build_history
from planreview.analyse.indicators import Indicator, Indicators, measured
from planreview.problems import InputError
from planreview.read.config import Config, Field, load_config
from planreview.read.config_sections import REVISION_RULES, Revision
from planreview.read.numbers import format_number
from planreview.read.validate import Measure, Source, YearData
from planreview.report.labels import hint_text, load_labels
from planreview.resources import default_templates

NB = "nicht begonnen"
IV = "in Vorbereitung"
IU = "in Umsetzung"
UG = "umgesetzt"
VS = "verstetigt"
ZG = "zurückgestellt"
EF = "entfallen"
YEARS = (2017, 2018, 2019, 2020)
FIELDS = (Field("1", "Sprache"), Field("2", "Arbeit"))
GERMAN = load_labels(default_templates(), "de")


def text(hint) -> str:
    """The hint in German words, as the JSON export writes it (the analysis has no words)."""
    return hint_text(hint, GERMAN, format_number)


def measure(measure_id, status, **kwargs) -> Measure:
    field = {"1": "Sprache", "2": "Arbeit"}[measure_id.split(".")[0]]
    return Measure(
        id=measure_id,
        title=f"Maßnahme {measure_id}",
        field=field,
        status=status,
        source=Source("status.xlsx", "Maßnahmen", 2),
        lead=kwargs.pop("lead", "VHS"),
        **kwargs,
    )


def hints_for(paths: dict[str, tuple], now: dict | None = None, indicators=None, **revision):
    """Hints for measures with a status per year in YEARS (None: not reported); `now` holds
    extra attributes of a measure in the reporting year (lead, reason, end_year)."""
    config = Config(fields=FIELDS, revision=Revision(**revision))
    now = now or {}
    data = []
    for n, year in enumerate(YEARS):
        extra = (lambda i: now.get(i, {})) if year == YEARS[-1] else (lambda i: {})
        measures = tuple(
            measure(i, path[n], **extra(i)) for i, path in paths.items() if path[n] is not None
        )
        data.append(YearData(year, measures, (), ()))
    comparison = compare(data[-1], data[-2], config, history=build_history(data, config))
    return revision_hints(comparison, config, indicators)


def rules(hints) -> list[tuple[str, str]]:
    return [(h.id, h.rule) for h in hints]


# --- one rule at a time --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "threshold", "fires"),
    [
        ((IU, IU, IU, IU), 2, True),  # stalled in 2019 and in 2020
        ((NB, IU, IU, IU), 2, False),  # stalled in 2020 only
        ((NB, IU, IU, IU), 1, True),
        ((IU, IU, IU, IU), 3, False),
        ((IU, IU, IV, IV), 1, False),  # not stalled at all
        ((ZG, ZG, ZG, ZG), 1, False),  # postponed is not stalled
    ],
)
def test_stalled_rule(statuses, threshold, fires):
    hints = hints_for({"1.1": statuses}, stalled_reviews=threshold)
    assert rules(hints) == ([("1.1", "stalled")] if fires else [])


def test_stalled_text_says_rule_and_why():
    [hint] = hints_for({"1.1": (NB, IU, IU, IU), "1.2": (None, None, None, NB)}, stalled_reviews=1)
    assert text(hint) == (
        "Regel „Stillstand“ (ab 3 Berichtsjahren in Folge mit demselben offenen Stand): "
        "Maßnahme 1.1 „Maßnahme 1.1“ steht seit 2018 auf „in Umsetzung“ (3 Berichtsjahre in "
        "Folge). Die Fortschreibung sollte sie neu planen oder streichen."
    )
    [hint] = hints_for({"1.1": (IU, IU, IU, IU)})
    assert "steht seit mindestens 2017 auf „in Umsetzung“ (4 Berichtsjahre in Folge)" in text(hint)
    assert "(ab 4 Berichtsjahren in Folge" in text(hint)
    assert (GERMAN(f"rule_{hint.rule}"), hint.field, hint.title, hint.kind) == (
        "Stillstand",
        "Sprache",
        "Maßnahme 1.1",
        "measure",
    )


@pytest.mark.parametrize(
    ("status", "end_year", "fires"),
    [(IU, 2019, True), (ZG, 2018, True), (IU, 2020, False), (UG, 2019, False), (IU, None, False)],
)
def test_overdue_rule(status, end_year, fires):
    hints = hints_for({"1.1": (None, None, NB, status)}, {"1.1": {"end_year": end_year}})
    assert rules(hints) == ([("1.1", "overdue")] if fires else [])
    if fires:
        assert text(hints[0]) == (
            "Regel „Überfällig“ (geplantes Ende vor dem Berichtsjahr, noch nicht umgesetzt): "
            f"Maßnahme 1.1 „Maßnahme 1.1“ sollte {end_year} enden, steht 2020 aber auf "
            f"„{status}“. Die Fortschreibung sollte ein neues geplantes Ende festlegen."
        )


@pytest.mark.parametrize(
    ("statuses", "threshold", "fires"),
    [
        ((IU, IU, UG, UG), 2, True),
        ((IU, IU, IU, UG), 2, False),  # umgesetzt only this year
        ((IU, IU, IU, UG), 1, True),
        ((UG, UG, UG, UG), 5, False),
        ((UG, UG, VS, VS), 1, False),  # verstetigt is where "umgesetzt" should go
        ((UG, None, UG, UG), 3, False),  # not reported in 2018: the run starts in 2019
    ],
)
def test_done_rule(statuses, threshold, fires):
    hints = hints_for({"2.1": statuses}, done_reviews=threshold)
    assert rules(hints) == ([("2.1", "done")] if fires else [])


def test_done_text():
    [hint] = hints_for({"2.1": (IU, IU, UG, UG)})
    assert text(hint) == (
        "Regel „Lange umgesetzt“ (ab 2 Berichtsjahren in Folge „umgesetzt“): Maßnahme 2.1 "
        "„Maßnahme 2.1“ ist seit 2019 „umgesetzt“ (2 Berichtsjahre in Folge). Die "
        "Fortschreibung sollte sie aus dem Konzept nehmen oder als „verstetigt“ kennzeichnen."
    )


def test_dropped_without_reason_rule():
    hints = hints_for(
        {"1.1": (IU, IU, IU, EF), "1.2": (IU, IU, IU, EF)},
        {"1.2": {"reason": "Förderung beendet; ersetzt durch 1.5"}},
    )
    assert rules(hints) == [("1.1", "dropped")]
    assert text(hints[0]) == (
        "Regel „Entfallen ohne Begründung“: Maßnahme 1.1 „Maßnahme 1.1“ ist „entfallen“, aber "
        "ohne Begründung. Die Fortschreibung sollte den Grund nennen und die Maßnahme, die an "
        "ihre Stelle tritt (oder festhalten, dass es keinen Ersatz braucht)."
    )


def test_no_lead_rule():
    hints = hints_for(
        {"1.1": (None, None, NB, IV), "1.2": (None, None, IU, EF), "1.3": (None, None, IU, VS)},
        {
            "1.1": {"lead": ""},
            "1.2": {"lead": "", "reason": "Ziel erreicht"},  # dropped: nobody needed
            "1.3": {"lead": ""},
        },
    )
    assert rules(hints) == [("1.1", "no_lead"), ("1.3", "no_lead")]
    assert text(hints[0]) == (
        "Regel „Ohne Federführung“: Für Maßnahme 1.1 „Maßnahme 1.1“ ist keine Federführung "
        "eingetragen. Die Fortschreibung sollte eine Federführung bestimmen."
    )


def indicator(values: dict, target, field="Arbeit", name="Beschäftigte") -> Indicator:
    [measured_one] = measured(
        [
            Indicator(
                name=name,
                field=field,
                unit="Personen",
                area="Stadt",
                source="BA",
                definition="",
                target=target,
                target_year=2022,
                values=tuple(values.items()),
                decimals=0,
                year=2020,
                previous_year=2019,
                origin=Source("indikatoren.xlsx", "Indikatoren", 2),
            )
        ]
    )
    return measured_one


def test_indicator_moving_away_from_its_target():
    away = indicator({2018: 1957, 2019: 2103, 2020: 2061}, 2300)
    towards = indicator({2019: 2103, 2020: 2141}, 2300, name="Andere")
    no_target = indicator({2019: 2103, 2020: 2000}, None, name="Ohne Ziel")
    hints = hints_for({"1.1": (NB, IV, IU, UG)}, indicators=Indicators((away, towards, no_target)))
    assert rules(hints) == [("Beschäftigte", "indicator")]
    [hint] = hints
    assert (hint.field, hint.kind, hint.title) == ("Arbeit", "indicator", "")
    assert text(hint) == (
        "Regel „Indikator entfernt sich vom Ziel“ (Wert 2020 weiter vom Zielwert entfernt als "
        "2019): „Beschäftigte“ (Stadt) lag 2019 bei 2.103 Personen und 2020 bei 2.061 Personen; "
        "Zielwert 2.300 Personen bis 2022. Die Fortschreibung sollte die Maßnahmen im "
        "Handlungsfeld „Arbeit“ überprüfen."
    )
    assert hint.to_json(text(hint)) == {
        "id": "Beschäftigte",
        "rule": "indicator",
        "text": text(hint),
        "field": "Arbeit",
    }


def test_indicator_tolerance_ignores_small_moves():
    small = Indicators((indicator({2019: 2000, 2020: 1990}, 2300),))  # -0.5 %
    assert rules(hints_for({}, indicators=small, indicator_tolerance=1.0)) == []
    assert rules(hints_for({}, indicators=small)) == [("Beschäftigte", "indicator")]


# --- all together ---------------------------------------------------------------------------------


def test_order_by_field_then_rule_then_id_and_rules_can_be_switched_off():
    paths = {
        "2.10": (IU, IU, IU, IU),  # stalled twice, overdue
        "2.2": (None, None, NB, NB),  # no lead
        "1.2": (UG, UG, UG, UG),  # done for long
        "1.10": (None, None, IV, IU),  # overdue
    }
    now = {"2.10": {"end_year": 2019}, "2.2": {"lead": ""}, "1.10": {"end_year": 2018}}
    away = Indicators((indicator({2019: 10, 2020: 9}, 20, field="Sprache", name="Kurse"),))
    assert rules(hints_for(paths, now, away)) == [
        ("1.10", "overdue"),
        ("1.2", "done"),
        ("Kurse", "indicator"),
        ("2.10", "stalled"),
        ("2.10", "overdue"),
        ("2.2", "no_lead"),
    ]
    only = hints_for(paths, now, away, rules=("done", "no_lead"))
    assert rules(only) == [("1.2", "done"), ("2.2", "no_lead")]


def test_every_rule_has_a_name_in_every_language():
    for language in ("de", "en"):
        labels = load_labels(default_templates(), language)
        assert all(labels(f"rule_{rule}") for rule in REVISION_RULES)
    assert GERMAN("rule_no_lead") == "Ohne Federführung"


def test_hints_are_data_without_words():
    [hint] = hints_for({"1.1": (NB, IU, IU, IU)}, stalled_reviews=1)
    assert not hasattr(hint, "text")
    assert dict(hint.values) == {
        "status": IU,
        "needed": 3,
        "reviews": 3,
        "since": 2018,
        "since_start": False,
    }


# --- [revision] in review.toml -------------------------------------------------------------------


def config_from(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "review.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_revision_defaults(tmp_path):
    assert config_from(tmp_path, "").revision == Revision(
        rules=("stalled", "overdue", "done", "dropped", "no_lead", "indicator"),
        stalled_reviews=2,
        done_reviews=2,
        indicator_tolerance=0.0,
    )
    assert Config().revision == Revision()


def test_revision_settings(tmp_path):
    revision = config_from(
        tmp_path,
        '[revision]\nrules = ["overdue", "stalled"]\nstalled_reviews = 1\ndone_reviews = 3\n'
        "indicator_tolerance = 2.5\n",
    ).revision
    assert revision == Revision(("stalled", "overdue"), 1, 3, 2.5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('rules = ["stalled", "bald"]', "revision.rules: unbekannte Regel „bald“."),
        ('rules = "stalled"', "revision.rules muss eine Liste von Regeln sein."),
        ("stalled_reviews = 0", "revision.stalled_reviews muss eine ganze Zahl ab 1 sein."),
        ('done_reviews = "zwei"', "revision.done_reviews muss eine ganze Zahl ab 1 sein."),
        (
            "indicator_tolerance = -1",
            "revision.indicator_tolerance muss eine Zahl ab 0 sein (Prozent).",
        ),
        ("stalled_years = 2", "revision.stalled_years ist keine bekannte Einstellung."),
    ],
)
def test_revision_errors(tmp_path, text, message):
    with pytest.raises(InputError) as caught:
        config_from(tmp_path, f"[revision]\n{text}\n")
    assert [p.message for p in caught.value.problems] == [message]


def test_json_hint_texts_take_their_words_from_the_chosen_templates(tmp_path):
    import json
    import shutil

    from conftest import run_cli

    templates = tmp_path / "vorlagen"
    shutil.copytree(default_templates(), templates)
    labels = templates / "labels.toml"
    text = labels.read_text(encoding="utf-8")
    assert text.count('rule_overdue = "Überfällig"') == 1
    labels.write_text(
        text.replace('rule_overdue = "Überfällig"', 'rule_overdue = "Zu spät"'), "utf-8"
    )
    inputs = Path(__file__).resolve().parent.parent / "inputs"
    out = {}
    for name, extra in (("own", ["--templates", str(templates)]), ("default", [])):
        path = tmp_path / f"{name}.json"
        code, _, err = run_cli("build", "--inputs", str(inputs), "--no-pdf", "-q", "--json",
                               str(path), *extra)  # fmt: skip
        assert code == 0, err
        hints = json.loads(path.read_text(encoding="utf-8"))["revision_hints"]
        out[name] = [h["text"] for h in hints if h["rule"] == "overdue"]
    assert out["own"] and all(t.startswith("Regel „Zu spät“") for t in out["own"])
    assert all(t.startswith("Regel „Überfällig“") for t in out["default"])
    assert len(out["own"]) == len(out["default"])


def test_json_hint_texts_are_in_the_language_of_the_report(tmp_path):
    import json

    from conftest import run_cli

    inputs = Path(__file__).resolve().parent.parent / "inputs"
    path = tmp_path / "en.json"
    code, _, err = run_cli("build", "--inputs", str(inputs), "--no-pdf", "-q", "--lang", "en",
                           "--json", str(path))  # fmt: skip
    assert code == 0, err
    hints = json.loads(path.read_text(encoding="utf-8"))["revision_hints"]
    overdue = [h["text"] for h in hints if h["rule"] == "overdue"]
    assert overdue and all(t.startswith("Rule “Overdue”") for t in overdue)
