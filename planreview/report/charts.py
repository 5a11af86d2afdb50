"""Charts as small SVG documents, reproducible, never carrying meaning by colour alone.

The geometry (scales, ticks, bar and label positions) is computed here; the markup lives in
templates/charts/ (Jinja2 with autoescaping: field and status names come from spreadsheets).
One SVG unit is one point on paper at the width the report shows a chart, so the font sizes
below are the printed sizes. Alt texts and tables with the same numbers are built elsewhere.
"""

from __future__ import annotations

import base64
import math
from functools import cache
from pathlib import Path

import jinja2

from ..glyphs import drawable
from ..read.vocabulary import Vocabulary
from ..resources import default_templates
from .chartscale import coordinate, nice_ticks, text_width
from .chartscale import lines as _lines
from .chartscale import tick_text as _tick_text
from .chartscale import wrap as _wrap

WIDTH = 488.0  # the report's text width (A4 minus margins, 172 mm) in pt; CSS scales to fit
SPARK = (244.0, 112.0)  # img.spark is 86 mm wide: half the text width
TEXT, SMALL = 8.5, 7.5  # font sizes (pt): labels; numbers, ticks and legends
# One pattern per status over its colour (greyscale printouts, colour blindness). The tiles
# hold one or two strokes: WeasyPrint makes a PDF pattern for every patterned shape.
PATTERNS = ("none", "dots", "up", "cross", "horizontal", "down", "vertical", "grid", "rings")


# --- templates ----------------------------------------------------------------------------


@cache
def _axis_label() -> str:
    """labels.toml's German chart_axis, for a chart drawn without the report's labels."""
    from .labels import load_labels  # noqa: PLC0415

    return load_labels(default_templates(), "de")("chart_axis")


@cache
def _environment(templates: Path | None) -> jinja2.Environment:
    """The chart templates of `templates` (a city's copy of the folder), and the package's
    for any it does not have."""
    folders = [default_templates() / "charts"]
    if templates is not None:
        folders.insert(0, templates / "charts")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        autoescape=True,  # a field called "<script>" stays text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=drawable,  # what no bundled font has: a visible placeholder
    )
    env.filters["n"] = coordinate
    env.globals.update(TEXT=TEXT, SMALL=SMALL)
    return env


def _render(template: str, templates: Path | None, **values) -> str:
    return _environment(templates).get_template(template).render(**values)


# --- shared pieces -------------------------------------------------------------------------------


def _dark(colour: str) -> bool:
    """Whether a "#rrggbb"/"#rgb" colour needs light pattern strokes (unknown: no)."""
    digits = colour.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    try:
        red, green, blue = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return len(digits) == 6 and 0.299 * red + 0.587 * green + 0.114 * blue < 110


def _label(symbol: str, text: str) -> str:
    return f"{symbol} {text}" if symbol else text


def _styles(vocabulary: Vocabulary, name) -> list[dict]:
    """Per status: the legend text, colour, pattern (and a stroke colour that shows on it)."""
    styles = []
    for index, status in enumerate(vocabulary.statuses):
        pattern = PATTERNS[index % len(PATTERNS)]
        styles.append(
            {
                "label": status.label,
                "text": _label(status.symbol, name(status.label)),
                "id": f"s{index}",
                "colour": status.colour,
                "pattern": pattern,
                "ink": "#ffffff" if _dark(status.colour) else "#222222",
                "hatch": None if pattern == "none" else f"url(#s{index})",
            }
        )
    return styles


def _legend(entries: list[dict], x: float, y: float, width: float) -> tuple[list[dict], float]:
    """Swatch-and-text entries in as many equal columns as fit into `width`, row by row
    (reading order = status order); returns the entries placed and the height used."""
    column = max(text_width(e["text"], SMALL) for e in entries) + 26
    columns = max(1, min(len(entries), int(width // column)))
    placed = []
    for i, entry in enumerate(entries):
        left, top = x + (i % columns) * column, y + (i // columns) * 12
        placed.append({**entry, "x": left, "y": top, "tx": left + 16, "ty": top + 7})
    return placed, math.ceil(len(entries) / columns) * 12


def _tag(value: int, cx: float, cy: float) -> dict:
    """A number centred on (cx, cy) on a white patch, so no pattern runs through it."""
    text = str(value)
    width, height = text_width(text, SMALL) + 3, SMALL + 2
    return {
        "text": text,
        "x": cx,
        "y": cy + 0.35 * SMALL,
        "box": {"x": cx - width / 2, "y": cy - height / 2, "width": width, "height": height},
    }


def _spread(wanted: list[float], gap: float, low: float, high: float) -> list[float]:
    """Positions near the wanted ones (ascending), at least `gap` apart, within low..high."""
    placed: list[float] = []
    for y in wanted:
        placed.append(max(y, low, placed[-1] + gap) if placed else max(y, low))
    for i in range(len(placed) - 1, -1, -1):
        limit = high if i == len(placed) - 1 else placed[i + 1] - gap
        placed[i] = min(placed[i], limit)
    return placed


def _beside(low: list[tuple[float, int]], x: float, room: float, top: float, bottom: float):
    """Numbers of segments too low to hold them, right of the column at x, top to bottom,
    spread to stay legible, each with a short leader line; none if the gap is too narrow."""
    if not low or room < max(text_width(str(v), SMALL) for _, v in low) + 10:
        return []
    tags = []
    spread = _spread([c for c, _ in low], SMALL + 2, top, bottom)
    for (centre, value), y in zip(low, spread, strict=True):
        tag = _tag(value, x + 5 + (text_width(str(value), SMALL) + 3) / 2, y)
        tag["leader"] = {"x1": x, "y1": centre, "x2": x + 5, "y2": y}
        tags.append(tag)
    return tags


def _count_axis(largest: int, start: float, end: float) -> tuple[list[int], float]:
    """Integer ticks from 0 for counts on `start`..`end` pt (a tick every 25 pt or more)."""
    ticks = nice_ticks(0, max(largest, 1), max(2, int(abs(end - start) // 25)), integer=True)
    return ticks, (end - start) / ticks[-1]


def _x_axis(ticks: list[int], unit: float, x0: float, top: float, y: float, label: str) -> dict:
    """A count axis along the bottom (bars start at x0), its label centred under it."""
    return {
        "x0": x0, "top": top, "y": y, "label": label,
        "label_x": x0 + ticks[-1] * unit / 2, "label_y": y + 24,
        "ticks": [{"x": x0 + t * unit, "text": str(t)} for t in ticks],
    }  # fmt: skip


# --- the four charts -----------------------------------------------------------------------------


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def status_comparison(
    counts_now: dict[str, int],
    counts_before: dict[str, int],
    year: int,
    previous: int,
    vocabulary: Vocabulary,
    name=str,
    axis_label: str | None = None,
    templates: Path | None = None,
) -> str:
    """Horizontal bars per status: previous year white and hatched, the reporting year below
    it in the status colour (the order of the table's columns); the count at each bar's end."""
    statuses = vocabulary.by_label
    labels = list(counts_now)
    texts = {label: _label(statuses[label].symbol, name(label)) for label in labels}
    wrapped = {label: _wrap(texts[label], TEXT, WIDTH * 0.35) for label in labels}
    left = max(text_width(line, TEXT) for lines in wrapped.values() for line in lines) + 8
    largest = max([*counts_now.values(), *counts_before.values(), 1])
    x0, x1 = left + 4, WIDTH - text_width(str(largest), SMALL) - 8
    ticks, unit = _count_axis(largest, x0, x1)
    top, pitch, bar = 20.0, 28.0, 10.0
    legend, _ = _legend(
        [{"colour": "#ffffff", "hatch": "url(#hatch)", "text": str(previous)},
         {"colour": "#777777", "hatch": None, "text": str(year)}],
        x0, 2.0, x1 - x0,
    )  # fmt: skip
    rows = []
    for i, label in enumerate(labels):
        y = top + i * pitch + (pitch - 2 * bar) / 2
        bars = []
        for value, colour, hatch, stroke, bar_y in (
            (counts_before.get(label, 0), "#ffffff", "url(#hatch)", "#555555", y),
            (counts_now[label], statuses[label].colour, None, "#333333", y + bar),
        ):
            width = value * unit
            bars.append(
                {"x": x0, "y": bar_y, "width": width, "height": bar, "colour": colour,
                 "hatch": hatch, "stroke": stroke, "text": str(value), "tx": x0 + width + 3,
                 "ty": bar_y + bar / 2 + 0.35 * SMALL}
            )  # fmt: skip
        centre = top + (i + 0.5) * pitch
        rows.append({"lines": _lines(wrapped[label], TEXT, centre), "bars": bars})
    axis_y = top + len(labels) * pitch + 2
    axis = _x_axis(ticks, unit, x0, top - 2, axis_y, axis_label or _axis_label())
    return _render(
        "status.svg.j2", templates, width=WIDTH, height=axis_y + 30, label_x=left,
        rows=rows,
        legend=legend, axis=axis,
    )  # fmt: skip


def fields_stacked(
    table: dict[str, dict[str, int]],
    vocabulary: Vocabulary,
    name=str,
    axis_label: str | None = None,
    templates: Path | None = None,
) -> str:
    """One stacked bar per Handlungsfeld; each status with its own colour AND pattern; long
    field names wrap to two lines (the full names stand in the table above)."""
    styles = _styles(vocabulary, name)
    fields = list(table)
    wrapped = {f: _wrap(f, TEXT, WIDTH * 0.36) for f in fields}
    left = max([text_width(line, TEXT) for lines in wrapped.values() for line in lines] + [0]) + 8
    pitch = 26.0 if any(len(lines) > 1 for lines in wrapped.values()) else 20.0
    top, bar = 4.0, 14.0
    x0, x1 = left + 4, WIDTH - 10
    totals = [sum(table[f].get(s["label"], 0) for s in styles) for f in fields]
    ticks, unit = _count_axis(max(totals + [1]), x0, x1)
    rows = []
    for i, field in enumerate(fields):
        centre = top + (i + 0.5) * pitch
        x, segments = x0, []
        for style in styles:
            value = table[field].get(style["label"], 0)
            if not value:
                continue
            width = value * unit
            tag = _tag(value, x + width / 2, centre)
            segments.append(
                {"x": x, "y": centre - bar / 2, "width": width, "height": bar,
                 "colour": style["colour"], "hatch": style["hatch"],
                 "tag": tag if tag["box"]["width"] + 2 <= width else None}
            )  # fmt: skip
            x += width
        rows.append({"lines": _lines(wrapped[field], TEXT, centre), "segments": segments})
    axis_y = top + len(fields) * pitch + 2
    axis = _x_axis(ticks, unit, x0, top, axis_y, axis_label or _axis_label())
    # the legend under the axis label, aligned with the bars
    legend, height = _legend(styles, x0, axis_y + 36, WIDTH - x0)
    return _render(
        "fields.svg.j2", templates, width=WIDTH, height=axis_y + 40 + height, label_x=left,
        rows=rows,
        styles=styles, legend=legend, axis=axis,
    )  # fmt: skip


def history_stacked(
    years: list[int],
    counts: list[dict[str, int]],
    vocabulary: Vocabulary,
    name=str,
    axis_label: str | None = None,
    templates: Path | None = None,
) -> str:
    """One stacked column per year, statuses with colour and pattern, numbers on the segments;
    a segment too low for its number gets it beside the column."""
    styles = _styles(vocabulary, name)
    height, top = 212.0, 8.0
    axis_y = height - 22
    legend_width = max(text_width(s["text"], SMALL) for s in styles) + 26
    totals = [sum(c.get(s["label"], 0) for s in styles) for c in counts]
    ticks, unit = _count_axis(max(totals + [1]), axis_y, top)  # unit < 0: counts go up
    x0 = 16 + text_width(str(ticks[-1]), SMALL) + 6
    x1 = WIDTH - legend_width - 12
    slot = (x1 - x0) / max(len(years), 1)
    bar = min(0.6 * slot, 64.0)
    columns = []
    for i, (year, count) in enumerate(zip(years, counts, strict=True)):
        left = x0 + (i + 0.5) * slot - bar / 2
        y, segments, low = axis_y, [], []
        for style in styles:
            value = count.get(style["label"], 0)
            if not value:
                continue
            size = -value * unit
            y -= size
            tag = _tag(value, left + bar / 2, y + size / 2)
            inside = tag["box"]["height"] + 1 <= size and tag["box"]["width"] + 2 <= bar
            if not inside:
                low.append((y + size / 2, value))
            segments.append({"x": left, "y": y, "width": bar, "height": size,
                             "colour": style["colour"], "hatch": style["hatch"],
                             "tag": tag if inside else None})  # fmt: skip
        beside = _beside(sorted(low), left + bar, slot - bar, top, axis_y)
        columns.append(
            {"segments": segments, "beside": beside, "label": str(year), "x": left + bar / 2}
        )
    axis = {  # the label turned upright along the left edge
        "x0": x0, "x1": x1, "y": axis_y, "top": axis_y + ticks[-1] * unit,
        "label": axis_label or _axis_label(), "label_x": 10, "label_y": (axis_y + top) / 2,
        "ticks": [{"y": axis_y + t * unit, "text": str(t)} for t in ticks],
    }  # fmt: skip
    legend, _ = _legend(styles, WIDTH - legend_width, top, legend_width)
    return _render(
        "history.svg.j2", templates, width=WIDTH, height=height, columns=columns,
        styles=styles,
        legend=legend, axis=axis,
    )  # fmt: skip


def axis_break(values: list[float]) -> bool:
    """Whether an indicator's value axis leaves out zero (and shows a break mark): when all
    values are positive and the lowest is above half the highest, a zero-based axis would
    flatten the line."""
    return bool(values) and min(values) > 0 and min(values) > 0.5 * max(values)


def indicator_line(
    years: list[int],
    values: list[float | None],
    target: float | None,
    target_label: str,
    decimal_mark: str = ".",
    templates: Path | None = None,
) -> str:
    """A small line chart; a year without a value breaks the line (a gap, not a zero); the
    target as a dashed line, labelled at the end where the data line is farther away."""
    width, height = SPARK
    size = 7.0
    known = [v for v in values if v is not None] + ([target] if target is not None else [])
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    broken = axis_break(known)
    if high == low:
        low, high = low - (abs(low) * 0.1 or 1), high + (abs(high) * 0.1 or 1)
    # a margin around the values, so no point sits on the axis; ticks only inside it; from
    # zero where zero is near enough (else the axis carries a break mark, see axis_break)
    margin = (high - low) * 0.15
    low, high = (0.0 if not broken and low >= 0 else low - margin), high + margin
    ticks = [t for t in nice_ticks(low if low == 0 else low + margin, high - margin, 4)
             if low <= t <= high]  # fmt: skip
    step = ticks[1] - ticks[0]
    texts = [_tick_text(t, step, decimal_mark) for t in ticks]
    x0, x1 = max(text_width(t, size) for t in texts) + 6, width - 6
    top, bottom = 8.0, height - 14

    def scale_y(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    slot = (x1 - x0) / max(len(years), 1)
    xs = [x0 + (i + 0.5) * slot for i in range(len(years))]
    runs: list[list[dict]] = [[]]  # the line's pieces between missing years
    for x, v in zip(xs, values, strict=True):
        if v is None:
            runs.append([])
        else:
            runs[-1].append({"x": x, "y": scale_y(v)})
    points = [p for run in runs for p in run]
    # every year if there is room, else every n-th, always the reporting year (the last)
    every = math.ceil(len(years) * text_width("2000", size) * 1.3 / (x1 - x0)) or 1
    shown = range(len(years) - 1, -1, -every)
    year_labels = [{"x": xs[i], "text": str(years[i])} for i in reversed(shown)]
    goal = None
    if target is not None:
        y = scale_y(target)
        # labelled at the end where the data is farther from the line; above the line unless
        # the data comes close above it there and there is room below
        at_end = bool(points) and abs(points[-1]["y"] - y) > abs(points[0]["y"] - y)
        near = (points[-1] if at_end else points[0]) if points else None
        below = near is not None and 0 < y - near["y"] < size + 3 and bottom - y > size + 2
        goal = {
            "y": y, "text": target_label, "anchor": "end" if at_end else "start",
            "x": x1 - 2 if at_end else x0 + 2, "ty": y + (size + 1 if below else -2),
        }  # fmt: skip
    axis = {
        "x0": x0, "x1": x1, "y": bottom, "top": top, "broken": broken,
        "ticks": [{"y": scale_y(t), "text": s} for t, s in zip(ticks, texts, strict=True)],
    }  # fmt: skip
    return _render(
        "indicator.svg.j2", templates, width=width, height=height, size=size, axis=axis,
        points=points,
        runs=[r for r in runs if len(r) > 1], years=year_labels, goal=goal,
    )  # fmt: skip
