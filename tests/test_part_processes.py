"""The processes a long report's parts are set in (report/workers.py, part_worker.py) and the
hyphenation patterns the build reads once for them (report/hyphenation.py). That the joined
PDF reads as the report set whole is tests/test_parts.py's."""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pyphen
import pytest

from planreview.report import hyphenation, parts, render, tagtree, workers

ROOT = Path(__file__).resolve().parent.parent


def test_the_patterns_sent_to_a_part_are_the_ones_pyphen_reads_itself(monkeypatch):
    monkeypatch.setattr(pyphen, "hdcache", {})
    sent = hyphenation.read('<!DOCTYPE html>\n<html lang="de">\n<head><title>t</title>')
    [(path, patterns)] = sent.items()
    assert path == pyphen.LANGUAGES["de"]  # the file WeasyPrint's Pyphen(lang="de") reads
    fresh = pyphen.HyphDict(path)  # pyphen's own reading, the oracle
    assert patterns.patterns == fresh.patterns and len(patterns.patterns) > 60_000
    assert patterns.maxlen == fresh.maxlen
    assert patterns.cache == {}  # no words of earlier builds travel along


def test_a_part_given_the_patterns_never_reads_the_pattern_file(monkeypatch):
    monkeypatch.setattr(pyphen, "hdcache", {})
    sent = pickle.loads(pickle.dumps(hyphenation.read('<html lang="de">')))  # as over the pipe
    monkeypatch.setattr(pyphen, "hdcache", {})  # a fresh process

    def read_again(path):
        raise AssertionError(f"{path} read again")

    monkeypatch.setattr(pyphen, "HyphDict", read_again)
    hyphenation.install(sent)
    words = pyphen.Pyphen(lang="de")
    assert words.inserted("Integrationskonzept") == "In-te-gra-ti-ons-kon-zept"
    assert words.inserted("Handlungsfeld") == "Hand-lungs-feld"


@pytest.mark.parametrize("html", ['<html lang="tlh">', "<html>", "<p>no head</p>"])
def test_no_patterns_for_a_language_pyphen_does_not_know_or_none(html):
    assert hyphenation.read(html) == {}


def _worker_command() -> tuple[list[str], dict]:
    """The command workers.start runs, with its output and errors to read here."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return [sys.executable, "-P", "-c", workers._LAUNCH], env


def test_a_process_started_ahead_that_gets_no_part_ends_quietly():
    command, env = _worker_command()
    done = subprocess.run(command, input=b"", capture_output=True, env=env, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")


def test_a_process_told_the_language_ahead_sends_the_patterns_pyphen_reads():
    command, env = _worker_command()
    asked = pickle.dumps(("hyphenate", "de"), protocol=pickle.HIGHEST_PROTOCOL)
    done = subprocess.run(command, input=asked, capture_output=True, env=env, timeout=60)
    assert (done.returncode, done.stderr) == (0, b"")
    kind, sent = pickle.loads(done.stdout)
    [(path, patterns)] = sent.items()
    assert kind == "patterns" and path == pyphen.LANGUAGES["de"]
    fresh = pyphen.HyphDict(path)  # pyphen's own reading, the oracle
    assert patterns.patterns == fresh.patterns and patterns.maxlen == fresh.maxlen
    assert patterns.cache == {}


def _never_read_here(monkeypatch) -> None:
    """This process (the build) must not parse a pattern file: it is sent them (unpickled
    without __init__, which parses the file)."""
    monkeypatch.setattr(pyphen, "hdcache", {})

    def read_again(self, path):
        raise AssertionError(f"{path} read by the build")

    monkeypatch.setattr(pyphen.HyphDict, "__init__", read_again)


def test_processes_started_ahead_and_not_taken_are_stopped_and_reaped():
    with workers.Ahead() as ahead:
        started = list(ahead._workers)
        assert len(started) == workers.PARTS
        assert all(p.poll() is None for p in started)  # importing WeasyPrint meanwhile
    assert all(p.returncode is not None for p in started)
    assert ahead.take(workers.PARTS) == []


def test_a_report_set_in_parts_started_ahead_is_the_same_pdf(tmp_path, monkeypatch):
    demo = tmp_path / "demo.html"
    done = subprocess.run(
        [sys.executable, str(ROOT / "review.py"), "build", "--inputs", str(ROOT / "inputs"),
         "--no-pdf", "--html", str(demo), "-q"],
        capture_output=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    html = demo.read_text(encoding="utf-8")
    plan = parts.plan(html)
    own = parts.render(plan, "pdf/ua-1", (), None, tagtree.Words())
    with workers.Ahead() as ahead:
        taken = list(ahead._workers)
        ahead.prepare("de")  # as build() does: the first reads the patterns for all
        _never_read_here(monkeypatch)
        early = parts.render(plan, "pdf/ua-1", (), None, tagtree.Words(), ahead)
        assert list(pyphen.hdcache) == [pyphen.LANGUAGES["de"]]  # the front used them
        assert ahead.take(workers.PARTS) == []  # both were taken
    assert own is not None and early == own
    assert all(p.returncode == 0 for p in taken)  # ended after their part, not stopped
    with workers.Ahead() as ahead:  # patterns this process cannot take in: set whole
        taken = list(ahead._workers)
        ahead.prepare("de")
        monkeypatch.setattr(pyphen, "HyphDict", None)
        assert parts.render(plan, "pdf/ua-1", (), None, tagtree.Words(), ahead) is None
    assert all(p.returncode is not None for p in taken)


def test_patterns_that_cannot_be_taken_in_set_the_report_whole_without_waiting(monkeypatch):
    with workers.Ahead() as ahead:
        taken = list(ahead._workers)
        ahead.prepare("de")
        monkeypatch.setattr(pyphen, "HyphDict", None)  # the pickle's class is gone here
        assert ahead.patterns() == {}  # not half read: its process is killed instead
        assert taken[0].wait(timeout=10) != 0
    assert all(p.returncode is not None for p in taken)


def test_a_report_set_whole_stops_the_processes_started_ahead(monkeypatch):
    html = '<!DOCTYPE html><html lang="de"><head><title>t</title></head><body><p>x</p></body>'
    with workers.Ahead() as ahead:
        taken = list(ahead._workers)
        pdf, pages = render.render_pdf(html, ahead=ahead)  # no cut marks: set whole
    assert pages == 1 and pdf.startswith(b"%PDF-")
    assert all(p.returncode is not None for p in taken)


def test_a_report_set_whole_hyphenates_with_the_patterns_read_ahead(monkeypatch):
    word = "Integrationskonzept"
    html = (
        '<!DOCTYPE html><html lang="de"><head><title>t</title></head><body>'
        f'<p style="hyphens: auto; width: 12mm">{word}</p></body></html>'
    )
    with workers.Ahead() as ahead:
        ahead.prepare("de")
        _never_read_here(monkeypatch)
        pdf, pages = render.render_pdf(html, ahead=ahead)
    assert list(pyphen.hdcache) == [pyphen.LANGUAGES["de"]]
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout
    lines = text.decode().split()  # broken only where pyphen's patterns allow (U+2010)
    assert len(lines) > 1 and all(line.endswith("\u2010") for line in lines[:-1])
    assert "".join(line.rstrip("\u2010") for line in lines) == word


def test_the_command_line_starts_them_ahead_only_for_a_pdf_of_its_own_process():
    from planreview import cli  # noqa: PLC0415

    no_pdf = cli.parser().parse_args(["build", "--no-pdf", "--json", "summary.json"])
    pdf = cli.parser().parse_args(["build"])
    assert isinstance(cli._parts_ahead(no_pdf, ends_process=True), contextlib.nullcontext)
    # a caller that goes on after main() (tests, an embedding program): no processes ahead
    assert isinstance(cli._parts_ahead(pdf, ends_process=False), contextlib.nullcontext)
    with cli._parts_ahead(pdf, ends_process=True) as ahead:
        assert isinstance(ahead, workers.Ahead)
        started = list(ahead._workers)
        assert len(started) == workers.PARTS
    assert all(p.returncode is not None for p in started)
