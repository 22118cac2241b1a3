"""Yesterday's product beside today's: the session's first commit and main's code after it, run
on one set of inputs (healthy and broken; en and zh; `--json` and not; 40, 80 and 120 columns;
a pipe and a real pty for the walk and `show`). Every difference in stdout, stderr and the exit
code was matched to the section of docs/decisions.md that meant it; the ones below pin what
differed and the defects the comparison found."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

HINT = {
    "en": "  hint: it is written with \\ as on Windows; here a path's parts are separated by /: ",
    "zh": "  hint: 它按 Windows 的写法用 \\ 分隔；这里路径的各部分以 / 分隔：",
}
NO_SUCH = {"en": "{path}: no such file", "zh": "{path}：文件不存在"}
FINDINGS_NO_SUCH = {"en": "--findings {path}: no such file", "zh": "--findings {path}：文件不存在"}
EVENTS = '[{"finding": "11111111-2222-4333-8444-555555555555/a", "action": "rectified"}]'


@pytest.fixture
def windows_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding sub/a.toml (the file a Windows list names `sub\\a.toml`)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.toml").write_bytes(b"")
    (tmp_path / "ev.json").write_text(EVENTS, "utf-8")
    return tmp_path


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_a_backslashed_document_not_there_is_told_its_slashed_name_in_summary_and_export(
    cli: Any, windows_list: Path, command: str, lang: str
) -> None:
    """`verify`, `show`, `merge` and `checklists lint` told `sub\\a.toml` of `sub/a.toml`;
    `summary` and `export`, whose named documents are looked at before the batch reads them,
    said `no such file` alone."""
    run = cli([command, "--no-cache", "--lang", lang, "sub\\a.toml"])
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        "minecheck: error: " + NO_SUCH[lang].format(path="sub\\a.toml"),
        HINT[lang] + "sub/a.toml",
    ]
    envelope = cli([command, "--no-cache", "--lang", lang, "--json", "sub\\a.toml"]).json()
    (problem,) = envelope["problems"]
    assert (problem["code"], problem["hint"]) == ("input", HINT[lang][8:] + "sub/a.toml")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backslashed_findings_file_not_there_is_told_its_slashed_name(
    cli: Any, windows_list: Path, lang: str
) -> None:
    """`followup --findings sub\\a.toml` said `--findings sub\\a.toml: no such file` alone."""
    args = ["followup", "--events", "ev.json", "--findings", "sub\\a.toml", "--lang", lang]
    run = cli(args)
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        "minecheck: error: " + FINDINGS_NO_SUCH[lang].format(path="sub\\a.toml"),
        HINT[lang] + "sub/a.toml",
    ]
    assert not (windows_list / "followups").exists()


@pytest.mark.parametrize("command", ["summary", "export", "followup"])
def test_a_name_not_there_without_a_slashed_twin_gets_no_hint(
    cli: Any, windows_list: Path, command: str
) -> None:
    """The hint is only where the name with slashes is there (`nope\\a.toml` is not)."""
    args = (
        ["followup", "--events", "ev.json", "--findings", "nope\\a.toml"]
        if command == "followup"
        else [command, "--no-cache", "nope\\a.toml"]
    )
    run = cli([*args, "--json"])
    (problem,) = run.json()["problems"]
    assert problem["hint"] is None
    assert problem["message"].endswith("nope\\a.toml: no such file")
