"""`verify --evidence`, each way a recorded file can be not as recorded, word for word: the
line a reader sees, the JSON a script reads, and the exit code."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Event, Evidence, Finding
from tests.helpers_merge import CREATED, INSPECTION, Who, allowed_signers, person
from tests.test_consolidate_rules import document, followup


@pytest.fixture(scope="module")
def alice(tmp_path_factory: pytest.TempPathFactory) -> Who:
    return person(tmp_path_factory.mktemp("keys"), "alice")


def recorded(data: bytes, path: str) -> Evidence:
    return Evidence(path, hashlib.sha256(data).hexdigest(), len(data))


def signed(who: Who, folder: Path, *evidence: Evidence, name: str = "f.toml") -> Path:
    answer = Finding("gas-overlimit", "compliant", evidence=tuple(evidence))
    out = folder / name
    out.write_bytes(document(who, [answer]))
    return out


def verify(cli: Any, who: Who, path: Path, *extra: str) -> Any:
    allowed = allowed_signers(path.parent / "allowed_signers", who)
    return cli(["verify", "--evidence", str(path), "--allowed-signers", str(allowed), *extra])


def test_each_file_not_as_recorded_is_said_once_in_the_order_recorded(
    cli: Any, alice: Who, tmp_path: Path
) -> None:
    ev = tmp_path / "ev"
    ev.mkdir()
    (ev / "good.jpg").write_bytes(b"photo")
    (ev / "B.JPG").write_bytes(b"photo")  # recorded as b.jpg: a FAT stick's upper case
    (ev / "short.jpg").write_bytes(b"phot")
    (ev / "other.jpg").write_bytes(b"phot")
    (ev / "dir").mkdir()
    os.mkfifo(ev / "pipe")
    os.symlink("loop", ev / "loop")
    (tmp_path.parent / f"{tmp_path.name}-elsewhere.jpg").write_bytes(b"x")
    os.symlink(tmp_path.parent / f"{tmp_path.name}-elsewhere.jpg", ev / "out.jpg")
    out = signed(
        alice,
        tmp_path,
        recorded(b"photo", "ev/good.jpg"),
        recorded(b"photo", "ev/b.jpg"),
        recorded(b"photo", "ev/short.jpg"),
        recorded(b"phoX", "ev/other.jpg"),
        recorded(b"photo", "ev/dir"),
        recorded(b"photo", "ev/pipe"),
        recorded(b"x", "ev/loop"),
        recorded(b"x", "ev/out.jpg"),
        recorded(b"x", "ev/gone.jpg"),
        recorded(b"x", "ev/gone.jpg"),  # named twice: said once, and the rest checked
        recorded(b"photo", "ev/good.jpg"),
        recorded(b"x", "ev/last.jpg"),
    )
    run = verify(cli, alice, out)
    assert (run.exit_code, run.stderr) == (1, "1 document: 1 trusted\n")
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"{out}: trusted: signed by a trusted key (alice@coal.example ")
    said = [line.removeprefix(f"{out}: ") for line in lines[1:]]
    looped = said.pop(5)
    assert said == [
        "evidence-missing: ev/b.jpg: the file does not exist; ev/B.JPG differs only in letter "
        "case (rename it as recorded)",
        "evidence-changed: ev/short.jpg: 4 bytes where 5 were recorded",
        "evidence-changed: ev/other.jpg: its SHA-256 differs from the recorded one",
        "evidence-missing: ev/dir: a directory is there, not the file",
        "evidence-missing: ev/pipe: not a regular file (a FIFO)",
        "evidence-missing: ev/out.jpg: a link to a place outside the document's directory is "
        "there; the file was not read (copy the file in)",
        "evidence-missing: ev/gone.jpg: the file does not exist",
        "evidence-missing: ev/last.jpg: the file does not exist",
    ]
    assert looped == (  # (one line on every Python: a RuntimeError before 3.13, then ELOOP)
        "evidence-missing: ev/loop: cannot be read: a symbolic link that leads to no file (a "
        "loop, or its target is gone)"
    )
    as_json = verify(cli, alice, out, "--json")
    assert (as_json.exit_code, as_json.stderr) == (1, "")
    [file] = json.loads(as_json.stdout)["data"]["files"]
    assert [(e["path"], e["status"]) for e in file["evidence"]] == [
        ("ev/b.jpg", "evidence-missing"),
        ("ev/short.jpg", "evidence-changed"),
        ("ev/other.jpg", "evidence-changed"),
        ("ev/dir", "evidence-missing"),
        ("ev/pipe", "evidence-missing"),
        ("ev/loop", "evidence-missing"),
        ("ev/out.jpg", "evidence-missing"),
        ("ev/gone.jpg", "evidence-missing"),
        ("ev/last.jpg", "evidence-missing"),
    ]
    assert file["evidence"][1]["detail"] == "4 bytes where 5 were recorded"
    (ev / "pipe").unlink()  # no pipe left behind for a later command to block on


def test_files_as_recorded_say_nothing_and_exit_0(cli: Any, alice: Who, tmp_path: Path) -> None:
    (tmp_path / "ev").mkdir()
    (tmp_path / "ev" / "a.jpg").write_bytes(b"photo")
    (tmp_path / "b.jpg").write_bytes(b"")
    out = signed(alice, tmp_path, recorded(b"photo", "ev/a.jpg"), recorded(b"", "b.jpg"))
    run = verify(cli, alice, out)
    assert (run.exit_code, run.stderr) == (0, "1 document: 1 trusted\n")
    assert len(run.stdout.splitlines()) == 1
    as_json = verify(cli, alice, out, "--json")
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout)["data"]["files"][0]["evidence"] == []


def test_a_follow_up_s_evidence_is_checked_beside_it(cli: Any, alice: Who, tmp_path: Path) -> None:
    (tmp_path / "after.jpg").write_bytes(b"after")
    event = Event(
        f"{INSPECTION}/gas-overlimit",
        "rectified",
        CREATED + dt.timedelta(days=1),
        note="done",
        evidence=(recorded(b"after", "after.jpg"), recorded(b"gone", "gone.jpg")),
    )
    out = tmp_path / "f.toml"
    out.write_bytes(followup(alice, event))
    run = verify(cli, alice, out)
    assert run.exit_code == 1
    assert run.stdout.splitlines()[1:] == [
        f"{out}: evidence-missing: gone.jpg: the file does not exist"
    ]


def test_a_file_that_grows_past_the_limit_while_read_is_refused_with_the_count_read() -> None:
    """`inspect` checks the size before reading; a file that grows after that check is
    stopped in the reading, at the first piece (1 MiB) past the limit."""
    from minecheck.core.evidence import TooLarge, file_digest

    mib = 1 << 20
    data = bytes(range(256)) * (2 * mib // 256) + b"tail"
    assert file_digest(io.BytesIO(data)) == (hashlib.sha256(data).hexdigest(), 2 * mib + 4)
    assert file_digest(io.BytesIO(data), 2 * mib + 4) == (
        hashlib.sha256(data).hexdigest(),
        2 * mib + 4,
    )
    assert file_digest(io.BytesIO(b"")) == (hashlib.sha256(b"").hexdigest(), 0)
    with pytest.raises(TooLarge) as grown:
        file_digest(io.BytesIO(data), 2 * mib + 3)
    assert grown.value.size == 2 * mib + 4
    with pytest.raises(TooLarge) as grown:
        file_digest(io.BytesIO(data), mib)
    assert grown.value.size == 2 * mib  # the second piece read, not the whole file


def test_a_relative_path_is_found_part_by_part_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the prompter does with a reason typed as a file name (relative, as typed): each
    part kept, the one in the other Unicode spelling found beside it."""
    from minecheck.core.evidence import find_on_disk

    cafe_nfc = unicodedata.normalize("NFC", "café.jpg")
    cafe_nfd = unicodedata.normalize("NFD", "café.jpg")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ev").mkdir()
    (tmp_path / "ev" / cafe_nfd).write_bytes(b"photo")
    assert find_on_disk(Path("ev") / cafe_nfc) == Path("ev") / cafe_nfd
    assert find_on_disk(Path("ev") / "none.jpg") == Path("ev") / "none.jpg"
    assert find_on_disk(Path(cafe_nfc)) == Path(cafe_nfc)


def test_the_directory_itself_given_as_evidence_is_said_a_directory(tmp_path: Path) -> None:
    """Not refused as a name that ends in a dot (Windows cannot hold those)."""
    from minecheck.session.rules import AnswerError, evidence_resolver

    for given in (".", "./"):
        with pytest.raises(AnswerError) as refused:
            evidence_resolver(tmp_path, tmp_path)(given)
        assert refused.value.said() == f"evidence {given} is a directory, not a file"  # (as typed)


def test_a_name_of_letters_windows_holds_is_recorded(tmp_path: Path) -> None:
    """Only < > : " | ? * and control characters are refused of a name's characters."""
    from minecheck.session.rules import evidence_resolver

    (tmp_path / "X-ray 1 (b&w) [a], #2.jpg").write_bytes(b"scan")
    found = evidence_resolver(tmp_path, tmp_path)("X-ray 1 (b&w) [a], #2.jpg")
    assert (found.path, found.bytes) == ("X-ray 1 (b&w) [a], #2.jpg", 4)


def test_a_name_too_long_for_the_disk_cannot_be_read(cli: Any, alice: Who, tmp_path: Path) -> None:
    name = "a" * 300 + ".jpg"  # the document holds it; the disk holds 255 bytes a name
    out = signed(alice, tmp_path, recorded(b"photo", name))
    run = verify(cli, alice, out)
    assert run.exit_code == 1
    assert run.stdout.splitlines()[1:] == [
        f"{out}: evidence-missing: {name}: cannot be read: File name too long"
    ]
