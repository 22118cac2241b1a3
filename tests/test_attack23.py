"""The session's changes attacked, round 23: a pasted whitespace that no terminal shows (a
vertical tab, a form feed, a line or paragraph separator) in the walk's text, a byte-order mark
that begins a later line of a list of paths, and the GB18030 hint for a file whose name begins
with `<`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_inspect_pty import Terminal, findings, keyed, term
from tests.test_loose_ends4 import each_list_reader
from tests.test_loose_ends7 import JOINED_SAID
from tests.test_walk_pty import PASTE, at_the_description, prompt, rest_of_the_walk

__all__ = ["keyed", "term"]  # fixtures
# Whitespace a terminal shows as `\u000b` and the like: a vertical tab (Word's line break), a
# form feed, a C1 next-line, a line and a paragraph separator, an information separator
GAPS = {"xterm": "\x0b\x0c\x85\u2028\u2029\x1f", "dumb": "\x85\u2028\u2029"}


@pytest.mark.parametrize("kind", ["dumb", "xterm"])
def test_whitespace_no_terminal_shows_pasted_into_the_walks_text_is_a_space(
    keyed: Terminal, kind: str
) -> None:
    """A tab pasted into a text became a space in round 21; the other whitespace a paste brings
    (Word's line break is a vertical tab, a PDF's a line separator) was signed as it came and
    shown `\\u000b` at every terminal. Each is a space; a blank a terminal shows (a no-break
    space, the ideographic space of Chinese text) is kept as typed."""
    screen, child = at_the_description(keyed, kind)
    gaps = "".join(f"{gap}w{n}" for n, gap in enumerate(GAPS[kind]))
    typed = f"Shaft{gaps}"
    child.send((PASTE.format(typed) if kind == "xterm" else typed) + "\r")
    prompt(child, "Location:", "回风巷\u3000风量不足\xa0x")
    prompt(child, "Severity (major/general) [major]:", "")
    prompt(child, "Rectification measures:", "")
    rest_of_the_walk(child)
    gas = findings(screen.out)[0]
    expected = "Shaft" + "".join(f" w{n}" for n in range(len(GAPS[kind])))
    assert (gas["description"], gas["location"]) == (expected, "回风巷\u3000风量不足\xa0x")


BOM_LATER = JOINED_SAID  # (the filter that takes the marks out told since)


@pytest.mark.parametrize("lang", ["en", "zh"])
@each_list_reader
@pytest.mark.parametrize("end", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_byte_order_mark_that_begins_a_later_line_of_a_list_is_refused_at_its_line(
    cli: Any,
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    args: list[str],
    end: str,
) -> None:
    """Two lists saved as "UTF-8 with BOM" and joined (`type a.txt b.txt`, `cat`) hold a mark
    where the second begins: its first name was said `\\ufeffb.toml: no such file`, a name no
    one typed, where a mark on the first line is refused. It is refused at its line."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.toml").write_bytes(b"")
    (tmp_path / "b.toml").write_bytes(b"")
    listed = f"a.toml{end}\ufeffb.toml{end}".encode()
    run = cli([*args, "--lang", lang], input=listed)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == BOM_LATER[lang]
    assert not (tmp_path / "m").exists()
    json_run = cli([*args, "--json"], input=listed)
    said = [(p["code"], p["path"], p["line"], p["column"]) for p in json_run.json()["problems"]]
    assert said[0] == ("bom", "<stdin>", 2, 1)


@pytest.mark.parametrize("name", ["<x>.toml", "<stdin>.toml", "<"])
def test_the_gb18030_hint_names_a_file_whose_name_begins_with_a_bracket(
    cli: Any, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """The conversion command was given without its path for any name beginning with `<`,
    taken for standard input's label: only standard input itself goes without one."""
    from minecheck.core.sanitize import shell_word

    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes("# 事件\n".encode("gb18030"))
    run = cli(["followup", "--events", name, "-o", "fu.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    stem, dot, suffix = name.rpartition(".")
    new = f"{stem}.utf-8.{suffix}" if dot else f"{name}.utf-8"
    command = f"iconv -f GB18030 -t UTF-8 {shell_word(name)} > {shell_word(new)}"
    assert f"    {command}" in run.stderr.splitlines()
    piped = cli(["followup", "--events", "-", "-o", "fu.toml"], input="# 事件\n".encode("gb18030"))
    assert "    iconv -f GB18030 -t UTF-8" in piped.stderr.splitlines()


def test_every_whitespace_a_terminal_shows_escaped_is_a_space_in_a_text() -> None:
    """`as_spaces` names its characters; this finds them all, so a Python that takes one more
    character for whitespace cannot leave it signed unseen."""
    import sys

    from minecheck.core.sanitize import as_spaces, for_terminal

    gaps = [
        ch
        for ch in map(chr, range(sys.maxunicode + 1))
        if ch.isspace() and ch not in "\n\r" and for_terminal(ch) != ch
    ]
    assert as_spaces("".join(gaps)) == " " * len(gaps)
    kept = "a\u3000b\xa0c d\ne\u202fé"
    assert as_spaces(kept) == kept
