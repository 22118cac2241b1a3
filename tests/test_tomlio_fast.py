"""toml_rs reads a signed body only where it gives what tomli gives; tomli has the last word."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from minecheck.core import tomlio
from minecheck.core.tomlio import FAST_MAX_BYTES, fast_parse_ok, marks, parse_toml
from minecheck.errors import InputError
from tests.conftest import REPO
from tests.helpers_docs import findings_body


def typed(value: Any) -> Any:
    """A value with every type spelled out (a date-time's zone class too), key order kept."""
    if isinstance(value, dict):
        return ("dict", [(k, typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return ("datetime", value, value.utcoffset(), type(value.tzinfo))
    if isinstance(value, float) and math.isnan(value):
        return ("nan", math.copysign(1.0, value))
    return (type(value), value)


def outcome(text: str, *, fast: bool) -> Any:
    """What parse_toml gives: the value, or the problems it reports."""
    try:
        data = text.encode("utf-8", "surrogatepass") if fast else None
        return typed(parse_toml(text, "doc.toml", data=data))
    except InputError as exc:
        return list(exc.problems)


def same_as_tomli(text: str) -> None:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))  # to compare values nested thousands deep
    try:
        assert outcome(text, fast=True) == outcome(text, fast=False)
    finally:
        sys.setrecursionlimit(limit)


def body() -> str:
    return findings_body("wang.wei@hlj.example", "SHA256:" + "A" * 43).decode()


def test_a_document_body_is_read_by_toml_rs(monkeypatch: pytest.MonkeyPatch) -> None:
    text = body()
    expected = tomli.loads(text)
    assert fast_parse_ok(text.encode())

    def refuse(_text: str) -> dict[str, Any]:
        raise AssertionError("tomli was asked")

    monkeypatch.setattr(tomli, "loads", refuse)
    assert typed(parse_toml(text, "doc.toml", data=text.encode())) == typed(expected)


def test_without_the_bytes_tomli_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_text: str) -> dict[str, Any]:
        raise AssertionError("toml_rs was asked")

    monkeypatch.setattr(tomlio, "_fast_loads", refuse)
    assert parse_toml("a = 1\n", "doc.toml") == {"a": 1}


@pytest.mark.parametrize("path", sorted((REPO / "checklists").glob("*.toml")), ids=lambda p: p.name)
def test_checklists_read_alike(path: Path) -> None:
    same_as_tomli(path.read_text("utf-8"))


CASES = {
    "duplicate key": "a = 1\na = 2\n",
    "duplicate table": "[t]\n[t]\n",
    "bad escape": 'a = "\\q"\n',
    "bad date": "a = 2026-02-30\n",
    "leap second": "a = 1979-12-31T23:59:60Z\n",
    "surrogate escape": 'a = "\\uD800"\n',
    "DEL in a string": 'a = "\x7f"\n',
    "non-ASCII bare key": "\u00e9 = 1\n",
    "float overflow": "a = 1e400\n",
    "negative nan": "a = -nan\n",
    "TOML 1.1 escapes": 'a = "\\x41\\e"\n',
    "TOML 1.1 inline table": "a = {\n b = 1,\n}\n",
    "time without seconds": "a = 07:32\nb = 1979-05-27T07:32Z\n",
    "offset": "a = 1979-05-27T07:32:00+08:00\n",
    "local date-time": "a = 1979-05-27T07:32:00.999999\n",
    "unterminated": 'a = "abc\n',
    "header in an array": "a = [\n[[finding]]\n]\n",
    "integer of 4,300 digits": "a = " + "1" * 4300 + "\n",
    "integer of 4,301 digits": "a = " + "1" * 4301 + "\n",
    "integer of 4,301 digits with underscores": "a = " + "1_" * 4300 + "1\n",
    "long hexadecimal": "a = 0x" + "f" * 5000 + "\n",
    "long fraction": "a = 1." + "1" * 5000 + "\n",
    "byte-order mark": "\ufeffa = 1\n",
    "newline before = in an inline table": "a = {b\n= 1}\n",
    "newline after = in an inline table": "a = {b =\n1}\n",
    "newline in an inline table, braces in strings": 'a = {b = "}", c\n= 1, d = "{"}\n',
}


@pytest.mark.parametrize("text", list(CASES.values()), ids=list(CASES))
def test_edge_cases_read_alike(text: str) -> None:
    same_as_tomli(text)


@pytest.mark.parametrize("depth", [1, 150, 298, 299, 300, 301, 399, 400, 401, 2000])
@pytest.mark.parametrize("shape", ["array", "inline table"])
def test_nesting_reads_alike(depth: int, shape: str) -> None:
    if shape == "array":
        text = "a = " + "[" * depth + "]" * depth + "\n"
    else:
        text = "a = " + "{b = " * depth + "1" + "}" * depth + "\n"
    same_as_tomli(text)


@pytest.mark.parametrize("parts", [2, 999, 1000, 1001, 5000])
@pytest.mark.parametrize(
    "shape", ["key", "header", "inline key", "header and key"], ids=lambda s: s.replace(" ", "-")
)
def test_long_dotted_keys_read_alike(parts: int, shape: str) -> None:
    """tomli refuses a key of more than 1,000 parts; toml_rs would nest a table per part."""
    key = ".".join(["a"] * parts)
    text = {
        "key": f"{key} = 1\n",
        "header": f"[{key}]\nb = 1\n",
        "inline key": f"t = {{{key} = 1}}\n",
        "header and key": f"[{key}]\n{key} = 1\n",
    }[shape]
    same_as_tomli(text)


def test_many_findings_are_not_nesting() -> None:
    text = body() + "[[finding]]\nitem = 'x'\nresult = 'compliant'\n\n" * 2000
    assert fast_parse_ok(text.encode())
    same_as_tomli(text)


def test_a_body_over_the_limit_is_left_to_tomli() -> None:
    assert not fast_parse_ok(b"#" * (FAST_MAX_BYTES + 1))
    assert fast_parse_ok(b"#" * FAST_MAX_BYTES)


def test_nesting_that_ends_toml_rs_never_reaches_it() -> None:
    """Nested 100,000 deep (toml_rs alone would end the process): refused, and the run goes on."""
    code = (
        "from minecheck.core.tomlio import parse_toml\n"
        "from minecheck.errors import InputError\n"
        "for text in ('a = ' + '[' * 100000 + ']' * 100000,\n"
        "             'a = ' + '{b = ' * 100000 + '1' + '}' * 100000,\n"
        "             'a = [\\n' + '[\\n[[finding]]\\n' * 100000):\n"
        "    try:\n"
        "        parse_toml(text, 'x', data=text.encode())\n"
        "    except InputError as exc:\n"
        "        print(exc.problems[0].code)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    expected = "too-deep\ntoo-deep\ntoml-syntax\n"
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")


# What random damage inserts into a body.
ALPHABET = [*"=[]{}\"'.,#\n \\-:TZ0123456789abcxyzu\t+e_", "\r", "\x00", "\u00e9", "'''", '"""']
ALPHABET += ["\\u00e9", "1979-05-27T07:32:00Z", "inf", "nan", "true", "[[finding]]", "\x7f"]


@st.composite
def damaged(draw: Callable[..., Any]) -> str:
    chars = list(body())
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(chars) - 1))
        op = draw(st.sampled_from(["delete", "insert", "replace"]))
        if op == "delete":
            del chars[i]
        elif op == "insert":
            chars.insert(i, draw(st.sampled_from(ALPHABET)))
        else:
            chars[i] = draw(st.sampled_from(ALPHABET))
    return "".join(chars)


@settings(max_examples=400, deadline=None)
@given(damaged())
def test_damaged_bodies_read_alike(text: str) -> None:
    same_as_tomli(text)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough files for the process pool: findings, follow-up and merged ones."""
    from benchmarks.corpus import generate

    root = tmp_path_factory.mktemp("archive")
    generate(root, 60, 20, seed=5, followups=12, merged=3)
    return root


def test_reports_are_the_same_with_and_without_toml_rs(
    cli: Any, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over an archive read on every core: summary, export and verify, byte for byte."""
    trust = ["--allowed-signers", str(archive / "allowed_signers")]
    docs = str(archive / "docs")
    commands = [
        ["summary", docs, "--format", "json", "--as-of", "2026-12-31", "--no-cache", *trust],
        ["export", docs, "--format", "csv", "--as-of", "2026-12-31", "--no-cache", *trust],
        ["verify", "--json", docs, *trust],
    ]
    fast = [cli(args) for args in commands]
    monkeypatch.setattr(tomlio, "fast_parse_ok", lambda data, counted=None: False)
    plain = [cli(args) for args in commands]
    assert [(r.exit_code, r.stdout, r.stderr) for r in fast] == [
        (r.exit_code, r.stdout, r.stderr) for r in plain
    ]
    assert all(r.exit_code == 0 for r in fast)
    assert json.loads(fast[0].stdout)["headline"]["findings"] > 1000


@pytest.mark.parametrize("size", [0, 1, 4299, 4300, FAST_MAX_BYTES, FAST_MAX_BYTES + 1])
def test_marks_are_counted_alike_in_one_pass_and_in_place(size: int) -> None:
    """`marks` keeps the marks and counts them up to FAST_MAX_BYTES, and counts in place
    beyond: both give what counting each mark in the text gives."""
    import random

    rng = random.Random(size)  # noqa: S311 - test data
    data = bytes(rng.choice(b"=,[{\n.ab0_ \xe9}]") for _ in range(size))
    expected = tuple(data.count(bytes([c])) for c in b"=,[{\n.")
    assert tuple(marks(data)) == expected
    assert fast_parse_ok(data) == fast_parse_ok(data, marks(data))


def test_a_long_number_is_found_however_many_digits_lie_around_it() -> None:
    """The digits are counted first (too few: no such number); enough digits, and the run
    itself decides."""
    short_runs = b"\n".join([b"a = 12345"] * 1000)  # 5,000 digits, no run of 4,300
    assert fast_parse_ok(short_runs)
    assert not fast_parse_ok(b"a = " + b"1" * 4300 + b"\n")
    assert fast_parse_ok(b"a = " + b"1" * 4299 + b"\n" + b"#" * 5000)
    assert not fast_parse_ok(b"a = " + b"1_" * 2150 + b"\n")


def test_a_signed_body_only_toml_rs_would_read_is_malformed() -> None:
    """A newline inside an inline table's key/value pair: tomli refuses it, and so does
    verify, though a trusted key signed it (read as TOML 1.1, toml_rs had let it through)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from minecheck.core.seal import examine
    from minecheck.core.signers import parse_allowed_signers
    from minecheck.core.sshsig import NAMESPACE_FINDINGS, KeySigner, sign
    from minecheck.core.trust import TrustStatus, TrustStore
    from tests.helpers_docs import CREATED

    signer = KeySigner(Ed25519PrivateKey.from_private_bytes(bytes([3]) * 32))
    principal = "wang.wei@hlj.example"
    body = findings_body(principal, signer.public_key.fingerprint())
    body += b'[[finding]]\nitem = "gas-x"\nresult = "compliant"\n'
    body += b'reading = {value\n= 1.3, unit = "%"}\n\n'
    armored = sign(signer, body, NAMESPACE_FINDINGS).encode()
    data = body + b"[signature]\nsshsig = '''\n" + armored + b"'''\n"
    allowed, _ = parse_allowed_signers(f"{principal} {signer.public_key.openssh()}\n", "a")
    verdict = examine(data, "doc.toml", TrustStore(tuple(allowed)), now=CREATED)
    assert verdict.status == TrustStatus.MALFORMED
    line = body.decode().split("\n").index("reading = {value") + 1
    expected = "invalid TOML: Expected '=' after a key in a key/value pair"
    assert [(p.message, p.line) for p in verdict.problems] == [(expected, line)]
