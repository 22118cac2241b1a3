"""Upgrading in the middle of the work: what an earlier minecheck left behind (its cache, its
drafts) is read by this one without being served stale, lost or misread.

The files under tests/data/upgrade/ were made by minecheck 0.1.0 as it stood on 1 December 2026
(commit 98403a4), whose reader accepted an inspection finished before it started:

    minecheck keys generate --principal wang.wei@hlj.example --trust
    minecheck inspect demo-gas ... -o good.toml        (the demo-gas checklist of docs/formats.md)
    # good.toml's body with `finished` set before `started` and a new document_id:
    minecheck sign finished-before-started.toml
    minecheck export finished-before-started.toml --format csv

`merged-2026-12-01.toml` is `minecheck merge good.toml finished-before-started.toml -o ...` of
that version (it called both sources, and so the merged file, trusted). `allowed_signers` is the
line `keys generate --trust` wrote; `corpus-value-0.1.0-corpus6.json` is
the one row that export left in the result cache's `result` table (its version string, the file's
SHA-256 and the value, as text).

`draft-department-2024.1.toml` is a draft written by minecheck 0.1.0 as it stood on 29 November
2026 (commit 3c9f54a), whose department-supervision checklist (version 2024.1) gave the item
annual-enforcement-plan no basis. In a terminal:

    minecheck inspect department-supervision --site "County Emergency Bureau" --tag department \
        --inspector "Wang Wei" -o findings.toml

then `n` on the first item with its fields typed and `evidence/plan.jpg` (the four bytes of
`plan.jpg` here), `y` on the second, `q` on the third. Its two local paths (`checklist_path`,
`output`) are replaced by CHECKLIST_PATH and OUTPUT, which the test fills in; every other byte
is as written.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from minecheck.report import corpus_cache
from minecheck.report.cache import FILE_NAME, ResultCache
from minecheck.session import draft as drafts
from tests.test_inspect_pty import Terminal, key, line

UPGRADE = Path(__file__).resolve().parent / "data" / "upgrade"
STALE = UPGRADE / "finished-before-started.toml"


def _plant_old_value(home: Path) -> None:
    """The result cache as the older minecheck left it: its verdict on STALE's bytes."""
    row = json.loads((UPGRADE / "corpus-value-0.1.0-corpus6.json").read_text(encoding="utf-8"))
    (home / "cache").mkdir(parents=True)
    with ResultCache(home / "cache" / FILE_NAME, row["version"]) as cache:
        cache.put(bytes.fromhex(row["digest"]), row["value"].encode("utf-8"))


def _trust() -> list[str]:
    return ["--allowed-signers", str(UPGRADE / "allowed_signers"), "--as-of", "2027-01-15"]


def test_the_fixture_is_what_this_version_calls_malformed(cli: Any) -> None:
    got = cli(["verify", str(STALE), "--allowed-signers", str(UPGRADE / "allowed_signers")])
    assert got.exit_code == 1
    assert f"{STALE.name}:20:1: finished is before started" in got.stderr
    assert "malformed" in got.stdout


def test_an_older_builds_verdict_in_the_cache_is_not_served(cli: Any, isolated_home: Path) -> None:
    _plant_old_value(isolated_home)
    for command in (["export", "--format", "csv"], ["summary", "--format", "json"]):
        got = cli([*command, str(STALE), *_trust()])
        assert got.exit_code == 2, got.stdout  # the one document is left out: nothing to report
        assert f"{STALE}: left out: malformed" in got.stderr
        assert got.stdout == ""


def test_the_values_version_names_the_code_that_made_them(monkeypatch: Any) -> None:
    """Two builds of one version number (an upgrade between releases, a development install)
    keep their phase-1 values apart, as the memo and the kept counts do."""
    from minecheck.report import memo

    first = corpus_cache.values_version()
    monkeypatch.setattr(memo, "_package_code", lambda: "another build's sources")
    assert corpus_cache.values_version() != first
    assert "another build's sources" in corpus_cache.values_version()


OLD_DRAFT = "71f98c9f-fa45-4c32-a67f-103745cf0e9f"
TYPED = {
    "description": "No annual enforcement plan for 2026 was approved",
    "location": "Enforcement section office",
    "measures": "Draft and approve the 2026 plan",
    "responsible": "Deputy director Li",
}


def _old_draft(home: Path, cwd: Path) -> Path:
    """The older version's draft in this home, its findings file due in `cwd`, its checklist
    file gone with the old installation (the bundled checklist of today is found by its id)."""
    text = (UPGRADE / "draft-department-2024.1.toml").read_text(encoding="utf-8")
    text = text.replace("CHECKLIST_PATH", str(cwd / "gone" / "department-supervision.toml"))
    text = text.replace("OUTPUT", str(cwd / "findings.toml"))
    (home / "drafts").mkdir(parents=True)
    path = home / "drafts" / f"{OLD_DRAFT}.toml"
    path.write_text(text, encoding="utf-8")
    (cwd / "evidence").mkdir(parents=True)
    (cwd / "evidence" / "plan.jpg").write_bytes((UPGRADE / "plan.jpg").read_bytes())
    return path


def test_an_answer_a_new_checklist_asks_again_keeps_what_was_typed(
    tmp_path: Path, isolated_home: Path
) -> None:
    """The checklist that came with the upgrade cites a basis for the item: the non-compliance
    recorded without one is asked again, its fields typed before filled in, not lost."""
    import pexpect

    path = _old_draft(isolated_home, tmp_path)
    term = Terminal(isolated_home, tmp_path)
    assert term.run("keys", "generate", "--principal", "wang.wei@hlj.example").returncode == 0
    child = term.spawn("drafts", "resume", OLD_DRAFT[:8])
    child.expect_exact(
        "this draft was started with checklist department-supervision version 2024.1; it is "
        "now version 2026.2. Answers to changed items will be asked again: "
        "annual-enforcement-plan (its basis changed). Items not answered yet will be asked."
    )
    child.expect_exact("(unfinished answer: non-compliant; what was typed is filled in)")
    key(child, "n", question=None)
    for label, name in (
        ("Description of the hidden danger", "description"),
        ("Location", "location"),
        ("Rectification measures", "measures"),
        ("Responsible unit / person", "responsible"),
    ):
        line(child, f"{label} [{TYPED[name]}]: ", "")
    line(child, "Enforcement order: ", "")  # asked since: an older draft has none
    child.expect_exact("Deadline (YYYY-MM-DD) [2026-12-09]: ")
    due = dt.date.today() + dt.timedelta(days=7)
    child.sendline(due.isoformat())
    child.expect_exact("  1. evidence/plan.jpg")
    line(child, "Evidence file (empty to finish, -N removes entry N): ", "")
    key(child, "q", question="unannounced-inspections")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    kept = drafts.load(path).answers["annual-enforcement-plan"]
    assert {name: getattr(kept, name) for name in TYPED} == TYPED
    assert (kept.result, kept.severity, kept.basis) == ("noncompliant", "general", ("CR24-43",))
    assert kept.deadline == due
    assert [(e.path, e.bytes) for e in kept.evidence] == [("evidence/plan.jpg", 4)]
    assert drafts.load(path).answers["penetrating-supervision"].result == "compliant"


def _typing_draft(home: Path, cwd: Path) -> Path:
    """The older version's draft, then a non-compliance begun on the third item and cut off in
    its location: what this version keeps of an answer being typed."""
    path = _old_draft(home, cwd)
    d = drafts.load(path)
    d.unfinished = {"unannounced-inspections": {"result": "noncompliant", "description": "None"}}
    drafts.save(path.parent, d)
    return path


def test_a_draft_keeps_the_format_an_older_minecheck_reads_until_it_holds_what_that_one_would_lose(
    tmp_path: Path, isolated_home: Path
) -> None:
    """An older minecheck (a colleague's, or this one downgraded) resumes a draft of format 1
    and, saving it, writes no answer being typed: it called a draft holding only such an answer
    empty and deleted it. A draft holding one is of format 2, which an older minecheck refuses
    and leaves as it is ("not a minecheck draft"); any other draft stays of format 1."""
    path = _old_draft(isolated_home, tmp_path)
    drafts.save(path.parent, drafts.load(path))
    assert 'format = "minecheck.draft/1"\n' in path.read_text(encoding="utf-8")
    _typing_draft(isolated_home / "again", tmp_path / "again")
    again = isolated_home / "again" / "drafts" / f"{OLD_DRAFT}.toml"
    assert 'format = "minecheck.draft/2"\n' in again.read_text(encoding="utf-8")
    assert drafts.load(again).unfinished == {
        "unannounced-inspections": {"result": "noncompliant", "description": "None"}
    }


def test_a_draft_of_a_newer_minecheck_is_said_to_be_one_and_left_as_it_is(
    cli: Any, tmp_path: Path, isolated_home: Path
) -> None:
    path = _old_draft(isolated_home, tmp_path)
    text = path.read_text(encoding="utf-8").replace("minecheck.draft/1", "minecheck.draft/7")
    path.write_text(text, encoding="utf-8")
    said = (
        f"draft {OLD_DRAFT} was written by a newer version of minecheck (minecheck.draft/7); "
        "it was left as it is"
    )
    listed = cli(["drafts", "list"])
    assert listed.exit_code == 0
    assert f"minecheck: warning: {path}: {said}\n" in listed.stderr
    import pexpect

    child = Terminal(isolated_home, tmp_path).spawn("drafts", "resume", OLD_DRAFT)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert child.before.replace("\r\n", "\n") == (
        f"minecheck: error: {said}\n  hint: resume it with that version, or a later one\n"
    )
    assert path.read_text(encoding="utf-8") == text


def test_discarding_a_newer_draft_asks_about_it_as_what_it_is(
    tmp_path: Path, isolated_home: Path
) -> None:
    import pexpect

    path = _old_draft(isolated_home, tmp_path)
    text = path.read_text(encoding="utf-8").replace("minecheck.draft/1", "minecheck.draft/7")
    path.write_text(text, encoding="utf-8")
    child = Terminal(isolated_home, tmp_path).spawn("drafts", "discard", OLD_DRAFT[:8])
    child.expect_exact("Discard draft 71f98c9f (written by a newer minecheck)? [y/N] ")
    child.sendline("n")
    child.expect_exact("nothing was discarded")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert path.read_text(encoding="utf-8") == text


MERGED = UPGRADE / "merged-2026-12-01.toml"


def test_verify_says_why_a_source_of_a_merged_file_is_malformed(cli: Any) -> None:
    """An archive's merged file that verified yesterday, malformed under today's reader: the
    source's own problem is said, at its line in the source (as `extract` writes it)."""
    got = cli(["verify", str(MERGED), "--allowed-signers", str(UPGRADE / "allowed_signers")])
    assert got.exit_code == 1
    assert f"{MERGED}: malformed: source {MERGED}#2 is malformed" in got.stdout
    assert f"{MERGED}#2:20:1: finished is before started\n" in got.stderr


def test_extract_writes_the_sources_of_a_merged_file_a_source_of_which_is_malformed(
    cli: Any, tmp_path: Path
) -> None:
    """The sources come out byte for byte, each to be judged on its own, with a warning; as
    they do when a source's key was revoked since the merge."""
    got = cli(
        [
            "extract",
            str(MERGED),
            "-o",
            str(tmp_path),
            "--allowed-signers",
            str(UPGRADE / "allowed_signers"),
        ]
    )
    assert got.exit_code == 0, got.stderr
    assert got.stderr.startswith(
        f"minecheck: warning: {MERGED}: malformed: source {MERGED}#2 is malformed: "
    )
    written = sorted(tmp_path.iterdir())
    assert got.stdout.splitlines() == [str(p) for p in written]
    assert sorted(p.read_bytes() for p in written) == sorted(
        (UPGRADE / name).read_bytes() for name in ("good.toml", "finished-before-started.toml")
    )


def test_merge_of_such_a_file_points_at_extract(cli: Any, tmp_path: Path) -> None:
    trust = ["--allowed-signers", str(UPGRADE / "allowed_signers")]
    out = tmp_path / "again.toml"
    got = cli(["merge", str(MERGED), str(UPGRADE / "good.toml"), "-o", str(out), *trust])
    assert got.exit_code == 2
    assert f"{MERGED}: source {MERGED}#2 is malformed: " in got.stderr
    assert (
        "  hint: to merge those of its sources that still count, take them out with:\n"
        f"    mkdir DIR && minecheck extract {MERGED} -o DIR\n"
    ) in got.stderr
    assert not out.exists()


def test_a_draft_whose_checklist_is_gone_is_said_to_be_kept(
    tmp_path: Path, isolated_home: Path
) -> None:
    """A draft begun with a checklist that this installation does not have (one the old
    version shipped, a user checklist since removed): where to put it back, the draft kept."""
    import pexpect

    path = _old_draft(isolated_home, tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        'checklist = "department-supervision"', 'checklist = "county-special"'
    )
    path.write_text(text, encoding="utf-8")
    child = Terminal(isolated_home, tmp_path).spawn("drafts", "resume", OLD_DRAFT[:8])
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    gone = tmp_path / "gone" / "department-supervision.toml"
    assert child.before.replace("\r\n", "\n") == (
        f"minecheck: error: draft {OLD_DRAFT} was begun with checklist 'county-special' "
        f"({gone}), which is not installed; the draft was left as it is\n"
        f"  hint: put that checklist file in {isolated_home / 'checklists'} as county-special.toml,"
        f" then resume:\n    mkdir -p {isolated_home / 'checklists'} && cp FILE"
        f" {isolated_home / 'checklists' / 'county-special.toml'}"
        f" && minecheck drafts resume {OLD_DRAFT}\n"
    )
    assert path.read_text(encoding="utf-8") == text
