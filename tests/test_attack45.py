"""Attack round 45: the hints that write a command, read by a shell with hostile words."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.sanitize import shell_arg
from tests.test_interrupted_said import _stopped_by, archive

__all__ = ["archive"]  # the fixture


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
    command discarded the draft `a`. No command can name such an id; the hint says so and
    gives the removal of its file, whose path a shell carries (it ends in `.toml`): pasted,
    it removes that file and no other."""
    directory = isolated_home / "drafts"
    directory.mkdir(parents=True)
    (directory / "a\n.toml").write_text("[draft\n", "utf-8")
    (directory / "a.toml").write_text("[draft\n", "utf-8")
    run = cli(["drafts", "list", "--lang", lang])
    lines = run.stderr.splitlines()
    assert [line.strip() for line in lines if "minecheck drafts discard" in line] == [
        "minecheck drafts discard " + "--lang zh " * (lang == "zh") + "a"
    ]
    assert "\x1b" not in run.stderr
    at = next(i for i, line in enumerate(lines) if "'a\\u000a'" in line)
    assert (
        lines[at + 1]
        == {
            "en": "  hint: it cannot be resumed, and no command can name its id (it ends in a line "
            "break): remove its file with:",
            "zh": "  hint: 它无法继续，且其标识以换行结尾，任何命令都无法指明它："
            "删除其文件请运行：",
        }[lang]
    )
    command = lines[at + 2].strip()
    assert command.startswith("rm -- ")
    subprocess.run(["bash", "-c", command], check=True)
    assert sorted(p.name for p in directory.iterdir()) == ["a.toml"]


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


# The export is sent SIGTERM just after its file is put in place, and again SIGTERM and
# SIGINT (a burst: systemd's stop, a Ctrl-C) as the interruption, said, exits.
STOPPED_AGAIN_AS_IT_EXITS = textwrap.dedent(
    """
    import os, signal, sys
    import minecheck.fileio as fileio
    real, real_exit, fired = fileio.atomic_write, sys.exit, []
    def then_stopped(*args, **kwargs):
        real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGTERM)
    def exit_stopped_again(code=None):
        if code == 130 and not fired:
            fired.append(True)
            os.kill(os.getpid(), signal.SIGTERM)
            os.kill(os.getpid(), signal.SIGINT)
        real_exit(code)
    fileio.atomic_write = then_stopped
    sys.exit = exit_stopped_again
    sys.argv = ["minecheck", *sys.argv[1:]]
    from minecheck.__main__ import main
    main()
    """
)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_stops_in_a_burst_as_an_interruption_exits_say_it_once_and_exit_130(
    archive: tuple[Path, Path], tmp_path: Path, lang: str
) -> None:
    """SIGTERM, then SIGTERM and SIGINT as the run said its interruption and exited: the stops
    were taken again once the saying was done, so the run said it a second time (an
    interruption of the interruption), or died of the signal (exit -2) with its line said
    once. Once said, the run ends with exit 130 and nothing more: its file is whole and named."""
    folder, signers = archive
    out = tmp_path / "out.csv"
    args = ["export", str(folder), "--allowed-signers", str(signers), "-o", str(out)]
    run = _stopped_by(STOPPED_AGAIN_AS_IT_EXITS, [*args, "--lang", lang], tmp_path)
    said = {
        "en": f"minecheck: error: interrupted after writing {out}\n",
        "zh": f"minecheck: error: 已中断；{out} 已写入\n",
    }[lang]
    assert (run.returncode, run.stdout, run.stderr) == (130, "", said)
    assert out.stat().st_size > 0


# The export is stopped (SIGTERM) as it writes its file, and stopped again just as its
# temporary file is removed (a burst: the second stop comes while the first is taken).
STOPPED_AS_ITS_TEMPORARY_GOES = textwrap.dedent(
    """
    import os, signal, sys
    import minecheck.fileio as fileio
    real_make, real_unlink, fired = fileio._make, os.unlink, []
    def made_then_stopped(data, fh):
        real_make(data, fh)
        os.kill(os.getpid(), signal.SIGTERM)
    def unlink_stopped(path, *args, **kwargs):
        if str(path).endswith(".tmp") and not fired:
            fired.append(True)
            os.kill(os.getpid(), signal.SIGTERM)
        return real_unlink(path, *args, **kwargs)
    fileio._make = made_then_stopped
    os.unlink = unlink_stopped
    sys.argv = ["minecheck", *sys.argv[1:]]
    from minecheck.__main__ import main
    main()
    """
)


def test_a_second_stop_as_the_temporary_file_goes_leaves_none(
    archive: tuple[Path, Path], tmp_path: Path
) -> None:
    """A burst of stops as an export writes its file: the second came as the first's
    interruption removed the temporary file, and left it (`.out.csv.HOST.PID.TOKEN.tmp`,
    hidden beside the output, for a later run to sweep an hour later). It goes whole; the run
    says nothing was written and exits 130."""
    folder, signers = archive
    out = tmp_path / "out.csv"
    args = ["export", str(folder), "--allowed-signers", str(signers), "-o", str(out)]
    run = _stopped_by(STOPPED_AS_ITS_TEMPORARY_GOES, args, tmp_path)
    assert (run.returncode, run.stderr) == (
        130,
        "minecheck: error: interrupted; nothing was written\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []
    assert not out.exists()
