"""A trainer's round: the follow-up, keys-and-trust, monthly-report and scripting guides, as
changed, followed end to end in English and Chinese, and read against what the product says.

A trainee who meets a code on standard error looks it up in guide-scripting's table and does
what its last column says: that column tells what the message's hint tells.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from minecheck import paths
from tests.conftest import REPO
from tests.test_attack33 import own_list_unread
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel

__all__ = ["panel"]

DOCS = REPO / "docs"
GUIDE = {"en": "guide-scripting.md", "zh": "guide-scripting.zh.md"}


def row(lang: str, code: str) -> list[str]:
    """The cells of guide-scripting's table row for CODE (en or zh)."""
    text = (DOCS / GUIDE[lang]).read_text(encoding="utf-8")
    [line] = [each for each in text.splitlines() if each.startswith(f"| `{code}` |")]
    return [cell.strip() for cell in line.strip("|").split(" | ")]


# what the hint of `trust-unread` says `minecheck trust list` shows, in its words
SHOWN = {"en": "what keeps it from being read", "zh": "无法读取的原因"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("cause", ["folder", "revoked"])
def test_the_scripting_guide_s_trust_unread_row_says_what_trust_list_shows_as_its_hint_does(
    cli: Any, panel: dict[str, Any], lang: str, cause: str
) -> None:
    """minecheck's own allowed signers file is a folder, or its revoked keys file holds a
    malformed line: `followup` warns `trust-unread`, whose hint sends the trainee to
    `minecheck trust list` to see what keeps the list from being read. The guide's row said
    `trust list` "shows the line at fault" (zh 显示出错的行), where a folder has no line and
    the allowed signers file none at fault: `trust list` names the folder, or the revoked keys
    file's line."""
    p = panel["people"]
    own_list_unread(cli, panel, cause)
    own = paths.allowed_signers_file()
    args = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z"]
    run = cli([*args, *by(p["chen"]), "-o", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    hint = run.stderr[run.stderr.index("hint:") :]
    assert SHOWN[lang] in hint
    listed = cli(["trust", "list", "--lang", lang])
    assert listed.exit_code == 2
    assert re.search(rf"{re.escape(str(own))}:\d", listed.stderr) is None  # (no line of it)
    code, _, to_do = row(lang, "trust-unread")
    assert code == "`trust-unread`"
    assert to_do.startswith(f"`minecheck trust list` {'shows ' if lang == 'en' else '显示'}")
    assert SHOWN[lang] in to_do


# what `trust list` says of a folder where minecheck keeps its own trust file: the hint named
# the file the trainee gave, where they gave none
OWN_FOLDER = {
    "en": (
        "minecheck: error: {path}: not a regular file (a directory)\n"
        "  hint: minecheck keeps its own {name} file here: move this directory away\n"
    ),
    "zh": (
        "minecheck: error: {path}：不是普通文件（目录）\n"
        "  hint: minecheck 自己的 {name} 文件存放于此：请将该目录移走\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", ["allowed_signers", "revoked_keys"])
def test_a_folder_where_minecheck_keeps_its_own_trust_file_is_said_so(
    cli: Any, tmp_path: Path, lang: str, name: str
) -> None:
    """`trust-unread`'s hint sends the trainee to `minecheck trust list`, which, for a folder
    where minecheck keeps its own allowed signers (or revoked keys) file, said "name the file
    itself (allowed_signers, revoked_keys), not its directory": they named nothing. It now
    says the folder stands where minecheck keeps that file, and to move it away; moved away,
    `trust list` reads the list again. A folder named with `--allowed-signers` keeps its
    hint."""
    own = {
        "allowed_signers": paths.allowed_signers_file(),
        "revoked_keys": paths.revoked_keys_file(),
    }
    own[name].mkdir(parents=True)
    listed = cli(["trust", "list", "--lang", lang])
    assert (listed.exit_code, listed.stdout) == (2, "")
    assert listed.stderr == OWN_FOLDER[lang].format(path=own[name], name=name)
    own[name].rename(tmp_path / "moved")
    assert cli(["trust", "list", "--lang", lang]).exit_code == 0
    named = cli(["trust", "list", "--allowed-signers", str(tmp_path / "moved"), "--lang", "en"])
    assert named.exit_code == 2
    assert named.stderr.endswith(
        "  hint: name the file itself (allowed_signers, revoked_keys), not its directory\n"
    )


# an events file of three mistakes, each one a report will not apply: an event dated before the
# inspection began, a major's acceptance by self assessment, an extension to the deadline itself;
# and an escalation that does not say which it was
MISTAKES = f"""\
[[event]]
finding = "{REF}"
action = "rectified"
note = "x"
at = 2026-01-05T08:00:00Z

[[event]]
finding = "{REF}"
action = "accepted"
method = "self"
at = 2026-12-01T08:00:00Z

[[event]]
finding = "{REF}"
action = "extended"
note = "the mine asked in writing"
new_deadline = 2026-12-20
at = 2026-12-02T08:00:00Z

[[event]]
finding = "{REF}"
action = "escalated"
at = 2026-12-03T08:00:00Z
"""
# each warning's hint, as it is said of an events file: the file's keys, not the options that
# `--events` refuses beside it
FILE_HINTS = {
    "en": [
        "  hint: date the event when it happened, at or after the inspection began (at)\n",
        "  hint: a major hidden danger is accepted by a review independent of the enterprise: "
        'method "expert-review" (naming each in reviewers), "third-party" or "regulator-onsite"\n',
        "  hint: an extension moves the deadline later: give a day after 2026-12-20 "
        "(new_deadline)\n",
        "  hint: name it in the event's note: suspension for rectification, a closure "
        "requested, or a transfer to another authority\n",
    ],
    "zh": [
        "  hint: 按事件实际发生的时间注明日期，不早于检查开始的时间（at）\n",
        '  hint: 重大隐患由独立于企业的评审验收：method "expert-review"（在 reviewers 中写明每位'
        '评审人）、"third-party" 或 "regulator-onsite"\n',
        "  hint: 延期只能把期限推后：请给出 2026-12-20 之后的日期（new_deadline）\n",
        "  hint: 请在该事件的 note 中写明：停产整顿、提请关闭或移送\n",
    ],
}


def signing_beside_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A signed findings file of REF in a folder of its own (the current one), and the options
    that sign an events file about it there."""
    from tests.helpers_merge import findings, person

    wang = person(tmp_path, "wang")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    (work / "xinxing.toml").write_bytes(
        findings(wang, ["compliant", "noncompliant", "compliant"], deadline=dt.date(2026, 12, 20))
    )
    return ["--key", str(wang.key), "--signer", wang.principal, "--findings", "xinxing.toml"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_not_applied_warning_of_an_events_file_names_the_file_s_keys_not_options(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """guide-followup's three mistakes and an escalation without a note, written as an events
    file (`followup --events`): each warning's hint said what to change by its option,
    "(--at)", "--method expert-review (naming each --reviewer)", "(--new-deadline)",
    "(--note)", which `--events` refuses beside it ("--events cannot be combined with
    ['--at']"). Of an events file, the hint names the file's keys, as the hint of an
    acceptance listed before its rectification already did ("(at)"); typed on the command
    line, the options, as before."""
    signing = signing_beside_findings(tmp_path, monkeypatch)
    Path("e.toml").write_text(MISTAKES, encoding="utf-8")
    run = cli(["followup", "--events", "e.toml", *signing, "-o", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    hints = [line + "\n" for line in run.stderr.splitlines() if line.startswith("  hint: ")]
    assert hints == FILE_HINTS[lang]
    # what the options' hint had a trainee type is refused
    refused = cli(["followup", "--events", "e.toml", "--at", "2026-12-02T08:00:00Z", *signing])
    assert refused.exit_code == 2
    # typed on the command line, the hint names the option, as before
    typed = [REF, "--action", "rectified", "--note", "x", "--at", "2026-01-05T08:00:00Z"]
    run = cli(["followup", *typed, *signing, "-o", "b.toml", "--lang", "en"])
    assert run.stderr.endswith(
        "  hint: date the event when it happened, at or after the inspection began (--at)\n"
    )
