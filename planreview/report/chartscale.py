"""Chart text and scales: approximate text widths, wrapping, round ticks, SVG coordinates."""

from __future__ import annotations

import math
import textwrap

EM = 0.6  # DejaVu Sans: average advance per character in em; generous for lower case


def coordinate(value: float) -> str:
    """Two decimals at most, no trailing zeros: short and the same bytes every time."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def text_width(text: str, size: float) -> float:
    """Approximate width in pt (no font metrics needed; errs on the wide side)."""
    return len(text) * EM * size


def wrap(text: str, size: float, width: float, lines: int = 2) -> list[str]:
    """`text` in at most `lines` lines of about `width` pt; a longer rest is cut with "…"."""
    chars = max(4, int(width / (EM * size)))
    wrapped = textwrap.wrap(text, chars) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: chars - 1].rstrip() + "…"
    return wrapped


def lines(wrapped: list[str], size: float, centre: float) -> list[dict]:
    """Baselines for lines of text centred vertically on `centre`."""
    step = 1.2 * size
    first = centre - step * (len(wrapped) - 1) / 2 + 0.35 * size
    return [{"text": line, "y": first + i * step} for i, line in enumerate(wrapped)]


def nice_ticks(low: float, high: float, count: int = 5, integer: bool = False) -> list[float]:
    """Round tick values 1, 2 or 5 × 10^k apart, about `count` intervals, from at or below
    `low` to at or above `high`."""
    if high <= low:
        high = low + (abs(low) * 0.1 or 1.0)
    raw = (high - low) / max(count, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw * (1 - 1e-9))
    if integer:
        step = max(1, round(step))
    decimals = max(0, -math.floor(math.log10(step)))
    first = math.floor(low / step + 1e-9) * step
    intervals = math.ceil((high - first) / step - 1e-9)
    ticks = [round(first + i * step, decimals) for i in range(intervals + 1)]
    return [int(t) for t in ticks] if integer else ticks


def tick_text(value: float, step: float, decimal_mark: str) -> str:
    decimals = max(0, -math.floor(math.log10(step))) if step else 0
    return f"{value:.{decimals}f}".replace(".", decimal_mark).replace("-", "\u2212")
