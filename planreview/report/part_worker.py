"""One part of a long report, set in a process of its own (parts.py; started by
workers.start, or as `python -m planreview.report.part_worker`), talking over its standard
input and output in pickles.

One started ahead may first be told the report's language ("hyphenate", language): it reads
that language's hyphenation patterns and sends them ("patterns", dictionaries). It is sent
(HTML, variant, words, prefix of its table header IDs), then the hyphenation patterns
(hyphenation.py; {} when it has them), which it takes once its HTML is parsed; it tells
how many pages it has ("pages", n), is sent its page number offset and the report's page
count, tells where its ids are ("anchors", {id: page index}) as soon as its pages are laid
out, and sends its repaired PDF ("pdf", bytes); or ("errors", [what WeasyPrint logged]) /
("failed", why) instead."""

from __future__ import annotations

import logging
import pickle
import signal
import sys
import traceback
import warnings

from ..collector import gc_paused
from . import hyphenation, tagtree
from .typeset import typeset
from .workers import send


def main() -> None:
    signal.signal(signal.SIGINT, signal.default_int_handler)  # ignored while Python started
    ask, tell = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the channel
    # what WeasyPrint logs is collected (typeset) and sent; nothing of it goes to the terminal,
    # as when the report is set whole in the build's own process
    logging.getLogger("weasyprint").propagate = False
    warnings.simplefilter("ignore")
    try:
        import weasyprint  # noqa: F401, PLC0415 - while the build has no part for it yet

        try:
            message = pickle.load(ask)
            if message[0] == "hyphenate":  # started ahead: workers.Ahead.prepare
                send(tell, ("patterns", hyphenation.patterns_of(message[1])))
                message = pickle.load(ask)
        except EOFError:
            return  # started ahead (workers.Ahead), and the report was set whole
        html, variant, words, id_prefix = message

        def numbering(pages: int) -> tuple[int, int]:
            send(tell, ("pages", pages))
            return pickle.load(ask)

        def laid_out(anchors: dict[str, int]) -> None:
            send(tell, ("anchors", anchors))

        def patterns() -> None:
            hyphenation.install(pickle.load(ask))

        made = typeset(
            html,
            variant,
            ends_process=True,
            numbering=numbering,
            laid_out=laid_out,
            before_layout=patterns,
        )
        if made.errors:
            send(tell, ("errors", made.errors))
            return
        with gc_paused():
            repaired = tagtree.repair(made.pdf, made.record, words, True, None, id_prefix)
        send(tell, ("pdf", repaired))
    except KeyboardInterrupt:
        pass  # Ctrl+C reaches the whole process group: the build itself says it was stopped
    except Exception:  # noqa: BLE001 - any failure: the report is set whole instead
        send(tell, ("failed", traceback.format_exc(limit=3)))


if __name__ == "__main__":
    main()
