"""A message's own kinds of text (`i18n.Lines`, `i18n.Quoted`) survive a copy and a pickle
(a worker process's answer) as they were made: the same text, the same lines."""

from __future__ import annotations

import copy
import pickle

from minecheck.i18n import Lines, Quoted


def test_a_quoted_value_is_the_same_after_a_copy_and_a_pickle() -> None:
    made = Quoted("a")
    pickled = pickle.loads(pickle.dumps(made))  # noqa: S301 (its own bytes)
    for again in (copy.copy(made), copy.deepcopy(made), pickled):
        assert isinstance(again, Quoted)
        assert (str(again), again.inner) == ("'a'", "a")


def test_a_message_s_lines_are_the_same_after_a_copy_and_a_pickle() -> None:
    made = Lines(("to make it:", "  minecheck keys generate"))
    pickled = pickle.loads(pickle.dumps(made))  # noqa: S301 (its own bytes)
    for again in (copy.copy(made), copy.deepcopy(made), pickled):
        assert isinstance(again, Lines)
        assert str(again) == "to make it: minecheck keys generate"
        assert again.lines == ("to make it:", "  minecheck keys generate")
