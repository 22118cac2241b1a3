"""The content cache and the summary's memo, as a report author meets them: what a report says
is what the documents say, cold or warm; a file changed, a key revoked or removed, a damaged or
poisoned cache, `--no-cache`: each run reports what a run with no cache at all reports."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tomllib
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate

from minecheck import fileio
from minecheck.report import corpus_cache, memo
from minecheck.report.cache import FILE_NAME
from tests.helpers_merge import allowed_signers, findings, make_merged, person, store_for

AS_OF = "2026-12-31"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cache-rules")
    generate(out, 12, 6, seed=5)
    return out


@pytest.fixture
def corpus(generated: Path, tmp_path: Path) -> Path:
    """A copy of the corpus of this test's own (tests change files in it)."""
    out = tmp_path / "corpus"
    shutil.copytree(generated, out)
    return out


def _args(root: Path, *more: str) -> list[str]:
    return [str(root / "docs"), "--allowed-signers", str(root / "allowed_signers"), *more]


def _run(cli: Any, command: str, root: Path, *more: str) -> tuple[int, str, str]:
    extra = ["--as-of", AS_OF] if command != "verify" else []
    got = cli([command, *_args(root, *extra, *more)])
    return got.exit_code, got.stdout, got.stderr


def _every_way(cli: Any, root: Path, *more: str) -> dict[str, tuple[int, str, str]]:
    return {
        "summary": _run(cli, "summary", root, "--format", "json", *more),
        "export": _run(cli, "export", root, "--format", "jsonl", *more),
        "verify": _run(cli, "verify", root, "--json", *(m for m in more if m != "--no-cache")),
    }


def _documents(root: Path, folder: str) -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in sorted((root / "docs" / folder).glob("*.toml")):
        yield path, tomllib.loads(path.read_text("utf-8"))


def _event_targets(root: Path) -> set[str]:
    return {e["finding"] for _, doc in _documents(root, "followups") for e in doc["event"]}


def _rows_say_what_the_documents_say(root: Path, stdout: str) -> int:
    rows = {(r["inspection"], r["item"]): r for r in map(json.loads, stdout.splitlines())}
    named = _event_targets(root)
    checked = 0
    for _, doc in _documents(root, "findings"):
        ins = doc["inspection"]
        for finding in doc["finding"]:
            row = rows[(ins["id"], finding["item"])]
            assert (row["site"], row["site_id"]) == (ins["site"], ins["site_id"])
            assert (row["checklist"], row["checklist_version"]) == (
                ins["checklist"],
                ins["checklist_version"],
            )
            assert ins["inspector"] in row["inspectors"]
            assert doc["minecheck"]["signer"] in row["signers"]
            assert doc["minecheck"]["document_id"] in row["document_ids"]
            assert row["trust"] == "trusted"
            assert row["result"] == finding["result"]
            assert row["severity"] == finding.get("severity")
            assert row["basis"] == finding.get("basis", [])
            assert row["description"] == finding.get("description")
            assert row["location"] == finding.get("location")
            assert row["responsible"] == finding.get("responsible")
            if f"{ins['id']}/{finding['item']}" not in named:
                deadline = finding.get("deadline")
                assert row["deadline"] == (deadline.isoformat() if deadline else None)
                if finding["result"] == "noncompliant":
                    assert row["state"] == "open"
            checked += 1
    return checked


def test_export_says_what_the_documents_say_cold_warm_and_without_the_cache(
    cli: Any, corpus: Path, isolated_home: Path
) -> None:
    """Every row of every findings file (merged and joint ones too), field by field, as the
    signed TOML says it: the values the cache keeps carry each field to the report."""
    outputs = [
        _run(cli, "export", corpus, "--format", "jsonl", *x) for x in ([], [], ["--no-cache"])
    ]
    assert (isolated_home / "cache" / FILE_NAME).exists()
    for code, stdout, stderr in outputs:
        assert (code, stderr) == (0, "")
        assert _rows_say_what_the_documents_say(corpus, stdout) == 72  # a joint pair twice
    assert outputs[0] == outputs[1] == outputs[2]
    rows = [json.loads(line) for line in outputs[0][1].splitlines()]
    assert {r["state"] for r in rows if r["result"] == "noncompliant"} >= {"open", "closed"}
    assert any(len(r["document_ids"]) == 2 for r in rows)  # a joint inspection, merged


def test_verify_names_each_file_as_its_document_does_cold_and_warm(cli: Any, corpus: Path) -> None:
    runs = [_run(cli, "verify", corpus, "--json") for _ in range(2)]
    assert runs[0] == runs[1]
    assert runs[0][0] == 0
    listed = {f["path"]: f for f in json.loads(runs[0][1])["data"]["files"]}
    for folder in ("findings", "followups", "merged"):
        for path, doc in _documents(corpus, folder):
            entry = listed[str(path)]
            assert entry["status"] == "trusted", entry
            assert entry["detail"] == "signed by a trusted key"
            assert entry["signer"] == doc["minecheck"]["signer"]
            assert entry["document_id"] == doc["minecheck"]["document_id"]
            assert entry["format"] == doc["minecheck"]["format"]
    assert len(listed) == 15


@pytest.mark.parametrize("settled", [False, True], ids=["hashed", "settled"])
def test_a_file_changed_between_runs_is_never_served_stale(
    cli: Any, corpus: Path, monkeypatch: pytest.MonkeyPatch, settled: bool
) -> None:
    """A findings file altered after a run (one byte of its body, the same size): the next
    summary, export and verify judge it afresh, exactly as a run with no cache does, whether
    the memo answers by hashing the files or (settled files) by their stats."""
    if settled:
        monkeypatch.setattr(memo, "SETTLED_NS", 0)
    first = _every_way(cli, corpus)
    assert _every_way(cli, corpus) == first  # answered from the cache and the memo
    target = corpus / "docs" / "findings" / "000004.toml"
    data = target.read_bytes()
    target.write_bytes(data.replace("充填站".encode(), "充填坊".encode(), 1))
    assert target.stat().st_size == len(data)
    after = _every_way(cli, corpus)
    assert after == _every_way(cli, corpus, "--no-cache")
    assert after != first
    bad = (
        f"minecheck: warning: {target}: left out: bad-signature: the signature does not match"
        " the content: the file was changed after signing"
    )
    assert after["summary"][2].splitlines()[0] == bad
    assert after["export"][2].splitlines()[0] == bad
    assert after["summary"][0] == after["export"][0] == 0  # the report, the file left out
    assert after["verify"][0] == 1  # not all trusted
    assert json.loads(after["summary"][1])["scope"]["documents_not_counted"] == 1


def test_a_key_revoked_or_removed_since_the_last_run_is_never_served_as_trusted(
    cli: Any, corpus: Path, tmp_path: Path
) -> None:
    first = _every_way(cli, corpus)
    lines = (corpus / "allowed_signers").read_text().splitlines()
    signer = next(line for line in lines if line.startswith("j.kowalski@"))
    revoked = tmp_path / "revoked_keys"
    revoked.write_text(" ".join(signer.split()[1:3]) + "\n")
    more = ("--revoked-keys", str(revoked))
    after = _every_way(cli, corpus, *more)
    assert after == _every_way(cli, corpus, *more, "--no-cache")
    assert after != first
    assert "left out: revoked: key SHA256:" in after["summary"][2]
    statuses = {f["status"] for f in json.loads(after["verify"][1])["data"]["files"]}
    assert "revoked" in statuses
    assert after["verify"][0] == 1
    # the key no longer allowed at all: untrusted, not trusted, not revoked
    (corpus / "allowed_signers").write_text(
        "".join(f"{line}\n" for line in lines if line != signer)
    )
    gone = _every_way(cli, corpus)
    assert gone == _every_way(cli, corpus, "--no-cache")
    assert "trusted" in {f["status"] for f in json.loads(gone["verify"][1])["data"]["files"]}
    assert "left out: untrusted" in gone["summary"][2]
    assert gone["summary"][1] != first["summary"][1]
    # and allowed again: the first run's reports, every one
    (corpus / "allowed_signers").write_text("".join(f"{line}\n" for line in lines))
    assert _every_way(cli, corpus) == first


def test_a_damaged_cache_file_is_made_anew_and_the_reports_stay_the_same(
    cli: Any, corpus: Path, isolated_home: Path
) -> None:
    first = _every_way(cli, corpus)
    cache_file = isolated_home / "cache" / FILE_NAME
    for leftover in cache_file.parent.glob(f"{FILE_NAME}-*"):
        leftover.unlink()
    cache_file.write_bytes(b"not a database at all\n" * 100)
    assert _every_way(cli, corpus) == first
    with closing(sqlite3.connect(cache_file)) as db:
        assert db.execute("select count(*) from result").fetchone()[0] > 15
    assert _every_way(cli, corpus) == first


def test_a_poisoned_cache_is_neither_read_nor_written_with_no_cache(
    cli: Any, corpus: Path, isolated_home: Path
) -> None:
    """Every kept value swapped for another file's: --no-cache reports what the documents say
    and leaves the cache file as it found it, byte for byte."""
    first = _every_way(cli, corpus)
    cache_file = isolated_home / "cache" / FILE_NAME
    with closing(sqlite3.connect(cache_file)) as db, db:
        values = [v for (v,) in db.execute("select value from result order by rowid")]
        for rowid, value in zip(range(1, len(values) + 1), values[1:] + values[:1], strict=True):
            db.execute("update result set value = ? where rowid = ?", (value, rowid))
    with closing(sqlite3.connect(cache_file)) as db:
        db.execute("pragma wal_checkpoint(truncate)")
    before = hashlib.sha256(cache_file.read_bytes()).hexdigest()
    assert _every_way(cli, corpus, "--no-cache") == first
    assert hashlib.sha256(cache_file.read_bytes()).hexdigest() == before


def test_a_file_over_the_limit_is_named_with_its_size_cold_and_warm(
    cli: Any, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = max(corpus.rglob("0*.toml"), key=lambda p: p.stat().st_size)
    size = target.stat().st_size
    limit = size - 1
    assert all(p.stat().st_size <= limit for p in corpus.rglob("0*.toml") if p != target)
    monkeypatch.setattr(corpus_cache, "MAX_DOCUMENT_BYTES", limit)
    monkeypatch.setattr(fileio, "MAX_DOCUMENT_BYTES", limit)  # (as the memo reads files)
    runs = [_run(cli, "summary", corpus, "--format", "json", *x) for x in ([], [], ["--no-cache"])]
    assert runs[0] == runs[1] == runs[2]
    code, _, stderr = runs[0]
    assert code == 0  # malformed, as verify says: a document left out changes no exit code
    said = f"minecheck: warning: {target}: left out: malformed: the file is {size} bytes, over"
    said += f" the limit of {limit}"
    assert said in stderr.splitlines(), stderr


def test_a_summary_by_other_arguments_is_made_afresh(cli: Any, corpus: Path) -> None:
    """The memo keeps a result for its arguments: another report date, other groups, the
    untrusted counted or not, each reports what a run with no cache does."""
    outsider = corpus / "docs" / "findings" / "000004.toml"
    lines = (corpus / "allowed_signers").read_text().splitlines()
    signer = tomllib.loads(outsider.read_text("utf-8"))["minecheck"]["signer"]
    (corpus / "allowed_signers").write_text(
        "".join(f"{line}\n" for line in lines if not line.startswith(f"{signer} "))
    )
    seen = set()
    for more in (
        [],
        ["--as-of", "2026-09-01"],
        ["--by", "site"],
        ["--by", "month"],
        ["--include-untrusted"],
        ["--include-untrusted", "--by", "site"],
    ):
        warm = [_run(cli, "summary", corpus, "--format", "json", *more) for _ in range(2)]
        bare = _run(cli, "summary", corpus, "--format", "json", *more, "--no-cache")
        assert warm[0] == warm[1] == bare, more
        seen.add(warm[0][1])
    assert len(seen) == 6


def test_a_kept_value_that_calls_its_plain_findings_hidden_dangers_is_read_again(
    cli: Any, corpus: Path, isolated_home: Path
) -> None:
    """A kept value whose compliant findings are listed as non-compliant ones (a damaged or
    forged value, no hidden danger's details in it): refused and the file read again, never
    reported as open hidden dangers."""
    first = _run(cli, "export", corpus, "--format", "jsonl")
    cache_file = isolated_home / "cache" / FILE_NAME
    with closing(sqlite3.connect(cache_file)) as db, db:
        rows = list(db.execute("select rowid, value from result"))
        forged = 0
        for rowid, value in rows:
            changed = value.replace(b'[["compliant", [', b'[["noncompliant", [')
            if changed != value:
                db.execute("update result set value = ? where rowid = ?", (changed, rowid))
                forged += 1
    assert forged >= 10
    assert _run(cli, "export", corpus, "--format", "jsonl") == first


def test_a_changed_computation_never_answers_from_what_the_old_one_kept(
    cli: Any, corpus: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A development install whose core or report sources changed (the version number the
    same): neither the summary's memo nor the kept values of the old code answer it. Here the
    old code's memo says 987654 findings and its values are each another file's."""
    truth = _run(cli, "summary", corpus, "--format", "json")
    cache_file = isolated_home / "cache" / FILE_NAME
    memo_version = f"% {memo.MEMO_VERSION}"
    with closing(sqlite3.connect(cache_file)) as db, db:
        (old,) = db.execute(
            "select value from result where version like ?", (memo_version,)
        ).fetchone()
        kept = memo.decode_value(bytes(old)[64:])
        headline = replace(kept.summary.headline, findings=987654)
        forged = replace(kept, summary=replace(kept.summary, headline=headline))
        db.execute(
            "update result set value = ? where version like ?",
            (bytes(old)[:64] + memo.encode_value(forged), memo_version),
        )
        values = list(
            db.execute("select rowid, value from result where version not like ?", (memo_version,))
        )
        for (rowid, _), (_, value) in zip(values, values[1:] + values[:1], strict=True):
            db.execute("update result set value = ? where rowid = ?", (value, rowid))
    assert b"987654" in _run(cli, "summary", corpus, "--format", "json")[1].encode()
    monkeypatch.setattr(memo, "code_digest", lambda package: "another build")
    memo._package_code.cache_clear()
    try:
        assert _run(cli, "summary", corpus, "--format", "json") == truth
    finally:
        memo._package_code.cache_clear()


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null here")
@pytest.mark.parametrize("command", ["summary", "export"])
def test_a_named_file_that_is_no_regular_file_is_said_so_cold_and_warm(
    cli: Any, corpus: Path, command: str
) -> None:
    runs = [_run(cli, command, corpus, "/dev/null", *x) for x in ([], [], ["--no-cache"])]
    assert runs[0] == runs[1] == runs[2]
    code, _, stderr = runs[0]
    assert code == 2
    assert stderr.splitlines() == [
        "minecheck: warning: /dev/null: left out: unreadable: not a regular file (a character"
        " device)",
        "minecheck: error: 1 entry could not be read (each is named above): the report is made"
        " for the rest",
        "  hint: mend or move away the entries named, then run it again",
    ]


def test_a_key_whose_validity_ended_since_the_last_run_is_never_served_as_trusted(
    cli: Any, corpus: Path
) -> None:
    """The same allowed_signers line but for its `valid-before` date: the memo answers only
    the store it was made with."""
    lines = (corpus / "allowed_signers").read_text().splitlines()

    def valid_before(day: str) -> None:
        text = "".join(
            line.replace(" ssh-ed25519 ", f' valid-before="{day}" ssh-ed25519 ', 1) + "\n"
            if line.startswith("j.kowalski@")
            else f"{line}\n"
            for line in lines
        )
        (corpus / "allowed_signers").write_text(text)

    valid_before("20270101Z")
    still = [_run(cli, "summary", corpus, "--format", "json") for _ in range(2)]
    assert still[0] == still[1]
    assert still[0][2] == ""
    valid_before("20260101Z")
    ended = _run(cli, "summary", corpus, "--format", "json")
    assert ended == _run(cli, "summary", corpus, "--format", "json", "--no-cache")
    assert ended[1] != still[0][1]
    assert "left out" in ended[2]


def test_a_merged_file_judged_apart_from_its_sources_is_the_same_cold_warm_and_uncached(
    cli: Any, tmp_path: Path, isolated_home: Path
) -> None:
    """A merged file is its merger's signature and its sources' own: a merger not trusted
    (unknown, or revoked) over trusted sources, and a trusted merger over one untrusted
    source. What the cache keeps must say which signature is the file's own, or a warm run
    would judge the merge by a source's signer (or a source by the merger)."""
    keys = tmp_path / "keys"
    keys.mkdir()
    alice, bob, mallory, rex = (person(keys, n) for n in ("alice", "bob", "mallory", "rex"))
    store = store_for(alice, bob, mallory, rex)
    base = "4a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c"
    bad = ["compliant", "noncompliant", "compliant"]
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, merger, sources in (
        ("j1.toml", mallory, [(alice, "41"), (bob, "42")]),
        ("j2.toml", alice, [(mallory, "43"), (bob, "44"), (alice, "45")]),
        ("j3.toml", rex, [(alice, "46"), (bob, "47")]),
    ):
        made = [findings(who, bad, int(tail), inspection_id=base + tail) for who, tail in sources]
        (docs / name).write_bytes(make_merged(merger, made, store))
    allowed_signers(tmp_path / "allowed_signers", alice, bob, rex)
    revoked = tmp_path / "revoked_keys"
    revoked.write_text(Path(f"{rex.key}.pub").read_text())
    runs = {}
    for way, more in (("cold", []), ("warm", []), ("uncached", ["--no-cache"])):
        for asked in (False, True):
            also = ["--include-untrusted"] if asked else []
            runs[way, asked] = _every_way(
                cli, tmp_path, "--revoked-keys", str(revoked), *also, *more
            )
    assert (isolated_home / "cache" / FILE_NAME).exists()
    for asked in (False, True):
        assert runs["cold", asked] == runs["warm", asked] == runs["uncached", asked]
    summary = json.loads(runs["cold", False]["summary"][1])
    listed = sorted(
        (Path(d["path"]).name.split("#")[0], d["status"], d["kind"], d["signer"])
        for d in summary["documents"]
    )
    assert listed == [
        ("j1.toml", "untrusted-key", "merged", "mallory@coal.example"),
        ("j2.toml", "untrusted-key", "findings", "mallory@coal.example"),
        ("j3.toml", "revoked", "merged", "rex@coal.example"),
    ]

    def inspections(untrusted: bool) -> list[tuple[str, str]]:
        rows = map(json.loads, runs["cold", untrusted]["export"][1].splitlines())
        return sorted({(r["inspection"][-2:], r["trust"]) for r in rows})

    assert inspections(False) == [("44", "trusted"), ("45", "trusted")]
    # asked for: the unknown merger's sources, each trusted as its own signer is (the revoked
    # merger's never)
    assert inspections(True) == [
        ("41", "trusted"),
        ("42", "trusted"),
        ("43", "untrusted-key"),
        ("44", "trusted"),
        ("45", "trusted"),
    ]
