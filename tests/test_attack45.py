"""Attack round 45: the hints that write a command, read by a shell with hostile words."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.sanitize import shell_arg


def _words(command: str) -> list[str]:
    """The words bash gives the command `command`, as a user pasting it runs it."""
    run = subprocess.run(
        ["bash", "-c", f"printf '%s\\0' {command}"], capture_output=True, check=True
    )
    return run.stdout.decode("utf-8", "surrogateescape").split("\0")[:-1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_damaged_draft_whose_name_ends_in_a_line_break_is_no_hint_to_discard_another(
    cli: Any, isolated_home: Path, lang: str
) -> None:
    """A damaged draft named `a<LF>` beside the draft `a`: its hint wrote the id
    `"$(printf %b 'a\\0012')"`, and `$(...)` drops a line break at its end, so the copied
    command discarded the draft `a`. A word a shell cannot carry is written as a word that is
    no draft id and says why: pasted, it is refused and every draft stays."""
    directory = isolated_home / "drafts"
    directory.mkdir(parents=True)
    (directory / "a\n.toml").write_text("[draft\n", "utf-8")
    (directory / "a.toml").write_text("[draft\n", "utf-8")
    run = cli(["drafts", "list", "--lang", lang])
    lines = run.stderr.splitlines()
    said = [line.strip() for line in lines if "minecheck drafts discard" in line]
    assert len(said) == 2
    assert "\x1b" not in run.stderr
    command = next(line for line in said if line.endswith("/'"))
    words = _words(command.split(" discard ", 1)[1].removeprefix("--lang zh "))
    assert words == [
        {
            "en": "WORD (it ends in a line break or holds a NUL, which no command can carry)/",
            "zh": "参数（以换行结尾或含有 NUL，命令无法携带）/",
        }[lang]
    ]
    gone = cli(["drafts", "discard", "--yes", "--lang", lang, *words])
    assert gone.exit_code == 2
    assert sorted(p.name for p in directory.iterdir()) == ["a\n.toml", "a.toml"]


@pytest.mark.parametrize("word", ["a\n", "a\n\n", "a\x00b", "-\n"])
def test_shell_arg_never_writes_a_word_the_shell_reads_as_another(word: str) -> None:
    """Each word `shell_arg` writes is, read by bash, that word, or one that names nothing
    (ending in `/`): never another word (a line break at the end, a NUL anywhere, were lost)."""
    (read,) = _words(shell_arg(word))
    assert read == word or read.endswith("/")


@pytest.mark.parametrize(
    "word",
    [
        "-p@x",
        "a b",
        "$(touch x)",
        "`id`",
        "'\"",
        "a\x1b[31mb",
        "a\u202eb",
        "a\u200bb",
        "\U0001f600",
    ],
)
def test_shell_arg_carries_every_other_word_whole(word: str, tmp_path: Path) -> None:
    """Controls, bidi, zero width, quotes, command substitutions, non-BMP: bash reads the word
    back whole, runs nothing, and the hint holds no escape for the terminal."""
    said = shell_arg(word)
    assert "\x1b" not in said
    assert "\u202e" not in said
    run = subprocess.run(
        ["bash", "-c", f"printf '%s\\0' {said}"], capture_output=True, check=True, cwd=tmp_path
    )
    assert run.stdout.decode().split("\0")[:-1] == [word]
    assert list(tmp_path.iterdir()) == []


def test_drafts_whose_ids_differ_only_in_normal_form_are_hinted_apart(
    cli: Any, isolated_home: Path
) -> None:
    """Two damaged drafts, `é` composed (NFC) and `e` with a combining accent (NFD): both hints
    read `minecheck drafts discard 'é'` at a terminal, and a terminal's copy (or a user typing
    what is seen) gives the composed form, which discarded the other draft. A word not in NFC
    is written by its bytes (`"$(printf %b ...)"`), so each hint, copied as it is seen, even
    normalised, discards its own draft."""
    import unicodedata

    directory = isolated_home / "drafts"
    directory.mkdir(parents=True)
    nfc, nfd = "\u00e9", "e\u0301"
    for name in (nfc, nfd):
        (directory / f"{name}.toml").write_text("[draft\n", "utf-8")
    run = cli(["drafts", "list"])
    said = [line.strip() for line in run.stderr.splitlines() if "drafts discard" in line]
    assert len(set(said)) == 2
    nfd_hint = next(line for line in said if "printf" in line)
    copied = unicodedata.normalize("NFC", nfd_hint)  # (as a terminal's copy may give it)
    words = _words(copied.removeprefix("minecheck drafts discard "))
    assert words == [nfd]
    gone = cli(["drafts", "discard", "--yes", *words])
    assert gone.exit_code == 0, gone.stderr
    assert [p.name for p in directory.iterdir() if p.suffix == ".toml"] == [f"{nfc}.toml"]
