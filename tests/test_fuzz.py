"""Fuzzing every reader of untrusted input: a result or minecheck's own error, nothing else.

Targets: the checklist loader, the signed-document reader (`examine`, over mutations of real
signed documents, over random bytes, and over damaged bodies left unsigned or signed anew by a
trusted key so the reader behind the signature is reached), the allowed_signers and revoked_keys
parsers, the answers-file reader (TOML and JSON) and the key position scanner. Inputs are seeds
with bytes edited, TOML fragments spliced together, random bytes, and seeds parsed, retyped and
written back (well-formed TOML of the wrong shape). Each input runs under a real
time bound (a timer signal that raises `Hang`, which no `except Exception` can swallow) and a
memory bound (the tracemalloc peak against a multiple of the input's size plus a constant).

By default the run is small and deterministic (derandomized, no example database), so CI is
stable and the whole set takes well under two minutes. For a longer hunt:

    MINECHECK_FUZZ_EXAMPLES=20000 .venv/bin/pytest tests/test_fuzz.py

sets the number of examples per target and switches to random exploration (a new seed every
run; Hypothesis prints the failing input and how to reproduce it). Every crashing or hanging
input found becomes a file under `tests/fuzz_regressions/<target>/`, replayed by
`test_regressions_stay_fixed`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import json
import os
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from minecheck.core.checklist import Checklist, parse_checklist
from minecheck.core.documents import FOLLOWUP, Event, Evidence, FollowUpDoc, Header
from minecheck.core.seal import TRAILER_HEAD, TRAILER_TAIL, examine, seal
from minecheck.core.signers import parse_allowed_signers, parse_revoked_keys
from minecheck.core.sshsig import NAMESPACE_FINDINGS, NAMESPACE_MERGED, KeySigner, sign
from minecheck.core.tomlpos import key_positions
from minecheck.core.trust import TrustStatus, TrustStore
from minecheck.errors import MinecheckError
from minecheck.session.answers import ParsedAnswers, read_answers
from minecheck.session.rules import AnswerError, build_finding
from tests.conftest import DATA, REPO, within
from tests.helpers_docs import split_trailer
from tests.helpers_merge import Who, findings, make_merged

REGRESSIONS = Path(__file__).parent / "fuzz_regressions"
SECONDS_PER_INPUT = 10.0  # generous: the machine is shared; a hang is what this catches
MEMORY_FACTOR = 50  # bytes of Python allocation allowed per input byte ...
MEMORY_BASE = 16 * 1024 * 1024  # ... plus this much

_LONG = os.environ.get("MINECHECK_FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(_LONG) if _LONG else 150,
    derandomize=not _LONG,
    database=None,
    deadline=None,  # the timer below is the real bound; Hypothesis' deadline stops nothing
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
    # no "explain" phase: its tracer on top of a deep recursion in the code under test overflows
    # the C stack (a segmentation fault instead of the failure found)
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)


class Hang(BaseException):  # not an Exception: no `except Exception` can swallow it
    """An input took longer than SECONDS_PER_INPUT."""


def time_bound(seconds: float) -> contextlib.AbstractContextManager[None]:
    return within(seconds, error=Hang)


def bounded(call: Callable[[], Any], size: int) -> Any:
    """`call()` under the time and memory bounds; minecheck's own errors are a result too."""
    tracemalloc.start()
    try:
        with time_bound(SECONDS_PER_INPUT):
            try:
                result = call()
            except MinecheckError as exc:
                result = exc
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    limit = MEMORY_FACTOR * size + MEMORY_BASE
    assert peak <= limit, f"{peak} bytes allocated for {size} bytes of input (limit {limit})"
    return result


# -- inputs -----------------------------------------------------------------------------------

FRAGMENTS = (
    '"""',
    "'''",
    "\\",
    '\\"',
    '"',
    "'",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    ",",
    ".",
    "#",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\x00",
    "\x1b[31m",
    "\ufeff",
    "\u202e",
    "é",
    "煤",
    "true",
    "nan",
    "-inf",
    "1e400",
    "0x7f",
    "1979-05-27T07:32:00Z",
    "2026-02-30",
    "7" * 4301,
    "1" + "0" * 400,  # an integer no float holds (1e400)
    "\\u00e9",
    "\\U0010ffff",
    "\\x1b",
    "\\e",
    "[minecheck]\n",
    "[[finding]]\n",
    "[[section]]\n",
    "[[section.item]]\n",
    'format = "minecheck.findings/1"\n',
    "a = ",
    "a.b.c = ",
    '"k" = ',
    "[" * 200,
    "{a=" * 200,
    "a." * 3000,  # a long dotted key: work per part must not grow with the depth
    "[" + "a." * 3000,
    "-----BEGIN SSH SIGNATURE-----\n",
    "-----END SSH SIGNATURE-----\n",
    "[signature]\nsshsig = '''\n",
    "U1NIU0lH",
    'namespaces="',
    'valid-after="20260101Z"',
    "cert-authority ",
    "ssh-ed25519 ",
    "AAAAC3NzaC1lZDI1NTE5AAAA",
    "==",
)


def spliced(max_parts: int = 40) -> st.SearchStrategy[str]:
    """Text made of TOML-ish fragments and arbitrary characters, in any order."""
    part = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8))
    return st.lists(part, max_size=max_parts).map("".join)


@st.composite
def mutated(draw: st.DrawFn, seeds: Sequence[bytes]) -> bytes:
    """One of `seeds` with a few edits: bytes flipped, fragments inserted, ranges cut or doubled."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(("flip", "insert", "delete", "double", "truncate")))
        if kind == "flip" and pos < len(data):
            data[pos] = draw(st.integers(0, 255))
        elif kind == "insert":
            fragment = draw(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)))
            data[pos:pos] = fragment.encode("utf-8", "surrogatepass")
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 64))]
        elif kind == "double":
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 64))]
        elif kind == "truncate":
            del data[pos:]
    return bytes(data)


VALUES = st.one_of(
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.sampled_from(("major", "general", "compliant", "noncompliant", "CMHD-5.2", "", "x" * 300)),
    st.lists(st.one_of(st.integers(), st.text(max_size=6)), max_size=3),
    st.dictionaries(st.text(max_size=6), st.integers(), max_size=3),
)


def _places(node: Any) -> Iterator[tuple[Any, Any]]:
    """(container, key or index) for every value inside `node`."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        yield node, key
        if isinstance(value, dict | list):
            yield from _places(value)


@st.composite
def retyped(draw: st.DrawFn, seeds: Sequence[bytes]) -> bytes:
    """A seed TOML document, parsed, with a few values replaced, removed or added, written back:
    well-formed TOML whose structure is wrong in ways a schema reader must report."""
    import tomli_w

    doc = tomli.loads(draw(st.sampled_from(seeds)).split(b"[signature]\n")[0].decode())
    for _ in range(draw(st.integers(1, 3))):
        places = list(_places(doc))
        if not places:
            break
        parent, key = draw(st.sampled_from(places))
        action = draw(st.sampled_from(("replace", "remove", "add")))
        if action == "replace":
            parent[key] = draw(VALUES)
        elif action == "remove":
            del parent[key]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(VALUES)
    return tomli_w.dumps(doc).encode()


def as_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


# -- seeds: real files, made with minecheck's own writer and signing core ----------------------


@dataclasses.dataclass(frozen=True)
class Signed:
    documents: tuple[bytes, ...]
    bodies: tuple[bytes, ...]  # their unsigned bodies
    signer: KeySigner  # alice, trusted for every namespace
    store: TrustStore  # trusts the signers
    revoking: TrustStore  # the same, with the first signer's key revoked
    allowed_signers: bytes


def _who(name: str, seed: int) -> Who:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)
    return Who(f"{name}@coal.example", KeySigner(key), Path(name))


@functools.cache
def signed() -> Signed:
    alice, bob = _who("alice", 1), _who("bob", 2)
    lines = (
        f'{alice.principal} namespaces="minecheck-findings-v1,'
        f'minecheck-merged-v1",valid-after="20200101Z" {alice.signer.public_key.openssh()}\n'
        f"# a comment\n\n{bob.principal},*@mine.example {bob.signer.public_key.openssh()}\n"
    )
    allowed, _ = parse_allowed_signers(lines, "allowed_signers")
    store = TrustStore(tuple(allowed))
    revoking = TrustStore(tuple(allowed), frozenset({alice.signer.public_key.blob}))
    first = findings(alice, ("compliant", "noncompliant", "not-checked"))
    second = findings(bob, ("noncompliant", "compliant", "not-applicable"), n=1)
    when = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    header = Header(
        FOLLOWUP,
        "5e1c2a4e-8b3d-4f7a-9c2e-1d5b7a9e3f02",
        when,
        alice.principal,
        alice.signer.public_key.fingerprint(),
        "minecheck 0.1.0",
    )
    event = Event("3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e/gas-overlimit", "rectified", when, "done")
    followup = seal(FollowUpDoc(header, (event,)).to_toml(), alice.signer, NAMESPACE_FINDINGS)
    merged = make_merged(bob, [first, second], store)
    documents = (first, second, followup, merged)
    for document in documents:
        assert examine(document, "seed.toml", store).status == TrustStatus.TRUSTED
    bodies = tuple(split_trailer(document)[0] for document in documents)
    assert isinstance(alice.signer, KeySigner)
    return Signed(documents, bodies, alice.signer, store, revoking, lines.encode())


@functools.cache
def checklist_seeds() -> tuple[bytes, ...]:
    return (
        (DATA / "checklists" / "valid" / "mini-check.toml").read_bytes(),
        (REPO / "checklists" / "illegal-production.toml").read_bytes(),
    )


@functools.cache
def answers_seeds() -> tuple[bytes, ...]:
    return tuple(
        (DATA / "answers" / name).read_bytes() for name in ("mini-good.toml", "mini-good.json")
    )


def revoked_seed() -> bytes:
    keys = [_who(n, i).signer.public_key.openssh("old laptop") for i, n in enumerate("abc", 1)]
    return ("# revoked\n" + "\n".join(keys) + "\n\n").encode()


# -- the checks, one per target (the regression replay uses them too) --------------------------


def check_checklist(data: bytes) -> None:
    bounded(lambda: parse_checklist(data, "fuzz.toml", stem="fuzz"), len(data))


def check_document(data: bytes, *, edited: bool = True) -> None:
    seeds = signed()
    for store in (seeds.store, seeds.revoking):
        verdict = bounded(functools.partial(examine, data, "fuzz.toml", store), len(data))
        assert not isinstance(verdict, MinecheckError), verdict  # examine always judges
        if edited and verdict.status == TrustStatus.TRUSTED:  # nothing edited is ever trusted
            assert data in seeds.documents


def signed_anew(body: bytes, namespace: str) -> bytes:
    """`body` signed by a trusted key, whatever it holds: so the reader behind the signature
    meets hostile content too (a key holder can sign anything)."""
    armored = sign(signed().signer, body, namespace)
    return body + TRAILER_HEAD + armored.encode() + TRAILER_TAIL


def check_allowed_signers(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    bounded(lambda: parse_allowed_signers(text, "allowed_signers"), len(data))


def check_revoked_keys(data: bytes) -> None:
    bounded(lambda: parse_revoked_keys(data, "revoked_keys"), len(data))


def check_answers(data: bytes) -> None:
    """Read as TOML and as JSON; each answer read is then applied to its checklist item."""
    for name in ("fuzz.toml", "fuzz.json"):
        parsed = bounded(functools.partial(read_answers, data, name), len(data))
        if not isinstance(parsed, MinecheckError):
            bounded(functools.partial(apply_answers, parsed), len(data))


def apply_answers(parsed: ParsedAnswers) -> None:
    checklist = answers_checklist()
    for item_id, spec in parsed.answers.items():
        item = checklist.item(item_id)
        if item is not None:
            with contextlib.suppress(AnswerError):  # the walk's own refusal, shown to the user
                build_finding(item, spec, dt.date(2026, 12, 1), no_evidence)


def no_evidence(path: str) -> Evidence:
    raise AnswerError("no evidence files while fuzzing")


@functools.cache
def answers_checklist() -> Checklist:
    data = (DATA / "checklists" / "valid" / "mini-check.toml").read_bytes()
    return parse_checklist(data, "mini-check.toml", stem="mini-check")


def check_tomlpos(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    found = bounded(lambda: key_positions(text), len(data))
    assert isinstance(found, dict)
    lines = text.count("\n") + 1
    for line, column in found.values():
        assert 1 <= line <= lines
        assert column >= 1


CHECKS: dict[str, Callable[[bytes], None]] = {
    "checklist": check_checklist,
    "document": check_document,
    "allowed_signers": check_allowed_signers,
    "revoked_keys": check_revoked_keys,
    "answers": check_answers,
    "tomlpos": check_tomlpos,
}


def all_checks() -> dict[str, Callable[[bytes], None]]:
    """These targets' checks and the differential ones (tests/test_fuzz_differential.py)."""
    from tests.test_fuzz_differential import DIFFERENTIAL_CHECKS

    return CHECKS | DIFFERENTIAL_CHECKS


# -- the fuzz targets -------------------------------------------------------------------------


@FUZZ
@given(
    st.one_of(
        mutated(checklist_seeds()),
        retyped(checklist_seeds()),
        spliced().map(as_bytes),
        st.binary(max_size=256),
    )
)
def test_fuzz_checklist_loader(data: bytes) -> None:
    check_checklist(data)


@FUZZ
@given(st.one_of(mutated(signed().documents), st.binary(max_size=512)))
def test_fuzz_signed_document_reader(data: bytes) -> None:
    check_document(data)


@FUZZ
@given(
    st.one_of(mutated(signed().bodies), retyped(signed().bodies).map(lambda b: b + b"\n")),
    st.sampled_from((None, NAMESPACE_FINDINGS, NAMESPACE_MERGED)),
)
def test_fuzz_signed_bodies(body: bytes, namespace: str | None) -> None:
    """Damaged bodies, unsigned or signed anew: the document reader itself is reached."""
    check_document(body if namespace is None else signed_anew(body, namespace), edited=False)


@FUZZ
@given(st.one_of(mutated([signed().allowed_signers]), spliced().map(as_bytes)))
def test_fuzz_allowed_signers(data: bytes) -> None:
    check_allowed_signers(data)


@FUZZ
@given(st.one_of(mutated([revoked_seed()]), spliced().map(as_bytes), st.binary(max_size=128)))
def test_fuzz_revoked_keys(data: bytes) -> None:
    check_revoked_keys(data)


@FUZZ
@given(
    st.one_of(
        mutated(answers_seeds()),
        retyped(answers_seeds()[:1]),
        retyped(answers_seeds()[:1]).map(
            lambda b: json.dumps(tomli.loads(b.decode()), default=str).encode()
        ),
        spliced().map(as_bytes),
        st.binary(max_size=128),
    )
)
def test_fuzz_answers_reader(data: bytes) -> None:
    check_answers(data)


@FUZZ
@given(
    st.one_of(
        spliced(80).map(as_bytes),
        mutated(checklist_seeds()[:1] + answers_seeds()[:1] + signed().documents[:1]),
    )
)
def test_fuzz_position_scanner(data: bytes) -> None:
    check_tomlpos(data)


# -- what earlier runs (and the attack run before them) found ----------------------------------


def _regressions() -> list[Path]:
    return sorted(p for p in REGRESSIONS.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    "path", _regressions(), ids=lambda p: str(Path(p).relative_to(REGRESSIONS))
)
def test_regressions_stay_fixed(path: Path) -> None:
    all_checks()[path.parent.name](path.read_bytes())


def test_every_regression_names_a_target() -> None:
    assert _regressions(), "the regression corpus is empty"
    assert {p.parent.name for p in _regressions()} <= set(all_checks())


def test_the_bounds_catch_a_hang_and_a_blow_up() -> None:
    """The harness itself: a loop that never ends and an allocation out of bounds both fail."""

    def spin() -> None:
        while True:
            pass

    with pytest.raises(Hang), time_bound(0.2):
        spin()
    with pytest.raises(AssertionError, match="bytes allocated for 10 bytes of input"):
        bounded(lambda: bytearray(MEMORY_BASE + 1000), 10)
    assert isinstance(bounded(lambda: json.loads("[1]"), 3), list)
