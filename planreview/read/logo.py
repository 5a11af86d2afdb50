"""The logo of the title page, checked when the configuration is read."""

from __future__ import annotations

from pathlib import Path


def svg_problem(path: Path) -> str:
    """Why WeasyPrint would refuse an SVG logo (it reads SVG without DTDs and entities, for
    safety), said before the report is set: "" if none."""
    data = path.read_bytes()[:2_000_000]
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        return (
            "Das SVG-Logo enthält eine DOCTYPE- oder ENTITY-Angabe; solche SVGs werden aus "
            "Sicherheitsgründen nicht gelesen. Bitte das Logo ohne sie speichern (Inkscape: "
            "„Optimiertes SVG“) oder als PNG."
        )
    if b"<svg" not in data:
        return "Die Datei ist kein SVG-Bild. Bitte als .svg oder .png speichern."
    return ""
