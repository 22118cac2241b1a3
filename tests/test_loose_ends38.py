"""Loose ends, round 38: the last lists told one line each at a terminal. merge's refusal (one
problem a file refused) and a trust list's skipped lines (one warning a `cert-authority` line,
said by every command that reads the list) are told ten of a kind, the rest counted on one
line; `--json` keeps every one."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.test_loose_ends35 import ROLLED

NOT_OURS = {"en": "not a minecheck document", "zh": "不是 minecheck 文件"}
REFUSED = {
    "en": "minecheck: error: some documents cannot be merged; nothing was written",
    "zh": "minecheck: error: 部分文件无法合并；未写入任何文件",
}
PROBLEMS = {
    "en": (
        "1 more {code} problem is not shown here; --json lists every one",
        "{count} more {code} problems are not shown here; --json lists every one",
    ),
    "zh": (
        "另有 1 条 {code} 问题未在此显示；--json 列出全部",
        "另有 {count} 条 {code} 问题未在此显示；--json 列出全部",
    ),
}
SKIPPED = {
    "en": "cert-authority line skipped: certificates are not supported",
    "zh": "已跳过 cert-authority 行：不支持证书",
}


def _counted(table: dict[str, tuple[str, str]], lang: str, code: str, rest: int) -> list[str]:
    """The line counting `rest` of `code` not told (none where there are none)."""
    one, many = table[lang]
    if rest <= 0:
        return []
    return [one.format(code=code) if rest == 1 else many.format(count=rest, code=code)]


@pytest.fixture
def merger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A key and a trust list naming it, in tmp_path (the working folder): merge's options."""
    monkeypatch.chdir(tmp_path)
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "k"], check=True, capture_output=True
    )
    Path("as").write_text(f"me {Path('k.pub').read_text()}")
    return ["-o", "m.toml", "--allowed-signers", "as", "--key", "k", "--signer", "me"]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("count", [10, 11, 13, 300])
def test_merge_refusal_tells_ten_files_and_counts_the_rest(
    cli: Any, merger: list[str], lang: str, count: int
) -> None:
    """merge refused 300 files that are not minecheck documents with 300 lines, one a file;
    now ten, a line counting the rest, then the refusal. Exit 2, nothing written."""
    names = [f"x{i:03d}.toml" for i in range(count)]
    for i, name in enumerate(names):
        Path(name).write_text(f"garbage [ {i}\n")
    run = cli(["merge", *names, *merger, "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    told = [f"{name}: {NOT_OURS[lang]}" for name in names[:10]]
    counted = _counted(PROBLEMS, lang, "malformed", count - 10)
    assert run.stderr.splitlines() == [*told, *counted, REFUSED[lang]]
    assert not Path("m.toml").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_merge_refusal_json_keeps_every_file(cli: Any, merger: list[str], lang: str) -> None:
    """`--json` lists every refused file, as it did; stderr says nothing."""
    names = [f"x{i:03d}.toml" for i in range(25)]
    for i, name in enumerate(names):
        Path(name).write_text(f"garbage [ {i}\n")
    run = cli(["merge", *names, *merger, "--lang", lang, "--json"])
    assert (run.exit_code, run.stderr) == (2, "")
    problems = json.loads(run.stdout)["problems"]
    assert [p["path"] for p in problems if p["code"] == "malformed"] == names


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_trust_list_of_bad_lines_still_names_each(cli: Any, merger: list[str], lang: str) -> None:
    """A trust list's malformed lines are the file's own faults, mended one by one: each is
    still named (as a schema's are), the refusal after them. Exit 2."""
    Path("bad").write_text("".join(f"p{i} ssh-ed25519 AAAA!\n" for i in range(40)))
    run = cli(["trust", "list", "--allowed-signers", "bad", "--lang", lang])
    assert run.exit_code == 2
    lines = run.stderr.splitlines()
    assert [line.split(":")[:2] for line in lines[:-1]] == [["bad", f"{i}"] for i in range(1, 41)]
    assert lines[-1].startswith("minecheck: error: ")


def _with_authorities(count: int) -> None:
    """./as: `count` cert-authority lines (each skipped with a warning), then the key."""
    blob = " ".join(Path("k.pub").read_text().split()[:2])
    lines = [f"ca{i}@x cert-authority {blob}\n" for i in range(count)]
    Path("as").write_text("".join(lines) + f"me {Path('k.pub').read_text()}")


COMMANDS = {
    "trust-list": ["trust", "list"],
    "verify": ["verify", "doc.toml"],
    "summary": ["summary", "doc.toml"],
    "show": ["show", "doc.toml"],
    "merge": ["merge", "doc.toml", "-o", "m.toml", "--key", "k", "--signer", "me"],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("count", [10, 11, 500])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_skipped_trust_lines_are_told_ten_and_counted(
    cli: Any, merger: list[str], lang: str, count: int, command: str
) -> None:
    """500 cert-authority lines gave 500 warnings on every command that reads the trust
    list; now ten, then one line counting the rest, before anything else is said."""
    _with_authorities(count)
    Path("doc.toml").write_text("garbage [\n")
    run = cli([*COMMANDS[command], "--allowed-signers", "as", "--lang", lang])
    told = [
        f"minecheck: warning: as:{i + 1}:{len(f'ca{i}@x') + 2}: {SKIPPED[lang]}"
        for i in range(min(count, 10))
    ]
    counted = [
        f"minecheck: warning: {line}"
        for line in _counted(ROLLED, lang, "cert-authority-skipped", count - 10)
    ]
    assert run.stderr.splitlines()[: len(told) + len(counted)] == told + counted
    rest = run.stderr.splitlines()[len(told) + len(counted) :]
    assert not any("cert-authority" in line for line in rest)
    quiet = cli([*COMMANDS[command], "--allowed-signers", "as", "--lang", lang, "--json"])
    problems = json.loads(quiet.stdout)["problems"]
    assert sum(p["code"] == "cert-authority-skipped" for p in problems) == count


def test_the_guides_say_which_lists_are_counted() -> None:
    """The scripting guide (en, zh) and the README said only warnings of a batch, merge and an
    event were counted past ten; merge's refused files and a trust list's skipped lines are too."""
    said = {
        "README.md": "Every command does the same with a trust list's skipped lines, and `merge` "
        "with the files it refuses.",
        "docs/guide-scripting.md": "(`290 more malformed problems are not shown here; --json "
        "lists every one`)",
        "docs/guide-scripting.zh.md": "（`另有 290 条 malformed 问题未在此显示；--json 列出全部`）",
    }
    for name, words in said.items():
        text = re.sub(r"\s+", " ", (REPO / name).read_text(encoding="utf-8"))
        assert words in text, name
    for lang, name in (("en", "docs/guide-scripting.md"), ("zh", "docs/guide-scripting.zh.md")):
        assert PROBLEMS[lang][1].format(count=290, code="malformed") in said[name]
