"""The day's changes attacked: an interrupted start's `--json` as an option's value, a draft id
that shows as nothing, values that are no text named as Python writes them, and an answer's
problem joined to its item with the English colon in Chinese."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import pytest

from tests.conftest import Run
from tests.test_cli_keys_rules import ALICE, ssh_keygen
from tests.test_inspect_scripted import CHECKLIST, GAS, METHANE, NOT_USED, answers, inspect, work
from tests.test_main_rules import STOPPED_AT_START, _python

__all__ = ["work"]  # a fixture


class Cli(Protocol):
    def __call__(self, args: Sequence[str], input: str | bytes | None = None) -> Run: ...


# --- 1. an interrupted start: `--json` as the value of an option is no `--json` ---------------

INTERRUPTED = "minecheck: error: interrupted; nothing was written\n"


@pytest.mark.parametrize(
    "args",
    [
        ["export", "a.toml", "-o", "--json"],
        ["summary", "a.toml", "--output", "--json"],
        ["--lang", "en", "inspect", "mini", "--site", "--json"],
        ["trust", "add", "--principal", "--json"],
    ],
    ids=["export -o", "summary --output", "inspect --site", "trust add --principal"],
)
def test_an_option_s_value_named_json_asks_no_envelope_of_an_interrupted_start(
    isolated_home: Path, args: list[str]
) -> None:
    """Ctrl-C while `minecheck export a.toml -o --json` starts: the parser gives `-o` the word
    `--json` (a file of that name, as a usage error of the same line reads it), so the run
    asked for no envelope; it was answered with one on stdout, because the word was looked for
    anywhere but after `--`."""
    done = _python(STOPPED_AT_START, *args)
    assert (done.returncode, done.stdout, done.stderr) == (130, "", INTERRUPTED)


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["export", "-o", "rows.csv", "--json", "a.toml"], "export"),
        (["keys", "generate", "--principal", "a@b.example", "--json"], "keys generate"),
        (["verify", "--evidence", "--json", "a.toml"], "verify"),
    ],
)
def test_json_after_an_option_s_value_still_asks_the_envelope(
    isolated_home: Path, args: list[str], command: str
) -> None:
    """The same reading still finds `--json` after a value (`-o rows.csv --json`) and after
    a flag that takes a value elsewhere (`verify --evidence` is a flag; `followup`'s takes a
    file)."""
    done = _python(STOPPED_AT_START, *args)
    assert (done.returncode, done.stderr) == (130, "")
    envelope = json.loads(done.stdout)
    assert (envelope["command"], envelope["exit_code"]) == (command, 130)


INTERRUPTED_ZH = "minecheck: error: 已中断；未写入任何文件\n"


@pytest.mark.parametrize(
    ("args", "env", "said"),
    [
        (["--lang", "zh", "keys", "list"], {}, INTERRUPTED_ZH),
        (["keys", "list", "--lang=zh"], {}, INTERRUPTED_ZH),
        (["export", "a.toml", "--lang", "zh"], {}, INTERRUPTED_ZH),
        (["keys", "list"], {"MINECHECK_LANG": "zh"}, INTERRUPTED_ZH),
        (["keys", "list", "--lang", "en"], {"MINECHECK_LANG": "zh"}, INTERRUPTED),
        (["show", "--", "--lang", "zh"], {}, INTERRUPTED),
        (["export", "-o", "--lang", "zh"], {}, INTERRUPTED),
    ],
)
def test_an_interrupted_start_speaks_the_language_of_its_line(
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    env: dict[str, str],
    said: str,
) -> None:
    """Ctrl-C while `minecheck --lang zh keys list` starts said "interrupted; nothing was
    written" in English whatever `--lang` or MINECHECK_LANG chose: the words were read for the
    command and `--json`, and `--lang`'s value skipped. It is read as the parser reads it (not
    after `--`, not as `-o`'s value)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    done = _python(STOPPED_AT_START, *args)
    assert (done.returncode, done.stdout, done.stderr) == (130, "", said)


def test_an_interrupted_start_s_envelope_speaks_the_language_of_its_line(
    isolated_home: Path,
) -> None:
    """The envelope's message too: `message` is said in the run's language, `code` stays."""
    done = _python(STOPPED_AT_START, "keys", "list", "--json", "--lang", "zh")
    assert (done.returncode, done.stderr) == (130, "")
    [problem] = json.loads(done.stdout)["problems"]
    assert (problem["code"], problem["message"]) == ("interrupted", "已中断；未写入任何文件")


# --- 2. a draft id that would show as nothing -------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "said"),
    [
        (" ", "no draft ' '"),
        ("\u3000", "no draft '\u3000'"),
        (" abc", "no draft ' abc'"),
        ("abc ", "no draft 'abc '"),
        ("abc", "no draft abc"),
    ],
)
def test_a_draft_id_with_blanks_at_its_ends_is_quoted(
    cli: Cli, isolated_home: Path, ref: str, said: str
) -> None:
    """`drafts discard ' '` said `no draft ` and nothing after it: the id said bare showed as
    nothing, as the empty one did before it was quoted; a blank at either end was lost too."""
    (isolated_home / "drafts").mkdir(parents=True)
    run = cli(["drafts", "discard", ref, "--yes"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [f"minecheck: error: {said}", "  hint: minecheck drafts list"]


def test_a_draft_file_whose_name_ends_in_a_blank_is_named_quoted(
    cli: Cli, isolated_home: Path
) -> None:
    """A draft file named `abc .toml` (copied in by hand) was discarded as "discarded draft abc ":
    the blank that tells it from `abc` was lost."""
    directory = isolated_home / "drafts"
    directory.mkdir(parents=True)
    (directory / "abc .toml").write_text("not = [a draft\n", "utf-8")
    run = cli(["drafts", "discard", "abc ", "--yes"])
    assert (run.exit_code, run.stderr) == (0, "discarded draft 'abc '\n")
    assert list(directory.iterdir()) == []


# --- 3. a value that is no text, as the file writes it ----------------------------------------


def test_a_reading_that_is_no_number_is_named_as_the_toml_file_writes_it(
    cli: Cli, work: Path
) -> None:
    """`reading = 2026-01-01` was said "not datetime.date(2026, 1, 1)", `true` "not True", an
    inline table "not {'a': 1}": Python's words for what the file says its own way."""
    text = answers(
        f'"{GAS}" = {{ reading = 2026-01-01 }}',
        f'"{METHANE}" = {{ reading = 07:30:00 }}',
        '"outburst-org" = { reading = true }',
    )
    run = inspect(cli, work / "f.toml", text, "--allow-incomplete")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "<stdin>:2:25: reading must be a number, not 2026-01-01\n"
        "<stdin>:3:22: reading must be a number, not 07:30:00\n"
        "<stdin>:4:20: reading must be a number, not true\n" + NOT_USED
    )


def test_a_reading_that_is_no_number_is_named_as_the_json_file_writes_it(
    cli: Cli, work: Path
) -> None:
    """JSON's `null`, a list and an object were said as Python writes them: `None`,
    `[1, 'a']`, `{'a': None}`."""
    given = {
        "answers": {
            GAS: {"reading": None},
            METHANE: {"reading": [1, "a\u001b"]},
            "outburst-org": {"reading": {"a": None, "b": False}},
        }
    }
    (work / "a.json").write_text(json.dumps(given), "utf-8")
    args = ["inspect", str(CHECKLIST), "--site", "A", "--answers", "a.json", "-o", "f.toml"]
    run = cli([*args, "--allow-incomplete"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"a.json: answers.{GAS}.reading: reading must be a number, not null\n"
        f'a.json: answers.{METHANE}.reading: reading must be a number, not [1, "a\\u001b"]\n'
        "a.json: answers.outburst-org.reading: reading must be a number, not "
        '{"a": null, "b": false}\n' + NOT_USED
    )


# --- 4. an answer's problem after its item, in the language's colon ---------------------------


@pytest.mark.parametrize(
    ("lang", "line", "refused"),
    [
        (
            "en",
            f"<stdin>:2:1: {GAS}: item '{GAS}' takes no reading",
            NOT_USED.rstrip("\n"),
        ),
        (
            "zh",
            f"<stdin>:2:1: {GAS}：条目“{GAS}”不取读数",
            "minecheck: error: 答案无法使用；未写入任何文件",
        ),
    ],
)
def test_an_answer_s_problem_is_said_after_its_item_in_the_language_s_colon(
    cli: Cli, work: Path, lang: str, line: str, refused: str
) -> None:
    """In Chinese `gas-check-genuine: 条目 … 不取读数` joined the item to its problem with the
    English colon, where a follow-up's events say theirs after `：` (`第 1 个事件：…`); the
    place before it (`<stdin>:2:1: `) keeps the colon scripts split on."""
    text = answers(f'"{GAS}" = {{ result = "compliant", reading = 1.0 }}')
    run = inspect(cli, work / "f.toml", text, "--allow-incomplete", "--lang", lang)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [line, refused]


# --- 5. a file named as a directory (`k1/.`, `c.toml/`) ---------------------------------------


@pytest.mark.parametrize("spelling", ["k1/.", "k1/"])
def test_keys_import_refuses_a_key_file_typed_as_a_directory(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_home: Path, spelling: str
) -> None:
    """`keys import k1/.` recorded the key in the file `k1` and said "recorded k1/.", a name
    that opens nothing (`cat k1/.`: Not a directory), as `trust add --key k1.pub/.`, `show`,
    `verify` and `checklists lint` say of theirs."""
    monkeypatch.chdir(tmp_path)
    ssh_keygen(tmp_path / "k1", ALICE)
    run = _minecheck(tmp_path, "keys", "import", spelling, "--principal", ALICE)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        f"minecheck: error: Invalid value for 'KEY': {spelling}: cannot read: Not a directory",
        "  hint: minecheck keys import --help",
    ]
    assert cli(["keys", "list", "--json"]).json()["data"]["keys"] == []


def _minecheck(cwd: Path, *args: str, input: str = "") -> subprocess.CompletedProcess[str]:
    """`minecheck ARGS` run as a process in CWD: the words as typed reach it as a shell's do."""
    return subprocess.run(
        [sys.executable, "-m", "minecheck", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("spelling", ["c.toml/.", "c.toml/"])
def test_a_checklist_file_typed_as_a_directory_is_refused(
    tmp_path: Path, isolated_home: Path, spelling: str
) -> None:
    """`inspect c.toml/.` read the checklist in `c.toml`, where `checklists lint c.toml/.`
    says "c.toml/.: cannot read: Not a directory"."""
    (tmp_path / "c.toml").write_bytes(CHECKLIST.read_bytes())
    refused = f"minecheck: error: {spelling}: cannot read: Not a directory"
    lint = _minecheck(tmp_path, "checklists", "lint", spelling)
    assert (lint.returncode, lint.stderr.splitlines()[0]) == (2, refused)
    args = ("inspect", spelling, "--site", "A", "--answers", "-", "--allow-incomplete")
    run = _minecheck(tmp_path, *args, input=answers())
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == refused
