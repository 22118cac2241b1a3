"""Differential fuzzing: each of minecheck's fast paths against the reader it must agree with.

- `tomlio.parse_toml` with its compiled fast path against tomli (the reference reader): the
  same value (types, key order, a date-time's zone class) or the same problem, on TOML written
  from the grammar with its edge cases weighted (`tests/toml_grammar.py`), on such text edited,
  and on real signed bodies edited.
- The SSHSIG reader (`seal.examine` on a signed document) against `ssh-keygen -Y verify` with
  the same allowed_signers file and time: a document minecheck trusts, ssh-keygen verifies (the
  stock check of docs/security.md agrees); the signature's fields and its armor are damaged one
  by one (`tests/sshsig_mutations.py`). minecheck is stricter on purpose (the armor exactly as
  ssh-keygen writes it, sha512 alone, a canonical signature scalar): ssh-keygen accepting what
  minecheck refuses is no disagreement.
- The allowed_signers reader and the trust judgement against `ssh-keygen -Y verify`: for a file
  minecheck reads (it refuses more on purpose: see core/trust.py), a principal, a namespace and
  a time, minecheck trusts the signing key exactly when ssh-keygen verifies the signature
  (`tests/signers_grammar.py` writes the files: patterns, negations, quoted principals,
  options in any case, times around the one checked at). Likewise a revoked_keys file
  minecheck reads: the key is revoked for minecheck exactly when `ssh-keygen -Y verify -r`
  refuses a signature it otherwise verifies.
- The document reader's quick paths (`docschema._plainly_valid`, `_quick_finding`) against the
  full reader: `read_document` with and without them gives the same document and the same
  problems, word for word, over findings of every shape and value type (strings of any
  character, integers of any size, nan and infinities, dates and times, nested tables).
- The result cache (`report/corpus_cache`): a file's result encoded, decoded and encoded again
  gives the same bytes, and placed at a path it is the result placed there unencoded, over real
  signed documents (findings, follow-up, merged) damaged and signed anew.
- An event's time and a new deadline given as text (`followup --at`, a JSON events file)
  against the same text read as TOML (an events file in TOML): never an exception; the same
  instant whenever TOML reads an offset date-time that UTC can hold, the same day whenever it
  reads a local date (the text reader is more lenient on
  purpose: it takes what `datetime.fromisoformat` takes, for what a person types).

By default each target runs a small, fixed, derandomized set of examples, so the suite stays
fast and stable. For a real hunt, as in tests/test_fuzz.py:

    MINECHECK_FUZZ_EXAMPLES=200000 .venv/bin/pytest -n 0 -p no:cacheprovider \
        tests/test_fuzz_differential.py -k toml

Every disagreement found becomes a file under `tests/fuzz_regressions/<target>/`, replayed by
tests/test_fuzz.py (`CHECKS` there takes `DIFFERENTIAL_CHECKS` from here).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minecheck.core.documents import FINDING_TEXT_FIELDS
from minecheck.core.seal import TRAILER_HEAD, TRAILER_TAIL, examine, split
from minecheck.core.signers import format_ssh_time, parse_allowed_signers
from minecheck.core.sshsig import NAMESPACE_FINDINGS, NAMESPACE_MERGED, KeySigner, dearmor
from minecheck.core.trust import TrustStatus, TrustStore
from minecheck.errors import InputError
from tests.helpers_docs import CREATED, findings_body
from tests.signers_grammar import NAMESPACES, PRINCIPALS, TIMES, allowed_signers
from tests.sshsig_mutations import damaged_armor, damaged_blob
from tests.test_fuzz import mutated, retyped, signed, signed_anew
from tests.test_tomlio_fast import body, same_as_tomli
from tests.toml_grammar import date_time, document, edited

_LONG = os.environ.get("MINECHECK_FUZZ_EXAMPLES")
DIFFERENTIAL = settings(
    max_examples=int(_LONG) if _LONG else 200,
    derandomize=not _LONG,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)


def check_toml_fast(data: bytes) -> None:
    """The fast path and tomli give the same value, or the same problems."""
    same_as_tomli(data.decode("utf-8", "surrogatepass"))


# -- SSHSIG: examine against ssh-keygen -Y verify ----------------------------------------------

SSH_KEYGEN = shutil.which("ssh-keygen")
PRINCIPAL = "wang.wei@hlj.example"


@dataclass(frozen=True)
class SignedSeed:
    body: bytes
    blob: bytes  # the signature, as the tool made it
    allowed_signers: str
    store: TrustStore


@functools.cache
def sshsig_seed() -> SignedSeed:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from minecheck.core.seal import seal

    signer = KeySigner(Ed25519PrivateKey.from_private_bytes(bytes([7]) * 32))
    fingerprint = signer.public_key.fingerprint()
    document = seal(findings_body(PRINCIPAL, fingerprint), signer, NAMESPACE_FINDINGS)
    body_bytes, armored = split(document)
    assert armored is not None
    allowed = f"{PRINCIPAL} {signer.public_key.openssh()}\n"
    store = TrustStore(tuple(parse_allowed_signers(allowed, "allowed_signers")[0]))
    return SignedSeed(body_bytes, dearmor(armored), allowed, store)


def minecheck_says(seed: SignedSeed, armored: str) -> bool:
    """Does minecheck trust the seed's body under this armored signature?"""
    data = seed.body + TRAILER_HEAD + armored.encode() + TRAILER_TAIL
    verdict = examine(data, "doc.toml", seed.store, now=CREATED)
    return verdict.status == TrustStatus.TRUSTED


def keygen_says(seed: SignedSeed, armored: str, workdir: str) -> bool:
    """Does `ssh-keygen -Y verify` (the stock check) accept it, at the document's time?"""
    assert SSH_KEYGEN is not None
    folder = Path(workdir)
    (folder / "allowed_signers").write_text(seed.allowed_signers)
    (folder / "doc.sig").write_text(armored)
    args = ["-Y", "verify", "-f", str(folder / "allowed_signers"), "-I", PRINCIPAL]
    args += ["-n", NAMESPACE_FINDINGS, "-s", str(folder / "doc.sig")]
    args += ["-O", f"verify-time={format_ssh_time(CREATED)}"]
    env = {k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"}
    done = subprocess.run(
        [SSH_KEYGEN, *args], input=seed.body, capture_output=True, env=env, timeout=30, check=False
    )
    return done.returncode == 0


def check_sshsig(data: bytes) -> None:
    """An armored signature of the seed's body: trusted by minecheck only if ssh-keygen agrees."""
    armored = data.decode("utf-8", "surrogateescape")
    if minecheck_says(sshsig_seed(), armored):
        with tempfile.TemporaryDirectory() as workdir:
            assert keygen_says(sshsig_seed(), armored, workdir)


# -- trust: allowed_signers and the judgement against ssh-keygen -Y verify ---------------------


@dataclass(frozen=True)
class TrustSeed:
    body: bytes
    keys: tuple[str, ...]  # OpenSSH text: the signing key first, then another
    signer: KeySigner


@functools.cache
def trust_seed() -> TrustSeed:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    signer = KeySigner(Ed25519PrivateKey.from_private_bytes(bytes([8]) * 32))
    other = KeySigner(Ed25519PrivateKey.from_private_bytes(bytes([9]) * 32))
    keys = (signer.public_key.openssh(), other.public_key.openssh())
    return TrustSeed(sshsig_seed().body, keys, signer)


@functools.cache
def _signature(namespace: str) -> str:
    from minecheck.core.sshsig import sign

    return sign(trust_seed().signer, trust_seed().body, namespace)


def trust_case(allowed: str, principal: str, namespace: str, at: str) -> bytes:
    """A trust case as its regression file holds it (JSON)."""
    case = {"allowed_signers": allowed, "principal": principal, "namespace": namespace, "at": at}
    return json.dumps(case, ensure_ascii=False, indent=1).encode() + b"\n"


def trust_outcomes(data: bytes, workdir: str) -> tuple[bool, bool] | None:
    """(minecheck trusts, ssh-keygen verifies), or None if minecheck refuses the file."""
    case = json.loads(data)
    try:
        allowed, _ = parse_allowed_signers(case["allowed_signers"], "allowed_signers")
    except InputError:
        return None
    seed = trust_seed()
    at = dt.datetime.strptime(case["at"], "%Y%m%d%H%M%SZ").replace(tzinfo=dt.UTC)
    key = seed.signer.public_key
    ours = TrustStore(tuple(allowed)).judge(
        principal=case["principal"], namespace=case["namespace"], key=key, at=at
    )
    folder = Path(workdir)
    (folder / "allowed_signers").write_text(case["allowed_signers"])
    (folder / "doc.sig").write_text(_signature(case["namespace"]))
    assert SSH_KEYGEN is not None
    args = ["-Y", "verify", "-f", str(folder / "allowed_signers"), "-I", case["principal"]]
    args += [
        "-n",
        case["namespace"],
        "-s",
        str(folder / "doc.sig"),
        "-O",
        f"verify-time={at:%Y%m%d%H%M%S}Z",
    ]
    env = {k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"} | {"TZ": "UTC"}
    done = subprocess.run(
        [SSH_KEYGEN, *args], input=seed.body, capture_output=True, env=env, timeout=30, check=False
    )
    return ours == TrustStatus.TRUSTED, done.returncode == 0


def check_trust(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        found = trust_outcomes(data, workdir)
    if found is not None:
        ours, theirs = found
        assert ours == theirs, f"minecheck trusts: {ours}, ssh-keygen verifies: {theirs}"


# -- revoked keys against ssh-keygen -Y verify -r ---------------------------------------------


@st.composite
def revoked_file(draw: st.DrawFn) -> str:
    """A revoked_keys text: the signing key or another, spelled with comments, blanks, tabs,
    a key type of another case, an option in front, CRLF."""
    keys = trust_seed().keys
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(keys))
        line = draw(
            st.sampled_from(
                [
                    key,
                    f"{key} old laptop",
                    f"  {key}",
                    f"\t{key}\t",
                    f"{key}  ",
                    "# " + key,
                    "",
                    "   ",
                    "#",
                    key.replace("ssh-ed25519", "SSH-ED25519"),
                    f"cert-authority {key}",
                    key + "=",
                    key.split()[1],
                    f"{key}\r",
                ]
            )
        )
        lines.append(line)
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""]))


def check_revoked(data: bytes) -> None:
    """For a revoked_keys file minecheck reads, the signing key is revoked for minecheck exactly
    when `ssh-keygen -Y verify -r` refuses a signature it otherwise verifies."""
    from minecheck.core.signers import parse_revoked_keys

    try:
        revoked = parse_revoked_keys(data, "revoked_keys")
    except InputError:
        return
    seed = trust_seed()
    ours = seed.signer.public_key.blob in revoked
    assert SSH_KEYGEN is not None
    with tempfile.TemporaryDirectory() as workdir:
        folder = Path(workdir)
        (folder / "revoked_keys").write_bytes(data)
        (folder / "allowed_signers").write_text(f"{PRINCIPAL} {seed.keys[0]}\n")
        (folder / "doc.sig").write_text(_signature(NAMESPACE_FINDINGS))
        args = ["-Y", "verify", "-f", str(folder / "allowed_signers"), "-I", PRINCIPAL]
        args += ["-n", NAMESPACE_FINDINGS, "-s", str(folder / "doc.sig")]
        args += ["-r", str(folder / "revoked_keys")]
        env = {k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"}
        done = subprocess.run(
            [SSH_KEYGEN, *args],
            input=seed.body,
            capture_output=True,
            env=env,
            timeout=30,
            check=False,
        )
    assert ours == (done.returncode != 0), f"minecheck revoked: {ours}, ssh-keygen: {done}"


# -- the document reader: quick paths against the full reader ---------------------------------

_TEXT = st.one_of(
    st.sampled_from(["", "x", "gas-1", "AQ 1", "a.jpg", "%", "seal", "stop-work", "major"]),
    st.text(max_size=6),
    st.text(st.characters(categories=["Cs", "Cc", "Zl", "Zp", "Cf"]), max_size=3),
)
_NUMBER = st.one_of(
    st.integers(-3, 3),
    st.integers(),
    st.sampled_from([2**63, -(2**63) - 1, 2**1023, 2**1024, -(10**400), 10**308, 10**309]),
    st.floats(),
    st.booleans(),
)
_SCALAR = st.one_of(_TEXT, _NUMBER, st.dates(), st.datetimes(), st.times())
_FINDING_KEYS = ["item", "result", "severity", "basis", "deadline", "immediate", "reading",
                 "evidence", "severity_reason", "description", "location", "measures",
                 "responsible", "funds", "contingency", "enforcement", "note", "other"]  # fmt: skip


_VALID_TEXT = st.one_of(st.sampled_from(["x", "1201 working face", "煤"]), _TEXT)


@st.composite
def finding_table(draw: st.DrawFn) -> Any:
    """A finding valid or nearly so (the quick paths only take valid ones), then 0-2 of its
    values replaced by anything, keys dropped or added."""
    if draw(st.integers(0, 15)) == 0:
        return draw(st.one_of(_SCALAR, st.lists(_SCALAR, max_size=2)))
    result = draw(st.sampled_from(["compliant", "noncompliant", "not-applicable", "not-checked"]))
    raw: dict[str, Any] = {"item": draw(st.sampled_from(["gas-1", "gas-2", "vent-3"]))}
    raw["result"] = result
    if result == "noncompliant":
        raw["severity"] = draw(st.sampled_from(["major", "general"]))
        raw["basis"] = draw(st.lists(st.sampled_from(["AQ 1", "AQ 2"]), min_size=1, max_size=2))
        if draw(st.booleans()):
            raw["deadline"] = draw(st.dates())
        if draw(st.booleans()):
            raw["immediate"] = draw(st.lists(st.sampled_from(["seal", "stop-work"]), max_size=2))
        for k in draw(st.lists(st.sampled_from(FINDING_TEXT_FIELDS), max_size=3)):
            raw[k] = draw(_VALID_TEXT)
    if draw(st.booleans()):
        raw["note"] = draw(_VALID_TEXT)
    if draw(st.integers(0, 3)) == 0:
        reading = {"value": draw(_NUMBER), "unit": draw(_VALID_TEXT)}
        for k in draw(st.lists(st.sampled_from(["min", "max", "above", "below"]), max_size=2)):
            reading[k] = draw(_NUMBER)
        raw["reading"] = reading
    if draw(st.integers(0, 3)) == 0:
        entry = st.fixed_dictionaries(
            {
                "path": st.one_of(st.sampled_from(["a.jpg", "../a", "/a", "a/b.png"]), _TEXT),
                "sha256": st.sampled_from(["0" * 64, "a" * 64, "A" * 64, "0" * 63, ""]),
                "bytes": st.one_of(st.integers(0, 9), _NUMBER),
            }
        )
        raw["evidence"] = draw(st.lists(entry, max_size=2))
    for _ in range(draw(st.integers(0, 2))):
        action = draw(st.sampled_from(["replace", "drop", "add"]))
        if action == "replace":
            raw[draw(st.sampled_from(sorted(raw)))] = draw(_SCALAR)
        elif action == "drop" and raw:
            del raw[draw(st.sampled_from(sorted(raw)))]
        else:
            raw[draw(st.sampled_from(_FINDING_KEYS))] = draw(_SCALAR)
    return raw


def _findings_header() -> dict[str, Any]:
    import tomli

    return tomli.loads(sshsig_seed().body.decode())


def read_both_ways(findings: list[Any]) -> tuple[str, str]:
    """repr of (document, problems) read with the quick paths, and with the full reader alone."""
    from unittest import mock

    from minecheck.core import docschema

    def read() -> str:
        doc = _findings_header() | {"finding": copy.deepcopy(findings)}
        return repr(docschema.read_document(doc, None, "doc.toml", consume=True))

    quick = read()
    with (
        mock.patch.object(docschema, "_plainly_valid", return_value=None),
        mock.patch.object(docschema, "_quick_finding", return_value=None),
    ):
        full = read()
    return quick, full


def check_docschema(data: bytes) -> None:
    """A regression file holds a JSON list of finding tables (JSON can hold what TOML cannot,
    such as a lone surrogate); they read alike both ways."""
    quick, full = read_both_ways(json.loads(data))
    assert quick == full


# -- the result cache: encode, decode, encode --------------------------------------------------


@st.composite
def rewritten(draw: st.DrawFn) -> bytes:
    """The seed findings document with its findings' words, results, severities, dates and
    readings drawn anew, written by minecheck and signed: valid, so the cache meets content."""
    from minecheck.core.documents import FindingsDoc, ReadingValue
    from minecheck.core.seal import seal

    seeds = signed()
    document = examine(seeds.documents[0], "seed.toml", seeds.store).document
    assert isinstance(document, FindingsDoc)
    words = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["", "\x00", "\n\n", "'''"]))
    results = st.sampled_from(["compliant", "noncompliant", "not-applicable", "not-checked"])
    bound = st.one_of(st.none(), st.floats(0, 10))
    readings = st.one_of(
        st.none(),
        st.builds(
            ReadingValue, st.floats(-1e6, 1e6), st.sampled_from(["%", "mg/m3"]), st.none(), bound
        ),
    )
    days = st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(9000, 12, 31)))
    findings = []
    for i, f in enumerate(document.findings):
        result = draw(results)
        changed = dataclasses.replace(
            f, item=f"gas-{i}", result=result, note=draw(words), reading=draw(readings)
        )
        if result == "noncompliant":
            changed = dataclasses.replace(
                changed,
                severity=draw(st.sampled_from(["major", "general"])),
                basis=("AQ 1",),
                description=draw(words),
                location=draw(words),
                measures=draw(words),
                deadline=draw(days),
            )
        else:
            changed = dataclasses.replace(
                changed,
                severity_reason=None,
                description=None,
                location=None,
                measures=None,
                responsible=None,
                funds=None,
                contingency=None,
                enforcement=None,
                severity=None,
                basis=(),
                deadline=None,
                immediate=(),
            )
        findings.append(changed)
    body = dataclasses.replace(document, findings=tuple(findings)).to_toml()
    return seal(body, seeds.signer, NAMESPACE_FINDINGS)


def check_cache(data: bytes) -> None:
    from minecheck.report.corpus_cache import (
        Encoded,
        decode_at,
        decode_head,
        decode_result,
        encode_result,
        read_for_cache,
    )

    result = read_for_cache(data)
    blob = encode_result(result)
    decoded = decode_result(blob)
    assert decoded.result is not None
    assert encode_result(decoded.result) == blob
    for path in ("a.toml", "dir/b c.toml", "#1"):
        placed = Encoded(b"", result).located(path)
        assert encode_result(decode_at(blob, path)) == encode_result(placed)
        assert encode_result(decoded.located(path)) == encode_result(placed)
    head = decode_head(blob).result  # events as the fold reads them: no reviewers, few notes
    assert head is not None
    for kept, whole in zip(head.leaves, decoded.result.leaves, strict=True):
        assert dataclasses.replace(kept, events=()) == dataclasses.replace(
            whole, events=(), findings=(), plain=()
        )
        assert [(e.finding, e.action, e.at, e.method, e.new_deadline) for e in kept.events] == [
            (e.finding, e.action, e.at, e.method, e.new_deadline) for e in whole.events
        ]


# -- an event's time: as text (JSON, --at) and as TOML -----------------------------------------


def check_event_time(data: bytes) -> None:
    import tomli

    from minecheck.cli.followup import _when

    text = data.decode().strip()
    errors: list[str] = []
    ours = _when(text, "at", errors)  # never raises
    day_errors: list[str] = []
    day = _when(text, "new_deadline", day_errors)
    try:
        toml = tomli.loads(f"a = {text}\n")["a"]
    except tomli.TOMLDecodeError:
        return
    outside = f"'{text}' lies outside the years 1900 to 9000"
    if type(toml) is dt.date:  # a deadline: the same day, within the years every date keeps
        if 1900 <= toml.year <= 9000:
            assert (day, day_errors) == (toml, [])
        else:
            assert (day, day_errors) == (None, [f"new_deadline {outside}"])
    if isinstance(toml, dt.datetime) and toml.tzinfo is not None:
        try:
            expected = toml.astimezone(dt.UTC)
        except OverflowError:  # outside the years 1 to 9999 in UTC: refused as text too
            expected = None
        if expected is None or not 1900 <= expected.year <= 9000:
            assert (ours, errors) == (None, [f"at {outside}"])
            return
        assert (ours, errors) == (expected, [])


DIFFERENTIAL_CHECKS: dict[str, Callable[[bytes], None]] = {
    "toml_fast": check_toml_fast,
    "sshsig": check_sshsig,
    "trust": check_trust,
    "revoked": check_revoked,
    "docschema": check_docschema,
    "cache": check_cache,
    "event_time": check_event_time,
}


@DIFFERENTIAL
@given(st.one_of(document(), edited(document()), edited(st.just(body()))))
def test_toml_fast_path_reads_as_tomli(text: str) -> None:
    same_as_tomli(text)


@pytest.mark.skipif(SSH_KEYGEN is None, reason="ssh-keygen is not installed")
@settings(DIFFERENTIAL, max_examples=int(_LONG) if _LONG else 60)
@given(st.data())
def test_sshsig_reader_trusts_only_what_ssh_keygen_verifies(data: st.DataObject) -> None:
    seed = sshsig_seed()
    blob = data.draw(st.one_of(st.just(seed.blob), damaged_blob(seed.blob)))
    check_sshsig(data.draw(damaged_armor(blob)).encode())


@pytest.mark.skipif(SSH_KEYGEN is None, reason="ssh-keygen is not installed")
def test_the_sshsig_oracle_can_say_yes_and_no(tmp_path: Path) -> None:
    """The harness: the tool's own signature passes both; a changed byte passes neither."""
    from minecheck.core.sshsig import armor

    seed = sshsig_seed()
    good = armor(seed.blob)
    assert minecheck_says(seed, good)
    assert keygen_says(seed, good, str(tmp_path))
    bad = armor(seed.blob[:-1] + bytes([seed.blob[-1] ^ 1]))
    assert not minecheck_says(seed, bad)
    assert not keygen_says(seed, bad, str(tmp_path))


@pytest.mark.skipif(SSH_KEYGEN is None, reason="ssh-keygen is not installed")
@settings(DIFFERENTIAL, max_examples=int(_LONG) if _LONG else 60)
@given(
    allowed_signers(trust_seed().keys),
    st.sampled_from(PRINCIPALS),
    st.sampled_from(NAMESPACES),
    st.sampled_from([t.ljust(14, "0") + "Z" for t in TIMES[:7]]),
)
def test_trust_is_judged_as_ssh_keygen_judges(
    allowed: str, principal: str, namespace: str, at: str
) -> None:
    check_trust(trust_case(allowed, principal, namespace, at))


@DIFFERENTIAL
@given(st.lists(finding_table(), max_size=4))
def test_document_quick_paths_read_as_the_full_reader(findings: list[Any]) -> None:
    quick, full = read_both_ways(findings)
    assert quick == full


@DIFFERENTIAL
@given(
    st.one_of(
        st.sampled_from(signed().documents),
        rewritten(),
        mutated(signed().documents),
        st.tuples(
            st.one_of(mutated(signed().bodies), retyped(signed().bodies).map(lambda b: b + b"\n")),
            st.sampled_from((NAMESPACE_FINDINGS, NAMESPACE_MERGED)),
        ).map(lambda pair: signed_anew(*pair)),
    )
)
def test_cached_results_decode_to_what_was_encoded(data: bytes) -> None:
    check_cache(data)


@DIFFERENTIAL
@given(date_time())
def test_an_event_time_as_text_is_the_time_toml_reads(text: str) -> None:
    check_event_time(text.encode())


@pytest.mark.skipif(SSH_KEYGEN is None, reason="ssh-keygen is not installed")
@settings(DIFFERENTIAL, max_examples=int(_LONG) if _LONG else 40)
@given(revoked_file())
def test_revoked_keys_are_read_as_ssh_keygen_reads_them(text: str) -> None:
    check_revoked(text.encode())
