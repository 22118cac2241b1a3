"""Mutation round 94: the gaps its survivors showed in the session's new code (a file the
system would not read told from lint's verdict, a word at a reading's prompt said once)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.test_evidence_kept_pty import QUESTION, _inspect, _required
from tests.test_field_day_pty import READING, REVIEW
from tests.test_inspect_pty import GAS, Terminal, draft_id, ended, key, keyed, line, term

__all__ = ["keyed", "term"]  # fixtures


def test_a_looping_link_linted_is_an_input_not_read(tmp_path: Path, cli: Any) -> None:
    """The open's own refusal (ELOOP) is an UnreadableInput: lint gives no verdict on it (exit
    2), where an InputError would have made it one of lint's problems (exit 1)."""
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop.name)
    run = cli(["checklists", "lint", str(loop)])
    said = f"{loop}: a symbolic link that leads to no file (a loop, or its target is gone)"
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", f"minecheck: error: {said}\n")


def test_standard_input_named_to_lint_is_an_input_not_read(cli: Any) -> None:
    """`-` is no file here (`not_there`'s first case): refused, not linted."""
    run = cli(["checklists", "lint", "-"], input="")
    assert (run.exit_code, run.stdout, run.stderr) == (
        2,
        "",
        "minecheck: error: -: no such file; standard input is not read here\n"
        "  hint: name the file itself (a file named - is ./-)\n",
    )


MEM = "/proc/self/mem"  # (a regular file whose read fails: EIO at its first byte)


@pytest.mark.skipif(not os.path.isfile(MEM), reason="no /proc/self/mem here")
@pytest.mark.parametrize(
    ("lang", "said", "counted"),
    [
        ("en", "cannot read: Input/output error", "0 files checked, 0 problems"),
        ("zh", "无法读取：输入/输出错误", "已检查 0 个文件，发现 0 个问题"),
    ],
)
def test_a_file_whose_read_fails_is_no_verdict_of_lint(
    cli: Any, lang: str, said: str, counted: str
) -> None:
    """A read the system refused after the open (`read_limited`'s second OSError) is an
    UnreadableInput too: said in the run's language, exit 2, and no problem of lint's."""
    run = cli(["checklists", "lint", MEM, "--lang", lang])
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", f"{MEM}: {said}\n{counted}\n")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_word_at_a_reading_prompt_is_refused_once(keyed: Terminal, lang: str) -> None:
    """The reading's own refusal asks again at once: the key question's refusal ("'seen' is not
    an answer") does not follow it."""
    child = _inspect(keyed, _required(keyed, GAS), lang)
    draft_id(child)
    key(child, "a", QUESTION[lang])
    line(child, READING[lang], "seen")
    child.expect_exact({"en": "or one of the keys above", "zh": "或使用上面列出的按键"}[lang])
    child.expect_exact(READING[lang])
    assert "seen" not in child.before
    child.sendline("0.5")
    line(child, REVIEW[lang], "q")
    assert ended(child)[0] == 0
