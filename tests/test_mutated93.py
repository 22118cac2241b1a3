"""Mutation testing, round 93: a big body's problems said by key path whichever reader reads it
(core/seal.py `_parse_body`), a big body's format asked of a head that is not a table (`_format`),
and a damaged value's majors after a sound one's (report/stream_files.py `_Reading.majors`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from minecheck.core import tomlio
from minecheck.core.seal import POSITIONS_MAX
from tests.test_mutated92 import DAMAGED, _damage, every_kind_with_a_cache
from tests.test_seal_pieces import _body

# a description of Chinese words: three bytes a character, so a body of more bytes than
# positions are worked out for (1 MiB) has fewer characters than that
_WORDS = "回风巷瓦斯浓度超限" * 40


def _big(tail: bytes = b"") -> bytes:
    body = _body(1_000, _WORDS).replace(b'severity = "major"', b'severity = "huge"', 1) + tail
    assert len(body) > POSITIONS_MAX >= len(body.decode())
    return body


_SAID = {
    "en": (
        "trailer: unknown key 'trailer' in a findings document",
        "finding[0].severity: severity must be one of major, general, not 'huge'",
        "{path}: malformed: not a minecheck document",
    ),
    "zh": (
        "trailer：检查结果文件中有未知的键 'trailer'",
        "finding[0].severity：severity 必须是 major、general 之一，而不是 'huge'",
        "{path}：malformed：不是 minecheck 文件",
    ),
}


@pytest.mark.parametrize("lang", sorted(_SAID))
def test_a_big_body_read_whole_says_its_problems_by_key_path_as_when_read_in_pieces(
    cli: Any, tmp_path: Path, lang: str
) -> None:
    """Past a mebibyte of bytes a body's problems name their key paths, not a line (the
    position scanner's bound is the body's size). A body of Chinese text is under a mebibyte of
    characters there: read whole (a table after its findings: not in pieces), its problems were
    placed at lines, where the same findings read in pieces are not."""
    unknown, huge, error = _SAID[lang]
    pieced, whole = tmp_path / "pieced.toml", tmp_path / "whole.toml"
    pieced.write_bytes(_big())
    whole.write_bytes(_big(b"\n[trailer]\nx = 1\n"))
    assert not tomlio.fast_parse_ok(whole.read_bytes())
    for path, problems in ((pieced, [huge]), (whole, [unknown, huge])):
        run = cli(["show", str(path), "--lang", lang])
        assert (run.exit_code, run.stderr.splitlines()) == (
            2,
            [*(f"{path}: {p}" for p in problems), f"minecheck: error: {error.format(path=path)}"],
        )


_HEAD = b'[minecheck]\nformat = "minecheck.findings/1"\n'


@pytest.mark.parametrize(
    ("head", "said"),
    [
        (b"", "{path}:1:1: missing the [minecheck] table"),
        (b'minecheck = "minecheck.findings/1"\n', "{path}: minecheck: minecheck must be a table"),
    ],
    ids=["no-head", "head-not-a-table"],
)
def test_a_big_body_whose_minecheck_is_not_a_table_is_said_malformed(
    cli: Any, tmp_path: Path, head: bytes, said: str
) -> None:
    """A body big enough to be read in pieces (past a mebibyte, more than the fast parser
    takes) whose `minecheck` is missing or not a table: its format is asked of it before the
    pieces are read, and it is said malformed, exit 2, as a small one is (never a traceback),
    in the small one's words (one not a table by its key path, as a big body's problems are)."""
    body = _body(6_000)
    assert body.startswith(_HEAD)
    assert len(body) > tomlio.FAST_MAX_BYTES
    path = tmp_path / "big.toml"
    path.write_bytes(head + body[len(_HEAD) :])
    run = cli(["show", str(path)])
    assert (run.exit_code, run.stderr.splitlines()) == (
        2,
        [said.format(path=path), f"minecheck: error: {path}: malformed: not a minecheck document"],
    )


@pytest.mark.parametrize("parity", [0, 1])
def test_a_damaged_value_after_a_sound_one_is_not_answered_with_the_sound_one_s_majors(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parity: int
) -> None:
    """Every other file's value damaged on disk (its findings unreadable, its head sound): the
    warm `export` says what the cold one said. A value whose findings cannot be read kept the
    file before's answers (whether each document records a major), and its documents were
    flagged, or not, as that file's were."""
    home, docs = every_kind_with_a_cache(tmp_path, monkeypatch)
    args = ["export", str(docs), "--format", "csv", "--include-untrusted", "--as-of", "2026-12-01"]
    cold = cli(args)
    assert _damage(home, DAMAGED["its first line only"], slice(parity, None, 2)) > 1
    warm = cli(args)
    assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout, cold.stderr)
