"""What the word typed for a path decides (cli/_names.py), at its edges: a one-letter
directory `-o d/`, a word that is not the name of the file it names (`x/.`), a file beside a
key named `./--k`, and a helper asked outside a command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from minecheck.cli import _names
from tests.helpers_merge import Who, allowed_signers, findings, person
from tests.test_minimal_input import MINIMAL_FOLLOWUP, sign_args


@pytest.fixture
def who(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Who:
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    inspector = person(tmp_path, "ent")
    Path("doc.toml").write_bytes(findings(inspector, ["compliant", "noncompliant", "compliant"]))
    allowed_signers(Path("allowed"), inspector)
    return inspector


@pytest.mark.parametrize("command", ["summary", "export"])
def test_o_a_one_letter_directory_not_there_is_said_and_no_file_is_written(
    cli: Any, who: Who, command: str
) -> None:
    # (`d/` is as much a directory as `reports/`: a file `d` was not asked for; said as typed)
    run = cli([command, "doc.toml", "--allowed-signers", "allowed", "-o", "d/"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: directory d/ does not exist\n  hint: create it first:\n    mkdir -p d\n"
    )
    assert not Path("d").exists()


@pytest.mark.parametrize("command", ["summary", "export"])
@pytest.mark.parametrize("word", ["x/.", "./", "x//"])
def test_o_a_directory_is_said_as_typed_where_a_path_would_drop_part_of_it(
    cli: Any, who: Who, command: str, word: str
) -> None:
    # (a Path of `x/.` is `x`, and `./` is `.`: the message names what -o was given)
    Path("x").mkdir()
    run = cli([command, "doc.toml", "--allowed-signers", "allowed", "-o", word])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: {word} is a directory; only a file can be replaced\n"
        "  hint: leave out -o, or give -o -, to write to standard output\n"
    )
    run = cli([command, "doc.toml", "--allowed-signers", "allowed", "-o", word, "--json"])
    [problem] = run.json()["problems"]
    assert (problem["path"], problem["message"]) == (
        word,
        f"{word} is a directory; only a file can be replaced",
    )


BESIDE = [lambda p: p.with_suffix(".pub"), lambda p: p.with_name("--k.pub")]


@pytest.mark.parametrize("make", BESIDE, ids=["with_suffix", "with_name"])
def test_a_file_beside_a_path_typed_with_dot_slash_keeps_it(make: Any) -> None:
    # (`keys show --key ./--k` names `./--k.pub`, not `--k.pub`, which reads as an option)
    typed = _names.typed_path(Path("--k"), "./--k")
    beside = make(typed)
    assert (f"{beside}", f"{beside:>12}", str(beside)) == ("./--k.pub", "   ./--k.pub", "--k.pub")
    assert isinstance(beside, _names.TypedPath)
    plain = make(_names.typed_path(Path("d/--k"), "d/--k"))  # (a word a Path says as it is)
    assert (f"{plain}", _names.spelled(plain)) == ("d/--k.pub", "d/--k.pub")


def test_a_path_no_word_was_given_for_is_said_as_a_path_writes_it(cli: Any) -> None:
    # outside a command (no -o to compare with), and for a Path not made from a word
    assert _names.as_named(Path("./-")) == "-"
    assert _names.as_named("./x") == "./x"
    assert (_names.given_as_dash(Path("-")), _names.given_as_directory(Path("d"))) == (False, False)


@pytest.mark.parametrize("word", ["d/", "./d/", "d"])
def test_sign_o_an_existing_directory_writes_into_it(cli: Any, who: Who, word: str) -> None:
    # (the file written there is no `-o` word: it is no directory, whatever -o ended with)
    Path("f.toml").write_text(MINIMAL_FOLLOWUP)
    Path("d").mkdir()
    run = cli(["sign", "f.toml", "-o", word, *sign_args(who)])
    assert (run.exit_code, run.stdout) == (0, "d/f.toml\n"), run.stderr
    assert Path("d/f.toml").read_bytes().startswith(b"[minecheck]")
