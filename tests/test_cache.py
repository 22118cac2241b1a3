"""The result cache: found by content and version only, and never an error."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest

from minecheck.report import cache as cache_module
from minecheck.report.cache import FILE_NAME, LAYOUT, ResultCache, content_key, open_cache


def test_values_are_found_by_exact_content_across_runs(tmp_path: Path) -> None:
    path = tmp_path / "c" / FILE_NAME
    data = b"[minecheck]\nformat = 1\n\n"
    with ResultCache(path, "v1") as cache:
        assert cache.enabled
        assert cache.get(content_key(data)) is None
        cache.put(content_key(data), b"parsed")
    with ResultCache(path, "v1") as again:
        assert again.get(content_key(data)) == b"parsed"
        # one byte changed (a space) is another key: never served stale
        assert again.get(content_key(data.replace(b"= 1", b"=  1"))) is None


def test_get_many_returns_only_what_is_cached(tmp_path: Path) -> None:
    keys = [content_key(str(i).encode()) for i in range(1200)]  # more than one SELECT batch
    with ResultCache(tmp_path / FILE_NAME, "v1") as cache:
        cache.put_many({k: k[::-1] for k in keys[::2]})
        found = cache.get_many(keys)
    assert found == {k: k[::-1] for k in keys[::2]}


def test_another_version_s_values_are_not_served(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    key = content_key(b"doc")
    with ResultCache(path, "minecheck 0.1.0/1") as old:
        old.put(key, b"old shape")
    with ResultCache(path, "minecheck 0.2.0/2") as new:
        assert new.get(key) is None
        new.put(key, b"new shape")
        assert new.get(key) == b"new shape"
    with ResultCache(path, "minecheck 0.1.0/1") as old:
        assert old.get(key) == b"old shape"


def test_a_cache_file_of_another_layout_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE result (x)")
    db.execute(f"PRAGMA user_version = {LAYOUT + 1}")
    db.commit()
    db.close()
    with ResultCache(path, "v1") as cache:
        assert cache.enabled, cache.problem
        cache.put(b"k", b"v")
        assert cache.get(b"k") == b"v"
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == LAYOUT
    db.close()


def test_a_cache_of_the_first_layout_is_replaced_and_its_index_used(tmp_path: Path) -> None:
    """Layout 1 kept the values inside a WITHOUT ROWID key; layout 2 indexes the keys apart."""
    path = tmp_path / FILE_NAME
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE result (version TEXT NOT NULL, digest BLOB NOT NULL, value BLOB NOT NULL, "
        "PRIMARY KEY (version, digest)) WITHOUT ROWID"
    )
    db.execute("INSERT INTO result VALUES ('v1', ?, ?)", (b"k", b"kept by layout 1"))
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with ResultCache(path, "v1") as cache:
        assert cache.enabled, cache.problem
        assert cache.get(b"k") is None
        cache.put_many({b"k": b"v", b"j": b"w"})
        assert cache.contains_many([b"k", b"j", b"x"]) == {b"k", b"j"}
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == LAYOUT == 2
    plan = db.execute(
        "EXPLAIN QUERY PLAN SELECT digest FROM result WHERE version = ? AND digest IN (?, ?)",
        ("v1", b"k", b"j"),
    ).fetchall()
    assert "COVERING INDEX" in " ".join(str(row[-1]) for row in plan)
    db.close()


def test_a_same_named_table_of_another_shape_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE result (x)")
    db.commit()
    db.close()
    with ResultCache(path, "v1") as cache:
        assert cache.enabled, cache.problem
        cache.put(b"k", b"v")
        assert cache.get(b"k") == b"v"


def test_a_corrupt_cache_file_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_bytes(b"this is not a database\n" * 300)
    with ResultCache(path, "v1") as cache:
        assert cache.enabled, cache.problem
        cache.put(b"k", b"v")
    with ResultCache(path, "v1") as cache:
        assert cache.get(b"k") == b"v"


def test_a_truncated_cache_file_never_raises(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with ResultCache(path, "v1") as cache:
        cache.put_many({content_key(str(i).encode()): b"x" * 500 for i in range(2000)})
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + b"\xff" * 4096)
    with ResultCache(path, "v1") as cache:  # opens or rebuilds; lookups miss or hit, no error
        got = cache.get_many(content_key(str(i).encode()) for i in range(2000))
        assert all(v == b"x" * 500 for v in got.values())
        cache.put(b"k", b"v")
    with ResultCache(path, "v1") as cache:
        assert cache.enabled, cache.problem


def test_an_unusable_location_turns_the_cache_off_without_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory\n")
    cache = ResultCache(blocker / "cache" / FILE_NAME, "v1")
    assert not cache.enabled
    assert cache.problem is not None
    assert "cannot be used" in cache.problem
    cache.put(b"k", b"v")
    assert cache.get(b"k") is None
    cache.close()


def test_a_cache_others_can_write_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever can write the cached values can change what reports say: a cache file another
    user owns, or that group or others may write, is not used (as such trust files are refused)."""
    path = tmp_path / "c" / FILE_NAME
    with ResultCache(path, "v1") as cache:
        cache.put(b"k", b"v")
    path.chmod(0o666)
    loose = ResultCache(path, "v1")
    assert not loose.enabled
    assert loose.problem == f"the cache cannot be used: {path} can be written by group or others"
    assert loose.get(b"k") is None
    loose.close()
    path.chmod(0o600)
    monkeypatch.setattr(os, "getuid", lambda: 4242)
    theirs = ResultCache(path, "v1")
    assert theirs.problem == f"the cache cannot be used: {path.parent} belongs to another user"
    theirs.close()
    monkeypatch.undo()
    with ResultCache(path, "v1") as mine:
        assert mine.get(b"k") == b"v"


def test_no_cache_touches_nothing(isolated_home: Path) -> None:
    cache = open_cache("v1", enabled=False)
    cache.put(b"k", b"v")
    assert cache.get(b"k") is None
    assert not isolated_home.exists()


def test_the_default_cache_lives_in_a_private_directory_under_minecheck_home(
    isolated_home: Path,
) -> None:
    with open_cache("v1") as cache:
        cache.put(b"k", b"v")
    assert (isolated_home / "cache" / FILE_NAME).is_file()
    assert (isolated_home / "cache").stat().st_mode & 0o777 == 0o700


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from minecheck.report.cache import ResultCache, content_key

    path, who = Path(sys.argv[1]), sys.argv[2]
    for round in range(40):
        with ResultCache(path, "v1") as cache:
            assert cache.enabled, cache.problem
            batch = {content_key(f"{who}-{round}-{i}".encode()): who.encode() for i in range(50)}
            cache.put_many(batch)
            got = cache.get_many(batch)
            assert got == batch, (len(got), cache.problem)
    """
)


def test_two_processes_write_at_once_and_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), who], stderr=subprocess.PIPE, text=True
        )
        for who in ("a", "b")
    ]
    for proc in writers:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with ResultCache(path, "v1") as cache:
        for who in ("a", "b"):
            keys = [content_key(f"{who}-{r}-{i}".encode()) for r in range(40) for i in range(50)]
            assert set(cache.get_many(keys).values()) == {who.encode()}
            assert len(cache.get_many(keys)) == 2000


# -- versions no run uses any more ---------------------------------------------------------------

DAY = 86_400


def _versions(path: Path) -> dict[str, int]:
    """How many values each version holds."""
    with closing(sqlite3.connect(path)) as db, db:
        return dict(db.execute("SELECT version, count(*) FROM result GROUP BY version").fetchall())


def _noted(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as db, db:
        return dict(db.execute("SELECT version, at FROM used").fetchall())


def test_a_version_unused_for_thirty_days_is_deleted_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each minecheck installed in turn leaves its values: those no run has used for
    KEEP_UNUSED_S go when any version next opens the cache; the rest stay."""
    path = tmp_path / FILE_NAME
    now = [1_800_000_000.0]
    monkeypatch.setattr(cache_module, "_clock", lambda: now[0])
    key = content_key(b"doc")
    for version in ("0.1 corpus/6", "0.2 corpus/6", "0.2 summary-memo/3"):
        with ResultCache(path, version) as cache:
            cache.put(key, version.encode())
    now[0] += cache_module.KEEP_UNUSED_S - DAY
    with ResultCache(path, "0.2 corpus/6") as cache:  # 0.2 used again, 0.1 not
        assert cache.get(key) == b"0.2 corpus/6"
    assert _versions(path) == {"0.1 corpus/6": 1, "0.2 corpus/6": 1, "0.2 summary-memo/3": 1}
    now[0] += 2 * DAY  # 0.1 and the memo of 0.2 unused for more than 30 days
    with ResultCache(path, "0.3 corpus/6") as cache:
        assert cache.get(key) is None
    assert _versions(path) == {"0.2 corpus/6": 1}
    assert set(_noted(path)) == {"0.2 corpus/6", "0.3 corpus/6"}
    with ResultCache(path, "0.1 corpus/6") as old:  # run again, it starts afresh
        assert old.get(key) is None


def test_values_kept_before_versions_were_noted_are_kept_thirty_days_from_then(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / FILE_NAME
    with ResultCache(path, "0.1 corpus/6") as old:
        old.put(content_key(b"doc"), b"kept before")
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("DROP TABLE used")  # as a cache from before the notes has it
    now = [1_800_000_000.0]
    monkeypatch.setattr(cache_module, "_clock", lambda: now[0])
    with ResultCache(path, "0.2 corpus/6") as cache:
        assert cache.enabled
    assert _noted(path) == {"0.1 corpus/6": 1_800_000_000, "0.2 corpus/6": 1_800_000_000}
    assert _versions(path) == {"0.1 corpus/6": 1}
    now[0] += cache_module.KEEP_UNUSED_S + DAY
    with ResultCache(path, "0.2 corpus/6") as cache:
        assert cache.enabled
    assert _versions(path) == {}


def test_use_is_noted_at_most_once_a_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening the cache reads the note; it writes one only when a day has passed (a warm run
    that only reads writes nothing)."""
    path = tmp_path / FILE_NAME
    now = [1_800_000_000.0]
    monkeypatch.setattr(cache_module, "_clock", lambda: now[0])
    ResultCache(path, "v1").close()
    now[0] += DAY - 1
    ResultCache(path, "v1").close()
    assert _noted(path) == {"v1": 1_800_000_000}  # not noted again (nothing written)
    now[0] += 1
    ResultCache(path, "v1").close()
    assert _noted(path) == {"v1": 1_800_000_000 + DAY}
    now[0] -= 10 * DAY  # the clock set back: noted again, not kept in the future
    ResultCache(path, "v1").close()
    assert _noted(path) == {"v1": 1_800_000_000 - 9 * DAY}


def test_a_notes_table_of_another_shape_makes_the_cache_anew(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with ResultCache(path, "v1") as cache:
        cache.put(content_key(b"doc"), b"value")
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("DROP TABLE used")
        db.execute("CREATE TABLE used (name TEXT)")
    with ResultCache(path, "v1") as cache:
        assert cache.enabled
        assert cache.get(content_key(b"doc")) is None
    assert _noted(path).keys() == {"v1"}
