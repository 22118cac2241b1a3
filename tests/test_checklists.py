"""Checklist loading, linting and the `checklists` commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from minecheck.core.checklist import load_checklist, parse_checklist
from minecheck.errors import InputError
from tests.conftest import DATA, REPO, Run

INVALID = sorted((DATA / "checklists" / "invalid").glob("*.toml"))
Cli = Callable[..., Run]


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_checklist_gives_exact_problems(
    path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    rel = path.relative_to(REPO)
    expected = path.with_suffix(".expected").read_text(encoding="utf-8")
    result = cli(["checklists", "lint", str(rel)])
    assert result.exit_code == 1
    assert result.stdout == expected
    count = len(expected.splitlines())
    assert result.stderr == f"1 file checked, {count} problem{'s' if count != 1 else ''}\n"


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_checklist_show_exits_2_without_traceback(
    path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    result = cli(["checklists", "show", str(path.relative_to(REPO))])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("minecheck: error: ")
    assert "\x1b" not in result.stderr


def test_escape_sequences_never_reach_the_terminal(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    result = cli(["checklists", "lint", "tests/data/checklists/invalid/escapes.toml"])
    assert "\x1b" not in result.stdout + result.stderr
    assert "\u202e" not in result.stdout + result.stderr


def test_lint_json_envelope(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = cli(
        ["checklists", "lint", "--json", "tests/data/checklists/invalid/major-without-basis.toml"]
    )
    assert result.exit_code == 1
    assert result.stderr == ""
    env = result.json()
    assert env["ok"] is False
    assert env["exit_code"] == 1
    assert env["command"] == "checklists lint"
    assert env["problems"] == [
        {
            "code": "missing-basis",
            "message": 'a major item must cite its clause in basis, e.g. basis = ["CMHD-5.1"]',
            "path": "tests/data/checklists/invalid/major-without-basis.toml",
            "line": 19,
            "column": 1,
            "hint": None,
        }
    ]


def test_lint_missing_file_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    result = cli(["checklists", "lint", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2
    assert (
        result.stderr == f"minecheck: error: {tmp_path / 'nope.toml'}: no such file or directory\n"
    )


def test_bundled_checklists_lint_clean(cli: Cli) -> None:
    result = cli(["checklists", "lint", str(REPO / "checklists")])
    assert result.stdout == ""
    assert result.exit_code == 0


def test_valid_checklist_model() -> None:
    cl = load_checklist(DATA / "checklists" / "valid" / "mini-check.toml")
    assert [i.id for i in cl.items] == ["gas-check-genuine", "methane-return", "outburst-org"]
    reading = cl.items[1].reading
    assert reading is not None
    assert reading.within(1.0)
    assert not reading.within(1.01)
    assert cl.items[2].applies(frozenset({"outburst"}))
    assert not cl.items[2].applies(frozenset({"high-gas"}))
    assert cl.items[0].applies(frozenset())


def test_oversized_checklist_refused_before_parsing(tmp_path: Path, cli: Cli) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    result = cli(["checklists", "lint", str(big)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{big}: checklist is {50 * 1024 * 1024} bytes, over the limit of 4194304 bytes\n"
    )


def test_parse_errors_collect_everything_at_once() -> None:
    with pytest.raises(InputError) as info:
        parse_checklist(b"[checklist]\nid = 3\n", "x.toml", stem="x")
    messages = [p.message for p in info.value.problems]
    assert "id must be a string" in messages
    assert "missing required key 'version' in [checklist]" in messages


def test_show_json_and_text(cli: Cli) -> None:
    path = str(DATA / "checklists" / "valid" / "mini-check.toml")
    result = cli(["checklists", "show", path, "--json"])
    assert result.exit_code == 0
    assert result.stderr == ""
    data = result.json()["data"]["checklist"]
    assert data["id"] == "mini-check"
    assert data["items"] == 3
    text = cli(["checklists", "show", path, "--lang", "zh"])
    assert "瓦斯检查是否真实" in text.stdout
    assert text.stderr == ""


def test_show_unknown_id(cli: Cli) -> None:
    result = cli(["checklists", "show", "no-such-list"])
    assert result.exit_code == 2
    assert result.stderr == (
        "minecheck: error: no checklist with id 'no-such-list'\n"
        "  hint: minecheck checklists list shows the installed checklists\n"
    )


def test_user_checklist_dir_overrides_and_lists(cli: Cli, isolated_home: Path) -> None:
    user = isolated_home / "checklists"
    user.mkdir(parents=True)
    src = DATA / "checklists" / "valid" / "mini-check.toml"
    (user / "mini-check.toml").write_bytes(src.read_bytes())
    result = cli(["checklists", "list", "--json"])
    assert result.exit_code == 0
    ids = [c["id"] for c in result.json()["data"]["checklists"]]
    assert "mini-check" in ids
