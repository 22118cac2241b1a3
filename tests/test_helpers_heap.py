"""The memory tests' collector: what a test process held before a measure is set aside, so a
`gc.collect()` inside it costs what the measure made, not what earlier tests left (in a worker
that had run many files, test_export_events' two measures took 29-37 s instead of 2-3 s)."""

from __future__ import annotations

import gc
import time
import weakref

from tests.helpers_heap import old_objects_set_aside


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref[_Node]:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_a_collection_inside_looks_only_at_what_was_made_inside() -> None:
    left = [[i] for i in range(200_000)]  # (what earlier tests in the process hold)
    with old_objects_set_aside():
        seen = gc.get_objects()
        assert len(seen) < 10_000, len(seen)
        del seen
    assert len(gc.get_objects()) > 200_000
    assert gc.get_freeze_count() == 0
    del left


def test_garbage_made_inside_is_still_collected_inside() -> None:
    with old_objects_set_aside():
        gone = _cycle()
        assert gone() is not None
        gc.collect()
        assert gone() is None


def test_garbage_just_left_is_collected_before_the_measure_begins() -> None:
    gone = _cycle()
    with old_objects_set_aside():
        assert gone() is None


def test_a_collection_before_the_block_looks_only_at_the_young() -> None:
    collected: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collected.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        with old_objects_set_aside():
            pass
    finally:
        gc.callbacks.remove(seen)
    assert collected == [1]


def test_a_collection_inside_takes_no_longer_for_a_large_heap_held_outside() -> None:
    def collect_inside() -> float:
        with old_objects_set_aside():
            began = time.perf_counter()
            for _ in range(5):
                gc.collect()
            return time.perf_counter() - began

    small = min(collect_inside() for _ in range(3))
    left = [{"k": [i]} for i in range(1_000_000)]
    large = min(collect_inside() for _ in range(3))
    del left
    # (without the freeze: about 0.1 s a collection over the million dicts held outside)
    assert large < small + 0.05, (small, large)
