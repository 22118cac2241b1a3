"""Files an inspector's office edits by hand, round 5: a UTF-8 file cut short inside a character,
a control character (a NUL, a form feed, a vertical tab) in the text, Big5 punctuation and
symbols beside ASCII, and Big5 beside Latin-1 in one file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_encodings4 import UNSURE
from tests.test_loose_ends9 import LATIN_ANSWERS, _answers_refused
from tests.test_windows_files3 import CHECKLIST

ANSWERS = (
    '[answers]\n"gas-check-genuine" = { result = "noncompliant", description = "瓦斯检查记录'
    '与监控数据不符", deadline = 2026-12-20 }\n'
)
EVENTS = (
    '[[event]]\nfinding = "0b7e4c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d/gas-check-genuine"\n'
    'action = "rectified"\nat = 2026-12-01T00:18:00Z\nnote = "已整改：通风设备检修完毕"\n'
)
FOLLOWUP = '[minecheck]\nformat = "minecheck.followup/1"\n\n' + EVENTS


def _checklist() -> str:
    return Path(CHECKLIST).read_text(encoding="utf-8")


# each reader a person edits a file for: its arguments, its exit code, where its problems go
READERS = {
    "answers": (
        ["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml", "-o", "out.toml"],
        2,
        "stderr",
    ),
    "events": (["followup", "--events", "a.toml", "-o", "out.toml"], 2, "stderr"),
    "sign": (["sign", "a.toml", "-o", "out.toml"], 2, "stderr"),
    "lint": (["checklists", "lint", "a.toml"], 1, "stdout"),
}
TEXTS = {"answers": ANSWERS, "events": EVENTS, "sign": FOLLOWUP}


def _read(cli: Any, reader: str, data: bytes, lang: str) -> list[str]:
    """What `reader` says of `data` (as a.toml), in `lang`: its problem lines, after it exits
    with its code and writes nothing; the file is left as it was."""
    Path("a.toml").write_bytes(data)
    args, code, stream = READERS[reader]
    run = cli([*args, "--lang", lang])
    assert run.exit_code == code
    assert not Path("out.toml").exists()
    assert Path("a.toml").read_bytes() == data
    said: str = run.stdout if stream == "stdout" else run.stderr
    return said.splitlines()


CUT = {
    "en": "not UTF-8: the text ends inside a character ({shown} begins one, and nothing follows): "
    "the file was cut short; copy it or save it again whole",
    "zh": "不是 UTF-8：文本在一个字符的中间结束（{shown} 是一个字符的开头，其后再无内容）："
    "文件被截断了；请重新完整地复制或保存",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("reader", ["answers", "events", "sign", "lint"])
@pytest.mark.parametrize("lost", [1, 2])
def test_utf_8_cut_short_inside_a_character_is_said_so_and_told_no_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, reader: str, lost: int
) -> None:
    """A UTF-8 file cut off inside its last character (a copy stopped short, a disk filled up)
    was said by a byte that cannot be decoded, and an events or answers file was told `iconv -f
    GB18030`, whose file would turn its Chinese into other characters. It is said to end inside
    a character, and no command is told: no conversion brings back what was cut."""
    monkeypatch.chdir(tmp_path)
    text = TEXTS.get(reader) or _checklist().replace('"Mini check"', '"小检查表：瓦斯"', 1)
    whole = text.encode()
    last = [c for c in text if ord(c) > 0x7F][-1].encode()
    at = whole.rfind(last) + 3 - lost  # (the last Chinese character, its last bytes lost)
    data = whole[:at]
    said = _read(cli, reader, data, lang)
    line = data.count(b"\n") + 1
    column = len(data[data.rfind(b"\n") + 1 :].decode("utf-8", "ignore")) + 1
    shown = " ".join(f"0x{b:02x}" for b in data[-(3 - lost) :])
    assert said[0] == f"a.toml:{line}:{column}: " + CUT[lang].format(shown=shown)
    assert not any("iconv" in line or "hint" in line for line in said)


CONTROL = {
    "en": "invalid TOML: a control character, {code}, stands here (an editor shows it as "
    "nothing, or as a box): TOML text holds none but a tab and the line ends; delete it",
    "zh": "TOML 格式错误：此处有一个控制字符 {code}（编辑器中显示为空白或方框）：TOML 文本中"
    "除制表符和换行外不能有控制字符；请删除它",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("reader", ["answers", "events", "sign", "lint"])
@pytest.mark.parametrize(
    ("control", "where"),
    [
        ("\x00", "line"),  # (a NUL where a line begins: a file damaged, or joined with another)
        ("\x0c", "line"),  # (a form feed: a page break pasted from a word processor)
        ("\x0b", "line"),  # (a vertical tab: a word processor's line break)
        ("\x0c", "value"),  # (after a value, before its line's end)
        ("\x0b", "string"),  # (inside a string)
        ("\x00", "string"),
        ("\x1b", "comment"),  # (an escape, in a comment)
    ],
)
def test_a_control_character_is_said_by_its_code_where_it_stands(
    cli: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    reader: str,
    control: str,
    where: str,
) -> None:
    """A NUL, a form feed or a vertical tab in a text edited by hand was said in the parser's
    words (`Invalid statement`, `Expected newline or end of document after a statement`,
    `Illegal character '\\x0b'`), which do not say that an invisible character stands there.
    It is said by its code, at its place, with what to do."""
    monkeypatch.chdir(tmp_path)
    text = TEXTS.get(reader) or _checklist()
    lines = text.split("\n")
    row = next(i for i, r in enumerate(lines) if ' = "' in r)  # (the first string's line)
    if where == "line":
        lines[row] = control + lines[row]
        column = 1
    elif where == "value":
        lines[row] = lines[row] + control
        column = len(lines[row])
    elif where == "string":
        column = lines[row].index('"', lines[row].index("=")) + 2
        lines[row] = lines[row][: column - 1] + control + lines[row][column - 1 :]
    else:
        lines[row] = lines[row] + " # a" + control + "b"
        column = len(lines[row]) - 1
    data = "\n".join(lines).encode()
    said = _read(cli, reader, data, lang)
    code = f"U+{ord(control):04X}"
    assert said[0] == f"a.toml:{row + 1}:{column}: " + CONTROL[lang].format(code=code)


MIXED = {
    "en": "  hint: which encoding it is in cannot be told (it reads whole as no one Chinese or "
    "Western encoding's text: it may mix two); save it as UTF-8 (Notepad: Save as, Encoding "
    "UTF-8)",
    "zh": "  hint: 无法判断它的编码（它按任何一种中文或西文编码都不能完整读成文本：可能混用了两种"
    "编码）；请将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("symbol", ["●", "○", "△", "□", "”", "〃", "〝"])
def test_big5_punctuation_beside_ascii_alone_gets_no_gb18030_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, symbol: str
) -> None:
    """Big5's punctuation and symbols (rows 0xA1-0xA3) are GB2312's punctuation rows too: a
    text whose only bytes above ASCII are these reads as punctuation in GB18030 and in Big5
    (Big5's ● is GB18030's 〈), and which was meant cannot be told. It was told `iconv -f
    GB18030`, whose file held other symbols than the ones written; it gets no command. (GBK's
    typed punctuation alone keeps its command: the guard below.)"""
    monkeypatch.chdir(tmp_path)
    data = LATIN_ANSWERS.replace("{word}", f"Fan {symbol} stopped").encode("big5")
    run = _answers_refused(cli, tmp_path, data, lang)
    said = run.stderr.splitlines()
    assert said[1:-1] == [UNSURE[lang]]


@pytest.mark.parametrize("marks", ["，。", "《规程》", "【注】", "「Fan」：stopped；", "ＡＢ１２"])
def test_the_punctuation_an_input_method_types_keeps_the_gb18030_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marks: str
) -> None:
    """(A guard: Western text with the punctuation a Chinese input method types, or full-width
    letters, in GBK reads as Big5's bopomofo and symbols (，is ㄛ), but is GBK text as written
    on a Chinese Windows, far the likelier: it keeps `iconv -f GB18030`.)"""
    monkeypatch.chdir(tmp_path)
    data = LATIN_ANSWERS.replace("{word}", f"Fan {marks} stopped").encode("gbk")
    run = _answers_refused(cli, tmp_path, data)
    assert run.stderr.splitlines()[1:3] == [
        "  hint: it reads as GB18030 text: convert it to UTF-8 with:",
        "    iconv -f GB18030 -t UTF-8 a.toml > a.utf-8.toml",
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("big5", "other", "codec"),
    [
        ("這個礦井的通風設備需要檢查", "Müller", "latin-1"),
        ("礦井通風", "Straße", "cp1252"),
    ],
)
def test_big5_beside_latin_1_in_one_file_gets_no_gb18030_command(
    cli: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    big5: str,
    other: str,
    codec: str,
) -> None:
    """A file put together from two (traditional Chinese in Big5, a name in Latin-1) reads whole
    in GB18030 alone, as private characters no text holds, and was told `iconv -f GB18030`,
    whose file was mojibake that parses. Which encoding it is in cannot be told: no command."""
    monkeypatch.chdir(tmp_path)
    head, _, tail = LATIN_ANSWERS.replace("{word}", big5).partition("deadline")
    data = head.encode("big5") + other.encode(codec) + b" = 1, deadline" + tail.encode()
    run = _answers_refused(cli, tmp_path, data, lang)
    said = run.stderr.splitlines()
    assert said[1:-1] == [MIXED[lang]]


DAMAGED = {
    "en": "  hint: the rest of it is UTF-8 text: a byte here was lost or changed, as in a damaged "
    "copy; copy the file again, or mend the text at this place",
    "zh": "  hint: 其余部分是 UTF-8 文本：此处有字节丢失或被改动，像是损坏的副本；"
    "请重新复制该文件，或在此处修改文本",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("reader", ["answers", "events"])
@pytest.mark.parametrize("damage", ["lost", "changed", "line end"])
def test_utf_8_with_a_byte_lost_or_changed_is_said_to_be_utf_8_damaged(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, reader: str, damage: str
) -> None:
    """UTF-8 text with a byte lost, changed or a line end put inside a character (a damaged
    copy) may read whole in GB18030 as other characters: the first byte of 瓦 lost left bytes
    that GB18030 reads, and `iconv -f GB18030` was told, whose file changes every Chinese
    character of it. The rest of it is UTF-8: it is said so, and no command is told."""
    monkeypatch.chdir(tmp_path)
    whole = TEXTS[reader].encode()
    at = (
        whole.index(
            b'"',
            whole.index(b"= ", whole.index(b"description" if reader == "answers" else b"note")),
        )
        + 1
    )
    data = {
        "lost": whole[:at] + whole[at + 1 :],
        "changed": whole[:at] + b"\x93" + whole[at + 1 :],
        "line end": whole[: at + 1] + b"\n" + whole[at + 1 :],
    }[damage]
    said = _read(cli, reader, data, lang)
    assert said[1:-1] == [DAMAGED[lang]]
