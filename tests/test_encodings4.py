"""Files saved in an editor on a Windows or Chinese machine, round 4: traditional Chinese in Big5,
Chinese beside Latin letters that reads as Western European text, and TOML mistakes said where
they are (a date's offset, a multi-line string left open)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.test_loose_ends9 import LATIN_ANSWERS, WESTERN, _answers_refused
from tests.test_windows_files3 import CHECKLIST, CHINESE_ANSWERS

TRADITIONAL = (
    '[answers]\n"gas-check-genuine" = { result = "noncompliant", description = "這個礦井的通風'
    '設備需要檢查，瓦斯濃度過高時應停止作業並撤離人員。", deadline = 2026-12-20 }\n'
)

BIG5 = {
    "en": [
        "a.toml:2:65: not UTF-8: byte 0xb3 cannot be decoded",
        "  hint: it reads as Big5 text (traditional Chinese): convert it to UTF-8 with:",
        "    iconv -f BIG5 -t UTF-8 a.toml > a.utf-8.toml",
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
        "minecheck: error: a.toml is not UTF-8 text",
    ],
    "zh": [
        "a.toml:2:65: 不是 UTF-8：字节 0xb3 无法解码",
        "  hint: 它可按 Big5 编码（繁体中文）读出：请用以下命令转换为 UTF-8：",
        "    iconv -f BIG5 -t UTF-8 a.toml > a.utf-8.toml",
        "  或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）",
        "minecheck: error: a.toml 不是 UTF-8 文本",
    ],
}
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def _pasted_makes_the_text(tmp_path: Path, command: str, data: bytes, text: str) -> None:
    """`command`, run as pasted beside a.toml (holding `data`), leaves a.toml as it was and
    makes a.utf-8.toml of `text` in UTF-8."""
    subprocess.run(["sh", "-c", command.strip()], check=True, env=ENV, cwd=tmp_path)
    assert (tmp_path / "a.toml").read_bytes() == data
    assert (tmp_path / "a.utf-8.toml").read_bytes() == text.encode()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_traditional_chinese_in_big5_is_told_big5_and_its_command_makes_the_text(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Big5 (Notepad's "ANSI" on a Windows of Taiwan or Hong Kong) reads in GB18030 too, as
    kana, private and rare characters (這個礦井 as 硂膓か...): it was told `iconv -f GB18030`,
    whose file was mojibake that parses. It is told Big5, and the command, run as pasted, makes
    the text in UTF-8 beside the file, which is left as it was."""
    monkeypatch.chdir(tmp_path)
    data = TRADITIONAL.encode("big5")
    run = _answers_refused(cli, tmp_path, data, lang)
    assert run.stderr.splitlines() == BIG5[lang]
    _pasted_makes_the_text(tmp_path, BIG5[lang][2], data, TRADITIONAL)


UNSURE = {
    "en": "  hint: it reads as Chinese text in GB18030 and in Big5, and which it is cannot be "
    "told: save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
    "zh": "  hint: 它按 GB18030 和 Big5 都能读成中文，无法判断是哪一种：请将其另存为 UTF-8"
    "（记事本：另存为，编码选 UTF-8）",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chinese_that_reads_alike_in_gbk_and_big5_gets_no_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Traditional characters GBK adds to GB2312 read as Big5's frequent ones (礦坑 in GBK is
    猩諧 in Big5): which was meant cannot be told, and either command could make the wrong
    characters. It was told `iconv -f GB18030`; it is told to save the file as UTF-8, and no
    command."""
    monkeypatch.chdir(tmp_path)
    data = LATIN_ANSWERS.replace("{word}: le registre est faux", "礦坑").encode("gbk")
    assert data.decode("big5") != data.decode("gbk")  # (both read, differently)
    run = _answers_refused(cli, tmp_path, data, lang)
    said = run.stderr.splitlines()
    assert said[1:-1] == [UNSURE[lang]]
    assert "iconv" not in run.stderr


@pytest.mark.parametrize(
    "text",
    [
        TRADITIONAL,  # (traditional characters in GBK: Big5 cannot read its bytes)
        LATIN_ANSWERS.replace("{word}: le registre est faux", "朱镕基：瓦斯浓度过高时应停止作业"),
        LATIN_ANSWERS.replace("{word}: le registre est faux", "巷道"),
    ],
)
def test_chinese_in_gbk_is_still_told_gb18030(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """(A guard: GBK text, traditional or simplified with a character GB2312 lacks, whose Big5
    reading is rare characters or none, keeps the GB18030 command, and it makes the text.)"""
    monkeypatch.chdir(tmp_path)
    run = _answers_refused(cli, tmp_path, text.encode("gbk"))
    assert run.stderr.splitlines()[1:3] == [
        "  hint: it reads as GB18030 text: convert it to UTF-8 with:",
        "    iconv -f GB18030 -t UTF-8 a.toml > a.utf-8.toml",
    ]
    subprocess.run(["sh", "-c", "iconv -f GB18030 -t UTF-8 a.toml > a.utf-8.toml"], check=True)
    assert (tmp_path / "a.utf-8.toml").read_bytes() == text.encode()


@pytest.mark.parametrize("word", ["A門", "B開", "A這", "AB門C", "門X"])
def test_chinese_beside_latin_letters_in_gbk_gets_no_cp1252_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, word: str
) -> None:
    """A GBK character whose second byte is ASCII, glued to a Latin letter (`A門` is `A\\xe9T`),
    read as an accented letter inside a Latin word, `AéT`, and was told `iconv -f CP1252`,
    whose file held `AéT` for `A門`. A Latin word's letter is followed by a letter, and the word
    is in one case (small, capitals, or a capital first): otherwise no command."""
    monkeypatch.chdir(tmp_path)
    data = LATIN_ANSWERS.replace("{word}: le registre est faux", word).encode("gbk")
    for lang, said in (("en", "a.toml is not UTF-8 text"), ("zh", "a.toml 不是 UTF-8 文本")):
        run = _answers_refused(cli, tmp_path, data, lang)
        assert run.stderr.splitlines()[1:] == [f"minecheck: error: {said}"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]


@pytest.mark.parametrize("word", ["Müller", "Straße", "ÉCOLE", "étudiant Ménard", "café"])
def test_latin_words_keep_the_cp1252_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, word: str
) -> None:
    """(A guard: an accented letter inside a Latin word of one case is still told Windows-1252.)"""
    monkeypatch.chdir(tmp_path)
    data = LATIN_ANSWERS.replace("{word}", word).encode("cp1252")
    run = _answers_refused(cli, tmp_path, data)
    assert run.stderr.splitlines()[1:4] == WESTERN["en"]


def _markless_said(lang: str, encoding: str, command: str) -> list[str]:
    if lang == "zh":
        return [
            f"a.toml:1:1: 不是 UTF-8：可按 {encoding} 读出"
            "（不带字节顺序标记的 UTF-16，以中文为主）；请另存为 UTF-8",
            "  hint: 请用以下命令转换为 UTF-8：",
            f"    {command}",
            "  或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）",
            "minecheck: error: a.toml 不是 UTF-8 文本",
        ]
    return [
        f"a.toml:1:1: not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark, "
        "mostly Chinese); save it as UTF-8",
        "  hint: convert it to UTF-8 with:",
        f"    {command}",
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
        "minecheck: error: a.toml is not UTF-8 text",
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["礦井通風設備應檢查瓦斯濃度", "頂板支護巷道檢查說明"])
def test_traditional_chinese_alone_in_utf_16_without_a_mark_is_said_to_be_utf_16(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, codec: str, text: str
) -> None:
    """Chinese alone in UTF-16 without a mark (no NUL) was told only where every character was
    one GB2312 has: traditional text was said by a byte that cannot be decoded, and nothing
    more. Its characters are Big5's frequent ones, which random bytes do not read as either: it
    is said UTF-16, and the command, run as pasted, makes the text."""
    monkeypatch.chdir(tmp_path)
    data = text.encode(codec)
    assert b"\x00" not in data
    run = _answers_refused(cli, tmp_path, data, lang)
    encoding = codec.upper().replace("-LE", "LE").replace("-BE", "BE")
    command = f"iconv -f {encoding} -t UTF-8 a.toml > a.utf-8.toml"
    assert run.stderr.splitlines() == _markless_said(lang, encoding, command)
    _pasted_makes_the_text(tmp_path, command, data, text)


@pytest.mark.parametrize("text", ["要離要", "說人礦斯煤業礦業風人支應煤業作"])
def test_utf_16_that_reads_as_chinese_in_gb18030_too_gets_no_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Traditional characters in UTF-16 without a mark whose bytes read as Chinese in GB18030
    too (要 is `\\x81\\x89`) were told `iconv -f GB18030`, whose file was mojibake. Bytes that
    read as common Chinese alone in UTF-16 are not told GB18030: no command, as either could be
    wrong."""
    monkeypatch.chdir(tmp_path)
    data = text.encode("utf-16-le")
    for lang, said in (("en", "a.toml is not UTF-8 text"), ("zh", "a.toml 不是 UTF-8 文本")):
        run = _answers_refused(cli, tmp_path, data, lang)
        assert run.stderr.splitlines()[1:] == [f"minecheck: error: {said}"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["检查说明\n", "瓦斯超限\r\n", "检查\n"])
def test_mostly_chinese_utf_16_of_fewer_than_8_characters_is_said_to_be_utf_16(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, codec: str, text: str
) -> None:
    """Markless UTF-16 mostly Chinese was told only from 8 characters on: `检查说明` and a line
    end was said by a byte that cannot be decoded, and nothing more. Fewer characters are told
    where the text ends its line, as a saved file does (random bytes seldom end so)."""
    monkeypatch.chdir(tmp_path)
    data = text.encode(codec)
    run = _answers_refused(cli, tmp_path, data, lang)
    encoding = codec.upper().replace("-LE", "LE").replace("-BE", "BE")
    command = f"iconv -f {encoding} -t UTF-8 a.toml > a.utf-8.toml"
    assert run.stderr.splitlines() == _markless_said(lang, encoding, command)
    subprocess.run(["sh", "-c", command], check=True, env=ENV, cwd=tmp_path)
    assert (tmp_path / "a.utf-8.toml").read_bytes() == text.encode()


MORE = {
    "en": "a.toml:1:1: not UTF-8: it {reads} text ({how}), with one byte more at its end, "
    "0x{byte}, which is not part of it; save it as UTF-8",
    "zh": "a.toml:1:1: 不是 UTF-8：{reads}（{how}），末尾多出一个不属于它的字节 0x{byte}；"
    "请另存为 UTF-8",
}
HOW = {
    ("en", "nuls"): (
        "reads as UTF-16LE",
        "UTF-16 without a byte-order mark: every other byte is 0",
    ),
    ("zh", "nuls"): ("可按 UTF-16LE 读出", "不带字节顺序标记的 UTF-16：每隔一个字节为 0"),
    ("en", "chinese"): ("reads as UTF-16LE", "UTF-16 without a byte-order mark, mostly Chinese"),
    ("zh", "chinese"): ("可按 UTF-16LE 读出", "不带字节顺序标记的 UTF-16，以中文为主"),
    ("en", "mark"): ("is UTF-16", "it starts with a UTF-16 byte-order mark"),
    ("zh", "mark"): ("这是 UTF-16 文本", "以 UTF-16 字节顺序标记开头"),
}
ASCII_ANSWERS = LATIN_ANSWERS.replace("{word}: le registre est faux", "board").replace("\n", "\r\n")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("more", [b"\r", b"x", b"\x00", b"\xff"])
@pytest.mark.parametrize(
    ("how", "text", "codec"),
    [
        ("nuls", ASCII_ANSWERS, "utf-16-le"),
        ("chinese", CHINESE_ANSWERS, "utf-16-le"),
        ("mark", ASCII_ANSWERS, "utf-16"),
    ],
)
def test_utf_16_with_one_byte_other_than_lf_appended_is_said_with_that_byte(
    cli: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    more: bytes,
    how: str,
    text: str,
    codec: str,
) -> None:
    """UTF-16 (without a mark, or with one) of odd length, its lines whole and one byte more
    that is no LF (`printf '\\r' >>`, a stray byte): the markless was said by a byte that cannot
    be decoded or, ASCII read as UTF-8, `Found invalid character '\\x00'`; the marked by its
    mark's byte. It is said as `echo >>`'s LF is, with the byte's own value, and the `head -c`
    command, run as pasted, makes the text as the editor saved it."""
    monkeypatch.chdir(tmp_path)
    wide = text.encode(codec)
    data = wide + more
    run = _answers_refused(cli, tmp_path, data, lang)
    reads, told = HOW[lang, how]
    said = run.stderr.splitlines()
    assert said[0] == MORE[lang].format(reads=reads, how=told, byte=more.hex())
    encoding = "UTF-16" if how == "mark" else "UTF-16LE"
    command = f"head -c {len(wide)} a.toml | iconv -f {encoding} -t UTF-8 > a.utf-8.toml"
    assert said[2] == f"    {command}"
    _pasted_makes_the_text(tmp_path, command, data, text)


@pytest.mark.parametrize("text", [ASCII_ANSWERS, CHINESE_ANSWERS])
def test_utf_16_cut_short_by_a_byte_gets_no_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """(A guard: markless UTF-16 whose last byte is lost ends in half a character, its last
    line unended: no command would make the text, none is given.)"""
    monkeypatch.chdir(tmp_path)
    run = _answers_refused(cli, tmp_path, text.encode("utf-16-le")[:-1])
    assert "iconv" not in run.stderr


OFFSET = {
    "en": "a.toml:2:99: invalid TOML: Invalid date or datetime: no offset from UTC is {offset}: "
    "an offset runs from -23:59 to +23:59, as hh:mm after + or -",
    "zh": "a.toml:2:99: TOML 格式错误：日期或时间无效：没有 {offset} 这样的 UTC 时差：时差为 "
    "-23:59 至 +23:59，在 + 或 - 之后写作 hh:mm",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("offset", ["+2500", "+25:00", "-00:60", "+24"])
def test_an_offset_out_of_range_is_said_by_itself_and_the_range_allowed(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, offset: str
) -> None:
    """A date-time whose offset is past its range was said `no time of day is
    2026-12-20T08:00:00+25:00: an offset from UTC runs from 00:00 to 23:59`: the time of day
    is right, the offset wrong, and an offset has a sign. It is said by the offset itself and
    the range TOML allows, signed, with the form (`+2500` lacks its colon too)."""
    monkeypatch.chdir(tmp_path)
    text = LATIN_ANSWERS.replace("{word}: ", "").replace(
        "2026-12-20", f"2026-12-20T08:00:00{offset}"
    )
    (tmp_path / "a.toml").write_text(text, encoding="utf-8")
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == OFFSET[lang].format(offset=offset)


NOT_CLOSED = {
    "en": "a.toml:{at}: invalid TOML: a multi-line string is not closed",
    "zh": "a.toml:{at}: TOML 格式错误：多行字符串没有闭合",
}
OPEN_ANSWERS = [
    ('[answers]\n"gas-check-genuine" = { description = """abc\nmore\n', "2:39"),
    ('[answers]\n"gas-check-genuine" = { description = """abc \\""" more\nmore\n', "2:39"),
    ('[answers]\n# a """ comment\nnote = """closed""" # "\n"x" = """\\\\\nend\n', "4:7"),
    ('[answers]\nnote = """ends in "" and """"\n"x" = """a\\"""\n', "3:7"),
    ("[answers]\nnote = 'a \"\"\"' # '''\nx = '''it's\nmore\n", "3:5"),
    ('[answers]\r\nnote = "a"\r\nx = """open\r\nmore\r\n', "3:5"),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("text", "at"), OPEN_ANSWERS)
def test_a_multi_line_string_left_open_is_said_where_it_opened(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, text: str, at: str
) -> None:
    """A multi-line string (`\"\"\"` or `'''`) whose closing quotes never come was said in the
    parser's words at the end of the document (`Unterminated string`, `Expected "'''"`), the
    line after the last: nothing pointed at the string. It is said where it opens, found as the
    parser reads the text: an escaped quote (`\\"`) in a basic string, quotes in a comment, in a
    one-line string or inside a closed multi-line string (and the one or two quotes more it may
    end with) open nothing. CR LF lines are counted as the parser counts them."""
    monkeypatch.chdir(tmp_path)
    run = _answers_refused(cli, tmp_path, text.encode(), lang)
    assert run.stderr.splitlines()[0] == NOT_CLOSED[lang].format(at=at)


UNESCAPED = {
    "en": "a.toml:{at}: invalid TOML: Unescaped '\\' in a string",
    "zh": "a.toml:{at}: TOML 格式错误：字符串中有未转义的 '\\'",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("text", "at"),
    [
        ('[answers]\nnote = "abc\\\nz = 1\n', "2:12"),
        ('[answers]\r\nnote = "abc\\\r\nz = 1\r\n', "2:12"),
        ('[answers]\nnote = "abc\\', "2:12"),
        ('[answers]\nnote = "中文\\\nz = 1\n', "2:11"),
    ],
)
def test_a_one_line_string_ending_in_a_backslash_is_said_at_the_backslash(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, text: str, at: str
) -> None:
    """A `\\` that ends a line inside a one-line basic string was placed by the parser past the
    line end: at the next line's first column (CR LF too), or one column past the end of the
    document. It is placed at the `\\` itself, on its own line."""
    monkeypatch.chdir(tmp_path)
    run = _answers_refused(cli, tmp_path, text.encode(), lang)
    assert run.stderr.splitlines()[0] == UNESCAPED[lang].format(at=at)
