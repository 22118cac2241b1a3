"""The session's changes attacked, round 21: a merged file's `[source]` that is not an array of
tables, and the commands in hints that name a word that is not a path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from minecheck.core.seal import seal, split
from minecheck.core.sshsig import NAMESPACE_MERGED
from tests.helpers_merge import allowed_signers, findings, make_merged, person, store_for


def _one_source_as_a_table(body: bytes, padding: int) -> bytes:
    """BODY with its first source written `[source]` (a table, not an array of tables), the
    others gone, and PADDING more consolidated entries before it (a body read in pieces)."""
    start = body.index(b"[[source]]\n")
    end = body.find(b"\n\n[[source]]\n", start)
    one = body[start : end + 2 if end >= 0 else len(body)]
    extra = b"".join(
        b'[[consolidated]]\ninspection = "%08d-0000-4000-8000-000000000000"\nitem = "a"\n'
        b'result = "compliant"\nby = ["x@y.example: compliant"]\n\n' % n
        for n in range(padding)
    )
    first = body.index(b"[[consolidated]]\n")
    return body[:first] + extra + body[first:start] + one.replace(b"[[source]]", b"[source]", 1)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", ["small", "big"])
def test_a_merged_files_source_given_as_one_table_is_said_not_an_array_not_missing(
    cli: Any, tmp_path: Path, lang: str, size: str
) -> None:
    """`[source]` (one table) was said "a merged document needs at least one [[source]]", as if
    there were none: it is there, and not an array of tables, as `[consolidated]` is said. The
    same words for a body past a mebibyte, read in pieces."""
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    merged = make_merged(
        bob,
        [findings(alice, ["compliant", "noncompliant", "compliant"])],
        store_for(alice, bob),
        source_count=1,
    )
    body, _ = split(merged)
    path = tmp_path / "m.toml"
    forged = _one_source_as_a_table(body, 0 if size == "small" else 8_000)
    path.write_bytes(seal(forged, bob.signer, NAMESPACE_MERGED))
    assert (path.stat().st_size > 1 << 20) == (size == "big")
    run = cli(["verify", str(path), "--allowed-signers", str(trust), "--lang", lang])
    signer = f"({bob.principal} {bob.fingerprint})"
    said = {
        "en": f"{path}: malformed: source must be an array of tables {signer}",
        "zh": f"{path}: malformed: source 必须是表的数组 {signer}",
    }
    assert (run.exit_code, run.stdout.splitlines()) == (1, [said[lang]])
