"""The session's first commit beside main's code, byte for byte, on one set of inputs (healthy and
broken; en and zh; `--json` and not; 40, 80 and 120 columns; a pipe and a pty). Every difference
was matched to the section of docs/decisions.md that meant it; the test below pins the defect the
comparison's inputs found beside them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markless_utf_16_holding_a_character_whose_low_byte_is_0_with_a_byte_appended_is_told(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """UTF-16LE without a mark whose text holds 一 (U+4E00: its first byte is 0, so the NULs do
    not tell it) was told without the LF `echo >>` appends, and with it said `byte 0xf7 cannot be
    decoded`, no command."""
    monkeypatch.chdir(tmp_path)
    text = 'checklist = "illegal-production"\nsite = "一号矿"\n[answers]\n'
    (tmp_path / "a.toml").write_bytes(text.encode("utf-16-le") + b"\n")
    (tmp_path / "b.toml").write_bytes(text.encode("utf-16-le"))
    args = ["inspect", "illegal-production", "--site", "S", "--site-id", "M1", "--tag"]
    args += ["enterprise", "--inspector", "I", "-o", "out.toml", "--lang", lang, "--answers"]
    appended, alone = cli([*args, "a.toml"]), cli([*args, "b.toml"])
    assert (appended.exit_code, appended.stdout) == (2, "")
    assert "0xf7" not in appended.stderr
    assert "UTF-16LE" in appended.stderr.splitlines()[0]
    assert "0x0a" in appended.stderr.splitlines()[0]
    size = len(text.encode("utf-16-le"))
    assert f"    head -c {size} a.toml | iconv -f UTF-16LE -t UTF-8 > a.utf-8.toml" in (
        appended.stderr.splitlines()
    )
    assert "UTF-16LE" in alone.stderr.splitlines()[0]
    assert not (tmp_path / "out.toml").exists()
