"""Mutation round 99: tests that kill the survivors of the session's newest code (a name written
as on Windows, markless UTF-16 told from a binary file, a signed document's CRs in UTF-16, a loop
of links as evidence, an answers file's whitespace). Each asserts what a user notices."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

LINK_TO_NOTHING = {
    "en": "minecheck: error: {p}: a symbolic link that leads to no file (a loop, or its target "
    "is gone)",
    "zh": "minecheck: error: {p}：符号链接不指向任何文件（链接成环，或目标已不存在）",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_link_to_nothing_named_is_given_no_windows_hint(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A link whose target is gone is there as a link: it is said so, in one line, and not
    told it is written as on Windows (its name has no backslash to take out)."""
    monkeypatch.chdir(tmp_path)
    Path("gone.toml").symlink_to("nowhere.toml")
    run = cli(["verify", "gone.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == LINK_TO_NOTHING[lang].format(p="gone.toml") + "\n"


@pytest.mark.parametrize("order", ["<", ">"])
def test_bytes_that_read_as_utf_16_of_c1_control_characters_are_not_said_to_be_text(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: str
) -> None:
    """16-bit numbers from 128 to 159 have a NUL in every other byte as the small ones do, and
    read as the control characters U+0080 to U+009F: no text, as a NUL or a bell is none. They
    were said `it reads as UTF-16LE text` with an `iconv` command that made a file of them."""
    monkeypatch.chdir(tmp_path)
    data = struct.pack(f"{order}8H", *range(128, 136))
    Path("b.toml").write_bytes(data)
    for args in (["checklists", "lint", "b.toml"], ["verify", "b.toml"]):
        run = cli(args)
        assert run.exit_code == 1
        assert "UTF-16" not in run.stdout + run.stderr
        assert "iconv" not in run.stdout + run.stderr
    assert Path("b.toml").read_bytes() == data


NOT_A_DIRECTORY = {
    "en": ["evidence-missing: ev/a.jpg: cannot be read: Not a directory"],
    "zh": ["evidence-missing: ev/a.jpg: 无法读取：路径中有一段不是目录"],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_evidence_under_a_folder_now_a_file_is_said_as_the_system_says_it(
    cli: Any, tmp_path: Path, lang: str
) -> None:
    """Only a loop of links is said in the loop's words: evidence whose folder became a file
    keeps the system's reason (no link there to speak of)."""
    from tests.helpers_merge import person
    from tests.test_evidence_form import recorded, signed
    from tests.test_loose_ends5 import evidence_said

    alice = person(tmp_path, "alice")
    (tmp_path / "ev").write_bytes(b"not a folder")
    out = signed(alice, tmp_path, recorded(b"photo", "ev/a.jpg"))
    evidence_said(cli, alice, out, lang, NOT_A_DIRECTORY)


WALK_SAID = {
    "en": "a.toml:3:1: methane-return: evidence file {name} cannot be read: {reason}",
    "zh": "a.toml:3:1: methane-return：佐证文件 {name} 无法读取：{reason}",
}


@pytest.mark.parametrize(
    ("lang", "reason"), [("en", "Not a directory"), ("zh", "路径中有一段不是目录")]
)
def test_evidence_given_to_the_walk_under_a_file_is_said_as_the_system_says_it(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, reason: str
) -> None:
    """The walk's evidence under a name that is a file, not a folder: the system's reason."""
    from tests.test_contract4 import inspected_with_evidence

    monkeypatch.chdir(tmp_path)
    Path("f").write_bytes(b"a file")
    run = inspected_with_evidence(cli, "f/x.jpg", lang)[1]
    said = WALK_SAID[lang].format(name="f/x.jpg", reason=reason)
    assert (run.exit_code, run.stdout, run.stderr.splitlines()[0]) == (2, "", said)


LOOP_ON_THE_WAY = {
    "en": "minecheck: error: L1/x.toml: cannot read: a symbolic link that leads to no file (a "
    "loop, or its target is gone)",
    "zh": "minecheck: error: L1/x.toml：无法读取：符号链接不指向任何文件（链接成环，"
    "或目标已不存在）",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_file_named_through_a_loop_of_links_is_said_in_the_loop_s_words_by_show(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`show L1/x.toml` where L1 and L2 lead to each other: the open's ELOOP is said in the
    words of a link that leads to no file, not the system's `Too many levels of symbolic
    links`; exit 2, nothing on stdout."""
    monkeypatch.chdir(tmp_path)
    Path("L1").symlink_to("L2")
    Path("L2").symlink_to("L1")
    run = cli(["show", "L1/x.toml", "--lang", lang])
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", LOOP_ON_THE_WAY[lang] + "\n")


def test_a_utf_16_answers_file_named_without_a_dot_is_converted_to_its_name_and_utf_8(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name with no dot has no suffix to keep: the converted file is `NAME.utf-8` beside it,
    not `.utf-8.NAME` (a hidden file); nothing is written."""
    from tests.test_windows_files import ANSWERS, CHECKLIST

    monkeypatch.chdir(tmp_path)
    Path("answers").write_bytes(b"\xff\xfe" + ANSWERS.encode("utf-16-le"))
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "answers"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[2] == "    iconv -f UTF-16 -t UTF-8 answers > answers.utf-8"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers"]


def test_bytes_placed_as_utf_16_that_do_not_decode_are_said_by_their_byte(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NULs where markless UTF-16 has them, after a lone surrogate: no UTF-16 text, and said by
    the byte that cannot be decoded (no traceback)."""
    monkeypatch.chdir(tmp_path)
    Path("s.toml").write_bytes(b"\x01\xd8" + "a = 1".encode("utf-16-le"))
    run = cli(["checklists", "lint", "s.toml"])
    assert run.exit_code == 1
    assert run.stdout.splitlines()[0] == "s.toml:1:2: not UTF-8: byte 0xd8 cannot be decoded"
    assert "UTF-16" not in run.stdout + run.stderr


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf_16_of_two_chinese_characters_to_one_letter_is_not_told_by_its_nuls(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codec: str
) -> None:
    """Markless UTF-16 is told by NULs in at least half its characters, in either byte order:
    a text of one letter to two Chinese characters (a third) is not."""
    monkeypatch.chdir(tmp_path)
    Path("t.toml").write_bytes("a中文".encode(codec) * 3)
    run = cli(["checklists", "lint", "t.toml"])
    assert run.exit_code == 1
    assert "UTF-16" not in run.stdout + run.stderr


@pytest.mark.parametrize("data", [b"\x00A" * 3 + b"A\x00", b"A\x00" * 3 + b"\x00A"])
def test_bytes_with_nuls_in_both_places_are_not_told_utf_16_of_either_order(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    """Markless UTF-16 has its NULs in one place of each character only: bytes with NULs in
    both (three `\\x00A` then `A\\x00`, or the other way) are neither order's text."""
    monkeypatch.chdir(tmp_path)
    Path("n.toml").write_bytes(data)
    run = cli(["checklists", "lint", "n.toml"])
    assert run.exit_code == 1
    assert "UTF-16" not in run.stdout + run.stderr
