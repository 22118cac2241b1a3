"""export writes its rows as they are made (report/stream_rows.py), in flat memory.

The rows are the ones `load_corpus` holds and sorts, byte for byte once rendered, whatever the
corpus (joint inspections, events, merged files, untrusted, revoked or future documents), with
the repeat-major flag that joins inspections; the same documents are left out and the same
events rejected. A failure part way leaves no file behind, and nothing is written when no
document can be used.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.trust import TrustStore
from minecheck.errors import InputError
from minecheck.report import export as export_module
from minecheck.report.corpus import load_corpus, read_document_file
from minecheck.report.export import render
from minecheck.report.rows import FindingRow
from minecheck.report.stream_files import export_files
from tests.helpers_faults import calls_to, fail_on_call
from tests.test_summary_tally import archive  # noqa: F401 - the fixture

AS_OF = dt.date(2026, 12, 31)


def _rows(
    paths: list[str], store: TrustStore, wide: bool, *, cache: bool
) -> tuple[list[FindingRow], Any]:
    rows: list[FindingRow] = []
    corpus = export_files(
        paths,
        store,
        as_of=AS_OF,
        include_untrusted=wide,
        write=lambda made: rows.extend(made.whole()),
        cache=cache,
    )
    return rows, corpus


def test_streamed_rows_are_the_rows_held_and_sorted(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    isolated_home: Path,
) -> None:
    paths, full = archive
    partial = TrustStore(full.allowed[1:], full.revoked)  # some documents untrusted
    results = [read_document_file(Path(p).read_bytes(), p) for p in paths]
    for store, wide in itertools.product((full, partial), (False, True)):
        expected = load_corpus(results, store, as_of=AS_OF, include_untrusted=wide)
        for cache in (False, True, True):  # no cache, cold, warm
            rows, corpus = _rows(paths, store, wide, cache=cache)
            assert rows == list(expected.rows)
            assert corpus.rows == ()
            assert corpus.rejected == expected.rejected
            assert corpus.problems == expected.problems
            assert corpus.used == expected.used
            untrusted = [d for d in expected.documents if d.status != "trusted"]
            assert list(corpus.documents) == untrusted
    assert any("repeat-major" in r.flags for r in expected.rows)
    assert any(r.result == "inconsistent" for r in expected.rows)
    assert any(r.state == "rectified" for r in expected.rows)


def test_events_are_applied_and_rejected_as_with_the_rows_held(
    tmp_path: Path, isolated_home: Path
) -> None:
    from minecheck.core.documents import Event
    from tests.helpers_merge import INSPECTION, ITEMS, findings, person, store_for
    from tests.test_export import followup
    from tests.test_summary_counts import JOINT, OTHER

    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    at = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    events = [
        Event(f"{INSPECTION}/{ITEMS[0]}", "rectified", at, note="done"),  # compliant
        Event(f"{INSPECTION}/{ITEMS[1]}", "rectified", at, note="done"),  # a hidden danger
        Event(f"{OTHER}/{ITEMS[0]}", "rectified", at, note="x"),  # no such finding
        Event(f"{JOINT}/{ITEMS[2]}", "rectified", at, note="joint"),
    ]
    files = {
        "a.toml": findings(alice, ["compliant", "noncompliant", "not-checked"]),
        "f.toml": followup(bob, *events),
        "b.toml": findings(bob, ["compliant", "compliant", "noncompliant"], inspection_id=JOINT),
        "c.toml": findings(
            alice, ["compliant", "noncompliant", "noncompliant"], inspection_id=JOINT
        ),
    }
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    store = store_for(alice, bob)
    results = [read_document_file(Path(p).read_bytes(), p) for p in paths]
    expected = load_corpus(results, store, as_of=AS_OF)
    rows, corpus = _rows(paths, store, False, cache=False)
    assert rows == list(expected.rows)
    assert corpus.rejected == expected.rejected
    reasons = {(e.finding.split("/")[0], e.reason) for e in corpus.rejected}
    assert (INSPECTION, "the finding is not a hidden danger") in reasons
    assert (OTHER, "no trusted findings document holds this finding") in reasons
    assert [r.state for r in rows if r.inspection == JOINT and r.item == ITEMS[2]] == ["rectified"]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_the_command_writes_the_bytes_of_the_rows_held(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    cli: Any,
    isolated_home: Path,
    tmp_path: Path,
    fmt: str,
) -> None:
    paths, _ = archive
    docs = Path(paths[0]).parent.parent
    signers = docs.parent / "allowed_signers"
    args = [str(docs), "--allowed-signers", str(signers), "--as-of", AS_OF.isoformat()]
    from minecheck.core.trust import load_trust

    trust = load_trust(signers, None)
    results = [read_document_file(Path(p).read_bytes(), p) for p in paths]
    expected = render(load_corpus(results, trust, as_of=AS_OF).rows, fmt)
    shown = cli(["export", *args, "--format", fmt])
    assert shown.exit_code == 0  # documents were left out (not trusted here), and named
    assert shown.stdout == expected
    assert "split-b.toml: left out: untrusted-key: " in shown.stderr
    out = tmp_path / f"rows.{fmt}"
    written = cli(["export", *args, "--format", fmt, "-o", str(out), "--json"])
    assert written.exit_code == 0
    assert out.read_bytes() == expected.encode("utf-8")
    envelope = json.loads(written.stdout)
    assert envelope["data"]["path"] == str(out)
    assert envelope["data"]["count"] == expected.count("\n") - (fmt == "csv")


def _archive_args(paths: list[str]) -> list[str]:
    """The archive's folder and its allowed_signers, as export takes them."""
    docs = Path(paths[0]).parent.parent
    return [str(docs), "--allowed-signers", str(docs.parent / "allowed_signers")]


def test_a_failure_part_way_leaves_the_file_as_it_was(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    cli: Any,
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = _archive_args(archive[0])
    out = tmp_path / "out" / "rows.csv"
    out.parent.mkdir()
    out.write_bytes(b"what was there\n")
    fail_on_call(
        monkeypatch, export_module.RowWriter, "_write", 3, InputError("the disk went away")
    )
    run = cli(["export", *args, "--format", "csv", "-o", str(out), "--force"])
    assert run.exit_code == 2
    assert run.stderr.splitlines()[-1] == "minecheck: error: the disk went away"
    assert out.read_bytes() == b"what was there\n"
    assert sorted(p.name for p in out.parent.iterdir()) == ["rows.csv"]  # no temporary file


def test_nothing_is_written_when_no_document_can_be_used(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    cli: Any,
    isolated_home: Path,
    tmp_path: Path,
) -> None:
    paths, _ = archive
    docs = Path(paths[0]).parent.parent
    nobody = tmp_path / "allowed_signers"
    nobody.write_text("", encoding="utf-8")
    for more in ([], ["-o", str(tmp_path / "rows.csv")]):
        run = cli(["export", str(docs), "--allowed-signers", str(nobody), "--format", "csv", *more])
        assert run.exit_code == 2
        assert run.stdout == ""
        assert run.stderr.splitlines()[-2:] == [
            f"minecheck: error: no document could be used: {len(paths)} left out "
            f"({len(paths)} untrusted-key)",
            "  hint: minecheck verify names the key of each and the command that trusts it; to "
            "count documents signed but not trusted, add --include-untrusted",
        ]
    assert not (tmp_path / "rows.csv").exists()


def test_a_file_written_as_it_is_made_is_whole_or_not_there(tmp_path: Path) -> None:
    from minecheck.errors import UsageError
    from minecheck.fileio import atomic_write

    out = tmp_path / "made.txt"
    atomic_write(out, lambda fh: fh.write(b"one\ntwo\n"))
    assert out.read_bytes() == b"one\ntwo\n"
    with pytest.raises(UsageError, match="already exists"):
        atomic_write(out, lambda fh: fh.write(b"three\n"))

    def half_then(error: Exception) -> Any:
        def make(fh: Any) -> None:
            fh.write(b"half")
            raise error

        return make

    # what the maker raises goes on as it is (a ValueError is not taken for a bad file name)
    for error in (
        ValueError("not a row"),
        InputError("gone"),
        UnicodeEncodeError("ascii", "é", 0, 1, "x"),
    ):
        with pytest.raises(type(error)) as raised:
            atomic_write(out, half_then(error), force=True)
        assert raised.value is error
        assert out.read_bytes() == b"one\ntwo\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["made.txt"]


def test_parquet_is_written_as_the_rows_come_with_the_bytes_of_the_rows_held(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    cli: Any,
    isolated_home: Path,
    tmp_path: Path,
) -> None:
    pytest.importorskip("pyarrow")
    from minecheck.core.trust import load_trust
    from minecheck.report.parquet import parquet_bytes

    paths, _ = archive
    docs = Path(paths[0]).parent.parent
    signers = docs.parent / "allowed_signers"
    args = [str(docs), "--allowed-signers", str(signers), "--as-of", AS_OF.isoformat()]
    results = [read_document_file(Path(p).read_bytes(), p) for p in paths]
    rows = load_corpus(results, load_trust(signers, None), as_of=AS_OF).rows
    out = tmp_path / "rows.parquet"
    run = cli(["export", *args, "--format", "parquet", "-o", str(out), "--json"])
    assert run.exit_code == 0  # documents were left out, and named
    assert out.read_bytes() == parquet_bytes(rows)
    assert json.loads(run.stdout)["data"]["count"] == len(rows) > 1000


def test_without_a_cache_no_file_is_read_again(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With --no-cache the values are kept in memory between the passes: the two readings of
    pass 2 both find them there (the first does not let them go)."""
    from minecheck.report import stream_files

    paths, store = archive
    expected, _ = _rows(paths, store, False, cache=False)

    def refuse(digest: bytes, path: str) -> Any:
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(stream_files, "_read_again", refuse)
    assert _rows(paths, store, False, cache=False)[0] == expected


def _lines(
    paths: list[str], store: TrustStore, wide: bool, *, cache: bool, decode: Any = None
) -> tuple[str, int, Any]:
    """An export's CSV lines made with `lines` (by workers, each inspection given out), how
    many inspections were read in the parent instead (`write`, into the same lines, in
    order), and the corpus."""
    from minecheck.report import corpus_cache

    made: list[str] = []
    here = export_module._CsvLines()
    in_parent: list[str] = []

    def write(rows: Any) -> None:
        in_parent.append(rows.whole()[0].inspection)
        made.extend(here.lines(rows))

    with pytest.MonkeyPatch.context() as patch:
        if decode is not None:
            patch.setattr(corpus_cache, "decode_at", decode)
        corpus = export_files(
            paths,
            store,
            as_of=AS_OF,
            include_untrusted=wide,
            write=write,
            lines=(export_module._CsvLines, made.extend),
            cache=cache,
        )
    return "".join(made), len(in_parent), corpus


def test_lines_made_on_every_core_are_the_lines_of_the_rows_held(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With `lines`, the second reading gives out each inspection to a pool of workers, which
    make its lines: the lines of the rows `load_corpus` holds, in its order, the same documents
    left out and events rejected; none is read in the parent."""
    from minecheck.report import batch, stream_rows

    paths, full = archive
    partial = TrustStore(full.allowed[1:], full.revoked)
    results = [read_document_file(Path(p).read_bytes(), p) for p in paths]
    pools = calls_to(monkeypatch, batch, "_make_pool")
    pooled = 0  # runs with inspections enough for a pool
    for store, wide in itertools.product((full, partial), (False, True)):
        expected = load_corpus(results, store, as_of=AS_OF, include_untrusted=wide)
        pooled += 3 * (len({r.inspection for r in expected.rows}) >= batch.MIN_PARALLEL)
        header = render([], "csv")
        for cache in (False, True, True):  # no cache, cold, warm
            text, in_parent, corpus = _lines(paths, store, wide, cache=cache)
            assert header + text == render(expected.rows, "csv")
            assert in_parent == 0
            assert corpus.rejected == expected.rejected
            assert corpus.problems == expected.problems
            untrusted = [d for d in expected.documents if d.status != "trusted"]
            assert list(corpus.documents) == untrusted
    lines_of = [f for _, f in pools if getattr(f, "func", None) is stream_rows._lines_of]
    assert len(lines_of) == pooled >= 6  # the second reading had a pool of workers


def _every_third() -> Callable[[bytes, str], Any]:
    """The cache's decoder, failing at every third value (gone or damaged between the two
    readings)."""
    from minecheck.report import corpus_cache

    real = corpus_cache.decode_at
    calls: list[int] = []

    def every_third(blob: bytes, path: str) -> Any:
        calls.append(1)
        if len(calls) % 3 == 0:
            raise ValueError("cannot decode a cached value: damaged")
        return real(blob, path)

    return every_third


def test_an_inspection_a_worker_cannot_decode_is_read_in_the_parent(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    isolated_home: Path,
) -> None:
    """A value gone or damaged by the second reading: that inspection is read again and made
    in the parent (`write`), in its place among the others: the same lines."""

    paths, store = archive
    expected, _, _ = _lines(paths, store, True, cache=True)
    text, in_parent, _ = _lines(paths, store, True, cache=True, decode=_every_third())
    assert in_parent > 5
    assert text == expected


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_the_command_writes_an_inspection_read_in_the_parent_in_its_place(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    cli: Any,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    """`export` whose workers cannot decode some cached values (gone or damaged between the two
    readings): those inspections are made in the parent and written by the command's own
    writer, in their place: the same bytes as a run where every worker could."""
    from minecheck.report import corpus_cache

    paths, _ = archive
    args = ["export", *_archive_args(paths), "--as-of", AS_OF.isoformat(), "--format", fmt]
    cli(args)  # the cache filled
    expected = cli(args)
    monkeypatch.setattr(corpus_cache, "decode_at", _every_third())
    written = export_module.RowWriter.write
    in_parent: list[object] = []

    def counted(self: Any, rows: Any) -> None:
        in_parent.append(rows)
        written(self, rows)

    monkeypatch.setattr(export_module.RowWriter, "write", counted)
    shown = cli(args)
    assert (shown.exit_code, shown.stdout) == (expected.exit_code, expected.stdout)
    assert in_parent  # (some inspections were read again in the parent: workers share no list)


def test_a_value_that_cannot_say_whether_it_records_a_major_is_read_whole(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first reading asks each lone document's value whether it records a major; where a
    value cannot say (gone from the cache, damaged), the document is read whole instead: the
    same rows, repeat-major flags and all, and only those documents fetched."""
    from minecheck.report import corpus_cache, stream_files

    paths, store = archive
    expected, _ = _rows(paths, store, False, cache=True)  # (and the values are cached)
    real = corpus_cache.records_majors
    asked: list[int] = []

    def every_other(blob: bytes) -> Callable[[int], bool]:
        found = real(blob)

        def said(index: int) -> bool:
            asked.append(index)
            if len(asked) % 2:
                raise ValueError("cannot decode a cached value: damaged")
            return found(index)

        return said

    monkeypatch.setattr(corpus_cache, "records_majors", every_other)
    fetched = calls_to(monkeypatch, stream_files._Reading, "fetch_again")
    assert _rows(paths, store, False, cache=True)[0] == expected
    assert len(asked) > 20
    lone = [keys for (keys,) in fetched if len(keys) == 1]
    assert len(lone) == (len(asked) + 1) // 2  # one fetch for each value that could not say
    assert any("repeat-major" in r.flags for r in expected)


def _envelope_text(stdout: str, rows: list[FindingRow]) -> str:
    """What `--json` printed when it held the rows: the envelope of these rows, with the
    problems and exit code the command reported, as `json_text` renders it."""
    from minecheck.core.sanitize import json_text
    from minecheck.report.export import row_values

    shown = json.loads(stdout)
    envelope = {
        "minecheck": 1,
        "command": "export",
        "ok": shown["ok"],
        "exit_code": shown["exit_code"],
        "data": {  # (the day and the zone it is counted in, then the rows)
            "as_of": shown["data"]["as_of"],
            "zone": shown["data"]["zone"],
            "rows": [row_values(r) for r in rows],
            "count": len(rows),
        },
        "problems": shown["problems"],
    }
    return json_text(envelope) + "\n"


def test_json_to_stdout_is_the_envelope_of_the_rows_held_written_as_they_come(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    cli: Any,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`export --json` to standard output streams its rows too (they were held: 2.4 GB for
    199,000 rows): the same bytes, with no corpus held in memory."""
    from minecheck.core.trust import load_trust
    from minecheck.report import corpus as corpus_module

    paths, _ = archive
    docs = Path(paths[0]).parent.parent
    signers = docs.parent / "allowed_signers"
    args = [str(docs), "--allowed-signers", str(signers), "--as-of", AS_OF.isoformat()]
    results = [read_document_file(Path(p).read_bytes(), p) for p in paths]
    rows = list(load_corpus(results, load_trust(signers, None), as_of=AS_OF).rows)

    def held(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the corpus was held in memory")

    monkeypatch.setattr(corpus_module, "load_corpus", held)
    run = cli(["export", *args, "--json"])
    assert run.exit_code == 0  # documents were left out (not trusted here), and named
    assert run.stderr == ""
    assert run.stdout == _envelope_text(run.stdout, rows)
    assert json.loads(run.stdout)["data"]["count"] == len(rows) > 1000
    assert "split-b.toml" in json.dumps(json.loads(run.stdout)["problems"])


def test_json_rows_with_unsafe_text_and_none_are_the_envelope_held(
    tmp_path: Path, cli: Any, isolated_home: Path
) -> None:
    from minecheck.report.export import row_values
    from tests.helpers_merge import findings, person

    alice = person(tmp_path, "alice")
    nasty = '坑道\u202e积水\x1b[31m\n第二行\u200b\U0001f600 \\ "quoted" \u2028end'
    (tmp_path / "docs").mkdir()
    data = findings(alice, ["noncompliant", "compliant", "noncompliant"], description=nasty)
    (tmp_path / "docs" / "a.toml").write_bytes(data)
    signers = tmp_path / "allowed_signers"
    public = Path(str(alice.key) + ".pub").read_text(encoding="utf-8").split(" ")
    signers.write_text(f"{alice.principal} {public[0]} {public[1]}\n", encoding="utf-8")
    args = [str(tmp_path / "docs"), "--allowed-signers", str(signers)]
    args += ["--as-of", AS_OF.isoformat()]
    from minecheck.core.trust import load_trust

    results = [read_document_file(data, str(tmp_path / "docs" / "a.toml"))]
    rows = list(load_corpus(results, load_trust(signers, None), as_of=AS_OF).rows)
    assert any(r.description == nasty for r in rows)
    run = cli(["export", *args, "--json"])
    assert run.exit_code == 0, run.stdout
    assert run.stdout == _envelope_text(run.stdout, rows)
    assert "\u202e" not in run.stdout
    assert "\\u202e" in run.stdout
    assert "\x1b" not in run.stdout
    assert "\u2028" not in run.stdout
    lines = cli(["export", *args]).stdout  # JSONL: the same escapes (it may meet a terminal)
    assert [json.loads(line) for line in lines.splitlines()] == [row_values(r) for r in rows]
    for unsafe in ("\u202e", "\x1b", "\u2028", "\u200b"):
        assert unsafe not in lines
        assert f"\\u{ord(unsafe):04x}" in lines
    nobody = tmp_path / "nobody"
    nobody.write_text("", encoding="utf-8")
    empty = cli(["export", str(tmp_path / "docs"), "--allowed-signers", str(nobody), "--json"])
    assert empty.exit_code == 2
    assert "rows" not in json.loads(empty.stdout)["data"]


def test_json_to_stdout_failing_part_way_is_one_envelope_of_the_error(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    cli: Any,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno

    from minecheck.cli._output import Spooled

    args = _archive_args(archive[0])
    full = OSError(errno.ENOSPC, "No space left on device")
    fail_on_call(monkeypatch, Spooled, "extend_laid_out", 3, full)
    closed = calls_to(monkeypatch, Spooled, "close")
    run = cli(["export", *args, "--json"])
    assert run.exit_code == 2
    assert run.stderr == ""
    envelope = json.loads(run.stdout)  # one envelope, whole
    assert envelope["ok"] is False
    assert "rows" not in envelope["data"]
    assert envelope["problems"][-1]["message"] == "No space left on device"
    assert closed == [()]  # the temporary file is let go
