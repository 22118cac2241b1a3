"""The report-side commands speak the user's language: every message they write goes through the
catalogue (`minecheck.i18n.t`), and in Chinese it reads as Chinese after the stable English
`minecheck: error:` / `minecheck: warning:` / `hint:` prefixes."""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

SRC = REPO / "src" / "minecheck"
MODULES = [
    SRC / "cli" / "summary.py",
    SRC / "cli" / "export.py",
    SRC / "cli" / "merge.py",  # merge and extract
    SRC / "cli" / "followup.py",
    SRC / "cli" / "show.py",
    SRC / "cli" / "_summary_table.py",
    SRC / "report" / "summary.py",
]
# The reader of `followup --events` files is being reworked; its messages join the catalogue
# with that work. Everything else in these modules is checked.
NOT_YET = {("followup.py", "_read_events"), ("followup.py", "_json")}
ERRORS = {"UsageError", "InputError", "MinecheckError", "Interrupted"}
WORDS = re.compile(r"[A-Za-z]{2,}")


def _literals(node: ast.AST) -> list[ast.Constant]:
    """String constants in `node` that do not pass through `t(...)`."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("t", "tr")
    ):
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.Call):  # a helper's arguments are not the message
        return [] if not isinstance(node.func, ast.Attribute) else _literals(node.func.value)
    found: list[ast.Constant] = []
    for child in ast.iter_child_nodes(node):
        found.extend(_literals(child))
    return found


def _messages(call: ast.Call) -> Sequence[ast.AST]:
    """The parts of a call that a person reads, if the call is a message sink."""
    func = call.func
    hints = [k.value for k in call.keywords if k.arg == "hint"]
    if isinstance(func, ast.Name) and func.id in ERRORS:
        return [*call.args[:1], *hints]
    if isinstance(func, ast.Name) and func.id == "Problem":
        return [*call.args[1:2], *hints]
    if isinstance(func, ast.Attribute) and func.attr in ("info", "warn"):
        return call.args[:1]
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "append"
        and isinstance(func.value, ast.Name)
        and func.value.id == "errors"
    ):
        return call.args[:1]
    return []


def _untranslated(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    out: list[str] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name if function == "" else function
        if (path.name, function) in NOT_YET:
            return
        parts: Sequence[ast.AST] = []
        if isinstance(node, ast.Call):
            parts = _messages(node)
        elif isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Attribute) and target.attr == "error" for target in node.targets
        ):
            parts = [node.value]
        for part in parts:
            for literal in _literals(part):
                text = str(literal.value)
                if WORDS.search(text) and not text.startswith("minecheck "):  # a command
                    out.append(f"{path.name}:{literal.lineno}: {text!r}")
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "")
    return out


def test_every_message_of_the_report_commands_goes_through_the_catalogue() -> None:
    assert [m for path in MODULES for m in _untranslated(path)] == []


def test_the_check_finds_a_message_left_in_english(tmp_path: Path) -> None:
    module = tmp_path / "summary.py"
    module.write_text(
        "def body(rep, t):\n"
        '    rep.info(t("fine {x}", x=1))\n'
        '    rep.warn(f"{path}: left out")\n'
        '    raise UsageError(t("fine"), hint="use --format md")\n'
    )
    assert _untranslated(module) == [
        "summary.py:3: ': left out'",
        "summary.py:4: 'use --format md'",
    ]


@pytest.fixture
def zh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINECHECK_LANG", "zh")


@pytest.mark.usefixtures("zh")
def test_usage_errors_in_chinese_keep_their_english_prefixes(cli: Any, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli(["summary", str(empty)])
    assert run.exit_code == 2
    assert run.stderr == "minecheck: error: 没有给出文件（未找到 *.toml 文件）\n"
    run = cli(["summary", str(empty), "--format", "pdf"])
    assert run.stderr == (
        "minecheck: error: 未知格式 'pdf'\n  hint: 请使用 table、md、csv、json、nl 或 html\n"
    )
    run = cli(["summary", str(empty), "--by", "mine", "--lang", "en"])  # --lang wins
    assert run.stderr == (
        "minecheck: error: cannot group by 'mine'\n"
        "  hint: use --by with one of site, checklist, item, severity, inspector, month, state\n"
    )
    run = cli(["export", str(empty), "--format", "xml"])
    assert run.stderr == (
        "minecheck: error: 未知格式 'xml'\n  hint: 请使用 --format jsonl、csv 或 parquet\n"
    )
    run = cli(["export", str(empty), "--as-of", "tomorrow"])
    assert run.stderr == "minecheck: error: --as-of 'tomorrow' 不是形如 2026-12-31 的日期\n"
    out = tmp_path / "taken.toml"
    out.write_text("")
    run = cli(["merge", str(out), "-o", str(out)])
    assert run.exit_code == 2
    assert run.stderr == (f"minecheck: error: {out} 已存在\n  hint: 请另选 -o，或加上 --force\n")
    run = cli(["followup", "no-slash", "--action", "rectified", "-o", str(tmp_path / "f.toml")])
    assert run.exit_code == 2
    assert "命令行: 该事件: 隐患 'no-slash' 的写法应为 <inspection-id>/<item>" in run.stderr
    assert run.stderr.endswith("minecheck: error: 命令行：事件无法使用；未写入任何文件\n")


@pytest.mark.usefixtures("zh")
def test_json_envelopes_carry_the_same_messages_and_stable_codes(cli: Any, tmp_path: Path) -> None:
    run = cli(["extract", str(tmp_path / "none.toml"), "-o", str(tmp_path), "--json"])
    assert run.stderr == ""
    envelope = run.json()
    assert envelope["ok"] is False
    assert envelope["problems"][-1]["code"]  # a code a script can branch on, whatever the words


@pytest.mark.parametrize("command", ["verify", "summary", "export", "checklists lint"])
def test_a_directory_without_documents_is_one_input_error_in_every_command(
    cli: Any, tmp_path: Path, command: str
) -> None:
    """summary and export said "usage" where verify said "input"; checklists lint passed (exit
    0, "0 files checked") over a wrong directory, so a CI step checked nothing and was green."""
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli([*command.split(), str(empty), "--json"])
    assert (run.exit_code, run.stderr) == (2, "")
    [problem] = run.json()["problems"]
    assert problem["code"] == "input"
    assert problem["message"].endswith("(no *.toml files found)")
    plain = cli([*command.split(), str(empty)])
    assert (plain.exit_code, plain.stdout) == (2, "")
    assert plain.stderr.startswith("minecheck: error: no ")
