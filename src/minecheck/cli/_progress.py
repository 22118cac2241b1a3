"""A progress bar on stderr for the batch commands, shown only where a person watches."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from minecheck.cli._output import Reporter

PROGRESS_MIN = 200  # files; fewer are over before a bar would help


@contextmanager
def progress(rep: Reporter, total: int) -> Iterator[Callable[[], None] | None]:
    """A callable to count one file done, with a bar on stderr; None (no bar) under --json,
    when stderr is not a terminal, or for fewer than PROGRESS_MIN files."""
    if rep.json or total < PROGRESS_MIN or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=rep.err,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    with bar:
        task = bar.add_task("", total=total)

        def tick() -> None:
            bar.advance(task)

        yield tick
