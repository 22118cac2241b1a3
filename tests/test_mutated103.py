"""Mutation round 103: what the surviving mutants of loose ends rounds 10 and 11, attack round
27 and `_markless_appended` would have changed for a user, pinned."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.test_attack26 import CHECKLIST, KINDS, MADE, TEXT, _command, _inspect


def test_a_conversions_command_takes_the_hundredth_name_where_it_alone_is_free(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`a.utf-8.toml` to `a.utf-8-99.toml` there, `a.utf-8-100.toml` free: the command names
    it (a hundred names are tried, not 99), and run as pasted it writes it and nothing else."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes(KINDS["utf-16"])
    taken = ["a.utf-8.toml"] + [f"a.utf-8-{n}.toml" for n in range(2, 100)]
    for name in taken:
        Path(name).write_bytes(name.encode())
    command = _command(_inspect(cli, "a.toml", "en").stderr)
    assert command == "iconv -f UTF-16 -t UTF-8 a.toml > a.utf-8-100.toml"
    subprocess.run(["sh", "-c", command], check=True)
    assert all(Path(name).read_bytes() == name.encode() for name in taken)
    assert Path("a.utf-8-100.toml").read_bytes() == MADE["utf-16"]


EXPLAINED = {  # the parser's words said plainly by `tomlio._explained`, and one left as it said
    "open": ('note = "see the fan\n', "invalid TOML: a string is not closed on its line"),
    "curly": ("note = \u201cfan\u201d\n", "invalid TOML: Invalid value: text goes in straight"),
    "bare": ("note = fan\n", 'invalid TOML: Invalid value: text goes in double quotes, e.g. "fan"'),
    "twice": ("a = 1\na = 2\n", "invalid TOML: Cannot overwrite a value: a key is given twice"),
    "day": ("a = 2026-11-31\n", "invalid TOML: Invalid date or datetime: the calendar has no"),
    "multi-line": ('a = 1\nb = """x\n', "invalid TOML: a multi-line string is not closed"),
    "unexplained": ("a = 1\n[b\n", "invalid TOML: Expected ']' at the end of a table"),
}


@pytest.mark.parametrize("kind", sorted(EXPLAINED))
def test_a_toml_mistake_said_plainly_keeps_its_file_in_the_json_envelope(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """`--json`: the envelope's last problem (the error itself) names the file it is about, as
    it does where the parser's words are kept; where they were said plainly its `path` was null."""
    monkeypatch.chdir(tmp_path)
    text, said = EXPLAINED[kind]
    Path("a.toml").write_text(text, encoding="utf-8")
    run = cli(
        ["inspect", CHECKLIST, "--site", "M", "-o", "f.toml", "--answers", "a.toml", "--json"]
    )
    assert (run.exit_code, run.stderr) == (2, "")
    problems = json.loads(run.stdout)["problems"]
    assert [p["path"] for p in problems] == ["a.toml", "a.toml"]
    assert problems[0]["message"].startswith(said)
    assert problems[1]["message"] == "a.toml is not valid TOML"
    assert not Path("f.toml").exists()


PIPED = {
    "utf-16": (
        "<stdin>:1:1: not UTF-8: it is UTF-16 text (it starts with a UTF-16 byte-order mark); "
        "save it as UTF-8\n"
        "  hint: convert it to UTF-8 in the pipe, before minecheck, with:\n"
        "    iconv -f UTF-16 -t UTF-8\n"
    ),
    "gb18030": (
        "<stdin>:3:65: not UTF-8: byte 0xbc cannot be decoded\n"
        "  hint: it reads as GB18030 text: convert it to UTF-8 in the pipe, before minecheck, "
        "with:\n"
        "    iconv -f GB18030 -t UTF-8\n"
    ),
}


@pytest.mark.parametrize("kind", sorted(PIPED))
def test_answers_piped_in_another_encoding_are_read_as_bytes_and_told(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """`--answers -` reads standard input's bytes, not its text: UTF-16 or GB18030 answers piped
    in get the conversion the pipe needs (read as text, they ended in a decoding traceback)."""
    monkeypatch.chdir(tmp_path)
    args = ["inspect", CHECKLIST, "--site", "M", "-o", "f.toml", "--answers", "-"]
    run = cli(args, input=KINDS[kind])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        PIPED[kind] + "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)\n"
        "minecheck: error: <stdin> is not UTF-8 text\n"
    )
    assert not Path("f.toml").exists()


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2026-11-31", "the calendar has no 2026-11-31: 2026-11 has 30 days"),
        ("2026-02-30T09:00:00Z", "the calendar has no 2026-02-30T09:00:00Z: 2026-02 has 28 days"),
    ],
)
def test_a_date_the_parser_refuses_at_its_start_gets_the_calendar_s_words(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, why: str
) -> None:
    """Where tomli says `Invalid date or datetime` at the value's start (not only where it
    stopped inside one), the calendar's words follow at the value's column."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_text(f"a = {value}\n", encoding="utf-8")
    run = _inspect(cli, "a.toml", "en")
    first = run.stderr.splitlines()[0]
    assert first == f"a.toml:1:5: invalid TOML: Invalid date or datetime: {why}"


def test_a_long_name_is_cut_by_as_little_as_its_conversion_needs(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """249 letters and `.toml`: the converted name keeps 244 of them, as many as fit in a name
    of 255 bytes with `.utf-8.toml` (not fewer), and the command run writes that file."""
    monkeypatch.chdir(tmp_path)
    name = "x" * 249 + ".toml"
    Path(name).write_bytes(KINDS["utf-16"])
    command = _command(_inspect(cli, name, "en").stderr)
    made = "x" * 244 + ".utf-8.toml"
    assert command == f"iconv -f UTF-16 -t UTF-8 {name} > {made}"
    subprocess.run(["sh", "-c", command], check=True)
    assert Path(made).read_bytes() == MADE["utf-16"]


@pytest.mark.parametrize("order", ["le", "be"])
def test_markless_utf_16_told_by_its_nuls_with_one_lf_appended_gets_head_c(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: str
) -> None:
    """UTF-16 without a mark, every other byte 0, ASCII alone (which `_chinese_utf16` does not
    tell), and `echo >>`'s LF: told as such, with a command that leaves the LF out; run, it
    makes the text as written."""
    monkeypatch.chdir(tmp_path)
    ascii_text = TEXT.replace("假检: ", "").replace("\n", "\r\n")
    assert ascii_text.isascii()
    wide = ascii_text.encode(f"utf-16-{order}")
    Path("a.toml").write_bytes(wide + b"\n")
    run = _inspect(cli, "a.toml", "en")
    named = f"UTF-16{order.upper()}"
    assert run.stderr.splitlines()[:3] == [
        f"a.toml:1:1: not UTF-8: it reads as {named} text (UTF-16 without a byte-order mark: "
        "every other byte is 0), with one byte more at its end, 0x0a (as `echo >>` appends); "
        "save it as UTF-8",
        "  hint: convert it to UTF-8 with:",
        f"    head -c {len(wide)} a.toml | iconv -f {named} -t UTF-8 > a.utf-8.toml",
    ]
    subprocess.run(["sh", "-c", _command(run.stderr)], check=True)
    assert Path("a.utf-8.toml").read_bytes() == ascii_text.encode()


def test_markless_utf_16_with_a_byte_other_than_lf_appended_is_said_with_that_byte(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another byte than `echo >>`'s LF after markless UTF-16 is not taken for it: it is said by
    its own value. (It was said as the parser found the text, `Found invalid character '\\x00'`,
    until the encodings' fourth round told it: see tests/test_encodings4.py.)"""
    monkeypatch.chdir(tmp_path)
    ascii_text = TEXT.replace("假检: ", "").replace("\n", "\r\n")
    Path("a.toml").write_bytes(ascii_text.encode("utf-16-le") + b"x")
    run = _inspect(cli, "a.toml", "en")
    assert run.stderr.splitlines()[0] == (
        "a.toml:1:1: not UTF-8: it reads as UTF-16LE text (UTF-16 without a byte-order mark: "
        "every other byte is 0), with one byte more at its end, 0x78, which is not part of it; "
        "save it as UTF-8"
    )
