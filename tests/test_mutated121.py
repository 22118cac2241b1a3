"""Mutation round 121: tests for the mutants of a follow-up written over (`--force`), a
damaged draft's way out and a discard that finds a folder, which the tests before them let
live."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.test_expert_panel import REF, by, panel
from tests.test_loose_ends40 import DAMAGED, HINT, SEP
from tests.test_same_second import RECTIFIED, Clock, T, clock, created, events_at

__all__ = ["clock", "panel"]  # the fixtures


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_follow_up_written_over_in_its_own_second_is_no_tie(
    cli: Any, panel: dict[str, Any], clock: Clock, lang: str
) -> None:
    """A script's follow-up run again with `--force` in the second the first was signed: the
    file it replaces is not "a follow-up here" for the same-second check either. The new file
    is dated and signed in that second, with no wait (its orders, the replaced file's, were
    kept, and the run waited and signed one second later)."""
    args = [
        "followup",
        REF,
        *RECTIFIED,
        "-o",
        "f1.toml",
        "--lang",
        lang,
        *by(panel["people"]["mine"]),
    ]
    written_over_in_its_second(cli, clock, args)


def written_over_in_its_second(cli: Any, clock: Clock, args: list[str]) -> None:
    """`followup ... -o f1.toml` (`args`) run, then run again with `--force` in that second:
    each says the file and nothing else, with no wait; the file is dated and signed at T."""
    first = cli(args)
    assert (first.exit_code, first.stdout, first.stderr) == (0, "f1.toml\n", "")
    again = cli([*args, "--force"])
    assert (again.exit_code, again.stdout, again.stderr) == (0, "f1.toml\n", "")
    assert clock.waited == []
    assert (created("f1.toml"), events_at("f1.toml")) == (T, [T])


# a damaged draft named as no minecheck names one: the discard the hint gives works as typed
ODD_NAMES = {"-abc": "-- -abc", "a b": "'a b'", "x'y": "'x'\"'\"'y'"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", list(ODD_NAMES))
def test_a_damaged_draft_s_discard_hint_is_a_command_that_works(
    cli: Any, isolated_home: Path, lang: str, name: str
) -> None:
    """The hint's `drafts discard` for a draft file of a name a shell splits, or one an option
    parser takes for an option, is quoted (`'a b'`) or put after `--` (`-- -abc`); typed as
    it is said, it discards that draft. In Chinese the hint's `--lang zh` came after the id,
    after `--` too, where it is no option: `drafts discard -- -abc --lang zh` exit 2."""
    directory = isolated_home / "drafts"
    directory.mkdir(parents=True)
    path = directory / f"{name}.toml"
    path.write_text("[draft\n", "utf-8")
    run = cli(["drafts", "list", "--lang", lang])
    reason = {"en": "not valid TOML", "zh": "不是有效的 TOML"}[lang]
    damaged = DAMAGED[lang].format(id=name, reason=reason)
    none = "no unfinished inspections" if lang == "en" else "没有未完成的检查"
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr == (
        f"minecheck: warning: {path}{SEP[lang]}{damaged}\n"
        + HINT[lang].format(id=ODD_NAMES[name])
        + f"{none}\n"
    )
    said = run.stderr.splitlines()[2].strip()  # (the hint's command, as a user copies it)
    typed = shlex.split(said)
    assert typed[:3] == ["minecheck", "drafts", "discard"]
    gone = cli(["drafts", "discard", "--yes", *typed[3:]])
    assert (gone.exit_code, path.exists()) == (0, False), gone.stderr


@pytest.mark.parametrize("name", ["a\x1bb", "-x\x1b"])
def test_a_damaged_draft_s_discard_hint_names_a_control_character_as_a_shell_spells_it(
    cli: Any, isolated_home: Path, name: str
) -> None:
    """A draft file whose name holds a control character: the terminal is shown its escape
    (`a\\u001bb`), so the hint quoted as `shlex` quotes named a draft that is not there once
    copied. It is written as every hint writes a word that is no path (`shell_arg`:
    `"$(printf %b 'a\\0033b')"`), after `--` where the name begins with `-`; the shell's
    reading of the copied command discards that draft."""
    directory = isolated_home / "drafts"
    directory.mkdir(parents=True)
    path = directory / f"{name}.toml"
    path.write_text("[draft\n", "utf-8")
    run = cli(["drafts", "list"])
    said = run.stderr.splitlines()[2].strip()  # (the hint's command, as a user copies it)
    assert said.startswith("minecheck drafts discard ")
    assert "\x1b" not in said
    words = (
        subprocess.run(  # (the words the shell gives the command typed)
            ["bash", "-c", f"printf '%s\\0' {said.removeprefix('minecheck drafts discard ')}"],
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")[:-1]
    )
    assert words[-1] == name
    gone = cli(["drafts", "discard", "--yes", *words])
    assert (gone.exit_code, path.exists()) == (0, False), gone.stderr


def test_a_folder_put_at_a_draft_s_name_since_it_was_found_is_said_and_left(
    tmp_path: Path,
) -> None:
    """A discard that finds a folder at the draft's name once it holds the lock (one put there
    since the draft was listed) says so, leaves the folder and removes the lock; it said the
    system's "could not be removed (is a directory)" words instead."""
    from minecheck.errors import InputError
    from minecheck.session import draft as drafts

    (tmp_path / "abc.toml").mkdir()
    with pytest.raises(InputError) as raised:
        drafts.discard(tmp_path, "abc", wait=0)
    said = "draft abc is a directory, not a draft; it was left as it is"
    assert (raised.value.message, raised.value.path) == (said, f"{tmp_path / 'abc.toml'}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["abc.toml"]
