"""Mutating the code, round 89: the tests that kill its survivors.

A merged file's sources are examined with the caller's clock and time of checking: `verify --at
now` judges a source's key at the time of checking, as it judges the merger's, and phase 1 of a
summary reads a source created in the future as it reads any document (what it caches is not
judged by the clock, so a later run counts it).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from minecheck.core import seal
from tests.helpers_merge import Who, findings, make_merged, person, store_for

RESULTS = ["compliant", "noncompliant", "compliant"]


def _key(who: Who) -> str:
    kind, blob = Path(f"{who.key}.pub").read_text().split()[:2]
    return f"{kind} {blob}"


def _merged_of_alice_by_bob(root: Path, created: dt.datetime) -> tuple[Who, Who, Path]:
    """A merged file by bob (created a minute after) of one findings file by alice."""
    alice, bob = person(root, "alice"), person(root, "bob")
    source = findings(alice, RESULTS, when=created)
    docs = root / "docs"
    docs.mkdir()
    merged = docs / "merged.toml"
    later = created + dt.timedelta(minutes=1)
    merged.write_bytes(make_merged(bob, [source], store_for(alice, bob), created=later))
    return alice, bob, merged


def test_verify_at_now_judges_a_merged_file_s_source_at_the_time_of_checking(
    cli: Any, tmp_path: Path
) -> None:
    """A source signed by a key retired since (valid-before) is trusted as of its signing, and
    key-expired at the time of checking: the merged file is as bad as its worst source."""
    signed = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    alice, bob, merged = _merged_of_alice_by_bob(tmp_path, signed)
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(
        f'{alice.principal} valid-before="20250101Z" {_key(alice)}\n{bob.principal} {_key(bob)}\n'
    )
    args = ["verify", "--json", str(merged), "--allowed-signers", str(allowed)]
    run = cli(args)
    assert run.exit_code == 0
    [verdict] = json.loads(run.stdout)["data"]["files"]
    assert verdict["status"] == "trusted"
    run = cli([*args, "--at", "now"])
    assert run.exit_code == 1
    [verdict] = json.loads(run.stdout)["data"]["files"]
    assert (verdict["status"], verdict["detail"]) == (
        "key-expired",
        f"source {merged}#1 is key-expired: the signing key had expired at the time of checking",
    )


def test_a_summary_an_hour_later_counts_a_merged_file_s_source_created_in_the_future(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Created 20 minutes from now, the merged file and its source are not trusted; an hour
    later they are, whatever the first run kept in the content cache."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    alice, bob, merged = _merged_of_alice_by_bob(tmp_path, now + dt.timedelta(minutes=20))
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"{alice.principal} {_key(alice)}\n{bob.principal} {_key(bob)}\n")
    as_of = (now + dt.timedelta(days=1)).date().isoformat()
    args = ["summary", "--json", str(merged.parent), "--allowed-signers", str(allowed)]

    def summary(at: dt.datetime) -> tuple[int, dict[str, Any]]:
        monkeypatch.setattr(seal, "clock", lambda: at)
        run = cli([*args, "--as-of", as_of])
        envelope: dict[str, Any] = json.loads(run.stdout)
        return run.exit_code, envelope

    code, before = summary(now)
    assert code == 2
    assert [(p["code"], p["message"]) for p in before["problems"]] == [
        (
            "key-not-yet-valid",
            f"{merged}: left out: key-not-yet-valid: {seal.CREATED_IN_THE_FUTURE}",
        ),
        ("input", "no document could be used: 1 left out (1 key-not-yet-valid)"),
    ]
    code, after = summary(now + dt.timedelta(hours=1))
    assert (code, after["problems"]) == (0, [])
    assert after["data"]["headline"]["findings"] == 3
    assert after["data"]["documents"] == []


class _Searched(str):
    """A text that counts the characters its `find` looks through."""

    looked = 0

    def find(self, sub: str, *args: Any) -> int:
        start = args[0] if args else 0
        found = super().find(sub, *args)
        _Searched.looked += (len(self) if found < 0 else found) - start
        return found


def test_a_merged_body_s_first_source_far_ahead_is_looked_for_once_not_once_a_piece() -> None:
    """A merged body of many consolidated entries is cut before `[[consolidated]]` lines every
    PIECE_CHARS or so; its first `[[source]]`, past them all, is looked for once: the text is
    looked through about once in all, not once for each of its 16 pieces."""
    from minecheck.core.tomlio import MERGED_ARRAYS, PIECE_CHARS, each_piece

    head = '[minecheck]\nformat = "merged"\n'
    entry = '\n[[consolidated]]\nitem = "gas-check-genuine"\nby = ["a"]\n'
    count = 16 * PIECE_CHARS // len(entry)
    text = _Searched(head + entry * count + '\n[[source]]\nfile = "x"\n')
    _Searched.looked = 0
    pieces = list(each_piece(text, len(head), MERGED_ARRAYS))
    assert len(pieces) == 16
    assert sum(len(p.get("consolidated", [])) for p in pieces) == count
    assert [p["source"] for p in pieces if "source" in p] == [[{"file": "x"}]]
    assert _Searched.looked < 2 * len(text)
