"""Mutation round 98: tests that kill the survivors of the session's new code (files as Windows
tools write them, the walk's whitespace and a byte-order mark on a later line of a list, a file
that is not a regular file said with its kind, one byte in the singular, a merged file's
sources' faults). Each asserts what a user notices."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import Who, person
from tests.test_evidence_form import recorded, signed, verify
from tests.test_windows_files import ANSWERS, CHECKLIST


@pytest.fixture(scope="module")
def alice(tmp_path_factory: pytest.TempPathFactory) -> Who:
    return person(tmp_path_factory.mktemp("keys"), "alice")


SOCKET_SAID = {
    "en": "f.toml: evidence-missing: ev/s.jpg: cannot be read: not a regular file (a socket)",
    "zh": "f.toml: evidence-missing: ev/s.jpg: 无法读取：不是普通文件（套接字）",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_socket_where_evidence_was_recorded_is_said_with_its_kind(
    cli: Any, alice: Who, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`verify --evidence` where a socket has the evidence file's name: its open fails (ENXIO),
    and the line names what is there, a socket, in the words every reader says it; exit 1."""
    monkeypatch.chdir(tmp_path)
    Path("ev").mkdir()
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind("ev/s.jpg")
        out = signed(alice, Path("."), recorded(b"photo", "ev/s.jpg"))
        run = verify(cli, alice, out, "--lang", lang)
        as_json = verify(cli, alice, out, "--json", "--lang", lang)
    assert run.exit_code == 1
    assert run.stdout.splitlines()[1] == SOCKET_SAID[lang]
    assert as_json.exit_code == 1
    [evidence] = json.loads(as_json.stdout)["data"]["files"][0]["evidence"]
    assert evidence["detail"] == "cannot be read: not a regular file (a socket)"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_utf_16_file_whose_name_ends_in_a_line_break_is_told_the_command_without_names(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """No shell word names a file whose name ends in a line break (`$(...)` drops it): the
    command converting it is said without names, as for standard input; nothing is written."""
    monkeypatch.chdir(tmp_path)
    answers = ANSWERS.replace("\n", "\r\n")
    Path("a\n").write_bytes(b"\xff\xfe" + answers.encode("utf-16-le"))
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a\n", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[2] == "    iconv -f UTF-16 -t UTF-8"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a\n"]
