"""The benchmark corpus is deterministic and valid, and the baseline counts it correctly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks.bench import naive, summary_totals, verify_totals
from benchmarks.corpus import generate

from minecheck.core.docschema import read_document
from minecheck.core.documents import FindingsDoc
from minecheck.core.seal import split
from minecheck.core.tomlio import decode_text, parse_toml


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_one_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", 30, 12, seed=4, followups=5, merged=2)
    b = generate(tmp_path / "b", 30, 12, seed=4, followups=5, merged=2)
    generate(tmp_path / "c", 30, 12, seed=5, followups=5, merged=2)
    assert a == b
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert _tree(tmp_path / "a") != _tree(tmp_path / "c")
    assert a["files"] == 30 + a["followup_files"] + 2
    assert a["followup_files"] >= 5


def test_every_document_reads_as_valid_and_the_totals_are_right(tmp_path: Path) -> None:
    totals = generate(tmp_path, 40, 100, seed=2, merged=3)
    keys, bad = set(), set()
    for path in sorted((tmp_path / "docs").rglob("*.toml")):
        body, armored = split(path.read_bytes())
        assert armored is not None
        text = decode_text(body, str(path))
        document, problems = read_document(parse_toml(text, str(path)), text, str(path))
        assert problems == [], path
        if isinstance(document, FindingsDoc):
            assert len(document.findings) == 100
            for f in document.findings:
                keys.add((document.inspection.id, f.item))
                if f.result == "noncompliant":
                    bad.add((document.inspection.id, f.item))
                    assert f.deadline is not None
    assert (totals["findings"], totals["noncompliant"]) == (len(keys), len(bad))
    assert totals["noncompliant"] > 0
    assert totals["merged_files"] == 3


def test_merged_files_embed_their_sources_byte_exact(tmp_path: Path) -> None:
    generate(tmp_path, 10, 4, seed=9, merged=2)
    findings = {p.read_bytes() for p in (tmp_path / "docs" / "findings").glob("*.toml")}
    import hashlib
    import tomllib

    for path in (tmp_path / "docs" / "merged").glob("*.toml"):
        body, _ = split(path.read_bytes())
        doc = tomllib.loads(body.decode())
        assert doc["minecheck"]["source_count"] == len(doc["source"]) == 2
        for source in doc["source"]:
            data = source["file"].encode()
            assert data in findings
            assert source["sha256"] == hashlib.sha256(data).hexdigest()


def test_ssh_keygen_accepts_a_generated_file(tmp_path: Path) -> None:
    generate(tmp_path, 3, 5, seed=1, merged=0)
    path = tmp_path / "docs" / "findings" / "000001.toml"
    body, armored = split(path.read_bytes())
    assert armored is not None
    (tmp_path / "f.sig").write_text(armored)
    signer = next(
        line.split('"')[1] for line in body.decode().splitlines() if line.startswith("signer =")
    )
    result = subprocess.run(
        [
            "ssh-keygen",
            "-Y",
            "verify",
            "-f",
            str(tmp_path / "allowed_signers"),
            "-I",
            signer,
            "-n",
            "minecheck-findings-v1",
            "-s",
            str(tmp_path / "f.sig"),
        ],
        input=body,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_naive_baseline_counts_what_the_generator_wrote(tmp_path: Path) -> None:
    totals = generate(tmp_path, 30, 20, seed=3, merged=2)
    got = naive(tmp_path / "docs", tmp_path / "allowed_signers")
    assert {k: got[k] for k in ("files", "findings", "noncompliant", "events")} == {
        k: totals[k] for k in ("files", "findings", "noncompliant", "events")
    }
    assert got["trusted"] == totals["files"]
    # a changed byte makes the baseline distrust the file, like minecheck
    victim = tmp_path / "docs" / "findings" / "000000.toml"
    victim.write_bytes(victim.read_bytes().replace(b"[inspection]", b"[inspection] ", 1))
    assert naive(tmp_path / "docs", tmp_path / "allowed_signers")["trusted"] == totals["files"] - 1


def test_totals_are_read_from_the_commands_output() -> None:
    assert summary_totals('{"data": {"totals": {"files": 3, "findings": 9, "x": "y"}}}') == {
        "files": 3,
        "findings": 9,
    }
    assert summary_totals('{"headline": {"findings": 9, "hidden_dangers": 2, "open": 1}}') == {
        "findings": 9,
        "noncompliant": 2,
    }
    assert summary_totals("not json") == {}
    assert verify_totals("a: trusted: ok\nb: bad-signature: no\n") == {"files": 2, "trusted": 1}


def test_the_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "bench.py"
    result = subprocess.run(
        [sys.executable, str(script), "--files", "12", "--findings", "5", "--repeat", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "naive baseline (tomllib, 1 process)" in out
    assert "minecheck verify DIR" in out
    assert "minecheck export CSV (warm cache)" in out
    assert "median of 2 interleaved rounds" in out
    assert "totals agree: files 15, " in out
    assert "DISAGREE" not in out


def test_the_memory_benchmark_runs_end_to_end() -> None:
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "bench.py"
    result = subprocess.run(
        [sys.executable, str(script), "--memory", "--files", "6", "--large", "12"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    commands = (
        "summary",
        "export --format csv",
        "export --json (stdout)",
        "export --rows events",
        "verify --json (stdout)",
    )
    for command in commands:
        for files in (6, 12):
            assert any(line.startswith(f"minecheck {command}, {files} files ") for line in lines)
        assert any(line.startswith(f"{command}: growth from 6 to 12 files: ") for line in lines)


def test_the_start_up_benchmark_runs_end_to_end() -> None:
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "startup.py"
    result = subprocess.run(
        [sys.executable, str(script), "--repeat", "1"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    rows = {line[:34].strip(): line[34:].split() for line in result.stdout.splitlines()[2:]}
    assert list(rows) == [
        "python -c 'import typer'",
        "minecheck --version",
        "a two-command Typer app --help",
        "minecheck --help",
        "minecheck summary --help",
        "minecheck verify --help",
    ]
    assert [len(values) for values in rows.values()] == [2, 3, 2, 3, 3, 3]
    assert all(values[2].endswith("x") for values in rows.values() if len(values) == 3)


def test_a_round_that_disagrees_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.bench import Run, agree, median

    rounds = [Run("x", wall, 10.0 + wall, 0) for wall in (3.0, 1.0, 2.0)]
    for run in rounds:
        run.totals = {"files": 5}
    rounds[0].totals = {"files": 4}  # the slowest round miscounted
    mid = median(rounds)
    assert (mid.wall, mid.rss_mib) == (2.0, 13.0)  # median time, largest peak
    assert not agree([mid], {"files": 5})
    assert "DISAGREE: x: files = -1, expected 5" in capsys.readouterr().out
