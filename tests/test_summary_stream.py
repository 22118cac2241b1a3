"""The summary's two passes (report/stream.py): what pass 1 left in the cache is taken again in
pass 2; a value gone from it is read again, and a file changed in between is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate
from hypothesis import given
from hypothesis import strategies as st

from minecheck.core.trust import load_trust
from minecheck.errors import InputError
from minecheck.report import cache as cache_module
from minecheck.report.stream_files import summarize_files
from minecheck.report.summary import Summary, SummaryBuilder

AS_OF = dt.date(2026, 12, 31)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(out, 60, 12, seed=5, merged=2)
    return out


def _summary(root: Path, *, cache: bool = True, tick: object = None) -> Summary:
    store = load_trust(root / "allowed_signers", None)
    files = sorted(str(p) for p in (root / "docs").rglob("*.toml"))
    builder = SummaryBuilder(as_of=AS_OF, by=("site", "month"))
    corpus = summarize_files(
        files,
        store,
        as_of=AS_OF,
        include_untrusted=False,
        sink=builder,
        cache=cache,
        tick=tick,  # type: ignore[arg-type]
    )
    return builder.build(corpus.documents, corpus.rejected)


def test_cached_values_kept_in_memory_and_read_again_agree(
    corpus: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = _summary(corpus, cache=False)  # values kept in memory between the passes
    assert bare.headline.findings > 500
    assert bare.headline.repeat_major > 0
    assert _summary(corpus) == bare  # cold: pass 2 takes what pass 1 put in the cache
    assert _summary(corpus) == bare  # warm
    # The cache loses every value between the passes: each file is read again.
    monkeypatch.setattr(cache_module.ResultCache, "get_many", lambda self, digests: {})
    assert _summary(corpus) == bare


def test_a_file_changed_between_the_passes_is_refused(
    corpus: Path, tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(corpus, root)
    victim = sorted((root / "docs" / "findings").glob("*.toml"))[3]
    files = len(list((root / "docs").rglob("*.toml")))
    seen = 0

    def tick() -> None:  # after pass 1 has read the last file, change one it read
        nonlocal seen
        seen += 1
        if seen == files:
            victim.write_bytes(victim.read_bytes() + b"\n")

    monkeypatch.setattr(cache_module.ResultCache, "get_many", lambda self, digests: {})
    with pytest.raises(InputError, match="the file changed while it was read") as caught:
        _summary(root, tick=tick)
    assert str(victim) in str(caught.value)


def test_without_a_temporary_directory_the_working_data_stays_in_memory(
    corpus: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import tempfile

    expected = _summary(corpus, cache=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-directory"))
    assert _summary(corpus, cache=False) == expected


def test_a_full_temporary_disk_is_a_clear_error(
    cli: Any, corpus: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from minecheck.report.spill import Spill

    def full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Spill, "events", full)
    trust = ["--allowed-signers", str(corpus / "allowed_signers"), "--as-of", "2026-12-31"]
    result = cli(["summary", str(corpus / "docs"), "--format", "json", *trust])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "minecheck: error: cannot keep the summary's working data in a temporary file: "
        "database or disk is full\n"
        "  hint: free space in the temporary directory, or set TMPDIR to another one\n"
    )


@given(
    st.lists(
        st.tuples(st.sampled_from("ab"), st.integers(0, 400), st.sampled_from("pqrs")),
        max_size=40,
    )
)
def test_the_repeat_query_agrees_with_the_rule(found: list[tuple[str, int, str]]) -> None:
    """The temporary database's query flags exactly the occasions `core.loop.repeated` flags,
    each counted in its groups as many times as it was recorded."""
    from minecheck.core.loop import repeated
    from minecheck.report.spill import Spill, major_rows

    start = dt.date(2026, 1, 1)
    occasions = [(site, start + dt.timedelta(days=d), i) for site, d, i in found]
    spill = Spill()
    try:
        for n, when in enumerate(occasions):  # each its own group, recorded once
            spill.majors(major_rows({(when, ((str(n),),)): 1}))
        got = {groups[0][0]: count for groups, count in spill.repeats()}
    finally:
        spill.close()
    flagged = repeated(occasions)
    assert got == {str(n): 1 for n, when in enumerate(occasions) if when in flagged}


def test_document_ids_met_long_ago_are_found_on_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    from minecheck.report import spill as spill_module
    from minecheck.report.spill import Spill

    monkeypatch.setattr(spill_module, "_RECENT", 2)
    spill = Spill()
    try:
        assert spill.first_copy("a", "sha-a", "a.toml") is None
        assert spill.first_copy("b", "sha-b", "b.toml") is None  # the two written to disk
        assert spill.first_copy("c", None, "c.toml") is None  # kept in memory
        assert spill.first_copy("a", "other", "a2.toml") == ("sha-a", "a.toml")
        assert spill.first_copy("c", "other", "c2.toml") == (None, "c.toml")
        assert spill.first_copy("d", "sha-d", "d.toml") is None
        assert spill.first_copy("b", "sha-b", "b2.toml") == ("sha-b", "b.toml")
    finally:
        spill.close()


def test_a_summary_with_little_kept_in_memory_is_the_same(
    corpus: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from minecheck.report import spill, stream, stream_files

    expected = _summary(corpus, cache=False)
    monkeypatch.setattr(spill, "_RECENT", 3)
    monkeypatch.setattr(spill, "_BATCH", 7)
    monkeypatch.setattr(stream, "BATCH", 7)
    monkeypatch.setattr(stream_files, "_BATCH", 7)
    assert _summary(corpus, cache=False) == expected
    assert _summary(corpus) == expected
