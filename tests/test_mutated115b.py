"""Mutation round 115's survivors killed: a draft save refused for a reason other than a full
disk keeps its own hint in the walk (w3, w4); a fold or a display limit cut before a zero-width
joiner (n2, n4, n5, e2)."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from rich.cells import get_character_cell_size
from rich.console import Console

from tests.test_cli_walk_rules import inspect, keys
from tests.test_hostile import person, signed_raw
from tests.test_inspect_scripted import Cli
from tests.test_inspect_scripted import work as work
from tests.test_loose_ends24 import SIGNER

__all__ = ["keys", "work"]

ZWNJ, ZWJ = "\u200c", "\u200d"

IN_THE_WAY = {
    "en": {
        "reason": "{path} is not a directory, and minecheck needs a directory there",
        "going on": "minecheck: warning: the draft cannot be saved ({reason}); go on: your answers"
        " are held here and saved as soon as that works again",
        "quit": "minecheck: warning: draft {id} could not be saved: {reason}",
        "hint": "  hint: move it away, then run the command again; to move it:",
        "hint going on": "  hint: move it away: the walk goes on, and saves the draft as soon as"
        " it can; to move it:",
        "hint again": "  hint: move it away, then try again; to move it:",
        "ended": "minecheck: error: draft {id} could not be saved: {reason}",
    },
    "zh": {
        "reason": "{path} 不是目录，而 minecheck 需要在此处使用一个目录",
        "going on": "minecheck: warning: 草稿无法保存（{reason}）；请继续：您的回答暂存在本程序中，"
        "一旦可以保存即会保存",
        "quit": "minecheck: warning: 草稿 {id} 无法保存：{reason}",
        "hint": "  hint: 把它移开，然后重新运行命令；移开请运行：",
        "hint going on": "  hint: 请把它移开：检查会继续进行，一旦可以保存即会保存草稿；"
        "移开请运行：",
        "hint again": "  hint: 把它移开，然后再试一次；移开请运行：",
        "ended": "minecheck: error: 草稿 {id} 无法保存：{reason}",
    },
}


@pytest.mark.usefixtures("work")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_draft_folder_replaced_by_a_file_mid_walk_keeps_its_own_hint(
    cli: Cli,
    keys: list[str],
    tmp_path: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    """The drafts folder replaced by a file after the walk's first save: the warning that the
    walk goes on, and the one at `q` before "Try again?", each say how to move the file away
    (w3, w4), and what then happens: the walk goes on and saves the draft, or is tried again,
    not "run the command again", which would leave the answers held only in the walk (as a
    full disk's hints say); the walk's end keeps the failure's own hint."""
    directory = isolated_home / "drafts"
    keys[:] = ["y", "n"]  # compliant; then `q` at the reading, and no second try
    pressed = keys.pop

    def read_key() -> str:
        if directory.is_dir():  # (after the draft's first save, before the first answer's)
            shutil.rmtree(directory)
            directory.write_bytes(b"")
        if not keys:
            raise KeyboardInterrupt
        return pressed(0)

    monkeypatch.setattr("minecheck.cli._prompter.read_key", read_key)
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), "--lang", lang, typed="\nq\n")
    assert (run.exit_code, run.stdout) == (2, "")
    draft_id = run.stderr.split("minecheck: error: ")[1].split()[1]
    said = IN_THE_WAY[lang]
    reason = said["reason"].format(path=directory)
    move = f"    mv {directory} {directory}.old"
    lines = run.stderr.splitlines()
    going_on = said["going on"].format(reason=reason)
    at = next(i for i, line in enumerate(lines) if line.endswith(going_on))
    assert lines[at + 1 : at + 3] == [said["hint going on"], move]
    at = next(
        i for i, line in enumerate(lines) if said["quit"].format(id=draft_id, reason=reason) in line
    )
    assert lines[at + 1 : at + 3] == [said["hint again"], move]
    assert run.stderr.endswith(
        "\n".join([said["ended"].format(id=draft_id, reason=reason), said["hint"], move, ""])
    )


def _lines(text: str, width: int) -> list[str]:
    """The lines `show` and the tables print of `text` at `width` columns (`Broken`)."""
    from minecheck.cli._breaks import Broken

    console = Console(width=width, file=io.StringIO(), color_system=None)
    return [line.plain for line in Broken(text).wrap(console, width)]


def _ends_on_a_joiner(lines: list[str]) -> list[str]:
    """The lines but the last that end on a joiner whose letter went to the next line."""
    return [line for line in lines[:-1] if line.rstrip(" ")[-1:] in (ZWNJ, ZWJ)]


def test_a_persian_name_beside_chinese_is_folded_before_its_non_joiner_at_every_width() -> None:
    """A line with Chinese in it is folded by minecheck's own cut, not Rich's: a Persian name
    wider than the line is cut before its non-joiner, never after it (a line ended on a
    non-joiner whose letter went to the next line: n2), nothing lost."""
    text = "检查员 " + ("علی" + ZWNJ + "رضا") * 4
    for width in range(3, 30):
        lines = _lines(text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), width
        assert _ends_on_a_joiner(lines) == [], (width, lines)


@pytest.mark.parametrize("text", ["ab" + ZWJ + ZWNJ + "cd", "中文" + ZWJ + ZWNJ + "ab"])
def test_a_fold_before_a_joiner_and_a_non_joiner_takes_both_to_the_next_line(text: str) -> None:
    """A joiner and a non-joiner together at a fold (English, and beside Chinese): both go to
    the next line, not the joiner left at the line's end (n5: only the non-joiner taken)."""
    for width in range(1, 6):
        lines = _lines(text, width)
        assert "".join(lines).replace(" ", "") in (text, text.replace("中文", "")), width
        assert _ends_on_a_joiner(lines) == [], (width, lines)


@pytest.mark.parametrize("joiner", [ZWJ, ZWNJ])
def test_a_text_begun_with_a_joiner_puts_no_wide_character_on_a_line_of_one_cell(
    joiner: str,
) -> None:
    """A text begun with a joiner before a Chinese character, at one column: no line is wider
    than the column (n4: the joiner's chunk emptied and the joiner given to the next chunk,
    which then put `中` on a line of one cell). (At two columns and more, Rich measures a
    leading `\u200d中ab` as two cells, its own grapheme rule: not this test's; `safe` shows a
    joiner no spelling needs as its escape, so none begins a text the CLI prints.)"""
    lines = _lines(joiner + "中ab", 1)
    assert [line for line in lines if _terminal_cells(line) > 1] == [], lines


def _terminal_cells(line: str) -> int:
    """The cells a terminal gives `line`, a character at a time (`中` two however a joiner
    before it is measured: Rich counts `\u200d中` as no cells)."""
    return sum(map(get_character_cell_size, line))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_description_of_joiners_alone_is_shown_up_to_the_limit_and_the_rest_counted(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`show` of a description whose first SHOWN_CHARACTERS characters are non-joiners alone:
    there is nothing to cut before, so the first SHOWN_CHARACTERS are shown (each as its
    escape) and the rest counted, not the whole counted and nothing shown (e2)."""
    from minecheck.errors import SHOWN_CHARACTERS
    from tests.helpers_docs import findings_body

    monkeypatch.chdir(tmp_path)
    key = person(cli, SIGNER)
    body = findings_body(SIGNER, key["fingerprint"], description=ZWNJ * (SHOWN_CHARACTERS + 5))
    Path("f.toml").write_bytes(signed_raw(key, body))
    run = cli(["show", "f.toml", "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    shown = "".join(run.stdout.split())  # (the line folded at the width)
    said = {"en": "…5morecharactersnotshown", "zh": "……另有5个字符未显示"}
    assert "\\u200c" * SHOWN_CHARACTERS + said[lang] in shown
    assert shown.count("\\u200c") == SHOWN_CHARACTERS


@pytest.mark.parametrize("coded_first", [True, False])
def test_show_names_the_mine_of_an_untrusted_merge_as_a_trusted_one_does(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, coded_first: bool
) -> None:
    """Two sources of one inspection spell its mine apart (`Xinxing Coal Mine`, code
    HLJ-0001; `Xinxing Mine`, no code): `show` of the merged file named the mine under each
    hidden danger as the report does when the file is trusted, and by the source first in the
    file (sorted by its sha256, which no one chooses) when it is not; either spelling, as
    the hashes fell (h2). Now as the report: the first source by document id, the first code."""
    import hashlib

    from minecheck.core.documents import Finding
    from tests.helpers_merge import allowed_signers, findings_of, make_merged, store_for
    from tests.helpers_merge import person as merge_person

    monkeypatch.setenv("COLUMNS", "200")
    alice, bob = merge_person(tmp_path, "alice"), merge_person(tmp_path, "bob")
    rows = (Finding("gas-check-genuine", "noncompliant", severity="major", basis=("CMHD-5.2",)),)
    a = findings_of(alice, rows, "00000000-0000-4000-8000-000000000001", site="Xinxing Coal Mine")
    for minute in range(60):  # (bob's file before alice's in the merged file, or after it)
        when = dt.datetime(2026, 11, 29, 9, minute, tzinfo=dt.UTC)
        b = findings_of(
            bob,
            rows,
            "ffffffff-0000-4000-8000-000000000002",
            when=when,
            site="Xinxing Mine",
            site_id=None,
        )
        if (hashlib.sha256(a).hexdigest() < hashlib.sha256(b).hexdigest()) == coded_first:
            break
    merged = tmp_path / "m.toml"
    merged.write_bytes(make_merged(alice, [a, b], store_for(alice, bob)))
    named = {}
    for trusted in ((alice, bob), (bob,)):  # (the merger, alice, not trusted: no report row)
        trust = allowed_signers(tmp_path / "allowed_signers", *trusted)
        run = cli(["show", str(merged), "--allowed-signers", str(trust), "--lang", "en"])
        assert run.exit_code == 0, run.stderr
        lines = [line.strip() for line in run.stdout.splitlines()]
        at = next(n for n, line in enumerate(lines) if "/gas-check-genuine" in line)
        named[len(trusted)] = lines[at + 1].split("  ")[0]  # (the column beside it: BY)
    assert named == {2: "Xinxing Coal Mine (HLJ-0001)", 1: "Xinxing Coal Mine (HLJ-0001)"}


def test_a_pipe_named_in_capitals_that_cannot_be_looked_at_below_a_folder_is_said(
    cli: Any, tmp_path: Path
) -> None:
    """A FIFO named `….TOML` whose path is longer than the system takes (`stat` refused with
    "file name too long", though its folder is listed): said "cannot read" and counted, as a
    `….toml` is, not passed over unsaid (l3: the walk's second `_is_toml`)."""
    import errno

    from minecheck.os_words import os_reason

    top = tmp_path / "deep"
    top.mkdir()
    fd = os.open(top, os.O_RDONLY)
    try:
        folder = top
        # each folder made in the one above, by its handle, while the next still fits the
        # system's 4,095 characters: the folder is listed, the name below it is too long
        # (a folder past them was the one refused, as the temporary folder's name grew)
        while len(f"{folder}") + len("/" + "d" * 200) < 4095:
            os.mkdir("d" * 200, dir_fd=fd)
            inner = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd, folder = inner, folder / ("d" * 200)
        name = "P" * 245 + ".TOML"
        os.mkfifo(name, dir_fd=fd)
    finally:
        os.close(fd)
    run = cli(["verify", str(top), "--lang", "en"])
    assert run.exit_code == 2, run.stderr
    [said, counted] = run.stderr.splitlines()
    too_long = os_reason(OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG)), "en")
    assert said == f"{folder / name}: cannot read: {too_long}"
    assert counted == "1 document: 1 unreadable"
