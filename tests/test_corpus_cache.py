"""summary and export read through the pool and the cache: cold, warm and --no-cache agree, and
trust is judged afresh on every run."""

from __future__ import annotations

import json
import os
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate

from minecheck.core.trust import load_trust
from minecheck.report import corpus_cache as corpus_module
from minecheck.report.cache import FILE_NAME
from minecheck.report.corpus import load_corpus
from minecheck.report.corpus_cache import read_files

AS_OF = "2026-12-31"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(out, 60, 12, seed=3)
    return out


def _args(root: Path, *more: str) -> list[str]:
    trust = ["--allowed-signers", str(root / "allowed_signers"), "--as-of", AS_OF]
    return [str(root / "docs"), *trust, *more]


def _cache_rows(home: Path) -> int:
    import sqlite3

    with closing(sqlite3.connect(home / "cache" / FILE_NAME)) as db, db:
        return int(db.execute("select count(*) from result").fetchone()[0])


def test_cold_warm_and_no_cache_give_the_same_bytes(
    cli: Any, corpus: Path, isolated_home: Path
) -> None:
    files = len(list((corpus / "docs").rglob("*.toml")))
    bare = cli(["export", *_args(corpus, "--no-cache")])
    assert bare.exit_code == 0, bare.stderr
    assert not (isolated_home / "cache" / FILE_NAME).exists()  # --no-cache writes nothing
    cold = cli(["export", *_args(corpus)])
    assert _cache_rows(isolated_home) == files
    warm = cli(["export", *_args(corpus)])
    assert (cold.exit_code, warm.exit_code) == (0, 0)
    assert cold.stdout == warm.stdout == bare.stdout
    assert len(cold.stdout.splitlines()) > 300
    summaries = [
        cli(["summary", *_args(corpus, "--format", "json", *x)]) for x in ([], ["--no-cache"])
    ]
    assert summaries[0].stdout == summaries[1].stdout


def test_the_pool_and_the_cache_read_as_the_plain_reader_does(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sorted((corpus / "docs").rglob("*.toml"))
    store = load_trust(corpus / "allowed_signers", None)
    day = __import__("datetime").date.fromisoformat(AS_OF)
    plain = load_corpus(files, store, as_of=day)  # one file at a time, in this process
    cold = load_corpus(read_files(files), store, as_of=day)
    warm = load_corpus(read_files(files), store, as_of=day)
    assert plain == cold == warm
    assert plain.rows


def test_a_cached_value_that_cannot_be_decoded_is_read_again(
    cli: Any, corpus: Path, isolated_home: Path
) -> None:
    import sqlite3

    first = cli(["export", *_args(corpus)])
    with closing(sqlite3.connect(isolated_home / "cache" / FILE_NAME)) as db, db:
        db.execute("update result set value = x'5b5d'")  # "[]": the right shape, no content
    again = cli(["export", *_args(corpus)])
    assert again.exit_code == 0, again.stderr
    assert again.stdout == first.stdout


def test_a_key_revoked_between_two_runs_is_not_served_as_trusted(
    cli: Any, corpus: Path, tmp_path: Path
) -> None:
    first = cli(["summary", *_args(corpus, "--format", "json")])
    assert first.exit_code == 0, first.stderr
    line = (corpus / "allowed_signers").read_text().splitlines()[0]
    revoked = tmp_path / "revoked_keys"
    revoked.write_text(" ".join(line.split()[1:3]) + "\n")
    second = cli(["summary", *_args(corpus, "--format", "json", "--revoked-keys", str(revoked))])
    assert second.exit_code == 0  # a report, the revoked files named in it and on stderr
    assert ": left out: revoked: key SHA256:" in second.stderr  # (verify's words)
    before = json.loads(first.stdout)["headline"]["findings"]
    after = json.loads(second.stdout)["headline"]["findings"]
    assert after < before


def test_cached_values_hold_no_path(corpus: Path) -> None:
    data = next((corpus / "docs").rglob("*.toml")).read_bytes()
    blob = corpus_module.encoded_read(data, "anything").blob
    assert b"anything" not in blob
    assert os.fsencode(str(corpus)) not in blob


def test_findings_grouped_for_the_cache_encode_as_read_afresh(corpus: Path) -> None:
    """The workers group a document's findings that are no hidden danger by result once (for
    the cache and for counting): the cached bytes are those of the findings as read, one by
    one, and the hidden dangers keep their order."""
    from minecheck.report.consolidate import PLAIN_RESULTS
    from minecheck.report.corpus import read_document_file

    grouped_some = False
    for path in sorted((corpus / "docs").rglob("*.toml")):
        data = path.read_bytes()
        afresh = read_document_file(data, corpus_module._HERE)
        grouped = corpus_module.read_for_cache(data)
        assert corpus_module.encode_result(grouped) == corpus_module.encode_result(afresh)
        assert (grouped.outer is grouped.leaves[0]) == (afresh.outer is afresh.leaves[0])
        for before, after in zip(afresh.leaves, grouped.leaves, strict=True):
            hidden = tuple(f for f in before.findings if f.result not in PLAIN_RESULTS)
            assert after.findings == hidden
            assert sum(len(items) for _, items in after.plain) == len(before.findings) - len(hidden)
            grouped_some |= bool(after.plain)
    assert grouped_some


def test_whether_a_document_records_a_major_is_read_from_its_value_as_decoded(
    corpus: Path,
) -> None:
    """export's first reading asks a lone document's value whether it records a major hidden
    danger without decoding its findings: the answer the decoded findings give, for every
    document of every file (merged ones too)."""
    answers = []
    for path in sorted((corpus / "docs").rglob("*.toml")):
        blob = corpus_module.encode_result(corpus_module.read_for_cache(path.read_bytes()))
        for index, leaf in enumerate(corpus_module.decode_at(blob, "x").leaves):
            major = any(f.result == "noncompliant" and f.severity == "major" for f in leaf.findings)
            assert corpus_module.records_majors(blob)(index) is major
            answers.append(major)
    assert True in answers
    assert False in answers


@pytest.mark.parametrize(
    "body",
    [b"", b"[]", b"{}", b"[5]", b"[[5]]", b'[["a"]]', b"[[[[1, 2, 3]]]]", b'[[{"a": 1}]]', b"[[["],
)
def test_a_value_that_cannot_say_whether_it_records_a_major_says_so(body: bytes) -> None:
    with pytest.raises(ValueError, match="cannot decode a cached value"):
        corpus_module.records_majors(b"[false, null, []]\n" + body)(0)
