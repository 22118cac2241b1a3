"""The walk at terminals that are not UTF-8: a GB18030 or GBK terminal (older Chinese systems),
Latin-1 and ASCII ones. What is typed reaches the record as typed, or is refused saying why.

The terminal's encoding is what Python reads from the locale, or PYTHONIOENCODING; the tests
set PYTHONIOENCODING (no locale has to be generated on the machine for it), which is what the
line editor and the key reader both go by.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA
from tests.test_inspect_pty import (
    CHECKLIST,
    GAS,
    KEY_PROMPT,
    Terminal,
    draft_id,
    ended,
    keyed,
    term,
)

__all__ = ["keyed", "term"]  # fixtures


class EncodedTerminal(Terminal):
    """A terminal that sends and shows `encoding`'s bytes."""

    def __init__(self, base: Terminal, encoding: str, kind: str = "dumb") -> None:
        super().__init__(base.home, base.cwd)
        self.encoding, self.kind = encoding, kind
        self.codec_errors = "replace"

    def env(self) -> dict[str, str]:
        env = super().env()
        env.update(PYTHONIOENCODING=self.encoding, TERM=self.kind, PROMPT_TOOLKIT_NO_CPR="1")
        return env


def unfinished(home: Path) -> dict[str, Any]:
    [draft] = (home / "drafts").glob("*.toml")
    with draft.open("rb") as fh:
        found: dict[str, Any] = tomllib.load(fh)["unfinished"]
    return found


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
@pytest.mark.parametrize("kind", ["dumb", "xterm"])
def test_keys_from_a_chinese_input_method_at_a_gb_terminal(
    keyed: Terminal, encoding: str, kind: str
) -> None:
    """A GB18030 or GBK terminal sends a full-width `ｎ` as two bytes that are not UTF-8: the
    key was read as UTF-8, refused as '�', and its second byte, taken for the start of a
    character, swallowed the keys typed after it (the walk sat waiting). A word committed at
    once is one wrong answer, said as typed; a full-width key answers as its letter."""
    screen = EncodedTerminal(keyed, encoding, kind)
    child = screen.spawn(
        "inspect", str(CHECKLIST), "--site", "Mine A", "--inspector", "W", "--lang", "zh"
    )
    child.delaybeforesend = None
    draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("符合")  # an input method commits the word at once
    child.expect_exact("“符合”不是有效回答")
    child.expect_exact(KEY_PROMPT)
    child.send("ｎ" + "1")  # a key typed at once after it begins the next answer
    child.expect_exact("隐患描述：")
    child.send("号瓦斯检查牌板与记录不符\r")
    child.expect_exact("位置：")
    child.send("\x03")
    status, output = ended(child)
    assert status == 130, output
    assert "�" not in output
    assert unfinished(keyed.home)[GAS]["description"] == "1号瓦斯检查牌板与记录不符"


def test_a_latin_1_key_swallows_no_key_after_it(keyed: Terminal) -> None:
    """At a Latin-1 terminal `é` is one byte; read as the start of a three-byte UTF-8
    character it took the next two keys with it."""
    screen = EncodedTerminal(keyed, "latin-1")
    child = screen.spawn("inspect", str(CHECKLIST), "--site", "Mine A", "--inspector", "W")
    child.delaybeforesend = None
    draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("é")
    child.expect_exact("'é' is not an answer")
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("Description of the hidden danger: ")
    child.send("\x03")
    assert ended(child)[0] == 130


def test_bytes_that_are_not_gb18030_are_asked_again_naming_the_terminals_encoding(
    keyed: Terminal,
) -> None:
    """A GB18030 terminal's line that holds bytes no GB18030 character has (a stray 0xFF)
    is asked for again, as at a UTF-8 terminal; the message said "not UTF-8: set it to
    UTF-8", which is wrong for a terminal set as its locale says (set to UTF-8, it would send
    what the locale reads as other characters)."""
    screen = EncodedTerminal(keyed, "gb18030")
    child = screen.spawn(
        "inspect", str(CHECKLIST), "--site", "Mine A", "--inspector", "W", "--lang", "zh"
    )
    draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("隐患描述：")
    os.write(child.child_fd, "瓦斯".encode("gb18030") + b"\xff\r")
    child.expect_exact(
        "终端发送的字节不是 GB18030（\\udcff），即区域设置的编码：请将终端和区域设置（LANG）"
        "设为同一编码后重新输入"
    )
    child.expect_exact("隐患描述：")
    child.send("瓦斯检查牌板与记录不符\r")
    child.expect_exact("位置：")
    child.send("\x03")
    assert ended(child)[0] == 130
    assert unfinished(keyed.home)[GAS]["description"] == "瓦斯检查牌板与记录不符"


def signed(term: Terminal) -> Path:
    """A findings file of a site named in Chinese, its description partly Chinese."""
    made = term.run(
        *("inspect", str(CHECKLIST), "--site", "瓦斯矿", "--inspector", "王伟"),
        *("--answers", str(DATA / "answers" / "mini-good.toml"), "-o", "f.toml"),
    )
    assert made.returncode == 0, made.stderr
    return term.cwd / "f.toml"


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
@pytest.mark.parametrize(
    "args",
    [
        ("show", "--json", "f.toml"),
        ("verify", "--json", "--lang", "zh", "f.toml", "missing.toml"),
        ("summary", "--json", "f.toml"),
        ("summary", "--format", "json", "f.toml"),
        ("export", "f.toml"),
        ("verify", "--json", "--lang", "zh", "--nosuch"),
    ],
)
def test_json_at_a_terminal_that_cannot_show_chinese_keeps_every_character(
    keyed: Terminal, encoding: str, args: tuple[str, ...]
) -> None:
    """JSON written to a Latin-1 or ASCII terminal had every character the terminal cannot
    show made '?' (a site's name, a description, a message in Chinese): still JSON, but of
    other data, which a script run at a terminal (`ssh -t`, `script`) kept. Such characters
    are JSON's escapes now, the values exact."""
    path = signed(keyed)
    piped = keyed.run(*args)  # (a pipe gets UTF-8: what the terminal's JSON must equal)
    screen = EncodedTerminal(keyed, encoding)
    screen.width = 400  # (a line of JSON is not folded)
    child = screen.spawn(*args)
    status, shown = ended(child)
    assert status == piped.returncode, shown
    assert shown.count("?") == piped.stdout.count("?")
    text = shown.replace("\r\n", "\n")
    values = (
        [json.loads(x) for x in text.splitlines()] if args[0] == "export" else [json.loads(text)]
    )
    expected = (
        [json.loads(x) for x in piped.stdout.splitlines()]
        if args[0] == "export"
        else [json.loads(piped.stdout)]
    )
    assert values == expected
    assert "瓦斯矿" in piped.stdout or "不存在" in piped.stdout or "选项" in piped.stdout
    assert path.exists()


UNSHOWN = (
    "minecheck: warning: this terminal's encoding ({encoding}) cannot show Chinese: what is"
    " in Chinese shows as '?'"
)
UNSHOWN_HINT = "  hint: use --lang en, or a terminal and locale in UTF-8 or GB18030"


@pytest.mark.parametrize(("encoding", "shown"), [("latin-1", "ISO-8859-1"), ("ascii", "ASCII")])
@pytest.mark.parametrize(
    "args",
    [
        ("verify", "--lang", "zh", "missing.toml"),
        ("show", "--lang", "zh", "f.toml"),
        ("inspect", "--lang", "zh", "--help"),
        ("verify", "--lang", "zh", "--nosuch"),
    ],
)
def test_chinese_at_a_terminal_that_cannot_show_it_is_said_in_english(
    keyed: Terminal, encoding: str, shown: str, args: tuple[str, ...]
) -> None:
    """A run in Chinese at a terminal whose encoding has no Chinese (a Latin-1 or ASCII
    locale) showed every message as '?' and nothing a person could read (`minecheck: error:
    missing.toml?????????`). One line says why, in English, with what to do; the run is as
    it was (its exit code, its output)."""
    signed(keyed)
    piped = keyed.run(*args)
    child = EncodedTerminal(keyed, encoding).spawn(*args)
    status, output = ended(child)
    assert status == piped.returncode, output
    lines = output.splitlines()
    assert lines.count(UNSHOWN.format(encoding=shown)) == 1, output
    assert lines.count(UNSHOWN_HINT) == 1, output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("encoding", "args"),
    [
        ("gb18030", ("verify", "--lang", "zh", "missing.toml")),
        ("latin-1", ("verify", "--lang", "en", "missing.toml")),
        ("latin-1", ("verify", "--json", "--lang", "zh", "missing.toml")),
    ],
)
def test_nothing_more_is_said_where_chinese_shows_or_is_not_asked_for(
    keyed: Terminal, encoding: str, args: tuple[str, ...]
) -> None:
    child = EncodedTerminal(keyed, encoding).spawn(*args)
    status, output = ended(child)
    assert status == 2, output
    assert "cannot show Chinese" not in output
    if encoding == "gb18030":
        assert "minecheck: error: missing.toml：文件不存在" in output


def test_the_signs_of_a_limit_read_at_an_ascii_terminal(keyed: Terminal) -> None:
    """At a terminal in an ASCII locale (LANG=C with PYTHONUTF8=0, an old serial console) a
    reading's limit read "limit ? 1 %CH4": which way the limit lies was lost, and the key
    legend's separators were '?' beside the '?' key. Signs such a terminal cannot show are
    shown as ASCII (<=, ->, -); the record keeps them as they are."""
    signed(keyed)
    screen = EncodedTerminal(keyed, "ascii")
    child = screen.spawn("inspect", str(CHECKLIST), "--site", "Mine A", "--inspector", "W")
    child.expect_exact(
        "y compliant - n non-compliant - a not applicable - s skip - b back - ? guidance"
        " - q save and quit"
    )
    child.expect_exact(KEY_PROMPT)
    child.send("y")
    child.expect_exact("Enter the reading in %CH4 (limit <= 1 %CH4), or a key: ")
    child.send("q\r")
    assert ended(child)[0] == 0
    shown = EncodedTerminal(keyed, "ascii")
    shown.width = 200
    status, output = ended(shown.spawn("show", "f.toml"))
    assert status == 0, output
    assert "1.3 %CH4, limit <= 1 %CH4" in output
    assert "limit ≤ 1 %CH4" in (keyed.cwd / "f.toml").read_text(encoding="utf-8")


def test_chinese_typed_where_the_locale_is_ascii_is_asked_again_saying_what_to_set(
    keyed: Terminal,
) -> None:
    """A UTF-8 terminal where the locale is ASCII (LC_ALL=C with PYTHONUTF8=0): Chinese typed
    was asked for again with "set it to ASCII", where no Chinese can be typed. The terminal
    and the locale are to be set to one encoding."""
    screen = EncodedTerminal(keyed, "ascii")
    child = screen.spawn("inspect", str(CHECKLIST), "--site", "Mine A", "--inspector", "W")
    draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("Description of the hidden danger: ")
    os.write(child.child_fd, "中 in UTF-8\r".encode())
    child.expect_exact(
        "the terminal sent bytes that are not ASCII (\\udce4), the locale's encoding: set the"
        " terminal and the locale (LANG) to one encoding and type that again"
    )
    child.expect_exact("Description of the hidden danger: ")
    child.send("\x03")
    assert ended(child)[0] == 130
