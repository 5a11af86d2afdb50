"""Files shipped inside the package (templates, fonts, label and message tables), found with
importlib.resources so they are there after `pip install` as in a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def package_path(*parts: str) -> Path:
    """A file or folder of the installed package as a path. The package is installed as plain
    files (never zipped), so the traversable is a real folder WeasyPrint and Jinja can read."""
    return Path(str(resources.files("planreview").joinpath(*parts)))


def default_templates() -> Path:
    """The report's templates shipped with the package; `--templates DIR` replaces them."""
    return package_path("templates")
