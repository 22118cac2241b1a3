"""A trainer follows the day's guides in both languages (formats.md on JSON inputs with
comments, guide-followup on followup's options, guide-scripting's problem codes) and holds the
product to what they teach."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import Who
from tests.test_cli_signing import Cli
from tests.test_followup_options_named import NOT_USED, _refused, setup
from tests.test_guide_scripting_taught import GUIDES, _catalogue_row
from tests.test_inspect_pty import (
    ALICE,
    GAS_QUESTION,
    GAS_QUESTION_ZH,
    READING_PROMPT,
    REVIEW_PROMPT,
    Terminal,
    draft_id,
    ended,
    key,
    line,
    term,
)
from tests.test_json_inputs_said import BLOCK_HINT, BROKEN_JSON, REF, _answered, who

__all__ = ["setup", "term", "who"]  # fixtures

ANSWER = '"gas-check-genuine": {"result": "compliant"}'
WHAT = {
    "Expecting property name enclosed in double quotes": {
        "en": "Expecting property name enclosed in double quotes",
        "zh": "此处应为写在双引号中的键名",
    },
    "Expecting ',' delimiter": {"en": "Expecting ',' delimiter", "zh": "此处应为分隔符 ','"},
    "Extra data": {"en": "Extra data", "zh": "多余的内容"},
    "Expecting value": {"en": "Expecting value", "zh": "此处应为一个值"},
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("text", "at", "what", "hinted"),
    [
        # an editor's JSON with comments: a comment line inside the object
        (f'{{\n  "answers": {{\n    // the board\n    {ANSWER}\n  }}\n}}\n', "3:5", 0, True),
        # a comment after a value, to the line's end
        (f'{{\n  "answers": {{\n    {ANSWER}  # seen\n  }}\n}}\n', "3:51", 1, True),
        # a block comment between a value and its closing brace
        (f'{{"answers": {{{ANSWER}}} /* done */}}\n', "1:60", 1, True),
        # a comment after the whole object
        (f'{{"answers": {{{ANSWER}}}}} // end\n', "1:61", 2, True),
        # a block comment never closed, before the JSON: JSON's comment, not TOML
        (f'/* the answers of 5 December\n{{"answers": {{{ANSWER}}}}}\n', "1:1", 3, True),
        # no comment: a comma too many (`//` in a string before it) is said alone
        (
            '{"answers": {"gas-check-genuine": {"result": "compliant", "note": "a // b"}},}\n',
            "1:78",
            0,
            False,
        ),
        ('{"answers": {"gas-check-genuine": "compliant"}, }\n', "1:49", 0, False),
    ],
)
def test_json_with_a_comment_anywhere_is_told_json_has_none(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    text: str,
    at: str,
    what: int,
    hinted: bool,
) -> None:
    """formats.md: a file written as JSON with comments is refused as JSON, at its first
    comment, with a hint to remove them. Only comments before the JSON had the hint: a comment
    inside it (where an editor's JSON with comments most often has one) was said as JSON's
    parser says it (`Expecting property name enclosed in double quotes`) and nothing more, and
    an unclosed `/*` first was told "not valid TOML". The hint is for a comment only."""
    monkeypatch.chdir(tmp_path)
    lines = _answered(cli, "a.json", text, lang)
    first, last = BROKEN_JSON[lang]
    assert lines == [
        first.format(at=at, what=list(WHAT.values())[what][lang]),
        *([BLOCK_HINT[lang]] if hinted else []),  # (under the problem it explains)
        last,
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_json_events_with_a_comment_inside_are_told_json_has_none(
    cli: Cli, who: Who, lang: str
) -> None:
    """The events of `followup --events` are read by the same parser: a comment line inside
    the list of events is said with the hint, and nothing is written."""
    text = f'{{"event": [\n  // the relay\n  {{"finding": "{REF}", "action": "rectified"}}\n]}}\n'
    args = ["followup", "--events", "-", "-o", "f.toml", "--lang", lang]
    run = cli([*args, "--key", str(who.key), "--signer", who.principal], text)
    assert (run.exit_code, run.stdout) == (2, "")
    said = {
        "en": [
            "<stdin>:2:3: invalid JSON: Expecting value",
            "minecheck: error: <stdin> is not valid JSON",
        ],
        "zh": [
            "<stdin>:2:3: JSON 格式错误：此处应为一个值",
            "minecheck: error: <stdin> 不是有效的 JSON",
        ],
    }
    assert run.stderr.splitlines() == [said[lang][0], BLOCK_HINT[lang], said[lang][1]]
    assert not Path("f.toml").exists()


# --- followup --at: a time written rightly whose day or hour is none -----------------------------

AT_OUT_OF_RANGE = [
    (
        "2026-02-30T10:00:00Z",
        "--at '2026-02-30T10:00:00Z' is no day of the calendar: 2026-02 has 28 days",
        "--at '2026-02-30T10:00:00Z' 不是日历上的日期：2026-02 只有 28 天",
    ),
    (
        "2026-13-01T10:00:00+08:00",
        "--at '2026-13-01T10:00:00+08:00' is no day of the calendar: a year has 12 months",
        "--at '2026-13-01T10:00:00+08:00' 不是日历上的日期：一年只有 12 个月",
    ),
    (
        "2026-11-31",
        "--at '2026-11-31' is no day of the calendar: 2026-11 has 30 days",
        "--at '2026-11-31' 不是日历上的日期：2026-11 只有 30 天",
    ),
    (
        "2026-11-30T24:00:00Z",
        "--at '2026-11-30T24:00:00Z' is no time of day: hours run from 00 to 23, minutes and "
        "seconds from 00 to 59",
        "--at '2026-11-30T24:00:00Z' 不是一天中的时刻：时为 00 至 23，分和秒为 00 至 59",
    ),
    (
        "2026-11-30T09:60Z",
        "--at '2026-11-30T09:60Z' is no time of day: hours run from 00 to 23, minutes and "
        "seconds from 00 to 59",
        "--at '2026-11-30T09:60Z' 不是一天中的时刻：时为 00 至 23，分和秒为 00 至 59",
    ),
    # full-width digits are read as a date's are (an input method's): this hour is 25
    (
        "2026-12-02T２５:00:00Z",
        "--at '2026-12-02T２５:00:00Z' is no time of day: hours run from 00 to 23, minutes and "
        "seconds from 00 to 59",
        "--at '2026-12-02T２５:00:00Z' 不是一天中的时刻：时为 00 至 23，分和秒为 00 至 59",
    ),
    (
        "２０２６-02-30T08:00:00Ｚ",
        "--at '２０２６-02-30T08:00:00Ｚ' is no day of the calendar: 2026-02 has 28 days",
        "--at '２０２６-02-30T08:00:00Ｚ' 不是日历上的日期：2026-02 只有 28 天",
    ),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("typed", "en", "zh"), AT_OUT_OF_RANGE, ids=[a for a, _, _ in AT_OUT_OF_RANGE]
)
def test_an_at_whose_day_or_hour_is_none_says_which(
    cli: Any, setup: dict[str, Any], lang: str, typed: str, en: str, zh: str
) -> None:
    """`--at 2026-02-30T10:00:00Z` (a day February does not have) was told "is not a UTC time
    like 2026-12-10T09:00:00Z": it is written just so, and a newcomer could not see what to
    mend. `--new-deadline 2026-02-30` already said "no day of the calendar"; `--at` says so too,
    and an hour or minute no clock shows is said as such."""
    said = {"en": en, "zh": zh}[lang]
    assert _refused(cli, setup, [REF, "--action", "rectified", "--at", typed], lang) == [
        said,
        NOT_USED[lang],
    ]


@pytest.mark.parametrize(
    "typed", ["2026-12-02T２３:００:00Ｚ", "２０２６－１２－０２T23:00:00+00:00"]
)
def test_an_at_in_full_width_figures_is_read_as_a_date_is(
    cli: Any, setup: dict[str, Any], typed: str
) -> None:
    """A time typed with a Chinese input method's full-width figures was "not a UTC time like
    2026-12-10T09:00:00Z", though `--new-deadline` and `--as-of` read such figures: it is the
    time it names, written as every time is."""
    args = [REF, "--action", "rectified", "--at", typed, "-o", "f.toml"]
    run = cli(["followup", *args, *setup["sign"]])
    assert run.exit_code == 0, run.stderr
    written = (setup["work"] / "f.toml").read_text(encoding="utf-8")
    assert "\nat = 2026-12-02T23:00:00Z\n" in written


def test_json_events_say_a_day_that_is_none_by_the_field(cli: Any, setup: dict[str, Any]) -> None:
    """An events file's `at` is read by the same code, and named by its field."""
    event = f'{{"finding": "{REF}", "action": "rectified", "at": "2026-02-29T08:00:00Z"}}'
    text = f'{{"event": [{event}]}}'
    (setup["work"] / "ev.json").write_text(text)
    run = cli(["followup", "--events", "ev.json", "-o", "f.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "ev.json: the event: at '2026-02-29T08:00:00Z' is no day of the calendar: 2026-02 has 28 "
        "days",
        "minecheck: error: ev.json: the events cannot be used; nothing was written",
    ]


# --- guide-scripting's catalogue: bad-event from the command line --------------------------------


@pytest.mark.parametrize("guide", GUIDES, ids=[g.name for g in GUIDES])
@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--at", "2026-02-30T10:00:00Z"], "--at"),
        (["--action", "extended", "--note", "r", "--new-deadline", "soon"], "--new-deadline"),
    ],
)
def test_the_catalogue_says_bad_event_of_an_option_as_followup_gives_it(
    cli: Any, setup: dict[str, Any], guide: Path, args: list[str], option: str
) -> None:
    """guide-scripting's catalogue said `bad-event` is "an event of `--events` that cannot be
    recorded" and that "the message says which field". An event typed as options gives it too,
    named by the option: a script writer reading the table for a `followup --at ...` could not
    find it. The row names the options and what the message names."""
    run = cli(["followup", REF, "--action", "rectified", *args, "-o", "f.toml", "--json"])
    assert run.exit_code == 2
    [problem, after] = json.loads(run.stdout)["problems"]
    assert (problem["code"], after["code"]) == ("bad-event", "input")
    assert problem["message"].startswith(f"{option} ")
    row = _catalogue_row(guide, "bad-event")
    assert f"`{option}`" in row
    assert ("the option typed" if ".zh." not in guide.name else "所输入的选项") in row


# --- the walk's lists said in Chinese: a hint added to a hint, the settings a draft keeps ------

READING_ZH = "或按键："
REVIEW_ZH = "您的选择（回车即签名）："
KEPT_HINT = {
    "en": "  hint: type the passphrase again with care (Caps Lock, the input method), or sign with"
    " another key: --key PATH (minecheck keys list shows yours); your answers are kept:\n"
    "    minecheck drafts resume {id}",
    "zh": "  hint: 请再仔细输入一次口令（注意大写锁定键和输入法），或用另一个密钥签名：--key PATH"
    "（minecheck keys list 会列出您的密钥）；您的回答已保留：\n"
    "    minecheck drafts resume --lang zh {id}",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_three_wrong_passphrases_at_the_walk_s_end_say_the_hint_in_one_language(
    term: Terminal, lang: str
) -> None:
    """guide-first-inspection signs at the walk's end with a passphrase. Three wrong ones end
    the walk (exit 2, the draft kept) with the key's hint and the draft's joined: in Chinese the
    two were joined by an English `; ` (`…您的密钥）; 您的回答已保留…`)."""
    term.key_with_passphrase()
    term.width = 400  # (the prompt names the key's temporary path)
    child = term.inspect("--lang", lang)
    draft = draft_id(child)
    key(child, "y", GAS_QUESTION if lang == "en" else GAS_QUESTION_ZH)
    child.expect_exact(READING_PROMPT if lang == "en" else READING_ZH)
    child.send("0.8\r")
    child.expect_exact(REVIEW_PROMPT if lang == "en" else REVIEW_ZH)
    child.send("\r")
    key_path = term.home / "keys" / ALICE
    asked = f"Passphrase for {key_path}: " if lang == "en" else f"{key_path} 的口令："
    for attempt in range(3):
        line(child, asked, f"wrong {attempt}")
    status, output = ended(child)
    assert status == 2
    assert output.replace("\r", "").strip().splitlines()[-2:] == KEPT_HINT[lang].format(
        id=draft
    ).split("\n")
    assert not term.out.exists()
    [kept] = term.drafts()
    assert kept["id"] == draft


# --- Ctrl-C at a passphrase prompt outside the walk: the message on a line of its own ------------

STOPPED = {
    "en": "minecheck: error: interrupted; nothing was written",
    "zh": "minecheck: error: 已中断；未写入任何文件",
}
ASKED = {
    "keys": {
        "en": "Passphrase for the new key (empty for none): ",
        "zh": "新密钥的口令（留空表示不设口令）：",
    },
    "sign": {"en": "Passphrase for {key}: ", "zh": "{key} 的口令："},
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["keys", "sign"])
@pytest.mark.parametrize("ctrl", ["\x03", "\x04"], ids=["ctrl-c", "ctrl-d"])
def test_a_stop_at_a_passphrase_prompt_is_said_on_a_line_of_its_own(
    term: Terminal, lang: str, command: str, ctrl: str
) -> None:
    """guide-first-inspection: Ctrl-C at the passphrase prompt stops. Outside the walk
    (`keys generate`, `sign`, `followup`, every command that signs) the error was printed on
    the prompt's own line, after the passphrase's label: `Passphrase for the new key (empty for
    none): minecheck: error: interrupted; nothing was written`. The walk ended that line
    first; every prompt does now."""
    from tests.helpers_docs import findings_body

    term.width = 400  # (the prompt names the key's temporary path)
    if command == "keys":
        child = term.spawn("keys", "generate", "--principal", ALICE, "--lang", lang)
        asked = ASKED["keys"][lang]
    else:
        term.key_with_passphrase()
        listed = term.run("keys", "list", "--json")
        fingerprint = json.loads(listed.stdout)["data"]["keys"][0]["fingerprint"]
        (term.cwd / "d.toml").write_bytes(findings_body(ALICE, fingerprint))
        child = term.spawn("sign", "d.toml", "-o", "s.toml", "--lang", lang)
        asked = ASKED["sign"][lang].format(key=term.home / "keys" / ALICE)
    child.expect_exact(asked)
    if ctrl == "\x03":  # (Ctrl-D ends the input only where nothing is typed on the line)
        child.send("abc")
    child.send(ctrl)
    status, printed = ended(child)
    assert status == 130, printed
    # (what follows the prompt: the end of its line, then the message)
    assert printed.replace("\r", "").split("\n")[:2] == ["", STOPPED[lang]], printed
    assert not (term.cwd / "s.toml").exists()


@pytest.mark.parametrize("ctrl", ["\x03", "\x04"], ids=["ctrl-c", "ctrl-d"])
def test_a_stop_at_the_walk_s_passphrase_prompt_is_said_on_the_next_line(
    term: Terminal, ctrl: str
) -> None:
    """The walk ended the prompt's line itself; now the prompt does, and the walk adds no blank
    line of its own (guard: one line end between the prompt and the message)."""
    term.key_with_passphrase()
    term.width = 400
    child = term.inspect()
    draft = draft_id(child)
    key(child, "y")
    child.expect_exact(READING_PROMPT)
    child.send("0.8\r")
    child.expect_exact(REVIEW_PROMPT)
    child.send("\r")
    child.expect_exact(f"Passphrase for {term.home / 'keys' / ALICE}: ")
    child.send(ctrl)
    status, printed = ended(child)
    assert status == 130
    assert printed.replace("\r", "").split("\n")[:4] == [
        "",
        f"minecheck: error: interrupted before signing; draft {draft} kept",
        "  hint: resume it with:",
        f"    minecheck drafts resume {draft}",
    ]


# --- the walk's grade line lists an item's clauses as checklists show does -----------------------


@pytest.mark.parametrize(("lang", "listed"), [("en", "HM24, WSL-70"), ("zh", "HM24、WSL-70")])
def test_the_walk_lists_an_item_s_clauses_as_checklists_show_does(
    monkeypatch: pytest.MonkeyPatch, lang: str, listed: str
) -> None:
    """`checklists show illegal-production --lang zh` lists `suspended-mine-idle`'s clauses as
    `HM24、WSL-70`; the walk's line under the question gave `HM24, WSL-70` in Chinese too."""
    import datetime as dt
    import io

    from rich.console import Console

    from minecheck.cli._prompter import RichPrompter
    from minecheck.core.checklist import Item
    from minecheck.core.documents import Finding
    from minecheck.i18n import set_language
    from minecheck.session.walk import Step

    item = Item("idle", "s", "Idle?", "停产？", "general", basis=("HM24", "WSL-70"))
    out = io.StringIO()
    console = Console(file=out, width=100, no_color=True, highlight=False)
    monkeypatch.setattr("minecheck.cli._prompter.read_key", lambda: "q")
    set_language(lang)
    try:
        prompter = RichPrompter(console, lang, dt.date(2026, 11, 29))
        prompter.ask(Step(item, 1, 1, "s", Finding("idle", "compliant"), revisit=True))
    finally:
        set_language("en")
    grade = {"en": "general", "zh": "一般"}[lang]
    assert f"{grade}  {listed}\n" in out.getvalue()
