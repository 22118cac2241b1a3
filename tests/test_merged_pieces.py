"""A big merged body is parsed a piece at a time, cut before its `[[consolidated]]` and
`[[source]]` lines (`tomlio.each_piece`, `merge.read_pieces`): the same header, structure and
problems as the body parsed whole, and its consolidated entries read as each piece is parsed, so
that the parser's tables of every entry are never held at once (parsed whole, a merged file of
6 x 25,000 findings held 150,000 of them for the verdict's life)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import cast

import pytest

from minecheck.core import tomlio
from minecheck.core.documents import MERGED, Header, MergedDoc
from minecheck.core.merge import Consolidated, merged_body, read_structure
from minecheck.core.seal import _parse_body
from minecheck.core.trust import TrustStatus
from tests.helpers_heap import old_objects_set_aside
from tests.helpers_merge import findings, make_merged, person, store_for
from tests.test_merged_sources_one_at_a_time import held_while_examined
from tests.test_seal_pieces import _body, _whole

WHEN = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
SOURCES, N = 3, 1_500  # three sources of 1,500 findings: ~1.7 MB, cut in ~7 pieces
# (not smaller: the peak's share of the body grows as the body shrinks, a piece's parse being
# of a fixed size; at 1.1 MB it was 3.1x, over the test's 3x)
INSPECTIONS = [f"9531985d-5d9d-49f8-9818-e811892f90{k:02d}" for k in range(SOURCES)]
SIGNER = "wang.wei@hlj.example"


def _merged(sources: int = SOURCES, n: int = N) -> bytes:
    header = Header(
        format=MERGED,
        document_id="7c1d2e11-0a9c-4b1e-9d53-3f4f6a1b2c3d",
        created=WHEN + dt.timedelta(hours=5),
        signer=SIGNER,
        signer_key="SHA256:" + "A" * 43,
        tool="minecheck 0.1.0",
        source_count=sources,
    )
    files = [_body(n, f"Source {k}: methane above the limit") for k in range(sources)]
    entries = [
        Consolidated(INSPECTIONS[k], f"item-{i}", "noncompliant", (f"{SIGNER}: noncompliant",))
        for k in range(sources)
        for i in range(n)
    ]
    return merged_body(header, files, sorted(entries, key=lambda c: (c.inspection, c.item)))


def _read(result: tuple[object, Sequence[object]]) -> tuple[object, ...]:
    """What a merged body read gives a reader: its header, its tables' names in order, its
    structure (`read_structure`) and its problems; or the refusal."""
    document, problems = result
    if not isinstance(document, MergedDoc):
        return document, problems
    return document.header, list(document.tables), read_structure(document), problems


@pytest.fixture(scope="module")
def big() -> bytes:
    body = _merged()
    assert 2**20 < len(body) < 2 * 2**20
    return body


def test_a_big_merged_body_read_in_pieces_is_the_one_read_whole(big: bytes) -> None:
    document, problems = _parse_body(big, "f")
    assert isinstance(document, MergedDoc)
    consolidated, sources, errors = read_structure(document)
    got = _read((document, problems))
    assert (len(consolidated), len(sources), errors) == (SOURCES * N, SOURCES, [])
    assert got == _read(_whole(big))


def _at(body: bytes, which: float, old: bytes, new: bytes) -> bytes:
    """`old` replaced by `new` at its first place after `which` of the consolidated entries."""
    at = body.index(old, int(body.index(SOURCE) * which))
    return body[:at] + new + body[at + len(old) :]


RESULT = b'result = "noncompliant"'
SOURCE = b"\n[[source]]\n"


@pytest.mark.parametrize(
    "change",
    [
        # a string over lines holding a header line: the cut falls inside it
        lambda b: _at(b, 0.2, RESULT, b'result = """x\n\n[[consolidated]]\nitem = "y"\n"""'),
        lambda b: _at(b, 0.2, RESULT, b"result = '''x\n\n[[source]]\nsha256 = \"y\"\n'''"),
        # a table after the entries; the header's table named again there
        lambda b: b + b"[extra]\nx = 1\n",
        lambda b: b + b'[minecheck]\nformat = "x"\n',
        # one of the arrays in the head
        lambda b: b"source = []\n" + b,
        # syntax errors: in a middle piece, on the last line; a value cut off at the end
        lambda b: _at(b, 0.3, RESULT, b"result = = 1"),
        lambda b: b + b"= = =\n",
        lambda b: b[: len(b) - 1000],
        # a key given twice in an entry of a middle piece
        lambda b: _at(b, 0.3, RESULT, RESULT + b"\n" + RESULT),
        # an entry of another shape late, a source with another key, a source's sub-table
        lambda b: _at(b, 0.95, RESULT, b"result = 1"),
        lambda b: b.replace(SOURCE, SOURCE + b"note = 1\n", 1),
        lambda b: b + b"[source.extra]\nx = 1\n",
        # the consolidated entries after the sources, as TOML allows
        lambda b: (
            b[: b.index(b"\n[[consolidated]]\n")]
            + b[b.index(SOURCE) :]
            + b[b.index(b"\n[[consolidated]]\n") : b.index(SOURCE)]
            + b"\n"
        ),
        # an entry given as an inline table's array in a piece ([[consolidated]] then a key)
        lambda b: _at(b, 0.6, RESULT, b"result = []"),
    ],
    ids=[
        "cut-in-string",
        "cut-in-literal",
        "table-after",
        "header-again",
        "head-array",
        "syntax-middle",
        "syntax-late",
        "cut-off",
        "key-twice",
        "bad-entry",
        "source-key",
        "source-subtable",
        "sources-first",
        "entry-array",
    ],
)
def test_a_merged_body_read_in_pieces_says_what_the_whole_parse_says(
    big: bytes, change: Callable[[bytes], bytes]
) -> None:
    body = change(big)
    assert body != big
    assert _read(_parse_body(body, "f")) == _read(_whole(body))


def _held(read: Callable[[], object]) -> tuple[object, int, int]:
    """What `read` gives, the bytes allocated at the peak of it, and those still held with what
    it gave (all allocated since `read` began: the test's own are a few bytes)."""
    with old_objects_set_aside():
        tracemalloc.start(1)
        try:
            got = read()
            gc.collect()
            held, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return got, peak, held


def test_a_merged_body_read_holds_its_entries_not_the_parser_s_tables(big: bytes) -> None:
    got, peak, held = _held(lambda: _parse_body(big, "f"))
    document, problems = cast(tuple[object, list[object]], got)
    assert isinstance(document, MergedDoc)
    assert problems == []
    # the sources' texts and the entries read, their texts held once (0.8x the body); the
    # parser's tables of every entry, held whole, were 2.6x the body (a peak of 3.6x)
    assert held < 1.2 * len(big), held / len(big)
    assert peak < 3.0 * len(big), peak / len(big)


def test_a_merged_body_is_cut_before_each_array_s_header_line(big: bytes) -> None:
    text = big.decode()
    head = tomlio.head_of(text, tomlio.MERGED_ARRAYS)
    assert head is not None
    doc, start = head
    assert list(doc) == ["minecheck"]
    assert text[start:].startswith("[[consolidated]]\n")
    pieces = list(tomlio.each_piece(text, start, tomlio.MERGED_ARRAYS))
    assert len(pieces) > 3
    counts = [len(p.get("consolidated", [])) for p in pieces]
    assert sum(counts) == SOURCES * N
    assert [len(p.get("source", [])) for p in pieces][-3:] == [1] * 3
    assert (
        tomlio.head_of(
            text.replace("\n[[consolidated]]\n", "\n[[ consolidated ]]\n"), ("consolidated",)
        )
        is None
    )


def test_entries_read_in_pieces_share_their_texts(big: bytes) -> None:
    document, _ = _parse_body(big, "f")
    assert isinstance(document, MergedDoc)
    entries = document.tables["consolidated"]
    assert all(type(e) is Consolidated for e in entries)
    assert len({id(e.inspection) for e in entries}) == SOURCES
    assert len({id(e.by) for e in entries}) == 1
    assert not hasattr(entries[0], "__dict__")
    assert dataclasses.is_dataclass(entries[0])


def test_a_merged_file_s_body_and_tables_are_let_go_while_its_sources_are_examined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = [person(tmp_path, name) for name in ("alice", "bob", "carol")]
    store = store_for(*people)
    # ~1.15 MB: over the 1 MiB read whole; what is held when a source is examined (the
    # entries and the sources' texts) grows with the file, so its share of it is the same
    n = 1_250
    items = [f"item-{k}" for k in range(n)]
    sources = [
        findings(
            who,
            ["noncompliant"] * n,
            items=items,
            inspection_id=f"{INSPECTIONS[k][:-2]}{k}f",
            description=f"{who.principal}: methane above the limit",
        )
        for k, who in enumerate(people)
    ]
    merged = make_merged(people[0], sources, store)
    assert len(merged) > 2**20
    verdict, held = held_while_examined(merged, store, monkeypatch)
    assert verdict.status == TrustStatus.TRUSTED, verdict.detail
    assert len(held) == len(sources)
    # the entries read, the sources' texts and the sources examined so far (0.95x-1.5x the
    # file); the body's bytes and the parser's tables of every entry were held besides (4.5x-5x)
    assert max(held) < 2 * len(merged), [h / len(merged) for h in held]
