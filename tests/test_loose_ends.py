"""Loose ends met by trying the product: an empty folder named by every batch command, one
wording for a path that is not there, a file given twice in the walk's evidence, the follow-up's
Chinese for a withdrawn and an extended event."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Protocol

import pytest
from rich.console import Console

from minecheck.cli._prompter import RichPrompter
from minecheck.core.checklist import Item
from minecheck.i18n import set_language
from minecheck.session.rules import evidence_resolver
from minecheck.session.walk import Step
from tests.conftest import REPO, Run
from tests.helpers_docs import findings_body
from tests.test_cli_signing import ALICE, new_key


class Cli(Protocol):
    def __call__(self, args: list[str], input: str | None = None) -> Run: ...


BATCH = ["verify", "summary", "export"]

EMPTY = {
    "en": (
        "minecheck: error: {}: no *.toml files found below it\n"
        "  hint: name the files, or a folder with *.toml files below it\n"
    ),
    "zh": (
        "minecheck: error: {}：其下未找到 *.toml 文件\n"
        "  hint: 请给出文件，或其下有 *.toml 文件的文件夹\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", [*BATCH, "checklists lint"])
def test_an_empty_folder_is_named(cli: Cli, tmp_path: Path, command: str, lang: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli([*command.split(), str(empty), "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == EMPTY[lang].format(empty)


@pytest.mark.parametrize("command", [*BATCH, "checklists lint"])
def test_an_empty_folder_is_the_problems_path(cli: Cli, tmp_path: Path, command: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli([*command.split(), str(empty), "--json"])
    assert (run.exit_code, run.stderr) == (2, "")
    [problem] = run.json()["problems"]
    assert problem == {
        "code": "input",
        "message": f"{empty}: no *.toml files found below it",
        "path": str(empty),
        "line": None,
        "column": None,
        "hint": "name the files, or a folder with *.toml files below it",
    }


@pytest.mark.parametrize("command", BATCH)
def test_an_empty_folder_listed_on_standard_input_is_named(
    cli: Cli, tmp_path: Path, command: str
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli([command, "-"], input=f"{empty}\n")
    assert (run.exit_code, run.stderr) == (2, EMPTY["en"].format(empty))


NOT_THERE = {
    "en": "minecheck: error: {}: no such file\n",
    "zh": "minecheck: error: {}：文件不存在\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", [*BATCH, "show", "sign", "checklists lint", "checklists show"])
def test_a_path_not_there_has_one_wording(
    cli: Cli, tmp_path: Path, command: str, lang: str
) -> None:
    missing = tmp_path / "nope.toml"
    run = cli([*command.split(), str(missing), "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == NOT_THERE[lang].format(missing)


AGAIN = {"en": "'photo.jpg' is entry 1 already", "zh": "'photo.jpg' 已是第 1 项"}
SO_FAR = {"en": "Evidence so far:", "zh": "已有佐证："}


def _evidence_prompter(
    folder: Path, monkeypatch: pytest.MonkeyPatch, lang: str, typed: str
) -> tuple[RichPrompter, io.StringIO]:
    """A prompter in `lang` checking evidence in `folder`, as the walk does, at 200 columns."""
    monkeypatch.chdir(folder)
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    set_language(lang)  # (put back by the suite's fixture)
    out = io.StringIO()
    console = Console(file=out, width=200, no_color=True)
    prompter = RichPrompter(
        console,
        lang,
        dt.date(2026, 12, 6),
        check_evidence=evidence_resolver(folder, folder),
        evidence_root=folder,
    )
    return prompter, out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_photo_given_by_two_paths_is_listed_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str
) -> None:
    """One photo typed by its relative path, then its absolute one: one record, one entry in
    the list, and the second said to be that entry (the list showed it twice)."""
    (tmp_path / "photo.jpg").write_bytes(b"photo")
    typed = f"photo.jpg\n{tmp_path / 'photo.jpg'}\n./photo.jpg\n\n"
    prompter, out = _evidence_prompter(tmp_path, monkeypatch, lang, typed)
    item = Item("gas", "s", "Gas?", "瓦斯？", "major", evidence="required")
    files, reason = prompter.evidence(Step(item, 1, 1, "S", None))
    assert (files, reason) == (("photo.jpg",), None)
    lines = out.getvalue().splitlines()
    assert lines.count("  1. photo.jpg") == 3
    assert not [line for line in lines if line.startswith("  2.")]
    assert lines.count(AGAIN[lang]) == 2
    assert lines.count(SO_FAR[lang]) == 3


def test_a_kept_answer_naming_a_photo_twice_lists_it_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A `y` kept at its evidence prompt, its files naming one photo twice (two spellings):
    resumed, the photo is listed once, as it is recorded, and given once."""
    (tmp_path / "photo.jpg").write_bytes(b"photo")
    prompter, out = _evidence_prompter(tmp_path, monkeypatch, "en", "\n")
    item = Item("gas", "s", "Gas?", "瓦斯？", "major", evidence="required")
    kept = [str(tmp_path / "photo.jpg"), f"{tmp_path}/./photo.jpg"]
    typed = {"result": "compliant", "evidence": kept}
    files, reason = prompter.evidence(Step(item, 1, 1, "S", None, unfinished=typed))
    assert (files, reason) == ((str(tmp_path / "photo.jpg"),), None)
    assert out.getvalue().splitlines()[:2] == ["Evidence so far:", "  1. photo.jpg"]
    assert "  2." not in out.getvalue()


def test_the_chinese_guides_systemd_units_are_described_in_chinese() -> None:
    """`systemctl status` shows a unit's Description=: the Chinese guides' units said it in
    English, as the English guides' do."""
    described = [
        line
        for guide in sorted((REPO / "docs").glob("*.zh.md"))
        for line in guide.read_text(encoding="utf-8").splitlines()
        if line.startswith("Description=")
    ]
    assert described
    assert [line for line in described if not re.search("[\\u4e00-\\u9fff]", line)] == []


def test_an_agent_socket_path_too_long_leaves_the_key_file_to_sign_in_silence(
    cli: Cli, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`SSH_AUTH_SOCK` longer than a socket's address holds: the system's `AF_UNIX path too
    long` (an OSError with no errno and no words of a known error, English in a Chinese line)
    is met only by the agent's listing, which leaves the key file to sign and says nothing."""
    mine = new_key(tmp_path, ALICE)
    doc = tmp_path / "doc.toml"
    doc.write_bytes(findings_body(ALICE, mine.fingerprint))
    monkeypatch.setenv("SSH_AUTH_SOCK", str(tmp_path / ("s" * 200)))
    run = cli(["sign", str(doc), "--key", str(mine.key), "--signer", ALICE, "--lang", "zh"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"{doc}\n", "")
