"""Round 25 of trying the last merges as users would: lists saved "UTF-8 with BOM" and joined
where the first did not end its last line (Notepad does not), or whose lines end in CR alone."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

FILTER = "LC_ALL=C awk '{ gsub(/\\357\\273\\277/, \"\\n\") } 1'"
SAID = {  # (a mark inside a line: the second list began there)
    "en": [
        "<stdin>:2:8: a UTF-8 byte-order mark (BOM) inside a line: lists saved with one were "
        "joined, one not ending its last line; save each as UTF-8 without BOM",
        "  hint: take them out in the pipe, before minecheck, with:",
        f"    {FILTER}",
        "  or save each list as UTF-8 (Notepad: Save as, Encoding UTF-8)",
        "minecheck: error: <stdin> holds a byte-order mark",
    ],
    "zh": [
        "<stdin>:2:8: 行中有 UTF-8 字节顺序标记（BOM）：拼接的列表各自带有 BOM，且有列表末行"
        "没有换行；请将每个列表另存为不带 BOM 的 UTF-8",
        "  hint: 请在管道中、minecheck 之前用以下命令去掉它们：",
        f"    {FILTER}",
        "  或将每个列表另存为 UTF-8（记事本：另存为，编码选 UTF-8）",
        "minecheck: error: <stdin> 含有字节顺序标记（BOM）",
    ],
}


def _filtered(data: bytes) -> bytes:
    return subprocess.run(["sh", "-c", FILTER], input=data, capture_output=True, check=True).stdout


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("end", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_lists_joined_where_one_does_not_end_its_last_line_are_told_the_filter(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, end: str
) -> None:
    """`type a.txt b.txt` of two lists Notepad saved "UTF-8 with BOM" (no line end after the
    last name) puts b's mark inside a.txt's last line: it was told `tail -c +4`, which left a
    name no one typed (`报告.toml\\ufeff二.toml`). It is told at its place, with the filter that
    takes every mark out and parts the two names it joined."""
    monkeypatch.chdir(tmp_path)
    for name in ("一.toml", "报告.toml", "二.toml"):
        (tmp_path / name).write_bytes(b"x")
    joined = f"\ufeff一.toml{end}报告.toml\ufeff二.toml{end}".encode()
    run = cli(["verify", "-", "--lang", lang], input=joined)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == SAID[lang]
    mended = _filtered(joined)
    run = cli(["verify", "-", "--json"], input=mended)
    assert [f["path"] for f in run.json()["data"]["files"]] == ["一.toml", "报告.toml", "二.toml"]


def test_lists_joined_with_lines_ending_in_cr_alone_are_mended_by_the_filter_told(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list whose lines end in CR alone is read a name a line; joined, the awk filter told
    (which reads a line to LF) took only the first mark out and the list was refused again."""
    monkeypatch.chdir(tmp_path)
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_bytes(b"x")
    joined = b"\xef\xbb\xbfa.toml\r\xef\xbb\xbfb.toml\r"
    said = cli(["verify", "-", "--json"], input=joined).json()["problems"][0]
    assert (said["code"], said["line"], said["column"]) == ("bom", 2, 1)
    assert f" {FILTER} " in said["hint"]
    run = cli(["verify", "-", "--json"], input=_filtered(joined))
    assert [f["path"] for f in run.json()["data"]["files"]] == ["a.toml", "b.toml"]


def test_the_filter_takes_the_marks_of_a_hundred_thousand_joined_names(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two lists of 50,000 names each (CR LF, Chinese), joined: told, filtered, read."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "报告.toml").write_bytes(b"x")
    half = ("\ufeff" + "报告.toml\r\n" * 50_000).encode()
    said = cli(["verify", "-", "--json"], input=half + half).json()["problems"][0]
    assert (said["code"], said["line"]) == ("bom", 50_001)
    run = cli(["verify", "-", "--json"], input=_filtered(half + half))
    assert [f["path"] for f in run.json()["data"]["files"]] == ["报告.toml"]
