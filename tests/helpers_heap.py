"""The memory tests' collector, set apart from what the test process held before a measure."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def old_objects_set_aside() -> Iterator[None]:
    """Every object the process holds frozen (`gc.freeze`) while the block runs, the young
    generations' garbage collected first: a `gc.collect()` in the block then looks only at
    objects made since, as a measure's collections are meant to, and costs that, not the heap
    the tests run before in the same worker left (a worker's heap grows with every file it has
    run: test_export_events' two measures took 29-37 s in a full run, 2-3 s alone; a full
    collection before each measure was still 1 s at 6 million objects). What was made before
    the block was made before any measure in it began: kept or let go in the block, it is
    counted by none (an old object let go stays until the block ends: a count taken in the
    block can only come out higher for it)."""
    gc.collect(1)
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
