"""History over all years read: counts per year, done shares per field, each measure's path,
time in its current status, and `stalled` from the history (4+ years)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import measure_rows, write_xlsx

from planreview.analyse.compare import compare
from planreview.analyse.history import STALLED_REVIEWS, build_history
from planreview.analyse.pipeline import analyse, choose_years
from planreview.export import summary as export
from planreview.read.config import Config, Field
from planreview.read.validate import Measure, Source, YearData
from planreview.report import records

NB = "nicht begonnen"
IV = "in Vorbereitung"
IU = "in Umsetzung"
UG = "umgesetzt"
VS = "verstetigt"
ZG = "zurückgestellt"
EF = "entfallen"
YEARS = (2016, 2017, 2018, 2019, 2020)


def measure(measure_id: str, status: str | None, field: str = "Sprache", **kwargs) -> Measure:
    return Measure(
        id=measure_id,
        title=kwargs.pop("title", f"Maßnahme {measure_id}"),
        field=field,
        status=status,
        source=Source("status.xlsx", "Maßnahmen", 2),
        lead="VHS",
        **kwargs,
    )


def years_of(paths: dict[str, tuple], years=YEARS, field="Sprache") -> list[YearData]:
    """One YearData per year from {id: (status per year, ABSENT for not reported)}."""
    result = []
    for n, year in enumerate(years):
        measures = tuple(
            measure(i, path[n], field) for i, path in paths.items() if path[n] is not ABSENT
        )
        result.append(YearData(year, measures, (), ()))
    return result


ABSENT = object()


def compare_all(data: list[YearData], config: Config):
    history = build_history(data, config)
    return compare(data[-1], data[-2], config, history=history)


# --- counts and shares --------------------------------------------------------------------------


def test_counts_per_year_have_every_status_with_zeros(config):
    data = years_of(
        {"1.1": (NB, IV, IU, UG), "1.2": (NB, NB, ZG, EF), "1.3": (ABSENT, IU, None, VS)},
        years=(2017, 2018, 2019, 2020),
    )
    history = build_history(reversed(data), config)  # any order in, oldest first out
    assert history.years == (2017, 2018, 2019, 2020)
    assert (history.first_year, history.year) == (2017, 2020)
    assert history.status_table() == {
        "2017": {NB: 2, IV: 0, IU: 0, UG: 0, VS: 0, ZG: 0, EF: 0},
        "2018": {NB: 1, IV: 1, IU: 1, UG: 0, VS: 0, ZG: 0, EF: 0},
        "2019": {NB: 0, IV: 0, IU: 1, UG: 0, VS: 0, ZG: 1, EF: 0},
        "2020": {NB: 0, IV: 0, IU: 0, UG: 1, VS: 1, ZG: 0, EF: 1},
    }
    c2019 = history.counts_of(2019)
    assert (c2019.total, c2019.done, c2019.no_response) == (2, 0, 1)
    assert (history.counts_of(2020).done, history.counts_of(2020).count(VS)) == (2, 1)
    assert history.counts_of(2015) is None


def test_done_share_per_field_and_year(config):
    data = [
        YearData(2018, (measure("1.1", IU), measure("1.2", UG)), (), ()),
        YearData(
            2019,
            (measure("1.1", VS), measure("1.2", UG), measure("2.1", NB, field="Arbeit")),
            (),
            (),
        ),
        YearData(2020, (measure("1.1", VS), measure("2.1", UG, field="Arbeit")), (), ()),
    ]
    history = build_history(data, config)
    assert history.fields == ("Sprache", "Arbeit")  # configured order
    shares = {
        (s.field, s.year): (s.done, s.total, s.share, s.percent)
        for s in history.shares_of("Sprache") + history.shares_of("Arbeit")
    }
    assert shares == {
        ("Sprache", 2018): (1, 2, 0.5, 50),
        ("Sprache", 2019): (2, 2, 1.0, 100),
        ("Sprache", 2020): (1, 1, 1.0, 100),
        ("Arbeit", 2018): (0, 0, None, None),  # no measures that year: no share, not 0 %
        ("Arbeit", 2019): (0, 1, 0.0, 0),
        ("Arbeit", 2020): (1, 1, 1.0, 100),
    }
    assert [s.year for s in history.shares_of("Arbeit")] == [2018, 2019, 2020]
    assert history.share("Arbeit", 2019).done == 0


def test_percent_rounds_half_up(config):
    data = [
        YearData(2020, tuple(measure(f"1.{n}", UG if n <= 1 else IU) for n in range(8)), (), ())
    ]
    assert build_history(data, config).share("Sprache", 2020).percent == 25  # 2 of 8
    data = [YearData(2020, tuple(measure(f"1.{n}", UG if n < 1 else IU) for n in range(8)), (), ())]
    assert build_history(data, config).share("Sprache", 2020).percent == 13  # 12.5 -> 13


# --- paths and time in status -------------------------------------------------------------------


def test_path_text_over_all_years(config):
    history = build_history(years_of({"1.1": (ABSENT, ABSENT, NB, IU, UG)}), config)
    path = history.measure("1.1")
    assert path.steps == ((2018, NB), (2019, IU), (2020, UG))
    assert path.path == {2018: NB, 2019: IU, 2020: UG}
    assert path.years == (2018, 2019, 2020)
    assert path.status_in(2017) is None and path.status_in(2019) == IU


def test_path_shows_a_year_without_answer(config):
    history = build_history(years_of({"1.1": (IV, None, IU, ABSENT, IU)}), config)
    path = history.measure("1.1")
    assert path.steps == ((2016, IV), (2017, None), (2018, IU), (2020, IU))  # 2017: no answer
    assert (path.since, path.reviews) == (2020, 1)  # 2019 not reported: the run starts again


@pytest.mark.parametrize(
    ("statuses", "since", "reviews", "since_start"),
    [
        ((IU, IU, IU, IU, IU), 2016, 5, True),  # since the first year read: maybe longer
        ((NB, IU, IU, IU, IU), 2017, 4, False),
        ((IU, IV, IU, IU, IU), 2018, 3, False),  # back and forth: the last run counts
        ((UG, UG, UG, UG, VS), 2020, 1, False),
        ((IU, IU, IU, ABSENT, IU), 2020, 1, False),  # a review without the measure ends a run
        ((IU, IU, IU, None, IU), 2020, 1, False),  # so does a review without status
        ((IU, IU, IU, IU, None), None, 0, False),  # no status now: no run
        ((IU, IU, IU, IU, ABSENT), None, 0, False),  # not reported now
    ],
)
def test_since_and_reviews_in_current_status(config, statuses, since, reviews, since_start):
    path = build_history(years_of({"1.1": statuses}), config).measure("1.1")
    assert (path.since, path.reviews, path.since_start) == (since, reviews, since_start)


def test_measures_of_all_years_are_in_the_history_sorted_by_id(config):
    history = build_history(
        years_of({"1.10": (IU, IU, ABSENT, ABSENT, ABSENT), "1.2": (NB,) * 5, "1.9": (IV,) * 5}),
        config,
    )
    assert list(history.paths.index) == ["1.2", "1.9", "1.10"]
    gone = history.measure("1.10")
    assert (gone.status, gone.since, gone.reviews) == (None, None, 0)
    assert history.measure("9.9") is None


def test_title_and_field_are_the_latest(config):
    data = [
        YearData(2019, (measure("1.1", IU, title="Alt"),), (), ()),
        YearData(2020, (measure("1.1", IU, field="Arbeit", title="Neu"),), (), ()),
    ]
    path = build_history(data, config).measure("1.1")
    assert (path.title, path.field) == ("Neu", "Arbeit")


# --- stalled from the history --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "stalled", "since", "stalled_reviews"),
    [
        ((NB, NB, NB, NB, NB), True, 2016, 3),
        ((IV, IV, IV, IV, IV), True, 2016, 3),
        ((UG, IU, IU, IU, IU), True, 2017, 2),
        ((UG, UG, IU, IU, IU), True, 2018, 1),  # exactly the last three reviews
        ((IU, IU, IV, IU, IU), False, None, 0),  # only two reviews in a row
        ((IU, IU, IU, IU, IV), False, None, 0),  # changed this year
        ((IU, IU, IU, ABSENT, IU), False, None, 0),  # not reported in between
        ((UG, UG, UG, UG, UG), False, None, 0),  # done, not open
        ((VS, VS, VS, VS, VS), False, None, 0),
        ((ZG, ZG, ZG, ZG, ZG), False, None, 0),  # side states are not stalled
        ((EF, EF, EF, EF, EF), False, None, 0),
    ],
)
def test_stalled_means_same_open_status_in_the_last_three_reviews(
    config, statuses, stalled, since, stalled_reviews
):
    comparison = compare_all(years_of({"1.1": statuses}), config)
    [entry] = records.entries(comparison)
    assert entry.stalled is stalled
    assert comparison.ids("stalled") == (["1.1"] if stalled else [])
    assert entry.stalled_since == since
    assert entry.path.stalled_reviews == stalled_reviews
    assert STALLED_REVIEWS == 3


def test_stalled_counts_reviews_not_calendar_years(config):
    """With 2018 missing entirely, 2016, 2017 and 2019 are three reviews in a row."""
    data = years_of({"1.1": (IU, IU, IU)}, years=(2016, 2017, 2019))
    [entry] = records.entries(compare_all(data, config))
    assert (entry.stalled, entry.stalled_since, entry.path.reviews) == (True, 2016, 3)


def test_classes_still_compare_with_the_previous_year_only(config):
    data = years_of(
        {
            "1.1": (NB, IV, IU, IU, UG),  # progressed
            "1.2": (IU, IU, IU, UG, IU),  # regressed, not stalled
            "1.3": (ABSENT, ABSENT, IU, IU, IU),  # unchanged and stalled since 2018
            "1.4": (NB, NB, NB, NB, ABSENT),  # removed
            "1.5": (ABSENT, ABSENT, ABSENT, ABSENT, IV),  # new
        }
    )
    comparison = compare_all(data, config)
    assert comparison.ids("progressed") == ["1.1"]
    assert comparison.ids("regressed") == ["1.2"]
    assert comparison.ids("unchanged") == ["1.3"]
    assert comparison.ids("new") == ["1.5"]
    assert comparison.ids("removed") == ["1.4"]
    assert comparison.ids("stalled") == ["1.3"]
    assert comparison.history.years == YEARS
    assert records.entries_of(comparison, records.entries(comparison), "stalled")[0].since == 2018
    assert records.entries_of(comparison, records.entries(comparison), "new")[0].path.steps == (
        (2020, "in Vorbereitung"),
    )


def test_compare_without_history_uses_the_years_given(config):
    data = years_of({"1.1": (IU, IU, IU)}, years=(2018, 2019, 2020))
    comparison = compare(data[2], data[1], config, data[0])
    assert comparison.ids("stalled") == ["1.1"]
    assert comparison.history.years == (2018, 2019, 2020)
    assert compare(data[2], data[1], config).ids("stalled") == []  # two years: never stalled


def test_compare_refuses_a_history_of_another_year(config):
    data = years_of({"1.1": (IU, IU, IU)}, years=(2018, 2019, 2020))
    with pytest.raises(ValueError, match="2019"):
        compare(data[2], data[1], config, history=build_history(data[:2], config))


# --- the pipeline reads every year ---------------------------------------------------------------


def test_choose_years_reads_every_year_up_to_the_reporting_year():
    available = (2015, 2016, 2017, 2018, 2019, 2020)
    assert choose_years(available, None, None, Path("in")) == (
        [2020, 2019, 2018, 2017, 2016, 2015],
        [],
    )
    assert choose_years(available, 2018, None, Path("in")) == ([2018, 2017, 2016, 2015], [])
    # an explicit comparison year stays second; the years between are still read
    assert choose_years(available, 2020, 2017, Path("in")) == (
        [2020, 2017, 2019, 2018, 2016, 2015],
        [],
    )


def write_years(folder: Path, paths: dict[str, tuple], years=YEARS) -> Path:
    for n, year in enumerate(years):
        statuses = {i: p[n] for i, p in paths.items() if p[n] is not ABSENT}
        write_xlsx(folder / f"Umsetzungsstand_{year}.xlsx", measure_rows(statuses))
    return folder


FIELDS = Config(fields=(Field("1", "Sprache"), Field("2", "Arbeit")))


def test_pipeline_history_over_five_years(tmp_path):
    inputs = write_years(
        tmp_path, {"1.1": (NB, IV, IU, IU, IU), "1.2": (NB, NB, IU, UG, VS), "1.3": (IU,) * 5}
    )
    analysis = analyse(inputs, FIELDS)
    assert analysis.ok, [p.text() for p in analysis.errors]
    assert [d.year for d in analysis.years] == [2020, 2019, 2018, 2017, 2016]
    history = analysis.history
    assert history.years == YEARS
    assert analysis.compared.history is history
    assert analysis.compared.ids("stalled") == ["1.1", "1.3"]
    assert {e.measure.id: e.stalled_since for e in records.entries(analysis.compared)} == {
        "1.1": 2018,
        "1.2": None,
        "1.3": 2016,
    }
    summary = export.summary(analysis)
    assert summary["history"]["2016"] == {NB: 2, IV: 0, IU: 1, UG: 0, VS: 0, ZG: 0, EF: 0}
    assert list(summary["history"]) == ["2016", "2017", "2018", "2019", "2020"]
    assert summary["measures"][1]["path"] == {
        "2016": NB,
        "2017": NB,
        "2018": IU,
        "2019": UG,
        "2020": VS,
    }
    assert json.loads(export.summary_json(analysis))["changes"]["stalled"] == ["1.1", "1.3"]


def test_pipeline_reports_problems_of_every_year(tmp_path):
    inputs = write_years(tmp_path, {"1.1": (IU, "irgendwie", IU, IU, IU)})
    analysis = analyse(inputs, FIELDS)
    assert not analysis.ok
    [problem] = analysis.errors
    assert problem.file == "Umsetzungsstand_2017.xlsx"
    assert problem.message == "„irgendwie“ ist kein bekannter Status."


def test_pipeline_does_not_read_years_after_the_reporting_year(tmp_path):
    inputs = write_years(tmp_path, {"1.1": (IU, IU, IU, IU, "irgendwie")})
    analysis = analyse(inputs, FIELDS, year=2019)
    assert analysis.ok
    assert [d.year for d in analysis.years] == [2019, 2018, 2017, 2016]
    assert analysis.history.years == (2016, 2017, 2018, 2019)
    assert analysis.compared.ids("stalled") == ["1.1"]
