"""Which documents a summary and an export admit, and the reason each one left out is given.

One folder holds, beside trusted documents: an exact copy of one (counted once, said nowhere),
two copies of one document with different contents (both left out, said once), an untrusted
signer, a revoked one, a file whose signature cannot be read and whose signer is revoked, an
unsigned file, a merged file with an untrusted source, an inspection whose documents name two
sites, an inspection finished after the report's day and one created far in the future. Each
is run as a user runs it, and what the report prints of it is pinned word for word
(report/corpus.py's admission).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Event
from tests.helpers_merge import (
    CREATED,
    INSPECTION,
    Who,
    allowed_signers,
    findings,
    make_merged,
    person,
    store_for,
)
from tests.test_export import followup

AS_OF = "2026-11-30"
I_TWIN = "4a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c10"
I_SITES = "4a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c11"
I_LATER = "4a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c12"
I_FUTURE = "4a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c13"
I_MERGED = "4a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c14"
I_KEYS = "4a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c15"
OTHER_MINE: dict[str, Any] = {"site_id": "HLJ-0002", "site": "Other mine"}
I_UNTRUSTED = "4a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c16"
I_REVOKED = "4a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c17"
I_MAIN = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"  # helpers_merge's INSPECTION

NC = ["compliant", "noncompliant", "compliant"]


def _doc_id(data: bytes) -> str:
    line = next(x for x in data.decode().splitlines() if x.startswith("document_id"))
    return line.split('"')[1]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("rules")
    keys = root / "keys"
    keys.mkdir()
    alice, bob, mallory, rex = (person(keys, n) for n in ("alice", "bob", "mallory", "rex"))
    docs = root / "docs"
    docs.mkdir()
    ids: dict[str, str] = {}

    def put(name: str, data: bytes) -> None:
        (docs / name).write_bytes(data)
        if b"document_id" in data:
            ids[name] = _doc_id(data)

    main = findings(alice, NC)
    put("a.toml", main)
    put("a-copy.toml", main)  # the same bytes again
    put("t1.toml", findings(bob, NC, 5, inspection_id=I_TWIN))
    put("t2.toml", findings(bob, NC, 5, inspection_id=I_TWIN, description="changed"))
    assert ids["t1.toml"] == ids["t2.toml"]
    put("s1.toml", findings(alice, ["compliant"] * 3, 6, inspection_id=I_SITES))
    put(
        "s2.toml",
        findings(
            bob, ["compliant"] * 3, 7, inspection_id=I_SITES, site_id="HLJ-0002", site="Other"
        ),
    )
    late = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    put("later.toml", findings(bob, NC, 8, inspection_id=I_LATER, when=late))
    # an untrusted signer's inspection finished after the day: not yet known, so not listed
    put("m-later.toml", findings(mallory, NC, 17, inspection_id=I_LATER, when=late))
    future = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
    put("future.toml", findings(bob, NC, 9, inspection_id=I_FUTURE, when=future))
    put("m.toml", findings(mallory, NC, 10, inspection_id=I_UNTRUSTED))
    put("r.toml", findings(rex, NC, 11, inspection_id=I_REVOKED))
    damaged = findings(rex, NC, 12, inspection_id=I_REVOKED)
    # line endings changed: the signature cannot be read, but the key its armor names can
    put("r-damaged.toml", damaged.replace(b"\n", b"\r\n"))
    unsigned = findings(alice, NC, 13, inspection_id=I_KEYS)
    put("unsigned.toml", unsigned[: unsigned.rindex(b"[signature]\n")])
    put("k1.toml", findings(alice, ["compliant"] * 3, 14, inspection_id=I_KEYS))
    everyone = store_for(alice, bob, mallory)
    src_a = findings(alice, ["compliant"] * 3, 15, inspection_id=I_MERGED)
    src_m = findings(mallory, ["noncompliant"] * 3, 16, inspection_id=I_MERGED)
    put("j.toml", make_merged(alice, [src_a, src_m], everyone))
    allowed = allowed_signers(root / "allowed_signers", alice, bob, rex)
    revoked = root / "revoked"
    revoked.write_text(Path(f"{rex.key}.pub").read_text())
    rex_said = f"key {rex.fingerprint} is revoked"  # (verify's words)
    return {
        "root": root,
        "docs": docs,
        "allowed": allowed,
        "revoked": revoked,
        "ids": ids,
        "rex": rex_said,
    }


def _args(folder: dict[str, Any], *more: str) -> list[str]:
    return [
        str(folder["docs"]),
        "--allowed-signers",
        str(folder["allowed"]),
        "--revoked-keys",
        str(folder["revoked"]),
        "--as-of",
        AS_OF,
        *more,
    ]


def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINECHECK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HOME", str(tmp_path))


def _alice_and_bob(tmp_path: Path) -> tuple[Who, Who]:
    """Two signers, their keys in a folder of their own."""
    keys = tmp_path / "keys"
    keys.mkdir()
    return person(keys, "alice"), person(keys, "bob")


def _warnings(stderr: str, docs: Path) -> list[str]:
    return [line.replace(f"{docs}/", "") for line in stderr.splitlines()]


def _trust_hint(principal: str, allowed: Path) -> str:
    """The hint under the first file a run leaves out for `principal`'s key not trusted."""
    return (
        "  hint: to count it, trust the signer's key as you received it from them (or --from "
        f"LINES): minecheck trust add --principal {principal} --key KEY.pub "
        f"--allowed-signers {allowed}"
    )


def _left_out(folder: dict[str, Any]) -> list[str]:
    return [
        "minecheck: warning: future.toml: left out: key-not-yet-valid: created in the future: "
        "the document's created time is more than 10 minutes after this computer's clock",
        "minecheck: warning: m.toml: left out: untrusted-key: "
        "the signing key is not in allowed_signers",
        f"minecheck: warning: r-damaged.toml: left out: revoked: {folder['rex']}",
        f"minecheck: warning: r.toml: left out: revoked: {folder['rex']}",
        "minecheck: warning: unsigned.toml: left out: unsigned: the document is not signed",
    ]


def test_summary_lists_each_document_left_out_with_its_reason(
    cli: Any, folder: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _home(tmp_path, monkeypatch)
    docs: Path = folder["docs"]
    run = cli(["summary", *_args(folder, "--format", "json", "--no-cache")])
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    listed = [
        (Path(d["path"]).name.split("#")[0], d["status"], d["reason"], d["kind"], d["signer"])
        for d in data["documents"]
    ]
    assert listed == [
        (
            "future.toml",
            "key-not-yet-valid",
            "created in the future: the document's created time is more than 10 minutes "
            "after this computer's clock",
            "findings",
            "bob@coal.example",
        ),
        (
            "j.toml",
            "untrusted-key",
            "the signing key is not in allowed_signers",
            "findings",
            "mallory@coal.example",
        ),
        (
            "m.toml",
            "untrusted-key",
            "the signing key is not in allowed_signers",
            "findings",
            "mallory@coal.example",
        ),
        ("r-damaged.toml", "revoked", folder["rex"], None, None),
        ("r.toml", "revoked", folder["rex"], "findings", "rex@coal.example"),
        *(  # both copies of one id with different contents, each naming the other
            (
                name,
                "conflict",
                f"document {folder['ids']['t2.toml']} also appears in {docs / other} with "
                "different content; both are left out",
                "findings",
                "bob@coal.example",
            )
            for name, other in (("t1.toml", "t2.toml"), ("t2.toml", "t1.toml"))
        ),
        (
            "unsigned.toml",
            "unsigned",
            "the document is not signed",
            "findings",
            "alice@coal.example",
        ),
    ]
    ids = folder["ids"]
    assert _warnings(run.stderr, docs) == [
        *[w for w in _left_out(folder) if "future" in w],
        "minecheck: warning: "
        + next(Path(d["path"]).name for d in data["documents"] if "#" in d["path"])
        + ": left out: untrusted-key: the signing key is not in allowed_signers",
        _trust_hint("mallory@coal.example", folder["allowed"]),  # (once: m.toml is hers too)
        *[w for w in _left_out(folder) if "future" not in w],
        f"minecheck: warning: s2.toml: inspection {I_SITES}: its documents name different "
        "sites: Demo mine (HLJ-0001); Other (HLJ-0002); an inspection is at one site "
        "(was an inspection id used again?)",
        f"minecheck: warning: t2.toml: document {ids['t2.toml']} also appears in "
        "t1.toml with different content; both are left out",
    ]
    # the copy counted once, the twins not at all, the later inspection not yet known:
    # the main inspection, the two sites', the one-id-two-keys one and the merged one
    assert data["scope"]["inspections"] == 4
    assert data["headline"]["findings"] == 12
    assert data["headline"]["hidden_dangers"] == 1
    assert data["scope"]["documents_not_counted"] == 8  # (the two conflicting copies too)


def _export(cli: Any, folder: dict[str, Any], *more: str) -> tuple[int, list[dict[str, str]], str]:
    run = cli(["export", *_args(folder, "--format", "csv", "--no-cache", *more)])
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    return run.exit_code, rows, run.stderr


def _seen(rows: list[dict[str, str]]) -> list[tuple[str, str, str, str, str]]:
    return [(r["inspection"][-2:], r["item"], r["result"], r["signers"], r["trust"]) for r in rows]


def test_export_admits_the_untrusted_only_when_asked_and_never_the_revoked_or_unsigned(
    cli: Any, folder: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _home(tmp_path, monkeypatch)
    docs: Path = folder["docs"]
    three = ("gas-check-genuine", "gas-overlimit", "methane-return")

    def inspection(tail: str, results: list[str], signers: str, trust: str) -> list[Any]:
        return [(tail, i, r, signers, trust) for i, r in zip(three, results, strict=True)]

    a, b, m = "alice@coal.example", "bob@coal.example", "mallory@coal.example"
    code, rows, stderr = _export(cli, folder)
    assert code == 0, stderr
    assert _seen(rows) == [
        *inspection("1e", NC, a, "trusted"),  # a.toml and its copy: one document
        *inspection("11", ["compliant"] * 3, f"{a};{b}", "trusted"),  # two sites, one inspection
        *inspection("14", ["compliant"] * 3, a, "trusted"),  # merged: the trusted source only
        *inspection("15", ["compliant"] * 3, a, "trusted"),
    ]
    assert len(_warnings(stderr, docs)) == 9  # (and the hint to trust mallory's key)
    code, rows, stderr = _export(cli, folder, "--include-untrusted")
    assert code == 0, stderr
    assert _seen(rows) == [
        *inspection("1e", NC, a, "trusted"),
        *inspection("11", ["compliant"] * 3, f"{a};{b}", "trusted"),
        *inspection("13", NC, b, "key-not-yet-valid"),
        *inspection("14", ["inconsistent"] * 3, f"{a};{m}", "untrusted-key"),
        *inspection("15", ["compliant"] * 3, a, "trusted"),
        *inspection("16", NC, m, "untrusted-key"),
    ]
    ids = folder["ids"]
    assert _warnings(stderr, docs) == [
        f"minecheck: warning: r-damaged.toml: left out: revoked: {folder['rex']}",
        f"minecheck: warning: r.toml: left out: revoked: {folder['rex']}",
        "minecheck: warning: unsigned.toml: left out: unsigned: the document is not signed",
        # (counted with the untrusted, three inspections of the mine that day record one danger)
        f"minecheck: warning: a-copy.toml: Demo mine (HLJ-0001): 3 inspections on 2026-11-29 "
        f"({INSPECTION} by {a}; {I_MERGED} by {a}, {m} (not trusted here: untrusted-key); "
        f"{I_UNTRUSTED} by {m} (not trusted here: untrusted-key)) record "
        "gas-overlimit as a hidden danger, each counted apart in reports (its majors flagged "
        "repeat-major); if they were one joint inspection, its inspectors give it one id "
        "(inspect --inspection-id)",
        f"minecheck: warning: s2.toml: inspection {I_SITES}: its documents name different "
        "sites: Demo mine (HLJ-0001); Other (HLJ-0002); an inspection is at one site "
        "(was an inspection id used again?)",
        f"minecheck: warning: t2.toml: document {ids['t2.toml']} also appears in "
        "t1.toml with different content; both are left out",
    ]


def test_an_inspection_finished_after_the_report_s_day_is_not_yet_known(
    cli: Any,
    folder: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    in_zone: Callable[[str], None],
) -> None:
    """later.toml (finished on 1 December) is neither counted nor listed as of 30 November,
    and counted as of 1 December; a folder of it alone says so, and counts nothing."""
    _home(tmp_path, monkeypatch)
    docs: Path = folder["docs"]

    def inspections(*more: str) -> tuple[list[str], list[str]]:
        code, rows, stderr = _export(cli, folder, *more)
        assert code == 0, stderr
        said = [line for line in _warnings(stderr, docs) if "later" in line]
        return sorted({r["inspection"][-2:] for r in rows}), said

    # mallory's inspection of that day is not listed before it is known
    assert inspections() == (["11", "14", "15", "1e"], [])
    assert inspections("--as-of", "2026-12-01") == (
        ["11", "12", "14", "15", "1e"],
        [
            "minecheck: warning: m-later.toml: left out: untrusted-key: "
            "the signing key is not in allowed_signers"
        ],
    )
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "later.toml").write_bytes((docs / "later.toml").read_bytes())
    in_zone("UTC")  # (the warning names the zone its day is local to)
    for command in (["summary", "--format", "json"], ["export", "--format", "csv"]):
        run = cli([*command, *_args(folder)[1:], str(alone)])
        assert (run.exit_code, run.stderr) == (
            0,
            "minecheck: warning: every document is dated after 2026-11-30, UTC, the report's "
            "day: none is counted\n",
        )
        if command[0] == "summary":
            data = json.loads(run.stdout)
            assert (data["headline"]["findings"], data["documents"]) == (0, [])
        else:
            assert run.stdout.count("\n") == 1  # the header alone
    # with a document known beside it, nothing is said of the later one
    (alone / "a.toml").write_bytes((docs / "a.toml").read_bytes())
    run = cli(["summary", *_args(folder, "--format", "json")[1:], str(alone)])
    assert (run.exit_code, run.stderr) == (0, "")
    assert json.loads(run.stdout)["headline"]["findings"] == 3


def test_a_merged_file_made_after_the_report_s_day_counts_what_was_known_before_it(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A merge signed on 1 December of documents signed on 29 November is counted in a report
    of 30 November (what it merges was known when its sources were signed); a source signed on
    1 December inside it is not yet known."""
    _home(tmp_path, monkeypatch)
    alice, bob = _alice_and_bob(tmp_path)
    store = store_for(alice, bob)
    early = findings(alice, NC, 20, inspection_id=I_MERGED)
    late = findings(
        bob, NC, 21, inspection_id=I_LATER, when=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    )
    made = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "j.toml").write_bytes(make_merged(alice, [early, late], store, created=made))
    allowed = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    for day, seen in (("2026-11-30", ["14"]), ("2026-12-01", ["12", "14"])):
        run = cli(
            [
                "export",
                str(docs),
                "--allowed-signers",
                str(allowed),
                "--as-of",
                day,
                "--format",
                "csv",
                "--no-cache",
            ]
        )
        assert (run.exit_code, run.stderr) == (0, "")
        rows = list(csv.DictReader(io.StringIO(run.stdout)))
        assert sorted({r["inspection"][-2:] for r in rows}) == seen
        assert len(rows) == 3 * len(seen)


def test_follow_ups_left_out_and_events_not_applied_are_listed_in_order(
    cli: Any, folder: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An untrusted follow-up is listed as a follow-up; events naming no finding, or a finding
        that is no hidden danger, are warned of in the order they were read (by file, then in the
    file), and listed in the summary by file, then finding."""
    _home(tmp_path, monkeypatch)
    keys = tmp_path / "keys"
    keys.mkdir()
    alice, mallory = person(keys, "alice"), person(keys, "mallory")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.toml").write_bytes(findings(alice, NC))
    at = CREATED + dt.timedelta(hours=2)
    fid = "5a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1"
    (docs / "f-m.toml").write_bytes(
        followup(mallory, Event(f"{I_MAIN}/gas-overlimit", "escalated", at), document_id=fid + "0")
    )
    (docs / "f1.toml").write_bytes(
        followup(
            alice,
            Event(f"{I_MAIN}/no-such-item", "escalated", at),
            Event(f"{I_MAIN}/methane-return", "escalated", at),
            document_id=fid + "1",
        )
    )
    (docs / "f2.toml").write_bytes(
        followup(
            alice,
            Event(f"{I_MAIN}/gas-check-genuine", "escalated", at),
            document_id=fid + "2",
        )
    )
    allowed = allowed_signers(tmp_path / "allowed_signers", alice)
    said = [
        "f-m.toml: left out: untrusted-key: the signing key is not in allowed_signers",
        _trust_hint("mallory@coal.example", allowed),
        *(
            f"{name}: event escalated for {I_MAIN}/{item} at 2026-11-29T10:15:00Z not applied: "
            + reason
            for name, item, reason in (
                ("f1.toml", "no-such-item", "no trusted findings document holds this finding"),
            )
        ),
        "  hint: give the findings file that holds it with its follow-ups; a report on part "
        "of an archive cannot apply the follow-ups of the rest",
        *(
            f"{name}: event escalated for {I_MAIN}/{item} at 2026-11-29T10:15:00Z not applied: "
            "the finding is not a hidden danger"
            for name, item in (("f1.toml", "methane-return"), ("f2.toml", "gas-check-genuine"))
        ),
    ]
    said.insert(  # (a rule's hint once, under its first event)
        -1, "  hint: follow-ups are kept only for hidden dangers: check the finding the event names"
    )
    for command in (["summary", "--format", "json"], ["export", "--format", "csv"]):
        run = cli(
            [
                *(command[0], str(docs), "--allowed-signers", str(allowed), "--as-of", AS_OF),
                *command[1:],
                "--no-cache",
            ]
        )
        assert run.exit_code == 0, run.stderr
        assert _warnings(run.stderr, docs) == [
            line if line.startswith("  hint: ") else f"minecheck: warning: {line}" for line in said
        ]
        if command[0] == "summary":
            data = json.loads(run.stdout)
            assert [(Path(d["path"]).name, d["kind"]) for d in data["documents"]] == [
                ("f-m.toml", "followup")
            ]
            assert [(Path(r["path"]).name, r["finding"][-12:]) for r in data["rejected"]] == [
                ("f1.toml", "thane-return"),  # the table: by file, then finding
                ("f1.toml", "no-such-item"),
                ("f2.toml", "heck-genuine"),
            ]


@pytest.mark.parametrize("command", ["summary", "export"])
def test_a_folder_of_nothing_usable_is_an_error_and_not_a_report_of_later_documents(
    cli: Any, folder: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """Untrusted, revoked and unsigned files alone: exit 2 and "no document could be used",
    no report on stdout, and no word of documents dated after the report's day."""
    _home(tmp_path, monkeypatch)
    docs: Path = folder["docs"]
    alone = tmp_path / "alone"
    alone.mkdir()
    for name in ("m.toml", "r.toml", "unsigned.toml"):
        (alone / name).write_bytes((docs / name).read_bytes())
    run = cli([command, *_args(folder)[1:], str(alone), "--no-cache"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert _warnings(run.stderr, alone) == [
        *[w for w in _left_out(folder) if w.split()[2] in ("m.toml:", "r.toml:", "unsigned.toml:")],
        # (the last line of a long log: how many were left out, for each reason)
        "minecheck: error: no document could be used: 3 left out (1 revoked, 1 unsigned, "
        "1 untrusted-key)",
        "  hint: minecheck verify names the key of each and the command that trusts it; to "
        "count documents signed but not trusted, add --include-untrusted",
    ]


@pytest.mark.parametrize("command", ["summary", "export"])
def test_nothing_usable_for_damage_alone_is_counted_in_chinese_with_no_advice_to_trust(
    cli: Any, folder: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """Damaged and revoked files alone: the last line counts them by reason in the run's
    language; no advice on trusting keys or --include-untrusted, which would change nothing."""
    _home(tmp_path, monkeypatch)
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "r.toml").write_bytes((folder["docs"] / "r.toml").read_bytes())
    for name in ("a.toml", "b.toml"):
        (alone / name).write_text("x = 1\n")
    run = cli([command, *_args(folder)[1:], str(alone), "--no-cache", "--lang", "zh"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-1] == (
        "minecheck: error: 没有可用的文件：3 个文件均被排除（revoked 1 个，malformed 2 个）"
    )
    assert "include-untrusted" not in run.stderr


def test_show_leaves_out_twins_counts_a_copy_once_and_knows_nothing_later(
    cli: Any, folder: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`show` judges the documents it is given together (report/corpus.py's own reading, not
    the streamed one summary and export use)."""
    _home(tmp_path, monkeypatch)
    docs: Path = folder["docs"]
    names: tuple[str, ...] = (
        "t1.toml",
        "t2.toml",
        "a.toml",
        "a-copy.toml",
        "later.toml",
        "t1.toml",
        "s1.toml",
    )
    names += ("s2.toml", "m-later.toml")
    run = cli(["show", *(str(docs / n) for n in names), *_args(folder)[1:], "--json"])
    assert run.exit_code == 0, run.stderr
    envelope = json.loads(run.stdout)
    rows = envelope["data"]["rows"]
    assert [(r["inspection"][-2:], r["item"], r["state"]) for r in rows] == [
        ("1e", "gas-overlimit", "open")
    ]
    ids = folder["ids"]
    assert [(p["code"], p["message"]) for p in envelope["problems"]] == [
        (
            "sites",
            f"{docs}/s2.toml: inspection {I_SITES}: its documents name different sites: "
            "Demo mine (HLJ-0001); Other (HLJ-0002); an inspection is at one site "
            "(was an inspection id used again?)",
        ),
        (
            "conflict",
            f"{docs}/t2.toml: document {ids['t2.toml']} also appears in "
            f"{docs}/t1.toml with different content; both are left out",
        ),
    ]
    # as of the day it was finished, the later inspection is known
    run = cli(["show", str(docs / "later.toml"), *_args(folder)[1:], "--as-of", "2026-12-01"])
    assert run.exit_code == 0, run.stderr
    assert "gas-overlimit   major   open" in run.stdout


@pytest.mark.parametrize("command", ["summary", "export"])
def test_a_file_over_the_size_limit_is_left_out_as_malformed_and_the_rest_reported(
    cli: Any, folder: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    _home(tmp_path, monkeypatch)
    alone = tmp_path / "alone"
    alone.mkdir()
    # (read after the big one)
    (alone / "z.toml").write_bytes((folder["docs"] / "a.toml").read_bytes())
    with (alone / "big.toml").open("wb") as big:
        big.truncate(64 * 1024 * 1024 + 1)  # sparse: nothing written
    more = ("--format", "json") if command == "summary" else ("--format", "csv")
    run = cli([command, *_args(folder, *more)[1:], str(alone), "--no-cache"])
    assert _warnings(run.stderr, alone) == [
        "minecheck: warning: big.toml: left out: malformed: the file is 67108865 bytes, "
        "over the limit of 67108864"
    ]
    assert run.exit_code == 0  # (a damaged file left out, as verify calls it)
    if command == "summary":
        assert json.loads(run.stdout)["headline"]["findings"] == 3
    else:
        assert len(list(csv.DictReader(io.StringIO(run.stdout)))) == 3


def test_a_follow_up_signed_after_the_report_s_day_changes_no_report_of_that_day(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An escalation dated 29 November, in a follow-up signed on 1 December: a report of
    30 November made again afterwards is as it was (the finding open); one of 1 December has
    it escalated."""
    from minecheck.core.documents import FOLLOWUP, FollowUpDoc, Header
    from minecheck.core.seal import seal
    from minecheck.core.sshsig import NAMESPACE_FINDINGS

    _home(tmp_path, monkeypatch)
    keys = tmp_path / "keys"
    keys.mkdir()
    alice = person(keys, "alice")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.toml").write_bytes(findings(alice, NC))
    event = Event(f"{I_MAIN}/gas-overlimit", "escalated", CREATED + dt.timedelta(hours=2))
    header = Header(
        FOLLOWUP,
        "5a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c20",
        dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC),
        alice.principal,
        alice.fingerprint,
        "minecheck 0.1.0",
    )
    signed = seal(FollowUpDoc(header, (event,)).to_toml(), alice.signer, NAMESPACE_FINDINGS)
    (docs / "f.toml").write_bytes(signed)
    allowed = allowed_signers(tmp_path / "allowed_signers", alice)
    states = []
    for day in ("2026-11-30", "2026-12-01"):
        run = cli(
            [
                *("export", str(docs), "--allowed-signers", str(allowed), "--as-of", day),
                *("--format", "csv", "--no-cache"),
            ]
        )
        assert (run.exit_code, run.stderr) == (0, "")
        rows = list(csv.DictReader(io.StringIO(run.stdout)))
        states += [r["state"] for r in rows if r["item"] == "gas-overlimit"]
    assert states == ["open", "escalated"]


def test_an_untrusted_document_created_in_the_future_is_said_untrusted(
    cli: Any, folder: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clock's judgement is of trusted documents: an untrusted signer's is said untrusted,
    as verify says it."""
    _home(tmp_path, monkeypatch)
    keys = tmp_path / "keys"
    keys.mkdir()
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "a.toml").write_bytes((folder["docs"] / "a.toml").read_bytes())
    future = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
    stranger = person(keys, "stranger")
    (alone / "s.toml").write_bytes(findings(stranger, NC, 30, inspection_id=I_FUTURE, when=future))
    run = cli(["summary", *_args(folder, "--format", "json")[1:], str(alone), "--no-cache"])
    assert run.exit_code == 0, run.stderr
    assert _warnings(run.stderr, alone) == [
        "minecheck: warning: s.toml: left out: untrusted-key: "
        "the signing key is not in allowed_signers",
        _trust_hint("stranger@coal.example", folder["allowed"]),
    ]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_merged_file_s_sources_after_a_later_one_or_a_copy_are_still_counted(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A merged file's sources are in the order of their bytes' sha256: one signed after the
    report's day, and one whose bytes were already read in another file, are each passed over,
    and the sources after them in the file are counted all the same."""
    _home(tmp_path, monkeypatch)
    alice, bob = _alice_and_bob(tmp_path)
    store = store_for(alice, bob)
    copy = findings(alice, NC, 40, inspection_id=I_MERGED)
    late = findings(
        bob, NC, 41, inspection_id=I_LATER, when=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    )
    n = 42  # a last source, after both in the file's order
    # (at another mine: two inspections of one mine on one day that record one danger are
    # warned of, and this run's stderr is about the merged file's sources)
    while _digest(last := findings(bob, NC, n, inspection_id=I_KEYS, **OTHER_MINE)) < max(
        _digest(copy), _digest(late)
    ):
        n += 1
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.toml").write_bytes(copy)  # read before the merged file
    # merged once its last source was signed (its own signing counts for no day)
    merged = make_merged(
        alice, [last, late, copy], store, created=dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
    )
    (docs / "j.toml").write_bytes(merged)
    digests = [x.split('"')[1] for x in merged.decode().splitlines() if x.startswith("sha256 =")]
    assert digests == sorted([_digest(copy), _digest(late), _digest(last)])
    assert digests[-1] == _digest(last)
    allowed = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    for day, seen in (("2026-11-30", ["14", "15"]), ("2026-12-01", ["12", "14", "15"])):
        args = [str(docs), "--allowed-signers", str(allowed), "--as-of", day, "--no-cache"]
        run = cli(["export", *args, "--format", "csv"])
        assert (run.exit_code, run.stderr) == (0, "")
        rows = list(csv.DictReader(io.StringIO(run.stdout)))
        assert sorted({r["inspection"][-2:] for r in rows}) == seen
        assert len(rows) == 3 * len(seen)
        run = cli(["summary", *args, "--format", "json"])
        assert (run.exit_code, run.stderr) == (0, "")
        data = json.loads(run.stdout)
        assert (data["scope"]["inspections"], data["headline"]["findings"]) == (
            len(seen),
            3 * len(seen),
        )
        assert data["documents"] == []


@pytest.mark.parametrize(
    ("after", "as_of", "said"),
    [
        (dt.timedelta(minutes=10), "2026-11-30", None),
        (dt.timedelta(minutes=10, seconds=1), "2026-11-30", "key-not-yet-valid"),
        # dated after the report's day too: not yet known, unless beyond the slack
        (dt.timedelta(minutes=10), "2026-11-28", "later"),
        (dt.timedelta(minutes=10, seconds=1), "2026-11-28", "key-not-yet-valid"),
    ],
)
def test_a_document_ten_minutes_ahead_of_the_clock_is_trusted_and_a_second_more_is_not(
    cli: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    after: dt.timedelta,
    as_of: str,
    said: str | None,
) -> None:
    from minecheck.core import seal

    _home(tmp_path, monkeypatch)
    now = dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)
    monkeypatch.setattr(seal, "clock", lambda: now)
    alice, bob = _alice_and_bob(tmp_path)
    alone = tmp_path / "alone"
    alone.mkdir()
    known = dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC)  # before either report's day
    (alone / "a.toml").write_bytes(findings(alice, NC, when=known))
    (alone / "b.toml").write_bytes(findings(bob, NC, 50, inspection_id=I_FUTURE, when=now + after))
    allowed = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    run = cli(
        [
            *("summary", str(alone), "--allowed-signers", str(allowed)),
            *("--as-of", as_of, "--format", "json", "--no-cache"),
        ]
    )
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    listed = [(Path(d["path"]).name, d["status"], d["reason"]) for d in data["documents"]]
    if said == "key-not-yet-valid":
        reason = (
            "created in the future: the document's created time is more than 10 minutes "
            "after this computer's clock"
        )
        assert listed == [("b.toml", said, reason)]
        assert run.stderr == f"minecheck: warning: {alone}/b.toml: left out: {said}: {reason}\n"
        assert data["headline"]["findings"] == 3
    else:
        assert (listed, run.stderr) == ([], "")
        assert data["headline"]["findings"] == (6 if said is None else 3)
