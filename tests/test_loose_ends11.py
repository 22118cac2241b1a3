"""Loose ends, round 11: a closed standard input where `-` is one file, a TOML string left
open on its line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXE = Path(sys.executable).parent / "minecheck"
COAL = ["--tag", "coal-underground"]

ONE_FILE_READERS = [
    ["followup", "--events", "-"],
    ["trust", "add", "--from", "-"],
    ["inspect", "coal-major-hidden-dangers", "--answers", "-", "--site", "x", *COAL],
]


def _run(tmp_path: Path, argv: list[str], lang: str, shell: str = '"$@"') -> tuple[int, str, str]:
    env = {**os.environ, "MINECHECK_HOME": str(tmp_path / "home"), "MINECHECK_LANG": lang}
    run = subprocess.run(
        ["sh", "-c", shell, "sh", str(EXE), *argv, "--lang", lang],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    return run.returncode, run.stdout.decode(), run.stderr.decode()


@pytest.mark.parametrize("command", ONE_FILE_READERS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "minecheck: error: <stdin>: cannot read: standard input is closed\n"
            "  hint: give it a file or a pipe (< FILE), or name the file instead of -\n",
        ),
        (
            "zh",
            "minecheck: error: <stdin>：无法读取：标准输入已关闭\n"
            "  hint: 请以文件或管道作为标准输入（< FILE），或不用 -，直接写出这个文件的名字\n",
        ),
    ],
)
def test_a_closed_standard_input_where_dash_is_one_file_says_name_the_file(
    tmp_path: Path, command: list[str], lang: str, said: str
) -> None:
    """`--answers -`, `--events -` and `trust add --from -` take one file: the hint for a
    closed standard input said "name the files" there, as for the lists of `verify -`."""
    assert _run(tmp_path, command, lang, '"$@" <&-') == (2, "", said)


OPEN_STRING = {
    "en": "invalid TOML: a string is not closed on its line",
    "zh": "TOML 格式错误：字符串没有在本行内闭合",
}
NOT_TOML = {
    "en": "minecheck: error: {} is not valid TOML\n",
    "zh": "minecheck: error: {} 不是有效的 TOML\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("quote", "end"), [('"', "\n"), ("'", "\n"), ('"', "\r\n")], ids=["basic", "literal", "crlf"]
)
@pytest.mark.parametrize(
    ("name", "argv", "text"),
    [
        ("ev.toml", ["followup", "--events", "ev.toml"], "[[event]]\nfinding = {q}F-1\n"),
        (
            "ans.toml",
            ["inspect", "coal-major-hidden-dangers", "--answers", "ans.toml", "--site", "x", *COAL],
            "[[event]]\nfinding = {q}F-1\n",
        ),
    ],
    ids=["events", "answers"],
)
def test_a_string_left_open_on_its_line_is_said_plainly(
    tmp_path: Path, lang: str, quote: str, end: str, name: str, argv: list[str], text: str
) -> None:
    """tomli's `Illegal character '\\n'` (a basic string) and `Found invalid character '\\n'`
    (a literal one, its quote met again on a later line) named the line's end, not the quote
    left open: said plainly, at the same line and column, whatever the line ends with."""
    body = (text + "action = {q}rectified{q}\n").format(q=quote).replace("\n", end)
    (tmp_path / name).write_bytes(body.encode())
    said = f"{name}:2:15: {OPEN_STRING[lang]}\n" + NOT_TOML[lang].format(name)
    assert _run(tmp_path, argv, lang) == (2, "", said)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_checklist_lint_says_a_string_left_open_plainly(tmp_path: Path, lang: str) -> None:
    """`checklists lint` reads through the same parser: its line for the file says it too."""
    (tmp_path / "cl.toml").write_bytes(b'id = "x\n')
    code, out, err = _run(tmp_path, ["checklists", "lint", "cl.toml"], lang)
    assert code == 1
    assert f"cl.toml:1:8: {OPEN_STRING[lang]}\n" in out + err
