"""The rectification loop's field day, round 15: `followup` judges an acceptance recorded before
its rectification and an extension past its deadline by the state the reports fold the follow-ups
here into (not by its own collected facts), and `sign` of a follow-up says what `followup` says
of who extends or withdraws and of an extension recorded late."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_expert_panel import ACCEPT, REF, by, panel, step
from tests.test_field14 import ENDED, refused
from tests.test_loose_ends17 import HOLD_NONE, due

__all__ = ["due", "panel"]  # the fixtures


def run(cli: Any, who: Any, lang: str, at: str, out: str, *action: str) -> Any:
    """`who` signs one event at `at` into `out`, in `lang`: the run."""
    return cli(["followup", "--lang", lang, REF, *action, "--at", at, "-o", out, *by(who)])


SENT_BACK = (
    "minecheck: warning: {ref}: the signed follow-ups here send it back to rectification at "
    "2026-12-01T08:00:00Z (a rejection or a reopening), and none reports it rectified again by "
    "2026-12-03T08:00:00Z, when the acceptance is dated: a report applies an acceptance only "
    "after the rectification it accepts\n"
    "  hint: accept it after the enterprise reports it rectified again (--action rectified)\n"
)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_acceptance_of_a_withdrawn_danger_is_said_as_the_reports_refuse_it(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """Rectified, rejected (two follow-up files), then withdrawn: an acceptance after that was
    said to come with no rectification since the rejection ("rectified again (--action
    rectified)"), while every report refuses it as `already-ended`: a rectification would be
    refused too. It names the withdrawal now, as any event on a withdrawn danger; with no
    withdrawal the sent-back line is unchanged."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified")
    step(cli, p["chen"], "j1.toml", "2026-12-01T08:00:00Z", "--action", "rejected", "--note", "n")
    accept = (*ACCEPT, "--reviewer", "Liu Yang")
    sent = run(cli, p["liu"], "en", "2026-12-03T08:00:00Z", "a1.toml", *accept)
    assert (sent.exit_code, sent.stdout, sent.stderr) == (0, "a1.toml\n", SENT_BACK.format(ref=REF))
    Path("a1.toml").unlink()
    wd = ("--action", "withdrawn", "--note", "recorded in error")
    step(cli, p["wang"], "c1.toml", "2026-12-02T08:00:00Z", *wd)
    got = run(cli, p["liu"], lang, "2026-12-03T08:00:00Z", "a1.toml", *accept)
    assert (got.exit_code, got.stdout) == (0, "a1.toml\n")
    assert got.stderr == ENDED["withdrawn", lang].format(ref=REF)
    files = ["xinxing.toml", "f1.toml", "j1.toml", "c1.toml", "a1.toml"]
    assert refused(cli, panel, files) == ["already-ended"]


def test_an_acceptance_before_the_rectification_in_another_file_is_said(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The mine's rectification signed in one file is dated after the acceptance being signed:
    the reports take the acceptance first and refuse it; the rectification dated before it, in
    another file, makes it applied (nothing said, nothing refused)."""
    p = panel["people"]
    step(cli, p["mine"], "f2.toml", "2026-12-02T08:00:00Z", "--action", "rectified")
    accept = (*ACCEPT, "--reviewer", "Chen Jie")
    got = run(cli, p["chen"], "en", "2026-12-01T08:00:00Z", "a1.toml", *accept)
    assert (got.exit_code, got.stdout) == (0, "a1.toml\n")
    assert got.stderr == (
        f"minecheck: warning: {REF}: no signed follow-up here reports it rectified by "
        "2026-12-01T08:00:00Z, when the acceptance is dated: a report applies an acceptance only "
        "after the rectification it accepts\n"
        "  hint: accept it after the enterprise's signed report that it is rectified (--action "
        "rectified), kept beside the findings or where the acceptance is written\n"
    )
    assert refused(cli, panel, ["xinxing.toml", "f2.toml", "a1.toml"]) == ["accepted-not-rectified"]
    Path("a1.toml").unlink()
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified")
    got = run(cli, p["chen"], "en", "2026-12-01T08:00:00Z", "a1.toml", *accept)
    assert (got.exit_code, got.stderr) == (0, "")


EXTENDED_PAST = {
    "en": (
        "minecheck: warning: {ref}: the extension is dated 2026-12-03T08:00:00Z, on 2026-12-03, "
        "after the deadline 2026-12-02 that {where} extends it to had passed: a report applies "
        "it only where a rejection or a reopening since set a new term, and the follow-ups here "
        "hold none\n"
        "  hint: an extension is granted before the deadline passes; past it, the hidden danger "
        "is escalated (or given one new term once a rejection or a reopening puts it back in "
        "rectification)\n"
    ),
    "zh": (
        "minecheck: warning: {ref}：延期日期为 2026-12-03T08:00:00Z，即 2026-12-03，已过 {where} "
        "延期至的期限 2026-12-02：只有此后的验收不通过或重新打开给了新的期限，报告才会采纳该延期，"
        "而此处的跟踪记录中没有这样的记录\n"
        "  hint: 延期须在期限届满前批准；期限已过的隐患应升级处理（因验收不通过或重新打开"
        "而回到整改中的，可再给一个新的整改期限）\n"
    ),
}
LATE = ("--action", "extended", "--new-deadline", "2026-12-31", "--note", "fan on order")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_extension_past_the_deadline_another_file_extended_to_is_said(
    cli: Any, due: dict[str, Any], lang: str
) -> None:
    """The findings' deadline (30 November) extended in time to 2 December in one file; a second
    extension dated 3 December, past that one, was signed without a word (the first extension
    was taken as a new term), and every report refuses it `extended-after-deadline`. It names
    the deadline in force and the file that set it now."""
    wang = due["people"]["wang"]
    first = ("--action", "extended", "--new-deadline", "2026-12-02", "--note", "a")
    step(cli, wang, "e1.toml", "2026-11-29T12:00:00Z", *first)
    got = run(cli, wang, lang, "2026-12-03T08:00:00Z", "e2.toml", *LATE)
    assert (got.exit_code, got.stdout) == (0, "e2.toml\n")
    assert got.stderr == EXTENDED_PAST[lang].format(ref=REF, where="e1.toml")
    files = ["xinxing.toml", "e1.toml", "e2.toml"]
    assert refused(cli, due, files) == ["extended-after-deadline"]


def test_two_extensions_in_one_events_file_are_judged_as_the_reports_do(
    cli: Any, due: dict[str, Any]
) -> None:
    """The same two extensions in one events file: the second is said, naming this document
    (the extensions of the document being signed gave a new term too)."""
    wang = due["people"]["wang"]
    Path("events.toml").write_text(
        "[minecheck]\ncreated = 2026-12-03T09:00:00Z\n\n"
        f'[[event]]\nfinding = "{REF}"\naction = "extended"\nat = 2026-11-29T12:00:00Z\n'
        'new_deadline = 2026-12-02\nnote = "a"\n'
        f'[[event]]\nfinding = "{REF}"\naction = "extended"\nat = 2026-12-03T08:00:00Z\n'
        'new_deadline = 2026-12-31\nnote = "b"\n'
    )
    got = cli(["followup", "--events", "events.toml", "-o", "e.toml", *by(wang)])
    assert (got.exit_code, got.stdout) == (0, "e.toml\n"), got.stderr
    warning = EXTENDED_PAST["en"].format(ref=REF, where="this document")
    late = (  # (the first one, by the deadline, is signed after it: said as before)
        f"minecheck: warning: events.toml:4: {REF}: the extension is dated 2026-11-29T12:00:00Z, "
        "by the deadline 2026-11-30, and signed on 2026-12-03, after that deadline passed: "
        "reports apply it as made in time\n"
        "  hint: the signed time shows when it was recorded (export --rows events, column "
        "signed)\n"
    )
    assert got.stderr == warning.replace("warning: ", "warning: events.toml:10: ", 1) + late
    assert refused(cli, due, ["xinxing.toml", "e.toml"]) == ["extended-after-deadline"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_refused_rejection_gives_no_new_term(cli: Any, due: dict[str, Any], lang: str) -> None:
    """A rejection of what no one reported rectified (every report refuses it) was taken as a
    new term: an extension past the deadline after it was signed without a word, and every
    report refuses it. Said now as with no follow-up at all."""
    p = due["people"]
    step(cli, p["chen"], "j1.toml", "2026-11-29T12:00:00Z", "--action", "rejected", "--note", "n")
    got = run(cli, p["wang"], lang, "2026-12-03T08:00:00Z", "e2.toml", *LATE)
    assert (got.exit_code, got.stdout) == (0, "e2.toml\n")
    assert got.stderr == HOLD_NONE[lang].replace("2027-01-31", "2026-12-31")
    files = ["xinxing.toml", "j1.toml", "e2.toml"]
    assert refused(cli, due, files) == ["rejected-not-rectified", "extended-after-deadline"]


def hand_written(created: str, action: str, at: str, more: str) -> None:
    """A follow-up written by hand, one event at line 5, its signed time stated."""
    Path("hand.toml").write_text(
        f'[minecheck]\nformat = "minecheck.followup/1"\ncreated = {created}\n\n'
        f'[[event]]\nfinding = "{REF}"\naction = "{action}"\nat = {at}\n{more}'
    )


def sign(cli: Any, who: Any, lang: str) -> Any:
    return cli(
        ["sign", "--lang", lang, "hand.toml", "--key", str(who.key), "--signer", who.principal]
    )


FILLED = {
    "en": "hand.toml: filled in document_id, signer, signer_key, tool\n",
    "zh": "hand.toml：已填入 document_id、signer、signer_key、tool\n",
}
BY_ANOTHER = {
    ("extended", "en"): (
        "minecheck: warning: hand.toml:5: {ref}: {recorder} signed the findings that set its "
        "deadline, and {signer} signed none of them: every report applies this extension as "
        "signed, though an extension is the authority's to grant\n"
        "  hint: ask the authority whose order set the deadline, in writing and before it "
        "passes; its inspector signs the extension\n"
    ),
    ("extended", "zh"): (
        "minecheck: warning: hand.toml:5: {ref}：设定其整改期限的检查结果由 {recorder} 签名，"
        "{signer} 未签名其中任何一份：各报告都会按签名采纳该延期，而延期应由执法部门批准\n"
        "  hint: 请在期限届满前书面向下达整改期限的执法部门申请延期，由其检查人员签署延期\n"
    ),
    ("withdrawn", "en"): (
        "minecheck: warning: hand.toml:5: {ref}: {recorder} signed the findings that record it, "
        "and {signer} signed none of them: every report applies this withdrawal as signed, "
        "though a finding is withdrawn by the authority that recorded it\n"
        "  hint: a finding recorded in error is withdrawn, with the reason, by the inspector "
        "who recorded it\n"
    ),
    ("withdrawn", "zh"): (
        "minecheck: warning: hand.toml:5: {ref}：记录该隐患的检查结果由 {recorder} 签名，"
        "{signer} 未签名其中任何一份：各报告都会按签名采纳该撤销，而隐患应由记录它的执法部门"
        "撤销\n"
        "  hint: 误记的隐患由记录它的检查人员撤销，并写明原因\n"
    ),
}
MORE = {
    "extended": 'new_deadline = 2026-12-31\nnote = "fan on order"\n',
    "withdrawn": 'note = "x"\n',
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("action", ["extended", "withdrawn"])
def test_sign_says_who_extends_or_withdraws_what_another_recorded(
    cli: Any, due: dict[str, Any], lang: str, action: str
) -> None:
    """The mine writes an extension (a withdrawal) of the inspector's finding by hand and signs
    it: `followup` said the authority's rule, `sign` said nothing. It says it now, placed at the
    event's line, before the signature; the file is signed and the exit code 0."""
    p = due["people"]
    hand_written("2026-11-29T13:00:00Z", action, "2026-11-29T12:00:00Z", MORE[action])
    got = sign(cli, p["mine"], lang)
    assert (got.exit_code, got.stdout) == (0, "hand.toml\n")
    names = {"ref": REF, "recorder": p["wang"].principal, "signer": p["mine"].principal}
    assert got.stderr == FILLED[lang] + BY_ANOTHER[action, lang].format(**names)
    assert b"-----BEGIN SSH SIGNATURE-----" in Path("hand.toml").read_bytes()


LATE_SIGNED = {
    "en": (
        "minecheck: warning: hand.toml:5: {ref}: the extension is dated 2026-11-29T12:00:00Z, by "
        "the deadline 2026-11-30, and signed on 2026-12-03, after that deadline passed: reports "
        "apply it as made in time\n"
        "  hint: the signed time shows when it was recorded (export --rows events, column "
        "signed)\n"
    ),
    "zh": (
        "minecheck: warning: hand.toml:5: {ref}：延期日期为 2026-11-29T12:00:00Z，未超过期限 "
        "2026-11-30，却在该期限过后的 2026-12-03 才签名：报告会视其为按时作出\n"
        "  hint: 签名时间显示其记录时间（export --rows events 的 signed 列）\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sign_says_an_extension_recorded_after_its_deadline(
    cli: Any, due: dict[str, Any], lang: str
) -> None:
    """The inspector signs an extension written by hand, dated the day before the deadline and
    stating it was signed three days after: every report applies it as made in time, and
    `followup` said so; `sign` says it too, and signs."""
    wang = due["people"]["wang"]
    hand_written("2026-12-03T08:00:00Z", "extended", "2026-11-29T12:00:00Z", MORE["extended"])
    got = sign(cli, wang, lang)
    assert (got.exit_code, got.stdout) == (0, "hand.toml\n")
    assert got.stderr == FILLED[lang] + LATE_SIGNED[lang].format(ref=REF)
    assert b"-----BEGIN SSH SIGNATURE-----" in Path("hand.toml").read_bytes()


NOT_LATER = {
    "en": (
        "minecheck: warning: {ref}: the new deadline 2026-12-05 is not after the deadline "
        "2026-12-10 that e1.toml extends it to: no report will apply the extension\n"
        "  hint: an extension moves the deadline later: give a day after 2026-12-10 "
        "(--new-deadline)\n"
    ),
    "zh": (
        "minecheck: warning: {ref}：新的整改期限 2026-12-05 不晚于 e1.toml 延期至的期限 "
        "2026-12-10：任何报告都不会采纳该延期\n"
        "  hint: 延期只能把期限推后：请给出 2026-12-10 之后的日期（--new-deadline）\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_extension_not_later_than_another_files_is_said(
    cli: Any, due: dict[str, Any], lang: str
) -> None:
    """Extended in time to 10 December in one file; a second extension on 1 December (in time
    for the deadline in force), to 5 December
    (later than the findings' 30 November, not later than the deadline in force): signed
    without a word, every report refuses it `extended-not-later`. Said now, naming the file."""
    wang = due["people"]["wang"]
    first = ("--action", "extended", "--new-deadline", "2026-12-10", "--note", "a")
    step(cli, wang, "e1.toml", "2026-11-29T12:00:00Z", *first)
    second = ("--action", "extended", "--new-deadline", "2026-12-05", "--note", "b")
    got = run(cli, wang, lang, "2026-12-01T08:00:00Z", "e2.toml", *second)
    assert (got.exit_code, got.stdout) == (0, "e2.toml\n")
    assert got.stderr == NOT_LATER[lang].format(ref=REF)
    assert refused(cli, due, ["xinxing.toml", "e1.toml", "e2.toml"]) == ["extended-not-later"]
