"""A checklist revised mid-year: documents of two versions of one checklist read together."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Finding
from tests.helpers_merge import CREATED, INSPECTION, Who, allowed_signers, findings_of, person
from tests.test_inspect_pty import REVIEW_PROMPT, Terminal, ended, keyed, term

__all__ = ["keyed", "term"]  # fixtures

AS_OF = "2026-12-31"
OLD_TEXT = "a" * 64
NEW_TEXT = "b" * 64


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("alice", "bob")}


def document(
    who: Who,
    rows: Sequence[Finding],
    *,
    version: str,
    sha256: str,
    inspection_id: str = INSPECTION,
) -> bytes:
    """A signed findings document of checklist `prov-gas` at `version` (its text `sha256`)."""
    seed = hashlib.sha256(repr((who.principal, inspection_id, version)).encode()).digest()
    return findings_of(
        who,
        rows,
        str(uuid.UUID(bytes=seed[:16], version=4)),
        inspection_id=inspection_id,
        site_id="E-1",
        site="East mine",
        checklist=("prov-gas", version, sha256),
    )


def doc_id(path: Path) -> str:
    for line in path.read_text().splitlines():
        if line.startswith("document_id"):
            return line.split('"')[1]
    raise AssertionError(path)


def joint(people: dict[str, Who], tmp: Path, *, new_version: str = "2025.1") -> Path:
    """One inspection, Alice's document under 2024.1 (three items), Bob's under the revised
    checklist (two of them: `gas-old` was removed, `gas-b` now asks another question)."""
    folder = tmp / "docs"
    folder.mkdir()
    old = [
        Finding("gas-a", "compliant"),
        Finding("gas-b", "noncompliant", severity="general", description="sensor 3"),
        Finding("gas-old", "compliant"),
    ]
    new = [Finding("gas-a", "compliant"), Finding("gas-b", "compliant")]
    a, b = people["alice"], people["bob"]
    (folder / "a.toml").write_bytes(document(a, old, version="2024.1", sha256=OLD_TEXT))
    (folder / "b.toml").write_bytes(document(b, new, version=new_version, sha256=NEW_TEXT))
    allowed_signers(tmp / "allowed_signers", a, b)
    return folder


def first_of(folder: Path) -> Path:
    return min(folder.glob("*.toml"), key=doc_id)


def test_a_joint_inspection_answered_under_two_versions_is_said(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    folder = joint(people, tmp_path)
    trust = ("--allowed-signers", str(tmp_path / "allowed_signers"), "--as-of", AS_OF)
    said = (
        f"minecheck: warning: {first_of(folder)}: inspection {INSPECTION}: gas-a, gas-b "
        "answered from different versions of checklist prov-gas (2024.1, 2025.1); their "
        "answers are taken as one finding, though an item may ask otherwise in each version"
    )
    run = cli(["export", str(folder), "--format", "jsonl", *trust])
    assert run.exit_code == 0
    assert run.stderr.splitlines() == [said]
    assert [json.loads(line)["item"] for line in run.stdout.splitlines()] == [
        "gas-a",
        "gas-b",
        "gas-old",
    ]
    again = cli(["export", str(folder), "--format", "jsonl", *trust])  # (from the cache)
    assert (again.exit_code, again.stdout, again.stderr) == (0, run.stdout, run.stderr)
    summary = cli(["summary", str(folder), "--json", *trust])
    assert summary.exit_code == 0
    problems = json.loads(summary.stdout)["problems"]
    assert [(p["code"], p["path"], p["message"]) for p in problems] == [
        ("checklist-versions", str(first_of(folder)), said.removeprefix("minecheck: warning: "))
    ]
    zh = cli(["summary", str(folder), "--lang", "zh", *trust])
    assert zh.exit_code == 0
    assert zh.stderr.splitlines() == [
        f"minecheck: warning: {first_of(folder)}：检查 {INSPECTION}：gas-a、gas-b 的结论来自检查表 "
        "prov-gas 的不同版本（2024.1、2025.1）；这些结论被当作同一条检查结果，"
        "但同一条目在各版本中所查内容可能不同"
    ]


def test_merge_says_the_two_versions_too(cli: Any, people: dict[str, Who], tmp_path: Path) -> None:
    folder = joint(people, tmp_path)
    out = tmp_path / "merged.toml"
    run = cli(
        [
            *("merge", str(folder / "a.toml"), str(folder / "b.toml"), "-o", str(out)),
            *("--key", str(people["alice"].key), "--signer", people["alice"].principal),
            *("--allowed-signers", str(tmp_path / "allowed_signers"), "--json"),
        ]
    )
    assert run.exit_code == 0, run.stdout
    problems = json.loads(run.stdout)["problems"]
    assert [(p["code"], p["message"]) for p in problems if p["code"].startswith("checklist")] == [
        (
            "checklist-versions",
            f"inspection {INSPECTION}: gas-a, gas-b answered from different versions of "
            "checklist prov-gas (2024.1, 2025.1); their answers are taken as one finding, "
            "though an item may ask otherwise in each version",
        )
    ]


def test_two_texts_under_one_version_are_told_apart_by_their_digest(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    folder = joint(people, tmp_path, new_version="2024.1")
    run = cli(
        [
            *("export", str(folder), "--format", "csv", "--as-of", AS_OF),
            *("--allowed-signers", str(tmp_path / "allowed_signers")),
        ]
    )
    assert run.exit_code == 0
    assert run.stderr.splitlines() == [
        f"minecheck: warning: {first_of(folder)}: inspection {INSPECTION}: gas-a, gas-b "
        "answered from different versions of checklist prov-gas (2024.1 sha256 aaaaaaaaaaaa, "
        "2024.1 sha256 bbbbbbbbbbbb); their answers are taken as one finding, though an item "
        "may ask otherwise in each version"
    ]


def test_one_version_throughout_says_nothing(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    rows = [Finding("gas-a", "compliant"), Finding("gas-b", "compliant")]
    for name, who in people.items():
        (folder / f"{name}.toml").write_bytes(
            document(who, rows, version="2025.1", sha256=NEW_TEXT)
        )
    allowed_signers(tmp_path / "allowed_signers", *people.values())
    run = cli(
        [
            *("export", str(folder), "--format", "csv", "--as-of", AS_OF),
            *("--allowed-signers", str(tmp_path / "allowed_signers")),
        ]
    )
    assert (run.exit_code, run.stderr) == (0, "")
    assert len(run.stdout.splitlines()) == 3


def test_documents_of_two_inspections_under_two_versions_say_nothing(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    """A year's archive: each inspection under the version of its day, nothing joint."""
    folder = tmp_path / "docs"
    folder.mkdir()
    other = "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e"
    rows = [Finding("gas-a", "compliant"), Finding("gas-b", "compliant")]
    a, b = people["alice"], people["bob"]
    (folder / "a.toml").write_bytes(document(a, rows, version="2024.1", sha256=OLD_TEXT))
    (folder / "b.toml").write_bytes(
        document(b, rows, version="2025.1", sha256=NEW_TEXT, inspection_id=other)
    )
    allowed_signers(tmp_path / "allowed_signers", a, b)
    run = cli(
        [
            *("summary", str(folder), "--as-of", AS_OF),
            *("--allowed-signers", str(tmp_path / "allowed_signers")),
        ]
    )
    assert (run.exit_code, run.stderr) == (0, "")
    assert dt.date.fromisoformat(AS_OF) > CREATED.date()


# -- a walk begun under 2024.1 and resumed under 2025.1 --------------------------------------

V1 = """\
[checklist]
id = "prov-gas"
version = "2024.1"
title = "Provincial gas checks"
title_zh = "省瓦斯检查"
purpose = "Gas."
purpose_zh = "瓦斯。"
applies_to = ["coal-underground"]
directives = ["D10"]
references = ["CMHD"]

[[section]]
id = "gas"
title = "Gas"
title_zh = "瓦斯"

[[section.item]]
id = "gas-a"
question = "Is the gas log kept?"
question_zh = "瓦斯记录是否保存？"
severity = "general"
directives = ["D10"]
evidence = "none"

[[section.item]]
id = "gas-old"
question = "Is the old lamp room out of use?"
question_zh = "旧灯房是否停用？"
severity = "general"
directives = ["D10"]
evidence = "none"
"""
V2 = V1.replace('"2024.1"', '"2025.1"').split('[[section.item]]\nid = "gas-old"')[0]


def resumed_under_the_revision(keyed: Terminal, lang: str) -> tuple[str, Path]:
    """A draft holding a non-compliance typed for `gas-old`, resumed once 2025.1 (without that
    item) is installed over 2024.1: what the inspector is told, and the draft file."""
    from minecheck.core.checklist import load_checklist
    from minecheck.session.draft import Draft, save

    installed = keyed.home / "checklists" / "prov-gas.toml"
    installed.parent.mkdir(parents=True, exist_ok=True)
    installed.write_text(V1, encoding="utf-8")
    cl = load_checklist(installed)
    ident = "6f1d2c3b-4a5e-4f60-8a71-9b8c7d6e5f40"
    draft = Draft(
        id=ident,
        checklist=cl.id,
        checklist_path=str(installed),
        checklist_version=cl.version,
        checklist_sha256=cl.sha256,
        site="East mine",
        site_tags=["coal-underground"],
        inspector="Wang Wei",
        mode="routine",
        inspection_id="0b6a1f6e-6a39-4c1b-9a51-2d43e5f1c7aa",
        language=lang,
        output=str(keyed.out),
        started=CREATED,
    )
    draft.answers = {
        "gas-a": Finding("gas-a", "compliant"),
        "gas-old": Finding(
            "gas-old",
            "noncompliant",
            severity="general",
            description="lamp room in use",
            measures="close it",
            deadline=dt.date(2026, 12, 20),
        ),
    }
    draft.history = ["gas-a", "gas-old"]
    save(keyed.home / "drafts", draft)
    installed.write_text(V2, encoding="utf-8")
    child = keyed.spawn("drafts", "resume", ident, "--lang", lang)
    child.logfile_read = seen = io.StringIO()
    child.expect_exact(REVIEW_PROMPT if lang == "en" else "您的选择（回车即签名）：")
    child.sendline("q")
    assert ended(child)[0] == 0
    return " ".join(seen.getvalue().split()), keyed.home / "drafts" / f"{ident}.toml"


def test_a_typed_non_compliance_of_a_removed_item_is_shown_not_lost(keyed: Terminal) -> None:
    text, _ = resumed_under_the_revision(keyed, "en")
    assert (
        "minecheck: warning: this draft was started with checklist prov-gas version 2024.1; "
        "it is now version 2025.1. Answers to removed items were dropped: gas-old "
        "(noncompliant; Description of the hidden danger: lamp room in use; Rectification "
        "measures: close it). Items not answered yet will be asked."
    ) in text


def test_a_removed_items_typed_text_is_shown_in_chinese_too(keyed: Terminal) -> None:
    text, _ = resumed_under_the_revision(keyed, "zh")
    assert "gas-old（不符合；隐患描述：lamp room in use；整改措施：close it）" in text


def test_a_half_typed_answer_to_a_removed_item_is_told_too(tmp_path: Path) -> None:
    """The walk stopped while the non-compliance of `gas-old` was being typed (kept in the
    draft's `unfinished`, no answer yet): its text is told as a given answer's is."""
    from minecheck.core.checklist import load_checklist
    from minecheck.session.draft import Draft
    from minecheck.session.walk import refit

    old, new = tmp_path / "old" / "prov-gas.toml", tmp_path / "new" / "prov-gas.toml"
    for path, text in ((old, V1), (new, V2)):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    began = load_checklist(old)
    draft = Draft(
        id="6f1d2c3b-4a5e-4f60-8a71-9b8c7d6e5f40",
        checklist=began.id,
        checklist_path=str(old),
        checklist_version=began.version,
        checklist_sha256=began.sha256,
        site="East mine",
        site_tags=["coal-underground"],
        inspector="Wang Wei",
        mode="routine",
        inspection_id="0b6a1f6e-6a39-4c1b-9a51-2d43e5f1c7aa",
        language="en",
        output=str(tmp_path / "f.toml"),
        started=CREATED,
    )
    draft.answers = {"gas-a": Finding("gas-a", "compliant")}
    draft.unfinished = {"gas-old": {"result": "noncompliant", "description": "lamp ro"}}
    lost = refit(load_checklist(new), draft)
    assert (lost.removed, dict(lost.typed)) == (
        ("gas-old",),
        {"gas-old": {"description": "lamp ro"}},
    )
    assert (list(draft.answers), draft.unfinished) == (["gas-a"], {})
