"""Files read a few ahead in threads, handed over in order.

calamine parses a workbook (and zlib unpacks it) without holding the GIL, so while the main
thread checks one file the next ones are parsed on the other core: one process, both cores.
The results come back in the order of the files, so everything that follows (problems, their
order, every figure) is the same as reading them one after another.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

AHEAD = 2  # files parsed ahead of the one being checked: enough to keep a second core busy


def read_ahead(items: Iterable[T], read: Callable[[T], R]) -> Iterator[R]:
    """read(item) for every item, in order; up to AHEAD items read in threads meanwhile.
    On one core, or for a single item, simply one after another."""
    items = list(items)
    if len(items) < 2 or (os.cpu_count() or 1) < 2:
        yield from map(read, items)
        return
    with ThreadPoolExecutor(max_workers=AHEAD, thread_name_prefix="read") as pool:
        pending = deque()
        for item in items:
            pending.append(pool.submit(read, item))
            if len(pending) > AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
