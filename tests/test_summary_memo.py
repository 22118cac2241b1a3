"""A repeated summary over unchanged inputs is answered from the memo of the whole result.

What a user sees must not tell a remembered run from a full one (stdout, stderr, exit code, the
report file, the --json envelope), and any input that changes the result (a file's bytes, the
set of files, a path, the trust store, --as-of, --by, --include-untrusted, the time zone) must
give the fresh result. A damaged value is a miss; --no-cache neither reads nor writes it; a file
rewritten while a run reads it keeps that run's result out of the memo.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate

from minecheck.core.documents import Event
from minecheck.core.trust import TrustStatus
from minecheck.errors import Problem
from minecheck.report import corpus as corpus_module
from minecheck.report import memo, typed_json
from minecheck.report import stream_files as stream_module
from minecheck.report.cache import FILE_NAME
from minecheck.report.rows import DocumentStatus, RejectedEvent
from minecheck.report.summary import DIMENSIONS, summarize
from tests.helpers_merge import INSPECTION, Who, findings, person
from tests.summary_corpus import KNOWN
from tests.test_export import followup

MINECHECK = shutil.which("minecheck", path=str(Path(sys.executable).parent))
AS_OF = "2026-12-31"
LATE = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c55"  # an inspection that ends near midnight UTC
# 20:00 UTC on 30 September is 1 October at UTC+8: its month depends on the time zone.
EVENING = dt.datetime(2026, 9, 30, 20, 0, tzinfo=dt.UTC)


@dataclasses.dataclass
class Corpus:
    root: Path
    people: dict[str, Who]

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def args(self, *more: str) -> list[str]:
        return [
            str(self.docs),
            *("--allowed-signers", str(self.root / "allowed_signers")),
            *("--revoked-keys", str(self.root / "revoked_keys")),
            *("--as-of", AS_OF),
            *more,
        ]


def _signers_line(who: Who) -> str:
    kind, blob = Path(f"{who.key}.pub").read_text().split()[:2]
    return f"{who.principal} {kind} {blob}\n"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """A generated corpus plus files of every kind a run reports on: one left out as untrusted,
    an empty one, two documents in conflict, a follow-up event not applied, a directory named
    *.toml, and an inspection whose month depends on the time zone."""
    root = tmp_path_factory.mktemp("memo")
    generate(root, 24, 10, seed=5)
    keys = tmp_path_factory.mktemp("keys")
    people = {n: person(keys, n) for n in ("alice", "bob", "mallory")}
    with (root / "allowed_signers").open("a") as f:
        f.write(_signers_line(people["alice"]) + _signers_line(people["bob"]))
    (root / "revoked_keys").write_text("")
    extra = root / "docs" / "extra"
    extra.mkdir()
    bad = ["compliant", "noncompliant", "compliant"]
    alice, bob = people["alice"], people["bob"]
    (extra / "a.toml").write_bytes(findings(alice, bad, deadline=dt.date(2026, 12, 20)))
    (extra / "twin.toml").write_bytes(findings(alice, bad, description="another text"))
    (extra / "late.toml").write_bytes(
        findings(bob, ["noncompliant", "compliant", "compliant"], inspection_id=LATE, when=EVENING)
    )
    event = Event(f"{LATE}/gas-overlimit", "rectified", EVENING + dt.timedelta(days=1))
    (extra / "f.toml").write_bytes(followup(bob, event))
    (extra / "untrusted.toml").write_bytes(findings(people["mallory"], ["compliant"] * 3, n=9))
    (extra / "empty.toml").write_bytes(b"")
    os.mkfifo(extra / "dir.toml")
    return Corpus(root, people)


@pytest.fixture
def corpus(base: Corpus, tmp_path: Path) -> Corpus:
    """A copy of the base corpus for one test to change."""
    root = tmp_path / "corpus"
    shutil.copytree(base.root, root, ignore=shutil.ignore_patterns("dir.toml"))  # (a FIFO)
    os.mkfifo(root / "docs" / "extra" / "dir.toml")
    return Corpus(root, base.people)


def _script(args: list[str], **env: str) -> tuple[int, bytes, bytes]:
    assert MINECHECK is not None
    done = subprocess.run(
        [MINECHECK, "summary", *args],
        capture_output=True,
        timeout=300,
        env={**os.environ, **env},
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def _run(cli: Any, args: list[str]) -> tuple[int, str, str]:
    got = cli(["summary", *args])
    return got.exit_code, got.stdout, got.stderr


def _memo_rows(home: Path) -> list[bytes]:
    """The remembered values, each without the files' fingerprint and stats before it."""
    path = home / "cache" / FILE_NAME
    if not path.exists():
        return []
    with closing(sqlite3.connect(path)) as db, db:
        rows = db.execute(
            "select value from result where version like ?", (f"% {memo.MEMO_VERSION}",)
        ).fetchall()
    return [bytes(v)[64:] for (v,) in rows]


def _set_memo(home: Path, value: bytes) -> None:
    """Replace the remembered value, the files' fingerprint and stats before it kept."""
    with closing(sqlite3.connect(home / "cache" / FILE_NAME)) as db, db:
        where = (f"% {memo.MEMO_VERSION}",)
        (old,) = db.execute("select value from result where version like ?", where).fetchone()
        db.execute(
            "update result set value = ? where version like ?", (bytes(old)[:64] + value, *where)
        )


# -- what the user sees ------------------------------------------------------------------------


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
def test_a_remembered_run_says_exactly_what_the_full_run_says_in_every_format(
    base: Corpus, tmp_path: Path, isolated_home: Path
) -> None:
    first = _script(base.args("--format", "json"))
    # files left out are named; a directory named *.toml cannot be read: exit 2, as in verify,
    # and the report is still made
    assert first[0] == 2, first[2]
    assert len(_memo_rows(isolated_home)) == 1
    stderr = first[2].decode()
    for expected in (
        "extra/dir.toml: left out: not a regular file (a FIFO)",
        "extra/empty.toml: left out: malformed: the file is empty",
        "extra/untrusted.toml: left out: untrusted-key: ",
        "with different content; both are left out",
        f"event rectified for {LATE}/gas-overlimit at ",
    ):
        assert expected in stderr
    report = tmp_path / "r.html"
    for fmt in (["--format", "json"], ["--format", "md"], ["--format", "csv"], ["--json"]):
        remembered = _script(base.args(*fmt))
        full = _script(base.args(*fmt, "--no-cache"))
        assert remembered == full, fmt
        assert remembered[1]
    html = []
    for more in ([], ["--no-cache"]):
        done = _script(base.args("--format", "html", "-o", str(report), "--force", *more))
        html.append((done, report.read_bytes()))
    assert html[0] == html[1]
    assert html[0][0][1] == f"{report}\n".encode()
    assert len(_memo_rows(isolated_home)) == 1  # the same inputs: the same one memo


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
def test_the_user_sees_the_memo_and_no_cache_bypasses_it(base: Corpus, isolated_home: Path) -> None:
    """A remembered value changed on disk shows in the next run's report (so the memo is what
    answers it); --no-cache reads the corpus and shows the truth."""
    truth = _script(base.args("--format", "json"))
    (blob,) = _memo_rows(isolated_home)
    known = memo.decode_value(blob)
    headline = dataclasses.replace(known.summary.headline, findings=987654)
    summary = dataclasses.replace(known.summary, headline=headline)
    forged = dataclasses.replace(known, summary=summary)
    _set_memo(isolated_home, memo.encode_value(forged))
    served = _script(base.args("--format", "json"))
    assert b'"findings": 987654' in served[1]
    assert _script(base.args("--format", "json", "--no-cache")) == truth
    assert b"987654" not in truth[1]


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
def test_two_runs_at_once_agree_and_the_next_is_answered_alike(
    base: Corpus, isolated_home: Path
) -> None:
    assert MINECHECK is not None
    argv = [MINECHECK, "summary", *base.args("--format", "md")]
    procs = [
        subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    done = [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs, strict=True)]
    assert done[0] == done[1]
    assert done[0][0] == 2
    assert len(_memo_rows(isolated_home)) == 1
    assert _script(base.args("--format", "md")) == done[0]


def test_no_cache_writes_nothing(cli: Any, base: Corpus, isolated_home: Path) -> None:
    run = _run(cli, base.args("--format", "json", "--no-cache"))
    assert run[0] == 2, run[2]
    assert not (isolated_home / "cache").exists()
    _run(cli, base.args("--format", "json"))
    assert len(_memo_rows(isolated_home)) == 1


def test_a_hit_reads_no_document(
    cli: Any, base: Corpus, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _run(cli, base.args("--format", "md"))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the corpus was read")

    monkeypatch.setattr(corpus_module, "load_corpus", refuse)
    monkeypatch.setattr(stream_module, "summarize_files", refuse)  # what summary reads with
    assert _run(cli, base.args("--format", "md")) == first
    with pytest.raises(AssertionError, match="the corpus was read"):
        _run(cli, base.args("--format", "md", "--no-cache"))


def test_arguments_never_remembered_read_no_file_for_the_memo(
    cli: Any, base: Corpus, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first run, or another --as-of, reads no file for the memo: it keeps its result with
    the digests the run itself took; a repeated run over files not settled yet hashes them
    once and is answered."""
    monkeypatch.setattr(memo, "_clock_ns", lambda: 0)  # no file is settled
    calls: list[str] = []
    real_look = memo.look
    real_files = stream_module.summarize_files

    def look(paths: Any) -> Any:
        calls.append("look")
        return real_look(paths)

    def files(*args: Any, **kwargs: Any) -> Any:
        calls.append("run")
        return real_files(*args, **kwargs)

    monkeypatch.setattr(memo, "look", look)
    monkeypatch.setattr(stream_module, "summarize_files", files)
    args = base.args("--format", "json")
    first = _run(cli, args)
    assert calls == ["run"]
    assert len(_memo_rows(isolated_home)) == 1
    calls.clear()
    assert _run(cli, args) == first
    assert calls == ["look"]
    calls.clear()
    _run(cli, [*args, "--as-of", "2026-10-15"])
    assert calls == ["run"]
    calls.clear()
    _run(cli, [*args, "--no-cache"])
    assert calls == ["run"]


def _stored(home: Path) -> bytes:
    """The one remembered value, whole: the files' fingerprint, their stats' digest, the result."""
    with closing(sqlite3.connect(home / "cache" / FILE_NAME)) as db, db:
        (stored,) = db.execute(
            "select value from result where version like ?", (f"% {memo.MEMO_VERSION}",)
        ).fetchone()
    return bytes(stored)


def test_settled_files_are_answered_by_their_stats_alone(
    cli: Any, corpus: Corpus, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files written moments ago are hashed on a repeated run; once they have settled, the run
    that finds them so notes their stats, and the next reads no file at all."""
    now = {"ns": time.time_ns()}
    monkeypatch.setattr(memo, "_clock_ns", lambda: now["ns"])
    calls: list[str] = []
    real_look = memo.look

    def look(paths: Any) -> Any:
        calls.append("look")
        return real_look(paths)

    monkeypatch.setattr(memo, "look", look)
    args = corpus.args("--format", "json")
    first = _run(cli, args)
    assert _stored(isolated_home)[32:64] == bytes(32)  # just copied: not settled
    assert _run(cli, args) == first
    assert calls == ["look"]
    assert _stored(isolated_home)[32:64] == bytes(32)
    now["ns"] += memo.SETTLED_NS
    calls.clear()
    assert _run(cli, args) == first  # hashed once more, and settled
    assert calls == ["look"]
    settled = _stored(isolated_home)
    assert settled[32:64] != bytes(32)
    assert settled[:32] + settled[64:] == _stored(isolated_home)[:32] + _memo_rows(isolated_home)[0]
    calls.clear()
    assert _run(cli, args) == first
    assert calls == []
    # a run that kept its result over settled files notes their stats at once
    _run(cli, [*args, "--by", "site"])
    calls.clear()
    _run(cli, [*args, "--by", "site"])
    assert calls == []


def test_a_file_not_read_keeps_the_hashing(
    cli: Any, corpus: Corpus, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file the run could not read (an error that may pass) never lets the stats answer."""
    from minecheck.report import batch, cached

    monkeypatch.setattr(memo, "_clock_ns", lambda: time.time_ns() + 2 * memo.SETTLED_NS)
    failing = str(corpus.docs / "extra" / "untrusted.toml")
    real = batch.read_file

    def read_file(path: str, limit: int) -> bytes | int | str:
        return "Input/output error" if path == failing else real(path, limit)

    for module in (batch, cached):
        monkeypatch.setattr(module, "read_file", read_file)
    args = corpus.args("--format", "json")
    first = _run(cli, args)
    assert "untrusted.toml: left out: unreadable: cannot read: Input/output error" in first[2]
    assert _stored(isolated_home)[32:64] == bytes(32)
    assert _run(cli, args) == first
    assert _stored(isolated_home)[32:64] == bytes(32)
    monkeypatch.setattr(batch, "read_file", real)  # the error passed: the file is read again
    monkeypatch.setattr(cached, "read_file", real)
    fresh = _run(cli, args)
    assert fresh == _run(cli, [*args, "--no-cache"])
    assert fresh != first


def test_stats_are_settled_only_when_every_file_is_old_enough(tmp_path: Path) -> None:
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_bytes(b"a")
    new.write_bytes(b"b")
    changed = new.stat().st_ctime_ns
    at = changed + memo.SETTLED_NS
    assert memo.Stamped(b"", at, changed).settled()
    assert not memo.Stamped(b"", at - 1, changed).settled()
    assert not memo.Stamped(b"", at, None).settled()
    got = memo.stamped([old, new])
    assert got.newest == max(old.stat().st_ctime_ns, changed)
    assert got.digest == memo.fingerprint(memo.stamps([old, new]))
    assert memo.stamped([old, tmp_path / "gone.toml"]).newest is None
    ahead = time.time_ns() + 10 * memo.SETTLED_NS  # a modification time from a clock ahead
    os.utime(old, ns=(ahead, ahead))
    assert memo.stamped([old, new]).newest == ahead  # not settled until the clock passes it
    assert memo.stamped([old, tmp_path]).newest is None  # not a regular file


def test_the_fingerprint_a_run_keeps_is_the_one_look_gives(
    cli: Any, base: Corpus, isolated_home: Path
) -> None:
    """What the run read of each file (its digest, or why it was not read: a directory, an
    empty file, ...) digests as `look` describes the files."""
    args = base.args("--format", "json")
    _run(cli, args)
    with closing(sqlite3.connect(isolated_home / "cache" / FILE_NAME)) as db, db:
        (stored,) = db.execute(
            "select value from result where version like ?", (f"% {memo.MEMO_VERSION}",)
        ).fetchone()
    from minecheck.cli._batch_inputs import input_paths

    files, _ = input_paths([str(base.docs)])
    assert bytes(stored)[:32] == memo.fingerprint(memo.look(files))


# -- every input counts ------------------------------------------------------------------------


def _truncate_a_file(c: Corpus) -> list[str]:
    path = next((c.docs / "findings").glob("*.toml"))
    path.write_bytes(path.read_bytes()[:-200])
    return []


def _rewrite_a_file_in_place(c: Corpus) -> list[str]:
    """The same size, the same modification time set back: only the change time tells."""
    path = next((c.docs / "findings").glob("*.toml"))
    before = path.stat()
    data = bytearray(path.read_bytes())
    at = data.index(b"compliant")
    data[at : at + 9] = b"violation"  # a result no finding may have: the document is damaged
    with path.open("r+b") as f:
        f.write(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    return []


def _add_a_file(c: Corpus) -> list[str]:
    doc = findings(c.people["bob"], ["noncompliant"] * 3, n=5, inspection_id=INSPECTION[:-1] + "9")
    (c.docs / "extra" / "new.toml").write_bytes(doc)
    return []


def _remove_a_file(c: Corpus) -> list[str]:
    next((c.docs / "findings").glob("*.toml")).unlink()
    return []


def _rename_a_file(c: Corpus) -> list[str]:
    (c.docs / "extra" / "untrusted.toml").rename(c.docs / "extra" / "untrusted-2.toml")
    return []


def _revoke_a_key(c: Corpus) -> list[str]:
    line = (c.root / "allowed_signers").read_text().splitlines()[0]
    (c.root / "revoked_keys").write_text(" ".join(line.split()[1:3]) + "\n")
    return []


def _drop_a_signer(c: Corpus) -> list[str]:
    signers = c.root / "allowed_signers"
    lines = signers.read_text().splitlines(keepends=True)
    signers.write_text("".join(x for x in lines if not x.startswith("bob@")))
    return []


CHANGES: dict[str, Callable[[Corpus], list[str]]] = {
    "a changed file": _truncate_a_file,
    "a file rewritten in place": _rewrite_a_file_in_place,
    "an added file": _add_a_file,
    "a removed file": _remove_a_file,
    "a renamed file": _rename_a_file,
    "a revoked key": _revoke_a_key,
    "an allowed_signers line removed": _drop_a_signer,
    "another --as-of": lambda c: ["--as-of", "2026-10-15"],  # the last one given counts
    "--by": lambda c: ["--by", "site,month"],
    "--include-untrusted": lambda c: ["--include-untrusted"],
}


@pytest.fixture(params=["settled", "just-written"])
def files_settled(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """The clock the memo judges files by: far enough past their change times for every file
    to be settled (its stats then answer for its bytes), or at the epoch (none is)."""
    settled: bool = request.param == "settled"
    ahead = memo.SETTLED_NS + 10**9
    monkeypatch.setattr(memo, "_clock_ns", lambda: time.time_ns() + ahead if settled else 0)
    return settled


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_changed_input_gives_the_fresh_result(
    cli: Any, corpus: Corpus, change: str, isolated_home: Path, files_settled: bool
) -> None:
    args = corpus.args("--format", "json")
    before = _run(cli, args)
    assert _run(cli, args) == before  # remembered, and the same
    more = CHANGES[change](corpus)
    after = _run(cli, [*args, *more])
    assert after == _run(cli, [*args, *more, "--no-cache"])
    assert after != before  # the change shows: a stale answer would fail the line above
    # The memo keeps the latest result per arguments (the files named, the trust store, the
    # options): new bytes under the same arguments replace the result they had.
    same_arguments = change in ("a changed file", "a file rewritten in place")
    assert len(_memo_rows(isolated_home)) == (1 if same_arguments else 2)


def test_a_result_remembered_in_one_language_is_reported_in_another(
    cli: Any, base: Corpus, isolated_home: Path
) -> None:
    """The language is not in the key: nothing remembered is translated; the warnings and the
    report are made in the language of the run."""
    english = _run(cli, base.args("--format", "md", "--lang", "en"))
    chinese = _run(cli, base.args("--format", "md", "--lang", "zh"))
    assert chinese == _run(cli, base.args("--format", "md", "--lang", "zh", "--no-cache"))
    assert chinese != english
    assert "untrusted.toml：未计入：untrusted-key" in chinese[2]
    assert "# 隐患排查整改情况汇总" in chinese[1]
    assert len(_memo_rows(isolated_home)) == 1


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
def test_another_time_zone_gives_the_fresh_result(base: Corpus) -> None:
    args = base.args("--format", "json", "--by", "month")
    utc = _script(args, TZ="UTC0")
    assert b'"2026-09"' in utc[1]
    east = _script(args, TZ="CST-8")
    assert east == _script([*args, "--no-cache"], TZ="CST-8")
    assert east != utc
    assert _script(args, TZ="UTC0") == utc


# -- damaged values and races ------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [b"", b"[]", b"not json", b"\xff\xfe", None],
    ids=["empty", "empty-list", "text", "not-utf8", "a-type-changed"],
)
def test_a_damaged_value_is_a_miss_and_is_made_again(
    cli: Any, base: Corpus, isolated_home: Path, damage: bytes | None
) -> None:
    args = base.args("--format", "json")
    first = _run(cli, args)
    (blob,) = _memo_rows(isolated_home)
    if damage is None:  # well-formed JSON, but a count is a string
        data = json.loads(blob)
        data[0][3][0] = str(data[0][3][0])  # the headline's findings
        damage = json.dumps(data).encode()
    _set_memo(isolated_home, damage)
    assert _run(cli, args) == first
    assert _memo_rows(isolated_home) == [blob]


def test_a_file_rewritten_during_the_run_keeps_the_result_out_of_the_memo(
    cli: Any, corpus: Corpus, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = next((corpus.docs / "findings").glob("*.toml"))
    data = target.read_bytes()
    os.utime(target, ns=(10**18, 10**18))  # a time no rewrite now can give it again
    real = stream_module.summarize_files

    def rewriting(*args: Any, **kwargs: Any) -> Any:
        target.write_bytes(data)  # the same bytes, written again while the run reads
        return real(*args, **kwargs)

    args = corpus.args("--format", "json")
    with monkeypatch.context() as m:
        m.setattr(stream_module, "summarize_files", rewriting)
        first = _run(cli, args)
    assert _memo_rows(isolated_home) == []
    assert _run(cli, args) == first
    assert len(_memo_rows(isolated_home)) == 1  # a quiet run is remembered


def test_a_file_changed_during_the_run_is_never_served_stale(
    cli: Any, corpus: Corpus, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = next((corpus.docs / "findings").glob("*.toml"))
    data = target.read_bytes()
    real = stream_module.summarize_files

    def changing(*args: Any, **kwargs: Any) -> Any:
        target.write_bytes(data[:-100])  # the run reads these, not the bytes its key holds
        return real(*args, **kwargs)

    args = corpus.args("--format", "json")
    with monkeypatch.context() as m:
        m.setattr(stream_module, "summarize_files", changing)
        _run(cli, args)
    assert _memo_rows(isolated_home) == []
    target.write_bytes(data)  # back as the key had it: the answer is the one for these bytes
    assert _run(cli, args) == _run(cli, [*args, "--no-cache"])


def test_a_run_with_no_usable_document_is_not_remembered(
    cli: Any, base: Corpus, isolated_home: Path
) -> None:
    args = [str(base.docs / "extra" / "empty.toml"), *base.args()[1:]]
    first = _run(cli, args)
    assert first[0] == 2
    assert first[2].splitlines()[-1] == (
        "minecheck: error: no document could be used: 1 left out (1 malformed)"
    )
    assert _memo_rows(isolated_home) == []
    assert _run(cli, args) == first


# -- the codec and the key ---------------------------------------------------------------------


def _rich_value() -> memo.Remembered:
    documents = (
        DocumentStatus("b.toml", "untrusted-key", "not in allowed_signers", "findings", "id", "m"),
        DocumentStatus("a.toml", "unreadable", "the file is empty"),
    )
    at = dt.datetime(2026, 11, 2, 9, 30, 15, 123456, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    rejected = (RejectedEvent("f.toml", "x/y", "closed", at, "not a hidden danger"),)
    summary = summarize(
        KNOWN,
        as_of=dt.date(2026, 12, 1),
        by=DIMENSIONS,
        documents=documents,
        rejected=rejected,
        include_untrusted=True,
    )
    problems = (Problem("conflict", "also appears in c.toml", "d.toml", 3, None, "a hint"),)
    return memo.Remembered(summary, documents[::-1], problems, rejected)


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@dataclasses.dataclass(frozen=True)
class Wider:
    """What a summary might hold one day: the codec carries it as declared, or refuses it."""

    ratio: float
    colour: Colour
    status: TrustStatus
    by_site: dict[str, tuple[int, ...]]
    names: list[str]
    when: dt.datetime | None = None


def test_the_codec_carries_what_a_summary_might_hold_one_day() -> None:
    value = Wider(0.25, Colour.BLUE, TrustStatus.REVOKED, {"a": (1, 2)}, ["x"], EVENING)
    again = typed_json.loads(Wider, typed_json.dumps(value))
    assert again == value
    assert type(again.status) is TrustStatus
    assert type(again.by_site["a"]) is tuple
    for bad in (
        b'[0.25,"green","revoked",{},[],null]',
        b'[0.25,"red","revoked",{"a":["1"]},[],null]',
        b'[0.25,"red","revoked",{},[],"yesterday"]',
        b'[true,"red","revoked",{},[],null]',
    ):
        with pytest.raises(ValueError, match="cannot decode a remembered summary"):
            typed_json.loads(Wider, bad)
    with pytest.raises(TypeError, match="the memo cannot hold a set"):
        typed_json.dumps(dataclasses.replace(value, names={"x"}))  # type: ignore[arg-type]


@dataclasses.dataclass(frozen=True)
class Node:
    name: str
    children: tuple[Node, ...] = ()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Keyed:
    count: int
    flag: bool


@dataclasses.dataclass(frozen=True)
class One:
    only: int


@dataclasses.dataclass(frozen=True)
class Empty:
    pass


@dataclasses.dataclass(frozen=True)
class Shapes:
    tree: Node
    keyed: Keyed
    one: One
    empty: Empty
    ratio: float


def test_the_codec_carries_nested_keyword_single_and_empty_dataclasses() -> None:
    """Each class's encoder and decoder are worked out once (a type may hold itself); a value
    of plain fields is taken as it is only when each is exactly its field's type."""
    tree = Node("a", (Node("b"), Node("c", (Node("d"),))))
    value = Shapes(tree, Keyed(count=1, flag=True), One(2), Empty(), 3)
    blob = typed_json.dumps(value)
    assert blob == b'[["a",[["b",[]],["c",[["d",[]]]]]],[1,true],[2],[],3]'
    again = typed_json.loads(Shapes, blob)
    assert again == value
    assert type(again.ratio) is float
    for bad in (
        blob.replace(b"[1,true]", b"[true,true]"),  # a truth value for a number
        blob.replace(b"[1,true]", b"[1,1]"),  # a number for a truth value
        blob.replace(b"[1,true]", b'[1,"true"]'),
        blob.replace(b'"d"', b"4"),  # deep in the tree
        blob.replace(b"[2]", b"[2.0]"),
        blob.replace(b"[2]", b"[2,3]"),
        blob.replace(b",[],3]", b",[1],3]"),
    ):
        assert bad != blob
        with pytest.raises(ValueError, match="cannot decode a remembered summary"):
            typed_json.loads(Shapes, bad)


def test_the_codec_carries_every_part_of_a_summary() -> None:
    value = _rich_value()
    assert value.summary.groups
    assert value.summary.progress
    assert value.summary.overdue_by_responsible
    again = memo.decode_value(memo.encode_value(value))
    assert again == value
    assert again.rejected[0].at.utcoffset() == dt.timedelta(hours=8)


@pytest.mark.parametrize(
    "blob",
    [
        b"[]",
        b"null",
        b"[1, 2, 3, 4]",
        b'{"summary": 1}',
        b"[" * 100_000,
        b"1" * 5000,
    ],
    ids=["empty", "null", "ints", "object", "deep", "huge-int"],
)
def test_a_value_that_is_not_one_is_refused(blob: bytes) -> None:
    with pytest.raises(ValueError, match="cannot decode a remembered summary"):
        memo.decode_value(blob)


def test_a_value_with_a_bad_date_or_a_field_out_of_place_is_refused() -> None:
    good = memo.encode_value(_rich_value())
    assert good.startswith(b'[["2026-12-01",')
    for bad in (b'[["2026-13-01",' + good[15:], b'[["2026-12-01",' + good[1:]):
        with pytest.raises(ValueError, match="cannot decode a remembered summary"):
            memo.decode_value(bad)


def test_the_key_follows_the_names_and_the_fingerprint_the_bytes(tmp_path: Path) -> None:
    """The key is worked out without reading a file (a run whose arguments were never
    remembered reads none for the memo); the fingerprint kept with a result follows the
    files' order and bytes."""
    from minecheck.core.trust import TrustStore

    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_bytes(b"one")
    b.write_bytes(b"two")

    def key(*paths: Path | str) -> bytes:
        day = dt.date(2026, 12, 31)
        return memo.memo_key(paths, TrustStore(), as_of=day, by=(), include_untrusted=False)

    def seen(*paths: Path) -> bytes:
        return memo.fingerprint(memo.look(paths))

    first, bytes_first = key(a, b), seen(a, b)
    assert key(a, b) == first
    assert key(b, a) != first
    assert seen(b, a) != bytes_first
    b.write_bytes(b"TWO")
    assert key(a, b) == first  # the same arguments...
    assert seen(a, b) != bytes_first  # ...other bytes
    b.write_bytes(b"two")
    assert seen(a, b) == bytes_first
    assert key("a\nb") != key("a", "b")  # a name with a newline is one name
    gone = str(tmp_path / "gone.toml")
    assert key(gone) != key(a)  # a name alone, the file never read
    assert tuple(memo.look([gone])) == ((gone, "unreadable", "No such file or directory"),)
    directory = (str(tmp_path), "unreadable", "not a regular file (a directory)")
    assert tuple(memo.look([tmp_path])) == (directory,)


def test_a_changed_source_of_the_computation_is_another_key(tmp_path: Path) -> None:
    (tmp_path / "core").mkdir()
    (tmp_path / "report").mkdir()
    assert memo.code_digest(tmp_path) is None  # no sources: the version alone decides
    fold = tmp_path / "core" / "loop.py"
    fold.write_text("OVERDUE = 1\n")
    (tmp_path / "report" / "summary.py").write_text("x = 1\n")
    (tmp_path / "report" / "notes.txt").write_text("not code\n")
    first = memo.code_digest(tmp_path)
    (tmp_path / "report" / "notes.txt").write_text("still not code\n")
    assert memo.code_digest(tmp_path) == first
    fold.write_text("OVERDUE = 2\n")
    assert memo.code_digest(tmp_path) != first
    fold.write_text("OVERDUE = 1\n")
    assert memo.code_digest(tmp_path) == first
    package = Path(memo.__file__).resolve().parent.parent
    assert memo.code_digest(package) is not None


def test_a_store_the_key_cannot_hold_turns_the_memo_off_not_the_run(tmp_path: Path) -> None:
    from minecheck.core.trust import TrustStore

    odd = TrustStore(allowed=(object(),))  # type: ignore[arg-type]
    (tmp_path / "a.toml").write_bytes(b"one")
    kept = memo.SummaryMemo(
        [tmp_path / "a.toml"], odd, as_of=dt.date(2026, 12, 31), by=(), include_untrusted=False
    )
    assert not kept.enabled
    assert kept.recall() is None
    assert not kept.keep(_rich_value())


def test_revoked_keys_are_canonical_in_the_order_of_their_json() -> None:
    """The memo key's form of a revoked-keys set is sorted by each entry's JSON text; thousands
    of keys are sorted as bytes instead, which must give the same order (a shorter blob that
    is a prefix of a longer one included) and so the same key as before."""
    import random

    from minecheck.report.memo import _canon

    rng = random.Random(8)  # noqa: S311 - test data, not secrets
    blobs = {rng.randbytes(rng.choice((1, 2, 51))) for _ in range(500)} | {b"", b"\x00", b"\xff"}
    blobs |= {b"ab", b"abc", b"ab\x00", b"\x0f", b"\xf0"}
    entries = [{"bytes": b.hex()} for b in blobs]
    assert _canon(frozenset(blobs)) == sorted(entries, key=lambda v: json.dumps(v, sort_keys=True))
    assert _canon(frozenset()) == []
