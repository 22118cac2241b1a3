"""A trainer follows the day's guides in both languages (formats.md on JSON inputs with
comments, guide-followup on followup's options, guide-scripting's problem codes) and holds the
product to what they teach."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers_merge import Who
from tests.test_cli_signing import Cli
from tests.test_json_inputs_said import BLOCK_HINT, BROKEN_JSON, REF, _answered, who

__all__ = ["who"]  # a fixture

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
    ("text", "at", "what"),
    [
        # an editor's JSON with comments: a comment line inside the object
        (f'{{\n  "answers": {{\n    // the board\n    {ANSWER}\n  }}\n}}\n', "3:5", 0),
        # a comment after a value, to the line's end
        (f'{{\n  "answers": {{\n    {ANSWER}  # seen\n  }}\n}}\n', "3:51", 1),
        # a block comment between a value and its closing brace
        (f'{{"answers": {{{ANSWER}}} /* done */}}\n', "1:60", 1),
        # a comment after the whole object
        (f'{{"answers": {{{ANSWER}}}}} // end\n', "1:61", 2),
        # a block comment never closed, before the JSON: JSON's comment, not TOML
        (f'/* the answers of 5 December\n{{"answers": {{{ANSWER}}}}}\n', "1:1", 3),
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
) -> None:
    """formats.md: a file written as JSON with comments is refused as JSON, at its first
    comment, with a hint to remove them. Only comments before the JSON had the hint: a comment
    inside it (where an editor's JSON with comments most often has one) was said as JSON's
    parser says it (`Expecting property name enclosed in double quotes`) and nothing more, and
    an unclosed `/*` first was told "not valid TOML"."""
    monkeypatch.chdir(tmp_path)
    lines = _answered(cli, "a.json", text, lang)
    first, last = BROKEN_JSON[lang]
    assert lines == [
        first.format(at=at, what=list(WHAT.values())[what][lang]),
        last,
        BLOCK_HINT[lang],
    ]


@pytest.mark.parametrize(
    "text",
    [
        '{"answers": {"gas-check-genuine": {"result": "compliant", "note": "a // b"}},}\n',
        '{"answers": {"gas-check-genuine": "compliant"}, }\n',
    ],
)
def test_broken_json_without_a_comment_has_no_comment_hint(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """The hint is for a comment: a comma too many (`//` in a string nearby) is said alone."""
    monkeypatch.chdir(tmp_path)
    lines = _answered(cli, "a.json", text, "en")
    assert len(lines) == 2, lines
    assert lines[1] == BROKEN_JSON["en"][1]


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
    assert run.stderr.splitlines() == [*said[lang], BLOCK_HINT[lang]]
    assert not Path("f.toml").exists()
