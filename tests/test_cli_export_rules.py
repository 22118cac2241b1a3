"""What a report author meets around `minecheck export`'s rows: the inputs it reads and the
entries it leaves out, said once each and in a fixed order; `--as-of` as a deadline is written;
where the rows go."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.test_export import corpus, export, people

__all__ = ["corpus", "people"]  # (fixtures shared with tests/test_export.py)


def test_entries_left_out_are_said_once_each_in_the_walks_order(
    cli: Any, corpus: dict[str, Any], tmp_path: Path
) -> None:
    """Directories given out of order, one twice: each entry that is not a document is said
    once, the first directory's first, as `export A B` says them."""
    a, b = tmp_path / "a", tmp_path / "b"
    for d, name in ((a, "a.toml"), (b, "b.toml")):
        d.mkdir()
        (d / name).write_bytes((corpus["docs"] / name).read_bytes())
        (d / "dir.toml").mkdir()
    run = export(cli, corpus, str(b), str(a), str(b))
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        f"minecheck: warning: {a}/dir.toml: left out: a directory, not a document",
        f"minecheck: warning: {b}/dir.toml: left out: a directory, not a document",
    ]
    assert run.stdout == export(cli, corpus, str(a), str(b)).stdout


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "{}: no such file or directory"), ("zh", "{}：文件或目录不存在")]
)
def test_a_mistyped_name_is_refused_by_name(
    cli: Any, corpus: dict[str, Any], lang: str, said: str
) -> None:
    """No report that silently lacks a file: the name is said, nothing is written."""
    gone = corpus["docs"] / "nowhere.toml"
    run = export(cli, corpus, str(corpus["docs"] / "a.toml"), str(gone), "--lang", lang)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [f"minecheck: error: {said.format(gone)}"]


def test_as_of_is_read_as_a_deadline_is_written(cli: Any, corpus: dict[str, Any]) -> None:
    docs = str(corpus["docs"])
    dashed = cli(["export", docs, "--as-of", "2026-12-31", *corpus["trust"]])
    assert dashed.exit_code == 0
    for day in ("2026/12/31", "2026年12月31日"):
        run = cli(["export", docs, "--as-of", day, *corpus["trust"]])
        assert (run.exit_code, run.stdout, run.stderr) == (0, dashed.stdout, ""), day
    for day, lang, said in (
        ("2027-02-30", "en", "--as-of '2027-02-30' is no day of the calendar: 2027-02 has 28 days"),
        ("", "en", "--as-of '' is not a date like 2026-12-31"),
        ("2027-02-30", "zh", "--as-of “2027-02-30”不是日历上的日期：2027-02 只有 28 天"),
    ):
        run = cli(["export", docs, "--as-of", day, *corpus["trust"], "--lang", lang])
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr.splitlines()[0] == f"minecheck: error: {said}"


def test_rows_go_to_standard_output_with_dash_and_to_a_file_with_its_path(
    cli: Any, corpus: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = str(corpus["docs"])
    monkeypatch.chdir(tmp_path)
    plain = export(cli, corpus, docs, "--format", "csv")
    assert plain.exit_code == 0
    monkeypatch.setattr(sys, "argv", ["minecheck", "export", docs, "-o", "-"])  # as typed
    dash = export(cli, corpus, docs, "--format", "csv", "-o", "-")
    assert (dash.exit_code, dash.stdout, dash.stderr) == (0, plain.stdout, "")
    assert not (tmp_path / "-").exists()
    out = tmp_path / "rows.csv"
    run = export(cli, corpus, docs, "--format", "csv", "-o", str(out), "--json")
    assert run.exit_code == 0
    said = run.json()["data"]
    assert (said["path"], said["count"]) == (str(out), len(plain.stdout.splitlines()) - 1)
    assert out.read_bytes() == plain.stdout.encode("utf-8")
    rows = export(cli, corpus, docs, "--json")
    assert rows.exit_code == 0
    assert rows.json()["data"]["count"] == len(rows.json()["data"]["rows"]) == said["count"]


def test_a_named_link_in_a_loop_is_left_out_and_the_rest_exported(
    cli: Any, corpus: dict[str, Any], tmp_path: Path
) -> None:
    """A name that cannot even be looked at (a link to itself) is one document left out, as a
    damaged file is: named, the exit code 2, the other documents' rows written all the same."""
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop.name)
    alone = export(cli, corpus, str(corpus["docs"] / "a.toml"))
    assert alone.exit_code == 0
    run = export(cli, corpus, str(corpus["docs"] / "a.toml"), str(loop))
    assert (run.exit_code, run.stdout) == (2, alone.stdout)
    assert run.stderr.splitlines() == [
        f"minecheck: warning: {loop}: left out: unreadable: cannot read: a symbolic link that "
        "leads to no file (a loop, or its target is gone)"
    ]


def test_a_document_given_through_a_pipe_is_exported(cli: Any, corpus: dict[str, Any]) -> None:
    """`minecheck export <(cat a.toml)`: the pipe's document is read, once, like a file."""
    data = (corpus["docs"] / "a.toml").read_bytes()
    alone = export(cli, corpus, str(corpus["docs"] / "a.toml"))
    read, write = os.pipe()
    try:
        os.write(write, data)  # (smaller than a pipe's buffer)
        os.close(write)
        run = export(cli, corpus, f"/dev/fd/{read}")
    finally:
        os.close(read)
    assert (run.exit_code, run.stdout, run.stderr) == (0, alone.stdout, "")
