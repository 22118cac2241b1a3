"""The script contract of cli/_output.py, as a shell script meets it: the exit code, what is
on stdout (data, or one JSON envelope parsed by json.loads) and the exact lines on stderr, in
both languages where the text is a message (each test named after the rule it holds)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from tests.test_inspect_pty import Terminal, ended, keyed, term
from tests.test_locale_pty import UNSHOWN, UNSHOWN_HINT, EncodedTerminal, signed

__all__ = ["keyed", "term"]  # fixtures

SCRIPT = Path(sys.executable).parent / "minecheck"


def _script(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a shell script runs it (stdin not a terminal)."""
    return subprocess.run(
        [str(SCRIPT), *args],
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_data_that_ends_its_own_line_gets_no_second_newline(cli: Any) -> None:
    """`checklists template ... > answers.toml`: the template as written to stdout is the
    template the envelope holds, byte for byte, ending in one newline (a text that ends its
    own line is not given another)."""
    args = ["checklists", "template", "rectification-quality", "--tag", "enterprise"]
    plain = cli(args)
    assert plain.exit_code == 0, plain.stderr
    template = cli([*args, "--json"]).json()["data"]["template"]
    assert template.endswith("\n")
    assert plain.stdout == template
    assert not plain.stdout.endswith("\n\n")


def test_chinese_unshown_is_two_lines_and_the_error_follows_them(keyed: Terminal) -> None:
    """At a Latin-1 terminal, `--lang zh` adds the English warning and its hint, two lines,
    and nothing else: the next line is the command's own error line."""
    child = EncodedTerminal(keyed, "latin-1").spawn("verify", "--lang", "zh", "missing.toml")
    status, output = ended(child)
    assert status == 2, output
    lines = output.replace("\r\n", "\n").splitlines()
    at = lines.index(UNSHOWN.format(encoding="ISO-8859-1"))
    assert lines[at + 1] == UNSHOWN_HINT
    assert lines[at + 2].startswith("minecheck: error: missing.toml"), output


ENVELOPE_KEYS = ["minecheck", "command", "ok", "exit_code", "data", "problems"]


@pytest.mark.parametrize(
    ("args", "command", "code"),
    [
        (["checklists", "list", "--json"], "checklists list", 0),
        (["verify", "missing.toml", "--json"], "verify", 2),
        (["checklists", "template", "rectification-quality", "--json"], "checklists template", 2),
    ],
)
def test_every_envelope_has_its_six_fields_in_order(
    cli: Any, args: list[str], command: str, code: int
) -> None:
    """A script reads `minecheck`, `command`, `ok`, `exit_code`, `data` and `problems` of
    every envelope, a failed run's too, and nothing is on stderr."""
    run = cli(args)
    assert (run.exit_code, run.stderr) == (code, "")
    envelope = json.loads(run.stdout)
    assert list(envelope) == ENVELOPE_KEYS
    assert envelope["minecheck"] == 1
    assert envelope["command"] == command
    assert envelope["ok"] is (code == 0)
    assert envelope["exit_code"] == code
    assert isinstance(envelope["data"], dict)
    if code:
        assert envelope["problems"][-1]["code"] in ("input", "usage")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "minecheck: error: resuming an inspection needs a terminal, and standard input is"
            " not one\n  hint: run it in a terminal\n",
        ),
        ("zh", "minecheck: error: 继续检查需要终端，而标准输入不是终端\n  hint: 请在终端中运行\n"),
    ],
)
def test_resuming_without_a_terminal_is_refused_before_anything_is_looked_up(
    cli: Any, lang: str, said: str
) -> None:
    """`drafts resume` from a script (stdin not a terminal) is a usage error saying so, before
    the draft named is even looked for."""
    run = cli(["drafts", "resume", "0d1e2f3a", "--lang", lang])
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)


@pytest.mark.parametrize(
    ("lang", "args", "said"),
    [
        ("en", ["nosuch"], "No such command 'nosuch'.\n  hint: minecheck --help"),
        ("zh", ["nosuch"], "没有命令 'nosuch'。\n  hint: minecheck --help"),
        (
            "en",
            ["verif"],
            "No such command 'verif'. Did you mean 'verify'?\n  hint: minecheck --help",
        ),
        ("zh", ["verif"], "没有命令 'verif'。是不是要用 'verify'？\n  hint: minecheck --help"),
        (
            "en",
            ["summary", "a", "--since", "x"],
            "No such option: --since (Possible options: --json)\n  hint: minecheck summary --help",
        ),
        (
            "zh",
            ["summary", "a", "--since", "x"],
            "没有选项 --since（可能是：--json）\n  hint: minecheck summary --help",
        ),
        ("en", ["verify", "--nosuch"], "No such option: --nosuch\n  hint: minecheck verify --help"),
        ("zh", ["verify", "--nosuch"], "没有选项 --nosuch\n  hint: minecheck verify --help"),
        (
            "en",
            ["verify"],
            "Missing argument 'PATH'.\n  hint: minecheck verify --help",
        ),
        (
            "zh",
            ["verify"],
            "缺少参数 'PATH'。\n  hint: minecheck verify --help",
        ),
        (
            "en",
            ["export", "--format"],
            "Option '--format' requires an argument.\n  hint: minecheck export --help",
        ),
        (
            "zh",
            ["export", "--format"],
            "选项 '--format' 需要一个值。\n  hint: minecheck export --help",
        ),
        (
            "en",
            ["verify", "--json=1", "x"],
            "Option '--json' does not take a value.\n  hint: minecheck verify --help",
        ),
        (
            "zh",
            ["verify", "--json=1", "x"],
            "选项 '--json' 不带值。\n  hint: minecheck verify --help",
        ),
        (
            "en",
            ["checklists", "list", "extra"],
            "Got unexpected extra argument(s) (extra)\n  hint: minecheck checklists list --help",
        ),
        (
            "zh",
            ["checklists", "list", "extra"],
            "多余的参数（extra）\n  hint: minecheck checklists list --help",
        ),
        (
            "en",
            ["verify", ""],
            "Invalid value for 'PATH': an empty path was given\n  hint: minecheck verify --help",
        ),
        (
            "zh",
            ["verify", ""],
            "'PATH' 的值无效：给出的路径为空\n  hint: minecheck verify --help",
        ),
    ],
)
def test_a_usage_error_is_said_in_the_language_chosen_as_the_framework_words_it_in_english(
    lang: str, args: list[str], said: str
) -> None:
    """A mistyped command or option (MINECHECK_LANG, as no --lang is read yet): exit 2, the
    framework's own English words where English is chosen, the catalogue's in Chinese."""
    run = _script(args, MINECHECK_LANG=lang)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"minecheck: error: {said}\n"


def test_a_path_written_is_made_visible_at_a_terminal_and_exact_down_a_pipe(
    keyed: Terminal,
) -> None:
    """The path `export -o` names on stdout: at a terminal, an escape in the file's name is
    shown as `\\u001b` (it recoloured the terminal); down a pipe, its own bytes, so
    `out=$(minecheck export ...)` names the file."""
    signed(keyed)
    name = "a\x1b[31mb.csv"
    child = keyed.spawn("export", "f.toml", "--format", "csv", "-o", name)
    status, output = ended(child)
    assert status == 0, output
    assert "\x1b" not in output
    assert "a\\u001b[31mb.csv" in output.splitlines()[-1]
    (keyed.cwd / name).unlink()
    piped = keyed.run("export", "f.toml", "--format", "csv", "-o", name)
    assert (piped.returncode, piped.stdout) == (0, name + "\n")
    assert (keyed.cwd / name).is_file()
    (keyed.cwd / name).unlink()
    enveloped = keyed.run("export", "f.toml", "--format", "csv", "-o", name, "--json")
    assert (enveloped.returncode, enveloped.stderr) == (0, "")
    assert json.loads(enveloped.stdout)["data"]["path"] == name  # (the path only in it)
    assert (keyed.cwd / name).is_file()


MINI = Path(__file__).parent / "data" / "checklists" / "valid" / "mini-check.toml"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            [
                "{a}: missing required key 'answers' in the answers file",
                "{a}: 2 items not answered: gas-check-genuine, methane-return",
                "  hint: answer them, or pass --allow-incomplete to record them as not-checked",
                "minecheck: error: the answers cannot be used; nothing was written",
            ],
        ),
        (
            "zh",
            [
                "{a}: 答案文件缺少必需的键 'answers'",
                "{a}: 有 2 个条目未回答：gas-check-genuine、methane-return",
                "  hint: 请回答这些条目，或加上 --allow-incomplete 将其记为未检查",
                "minecheck: error: 答案无法使用；未写入任何文件",
            ],
        ),
    ],
)
def test_each_problem_is_a_line_with_its_hint_under_it_and_json_has_them_all(
    cli: Any, tmp_path: Path, lang: str, said: list[str]
) -> None:
    """The problems of an error (an answers file of nothing): each on its own line, a hint
    under the problem that has one, then the error. With --json: stderr empty, every problem
    and its hint in the envelope, and nothing written either way."""
    answers = tmp_path / "a.toml"
    answers.write_bytes(b"")
    args = ["inspect", str(MINI), "--site", "Mine A", "--inspector", "Wang Wei"]
    args += ["--answers", str(answers), "-o", str(tmp_path / "f.toml"), "--lang", lang]
    run = cli(args)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [line.format(a=answers) for line in said]
    run = cli([*args, "--json"])
    assert (run.exit_code, run.stderr) == (2, "")
    problems = json.loads(run.stdout)["problems"]
    assert [(p["code"], p["path"]) for p in problems] == [
        ("missing-key", str(answers)),
        ("missing-items", str(answers)),
        ("input", None),
    ]
    assert [p["hint"] for p in problems] == [None, said[2].removeprefix("  hint: "), None]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ({}, "minecheck: error: missing.toml: no such file\n"),
        (
            {"LC_ALL": "", "LANG": "zh_CN.UTF-8"},
            "minecheck: error: missing.toml：文件不存在\n",
        ),
        ({"MINECHECK_LANG": "zh_CN.UTF-8"}, "minecheck: error: missing.toml：文件不存在\n"),
        (
            {"MINECHECK_LANG": "fr"},
            "minecheck: error: MINECHECK_LANG='fr' is not a language minecheck speaks\n"
            "  hint: set MINECHECK_LANG to en or zh, or unset it\n",
        ),
    ],
)
def test_the_language_of_a_bare_environment_is_english_and_locale_forms_are_read(
    isolated_home: Path, given: dict[str, str], said: str
) -> None:
    """A cron job's environment names no language (no LANG, LC_*, MINECHECK_LANG): the
    messages are in English, the exit code the command's. A locale's form names one; a
    language minecheck does not speak is a usage error saying so."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("LC_", "LANG", "MINECHECK_"))
    }
    env.update(MINECHECK_HOME=str(isolated_home), **given)
    run = subprocess.run(
        [str(SCRIPT), "verify", "missing.toml"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )
    assert (run.returncode, run.stdout) == (2, b"")
    assert run.stderr.decode("utf-8") == said


def _checklists_listed(
    home: Path, kind: str, dimensions: tuple[int, int], **env_vars: str
) -> list[str]:
    """`checklists list` at a terminal of `kind` and `dimensions` (no COLUMNS or LINES unless
    given), exit 0: its lines as shown, without colours."""
    import re

    import pexpect

    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(TERM=kind, MINECHECK_HOME=str(home), **env_vars)
    child = pexpect.spawn(
        str(SCRIPT),
        ["checklists", "list"],
        env=env,
        dimensions=dimensions,
        timeout=30,  # a hang guard, not a timing assertion
        encoding="utf-8",
    )
    shown: str = child.read()
    child.close()
    assert child.exitstatus == 0, shown
    return re.sub(r"\x1b\[[0-9;]*m", "", shown).replace("\r", "").splitlines()


@pytest.mark.parametrize("kind", ["xterm", "dumb", "unknown"])
def test_a_table_at_a_terminal_is_laid_out_at_the_terminals_width(
    isolated_home: Path, kind: str
) -> None:
    """At a terminal (no COLUMNS set, as in a login shell), `checklists list` is laid out at
    the terminal's own width: a pipe's long lines (200 columns) were for pipes only, and a
    dumb terminal (TERM=dumb or unknown) is not taken to be 80 columns."""
    lines = _checklists_listed(isolated_home, kind, (24, 60))
    assert "VERSION" in lines[1], lines
    assert max(map(cell_len, lines)) <= 60, lines


def test_an_error_said_to_a_reader_of_stderr_gone_ends_with_141(isolated_home: Path) -> None:
    """`minecheck verify missing.toml 2>&1 | true`: the reader of the error is gone, and the
    run ends as Unix tools do there (141, SIGPIPE's), not as if the error had been read."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        run = subprocess.run(
            [str(SCRIPT), "verify", "missing.toml"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=write_end,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (run.returncode, run.stdout) == (141, b"")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            [
                "minecheck: warning: {a}:1:5: cert-authority line skipped: certificates are"
                " not supported",
                "minecheck: error: missing.toml: no such file",
            ],
        ),
        (
            "zh",
            [
                "minecheck: warning: {a}:1:5: 已跳过 cert-authority 行：不支持证书",
                "minecheck: error: missing.toml：文件不存在",
            ],
        ),
    ],
)
def test_a_warning_at_a_place_is_one_line_and_in_json_only_in_the_envelope(
    cli: Any, tmp_path: Path, lang: str, said: list[str]
) -> None:
    """A warning about a line of a file (a cert-authority line in allowed_signers):
    `minecheck: warning: path:line:col: message` once, before the error; with --json, stderr
    is empty and the warning is a problem with its place."""
    line = (Path(__file__).parent / "data" / "upgrade" / "allowed_signers").read_text()
    key = " ".join(line.split()[2:4])
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"a@x cert-authority {key}\n")
    args = ["verify", "missing.toml", "--allowed-signers", str(allowed), "--lang", lang]
    run = cli(args)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [text.format(a=allowed) for text in said]
    run = cli([*args, "--json"])
    assert (run.exit_code, run.stderr) == (2, "")
    [warning, error] = json.loads(run.stdout)["problems"]
    assert (warning["code"], warning["path"], warning["line"], warning["column"]) == (
        "cert-authority-skipped",
        str(allowed),
        1,
        5,
    )
    assert said[0].endswith(warning["message"])
    assert error["code"] == "input"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "minecheck: error: unknown language 'fr'\n  hint: use --lang en or --lang zh\n"),
        ("zh", "minecheck: error: 未知的语言 'fr'\n  hint: 请使用 --lang en 或 --lang zh\n"),
    ],
)
def test_a_lang_minecheck_does_not_speak_is_a_usage_error_in_the_language_before_it(
    cli: Any, monkeypatch: pytest.MonkeyPatch, lang: str, said: str
) -> None:
    """`--lang fr`: exit 2, said in the language MINECHECK_LANG chose, nothing on stdout."""
    monkeypatch.setenv("MINECHECK_LANG", lang)
    run = cli(["verify", "--lang", "fr", "missing.toml"])
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)


@pytest.mark.parametrize("given", ["", " "], ids=["empty", "a blank"])
def test_an_empty_lang_is_said_as_any_language_minecheck_does_not_speak(
    cli: Any, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    """`--lang "$LANG_OF_THE_REPORT"` with the variable unset chose the locale's language
    without a word, where an empty `--format` is an error: said alike, exit 2."""
    monkeypatch.setenv("MINECHECK_LANG", "zh")
    run = cli(["verify", "--lang", given, "missing.toml"])
    said = f"minecheck: error: 未知的语言 {given!r}\n  hint: 请使用 --lang en 或 --lang zh\n"
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)


# -- round 26 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", ["minecheck: error: Missing command.", "  hint: minecheck checklists --help"]),
        ("zh", ["minecheck: error: 缺少命令。", "  hint: minecheck checklists --help"]),
    ],
)
def test_a_group_without_its_command_is_a_usage_error_in_the_language_chosen(
    lang: str, said: list[str]
) -> None:
    """`minecheck checklists` with no command: exit 2, the group's help and then the error
    line and its hint, all on stderr, in the language MINECHECK_LANG chose."""
    run = _script(["checklists"], MINECHECK_LANG=lang)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-2:] == said


@pytest.mark.parametrize(
    ("given", "lang"),
    [
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "en"),
        ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
    ],
)
def test_the_locale_variables_choose_the_language_in_the_order_posix_reads_them(
    isolated_home: Path, given: dict[str, str], lang: str
) -> None:
    """No MINECHECK_LANG: LC_ALL, then LC_MESSAGES, then LANG name the language of the
    messages (the first one set decides)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("LC_", "LANG", "MINECHECK_"))
    }
    env.update(MINECHECK_HOME=str(isolated_home), **given)
    run = subprocess.run(
        [str(SCRIPT), "verify", "missing.toml"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )
    assert (run.returncode, run.stdout) == (2, b"")
    said = {
        "en": "minecheck: error: missing.toml: no such file\n",
        "zh": "minecheck: error: missing.toml：文件不存在\n",
    }
    assert run.stderr.decode("utf-8") == said[lang]


@pytest.mark.parametrize("kind", ["dumb", "unknown"])
def test_columns_set_at_a_dumb_terminal_is_the_width_a_table_is_laid_out_at(
    isolated_home: Path, kind: str
) -> None:
    """At a dumb terminal of 80 columns with COLUMNS=50 (a user who knows the screen reader's
    line is shorter than the terminal says), `checklists list` exits 0 and no line is wider
    than 50 columns."""
    lines = _checklists_listed(isolated_home, kind, (24, 80), COLUMNS="50", LINES="30")
    assert "VERSION" in lines[1], lines
    assert max(map(cell_len, lines)) <= 50, lines
    assert max(map(cell_len, lines)) > 40, lines


@pytest.mark.parametrize(
    ("args", "lines"),
    [
        (
            ["verify", "--lang", "en", "missing.toml"],
            ["minecheck: error: missing.toml: no such file"],
        ),
        (
            ["verify", "--lang", "zh", "missing.toml"],
            [
                UNSHOWN.format(encoding="ISO-8859-1"),
                UNSHOWN_HINT,
                "minecheck: error: missing.toml:?????",
            ],
        ),
    ],
)
def test_chinese_unshown_is_said_only_for_chinese(
    keyed: Terminal, args: list[str], lines: list[str]
) -> None:
    """At a Latin-1 terminal the warning that Chinese cannot be shown is for a run in Chinese
    only: in English the error is the one line; in Chinese the two lines of the warning, then
    the error."""
    child = EncodedTerminal(keyed, "latin-1").spawn(*args)
    status, output = ended(child)
    assert status == 2, output
    assert output.replace("\r\n", "\n").splitlines() == lines


def test_chinese_unshown_is_not_said_with_json(keyed: Terminal) -> None:
    """With --json at a Latin-1 terminal, the terminal gets the envelope alone (every
    character exact, as JSON escapes), not the warning meant for messages."""
    child = EncodedTerminal(keyed, "latin-1").spawn("verify", "--lang", "zh", "--json", "x.toml")
    status, output = ended(child)
    assert status == 2, output
    envelope = json.loads(output)
    assert envelope["exit_code"] == 2
    assert envelope["problems"][-1]["message"] == "x.toml：文件不存在"
