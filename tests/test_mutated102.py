"""Mutation round 102: tests that kill the survivors of tomlio's reading of UTF-16 without a
mark and of GB18030 (the rest of round 101's run). Each asserts what a user notices."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.test_windows_files3 import CHECKLIST, _markless

# --- mostly Chinese UTF-16 whose other byte order reads as text without a Chinese character -----


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_markless_utf_16_whose_other_order_holds_no_chinese_character_is_told(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codec: str
) -> None:
    """造通调东中上下两 and a line end: each character's low byte is below 0x30, so read in the
    other byte order the file is characters below U+3000 (ₐ ᪐ Ό ...), text of no Chinese
    character. It is told in the one order that reads as Chinese, not left untold as if both
    orders read as Chinese."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes("造通调东中上下两\n".encode(codec))
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    named = codec.upper().replace("-LE", "LE").replace("-BE", "BE")
    command = f"iconv -f {named} -t UTF-8 a.toml > a.utf-8.toml"
    said = _markless("en", "a.toml", command)
    assert run.stderr.splitlines() == [line.replace("UTF-16LE", named) for line in said]


# --- bytes GB18030 reads as text of no Chinese character --------------------------------------


def test_bytes_gb18030_reads_without_a_chinese_character_get_no_gb18030_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Acme©®` in Windows-1252 (A9 AE) reads in GB18030 as `Acme┊`, a box-drawing line and no
    Chinese character: nothing says it is GB18030, and it is said by its byte, with no iconv
    command that would make mojibake of it."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes('owner = "Acme©®"\n'.encode("cp1252"))
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "a.toml:1:14: not UTF-8: byte 0xa9 cannot be decoded",
        "minecheck: error: a.toml is not UTF-8 text",
    ]


# --- a checklist in UTF-16 with LF line ends --------------------------------------------------


def test_a_checklist_in_utf_16_with_lf_alone_is_told_iconv_without_tr(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checklist's command takes its CRs out where it has some; one in UTF-16 whose lines end
    in LF alone (an editor's "UTF-16 LE BOM", Unix line ends) is told iconv alone, and what
    that makes `lint` takes."""
    monkeypatch.chdir(tmp_path)
    Path("mini-check.toml").write_bytes(Path(CHECKLIST).read_text("utf-8").encode("utf-16"))
    run = cli(["checklists", "lint", "mini-check.toml"])
    assert run.exit_code == 1
    said = run.stdout.splitlines() + run.stderr.splitlines()
    command = "mkdir -p utf-8 && iconv -f UTF-16 -t UTF-8 mini-check.toml > utf-8/mini-check.toml"
    assert f"    {command}" in said
    subprocess.run(["sh", "-c", command], check=True)
    again = cli(["checklists", "lint", "utf-8/mini-check.toml"])
    assert (again.exit_code, again.stdout, again.stderr) == (0, "", "1 file checked, 0 problems\n")


# --- UTF-16 with a byte appended whose text does not decode ------------------------------------


def test_utf_16_with_a_byte_appended_and_half_a_character_is_said_by_its_byte(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """UTF-16 with its mark, whole lines, then `echo >>`'s LF, whose text holds half a
    character (the first of a surrogate pair alone, as a cut copy leaves it): no UTF-16 text
    is told, and the file is said by its first byte, as any bytes that are no text are."""
    monkeypatch.chdir(tmp_path)
    text = 'owner = "Acme"\r\n'.encode("utf-16-le")
    Path("a.toml").write_bytes(
        b"\xff\xfe" + text + b"\x3d\xd8" + "\r\n".encode("utf-16-le") + b"\n"
    )
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "a.toml:1:1: not UTF-8: byte 0xff cannot be decoded",
        "minecheck: error: a.toml is not UTF-8 text",
    ]


def test_utf_16_with_a_byte_appended_and_a_control_character_is_said_by_its_byte(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With `echo >>`'s LF, UTF-16 after its mark is told only where it is text: one holding a
    control character (a bell) gets no command, and is said by its first byte."""
    monkeypatch.chdir(tmp_path)
    text = 'owner = "Acme\a"\r\n'.encode("utf-16-le")
    Path("a.toml").write_bytes(b"\xff\xfe" + text + b"\n")
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "a.toml:1:1: not UTF-8: byte 0xff cannot be decoded",
        "minecheck: error: a.toml is not UTF-8 text",
    ]
