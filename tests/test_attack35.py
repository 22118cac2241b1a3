"""The session's merges attacked, round 35: `followup` from the top of an archive with no
--findings (the findings below, loose ends 19), and what it says where they are not there."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import findings as findings_file
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, panel
from tests.test_loose_ends19 import _archive

__all__ = ["panel"]

SHORT = f"{REF[:8]}/gas-overlimit"
# what `followup` says of an inspection prefix no findings file here or below holds, en and zh
NOWHERE = {
    "en": (
        "no findings file here holds inspection '3a5f7c9e'",
        "minecheck: error: the command line: the events cannot be used; nothing was written",
        "  hint: only the findings files in the current directory and the folders below it are "
        "read; name the one that holds it:",
    ),
    "zh": (
        "当前目录下没有检查结果文件包含检查 '3a5f7c9e'",
        "minecheck: error: 命令行：事件无法使用；未写入任何文件",
        "  hint: 只读取当前目录及其下各层文件夹中的检查结果文件；请指明包含它的文件：",
    ),
}
EVENTS_HINT = {
    "en": "  hint: only the findings files in the current directory and the folders below it are "
    "read; name those that hold them:",
    "zh": "  hint: 只读取当前目录及其下各层文件夹中的检查结果文件；请指明包含它们的文件：",
}


def _accept(cli: Any, panel: dict[str, Any], ref: str, *more: str) -> Any:
    chen = panel["people"]["chen"]
    who = ["--key", str(chen.key), "--signer", chen.principal]
    return cli(["followup", ref, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z", *who, *more])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_prefix_held_nowhere_below_is_told_the_folders_read(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """From the top of an archive whose findings are in a folder beside it (not below), an
    inspection prefix is refused, as it must be; the hint said "only the findings files in the
    current directory are read", which since loose ends 19 is not so (those below are read
    too, and a user moving the findings into a folder below is not helped by being told the
    folder is not read). It now names what is read, in both languages; the command to copy is
    as before, and nothing is written."""
    records = _archive(cli, panel)
    (records / "findings").rename(records.parent / "findings")
    monkeypatch.chdir(records)
    run = _accept(cli, panel, SHORT, "-o", "a.toml", "--lang", lang)
    command = f"    minecheck followup {SHORT} ... --findings FILE"
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [*NOWHERE[lang], command]
    assert not (records / "a.toml").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_events_file_s_prefix_held_nowhere_below_is_told_the_folders_read(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The same from `--events`: the hint for several events says what is read."""
    records = _archive(cli, panel)
    (records / "findings").rename(records.parent / "findings")
    monkeypatch.chdir(records)
    (records / "ev.toml").write_text(
        f'[[event]]\nfinding = "{SHORT}"\naction = "rectified"\nat = 2026-11-30T08:00:00Z\n',
        encoding="utf-8",
    )
    mine = panel["people"]["mine"]
    who = ["--key", str(mine.key), "--signer", mine.principal]
    run = cli(["followup", "--events", "ev.toml", *who, "-o", "f.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    lines = run.stderr.splitlines()
    assert lines[-2:] == [
        EVENTS_HINT[lang],
        "    minecheck followup --events ev.toml --findings FILE ...",
    ]
    assert not (records / "f.toml").exists()


def _fifo(records: Path) -> None:
    os.mkfifo(records / "2026-11" / "pipe.toml")  # (never waited on)


def _loop(records: Path) -> None:
    (records / "2026-11" / "up").symlink_to("..")  # (a link back to the top)


def _self_link(records: Path) -> None:
    (records / "2026-11" / "s.toml").symlink_to("s.toml")  # (a loop of links)


def _link(records: Path) -> None:
    (records / "2026-11" / "l.toml").symlink_to(Path("..", "findings", "xinxing.toml"))


def _folder_named_toml(records: Path) -> None:
    (records / "findings").rename(records / "2026.toml")


ODD = {
    "a FIFO": _fifo,
    "a link back to the top": _loop,
    "a link to itself": _self_link,
    "a link to the findings": _link,
    "a folder named *.toml": _folder_named_toml,
}


@pytest.mark.parametrize("odd", sorted(ODD))
@pytest.mark.parametrize("ref", [REF, SHORT])
def test_the_findings_below_are_found_past_odd_entries(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, odd: str, ref: str
) -> None:
    """Guard: below the top, a FIFO named `*.toml`, a link back up, a link to itself, a link to
    the findings and a folder named `*.toml` holding them: the findings are found (the full
    ref and its prefix alike), nothing is said, the acceptance is written with the full ref."""
    records = _archive(cli, panel)
    ODD[odd](records)
    monkeypatch.chdir(records)
    run = _accept(cli, panel, ref, "-o", "a.toml")
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    assert f'finding = "{REF}"' in (records / "a.toml").read_text(encoding="utf-8")


def test_two_inspections_below_that_a_prefix_starts_are_both_named(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guard: two inspections filed below whose ids a prefix starts: the prefix is ambiguous,
    both ids are named, nothing is written; the full ref is taken."""
    records = _archive(cli, panel)
    twin = f"{REF[:8]}-0000-4000-8000-000000000000"
    results = ["compliant", "noncompliant", "compliant"]
    wang = panel["people"]["wang"]
    (records / "2026-11" / "twin.toml").write_bytes(
        findings_file(wang, results, inspection_id=twin)
    )
    monkeypatch.chdir(records)
    run = _accept(cli, panel, SHORT, "-o", "a.toml")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        f"inspection prefix '3a5f7c9e' is ambiguous: {twin}, {REF.split('/')[0]}",
        "minecheck: error: the command line: the events cannot be used; nothing was written",
    ]
    assert not (records / "a.toml").exists()
    whole = _accept(cli, panel, REF, "-o", "a.toml")
    assert (whole.exit_code, whole.stdout, whole.stderr) == (0, "a.toml\n", "")
