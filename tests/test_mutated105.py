"""Mutation round 105: tests that kill the survivors of the mutants earlier rounds left unrun
(standard input's reader and its limit, where the start of some bytes read as UTF-8 ends, how
short mostly Chinese UTF-16 may be and be told). Each asserts what a user notices."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from minecheck.session import answers as answers_module
from tests.test_inspect_scripted import GAS, METHANE, answers, inspect, work  # noqa: F401
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


# --- answers on standard input of exactly the limit --------------------------------------------


OVER = {
    "en": "minecheck: error: <stdin>: answers file is over the limit of {limit} bytes\n",
    "zh": "minecheck: error: <stdin>：答案文件超过 {limit} 字节的上限\n",
}


@pytest.mark.parametrize(("over", "lang"), [(0, "en"), (1, "en"), (1, "zh")])
def test_answers_piped_in_of_exactly_the_limit_are_read_and_one_byte_more_refused(
    cli: Any,
    work: Path,  # noqa: F811 (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
    over: int,
    lang: str,
) -> None:
    """`--answers -` reads at most the limit and one byte: answers of exactly the limit are
    read whole and the walk writes its findings; one byte more is refused with the limit
    named (what was refused named in the user's language), and nothing is written."""
    given = answers(f'"{GAS}" = "compliant"', f'"{METHANE}" = {{ reading = 0.2 }}')
    monkeypatch.setattr(answers_module, "MAX_ANSWERS_BYTES", len(given))
    run = inspect(cli, work / "f.toml", given + "#" * over, "--lang", lang)
    if over:
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr == OVER[lang].format(limit=len(given))
        assert not (work / "f.toml").exists()
    else:
        assert run.exit_code == 0, run.stderr
        assert (work / "f.toml").is_file()


# --- how short mostly Chinese UTF-16 may be and still be told: 8 characters ---------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("检查说明检查说", "a.toml:1:1: not UTF-8: byte 0xc0 cannot be decoded"),
        ("检查说明检查说明", TOLD),
    ],
    ids=["7 characters", "8 characters"],
)
def test_chinese_alone_in_utf_16_is_told_from_eight_characters_on(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, said: str
) -> None:
    """Chinese alone in UTF-16 without a mark holds no NUL, and a few random bytes read as
    Chinese too often: fewer than 8 characters (16 bytes) are said by the byte UTF-8 cannot
    decode, with no UTF-16 named; 8 are told."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes(text.encode("utf-16-le"))
    run = cli(["verify", "a.toml"])
    assert (run.exit_code, run.stdout) == (1, "a.toml: malformed: not a minecheck document\n")
    assert run.stderr.splitlines() == [said, "1 document: 1 malformed"]


def test_answers_piped_in_over_the_limit_are_the_json_problem_of_stdin(
    cli: Any,
    work: Path,  # noqa: F811 (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`--answers - --json` past the limit: the envelope's problem names what was refused,
    `<stdin>`, as its path, with the line stderr says without `--json`."""
    given = answers(f'"{GAS}" = "compliant"')
    monkeypatch.setattr(answers_module, "MAX_ANSWERS_BYTES", len(given) - 1)
    run = inspect(cli, work / "f.toml", given, "--json")
    assert run.exit_code == 2
    [problem] = json.loads(run.stdout)["problems"]
    assert (problem["path"], problem["message"]) == (
        "<stdin>",
        f"<stdin>: answers file is over the limit of {len(given) - 1} bytes",
    )
    assert not (work / "f.toml").exists()
