"""A path in a hint's command is one shell word that names that very file when pasted.

A hint is one line shown through the terminal's sanitizer: a name with a line break, a terminal
escape or a byte not in UTF-8 is shown escaped (`\\u000a`), so a command quoting the name as it
is named another file once pasted (and a `>` in it made a stray empty one). Such a name is
written as the output of `printf %b` over its bytes, printable ASCII only; a name ending in a
line break, which no word carries, is a word that names nothing and says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from minecheck.core.sanitize import for_terminal, shell_word

NAMES = [
    "plain.toml",
    "it's 100%.toml",
    "-rf.toml",
    "a\nb.toml",
    "esc\x1b[31mred.toml",
    os.fsdecode(b"bad\xff.toml"),
    "tab\there\\n %s 'q' `x` $(y).toml",
    "\u4e2d\u6587\u200b\u96f6\u5bbd.toml",  # a zero-width space among Chinese
    "\r\x7f\x01.toml",
]
SHELLS = [s for s in ("sh", "bash", "zsh") if shutil.which(s)]


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("name", NAMES)
def test_a_pasted_word_names_the_very_file(tmp_path: Path, name: str, shell: str) -> None:
    path = tmp_path / name
    path.write_bytes(os.fsencode(name))
    word = shell_word(name)
    assert for_terminal(word) == word  # shown as it is: what is pasted is what was written
    assert "\n" not in word
    done = subprocess.run(
        [shell, "-c", f"cat {word}"], cwd=tmp_path, capture_output=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, os.fsencode(name)), done.stderr


def test_a_plain_name_stays_as_it_reads() -> None:
    assert shell_word("收件 inbox/xinxing.toml") == "'收件 inbox/xinxing.toml'"
    assert shell_word("xinxing.toml") == "xinxing.toml"
    assert shell_word("-x.toml") == "./-x.toml"


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_name_ending_in_a_line_break_is_named_by_no_pasted_word(
    tmp_path: Path, shell: str, lang: str
) -> None:
    """`$(...)` drops a line break at the end of a name, so the word named `trail` beside
    `trail` + a line break: another file (an export of another inspector's file, an iconv
    writing over one). No word carries such a name: the hint says so in a word naming nothing."""
    from minecheck.i18n import set_language

    (tmp_path / "trail").write_bytes(b"another file")
    (tmp_path / "trail\n").write_bytes(b"this file")
    set_language(lang)
    try:
        word = shell_word("trail\n")
    finally:
        set_language("en")
    assert for_terminal(word) == word
    assert (
        word
        == {
            "en": "'FILE (its name ends in a line break: give it a plain name)/'",
            "zh": "'文件（其名称以换行结尾：请先改为普通名称）/'",
        }[lang]
    )
    done = subprocess.run(
        [shell, "-c", f"cat {word}"], cwd=tmp_path, capture_output=True, check=False
    )
    assert (done.returncode != 0, done.stdout) == (True, b"")
