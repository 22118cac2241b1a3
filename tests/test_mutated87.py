"""Mutation testing, round 87: a summary's group tables split to fit, and a big findings body
read a piece at a time with its equal values held once. Each test holds a rule a mutant broke
without any test noticing; none times anything."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest

from minecheck.cli._summary_table import summary_renderables
from minecheck.core import documents, tomlio
from minecheck.core.seal import _parse_body
from minecheck.report.corpus_cache import decode_at, encode_result, read_for_cache
from tests.summary_corpus import KNOWN
from tests.test_attack15 import _counting
from tests.test_seal_pieces import _body, _whole
from tests.test_shared_values_let_go import _distinct
from tests.test_summary_table_rules import drawn, known


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [30, 40])
def test_a_group_table_too_narrow_for_one_count_beside_its_names_has_no_table_of_names_alone(
    width: int, lang: str
) -> None:
    """Split a group table that is too narrow for even one count beside its names, each of its
    tables has a count column: the first was a table of the site names alone, no count in it
    (`chunk and` left out of the test for a full table: the first count did not fit either)."""
    part = next(p for p in summary_renderables(known(), lang) if "Dongshan" in drawn(p, width))
    shown = drawn(part, width)
    named = [line for line in shown.splitlines() if "Dongshan" in line]
    assert len(named) > 1  # (split: a table for each count or two)
    assert all(any(c.isdigit() for c in line) for line in named), shown


_LONGEST = "Xinxing Coal Mine 新兴煤矿"
# (the same rows, the longest site's name first among the groups)
_LONGEST_FIRST = tuple(
    dataclasses.replace(r, site="A" + r.site if r.site == _LONGEST else "Z" + r.site) for r in KNOWN
)


@pytest.mark.parametrize(("rows", "longest"), [(KNOWN, _LONGEST), (_LONGEST_FIRST, "A" + _LONGEST)])
def test_a_split_table_of_several_counts_has_room_for_its_longest_name_on_one_line(
    rows: Any, longest: str
) -> None:
    """A count joins the table before it only if every cell of the table still fits on one
    line: the widest cell of each column was measured without the groups' first row, or
    without their last, and a table of two counts broke the longest site's name in two."""
    several = 0
    for width in (40, 50, 60, 80):
        part = next(
            p for p in summary_renderables(known(rows=rows), "en") if "By site" in drawn(p, width)
        )
        tables = re.split(r"\n(?= Site )", drawn(part, width))[1:]
        for shown in tables:
            counts = re.findall(r"\d+", next(ln for ln in shown.splitlines() if "Hongyang" in ln))
            if len(counts) > 1:
                several += 1
                assert longest in shown, shown
    assert several > 0


class _Held(dict[Any, Any]):
    """The values held once, and the most of them held at a time."""

    most = 0

    def setdefault(self, key: Any, default: Any = None) -> Any:
        got = super().setdefault(key, default)
        self.most = max(self.most, len(self))
        return got


def test_a_document_s_equal_values_are_held_once_up_to_the_bound_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """However many distinct texts a document's findings have, at most SHARED_MAX values (and
    one finding's) are held once at a time, then forgotten at once: without the bound, a
    document of 250,000 hidden dangers, each with a description and a place of its own, held
    a table of every one of them until it was read."""
    blob = encode_result(read_for_cache(_distinct(300, "a")))  # a description for each
    held = _Held()
    monkeypatch.setattr(documents, "_SHARED", held)
    monkeypatch.setattr(documents, "SHARED_MAX", 64)
    decoded = decode_at(blob, "f")
    assert len(decoded.leaves[0].findings) == 300
    assert 64 <= held.most <= 64 + 5, held.most  # (a finding shares five of its values)
    assert len(held) == 0  # (and forgotten once decoded)


def test_a_big_body_s_pieces_are_cut_about_piece_chars_apart_and_each_parsed_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A big body's head and pieces are parsed each once, together the body's text once, each
    piece but the last cut at the first header line past PIECE_CHARS: cut at every header line
    (the search for the next cut started at the piece's own start), 6,000 hidden dangers were
    6,000 pieces, each parsed on its own."""
    body = _body(6_000)
    expected = _whole(body)
    given = _counting(monkeypatch)
    assert _parse_body(body, "f") == expected
    text = body.decode()
    head, last, *pieces = given  # (the last piece parsed first)
    assert head == text.index("\n[[finding]]\n") + 1
    assert sum(given) == len(text)
    assert len(pieces) == len(text) // tomlio.PIECE_CHARS
    for size in pieces:  # (each a few findings over PIECE_CHARS: a finding is ~200 characters)
        assert tomlio.PIECE_CHARS < size < tomlio.PIECE_CHARS + 1_000
    assert 0 < last < tomlio.PIECE_CHARS + 1_000


@pytest.mark.parametrize("size", [None, 2**20], ids=["small", "one-mib"])
def test_a_small_body_the_fast_parser_does_not_read_is_read_whole_with_its_problems_lines(
    size: int | None,
) -> None:
    """A body up to the size problems are placed at (1 MiB, that size itself too) is parsed
    whole, whatever the fast parser makes of it: one it does not read (here a run of 4,300
    digits in a description) was read a piece at a time when the size was not asked, or at
    1 MiB exactly when it was asked with `>=`, and its problems lost their lines."""
    body = (
        _body(3 if size is None else 5_000)
        .replace(b'severity = "major"', b'severity = "huge"', 2)
        .replace(b"Methane above the limit 0", b"0" * 4_300, 1)
    )
    if size is not None:
        body += b"#" + b"x" * (size - len(body) - 2) + b"\n"
        assert len(body) == size
    assert not tomlio.fast_parse_ok(body)
    assert len(body) <= 2**20
    assert b"\n[[finding]]\n" in body
    document, problems = _parse_body(body, "f")
    assert document is not None
    at = [i for i in range(len(body)) if body.startswith(b'severity = "huge"', i)]
    assert [(p.code, p.line, p.column) for p in problems] == [
        ("bad-value", body.count(b"\n", 0, i) + 1, 1) for i in at
    ]
