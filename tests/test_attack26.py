"""The session's merges attacked, round 26: the commands a hint hands over to convert a text to
UTF-8, run as pasted, where the name they would write is taken or too long."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
CHECKLIST = str(DATA / "checklists" / "valid" / "mini-check.toml")
TEXT = (DATA / "answers" / "mini-good.toml").read_text("utf-8")
MINE = b"answers the inspector edited by hand\n"

pytestmark = pytest.mark.skipif(os.sep != "/", reason="the commands are a POSIX shell's")

# how an answers file came to be refused, and the bytes so written: each hint's command makes
# the text as written (CR LF kept where the file held them: the answers' reader takes them)
KINDS = {
    "utf-16": TEXT.replace("\n", "\r\n").encode("utf-16"),
    "utf-16-appended": TEXT.replace("\n", "\r\n").encode("utf-16") + b"\n",
    "bom": b"\xef\xbb\xbf" + TEXT.encode(),
    "gb18030": TEXT.replace("good", "好的").encode("gb18030"),
}
MADE = {
    "utf-16": TEXT.replace("\n", "\r\n").encode(),
    "utf-16-appended": TEXT.replace("\n", "\r\n").encode(),
    "bom": TEXT.encode(),
    "gb18030": TEXT.replace("good", "好的").encode(),
}


def _command(stderr: str) -> str:
    """The command a hint hands over: the line under `convert it to UTF-8 with:` (`take it
    out with:`) and its Chinese."""
    lines = stderr.splitlines()
    at = next(i for i, line in enumerate(lines) if line.rstrip().endswith(("with:", "：")))
    return lines[at + 1].strip()


def _inspect(cli: Any, answers: str, lang: str) -> Any:
    run = cli(
        ["inspect", CHECKLIST, "--site", "M", "-o", "f.toml", "--answers", answers, "--lang", lang]
    )
    assert (run.exit_code, run.stdout) == (2, ""), run.stderr
    return run


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_conversions_command_never_writes_over_a_file_there(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, lang: str
) -> None:
    """`a.utf-8.toml` there already (an earlier conversion, edited since) was written over by
    the command the hint handed over for `a.toml`: it names one not taken, as the copy of a
    signed file does (`-2`, `-3`, ...), and leaves every file there as it was."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes(KINDS[kind])
    Path("a.utf-8.toml").write_bytes(MINE)
    Path("a.utf-8-2.toml").symlink_to("elsewhere.toml")  # (a link is taken too: `>` follows it)
    command = _command(_inspect(cli, "a.toml", lang).stderr)
    assert command.endswith(" > a.utf-8-3.toml"), command
    subprocess.run(["sh", "-c", command], check=True)
    assert Path("a.utf-8.toml").read_bytes() == MINE
    assert not Path("elsewhere.toml").exists()
    assert Path("a.toml").read_bytes() == KINDS[kind]
    assert Path("a.utf-8-3.toml").read_bytes() == MADE[kind]


@pytest.mark.parametrize("kind", ["utf-16", "bom"])
def test_a_conversions_command_for_a_long_name_writes_a_name_that_fits(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """A name of 253 bytes got `... > NAME.utf-8.toml`, which the shell refused ("File name
    too long"); the name written is cut to a name's 255 bytes, its suffix kept."""
    monkeypatch.chdir(tmp_path)
    name = "检" * 80 + "x" * 8 + ".toml"  # (253 bytes)
    Path(name).write_bytes(KINDS[kind])
    command = _command(_inspect(cli, name, "en").stderr)
    made = subprocess.run(["sh", "-c", command], capture_output=True)
    assert (made.returncode, made.stderr) == (0, b"")
    written = sorted(set(os.listdir()) - {name})
    assert len(written) == 1, written
    assert written[0].endswith(".utf-8.toml"), written
    assert len(os.fsencode(written[0])) <= 255
    assert Path(written[0]).read_bytes() == MADE[kind]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_checklists_conversion_never_writes_over_one_made_before(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A checklist keeps its name (its id), so its conversion is made in `utf-8/`; one there
    already was written over. The next folder not holding the name is named (`utf-8-2/`), and
    a file named `utf-8` is passed over (`mkdir -p` would fail)."""
    monkeypatch.chdir(tmp_path)
    Path("lists").mkdir()
    original = Path(CHECKLIST).read_text("utf-8").replace("\n", "\r\n").encode("utf-16")
    Path("lists/mini-check.toml").write_bytes(original)
    Path("lists/utf-8").mkdir()
    Path("lists/utf-8/mini-check.toml").write_bytes(MINE)
    Path("lists/utf-8-2").write_bytes(MINE)
    run = cli(["checklists", "lint", "lists/mini-check.toml", "--lang", lang])
    assert run.exit_code == 1, run.stderr
    command = _command(run.stderr)
    assert command.startswith("mkdir -p lists/utf-8-3 && "), command
    subprocess.run(["sh", "-c", command], check=True)
    assert Path("lists/utf-8/mini-check.toml").read_bytes() == MINE
    assert Path("lists/utf-8-2").read_bytes() == MINE
    assert Path("lists/mini-check.toml").read_bytes() == original
    assert cli(["checklists", "lint", "lists/utf-8-3/mini-check.toml"]).exit_code == 0
