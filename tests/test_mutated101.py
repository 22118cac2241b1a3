"""Mutation round 101: tests that kill the survivors of the newest code (the hints of a name
written as Windows gives it, UTF-16 without a mark that is mostly Chinese or with a byte
appended, the GB18030 hint, a merged file's closer table, a file that is not a regular file,
a list's first line in UTF-8). Each asserts what a user notices."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from tests.test_loose_ends8 import CASES, _merged
from tests.test_windows_files3 import ANSWERS, CHECKLIST, IN_A_DISTRIBUTION, ODD, _hint, _markless

# --- a merged file's table: laid out closer at the widths its edges cannot hold, and no other --

ROW = "3a5f7c9e-"  # (each finding's row begins with its inspection's id)
CLOSER = {  # (the principals, the language): the widths at which the table is laid out closer
    ("short", "en"): range(112, 119),
    ("long", "en"): range(119, 126),
    ("four", "en"): range(117, 124),
    ("short", "zh"): range(93, 100),
    ("long", "zh"): range(100, 107),
    ("four", "zh"): range(100, 107),
}


@pytest.mark.parametrize(("case", "lang"), sorted(CLOSER))
def test_a_merged_table_is_laid_out_closer_only_where_its_edges_cannot_hold_the_answers(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, lang: str
) -> None:
    """The answers held whole with the columns three cells apart and the edges, exactly (the
    terminal as wide as the table), keep the edges: the closer layout (the rows at the first
    column) is taken at the seven widths below that one, and at no other from 88 to 130. The
    table and its title are shown once, each finding a row; with its edges, its title's line is
    as wide as the table, as it was before the closer layout; laid out closer, its title is a
    line of its own, then the blank line its edge drew, and its rows follow one another with
    no blank line between them, as with its edges."""
    args = _merged(tmp_path / case, *CASES[case])
    closer = []
    for width in range(88, 131):
        monkeypatch.setenv("COLUMNS", str(width))
        run = cli([*args, "--lang", lang])
        assert (run.exit_code, run.stderr) == (0, ""), width
        lines = run.stdout.splitlines()
        assert sum(ROW in line for line in lines) == 3, width
        titled = ("(as of 2026-12-06", "（截至 2026-12-06")
        at = [i for i, line in enumerate(lines) if any(x in line for x in titled)]
        assert len(at) == 1, width
        t = at[0]  # (the lines above it name the file: as many as its path takes at this width)
        if any(line.startswith(ROW) for line in lines):  # (closer: the title on a line of its own)
            closer.append(width)
            assert (lines[t], lines[t + 1]) == (lines[t].rstrip(), ""), width
            rows = [i for i, line in enumerate(lines) if line.startswith(ROW)]
            assert rows[0] == t + 4, width  # (the header, the blank line under it, the rows)
            assert all(lines[i].strip() for i in range(rows[0], rows[-1])), width
        if any(line.startswith(f" {ROW}") for line in lines):  # (the table with edges)
            title, edge = lines[t], lines[t + 1]
            assert cell_len(title) == cell_len(edge) == max(map(cell_len, lines)), width
    assert closer == list(CLOSER[case, lang])


# --- UTF-32 with its mark and one LF appended --------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_utf_32_with_a_byte_appended_is_said_with_that_byte_and_a_command_that_mends_it(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """PowerShell's `-Encoding UTF32` then Git Bash's `echo >>`: told as UTF-16's is (its text
    is whole units of four bytes, then the LF), and the command given makes the answers."""
    monkeypatch.chdir(tmp_path)
    wide = ANSWERS.encode("utf-32")  # (407 characters: 1,632 bytes with the mark)
    (tmp_path / "a.toml").write_bytes(wide + b"\n")
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    command = f"head -c {len(wide)} a.toml | iconv -f UTF-32 -t UTF-8 > a.utf-8.toml"
    said = "\n".join(ODD[lang]).replace("UTF-16", "UTF-32")
    assert run.stderr.splitlines() == said.format(path="a.toml", pipe="", command=command).split(
        "\n"
    )
    subprocess.run(["sh", "-c", command], check=True)
    assert (tmp_path / "a.utf-8.toml").read_bytes() == ANSWERS.encode()


# --- bytes that read as Chinese alone both in UTF-16 and in GB18030, or of low bytes mostly ----

NEITHER = {  # (bytes that no rule tells: what a reader says of them, by their byte)
    # (计设 in UTF-16BE: GBK's 嫛嬀 in GB18030, both Chinese text: which is meant is not told)
    "both": "计设计计设计计设".encode("utf-16-be"),
    # (万中中中中计计计 in UTF-16BE: five of eight characters of bytes below 0x80, `N-` and
    # `N\x07`, as ASCII read two bytes at a time makes; GB18030 reads a bell in it)
    "low": "万中中中中计计计".encode("utf-16-be"),
}


@pytest.mark.parametrize("case", sorted(NEITHER))
def test_markless_bytes_that_two_rules_cannot_tell_apart_get_neither_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """Chinese alone in UTF-16 without a mark is told only where GB18030 does not read the
    bytes as text too, and where most characters hold a byte of 0x80 or more: else the file
    is said by its byte, with no iconv command that could make mojibake."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes(NEITHER[case])
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    column = {"both": 1, "low": 11}[case]  # (the first byte UTF-8 cannot decode: 0x8b)
    assert run.stderr.splitlines() == [
        f"a.toml:1:{column}: not UTF-8: byte 0x8b cannot be decoded",
        "minecheck: error: a.toml is not UTF-8 text",
    ]


# --- a WSL distribution named alone ------------------------------------------------------------


@pytest.mark.parametrize("name", ["\\\\wsl.localhost\\Ubuntu", "\\\\wsl$\\Ubuntu\\"])
def test_a_wsl_distribution_named_alone_is_said_by_its_root(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Explorer's name of a distribution itself (its root, `\\\\wsl.localhost\\Ubuntu`) is
    said as `/` there, as a folder's name in it is said by its path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WSL_DISTRO_NAME", raising=False)
    assert _hint(cli, name, "en") == [IN_A_DISTRIBUTION["en"].format(path="/")]


# --- a table's title a little narrower than the table -----------------------------------------


def test_a_title_narrower_than_its_table_is_laid_out_in_the_table() -> None:
    """A summary's title a few cells narrower than its table (the table's edges and gaps are
    what makes it wider) is the table's first line, as wide as the table, as Rich lays it out;
    only a title wider than the table is given a line of its own width."""
    import io

    from rich import box
    from rich.console import Console

    from minecheck.cli._table import FittedTable

    for title in range(14, 22):
        table = FittedTable(box=box.SIMPLE_HEAD, title="T" * title, title_justify="left")
        table.pad_edge = False
        table.add_column("A")
        table.add_column("B")
        table.add_row("a" * 9, "b" * 9)
        shown = io.StringIO()
        Console(width=80, file=shown, color_system=None).print(table)
        lines = shown.getvalue().splitlines()
        assert (lines[0].rstrip(), len(lines[0])) == ("T" * title, 23), title
        assert {len(line) for line in lines} == {23}, title


# --- GB18030 answers with CR LF ----------------------------------------------------------------


def test_gb18030_answers_with_cr_lf_are_told_iconv_alone(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answers file takes CR LF: the GB18030 command for one saved so is iconv alone, no
    `tr -d '\\r'` (which a checklist's command takes); what it makes is read."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes(ANSWERS.encode("gb18030"))  # (its description holds 假检)
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    command = "iconv -f GB18030 -t UTF-8 a.toml > a.utf-8.toml"
    assert f"    {command}" in run.stderr.splitlines()
    subprocess.run(["sh", "-c", command], check=True)
    assert Path("a.utf-8.toml").read_bytes() == ANSWERS.encode()


# --- a list saved with a mark whose later names are in GBK -------------------------------------


@pytest.mark.parametrize("end", [b"\n", b"\r"], ids=["lf", "cr"])
def test_a_list_with_a_mark_and_a_later_name_in_gbk_is_refused_at_its_start(
    cli: Any, end: bytes
) -> None:
    """The first line alone decides whether a list's first bytes are a mark: one saved "UTF-8
    with BOM" whose second name is in GBK (啊, B0 A1), ending its lines with LF alone or CR
    alone, is refused as starting with a mark, not read as a name `\\ufeffa.toml`."""
    run = cli(["verify", "-"], input=b"\xef\xbb\xbfa.toml" + end + b"\xb0\xa1.toml" + end)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-1] == "minecheck: error: <stdin> starts with a byte-order mark"


def test_markless_utf_16_of_chinese_alone_whose_high_bytes_are_the_second_is_told(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """造通调 in UTF-16LE (20 90, 1A 90, 03 8C): each character's byte of 0x80 or more is its
    second; it is counted as a character's as the first is, and the file is told UTF-16LE."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes("造通调造通调造通".encode("utf-16-le"))
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml"])
    assert run.exit_code == 2
    command = "iconv -f UTF-16LE -t UTF-8 a.toml > a.utf-8.toml"
    assert run.stderr.splitlines() == _markless("en", "a.toml", command)
