"""The session's changes attacked, round 24: a name written as on Windows where the drive is
mounted but the file is not on it, a name on a Windows network share, and bytes that read as
UTF-16 only of control characters (a binary file) said to be UTF-16 text."""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(os.sep != "/", reason="a Windows name begins a path there")

MOUNTED_NOT_THERE = {
    "en": "it names a file on the Windows drive C:, which is mounted here at {m}/c, but "
    "{m}/c/Users/li/a.toml is not there either",
    "zh": "它指向 Windows C: 盘上的文件，该盘在这里挂载于 {m}/c，但 {m}/c/Users/li/a.toml 也不存在",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("given", ["argument", "list"])
def test_a_drive_mounted_here_whose_file_is_not_on_it_is_not_said_to_be_no_path_here(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, given: str
) -> None:
    """Under WSL, where C: is mounted at /mnt/c, a name not on it (a typo, a file moved) was
    told `which is no path here: copy the files to this system`: the drive is right there."""
    from minecheck import fileio

    monkeypatch.chdir(tmp_path)
    mount = tmp_path / "mnt"
    (mount / "c" / "Users").mkdir(parents=True)
    monkeypatch.setattr(fileio, "WINDOWS_DRIVES", str(mount))
    name = "C:\\Users\\li\\a.toml"
    if given == "list":
        run = cli(["verify", "-", "--lang", lang], input=f"{name}\r\n".encode())
    else:
        run = cli(["verify", name, "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[1:] == ["  hint: " + MOUNTED_NOT_THERE[lang].format(m=mount)]
    assert [p.name for p in tmp_path.iterdir()] == ["mnt"]


SHARE = {
    "en": "it names a file on the Windows network share {share}, which is no path here: copy "
    "the files to this system and name them by their paths here",
    "zh": "它指向 Windows 网络共享 {share} 上的文件，这在这里不是路径：请把文件复制到本系统，"
    "再按它们在这里的路径给出",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "name",
    ["\\\\server\\share\\a.toml", '"\\\\server\\share\\insp\\a.toml"', "\\\\server\\share"],
)
def test_a_name_on_a_windows_network_share_is_told_so(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, name: str
) -> None:
    """Explorer's "Copy as path" of a file on a network folder writes `\\\\server\\share\\...`:
    a list of such names read here said `no such file` and nothing more, where a drive
    letter's is told it names a file on Windows."""
    monkeypatch.chdir(tmp_path)
    run = cli(["verify", "-", "--lang", lang], input=f"{name}\r\n".encode())
    assert (run.exit_code, run.stdout) == (2, "")
    said = {
        "en": f"minecheck: error: {name}: no such file",
        "zh": f"minecheck: error: {name}：文件不存在",
    }
    assert run.stderr.splitlines() == [
        said[lang],
        "  hint: " + SHARE[lang].format(share="\\\\server\\share"),
    ]


def test_a_hostile_share_name_is_shown_escaped_in_the_hint(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli(["verify", "\\\\ser\x1b[2Jver\\share\\a.toml"])
    assert run.exit_code == 2
    assert "\x1b" not in run.stderr
    assert run.stderr.splitlines()[1] == "  hint: " + SHARE["en"].format(
        share="\\\\ser\\u001b[2Jver\\share"
    )


def test_a_name_beginning_with_two_slashes_is_a_path_here_and_gets_no_hint(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli(["verify", "//server/share/a.toml"])
    assert run.stderr.splitlines() == ["minecheck: error: //server/share/a.toml: no such file"]


@pytest.mark.parametrize(
    "data",
    [
        struct.pack("<8H", 1, 2, 3, 4, 5, 6, 7, 8),  # 16-bit integers, little-endian
        struct.pack(">8H", 1, 2, 3, 4, 5, 6, 7, 8),
        "a = 1\x00\n".encode("utf-16-le"),  # a NUL is no character of any text
    ],
    ids=["le", "be", "nul"],
)
def test_bytes_that_read_as_utf_16_of_control_characters_are_not_said_to_be_text(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    """Markless UTF-16 is told by its NULs; a binary file of small 16-bit numbers has them in
    the same places, and was said `it reads as UTF-16LE text` with a command that made a file
    of control characters (refused next for those)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b.toml").write_bytes(data)
    run = cli(["checklists", "lint", "b.toml"])
    assert run.exit_code == 1
    assert "UTF-16" not in run.stdout + run.stderr
    assert "iconv" not in run.stdout + run.stderr


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_markless_utf_16_text_with_tabs_and_crs_is_still_said_to_be_utf_16(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codec: str
) -> None:
    """(A guard: the line ends and tabs Windows text holds are text.)"""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b.toml").write_bytes("a\t= 1\r\nb = '中'\r\n".encode(codec))
    run = cli(["checklists", "lint", "b.toml"])
    name = {"utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE"}[codec]
    assert run.stdout.startswith(f"b.toml:1:1: not UTF-8: it reads as {name} text (UTF-16 ")


WIDE_DOCUMENT = {
    "en": [
        "u.toml: malformed: not a minecheck document",
        "u.toml:1:1: not UTF-8: it is UTF-16 text (it starts with a UTF-16 byte-order mark); "
        "save it as UTF-8",
    ],
    "zh": [
        "u.toml: malformed: 不是 minecheck 文件",
        "u.toml:1:1: 不是 UTF-8：这是 UTF-16 文本（以 UTF-16 字节顺序标记开头）；请另存为 UTF-8",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["verify", "summary"])
def test_a_signed_document_saved_as_utf_16_with_crlf_is_said_to_be_utf_16(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, command: str
) -> None:
    """PowerShell 5's `Get-Content a.toml > u.toml` writes UTF-16 with CR LF ends. The document
    was said `line endings were changed` with `tr -d '\\r' < u.toml > u-as-signed.toml`, whose
    file is UTF-16 with its CRs' NULs left in (`byte 0xff cannot be decoded` next): the CRs
    were judged before the encoding. It is said as a UTF-16 document with LF ends is."""
    from tests.helpers_merge import findings, person

    monkeypatch.chdir(tmp_path)
    text = findings(person(tmp_path, "alice"), ["noncompliant", "compliant", "compliant"])
    wide = text.decode("utf-8").replace("\n", "\r\n").encode("utf-16")
    (tmp_path / "u.toml").write_bytes(wide)
    (tmp_path / "lf.toml").write_bytes(text.decode("utf-8").encode("utf-16"))
    run = cli(
        [command, "u.toml", "--lang", lang] + (["--no-cache"] if command == "summary" else [])
    )
    assert "tr -d" not in run.stdout + run.stderr
    said = (run.stdout + run.stderr).splitlines()
    assert WIDE_DOCUMENT[lang][1] in said
    if command == "verify":
        assert (run.exit_code, said[0]) == (1, WIDE_DOCUMENT[lang][0])
    lf = cli(
        [command, "lf.toml", "--lang", lang] + (["--no-cache"] if command == "summary" else [])
    )
    assert (lf.exit_code, lf.stdout.replace("lf.toml", "u.toml")) == (run.exit_code, run.stdout)
    assert (tmp_path / "u.toml").read_bytes() == wide


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_drive_path_climbing_above_the_drive_is_not_told_a_file_outside_it(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """On Windows `C:\\..\\x` is `C:\\x` (no folder is above a drive's root); a list naming
    `C:\\..\\..\\outside\\a.toml` was told `mounted here at /mnt/c: /mnt/c/../../outside/a.toml`,
    a file that is not on the drive at all."""
    from minecheck import fileio

    monkeypatch.chdir(tmp_path)
    mount = tmp_path / "mnt"
    (mount / "c").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "a.toml").write_bytes(b"")
    monkeypatch.setattr(fileio, "WINDOWS_DRIVES", str(mount))
    run = cli(["verify", "C:\\..\\..\\outside\\a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    said = MOUNTED_NOT_THERE[lang].format(m=mount).replace("Users/li/a.toml", "outside/a.toml")
    assert run.stderr.splitlines()[1:] == ["  hint: " + said]


LOOP = {
    "en": "a symbolic link that leads to no file (a loop, or its target is gone)",
    "zh": "符号链接不指向任何文件（链接成环，或目标已不存在）",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_evidence_that_is_a_loop_of_links_is_said_so_in_verify(
    cli: Any, tmp_path: Path, lang: str
) -> None:
    """`verify --evidence` of evidence made a loop of links said `cannot be read: Symlink loop
    from '/abs/path/ev/loop.jpg'`: the language's own error, in English in a Chinese run, with
    the path as this machine has it; every other reader says a loop in its own words."""
    from tests.helpers_merge import person
    from tests.test_evidence_form import recorded, signed
    from tests.test_loose_ends5 import evidence_said

    alice = person(tmp_path, "alice")
    ev = tmp_path / "ev"
    ev.mkdir()
    (ev / "loop.jpg").symlink_to("other.jpg")
    (ev / "other.jpg").symlink_to("loop.jpg")
    out = signed(alice, tmp_path, recorded(b"photo", "ev/loop.jpg"))
    said = {
        "en": [f"evidence-missing: ev/loop.jpg: cannot be read: {LOOP['en']}"],
        "zh": [f"evidence-missing: ev/loop.jpg: 无法读取：{LOOP['zh']}"],
    }
    evidence_said(cli, alice, out, lang, said)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_evidence_given_to_the_walk_that_is_a_loop_of_links_is_said_so(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The walk said `evidence file loop.jpg cannot be read: Symlink loop from '...'`."""
    from tests.test_contract4 import inspected_with_evidence

    monkeypatch.chdir(tmp_path)
    Path("loop.jpg").symlink_to("other.jpg")
    Path("other.jpg").symlink_to("loop.jpg")
    _, run = inspected_with_evidence(cli, "loop.jpg", lang)
    assert (run.exit_code, run.stdout) == (2, "")
    said = {
        "en": f"a.toml:3:1: methane-return: evidence file loop.jpg cannot be read: {LOOP['en']}",
        "zh": f"a.toml:3:1: methane-return：佐证文件 loop.jpg 无法读取：{LOOP['zh']}",
    }
    assert run.stderr.splitlines()[0] == said[lang]
    assert str(tmp_path) not in run.stderr
