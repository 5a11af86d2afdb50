"""Comparison of a reporting year with the previous one, on YearData built in the test."""

from __future__ import annotations

import pytest

from planreview.analyse.compare import (
    CLASSES,
    NO_RESPONSE,
    classify,
    compare,
    count_by_field,
    count_by_status,
    field_order,
)
from planreview.problems import Severity
from planreview.read.config import Config, Field
from planreview.read.validate import Measure, Source, YearData
from planreview.read.vocabulary import Status, Vocabulary
from planreview.report import records

NB = "nicht begonnen"
IV = "in Vorbereitung"
IU = "in Umsetzung"
UG = "umgesetzt"
VS = "verstetigt"
ZG = "zurückgestellt"
EF = "entfallen"
STATUSES = (NB, IV, IU, UG, VS, ZG, EF)


def measure(
    measure_id: str,
    status: str | None,
    *,
    field: str = "Sprache",
    title: str | None = None,
    end_year: int | None = None,
    row: int = 2,
) -> Measure:
    return Measure(
        id=measure_id,
        title=title if title is not None else f"Maßnahme {measure_id}",
        field=field,
        status=status,
        source=Source("status.xlsx", "Maßnahmen", row),
        lead="VHS",
        end=str(end_year) if end_year else "",
        end_year=end_year,
    )


def year(number: int, *measures: Measure) -> YearData:
    return YearData(number, tuple(measures), (), ())


def only(status_before: str | None, status_now: str, config: Config, **kwargs):
    """Compare one measure 1.1 (2023) with its 2022 entry (absent when status_before is None)."""
    previous = year(2022, measure("1.1", status_before)) if status_before else year(2022)
    comparison = compare(year(2023, measure("1.1", status_now, **kwargs)), previous, config)
    [entry] = records.entries(comparison)
    return entry


# --- the seven classes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [
        (None, IU, "new"),
        (None, EF, "new"),
        (IU, IU, "unchanged"),
        (EF, EF, "unchanged"),
        (ZG, ZG, "unchanged"),
        (IU, EF, "dropped"),
        (UG, EF, "dropped"),
        (ZG, EF, "dropped"),  # dropped is tested before resumed
        (IV, ZG, "postponed"),
        (EF, ZG, "postponed"),  # postponed is tested before resumed
        (ZG, UG, "resumed"),  # resumed is tested before progressed
        (ZG, NB, "resumed"),
        (EF, IU, "resumed"),
        (NB, IV, "progressed"),
        (NB, VS, "progressed"),
        (IU, UG, "progressed"),
        (UG, VS, "progressed"),
        (VS, UG, "regressed"),
        (UG, NB, "regressed"),
        (IV, NB, "regressed"),
    ],
)
def test_each_change_class(config, before, now, expected):
    entry = only(before, now, config)
    assert entry.change == expected
    assert entry.previous_status == before


# Expected class for every (status before, status now) pair; columns in the order of STATUSES.
MATRIX = {
    None: ("new", "new", "new", "new", "new", "new", "new"),
    NB: ("unchanged", "progressed", "progressed", "progressed", "progressed", "postponed",
         "dropped"),
    IV: ("regressed", "unchanged", "progressed", "progressed", "progressed", "postponed",
         "dropped"),
    IU: ("regressed", "regressed", "unchanged", "progressed", "progressed", "postponed",
         "dropped"),
    UG: ("regressed", "regressed", "regressed", "unchanged", "progressed", "postponed",
         "dropped"),
    VS: ("regressed", "regressed", "regressed", "regressed", "unchanged", "postponed",
         "dropped"),
    ZG: ("resumed", "resumed", "resumed", "resumed", "resumed", "unchanged", "dropped"),
    EF: ("resumed", "resumed", "resumed", "resumed", "resumed", "postponed", "unchanged"),
}  # fmt: skip


def test_every_status_pair_falls_in_exactly_one_class(config):
    now, before, expected = [], [], {}
    for b, (before_status, classes) in enumerate(MATRIX.items()):
        for n, (status, change) in enumerate(zip(STATUSES, classes, strict=True)):
            measure_id = f"{b}.{n}"
            now.append(measure(measure_id, status))
            if before_status is not None:
                before.append(measure(measure_id, before_status))
            expected[measure_id] = change
    comparison = compare(year(2023, *now), year(2022, *before), config)

    assert len(records.entries(comparison)) == 56
    for entry in records.entries(comparison):
        member_of = [c for c in CLASSES if entry.measure.id in comparison.ids(c)]
        assert member_of == [expected[entry.measure.id]], entry.measure.id
    assert comparison.removed.empty


def test_classify_directly(config):
    assert classify(UG, ZG, config) == "resumed"
    assert classify(ZG, EF, config) == "postponed"
    assert classify(EF, ZG, config) == "dropped"
    assert classify(VS, None, config) == "new"
    assert classify(NB, NB, config) == "unchanged"


def test_removed_new_and_ids_in_entry_order(config):
    previous = year(2022, measure("1.1", IU), measure("1.2", IU), measure("1.3", NB))
    current = year(2023, measure("1.1", UG), measure("1.3", NB), measure("1.4", NB))
    comparison = compare(current, previous, config)

    assert comparison.year == 2023
    assert comparison.previous_year == 2022
    assert comparison.removed["id"].tolist() == ["1.2"]
    assert comparison.ids("removed") == ["1.2"]
    assert comparison.ids("new") == ["1.4"]
    assert comparison.ids("progressed") == ["1.1"]
    assert comparison.ids("unchanged") == ["1.3"]
    assert [e.measure.id for e in records.entries(comparison)] == ["1.1", "1.3", "1.4"]
    assert [
        e.measure.id
        for e in records.entries_of(comparison, records.entries(comparison), "progressed")
    ] == ["1.1"]


def test_removed_includes_previous_measure_without_answer(config):
    previous = year(2022, measure("1.1", IU), measure("1.2", None))
    comparison = compare(year(2023, measure("1.1", IU)), previous, config)
    assert comparison.ids("removed") == ["1.2"]


def test_nothing_removed_when_all_reported_again(config):
    previous = year(2022, measure("1.1", IU))
    comparison = compare(year(2023, measure("1.1", IU), measure("2.1", NB)), previous, config)
    assert comparison.removed.empty


# --- stalled ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("oldest", "before", "now", "stalled"),
    [
        (NB, NB, NB, True),
        (IV, IV, IV, True),
        (IU, IU, IU, True),
        (UG, UG, UG, False),  # done, not open
        (VS, VS, VS, False),
        (ZG, ZG, ZG, False),  # side states are not "stalled"
        (EF, EF, EF, False),
        (IV, IU, IU, False),  # unchanged only since the previous year
        (IU, IV, IU, False),  # moved in between
        (None, IU, IU, False),  # not reported in the year before the previous
    ],
)
def test_stalled(config, oldest, before, now, stalled):
    oldest_year = year(2021, measure("1.1", oldest)) if oldest else year(2021, measure("9.9", IU))
    comparison = compare(
        year(2023, measure("1.1", now)), year(2022, measure("1.1", before)), config, oldest_year
    )
    [entry] = records.entries(comparison)
    assert entry.stalled is stalled
    assert comparison.ids("stalled") == (["1.1"] if stalled else [])


def test_not_stalled_without_the_year_before(config):
    comparison = compare(year(2023, measure("1.1", IU)), year(2022, measure("1.1", IU)), config)
    assert records.entries(comparison)[0].change == "unchanged"
    assert records.entries(comparison)[0].stalled is False
    assert comparison.ids("stalled") == []


# --- overdue ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end_year", "status", "overdue"),
    [
        (2022, NB, True),
        (2022, IV, True),
        (2022, IU, True),
        (2022, ZG, True),
        (2010, ZG, True),
        (2022, UG, False),
        (2022, VS, False),
        (2022, EF, False),
        (2023, IU, False),  # ends in the reporting year: not yet overdue
        (2024, NB, False),
        (None, IU, False),  # no planned end (or "fortlaufend")
    ],
)
def test_overdue(config, end_year, status, overdue):
    entry = only(IU, status, config, end_year=end_year)
    assert entry.overdue is overdue


def test_overdue_and_stalled_are_flags_beside_the_class(config):
    oldest = year(2021, measure("1.1", IU))
    previous = year(2022, measure("1.1", IU))
    current = year(2023, measure("1.1", IU, end_year=2020), measure("1.2", NB, end_year=2021))
    comparison = compare(current, previous, config, oldest)
    assert comparison.ids("unchanged") == ["1.1"]
    assert comparison.ids("new") == ["1.2"]
    assert comparison.ids("stalled") == ["1.1"]
    assert comparison.ids("overdue") == ["1.1", "1.2"]


# --- measures without a status (only with --allow-missing) -------------------------------------


def test_no_status_this_year_is_no_response_and_in_no_class(config):
    previous = year(2022, measure("1.1", IU))
    comparison = compare(year(2023, measure("1.1", None, end_year=2020)), previous, config)
    [entry] = records.entries(comparison)
    assert entry.change == NO_RESPONSE
    assert entry.overdue is False
    assert all(comparison.ids(c) == [] for c in CLASSES)
    assert comparison.ids(NO_RESPONSE) == ["1.1"]


def test_no_status_last_year_counts_as_new_with_warning(config):
    previous = year(2022, measure("1.1", None))
    comparison = compare(year(2023, measure("1.1", IU)), previous, config)
    assert records.entries(comparison)[0].change == "new"
    assert [(p.severity, p.message) for p in comparison.problems] == [
        (
            Severity.WARNING,
            "Maßnahme 1.1 hatte 2022 keine Rückmeldung; sie wird als neu gezählt.",
        )
    ]


# --- warnings found by comparing ----------------------------------------------------------------


def test_changed_title_and_field_are_warned(config):
    previous = year(2022, measure("1.1", IU, title="Sprachcafé"))
    current = year(2023, measure("1.1", IU, title="Elterncafé", field="Arbeit", row=7))
    comparison = compare(current, previous, config)
    assert [(p.severity, p.message, p.row) for p in comparison.problems] == [
        (
            Severity.WARNING,
            "Maßnahme 1.1 steht jetzt im Handlungsfeld „Arbeit“, 2022 in „Sprache“. "
            "Ist die Nr. richtig?",
            7,
        ),
        (
            Severity.WARNING,
            "Titel von Maßnahme 1.1 hat sich geändert: 2022 „Sprachcafé“, jetzt „Elterncafé“. "
            "Ist es dieselbe Maßnahme?",
            7,
        ),
    ]


def test_title_case_change_is_not_warned(config):
    previous = year(2022, measure("1.1", IU, title="Sprachcafé"))
    comparison = compare(year(2023, measure("1.1", IU, title="SPRACHCAFÉ")), previous, config)
    assert comparison.problems == ()


# --- counts -------------------------------------------------------------------------------------


def test_count_by_status_lists_every_status_with_zeros(config):
    data = year(
        2023,
        measure("1.1", IU),
        measure("1.2", IU),
        measure("1.3", UG),
        measure("1.4", EF),
        measure("1.5", None),  # no answer: not counted
    )
    counts = count_by_status(data, config)
    assert counts == {
        "nicht begonnen": 0,
        "in Vorbereitung": 0,
        "in Umsetzung": 2,
        "umgesetzt": 1,
        "verstetigt": 0,
        "zurückgestellt": 0,
        "entfallen": 1,
    }
    assert list(counts) == [
        "nicht begonnen",
        "in Vorbereitung",
        "in Umsetzung",
        "umgesetzt",
        "verstetigt",
        "zurückgestellt",
        "entfallen",
    ]


def test_count_by_status_of_an_empty_year(config):
    assert count_by_status(year(2023), config) == {
        "nicht begonnen": 0,
        "in Vorbereitung": 0,
        "in Umsetzung": 0,
        "umgesetzt": 0,
        "verstetigt": 0,
        "zurückgestellt": 0,
        "entfallen": 0,
    }


def test_count_by_field(config):
    data = year(
        2023,
        measure("1.1", IU, field="Sprache"),
        measure("1.2", NB, field="Sprache"),
        measure("2.1", IU, field="Arbeit"),
        measure("2.2", None, field="Arbeit"),
        measure("7.1", VS, field="Wohnen"),
    )
    order = field_order(config, data)
    assert order == ["Sprache", "Arbeit", "Wohnen"]
    zero = dict.fromkeys(STATUSES, 0)
    assert count_by_field(data, config, order + ["Gesundheit"]) == {
        "Sprache": {**zero, "nicht begonnen": 1, "in Umsetzung": 1},
        "Arbeit": {**zero, "in Umsetzung": 1},
        "Wohnen": {**zero, "verstetigt": 1},
        "Gesundheit": zero,
    }


def test_field_order_configured_first_then_as_they_appear():
    config = Config(fields=(Field("1", "Sprache"), Field("2", "Arbeit"), Field("3", "Wohnen")))
    current = year(2023, measure("2.1", IU, field="Arbeit"), measure("8.1", IU, field="Sport"))
    previous = year(2022, measure("1.1", IU, field="Sprache"), measure("9.1", NB, field="Kultur"))
    assert field_order(config, current, previous) == ["Sprache", "Arbeit", "Sport", "Kultur"]
    assert field_order(config, current) == ["Arbeit", "Sport"]


# --- a configured vocabulary --------------------------------------------------------------------


def test_configured_vocabulary_drives_classes_and_counts():
    vocabulary = Vocabulary(
        (
            Status("offen", "open"),
            Status("läuft", "open"),
            Status("fertig", "done"),
            Status("ruht", "postponed"),
            Status("gestrichen", "dropped"),
        )
    )
    config = Config(vocabulary=vocabulary)
    oldest = year(2021, measure("1.1", "läuft"), measure("1.2", "ruht"))
    previous = year(
        2022,
        measure("1.1", "läuft"),
        measure("1.2", "ruht"),
        measure("1.3", "fertig"),
        measure("1.4", "offen"),
        measure("1.5", "ruht"),
    )
    current = year(
        2023,
        measure("1.1", "läuft", end_year=2022),
        measure("1.2", "ruht", end_year=2022),
        measure("1.3", "läuft"),
        measure("1.4", "fertig"),
        measure("1.5", "gestrichen"),
    )
    comparison = compare(current, previous, config, oldest)
    assert {c: comparison.ids(c) for c in (*CLASSES, "stalled", "overdue", "removed")} == {
        "new": [],
        "unchanged": ["1.1", "1.2"],
        "dropped": ["1.5"],
        "postponed": [],
        "resumed": [],
        "progressed": ["1.4"],
        "regressed": ["1.3"],
        "stalled": ["1.1"],
        "overdue": ["1.1", "1.2"],
        "removed": [],
    }
    assert count_by_status(current, config) == {
        "offen": 0,
        "läuft": 2,
        "fertig": 1,
        "ruht": 1,
        "gestrichen": 1,
    }


def test_new_measure_with_the_title_of_a_removed_one_is_flagged():
    before = year(2019, measure("1.1", IU, title="Sprachcafé"), measure("1.2", IU))
    now = year(2020, measure("1.1.", UG, title="sprachcafé"), measure("1.3", IU))
    result = compare(now, before, Config())
    assert result.ids("new") == ["1.1.", "1.3"]
    assert result.ids("removed") == ["1.1", "1.2"]
    [problem] = result.problems  # 1.3 has its own title: no warning
    assert problem.message == (
        "Maßnahme 1.1. ist neu, trägt aber denselben Titel wie Nr. 1.1 von 2019, die nicht mehr "
        "berichtet wird. Ist die Nr. vertippt? Dann bitte 1.1 eintragen; sonst zählt der Bericht "
        "eine neue und eine weggefallene Maßnahme."
    )
    assert problem.severity is Severity.WARNING
