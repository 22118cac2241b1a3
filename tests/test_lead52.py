"""The lead's checks of the day's merges: a reason's way remembered only for a short text."""

from __future__ import annotations

from minecheck.report import reasons_zh


def test_a_long_reason_s_way_is_worked_out_and_not_held_by_the_memo() -> None:
    """A file's value in a reason can be a megabyte: 4,096 of them were held as the memo's keys
    of `way` (a batch of files each malformed with its own long value). A long text's way is
    worked out each time, the same as a short one's."""
    reasons_zh._way_remembered.cache_clear()
    long = "x" * (reasons_zh._REMEMBERED + 1)
    assert reasons_zh.way(long, False) == long
    assert reasons_zh.way(long, True) == reasons_zh.reworded(long)
    assert reasons_zh._way_remembered.cache_info().currsize == 0
    short = "x" * reasons_zh._REMEMBERED
    assert reasons_zh.way(short, False) == short
    assert reasons_zh._way_remembered.cache_info().currsize == 1
