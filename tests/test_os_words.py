"""What the operating system said of a failed read or write, in the user's language: the
system's own words in English (as they always were), Chinese words for the common errors in
Chinese (`minecheck.os_words`), in every message that carries them."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from minecheck.cli._output import os_error_message
from minecheck.errors import StandardOutputError
from minecheck.i18n import set_language
from minecheck.os_words import ZH_BY_ERRNO, os_reason, os_words
from minecheck.report.reasons_zh import reworded
from tests.conftest import Run
from tests.helpers_docs import findings_body


def _run(cli: Any, args: list[str], lang: str) -> Run:
    run: Run = cli([*args, "--lang", lang])
    return run


def _refused(cli: Any, args: list[str], lang: str) -> str:
    """The first line of stderr of a run in LANG that ended with exit code 2."""
    run = _run(cli, args, lang)
    assert run.exit_code == 2, run.stderr
    return run.stderr.splitlines()[0]


THROUGH_A_FILE = "f/x.toml"  # (a path through a file: ENOTDIR)
TOO_LONG = "a" * 300 + ".toml"  # (ENAMETOOLONG)


@pytest.mark.parametrize(
    ("command", "name", "lang", "line"),
    [
        *(
            (command, THROUGH_A_FILE, lang, line)
            for command in ("verify", "show", "sign")
            for lang, line in (
                ("en", "minecheck: error: {p}: cannot read: Not a directory"),
                ("zh", "minecheck: error: {p}：无法读取：路径中有一段不是目录"),
            )
        ),
        ("show", TOO_LONG, "en", "minecheck: error: {p}: cannot read: File name too long"),
        ("show", TOO_LONG, "zh", "minecheck: error: {p}：无法读取：文件名过长"),
        # (the reports record a file's reason in English and say it in the report's language)
        (
            "summary",
            THROUGH_A_FILE,
            "en",
            "minecheck: warning: {p}: left out: unreadable: cannot read: Not a directory",
        ),
        (
            "summary",
            THROUGH_A_FILE,
            "zh",
            "minecheck: warning: {p}：未计入：unreadable：无法读取：路径中有一段不是目录",
        ),
    ],
)
def test_a_file_that_cannot_be_read(
    cli: Any, tmp_path: Path, command: str, name: str, lang: str, line: str
) -> None:
    (tmp_path / "f").write_text("")
    path = tmp_path / name
    assert _refused(cli, [command, str(path)], lang) == line.format(p=path)


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "minecheck: error: {p}: cannot write: Read-only file system; nothing was written"),
        ("zh", "minecheck: error: {p}：无法写入：只读文件系统；未写入任何内容"),
    ],
)
def test_an_output_that_cannot_be_written(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, line: str
) -> None:
    """`sign -o` into a place that cannot be written (a read-only file system, faked: the
    suite may run as root): said, and nothing written. (A path through a file is said as a
    directory that is not one: tests/test_script_contract.py.)"""
    run = cli(["keys", "generate", "--principal", "alice@mine.example", "--json"])
    assert run.exit_code == 0, run.stderr
    doc = tmp_path / "doc.toml"
    body = findings_body("alice@mine.example", run.json()["data"]["fingerprint"])
    doc.write_bytes(body)
    out = tmp_path / "signed.toml"

    def read_only(directory: Path, *args: Any) -> Any:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(directory))

    monkeypatch.setattr("minecheck.fileio._new_temporary", read_only)
    run = _run(cli, ["sign", str(doc), "-o", str(out)], lang)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [line.format(p=out)]
    assert doc.read_bytes() == body
    assert not out.exists()


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "{p}: cannot list this directory: Permission denied"),
        ("zh", "{p}: 无法列出此目录：权限不足"),
    ],
)
def test_a_folder_that_cannot_be_listed(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, line: str
) -> None:
    locked = tmp_path / "docs" / "locked"
    locked.mkdir(parents=True)
    real_scandir = os.scandir

    def scandir(path: str) -> Any:
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    run = _run(cli, ["verify", str(tmp_path / "docs")], lang)
    assert run.exit_code == 2
    assert line.format(p=locked) in run.stderr.splitlines()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "cannot create {p}: Read-only file system"),
        ("zh", "无法创建 {p}：只读文件系统"),
    ],
)
def test_a_key_that_cannot_be_written(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, lang: str, said: str
) -> None:
    def open_new(path: Any, mode: int) -> int:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr("minecheck.core.keys.open_new", open_new)
    run = _run(cli, ["keys", "generate", "--principal", "a@example.org"], lang)
    assert run.exit_code == 2
    key = isolated_home / "keys" / "a@example.org"
    assert run.stderr.splitlines()[-1] == "minecheck: error: " + said.format(p=key)


def test_standard_output_full() -> None:
    exc = StandardOutputError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert os_error_message(exc) == "cannot write to standard output: No space left on device"
    set_language("zh")
    assert os_error_message(exc) == "无法写入标准输出：设备上没有剩余空间"


def test_english_is_the_systems_own_words() -> None:
    """English output is byte for byte what the system said, for every error of the table (a
    loop of links, ELOOP, is said in the project's words by `os_reason`: test_loop_words)."""
    for number in ZH_BY_ERRNO:
        said = os.strerror(number)
        assert os_words(said, "en") == said
        if number == errno.ELOOP:
            continue
        assert os_reason(OSError(number, said, "x")) == said
        assert os_reason(OSError(number, said), "en") == said


def test_chinese_for_the_common_errors_and_the_errno_named_for_the_rest() -> None:
    set_language("zh")
    assert os_reason(PermissionError(errno.EACCES, os.strerror(errno.EACCES))) == "权限不足"
    assert os_reason(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), "zh") == (
        "设备上没有剩余空间"
    )
    rare = OSError(errno.ENOEXEC, os.strerror(errno.ENOEXEC))
    assert os_reason(rare) == f"系统错误（ENOEXEC）：{os.strerror(errno.ENOEXEC)}"
    # words the project wrote itself into an OSError are kept as written
    assert os_reason(OSError(errno.ENXIO, "套接字，不是文件")) == "套接字，不是文件"
    # the errors this table names are each said in Chinese, none in the system's words
    wanted = {"ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "ENOSPC", "EROFS", "EEXIST"}
    wanted |= {"ENAMETOOLONG", "EMFILE", "ENFILE", "EIO", "EBUSY", "EXDEV", "ETXTBSY"}
    for name in wanted:
        number = getattr(errno, name)
        chinese = os_reason(OSError(number, os.strerror(number)))
        assert chinese == ZH_BY_ERRNO[number]
        assert chinese.isascii() is False, name
    # (a loop's system words, recorded before, still read in Chinese; `os_reason` says the
    # project's words for one: test_loop_words)
    said = os.strerror(errno.ELOOP)
    assert os_words(said, "zh") == ZH_BY_ERRNO[errno.ELOOP]


def test_a_reports_reason_in_chinese() -> None:
    assert reworded("cannot be read: Permission denied") == "无法读取：权限不足"
    assert reworded("cannot read: Input/output error") == "无法读取：输入/输出错误"
    said = "无法读取：系统错误（ENOEXEC）：Exec format error"
    assert reworded("cannot be read: Exec format error") == said


@pytest.mark.parametrize("target", ["nowhere.toml", "loop.toml"])
@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "en",
            "minecheck: error: {p}: a symbolic link that leads to no file (a loop, or its target "
            "is gone)",
        ),
        ("zh", "minecheck: error: {p}：符号链接不指向任何文件（链接成环，或目标已不存在）"),
    ],
)
@pytest.mark.parametrize("command", ["verify", "show"])
def test_a_link_to_nothing(
    cli: Any, tmp_path: Path, command: str, lang: str, line: str, target: str
) -> None:
    """A dead link or a loop of links (ELOOP) named: in Chinese after a Chinese colon, as every
    other message of a path (`loop.toml: 符号链接…` before)."""
    path = tmp_path / "loop.toml"
    path.symlink_to(target)
    assert _refused(cli, [command, str(path)], lang) == line.format(p=path)


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "minecheck: error: {p}: Read-only file system"),
        ("zh", "minecheck: error: {p}：只读文件系统"),
    ],
)
def test_a_home_on_a_read_only_place(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, lang: str, line: str
) -> None:
    """An error no command words itself (the minecheck home made on a read-only filesystem) is
    said as the path and the system's words: in Chinese after a Chinese colon, in its words."""

    def read_only(path: Any, *args: Any, **kwargs: Any) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr("minecheck.fileio.make_directory", read_only)
    run = _run(cli, ["keys", "generate", "--principal", "a@example.org"], lang)
    assert run.exit_code == 2
    assert run.stderr.splitlines()[-1] == line.format(p=isolated_home / "keys")
