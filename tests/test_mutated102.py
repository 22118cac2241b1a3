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


# --- bytes that no rule tells as text: said by their byte, with no command ---------------------

WIDE = b"\xff\xfe" + 'owner = "Acme"\r\n'.encode("utf-16-le")
UNTOLD = {
    # Windows-1252 `Acme©®` (A9 AE): GB18030 reads `Acme┊`, a box-drawing line, no Chinese
    "gb18030-without-chinese": ('owner = "Acme©®"\n'.encode("cp1252"), 14, "a9"),
    # UTF-16 with its mark, then `echo >>`'s LF, holding half a character (a surrogate pair's
    # first alone, as a cut copy leaves it)
    "appended-half-a-character": (WIDE + b"\x3d\xd8" + "\r\n".encode("utf-16-le") + b"\n", 1, "ff"),
    # the same holding a control character (a bell): no text
    "appended-control-character": (WIDE + "\a\r\n".encode("utf-16-le") + b"\n", 1, "ff"),
}


@pytest.mark.parametrize("case", sorted(UNTOLD))
def test_bytes_no_rule_tells_as_text_are_said_by_their_byte_with_no_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """GB18030 is told only where it reads a Chinese character, UTF-16 with a byte appended
    only where what is left is text: other bytes are said by the first that UTF-8 cannot
    decode, with no iconv command that would make mojibake of them, and no traceback."""
    monkeypatch.chdir(tmp_path)
    data, column, byte = UNTOLD[case]
    Path("a.toml").write_bytes(data)
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        f"a.toml:1:{column}: not UTF-8: byte 0x{byte} cannot be decoded",
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
