"""Mutation round 102: tests that kill the survivors of tomlio's reading of UTF-16 without a
mark and of GB18030 (the rest of round 101's run). Each asserts what a user notices."""

from __future__ import annotations

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
