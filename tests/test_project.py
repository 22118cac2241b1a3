"""Promises about the project itself: start-up cost, the README's commands, the console script."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from minecheck import __version__
from minecheck.cli import COMMANDS as COMMAND_FUNCTIONS
from minecheck.cli import GROUPS, app, app_for, build
from tests.conftest import REPO
from tests.helpers_merge import findings, person

HEAVY = {"cryptography", "bcrypt", "tomli", "toml_rs", "tomli_w", "platformdirs"}


def imported_names(*args: str) -> set[str]:
    """Every module `minecheck ARGS` imports, by its full name."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "minecheck", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def imported_modules(*args: str) -> set[str]:
    """The top-level packages `minecheck ARGS` imports."""
    return {name.split(".")[0] for name in imported_names(*args)}


def test_version_imports_nothing_heavy() -> None:
    modules = imported_modules("--version")
    assert not modules & (HEAVY | {"typer", "rich"})


def test_version_imports_no_module_of_minecheck_but_the_package() -> None:
    """`--version` is what a script or an installer runs to see minecheck is there: it answered
    in half the time of importing Typer while it imported the errors module (dataclasses,
    inspect, ast) for the standard output's wrapper."""
    names = imported_names("--version")
    assert {n for n in names if n.startswith("minecheck")} == {"minecheck"}
    assert "dataclasses" not in names


FILE_CALLS = "minecheck.portable_files"  # files opened, made, held: apart from the terminal's


def test_the_file_calls_load_no_other_module_of_minecheck() -> None:
    """The file calls that differ between systems sit under paths, fileio and the key files:
    loading them loads nothing of minecheck but the package, nor the terminal's calls, nor
    a system's own module before a file is held."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {FILE_CALLS}"],
        capture_output=True,
        text=True,
        check=True,
    )
    names = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert {n for n in names if n.startswith("minecheck")} == {"minecheck", FILE_CALLS}
    assert not names & {"fcntl", "termios", "tty", "signal", "typing"}


@pytest.mark.parametrize("args", [["--version"], ["--help"]], ids=" ".join)
def test_no_file_written_or_read_loads_the_file_calls(args: list[str]) -> None:
    assert FILE_CALLS not in imported_names(*args)


def test_help_does_not_import_crypto_or_toml() -> None:
    modules = imported_modules("--help")
    assert "typer" in modules
    assert not modules & HEAVY


HELP_LAYOUT = "minecheck.cli._help_layout"  # help's frames, names and breaks: for help alone


@pytest.mark.parametrize(
    "args",
    [["--help"], ["summary", "--help"], ["keys", "-h"], ["trust", "add", "--help"]],
    ids=" ".join,
)
def test_help_is_laid_out_by_its_own_module(args: list[str]) -> None:
    assert HELP_LAYOUT in imported_names(*args)


def test_the_version_never_loads_help_s_layout() -> None:
    assert HELP_LAYOUT not in imported_names("--version")


@pytest.mark.parametrize(
    "command", [["checklists", "list"], ["show"], ["summary", "--format", "table"]], ids=" ".join
)
def test_a_table_drawn_by_rich_never_loads_help_s_layout(
    command: list[str], signed_docs: list[str]
) -> None:
    """Help's layout (Rich's panel, the folding table) costs a run that draws no help nothing,
    though it draws its tables with Rich."""
    docs, *trusted = signed_docs
    given = {"checklists": [], "show": [f"{docs}/a.toml", *trusted], "summary": signed_docs}
    names = imported_names(*command, *given[command[0]])
    assert "rich.table" in names
    assert HELP_LAYOUT not in names


# The batch engine's modules: loaded when a batch runs, never for help.
BATCH = {"sqlite3", "multiprocessing"}
COMMANDS = [
    ["verify"],
    ["summary"],
    ["export"],
    ["merge"],
    ["extract"],
    ["followup"],
    ["show"],
    ["checklists", "template"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_command_help_imports_no_crypto_toml_or_batch_engine(command: list[str]) -> None:
    modules = imported_modules(*command, "--help")
    assert "typer" in modules
    assert not modules & (HEAVY | BATCH)


def test_the_completion_script_imports_no_crypto_toml_or_batch_engine() -> None:
    modules = imported_modules("--show-completion", "bash")
    assert "typer" in modules
    assert not modules & (HEAVY | BATCH)


# What a run for a script never needs: the terminal renderer, the HTML template, Parquet, prompts.
RENDERERS = {"rich", "jinja2", "pyarrow", "prompt_toolkit"}


@pytest.fixture
def signed_docs(tmp_path: Path, cli: Any) -> list[str]:
    """A directory with a trusted findings file, and the option that trusts it."""
    alice = person(tmp_path, "alice")
    allowed = tmp_path / "allowed_signers"
    key = f"{alice.key}.pub"
    trust = ["trust", "add", "--principal", alice.principal, "--key", key]
    run = cli([*trust, "--allowed-signers", str(allowed)])
    assert run.exit_code == 0, run.stderr
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.toml").write_bytes(findings(alice, ["compliant", "noncompliant", "compliant"]))
    return [str(docs), "--allowed-signers", str(allowed)]


@pytest.mark.parametrize(
    "command",
    [
        ["summary", "--format", "json"],
        ["summary", "--format", "csv"],
        ["export"],
        ["verify", "--json"],
    ],
    ids=" ".join,
)
def test_a_batch_run_for_a_script_imports_no_renderer(
    command: list[str], signed_docs: list[str]
) -> None:
    first = imported_modules(*command, *signed_docs)
    again = imported_modules(*command, *signed_docs)  # summary and export: from the cache
    assert (first | again) & RENDERERS == set()


# What a summary answered by its memo never needs: it reads no document (its cost is start-up).
READERS = {
    "minecheck.core.seal",
    "minecheck.core.documents",
    "minecheck.core.loop",
    "minecheck.report.corpus",
    "cryptography",
    "tomllib",
    "tomli",
}


def test_a_summary_answered_by_its_memo_imports_no_document_reader(
    signed_docs: list[str],
) -> None:
    command = ["summary", "--format", "json", *signed_docs]
    first = imported_names(*command)
    again = imported_names(*command)
    assert first & READERS  # (the first run reads the documents)
    assert again & READERS == set()


# -- a run that names its command builds that command alone -------------------------------------

MODULES = {m for m, _ in COMMAND_FUNCTIONS.values()} | set(GROUPS)  # where commands live
LOADED = """
import sys
from minecheck.__main__ import main
try:
    main()
finally:
    sys.stderr.write("\\nloaded: " + " ".join(sys.modules) + "\\n")
"""


def loaded_modules(*args: str) -> set[str]:
    """Every module loaded by `minecheck ARGS`, read from sys.modules at exit: -X importtime
    does not list a module imported through importlib, as the command modules are."""
    result = subprocess.run(
        [sys.executable, "-c", LOADED, *args], capture_output=True, text=True, check=False
    )
    return set(result.stderr.rsplit("\nloaded: ", 1)[1].split())


def loaded_command_modules(*args: str) -> set[str]:
    """The modules of commands and groups loaded by `minecheck ARGS`, as `summary`, `trust`, ..."""
    loaded = loaded_modules(*args)
    return {name.split(".")[-1] for name in loaded if name.startswith("minecheck.cli.")} & MODULES


@pytest.mark.parametrize(
    ("args", "modules"),
    [
        (["summary", "--help"], {"summary"}),  # (its inputs read as export's: cli._batch_inputs)
        (["show", "--help"], {"show"}),
        (["export", "--help"], {"export"}),
        (["verify", "--help"], {"verify"}),
        (["extract", "--help"], {"merge"}),
        (["trust", "add", "--help"], {"trust"}),
        (["checklists"], {"checklists"}),
    ],
    ids=lambda v: " ".join(v if isinstance(v, list) else sorted(v)),
)
def test_a_command_named_first_loads_its_own_module(args: list[str], modules: set[str]) -> None:
    assert loaded_command_modules(*args) == modules


@pytest.mark.parametrize("command", ["summary", "show", "export"])
def test_a_batch_command_reads_its_inputs_by_their_own_module(command: str) -> None:
    loaded = loaded_modules(command, "--help")
    assert "minecheck.cli._batch_inputs" in loaded
    assert ("minecheck.cli.export" in loaded) == (command == "export")


REWORDING = "minecheck.report.reasons_zh"  # reasons and problems said in Chinese


@pytest.mark.parametrize(("lang", "reworded"), [("en", False), ("zh", True)], ids=["en", "zh"])
def test_the_chinese_reasons_load_only_for_a_text_said_in_chinese(
    lang: str, reworded: bool, tmp_path: Path
) -> None:
    """A report's words (`checklists list` uses them) cost no run the rewording of reasons into
    Chinese; `verify` of a malformed file in Chinese loads it, in English not."""
    listed = loaded_modules("checklists", "list", "--lang", lang)
    assert "minecheck.report.labels" in listed
    assert REWORDING not in listed
    (tmp_path / "a.toml").write_bytes(b"x = \n")
    verified = loaded_modules("verify", "--lang", lang, str(tmp_path / "a.toml"))
    assert "minecheck.report.labels" in verified
    assert (REWORDING in verified) == reworded


@pytest.mark.parametrize(
    "args",
    [["sumary", "x"], ["--version", "summary"], ["--json", "summary"]],
    ids=" ".join,
)
def test_no_command_first_loads_every_command(args: list[str]) -> None:
    assert loaded_command_modules(*args) == MODULES


# -- the top-level help: every command listed, none built ---------------------------------------

TOP_HELP = [[], ["--help"], ["-h"]]
# `minecheck ARGS` as the entry point runs it, with the whole app where `index` would serve
WHOLE_APP = """
import sys
import minecheck.cli
minecheck.cli.index = minecheck.cli.build
from minecheck.__main__ import main
sys.argv[0] = "minecheck"
main()
"""


@pytest.mark.parametrize("args", TOP_HELP, ids=lambda args: " ".join(args) or "(none)")
def test_the_top_level_help_loads_no_command(args: list[str]) -> None:
    assert loaded_command_modules(*args) == set()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("columns", ["80", "40"])
@pytest.mark.parametrize("args", TOP_HELP, ids=lambda args: " ".join(args) or "(none)")
def test_the_top_level_help_is_the_whole_apps(lang: str, columns: str, args: list[str]) -> None:
    """Listed from `HELP` alone, the top-level help is what the whole app draws, byte for byte
    (with no command: on stderr, and exit 2), in both languages and at any width."""
    env = {**os.environ, "MINECHECK_LANG": lang, "COLUMNS": columns}
    listed = subprocess.run(
        [sys.executable, "-m", "minecheck", *args], capture_output=True, env=env, check=False
    )
    whole = subprocess.run(
        [sys.executable, "-c", WHOLE_APP, *args], capture_output=True, env=env, check=False
    )
    assert listed.stdout + listed.stderr  # (the help, on one of them)
    said = (listed.returncode, listed.stdout, listed.stderr)
    assert said == (whole.returncode, whole.stdout, whole.stderr)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_top_level_help_is_the_whole_apps_in_a_terminal(lang: str) -> None:
    """Framed and coloured at a terminal, too."""
    pexpect = pytest.importorskip("pexpect")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    env.update({"MINECHECK_LANG": lang, "TERM": "xterm-256color"})
    drawn = []
    for argv in (["-m", "minecheck", "--help"], ["-c", WHOLE_APP, "--help"]):
        child = pexpect.spawn(sys.executable, argv, env=env, dimensions=(200, 80))
        child.expect(pexpect.EOF)
        drawn.append(child.before)
    assert b"\x1b[" in drawn[0]
    assert "│".encode() in drawn[0]
    assert drawn[0] == drawn[1]


def test_every_command_and_group_has_its_help() -> None:
    from minecheck.cli import HELP

    assert list(HELP) == [*COMMAND_FUNCTIONS, *GROUPS]
    group = typer.main.get_command(build())
    assert isinstance(group, typer.core.TyperGroup)
    assert {name: group.commands[name].help for name in HELP} == HELP


def registered(app: typer.Typer) -> list[str]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return list(group.commands)


def test_app_for_builds_the_command_named_first(monkeypatch: pytest.MonkeyPatch) -> None:
    assert registered(app_for(["summary", "docs", "--format", "json"])) == ["summary"]
    assert registered(app_for(["extract", "--help"])) == ["extract"]
    assert registered(app_for(["trust", "add"])) == ["trust"]
    everything = registered(build())
    assert len(everything) == len(COMMAND_FUNCTIONS) + len(GROUPS)
    for args in ([], ["--help"], ["--version"], ["-h", "summary"], ["sumary"], ["Summary"]):
        assert registered(app_for(args)) == everything
    monkeypatch.setenv("_MINECHECK_COMPLETE", "complete_bash")  # completion sees every command
    assert registered(app_for(["summary"])) == everything


def cli_output(app: typer.Typer, args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, prog_name="minecheck")
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", [*COMMAND_FUNCTIONS, *GROUPS])
def test_a_command_built_alone_answers_as_in_the_whole_app(name: str) -> None:
    alone = build([name])
    for args in ([name, "--help"], [name, "--no-such-option"], [name]):
        assert cli_output(alone, args) == cli_output(app, args)
    if name in GROUPS:
        group = typer.main.get_command(app)
        assert isinstance(group, typer.core.TyperGroup)
        for sub in group.commands[name].commands:  # type: ignore[attr-defined]
            args = [name, sub, "--help"]
            assert cli_output(alone, args) == cli_output(app, args)


@pytest.mark.parametrize(
    ("args", "message", "helped"),
    [
        (["sumary", "x"], "No such command 'sumary'. Did you mean 'summary'?", "minecheck"),
        (["trust", "ad"], "No such command 'ad'. Did you mean 'add'?", "minecheck trust"),
        (["nothing"], "No such command 'nothing'.", "minecheck"),
    ],
)
def test_an_unknown_command_is_named_with_a_suggestion(
    args: list[str], message: str, helped: str
) -> None:
    """The hint names the help of the command that has no such command (it named the unknown
    one: `minecheck sumary --help` is the same error again)."""
    script = Path(sys.executable).parent / "minecheck"
    result = subprocess.run([str(script), *args], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        f"minecheck: error: {message}\n  hint: {helped} --help\n",
    )
    as_json = subprocess.run([str(script), *args, "--json"], capture_output=True, text=True)
    assert (as_json.returncode, as_json.stderr) == (2, "")
    assert json.loads(as_json.stdout)["problems"][0]["message"] == message


def test_console_script_version() -> None:
    script = Path(sys.executable).parent / "minecheck"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"minecheck {__version__}\n",
        "",
    )


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.S)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    commands = _readme_commands()
    assert len(commands) == 2
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in ci_lines


def test_readme_main_job_names_a_bundled_checklist() -> None:
    main_job = _readme_commands()[0]
    match = re.search(r"minecheck inspect ([a-z0-9-]+)", main_job)
    assert match is not None
    assert (REPO / "checklists" / f"{match.group(1)}.toml").is_file()


@pytest.mark.parametrize(
    "verb",
    [
        "checklists",
        "inspect",
        "drafts",
        "keys",
        "trust",
        "sign",
        "verify",
        "followup",
        "merge",
        "extract",
        "show",
        "export",
    ],
)
def test_every_command_is_in_the_readme(verb: str) -> None:
    assert f"minecheck {verb}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_json_usage_error_is_an_envelope_too() -> None:
    script = Path(sys.executable).parent / "minecheck"
    result = subprocess.run(
        [str(script), "checklists", "lint", "--json", "--no-such-option", "x.toml"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr == ""
    envelope = json.loads(result.stdout)
    assert envelope == {
        "minecheck": 1,
        "command": "checklists lint",
        "ok": False,
        "exit_code": 2,
        "data": {},
        "problems": [
            {
                "code": "usage",
                "message": "No such option: --no-such-option",
                "path": None,
                "line": None,
                "column": None,
                "hint": "minecheck checklists lint --help",
            }
        ],
    }


CRASH = """
import sys
import minecheck.cli._output


def crashing(command, json, body):
    passphrase = "correct horse battery staple"
    raise RuntimeError("an unforeseen fault")


minecheck.cli._output.run = crashing
from minecheck.__main__ import main
sys.argv[0] = "minecheck"
main()
"""


def test_a_crash_shows_no_local_variable() -> None:
    """A fault no one foresaw ends with Python's own traceback: never the framework's pretty
    one, which prints every frame's local variables (a passphrase, a key) to the terminal."""
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "100"}
    run = subprocess.run(
        [sys.executable, "-c", CRASH, "verify", "x.toml"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run.returncode == 1
    assert run.stderr.startswith("Traceback (most recent call last):\n"), run.stderr
    assert run.stderr.endswith("RuntimeError: an unforeseen fault\n")
    assert "correct horse" not in run.stderr
