"""Round 49's differential: the session's start beside its end. What differed and matched no
section of the session's record is pinned here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

CLAUSE = {"en": "Clause: CMHD-5.2", "zh": "依据条款：CMHD-5.2"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_in_colour_a_findings_files_clause_stays_dim_under_its_description(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`show` of a findings file in colour: the clause a major rests on was dim under the
    inspector's description (plain), at the session's start; the hanging layout of a merged
    file's cell (show 49) made a findings file's clause plain, a change no section recorded.
    The description stays plain, the clause dim, as they were."""
    from tests.helpers_merge import allowed_signers, findings, person

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    wang = person(tmp_path, "wang")
    doc = tmp_path / "wang.toml"
    doc.write_bytes(
        findings(
            wang, ["compliant", "noncompliant", "noncompliant"], description="Gas monitor bypassed"
        )
    )
    trust = allowed_signers(tmp_path / "allowed_signers", wang)
    run = cli(["show", str(doc), "--allowed-signers", str(trust), "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    assert f"\x1b[2m{CLAUSE[lang]}\x1b[0m" in run.stdout
    assert "\x1b[2mGas monitor bypassed" not in run.stdout
    assert "Gas monitor bypassed" in run.stdout
