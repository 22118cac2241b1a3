"""Mutating the code, round 91: the tests that kill its survivors.

The pieces reader (`tomlio.head_of`, `each_piece`, `Pieces`, `pieced`) must give exactly what the
whole parse gives, for every text it does not hand back to be parsed whole: a differential over
texts made of the lines that matter to it (the arrays' headers spelt every way, strings and
arrays over lines, tables named again, keys given twice, syntax errors), cut at every few
characters.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
import tomli

from minecheck.core import tomlio
from minecheck.core.tomlio import FINDING_ARRAYS, MERGED_ARRAYS, Unpieced

REFUSED = "refused"

# the lines a body is made of here: each array's header spelt as the cut looks for it and
# otherwise, other tables, strings and arrays over lines, keys given twice, syntax errors
LINES = (
    "[[finding]]",
    "[[consolidated]]",
    "[[source]]",
    "[[ finding ]]",
    "[[finding]]\r",
    "[[finding]] # a comment",
    "'[[finding]]' = 1",
    '[["source"]]',
    "[finding]",
    "[source]",
    "[finding.where]",
    "[[finding.sub]]",
    "[[consolidated.by]]",
    "[inspection]",
    "[[other]]",
    "[minecheck]",
    'item = "gas-check"',
    "k = 1",
    "k = 2",
    "k = {a = 1}",
    'format = "merged"',
    'text = "[[finding]]"',
    's = """x',
    '"""',
    "t = '''y",
    "'''",
    "by = [",
    '"a",',
    "]",
    "finding = 1",
    "source = [1]",
    "# [[finding]]",
    "",
    "x = = 1",
)


def _whole(text: str) -> Any:
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError:
        return REFUSED


def _in_pieces(text: str, names: tuple[str, ...]) -> Any:
    """What the pieces reader makes of `text`: the document, or None when it hands the text
    back to be parsed whole (no head, or a piece refused or not as expected)."""
    head = tomlio.head_of(text, names)
    if head is None:
        return None
    doc, start = head
    arrays: dict[str, list[Any]] = {}
    try:
        for piece in tomlio.each_piece(text, start, names):
            for name, tables in piece.items():
                kept = arrays.setdefault(name, [])
                while tables:
                    kept.append(tables.pop())
    except Unpieced:
        return None
    doc.update(arrays)
    return doc


def _findings_in_pieces(text: str) -> Any:
    """The same through `pieced` and its `Pieces`, as a findings body is read."""
    doc = tomlio.pieced(text)
    if doc is None:
        return None
    try:
        doc["finding"] = list(doc["finding"])
    except Unpieced:
        return None
    return doc


HEADERS = ("[[finding]]", "[[consolidated]]", "[[source]]")  # a findings body's, a merged one's
KEYS = ('item = "gas-check"', "k = 1", 'text = "[[finding]]"', "# [[source]]", "")


def _texts(seed: int, count: int) -> list[str]:
    """Bodies as a findings or merged body is made (a head, then blocks each under one of the
    arrays' headers), one line in six taken from LINES instead."""
    rng = random.Random(seed)  # noqa: S311 - test data
    texts = []
    for _ in range(count):
        lines = ["[minecheck]", 'format = "merged"', ""] if rng.random() < 0.9 else []
        headers = HEADERS[:1] if rng.random() < 0.5 else HEADERS[1:]
        for _ in range(rng.randint(1, 8)):
            lines.append(rng.choice(headers))
            lines.extend(rng.choice(KEYS) for _ in range(rng.randint(0, 2)))
        for _ in range(len(lines) // 6):
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(LINES))
        texts.append("\n".join(lines) + ("\n" if rng.random() < 0.8 else ""))
    return texts


@pytest.mark.parametrize("piece_chars", [1, 7, 30, 200])
def test_the_pieces_reader_gives_what_the_whole_parse_gives_or_hands_the_text_back(
    monkeypatch: pytest.MonkeyPatch, piece_chars: int
) -> None:
    monkeypatch.setattr(tomlio, "PIECE_CHARS", piece_chars)
    read = {FINDING_ARRAYS: 0, MERGED_ARRAYS: 0}
    for text in _texts(91 + piece_chars, 3000):
        whole = _whole(text)
        for names in (FINDING_ARRAYS, MERGED_ARRAYS):
            got = _in_pieces(text, names)
            if got is not None:
                read[names] += 1
                assert whole != REFUSED, text
                assert got == whole, text
        got = _findings_in_pieces(text)
        if got is not None:
            assert got == whole, text
    # the differential means something only if many texts were read in pieces
    assert min(read.values()) > 300, read


def _merged(entries: int, sources: int) -> tuple[str, int]:
    head = '[minecheck]\nformat = "merged"\n\n[merge]\nby = "bob"\n'
    body = "".join(
        f'\n[[consolidated]]\nitem = "item-{k}"\nby = ["a", "b"]\n' for k in range(entries)
    )
    body += "".join(
        f'\n[[source]]\nfile = "f{k}.toml"\ntext = """\nx\n"""\n' for k in range(sources)
    )
    return head + body, len(head) + 1


@pytest.mark.parametrize("piece_chars", [1, 40, 100, 1000])
def test_a_body_is_cut_at_the_first_header_line_piece_chars_on_and_each_piece_parsed_once(
    monkeypatch: pytest.MonkeyPatch, piece_chars: int
) -> None:
    """Each piece but the last ends just before the first header line at or past PIECE_CHARS
    from its start; the pieces are parsed once each (the last first) and cover the rest."""
    monkeypatch.setattr(tomlio, "PIECE_CHARS", piece_chars)
    text, start = _merged(30, 5)
    head = tomlio.head_of(text, MERGED_ARRAYS)
    assert head == ({"minecheck": {"format": "merged"}, "merge": {"by": "bob"}}, start)
    parsed: list[str] = []
    loads = tomli.loads

    def counted(piece: str) -> dict[str, Any]:
        parsed.append(piece)
        return loads(piece)

    monkeypatch.setattr(tomli, "loads", counted)
    pieces = list(tomlio.each_piece(text, start, MERGED_ARRAYS))
    assert len(parsed) == len(pieces)
    in_order = parsed[1:] + parsed[:1]  # the last piece is parsed first
    assert "".join(in_order) == text[start:]
    at = start
    for piece in in_order[:-1]:
        end = at + len(piece)
        assert text[end - 1] == "\n"
        assert text.startswith(("[[consolidated]]\n", "[[source]]\n"), end)
        found = (text.find(c, at + piece_chars) for c in ("\n[[consolidated]]\n", "\n[[source]]\n"))
        assert end == min(f for f in found if f >= 0) + 1
        at = end
    assert [t["item"] for p in pieces for t in reversed(p.get("consolidated", []))] == [
        f"item-{k}" for k in range(30)
    ]
    assert [t["file"] for p in pieces for t in reversed(p.get("source", []))] == [
        f"f{k}.toml" for k in range(5)
    ]


@pytest.mark.parametrize("form", ["minecheck.followup/1", "minecheck.merged/1", "other/1", ""])
def test_a_big_body_of_findings_under_another_format_is_said_as_read_whole(form: str) -> None:
    """`seal._read_pieced` reads a findings body's findings a piece at a time only when its head
    says it is a findings document; a big body of `[[finding]]` tables whose head says another
    format (or none) is judged as it is when parsed whole."""
    from minecheck.core.seal import _parse_body
    from tests.test_seal_pieces import _body, _whole

    big = _body(6_000)
    body = big.replace(b'format = "minecheck.findings/1"', f'format = "{form}"'.encode(), 1)
    assert body != big
    assert len(body) > 2**20
    assert _parse_body(body, "f") == _whole(body)


@pytest.mark.parametrize("form", ["minecheck.findings/1", "other/1"])
def test_a_big_body_of_merged_arrays_under_another_format_is_said_as_read_whole(form: str) -> None:
    """The same for a merged body's arrays (`[[consolidated]]`, `[[source]]`): read a piece at a
    time only under a merged head."""
    from minecheck.core.seal import _parse_body
    from tests.test_merged_pieces import _merged
    from tests.test_seal_pieces import _whole

    big = _merged()
    body = big.replace(b'format = "minecheck.merged/1"', f'format = "{form}"'.encode(), 1)
    assert body != big
    assert len(body) > 2**20
    assert _parse_body(body, "f") == _whole(body)
