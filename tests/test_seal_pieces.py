"""A big findings body is parsed a piece at a time (`tomlio.Pieces`): the same document and the
same problems as the body parsed whole, and a traced peak that stays near the body's size."""

from __future__ import annotations

import datetime as dt
import tracemalloc

import pytest

from minecheck.core import tomlio
from minecheck.core.docschema import read_document
from minecheck.core.documents import Finding, FindingsDoc, Header, Inspection
from minecheck.core.seal import _parse_body
from minecheck.core.tomlio import decode_text, parse_toml

WHEN = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def _body(n: int, description: str = "Methane above the limit") -> bytes:
    header = Header(
        format="minecheck.findings/1",
        document_id="36f675cc-81e7-4ef5-a8e2-5d940ed90475",
        created=WHEN + dt.timedelta(hours=3),
        signer="wang.wei@hlj.example",
        signer_key="SHA256:" + "A" * 43,
        tool="minecheck 0.1.0",
    )
    inspection = Inspection(
        id="9531985d-5d9d-49f8-9818-e811892f902b",
        checklist="coal-major-hidden-dangers",
        checklist_version="2026.2",
        checklist_sha256="0" * 64,
        site="Eastgate Colliery",
        inspector="Wang Wei",
        mode="routine",
        started=WHEN,
        finished=WHEN + dt.timedelta(hours=2),
        language="en",
        site_tags=("coal-underground",),
    )
    findings = tuple(
        Finding(
            item=f"item-{k}",
            result="noncompliant",
            severity="major",
            basis=("CMHD-5.1",),
            description=f"{description} {k % 7}",
            location="No. 3 return airway",
            deadline=(WHEN + dt.timedelta(days=30)).date(),
        )
        for k in range(n)
    )
    return FindingsDoc(header, inspection, findings).to_toml()


def _whole(body: bytes) -> tuple[object, list[object]]:
    """What the body read whole gives (the reading before pieces)."""
    from minecheck.errors import InputError

    try:
        doc = parse_toml(decode_text(body, "f"), "f")
    except InputError as exc:
        return None, list(exc.problems)
    document, problems = read_document(doc, None, "f", consume=True)
    return document, list(problems)


BIG = 12_000  # ~2.6 MB: over the 1 MiB the fast parser reads, so read in ~10 pieces


@pytest.fixture(scope="module")
def big() -> bytes:
    body = _body(BIG)
    assert len(body) > 2 * 2**20
    return body


def test_a_big_body_read_in_pieces_is_the_one_read_whole(big: bytes) -> None:
    document, problems = _parse_body(big, "f")
    assert problems == []
    assert isinstance(document, FindingsDoc)
    assert len(document.findings) == BIG
    assert (document, problems) == _whole(big)


@pytest.mark.parametrize(
    "change",
    [
        # a string over lines holding a header line: the cut falls inside it
        lambda b: b.replace(
            b'description = "Methane above the limit 3"',
            b'description = """x\n\n[[finding]]\nitem = "y"\n"""',
            1,
        ),
        # a table named again after the findings
        lambda b: b + b'\n[inspection]\nsite = "x"\n',
        # another key among the findings' tables
        lambda b: b + b'\n[other]\nsite = "x"\n',
        # a syntax error in a late piece
        lambda b: b[: len(b) - 200] + b"= = =\n" + b[len(b) - 200 :],
        # the findings' array given in the head
        lambda b: b.replace(b"[inspection]\n", b"finding = []\n\n[inspection]\n", 1),
        # a problem in a finding of a late piece, and an item repeated
        lambda b: b.replace(b'severity = "major"', b'severity = "huge"', 11_000).replace(
            b'item = "item-11999"', b'item = "item-5"'
        ),
    ],
    ids=["cut-in-string", "table-again", "other-key", "syntax", "head-array", "bad-finding"],
)
def test_a_body_pieces_cannot_read_is_said_as_read_whole(big: bytes, change: object) -> None:
    body = change(big)  # type: ignore[operator]
    assert body != big
    document, problems = _parse_body(body, "f")
    assert (document, problems) == _whole(body)


def test_the_traced_peak_stays_near_the_body_size(big: bytes) -> None:
    tracemalloc.start()
    try:
        document, _ = _parse_body(big, "f")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert document is not None
    # body's text, the findings read (equal values held once) and one piece's tables: ~2.5x;
    # parsed whole the tables of every finding were held at once (~6.5x)
    assert peak < 4.5 * len(big), peak / len(big)


def test_pieces_are_cut_before_a_header_line_about_piece_chars_apart(big: bytes) -> None:
    text = big.decode()
    head = tomlio.pieced(text)
    assert head is not None
    pieces = head["finding"]
    assert isinstance(pieces, tomlio.Pieces)
    assert sum(1 for _ in pieces) == BIG
    assert tomlio.pieced(text.replace("\n[[finding]]\n", "\n[[ finding ]]\n")) is None
