"""A trainer follows the day's guides in both languages (guide-followup's document signed by
hand, guide-scripting's catalogue of problem codes) and holds them to what the product does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import Who
from tests.test_cli_sign_rules import who
from tests.test_followup_options_named import _refused, setup
from tests.test_guide_scripting_taught import GUIDES, IDS, _catalogue_row
from tests.test_minimal_input import MINIMAL_FOLLOWUP, REF, sign_args

__all__ = ["setup", "who"]  # fixtures

# guide-followup's document written by hand, its withdrawal without the reason
BY_HAND = MINIMAL_FOLLOWUP.replace('"rectified"', '"withdrawn"')


# --- guide-scripting's catalogue: `sign`'s bad-event ---------------------------------------


@pytest.mark.parametrize("guide", GUIDES, ids=IDS)
def test_the_catalogue_says_bad_event_of_a_document_sign_is_given(
    cli: Any, who: Who, guide: Path
) -> None:
    """`sign` refuses a hand-written follow-up whose event followup would not write with
    `bad-event` (the day's change), at the event's line. The catalogue's row said the code
    comes from `--events` or followup's options, under the heading `followup` alone: a script
    that signs documents could not find it there."""
    Path("f.toml").write_text(BY_HAND, encoding="utf-8")
    run = cli(["sign", "f.toml", *sign_args(who), "--json"])
    assert (run.exit_code, run.stderr) == (2, "")
    [problem, after] = json.loads(run.stdout)["problems"]
    assert (problem["code"], problem["line"], after["code"]) == ("bad-event", 4, "input")
    assert Path("f.toml").read_text(encoding="utf-8") == BY_HAND
    row = _catalogue_row(guide, "bad-event")
    assert "`sign`" in row


# --- one rule, one sentence: an acceptance without its reviewers in Chinese ---------------------

PANEL = f"""\
[[event]]
finding = "{REF}"
action = "accepted"
method = "third-party"
at = 2026-12-01T08:00:00Z
"""
NO_REVIEWERS_ZH = "验收方式为第三方验收（third-party）的事件须写明 reviewers（验收人员）"


def test_an_acceptance_without_reviewers_is_said_alike_by_sign_and_followup(
    cli: Any, who: Who
) -> None:
    """guide-followup: `sign` holds a hand-written follow-up to the rules `followup` holds its
    own events to. In Chinese the one rule read `验收方式为 third-party 的事件…` from
    `followup --events` and `验收方式为 第三方验收（third-party） 的事件…` from `sign`: the
    method named two ways, and blanks between Chinese words. Both now say it alike."""
    Path("ev.toml").write_text(PANEL, encoding="utf-8")
    run = cli(["followup", "--events", "ev.toml", *sign_args(who), "-o", "o.toml", "--lang", "zh"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == f"ev.toml:1: 第 1 个事件：{NO_REVIEWERS_ZH}"
    assert not Path("o.toml").exists()
    document = '[minecheck]\nformat = "minecheck.followup/1"\n\n' + PANEL
    Path("f.toml").write_text(document, encoding="utf-8")
    run = cli(["sign", "f.toml", *sign_args(who), "--lang", "zh"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == f"f.toml:4:3: {NO_REVIEWERS_ZH}"
    assert Path("f.toml").read_text(encoding="utf-8") == document
    english = cli(["sign", "f.toml", *sign_args(who)])
    assert english.stderr.splitlines()[0] == (
        "f.toml:4:3: an accepted event by third-party needs its reviewers"
    )


# --- guide-scripting: where a terminal shows a problem's message and hint -----------------------

COMMENTED = '// the answers\n{"answers": {"gas-check-genuine": "compliant"}}\n'
NOT_A_NOTE = '{"answers": {"gas-check-genuine": {"result": "compliant", "note": 5}}}\n'
WHERE_SAID = {
    "guide-scripting.md": "or, for a place in a file, after its `path:line:column:`",
    "guide-scripting.zh.md": "（问题位于文件中某处时为其 `path:line:column:`",
}


@pytest.mark.parametrize("guide", GUIDES, ids=IDS)
@pytest.mark.parametrize("text", [COMMENTED, NOT_A_NOTE], ids=["comment", "key-path"])
def test_the_envelope_says_where_a_terminal_shows_a_file_s_problem(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, guide: Path, text: str
) -> None:
    """guide-scripting said `message` and `hint` are what a terminal shows after
    `minecheck: error:` or `minecheck: warning:` and `  hint:`. The JSON-comment hint now sits
    on `json-syntax`, whose terminal line begins `a.json:1:1:`, not `minecheck: error:`; a JSON
    file's problem without a line begins `a.json:`. A script writer matching the two found no
    `minecheck: error:` before the message. The guide names the place's prefix."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MINECHECK_HOME", str(tmp_path / "home"))
    Path("a.json").write_text(text, encoding="utf-8")
    args = ["inspect", "coal-major-hidden-dangers", "--site", "X", "--tag", "coal-underground"]
    args += ["--answers", "a.json", "--allow-incomplete", "-o", "f.toml"]
    said = cli(args).stderr.splitlines()
    run = cli([*args, "--json"])
    assert run.exit_code == 2
    [problem, _] = json.loads(run.stdout)["problems"]
    place = ":".join(str(problem[k]) for k in ("path", "line", "column") if problem[k] is not None)
    assert said[0] == f"{place}: {problem['message']}"
    if problem["hint"] is not None:
        assert said[1] == f"  hint: {problem['hint']}"
    assert said[-1].startswith("minecheck: error: ")
    assert WHERE_SAID[guide.name] in " ".join(guide.read_text(encoding="utf-8").split())


# --- guide-followup: --at in the future, said as every other --at is -----------------------------

FUTURE = {
    "en": "--at {value} is in the future",
    "zh": "--at {value} 是将来的时间",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "at",
    [
        "2099-01-01T00:00:00Z",
        "2099-01-01T08:00:00+08:00",
        "２０９９－０１－０１Ｔ００：００：００Ｚ",  # (an input method's figures)
    ],
)
def test_an_at_in_the_future_is_said_as_it_was_typed(
    cli: Any, setup: dict[str, Any], lang: str, at: str
) -> None:
    """guide-followup: `--at` takes a UTC time or one with its offset, and (the day's change)
    an input method's full-width figures; each value typed wrong is said quoted, as typed
    (`--at '1800-01-01T00:00:00Z' lies outside the years`). One in the future alone was said
    unquoted and as minecheck read it: `--at 2099-01-01T00:00:00Z is in the future` for
    `+08:00` or full-width figures the user never typed that way."""
    said = _refused(cli, setup, [REF, "--action", "rectified", "--at", at], lang)
    assert said[0] == FUTURE[lang].format(value=f"'{at}'")
