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
from tests.helpers_merge import INSPECTION, allowed_signers, findings, person
from tests.test_author_archive import _month_end
from tests.test_export import followup
from tests.test_loose_ends35 import ROLLED

MANY = 13  # (ten told, three counted)

TRUST_HINT = {
    "en": (
        "  hint: to count it, trust the signer's key as you received it from them (or --from "
        "LINES): minecheck trust add --principal {who} --key KEY.pub --allowed-signers trust"
    ),
    "zh": (
        "  hint: 要计入它，请信任签名人亲手交给您的公钥（或 --from LINES）："
        "minecheck trust add --principal {who} --key KEY.pub --allowed-signers trust"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_many_untrusted_signers_are_told_ten_each_with_its_trust_add(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, lang: str
) -> None:
    """A folder of thirteen inspectors' files, none of their keys trusted: each of the ten told
    carries its own signer's `trust add` (one signer each), the other three are one counted
    line, as at 300 signers (21 lines, not 600)."""
    monkeypatch.chdir(tmp_path)
    Path("d").mkdir()
    alice = person(tmp_path, "alice")
    Path("d/a.toml").write_bytes(findings(alice, ["noncompliant", "compliant", "compliant"]))
    for i in range(MANY):
        who = person(tmp_path, f"insp{i:02d}")
        iid = str(uuid.UUID(int=i + 1, version=4))
        Path(f"d/u{i:02d}.toml").write_bytes(
            findings(who, ["compliant", "compliant", "compliant"], inspection_id=iid)
        )
    allowed_signers(Path("trust"), alice)
    run = _month_end(cli, command, lang)
    assert run.exit_code == 0, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 2 * 10 + 1
    hints = lines[1:20:2]
    assert hints == [TRUST_HINT[lang].format(who=f"insp{i:02d}@coal.example") for i in range(10)]
    rolled = ROLLED[lang][1].format(count=MANY - 10, code="untrusted-key")
    assert lines[-1] == f"minecheck: warning: {rolled}"


CLOSE_HINT = {
    "en": "  hint: close it after its rectification is accepted (--action accepted), the "
    "acceptance kept beside the findings or where the closure is written",
    "zh": "  hint: 请在整改验收（--action accepted）之后销号，"
    "验收记录放在检查结果文件旁边或销号文件所写入的文件夹中",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_many_events_not_applied_by_one_rule_give_its_way_once(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, lang: str
) -> None:
    """Thirteen closures signed after a rectification none accepted (500 in the differential):
    the rule's way is said once, under the first, ten events told and the rest counted."""
    monkeypatch.chdir(tmp_path)
    alice = person(tmp_path, "alice")
    Path("d").mkdir()
    Path("d/a.toml").write_bytes(findings(alice, ["noncompliant", "compliant", "compliant"]))
    ref = f"{INSPECTION}/gas-check-genuine"
    day = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)
    closures = [Event(ref, "closed", day + dt.timedelta(hours=i + 1)) for i in range(MANY)]
    Path("d/f.toml").write_bytes(followup(alice, Event(ref, "rectified", day), *closures))
    allowed_signers(Path("trust"), alice)
    run = _month_end(cli, command, lang, "--as-of", "2026-12-31")
    assert run.exit_code == 0, run.stderr
    lines = run.stderr.splitlines()
    assert [line for line in lines if "hint" in line] == [CLOSE_HINT[lang]]
    assert lines[1] == CLOSE_HINT[lang]
    assert len(lines) == 10 + 1 + 1
    rolled = ROLLED[lang][1].format(count=MANY - 10, code="event-rejected")
    assert lines[-1] == f"minecheck: warning: {rolled}"
