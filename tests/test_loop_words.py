"""A loop of links is said in one set of words by every command and every reader: the
project's (`fileio.LINK_TO_NOTHING`), not the system's "Too many levels of symbolic links",
which `verify` of a file below a loop said where `show`, `summary` and the walk said the
project's."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

LOOP = {
    "en": "a symbolic link that leads to no file (a loop, or its target is gone)",
    "zh": "符号链接不指向任何文件（链接成环，或目标已不存在）",
}
CANNOT_READ = {"en": "{path}: cannot read: {reason}", "zh": "{path}：无法读取：{reason}"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["verify", "show"])
def test_a_file_below_a_loop_of_links_is_said_in_the_loop_s_words(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, lang: str
) -> None:
    monkeypatch.chdir(tmp_path)
    os.symlink("L2", "L1")
    os.symlink("L1", "L2")
    run = cli([command, "L1/x.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    said = CANNOT_READ[lang].format(path="L1/x.toml", reason=LOOP[lang])
    assert run.stderr.splitlines() == [f"minecheck: error: {said}"]


def test_the_system_s_reason_for_a_loop_is_the_loop_s_words_in_each_language() -> None:
    """`os_reason`, which every reader asks for the system's words, says a loop (ELOOP) as the
    project does, in the language asked."""
    import errno

    from minecheck.os_words import os_reason

    exc = OSError(errno.ELOOP, "Too many levels of symbolic links", "L1/x.toml")
    assert os_reason(exc, "en") == LOOP["en"]
    assert os_reason(exc, "zh") == LOOP["zh"]
