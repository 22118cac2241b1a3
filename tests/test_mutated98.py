"""Mutation round 98: tests that kill the survivors of the session's new code (files as Windows
tools write them, the walk's whitespace and a byte-order mark on a later line of a list, a file
that is not a regular file said with its kind, one byte in the singular, a merged file's
sources' faults). Each asserts what a user notices."""

from __future__ import annotations

import hashlib
import json
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import Who, allowed_signers, findings, make_merged, person, store_for
from tests.test_evidence_form import recorded, signed, verify
from tests.test_mutated97 import NOT_A_DOCUMENT
from tests.test_windows_files import ANSWERS, CHECKLIST


@pytest.fixture(scope="module")
def alice(tmp_path_factory: pytest.TempPathFactory) -> Who:
    return person(tmp_path_factory.mktemp("keys"), "alice")


SOCKET_SAID = {
    "en": "f.toml: evidence-missing: ev/s.jpg: not a regular file (a socket)",
    "zh": "f.toml: evidence-missing: ev/s.jpg: 不是普通文件（套接字）",
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
    assert evidence["detail"] == "not a regular file (a socket)"


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


def test_a_checklist_in_utf_16_with_lf_ends_is_told_a_command_without_tr(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`tr -d '\\r'` is in the command only where the text holds a CR: a checklist in UTF-16
    with LF ends (iconv's, not Notepad's) is told the command without it, and that command
    makes one `lint` takes."""
    import subprocess

    monkeypatch.chdir(tmp_path)
    Path("lists").mkdir()
    text = Path(CHECKLIST).read_text("utf-8")
    Path("lists/mini-check.toml").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    run = cli(["checklists", "lint", "lists/mini-check.toml"])
    assert run.exit_code == 1
    said = run.stderr.splitlines()
    command = next(line for line in said if "iconv" in line).strip()
    assert command == (
        "mkdir -p lists/utf-8 && iconv -f UTF-16 -t UTF-8 lists/mini-check.toml "
        "> lists/utf-8/mini-check.toml"
    )
    subprocess.run(["sh", "-c", command], check=True)
    again = cli(["checklists", "lint", "lists/utf-8/mini-check.toml"])
    assert (again.exit_code, again.stderr) == (0, "1 file checked, 0 problems\n")


def test_a_utf_16_file_without_a_suffix_in_a_dotted_folder_is_converted_beside_it(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The converted file's name takes `.utf-8` before the name's suffix; a name without one,
    in a folder whose name has a dot (`in.d/a`), takes it at its end: the folder is kept."""
    monkeypatch.chdir(tmp_path)
    Path("in.d").mkdir()
    Path("in.d/a").write_bytes(b"\xff\xfe" + ANSWERS.encode("utf-16-le"))
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "in.d/a"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[2] == "    iconv -f UTF-16 -t UTF-8 in.d/a > in.d/a.utf-8"


WIDE_DOCUMENTS = {
    "en": [
        "w.toml:1:1: not UTF-8: it is UTF-16 text (it starts with a UTF-16 byte-order mark); "
        "save it as UTF-8",
        "g.toml:1:1: not UTF-8: byte 0xff cannot be decoded",
        "h.toml:1:1: not UTF-8: byte 0xff cannot be decoded",
        "3 documents: 3 malformed",
    ],
    "zh": [
        "w.toml:1:1: 不是 UTF-8：这是 UTF-16 文本（以 UTF-16 字节顺序标记开头）；请另存为 UTF-8",
        "g.toml:1:1: 不是 UTF-8：字节 0xff 无法解码",
        "h.toml:1:1: 不是 UTF-8：字节 0xff 无法解码",
        "共 3 份文件：文件格式错误 3 份",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_document_in_utf_16_is_malformed_naming_its_encoding_without_a_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A document is not told a command (its copy would not be the bytes signed): `verify`
    says its encoding at 1:1 with no hint; bytes that begin with UTF-16's mark and read as no
    UTF-16 (an odd count), or begin with UTF-32's and read as no UTF-32 (the longer mark is
    the one read), are said by their first byte; exit 1."""
    monkeypatch.chdir(tmp_path)
    Path("w.toml").write_bytes(b"\xff\xfea\x00b\x00")
    Path("g.toml").write_bytes(b"\xff\xfe\x00")
    Path("h.toml").write_bytes(b"\xff\xfe\x00\x00a\x00")
    run = cli(["verify", "w.toml", "g.toml", "h.toml", "--lang", lang])
    assert run.exit_code == 1
    assert run.stderr.splitlines() == WIDE_DOCUMENTS[lang]


NO_TERMINAL = {  # the command, then its lines on stderr in English and in Chinese
    "show": (
        ["show", "/dev/tty"],
        ["minecheck: error: /dev/tty: not a regular file (a character device)"],
        ["minecheck: error: /dev/tty：不是普通文件（字符设备）"],
    ),
    "verify": (
        ["verify", "/dev/tty"],
        ["/dev/tty: not a regular file (a character device)", "1 document: 1 unreadable"],
        ["/dev/tty: 不是普通文件（字符设备）", "共 1 份文件：无法读取 1 份"],
    ),
}


@pytest.mark.skipif(not Path("/dev/tty").exists(), reason="no /dev/tty here")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", NO_TERMINAL)
def test_the_terminal_device_named_without_a_terminal_is_said_as_a_device(
    lang: str, command: str
) -> None:
    """`/dev/tty` named where there is no terminal (a job run by cron, `setsid`): its open
    fails (ENXIO) and it was `cannot read: No such device or address`, where `/dev/null` says
    `not a regular file (a character device)`. Said one way, with its kind; exit 2."""
    import os
    import subprocess
    import sys

    args, en, zh = NO_TERMINAL[command]
    run = subprocess.run(
        [sys.executable, "-m", "minecheck", *args, "--lang", lang],
        env={**os.environ, "NO_COLOR": "1"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
        start_new_session=True,  # (no controlling terminal)
        timeout=120,
    )
    assert (run.returncode, run.stdout) == (2, b"")
    assert run.stderr.decode("utf-8").splitlines() == (en if lang == "en" else zh)


def test_a_byte_order_mark_on_the_third_line_of_a_list_is_refused_at_the_third(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three lists joined, the third saved with a mark: the refusal names line 3, where the
    mark is (not the second line, which has none). (A mark inside a line is refused too, where
    it is: a list not ending its last line joined to one saved with a mark; round 25.)"""
    monkeypatch.chdir(tmp_path)
    for name in ("a.toml", "b.toml", "c.toml"):
        Path(name).write_bytes(b"")
    run = cli(["verify", "-"], input="a.toml\nb.toml\n\ufeffc.toml\n".encode())
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == (
        "<stdin>:3:1: a line starts with a UTF-8 byte-order mark (BOM): lists saved with one "
        "were joined; save each as UTF-8 without BOM"
    )


def test_a_text_of_ascii_only_has_its_tab_and_vertical_tab_made_spaces() -> None:
    """The walk's text typed without a character past ASCII (`Shaft<VT>2`, Word's line break
    pasted into an English description) is made spaces as a Chinese one is: a text passes
    unchanged only where it is printable ASCII."""
    from minecheck.core.sanitize import as_spaces

    assert as_spaces("Shaft\x0b2\tnorth\x0cend") == "Shaft 2 north end"
    assert as_spaces("Shaft 2 north") == "Shaft 2 north"


NESTED_FAULT = {
    "en": "m.toml#1#{n}:1:1: missing the [minecheck] table",
    "zh": "m.toml#1#{n}:1:1: 缺少 [minecheck] 表",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["verify", "summary", "export"])
def test_a_merged_file_of_a_merged_file_names_the_inner_source_s_fault(
    cli: Any, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str,
    command: str,
) -> None:  # fmt: skip
    """A merged file holding a merged file whose source is malformed: each command names that
    source's fault at its own path, two levels down (`m.toml#1#2:1:1: ...`), as `extract`
    twice would find it."""
    monkeypatch.chdir(tmp_path)
    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    good = findings(alice, ["compliant", "noncompliant", "compliant"])
    inner = make_merged(alice, [good, NOT_A_DOCUMENT], store_for(alice))
    Path("m.toml").write_bytes(make_merged(alice, [inner], store_for(alice)))
    by_sha = sorted([good, NOT_A_DOCUMENT], key=lambda b: hashlib.sha256(b).hexdigest())
    n = 1 + by_sha.index(NOT_A_DOCUMENT)  # (sources are kept in sha256 order)
    run = cli([command, "m.toml", "--allowed-signers", str(trust), "--lang", lang])
    assert NESTED_FAULT[lang].format(n=n) in run.stderr.splitlines()
