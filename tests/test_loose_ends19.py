"""Loose ends, round 19: minecheck's own trust files that are links to nothing said so by every
command that reads them; a follow-up dated after the report's day whose copies conflict counted
once."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from minecheck import paths
from minecheck.core.documents import Event
from minecheck.core.keys import load_private
from tests.helpers_docs import documents_parsed
from tests.helpers_merge import Who
from tests.helpers_merge import findings as findings_file
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel, step
from tests.test_export import followup
from tests.test_inspect_pty import GAS, Terminal, draft_id, ended, findings, key, keyed, line, term
from tests.test_loose_ends15 import NEAR_MIDNIGHT, _an_event_not_applied, _summary
from tests.test_loose_ends15 import REF as LOOSE_REF
from tests.test_loose_ends16 import NOT_YET, said_not_yet

__all__ = ["keyed", "panel", "term"]  # the fixtures


# minecheck's own trust file, a link whose target is gone, en and zh
GONE = {
    "en": (
        "{path}: a symbolic link that leads to no file (a loop, or its target is gone)",
        "restore the file it leads to, or remove the link to have none",
    ),
    "zh": (
        "{path}：符号链接不指向任何文件（链接成环，或目标已不存在）",
        "恢复它所指向的文件，或删除该链接（即不用此文件）",
    ),
}
# each command that reads minecheck's own trust list, with the files it is given
READERS = {
    "trust list": ["trust", "list"],
    "verify": ["verify", "xinxing.toml", "f1.toml"],
    "summary": ["summary", "xinxing.toml", "f1.toml"],
    "show": ["show", "xinxing.toml", "f1.toml"],
    "export": ["export", "xinxing.toml", "f1.toml"],
    "merge": ["merge", "xinxing.toml", "f1.toml", "-o", "m.toml"],
}
TRUST_FILES = {
    "allowed signers": paths.allowed_signers_file,
    "revoked keys": paths.revoked_keys_file,
}


def _own_trust_gone(panel: dict[str, Any], which: str) -> Path:
    """minecheck's own trust list: the panel's allowed signers, and the file `which` names made a
    link to a file no longer there (a share not mounted, a file moved)."""
    own = paths.allowed_signers_file()
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(Path(panel["trust"][1]).read_text())
    path = TRUST_FILES[which]()
    if path.exists():
        path.unlink()
    path.symlink_to(own.parent / "moved-away")
    return path


@pytest.mark.parametrize("which", sorted(TRUST_FILES))
@pytest.mark.parametrize("command", sorted(READERS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_trust_file_that_is_a_link_to_nothing_stops_every_report(
    cli: Any, panel: dict[str, Any], which: str, command: str, lang: str
) -> None:
    """minecheck's own allowed signers (or revoked keys) file a link whose target is gone was
    taken as an empty list: `trust list` said "no trusted keys yet", `verify` called every
    document untrusted, `show` showed them, and a revoked key was trusted again. A trust list
    that vanished is said as one that cannot be read: exit 2, nothing on stdout, nothing
    written."""
    step(cli, panel["people"]["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified")
    path = _own_trust_gone(panel, which)
    run = cli([*READERS[command], "--lang", lang])
    message, hint = GONE[lang]
    said = f"minecheck: error: {message.format(path=path)}\n  hint: {hint}\n"
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)
    assert not Path("m.toml").exists()


@pytest.mark.parametrize("which", sorted(TRUST_FILES))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_followup_says_its_own_trust_file_leads_to_nothing(
    cli: Any, panel: dict[str, Any], which: str, lang: str
) -> None:
    """`followup` judged the follow-ups by a trust list that vanished as by an empty one, and
    warned that the mine's rectification (untrusted by nothing) did not count. It now says, in
    the words of every report, what keeps the list from being read, and judges by signatures
    as where there is no list (the rectification is found); the acceptance is written."""
    step(cli, panel["people"]["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified")
    path = _own_trust_gone(panel, which)
    args = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z"]
    run = cli([*args, *by(panel["people"]["chen"]), "-o", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    judged = {
        "en": (
            ": followup judges the follow-ups here by their signatures alone, as where "
            "minecheck has no trust list of its own\n"
            "  hint: every report made with it stops at it; see what keeps it from being read "
            "with\n    minecheck trust list\n"
        ),
        "zh": (
            "：followup 仅按签名判断此处的跟踪记录，如同 minecheck 没有自己的信任文件\n"
            "  hint: 使用它的报告都会在此停止；查看无法读取的原因：\n    minecheck trust list\n"
        ),
    }
    said = f"minecheck: warning: {GONE[lang][0].format(path=path)}{judged[lang]}"
    assert run.stderr == said
    assert Path("a.toml").is_file()


def test_a_trust_file_that_is_a_link_to_a_file_is_read(cli: Any, panel: dict[str, Any]) -> None:
    """Guard: an allowed signers file that is a link to a real file (kept on a share) is read
    through the link, as before: every document trusted."""
    step(cli, panel["people"]["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified")
    own = paths.allowed_signers_file()
    own.parent.mkdir(parents=True, exist_ok=True)
    kept = own.parent / "office-list"
    kept.write_text(Path(panel["trust"][1]).read_text())
    own.symlink_to(kept)
    run = cli(["verify", "--json", "xinxing.toml", "f1.toml"])
    assert run.exit_code == 0, run.stdout
    assert [d["status"] for d in run.json()["data"]["files"]] == ["trusted", "trusted"]
    assert os.path.islink(own)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_follow_up_dated_later_whose_copies_conflict_is_counted_once(
    cli: Any, tmp_path: Path, lang: str
) -> None:
    """Guard (round 33 left it, read from the code): a follow-up dated after the report's day,
    given again in a folder below with other words under the same document id and key (a
    conflict, which the check of known documents never sees for a later one). It is one
    document, as the conflict check counts it (one identity, every copy left out once known):
    "1 follow-up document", in table, Markdown and HTML; the report of a later day says the
    conflict and counts neither."""
    docs = _an_event_not_applied(tmp_path)
    (docs / "sub").mkdir()
    alice = Who("alice@coal.example", load_private(tmp_path / "alice", None), tmp_path / "alice")
    other = Event(LOOSE_REF, "accepted", NEAR_MIDNIGHT, method="self", note="other words")
    (docs / "sub" / "f.toml").write_bytes(followup(alice, other))
    assert (docs / "sub" / "f.toml").read_bytes() != (docs / "f.toml").read_bytes()
    said_not_yet(cli, docs, lang)
    later = _summary(cli, docs, lang, "--as-of", "2026-12-31", "--format", "md")
    assert "7b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e" in later.stderr  # (the conflict, said)
    assert NOT_YET[lang] not in later.stdout


# the other inspection of `_archive`, whose findings file names not REF's inspection
OTHER = "9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f"


def _archive(cli: Any, panel: dict[str, Any]) -> Path:
    """A year's archive: the findings in `records/findings/` (and another inspection's beside
    them), the mine's rectification of REF in `records/2026-11/`."""
    mine = panel["people"]["mine"]
    records: Path = panel["work"] / "records"
    for folder in ("findings", "2026-11"):
        (records / folder).mkdir(parents=True)
    done = ("--action", "rectified", "--note", "x", "--at", "2026-11-30T08:00:00Z")
    run = cli(["followup", REF, *done, "-o", "records/2026-11/r.toml", *by(mine)])
    assert (run.exit_code, run.stderr) == (0, "")
    Path("xinxing.toml").rename(records / "findings" / "xinxing.toml")
    wang = panel["people"]["wang"]
    other = findings_file(wang, ["compliant", "noncompliant", "compliant"], inspection_id=OTHER)
    (records / "findings" / "other.toml").write_bytes(other)
    return records


def test_followup_from_the_top_of_an_archive_finds_the_findings_below(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the top of an archive with no --findings, `followup` read the follow-ups below
    (loose ends 17, 18) but looked for the findings in the top folder only: "no findings file
    here holds inspection ...", said of an inspection filed below. The findings below now count
    as the follow-ups below do: read where their bytes name the inspection (the other
    inspection's file is not parsed), and nothing is said."""
    records = _archive(cli, panel)
    read = documents_parsed(monkeypatch)
    monkeypatch.chdir(records)
    chen = panel["people"]["chen"]
    who = ["--key", str(chen.key), "--signer", chen.principal]
    run = cli(["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z", *who])
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"{run.stdout.strip()}\n", "")
    assert sorted(read) == ["r.toml", "xinxing.toml"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_prefix_from_the_top_of_an_archive_is_resolved_by_the_findings_below(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """An inspection named by its prefix from the top of the archive was refused (exit 2, "no
    findings file here holds inspection '3a5f7c9e'"), though the findings below hold it; it is
    now resolved by them, and the grade they give is judged: the mine's own acceptance of its
    major hidden danger is warned of as beside the findings."""
    records = _archive(cli, panel)
    monkeypatch.chdir(records)
    mine = panel["people"]["mine"]
    who = ["--key", str(mine.key), "--signer", mine.principal]
    short = f"{REF[:8]}/gas-overlimit"
    args = ["followup", short, "--action", "accepted", "--method", "self", *who]
    run = cli([*args, "--at", "2026-12-01T08:00:00Z", "-o", "a.toml", "--lang", lang])
    beside = panel["work"] / "beside"
    beside.mkdir()
    (beside / "xinxing.toml").write_bytes((records / "findings" / "xinxing.toml").read_bytes())
    monkeypatch.chdir(beside)
    (beside / "2026-11").mkdir()
    (beside / "2026-11" / "r.toml").write_bytes((records / "2026-11" / "r.toml").read_bytes())
    there = cli([*args, "--at", "2026-12-01T08:00:00Z", "-o", "a.toml", "--lang", lang])
    assert (there.exit_code, there.stdout) == (0, "a.toml\n")
    assert there.stderr.startswith("minecheck: warning: ")
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", there.stderr)
    assert f'finding = "{REF}"' in (records / "a.toml").read_text()


# the finding's prompts in the walk, en and zh: (label, what ends a prompt with no default)
FIELDS = {
    "en": {
        "description": "Description of the hidden danger",
        "location": "Location",
        "severity": "Severity (major/general)",
        "measures": "Rectification measures",
        "responsible": "Responsible unit / person",
        "enforcement": "Enforcement order",
        "deadline": "Deadline (YYYY-MM-DD)",
        "evidence": "Evidence file (empty to finish)",
        "reading": "Enter the reading in %CH4 (limit ≤ 1 %CH4), or a key: ",
        "review": "Your choice (Enter signs): ",
        "question": "Are gas checks done and genuine?",
        "colon": ": ",
    },
    "zh": {
        "description": "隐患描述",
        "location": "位置",
        "severity": "隐患等级（重大/一般）",
        "measures": "整改措施",
        "responsible": "责任单位/人",
        "enforcement": "执法文书",
        "deadline": "整改期限（YYYY-MM-DD）",
        "evidence": "佐证文件（留空结束）",
        "reading": "请输入 %CH4 读数（限值 ≤ 1 %CH4），或按键：",
        "review": "您的选择（回车即签名）：",
        "question": "瓦斯检查是否真实、无漏检假检？",
        "colon": "：",
    },
}
# what the responsible prompt says of a name with an invisible character, en and zh
UNFIT_RESPONSIBLE = {
    "en": (
        "Responsible unit / person: no control or invisible characters (type the name "
        "again, or leave it empty)"
    ),
    "zh": "责任单位/人：不能含控制字符或不可见字符（请重新输入名称，或留空）",
}


@pytest.mark.parametrize("hidden", ["\u200b", "\u202e"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_walk_s_responsible_prompt_asks_again_for_a_name_with_an_invisible_character(
    keyed: Terminal, lang: str, hidden: str
) -> None:
    """In a terminal: a responsible name typed with a zero-width space or a right-to-left
    override was refused only once the whole finding was typed, the item asked again from its
    question, and the refused name offered again as the field's default (in a line editor,
    put back with its character unseen): Enter kept it, and it was refused again. It is now
    refused at its own prompt, said why in the inspector's language, and asked again at once
    with nothing filled in; the fields typed before and after it are signed as typed."""
    words = FIELDS[lang]
    colon = words["colon"]
    child = keyed.inspect("--lang", lang)
    draft_id(child)
    key(child, "n", question=words["question"])
    typed = {
        "description": "board shows checks never made",
        "location": "face 3",
        "severity": "",
        "measures": "retrain the checkers",
    }
    for name, answer in typed.items():
        child.expect_exact(words[name])
        child.sendline(answer)
    line(child, f"{words['responsible']}{colon}", f"Li{hidden}Ming")
    child.expect_exact(UNFIT_RESPONSIBLE[lang])
    child.expect_exact(f"{words['responsible']}{colon}")  # (again, nothing filled in)
    assert "[" not in child.before
    child.sendline("Li Ming")
    line(child, f"{words['enforcement']}{colon}", "EO-1")
    child.expect_exact(words["deadline"])
    child.sendline("")
    line(child, f"{words['evidence']}{colon}", "")
    line(child, words["reading"], "0.5")
    line(child, words["review"], "")
    status, output = ended(child)
    assert status == 0, output
    [finding] = [f for f in findings(keyed.out) if f["item"] == GAS]
    got = {name: finding.get(name) for name in ("description", "location", "measures")}
    assert got == {name: typed[name] for name in got}
    assert (finding["responsible"], finding["enforcement"]) == ("Li Ming", "EO-1")
    assert keyed.verify(keyed.out) == "trusted"
