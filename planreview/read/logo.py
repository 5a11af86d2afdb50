"""The logo of the title page, checked when the configuration is read."""

from __future__ import annotations

from pathlib import Path

from ..problems import Said


def svg_problem(path: Path) -> str:
    """Why WeasyPrint would refuse an SVG logo (it reads SVG without DTDs and entities, for
    safety), said before the report is set: "" if none."""
    data = path.read_bytes()[:2_000_000]
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        return Said("logo_svg_unsafe")
    if b"<svg" not in data:
        return Said("logo_not_svg")
    return ""
