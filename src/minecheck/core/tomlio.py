"""Decode and parse TOML input strictly, turning every failure into a positioned Problem."""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, Final, NamedTuple

from minecheck.errors import InputError, Problem

_BOM = b"\xef\xbb\xbf"


def _lazy(source: str) -> Callable[[], re.Pattern[str]]:
    """`source` compiled the first time it is asked for. (The patterns of an encoding's hint are
    met only where a file does not read as UTF-8 or a date is refused; compiled at import, their
    classes of most of Unicode took about a tenth of every run's start.)"""
    return functools.cache(functools.partial(re.compile, source))


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


class Conversion(NamedTuple):
    """What the command that converts a text to UTF-8 must also do for its reader to take it."""

    stdin: bool = False  # read from standard input: the command names no file
    cr: bool = False  # its CRs taken out (a text with CR LF ends whose reader takes no CR)
    keep_name: bool = False  # the file's name kept (a checklist's is its id): made in utf-8/


AS_IT_IS = Conversion()  # a named file whose reader takes CRs and any name


def _conversion(command: str, path: str, how: Conversion, then: str = "") -> str:
    """The command that makes the text of `path` one its reader takes, beside it, through
    `command` (a filter: `iconv -f ENCODING -t UTF-8`, `tail -c +4`; `then`, a pipe that
    follows it), as `how` says (without the names where it was read from standard input, or
    where no word names the file). The file itself is never written over: a conversion cut
    short leaves it."""
    import os.path

    from minecheck.core.sanitize import new_file_word, shell_carries, shell_word, untaken

    crs = then + (" | tr -d '\\r'" if how.cr else "")
    if how.stdin or not shell_carries(path):
        return command + crs
    folder, name = os.path.split(path)
    if how.keep_name:  # (in the first of utf-8/, utf-8-2/, ... where the name is not taken)
        for n in range(1, 101):
            made = os.path.join(folder, "utf-8" if n == 1 else f"utf-8-{n}")
            if not os.path.lexists(os.path.join(made, name)) and (
                os.path.isdir(made) or not os.path.lexists(made)
            ):
                return (
                    f"mkdir -p {shell_word(made)} && {command} {shell_word(path)}{crs} > "
                    f"{shell_word(os.path.join(made, name))}"
                )
        return f"{command} {shell_word(path)}{crs} > {new_file_word(None)}"  # (all 100 taken)
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    new = untaken(folder, stem, lambda n: f".utf-8{'' if n == 1 else f'-{n}'}{dot}{suffix}")
    return f"{command} {shell_word(path)}{crs} > {new_file_word(new)}"


def _iconv(encoding: str) -> str:
    return f"iconv -f {encoding} -t UTF-8"


def _damaged(data: bytes) -> str | None:
    """Where `data` reads as UTF-8 text but for a few bytes (a byte lost or changed in a copy:
    four characters of three bytes or more read whole, and two for each byte that cannot be),
    what to do; None otherwise. Such bytes may read whole in GB18030 too, as other characters: its
    command would change every one of them. (GBK or Big5 text read as UTF-8 is mostly bytes
    that cannot be, and the pairs that read whole are two-byte ones: `_THREE_BYTES`.)"""
    from minecheck.i18n import t

    read = data.decode("utf-8", "replace")
    lost = read.count("\ufffd")
    whole = len(_THREE_BYTES().findall(read))
    if whole < max(2 * lost, 4):
        return None
    return t(
        "the rest of it is UTF-8 text: a byte here was lost or changed, as in a damaged copy; "
        "copy the file again, or mend the text at this place"
    )


# the characters UTF-8 writes in three bytes or four (Chinese, its punctuation), but U+FFFD, what
# a byte that cannot be decoded reads as; GBK or Big5 text read as UTF-8 reads as few (its
# pairs that do read whole are two-byte ones, letters of no Chinese text)
_THREE_BYTES = _lazy("[\u0800-\ufffc\U00010000-\U0010ffff]")


def _gb18030_hint(data: bytes, path: str, how: Conversion) -> str | None:
    """Where bytes that are not UTF-8 read as Chinese text in GB18030 (a file saved by an editor
    on a Chinese Windows or GB18030 system: Notepad's "ANSI"), the command that converts them,
    and Notepad's Save as, as `refuse_wide` says them; None otherwise (Latin-1 text, random
    bytes: GB18030 refuses most of them)."""
    from minecheck.i18n import t

    if _PAIRED_HIGH.search(data) is None:  # (Chinese in GB18030 pairs bytes above ASCII)
        return _western_hint(data, path, how)
    text = _gb18030_text(data)
    if text is None or _utf16_alike(data):  # (either could be: neither told)
        return None
    rare = _rare(text, _common_gb)  # (none: GB2312's text, as a Chinese Windows writes it)
    typed = _HAN().search(text) or set(text) <= _TYPED  # (else symbols alone: Big5's, as likely)
    read = _big5_text(data) if rare or not typed else None
    if read is not None:  # (Big5 reads Chinese too: the likelier by far is told, or neither)
        big5, encoding = read
        rare_big5 = _rare(big5, _common_big5)
        if rare_big5 and _glued_to_latin(big5, encoding):
            return _mixed()
        if rare_big5 * 4 <= rare and _NOT_CHINESE().search(text):
            return _big5_hint(big5, encoding, path, how)
        if rare * 4 > rare_big5 or not (typed or rare_big5):
            return _chinese_unsure()
    elif rare and _PRIVATE().search(text):  # (what Big5 reads as, beside what Big5 cannot read)
        return _mixed()
    command = _conversion(_iconv("GB18030"), path, how._replace(cr=how.cr and "\r" in text))
    if how.stdin:  # (the filter alone: said where it goes, or pasted it waits for the keyboard)
        return t(
            "it reads as GB18030 text: convert it to UTF-8 in the pipe, before minecheck, "
            "with:\n  {command}\nor save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
            command=command,
        )
    return t(
        "it reads as GB18030 text: convert it to UTF-8 with:\n  {command}\nor save it as UTF-8 "
        "(Notepad: Save as, Encoding UTF-8)",
        command=command,
    )


# what Big5's commonest characters (一 人 不 中 的, first bytes 0xA4-0xAF) read as in GB18030, and
# Chinese text in GBK does not hold: Greek, Cyrillic, kana, bopomofo and private characters (the
# traditional characters GBK adds to GB2312 read as Big5's frequent ones as often: 礦坑 in GBK is
# 猩諧 in Big5, so rare characters of the GB18030 reading alone do not tell Big5)
_NOT_CHINESE = _lazy("[\u0370-\u04ff\u3040-\u312f\ue000-\uf8ff]")


def _utf16_alike(data: bytes) -> bool:
    """Whether `data`, holding no NUL, reads in either byte order of UTF-16 as Chinese alone,
    of common characters (`_chinese_alone`'s, without its share of high bytes: 要 is `\x81\x89`,
    which reads as Chinese in GB18030 and in both orders). GB2312's text never does: its bytes,
    0xA1 or more, read as no Chinese character in UTF-16."""
    for codec in ("utf-16-le", "utf-16-be"):
        read = data.decode(codec, "replace")
        chinese = _CHINESE_ALONE().fullmatch(read) and _HAN().search(read)
        if chinese and (not _rare(read, _common_gb) or not _rare(read, _common_big5)):
            return True
    return False


# Big5 as Python and iconv name it, and the two that add to it: Windows' code page 950 (the
# euro sign, the ETEN characters) and Hong Kong's HKSCS; neither reads all the other adds
_BIG5S = (("big5", "BIG5"), ("cp950", "CP950"), ("big5hkscs", "BIG5-HKSCS"))


def _big5_text(data: bytes) -> tuple[str, str] | None:
    """The text `data` reads as in Big5 (traditional Chinese: Notepad's "ANSI" on a Windows of
    Taiwan or Hong Kong) where it reads as text, of no control character but a tab and the line
    ends (Chinese, or Big5's punctuation alone: `_gb18030_hint` asks it of bytes that read as
    Chinese in GB18030, or as its punctuation), and the name of the first of `_BIG5S` that
    reads it, as iconv names it; None otherwise."""
    for codec, encoding in _BIG5S:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return None if _NOT_TEXT.search(text) else (text, encoding)
    return None


# ASCII and the punctuation a Chinese input method types (，。、；：？！“”（）《》【】...), and the
# full-width forms: GBK text of no Chinese character holds these; GB2312's other punctuation
# rows (〃 〔 〈 〖 ㈠) are what Big5's symbols read as (● is 〈, ○ is 〕, ” is 〃), as likely
_TYPED = frozenset(
    [chr(c) for c in range(0x80)]
    + list("，。、；：？！“”‘’（）《》【】—…·「」『』～\u3000")
    + [chr(c) for c in range(0xFF01, 0xFF5F)]
)
# the characters of no encoding's text: what GB18030 reads the user-defined rows of GBK as, and
# so most of what Big5's commonest characters read as (their second bytes 0xA1-0xFE)
_PRIVATE = _lazy("[\ue000-\uf8ff]")


def _glued_to_latin(big5: str, encoding: str) -> bool:
    """Whether a rare character of the Big5 reading `big5` (of `encoding`, as iconv names it)
    follows an ASCII letter and was read from a byte above ASCII and a letter, ASCII or Western
    (where Latin-1 and the code pages of Europe place their letters): a Western
    letter inside a Latin word (`Müller`'s `ül`, `Straße`'s `ße`), or two together (`Créée`'s
    `éé`, `Dvořák`'s `řá`), in a file that holds Big5 beside a one-byte code page."""
    codec = next(codec for codec, name in _BIG5S if name == encoding)
    for m in _AFTER_LETTER.finditer(big5):
        c = m.group(1)
        if not _common_big5(c) and c.encode(codec)[1:].decode("latin-1").isalpha():
            return True
    return False


_AFTER_LETTER = re.compile("[A-Za-z]([^\x00-\x7f])")


def _mixed() -> str:
    """What is said where bytes read whole as no one encoding's text (Big5 beside Latin-1, or
    beside what Big5 cannot read): no command, as none converts the whole."""
    from minecheck.i18n import t

    return t(
        "which encoding it is in cannot be told (it reads whole as no one Chinese or Western "
        "encoding's text: it may mix two); save it as UTF-8 (Notepad: Save as, Encoding UTF-8)"
    )


def _rare(text: str, common: Callable[[str], bool]) -> int:
    """How many characters of `text` are not `common` ones (ASCII is): each character asked
    once, however often it stands (a file of megabytes has a few thousand distinct ones)."""
    from collections import Counter

    return sum(n for c, n in Counter(text).items() if ord(c) >= 0x80 and not common(c))


def _common_gb(c: str) -> bool:
    """Whether `c` is a common character of GB2312: its punctuation
    and full-width forms (rows 1-3) or its Chinese characters (rows 16-87), as nearly every
    character of simplified Chinese text is. Big5 read as GB18030 reads kana, private and rare
    characters (這個礦井 is 硂膓か, with one private one). Python's table of GB2312 has
    0xA1A4 and 0xA1AA as U+30FB and U+2015, where GBK and GB18030 read the middle dot and the
    dash every Chinese input method types (·, ——): U+00B7 and U+2014, common too."""
    return 0xA1A1 <= (code := _code(c, "gb2312")) <= 0xA3FE or code >= 0xB0A1 or c in _GBK_ROW_1


# GB2312's middle dot and dash as GBK and GB18030 read them (`_common_gb`)
_GBK_ROW_1 = frozenset("\u00b7\u2014")


def _common_big5(c: str) -> bool:
    """Whether `c` is a common character of Big5: its punctuation
    (0xA140-0xA3BF) or its frequent characters (0xA440-0xC67E), as nearly every character of
    traditional Chinese text is. GBK read as Big5 reads its less frequent ones, or none."""
    return 0xA140 <= (code := _code(c, "big5")) <= 0xA3BF or 0xA440 <= code <= 0xC67E


def _code(c: str, codec: str) -> int:
    """`c` written in `codec` (two bytes) as one number; 0 where it cannot be."""
    try:
        return int.from_bytes(c.encode(codec), "big")
    except UnicodeEncodeError:
        return 0


def _big5_hint(text: str, encoding: str, path: str, how: Conversion) -> str:
    """The command that converts Big5 text, from `encoding` (one of `_BIG5S`), as
    `_gb18030_hint` says GB18030's."""
    from minecheck.i18n import t

    command = _conversion(_iconv(encoding), path, how._replace(cr=how.cr and "\r" in text))
    if how.stdin:
        return t(
            "it reads as Big5 text (traditional Chinese): convert it to UTF-8 in the pipe, "
            "before minecheck, with:\n  {command}\nor save it as UTF-8 (Notepad: Save as, "
            "Encoding UTF-8)",
            command=command,
        )
    return t(
        "it reads as Big5 text (traditional Chinese): convert it to UTF-8 with:\n  {command}\n"
        "or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
        command=command,
    )


def _chinese_unsure() -> str:
    """What is said where bytes read as Chinese in GB18030 and in Big5 alike: no command, as
    either could make a file of the wrong characters."""
    from minecheck.i18n import t

    return t(
        "it reads as Chinese text in GB18030 and in Big5, and which it is cannot be told: save "
        "it as UTF-8 (Notepad: Save as, Encoding UTF-8)"
    )


# two bytes above ASCII side by side: every character of GB2312 (the Chinese a GB18030 file
# mostly holds) is such a pair, and a European letter in a one-byte code page stands alone
_PAIRED_HIGH = re.compile(rb"[\x80-\xff]{2}")
# the letters Windows-1252, -1250, -1254, -1257, Latin-1 and Latin-9 write with the same byte
# (Ä É Ó Ö Ü ß ä é ó ö ü): a text whose bytes above ASCII are these alone reads the same in
# any of them; è, à, ç or ñ are other letters in some, and which was meant cannot be told
_WESTERN_ALIKE = frozenset(b"\xc4\xc9\xd3\xd6\xdc\xdf\xe4\xe9\xf3\xf6\xfc")


def _western_hint(data: bytes, path: str, how: Conversion) -> str | None:
    """Where every byte of `data` above ASCII stands alone and is a letter every Western code
    page writes alike (`étudiant`, `Müller`), the command that converts it from Windows-1252;
    None otherwise. Its GB18030 reading, a rare Chinese character for an accented letter and
    the ASCII letter after it, is never told: Chinese text pairs bytes above ASCII."""
    from minecheck.i18n import t

    if not set(data) & _WESTERN_ALIKE or not set(data) <= _WESTERN_ALIKE | set(range(128)):
        return None
    if not _in_latin_words(data):
        return None
    text = data.decode("latin-1")
    if _NOT_TEXT.search(text):
        return None
    command = _conversion(_iconv("CP1252"), path, how._replace(cr=how.cr and "\r" in text))
    if how.stdin:
        return t(
            "it reads as Western European text (Windows-1252 or Latin-1): convert it to UTF-8 "
            "in the pipe, before minecheck, with:\n  {command}\nor save it as UTF-8 (Notepad: "
            "Save as, Encoding UTF-8)",
            command=command,
        )
    return t(
        "it reads as Western European text (Windows-1252 or Latin-1): convert it to UTF-8 "
        "with:\n  {command}\nor save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
        command=command,
    )


def _in_latin_words(data: bytes) -> bool:
    """Whether each byte above ASCII in `data` (which stand alone) cannot be the first of a
    GBK character, or, read as one, would be glued to an ASCII letter before or after it: an
    accented letter inside a Latin word. Chinese text in GBK whose characters all have an ASCII
    second byte (`這門開過`, which Windows-1252 reads `ß@éTé_ß^`) is such characters side by
    side or between quotes, and converted from Windows-1252 it would be lost."""
    for i, byte in enumerate(data):
        if byte < 0x80:
            continue
        if not _one_case(_word_at(data, i)):
            return False  # (`A門` is `AéT`: no Latin word, Chinese beside a letter)
        if not 0x40 <= (data[i + 1] if i + 1 < len(data) else 0) <= 0x7E:
            continue  # (no GBK character: the next byte is none's second)
        if not (data[i - 1 : i].isalpha() or data[i + 2 : i + 3].isalpha()):
            return False
        if not data[i + 1 : i + 2].isalpha():
            return False  # (`B這` is `Bß@`: a Latin letter is followed by a letter)
    return True


def _word_at(data: bytes, i: int) -> str:
    """The word of ASCII and Western letters around `data[i]`, read in Windows-1252."""
    letter = _LATIN_LETTER.fullmatch
    start, end = i, i + 1
    while start > 0 and letter(data[start - 1 : start]):
        start -= 1
    while end < len(data) and letter(data[end : end + 1]):
        end += 1
    return data[start:end].decode("latin-1")


def _one_case(word: str) -> bool:
    """Whether `word` is written as a Latin word is: in small letters, in capitals, or with a
    capital first (`ß` is small)."""
    return word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower())


_LATIN_LETTER = re.compile(b"[A-Za-z\xc4\xc9\xd3\xd6\xdc\xdf\xe4\xe9\xf3\xf6\xfc]")


def _gb18030_text(data: bytes) -> str | None:
    """The text `data` reads as in GB18030 where it reads as Chinese text: a Chinese character
    in it, and no control character but a tab and the line ends (bytes of another encoding, or
    of no text, that GB18030 reads would make a file of those); None otherwise."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    if not re.search("[\u3000-\u9fff\uff00-\uffef]", text) or _NOT_TEXT.search(text):
        return None
    return text


# The byte-order marks of the encodings Windows tools write that are not UTF-8 (PowerShell 5's
# `>` and `Out-File`: UTF-16 LE; `-Encoding BigEndianUnicode`, `-Encoding UTF32`), the longer
# first: UTF-32 LE's mark begins with UTF-16 LE's.
_WIDE_MARKS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)


class _Wide(NamedTuple):
    """What `_told` tells of bytes: their encoding (None: no wide text), their text, how it was
    told ("mark", "nuls", "chinese"), and, where one byte was appended after its whole lines
    (`echo >>`'s LF, a CR, a stray byte) or a line of one-byte text (`_line_appended`),
    `size`: the text's bytes (0: none appended), and `more`: those bytes."""

    encoding: str | None
    text: str = ""
    how: str = ""
    size: int = 0
    more: bytes = b"\n"


_NOT_WIDE = _Wide(None)


def wide_text(data: bytes) -> tuple[str | None, str]:
    """The encoding whose byte-order mark `data` starts with ("UTF-16" or "UTF-32", either
    byte order) and whose text the rest is, with that text; (None, "") otherwise: the one
    recogniser of such text for every reader. (Bytes that begin so and read as no such text,
    `\xff\xfe` and garbage, are not; one LF appended after its lines, `echo >>`, is told.)
    Text in UTF-16 without a mark is told by its NULs (`markless_utf16`; with one LF appended,
    `_markless_appended`), or, mostly Chinese,
    by what it reads as (`_chinese_utf16`): its encoding is then "UTF-16LE" or "UTF-16BE", as
    iconv names it."""
    told = _told(data)
    return told.encoding, told.text


def _told(data: bytes) -> _Wide:
    for mark, codec, encoding in _WIDE_MARKS:
        if data.startswith(mark):
            more = _line_appended(data, len(mark), 4 if encoding == "UTF-32" else 2)
            if more and (text := _lines(data[len(mark) : -more], codec)) is not None:
                return _Wide(encoding, text, "mark", len(data) - more, data[-more:])
            try:
                return _Wide(encoding, data[len(mark) :].decode(codec), "mark")
            except UnicodeDecodeError:
                return _appended(data, len(mark), codec, encoding)
    more = _line_appended(data, 0, 2)
    if more and (told := _markless(data[:-more])).encoding and told.text.endswith("\n"):
        return told._replace(size=len(data) - more, more=data[-more:])
    told = _markless(data)
    return told if told.encoding is not None else _markless_appended(data)


# a line of one-byte text (`echo.>>` in cmd appends CR LF, `echo x>>` "x" and CR LF): no NUL
_ONE_BYTE_LINE = re.compile(b"[\t\n\r\x20-\x7e]*\n")


def _line_appended(data: bytes, start: int, unit: int) -> int:
    """How many bytes (2 to 64) end `data` after its last NUL, as a line of one-byte text
    appended to wide text (from `start`, of `unit`-byte characters) whose own last character,
    a line end, holds that NUL (0x0a 0x00 in UTF-16LE, 0x00 0x0a in UTF-16BE: its LF is then
    one of the bytes after it); 0 where they are none (the text's whole lines are for the
    caller to ask)."""
    # (its last bytes alone: a line of 64 bytes at most, after the NUL of UTF-16LE's LF, or
    # after UTF-16BE's LF, one byte past its NUL)
    nul = data.rfind(b"\x00", max(start, len(data) - 66))
    if nul < 0:
        return 0
    for begin in (nul + 1, nul + 2):
        tail = len(data) - begin
        if (
            2 <= tail <= 64
            and (begin - start) % unit == 0
            and _ONE_BYTE_LINE.fullmatch(data, begin)
        ):
            return tail
    return 0


def _lines(data: bytes, codec: str) -> str | None:
    """The text `data` reads as in `codec` where it is whole lines of text (a line end last, no
    control character but a tab and the line ends); None otherwise."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return text if text.endswith("\n") and not _NOT_TEXT.search(text) else None


def _markless(data: bytes) -> _Wide:
    """UTF-16 without a mark, told by its NULs (`markless_utf16`) or as mostly Chinese
    (`_chinese_utf16`), named as iconv names it ("UTF-16LE"); _NOT_WIDE otherwise."""
    codec, how = markless_utf16(data), "nuls"
    if codec is None:
        codec, how = _chinese_utf16(data), "chinese"
    if codec is None:
        return _NOT_WIDE
    named = codec.upper().replace("-LE", "LE").replace("-BE", "BE")
    return _Wide(named, data.decode(codec), how)


def _markless_appended(data: bytes) -> _Wide:
    """UTF-16 without a mark told by its NULs (`markless_utf16`) or as mostly Chinese
    (`_chinese_utf16`: a character such as 一, U+4E00, puts a NUL where the NULs do not tell it),
    whole lines, and one byte more
    (`echo >>`'s LF on it, a CR, a stray byte): the text without it, as `_appended` tells the
    marked; _NOT_WIDE otherwise."""
    if len(data) % 2 != 1 or b"\x00" not in data:
        return _NOT_WIDE  # (UTF-8 text: no copy of its bytes made)
    told = _markless(data[:-1])
    if told.encoding is None or not told.text.endswith("\n"):
        return _NOT_WIDE
    return told._replace(size=len(data) - 1, more=data[-1:])


def _appended(data: bytes, marked: int, codec: str, encoding: str) -> _Wide:
    """UTF-16 or UTF-32 text after its mark, whole lines, and one byte more (Git Bash's `echo
    >> F` on a file PowerShell wrote, a CR, a stray byte): the text without it; _NOT_WIDE
    otherwise (more bytes leave a character made of the text's bytes and the added ones: no
    command mends that honestly)."""
    unit = 4 if encoding == "UTF-32" else 2
    if (len(data) - marked) % unit != 1:
        return _NOT_WIDE
    text = _lines(data[marked:-1], codec)
    if text is None:
        return _NOT_WIDE
    return _Wide(encoding, text, "mark", len(data) - 1, data[-1:])


def markless_utf16(data: bytes) -> str | None:
    """The codec ("utf-16-le" or "utf-16-be") where `data` is UTF-16 text without a byte-order
    mark that can be told safely: every other byte a NUL in at least half its characters
    (ASCII-heavy text: TOML's keys, a list's names), no NUL in the other place of any, and the
    whole reads as that encoding, of no control character but a tab and the line ends (a
    binary file of small 16-bit numbers has the same NULs); None otherwise. UTF-8 text holds a
    NUL only as a control character that no reader takes, so nothing a reader takes is lost.
    (Text in UTF-16 that is mostly Chinese has no such sign, and is said by the byte that cannot
    be decoded, as before.)"""
    if b"\x00" not in data or len(data) % 2:
        return None
    first, second = data[0::2].count(0), data[1::2].count(0)
    units = len(data) // 2
    if first == 0 and second * 2 >= units:
        codec = "utf-16-le"
    elif second == 0 and first * 2 >= units:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if _NOT_TEXT.search(text):  # (small 16-bit numbers of a binary file have the same NULs)
        return None
    return codec


def _chinese_utf16(data: bytes) -> str | None:
    """The codec ("utf-16-le" or "utf-16-be") where `data` is UTF-16 text without a mark that is
    mostly Chinese (fewer NULs than `markless_utf16` asks): not UTF-8, and read in one byte
    order alone as text (`_utf16_read`); where it holds no NUL (no ASCII, no line end: Chinese
    alone), as Chinese alone (`_chinese_alone`), and its GB18030 reading no text (where both
    read as text, neither is told). Real GB18030 of any common character reads as Hangul,
    private or unpaired characters in either byte order, so it is never told so. None
    otherwise."""
    if len(data) % 2 or data.isascii():
        return None
    if _starts_as_utf8(data[:4096]):  # (UTF-8 text is not this: its start tells, not all of it)
        return None
    if b"\x00" in data:  # (lines of text: one line end at least, which random bytes lack)
        codec = _utf16_read(data, _CHINESE_TEXT())
        read = data.decode(codec) if codec is not None else ""
        if len(data) < 16:  # (fewer than 8 characters, as random bytes read too: a line ended)
            return codec if read.endswith("\n") else None
        return codec if "\n" in read else None
    if len(data) < 16:  # (8 characters at least: a few random bytes read as Chinese too often)
        return None
    if _gb18030_text(data) is not None:
        return None
    return _chinese_alone(data)


def _chinese_alone(data: bytes) -> str | None:
    """The byte order in which `data`, holding no NUL, reads as Chinese alone in UTF-16, where
    at least half its characters have a byte of 0x80 or more (as about two in three Chinese
    characters do: ASCII text read two bytes at a time reads as Chinese too, `[a` is 慛, but of
    bytes below 0x80 alone), all of them common ones (GB2312's, or Big5's frequent ones: random
    bytes read as rare ones); None otherwise."""
    if len(data) % 2:
        return None
    high = sum(1 for one, other in zip(data[0::2], data[1::2], strict=True) if (one | other) & 0x80)
    if high * 2 < len(data) // 2:
        return None
    codec = _utf16_read(data, _CHINESE_ALONE())
    if codec is None:
        return None
    text = data.decode(codec)  # (and every character of it common: one GB2312 has, as nearly
    try:  # all of simplified text are, or one of Big5's frequent ones, as of traditional text)
        text.encode("gb2312")
    except UnicodeEncodeError:
        if _rare(text, _common_big5):
            return None
    return codec


def _utf16_read(data: bytes, text: re.Pattern[str]) -> str | None:
    """The one byte order ("utf-16-le", "utf-16-be") in which `data` reads as TEXT with a
    Chinese character in it; None where neither does, or both."""
    told = []
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            read = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if text.fullmatch(read) and _HAN().search(read):
            told.append(codec)
    return told[0] if len(told) == 1 else None


# what mostly Chinese text in UTF-16 holds: below U+3000 (no byte of GB18030 text reads there
# as a character's high byte) printable characters, tabs and line ends; the CJK punctuation,
# the unified ideographs and the full-width forms
_CHINESE_TEXT = _lazy("[\t\n\r\x20-\x7e\xa0-\u2fff\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*")
# Chinese alone (UTF-16 without a NUL: no ASCII, no line end), with the punctuation it takes
# below U+3000 (— ‘ ’ “ ” …), none of which two bytes of Latin text read as
_CHINESE_ALONE = _lazy(
    "[\u2014\u2018\u2019\u201c\u201d\u2026\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*"
)
_HAN = _lazy("[\u4e00-\u9fff]")


# the control characters no text holds (a NUL, a bell, ..., and U+0080 to U+009F, which the
# 16-bit numbers 128 to 159 read as): a tab and the line ends are text
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def refuse_wide(data: bytes, path: str, how: Conversion | None = AS_IT_IS) -> None:
    """An InputError at 1:1 naming the encoding, where `data` is UTF-16 or UTF-32 text (it
    starts with that encoding's byte-order mark, or is UTF-16 told by its NULs): every text
    minecheck reads is UTF-8. With `how` (None: no hint), the command that converts it (a
    document signed is not told one: its copy would not be the bytes signed)."""
    from minecheck.i18n import t

    encoding, text, told, size, more = _told(data)
    if encoding is None:
        return
    said = None
    if how is not None:
        how = how._replace(cr=how.cr and "\r" in text)
        if size:  # (the text's bytes alone, then converted: iconv reads the mark)
            command = _conversion(f"head -c {size}", path, how, " | " + _iconv(encoding))
        else:
            command = _conversion(_iconv(encoding), path, how)  # (iconv reads the mark's order)
        said = (
            t(
                "convert it to UTF-8 in the pipe, before minecheck, with:\n  {command}\nor save "
                "it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
                command=command,
            )
            if how.stdin
            else t(
                "convert it to UTF-8 with:\n  {command}\nor save it as UTF-8 (Notepad: Save as, "
                "Encoding UTF-8)",
                command=command,
            )
        )
    mark = encoding  # (a field a template names once: reasons_zh finds each in its place)
    byte = more.hex()  # (a byte other than LF: no `echo >>` appends it)
    count, shown = len(more), " ".join(f"0x{b:02x}" for b in more)  # (a line appended)
    if told == "mark" and count > 1:
        why = (
            f"not UTF-8: it is {encoding} text (it starts with a {mark} byte-order mark), with "
            f"{count} bytes more at its end, {shown}, which are not part of it; save it as UTF-8"
        )
    elif told == "nuls" and count > 1:
        why = (
            f"not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark: every "
            f"other byte is 0), with {count} bytes more at its end, {shown}, which are not part "
            "of it; save it as UTF-8"
        )
    elif told == "chinese" and count > 1:
        why = (
            f"not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark, mostly "
            f"Chinese), with {count} bytes more at its end, {shown}, which are not part of it; "
            "save it as UTF-8"
        )
    elif told == "mark" and size and more != b"\n":
        why = (
            f"not UTF-8: it is {encoding} text (it starts with a {mark} byte-order mark), with "
            f"one byte more at its end, 0x{byte}, which is not part of it; save it as UTF-8"
        )
    elif told == "nuls" and size and more != b"\n":
        why = (
            f"not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark: every "
            f"other byte is 0), with one byte more at its end, 0x{byte}, which is not part of "
            "it; save it as UTF-8"
        )
    elif told == "chinese" and size and more != b"\n":
        why = (
            f"not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark, mostly "
            f"Chinese), with one byte more at its end, 0x{byte}, which is not part of it; save "
            "it as UTF-8"
        )
    elif told == "mark" and size:
        why = (
            f"not UTF-8: it is {encoding} text (it starts with a {mark} byte-order mark), with "
            "one byte more at its end, 0x0a (as `echo >>` appends); save it as UTF-8"
        )
    elif told == "mark":
        why = (
            f"not UTF-8: it is {encoding} text (it starts with a {mark} byte-order mark); save "
            "it as UTF-8"
        )
    elif told == "nuls" and size:  # (UTF-16LE or UTF-16BE, as iconv names them)
        why = (
            f"not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark: every "
            "other byte is 0), with one byte more at its end, 0x0a (as `echo >>` appends); save "
            "it as UTF-8"
        )
    elif told == "chinese" and size:
        why = (
            f"not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark, mostly "
            "Chinese), with one byte more at its end, 0x0a (as `echo >>` appends); save it as "
            "UTF-8"
        )
    elif told == "nuls":  # (UTF-16LE or UTF-16BE, as iconv names them)
        why = (
            f"not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark: every "
            "other byte is 0); save it as UTF-8"
        )
    else:
        why = (
            f"not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark, mostly "
            "Chinese); save it as UTF-8"
        )
    problem = Problem("not-utf8", why, path, 1, 1, said)
    raise InputError(f"{path} is not UTF-8 text", problems=[problem], path=f"{path}")


def refuse_bom(data: bytes, path: str, how: Conversion | None = None) -> None:
    """An InputError, said at 1:1 with how to save the text without it, where `data` starts with
    a UTF-8 byte-order mark: every text minecheck reads (a document, answers, events, a list of
    paths on standard input) refuses one in the same words. With `how` (a text written by
    hand), the command that takes the mark out, as `refuse_wide` gives its conversion."""
    from minecheck.i18n import t

    if data.startswith(_BOM):
        said = None
        if how is not None:
            how = how._replace(cr=how.cr and b"\r" in data)
            command = _conversion("tail -c +4", path, how)  # (the mark's 3 bytes)
            said = (
                t(
                    "take it out in the pipe, before minecheck, with:\n  {command}\nor save it "
                    "as UTF-8 (Notepad: Save as, Encoding UTF-8)",
                    command=command,
                )
                if how.stdin
                else t(
                    "take it out with:\n  {command}\nor save it as UTF-8 (Notepad: Save as, "
                    "Encoding UTF-8)",
                    command=command,
                )
            )
        raise _bom_refused(
            f"{path} starts with a byte-order mark",
            "starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM",
            path,
            1,
            said,
        )


def refuse_joined_bom(data: bytes, path: str, how: Conversion | None = None) -> None:
    """An InputError, said at its place, where the list `data` holds a UTF-8 byte-order mark
    past its first byte: lists saved as "UTF-8 with BOM" and joined (`type a.txt b.txt`,
    `cat`) hold one where each but the first began, at a line's start or, where a list did not
    end its last line (Notepad does not), inside a line, read as a name no one typed; in a
    line of UTF-8 text only (a name in GBK may hold the mark's bytes: `帮豢`). With
    `how`, the command that takes every mark out (the first line's too), parting two names a
    mark joined, as `refuse_bom` gives its own."""
    from minecheck.i18n import t

    if data.find(_BOM, 1) < 0:  # (the usual list: one scan, no copy)
        return
    for number, line in enumerate(data.splitlines(), start=1):
        at = line.find(_BOM, 1 if number == 1 else 0)
        if at < 0 or not _utf8(line):  # (a name in GBK may hold the bytes: no UTF-8, no mark)
            continue
        said = None
        if how is not None:
            # (awk, as POSIX has it, reads the mark's bytes in octal; C's bytes, not text; a
            # mark becomes a line end: a line of its own is blank, two names joined are parted,
            # and a list whose lines end in CR alone, one line to awk, is mended too)
            command = _conversion(_LINE_MARKS_OUT, path, how)
            said = t(  # (a list on standard input: the filter goes in its pipe)
                "take them out in the pipe, before minecheck, with:\n  {command}\nor save "
                "each list as UTF-8 (Notepad: Save as, Encoding UTF-8)",
                command=command,
            )
        if at == 0:
            raise _bom_refused(
                f"{path} holds a byte-order mark",
                "a line starts with a UTF-8 byte-order mark (BOM): lists saved with one were "
                "joined; save each as UTF-8 without BOM",
                path,
                number,
                said,
            )
        raise _bom_refused(
            f"{path} holds a byte-order mark",
            "a UTF-8 byte-order mark (BOM) inside a line: lists saved with one were joined, one "
            "not ending its last line; save each as UTF-8 without BOM",
            path,
            number,
            said,
            len(line[:at].decode("utf-8", "replace")) + 1,  # (its column in characters)
        )


def first_line_utf8(data: bytes) -> bool:
    """Whether the first line of the list `data` is UTF-8 text (`_utf8`): a mark's bytes that
    begin a name in GBK (锘 is EF BB) are no mark."""
    head = data[:4096]  # (a path is shorter: else its start, a character cut off at its end)
    ends = [at for at in (head.find(b"\n"), head.find(b"\r")) if at >= 0]
    return _starts_as_utf8(head[: min(ends, default=4096)])


def _starts_as_utf8(head: bytes) -> bool:
    """Whether `head`, the start of some bytes, is UTF-8 text as far as it goes: a character
    cut off at its end is not held against it."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head)
    except UnicodeDecodeError:
        return False
    return True


def _utf8(line: bytes) -> bool:
    """Whether LINE is UTF-8 text: a list saved "UTF-8 with BOM" is; a name the file system
    gives in another encoding (GBK) is not, and its bytes may hold the mark's by chance."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_LINE_MARKS_OUT = "LC_ALL=C awk '{ gsub(/\\357\\273\\277/, \"\\n\") } 1'"


def _bom_refused(
    said: str, why: str, path: str, line: int, hint: str | None = None, column: int = 1
) -> InputError:
    return InputError(
        said, problems=[Problem("bom", why, path, line, column, hint)], path=f"{path}"
    )


def decode_text(
    data: bytes,
    path: str,
    *,
    allow_cr: bool = False,
    written_by_hand: bool = False,
    stdin: bool = False,
    keep_name: bool = False,
) -> str:
    """UTF-8 without BOM (and without CR unless `allow_cr`), or an InputError with its position.
    A file `written_by_hand` (answers, events, a checklist) that is UTF-16 or reads as GB18030
    is told the command that converts it into one its reader takes (with its name unless it was
    read from standard input; its CRs taken out unless `allow_cr`; its name kept where
    `keep_name`, a checklist's)."""
    how = Conversion(stdin, not allow_cr, keep_name) if written_by_hand else None  # (a hint's)
    refuse_bom(data, path, how)
    refuse_wide(data, path, how)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        if exc.end == len(data) and exc.reason == "unexpected end of data":  # (cut short)
            shown = " ".join(f"0x{b:02x}" for b in data[exc.start :])
            why = (
                f"not UTF-8: the text ends inside a character ({shown} begins one, and nothing "
                "follows): the file was cut short; copy it or save it again whole"
            )
            hint = None  # (no conversion brings back what was cut)
        else:
            why = f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded"
            hint = None if how is None else _damaged(data) or _gb18030_hint(data, path, how)
        raise InputError(
            f"{path} is not UTF-8 text",
            problems=[Problem("not-utf8", why, path, line, col, hint)],
            path=f"{path}",
        ) from None
    if not allow_cr:
        cr = data.find(b"\r")
        if cr >= 0:
            line, col = _line_col(data, cr)
            raise InputError(
                f"{path} has a carriage return (CR) byte",
                problems=[
                    Problem(
                        "cr",
                        "carriage return (CR) found; use LF line endings only",
                        path,
                        line,
                        col,
                    )
                ],
                path=f"{path}",
            )
    return text


# A signed document's body is read by toml_rs (compiled, ~5x tomli) when a cheap look at its
# bytes shows it cannot reach where the two parsers part: toml_rs recurses without a limit
# (nesting some thousands deep ends the process) where tomli refuses more than 400 levels;
# toml_rs reads a dotted key of any length (a table per part) where tomli refuses one of more
# than 1,000 parts; toml_rs reads an integer of any length where tomli refuses one of more
# than 4,300 digits; toml_rs skips a byte-order mark at the start, which tomli refuses.
# toml_rs reads as TOML 1.0: read as TOML 1.1 it let a newline through inside an inline
# table's key/value pair (`a = {b\n= 1}`, `{b =\n1}`), which tomli refuses (as the grammar
# does: newlines only between pairs). What minecheck writes is TOML 1.0; a text using what 1.1
# adds (newlines and a trailing comma in an inline table, `\x` and `\e` escapes, a time
# without seconds) is refused by toml_rs and read by tomli.
# Everything else was found read alike, values, types and key order, and refused alike
# (benchmarks/parsers.py, tests/test_tomlio_fast.py). tomli reads whatever the look does not
# clear, and says why a text is refused, so every message is tomli's.
FAST_MAX_BYTES = 1024 * 1024
# `[` and `{` in the body (strings and comments included, so an overestimate), less the header
# lines `[[finding]]` and `[[event]]` of which documents hold many: a bound on the nesting.
FAST_MAX_OPENERS = 300
_HEADERS = (b"\n[[finding]]\n", b"\n[[event]]\n")
# A key of more than 1,000 parts holds 1,000 dots or more (strings counted too).
FAST_MAX_DOTS = 999
_NUMERIC = bytes(48 if chr(b) in "0123456789_" else 10 for b in range(256))
# A run of digits and underscores this long may be an integer tomli refuses (over 4,300 digits).
_LONG_NUMBER = b"0" * 4300
FAST_TOML_VERSION: Final = "1.0.0"
_fast_loads: Callable[[str], dict[str, Any]] | None = None


class Marks(NamedTuple):
    """How often each byte that bounds a text's shape occurs in it."""

    equals: int
    commas: int
    brackets: int  # `[`
    braces: int  # `{`
    lines: int  # `\n`
    dots: int


_MARKS = b"=,[{\n."
_NOT_MARKS = bytes(b for b in range(256) if b not in _MARKS)
_NOT_NUMERIC = bytes(b for b in range(256) if _NUMERIC[b] != 48)


def marks(data: bytes) -> Marks:
    """The `Marks` of `data`: the marks kept (one pass), then counted, up to FAST_MAX_BYTES;
    beyond, counted in place (nothing the size of a large text is made)."""
    kept = data.translate(None, _NOT_MARKS) if len(data) <= FAST_MAX_BYTES else data
    return Marks(*(kept.count(_MARKS[i : i + 1]) for i in range(len(_MARKS))))


def fast_parse_ok(data: bytes, counted: Marks | None = None) -> bool:
    """Can `data` (the UTF-8 of a text) be read by toml_rs with the outcome tomli would give?
    `counted`: its `marks`, when the caller has them."""
    if len(data) > FAST_MAX_BYTES or data.startswith(_BOM):  # toml_rs skips a BOM, tomli not
        return False
    m = counted or marks(data)
    openers = m.brackets + m.braces - 2 * sum(data.count(header) for header in _HEADERS)
    if openers > FAST_MAX_OPENERS or m.dots > FAST_MAX_DOTS:
        return False
    if len(data) < len(_LONG_NUMBER) or len(data.translate(None, _NOT_NUMERIC)) < len(_LONG_NUMBER):
        return True  # too few digits for so long a number
    return _LONG_NUMBER not in data.translate(_NUMERIC)


def _fast() -> Callable[[str], dict[str, Any]] | None:
    global _fast_loads  # imported once, on first use (~10 ms)
    if _fast_loads is None:
        try:
            import toml_rs
        except ImportError:  # pragma: no cover - a platform without its wheel: tomli alone
            return None
        _fast_loads = functools.partial(toml_rs.loads, toml_version=FAST_TOML_VERSION)
    return _fast_loads


def parse_toml(
    text: str, path: str, *, data: bytes | None = None, counted: Marks | None = None
) -> dict[str, Any]:
    """Parse TOML text; a syntax error becomes a Problem at tomli's position.

    With `data` (the text's UTF-8 bytes) a text `fast_parse_ok` clears is read by toml_rs;
    a text toml_rs refuses is read again by tomli, whose outcome stands. `counted`: the
    `marks` of `data`, when the caller has them.
    """
    if data is not None and fast_parse_ok(data, counted):
        loads = _fast()
        if loads is not None:
            try:
                return loads(text)
            except Exception:  # noqa: BLE001, S110 - refused: tomli says why, and where
                pass
    import tomli  # imported here: reading trust files and keys never needs it

    try:
        return tomli.loads(text)
    except (RecursionError, MemoryError, ValueError) as exc:  # TOMLDecodeError is a ValueError
        raise _explained(refused(exc, path, "TOML"), text) from None


# A signed findings or merged body over the fast path's size is parsed a piece at a time, each
# piece's tables read into models before the next piece is parsed: parsed whole, a 53 MB
# document of 250,000 findings held every finding's table at once (5.5x its text). The text is
# cut before lines that are exactly the header of one of its arrays of tables (`[[finding]]`;
# `[[consolidated]]` and `[[source]]` in a merged body), about PIECE_CHARS apart, and each piece
# parsed on its own. That gives what the whole parse gives when the head (up to the first cut)
# has none of those keys and every later piece starts with such a header line and holds those
# keys alone, each an array: then each piece ended where the whole parse is at a line's start
# outside any string, array or table value (a piece that ends inside one is refused on its
# own), each header adds a table to an array the head did not have, and a piece's keys and
# headers name only its own last table. Anything else (a piece refused, another key) raises
# `Unpieced` and the body is parsed whole, as before, so every refusal and its position are the
# whole parse's.
PIECE_CHARS = 256 * 1024
FINDING_ARRAYS = ("finding",)
MERGED_ARRAYS = ("consolidated", "source")


class Unpieced(Exception):
    """The text cannot be read a piece at a time: parse it whole."""


def _cuts(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"\n[[{name}]]\n" for name in names)


def _next_cut(text: str, cuts: tuple[str, ...], start: int, known: list[int]) -> int:
    """Where the first line of `cuts` at or after `start` begins (its newline), or -1.
    `known`: where each cut was last found (-1: none is left; below `start`: look again), so
    that a cut far ahead (the first `[[source]]` after 150,000 entries) is looked for once."""
    for i, cut in enumerate(cuts):
        if 0 <= known[i] < start or known[i] < -1:
            known[i] = text.find(cut, start)
    return min((at for at in known if at >= 0), default=-1)


def each_piece(text: str, start: int, names: tuple[str, ...]) -> Iterator[dict[str, list[Any]]]:
    """The tables of each piece of text[start:], in order, as {name: its tables, last first}
    (popped from the end: each table let go once read); `Unpieced` when a piece is refused or
    holds anything else. The cuts are found first (nothing parsed), then the last piece is
    parsed before any other and held to the end: what ends a body unlike its tables (a table
    after them, a syntax error or a value cut off at the end) is found before any table is read,
    not after all of them were, to be read again whole (twice the time, a higher peak)."""
    cuts, bounds = _cuts(names), []
    known = [-2] * len(cuts)
    while start < len(text):
        end = _next_cut(text, cuts, start + PIECE_CHARS, known)
        end = len(text) if end < 0 else end + 1
        bounds.append((start, end))
        start = end
    last = _tables(text, *bounds.pop(), names) if bounds else {}
    for start, end in bounds:
        yield _tables(text, start, end, names)
    yield last


class Pieces:
    """The `finding` tables of a text cut in pieces, parsed as they are iterated (`Unpieced`
    when a piece is refused or not as expected)."""

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.start = start

    def __iter__(self) -> Iterator[Any]:
        for piece in each_piece(self.text, self.start, FINDING_ARRAYS):
            tables = piece.get("finding", [])
            while tables:
                yield tables.pop()


def _tables(text: str, start: int, end: int, names: tuple[str, ...]) -> dict[str, list[Any]]:
    """The tables of the piece text[start:end], each array's last first; `Unpieced` when it is
    refused or holds anything but arrays of `names`."""
    import tomli

    try:
        piece = tomli.loads(text[start:end])
    except Exception:  # noqa: BLE001 - refused, or too deep: the whole parse says why
        raise Unpieced from None
    for name, tables in piece.items():
        if name not in names or type(tables) is not list:
            raise Unpieced
        tables.reverse()
    return piece


def head_of(text: str, names: tuple[str, ...]) -> tuple[dict[str, Any], int] | None:
    """The head of `text` (up to its first line that is the header of an array of `names`)
    parsed, and where the rest begins; None when it has no such line or the head is refused or
    holds one of `names` (parse it whole)."""
    import tomli

    first = _next_cut(text, _cuts(names), 0, [-2] * len(names))
    if first < 0:
        return None
    try:
        doc = tomli.loads(text[: first + 1])
    except Exception:  # noqa: BLE001 - the whole parse says why
        return None
    if any(name in doc for name in names):
        return None
    return doc, first + 1


def pieced(text: str) -> dict[str, Any] | None:
    """The head of a findings `text` parsed, its `finding` a `Pieces` of the rest; None when
    it has no cut or the head is not as expected (parse it whole)."""
    head = head_of(text, FINDING_ARRAYS)
    if head is None:
        return None
    doc, rest = head
    doc["finding"] = Pieces(text, rest)
    return doc


_CURLY = "“”‘’「」『』＂＇"  # what an input method or a word processor types for a quote
_WORD_END = re.compile(r"[\s,\]}#]")
# a date, date-time or time of day written about as TOML writes one, its fields taken whatever
# their range or width: tomli refuses 2026-11-31 as "Invalid date or datetime", and 2026-13-01,
# 24:00, an offset of +25:00 or 2026-1-5 as text after a value
_DATE_SHAPED = _lazy(
    r"(?<![\w.:+-])(?:(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:(?P<sep>[Tt]| {1,8})(?P<h>\d{1,2}):(?P<mi>\d+)(?::(?P<s>\d+)(?P<f>\.\d*)?)?)?"
    r"|(?P<th>\d{2}):(?P<tmi>\d{2,})(?::(?P<ts>\d+)(?P<tf>\.\d*)?)?)"
    # a time's minutes and seconds, and an offset's hours and minutes, taken whole, however
    # many digits (08:000, +123:00, +08:0), but for four digits and no colon, which are both
    # (+0800); a Z and an offset both (Z+08:00) taken together
    r"(?P<z>[Zz])?(?:(?P<sign>[+-])(?P<oh>\d{1,2}(?=\d{2}(?![\d:]))|\d+)(?::?(?P<om>\d+))?)?"
)


# tomli's words where a one-line string meets its line's end before its closing quote, or the
# end of the document ("Unterminated string", asked after `_multiline_open`: not inside a
# multi-line string as the text reads, so in a one-line basic string opened on the last line)
_OPEN_ON_ITS_LINE = (
    "Illegal character '\\n'",
    "Found invalid character '\\n'",
    "Unterminated string",
)
# a literal string whose quote never comes again: the parser says so at the end of the document
_QUOTE_NEVER_AGAIN = 'Expected "\'"'
# the control characters TOML refuses wherever they stand (a CR, which a reader may take before
# its LF, is said as its reader says it): a NUL, a form feed, a vertical tab, an escape...
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# what the parser refuses in a literal string: the control characters but a tab
_NOT_IN_LITERAL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


def _two_byte_text(text: str) -> bool:
    """Whether `text` is two-byte text read a byte at a time (UTF-16 no reader told, a stray
    byte after it): a NUL at every other character, not one NUL that stands in text. Deleting
    a control character would not mend it: the parser's words are kept."""
    return text.count("\x00") * 4 >= len(text)


def _explained(error: InputError, text: str) -> InputError:
    """tomli's words for the mistakes a person writing TOML by hand makes most, said plainly:
    a typographic quote, text without quotes, a key given twice, a string left open."""
    problem = error.problems[0] if error.problems else None
    if problem is None or problem.code != "toml-syntax" or problem.line is None:
        return error
    lines = text.split("\n")
    row = lines[problem.line - 1] if 0 < problem.line <= len(lines) else ""
    rest = row[(problem.column or 1) - 1 :]
    first = rest[:1]
    why = None
    if _CONTROL.fullmatch(first) and not _two_byte_text(text):
        # (the parser says what it expected, not what stands there)
        code = f"U+{ord(first):04X}"
        return _said_as(
            error,
            replace(
                problem,
                message=f"invalid TOML: a control character, {code}, stands here (an editor "
                "shows it as nothing, or as a box): TOML text holds none but a tab and the line "
                "ends; delete it",
            ),
        )
    if problem.message.endswith("Invalid value") and first and first in _CURLY:
        why = f'text goes in straight double quotes "…", not {first}'
    elif problem.message.endswith("Invalid value") and first.isalpha():
        word = _WORD_END.split(rest, maxsplit=1)[0][:40]
        why = f'text goes in double quotes, e.g. "{word}"'
    elif problem.message.endswith("Cannot overwrite a value") and not row.lstrip().startswith("["):
        why = "a key is given twice in one table"  # (a table header's case is not this one)
    elif problem.message.endswith(_NEVER_CLOSED) and (at := _multiline_open(text)) is not None:
        return _said_at(error, at, "invalid TOML: a multi-line string is not closed")
    elif problem.message.endswith(_OPEN_ON_ITS_LINE):
        return _said_as(
            error, replace(problem, message="invalid TOML: a string is not closed on its line")
        )
    elif problem.message.endswith(_UNESCAPED) and (at := _line_end_escaped(text, problem)):
        return _said_at(error, at, problem.message)
    elif problem.message.endswith(_QUOTE_NEVER_AGAIN) and (at := _left_open(text)) is not None:
        return _said_at(error, at, "invalid TOML: a string is not closed on its line")
    elif (no_day := _no_day(row, (problem.column or 1) - 1, problem.message)) is not None:
        why, column = no_day
        problem = replace(problem, message="invalid TOML: Invalid date or datetime", column=column)
    if why is None:
        return error
    return _said_as(error, replace(problem, message=f"{problem.message}: {why}"))


def _said_at(error: InputError, at: tuple[int, int], message: str) -> InputError:
    """`error` said at `at` (its line and column) in `message`, as `_said_as` says it."""
    said = replace(error.problems[0], message=message, line=at[0], column=at[1])
    return _said_as(error, said)


def _said_as(error: InputError, said: Problem) -> InputError:
    """`error` as it was but for its problem's words: its file kept (the `--json` envelope's
    `path`), its code and hint too."""
    return InputError(
        error.message, problems=[said], code=error.code, path=error.path, hint=error.hint
    )


# tomli's words where the text ends inside a multi-line string, basic (`"""`) or literal (`'''`)
_NEVER_CLOSED = ("Unterminated string", "Expected \"'''\"")
# tomli's words for a `\\` it cannot read in a basic string: where it ends a line, past the line end
_UNESCAPED = "Unescaped '\\' in a string"
# where the scan of `_multiline_open` stops next: a comment, a string's quote
_NEXT_MARK = re.compile("[#\"']")
# in a basic string: its end, an escape, or (one-line) a line end it cannot hold
_IN_BASIC = re.compile('["\\\\\n]')
_IN_MULTILINE_BASIC = re.compile('"""|\\\\')


def _multiline_open(text: str) -> tuple[int, int] | None:
    """The line and column where the multi-line string opens that the text ends inside (the
    parser's "Unterminated string" or `Expected "'''"` at the end of the document), found by
    reading the text's comments and strings as the parser does (an escaped quote, `\\"`, does
    not end a basic string); None where that reading does not end inside one (the parser's
    words stay then). Lines and columns as the parser counts them: CR LF read as LF."""
    src = text.replace("\r\n", "\n")
    at = 0
    while (mark := _NEXT_MARK.search(src, at)) is not None:
        start, quote = mark.start(), mark.group()
        if quote == "#":
            at = src.find("\n", start)
            if at < 0:
                return None
        elif src.startswith(quote * 3, start):
            end = _closed(src, start + 3, quote * 3)
            if end < 0:
                line_start = src.rfind("\n", 0, start) + 1
                return src.count("\n", 0, start) + 1, start - line_start + 1
            at = end + 3
            while at < end + 5 and src.startswith(quote, at):  # (a quote or two more: text)
                at += 1
        else:
            at = _closed(src, start + 1, quote)
            if at < 0 or src[at] != quote or "\n" in src[start:at]:
                return None  # (a one-line string left open: not this)
            at += 1
    return None


def _closed(src: str, at: int, quote: str) -> int:
    """Where the string of `quote` whose text begins at `at` closes (for a one-line basic
    string, where a line end stops it); -1 where it does not."""
    if quote in ("'", "'''"):  # (no escape in a literal string; its line end: the caller's)
        return src.find(quote, at)
    stop = _IN_MULTILINE_BASIC if len(quote) == 3 else _IN_BASIC
    while (found := stop.search(src, at)) is not None:
        if found.group() != "\\":
            return found.start()
        at = found.start() + 2  # (an escape: `\\"` is no closing quote)
    return -1


def _line_end_escaped(text: str, problem: Problem) -> tuple[int, int] | None:
    """Where the `\\` is that ends a line inside a one-line basic string, which the parser
    places past the line end (at the next line's first column, or the end of the document):
    on its own line, at its own column; None where the parser's place is not past such a one."""
    src = text.replace("\r\n", "\n")
    line, column = problem.line or 1, problem.column or 1
    lines = src.split("\n", line - 1)
    if line > len(lines):
        return None
    offset = len(src) - len(lines[-1]) + column - 1
    if src[offset - 2 : offset] == "\\\n":
        offset -= 2
    elif offset >= len(src) and src.endswith("\\"):  # (the end: one past it, as tomli says)
        offset = len(src) - 1
    else:
        return None
    line_start = src.rfind("\n", 0, offset) + 1
    return src.count("\n", 0, offset) + 1, offset - line_start + 1


def _left_open(text: str) -> tuple[int, int] | None:
    """The line and column where the line ends of the literal string the parser found no closing
    quote for (`Expected "'"` at the end of the document): the parser looked for one after the
    string's quote and found none, so that quote is the last one of the text. On the text's last
    line its end is the text's, where the parser stopped; on another line, None where a
    character the parser refuses in a literal string comes before the line's end (its words stay
    then). Lines and columns as the parser counts them: CR LF read as LF."""
    src = text.replace("\r\n", "\n")
    opened = src.rfind("'")
    if opened < 0:
        return None
    end = src.find("\n", opened)
    if end < 0:
        end = len(src)
    elif _NOT_IN_LITERAL.search(src, opened + 1, end):
        return None
    start = src.rfind("\n", 0, opened) + 1
    return src.count("\n", 0, opened) + 1, end - start + 1


def _no_day(row: str, at: int, said: str) -> tuple[str, int] | None:
    """Why the date, date-time or time of day in `row` that the parser stopped in (at index
    `at`, saying `said`) is none the calendar or the clock has, or is not written as TOML
    writes it, and the column it begins at; None when there is no such value there. Only where
    the parser stopped reading a value: at its start saying the date is invalid, or inside it
    having read the value as far as it could (text in a string or a comment that looks like a
    date, refused for another reason, keeps the parser's words)."""
    import calendar

    at_start = said.endswith(_DATE_REFUSED)
    if not at_start and not said.endswith(_VALUE_CUT):
        return None
    for m in _DATE_SHAPED().finditer(row):
        if not (m.start() <= at if at_start else m.start() < at) or at > m.end():
            continue
        value = m.group(0)
        f = {k: int(v) for k, v in m.groupdict().items() if v and v.isdigit()}
        year, month, day = f.get("y", 2000), f.get("mo", 1), f.get("d", 1)
        hour, minute, second = (f.get(k, 0) + f.get("t" + k, 0) for k in ("h", "mi", "s"))
        if not 1 <= month <= 12:
            why = f"the calendar has no {value}: a year has 12 months"
        elif not 1 <= day <= (days := calendar.monthrange(year, month)[1]):
            ym = f"{year:04d}-{month:02d}"
            why = f"the calendar has no {value}: {ym} has {days} days"
        elif hour > 23 or minute > 59 or second > 59:
            why = (
                f"no time of day is {value}: hours run from 00 to 23, minutes and seconds "
                "from 00 to 59"
            )
        elif f.get("oh", 0) > 23 or f.get("om", 0) > 59:  # (the offset alone is wrong)
            offset = m.group(0)[m.start("sign") - m.start() :]
            why = (
                f"no offset from UTC is {offset}: an offset runs from -23:59 to +23:59, as hh:mm "
                "after + or -"
            )
        elif m.group("th") is not None and (m.group("z") or m.group("sign")):
            bare = _as_clock(m.group("th"), m.group("tmi"), m.group("ts"), m.group("tf"))
            why = (
                f"TOML writes {value} with no offset, as {bare}: an offset from UTC follows a "
                "date and time only"
            )
        elif m.group("z") and m.group("sign"):
            at_utc = _as_toml_writes(m, offset=False) + m.group("z")
            why = f"TOML writes one offset from UTC: {value} as {at_utc} or {_as_toml_writes(m)}"
        elif value != (written := _as_toml_writes(m)):
            why = f"TOML writes {value} as {written}"
        else:
            return None
        return why, m.start() + 1
    return None


# what tomli says where it stopped in a date-shaped value: at its start, or inside it where the
# part it read was a value and the rest is not
_DATE_REFUSED = "Invalid date or datetime"
_VALUE_CUT = (
    "Expected newline or end of document after a statement",
    "Unclosed array",
    "Unclosed inline table",
)


def _as_toml_writes(m: re.Match[str], *, offset: bool = True) -> str:
    """The date, date-time or time of day `_DATE_SHAPED` matched, as TOML writes it: each field
    in two digits (the year in four), one T or one space between the date and the time, an
    offset with its colon (an offset rather than a Z where both are written; neither with
    `offset` False), no point without a fraction."""
    g = m.groupdict()
    if g["y"] is not None:
        text = f"{g['y']}-{int(g['mo']):02d}-{int(g['d']):02d}"
        if g["sep"] is not None:
            sep = g["sep"] if len(g["sep"]) == 1 else "T"
            text += sep + _as_clock(g["h"], g["mi"], g["s"], g["f"])
    else:
        text = _as_clock(g["th"], g["tmi"], g["ts"], g["tf"])
    if offset and g["sign"] is not None:
        return text + f"{g['sign']}{int(g['oh']):02d}:{int(g['om'] or 0):02d}"
    if offset and g["z"] is not None:
        return text + g["z"]
    return text


def _as_clock(hour: str, minute: str, second: str | None, fraction: str | None) -> str:
    text = f"{int(hour):02d}:{int(minute):02d}"
    if second is not None:
        text += f":{int(second):02d}"
    return text + (fraction if fraction and fraction != "." else "")


def refused(exc: BaseException, path: str, language: str) -> InputError:
    """Why a parser of `language` ("TOML" or "JSON") gave up on the text of `path`."""
    kind = language.lower()
    if isinstance(exc, RecursionError):
        problem = Problem("too-deep", f"invalid {language}: nested too deeply", path)
        return InputError(f"{path} is nested too deeply", problems=[problem], path=f"{path}")
    if isinstance(exc, MemoryError):
        problem = Problem("too-large", f"invalid {language}: too large to parse", path)
        return InputError(f"{path} is too large to parse", problems=[problem], path=f"{path}")
    line, column, msg = (getattr(exc, k, None) for k in ("lineno", "colno", "msg"))
    if isinstance(line, int) and isinstance(column, int) and isinstance(msg, str):  # syntax
        problem = Problem(f"{kind}-syntax", f"invalid {language}: {msg}", path, line, column)
    else:  # e.g. an integer of more than 4,300 digits
        problem = Problem(f"{kind}-value", f"invalid {language}: {unreadable_value(exc)}", path)
    return InputError(f"{path} is not valid {language}", problems=[problem], path=f"{path}")


def unreadable_value(exc: BaseException) -> str:
    """Why a parser gave up on a value it could not convert (a number far too long, mostly)."""
    if "digits" in str(exc):
        return "a number is too long (more than 4300 digits)"
    return "a value cannot be read"
