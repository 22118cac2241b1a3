"""Round 51's differential: the session's start beside its end. Every difference it found
matched a section of the session's record; what is pinned here is the new hints' bound at a
terminal (author6), which the start had no hints to bound: many untrusted signers and many
events not applied are told as other warnings are, ten of a kind and the rest counted."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Event
from tests.helpers_merge import INSPECTION, Who, allowed_signers, findings, person
from tests.test_author_archive import REFUSED_SAID, UNTRUSTED_SAID, _month_end
from tests.test_export import followup
from tests.test_loose_ends35 import ROLLED

MANY = 13  # (ten told, three counted)


@pytest.fixture
def month(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Who:
    """Folder `d` holding alice's findings, her key alone in the list `trust`; alice."""
    monkeypatch.chdir(tmp_path)
    alice = person(tmp_path, "alice")
    Path("d").mkdir()
    Path("d/a.toml").write_bytes(findings(alice, ["noncompliant", "compliant", "compliant"]))
    allowed_signers(Path("trust"), alice)
    return alice


def _rolled(lang: str, code: str) -> str:
    return f"minecheck: warning: {ROLLED[lang][1].format(count=MANY - 10, code=code)}"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_many_untrusted_signers_are_told_ten_each_with_its_trust_add(
    cli: Any, tmp_path: Path, month: Who, command: str, lang: str
) -> None:
    """Thirteen inspectors' files beside alice's, none of their keys trusted: each of the ten
    told carries its own signer's `trust add` (one signer each), the other three are one
    counted line, as at 300 signers (21 lines, not 600)."""
    for i in range(MANY):
        who = person(tmp_path, f"insp{i:02d}")
        iid = str(uuid.UUID(int=i + 1, version=4))
        Path(f"d/u{i:02d}.toml").write_bytes(findings(who, ["compliant"] * 3, inspection_id=iid))
    run = _month_end(cli, command, lang)
    assert run.exit_code == 0, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 2 * 10 + 1
    hint = UNTRUSTED_SAID[lang][1]
    assert lines[1:20:2] == [hint.replace("bob@", f"insp{i:02d}@") for i in range(10)]
    assert lines[-1] == _rolled(lang, "untrusted-key")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_many_events_not_applied_by_one_rule_give_its_way_once(
    cli: Any, month: Who, command: str, lang: str
) -> None:
    """Thirteen closures signed after a rectification none accepted (500 in the differential):
    the rule's way is said once, under the first, ten events told and the rest counted."""
    ref = f"{INSPECTION}/gas-check-genuine"
    day = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)
    closures = [Event(ref, "closed", day + dt.timedelta(hours=i + 1)) for i in range(MANY)]
    Path("d/f.toml").write_bytes(followup(month, Event(ref, "rectified", day), *closures))
    run = _month_end(cli, command, lang, "--as-of", "2026-12-31")
    assert run.exit_code == 0, run.stderr
    lines = run.stderr.splitlines()
    hint = REFUSED_SAID[lang][1]
    assert [line for line in lines if "hint" in line] == [hint]
    assert (len(lines), lines[1], lines[-1]) == (12, hint, _rolled(lang, "event-rejected"))
