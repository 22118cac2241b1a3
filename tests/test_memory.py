"""Memory per document is bounded: a large signed document is read within about ten times its
size, and implausibly dense shapes are refused before they are parsed (never a MemoryError)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from minecheck.core.documents import Finding, FindingsDoc, Header
from minecheck.core.seal import seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS
from tests.helpers_merge import Who, person

EXE = Path(sys.executable).parent / "minecheck"
BASELINE = 200 * 2**20  # address space of the interpreter, its libraries and minecheck
WHEN = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
SHAPE_BYTES = 6 * 2**20


@pytest.fixture(scope="module")
def signer(tmp_path_factory: pytest.TempPathFactory) -> tuple[Who, Path]:
    d = tmp_path_factory.mktemp("keys")
    who = person(d, "alice")
    kind, blob = Path(f"{who.key}.pub").read_text().split(" ")[:2]
    allowed = d / "allowed_signers"
    allowed.write_text(f"{who.principal} {kind} {blob}\n")
    return who, allowed


def _big_document(who: Who, findings: int) -> bytes:
    from tests.helpers_merge import findings as small

    base = small(who, ["compliant"] * 3)
    # a real document's head, then many findings of the kinds inspectors write
    from minecheck.core.docschema import read_document
    from minecheck.core.seal import split
    from minecheck.core.tomlio import parse_toml

    body = split(base)[0].decode()
    doc, _ = read_document(parse_toml(body, "x"), body, "x")
    assert isinstance(doc, FindingsDoc)
    rows = []
    for i in range(findings):
        if i % 8 == 0:
            rows.append(
                Finding(
                    f"item-{i}",
                    "noncompliant",
                    severity="general",
                    basis=("CMHD-5.2", "AQ-3.1"),
                    description="巷道支护不到位，顶板离层 Roof bolts missing over 3 m",
                    location="3201 工作面运输巷 transport roadway",
                    responsible="Ventilation section",
                    deadline=dt.date(2026, 12, 15),
                )
            )
        else:
            rows.append(Finding(f"item-{i}", "compliant", note="复查时重点核对"))
    header: Header = doc.header
    big = dataclasses.replace(doc, findings=tuple(rows))
    return seal(
        FindingsDoc(header, big.inspection, big.findings).to_toml(), who.signer, NAMESPACE_FINDINGS
    )


def _verify(path: Path, allowed: Path, limit: int) -> subprocess.CompletedProcess[str]:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return subprocess.run(
        [str(EXE), "verify", str(path), "--allowed-signers", str(allowed)],
        capture_output=True,
        text=True,
        preexec_fn=cap,
        check=False,
        timeout=300,
    )


def test_a_large_signed_document_is_read_within_ten_times_its_size(
    signer: tuple[Who, Path], tmp_path: Path
) -> None:
    who, allowed = signer
    big = tmp_path / "big.toml"
    big.write_bytes(_big_document(who, 60_000))
    size = big.stat().st_size
    assert size > 6 * 2**20
    run = _verify(big, allowed, 10 * size + BASELINE)
    assert "Traceback" not in run.stderr
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith(f"{big}: trusted: signed by a trusted key")


SHAPES: dict[str, Callable[[int], str]] = {
    "empty-tables": lambda n: "x = [" + "{}," * (n // 3) + "]\n",
    "tiny-integers": lambda n: "x = [" + "1," * (n // 2) + "]\n",
    "tiny-floats": lambda n: "x = [" + "0.5," * (n // 4) + "]\n",
    "empty-strings": lambda n: "x = [" + '"",' * (n // 3) + "]\n",
    "deep-arrays": lambda n: "x = " + "[" * (n // 2) + "]" * (n // 2) + "\n",
    "array-of-tables": lambda n: "[[x]]\n" * (n // 6),
    "padded-tables": lambda n: "".join(f"[t{i:08d}]    \n" for i in range(n // 16)),
    "dotted-keys": lambda n: "".join(f"d{i:07d}.x=1\n" for i in range(n // 13)),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_pathological_shape_is_refused_unread(shape: str, tmp_path: Path) -> None:
    path = tmp_path / f"{shape}.toml"
    path.write_text("[minecheck]\n" + SHAPES[shape](SHAPE_BYTES) + "\n")
    (tmp_path / "none").write_text("")
    run = _verify(path, tmp_path / "none", 10 * SHAPE_BYTES + BASELINE)
    assert "Traceback" not in run.stderr
    assert "MemoryError" not in run.stderr
    assert run.returncode == 1
    assert run.stdout.startswith(f"{path}: malformed: not a minecheck document")
    if shape != "deep-arrays":
        assert f"{path}: implausible document: " in run.stderr


def test_many_keys_under_the_density_limit_are_read_and_reported_in_bounds(
    tmp_path: Path,
) -> None:
    path = tmp_path / "keys.toml"
    path.write_text("[minecheck]\n" + "".join(f"k{i:06d}=1\n" for i in range(SHAPE_BYTES // 10)))
    (tmp_path / "none").write_text("")
    run = _verify(path, tmp_path / "none", 10 * SHAPE_BYTES + BASELINE)
    assert "Traceback" not in run.stderr
    assert run.returncode == 1
    assert run.stdout.startswith(f"{path}: malformed: not a minecheck document")
    assert run.stderr.count("unknown key") == 200
    assert "more problems, not listed" in run.stderr
