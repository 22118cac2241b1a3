"""Loose ends 32: a result cache off for a reason no `chmod` mends is said with what the user can
do; another user's cache names its owner; `site-codes-alike` says what tells the codes apart and
shortens a very long code; `show` of a merged file gives each hidden danger's description and
clause from the sources that record it."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.sanitize import shell_word
from tests.test_mutated92 import COMMANDS, every_kind_with_a_cache

UNUSABLE = {
    "en": (
        "minecheck: warning: the result cache is off for this run: {path} cannot be used "
        "({reason})",
        "  hint: if this is said again, remove {word} (the next run makes the cache anew), or "
        "pass --no-cache to go without it",
    ),
    "zh": (
        "minecheck: warning: 本次运行未使用结果缓存：{path} 无法使用（{reason}）",
        "  hint: 如果再次出现此提示，请删除 {word}（下次运行会重新建立缓存），"
        "或加上 --no-cache 不使用缓存",
    ),
}
THEIRS = {
    "en": (
        "minecheck: warning: the result cache is off: {path} belongs to another user, {owner}; "
        "every run reads every file again",
        "  hint: move {word} away; the next run makes the cache anew",
    ),
    "zh": (
        "minecheck: warning: 结果缓存已停用：{path} 属于另一个用户 {owner}；"
        "每次运行都会重新读取全部文件",
        "  hint: 请将 {word} 移走；下次运行会重新建立缓存",
    ),
}


def _said_beside(cli: Any, args: list[str], lines: tuple[str, ...]) -> None:
    """Each of two runs says `lines` once, between what `--no-cache` says; stdout and exit code
    as `--no-cache`'s; `--json` gives it as `cache-off`."""
    plain = cli([*args, "--no-cache"])
    for _ in range(2):
        run = cli(args)
        assert (run.exit_code, run.stdout) == (plain.exit_code, plain.stdout)
        said = run.stderr.splitlines()
        at = said.index(lines[0])
        assert said[at + 1] == lines[1]
        assert said[:at] + said[at + 2 :] == plain.stderr.splitlines()
    enveloped = json.loads(cli([*args, "--json"]).stdout)
    off = [p["message"] for p in enveloped["problems"] if p["code"] == "cache-off"]
    assert off == [lines[0].split(": ", 2)[2]]
    assert enveloped["exit_code"] == plain.exit_code


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_damaged_cache_that_cannot_be_made_anew_is_said_with_what_to_do(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, lang: str
) -> None:
    """A cache file that is no database and cannot be deleted (a read-only mount, a file made
    immutable): every run was cold and said nothing."""
    from minecheck.report.cache import ResultCache

    home, docs = every_kind_with_a_cache(tmp_path, monkeypatch)
    cache = home / "cache" / "results.sqlite3"
    cache.parent.mkdir(parents=True, mode=0o700)
    cache.write_bytes(b"not a database " * 100)
    os.chmod(cache, 0o600)
    monkeypatch.setattr(ResultCache, "_discard", lambda self: None)
    said = tuple(
        s.format(path=cache, word=shell_word(cache), reason="file is not a database")
        for s in UNUSABLE[lang]
    )
    name, *rest = COMMANDS[command]
    _said_beside(cli, [name, str(docs), *rest, "--lang", lang], said)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_io_error_is_said_with_what_to_do(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """SQLite fails to read a sound file (a failing disk): off, and said, with the reason."""
    from minecheck.report.cache import ResultCache

    home, docs = every_kind_with_a_cache(tmp_path, monkeypatch)
    cache = home / "cache" / "results.sqlite3"

    def failing(self: ResultCache) -> sqlite3.Connection:
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = sqlite3.SQLITE_IOERR
        raise error

    monkeypatch.setattr(ResultCache, "_connect", failing)
    said = tuple(
        s.format(path=cache, word=shell_word(cache), reason="disk I/O error")
        for s in UNUSABLE[lang]
    )
    name, *rest = COMMANDS["summary"]
    _said_beside(cli, [name, str(docs), *rest, "--lang", lang], said)


def test_a_damaged_cache_made_anew_says_nothing(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged cache file minecheck can delete is made anew: nothing to say."""
    home, docs = every_kind_with_a_cache(tmp_path, monkeypatch)
    cache = home / "cache" / "results.sqlite3"
    cache.parent.mkdir(parents=True, mode=0o700)
    cache.write_bytes(b"not a database " * 100)
    os.chmod(cache, 0o600)
    name, *rest = COMMANDS["summary"]
    args = [name, str(docs), *rest]
    plain = cli([*args, "--no-cache"])
    run = cli(args)
    assert (run.exit_code, run.stdout, run.stderr) == (plain.exit_code, plain.stdout, plain.stderr)


def test_a_value_found_damaged_mid_run_and_not_deleted_is_said(tmp_path: Path) -> None:
    """A database error met after opening (a damaged page) deletes the file for the next run; a
    file that stays (it cannot be deleted) is said, as no next run would mend it."""
    from minecheck.report.cache import ResultCache, ToMend, take_to_mend

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    path = folder / "results.sqlite3"
    take_to_mend()
    opened = ResultCache(path, "v")
    opened._failed(sqlite3.DatabaseError("database disk image is malformed"))
    assert take_to_mend() is None  # deleted: the next run makes it anew
    opened = ResultCache(path, "v")
    opened._discard = lambda: None  # type: ignore[method-assign]
    opened._failed(sqlite3.DatabaseError("database disk image is malformed"))
    assert take_to_mend() == ToMend("unusable", path, "database disk image is malformed")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_another_users_cache_names_its_owner(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The cache folder is another user's (a run under sudo made it root's): the warning names
    the owner, who can tell the user where it came from; the hint stays `move it away` (a
    rename needs rights over the folder that holds it, not over the cache: no `sudo`)."""
    import pwd

    home, docs = every_kind_with_a_cache(tmp_path, monkeypatch)
    folder = home / "cache"
    folder.mkdir(parents=True, mode=0o700)
    owner = pwd.getpwuid(folder.stat().st_uid).pw_name
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 4242)
    said = tuple(s.format(path=folder, word=shell_word(folder), owner=owner) for s in THEIRS[lang])
    name, *rest = COMMANDS["export"]
    _said_beside(cli, [name, str(docs), *rest, "--lang", lang], said)


def test_an_owner_without_a_name_is_named_by_number(tmp_path: Path) -> None:
    from minecheck.report.cache import ToMend, _in_the_way

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    if os.getuid() != 0:
        pytest.skip("giving a folder to a user id that has no name needs root")
    os.chown(folder, 54321, -1)
    assert _in_the_way(folder / "results.sqlite3") == ToMend("another-user", folder, "54321")
