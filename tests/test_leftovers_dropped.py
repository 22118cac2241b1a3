"""What a stop leaves when it lands as the editor's event loop is made is dropped quietly, the
leftovers held in a reference cycle too: a fresh clone's run once printed Python's
"Exception ignored in: <function BaseEventLoop.__del__>" traceback and a RuntimeWarning after
the walk's Ctrl-C, said when the cycle was collected later, while the interruption was said."""

from __future__ import annotations

import gc
import sys
from typing import Any

import pytest

from minecheck.cli._line_reader import _leftovers_dropped

# (a stop's collection, `_leftovers_dropped`'s, looks at what the test made, as in a user's
# process, not at the heap the worker's earlier files left)
pytestmark = pytest.mark.usefixtures("older_objects_set_aside")


class _MadeInPart:
    """A loop made in part: its `__del__` fails, as `BaseEventLoop.__del__` does without its
    self-pipe; it holds itself in a cycle, as a loop and its frames do."""

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        raise AttributeError("'_UnixSelectorEventLoop' object has no attribute '_ssock'")


def _stopped() -> BaseException:
    def making() -> None:
        loop = _MadeInPart()  # noqa: F841 (held by the frame, as the loop's __init__ holds self)
        raise KeyboardInterrupt

    try:
        making()
    except KeyboardInterrupt as stop:
        return stop
    raise AssertionError("not stopped")


def test_a_stop_s_leftovers_in_a_cycle_are_dropped_where_they_are_not_shown() -> None:
    said: list[Any] = []
    hook = sys.unraisablehook
    sys.unraisablehook = said.append
    try:
        stop = _stopped()
        _leftovers_dropped(stop)
        del stop
        gc.collect()  # (what a later allocation would do, while the stop is being said)
    finally:
        sys.unraisablehook = hook
    assert said == []
