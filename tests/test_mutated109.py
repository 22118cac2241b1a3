"""Mutation round 109: what the mutants of the session's first merges (the damaged UTF-8 text's
limits, the punctuation an input method types, a rectification signed later than an acceptance
of its time) showed untested."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest

from minecheck import paths
from tests.helpers_merge import findings
from tests.test_attack32 import SIGNED_LATER
from tests.test_encodings5 import CONTROL, DAMAGED, MIXED
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel, reports, step
from tests.test_loose_ends9 import LATIN_ANSWERS, _answers_refused
from tests.test_loose_ends16 import NOT_RECTIFIED
from tests.test_loose_ends17 import HOLD_NONE, LATE, due
from tests.test_same_second import RECTIFIED, Clock, T, clock, created

__all__ = ["clock", "due", "panel"]  # the fixtures

# the characters `_damaged` counts as read whole (three UTF-8 bytes or more), as it counts them
_WHOLE = re.compile("[\u0800-\ufffc\U00010000-\U0010ffff]")


def _damaged_at_the_end(words: str, damage: str) -> bytes:
    """An answers file whose description is `words` in UTF-8, its last character damaged: its
    first byte lost, changed to another byte, or its last byte changed to an ASCII letter."""
    data = words.encode()
    at = len(data) - len(words[-1].encode())
    data = {
        "first lost": data[:at] + data[at + 1 :],
        "first changed": data[:at] + b"\x93" + data[at + 1 :],
        "last changed": data[:-1] + b"x",
    }[damage]
    head, _, tail = LATIN_ANSWERS.partition("{word}")
    return head.encode() + data + tail.encode()


@pytest.mark.parametrize(
    ("words", "damage", "whole", "lost", "told"),
    [
        ("瓦斯检查", "last changed", 3, 1, False),  # (three read whole: too few)
        ("瓦斯检查记", "first lost", 4, 2, True),  # (four, and two for each lost: enough)
        ("瓦斯检查记录", "first changed", 5, 3, False),  # (fewer than two for each lost)
        ("瓦斯检查记录与", "first changed", 6, 3, True),  # (two for each lost, exactly)
        ("𠀋𡈽𡌛𡑮𡢽𡚴𡸴𤆬", "first changed", 7, 4, False),  # (four-byte ones: rare names')
        ("𠀋𡈽𡌛𡑮𡢽𡚴𡸴𤆬𤇍", "first changed", 8, 4, True),
    ],
)
def test_damaged_utf_8_is_told_so_by_two_characters_read_whole_for_each_lost_and_four_at_least(
    cli: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    words: str,
    damage: str,
    whole: int,
    lost: int,
    told: bool,
) -> None:
    """`_damaged`'s limits, as encodings round 5 set them: UTF-8 text with a byte lost or
    changed is told so (no command) where four characters of three bytes or more still read
    whole, and two for each byte that cannot be read; with fewer, the bytes may be another
    encoding's, and it is not (nor given a command: GB18030 reads none of these). Characters
    of four bytes (Chinese of the extensions, in rare names) count as whole ones."""
    monkeypatch.chdir(tmp_path)
    data = _damaged_at_the_end(words, damage)
    read = data.decode("utf-8", "replace")
    assert (len(_WHOLE.findall(read)), read.count("\ufffd")) == (whole, lost)
    run = _answers_refused(cli, tmp_path, data)
    hints = [line for line in run.stderr.splitlines() if line.startswith("  hint:")]
    assert hints == ([DAMAGED["en"]] if told else [])  # (else no command: GB18030 reads none)


# the command each encoding's text is told (the hint's first two lines)
TOLD = {
    "gbk": [
        "  hint: it reads as GB18030 text: convert it to UTF-8 with:",
        "    iconv -f GB18030 -t UTF-8 a.toml > a.utf-8.toml",
    ],
    "big5": [
        "  hint: it reads as Big5 text (traditional Chinese): convert it to UTF-8 with:",
        "    iconv -f BIG5 -t UTF-8 a.toml > a.utf-8.toml",
    ],
}


def _told(cli: Any, tmp_path: Path, text: str, codec: str) -> list[str]:
    """The first two hint lines of an answers file whose description is `text` in `codec`."""
    data = LATIN_ANSWERS.replace("{word}", text).encode(codec)
    lines: list[str] = _answers_refused(cli, tmp_path, data).stderr.splitlines()
    return lines[1:3]


@pytest.mark.parametrize(
    "mark", [*"、《》【】「」『』０９", "\u3000", "“，”", "‘，’", "……，", "——，", "·，"]
)
def test_each_mark_an_input_method_types_keeps_the_gb18030_command_alone(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mark: str
) -> None:
    """Each punctuation mark a Chinese input method types (and the full-width digits, and the
    ideographic space), beside Western text in GBK (the quotes, the ellipsis, the dash and the
    middle dot with a comma: alone, GB18030 reads no Chinese there and no command is told): its
    bytes read in Big5 as a common symbol or bopomofo too, yet GBK is far the likelier, and it
    keeps `iconv -f GB18030`."""
    monkeypatch.chdir(tmp_path)
    assert _told(cli, tmp_path, f"Fan {mark} stopped", "gbk") == TOLD["gbk"]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("other", "codec"),
    [("Créée", "latin-1"), ("ações", "latin-1"), ("Dvořák", "cp1250"), ("Jürgen", "latin-1")],
)
def test_big5_beside_two_western_letters_together_gets_no_big5_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, other: str, codec: str
) -> None:
    """Big5 beside a Western word whose two letters above ASCII stand together (`éé` of Créée,
    `çõ` of ações, `řá` of Dvořák) reads whole in Big5, the two letters as one rare character
    (澭, 踥, 鸅), and was told `iconv -f BIG5`, whose file holds that character for them. The
    two are glued to the word as `ül` of Müller is: which encoding it is in cannot be told.
    (`ür` of Jürgen, a capital before it, reads as a character of HKSCS alone: a guard.)"""
    monkeypatch.chdir(tmp_path)
    head, _, tail = LATIN_ANSWERS.replace("{word}", "這個礦井的通風設備需要檢查").partition(
        "deadline"
    )
    data = head.encode("big5") + other.encode(codec) + b" = 1, deadline" + tail.encode()
    run = _answers_refused(cli, tmp_path, data, lang)
    assert run.stderr.splitlines()[1:-1] == [MIXED[lang]]


@pytest.mark.parametrize("control", ["\x01", "\x08", "\x0e", "\x1f", "\x7f"])
def test_each_control_character_toml_refuses_is_said_by_its_code(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, control: str
) -> None:
    """The ends of the ranges of control characters TOML refuses (a backspace, a shift out, a
    unit separator, a delete), in an answers file's string: each is said by its code."""
    monkeypatch.chdir(tmp_path)
    data = LATIN_ANSWERS.replace("{word}", f"Fan{control}").encode()
    run = _answers_refused(cli, tmp_path, data)
    column = LATIN_ANSWERS.index("{word}") - LATIN_ANSWERS.index("\n") + 3
    code = f"U+{ord(control):04X}"
    assert run.stderr.splitlines()[0] == f"a.toml:2:{column}: " + CONTROL["en"].format(code=code)


def test_a_control_character_after_the_parser_s_place_leaves_its_words_to_that_place(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line with a word without quotes, and a control character further along it: the place
    the parser stopped at is said for what stands there, the word."""
    monkeypatch.chdir(tmp_path)
    text = LATIN_ANSWERS.replace('"noncompliant"', "noncompliant").replace("{word}", "Fan\x0c")
    run = _answers_refused(cli, tmp_path, text.encode())
    column = text.split("\n")[1].index("noncompliant") + 1
    assert run.stderr.splitlines()[0] == (
        f"a.toml:2:{column}: invalid TOML: Invalid value: text goes in double quotes, "
        'e.g. "noncompliant"'
    )


@pytest.mark.parametrize(
    "text", ["B工作面的通風設備需要檢查，价", "這個礦井的通風設備需要檢查，B价"]
)
def test_big5_with_a_letter_before_a_character_not_read_from_two_letters_keeps_its_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """(A guard: traditional Chinese in Big5 with an ASCII letter before a common character
    whose second byte is a letter (工, 0xA4 0x75), or before a rare one whose second byte is
    no letter (价, 0xC9 0xB2, a superscript two in Latin-1), is Big5 text, not a Western word
    glued to it: it keeps `iconv -f BIG5`.)"""
    monkeypatch.chdir(tmp_path)
    assert _told(cli, tmp_path, text, "big5") == TOLD["big5"]


@pytest.mark.parametrize(
    "text",
    [
        "通风机——已停",
        "检查：瓦斯——超限",
        "瓦斯检查记录与监控数据不符——需复查",
        "约翰·史密斯",
        "马克·吐温",
    ],
)
def test_gbk_with_the_chinese_dash_or_middle_dot_keeps_the_gb18030_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """GBK's dash (——, 0xA1 0xAA) and middle dot (·, 0xA1 0xA4), in every Chinese text an input
    method types, read in GB18030 as U+2014 and U+00B7, which GB2312's table as Python has it
    places elsewhere (U+2015, U+30FB): they counted as rare, and simplified Chinese with a dash
    was told "which it is cannot be told" (Big5 reads the bytes too). It keeps `iconv -f
    GB18030`."""
    monkeypatch.chdir(tmp_path)
    assert _told(cli, tmp_path, text, "gbk") == TOLD["gbk"]


SEVEN = ("--at", "2026-12-01T07:00:00Z")


def _rectified(cli: Any, panel: dict[str, Any], clock: Clock, out: str, at: str, late: int) -> None:
    """The mine's rectification dated `at`, signed `late` seconds after T, in `out`."""
    clock.now = T + dt.timedelta(seconds=late)
    args = ["followup", REF, *RECTIFIED, "--at", at, "-o", out, *by(panel["people"]["mine"])]
    assert cli(args).exit_code == 0
    clock.now = T


def _accepted(cli: Any, panel: dict[str, Any]) -> Any:
    """The expert's acceptance dated 07:00, signed at T."""
    args = ["followup", REF, *ACCEPT, *REVIEWERS, *SEVEN, "-o", "a.toml"]
    run = cli([*args, *by(panel["people"]["chen"])])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    return run


def test_a_rectification_dated_after_the_acceptance_is_not_said_to_be_signed_later(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    """A rectification dated an hour after the acceptance (and signed after it) is not one of
    the acceptance's time: the warning is the one of no rectification by 07:00, not the one
    of a rectification at that very time signed later."""
    _rectified(cli, panel, clock, "f1.toml", "2026-12-01T08:00:00Z", 5)
    run = _accepted(cli, panel)
    assert run.stderr == NOT_RECTIFIED["en"].format(ref=REF, at="2026-12-01T07:00:00Z")


def test_of_two_rectifications_signed_later_the_first_signed_is_named(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    """Two rectifications of the acceptance's time, signed 5 and 9 seconds after it: the warning
    names the first the fold takes, f1.toml signed at 08:00:05."""
    _rectified(cli, panel, clock, "f2.toml", SEVEN[1], 9)
    _rectified(cli, panel, clock, "f1.toml", SEVEN[1], 5)
    run = _accepted(cli, panel)
    assert run.stderr == SIGNED_LATER["en"].format(ref=REF)


def test_a_rectification_before_keeps_one_signed_later_from_being_said(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    """A rectification at 06:00 comes before the acceptance: every report applies it (the one at
    07:00 signed later is then a second one, refused), so nothing is said of the later one."""
    _rectified(cli, panel, clock, "f0.toml", "2026-12-01T06:00:00Z", -60)
    _rectified(cli, panel, clock, "f1.toml", SEVEN[1], 5)
    assert _accepted(cli, panel).stderr == ""
    got = reports(cli, panel, ["xinxing.toml", "f0.toml", "f1.toml", "a.toml"])
    assert got["row"]["state"] == "accepted"


def test_an_events_file_of_two_findings_waits_for_a_follow_up_naming_one_of_them(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    """An events file accepting two findings at 07:00, signed in the second the rectification of
    one of them was: the follow-up beside names that one only, and is read for the one-second
    check all the same (a file naming any finding of the events may tie one); the document is
    made in the next second."""
    _rectified(cli, panel, clock, "f1.toml", SEVEN[1], 0)
    other = REF.replace("gas-overlimit", "methane-return")
    accept = (
        '[[event]]\nfinding = "{ref}"\naction = "accepted"\nmethod = "expert-review"\n'
        'reviewers = ["Chen Jie", "Liu Yang", "Sun Li"]\nat = 2026-12-01T07:00:00Z\n'
    )
    Path("e.toml").write_text(accept.format(ref=other) + accept.format(ref=REF))
    run = cli(["followup", "--events", "e.toml", "-o", "a.toml", *by(panel["people"]["chen"])])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    assert (len(clock.waited), created("a.toml")) == (1, T + dt.timedelta(seconds=1))


def test_a_follow_up_naming_the_finding_far_into_it_is_read_for_the_one_second_check(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    """The mine's events file reports another finding first, with a long note, then the finding
    rectified at 07:00, signed in the acceptance's second: the ref stands past its first
    kilobytes, and the file is read for the check all the same; the acceptance is made in the
    next second."""
    other = REF.replace("gas-overlimit", "methane-return")
    rectified = '[[event]]\nfinding = "{ref}"\naction = "rectified"\nnote = "{note}"\n{at}'
    Path("e.toml").write_text(
        rectified.format(ref=other, note="fan " * 2000, at="")
        + rectified.format(ref=REF, note="x", at="at = 2026-12-01T07:00:00Z\n")
    )
    run = cli(["followup", "--events", "e.toml", "-o", "f1.toml", *by(panel["people"]["mine"])])
    assert (run.exit_code, run.stdout) == (0, "f1.toml\n")
    assert Path("f1.toml").read_bytes().index(REF.encode()) > 8000
    _accepted(cli, panel)
    assert (len(clock.waited), created("a.toml")) == (1, T + dt.timedelta(seconds=1))


def _own_list() -> Path:
    own = paths.allowed_signers_file()
    own.parent.mkdir(parents=True, exist_ok=True)
    return own


def test_an_own_trust_list_not_read_is_warned_with_its_code(
    cli: Any, panel: dict[str, Any]
) -> None:
    """`--json` gives the warning of an own trust list that could not be read its code,
    `trust-unread`, as the scripting guide's table lists it."""
    _own_list().write_text("a line that names no key\n")
    args = ["followup", REF, *RECTIFIED, "-o", "f1.toml", "--json"]
    run = cli([*args, *by(panel["people"]["mine"])])
    assert run.exit_code == 0, run.stderr
    assert [problem["code"] for problem in run.json()["problems"]] == ["trust-unread"]


@pytest.mark.parametrize(
    ("at", "new"),
    [
        ("2026-12-02T08:00:00Z", "2026-12-01"),  # (the day it is made, west of UTC)
        ("2026-12-02T23:00:00Z", "2026-12-01"),  # (before it)
    ],
)
def test_an_extension_beside_to_a_day_not_after_its_own_sets_no_term(
    cli: Any, due: dict[str, Any], at: str, new: str
) -> None:
    """An extension already beside the findings, made past their deadline (30 November) to a
    day after it but not after the day it is made (in some time zone: at 08:00 UTC on the 2nd
    it is still the 1st west of UTC-8), sets no new term: a later extension is still said to
    stand on none, and every report refuses both."""
    wang = due["people"]["wang"]
    first = ["--action", "extended", "--new-deadline", new, "--note", "a", "--at", at]
    run = cli(["followup", REF, *first, "-o", "e1.toml", *by(wang)])
    assert (run.exit_code, run.stdout) == (0, "e1.toml\n")
    args = ["followup", REF, *LATE, "--at", "2026-12-03T08:00:00Z", "-o", "e2.toml", *by(wang)]
    run = cli(args)
    assert (run.exit_code, run.stdout, run.stderr) == (0, "e2.toml\n", HOLD_NONE["en"])
    got = reports(cli, due, ["xinxing.toml", "e1.toml", "e2.toml"])
    assert [name for name, _ in got["rejected"]["show"]] == ["e1.toml", "e2.toml"]
    assert got["row"]["deadline"] == "2026-11-30"


SIGNED_AFTER_THE_DEADLINE = (  # (the events file's first event, at its line)
    f"minecheck: warning: e.toml:1: {REF}: the extension is dated 2026-11-29T12:00:00Z, by the "
    "deadline 2026-11-30, and signed on 2026-12-03, after that deadline passed: reports apply it "
    "as made in time\n  hint: the signed time shows when it was recorded (export --rows events, "
    "column signed)\n"
)
IN_TIME = ("--action", "extended", "--new-deadline", "2026-12-10", "--note", "a")


@pytest.mark.parametrize("where", ["beside", "in-the-document", "a-rejection-beside"])
def test_an_earlier_new_term_beside_or_in_the_document_is_one_to_stand_on(
    cli: Any, due: dict[str, Any], clock: Clock, where: str
) -> None:
    """An extension in time (to 10 December, made on 29 November) or a rejection, beside the
    findings or earlier in the same events file, gives a new term: the extension made on 3
    December after the findings' deadline stands on it, no `not-applied` warning is given (the
    events file's first extension is said to be signed late, as it is), and every report
    applies it."""
    p = due["people"]
    clock.now = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)  # (each signed when it is made)
    late = ["--at", "2026-12-03T08:00:00Z", "-o", "e2.toml"]
    if where == "beside":
        step(cli, p["wang"], "e1.toml", "2026-11-29T12:00:00Z", *IN_TIME)
        run = cli(["followup", REF, *LATE, *late, *by(p["wang"])])
    elif where == "a-rejection-beside":
        step(cli, p["mine"], "f1.toml", "2026-11-29T10:00:00Z", *RECTIFIED)
        rejected = ("--action", "rejected", "--note", "fan still off")
        step(cli, p["wang"], "e1.toml", "2026-11-29T12:00:00Z", *rejected)
        run = cli(["followup", REF, *LATE, *late, *by(p["wang"])])
    else:
        event = '[[event]]\nfinding = "{ref}"\naction = "extended"\nnew_deadline = {new}\n'
        Path("e.toml").write_text(
            event.format(ref=REF, new="2026-12-10")
            + 'note = "a"\nat = 2026-11-29T12:00:00Z\n'
            + event.format(ref=REF, new="2027-01-31")
            + 'note = "b"\nat = 2026-12-03T08:00:00Z\n'
        )
        run = cli(["followup", "--events", "e.toml", "-o", "e2.toml", *by(p["wang"])])
    said = SIGNED_AFTER_THE_DEADLINE if where == "in-the-document" else ""  # (the first's)
    assert (run.exit_code, run.stdout, run.stderr) == (0, "e2.toml\n", said)
    files = ["xinxing.toml", *sorted(str(f) for f in Path().glob("[ef]1.toml")), "e2.toml"]
    got = reports(cli, due, files)
    assert (got["rejected"]["show"], got["row"]["deadline"]) == ([], "2027-01-31")


@pytest.mark.parametrize(
    ("at", "new", "day"),
    [
        ("2026-11-29T12:00:00Z", "2026-11-20", "2026-11-30"),  # (before the deadline)
        ("2026-12-05T08:00:00Z", "2026-12-02", "2026-12-04"),  # (before the day it is made)
    ],
)
def test_an_extension_not_applied_is_told_the_day_to_give_one_after(
    cli: Any, due: dict[str, Any], at: str, new: str, day: str
) -> None:
    """The hint of an extension to a day not after the findings' deadline, or not after the day
    it is made (in every time zone), names that day, not the one given."""
    late = ["--action", "extended", "--new-deadline", new, "--note", "a", "--at", at]
    run = cli(["followup", REF, *late, "-o", "e1.toml", *by(due["people"]["wang"])])
    assert (run.exit_code, run.stdout) == (0, "e1.toml\n")
    told = "  hint: an extension moves the deadline later: give a day after {} (--new-deadline)"
    hints = [line for line in run.stderr.splitlines() if line.startswith("  hint:")]
    assert told.format(day) in hints  # (beside the one of a late signature, where it is late)
    assert told.format(new) not in hints


@pytest.mark.parametrize("severity", ["major", "general"])
def test_a_rectification_below_the_findings_named_from_another_folder_is_here(
    cli: Any, panel: dict[str, Any], severity: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The findings in records/, the mine's rectification in records/2026-11/, and the expert's
    acceptance signed from a folder beside records/ with `--findings ../records/...`: the
    folder walked is the findings', not the current one, for a general hidden danger too."""
    p = panel["people"]
    results = ["compliant", "noncompliant", "compliant"]
    (panel["work"] / "records" / "2026-11").mkdir(parents=True)
    (panel["work"] / "records" / "xinxing.toml").write_bytes(
        findings(p["wang"], results, severity=severity)
    )
    (panel["work"] / "desk").mkdir()
    monkeypatch.chdir(panel["work"] / "desk")
    named = ["--findings", "../records/xinxing.toml"]
    mine = ["--key", str(p["mine"].key), "--signer", p["mine"].principal, *named]
    rectified = ["followup", REF, *RECTIFIED, "--at", "2026-11-30T08:00:00Z"]
    assert cli([*rectified, "-o", "../records/2026-11/r.toml", *mine]).exit_code == 0
    chen = ["--key", str(p["chen"].key), "--signer", p["chen"].principal, *named]
    accepted = [*ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z", "-o", "a.toml"]
    run = cli(["followup", REF, *accepted, *chen])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")


def test_utf_8_cut_short_that_reads_whole_in_gb18030_is_told_no_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answers file of ASCII but for its last word, Chinese, cut off inside its character:
    the two bytes left (0xe6 0xb3 of 注) read whole in GB18030 as another character, yet the
    file was cut short, and no conversion is told."""
    monkeypatch.chdir(tmp_path)
    data = LATIN_ANSWERS.replace("{word}", "Fan").encode() + "# 注".encode()[:-1]
    run = _answers_refused(cli, tmp_path, data)
    assert "the file was cut short" in run.stderr
    assert [line for line in run.stderr.splitlines() if "hint" in line or "iconv" in line] == []


def test_a_past_due_extension_and_a_major_s_closure_read_the_follow_ups_below(
    cli: Any, due: dict[str, Any]
) -> None:
    """The follow-ups filed in a folder of the month below the findings' (older than the
    one-second check reads): an extension after the deadline stands on the extension in time
    there, and a major's closure by its rectifier is said, as every report of the folder
    applies them."""
    p = due["people"]
    Path("2026-11").mkdir()
    step(cli, p["wang"], "2026-11/e1.toml", "2026-11-29T12:00:00Z", *IN_TIME)
    step(cli, p["mine"], "2026-11/f1.toml", "2026-11-29T14:00:00Z", *RECTIFIED)
    accepted = (*ACCEPT, *REVIEWERS)
    step(cli, p["chen"], "2026-11/a1.toml", "2026-11-29T16:00:00Z", *accepted)
    for name in ("e1", "f1", "a1"):
        os.utime(f"2026-11/{name}.toml", (0, 0))  # (copied in long ago)
    run = cli(
        ["followup", REF, *LATE, "--at", "2026-12-03T08:00:00Z", "-o", "e2.toml", *by(p["wang"])]
    )
    assert (run.exit_code, run.stdout, run.stderr) == (0, "e2.toml\n", "")
    closed = ["--action", "closed", "--at", "2026-12-04T08:00:00Z", "-o", "c.toml"]
    run = cli(["followup", REF, *closed, *by(p["mine"])])
    assert (run.exit_code, run.stdout) == (0, "c.toml\n")
    assert run.stderr == (
        f"minecheck: warning: {REF}: {p['mine'].principal} reported it rectified "
        "(2026-11/f1.toml): no report will apply a major hidden danger's closure by the one "
        "who reported it rectified\n"
        "  hint: a major hidden danger is closed by the authority that recorded it, not by the "
        "one who reported it rectified\n"
    )
