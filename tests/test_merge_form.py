"""A merged file as verify checks it (core/merge.py): its envelope's shape, its sources and
their verdicts, and the consolidated view; each line said in full as a reader meets it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest

from minecheck.core.seal import TRAILER_HEAD, seal, split
from minecheck.core.sshsig import NAMESPACE_FINDINGS as NS
from minecheck.core.sshsig import NAMESPACE_MERGED, sign
from minecheck.core.trust import TrustStore
from tests.conftest import Run
from tests.helpers_merge import (
    INSPECTION,
    Who,
    allowed_signers,
    findings,
    make_merged,
    person,
    store_for,
)


class Cli(Protocol):
    def __call__(self, args: Sequence[str], input: str | bytes | None = None) -> Run: ...


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("alice", "bob", "mallory")}


@dataclass
class World:
    people: dict[str, Who]
    work: Path

    @property
    def store(self) -> TrustStore:
        return store_for(self.people["alice"], self.people["bob"])

    @property
    def trust(self) -> list[str]:
        allowed = allowed_signers(
            self.work / "allowed_signers", self.people["alice"], self.people["bob"]
        )
        revoked = self.work / "revoked_keys"
        if not revoked.exists():
            revoked.write_text("", encoding="utf-8")
        return ["--allowed-signers", str(allowed), "--revoked-keys", str(revoked)]

    def merged(self, sources: Sequence[bytes]) -> bytes:
        return make_merged(self.people["alice"], sources, self.store)

    def resigned(self, merged: bytes, edit: Callable[[bytes], bytes]) -> bytes:
        """`merged` with its body edited and signed again by its merger, as is."""
        body, _ = split(merged)
        body = edit(body)
        armored = sign(self.people["alice"].signer, body, NAMESPACE_MERGED)
        return body + TRAILER_HEAD + armored.encode("ascii") + b"'''\n"

    def verify(self, cli: Cli, data: bytes, *more: str) -> tuple[int, str, str]:
        """(exit code, the merged file's line without its path, the rest of stdout)."""
        path = self.work / "m.toml"
        path.write_bytes(data)
        run = cli(["verify", *more, str(path), *self.trust])
        first, _, rest = run.stdout.partition("\n")
        return run.exit_code, first.replace(f"{path}: ", "", 1), rest.replace(str(path), "M")


@pytest.fixture
def world(people: dict[str, Who], tmp_path: Path) -> World:
    return World(people, tmp_path)


def alice_said(world: World, status: str, detail: str) -> str:
    alice = world.people["alice"]
    return f"{status}: {detail} ({alice.principal} {alice.fingerprint})"


# -- the envelope's shape ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "detail"),
    [
        (
            lambda body: body + b"[extra]\nx = 1\n\n",
            "unknown key 'extra' in a merged document",
        ),
        (
            lambda body: body.replace(b"source_count = 2\n", b"", 1),
            "a merged document needs source_count in [minecheck]",
        ),
        (
            lambda body: body.replace(b"source_count = 2\n", b"source_count = 1\n", 1),
            "source_count is 1, but the document holds 2 sources",
        ),
    ],
    ids=["an-unknown-table", "no-source-count", "a-wrong-source-count"],
)
def test_a_merged_envelope_of_another_shape_is_malformed(
    cli: Cli, world: World, edit: Callable[[bytes], bytes], detail: str
) -> None:
    alice, bob = world.people["alice"], world.people["bob"]
    merged = world.merged([findings(alice, ["compliant"] * 3), findings(bob, ["compliant"] * 3)])
    code, said, rest = world.verify(cli, world.resigned(merged, edit))
    assert (code, said, rest) == (1, alice_said(world, "malformed", detail), "")
    run = cli(["verify", "--json", str(world.work / "m.toml"), *world.trust])
    assert [(p["code"], p["message"], p["path"]) for p in run.json()["problems"]] == [
        ("merged", detail, str(world.work / "m.toml"))
    ]


def _tables_only(body: bytes) -> bytes:
    """The [minecheck] table of a merged body, its source_count 1, with no other table."""
    head = body[: body.index(b"\n[[") + 1]
    return head.replace(b"source_count = 2\n", b"source_count = 1\n") + b"\n"


@pytest.mark.parametrize(
    ("tables", "detail"),
    [
        (
            b'[source]\nsha256 = "x"\nfile = "y"\n\n',
            "source must be an array of tables",  # (there, of the wrong type: not "missing")
        ),
        (
            b'[[consolidated]]\nitem = "a"\n\n[[consolidated]]\nitem = "b"\n\n'
            b'[[source]]\nsha256 = "x"\nfile = "y"\n\n',
            "consolidated entry 1 is not inspection/item/result/by; "
            "consolidated entry 2 is not inspection/item/result/by",
        ),
        (
            b'[[source]]\nsha256 = 1\nfile = "y"\n\n[[source]]\nsha256 = "x"\n\n',
            "source 1 is not a table of sha256 and file; "
            "source 2 is not a table of sha256 and file",
        ),
    ],
    ids=["a-source-table-not-an-array", "two-bad-consolidated-entries", "two-bad-sources"],
)
def test_every_fault_of_a_merged_body_s_tables_is_said_once(
    cli: Cli, world: World, tables: bytes, detail: str
) -> None:
    alice, bob = world.people["alice"], world.people["bob"]
    merged = world.merged([findings(alice, ["compliant"] * 3), findings(bob, ["compliant"] * 3)])
    forged = world.resigned(merged, lambda body: _tables_only(body) + tables)
    assert world.verify(cli, forged) == (1, alice_said(world, "malformed", detail), "")


def test_two_versions_of_one_document_inside_a_merged_file_are_said(cli: Cli, world: World) -> None:
    """One signer's document in two versions (one id, other bytes), merged by hand: each source
    verifies, the file is malformed, and both sources are listed."""
    alice = world.people["alice"]
    first = findings(alice, ["compliant", "noncompliant", "compliant"])
    body, _ = split(first)
    second = seal(body.replace(b'"compliant"', b'"not-applicable"', 1), alice.signer, NS)
    code, said, rest = world.verify(cli, world.merged([first, second]))
    assert (code, said) == (
        1,
        alice_said(world, "malformed", "a source document appears more than once"),
    )
    trusted = f"trusted: signed by a trusted key ({alice.principal} {alice.fingerprint})"
    assert rest == f"  M#1: {trusted}\n  M#2: {trusted}\n"


# -- the sources' verdicts and the merged file's -----------------------------------------------


def _place(sources: Sequence[bytes], source: bytes) -> int:
    """A source's number inside the merged file (its place in sha256 order)."""
    return (
        sorted(hashlib.sha256(s).hexdigest() for s in sources).index(
            hashlib.sha256(source).hexdigest()
        )
        + 1
    )


@pytest.mark.parametrize("at", [1, 2])
def test_a_trusted_merger_s_file_is_as_bad_as_its_worst_source(
    cli: Cli, world: World, at: int
) -> None:
    """An unsigned source is worse than one by an unknown key (SPEC 3's order), first or second
    among the sources: the merged file takes its status, naming that source."""

    def sha(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    # the sha256 order decides the places: of 16 of each, the lowest of one kind and the highest
    # of the other stand in the order wanted (all but certainly: 1 in 600 million otherwise)
    unsigned_ones = [
        split(findings(world.people["alice"], ["compliant"] * 3, n))[0] for n in range(16)
    ]
    untrusted_ones = [findings(world.people["mallory"], ["compliant"] * 3, n) for n in range(16)]
    pick = (min, max) if at == 1 else (max, min)
    unsigned = pick[0](unsigned_ones, key=sha)
    untrusted = pick[1](untrusted_ones, key=sha)
    assert _place([unsigned, untrusted], unsigned) == at
    code, said, rest = world.verify(cli, world.merged([unsigned, untrusted]))
    detail = f"source {world.work / 'm.toml'}#{at} is unsigned: the document is not signed"
    assert (code, said) == (1, alice_said(world, "unsigned", detail))
    lines = rest.splitlines()
    assert lines[at - 1] == f"  M#{at}: unsigned: the document is not signed (alice@coal.example)"
    assert lines[2 - at].startswith(f"  M#{3 - at}: untrusted-key: ")


@pytest.mark.parametrize("signed", [True, False], ids=["a-trusted-source", "an-unsigned-source"])
def test_an_untrusted_merger_s_file_is_untrusted_whatever_its_sources(
    cli: Cli, world: World, signed: bool
) -> None:
    """The merger's own status is said first, but for a source with no signature or a bad
    one, which comes before it in SPEC 3's order (as summary and export name the file); its
    sources are listed with theirs."""
    mallory, alice = world.people["mallory"], world.people["alice"]
    source = findings(alice, ["compliant"] * 3)
    merged = make_merged(mallory, [source if signed else split(source)[0]], world.store)
    code, said, rest = world.verify(cli, merged)
    first = (
        "untrusted-key: the signing key is not in allowed_signers"
        if signed
        else f"unsigned: source {world.work / 'm.toml'}#1 is unsigned: the document is not signed"
    )
    assert (code, said) == (1, f"{first} ({mallory.principal} {mallory.fingerprint})")
    source_said = (
        f"trusted: signed by a trusted key ({alice.principal} {alice.fingerprint})"
        if signed
        else f"unsigned: the document is not signed ({alice.principal})"
    )
    assert rest == f"  M#1: {source_said}\n"


def test_of_two_damaged_sources_the_first_is_named(cli: Cli, world: World) -> None:
    sources = [b"", b"[minecheck]\r\n"]
    first = min(sources, key=lambda s: hashlib.sha256(s).hexdigest())
    reason = {
        b"": "the file is empty",
        b"[minecheck]\r\n": "the file contains a carriage return (CR): line endings were changed",
    }
    code, said, _ = world.verify(cli, world.merged(sources))
    detail = f"source {world.work / 'm.toml'}#1 is malformed: {reason[first]}"
    assert (code, said) == (1, alice_said(world, "malformed", detail))


def test_of_two_revoked_sources_the_first_is_named(cli: Cli, world: World) -> None:
    """Revoked since the merge: the merged file is revoked, naming its first revoked source."""
    bob, mallory = world.people["bob"], world.people["mallory"]
    sources = [findings(bob, ["compliant"] * 3), findings(mallory, ["compliant"] * 3)]
    merged = world.merged(sources)
    keys = [Path(f"{who.key}.pub").read_text("utf-8") for who in (bob, mallory)]
    (world.work / "revoked_keys").write_text("".join(keys), "utf-8")
    first = (bob, mallory)[_place(sources, sources[0]) - 1]
    code, said, _ = world.verify(cli, merged)
    detail = f"source {world.work / 'm.toml'}#1 is revoked: key {first.fingerprint} is revoked"
    assert (code, said) == (1, alice_said(world, "revoked", detail))


def test_two_mines_named_without_their_codes_are_said_to_differ(cli: Cli, world: World) -> None:
    """A site written without its code is still a site: two such names in one inspection's
    documents are two mines, said as such by merge."""
    alice, bob = world.people["alice"], world.people["bob"]
    a, b = world.work / "a.toml", world.work / "b.toml"
    a.write_bytes(findings(alice, ["compliant"] * 3, site_id=None))
    b.write_bytes(findings(bob, ["compliant"] * 3, site_id=None, site="Dongfeng mine"))
    signing = ["--key", str(alice.key), "--signer", alice.principal]
    out = world.work / "j.toml"
    run = cli(["merge", str(a), str(b), "-o", str(out), *signing, *world.trust])
    assert run.exit_code == 0, run.stderr
    assert (
        f"minecheck: warning: inspection {INSPECTION}: its documents name different sites: "
        "Demo mine; Dongfeng mine; an inspection is at one site (was an inspection id used "
        "again?)"
    ) in run.stderr.splitlines()
