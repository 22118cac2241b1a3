"""A big findings body that cannot be read a piece at a time (a table after its findings, a
syntax error or a cut-off value at its end) is found so before any piece is read: parsed about
once, as before pieces, not once in pieces and again whole."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import tomli

from minecheck.core.documents import FindingsDoc
from minecheck.core.seal import _parse_body
from tests.test_seal_pieces import _body, _whole  # (a document of many hidden dangers)


@pytest.fixture(scope="module")
def body() -> bytes:
    made = _body(6_000)  # ~1.16 MB: over the 1 MiB read whole, five pieces
    assert 2**20 < len(made) < 2 * 2**20
    return made


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of each text tomli is given from now on."""
    given: list[int] = []
    loads: Callable[[str], dict[str, Any]] = tomli.loads

    def counted(text: str, **kw: Any) -> dict[str, Any]:
        given.append(len(text))
        return loads(text, **kw)

    monkeypatch.setattr(tomli, "loads", counted)
    return given


def _inspection_last(body: bytes) -> bytes:
    start = body.index(b"[inspection]\n")
    end = body.index(b"\n[[finding]]\n")
    return body[:start] + body[end + 1 :] + b"\n" + body[start : end + 1]


CHANGES = [
    pytest.param(_inspection_last, id="inspection-after-findings"),
    pytest.param(lambda b: b + b'[other]\nsite = "x"\n', id="table-after-findings"),
    pytest.param(lambda b: b + b"= = =\n", id="syntax-error-at-end"),
    pytest.param(lambda b: b + b'note = """cut off\n', id="string-cut-off"),
    pytest.param(lambda b: b + b"[[finding]]\nitem = ", id="value-cut-off"),
]


@pytest.mark.parametrize("change", CHANGES)
def test_a_body_that_ends_unlike_findings_is_parsed_about_once(
    body: bytes, change: Callable[[bytes], bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    changed = change(body)
    expected = _whole(changed)
    given = _counting(monkeypatch)
    assert _parse_body(changed, "f") == expected
    # once whole, with the head and the last piece looked at first (parsed twice: ~2.0x)
    assert sum(given) < 1.5 * len(changed), [round(n / len(changed), 2) for n in given]


def test_a_body_read_in_pieces_is_parsed_about_once(
    body: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _whole(body)
    given = _counting(monkeypatch)
    document, problems = _parse_body(body, "f")
    assert (document, problems) == expected
    assert problems == []
    assert isinstance(document, FindingsDoc)
    assert len(document.findings) == 6_000
    assert len(given) >= 5  # the head and the pieces, each parsed on its own
    assert sum(given) < 1.5 * len(body)
