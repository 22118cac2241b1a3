"""A result cache that cannot be used, for a reason the user must mend, is said once per run
of summary and export: one warning naming what is in the way and why, its hint, exit code as
without it (no result differs), `cache-off` in `--json`. `--no-cache`, a sound warm cache and
one merely busy say nothing new."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.sanitize import shell_word
from tests.test_mutated92 import COMMANDS, every_kind_with_a_cache

SAID = {
    "en": (
        "minecheck: warning: the result cache is off: {path} is not a file or folder minecheck "
        "can use; every run reads every file again",
        "  hint: move {word} away; the next run makes the cache anew",
    ),
    "zh": (
        "minecheck: warning: 结果缓存已停用：{path} 不是 minecheck 能使用的文件或文件夹；"
        "每次运行都会重新读取全部文件",
        "  hint: 请将 {word} 移走；下次运行会重新建立缓存",
    ),
}
OPEN = {
    "en": (
        "minecheck: warning: the result cache is off: {path} can be written by group or others; "
        "every run reads every file again",
        "  hint: chmod 600 {word}",
    ),
    "zh": (
        "minecheck: warning: 结果缓存已停用：{path} 可被同组或其他用户写入；"
        "每次运行都会重新读取全部文件",
        "  hint: chmod 600 {word}",
    ),
}


def _directory(cache: Path) -> dict[str, tuple[str, str]]:
    cache.parent.mkdir(parents=True, mode=0o700)
    cache.mkdir()
    return SAID


def _open_to_group(cache: Path) -> dict[str, tuple[str, str]]:
    cache.parent.mkdir(parents=True, mode=0o700)
    cache.write_bytes(b"")
    os.chmod(cache, 0o660)
    return OPEN


BROKEN = {"a directory in its place": _directory, "writable by its group": _open_to_group}
RUNS = {**COMMANDS, "export events": ["export", "--rows", "events", "--include-untrusted"]}


@pytest.mark.parametrize("command", sorted(RUNS))
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_a_cache_in_the_way_is_said_once(
    cli: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    lang: str,
    broken: str,
) -> None:
    home, docs = every_kind_with_a_cache(tmp_path, monkeypatch)
    cache = home / "cache" / "results.sqlite3"
    said = BROKEN[broken](cache)
    name, *rest = RUNS[command]
    args = [name, str(docs), *rest, "--lang", lang]
    plain = cli([*args, "--no-cache"])
    for _ in range(2):  # every run says it, once
        run = cli(args)
        assert (run.exit_code, run.stdout) == (plain.exit_code, plain.stdout)
        lines = run.stderr.splitlines()
        warning, hint = (s.format(path=cache, word=shell_word(cache)) for s in said[lang])
        at = lines.index(warning)
        assert lines[at + 1] == hint
        assert lines[:at] + lines[at + 2 :] == plain.stderr.splitlines()
    enveloped = json.loads(cli([*args, "--json"]).stdout)
    off = [p for p in enveloped["problems"] if p["code"] == "cache-off"]
    assert [(p["path"], p["message"]) for p in off] == [(str(cache), warning.split(": ", 2)[2])]
    assert enveloped["exit_code"] == plain.exit_code


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_cache_and_a_sound_cache_say_nothing_new(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    _home, docs = every_kind_with_a_cache(tmp_path, monkeypatch)
    name, *rest = COMMANDS[command]
    args = [name, str(docs), *rest]
    plain = cli([*args, "--no-cache"])
    for run in (cli(args), cli(args), cli([*args, "--no-cache"])):  # cold, warm, no cache
        assert (run.exit_code, run.stdout, run.stderr) == (
            plain.exit_code,
            plain.stdout,
            plain.stderr,
        )
        assert "cache-off" not in run.stderr
        assert "the result cache" not in run.stderr


def _fresh(tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir(parents=True, mode=0o700)
    return folder / "results.sqlite3"


def test_what_is_in_the_way_is_named(tmp_path: Path) -> None:
    """A FIFO for the file, a directory for its WAL or a file for its folder: each named."""
    from minecheck.report.cache import ResultCache, ToMend, take_to_mend

    take_to_mend()
    cache = _fresh(tmp_path / "fifo")
    os.mkfifo(cache)
    assert not ResultCache(cache, "v").enabled
    assert take_to_mend() == ToMend("in-the-way", cache)
    cache = _fresh(tmp_path / "wal")
    wal = cache.with_name(cache.name + "-wal")
    wal.mkdir()
    assert not ResultCache(cache, "v").enabled
    assert take_to_mend() == ToMend("in-the-way", wal)
    folder = tmp_path / "file"
    folder.write_bytes(b"")
    assert not ResultCache(folder / "results.sqlite3", "v").enabled
    assert take_to_mend() == ToMend("in-the-way", folder)
    assert take_to_mend() is None  # said once


def test_a_busy_cache_is_not_for_the_user_to_mend(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run holds the cache (an exclusive lock): off for this run, nothing to say."""
    import sqlite3

    from minecheck.report import cache as cache_module
    from minecheck.report.cache import ResultCache, take_to_mend

    monkeypatch.setattr(cache_module, "BUSY_TIMEOUT_S", 0.1)
    cache = _fresh(tmp_path)
    ResultCache(cache, "v").close()
    holder = sqlite3.connect(cache, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        take_to_mend()
        busy = ResultCache(cache, "other")
        assert not busy.enabled
        assert busy.problem is not None
        assert "locked" in busy.problem
        assert take_to_mend() is None
    finally:
        holder.close()


def test_a_full_disk_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write the disk refuses as full turns the cache off and names its folder."""
    import sqlite3

    from minecheck.report.cache import ResultCache, ToMend, take_to_mend

    cache = _fresh(tmp_path)
    opened = ResultCache(cache, "v")
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = sqlite3.SQLITE_FULL
    take_to_mend()
    opened._failed(full)
    assert not opened.enabled
    assert take_to_mend() == ToMend("full", cache.parent)
