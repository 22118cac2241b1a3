"""The last merges attacked, round 30: the fold's `closed-by-rectifier` rule, `followup`'s
warnings of an acceptance before the rectification and of a closure by the rectifier, the hint
of a `.pub` that is a link or a folder, and the report's times of events not applied."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.sanitize import shell_word
from tests.helpers_merge import findings
from tests.test_attack28 import PUB_LINK_HINT
from tests.test_cli_keys_rules import ALICE, ssh_keygen
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel, reports, step
from tests.test_mutated99 import LINK_TO_NOTHING

__all__ = ["panel"]  # the fixture

CLOSED = ("--action", "closed")
RECTIFIED = ("--action", "rectified", "--note", "x")
WARNED = (
    "minecheck: warning: {ref}: {signer} reported it rectified ({where}): no report will apply "
    "a major hidden danger's closure by the one who reported it rectified\n"
)
CLOSE_HINT = (
    "  hint: a major hidden danger is closed by the authority that recorded it, not by the one "
    "who reported it rectified\n"
)


def test_followup_names_the_rectifier_the_fold_takes_of_two_rectifications(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The mine reports the major rectified, a second signer reports it again (not applied:
    `rectified-twice`), an expert accepts. The fold keeps the mine as the rectifier, so the
    mine's closure is refused and the second signer's is applied; `followup` took the latest
    rectification instead: it warned the second signer, and said nothing to the mine."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
    step(cli, p["sun"], "f2.toml", "2026-11-30T09:00:00Z", *RECTIFIED)
    step(cli, p["chen"], "a.toml", "2026-12-01T08:00:00Z", *ACCEPT, *REVIEWERS)
    files = ["xinxing.toml", "f1.toml", "f2.toml", "a.toml"]
    mine = cli(
        ["followup", REF, *CLOSED, "--at", "2026-12-02T08:00:00Z", "-o", "c.toml", *by(p["mine"])]
    )
    assert (mine.exit_code, mine.stdout) == (0, "c.toml\n")
    said = WARNED.format(ref=REF, signer=p["mine"].principal, where="f1.toml")
    assert mine.stderr == said + CLOSE_HINT
    other = cli(
        ["followup", REF, *CLOSED, "--at", "2026-12-02T08:00:00Z", "-o", "d.toml", *by(p["sun"])]
    )
    assert (other.exit_code, other.stdout, other.stderr) == (0, "d.toml\n", "")
    # what every report says of them
    assert reports(cli, panel, [*files, "c.toml"])["row"]["state"] == "accepted"
    assert reports(cli, panel, [*files, "d.toml"])["row"]["state"] == "closed"


def test_an_events_file_s_rectification_listed_after_what_follows_it_is_taken(
    cli: Any, panel: dict[str, Any]
) -> None:
    """An events file is taken by time, as the fold takes it, whatever order it lists its events
    in: a self assessment of a general hidden danger listed before the rectification it
    accepts (dated before it) was warned of as accepted before any rectification, and the
    mine's closure of a major listed before its own rectification got no word."""
    p = panel["people"]
    accepted = (
        f'[[event]]\nfinding = "{REF}"\naction = "accepted"\nmethod = "self"\n'
        "at = 2026-12-01T08:00:00Z\n\n"
    )
    rectified = (
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nnote = "x"\n'
        "at = 2026-11-30T08:00:00Z\n"
    )
    Path("e.toml").write_text(accepted + rectified)
    general = findings(p["wang"], ["compliant", "noncompliant", "compliant"], severity="general")
    Path("general.toml").write_bytes(general)
    args = ["followup", "--events", "e.toml", "--key", str(p["mine"].key)]
    run = cli([*args, "--signer", p["mine"].principal, "--findings", "general.toml", "-o", "g"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "g\n", "")
    # a major: the mine's closure, listed first, of its own rectification an expert accepted
    step(cli, p["chen"], "a.toml", "2026-11-30T09:00:00Z", *ACCEPT, *REVIEWERS)
    closed = f'[[event]]\nfinding = "{REF}"\naction = "closed"\nat = 2026-12-01T08:00:00Z\n\n'
    Path("e.toml").write_text(closed + rectified)
    run = cli([*args, *by(p["mine"])[2:], "-o", "m", "--json"])
    assert (run.exit_code, run.stderr) == (0, "")
    [warning] = run.json()["problems"]
    assert warning["code"] == "not-applied"
    assert warning["message"] == WARNED.format(
        ref=REF, signer=p["mine"].principal, where="this document"
    ).removeprefix("minecheck: warning: ").rstrip("\n")
    assert (warning["path"], warning["line"]) == ("e.toml", 1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_pub_that_is_a_link_to_nothing_is_said_so_where_it_is_read(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A key's `.pub` that is a link whose target is gone, where a command must read it (`keys
    show --key` of a key recorded nowhere, `trust revoke` of our own key by its fingerprint):
    "public key file KEY.pub does not exist" (`ls` shows it), then the hint to remove the link.
    It says what it is, as `keys import` and every other reader of a link to nothing say it;
    the hint is the same. Commands that sign go on without a `.pub` that is not there, as
    before."""
    monkeypatch.chdir(tmp_path)
    ssh_keygen(tmp_path / "key", ALICE)
    ssh_keygen(tmp_path / "lone", ALICE)  # a key recorded nowhere
    assert cli(["keys", "import", "./key", "--principal", ALICE]).exit_code == 0
    fingerprint = json.loads(cli(["keys", "show", "--json"]).stdout)["data"]["fingerprint"]
    for name in ("key", "lone"):
        (tmp_path / f"{name}.pub").unlink()
        (tmp_path / f"{name}.pub").symlink_to("gone")
    whole = tmp_path / "key"

    def said(key: str, typed: str) -> str:
        pub = f"{key}.pub"
        command = f"rm {shell_word(pub)} && ssh-keygen -y -f {shell_word(key)} > {shell_word(pub)}"
        return f"{LINK_TO_NOTHING[lang].format(p=typed)}\n{PUB_LINK_HINT[lang]}    {command}\n"

    cases: list[tuple[list[str], str]] = [
        (["keys", "show", "--key", "./lone"], said("lone", "./lone.pub")),
        (["trust", "revoke", fingerprint], said(f"{whole}", f"{whole}.pub")),
        (["keys", "import", "./key"], said("key", "./key.pub")),  # (as before)
    ]
    for args, words in cases:
        run = cli([*args, "--lang", lang])
        assert (run.exit_code, run.stdout, run.stderr) == (2, "", words), args
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_symlink()) == ["key.pub", "lone.pub"]
    assert not (tmp_path / "gone").exists()
    assert not Path("revoked_keys").exists()


SENT_BACK = {
    "en": "minecheck: warning: {ref}: the signed follow-ups here send it back to rectification "
    "at 2026-12-01T08:00:00Z (a rejection or a reopening), and none reports it rectified again "
    "by 2026-12-02T08:00:00Z, when the acceptance is dated: a report applies an acceptance only "
    "after the rectification it accepts\n"
    "  hint: accept it after the enterprise reports it rectified again (--action rectified)\n",
    "zh": "minecheck: warning: {ref}：此处已签名的跟踪记录在 2026-12-01T08:00:00Z 将其退回整改"
    "（驳回或重新打开），此后没有在该验收所署时间 2026-12-02T08:00:00Z 之前再次报告整改完成的："
    "报告只在所验收的整改之后才采纳验收\n"
    "  hint: 请在企业再次报告整改完成（--action rectified）之后验收\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_followup_warns_an_acceptance_after_a_rejection_with_no_rectification_since(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """The mine reports the major rectified, one expert rejects it, another accepts it a day
    later with no new rectification between: every report lists the acceptance as "accepted
    while rectifying", and `followup` said nothing (a rectification came before it, the one
    the rejection sent back). It says so now, as it does of an acceptance before any
    rectification; after the mine's second rectification, nothing."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
    step(cli, p["liu"], "r.toml", "2026-12-01T08:00:00Z", "--action", "rejected", "--note", "y")
    args = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-02T08:00:00Z", *by(p["chen"])]
    run = cli([*args, "-o", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    assert run.stderr == SENT_BACK[lang].format(ref=REF)
    files = ["xinxing.toml", "f1.toml", "r.toml", "a.toml"]
    got = reports(cli, panel, files)
    assert got["row"]["state"] == "rectifying"
    assert got["rejected"]["summary"] == [
        ("a.toml", "accepted while rectifying: only a rectified hidden danger can be accepted")
    ]
    # rectified again: the acceptance after it is applied, and nothing is said
    step(cli, p["mine"], "f2.toml", "2026-12-01T20:00:00Z", *RECTIFIED)
    # (a.toml, dated after that rectification, would now be applied: b.toml its second)
    Path("a.toml").unlink()
    run = cli([*args, "-o", "b.toml"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "b.toml\n", "")
    assert reports(cli, panel, [*files[:3], "f2.toml", "b.toml"])["row"]["state"] == "accepted"
