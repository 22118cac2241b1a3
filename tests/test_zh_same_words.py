"""One idea, one Chinese word, in the messages a command says together: the follow-up's
warning and its refusal of an inspection no findings file of the current directory holds (the
English `here` for both), and a withdrawn and an extended event's missing reason."""

from __future__ import annotations

from typing import Any

from tests.helpers_merge import INSPECTION
from tests.test_followup import setup as setup  # (a fixture: a signed findings file, keys)


def followup(cli: Any, setup: dict[str, Any], ref: str, out: str) -> Any:
    args = ["followup", ref, "--action", "escalated", "--note", "停产整顿", "-o", out]
    args += ["--lang", "zh"]
    return cli([*args, *setup["sign"]])


def test_the_follow_up_says_the_current_directory_alike_in_its_warning_and_its_error(
    cli: Any, setup: dict[str, Any]
) -> None:
    """The warning (a full id, taken as given) said `此处没有检查结果文件含有检查`, the error (a
    prefix) `当前目录下没有检查结果文件包含检查`: both are the files of the current directory."""
    typo = "0" + INSPECTION[1:]
    run = followup(cli, setup, f"{typo}/gas-overlimit", "f.toml")
    assert (run.exit_code, run.stdout) == (0, "f.toml\n")
    assert run.stderr == (
        f"minecheck: warning: 当前目录下没有检查结果文件包含检查 '{typo}'；事件按所给编号记录"
        "（用 --findings FILE 可对照其所在文件核对）\n"
    )
    run = followup(cli, setup, "ffff/gas-overlimit", "g.toml")
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == "当前目录下没有检查结果文件包含检查 'ffff'"
