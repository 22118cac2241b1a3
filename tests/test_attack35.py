"""The session's merges attacked, round 35: `followup` from the top of an archive with no
--findings (the findings below, loose ends 19), and what it says where they are not there."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from minecheck import paths
from tests.helpers_merge import findings as findings_file
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, panel
from tests.test_loose_ends19 import _archive

__all__ = ["panel"]

NAMESPACES = "minecheck-findings-v1,minecheck-merged-v1"

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
        "  hint: give more of the inspection id, enough to name one: "
        f"{twin}/{REF.split('/')[1]}, {REF}",
        "minecheck: error: the command line: the events cannot be used; nothing was written",
    ]
    assert not (records / "a.toml").exists()
    whole = _accept(cli, panel, REF, "-o", "a.toml")
    assert (whole.exit_code, whole.stdout, whole.stderr) == (0, "a.toml\n", "")


# (the trust file's words of loose ends 19, en)
GONE = "{path}: a symbolic link that leads to no file (a loop, or its target is gone)"


def _leading_to_nothing(path: Path, depth: int) -> Path:
    """`path` made a link to a file not there (a share not mounted), through another link
    where `depth` is 2: where it would lead."""
    path.parent.mkdir(parents=True, exist_ok=True)
    target = path.parent / "moved-away"
    if depth == 2:
        (path.parent / "middle").symlink_to(target)
        path.symlink_to(path.parent / "middle")
    else:
        path.symlink_to(target)
    return target


@pytest.mark.parametrize("depth", [1, 2])
def test_keys_generate_trust_gives_the_line_when_its_trust_file_leads_to_nothing(
    cli: Any, tmp_path: Path, depth: int
) -> None:
    """`keys generate --trust` with minecheck's own allowed signers file a link to nothing (or a
    link to a link to nothing): the key was made, the trust file refused (exit 2), and the
    allowed_signers line, the one thing the command is for beside the key, was never printed.
    It is now printed on stdout as where trusting succeeds; the error is as before, the link
    is left as it was, and nothing is written through it."""
    own = paths.allowed_signers_file()
    target = _leading_to_nothing(own, depth)
    run = cli(["keys", "generate", "--principal", "wang.wei@hlj.example", "--trust"])
    assert run.exit_code == 2
    made = paths.keys_dir() / "wang.wei@hlj.example.pub"
    key = made.read_text(encoding="utf-8").split()[:2]
    line = f'wang.wei@hlj.example namespaces="{NAMESPACES}" {" ".join(key)}\n'
    assert run.stdout == line
    assert run.stderr.endswith(
        f"minecheck: error: {GONE.format(path=own)}\n"
        "  hint: restore the file it leads to, or remove the link to have none\n"
    )
    assert os.path.islink(own)
    assert not os.path.lexists(target)


def _key(cli: Any, name: str) -> Path:
    """A public key file made by `keys generate` (minecheck's own trust files untouched)."""
    assert cli(["keys", "generate", "--principal", f"{name}@hlj.example"]).exit_code == 0
    return paths.keys_dir() / f"{name}@hlj.example.pub"


@pytest.mark.parametrize("depth", [1, 2])
@pytest.mark.parametrize("command", ["add", "revoke"])
def test_trust_add_and_revoke_write_nothing_through_a_revoked_keys_link_to_nothing(
    cli: Any, depth: int, command: str
) -> None:
    """Guard: minecheck's own revoked keys file a link to nothing (or to a link to nothing),
    the allowed signers file sound: `trust add` and `trust revoke` stop (exit 2) with the
    words every command says; the allowed signers file is byte for byte as it was, the links
    are left as they were, and nothing is made where they lead."""
    first, second = _key(cli, "wang"), _key(cli, "li")
    added = cli(["trust", "add", "--principal", "wang@hlj.example", "--key", str(first)])
    assert added.exit_code == 0
    allowed = paths.allowed_signers_file()
    before = allowed.read_bytes()
    revoked = paths.revoked_keys_file()
    revoked.unlink()
    target = _leading_to_nothing(revoked, depth)
    args = {
        "add": ["trust", "add", "--principal", "li@hlj.example", "--key", str(second)],
        "revoke": ["trust", "revoke", str(first)],
    }
    run = cli(args[command])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: {GONE.format(path=revoked)}\n"
        "  hint: restore the file it leads to, or remove the link to have none\n"
    )
    assert allowed.read_bytes() == before
    assert os.path.islink(revoked)
    assert not os.path.lexists(target)


def test_trust_revoke_with_the_allowed_signers_link_to_nothing_revokes(cli: Any) -> None:
    """Guard: the allowed signers file a link to nothing, the revoked keys file sound: a key
    given by its file is revoked (revoking never needs the list of the trusted), and the link
    is left as it was."""
    key = _key(cli, "wang")
    allowed = paths.allowed_signers_file()
    allowed.parent.mkdir(parents=True, exist_ok=True)
    allowed.symlink_to(allowed.parent / "moved-away")
    run = cli(["trust", "revoke", str(key)])
    assert (run.exit_code, run.stdout) == (0, "")
    blob = key.read_text(encoding="utf-8").split()[1]
    assert blob in paths.revoked_keys_file().read_text(encoding="utf-8")
    assert os.path.islink(allowed)
    assert not os.path.lexists(allowed.parent / "moved-away")
