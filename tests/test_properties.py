"""Property tests: random small workbooks through the whole analysis, random years compared."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from conftest import write_xlsx
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from planreview.analyse.compare import CLASSES, NO_RESPONSE, compare, count_by_status
from planreview.analyse.pipeline import analyse
from planreview.read.columns import COLUMNS, REQUIRED, column_key
from planreview.read.validate import Measure, Source, YearData
from planreview.read.vocabulary import DEFAULT_STATUSES
from planreview.report import records

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Workbook round trips cost ~50 ms each: no shrinking, so that a failure stays fast too.
WORKBOOK_SETTINGS = settings(SETTINGS, phases=[Phase.explicit, Phase.generate])
LABELS = tuple(s.label for s in DEFAULT_STATUSES)
STATUS_WORDS = tuple(w for s in DEFAULT_STATUSES for w in (s.label, *s.aliases))
OPTIONAL = tuple(k for k in COLUMNS if k not in REQUIRED)

# Printable text as a spreadsheet can hold it: no control characters, no lone surrogates,
# no unassigned code points (U+FFFE is not allowed in XML).
CHARACTERS = st.characters(blacklist_categories=("Cc", "Cs", "Cn"))
TEXT = st.text(CHARACTERS, max_size=25)
LONG_TEXT = st.builds(
    lambda t, n: t * n, st.text(CHARACTERS, min_size=1, max_size=6), st.integers(1, 500)
)


def cell_text(prefix: str):
    """Non-blank text that a spreadsheet keeps as text (never starts with "=")."""
    return st.one_of(TEXT, LONG_TEXT).map(lambda t: f"{prefix} {t}")


def spelled(word: str, case: int, pad: int) -> str:
    shown = (word, word.upper(), word.lower(), word.title())[case]
    return " " * pad + shown + " " * pad


status_words = st.builds(
    spelled, st.sampled_from(STATUS_WORDS), st.integers(0, 3), st.integers(0, 2)
)
header_names = {
    key: st.builds(spelled, st.sampled_from(names), st.integers(0, 3), st.integers(0, 1))
    for key, (_, names) in COLUMNS.items()
}
ends = st.one_of(
    st.none(),
    st.integers(1990, 2040),
    st.sampled_from(["31.12.2020", "Ende 2024", "fortlaufend", "laufend", "irgendwann"]),
    st.dates(dt.date(1995, 1, 1), dt.date(2035, 12, 31)).map(
        lambda d: dt.datetime(d.year, d.month, d.day)
    ),
)
fields = st.one_of(
    st.none(), st.sampled_from(["Sprache", "Arbeit", "1", "2 Arbeit", "Wohnen"]), cell_text("HF")
)


def id_cell(parts: tuple[int, int | None], as_number: bool):
    """A measure number as text ("3.10"), or as the number Excel would store."""
    major, minor = parts
    text = f"{major}" if minor is None else f"{major}.{minor}"
    if as_number and minor is None:
        return major
    if as_number and str(float(text)) == text:
        return float(text)  # 1.5 stays 1.5; "1.10" is kept as text (would become 1.1)
    return text


ids = st.lists(
    st.tuples(st.integers(1, 12), st.one_of(st.none(), st.integers(1, 15))),
    min_size=1,
    max_size=10,
    unique=True,
)


@st.composite
def layouts(draw):
    """Header names, column order, an extra column we do not read, title rows above."""
    keys = list(REQUIRED) + draw(st.lists(st.sampled_from(OPTIONAL), unique=True))
    if draw(st.booleans()):
        keys.append(None)  # a column we do not read
    keys = draw(st.permutations(keys))
    header = [draw(header_names[k]) if k else "Interne Notiz" for k in keys]
    titles = draw(st.lists(cell_text("Umsetzungsstand").map(lambda t: [t]), max_size=2))
    return keys, header, titles


def value_for(draw, key: str | None):
    if key is None:
        return draw(st.one_of(st.none(), cell_text("intern")))
    if key == "field":
        return draw(fields)
    if key == "end":
        return draw(ends)
    if key == "start":
        return draw(st.one_of(st.none(), st.integers(2015, 2025), cell_text("ab")))
    return draw(st.one_of(st.none(), cell_text("x"), st.integers(0, 10**6)))


@st.composite
def valid_tables(draw):
    """(rows incl. header, title rows, number of measure rows, number of non-blank rows)."""
    keys, header, titles = draw(layouts())
    rows, measures, filled = [header], 0, 0
    for parts in draw(ids):
        row = []
        for key in keys:
            if key == "id":
                row.append(id_cell(parts, draw(st.booleans())))
            elif key == "title":
                row.append(draw(cell_text("Maßnahme")))
            elif key == "status":
                row.append(draw(status_words))
            else:
                row.append(value_for(draw, key))
        rows.append(row)
        measures += 1
        filled += 1
        extra = draw(st.sampled_from(["none", "none", "blank", "heading"]))
        if extra == "blank":
            rows.append([None] * len(keys))
        elif extra == "heading":  # a heading row: one text, no Nr., no status
            heading = [None] * len(keys)
            heading[keys.index("title")] = draw(cell_text("Teil"))
            rows.append(heading)
            filled += 1
    return rows, titles, measures, filled


@st.composite
def messy_tables(draw):
    """Anything a clerk might type: wrong statuses, no Nr., dates and booleans as Nr., twins."""
    keys, header, titles = draw(layouts())
    rows = [header]
    for _ in range(draw(st.integers(0, 12))):
        row = []
        for key in keys:
            if key == "id":
                row.append(
                    draw(
                        st.one_of(
                            st.builds(id_cell, ids.map(lambda x: x[0]), st.booleans()),
                            st.sampled_from(["1.1", "1.10", 1.1, 2, None, True, "  "]),
                            st.just(dt.datetime(2023, 1, 10)),
                            cell_text("Nr"),
                        )
                    )
                )
            elif key == "status":
                row.append(draw(st.one_of(status_words, st.none(), cell_text("Stand"), TEXT)))
            elif key == "title":
                row.append(draw(st.one_of(st.none(), cell_text("Maßnahme"), TEXT)))
            else:
                row.append(value_for(draw, key))
        rows.append(row)
        if len(rows) > 2 and draw(st.integers(0, 4)) == 0:
            rows.append(list(rows[-2]))  # the same row again
    return rows, titles


def write_years(folder: Path, tables) -> None:
    for year, (rows, titles) in tables.items():
        write_xlsx(folder / f"status_{year}.xlsx", rows, title_rows=titles)


def assert_reconciles(analysis) -> None:
    for data in analysis.years:
        for s in data.sheets:
            assert s.rows == s.measures + len(s.skipped), (data.year, s)
        assert sum(s.measures for s in data.sheets) == len(data.measures)


@WORKBOOK_SETTINGS
@given(previous=valid_tables(), current=valid_tables())
def test_valid_tables_always_give_a_report(config, previous, current):
    with tempfile.TemporaryDirectory() as folder:
        write_years(
            Path(folder), {2022: (previous[0], previous[1]), 2023: (current[0], current[1])}
        )
        analysis = analyse(Path(folder), config)
    assert analysis.ok, [p.text() for p in analysis.errors]
    assert_reconciles(analysis)
    data = analysis.years[0]
    _, _, measures, filled = current
    [sheet] = data.sheets
    assert (sheet.rows, len(data.measures)) == (filled, measures)
    assert len(records.entries(analysis.compared)) == measures
    assert sum(count_by_status(data, config).values()) == measures


@WORKBOOK_SETTINGS
@given(table=valid_tables())
def test_a_year_compared_with_itself_is_unchanged(config, table):
    with tempfile.TemporaryDirectory() as folder:
        write_years(Path(folder), {2022: table[:2], 2023: table[:2]})
        analysis = analyse(Path(folder), config)
    assert analysis.ok, [p.text() for p in analysis.errors]
    data = analysis.years[0]
    for year in analysis.years:
        itself = compare(year, year, config)
        assert {e.change for e in records.entries(itself)} <= {"unchanged"}
        assert len(records.entries(itself)) == len(year.measures)
        assert itself.removed.empty
        assert itself.problems == ()
    across = analysis.compared  # identical files for 2022 and 2023
    assert [e.change for e in records.entries(across)] == ["unchanged"] * len(data.measures)
    assert across.removed.empty


@WORKBOOK_SETTINGS
@given(
    previous=messy_tables(),
    current=messy_tables(),
    allow_missing=st.booleans(),
)
def test_messy_tables_never_crash_and_every_row_is_accounted_for(
    config, previous, current, allow_missing
):
    with tempfile.TemporaryDirectory() as folder:
        write_years(Path(folder), {2022: previous, 2023: current})
        analysis = analyse(Path(folder), config, allow_missing=allow_missing)
    assert_reconciles(analysis)
    errors = analysis.errors
    for data in analysis.years:
        for s in data.sheets:
            for k in s.skipped:
                if "Fehler" in k.reason:  # a row dropped as an error must fail the build
                    assert errors, (k.source, k.reason)
        if not allow_missing and data.unanswered:
            assert errors
    if analysis.ok:
        entries = records.entries(analysis.compared)
        assert len(entries) == len(analysis.years[0].measures)
        assert all(e.change in (*CLASSES, NO_RESPONSE) for e in entries)


@WORKBOOK_SETTINGS
@given(
    table=valid_tables(),
    bad_id=st.sampled_from([None, True, False, dt.datetime(2023, 1, 10)]),
    position=st.integers(0, 20),
)
@example(
    table=([["Nr.", "Maßnahme", "Status"], ["1.1", "Maßnahme 1.1", "umgesetzt"]], [], 1, 1),
    bad_id=True,
    position=0,
)
def test_a_row_with_an_unusable_nr_is_an_error(config, table, bad_id, position):
    """A filled row whose Nr. cannot be read must stop the build, never vanish quietly."""
    rows, titles, _, _ = table
    keys = [column_key(name) for name in rows[0]]
    bad = [None] * len(keys)
    bad[keys.index("id")] = bad_id
    bad[keys.index("title")] = "Maßnahme ohne lesbare Nr."
    bad[keys.index("status")] = "in Umsetzung"
    at = 1 + position % len(rows)
    rows = rows[:at] + [bad] + rows[at:]
    with tempfile.TemporaryDirectory() as folder:
        write_years(Path(folder), {2022: table[:2], 2023: (rows, titles)})
        analysis = analyse(Path(folder), config)
    assert_reconciles(analysis)
    assert not analysis.ok, f"Nr. {bad_id!r}: row skipped without an error"
    [sheet] = analysis.years[0].sheets
    assert [k.source.row for k in sheet.skipped if "Fehler" in k.reason] == [len(titles) + at + 1]


@WORKBOOK_SETTINGS
@given(table=valid_tables(), word=cell_text("Stand"), which=st.integers(0, 20))
def test_an_unknown_status_word_is_an_error(config, table, word, which):
    rows, titles, _, _ = table
    rows = [list(r) for r in rows]  # 2022 keeps the valid table
    keys = [column_key(name) for name in rows[0]]
    measure_rows = [r for r in rows[1:] if r[keys.index("status")] is not None]
    measure_rows[which % len(measure_rows)][keys.index("status")] = word
    with tempfile.TemporaryDirectory() as folder:
        write_years(Path(folder), {2022: table[:2], 2023: (rows, titles)})
        analysis = analyse(Path(folder), config)
    assert_reconciles(analysis)
    assert not analysis.ok
    unknown = [p for p in analysis.errors if p.message.endswith("ist kein bekannter Status.")]
    assert [p.value for p in unknown] == [" ".join(word.split())]


# --- comparison of random years built directly --------------------------------------------------


@st.composite
def year_pairs(draw):
    pool = [f"{a}.{b}" for a in (1, 2) for b in range(1, 8)]
    statuses = st.sampled_from(LABELS)

    def year(number):
        chosen = draw(st.lists(st.sampled_from(pool), unique=True, max_size=10))
        ordered = sorted(chosen, key=lambda i: tuple(int(p) for p in i.split(".")))
        return YearData(
            number,
            tuple(
                Measure(
                    i,
                    f"Maßnahme {i}",
                    "Sprache",
                    draw(statuses),
                    Source("s.xlsx", "", n + 2),
                    end_year=draw(st.one_of(st.none(), st.integers(2018, 2026))),
                )
                for n, i in enumerate(ordered)
            ),
            (),
            (),
        )

    return year(2021), year(2022), year(2023)


PHASE = ("nicht begonnen", "in Vorbereitung", "in Umsetzung", "umgesetzt", "verstetigt")
OPEN = ("nicht begonnen", "in Vorbereitung", "in Umsetzung")


def expected_class(now: str, before: str | None) -> str:
    """The specification, written independently of the code."""
    if before is None:
        return "new"
    if now == before:
        return "unchanged"
    if now == "entfallen":
        return "dropped"
    if now == "zurückgestellt":
        return "postponed"
    if before in ("zurückgestellt", "entfallen"):
        return "resumed"
    return "progressed" if PHASE.index(now) > PHASE.index(before) else "regressed"


@SETTINGS
@given(years=year_pairs())
def test_every_measure_in_exactly_one_class_as_specified(config, years):
    oldest, previous, current = years
    comparison = compare(current, previous, config, oldest)
    before = previous.by_id()
    older = oldest.by_id()
    for e in records.entries(comparison):
        m = e.measure
        member_of = [c for c in CLASSES if m.id in comparison.ids(c)]
        assert member_of == [
            expected_class(m.status, before[m.id].status if m.id in before else None)
        ]
        assert e.stalled == (
            member_of == ["unchanged"]
            and m.status in OPEN
            and m.id in older
            and older[m.id].status == m.status
        )
        assert e.overdue == (
            m.end_year is not None and m.end_year < 2023 and m.status in (*OPEN, "zurückgestellt")
        )
    assert [e.measure.id for e in records.entries(comparison)] == [m.id for m in current.measures]
    current_ids = {m.id for m in current.measures}
    assert comparison.removed["id"].tolist() == [
        m.id for m in previous.measures if m.id not in current_ids
    ]
    assert sum(count_by_status(current, config).values()) == len(current.measures)
