"""The loose ends round 5 left: evidence that is not a regular file said without its kind, a
file to be replaced that is not a regular file said without its kind, the batch reader's
directory, and a merged file's table without the grade a findings file's table shows."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_docs import findings_body
from tests.helpers_merge import Who, person
from tests.test_contract4 import inspected_with_evidence
from tests.test_evidence_form import recorded, signed
from tests.test_loose_ends5 import _socket, alice, evidence_said

__all__ = ["alice"]  # (a fixture)


# --- 1. evidence that is not a regular file ----------------------------------------------------

EVIDENCE_SAID = {
    "en": [
        "evidence-missing: ev/pipe.jpg: not a regular file (a FIFO)",
        "evidence-missing: ev/sock.jpg: not a regular file (a socket)",
        "evidence-missing: ev/dir.jpg: a directory is there, not the file",
    ],
    "zh": [
        "evidence-missing: ev/pipe.jpg: 不是普通文件（命名管道）",
        "evidence-missing: ev/sock.jpg: 不是普通文件（套接字）",
        "evidence-missing: ev/dir.jpg: 该处是目录，不是文件",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_evidence_that_is_not_a_regular_file_is_said_with_its_kind(
    cli: Any, alice: Who, tmp_path: Path, lang: str
) -> None:
    """`verify --evidence` said `a pipe, a device or a socket is there, not the file` of a FIFO
    (and `cannot be read: ...` of a socket): each is now named with its one kind, in the words
    every reader says of such a file; a directory is said as it was."""
    ev = tmp_path / "ev"
    ev.mkdir()
    os.mkfifo(ev / "pipe.jpg")
    _socket(ev / "sock.jpg")
    (ev / "dir.jpg").mkdir()
    out = signed(
        alice,
        tmp_path,
        recorded(b"photo", "ev/pipe.jpg"),
        recorded(b"photo", "ev/sock.jpg"),
        recorded(b"photo", "ev/dir.jpg"),
    )
    evidence_said(cli, alice, out, lang, EVIDENCE_SAID)


WALK_SAID = {
    "en": "a.toml:3:1: methane-return: evidence {name}: not a regular file ({kind})",
    "zh": "a.toml:3:1: methane-return：佐证 {name}：不是普通文件（{kind}）",
}
WALK_KINDS = {"pipe.jpg": ("a FIFO", "命名管道"), "sock.jpg": ("a socket", "套接字")}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", WALK_KINDS)
def test_evidence_given_to_the_walk_that_is_not_a_regular_file_is_said_with_its_kind(
    cli: Any,
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    name: str,
) -> None:
    """The walk said `evidence X is not a regular file (a pipe, a device or a socket)`; a
    socket was `evidence file X cannot be read: ...`. Now its kind, in the one wording."""
    monkeypatch.chdir(tmp_path)
    os.mkfifo("pipe.jpg")
    _socket(tmp_path / "sock.jpg")
    _, run = inspected_with_evidence(cli, name, lang)
    assert (run.exit_code, run.stdout) == (2, "")
    kind = WALK_KINDS[name][0 if lang == "en" else 1]
    assert run.stderr.splitlines()[0] == WALK_SAID[lang].format(name=name, kind=kind)


# --- 2. a file to be replaced that is not a regular file ---------------------------------------

REPLACED_SAID = {
    "en": "minecheck: error: {f}: not a regular file ({k}); only a file can be replaced",
    "zh": "minecheck: error: {f}：不是普通文件（{z}）；只有文件可以被替换",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize("special", ["fifo", "device"])
def test_a_file_to_be_replaced_that_is_not_a_regular_file_is_said_with_its_kind(
    cli: Any,
    alice: Who,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    force: list[str],
    special: str,
) -> None:
    """`sign -o /dev/null --force` said `/dev/null is not a regular file; only a file can be
    replaced`, a FIFO the same (`summary -o FIFO` without --force too): now with its kind."""
    monkeypatch.chdir(tmp_path)
    doc = tmp_path / "doc.toml"
    body = findings_body(alice.principal, alice.fingerprint)
    doc.write_bytes(body)
    if special == "fifo":
        os.mkfifo("out")
        name, kind, kind_zh = "out", "a FIFO", "命名管道"
    else:
        name, kind, kind_zh = "/dev/null", "a character device", "字符设备"
    line = REPLACED_SAID[lang].format(f=name, k=kind, z=kind_zh)
    if force:  # (the writer's own check, after the signature is made)
        run = cli(["sign", "doc.toml", "--key", str(alice.key), "-o", name, *force, "--lang", lang])
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr.splitlines() == [line]
        assert doc.read_bytes() == body
    run = cli(["summary", "doc.toml", "--format", "csv", "-o", name, *force, "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == line


# --- 3. a directory the batch reader meets -----------------------------------------------------

RACE_SAID = {
    "en": [
        "minecheck: warning: d.toml: left out: unreadable: not a regular file (a directory)",
        "minecheck: error: no document could be used: 1 left out (1 unreadable)",
    ],
    "zh": [
        "minecheck: warning: d.toml：未计入：unreadable：不是普通文件（目录）",
        "minecheck: error: 没有可用的文件：1 个文件均被排除（unreadable 1 个）",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_file_made_a_directory_after_the_walk_is_said_a_directory(
    cli: Any,
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    """A file the walk listed and a directory took the place of before it was read was `not a
    regular file`, where every other reader names the kind: now `(a directory)`, as a device or
    a socket is named there."""
    from minecheck.report import batch

    monkeypatch.chdir(tmp_path)
    Path("d.toml").write_text("listed as a file\n")
    from minecheck.fileio import open_named as opened

    def swapped(path: str, **kwargs: Any) -> Any:  # (the race: a directory in its place)
        # (d.toml alone: the summary reads other files through the same reader, the zone's
        # file among them, and a run as root once made the system's zoneinfo/UTC a directory)
        if Path(path).resolve() == tmp_path / "d.toml" and Path(path).is_file():
            Path(path).unlink()
            Path(path).mkdir()
        return opened(path, **kwargs)

    monkeypatch.setattr(batch, "open_named", swapped)
    run = cli(["summary", "d.toml", "--no-cache", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == RACE_SAID[lang]


# --- 4. a merged file's table gives each hidden danger's grade -----------------------------------


@pytest.fixture
def joint(tmp_path: Path) -> Path:
    """A merged file of a joint inspection: alice grades what she finds general, bob major;
    they agree on the first item, and each finds one the other does not."""
    from tests.helpers_merge import allowed_signers, findings, make_merged, store_for

    a, b = person(tmp_path, "alice"), person(tmp_path, "bob")
    fa = findings(a, ["noncompliant", "noncompliant", "compliant"], severity="general")
    fb = findings(b, ["noncompliant", "compliant", "noncompliant"], severity="major")
    (tmp_path / "m.toml").write_bytes(make_merged(a, [fa, fb], store_for(a, b)))
    allowed_signers(tmp_path / "allowed", a, b)
    return tmp_path


JOINT_CELLS = {  # each row's RESULT, GRADE, STATE, DEADLINE, with the first line of BY
    "en": [
        ["FINDING", "RESULT", "GRADE", "STATE", "DEADLINE", "BY"],
        ["noncompliant", "major", "open [no-enforcement]", "-", "alice@coal.example: noncompliant"],
        ["inconsistent", "general", "open", "-", "alice@coal.example: noncompliant"],
        ["inconsistent", "major", "open [no-enforcement]", "-", "alice@coal.example: compliant"],
    ],
    "zh": [
        ["隐患", "结论", "等级", "状态", "整改期限", "各检查人员结论"],
        ["不符合", "重大", "未整改 [未记录执法措施]", "-", "alice@coal.example：不符合"],
        ["结论不一致", "一般", "未整改", "-", "alice@coal.example：不符合"],
        ["结论不一致", "重大", "未整改 [未记录执法措施]", "-", "alice@coal.example：符合"],
    ],
}


def _cells(stdout: str) -> list[list[str]]:
    """The merged table's header and each row's first line, its cells apart (the finding's
    reference left out of a row: folded, it is no cell of one line)."""
    import re

    table = stdout.split("\n\n")[0].split("\n")
    lines = [line.strip() for line in table if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith(("FINDING", "隐患")))
    header = re.split(r"\s{2,}", lines[start])
    rows = [re.split(r"\s{2,}", line)[1:] for line in lines[start + 1 :] if line[:8] == "3a5f7c9e"]
    return [header, *rows]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_merged_files_table_gives_each_hidden_dangers_grade(
    cli: Any, joint: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A merged file's table said a hidden danger's `no-enforcement` flag, one of majors only,
    without its grade: a findings file's table has GRADE, the row's (the gravest any inspector
    gives). Now the merged table has it too, beside the result, in the same words."""
    monkeypatch.setenv("COLUMNS", "200")
    args = ["show", str(joint / "m.toml"), "--allowed-signers", str(joint / "allowed")]
    run = cli([*args, "--as-of", "2026-12-06", "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    assert _cells(run.stdout) == JOINT_CELLS[lang]
    monkeypatch.setenv("COLUMNS", "40")  # (a record a row: each cell on a line of its own)
    narrow = cli([*args, "--as-of", "2026-12-06", "--lang", lang]).stdout.splitlines()
    grade = "GRADE: " if lang == "en" else "等级："
    said = [line for line in narrow if line.startswith(grade)]
    assert said == [grade + row[1] for row in JOINT_CELLS[lang][1:]]


def test_a_merged_file_not_trusted_gives_the_grade_its_sources_give(
    cli: Any, joint: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A merged file left out (its merger's key not trusted) has no row of a report: its result
    is the one it signed, and its grade the gravest its sources give, as a findings file's
    table gives the file's own grade where no report counts it."""
    monkeypatch.setenv("COLUMNS", "200")
    (joint / "none").write_text("")
    args = ["show", str(joint / "m.toml"), "--allowed-signers", str(joint / "none")]
    run = cli([*args, "--as-of", "2026-12-06", "--lang", "en"])
    assert run.exit_code == 0, run.stderr
    assert [row[:4] for row in _cells(run.stdout)[1:]] == [
        ["noncompliant", "major", "-", "-"],
        ["inconsistent", "general", "-", "-"],
        ["inconsistent", "major", "-", "-"],
    ]


def test_the_guides_say_a_merged_files_table_gives_the_grade() -> None:
    """The monthly guide, in both languages, says which grade the merged table gives."""
    root = Path(__file__).resolve().parents[1] / "docs"
    en = " ".join((root / "guide-monthly-report.md").read_text(encoding="utf-8").split())
    zh = "".join((root / "guide-monthly-report.zh.md").read_text(encoding="utf-8").split())
    assert (
        "gives its grade beside the result (the gravest any inspector gives, as the reports "
        "count it)"
    ) in en
    assert "在结论旁给出其等级（取各检查人员所定等级中最重的，与报告的统计一致）" in zh
