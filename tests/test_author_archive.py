"""Found by a provincial report author with a month's archive: the bad inputs a shared drive
holds, said as a report author counts them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

NOTHING_USABLE = {
    "en": [
        "minecheck: warning: d/p.toml: left out: not a regular file (a FIFO)",
        "minecheck: warning: d/a.toml: left out: malformed: the file is empty",
        "minecheck: error: no document could be used: 2 left out (1 malformed, 1 unreadable)",
    ],
    "zh": [
        "minecheck: warning: d/p.toml：未计入：不是普通文件（命名管道）",
        "minecheck: warning: d/a.toml：未计入：malformed：文件为空",
        "minecheck: error: 没有可用的文件：2 个文件均被排除（malformed 1 个，unreadable 1 个）",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_nothing_usable_counts_every_entry_said_left_out(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, lang: str
) -> None:
    """A folder of an empty file and a FIFO: two lines said "left out", and the last line, the
    one a log of thousands of files is read by, said "1 left out": the FIFO the walk passed over
    was not counted, though the report lists it among the documents not counted."""
    monkeypatch.chdir(tmp_path)
    Path("d").mkdir()
    Path("d/a.toml").write_bytes(b"")
    os.mkfifo("d/p.toml")
    run = cli([command, "d", "--lang", lang, "--no-cache"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == NOTHING_USABLE[lang]
