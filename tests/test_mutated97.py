"""Mutation round 97: tests that kill the survivors of the loose ends round 21 left (a list of
paths with a byte-order mark, a malformed document's faults, the singular entries, the walk's
tab, an events file named `<stdin>`), of `show --as-of`'s two conditions, and of round 96's
leftovers. Each asserts what a user notices."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.seal import seal, split
from minecheck.core.sshsig import NAMESPACE_MERGED
from tests.helpers_merge import allowed_signers, findings, make_merged, person, store_for
from tests.test_shapes import _inspect_answers

DIRECTORY = {
    "en": (
        "minecheck: error: dd: is a directory, not a document",
        "  hint: name the files in it (FOLDER/*.toml); verify, summary and export take a folder",
    ),
    "zh": (
        "minecheck: error: dd：是一个目录，不是文件",
        "  hint: 请逐个给出其中的文件（文件夹/*.toml）；"
        "verify、summary 和 export 可以直接读取文件夹",
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_directory_named_to_show_is_said_a_directory_with_its_hint(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`show DIR`: the open of a directory succeeds on Linux, so what it is is told after it:
    a directory, with the hint to name the files in it (not `not a regular file (a special
    file)`), exit 2; `--json` holds it as the one problem of that path, with its hint."""
    monkeypatch.chdir(tmp_path)
    Path("dd").mkdir()
    run = cli(["show", "dd", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert tuple(run.stderr.splitlines()) == DIRECTORY[lang]
    run = cli(["show", "dd", "--json", "--lang", "en"])
    assert run.exit_code == 2
    [problem] = json.loads(run.stdout)["problems"]
    assert (problem["path"], problem["message"], problem["hint"]) == (
        "dd",
        DIRECTORY["en"][0].removeprefix("minecheck: error: "),
        DIRECTORY["en"][1].strip().removeprefix("hint: "),
    )


def _a_block_device() -> Path | None:
    """A block device this machine has (a disk, a loop device), or None."""
    try:
        found = sorted(p for p in Path("/dev").iterdir() if p.is_block_device())
    except OSError:
        return None
    return found[0] if found else None


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", ["bd/b.toml: not a regular file (a block device)", "1 document: 1 unreadable"]),
        ("zh", ["bd/b.toml: 不是普通文件（块设备）", "共 1 份文件：无法读取 1 份"]),
    ],
)
def test_a_block_device_met_in_a_folder_is_said_as_one(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, said: list[str]
) -> None:
    """`verify FOLDER` holding a link named like a findings file to a disk: its line names the
    kind, a block device (nothing is opened, so no privilege is needed); exit 2."""
    device = _a_block_device()
    if device is None:
        pytest.skip("no block device on this machine")
    monkeypatch.chdir(tmp_path)
    Path("bd").mkdir()
    Path("bd/b.toml").symlink_to(device)
    run = cli(["verify", "bd", "--lang", lang])
    assert run.exit_code == 2
    assert (run.stdout, run.stderr.splitlines()) == ("", said)


def _merged_beside_a_good_file(tmp_path: Path, merged: Callable[[Any, bytes], bytes]) -> list[str]:
    """`m.toml`, made by `merged` of alice's key and a good findings file, beside that file
    (`good.toml`), both in the current directory: the arguments naming both, and the trust."""
    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    good = findings(alice, ["compliant", "noncompliant", "compliant"])
    Path("m.toml").write_bytes(merged(alice, good))
    Path("good.toml").write_bytes(good)
    return ["m.toml", "good.toml", "--allowed-signers", str(trust)]


def _source_count_two(alice: Any, good: bytes) -> bytes:
    """A merged file of `good` alone, signed by alice, whose source_count says 2."""
    body = split(make_merged(alice, [good], store_for(alice)))[0].decode()
    assert "source_count = 1\n" in body
    broken = body.replace("source_count = 1\n", "source_count = 2\n").encode()
    return seal(broken, alice.signer, NAMESPACE_MERGED)


BROKEN = {
    "en": "m.toml: left out: malformed: source_count is 2, but the document holds 1 source",
    "zh": "m.toml：未计入：malformed：source_count 为 2，但文件含有 1 个来源",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_a_broken_merged_file_left_out_is_said_once(
    cli: Any, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str,
    command: str,
) -> None:  # fmt: skip
    """A merged file signed by a trusted key whose source_count is not its number of sources
    is malformed, and its one problem is its reason: `summary` and `export` say it once, in
    the `left out` warning, not again as a fault under it (as `verify` says it once)."""
    monkeypatch.chdir(tmp_path)
    args = _merged_beside_a_good_file(tmp_path, _source_count_two)
    run = cli([command, *args, "--lang", lang])
    assert run.exit_code == 0
    assert run.stderr.splitlines() == [f"minecheck: warning: {BROKEN[lang]}"]


SOURCE_FAULT = {
    "en": [
        "minecheck: warning: m.toml: left out: malformed: source m.toml#{n} is malformed: "
        "not a minecheck document",
        "m.toml#{n}:1:1: missing the [minecheck] table",
    ],
    "zh": [
        "minecheck: warning: m.toml：未计入：malformed："
        "来源 m.toml#{n} 格式有误：不是 minecheck 文件",
        "m.toml#{n}:1:1: 缺少 [minecheck] 表",
    ],
}
NOT_A_DOCUMENT = b"a = 1\n"


def _with_a_malformed_source(alice: Any, good: bytes) -> bytes:
    return make_merged(alice, [good, NOT_A_DOCUMENT], store_for(alice))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_a_merged_file_left_out_for_a_malformed_source_names_the_source_s_faults(
    cli: Any, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str,
    command: str,
) -> None:  # fmt: skip
    """A merged file left out because a source it holds is malformed: `verify` names the
    source's fault at its line (`m.toml#2:1:1: ...`, where `extract` would write it), and
    `summary` and `export` name it too under their `left out` warning, as they name a
    malformed document's own faults; `--json` holds it with its line."""
    monkeypatch.chdir(tmp_path)
    args = _merged_beside_a_good_file(tmp_path, _with_a_malformed_source)
    good = Path("good.toml").read_bytes()
    by_sha = sorted([good, NOT_A_DOCUMENT], key=lambda b: hashlib.sha256(b).hexdigest())
    n = 1 + by_sha.index(NOT_A_DOCUMENT)  # (sources are kept in sha256 order)
    said = [line.format(n=n) for line in SOURCE_FAULT[lang]]
    verified = cli(["verify", *args, "--lang", lang])
    assert said[1] in verified.stderr.splitlines()
    run = cli([command, *args, "--lang", lang])
    assert run.exit_code == 0
    assert run.stderr.splitlines() == said
    problems = cli([command, *args, "--json"]).json()["problems"]
    assert (f"m.toml#{n}", 1, "missing the [minecheck] table") in [
        (p["path"], p["line"], p["message"]) for p in problems
    ]


ONE_MORE = {
    "en": ("and 1 more problem, not listed", "the answers cannot be used; nothing was written"),
    "zh": ("另有 1 个问题，未列出", "答案无法使用；未写入任何文件"),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_answers_file_one_problem_over_the_list_says_one_more_in_the_singular(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`inspect --answers` with 201 answers to items the checklist lacks: 200 are listed, and
    the last line before the error says the one more in the singular."""
    monkeypatch.setenv("MINECHECK_LANG", lang)
    extra = "".join(f'"gas-overlimit-{k}" = "compliant"\n' for k in range(201))
    done = _inspect_answers(tmp_path, cli, extra)
    assert done.exit_code == 2
    lines = done.stderr.splitlines()
    more, error = ONE_MORE[lang]
    assert lines[-2:] == [f"{tmp_path / 'answers.toml'}: {more}", f"minecheck: error: {error}"]
    assert len(lines) == 200 + 2


TWO_EVENTS = {"en": "follow-up: 2 events", "zh": "整改跟踪：2 个事件"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_merged_file_s_follow_up_of_two_events_counts_them_in_the_plural(
    cli: Any, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`show` of a merged file holding a follow-up of two events (two findings rectified)
    says the source `follow-up: 2 events`: the singular is kept for one."""
    from minecheck.core.documents import Event
    from tests.helpers_merge import CREATED, INSPECTION, ITEMS
    from tests.test_export import followup

    monkeypatch.setenv("COLUMNS", "200")
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    found = findings(alice, ["noncompliant", "noncompliant", "compliant"])
    rectified = [Event(f"{INSPECTION}/{item}", "rectified", CREATED) for item in ITEMS[:2]]
    events = followup(bob, *rectified)
    merged = tmp_path / "m.toml"
    merged.write_bytes(make_merged(bob, [found, events], store_for(alice, bob)))
    run = cli(["show", str(merged), "--allowed-signers", str(trust), "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    shown = [line.rstrip().split("  ")[-1].strip() for line in run.stdout.splitlines()]
    assert TWO_EVENTS[lang] in shown
    assert not [line for line in shown if "1 event" in line or "1 个事件" in line]
