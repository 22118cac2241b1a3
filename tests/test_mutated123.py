"""Mutating the code, round 123: round 45's hints and drafts' lock files, and the stops in a
burst as a run exits. Each test kills a mutant the tests already there let live."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.sanitize import shell_arg, shell_word
from minecheck.i18n import set_language
from minecheck.session import draft as drafts
from tests.test_attack45 import _words
from tests.test_cli_walk_rules import inspect, keys, saved_id, started
from tests.test_inspect_scripted import Cli
from tests.test_inspect_scripted import work as work  # (a fixture: Alice's key, trusted)
from tests.test_interrupted_said import _stopped_by
from tests.test_loose_ends40 import DRAFT_ID
from tests.test_loose_ends41 import FINISH, OPEN, PID, _damaged, _files

__all__ = ["keys"]  # (a fixture, used by name)


def _hints(cli: Any, home: Path, *names: str) -> list[str]:
    """The discard commands `drafts list` gives for damaged drafts named `names`."""
    directory = home / "drafts"
    directory.mkdir(parents=True)
    for name in names:
        (directory / f"{name}.toml").write_text("[draft\n", "utf-8")
    run = cli(["drafts", "list"])
    assert run.exit_code == 0, run.stderr
    return [line.strip() for line in run.stderr.splitlines() if "drafts discard" in line]


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("a\nb", "minecheck drafts discard \"$(printf %b 'a\\0012b')\""),  # (a line break inside)
        ("-x", "minecheck drafts discard -- -x"),  # (after `--`: not an option)
        ("x\u00b2", "minecheck drafts discard 'x\u00b2'"),  # (NFC, not NFKC: as it is)
        (  # (a joiner a terminal shows whole, after a virama: its copy may drop it)
            "\u0915\u094d\u200d\u0937",
            "minecheck drafts discard \"$(printf %b '\\0340\\0244\\0225\\0340\\0245\\0215"
            "\\0342\\0200\\0215\\0340\\0244\\0267')\"",
        ),
        ("a\\\u200bb", "minecheck drafts discard \"$(printf %b 'a\\0134\\0342\\0200\\0213b')\""),
    ],
    ids=["inner-line-break", "dash", "superscript", "joiner", "backslash"],
)
def test_a_damaged_draft_s_hint_discards_it_and_no_other(
    cli: Any, isolated_home: Path, name: str, said: str
) -> None:
    """The hint is exact, and pasted into bash it discards that draft and leaves `a` and `b`."""
    assert sorted(_hints(cli, isolated_home, name, "a", "b")) == sorted(
        [said, "minecheck drafts discard a", "minecheck drafts discard b"]
    )
    words = _words(said.removeprefix("minecheck drafts discard "))
    gone = cli(["drafts", "discard", "--yes", *words])
    assert gone.exit_code == 0, gone.stderr
    left = sorted(p.name for p in (isolated_home / "drafts").iterdir() if p.suffix == ".toml")
    assert left == ["a.toml", "b.toml"]


NO_WORD = "'WORD (it ends in a line break or holds a NUL, which no command can carry)/'"
NO_FILE = "'FILE (its name ends in a line break: give it a plain name)/'"


@pytest.mark.parametrize(
    ("lang", "quoting", "word", "said"),
    [
        ("en", shell_arg, "a\x00b", NO_WORD),
        ("zh", shell_arg, "a\n", "'参数（以换行结尾或含有 NUL，命令无法携带）/'"),
        ("en", shell_word, "-a\n", NO_FILE),  # (`shell_word`'s own: a file to rename)
        ("zh", shell_word, "-a\n", "'文件（其名称以换行结尾：请先改为普通名称）/'"),
    ],
)
def test_a_word_no_command_carries_is_said_so_in_the_run_s_language(
    lang: str, quoting: Any, word: str, said: str
) -> None:
    set_language(lang)
    try:
        assert quoting(word) == said
    finally:
        set_language("en")


# -- drafts' lock files ----------------------------------------------------------------------


@pytest.mark.usefixtures("work")
def test_a_walk_that_saved_its_draft_leaves_its_lock_file(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path
) -> None:
    """Only a lock file under which no draft was saved goes: a kept draft's stays beside it."""
    kept = saved_id(started(cli, keys, tmp_path / "a.toml"))
    assert _files(isolated_home) == [f"{kept}.lock", f"{kept}.toml"]


@pytest.mark.usefixtures("work")
def test_the_offered_draft_s_lock_file_taken_by_another_stays_when_the_new_walk_ends(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draft with no lock file beside it is offered, `n`, and a second terminal takes it as
    the new walk asks (and makes its lock file). When the new walk ends (Ctrl-C), the offered
    draft is let go once: the other terminal's lock file is left to it."""
    kept = saved_id(started(cli, keys, tmp_path / "a.toml"))
    directory = isolated_home / "drafts"
    (directory / f"{kept}.lock").unlink()
    other = drafts.DraftLock(directory, kept)

    def first_question() -> str:
        other.acquire()
        raise KeyboardInterrupt

    monkeypatch.setattr("minecheck.cli._prompter.read_key", first_question)
    try:
        run = inspect(cli, "-o", str(tmp_path / "b.toml"), typed="n\n\n")
        assert run.exit_code == 130, run.stderr
        assert (directory / f"{kept}.lock").read_bytes() == str(os.getpid()).encode()
    finally:
        other.release()


def test_a_lock_file_that_was_a_dangling_link_stays_a_link_after_a_refusal(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lock file there before that is a link to nothing is refused before it is taken (the
    release's `lexists` and `exists` see it alike: round 123's l8 is equivalent), and left."""
    link = _damaged(isolated_home, monkeypatch) / f"{DRAFT_ID}.lock"
    link.symlink_to(isolated_home / "gone")
    run = cli(["drafts", "resume", DRAFT_ID[:8]], input="q\n")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.startswith(
        f"minecheck: error: {link}: a symbolic link that leads to no file (a loop, or its "
        "target is gone)\n"
    )
    assert link.is_symlink()
    assert _files(isolated_home) == [f"{DRAFT_ID}.lock", f"{DRAFT_ID}.toml"]


@pytest.mark.parametrize(
    ("written", "named"),
    [(b"\t4242\t\n", "4242"), (b"1" * 31 + b"\n", "1" * 31), (b"1" * 40 + b"\n", "")],
    ids=["tabs", "31-digits", "40-digits"],
)
def test_the_holder_is_a_first_line_of_digits_read_in_32_bytes(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, written: bytes, named: str
) -> None:
    directory = _damaged(isolated_home, monkeypatch)
    with drafts.locked(directory, DRAFT_ID) as lock:
        lock.path.write_bytes(written)  # (the same file: its lock holds)
        run = cli(["drafts", "resume", DRAFT_ID[:8]], input="q\n")
    pid = PID["en"].format(pid=named) if named else ""
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: {OPEN['en'].format(id=DRAFT_ID, pid=pid)}\n" + FINISH["en"]
    )


# -- stops in a burst as the run exits -------------------------------------------------------

# The run is stopped (SIGTERM) as a command's body would begin, and `signal` (SIGINT: a
# Ctrl-C; SIGTERM: systemd's second stop) comes as the interruption, said, exits.
STOPPED_THEN_AGAIN_AS_IT_EXITS = textwrap.dedent(
    """
    import os, signal, sys
    import minecheck.cli as commands
    real_exit, fired, again = sys.exit, [], getattr(signal, sys.argv.pop(1))
    def stopped(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("not stopped")
    def exit_stopped_again(code=None):
        if code == 130 and not fired:
            fired.append(True)
            os.kill(os.getpid(), again)
        real_exit(code)
    setattr(commands, sys.argv.pop(1), stopped)
    sys.exit = exit_stopped_again
    sys.argv = ["minecheck", *sys.argv[1:]]
    from minecheck.__main__ import main
    main()
    """
)


@pytest.mark.parametrize(
    ("where", "again"),
    [("app_for", "SIGINT"), ("answering", "SIGTERM")],
    ids=["in-the-command-then-ctrl-c", "before-it-then-sigterm"],
)
def test_a_stop_before_a_command_s_body_then_another_as_it_exits_is_said_once(
    tmp_path: Path, where: str, again: str
) -> None:
    """The interruption said by minecheck's entry (no command had begun) is said once, and
    the run ends with 130: no second line, no traceback."""
    run = _stopped_by(STOPPED_THEN_AGAIN_AS_IT_EXITS, [again, where, "drafts", "list"], tmp_path)
    assert (run.returncode, run.stdout, run.stderr) == (
        130,
        "",
        "minecheck: error: interrupted; nothing was written\n",
    )


def test_the_walk_s_not_trusted_hint_names_a_principal_that_begins_with_a_dash(
    tmp_path: Path,
) -> None:
    """A principal may begin with `-`: the command that trusts the new key names it as it is
    (a path's quoting wrote `./-p@coal.example`, another principal), after `--principal`."""
    from minecheck.cli import _walk
    from minecheck.cli._output import Reporter
    from minecheck.errors import MinecheckError

    key = tmp_path / "keys" / "-p@coal.example.pub"
    exc = MinecheckError("allowed_signers: not a regular file (a directory)", code="not-regular")
    data = {"fingerprint": "SHA256:abc", "principal": "-p@coal.example", "public_key_path": key}
    rep = Reporter("inspect", True)
    _walk._not_trusted(rep, exc, data)
    assert [p.hint for p in rep.problems][1] == (
        "once that is mended, trust it with: minecheck trust add --principal "
        f"-p@coal.example --key {key}"
    )
