"""What is left of WeasyPrint's laid-out document after rendering (render._drop_layout): freed
at once in a process that goes on, frozen (never walked by the collector) in one that ends."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile

from planreview import cli, console
from planreview.report import render
from planreview.resources import default_templates

# the bundled font as the report embeds it: WeasyPrint writes it to a temporary folder
FONT = render.inline_assets(
    '@font-face { font-family: "DejaVu Sans"; src: url("fonts/DejaVuSans.ttf"); }'
    ' body { font-family: "DejaVu Sans"; }',
    default_templates(),
)
HTML = (
    f'<!DOCTYPE html><html lang="de"><head><title>t</title><style>{FONT}</style></head><body>'
    + "".join(f"<h2>Kapitel {n}</h2><p>Absatz {n} mit etwas Text.</p>" for n in range(40))
    + "</body></html>"
)


def _boxes_alive() -> int:
    from weasyprint.formatting_structure.boxes import Box

    return sum(isinstance(o, Box) for o in gc.get_objects())


def test_a_process_that_goes_on_keeps_no_box_of_the_layout(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where WeasyPrint puts fonts
    gc.collect()
    assert _boxes_alive() == 0
    pdf, pages = render.render_pdf(HTML)
    assert pages >= 1 and pdf.startswith(b"%PDF")
    assert gc.get_freeze_count() == 0  # nothing frozen in a long-running process
    assert _boxes_alive() == 0  # WeasyPrint's boxes hold reference cycles: collected now
    assert list(tmp_path.iterdir()) == []  # its font files removed


def test_a_process_that_ends_freezes_the_layout_and_writes_the_same_pdf(tmp_path):
    script = (
        "import gc, sys\n"
        "from planreview.report import render\n"
        "pdf, _ = render.render_pdf(sys.stdin.read(), ends_process=True)\n"
        "sys.stdout.buffer.write(b'%d\\n' % gc.get_freeze_count() + pdf)\n"
    )
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=HTML.encode(),
        capture_output=True,
        check=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    frozen, pdf = done.stdout.split(b"\n", 1)
    assert int(frozen) > 10_000  # the layout's objects (a few hundred thousand here)
    assert pdf == render.render_pdf(HTML)[0]
    # a frozen FontConfiguration never runs __del__: its font folder is removed explicitly
    assert list(temporary.iterdir()) == []


def test_only_the_program_entry_lets_build_leave_garbage_to_the_end(monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "run_build", lambda args, out, err, ends: seen.append(ends) or 0)
    assert cli.main(["build", "--inputs", "nowhere"]) == 0  # in-process: tests, other programs
    monkeypatch.setattr(sys, "argv", ["review.py", "build", "--inputs", "nowhere"])
    try:
        assert console.program() == 0  # review.py and the console script `planreview`
    finally:
        gc.enable()  # the program entry switched the collector off: not for the other tests
    assert seen == [False, True]


def test_a_command_that_ends_the_process_runs_without_the_cyclic_collector():
    """check/build from the program entry switch the collector off for good (the process ends
    after the command); main() called by a program that goes on leaves it as it was."""
    inputs = str(default_templates().parent.parent / "inputs")  # not there: exit 1, no matter
    gc.enable()
    try:
        cli.main(["check", "--inputs", inputs, "-q"], stdout=_Sink(), stderr=_Sink())
        assert gc.isenabled()
        cli.main(
            ["check", "--inputs", inputs, "-q"], stdout=_Sink(), stderr=_Sink(), ends_process=True
        )
        assert not gc.isenabled()
    finally:
        gc.enable()


class _Sink:
    def write(self, text):
        return len(text)

    def flush(self):
        pass
