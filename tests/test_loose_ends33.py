"""Loose ends 33: the not-applied warnings' cases mutation round 117 lacked (a later applied event
in another file, two hidden dangers in one events file, one reviewer accepting in two rounds),
each through `followup` and `sign`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import findings
from tests.test_expert_panel import ACCEPT, REF, by, panel, reports, step
from tests.test_field14 import RECTIFIED, T1, T2, T3, T4, TWICE
from tests.test_field15 import sign
from tests.test_mutated92 import COMMANDS
from tests.test_mutated117 import FULL, _home, _said_once_beside
from tests.test_same_second import Clock, T, clock, created

__all__ = ["clock", "panel"]  # the fixtures

T5 = "2026-12-05T08:00:00Z"
REF2 = REF.replace("gas-overlimit", "gas-check-genuine")
HEAD = '[minecheck]\nformat = "minecheck.followup/1"\ncreated = {created}\n'
TWICE_HINT = (
    "  hint: a hidden danger is reported rectified again only after a rejection or a reopening "
    "sends it back; an event already signed needs no second file\n"
)


def rectified_twice(where: str, at: str, place: str = "") -> str:
    return (
        f"minecheck: warning: {place}{REF}: {where} already reports it rectified at {at}, and no "
        "follow-up here sends it back to rectification since: no report will apply a second "
        f"rectification\n{TWICE_HINT}"
    )


def hand(created: str, *events: tuple[str, str, str, str]) -> None:
    """hand.toml, written by hand: these events (finding, action, at, more keys), `created`
    stated (so that nothing is filled in but the id, signer, key and tool)."""
    body = "".join(
        f'\n[[event]]\nfinding = "{ref}"\naction = "{action}"\nat = {at}\n{more}'
        for ref, action, at, more in events
    )
    Path("hand.toml").write_text(HEAD.format(created=created) + body)


FILLED = "hand.toml: filled in document_id, signer, signer_key, tool\n"


def said(cli: Any, command: str, who: Any, *followup: str) -> str:
    """What `sign` of hand.toml by `who` says, its filled-in line left out; or `followup` given
    these arguments (written to out.toml): each run's exit code 0 and its file written."""
    if command == "followup":
        got = cli(["followup", *followup, "-o", "out.toml", *by(who)])
        assert (got.exit_code, got.stdout) == (0, "out.toml\n")
        return str(got.stderr)
    got = sign(cli, who, "en")
    assert (got.exit_code, got.stdout) == (0, "hand.toml\n")
    assert got.stderr.startswith(FILLED)
    return str(got.stderr).removeprefix(FILLED)


@pytest.mark.parametrize("command", ["followup", "sign"])
def test_a_second_rectification_names_the_one_before_it_not_a_later_one(
    cli: Any, panel: dict[str, Any], command: str
) -> None:
    """Rectified (f1), then a second rectification dated before a rejection and a third
    rectification that other files hold: the warning names f1's, the one before it, not the
    later one the fold applies after it."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", T1, "--action", "rectified")
    step(cli, p["chen"], "r3.toml", T3, "--action", "rejected", "--note", "no")
    step(cli, p["mine"], "f4.toml", T4, "--action", "rectified")
    hand(T2, (REF, "rectified", T2, ""))
    got = said(cli, command, p["mine"], REF, "--action", "rectified", "--at", T2)
    assert got == rectified_twice("f1.toml", T1, "hand.toml:5: " if command == "sign" else "")


@pytest.mark.parametrize("command", ["followup", "sign"])
def test_two_hidden_dangers_in_one_events_file_are_told_apart(
    cli: Any, panel: dict[str, Any], command: str
) -> None:
    """One events file rectifies one hidden danger, another, then the first again: the third
    names the first one's rectification, not the other danger's dated between them."""
    p = panel["people"]
    Path("xinxing.toml").write_bytes(
        findings(p["wang"], ["noncompliant", "noncompliant", "compliant"])
    )
    events = ((REF, "rectified", T1, ""), (REF2, "rectified", T2, ""), (REF, "rectified", T3, ""))
    hand(T3, *events)
    got = said(cli, command, p["mine"], "--events", "hand.toml")
    assert got == rectified_twice("this document", T1, "hand.toml:15: ")


@pytest.mark.parametrize("command", ["followup", "sign"])
def test_a_reviewer_accepting_in_two_rounds_is_named_at_the_last_round(
    cli: Any, panel: dict[str, Any], command: str
) -> None:
    """Chen accepts, rejects, accepts the next rectification, then accepts again: the warning
    names the acceptance of this round (a4), not the first round's (a1)."""
    p = panel["people"]
    chen = ("--reviewer", "Chen Jie")
    step(cli, p["mine"], "f0.toml", RECTIFIED, "--action", "rectified")
    step(cli, p["chen"], "a1.toml", T1, *ACCEPT, *chen)
    step(cli, p["chen"], "r2.toml", T2, "--action", "rejected", "--note", "no")
    step(cli, p["mine"], "f3.toml", T3, "--action", "rectified")
    step(cli, p["chen"], "a4.toml", T4, *ACCEPT, *chen)
    want = TWICE["en"].format(ref=REF, signer=p["chen"].principal)
    want = want.replace(f"(a1.toml, {T1})", f"(a4.toml, {T4})")
    assert "a4.toml" in want
    more = 'method = "expert-review"\nreviewers = ["Chen Jie"]\n'
    hand(T5, (REF, "accepted", T5, more))
    got = said(cli, command, p["chen"], REF, *ACCEPT, *chen, "--at", T5)
    if command == "sign":
        want = want.replace("warning: ", "warning: hand.toml:5: ", 1)
    assert got == want


# --- sign and a tie of one second -----------------------------------------------------------

TIED = {
    "en": (
        "minecheck: warning: hand.toml:5: {ref}: f1.toml reports it rectified at {at}, the time "
        "the acceptance is dated, and is signed in the same second as this document ({at}): a "
        "report takes events of one time signed in one second in the order of their random "
        "document ids, here the acceptance first, and applies an acceptance only after the "
        "rectification it accepts\n"
        "  hint: date the acceptance after the rectification (at), or sign it in a later second "
        "(a later created, or none: the time it is signed)\n"
    ),
    "zh": (
        "minecheck: warning: hand.toml:5: {ref}：f1.toml 报告于 {at}（即该验收所署时间）整改完成，"
        "且与本记录在同一秒（{at}）签名：同一时间、同一秒签名的事件，报告按其随机的文件编号排定"
        "先后，此处验收在前，而验收只在所验收的整改之后才采纳\n"
        "  hint: 将验收时间（at）写在整改之后，或在其后的某一秒签名（写一个更晚的 created，"
        "或不写 created，即取签名时间）\n"
    ),
}
ACCEPTED_BY_CHEN = 'method = "expert-review"\nreviewers = ["Chen Jie"]\n'


LAST = "ffffffff-ffff-4fff-bfff-ffffffffffff"  # (every other id sorts before it)


def signed_hand(cli: Any, who: Any, name: str, created: str, action: str, at: str) -> None:
    """`who` signs a follow-up written by hand into `name`, its created and its id stated (the
    last of all ids: a follow-up signed in its second is taken before it)."""
    hand(created, (REF, action, at, ""))
    text = Path("hand.toml").read_text()
    Path("hand.toml").write_text(text.replace("\n", f'\ndocument_id = "{LAST}"\n', 1))
    got = sign(cli, who, "en")
    filled = FILLED.replace("document_id, ", "")
    assert (got.exit_code, got.stderr) == (0, filled), got.stderr
    Path("hand.toml").rename(name)


@pytest.mark.parametrize(("command", "lang"), [("sign", "en"), ("sign", "zh"), ("followup", "en")])
def test_a_stated_created_in_the_rectification_s_second_is_said_as_a_tie(
    cli: Any, panel: dict[str, Any], command: str, lang: str
) -> None:
    """A rectification and its acceptance dated at one time and signed in one second, the
    acceptance's created stated by hand: neither sign nor followup changes a time its author
    wrote. Taken by their ids, the acceptance comes first and is refused: said as before, but
    no longer as "signed at T1, after this document (T1)"; the file is signed as written."""
    p = panel["people"]
    signed_hand(cli, p["mine"], "f1.toml", T1, "rectified", T1)
    hand(T1, (REF, "accepted", T1, ACCEPTED_BY_CHEN))
    want = TIED[lang].format(ref=REF, at=T1)
    if command == "followup":
        got = cli(["followup", "--events", "hand.toml", "-o", "a.toml", *by(p["chen"])])
        assert (got.exit_code, got.stdout, got.stderr) == (0, "a.toml\n", want)
        return
    got = sign(cli, p["chen"], lang)
    assert (got.exit_code, got.stdout) == (0, "hand.toml\n")
    filled = FILLED if lang == "en" else "hand.toml：已填入 document_id、signer、signer_key、tool\n"
    assert got.stderr == filled + want
    assert f"created = {T1}\n".encode() in Path("hand.toml").read_bytes()


def test_a_stated_created_a_second_apart_is_not_said(cli: Any, panel: dict[str, Any]) -> None:
    p = panel["people"]
    signed_hand(cli, p["mine"], "f1.toml", T1, "rectified", T1)
    hand(T1.replace(":00Z", ":01Z"), (REF, "accepted", T1, ACCEPTED_BY_CHEN))
    got = sign(cli, p["chen"], "en")
    assert (got.exit_code, got.stdout, got.stderr) == (0, "hand.toml\n", FILLED)


def test_sign_fills_in_the_next_second_where_now_would_tie(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    """The mine's rectification signed now, an acceptance written by hand dated at its time
    and left without created: sign fills in the next second, as followup makes its document
    then, and every report applies the acceptance (the fold took the two by their ids)."""
    p = panel["people"]
    run = cli(
        ["followup", REF, "--action", "rectified", "--note", "x", "-o", "f1.toml", *by(p["mine"])]
    )
    assert (run.exit_code, run.stderr) == (0, "")
    Path("hand.toml").write_text(
        '[minecheck]\nformat = "minecheck.followup/1"\n\n'
        f'[[event]]\nfinding = "{REF}"\naction = "accepted"\nat = {T1}\n{ACCEPTED_BY_CHEN}'
    )
    got = sign(cli, p["chen"], "en")
    filled = "hand.toml: filled in document_id, created, signer, signer_key, tool\n"
    assert (got.exit_code, got.stdout, got.stderr) == (0, "hand.toml\n", filled)
    assert len(clock.waited) == 1
    assert (created("f1.toml"), created("hand.toml")) == (T, T + dt.timedelta(seconds=1))
    got = reports(cli, panel, ["xinxing.toml", "f1.toml", "hand.toml"])
    assert got["row"]["state"] == "accepted"
    assert got["rejected"] == {"show": [], "summary": [], "export": ""}


def test_sign_fills_in_now_where_nothing_ties(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", RECTIFIED, "--action", "rectified")
    Path("hand.toml").write_text(
        '[minecheck]\nformat = "minecheck.followup/1"\n\n'
        f'[[event]]\nfinding = "{REF}"\naction = "accepted"\nat = {T1}\n{ACCEPTED_BY_CHEN}'
    )
    assert sign(cli, p["chen"], "en").exit_code == 0
    assert (clock.waited, created("hand.toml")) == ([], T)


# --- a full disk under the result cache, and the runs after --------------------------------


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_full_disk_is_said_by_each_run_that_meets_it_and_not_after(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """Each run whose writes the disk refuses as full says it (the second as the first: the
    disk is full still); once there is room, the cache works and nothing is said, as after any
    other run without it (no step is the user's: the values the full runs could not keep are
    made again)."""
    import sqlite3

    from minecheck.report.cache import ResultCache

    cache, docs = _home(tmp_path, monkeypatch)

    def refused(self: ResultCache, values: object) -> None:
        full = sqlite3.OperationalError("database or disk is full")
        full.sqlite_errorcode = sqlite3.SQLITE_FULL
        self._failed(full)

    name, *rest = COMMANDS[command]
    args = [name, str(docs), *rest]
    plain = cli([*args, "--no-cache"])
    with monkeypatch.context() as full:
        full.setattr(ResultCache, "put_many", refused)
        for _ in range(2):
            _said_once_beside(cli(args), plain, FULL.format(path=cache.parent))
    for _ in range(2):  # (room again: the first fills the cache, the second reads it)
        run = cli(args)
        assert (run.exit_code, run.stdout, run.stderr) == (
            plain.exit_code,
            plain.stdout,
            plain.stderr,
        )
    assert ResultCache(cache, "probe").enabled
