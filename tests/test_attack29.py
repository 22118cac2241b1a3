"""The last merges attacked, round 29: the encodings' fourth round (Big5 told apart from
GB18030, an offset's range, a multi-line string left open) tried with what a user's files hold:
Big5 with the characters Windows and Hong Kong add to it, an offset whose fields are longer or
shorter than TOML's, and a one-line string left open beside a multi-line one."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.test_encodings4 import ASCII_ANSWERS, BIG5, HOW, OFFSET, _pasted_makes_the_text
from tests.test_loose_ends9 import LATIN_ANSWERS, _answers_refused
from tests.test_secretary2 import _rate_block
from tests.test_windows_files3 import CHECKLIST, CHINESE_ANSWERS

OPEN_ON_ITS_LINE = {
    "en": "invalid TOML: a string is not closed on its line",
    "zh": "TOML 格式错误：字符串没有在本行内闭合",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "head",
    [
        'note = """closed"""\n',
        '# a """ in a comment\n',
        "note = '''closed'''\n",
    ],
)
def test_a_one_line_string_left_open_at_the_end_beside_a_multi_line_one_is_said_plainly(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, head: str
) -> None:
    """A basic string left open on a file's last line is said plainly (attack round 28), but
    where the text held a `\"\"\"` anywhere before it (a closed multi-line string, a comment),
    it kept the parser's words, "Unterminated string": whether a multi-line string was open was
    asked of the text's characters, not of its reading. It is said as without one, at the line's
    end, by verify and summary alike."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes(f'minecheck = 1\n{head}site = "甲乙丙'.encode())
    line = 2 + head.count("\n")
    said = f"a.toml:{line}:12: {OPEN_ON_ITS_LINE[lang]}\n"
    run = cli(["verify", "a.toml", "--lang", lang])
    assert run.exit_code == 1
    assert said in run.stderr.splitlines(keepends=True)
    run = cli(["summary", "a.toml", "--lang", lang])
    assert run.exit_code == 2
    assert said in run.stderr.splitlines(keepends=True)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_a_one_line_string_left_open_in_answers_beside_a_multi_line_one_is_said_plainly(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, end: str
) -> None:
    """The same in an answers file (CR LF lines too, which an answers file may have): `inspect
    --answers` says it one past the line's end, as on a file without a multi-line string."""
    monkeypatch.chdir(tmp_path)
    text = '[answers]\nnote = """a\nb"""\n"gas-check-genuine" = { description = "abc'
    run = _answers_refused(cli, tmp_path, text.replace("\n", end).encode(), lang)
    assert run.stderr.splitlines()[0] == f"a.toml:4:43: {OPEN_ON_ITS_LINE[lang]}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_one_line_string_left_open_in_events_and_checklists_beside_a_multi_line_one(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The same in an events file (`followup --events`, exit 2) and a checklist (`checklists
    lint`, exit 1): said at the line's end, in the language asked."""
    monkeypatch.chdir(tmp_path)
    Path("ev.toml").write_text('# events """\n[[event]]\nnote = "abc', encoding="utf-8")
    run = cli(["followup", "--events", "ev.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == f"ev.toml:3:12: {OPEN_ON_ITS_LINE[lang]}"
    text = Path(CHECKLIST).read_text(encoding="utf-8") + 'note = """x"""\nother = "abc'
    Path("mini-check.toml").write_text(text, encoding="utf-8")
    run = cli(["checklists", "lint", "mini-check.toml", "--lang", lang])
    assert run.exit_code == 1
    line = text.count("\n") + 1
    assert f"mini-check.toml:{line}:13: {OPEN_ON_ITS_LINE[lang]}" in run.stdout.splitlines()


TRADITIONAL = (
    '[answers]\n"gas-check-genuine" = { result = "noncompliant", description = "這個礦井的通風'
    '設備需要檢查，瓦斯濃度過高時應停止作業並撤離人員。{more}", deadline = 2026-12-20 }\n'
)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("more", "codec", "named"),
    [
        ("維修費用€500", "cp950", "CP950"),  # (the euro sign Windows adds, 0xA3E1)
        ("碁銹", "cp950", "CP950"),  # (the ETEN characters Windows adds, 0xF9D6 on)
        ("呢度啲設備㗎", "big5hkscs", "BIG5-HKSCS"),  # (Hong Kong's characters)
    ],
)
def test_big5_with_windows_or_hong_kong_characters_is_told_by_the_name_that_reads_it(
    cli: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    more: str,
    codec: str,
    named: str,
) -> None:
    """Traditional Chinese saved as "ANSI" on a Windows of Taiwan (code page 950: the euro
    sign, the ETEN characters) or Hong Kong (HKSCS) is not plain Big5: Big5 did not read it, and
    it was told `iconv -f GB18030`, whose file was mojibake that parses (這個礦井 as 硂膓か).
    It is told by the name of the encoding that reads it; the command, run as pasted, makes the
    text in UTF-8 beside the file, which is left as it was."""
    monkeypatch.chdir(tmp_path)
    text = TRADITIONAL.replace("{more}", more)
    data = text.encode(codec)
    run = _answers_refused(cli, tmp_path, data, lang)
    command = BIG5[lang][2].replace("BIG5", named)
    said = run.stderr.splitlines()
    assert said[1:-1] == [BIG5[lang][1], command, BIG5[lang][3]]
    _pasted_makes_the_text(tmp_path, command, data, text)


WRITES = {
    "en": "a.toml:2:99: invalid TOML: Invalid date or datetime: TOML writes "
    "2026-12-20T08:00:00{offset} as 2026-12-20T08:00:00{written}",
    "zh": "a.toml:2:99: TOML 格式错误：日期或时间无效：TOML 中 2026-12-20T08:00:00{offset} 应写作 "
    "2026-12-20T08:00:00{written}",
}


def _offset_refused(cli: Any, tmp_path: Path, offset: str, lang: str) -> str:
    text = LATIN_ANSWERS.replace("{word}: ", "").replace(
        "2026-12-20", f"2026-12-20T08:00:00{offset}"
    )
    (tmp_path / "a.toml").write_text(text, encoding="utf-8")
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    first: str = run.stderr.splitlines()[0]
    return first


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("offset", ["+123:00", "-08:600", "+12345"])
def test_an_offset_with_a_field_too_long_is_said_whole(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, offset: str
) -> None:
    """An offset whose hours or minutes have more digits than two was said by its first two
    (`+123:00` as `TOML writes ...+12 as ...+12:00`, which, followed, leaves `3:00` after it).
    It is said whole, as past the range."""
    monkeypatch.chdir(tmp_path)
    assert _offset_refused(cli, tmp_path, offset, lang) == OFFSET[lang].format(offset=offset)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("offset", "written"),
    [("+08:0", "+08:00"), ("+8:00", "+08:00"), ("+0800", "+08:00"), ("-5", "-05:00")],
)
def test_an_offset_with_a_field_too_short_is_said_whole_as_toml_writes_it(
    cli: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    offset: str,
    written: str,
) -> None:
    """`+08:0` was said `TOML writes ...+08 as ...+08:00`, which, followed, makes `+08:00:0`.
    The offset is said whole and as TOML writes it (and the forms said before stay)."""
    monkeypatch.chdir(tmp_path)
    said = _offset_refused(cli, tmp_path, offset, lang)
    assert said == WRITES[lang].format(offset=offset, written=written)


LINE_MORE = {
    "en": "a.toml:1:1: not UTF-8: it {reads} text ({how}), with {count} bytes more at its end, "
    "{bytes}, which are not part of it; save it as UTF-8",
    "zh": "a.toml:1:1: 不是 UTF-8：{reads}（{how}），末尾多出 {count} 个不属于它的字节 {bytes}；"
    "请另存为 UTF-8",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("more", [b"\r\n", b"x\r\n", b"ok \r\n", b"\n\n", b"ab\n"])
@pytest.mark.parametrize(
    ("how", "text", "codec", "mark"),
    [
        ("nuls", ASCII_ANSWERS, "utf-16-le", b""),
        ("nuls", ASCII_ANSWERS, "utf-16-be", b""),
        ("chinese", CHINESE_ANSWERS, "utf-16-le", b""),
        ("mark", ASCII_ANSWERS, "utf-16-le", b"\xff\xfe"),
        ("mark", CHINESE_ANSWERS, "utf-16-be", b"\xfe\xff"),
    ],
)
def test_utf_16_with_a_line_of_one_byte_text_appended_is_said_with_those_bytes(
    cli: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    more: bytes,
    how: str,
    text: str,
    codec: str,
    mark: bytes,
) -> None:
    """UTF-16 whose lines are followed by a line of one-byte text (`echo.>>` in cmd appends CR
    LF, `echo x>>` "x" and CR LF, Git Bash's `echo ab >>` "ab" and LF): of even length, it was
    told UTF-16 and converted whole, the appended bytes read as a character of no text
    (`\\r\\n` is U+0A0D); of odd length, it was said by a byte that cannot be decoded. It is
    said as one byte appended is, with those bytes, and the `head -c` command, run as pasted,
    makes the text as the editor saved it."""
    monkeypatch.chdir(tmp_path)
    wide = mark + text.encode(codec)
    data = wide + more
    run = _answers_refused(cli, tmp_path, data, lang)
    reads, told = HOW[lang, how]
    encoding = "UTF-16" if mark else codec.upper().replace("-LE", "LE").replace("-BE", "BE")
    reads = reads.replace("UTF-16LE", encoding)
    said = run.stderr.splitlines()
    shown = " ".join(f"0x{b:02x}" for b in more)
    assert said[0] == LINE_MORE[lang].format(reads=reads, how=told, count=len(more), bytes=shown)
    command = f"head -c {len(wide)} a.toml | iconv -f {encoding} -t UTF-8 > a.utf-8.toml"
    assert said[2] == f"    {command}"
    _pasted_makes_the_text(tmp_path, command, data, text)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf_16_whose_last_line_is_unended_keeps_its_words(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codec: str
) -> None:
    """(A guard: UTF-16 whose last line has no line end, `note = 1`, is told UTF-16 whole and
    converted whole, as before: no byte of it is taken as appended.)"""
    monkeypatch.chdir(tmp_path)
    text = ASCII_ANSWERS + "note = 1"
    data = b"\xff\xfe" + text.encode("utf-16-le") if codec == "utf-16-le" else text.encode(codec)
    run = _answers_refused(cli, tmp_path, data)
    said = run.stderr.splitlines()
    assert "more at its end" not in said[0]
    named = "UTF-16" if codec == "utf-16-le" else "UTF-16BE"
    assert said[2] == f"    iconv -f {named} -t UTF-8 a.toml > a.utf-8.toml"


NO_FIGURES = {
    "en": "summary.json holds no figures: empty: no *.toml files found below it",
    "zh": "summary.json 中没有统计数据：empty: no *.toml files found below it",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_closure_rate_of_a_summary_that_failed_says_why_there_is_none(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The monthly guide's closure-rate recipe read over the `--json` envelope of a summary
    that had nothing to count (an empty folder: exit 2, `data` empty) stopped in jq's words,
    `Cannot iterate over null (null)`. It says that the file holds no figures and the
    summary's own problem (the message as `summary --json` gives it, in English)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    run = cli(["summary", "empty", "--json"])
    assert run.exit_code == 2
    (tmp_path / "summary.json").write_text(run.stdout, encoding="utf-8")
    done = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", _rate_block(lang)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (5, "")
    assert done.stderr.endswith(f"{NO_FIGURES[lang]}\n")
