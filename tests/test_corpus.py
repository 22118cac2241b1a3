"""The corpus loader: phase 1 is pure and picklable, phase 2 judges trust afresh every time."""

from __future__ import annotations

import datetime as dt
import pickle
import random
from pathlib import Path

import pytest

from minecheck.core.signers import parse_allowed_signers
from minecheck.core.trust import TrustStore
from minecheck.report.corpus import load_corpus, read_document_file
from tests.helpers_merge import Who, findings, make_merged, person, store_for

AS_OF = dt.date(2026, 12, 31)


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("alice", "bob", "mallory")}


def test_phase_one_is_picklable_and_does_not_judge_trust(people: dict[str, Who]) -> None:
    data = findings(people["mallory"], ["compliant", "noncompliant", "compliant"])
    result = read_document_file(data, "m.toml")
    assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301 - our own bytes
    assert result.outer.status == "signed"  # signature good; trust is phase 2's question
    corpus = load_corpus([result], store_for(people["alice"]), as_of=AS_OF)
    assert corpus.rows == ()
    assert [(d.path, d.status) for d in corpus.documents] == [("m.toml", "untrusted-key")]


def test_a_key_revoked_since_phase_one_is_never_trusted(people: dict[str, Who]) -> None:
    alice = people["alice"]
    cached = read_document_file(findings(alice, ["compliant"] * 3), "a.toml")
    trusting = store_for(alice)
    assert [d.status for d in load_corpus([cached], trusting, as_of=AS_OF).documents] == ["trusted"]
    revoked = TrustStore(trusting.allowed, frozenset({alice.signer.public_key.blob}))
    corpus = load_corpus([cached], revoked, as_of=AS_OF)
    assert [(d.status, d.reason) for d in corpus.documents] == [
        ("revoked", f"key {alice.fingerprint} is revoked")  # in verify's words
    ]
    assert corpus.rows == ()


def test_inside_a_merged_file_each_source_is_judged_on_its_own(people: dict[str, Who]) -> None:
    alice, mallory = people["alice"], people["mallory"]
    everyone = store_for(alice, people["bob"], mallory)
    a = findings(alice, ["compliant", "noncompliant", "compliant"])
    m = findings(mallory, ["noncompliant", "noncompliant", "compliant"])
    merged = read_document_file(make_merged(alice, [a, m], everyone), "j.toml")
    corpus = load_corpus([merged], store_for(alice), as_of=AS_OF)
    assert [(d.path[:7], d.status) for d in corpus.documents] == [
        ("j.toml", "trusted"),
        ("j.toml#", "untrusted-key"),  # the source's position depends on its bytes' sha256
    ]
    assert [(r.item, r.result, r.signers) for r in corpus.rows] == [
        ("gas-check-genuine", "compliant", ("alice@coal.example",)),
        ("gas-overlimit", "noncompliant", ("alice@coal.example",)),
        ("methane-return", "compliant", ("alice@coal.example",)),
    ]
    wide = load_corpus([merged], store_for(alice), as_of=AS_OF, include_untrusted=True)
    assert wide.rows[0].result == "inconsistent"
    assert wide.rows[0].trust == "untrusted-key"
    assert wide.rows[0].by == (
        "alice@coal.example: compliant",
        "mallory@coal.example: noncompliant",
    )
    # a merger nobody trusts: the whole file is left out
    by_mallory = read_document_file(make_merged(mallory, [a], everyone), "k.toml")
    corpus = load_corpus([by_mallory], store_for(alice), as_of=AS_OF)
    assert ([(d.path, d.status) for d in corpus.documents], corpus.rows) == (
        [("k.toml", "untrusted-key")],
        (),
    )


def test_include_untrusted_never_admits_unsigned_or_damaged(
    people: dict[str, Who], tmp_path: Path
) -> None:
    data = findings(people["alice"], ["compliant"] * 3)
    body = data[: data.rindex(b"[signature]\n")]
    (tmp_path / "unsigned.toml").write_bytes(body)
    (tmp_path / "bad.toml").write_bytes(data.replace(b"Demo mine", b"Demo mind"))
    files = sorted(tmp_path.iterdir())
    corpus = load_corpus(files, store_for(), as_of=AS_OF, include_untrusted=True)
    assert [(Path(d.path).name, d.status) for d in corpus.documents] == [
        ("bad.toml", "bad-signature"),
        ("unsigned.toml", "unsigned"),
    ]
    assert corpus.rows == ()


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("bob@coal.example {key}", "untrusted-key"),  # (no line names alice's key)
        ("someone@coal.example {key}", "principal-mismatch"),
        ('alice@coal.example namespaces="minecheck-merged-v1" {key}', "namespace-not-allowed"),
        ('alice@coal.example valid-before="20000101Z" {key}', "key-expired"),
        ('alice@coal.example valid-after="29990101Z" {key}', "key-not-yet-valid"),
    ],
)
def test_include_untrusted_admits_every_signed_but_untrusted_status(
    people: dict[str, Who], line: str, status: str
) -> None:
    """A document whose signature is good but whose key is not trusted for it, whatever the
    reason, is counted with --include-untrusted and marked so; without it, it is left out."""
    alice, bob = people["alice"], people["bob"]
    data = read_document_file(findings(alice, ["compliant", "noncompliant", "compliant"]), "a")
    named = bob if status == "untrusted-key" else alice
    key = " ".join(Path(f"{named.key}.pub").read_text().split()[:2])
    allowed, _ = parse_allowed_signers(line.format(key=key) + "\n", "allowed_signers")
    store = TrustStore(tuple(allowed))
    narrow = load_corpus([data], store, as_of=AS_OF)
    assert ([d.status for d in narrow.documents], narrow.rows) == ([status], ())
    wide = load_corpus([data], store, as_of=AS_OF, include_untrusted=True)
    assert [(r.item, r.result, r.trust) for r in wide.rows] == [
        ("gas-check-genuine", "compliant", status),
        ("gas-overlimit", "noncompliant", status),
        ("methane-return", "compliant", status),
    ]


def test_rows_do_not_depend_on_the_order_of_the_files(people: dict[str, Who]) -> None:
    store = store_for(people["alice"], people["bob"])
    results = [
        read_document_file(
            findings(people["alice"], ["compliant", "noncompliant", "compliant"]), "a"
        ),
        read_document_file(
            findings(people["bob"], ["noncompliant", "noncompliant", "compliant"]), "b"
        ),
        read_document_file(findings(people["bob"], ["compliant"] * 3, 1, site_id="X"), "c"),
    ]
    expected = load_corpus(results, store, as_of=AS_OF)
    for seed in range(5):
        shuffled = results[:]
        random.Random(seed).shuffle(shuffled)  # noqa: S311
        assert load_corpus(shuffled, store, as_of=AS_OF) == expected
