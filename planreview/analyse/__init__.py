"""Analysis: year tables, comparison, history, indicators, hints, responses.

The package is also the API for analysts (and what the CLI's check and build call):

    from planreview import analyse
    a = analyse("inputs/")  # or analyse(path, year=2020, previous=2018, allow_missing=True)
    a.measures, a.comparison, a.problems

Nothing heavy is imported until it is called: `check` must start fast.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..read.config import Config
    from .pipeline import Analysis


def run(
    inputs: str | Path,
    *,
    year: int | None = None,
    previous: int | None = None,
    allow_missing: bool = False,
    config: str | Path | Config | None = None,
) -> Analysis:
    """Read, check and compare the spreadsheets under `inputs`. `config`: a review.toml path
    or a Config (default: review.toml in `inputs`, if there). Problems with the inputs are
    in the result's `problems`; an unusable config or a missing folder raises InputError."""
    from ..problems import InputError, Said, error
    from ..read.config import Config, find_config, load_config
    from .pipeline import analyse

    inputs = Path(inputs)
    if not isinstance(config, Config):
        config = load_config(find_config(inputs, Path(config) if config is not None else None))
    if not inputs.is_dir():
        raise InputError([error(Said("inputs_missing", inputs=str(inputs)))])
    return analyse(inputs, config, year, previous, allow_missing)


class _CallableModule(types.ModuleType):
    """`analyse(...)` is `run(...)`: the package's name is the API's verb."""

    def __call__(self, inputs: str | Path, **options) -> Analysis:
        return run(inputs, **options)


sys.modules[__name__].__class__ = _CallableModule
