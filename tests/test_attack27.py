"""The last merges attacked, round 27: the words a date-shaped TOML value gets at its column,
and the Western European conversion command, tried on what users write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_loose_ends9 import LATIN_ANSWERS, _answers_refused, _events, _pasted
from tests.test_officer_month import setup
from tests.test_officer_week import MONDAY, week
from tests.test_stock_increment import utc

__all__ = ["setup", "utc", "week"]

# the words of a control character (encodings round 5)
CONTROL_01 = (
    "invalid TOML: a control character, U+0001, stands here (an editor shows it as nothing, "
    "or as a box): TOML text holds none but a tab and the line ends; delete it"
)
# a date-shaped text the parser did not stop in as a value: in a string, a comment, a key, a
# second value after a finished one; each is said at the parser's column, in the parser's words
# (a string left open on its line in plain ones: loose ends, round 11)
NOT_A_VALUE = [
    ('note = "see 2026-1-5', "4:21: invalid TOML: a string is not closed on its line"),
    ('note = "due 2026-13-01', "4:23: invalid TOML: a string is not closed on its line"),
    ('note = """due 2026-02-30', "4:8: invalid TOML: a multi-line string is not closed"),
    (  # (a control character is named by its code, as encodings round 5 says it)
        'note = "2026-1-5\x01"',
        "4:17: " + CONTROL_01,
    ),
    ("at = 1 # 2026-1-5\x01", "4:18: " + CONTROL_01),
    ("2026-13-01", "4:11: invalid TOML: Expected '=' after a key in a key/value pair"),
    (
        'note = "a" 2026-1-5',
        "4:12: invalid TOML: Expected newline or end of document after a statement",
    ),
]


@pytest.mark.parametrize(("line", "said"), NOT_A_VALUE, ids=[line for line, _ in NOT_A_VALUE])
def test_date_shaped_text_that_is_no_value_keeps_the_parser_s_words(
    cli: Any, setup: dict[str, Any], line: str, said: str
) -> None:
    """An unclosed quote before a date in a note was told `Invalid date or datetime: TOML
    writes 2026-1-5 as 2026-01-05` at the date's column, the quote never named; a control
    character after a date in a comment, a date-shaped key without its `=`, likewise. Only a
    value the parser stopped in gets the calendar's words."""
    run = _events(cli, setup, line, "en")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        f"events.toml:{said}",
        "minecheck: error: events.toml is not valid TOML",
    ]
    assert "日期" not in _events(cli, setup, line, "zh").stderr
    assert not (setup["work"] / "f.toml").exists()


def test_a_long_run_of_spaces_before_a_time_is_not_echoed(cli: Any, setup: dict[str, Any]) -> None:
    """A date, 3,000 spaces and a time was told `TOML writes 2026-11-30<3,000 spaces>09:00:00
    as ...`, a line of 3,100 characters; TOML allows one space there, so the parser's words at
    the time's column say it."""
    run = _events(cli, setup, "at = 2026-11-30" + " " * 3000 + "09:00:00Z", "en")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == (
        "events.toml:4:3016: invalid TOML: Expected newline or end of document after a statement"
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("at = [2026-01-05,\r\n  2026-1-5]\r\n", "5:3"),
        ('at = { note = "煤矿 巷道", when = 2026-1-5 }', "4:31"),
        ('note = "x"\r\nat = { when = 2026-1-5 }', "5:15"),
        ("at = 2026-1-5", "4:6"),
    ],
    ids=["array-crlf", "chinese-before", "inline-table-crlf", "end-without-newline"],
)
def test_a_date_in_arrays_tables_crlf_and_after_chinese_is_said_at_its_column(
    cli: Any, setup: dict[str, Any], text: str, said: str
) -> None:
    """(Guards: in an array over two CR LF lines, in an inline table, after Chinese text on
    its line, at the end of the file without a newline: the value's own column.)"""
    (setup["work"] / "events.toml").write_bytes(
        f'[[event]]\nfinding = "x"\naction = "rectified"\n{text}'.encode()
    )
    args = ["followup", "--events", "events.toml", "-o", "f.toml", *setup["sign"]]
    run = cli(args)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == (
        f"events.toml:{said}: invalid TOML: Invalid date or datetime: TOML writes 2026-1-5 as "
        "2026-01-05"
    )


@pytest.mark.parametrize("word", ["這門開過", "長", "進門"])
def test_chinese_in_gbk_that_looks_western_gets_no_cp1252_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, word: str
) -> None:
    """Traditional characters in GBK whose second byte is ASCII (這 is `\\xdf@`, 門 `\\xe9T`)
    read in Windows-1252 as `ß@éT`: every byte above ASCII alone and a Western letter, so
    they were told `iconv -f CP1252`, whose file held Latin letters for the Chinese. Such
    characters stand side by side or between quotes, never inside a Latin word: no command."""
    monkeypatch.chdir(tmp_path)
    data = LATIN_ANSWERS.replace("{word}: ", word + " ").encode("gbk")
    for lang, said in (("en", "a.toml is not UTF-8 text"), ("zh", "a.toml 不是 UTF-8 文本")):
        run = _answers_refused(cli, tmp_path, data, lang)
        assert "iconv" not in run.stderr
        assert run.stderr.splitlines()[1] == f"minecheck: error: {said}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]


@pytest.mark.usefixtures("utc")
def test_the_overdue_gate_s_command_pasted_names_a_folder_with_quotes_and_chinese(
    cli: Any, week: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """(A guard: a folder named with both quotes, a space and Chinese, in the command as the
    gate gives it; pasted into `sh`, it lists the one overdue hidden danger.)"""
    records, trust = week
    named = records.rename(tmp_path / 'it\'s "记录" 12')
    run = cli(
        [
            *("summary", str(named), *trust, "--as-of", MONDAY),
            *("--format", "csv", "--fail-on", "overdue"),
        ]
    )
    assert run.exit_code == 1
    command = run.stderr.splitlines()[-1].strip()
    assert command.endswith(f"--as-of {MONDAY} | grep -F '\"overdue\":true'")
    rows = _pasted(command, tmp_path)
    assert [(r["item"], r["overdue"]) for r in rows] == [("gas-check-genuine", True)]
