"""Mutation round 105: tests that kill the survivors of the mutants earlier rounds left unrun
(standard input's reader, UTF-16 without a mark with one LF appended, whether bytes start as
UTF-8). Each asserts what a user notices."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.test_loose_ends_said import _run, _write_only

# --- where the start of some bytes, read as UTF-8, ends: 4,096 bytes, a character cut allowed ---

# Each file is UTF-16LE without a mark, 中 (its bytes 2D 4E, both ASCII) 2,047 or 2,048 times,
# one character more and a line end: its first 4,096 bytes are ASCII up to the character
# whose bytes are not. Bytes whose first 4,096 are UTF-8 (a character cut off at their end
# allowed) are not told as UTF-16 however they read after; the others are.
TOLD = (
    "a.toml:1:1: not UTF-8: it reads as UTF-16LE text (UTF-16 without a byte-order mark, "
    "mostly Chinese); save it as UTF-8"
)
STARTS = {
    # ，(U+FF0C: 0C FF) the 2,048th character: 0xFF is the 4,096th byte, inside the start
    "ff-the-4096th-byte": ("中" * 2047 + "，\n", TOLD),
    # 仿 (U+4EFF: FF 4E) the 2,049th: 0xFF is the 4,097th byte, past the start
    "ff-the-4097th-byte": (
        "中" * 2048 + "仿\n",
        "a.toml:1:4097: not UTF-8: byte 0xff cannot be decoded",
    ),
    # 诤 (U+8BE4: E4 8B) the 2,048th: the start ends in two bytes of a UTF-8 character of three,
    # cut off there (the third, the LF's 0A, is not one of it)
    "a-character-cut-at-the-4096th-byte": (
        "中" * 2047 + "诤\n",
        "a.toml:1:4095: not UTF-8: byte 0xe4 cannot be decoded",
    ),
}


@pytest.mark.parametrize("case", sorted(STARTS))
def test_utf_16_is_told_only_where_its_first_4096_bytes_are_not_utf_8(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """Mostly Chinese UTF-16 without a mark is told by what it reads as, unless its start (its
    first 4,096 bytes, a character cut off at their end not held against it) is UTF-8: then
    it is said by the byte UTF-8 cannot decode, as UTF-8 text with a bad byte is."""
    monkeypatch.chdir(tmp_path)
    body, said = STARTS[case]
    Path("a.toml").write_bytes(body.encode("utf-16-le"))
    run = cli(["verify", "a.toml"])
    assert (run.exit_code, run.stdout) == (1, "a.toml: malformed: not a minecheck document\n")
    assert run.stderr.splitlines() == [said, "1 document: 1 malformed"]


# --- standard input that cannot be read, in the --json envelope ---------------------------------


@pytest.mark.usefixtures("isolated_home")
def test_a_standard_input_open_for_writing_is_the_json_problem_of_stdin(tmp_path: Path) -> None:
    """`verify - --json 0>FILE`: the read fails (EBADF), and the envelope's problem names what
    could not be read, `<stdin>`, as its path, as it does for a standard input closed."""
    done = _run(["verify", "-", "--json"], _write_only(tmp_path / "out"))
    assert done.returncode == 2
    [problem] = json.loads(done.stdout)["problems"]
    assert (problem["path"], problem["message"]) == (
        "<stdin>",
        "<stdin>: cannot read: Bad file descriptor",
    )
    assert (tmp_path / "out").read_bytes() == b""
