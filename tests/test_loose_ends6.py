"""The loose ends round 5 left: evidence that is not a regular file said without its kind, a
file to be replaced that is not a regular file said without its kind, the batch reader's
directory, and a merged file's table without the grade a findings file's table shows."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA
from tests.helpers_docs import findings_body
from tests.helpers_merge import Who, person
from tests.test_evidence_form import recorded, signed, verify
from tests.test_loose_ends5 import _socket

MINI = DATA / "checklists" / "valid" / "mini-check.toml"


@pytest.fixture(scope="module")
def alice(tmp_path_factory: pytest.TempPathFactory) -> Who:
    return person(tmp_path_factory.mktemp("keys"), "alice")


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
    run = verify(cli, alice, out, "--lang", lang)
    assert run.exit_code == 1
    said = [line.removeprefix(f"{out}: ") for line in run.stdout.splitlines()[1:]]
    assert said == EVIDENCE_SAID[lang]
    as_json = verify(cli, alice, out, "--json", "--lang", lang)
    assert as_json.exit_code == 1
    [file] = json.loads(as_json.stdout)["data"]["files"]
    details = [line.split(": ", 2)[2] for line in EVIDENCE_SAID["en"]]  # (a script's: English)
    assert [e["detail"] for e in file["evidence"]] == details


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
    Path("a.toml").write_text(
        '[answers]\n"gas-check-genuine" = "compliant"\n'
        f'"methane-return" = {{ reading = 1.3, evidence = ["{name}"] }}\n',
        encoding="utf-8",
    )
    args = ["inspect", str(MINI), "--site", "S", "--answers", "a.toml", "--lang", lang]
    run = cli(args)
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
        if Path(path).is_file():
            Path(path).unlink()
            Path(path).mkdir()
        return opened(path, **kwargs)

    monkeypatch.setattr(batch, "open_named", swapped)
    run = cli(["summary", "d.toml", "--no-cache", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == RACE_SAID[lang]
