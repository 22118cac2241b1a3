"""Loose ends, round 16: follow-ups signed after the report's day, a time with an offset or a
field too long, ..."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from minecheck import paths
from tests.helpers_merge import allowed_signers, findings, person
from tests.test_expert_panel import ACCEPT, REVIEWERS, by, panel, reports, step
from tests.test_expert_panel import REF as PANEL_REF
from tests.test_loose_ends15 import REF, _an_event_not_applied, _summary
from tests.test_windows_files3 import CHECKLIST

__all__ = ["panel"]  # the fixture

# The follow-up of `_an_event_not_applied` is signed on 2026-12-06 (UTC): a report of the 1st
# does not know it yet.
BEFORE = "2026-12-01"
NOT_YET = {
    "en": "None by the report date: 1 follow-up document dated after it is not counted.",
    "zh": "截至统计日无；1 份跟踪记录的日期晚于统计日，未计入。",
}
HEADING = {"en": "Follow-up events not applied", "zh": "未采纳的跟踪记录"}


def said_not_yet(cli: Any, docs: Path, lang: str) -> str:
    """The summary of `docs` the day before its follow-up was signed says, in table, Markdown
    and HTML, that one follow-up document dated after the day is not counted, and nothing on
    stderr: its Markdown."""
    said = NOT_YET[lang]
    table = _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "table")
    assert table.stdout.endswith(f"{HEADING[lang]}\n{said}\n\n")
    assert table.stderr == ""
    md: str = _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "md").stdout
    assert f"## {HEADING[lang]}\n\n{said}\n" in md
    html = _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "html").stdout
    assert f'<p class="empty">{said}</p>' in html
    return md


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_events_not_applied_before_a_follow_up_was_signed_say_it_is_not_counted(
    cli: Any, tmp_path: Path, lang: str
) -> None:
    """`summary --as-of` a day before a follow-up was signed left it out, as documented, and
    said "Follow-up events not applied: None.", which a reader takes for "nothing was
    refused" (here the follow-up accepts a hidden danger still open: it would be refused).
    Table, Markdown and HTML now say that the follow-ups dated after the day are not
    counted, and how many; JSON and CSV are as before."""
    docs = _an_event_not_applied(tmp_path)
    md = said_not_yet(cli, docs, lang)
    # made again from what the first run remembered: the same
    assert _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "md").stdout == md
    data = json.loads(_summary(cli, docs, lang, "--as-of", BEFORE, "--json").stdout)["data"]
    csv = _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "csv").stdout
    (docs / "f.toml").unlink()  # JSON and CSV: as though the follow-up were not there
    alone = json.loads(_summary(cli, docs, lang, "--as-of", BEFORE, "--json").stdout)["data"]
    assert data == alone
    assert csv == _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "csv").stdout


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_events_not_applied_once_the_follow_up_is_known_are_listed_as_before(
    cli: Any, tmp_path: Path, lang: str
) -> None:
    """Guard: on the day the follow-up is signed it is known, its event listed as before; and
    a report with no follow-up at all still says "None."."""
    docs = _an_event_not_applied(tmp_path)
    md = _summary(cli, docs, lang, "--as-of", "2026-12-07", "--format", "md").stdout
    assert "f.toml" in md
    assert NOT_YET[lang] not in md
    (docs / "f.toml").unlink()
    md = _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "md").stdout
    none = {"en": "None.", "zh": "无。"}[lang]
    assert md.split(f"## {HEADING[lang]}\n")[1].startswith(f"\n{none}\n")


TIME_WORDS = {
    "alone": (
        "TOML writes {value} with no offset, as {bare}: an offset from UTC follows a date and "
        "time only",
        "TOML 中 {value} 应不带时差写作 {bare}：UTC 时差只能跟在日期和时间之后",
    ),
    "both": (
        "TOML writes one offset from UTC: {value} as {bare}Z or {bare}+08:00",
        "TOML 中只能写一个 UTC 时差：{value} 应写作 {bare}Z 或 {bare}+08:00",
    ),
    "width": ("TOML writes {value} as {bare}", "TOML 中 {value} 应写作 {bare}"),
}
HEAD = {"en": "invalid TOML: Invalid date or datetime: ", "zh": "TOML 格式错误：日期或时间无效："}
TIMES = [
    ("08:00:00+08:00", "08:00:00", "alone"),
    ("08:00-05:00", "08:00", "alone"),
    ("08:00:00Z", "08:00:00", "alone"),
    ("08:00:00Z+08:00", "08:00:00", "alone"),
    ("2026-12-20T08:00:00Z+08:00", "2026-12-20T08:00:00", "both"),
    ("08:000", "08:00", "width"),
    ("08:00:000", "08:00:00", "width"),
    ("2026-12-20T08:000:00", "2026-12-20T08:00:00", "width"),
]


def _time_words(lang: str, value: str, bare: str, kind: str) -> str:
    return HEAD[lang] + TIME_WORDS[kind][lang == "zh"].format(value=value, bare=bare)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("value", "bare", "kind"), TIMES)
def test_a_time_with_an_offset_or_a_field_too_long_is_said_at_its_column(
    cli: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    value: str,
    bare: str,
    kind: str,
) -> None:
    """A time of day with an offset or `Z` (TOML has none), a Z and an offset both, and a
    time's minutes or seconds of three digits kept the parser's words (`Unclosed inline
    table` in answers, `Expected newline or end of document after a statement` in an events
    file) at the column after what it read. They are said as the calendar's words say a date,
    at the value's column, in answers and in an events file; nothing is written."""
    monkeypatch.chdir(tmp_path)
    answers = (
        '[answers]\n"gas-check-genuine" = { result = "noncompliant", description = "x", '
        f"deadline = {value} }}\n"
    )
    (tmp_path / "a.toml").write_text(answers, encoding="utf-8")
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    column = answers.splitlines()[1].index(value) + 1
    said = _time_words(lang, value, bare, kind)
    assert run.stderr.splitlines()[0] == f"a.toml:2:{column}: {said}"
    events = f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nat = {value}\n'
    (tmp_path / "e.toml").write_text(events, encoding="utf-8")
    run = cli(["followup", "--events", "e.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == f"e.toml:4:6: {said}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml", "e.toml"]


@pytest.mark.parametrize(
    "value", ["2026-12-20T08:00:00+08:00", "2026-12-20T08:00:00Z", "08:00:00", "08:00:00.5"]
)
def test_a_time_toml_takes_is_not_said_to_be_written_otherwise(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """Guard: a date-time with its offset or Z, and a time of day alone, parse; the answers
    file then gets the schema's words (a deadline is a date), never the TOML words above."""
    monkeypatch.chdir(tmp_path)
    answers = (
        '[answers]\n"gas-check-genuine" = { result = "noncompliant", description = "x", '
        f"deadline = {value} }}\n"
    )
    (tmp_path / "a.toml").write_text(answers, encoding="utf-8")
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml"])
    assert run.exit_code == 2
    assert "TOML writes" not in run.stderr
    assert "invalid TOML" not in run.stderr


FLAGS = {"en": "[overdue, no-enforcement]", "zh": "[逾期、未记录执法措施]"}
STATES = {"en": "open", "zh": "未整改"}


def _overdue_shown(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """`show`'s arguments for a findings file of two majors past their deadline with no
    enforcement recorded, a long description beside them."""
    who = person(tmp_path, "alice")
    text = (
        "The gas inspector signed the shift record without measuring at the working face; the "
        "log was filled in afterwards by another worker."
    )
    results = ["noncompliant", "noncompliant", "compliant"]
    data = findings(who, results, deadline=dt.date(2026, 12, 10), description=text)
    (tmp_path / "f.toml").write_bytes(data)
    allowed_signers(tmp_path / "allowed", who)
    monkeypatch.chdir(tmp_path)
    return ["show", "f.toml", "--allowed-signers", "allowed", "--as-of", "2027-01-15"]


HEADS = {"en": ("STATE", "DEADLINE"), "zh": ("状态", "整改期限")}


def _state_column(lines: list[str], lang: str) -> int:
    """The cells the STATE column holds, from the header: from its heading to the next one,
    less the padding and the rule between them (0 where the rows are records, with no header)."""
    state, deadline = HEADS[lang]
    header = next((line for line in lines if state in line and deadline in line), None)
    if header is None:
        return 0
    return cell_len(header[: header.index(deadline)]) - cell_len(header[: header.index(state)]) - 3


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_state_s_flags_are_kept_whole_where_the_column_holds_them(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`open [overdue,` / `no-enforcement]` (`未整改 [逾期、` / `未记录执法措施]`): the STATE
    column held the flags whole, but the line was broken at the blank inside them (in Chinese
    the group, longer than a phrase, was broken between its characters). They begin the next
    line now, whole, at every width whose column holds them (at 120 columns too); the row is
    no taller, no line wider."""
    args = _overdue_shown(cli, tmp_path, monkeypatch)
    flag, state = FLAGS[lang], STATES[lang]
    holding = []
    for width in range(60, 161):
        monkeypatch.setenv("COLUMNS", str(width))
        run = cli([*args, "--lang", lang])
        assert (run.exit_code, run.stderr) == (0, ""), width
        lines = run.stdout.splitlines()
        assert max(map(cell_len, lines)) <= width, width
        if _state_column(lines, lang) >= cell_len(flag):
            holding.append(width)
            assert run.stdout.count(flag) == 2, (width, lines)
            for i, line in enumerate(lines):
                if "gas-" in line and flag not in line:  # (the flags on the next line)
                    assert line.split()[2] == state, (width, line)
                    assert flag in lines[i + 1], (width, line)
    assert 120 in holding


NOT_RECTIFIED = {
    "en": "minecheck: warning: {ref}: no signed follow-up here reports it rectified by {at}, when "
    "the acceptance is dated: a report applies an acceptance only after the rectification it "
    "accepts\n"
    "  hint: accept it after the enterprise's signed report that it is rectified (--action "
    "rectified), kept beside the findings or where the acceptance is written\n",
}


def test_followup_leaves_out_a_rectification_whose_key_the_trust_list_revokes(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The mine reports a major rectified, and its key is revoked since in the office's own
    trust list; an expert accepts. Every report leaves the rectification out and lists the
    acceptance "accepted while open"; `followup` took the rectification by its signature and
    said nothing. With minecheck's own trust list at hand it judges trust as the reports do:
    the acceptance gets the warning of one before any rectification. Without a trust list of
    its own it reads signatures, as before."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified", "--note", "x")
    args = ["followup", PANEL_REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z"]
    run = cli([*args, *by(p["chen"]), "-o", "a.toml"])  # (no trust list of its own: as before)
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    own = paths.allowed_signers_file()
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_bytes(Path(panel["trust"][1]).read_bytes())
    paths.revoked_keys_file().write_bytes(p["mine"].key.with_suffix(".pub").read_bytes())
    run = cli([*args, *by(p["chen"]), "-o", "b.toml"])
    assert (run.exit_code, run.stdout) == (0, "b.toml\n")
    said = NOT_RECTIFIED["en"].format(ref=PANEL_REF, at="2026-12-01T08:00:00Z")
    assert run.stderr == said
    got = reports(cli, panel, ["xinxing.toml", "f1.toml", "b.toml"])
    assert got["row"]["state"] == "open"
