"""The analysis of large inputs in two processes gives exactly what one process gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from planreview.analyse import pipeline
from planreview.read.config import find_config, load_config

INPUTS = Path(__file__).resolve().parent.parent / "inputs"


def _analysis(allow_missing=False):
    return pipeline.analyse(
        INPUTS, load_config(find_config(INPUTS, None)), None, None, allow_missing
    )


@pytest.mark.parametrize("allow_missing", [False, True])
def test_two_processes_read_the_same_as_one(monkeypatch, allow_missing):
    one = _analysis(allow_missing)
    here = []
    original = pipeline.read_year

    def counting(year, *args):
        here.append(year)  # in this process; the forked one counts in its own copy
        return original(year, *args)

    monkeypatch.setattr(pipeline, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(pipeline, "read_year", counting)
    two = _analysis(allow_missing)
    assert two == one
    assert 0 < len(here) < 3 and set(here) < {2018, 2019, 2020}


def test_no_second_process_reads_everything_here(monkeypatch):
    one = _analysis()

    class NoPool:
        def __init__(self, *args, **kwargs):
            raise OSError("no fork here")

    monkeypatch.setattr(pipeline, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", NoPool)
    assert _analysis() == one
