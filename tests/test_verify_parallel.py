"""verify DIR on every core prints exactly what it prints on one, file by file, in input order."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate

from minecheck.report import batch


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(out, 70, 6, seed=11)
    docs = out / "docs"
    first = sorted((docs / "findings").glob("*.toml"))
    data = first[0].read_bytes()
    (docs / "findings" / "000000.toml").write_bytes(data.replace(b"compliant", b"complaint", 1))
    (docs / "findings" / "zz-unsigned.toml").write_bytes(data.split(b"[signature]")[0])
    (docs / "findings" / "zz-empty.toml").write_bytes(b"")
    (docs / "findings" / "zz-garbage.toml").write_bytes(b"\xff\xfe not text")
    locked = docs / "findings" / "zz-locked.toml"
    shutil.copy(first[1], locked)
    locked.chmod(0)
    return out


def _run(cli: Any, corpus: Path, monkeypatch: pytest.MonkeyPatch, cores: int, *more: str) -> Any:
    monkeypatch.setattr(batch, "cpu_count", lambda: cores)
    trust = ["--allowed-signers", str(corpus / "allowed_signers")]
    return cli(["verify", str(corpus / "docs"), *trust, *more])


@pytest.mark.parametrize("more", [(), ("--at", "now"), ("--evidence",), ("--json",)])
def test_parallel_verify_prints_what_the_sequential_one_does(
    cli: Any, corpus: Path, monkeypatch: pytest.MonkeyPatch, more: tuple[str, ...]
) -> None:
    one = _run(cli, corpus, monkeypatch, 1, *more)
    two = _run(cli, corpus, monkeypatch, 2, *more)
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    if more != ("--json",):
        lines = two.stdout.splitlines()
        assert len(lines) > 80
        assert any(line.startswith("  ") for line in lines)  # a merged file's sources
        assert "000000.toml: bad-signature:" in two.stdout
        assert "zz-empty.toml: malformed" in two.stdout
        names = [line.split(":")[0] for line in lines if not line.startswith(" ")]
        assert names == sorted(names, key=lambda n: (Path(n).parent.name, Path(n).name))
        if os.geteuid() != 0:
            assert "zz-locked.toml" in two.stderr
        assert two.exit_code == (2 if os.geteuid() != 0 else 1)
