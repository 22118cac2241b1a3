"""Mutation round 112: what the mutants of `followup`'s refs (the answers known, the files read,
the findings below), of `tomlio`'s two-byte text and of the session's later fixes showed
untested."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import test_attack33 as attack33
from tests.helpers_docs import documents_parsed
from tests.helpers_merge import INSPECTION
from tests.helpers_merge import findings as findings_file
from tests.test_attack26 import _inspect
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, panel, step
from tests.test_inspect_pty import Terminal, keyed, term
from tests.test_interrupted import walked_with
from tests.test_loose_ends19 import OTHER, _archive
from tests.test_power_walk import DRAFT_NOT_REMOVED
from tests.test_same_second import Clock, clock

__all__ = ["clock", "keyed", "panel", "term"]  # fixtures

SHORT = f"{INSPECTION[:8]}/gas-overlimit"
RECTIFIED = ("--action", "rectified", "--note", "x", "--at", "2026-11-30T08:00:00Z")


def _mine(panel: dict[str, Any]) -> list[str]:
    mine = panel["people"]["mine"]
    return ["--key", str(mine.key), "--signer", mine.principal]


def test_one_findings_file_s_compliant_does_not_hide_another_s_noncompliant(
    cli: Any, panel: dict[str, Any]
) -> None:
    """Two inspectors' findings of one inspection, each named with --findings: one found the
    gas over its limit, the other found it compliant. Reports take the item as inconsistent,
    a hidden danger, so `followup` says nothing of it; each file read after the first must add
    its answers to those known, not put them in their place (the last file's `compliant` would
    warn "not a hidden danger")."""
    work: Path = panel["work"]
    people = panel["people"]
    (work / "xinxing.toml").rename(work / "a.toml")
    other = findings_file(people["chen"], ["compliant", "compliant", "compliant"])
    (work / "b.toml").write_bytes(other)
    named = ["--findings", "a.toml", "--findings", "b.toml"]
    run = cli(["followup", REF, *RECTIFIED, "-o", "r.toml", *_mine(panel), *named])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "r.toml\n", "")


def test_a_prefix_is_resolved_where_a_later_inspection_s_file_is_read_first(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The current directory's files are read in their names' order: `a.toml` holds an
    inspection whose id sorts after the one `b.toml` holds. The prefix of `b.toml`'s inspection
    is found among the ids in their sorted order (kept in the files' order, the search would
    stop at the first id and say "no findings file here holds inspection ...")."""
    work: Path = panel["work"]
    wang = panel["people"]["wang"]
    (work / "xinxing.toml").rename(work / "b.toml")
    later = findings_file(wang, ["compliant", "noncompliant", "compliant"], inspection_id=OTHER)
    (work / "a.toml").write_bytes(later)
    assert OTHER > INSPECTION
    run = cli(["followup", SHORT, *RECTIFIED, "-o", "r.toml", *_mine(panel)])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "r.toml\n", "")
    assert REF.encode() in Path("r.toml").read_bytes()


def test_a_quarter_of_nuls_is_two_byte_text_and_keeps_the_parser_s_words(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text whose NULs are a quarter of its characters (the rule's edge: "at least a quarter")
    is taken as two-byte text read a byte at a time: deleting the NUL would mend nothing, so
    the parser's words are kept."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes(b"a = 1\x00\x00\n")  # (2 of 8 characters)
    run = _inspect(cli, "a.toml", "en")
    assert run.stderr == (
        "a.toml:1:6: invalid TOML: Expected newline or end of document after a statement\n"
        "minecheck: error: a.toml is not valid TOML\n"
    )


def test_nuls_short_of_a_quarter_are_named_by_their_code(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One character more (2 NULs of 9 characters, the last a line end): short of a quarter,
    the NUL stands in text and is named by its code, to be deleted."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes(b"a = 12\x00\x00\n")
    run = _inspect(cli, "a.toml", "en")
    assert run.stderr == (
        "a.toml:1:7: invalid TOML: a control character, U+0000, stands here (an editor shows it "
        "as nothing, or as a box): TOML text holds none but a tab and the line ends; delete it\n"
        "minecheck: error: a.toml is not valid TOML\n"
    )


def test_a_draft_not_removed_is_the_path_of_its_warning(keyed: Terminal, tmp_path: Path) -> None:
    """The walk signed its file, then removing the draft failed (a failing disk): `--json`'s
    `draft-not-removed` gives as its `path` the draft's file, which is what could not be
    removed and what a script is to mend, not the signed file its message names."""
    status, output = walked_with(keyed, tmp_path, DRAFT_NOT_REMOVED, "--json")
    [draft] = keyed.drafts()
    assert status == 0, output
    envelope = json.loads(output[output.index('{\r\n  "minecheck"') :])
    [problem] = envelope["problems"]
    home = keyed.home / "drafts" / f"{draft['id']}.toml"
    assert (problem["code"], problem["path"]) == ("draft-not-removed", str(home))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_hint_s_command_quotes_a_ref_the_shell_would_split(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """An inspection prefix held nowhere here or below, its item typed with a blank and a `$`:
    the command the hint gives to copy quotes the ref, as it was typed, so that pasted it is
    one word and nothing in it is expanded."""
    monkeypatch.chdir(tmp_path)
    ref = "3a5f7c9e/gas $over"
    run = cli(["followup", ref, *RECTIFIED, "-o", "r.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert (
        run.stderr.splitlines()[-1]
        == "    minecheck followup '3a5f7c9e/gas $over' ... --findings FILE"
    )
    assert not Path("r.toml").exists()


@pytest.mark.parametrize("length", [80, 81])
def test_a_principal_is_quoted_whole_up_to_eighty_characters(
    cli: Any, tmp_path: Path, length: int
) -> None:
    """A refused principal of 80 characters is quoted whole; one of 81 by its ends and its
    length, by `keys generate` and `trust add` alike (the edge of the rule both share)."""
    from tests.test_spec_conformance import PUBLIC_KEY

    principal = "W" + "a" * (length - 13) + "@hlj.example"
    said = repr(principal)
    if length > 80:
        said = f"{principal[:50] + '…' + principal[-20:]!r} ({length} characters)"
    pub = tmp_path / "k.pub"
    pub.write_text(PUBLIC_KEY)
    for run in (
        cli(["keys", "generate", "--principal", principal]),
        cli(["trust", "add", "--principal", principal, "--key", str(pub)]),
    ):
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr.splitlines()[0] == f"minecheck: error: {said} is not a valid principal"


def test_a_findings_file_named_otherwise_than_its_folder_lists_it_is_read_once(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--findings ./xinxing.toml`, and an acceptance, which reads the follow-ups beside the
    findings: the folder lists the findings file as `xinxing.toml`, the same file named
    otherwise. Each file is parsed once (told apart by their spelling, the findings would be
    read again among the follow-ups)."""
    people = panel["people"]
    step(cli, people["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED[:4])
    read = documents_parsed(monkeypatch)
    chen = people["chen"]
    who = ["--key", str(chen.key), "--signer", chen.principal, "--findings", "./xinxing.toml"]
    run = cli(["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z", *who])
    assert (run.exit_code, run.stderr) == (0, "")
    assert sorted(read) == ["f1.toml", "xinxing.toml"]


def _scans_counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files whose bytes `followup` scans for refs from now on (`_names_one`),
    in the order it scans them."""
    import minecheck.cli._refs as refs

    scanned: list[str] = []
    scan = refs._names_one

    def counted(name: str, sought: set[bytes]) -> bool:
        scanned.append(Path(name).name)
        return scan(name, sought)

    monkeypatch.setattr(refs, "_names_one", counted)
    return scanned


def test_the_files_below_are_scanned_once_for_a_prefix_held_nowhere(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two events of an events file name an inspection prefix no findings file holds: the
    files below are scanned for it once, not once for each event (a year's events file with one
    prefix mistyped would scan the archive again for every line)."""
    below = panel["work"] / "records"
    below.mkdir()
    (panel["work"] / "xinxing.toml").rename(below / "xinxing.toml")
    scanned = _scans_counted(monkeypatch)
    event = '[[event]]\nfinding = "3a5f0000/gas-overlimit"\naction = "rectified"\nnote = "x"\n'
    Path("ev.toml").write_text(event * 2, encoding="utf-8")
    run = cli(["followup", "--events", "ev.toml", *_mine(panel), "-o", "f.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.count("no findings file here holds inspection '3a5f0000'") == 2
    assert sorted(scanned) == ["ev.toml", "xinxing.toml"]
    assert not Path("f.toml").exists()


def test_a_prefix_held_nowhere_is_refused_beside_another_inspection_s_findings(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The current directory holds another inspection's findings (which have the same item);
    the prefix typed is held nowhere here or below: it is refused, and nothing is written (the
    findings below being looked for must not hand back the inspections known already)."""
    work: Path = panel["work"]
    wang = panel["people"]["wang"]
    (work / "xinxing.toml").rename(work.parent / "xinxing.toml")
    other = findings_file(wang, ["compliant", "noncompliant", "compliant"], inspection_id=OTHER)
    (work / "other.toml").write_bytes(other)
    run = cli(["followup", SHORT, *RECTIFIED, "-o", "r.toml", *_mine(panel)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == "no findings file here holds inspection '3a5f7c9e'"
    assert not Path("r.toml").exists()


def test_a_file_below_known_not_to_name_the_inspection_is_not_scanned_again(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An acceptance by its prefix from the top of an archive: the files below are scanned for
    the prefix; one that does not hold it (another inspection's findings) holds no ref of its
    findings either, so the look for the follow-ups that name the finding passes it over
    instead of scanning its bytes again."""
    records = _archive(cli, panel)
    monkeypatch.chdir(records)
    scanned = _scans_counted(monkeypatch)
    chen = panel["people"]["chen"]
    who = ["--key", str(chen.key), "--signer", chen.principal, "-o", "a.toml"]
    run = cli(["followup", SHORT, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z", *who])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    assert scanned.count("other.toml") == 1


def test_the_tie_check_reads_no_follow_up_beside_written_long_before(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The findings named in a folder of their own, beside them a follow-up of the same finding
    written a year ago: signing an escalation checks for a tie with what was signed in
    the same second, and reads only the files there written a moment ago (the old one cannot
    tie), not every file that names the finding."""
    work: Path = panel["work"]
    people = panel["people"]
    step(cli, people["mine"], "old.toml", "2026-11-30T08:00:00Z", *RECTIFIED[:4])
    archive = work / "archive"
    archive.mkdir()
    for name in ("xinxing.toml", "old.toml"):
        (work / name).rename(archive / name)
    long_ago = (archive / "old.toml").stat().st_mtime - 365 * 86400
    os.utime(archive / "old.toml", (long_ago, long_ago))
    read = documents_parsed(monkeypatch)
    # (the tie check alone: signing any event then reads the follow-ups that name its finding,
    # to judge it by the state they leave it in: test_field14)
    from minecheck.cli._refs import RefResolver
    from minecheck.core.documents import Event, utc_now

    refs = RefResolver(["archive/xinxing.toml"])
    at = dt.datetime(2026, 12, 2, 8, tzinfo=dt.UTC)
    escalation = Event(REF, "escalated", at, note="y")
    assert not refs.same_second([escalation], utc_now(), Path("."))
    assert read == ["xinxing.toml"]


def test_markless_utf_16_of_several_lines_with_an_lf_appended_keeps_the_parser_s_words(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two-byte text of several lines, read a byte at a time, its own line ends among the NULs:
    still two-byte text, so the parser's words are kept (no "delete it" of a NUL)."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes("a = 1\nb = 2".encode("utf-16-le") + b"\n")
    run = _inspect(cli, "a.toml", "en")
    assert run.stderr == (
        "a.toml:1:2: invalid TOML: Expected '=' after a key in a key/value pair\n"
        "minecheck: error: a.toml is not valid TOML\n"
    )


def test_a_follow_up_below_not_naming_one_inspection_is_read_for_another_s(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the top of an archive, an events file accepts two majors: one of an inspection
    filed below (named by its prefix, looked for below), one of an inspection whose findings
    are at the top. The second's rectification, below, does not hold the first's prefix: it is
    still read for the second finding, which it names (passed over, the second acceptance was
    said to come before any rectification)."""
    people = panel["people"]
    records = _archive(cli, panel)
    (records / "findings" / "other.toml").rename(records / "other.toml")
    monkeypatch.chdir(records)
    mine = people["mine"]
    done = ("--action", "rectified", "--note", "x", "--at", "2026-11-30T09:00:00Z")
    who = ["--key", str(mine.key), "--signer", mine.principal, "-o", "2026-11/rb.toml"]
    run = cli(["followup", f"{OTHER}/gas-overlimit", *done, *who])
    assert (run.exit_code, run.stderr) == (0, "")
    accepted = (
        'action = "accepted"\nmethod = "expert-review"\nat = 2026-12-01T08:00:00Z\n'
        'reviewers = ["Chen Jie", "Liu Yang", "Sun Li"]\n'
    )
    Path("ev.toml").write_text(
        f'[[event]]\nfinding = "{SHORT}"\n{accepted}'
        f'[[event]]\nfinding = "{OTHER}/gas-overlimit"\n{accepted}',
        encoding="utf-8",
    )
    chen = people["chen"]
    who = ["--key", str(chen.key), "--signer", chen.principal, "-o", "a.toml"]
    run = cli(["followup", "--events", "ev.toml", *who])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")


# the other ways a TOML string may spell a ref's slash: a `\x` escape, and a line-ending
# backslash with blanks before its line end (attack 33's test writes the `\u` and `\U` escapes
# and an LF right after the backslash; a CR is refused by `sign`)
BLANKS_LF = chr(92) + " \t\n    /"  # (a backslash, a blank and a tab, the line end)
MORE_ESCAPES: dict[str, Callable[[str], str]] = {
    "x": lambda ref: f'"{ref.replace("/", chr(92) + "x2f")}"',
    "blanks before the line end": lambda ref: '"""' + ref.replace("/", BLANKS_LF) + '"""',
}


@pytest.mark.parametrize("written", sorted(MORE_ESCAPES))
def test_the_tie_check_sees_a_ref_spelled_with_the_other_escapes(
    cli: Any, panel: dict[str, Any], clock: Clock, monkeypatch: pytest.MonkeyPatch, written: str
) -> None:
    """Attack 33's tie check, the ref of a hand-written rejection spelled with each other
    escape that may spell it: the file is read, so the rectification signed in that very
    second is signed in the next, after the rejection."""
    monkeypatch.setitem(attack33.ESCAPED, written, MORE_ESCAPES[written])
    attack33.test_the_tie_check_sees_a_follow_up_naming_the_finding_with_toml_escapes(
        cli, panel, clock, written
    )


def test_a_large_file_below_naming_another_inspection_is_not_parsed(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the top of an archive, another inspection's findings below of some kilobytes (a
    long description): their bytes are scanned whole for the prefix, which they do not hold,
    and they are not parsed (a scan cut short would read every file past its limit)."""
    records = _archive(cli, panel)
    wang = panel["people"]["wang"]
    results = ["compliant", "noncompliant", "compliant"]
    other = findings_file(wang, results, inspection_id=OTHER, description="风" * 3000)
    (records / "findings" / "other.toml").write_bytes(other)
    assert len(other) > 8192
    read = documents_parsed(monkeypatch)
    monkeypatch.chdir(records)
    chen = panel["people"]["chen"]
    who = ["--key", str(chen.key), "--signer", chen.principal, "-o", "a.toml"]
    run = cli(["followup", SHORT, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z", *who])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    assert sorted(read) == ["r.toml", "xinxing.toml"]
