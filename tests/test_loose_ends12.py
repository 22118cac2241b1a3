"""Loose ends, round 12: UTF-16 without a mark told as mostly Chinese with a byte appended, a
literal TOML string whose quote never comes again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_loose_ends11 import NOT_TOML, OPEN_STRING

ANSWERS = ["inspect", "illegal-production", "--site", "S", "--site-id", "M1", "--tag"]
ANSWERS += ["enterprise", "--inspector", "I", "-o", "out.toml"]

# a text holding 一 (U+4E00): a NUL in both places of its characters, so it is told as mostly
# Chinese, not by its NULs
CHINESE = 'checklist = "illegal-production"\nsite = "一号矿"\n[answers]\n'

APPENDED_REASON = {
    "en": "a.toml:1:1: not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark, "
    "mostly Chinese), with one byte more at its end, 0x0a (as `echo >>` appends); save it as "
    "UTF-8",
    "zh": "a.toml:1:1: 不是 UTF-8：可按 {encoding} 读出（不带字节顺序标记的 UTF-16，以中文为主），"
    "末尾多出一个字节 0x0a（`echo >>` 追加的那种）；请另存为 UTF-8",
}
ALONE_REASON = {
    "en": "b.toml:1:1: not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark, "
    "mostly Chinese); save it as UTF-8",
    "zh": "b.toml:1:1: 不是 UTF-8：可按 {encoding} 读出（不带字节顺序标记的 UTF-16，以中文为主）；"
    "请另存为 UTF-8",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("codec", "encoding"), [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")]
)
def test_markless_utf_16_told_as_mostly_chinese_with_a_byte_appended_says_mostly_chinese(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, codec: str, encoding: str
) -> None:
    """Without the LF `echo >>` appends the file is said `mostly Chinese`; with it, it was said
    `every other byte is 0`, which it is not (一 puts a NUL in the other place): one file, one
    reason, the byte appended said after it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.toml").write_bytes(CHINESE.encode(codec) + b"\n")
    (tmp_path / "b.toml").write_bytes(CHINESE.encode(codec))
    appended = cli([*ANSWERS, "--lang", lang, "--answers", "a.toml"])
    alone = cli([*ANSWERS, "--lang", lang, "--answers", "b.toml"])
    assert (appended.exit_code, appended.stdout) == (2, "")
    assert (alone.exit_code, alone.stdout) == (2, "")
    assert appended.stderr.splitlines()[0] == APPENDED_REASON[lang].format(encoding=encoding)
    assert alone.stderr.splitlines()[0] == ALONE_REASON[lang].format(encoding=encoding)
    size = len(CHINESE.encode(codec))
    assert f"    head -c {size} a.toml | iconv -f {encoding} -t UTF-8 > a.utf-8.toml" in (
        appended.stderr.splitlines()
    )
    assert not (tmp_path / "out.toml").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markless_utf_16_told_by_its_nuls_with_a_byte_appended_still_says_its_nuls(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Guard: ASCII text in UTF-16 without a mark, one LF appended, keeps `every other byte is
    0`."""
    monkeypatch.chdir(tmp_path)
    text = 'checklist = "illegal-production"\nsite = "Mine"\n[answers]\n'
    (tmp_path / "a.toml").write_bytes(text.encode("utf-16-le") + b"\n")
    run = cli([*ANSWERS, "--lang", lang, "--answers", "a.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    said = {
        "en": "a.toml:1:1: not UTF-8: it reads as UTF-16LE text (UTF-16 without a byte-order "
        "mark: every other byte is 0), with one byte more at its end, 0x0a (as `echo >>` "
        "appends); save it as UTF-8",
        "zh": "a.toml:1:1: 不是 UTF-8：可按 UTF-16LE 读出（不带字节顺序标记的 UTF-16：每隔一个字节"
        "为 0），末尾多出一个字节 0x0a（`echo >>` 追加的那种）；请另存为 UTF-8",
    }
    assert run.stderr.splitlines()[0] == said[lang]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("text", "at"),
    [
        # lines after it, none holding a quote
        ('checklist = "illegal-production"\nsite = \'Mine\n[answers]\n', "a.toml:2:13"),
        # CR LF line ends: the same line and column
        ('checklist = "illegal-production"\r\nsite = \'Mine\r\n[answers]\r\n', "a.toml:2:13"),
        # quotes before it, in a comment, a basic string and a closed literal string
        (
            '# the mine\'s answers\nchecklist = "illegal-production"\nsite = "it\'s"\n'
            "inspector = 'I'\nnote = 'left open\n[answers]\n",
            "a.toml:5:18",
        ),
        # a quoted key left open
        ('checklist = "illegal-production"\n\'site = "Mine"\n[answers]\n', "a.toml:2:15"),
        # the last line, with no line end
        ('checklist = "illegal-production"\nsite = \'Mine', "a.toml:2:13"),
    ],
)
def test_a_literal_string_whose_quote_never_comes_again_is_said_at_its_line(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, text: str, at: str
) -> None:
    """A literal string ('...) whose closing quote never comes again in the file was said
    `Expected "'"` at the end of the document; it is said where its line ends, as a string left
    open on its line whose quote comes again later is."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.toml").write_bytes(text.encode())
    run = cli([*ANSWERS, "--lang", lang, "--answers", "a.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"{at}: {OPEN_STRING[lang]}\n" + NOT_TOML[lang].format("a.toml")
    assert not (tmp_path / "out.toml").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_literal_string_with_a_control_character_and_no_quote_again_keeps_the_parsers_words(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Guard: a control character before the line's end is not a string left open on its line;
    the parser's words stay."""
    monkeypatch.chdir(tmp_path)
    text = 'checklist = "illegal-production"\nsite = \'Mi\x01ne\n[answers]\n'
    (tmp_path / "a.toml").write_bytes(text.encode())
    run = cli([*ANSWERS, "--lang", lang, "--answers", "a.toml"])
    said = {
        "en": 'a.toml:4:1: invalid TOML: Expected "\'"',
        "zh": 'a.toml:4:1: TOML 格式错误：此处应为 "\'"',
    }
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == said[lang] + "\n" + NOT_TOML[lang].format("a.toml")
