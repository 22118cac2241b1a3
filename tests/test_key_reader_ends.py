"""The key questions of a walk in a terminal: how they end it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from tests.test_inspect_pty import (
    Terminal,
    ended,
    key,
    keyed,
    term,
)
from tests.test_interrupted import _env

__all__ = ["keyed", "term"]  # fixtures


def test_ctrl_d_at_a_key_question_saves_and_quits(keyed: Terminal) -> None:
    """Ctrl-D at a key question is `q`: the walk saves and ends with 0, as `q` does (read as
    a key that answers nothing, the question was asked again)."""
    said = []
    for typed in ("q", "\x04"):
        child = keyed.inspect()
        key(child, typed)
        status, printed = ended(child)
        assert status == 0, printed
        said.append(printed.splitlines()[-1])
    assert said[0] == said[1]


PORTABLE_KEY = """
import subprocess
import sys
from minecheck.__main__ import _signals
from minecheck.portable import read_key_portable

_signals()
print("Key:", flush=True)
try:
    key = read_key_portable()
except KeyboardInterrupt:
    print("stopped")
    sys.exit(130)
print("answered", repr(key))
"""


@pytest.mark.parametrize(
    ("typed", "said", "status"),
    [
        ("y", "answered 'y'", 0),
        ("\r", "answered '\\n'", 0),
        ("\x1b[A", "answered ''", 0),
        ("\x04", "answered 'q'", 0),
        ("\x03", "stopped", 130),
        ("\x1b[200~ no\r\n\x1b[201~", "answered 'no'", 0),  # a paste: one answer, wrong
        ("\x1b[200~n\r\n\x1b[201~", "answered 'n'", 0),
    ],
)
def test_the_portable_key_reader_answers_or_stops(
    tmp_path: Path, typed: str, said: str, status: int
) -> None:
    """The key reader of a terminal whose modes cannot be set (Windows): a key is the answer,
    Enter a line break, an arrow nothing, Ctrl-D `q` (save and quit), Ctrl-C a stop; a paste
    the terminal marks is one answer, its blanks and line ends around it taken off (as the
    POSIX reader's), which the question refuses unless it is one key (it was nothing, and the
    question was asked again without a word)."""
    child = pexpect.spawn(
        sys.executable, ["-c", PORTABLE_KEY], env=_env(tmp_path), timeout=30, encoding="utf-8"
    )
    child.expect_exact("Key:")
    child.expect_exact("\x1b[6n")  # (the reader has the terminal: it asks where the cursor is)
    child.send(typed)
    child.expect(pexpect.EOF)
    child.close()
    printed = child.before
    assert printed.rstrip().endswith(said), printed
    assert child.exitstatus == status, printed


def test_the_portable_key_reader_at_the_end_of_its_input_quits(tmp_path: Path) -> None:
    """Its input at an end (closed, or nothing more to read): `q`, save and quit, as Ctrl-D;
    it answered nothing, and the walk asked again."""
    done = subprocess.run(
        [sys.executable, "-c", PORTABLE_KEY],
        env=_env(tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "Key:\nanswered 'q'\n"), done.stderr
