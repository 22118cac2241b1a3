"""`show` parses each document's body once: the report's reading of a file (its states,
deadlines and refused events) is taken from the verdict that said whether it is trusted, not
from a second examination of the same bytes (a 21 MB file was parsed twice)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from minecheck.cli import show as show_module
from minecheck.core import seal
from minecheck.core.documents import Finding
from minecheck.core.seal import examine, split
from minecheck.core.trust import TrustStore
from minecheck.report.corpus import read_document_file, read_examined
from tests.helpers_merge import (
    CREATED,
    Who,
    allowed_signers,
    findings,
    findings_of,
    make_merged,
    person,
    store_for,
)
from tests.test_show_json_memory import held_at_first_call

N = 600  # findings of the big file
ID = "7c1e9a5f-1b2d-4e6f-8a0c-2d4f6b8a0c1e"


def _major(item: str, description: str) -> Finding:
    where = "No. 3 return airway"
    return Finding(
        item, "noncompliant", "major", basis=("CMHD-5.2",), description=description, location=where
    )


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of each body `seal` parses from here on."""
    parsed: list[int] = []
    parse = seal._parse_body

    def counted(body: bytes, path: str) -> Any:
        parsed.append(len(body))
        return parse(body, path)

    monkeypatch.setattr(seal, "_parse_body", counted)
    return parsed


@pytest.mark.parametrize("json", [False, True], ids=["text", "json"])
def test_show_parses_each_body_once(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, json: bool
) -> None:
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    sources = [findings(who, ["noncompliant", "compliant", "compliant"]) for who in (alice, bob)]
    one = tmp_path / "one.toml"
    one.write_bytes(
        findings(alice, ["noncompliant"] * 3, inspection_id="5b6f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e")
    )
    merged = tmp_path / "merged.toml"
    merged.write_bytes(make_merged(alice, sources, store_for(alice, bob)))
    args = ["show", "--allowed-signers", str(trust), "--lang", "en", str(one), str(merged)]
    expected = cli(args + ["--json"] * json)
    assert expected.exit_code == 0, expected.stderr
    parsed = _parses(monkeypatch)
    run = cli(args + ["--json"] * json)
    assert (run.exit_code, run.stdout, run.stderr) == (0, expected.stdout, expected.stderr)
    # the findings file, the merged body and its two sources: each once (six times before)
    assert len(parsed) == 4, parsed
    assert "gas-check-genuine" in run.stdout


def _cases(tmp_path: Path) -> list[tuple[str, bytes, TrustStore]]:
    """(name, a file's bytes, the store it is shown with): every way a file is judged."""
    alice, bob, carol = (person(tmp_path, n) for n in ("alice", "bob", "carol"))
    store = store_for(alice, bob)

    def revoking(*who: Who) -> TrustStore:
        return dataclasses.replace(store, revoked=frozenset(w.signer.public_key.blob for w in who))

    bad = ["noncompliant", "compliant", "compliant"]
    mine, theirs, unknown = findings(alice, bad), findings(bob, bad), findings(carol, bad)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    future = findings(alice, bad, when=later)
    again = findings(alice, bad, when=CREATED + dt.timedelta(hours=1))  # (its id: `mine`'s)
    unsigned = split(mine)[0]
    changed = mine.replace(b"Demo mine", b"Demo mind", 1)
    broken = unsigned.replace(b"[[finding]]", b"[[finding]", 1)
    return [
        ("trusted", mine, store),
        ("untrusted-key", unknown, store),
        ("created-in-the-future", future, store),
        ("unsigned", unsigned, store),
        ("bad-signature", changed, store),
        ("malformed", broken, store),
        ("revoked", mine, revoking(alice)),
        ("merged", make_merged(alice, [mine, theirs], store), store),
        ("merged-untrusted-source", make_merged(alice, [mine, unknown], store), store),
        ("merged-unsigned-source", make_merged(alice, [unknown, unsigned], store), store),
        ("merged-source-signed-after", make_merged(alice, [future, theirs], store), store),
        ("merged-in-the-future", make_merged(alice, [future], store, created=later), store),
        ("merged-by-an-untrusted-key", make_merged(carol, [mine, theirs], store), store),
        ("merged-source-revoked", make_merged(alice, [mine, theirs], store), revoking(bob)),
        ("merged-merger-revoked", make_merged(alice, [mine, theirs], store), revoking(alice)),
        ("merged-a-document-twice", make_merged(alice, [mine, again], store), store),
        ("merged-of-merged", make_merged(bob, [make_merged(alice, [mine], store)], store), store),
    ]


def test_the_report_s_reading_of_a_verdict_is_phase_one_s(tmp_path: Path) -> None:
    """What `show` gives the report for each file (read off its verdict) equals phase 1's own
    reading of the same bytes, leaf by leaf, for every status a file and its sources take."""
    seen: list[str] = []
    for name, data, store in _cases(tmp_path):
        verdict = examine(data, name, store)
        seen.append(verdict.status.value)
        assert read_examined(data, verdict) == read_document_file(data, name), name
    # (the cases reach what they are named for)
    assert seen == [
        "trusted",
        "untrusted-key",
        "key-not-yet-valid",
        "unsigned",
        "bad-signature",
        "malformed",
        "revoked",
        "trusted",
        "untrusted-key",
        "unsigned",
        "malformed",
        "key-not-yet-valid",
        "untrusted-key",
        "revoked",
        "revoked",
        "malformed",
        "trusted",
    ]


def test_a_revoked_key_s_file_is_read_as_phase_one_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store that revokes a key stops reading where it meets it; the report reads on (the
    file's other sources count), so such a file alone is parsed again."""
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    store = store_for(alice, bob)
    sources = [findings(who, ["compliant"] * 3) for who in (alice, bob)]
    merged = make_merged(alice, sources, store)
    revoked = dataclasses.replace(store, revoked=frozenset({bob.signer.public_key.blob}))
    for judged, parses in ((store, 0), (revoked, 3)):
        verdict = examine(merged, "m.toml", judged)
        parsed = _parses(monkeypatch)
        read_examined(merged, verdict)
        assert len(parsed) == parses, parsed
        monkeypatch.undo()


def test_show_holds_one_reading_of_a_file_when_it_renders(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `show` holds when it lays out a big file: its findings read once, not a second
    reading of them beside the first for the report's states."""
    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    path = tmp_path / "big.toml"
    rows = [_major(f"item-{k}", f"Gas {k} at the return airway " * 4) for k in range(N)]
    path.write_bytes(findings_of(alice, rows, ID))
    size = path.stat().st_size
    args = ["show", "--allowed-signers", str(trust), "--lang", "en", str(path)]
    assert cli(args).exit_code == 0  # (modules imported and their tables made: not counted)
    run, held = held_at_first_call(monkeypatch, show_module, "_render", lambda: cli(args))
    assert run.exit_code == 0, run.stderr
    assert f"Gas {N - 1} at" in run.stdout
    assert held[0] < 5.0 * size, held[0] / size  # 6.13 before, 4.27 now
