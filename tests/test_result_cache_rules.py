"""The result cache (report/cache.py) where a run meets another run, a damaged file or no home:
what it keeps, what it deletes, and that it is never an error. Found by mutating the module."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from minecheck.report import cache as cache_module
from minecheck.report.cache import FILE_NAME, LAYOUT, ResultCache, content_key, open_cache

KEY = content_key(b"a findings document")
LOCKED = "database is locked"


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another run's lock is waited for 50 ms, not 2 s (the tests hold locks on purpose)."""
    monkeypatch.setattr(cache_module, "BUSY_TIMEOUT_S", 0.05)


def _values(path: Path) -> dict[bytes, bytes]:
    """The values the file holds, read as another program would."""
    with closing(sqlite3.connect(path)) as db:
        return {bytes(d): bytes(v) for d, v in db.execute("SELECT digest, value FROM result")}


def _kept(path: Path, version: str = "v1") -> bytes | None:
    with ResultCache(path, version) as cache:
        return cache.get(KEY)


def _plant(path: Path, sql: str) -> None:
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(sql)


# -- another run holds the database ------------------------------------------------------------


def test_a_cache_another_run_is_making_is_left_alone_and_its_values_kept(tmp_path: Path) -> None:
    """A run opening the cache while another holds it whole (making it, a sqlite3 shell) goes on
    without it; the file is not deleted, so what the other run writes is there next time."""
    path = tmp_path / FILE_NAME
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        other.execute(cache_module._SCHEMA)
        other.execute(f"PRAGMA user_version = {LAYOUT}")
        other.execute("INSERT INTO result VALUES ('v1', ?, ?)", (KEY, b"made by the other run"))
        meanwhile = ResultCache(path, "v1")
        assert not meanwhile.enabled
        assert meanwhile.problem == f"the cache cannot be used: {LOCKED}"
        assert meanwhile.get(KEY) is None
        meanwhile.put(KEY, b"not written")
        meanwhile.close()
        other.execute("COMMIT")
    assert _kept(path) == b"made by the other run"


def test_a_cache_busy_for_a_moment_when_opened_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run's lock on the cache, let go after two tries: the run waits and uses it."""
    path = tmp_path / FILE_NAME
    with ResultCache(path, "v1") as cache:
        cache.put(KEY, b"kept")
    real = ResultCache._connect
    tries: list[int] = []

    def busy_twice(self: ResultCache) -> sqlite3.Connection:
        tries.append(1)
        if len(tries) <= 2:
            raise sqlite3.OperationalError(LOCKED)
        return real(self)

    monkeypatch.setattr(ResultCache, "_connect", busy_twice)
    with ResultCache(path, "v1") as cache:
        assert cache.enabled, cache.problem
        assert cache.get(KEY) == b"kept"
    assert len(tries) == 3


def test_a_run_reads_the_cache_while_another_run_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run whose day's note falls due while another run writes: the note waits for another
    run, and the values are served all the same."""
    path = tmp_path / FILE_NAME
    now = [1_800_000_000.0]
    monkeypatch.setattr(cache_module, "_clock", lambda: now[0])
    with ResultCache(path, "v1") as cache:
        cache.put(KEY, b"kept")
    now[0] += 2 * cache_module.NOTE_EVERY_S
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # another run's batch of writes
        with ResultCache(path, "v1") as cache:
            assert cache.enabled, cache.problem
            assert cache.get(KEY) == b"kept"
        other.execute("COMMIT")


def test_a_run_writes_while_another_run_reads(tmp_path: Path) -> None:
    """The cache keeps a write-ahead log: a run's values are written while another run is
    in the middle of reading (a rollback journal made the writer wait, then give up)."""
    path = tmp_path / FILE_NAME
    ResultCache(path, "v1").close()
    with closing(sqlite3.connect(path, isolation_level=None)) as reader:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM result").fetchone()
        with ResultCache(path, "v1") as cache:
            cache.put(KEY, b"written")
            assert cache.enabled, cache.problem
        reader.execute("COMMIT")
        assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert _kept(path) == b"written"


class _BusyAtFirst:
    """A connection whose first `times` transactions find the database locked by another run."""

    def __init__(self, db: sqlite3.Connection, times: int) -> None:
        self.db = db
        self.times = times

    def execute(self, sql: str, *args: Any) -> Any:
        if sql == "BEGIN IMMEDIATE" and self.times > 0:
            self.times -= 1
            raise sqlite3.OperationalError(LOCKED)
        return self.db.execute(sql, *args)

    def executemany(self, sql: str, rows: Any) -> Any:
        return self.db.executemany(sql, rows)

    def close(self) -> None:
        self.db.close()


def test_values_are_written_once_another_run_lets_go(tmp_path: Path) -> None:
    """Another run's batch holds the lock for two tries: the values are written at the third."""
    path = tmp_path / FILE_NAME
    cache = ResultCache(path, "v1")
    cache._db = _BusyAtFirst(cache._db, 2)  # type: ignore[arg-type, assignment]
    cache.put(KEY, b"written")
    assert cache.enabled, cache.problem
    cache.close()
    assert _kept(path) == b"written"


def test_a_lock_held_longer_turns_the_cache_off_and_deletes_nothing(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with ResultCache(path, "v1") as cache:
        cache.put(KEY, b"kept")
    cache = ResultCache(path, "v1")
    cache._db = _BusyAtFirst(cache._db, 3)  # type: ignore[arg-type, assignment]
    cache.put(content_key(b"another"), b"not written")
    assert not cache.enabled
    assert cache.problem == f"the cache failed: {LOCKED}"
    assert cache.get(KEY) is None  # (off for the rest of the run)
    cache.close()
    assert _values(path) == {KEY: b"kept"}


# -- a file SQLite opens but cannot write --------------------------------------------------------


def test_a_note_that_cannot_be_written_turns_the_cache_off_and_keeps_the_file(
    tmp_path: Path,
) -> None:
    """SQLite fails writing the day's note (not busy, not damaged): the run goes on without the
    cache, and the file is kept for the next run."""
    path = tmp_path / FILE_NAME
    with ResultCache(path, "v1") as cache:
        cache.put(KEY, b"kept")
    _plant(path, "CREATE TRIGGER planted BEFORE INSERT ON used BEGIN DELETE FROM nosuch; END")
    cache = ResultCache(path, "v2")
    assert not cache.enabled
    assert cache.problem == "the cache failed: no such table: main.nosuch"
    assert cache.get(KEY) is None
    cache.close()
    assert _values(path) == {KEY: b"kept"}


def test_a_note_refused_by_the_file_itself_makes_the_cache_anew(tmp_path: Path) -> None:
    """A file whose tables refuse the note (damaged, or changed by hand) is off for the run and
    deleted, so that the next run makes it anew and uses it."""
    path = tmp_path / FILE_NAME
    with ResultCache(path, "v1") as cache:
        cache.put(KEY, b"kept")
    _plant(
        path, "CREATE TRIGGER planted BEFORE INSERT ON used BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    cache = ResultCache(path, "v2")
    assert not cache.enabled
    assert cache.problem == "the cache failed: no"
    cache.close()
    assert not path.exists()
    with ResultCache(path, "v1") as cache:
        assert cache.enabled, cache.problem
        cache.put(KEY, b"anew")
    assert _kept(path) == b"anew"


def test_a_value_refused_by_the_file_itself_turns_the_cache_off_and_makes_it_anew(
    tmp_path: Path,
) -> None:
    path = tmp_path / FILE_NAME
    ResultCache(path, "v1").close()
    _plant(
        path, "CREATE TRIGGER planted BEFORE INSERT ON result BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    cache = ResultCache(path, "v1")
    assert cache.enabled, cache.problem
    cache.put(KEY, b"refused")
    assert not cache.enabled
    assert cache.problem == "the cache failed: no"
    cache.close()
    assert not path.exists()


# -- what a run asks of it -----------------------------------------------------------------------


def test_holds_any_says_whether_this_version_has_values(tmp_path: Path) -> None:
    """A first run (nothing kept for its version) hashes no file; a later one does."""
    path = tmp_path / FILE_NAME
    with ResultCache(path, "v1") as cache:
        assert cache.holds_any() is False
        cache.put(KEY, b"kept")
        assert cache.holds_any() is True
    with ResultCache(path, "v2") as other:
        assert other.holds_any() is False


def test_a_closed_cache_is_off_and_its_file_kept(tmp_path: Path) -> None:
    """Closed, or left at the end of a `with`: lookups miss and nothing more is written."""
    path = tmp_path / FILE_NAME
    with ResultCache(path, "v1") as cache:
        cache.put(KEY, b"kept")
    assert not cache.enabled
    cache = ResultCache(path, "v1")
    cache.close()
    assert not cache.enabled
    assert cache.get(KEY) is None
    cache.put(content_key(b"after"), b"not written")
    assert _values(path) == {KEY: b"kept"}


def test_without_a_home_directory_a_run_reads_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No HOME and no passwd entry (`docker --user`, a bare cron job): the cache is off, as with
    --no-cache, and nothing is written where the run stands."""
    import platformdirs

    monkeypatch.delenv("MINECHECK_HOME")
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda app: f"~/.cache/{app}")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    cache = open_cache("v1")
    assert not cache.enabled
    cache.put(KEY, b"not written")
    assert cache.get(KEY) is None
    assert cache.holds_any() is False
    cache.close()
    assert list(work.iterdir()) == []


def test_a_cache_that_cannot_be_made_anew_is_off_without_error(tmp_path: Path) -> None:
    """The cache's name taken by a directory: deleting it fails, the second try fails too, and
    the run goes on without the cache (it tried once more, not without end)."""
    path = tmp_path / FILE_NAME
    (path / "something").mkdir(parents=True)
    cache = ResultCache(path, "v1")
    assert not cache.enabled
    assert cache.problem == "the cache cannot be used: unable to open database file"
    cache.close()
    assert (path / "something").is_dir()


def test_a_value_sqlite_fails_to_write_turns_the_cache_off_and_keeps_the_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / FILE_NAME
    with ResultCache(path, "v1") as cache:
        cache.put(KEY, b"kept")
    _plant(path, "CREATE TRIGGER planted BEFORE INSERT ON result BEGIN DELETE FROM nosuch; END")
    cache = ResultCache(path, "v1")
    cache.put(content_key(b"another"), b"not written")
    assert not cache.enabled
    assert cache.problem == "the cache failed: no such table: main.nosuch"
    cache.close()
    assert _values(path) == {KEY: b"kept"}


def test_a_lookup_sqlite_fails_turns_the_cache_off_for_the_run(tmp_path: Path) -> None:
    """The cache's table gone under a run (a `sqlite3` shell, another tool): the lookup misses,
    and the cache is off for the rest of the run instead of failing on every file."""
    path = tmp_path / FILE_NAME
    cache = ResultCache(path, "v1")
    cache.put(KEY, b"kept")
    _plant(path, "DROP TABLE result")
    assert cache.get(KEY) is None
    assert not cache.enabled
    assert cache.problem == "the cache failed: no such table: result"
    cache.close()


def test_a_second_run_in_the_same_second_writes_no_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm run that only reads writes nothing, even one in the very second of the last."""
    path = tmp_path / FILE_NAME
    monkeypatch.setattr(cache_module, "_clock", lambda: 1_800_000_000.0)
    ResultCache(path, "v1").close()
    _plant(path, "CREATE TABLE notes_written (n INTEGER)")
    _plant(
        path,
        "CREATE TRIGGER counted AFTER INSERT ON used "
        "BEGIN INSERT INTO notes_written VALUES (1); END",
    )
    ResultCache(path, "v1").close()
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT count(*) FROM notes_written").fetchone()[0] == 0
