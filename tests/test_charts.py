"""The charts' SVG: geometry with expected values written out, gaps, patterns, escaping."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from planreview.read.vocabulary import Status, Vocabulary
from planreview.report import charts

SVG = "{http://www.w3.org/2000/svg}"
VOCABULARY = Vocabulary()
NB, IV, IU, UM, VS, ZU, EN = VOCABULARY.labels  # nicht begonnen … entfallen
HOSTILE = ["<script>alert(1)</script>", '"&<>', "]]><x/>"]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def elements(root: ET.Element, tag: str, **attributes) -> list[ET.Element]:
    return [
        e
        for e in root.iter(SVG + tag)
        if all(e.get(k.replace("_", "-")) == v for k, v in attributes.items())
    ]


def texts(root: ET.Element) -> list[str]:
    return [e.text for e in root.iter(SVG + "text")]


def number(element: ET.Element, name: str) -> float:
    return float(element.get(name))


def counts(**values: int) -> dict[str, int]:
    table = dict.fromkeys(VOCABULARY.labels, 0)
    short = dict(zip(("NB", "IV", "IU", "UM", "VS", "ZU", "EN"), VOCABULARY.labels, strict=True))
    table.update({short[k]: v for k, v in values.items()})
    return table


# --- ticks and helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "count", "integer", "expected"),
    [
        (0, 16, 15, True, [0, 2, 4, 6, 8, 10, 12, 14, 16]),
        (0, 10, 10, True, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
        (0, 8, 15, True, [0, 1, 2, 3, 4, 5, 6, 7, 8]),  # never a step below 1 for counts
        (0, 49, 7, True, [0, 10, 20, 30, 40, 50]),
        (0, 1, 5, True, [0, 1]),
        (57.9, 65, 4, False, [56, 58, 60, 62, 64, 66]),
        (0.11, 0.2, 4, False, [0.1, 0.15, 0.2]),
        (-3.5, 2, 4, False, [-4, -2, 0, 2]),
        (5, 5, 4, False, [5.0, 5.2, 5.4, 5.6]),  # no span: one of a tenth above
    ],
)
def test_nice_ticks(low, high, count, integer, expected):
    assert charts.nice_ticks(low, high, count, integer) == pytest.approx(expected)


def test_long_names_wrap_to_two_lines_and_are_cut_after():
    assert charts._wrap("Beratung, Information und Willkommenskultur", 8.5, 175) == [
        "Beratung, Information und",
        "Willkommenskultur",
    ]
    assert charts._wrap("eins zwei drei vier fünf sechs sieben acht", 10, 60) == [
        "eins zwei",
        "drei vier…",
    ]


def test_text_width_is_estimated_from_the_length():
    assert charts.text_width("Anzahl", 10) == pytest.approx(36.0)  # 6 × 0.6 em × 10 pt


# --- status_comparison ---------------------------------------------------------------------------


def test_status_bars_are_proportional_and_end_at_their_ticks():
    svg = charts.status_comparison(counts(NB=4, IV=8), counts(NB=2), 2020, 2019, VOCABULARY)
    root = parse(svg)
    ticks = {e.text: number(e, "x") for e in elements(root, "text", text_anchor="middle")}
    assert [t for t in ticks if t.isdigit()] == ["0", "1", "2", "3", "4", "5", "6", "7", "8"]
    [now_nb] = elements(root, "rect", fill="#b8b8b8")
    [now_iv] = elements(root, "rect", fill="#f2c14e")
    before = elements(root, "rect", fill="url(#hatch)")
    assert len(before) == 1 + 1  # the bar of 2019's 2 and the legend's swatch
    assert number(now_iv, "width") == pytest.approx(2 * number(now_nb, "width"))
    assert number(before[1], "width") == pytest.approx(number(now_nb, "width") / 2)
    # the longest bar ends exactly at tick 8; every bar starts at tick 0
    assert number(now_iv, "x") == pytest.approx(ticks["0"])
    assert number(now_iv, "x") + number(now_iv, "width") == pytest.approx(ticks["8"], abs=0.01)
    # previous year above the reporting year, as in the table's columns
    assert number(before[1], "y") < number(now_nb, "y")
    labels = texts(root)
    assert labels[:2] == ["2019", "2020"]  # the legend
    assert "○ nicht begonnen" in labels and "Anzahl Maßnahmen" in labels
    # the counts right of the bar ends, 2019 then 2020 per status, zeros too
    ends = [e for e in elements(root, "text", font_size="7.5") if e.get("text-anchor") is None]
    assert [e.text for e in ends[2:]] == ["2", "4", "0", "8"] + ["0"] * 10
    assert number(ends[5], "x") == pytest.approx(ticks["8"] + 3, abs=0.01)


def test_status_chart_size_and_font():
    root = parse(charts.status_comparison(counts(IU=3), counts(), 2020, 2019, VOCABULARY))
    assert root.get("width") == "488pt"
    height = root.get("height").removesuffix("pt")
    assert root.get("viewBox") == f"0 0 488 {height}"
    assert root.get("font-family") == "DejaVu Sans"
    assert float(height) == pytest.approx(20 + 7 * 28 + 2 + 30)  # 7 rows of 28 pt


# --- fields_stacked ------------------------------------------------------------------------------


def test_field_segments_follow_each_other_with_widths_as_counts():
    table = {"Sprache": counts(NB=1, IU=3, VS=2), "Arbeit": counts(IV=6)}
    root = parse(charts.fields_stacked(table, VOCABULARY))
    # the colour rectangles (the patterned ones lie on top of them, same geometry)
    segments = [r for r in elements(root, "rect") if r.get("fill", "").startswith("#")]
    bars = [r for r in segments if float(r.get("height")) == 14]
    assert [r.get("fill") for r in bars] == ["#b8b8b8", "#5b9bd5", "#2e6b3a", "#f2c14e"]
    nb, iu, vs, iv = bars
    unit = number(nb, "width")
    # coordinates are written with two decimals
    assert [number(r, "width") / unit for r in bars] == pytest.approx([1, 3, 2, 6], abs=0.001)
    assert number(iu, "x") == pytest.approx(number(nb, "x") + unit, abs=0.01)
    assert number(vs, "x") == pytest.approx(number(iu, "x") + 3 * unit, abs=0.01)
    assert number(iv, "x") == pytest.approx(number(nb, "x"))  # the next bar starts again
    # numbers on white patches, only on non-empty segments
    patches = elements(root, "rect", fill="#ffffff", rx="1.5")
    assert len(patches) == 4
    numbers = [e.text for e in elements(root, "text", text_anchor="middle")]
    assert numbers[:4] == ["1", "3", "2", "6"]


def test_every_status_has_its_own_pattern_or_none():
    root = parse(charts.fields_stacked({"A": counts(NB=1)}, VOCABULARY))
    patterns = {p.get("id"): p for p in root.iter(SVG + "pattern")}
    assert sorted(patterns) == ["s1", "s2", "s3", "s4", "s5", "s6"]  # s0 (grey) is plain
    drawings = {
        ET.tostring(p, encoding="unicode").split(">", 1)[1] for p in patterns.values()
    }  # the tiles' contents, without their ids
    assert len(drawings) == 6
    # light strokes on the dark colours (verstetigt, entfallen), dark ones on the others
    inks = {
        key: {e.get("stroke") or e.get("fill") for e in p if e.tag != SVG + "rect"}
        for key, p in patterns.items()
    }
    assert inks == {
        "s1": {"#222222"}, "s2": {"#222222"}, "s3": {"#222222"},
        "s4": {"#ffffff"}, "s5": {"#222222"}, "s6": {"#ffffff"},
    }  # fmt: skip
    legend = [t for t in texts(root) if t[0] in "○◔◑●◆‖✕"]
    assert legend == [
        "○ nicht begonnen", "◔ in Vorbereitung", "◑ in Umsetzung", "● umgesetzt",
        "◆ verstetigt", "‖ zurückgestellt", "✕ entfallen",
    ]  # fmt: skip


def test_nine_statuses_nine_patterns():
    nine = Vocabulary(tuple(Status(f"S{i}", "open", colour="#cccccc") for i in range(9)))
    root = parse(charts.fields_stacked({"A": dict.fromkeys(nine.labels, 1)}, nine))
    assert len(list(root.iter(SVG + "pattern"))) == 8  # plus the plain first one


def test_long_field_names_wrap_and_small_segments_get_no_number():
    table = {"Beratung, Information und Willkommenskultur": counts(NB=1, IU=300)}
    root = parse(charts.fields_stacked(table, VOCABULARY))
    assert "Beratung, Information und" in texts(root)
    assert "Willkommenskultur" in texts(root)
    assert "1" not in texts(root)  # a segment of 1 in 301 is narrower than its number
    assert "300" in texts(root)


# --- history_stacked -----------------------------------------------------------------------------


def test_history_columns_have_heights_as_totals_and_low_numbers_beside():
    root = parse(
        charts.history_stacked([2019, 2020], [counts(NB=10), counts(NB=19, IU=1)], VOCABULARY)
    )
    grey = elements(root, "rect", fill="#b8b8b8")[:2]  # the legend swatch comes last
    blue = elements(root, "rect", fill="#5b9bd5")[0]
    assert number(grey[1], "height") == pytest.approx(1.9 * number(grey[0], "height"))
    assert number(blue, "height") == pytest.approx(number(grey[0], "height") / 10)
    # bottom to top: the blue segment sits on the grey one
    assert number(blue, "y") + number(blue, "height") == pytest.approx(number(grey[1], "y"))
    # "1" does not fit into 1/20 of the column: it stands right of it, with a leader line
    [leader] = [e for e in root.iter(SVG + "line") if e.get("stroke") == "#555555"]
    right = number(blue, "x") + number(blue, "width")
    assert number(leader, "x1") == pytest.approx(right)
    [one] = [e for e in root.iter(SVG + "text") if e.text == "1"]
    assert number(one, "x") > right
    assert texts(root)[-7:] == [
        "○ nicht begonnen", "◔ in Vorbereitung", "◑ in Umsetzung", "● umgesetzt",
        "◆ verstetigt", "‖ zurückgestellt", "✕ entfallen",
    ]  # fmt: skip
    assert {"2019", "2020", "Anzahl Maßnahmen", "10", "19"} <= set(texts(root))


# --- indicator_line ------------------------------------------------------------------------------


def test_a_missing_year_breaks_the_line():
    years = [2016, 2017, 2018, 2019, 2020]
    root = parse(charts.indicator_line(years, [10, 12, None, 16, 18], None, "Ziel"))
    runs = [e.get("points").split() for e in root.iter(SVG + "polyline")]
    assert [len(run) for run in runs] == [2, 2]  # 2016–2017 and 2019–2020, nothing at 2018
    dots = list(root.iter(SVG + "circle"))
    assert len(dots) == 4
    year_x = {e.text: number(e, "x") for e in root.iter(SVG + "text") if e.text in map(str, years)}
    assert [float(p.split(",")[0]) for run in runs for p in run] == pytest.approx(
        [year_x["2016"], year_x["2017"], year_x["2019"], year_x["2020"]]
    )
    ticks = [e.text for e in elements(root, "text", text_anchor="end")]
    assert ticks == ["10", "12", "14", "16", "18"]
    assert not elements(root, "line", stroke_dasharray="3 2")  # no target, no target line


def test_target_line_dashed_and_labelled():
    root = parse(charts.indicator_line([2019, 2020], [0.11, 0.2], 0.15, "Ziel", ","))
    [line] = elements(root, "line", stroke_dasharray="3 2")
    [label] = elements(root, "text", fill="#8c3b3b")
    assert label.text == "Ziel"
    ticks = [e for e in elements(root, "text", text_anchor="end") if e.get("fill") is None]
    assert [e.text for e in ticks] == ["0,10", "0,15", "0,20"]  # the decimal mark asked for
    assert number(ticks[1], "y") == pytest.approx(number(line, "y1") + 0.35 * 7, abs=0.01)


def test_counts_from_zero_or_with_a_marked_break():
    # lowest value at most half the highest: the axis starts at zero, no break mark
    root = parse(charts.indicator_line([2019, 2020], [40, 100], None, "Ziel"))
    ticks = [e.text for e in elements(root, "text", text_anchor="end")]
    assert ticks[0] == "0"
    assert not elements(root, "rect", fill="#ffffff")
    # 60 to 100: zero left out, and the axis shows it with a white gap and two strokes
    root = parse(charts.indicator_line([2019, 2020], [60, 100], None, "Ziel"))
    ticks = [e.text for e in elements(root, "text", text_anchor="end")]
    assert ticks[0] != "0"
    assert len(elements(root, "rect", fill="#ffffff")) == 1
    assert charts.axis_break([60, 100]) and not charts.axis_break([40, 100])
    assert not charts.axis_break([-5, 10])  # values below zero: the axis shows them all


def test_isolated_values_and_no_values_do_not_fail():
    root = parse(charts.indicator_line([2018, 2019, 2020], [None, 5, None], 5, "Ziel"))
    assert list(root.iter(SVG + "polyline")) == []
    assert len(list(root.iter(SVG + "circle"))) == 1
    assert parse(charts.indicator_line([], [], None, "Ziel")).get("width") == "244pt"


# --- untrusted names, reproducible bytes ---------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_field_and_status_names_stay_text(hostile):
    table = {hostile: counts(NB=1), "Arbeit": counts(IU=2)}
    statuses = (Status(hostile, "open", colour='#123456"/><script>x</script>'),)
    vocabulary = Vocabulary((*statuses, *VOCABULARY.statuses[1:]))
    svgs = [
        charts.fields_stacked(table, VOCABULARY, name=lambda _: hostile),
        charts.status_comparison(
            {hostile: 1, IU: 2}, {hostile: 2}, 2020, 2019, vocabulary, axis_label=hostile
        ),
        charts.history_stacked([2020], [{hostile: 1}], vocabulary),
        charts.indicator_line([2019, 2020], [1, 2], 3, hostile),
    ]
    for svg in svgs:
        root = parse(svg)  # well-formed: nothing broke out of a text or an attribute
        assert not list(root.iter(SVG + "script")) and not list(root.iter("x"))
        assert hostile in texts(root)  # shown as written
        assert "<script>" not in svg and "&lt;" in svg


def test_same_input_same_bytes_without_dates_or_random_ids():
    table = {"Sprache": counts(NB=1, IU=3), "Arbeit": counts(VS=2)}
    first = charts.fields_stacked(table, VOCABULARY)
    assert first == charts.fields_stacked(dict(table), VOCABULARY)
    assert first.startswith('<?xml version="1.0" encoding="utf-8"?>\n<svg ')
    ids = [e.get("id") for e in parse(first).iter() if e.get("id")]
    assert ids == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert "date" not in first.lower()


def test_charts_do_not_need_matplotlib():
    probe = (
        "import sys; from planreview.report import charts, render; "
        "charts.status_comparison({'a': 1}, {}, 2, 1, charts.Vocabulary("
        "(charts.Vocabulary().statuses[0].__class__('a', 'open'),))); "
        "print('matplotlib' in sys.modules)"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False"]
