"""Trust files and the trust judgement, checked line by line and against the real ssh-keygen."""

from __future__ import annotations

import errno
import itertools
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.krl import KRL_MAGIC
from minecheck.core.signers import (
    MAX_TRUST_FILE_BYTES,
    AllowedSigner,
    format_ssh_time,
    match_pattern_list,
    parse_allowed_signers,
    parse_revoked_keys,
)
from minecheck.core.sshsig import NAMESPACE_FINDINGS, NAMESPACE_MERGED, PublicKey
from minecheck.core.trust import TrustStatus, TrustStore, judge, load_trust
from minecheck.errors import InputError, Problem

KEY = PublicKey(bytes(range(32)))
OTHER = PublicKey(bytes([7] * 32))
K = KEY.openssh("a comment")
UTC_2025 = datetime(2025, 1, 1, tzinfo=UTC)
PLUS_8 = timezone(timedelta(hours=8))


def utc(text: str) -> datetime:
    """`YYYYMMDDHHMMSSZ` as an aware datetime."""
    return datetime.strptime(text, "%Y%m%d%H%M%SZ").replace(tzinfo=UTC)


def parse_one(line: str) -> AllowedSigner:
    signers, warnings = parse_allowed_signers(line + "\n", "allowed")
    assert warnings == []
    assert len(signers) == 1
    return signers[0]


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(InputError) as info:
        parse_allowed_signers(text, "allowed")
    return list(info.value.problems)


# -- parsing allowed signers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "principals", "namespaces", "after", "before"),
    [
        (f"al@x {K}", ("al@x",), None, None, None),
        (
            f"al@x,*@y,!bad@y,a?@z {K} two words",
            ("al@x", "*@y", "!bad@y", "a?@z"),
            None,
            None,
            None,
        ),
        (f'"al x@y,b@y" {K}', ("al x@y", "b@y"), None, None, None),
        (f" \tal@x \t {KEY.openssh()}", ("al@x",), None, None, None),
        (f'al@x namespaces="minecheck-*,!x" {K}', ("al@x",), ("minecheck-*", "!x"), None, None),
        (f'al@x namespaces="" {K}', ("al@x",), ("",), None, None),
        (f'al@x namespaces="a b,c" {K}', ("al@x",), ("a b", "c"), None, None),
        (
            f'al@x NAMESPACES="a",Valid-After="20250101Z",valid-before="202506301230Z" {K}',
            ("al@x",),
            ("a",),
            utc("20250101000000Z"),
            utc("20250630123000Z"),
        ),
        (f'al@x valid-after="20250101123456z" {K}', ("al@x",), None, utc("20250101123456Z"), None),
        (f'al@x valid-before="19700101000001Z" {K}', ("al@x",), None, None, utc("19700101000001Z")),
    ],
)
def test_good_lines(
    line: str,
    principals: tuple[str, ...],
    namespaces: tuple[str, ...] | None,
    after: datetime | None,
    before: datetime | None,
) -> None:
    assert parse_one(line) == AllowedSigner(principals, KEY, namespaces, after, before, 1)


def test_comments_blank_lines_and_line_numbers() -> None:
    text = f"# a comment\n\n   \n  # indented comment\nal@x {K}\nbo@x {OTHER.openssh()}"
    signers, warnings = parse_allowed_signers(text, "allowed")
    assert [(s.principals, s.key, s.line) for s in signers] == [
        (("al@x",), KEY, 5),
        (("bo@x",), OTHER, 6),
    ]
    assert warnings == []


def test_empty_file() -> None:
    assert parse_allowed_signers("", "allowed") == ([], [])


MISSING_KEY = "missing key; expected [options] ssh-ed25519 <base64> [comment]"
BAD_LINES = [
    (f"al@x foo {K}", 6, "bad-option", 'unknown option "foo"'),
    (f"al@x no-touch-required {K}", 6, "bad-option", 'unknown option "no-touch-required"'),
    (f"al@x no-X11-forwarding {K}", 6, "bad-option", 'unknown option "no-X11-forwarding"'),
    # a line that ends inside its options: said, never an index past its end
    ("al@x cert-authority", 20, "missing-public-key", MISSING_KEY),
    ('"al@x"', 7, "missing-public-key", MISSING_KEY),
    ("al@x namespaces", 6, "bad-option", 'option "namespaces" needs a value'),
    (
        "al@x valid-after=",
        18,
        "bad-option",
        'the value of option "valid-after" must be in double quotes',
    ),
    (  # ssh-keygen reads `\"` as a quote inside the value: refused, at the backslash
        f'al@x namespaces="a\\b" {K}',
        19,
        "bad-option",
        'a backslash is not allowed in the value of option "namespaces"',
    ),
    (
        f"al@x valid-after=20250101Z {K}",
        18,
        "bad-option",
        'the value of option "valid-after" must be in double quotes',
    ),
    (f"al@x namespaces {K}", 6, "bad-option", 'option "namespaces" needs a value'),
    (f'al@x namespaces="a {K}', 17, "bad-option", 'unterminated quote in option "namespaces"'),
    (f'al@x namespaces="a"x {K}', 20, "bad-option", "unexpected 'x' after option \"namespaces\""),
    (f'al@x namespaces="a", {K}', 21, "bad-option", 'expected an option after ","'),
    (f'al@x namespaces="a",,cert-authority {K}', 21, "bad-option", 'expected an option after ","'),
    (f'al@x ="a" {K}', 6, "bad-option", "empty option"),
    (
        f'al@x namespaces="a",namespaces="b" {K}',
        21,
        "bad-option",
        'option "namespaces" is given twice',
    ),
    (f'al@x cert-authority="yes" {K}', 6, "bad-option", 'option "cert-authority" takes no value'),
    (
        f'al@x valid-after="20250101" {K}',
        19,
        "bad-time",
        'valid-after time "20250101" must end in Z (UTC), e.g. "20250101Z"; '
        "local times are not accepted",
    ),
    (
        f'al@x valid-before="202501011200" {K}',
        20,
        "bad-time",
        'valid-before time "202501011200" must end in Z (UTC), e.g. "202501011200Z"; '
        "local times are not accepted",
    ),
    (
        f'al@x valid-after="2025010112Z" {K}',
        19,
        "bad-time",
        'invalid valid-after time "2025010112Z"; expected YYYYMMDD[HHMM[SS]]Z',
    ),
    (
        f'al@x valid-after="20250101UTC" {K}',
        19,
        "bad-time",
        'invalid valid-after time "20250101UTC"; expected YYYYMMDD[HHMM[SS]]Z',
    ),
    (
        f'al@x valid-after="２０２５０１０１Z" {K}',
        19,
        "bad-time",
        'invalid valid-after time "２０２５０１０１Z"; expected YYYYMMDD[HHMM[SS]]Z',
    ),
    (
        f'al@x valid-after="20250230Z" {K}',
        19,
        "bad-time",
        'invalid valid-after time "20250230Z": no such date or time',
    ),
    (
        f'al@x valid-after="20250101235960Z" {K}',
        19,
        "bad-time",
        'invalid valid-after time "20250101235960Z": no such date or time',
    ),
    (
        f'al@x valid-after="19700101Z" {K}',
        19,
        "bad-time",
        'valid-after time "19700101Z" must be later than 19700101000000Z',
    ),
    (
        f'al@x valid-after="20250101Z",valid-before="20250101000000Z" {K}',
        30,
        "bad-option",
        "valid-before must be later than valid-after",
    ),
    (
        f'al@x valid-before="20250101Z",valid-after="20250102Z" {K}',
        6,
        "bad-option",
        "valid-before must be later than valid-after",
    ),
    (
        "al@x ssh-rsa AAAAB3NzaC1yc2E",
        6,
        "unsupported-key-type",
        'key type "ssh-rsa" is not supported; only ssh-ed25519 keys are supported',
    ),
    (
        'al@x namespaces="a" ecdsa-sha2-nistp256 AAAA',
        21,
        "unsupported-key-type",
        'key type "ecdsa-sha2-nistp256" is not supported; only ssh-ed25519 keys are supported',
    ),
    (
        "al@x sk-ssh-ed25519@openssh.com AAAA",
        6,
        "unsupported-key-type",
        'key type "sk-ssh-ed25519@openssh.com" is not supported; '
        "only ssh-ed25519 keys are supported",
    ),
    (
        f'al@x namespaces="a" comment {K}',
        21,
        "bad-key",
        'expected key type ssh-ed25519, found "comment"',
    ),
    (
        "al@x ssh-ed25519 AAAA!!!!",
        18,
        "bad-key",
        "invalid ssh-ed25519 key: the key's base64 is not valid",
    ),
    (
        f"al@x ssh-ed25519 {OTHER.openssh().split()[1][:-1]}",
        18,
        "bad-key",
        "invalid ssh-ed25519 key: the key's base64 is not valid",
    ),
    (
        "al@x ssh-ed25519 AAAA",
        18,
        "bad-key",
        "invalid ssh-ed25519 key: truncated: a length runs past the end of the data",
    ),
    ("al@x ssh-ed25519", 17, "missing-public-key", "missing base64 key data after ssh-ed25519"),
    ("al@x ssh-ed25519  ", 19, "missing-public-key", "missing base64 key data after ssh-ed25519"),
    (
        "al@x",
        5,
        "missing-public-key",
        "missing key; expected [options] ssh-ed25519 <base64> [comment]",
    ),
    (
        'al@x namespaces="a"',
        20,
        "missing-public-key",
        "missing key; expected [options] ssh-ed25519 <base64> [comment]",
    ),
    (K, 1, "bad-principals", "the line starts with a key type; principals come first"),
    (f'"al@x {K}', 1, "bad-principals", "unterminated quote in the principals"),
    (f'"al@x"x {K}', 7, "bad-principals", "expected a space after the quoted principals"),
    (f'"" {K}', 1, "bad-principals", "empty principals"),
    (f'al"x y" {K}', 3, "bad-principals", "a quote may only enclose the whole principals field"),
    (f"al@x {K}\r", 5 + len(K) + 1, "cr", "carriage return (CR) found; use LF line endings only"),
    (f"al\x00@x {K}", 3, "control-character", "control character U+0000 is not allowed"),
    (
        f"al@x {K}\x1b[2J",
        5 + len(K) + 1,
        "control-character",
        "control character U+001B is not allowed",
    ),
    (f"al@x\x7f {K}", 5, "control-character", "control character U+007F is not allowed"),
    (  # a tab is a separator; of two bad characters, the first is said
        f"al@x\t{K}\x01\r",
        5 + len(K) + 1,
        "control-character",
        "control character U+0001 is not allowed",
    ),
    (
        f'al@x cert-authority"x" {K}',
        20,
        "bad-option",
        'unexpected \'"\' after option "cert-authority"',
    ),
]


@pytest.mark.parametrize(("line", "column", "code", "message"), BAD_LINES)
def test_each_malformed_line_gives_its_exact_problem(
    line: str, column: int, code: str, message: str
) -> None:
    text = f"# header\n{line}\n"
    with pytest.raises(InputError) as info:
        parse_allowed_signers(text, "trust/allowed_signers")
    assert info.value.problems == (Problem(code, message, "trust/allowed_signers", 2, column),)
    assert (
        info.value.message == "trust/allowed_signers: 1 malformed line in the allowed signers file"
    )
    assert info.value.code == "allowed-signers-invalid"


def test_every_malformed_line_is_reported_at_once() -> None:
    text = "\n".join(
        [
            f"al@x {K}",
            f"al@x foo {K}",
            "# fine",
            f'al@x valid-after="20250101" {K}',
            "al@x ssh-rsa AAAA",
            f"bo@x {K}",
            "al@x",
        ]
    )
    problems = problems_of(text)
    assert [(p.line, p.column, p.code) for p in problems] == [
        (2, 6, "bad-option"),
        (4, 19, "bad-time"),
        (5, 6, "unsupported-key-type"),
        (7, 5, "missing-public-key"),
    ]
    assert all(p.path == "allowed" for p in problems)
    with pytest.raises(InputError) as info:
        parse_allowed_signers(text, "allowed")
    assert info.value.message == "allowed: 4 malformed lines in the allowed signers file"


def test_a_malformed_cert_authority_line_is_still_an_error() -> None:
    problems = problems_of(f'*@x cert-authority,namespaces="a {K}')
    assert [(p.line, p.column, p.code) for p in problems] == [(1, 31, "bad-option")]


def test_cert_authority_lines_are_skipped_with_a_warning() -> None:
    text = (
        f'al@x {K}\n*@x CERT-AUTHORITY {OTHER.openssh()}\n*@y namespaces="a",cert-authority {K}\n'
    )
    signers, warnings = parse_allowed_signers(text, "allowed")
    assert [s.line for s in signers] == [1]
    message = "cert-authority line skipped: certificates are not supported"
    assert warnings == [
        Problem("cert-authority-skipped", message, "allowed", 2, 5),
        Problem("cert-authority-skipped", message, "allowed", 3, 20),
    ]


# -- revoked keys -------------------------------------------------------------------------------


def test_revoked_keys_are_key_blobs() -> None:
    data = f"# revoked 2025-01-01\n\n  {K}\n{OTHER.openssh()}\n{K}\n".encode()
    assert parse_revoked_keys(data, "revoked") == frozenset({KEY.blob, OTHER.blob})
    assert parse_revoked_keys(b"", "revoked") == frozenset()


@pytest.mark.parametrize(
    ("line", "column", "code", "message"),
    [
        (f"al@x {K}", 1, "bad-key", 'expected key type ssh-ed25519, found "al@x"'),
        (
            "ssh-rsa AAAAB3NzaC1yc2E",
            1,
            "unsupported-key-type",
            'key type "ssh-rsa" is not supported; only ssh-ed25519 keys are supported',
        ),
        ("ssh-ed25519", 12, "missing-public-key", "missing base64 key data after ssh-ed25519"),
        (
            "  ssh-ed25519 not-base64",
            15,
            "bad-key",
            "invalid ssh-ed25519 key: the key's base64 is not valid",
        ),
        (  # a terminal escape in a comment, as in allowed_signers
            f"{K} old\x1b[2J",
            len(K) + 5,
            "control-character",
            "control character U+001B is not allowed",
        ),
    ],
)
def test_malformed_revoked_keys(line: str, column: int, code: str, message: str) -> None:
    data = f"{K}\n{line}\n".encode()
    with pytest.raises(InputError) as info:
        parse_revoked_keys(data, "revoked")
    assert info.value.problems == (Problem(code, message, "revoked", 2, column),)
    assert info.value.message == "revoked: 1 malformed line in the revoked keys file"
    assert info.value.code == "revoked-keys-invalid"


def test_every_malformed_revoked_line_is_reported() -> None:
    with pytest.raises(InputError) as info:
        parse_revoked_keys(f"bad\n{K}\nssh-ed25519\n".encode(), "revoked")
    assert [(p.line, p.code) for p in info.value.problems] == [
        (1, "bad-key"),
        (3, "missing-public-key"),
    ]


def test_a_damaged_krl_is_refused() -> None:
    with pytest.raises(InputError) as info:
        parse_revoked_keys(KRL_MAGIC + b"\x00\x00\x00\x01\xff\xfe", "revoked")
    assert info.value.message == (
        "revoked: a key revocation list (KRL) that cannot be read: the KRL is truncated or damaged"
    )
    assert info.value.code == "revoked-keys-invalid"
    assert info.value.problems == (
        Problem("krl-invalid", "the KRL is truncated or damaged", "revoked", 1, 1),
    )


def test_revoked_keys_must_not_hold_cr() -> None:
    with pytest.raises(InputError) as info:
        parse_revoked_keys(f"{K}\r\n".encode(), "revoked")
    assert info.value.message == "revoked has a carriage return (CR) byte"
    assert [(p.code, p.line, p.column) for p in info.value.problems] == [("cr", 1, len(K) + 1)]


def test_revoked_keys_must_be_utf8() -> None:
    with pytest.raises(InputError) as info:
        parse_revoked_keys(f"{K}\n\xff\n".encode("latin-1"), "revoked")
    assert [(p.code, p.line, p.column) for p in info.value.problems] == [("not-utf8", 2, 1)]


# -- patterns -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "patterns", "expected"),
    [
        ("al@x", "al@x", True),
        ("al@x", "AL@x", False),
        ("AL@x", "al@x", False),
        ("al@x", "al@xy", False),
        ("al@xy", "al@x", False),
        ("al@x", "*", True),
        ("", "*", True),
        ("", "", True),
        ("al@x", "", False),
        ("al@x", "*@x", True),
        ("al@y", "*@x", False),
        ("al@x", "a?@x", True),
        ("a@x", "a?@x", False),
        ("all@x", "a?@x", False),
        ("al@x", "a*l*@*x", True),
        ("aaaa@x", "*a*a*a*a*@x", True),
        ("aaa@x", "*a*a*a*a*@x", False),
        ("al@x", "bo@x,al@x", True),
        ("al@x", "bo@x,cy@x", False),
        ("al@x", "*@x,!al@x", False),
        ("al@x", "!al@x,*@x", False),
        ("bo@x", "*@x,!al@x", True),
        ("bo@x", "!al@x", False),
        ("!al@x", "!!al@x", False),
        ("!al@x", "\\!al@x", False),
        ("al@x", "al@x,", True),
        ("", "al@x,", True),
        ("", "al@x,!", False),
        ("a,b", "a,b", False),
        ("王@x", "?@x", False),
        ("王@x", "???@x", True),
        ("王@x", "*@x", True),
        ("al@x", "a" * 1023 + ",al@x", False),
        ("al@x", "al@x," + "a" * 1022, True),
    ],
)
def test_match_pattern_list(name: str, patterns: str, expected: bool) -> None:
    assert match_pattern_list(name, patterns) is expected


# -- the judgement without ssh-keygen -----------------------------------------------------------


def signers(text: str) -> list[AllowedSigner]:
    return parse_allowed_signers(text.format(k=K, o=OTHER.openssh()), "allowed")[0]


WINDOW = 'al@x valid-after="20250101Z",valid-before="20250630120000Z" {k}'


@pytest.mark.parametrize(
    ("text", "principal", "namespace", "at", "expected"),
    [
        ("al@x {o}", "al@x", NAMESPACE_FINDINGS, UTC_2025, TrustStatus.UNTRUSTED_KEY),
        ("bo@x {k}", "al@x", NAMESPACE_FINDINGS, UTC_2025, TrustStatus.PRINCIPAL_MISMATCH),
        (
            'al@x namespaces="x" {k}',
            "al@x",
            NAMESPACE_FINDINGS,
            UTC_2025,
            TrustStatus.NAMESPACE_NOT_ALLOWED,
        ),
        (
            'bo@x {k}\nal@x namespaces="x",valid-before="20200101Z" {k}',
            "al@x",
            NAMESPACE_FINDINGS,
            UTC_2025,
            TrustStatus.NAMESPACE_NOT_ALLOWED,
        ),
        (WINDOW, "al@x", NAMESPACE_FINDINGS, utc("20250101000000Z"), TrustStatus.TRUSTED),
        (
            WINDOW,
            "al@x",
            NAMESPACE_FINDINGS,
            utc("20250101000000Z") - timedelta(microseconds=1),
            TrustStatus.KEY_NOT_YET_VALID,
        ),
        (
            WINDOW,
            "al@x",
            NAMESPACE_FINDINGS,
            utc("20250630120000Z") + timedelta(microseconds=999_999),
            TrustStatus.TRUSTED,
        ),
        (
            WINDOW,
            "al@x",
            NAMESPACE_FINDINGS,
            utc("20250630120001Z"),
            TrustStatus.KEY_EXPIRED,
        ),
        (
            WINDOW,
            "al@x",
            NAMESPACE_FINDINGS,
            datetime(2025, 6, 30, 20, 0, tzinfo=PLUS_8),
            TrustStatus.TRUSTED,
        ),
        (
            WINDOW,
            "al@x",
            NAMESPACE_FINDINGS,
            datetime(2025, 6, 30, 20, 0, 1, tzinfo=PLUS_8),
            TrustStatus.KEY_EXPIRED,
        ),
        (
            'al@x valid-before="20240101Z" {k}\nal@x valid-after="20260101Z" {k}',
            "al@x",
            NAMESPACE_FINDINGS,
            UTC_2025,
            TrustStatus.KEY_EXPIRED,
        ),
        (
            'al@x valid-after="20260101Z" {k}\nal@x valid-before="20240101Z" {k}',
            "al@x",
            NAMESPACE_FINDINGS,
            UTC_2025,
            TrustStatus.KEY_EXPIRED,
        ),
        (
            'al@x valid-after="20260101Z" {k}',
            "al@x",
            NAMESPACE_FINDINGS,
            UTC_2025,
            TrustStatus.KEY_NOT_YET_VALID,
        ),
    ],
)
def test_judge(
    text: str, principal: str, namespace: str, at: datetime, expected: TrustStatus
) -> None:
    allowed = signers(text)
    assert judge(
        allowed, frozenset(), principal=principal, namespace=namespace, key=KEY, at=at
    ) is (expected)
    store = TrustStore(tuple(allowed))
    assert store.judge(principal=principal, namespace=namespace, key=KEY, at=at) is expected


def test_a_store_looks_only_at_the_lines_naming_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A province's file holds thousands of keys and a batch hundreds of signers: the store
    finds a key's lines by the key (no comparison with every line's key per signer), and
    judges as `judge` does, the lines of the key in file order."""
    others = [PublicKey(bytes([n % 256, n // 256]) + bytes(30)) for n in range(2, 2002)]
    text = "\n".join(
        [f"p{n}@x {key.openssh()}" for n, key in enumerate(others)]
        + [
            'al@x valid-before="20240101Z" {k}',
            "bo@x {k}",
            'al@x namespaces="other" {k}',
            'al@x valid-after="20260101Z" {k}',
        ]
    )
    store = TrustStore(tuple(signers(text)))
    asked = [("al@x", NAMESPACE_FINDINGS), ("bo@x", NAMESPACE_MERGED), ("cy@x", "x")]
    expected = [
        judge(store.allowed, frozenset(), principal=p, namespace=ns, key=KEY, at=UTC_2025)
        for p, ns in asked
    ]
    assert expected == [
        TrustStatus.KEY_EXPIRED,
        TrustStatus.TRUSTED,
        TrustStatus.PRINCIPAL_MISMATCH,
    ]
    compared = []

    def counting_eq(self: PublicKey, other: object) -> bool:
        compared.append(other)
        return isinstance(other, PublicKey) and self.raw == other.raw

    monkeypatch.setattr(PublicKey, "__eq__", counting_eq)
    got = [
        store.judge(principal=p, namespace=ns, key=key, at=UTC_2025)
        for p, ns in asked
        for key in (KEY, others[7])
    ]
    assert got[::2] == expected
    assert got[1::2] == [TrustStatus.PRINCIPAL_MISMATCH] * 3
    assert store.judge(principal="p7@x", namespace="x", key=others[7], at=UTC_2025) is (
        TrustStatus.TRUSTED
    )
    assert compared == []


def test_a_store_remembers_the_lines_but_judges_each_time_afresh() -> None:
    """TrustStore.judge keeps what matched per signer, namespace and key, not the verdict: the
    same key asked about at other times gets the answer for that time."""
    store = TrustStore(tuple(signers(WINDOW)))
    times = [utc("20200101000000Z"), UTC_2025, utc("20300101000000Z")] * 2
    for principal, at in itertools.product(("al@x", "bo@x"), times):
        expected = judge(
            store.allowed, frozenset(), principal=principal, namespace="x", key=KEY, at=at
        )
        assert store.judge(principal=principal, namespace="x", key=KEY, at=at) is expected
    assert {store.judge(principal="al@x", namespace="x", key=KEY, at=at) for at in times} == {
        TrustStatus.KEY_NOT_YET_VALID,
        TrustStatus.TRUSTED,
        TrustStatus.KEY_EXPIRED,
    }


def test_revoked_wins_whatever_the_time() -> None:
    allowed = signers(WINDOW)
    for at in (utc("20200101000000Z"), UTC_2025, utc("20300101000000Z")):
        status = judge(
            allowed, frozenset({KEY.blob}), principal="al@x", namespace="x", key=KEY, at=at
        )
        assert status is TrustStatus.REVOKED
    assert judge([], frozenset({KEY.blob}), principal="", namespace="", key=KEY, at=UTC_2025) is (
        TrustStatus.REVOKED
    )


def test_judge_refuses_naive_times() -> None:
    with pytest.raises(ValueError, match="aware datetime"):
        judge(
            signers(WINDOW),
            frozenset(),
            principal="al@x",
            namespace="x",
            key=KEY,
            at=datetime(2025, 1, 1),
        )


def test_statuses_in_order_of_precedence() -> None:
    assert [s.value for s in TrustStatus] == [
        "revoked",
        "malformed",
        "bad-signature",
        "unsigned",
        "untrusted-key",
        "principal-mismatch",
        "namespace-not-allowed",
        "key-expired",
        "key-not-yet-valid",
        "trusted",
    ]
    assert TrustStatus("key-expired") is TrustStatus.KEY_EXPIRED
    assert f"{TrustStatus.TRUSTED}" == "trusted"


def test_format_ssh_time() -> None:
    assert (
        format_ssh_time(datetime(2025, 6, 30, 12, 0, 1, 999_999, tzinfo=UTC)) == "20250630120001Z"
    )
    with pytest.raises(ValueError, match="aware datetime"):
        format_ssh_time(datetime(2025, 6, 30))
    # four digits of year, as ssh-keygen reads them (glibc's %Y wrote the year 1 as "1")
    assert format_ssh_time(datetime(1, 2, 3, 4, 5, 6, tzinfo=UTC)) == "00010203040506Z"


# -- loading the files --------------------------------------------------------------------------


def write(path: Path, data: bytes, mode: int = 0o644) -> Path:
    path.write_bytes(data)
    path.chmod(mode)
    return path


def test_load_trust(tmp_path: Path) -> None:
    allowed = write(tmp_path / "allowed_signers", f"al@x {K}\n*@x cert-authority {K}\n".encode())
    revoked = write(tmp_path / "revoked_keys", f"{OTHER.openssh()}\n".encode(), 0o600)
    store = load_trust(allowed, revoked)
    assert [s.line for s in store.allowed] == [1]
    assert store.revoked == frozenset({OTHER.blob})
    assert [(w.code, w.path, w.line) for w in store.warnings] == [
        ("cert-authority-skipped", str(allowed), 2)
    ]
    for key, expected in ((KEY, TrustStatus.TRUSTED), (OTHER, TrustStatus.REVOKED)):
        status = store.judge(principal="al@x", namespace=NAMESPACE_FINDINGS, key=key, at=UTC_2025)
        assert status is expected


def test_missing_trust_files_are_empty(tmp_path: Path) -> None:
    assert load_trust(tmp_path / "nope", tmp_path / "nope2") == TrustStore()
    assert load_trust(None, None) == TrustStore()
    store = load_trust(tmp_path / "nope", None)
    status = store.judge(principal="al@x", namespace="x", key=KEY, at=UTC_2025)
    assert status is TrustStatus.UNTRUSTED_KEY


@pytest.mark.usefixtures("group_shared")
@pytest.mark.parametrize("mode", [0o664, 0o646, 0o622, 0o666, 0o620])
@pytest.mark.parametrize("which", ["allowed", "revoked"])
def test_trust_files_writable_by_others_are_refused(tmp_path: Path, mode: int, which: str) -> None:
    path = write(tmp_path / "trust file", f"{K}\n".encode() if which == "revoked" else b"", mode)
    args = (path, None) if which == "allowed" else (None, path)
    with pytest.raises(InputError) as info:
        load_trust(*args)
    assert info.value.message == (
        f"{path} is writable by group or others; run: chmod go-w '{path}'"
    )


@pytest.mark.usefixtures("group_shared")  # (so a group bit is judged as another's)
@pytest.mark.parametrize("mode", [0o644, 0o600, 0o444, 0o400, 0o755, 0o711, 0o751, 0o715])
def test_trust_files_not_writable_by_others_are_read(tmp_path: Path, mode: int) -> None:
    """Only a write bit refuses a file: others or the group may read it, or run it."""
    path = write(tmp_path / "allowed", f"al@x {K}\n".encode(), mode)
    assert len(load_trust(path, None).allowed) == 1


def test_trust_file_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "allowed", b"#" * (MAX_TRUST_FILE_BYTES - 1) + b"\n")
    assert load_trust(path, None) == TrustStore()
    path = write(tmp_path / "revoked", b"#" * MAX_TRUST_FILE_BYTES + b"\n")
    with pytest.raises(InputError) as info:
        load_trust(None, path)
    assert info.value.message == f"{path} is larger than 4 MiB, the limit for a trust file"


def test_unreadable_trust_file(tmp_path: Path) -> None:
    path = write(tmp_path / "file", b"") / "allowed_signers"
    with pytest.raises(InputError) as info:
        load_trust(path, None)
    assert info.value.message == f"{path}: cannot read: Not a directory"


def test_a_trust_file_that_fails_as_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened, then a read error (a disk going bad): said as the file that cannot be read, with
    the system's reason, and nothing is trusted from what was read before it. (The bytes are
    read by the one limited read of every named file, `fileio.read_open`.)"""
    import minecheck.fileio as reading_module

    class FailingRead:
        def __getattr__(self, name: str) -> Any:
            return getattr(os, name)

        @staticmethod
        def read(fd: int, size: int) -> bytes:
            raise OSError(errno.EIO, os.strerror(errno.EIO))

    path = write(tmp_path / "allowed", f"al@x {K}\n".encode())
    monkeypatch.setattr(reading_module, "os", FailingRead())
    with pytest.raises(InputError) as info:
        load_trust(path, None)
    assert info.value.message == f"{path}: cannot read: {os.strerror(errno.EIO)}"


def test_trust_file_must_be_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r": not a regular file \(a directory\)$"):
        load_trust(tmp_path, None)


@pytest.mark.parametrize(
    ("data", "code", "line", "column"),
    [
        (f"al@x {K}\r\n".encode(), "cr", 1, 5 + len(K) + 1),
        (f"al@x {K}\nbø@x {K}\n".encode("latin-1"), "not-utf8", 2, 2),
        (b"\xef\xbb\xbf" + f"al@x {K}\n".encode(), "bom", 1, 1),
    ],
)
def test_trust_file_text_must_be_clean_utf8(
    tmp_path: Path, data: bytes, code: str, line: int, column: int
) -> None:
    path = write(tmp_path / "allowed", data)
    with pytest.raises(InputError) as info:
        load_trust(path, None)
    assert [(p.code, p.path, p.line, p.column) for p in info.value.problems] == [
        (code, str(path), line, column)
    ]


# -- agreement with the real ssh-keygen ---------------------------------------------------------

SSH_KEYGEN = shutil.which("ssh-keygen")
needs_ssh_keygen = pytest.mark.skipif(SSH_KEYGEN is None, reason="ssh-keygen is not installed")
MESSAGE = b'[minecheck]\nformat = "minecheck.findings/1"\n\n'
# A local time zone far from UTC, so that any time read as local time shows (POSIX TZ: UTC+8).
LOCAL_TZ = "CST-8"


@dataclass(frozen=True)
class Kit:
    """Ed25519 keys made by ssh-keygen, and signatures over MESSAGE by key and namespace."""

    root: Path
    keys: dict[str, PublicKey]
    pub_lines: dict[str, str]
    sigs: dict[tuple[str, str], Path]

    def env(self) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", os.defpath),
            "HOME": str(self.root),
            "TZ": LOCAL_TZ,
            "LC_ALL": "C",
        }

    def run(self, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        assert SSH_KEYGEN is not None
        return subprocess.run(
            [SSH_KEYGEN, *args],
            input=stdin,
            capture_output=True,
            env=self.env(),
            cwd=self.root,
            timeout=60,
            check=False,
        )

    def verify(
        self,
        allowed: Path,
        *,
        principal: str,
        namespace: str,
        signer: str,
        verify_time: str,
        revoked: Path | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        args = ["-Y", "verify", "-f", str(allowed), "-I", principal, "-n", namespace]
        args += ["-s", str(self.sigs[signer, namespace]), "-O", f"verify-time={verify_time}"]
        if revoked is not None:
            args += ["-r", str(revoked)]
        return self.run(*args, stdin=MESSAGE)


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    if SSH_KEYGEN is None:
        pytest.skip("ssh-keygen is not installed")
    root = tmp_path_factory.mktemp("ssh-keygen")
    kit = Kit(root, {}, {}, {})
    for name in ("a", "b", "c"):
        made = kit.run("-q", "-t", "ed25519", "-N", "", "-C", f"{name}@test", "-f", name)
        assert made.returncode == 0, made.stderr
        line = (root / f"{name}.pub").read_text().strip()
        kit.keys[name] = PublicKey.from_openssh(line)
        kit.pub_lines[name] = line
    for signer, namespace in (
        ("a", NAMESPACE_FINDINGS),
        ("a", NAMESPACE_MERGED),
        ("b", NAMESPACE_FINDINGS),
    ):
        message = root / f"message-{signer}-{namespace}"
        message.write_bytes(MESSAGE)
        signed = kit.run("-Y", "sign", "-n", namespace, "-f", signer, message.name)
        assert signed.returncode == 0, signed.stderr
        kit.sigs[signer, namespace] = message.with_name(message.name + ".sig")
    return kit


@dataclass(frozen=True)
class Case:
    id: str
    allowed: str  # {a} {b} {c}: the public key lines
    expected: TrustStatus
    principal: str = "al@x"
    signer: str = "a"
    namespace: str = NAMESPACE_FINDINGS
    at: str = "20250301000000Z"
    revoked: str | None = None


W = 'al@x valid-after="20250101Z",valid-before="20250630120000Z" {a}'
CASES = [
    Case("exact principal", "al@x {a}", TrustStatus.TRUSTED),
    Case("other principal", "al@x {a}", TrustStatus.PRINCIPAL_MISMATCH, principal="bo@x"),
    Case("case-sensitive", "AL@x {a}", TrustStatus.PRINCIPAL_MISMATCH),
    Case("star", "* {a}", TrustStatus.TRUSTED),
    Case("star domain", "*@x {a}", TrustStatus.TRUSTED),
    Case("star wrong domain", "*@x {a}", TrustStatus.PRINCIPAL_MISMATCH, principal="al@y"),
    Case("question mark", "a?@x {a}", TrustStatus.TRUSTED),
    Case("question mark one char", "a?@x {a}", TrustStatus.PRINCIPAL_MISMATCH, principal="all@x"),
    Case("list", "bo@x,al@x {a}", TrustStatus.TRUSTED),
    Case("negated", "*@x,!al@x {a}", TrustStatus.PRINCIPAL_MISMATCH),
    Case("negated other", "*@x,!al@x {a}", TrustStatus.TRUSTED, principal="bo@x"),
    Case("negation alone", "!al@x {a}", TrustStatus.PRINCIPAL_MISMATCH, principal="bo@x"),
    Case("? is one byte", "?@x {a}", TrustStatus.PRINCIPAL_MISMATCH, principal="王@x"),
    Case("??? is one CJK character", "???@x {a}", TrustStatus.TRUSTED, principal="王@x"),
    Case("over-long sub-pattern", "a" * 1023 + ",al@x {a}", TrustStatus.PRINCIPAL_MISMATCH),
    Case("longest sub-pattern", "al@x," + "a" * 1022 + " {a}", TrustStatus.TRUSTED),
    Case("quoted principals", '"al@x,c d@y" {a}', TrustStatus.TRUSTED, principal="c d@y"),
    Case("key not listed", "al@x {b}\nal@x {c}", TrustStatus.UNTRUSTED_KEY),
    Case("key for another principal", "bo@x {a}\nal@x {b}", TrustStatus.PRINCIPAL_MISMATCH),
    Case("second key", "al@x {a}\nal@x {b}", TrustStatus.TRUSTED, signer="b"),
    Case("cert-authority only", "al@x cert-authority {a}", TrustStatus.UNTRUSTED_KEY),
    Case("namespace listed", 'al@x namespaces="minecheck-findings-v1" {a}', TrustStatus.TRUSTED),
    Case(
        "namespace not listed",
        'al@x namespaces="minecheck-findings-v1" {a}',
        TrustStatus.NAMESPACE_NOT_ALLOWED,
        namespace=NAMESPACE_MERGED,
    ),
    Case(
        "namespace pattern",
        'al@x namespaces="minecheck-*" {a}',
        TrustStatus.TRUSTED,
        namespace=NAMESPACE_MERGED,
    ),
    Case(
        "namespace negated",
        'al@x namespaces="minecheck-*,!*-merged-v1" {a}',
        TrustStatus.NAMESPACE_NOT_ALLOWED,
        namespace=NAMESPACE_MERGED,
    ),
    Case("namespace empty", 'al@x namespaces="" {a}', TrustStatus.NAMESPACE_NOT_ALLOWED),
    Case("keyword case", 'al@x NameSpaces="minecheck-findings-v1" {a}', TrustStatus.TRUSTED),
    Case("1 s before valid-after", W, TrustStatus.KEY_NOT_YET_VALID, at="20241231235959Z"),
    Case("at valid-after", W, TrustStatus.TRUSTED, at="20250101000000Z"),
    Case("1 s after valid-after", W, TrustStatus.TRUSTED, at="20250101000001Z"),
    Case("1 s before valid-before", W, TrustStatus.TRUSTED, at="20250630115959Z"),
    Case("at valid-before", W, TrustStatus.TRUSTED, at="20250630120000Z"),
    Case("1 s after valid-before", W, TrustStatus.KEY_EXPIRED, at="20250630120001Z"),
    Case(
        "minute valid-before, last second",
        'al@x valid-before="202506301200Z" {a}',
        TrustStatus.TRUSTED,
        at="20250630120000Z",
    ),
    Case(
        "minute valid-before, next second",
        'al@x valid-before="202506301200Z" {a}',
        TrustStatus.KEY_EXPIRED,
        at="20250630120001Z",
    ),
    Case(
        "date valid-before is its midnight",
        'al@x valid-before="20250630Z" {a}',
        TrustStatus.KEY_EXPIRED,
        at="20250630000001Z",
    ),
    Case(
        "date valid-after is its midnight",
        'al@x valid-after="20250630Z" {a}',
        TrustStatus.TRUSTED,
        at="20250630000000Z",
    ),
    Case(
        "wrong namespace line, then a good one",
        'al@x namespaces="other" {a}\nal@x {a}',
        TrustStatus.TRUSTED,
    ),
    Case(
        "expired line, then a valid one",
        'al@x valid-before="20200101Z" {a}\nal@x valid-after="20250101Z" {a}',
        TrustStatus.TRUSTED,
    ),
    Case(
        "expired and not yet valid",
        'al@x valid-after="20260101Z" {a}\nal@x valid-before="20240101Z" {a}',
        TrustStatus.KEY_EXPIRED,
    ),
    Case(
        "namespace checked before time",
        'al@x namespaces="other",valid-before="20200101Z" {a}',
        TrustStatus.NAMESPACE_NOT_ALLOWED,
    ),
    Case("revoked", "al@x {a}", TrustStatus.REVOKED, revoked="# gone\n{a} revoked"),
    Case("revoked out of window", W, TrustStatus.REVOKED, at="20300101000000Z", revoked="{a}"),
    Case("another key revoked", "al@x {a}", TrustStatus.TRUSTED, revoked="{b}\n{c}"),
    Case("empty revoked", "al@x {a}", TrustStatus.TRUSTED, revoked="# nothing yet"),
    Case(
        "comments, tabs, key comments",
        '# team\n\n\tal@x\t namespaces="minecheck-*"  {a} laptop key\n',
        TrustStatus.TRUSTED,
    ),
]
# What ssh-keygen says on stderr when it turns a line down for these reasons.
REASONS = {
    TrustStatus.KEY_EXPIRED: "key has expired",
    TrustStatus.KEY_NOT_YET_VALID: "key is not yet valid",
    TrustStatus.NAMESPACE_NOT_ALLOWED: "is not permitted for use in signature namespace",
}


@needs_ssh_keygen
@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_judge_agrees_with_ssh_keygen(kit: Kit, tmp_path: Path, case: Case) -> None:
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(case.allowed.format(**kit.pub_lines) + "\n")
    revoked = None
    blobs: frozenset[bytes] = frozenset()
    if case.revoked is not None:
        revoked = tmp_path / "revoked_keys"
        revoked.write_text(case.revoked.format(**kit.pub_lines) + "\n")
        blobs = parse_revoked_keys(revoked.read_bytes(), str(revoked))

    signers, _ = parse_allowed_signers(allowed.read_text(), str(allowed))
    status = judge(
        signers,
        blobs,
        principal=case.principal,
        namespace=case.namespace,
        key=kit.keys[case.signer],
        at=utc(case.at),
    )
    assert status is case.expected

    result = kit.verify(
        allowed,
        principal=case.principal,
        namespace=case.namespace,
        signer=case.signer,
        verify_time=case.at,
        revoked=revoked,
    )
    stderr = result.stderr.decode()
    assert (result.returncode == 0) == (status is TrustStatus.TRUSTED), stderr
    if status in REASONS:
        assert REASONS[status] in stderr


@needs_ssh_keygen
@pytest.mark.parametrize(
    ("verify_time", "ok"),
    [
        ("20250630120000Z", True),
        ("20250630120001Z", False),
        ("20250630120000z", True),
        ("202506301200Z", True),
        ("202506301201Z", False),
        ("20250630Z", True),
        # without Z ssh-keygen reads the local time zone (here UTC+8): 20:00 local is 12:00Z
        ("20250630200000", True),
        ("20250630200001", False),
        ("20250630120001", True),
    ],
)
def test_ssh_keygen_verify_time_format(
    kit: Kit, tmp_path: Path, verify_time: str, ok: bool
) -> None:
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f'al@x valid-before="20250630120000Z" {kit.pub_lines["a"]}\n')
    result = kit.verify(
        allowed, principal="al@x", namespace=NAMESPACE_FINDINGS, signer="a", verify_time=verify_time
    )
    assert (result.returncode == 0) is ok, result.stderr


@needs_ssh_keygen
@pytest.mark.parametrize("verify_time", ["2025063012000Z", "20250630T120000Z", "19700101000000Z"])
def test_ssh_keygen_refuses_bad_verify_times(kit: Kit, tmp_path: Path, verify_time: str) -> None:
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"al@x {kit.pub_lines['a']}\n")
    result = kit.verify(
        allowed, principal="al@x", namespace=NAMESPACE_FINDINGS, signer="a", verify_time=verify_time
    )
    assert result.returncode != 0
    assert 'Invalid "verify-time" option' in result.stderr.decode()


@needs_ssh_keygen
def test_format_ssh_time_is_what_ssh_keygen_takes(kit: Kit, tmp_path: Path) -> None:
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f'al@x valid-before="20250630120000Z" {kit.pub_lines["a"]}\n')
    for at, ok in ((utc("20250630120000Z"), True), (utc("20250630120001Z"), False)):
        result = kit.verify(
            allowed,
            principal="al@x",
            namespace=NAMESPACE_FINDINGS,
            signer="a",
            verify_time=format_ssh_time(at.astimezone(PLUS_8)),
        )
        assert (result.returncode == 0) is ok


@needs_ssh_keygen
@pytest.mark.parametrize(
    ("before", "inside", "outside"),
    [("20250630120000", "20250630040000Z", "20250630040001Z")],
)
def test_ssh_keygen_reads_bare_option_times_as_local_so_they_are_refused(
    kit: Kit, tmp_path: Path, before: str, inside: str, outside: str
) -> None:
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f'al@x valid-before="{before}" {kit.pub_lines["a"]}\n')
    for verify_time, ok in ((inside, True), (outside, False)):
        result = kit.verify(
            allowed,
            principal="al@x",
            namespace=NAMESPACE_FINDINGS,
            signer="a",
            verify_time=verify_time,
        )
        assert (result.returncode == 0) is ok
    problems = problems_of(allowed.read_text())
    assert [(p.code, p.column) for p in problems] == [("bad-time", 20)]


REFUSED_BY_BOTH = [
    "al@x valid-after=20250101Z {a}",
    'al@x namespaces="minecheck-findings-v1", {a}',
    'al@x namespaces="a",namespaces="minecheck-findings-v1" {a}',
    'al@x valid-after="20250101Z",valid-before="20250101Z" {a}',
    'al@x valid-after="19700101Z" {a}',
    'al@x valid-after="20250101240000Z" {a}',
    "al@x unknown-option {a}",
    'al@x namespaces="minecheck-findings-v1 {a}',
    '"al@x {a}',
    "al@x ssh-ed25519",
]


@needs_ssh_keygen
@pytest.mark.parametrize("line", REFUSED_BY_BOTH)
def test_lines_ssh_keygen_also_refuses(kit: Kit, tmp_path: Path, line: str) -> None:
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(line.format(**kit.pub_lines) + "\n")
    result = kit.verify(
        allowed,
        principal="al@x",
        namespace=NAMESPACE_FINDINGS,
        signer="a",
        verify_time="20250301000000Z",
    )
    assert result.returncode != 0
    assert len(problems_of(allowed.read_text())) == 1


@needs_ssh_keygen
def test_a_real_krl_is_read(kit: Kit, tmp_path: Path) -> None:
    krl = tmp_path / "revoked.krl"
    made = kit.run("-k", "-f", str(krl), str(kit.root / "a.pub"))
    assert made.returncode == 0, made.stderr
    revoked = parse_revoked_keys(krl.read_bytes(), str(krl))
    assert kit.keys["a"].blob in revoked
    assert kit.keys["b"].blob not in revoked


@needs_ssh_keygen
def test_our_keys_read_as_ssh_keygen_fingerprints_them(kit: Kit) -> None:
    for name, key in kit.keys.items():
        result = kit.run("-l", "-E", "sha256", "-f", f"{name}.pub")
        assert result.stdout.decode().split()[1] == key.fingerprint()
