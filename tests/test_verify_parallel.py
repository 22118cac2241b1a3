"""verify DIR on every core prints exactly what it prints on one, file by file, in input order."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate

from minecheck.cli import _output
from minecheck.core.sanitize import json_text
from minecheck.report import batch
from minecheck.report.verdicts import Checked
from tests.helpers_faults import calls_to, fail_on_call


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


def test_verify_json_spools_each_file_into_the_envelope_it_printed_whole(
    cli: Any, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file's result goes to a temporary file as it comes (memory stays flat however many
    files), and the envelope is laid out as the list held whole would be."""
    extended = calls_to(monkeypatch, _output.Spooled, "extend")  # (verify gives it lists)
    run = _run(cli, corpus, monkeypatch, 2, "--json", "--evidence")
    envelope = json.loads(run.stdout)
    files = envelope["data"]["files"]
    assert run.stdout == json_text(envelope) + "\n"
    assert (run.stderr, len(files)) == ("", sum(envelope["data"]["counts"].values()))
    assert [value for (values,) in extended for value in values] == files
    assert any("sources" in entry for entry in files)  # merged files, nested in the layout
    assert all("evidence" in entry for entry in files)


def test_verify_without_json_keeps_no_result_for_an_envelope(
    cli: Any, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(self: object) -> dict[str, object]:
        raise AssertionError("a result made for an envelope that is not printed")

    monkeypatch.setattr(Checked, "as_dict", refused)
    run = _run(cli, corpus, monkeypatch, 2)
    assert "000000.toml: bad-signature:" in run.stdout


def test_verify_json_failing_part_way_is_one_envelope_of_the_error(
    cli: Any, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    full = OSError(errno.ENOSPC, "No space left on device")
    fail_on_call(monkeypatch, _output.Spooled, "extend", 5, full)
    closed = calls_to(monkeypatch, _output.Spooled, "close")
    run = _run(cli, corpus, monkeypatch, 2, "--json")
    envelope = json.loads(run.stdout)  # one envelope, whole
    assert (run.exit_code, run.stderr, envelope["ok"]) == (2, "", False)
    assert "files" not in envelope["data"]
    assert envelope["problems"][-1]["message"] == "No space left on device"
    assert closed == [()]  # the temporary file is let go
