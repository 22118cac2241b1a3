"""Mutation round 122: tests for round 121's survivors (the `trust add` hint's signer, a
rule's hint at a terminal, show's rolled warnings, `Hung`'s memo)."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.keys import generate, load_private
from tests.helpers_merge import Who, allowed_signers, findings, person

RESULTS = ["noncompliant", "noncompliant", "compliant"]


@pytest.mark.parametrize("command", ["summary", "export"])
def test_the_trust_hint_names_a_signer_whose_name_begins_with_a_dash(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """A signer's name may begin with `-` (`-p@coal.example` is a principal). The hint to
    trust its key said `--principal ./-p@coal.example`, as for a file's name: typed, it
    trusted the key for another principal, and the file stayed left out. The hint names the
    signer as `verify` names it; typed as it is said, the next run counts the file."""
    monkeypatch.chdir(tmp_path)
    alice = person(tmp_path, "alice")
    generate(tmp_path / "dash", "-p@coal.example", None)
    dash = Who("-p@coal.example", load_private(tmp_path / "dash", None), tmp_path / "dash")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "a.toml").write_bytes(findings(alice, RESULTS))
    (tmp_path / "archive" / "b.toml").write_bytes(findings(dash, RESULTS, n=1))
    allowed_signers(tmp_path / "allowed", alice)
    args = [command, "archive", "--no-cache", "--allowed-signers", "allowed"]
    args += ["--as-of", "2026-12-06"]
    args += ["-o", "-"] if command == "export" else []
    run = cli(args)
    assert run.exit_code == 0
    assert run.stderr.splitlines()[:2] == [
        "minecheck: warning: archive/b.toml: left out: untrusted-key: the signing key is not in "
        "allowed_signers",
        "  hint: to count it, trust the signer's key as you received it from them (or --from "
        "LINES): minecheck trust add --principal -p@coal.example --key KEY.pub "
        "--allowed-signers allowed",
    ]
    typed = shlex.split(run.stderr.splitlines()[1].split("LINES): ", 1)[1])
    assert typed[:3] == ["minecheck", "trust", "add"]
    typed[typed.index("KEY.pub")] = "dash.pub"
    added = cli(typed[1:])
    assert added.exit_code == 0, added.stderr
    again = cli(args)
    assert (again.exit_code, again.stderr) == (0, "")
