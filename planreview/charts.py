"""Charts as SVG text (matplotlib), reproducible, never carrying meaning by colour alone.

Each chart also gets an alt text that states its numbers; the same numbers stand in a table
next to it in the report.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from .vocabulary import Vocabulary  # noqa: E402

# Hatching tells statuses apart without colour (printouts in black and white, colour blindness).
HATCHES = ("", "..", "//", "xx", "", "\\\\", "--", "++", "oo")
plt.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: searchable, rendered in the report's font
        "svg.hashsalt": "planreview",  # stable element ids -> byte-identical SVG
        "font.family": "DejaVu Sans",
        "font.size": 9,
    }
)


def _svg(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


def _segment_style(index: int, status, name) -> dict:
    """A status's look in stacked charts: its colour and its own hatch (readable in grey)."""
    return {
        "color": status.colour,
        "edgecolor": "#333333",
        "hatch": HATCHES[index % len(HATCHES)],
        "label": f"{status.symbol} {name(status.label)}",
    }


def _label_segments(axes, bars, values) -> None:
    """The number on each non-empty segment, on a white patch so hatching cannot hide it."""
    axes.bar_label(
        bars,
        labels=[str(v) if v else "" for v in values],
        label_type="center",
        fontsize=7,
        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none"},
    )


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def status_comparison(
    counts_now: dict[str, int],
    counts_before: dict[str, int],
    year: int,
    previous: int,
    vocabulary: Vocabulary,
    name=str,
    axis_label: str = "Anzahl Maßnahmen",
) -> str:
    """Horizontal bars per status, previous year hatched and reporting year solid, labelled."""
    labels = list(counts_now)
    figure, axes = plt.subplots(figsize=(6.2, 0.42 * len(labels) + 0.8))
    positions = range(len(labels))
    height = 0.38
    before = [counts_before.get(label, 0) for label in labels]
    now = [counts_now[label] for label in labels]
    bars_before = axes.barh(
        [p + height / 2 for p in positions],
        before,
        height,
        color="#ffffff",
        edgecolor="#555555",
        hatch="////",
        label=str(previous),
    )
    bars_now = axes.barh(
        [p - height / 2 for p in positions],
        now,
        height,
        color=[vocabulary.by_label[label].colour for label in labels],
        edgecolor="#333333",
        label=str(year),
    )
    for bars in (bars_before, bars_now):
        axes.bar_label(bars, padding=2, fontsize=8)
    axes.set_yticks(list(positions), [f"{vocabulary.by_label[x].symbol} {name(x)}" for x in labels])
    axes.invert_yaxis()
    axes.set_xlabel(axis_label)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(  # one neutral swatch per year: the bars of a year differ in colour
        handles=[
            Patch(facecolor="#ffffff", edgecolor="#555555", hatch="////", label=str(previous)),
            Patch(facecolor="#777777", edgecolor="#333333", label=str(year)),
        ],
        loc="lower right",
        frameon=False,
    )
    axes.margins(x=0.12)
    return _svg(figure)


def fields_stacked(
    table: dict[str, dict[str, int]],
    vocabulary: Vocabulary,
    name=str,
    axis_label: str = "Anzahl Maßnahmen",
) -> str:
    """One stacked bar per Handlungsfeld; each status with its own colour AND hatch."""
    fields = list(table)
    labels = list(vocabulary.labels)
    figure, axes = plt.subplots(figsize=(6.2, 0.45 * len(fields) + 1.4))
    left = [0] * len(fields)
    for index, label in enumerate(labels):
        values = [table[f][label] for f in fields]
        status = vocabulary.by_label[label]
        bars = axes.barh(fields, values, left=left, **_segment_style(index, status, name))
        _label_segments(axes, bars, values)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel(axis_label)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper center", bbox_to_anchor=(0.4, -0.18), ncol=3, frameon=False, fontsize=8)
    return _svg(figure)


def history_stacked(
    years: list[int],
    counts: list[dict[str, int]],
    vocabulary: Vocabulary,
    name=str,
    axis_label: str = "Anzahl Maßnahmen",
) -> str:
    """One stacked bar per year, statuses with colour and hatch, numbers on the segments."""
    labels = list(vocabulary.labels)
    figure, axes = plt.subplots(figsize=(6.2, 3.4))
    positions = [str(y) for y in years]
    bottom = [0] * len(years)
    for index, label in enumerate(labels):
        values = [c.get(label, 0) for c in counts]
        status = vocabulary.by_label[label]
        bars = axes.bar(
            positions, values, bottom=bottom, width=0.6, **_segment_style(index, status, name)
        )
        _label_segments(axes, bars, values)
        bottom = [a + b for a, b in zip(bottom, values, strict=True)]
    axes.set_ylabel(axis_label)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    return _svg(figure)


def indicator_line(
    years: list[int], values: list[float | None], target: float | None, target_label: str
) -> str:
    """A small line chart; a year without a value breaks the line (a gap, not a zero)."""
    figure, axes = plt.subplots(figsize=(3.0, 1.5))
    points = [float("nan") if v is None else v for v in values]
    axes.plot(years, points, color="#1d3c5a", marker="o", markersize=3, linewidth=1.5)
    if target is not None:
        axes.axhline(target, color="#8c3b3b", linestyle="--", linewidth=1)
        axes.annotate(target_label, (years[0], target), fontsize=7, color="#8c3b3b",
                      xytext=(0, 2), textcoords="offset points")  # fmt: skip
    axes.set_xticks(years, [str(y) for y in years], fontsize=7)
    axes.tick_params(axis="y", labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(y=0.25)
    return _svg(figure)
