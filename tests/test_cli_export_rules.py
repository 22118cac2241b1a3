"""What a report author meets around `minecheck export`'s rows: the inputs it reads and the
entries it leaves out, said once each and in a fixed order; `--as-of` as a deadline is written;
where the rows go."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Event
from tests.helpers_merge import ITEMS, Who, allowed_signers, findings, person
from tests.test_export import corpus, export, followup, people

__all__ = ["corpus", "people"]  # (fixtures shared with tests/test_export.py)


def _two_folders(corpus: dict[str, Any], tmp_path: Path) -> tuple[Path, Path]:
    """Folders a and b, each with a document and a FIFO named `dir.toml`."""
    a, b = tmp_path / "a", tmp_path / "b"
    for d, name in ((a, "a.toml"), (b, "b.toml")):
        d.mkdir()
        (d / name).write_bytes((corpus["docs"] / name).read_bytes())
        os.mkfifo(d / "dir.toml")
    return a, b


def _said_in_the_walks_order(run: Any, a: Path, b: Path) -> None:
    """Each `dir.toml` said once, a's first, then what made the run exit 2."""
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        f"minecheck: warning: {a}/dir.toml: left out: not a regular file (a FIFO)",
        f"minecheck: warning: {b}/dir.toml: left out: not a regular file (a FIFO)",
        "minecheck: error: 2 entries could not be read (each is named above): the report is "
        "made for the rest",
        "  hint: mend or move away the entries named, then run it again",
    ]


def test_entries_left_out_are_said_once_each_in_the_walks_order(
    cli: Any, corpus: dict[str, Any], tmp_path: Path
) -> None:
    """Directories given out of order, one twice: each entry that is not a document is said
    once, the first directory's first, as `export A B` says them."""
    a, b = _two_folders(corpus, tmp_path)
    run = export(cli, corpus, str(b), str(a), str(b))
    _said_in_the_walks_order(run, a, b)
    assert run.stdout == export(cli, corpus, str(a), str(b)).stdout


@pytest.mark.parametrize(("lang", "said"), [("en", "{}: no such file"), ("zh", "{}：文件不存在")])
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
        ("2027-02-30", "zh", "--as-of '2027-02-30' 不是日历上的日期：2027-02 只有 28 天"),
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
        "leads to no file (a loop, or its target is gone)",
        "minecheck: error: 1 entry could not be read (each is named above): the report is made "
        "for the rest",
        "  hint: mend or move away the entries named, then run it again",
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


ELSEWHERE = "2b2b2b2b-0000-4000-8000-00000000b002"  # an inspection no input holds
EVENT_AT = "2026-12-01T09:00:00Z"


def _elsewhere(
    cli: Any, tmp_path: Path, events: int, *other: Event, lang: str = "en"
) -> tuple[Any, Path]:
    """`export` of one mine's findings and a follow-ups folder: `events` events for another
    mine's findings (not given) in `south.toml`, then `other` in `zz.toml`; messages in
    `lang`."""
    import datetime as dt

    group, mine = person(tmp_path, "group"), person(tmp_path, "mine")
    north, ups = tmp_path / "north", tmp_path / "followups"
    north.mkdir()
    ups.mkdir()
    iid = "1a1a1a1a-0000-4000-8000-00000000a001"
    (north / "a.toml").write_bytes(findings(group, ["noncompliant"] * 3, inspection_id=iid))
    at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    south = [Event(f"{ELSEWHERE}/{item}", "rectified", at) for item in ITEMS[:events]]
    (ups / "south.toml").write_bytes(followup(mine, *south))
    if other:
        later = "3c3c3c3c-0000-4000-8000-00000000c003"
        (ups / "zz.toml").write_bytes(followup(mine, *other, document_id=later))
    trust = allowed_signers(tmp_path / "allowed_signers", group, mine)
    args = ["export", str(north), str(ups), "--as-of", "2026-12-31", "--lang", lang]
    return cli([*args, "--allowed-signers", str(trust)]), ups


@pytest.mark.parametrize("events", [1, 2])
def test_up_to_two_events_for_findings_no_input_holds_are_a_line_each(
    cli: Any, tmp_path: Path, events: int
) -> None:
    """One or two such events name each its finding (a mistyped item is found by it); only
    from three on are they said together."""
    run, ups = _elsewhere(cli, tmp_path, events)
    assert run.exit_code == 0, run.stderr
    said = [
        f"minecheck: warning: {ups}/south.toml: event rectified for {ELSEWHERE}/{item} at "
        f"{EVENT_AT} not applied: no trusted findings document holds this finding"
        for item in ITEMS[:events]
    ]
    said.insert(  # (the rule's hint once, under its first event)
        1,
        "  hint: give the findings file that holds it with its follow-ups; a report on part of "
        "an archive cannot apply the follow-ups of the rest",
    )
    assert run.stderr.splitlines() == said


def test_an_event_refused_for_another_reason_keeps_its_line_after_those_said_together(
    cli: Any, tmp_path: Path
) -> None:
    """Three events for another mine's findings are one line; an event refused for its own
    reason, in a file read after them, is still said on a line of its own."""
    import datetime as dt

    at = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
    wrong = Event(f"1a1a1a1a-0000-4000-8000-00000000a001/{ITEMS[0]}", "closed", at)
    run, ups = _elsewhere(cli, tmp_path, 3, wrong)
    assert run.exit_code == 0, run.stderr
    said = [line for line in run.stderr.splitlines() if "not applied" in line]
    assert len(said) == 2, run.stderr
    assert said[0].startswith(f"minecheck: warning: {ups}/zz.toml: event closed for ")
    assert said[1].startswith("minecheck: warning: 3 follow-up events not applied: ")


@pytest.mark.parametrize("command", ["export", "summary"])
def test_two_copies_of_one_document_that_differ_are_nothing_usable(
    cli: Any, tmp_path: Path, command: str
) -> None:
    """Two copies of one document with different contents, and nothing else: both are left
    out, so nothing could be used; the run exited 0 with an empty export or a report of
    nothing, as if the archive were empty."""
    docs, signers, _ = _two_copies(tmp_path)
    run = cli([command, str(docs), "--allowed-signers", str(signers), "--no-cache"])
    assert (run.exit_code, run.stdout) == (2, ""), run.stderr
    assert run.stderr.splitlines()[-1] == (
        "minecheck: error: no document could be used: 2 left out (2 conflict)"
    )


def test_in_chinese_an_event_not_applied_is_named_by_its_chinese_action(
    cli: Any, tmp_path: Path
) -> None:
    """The reader of `--lang zh` meets the action in their words, not the file's code word
    (English keeps the code word, as the file writes it)."""
    run, _ = _elsewhere(cli, tmp_path, 1, lang="zh")
    assert run.exit_code == 0, run.stderr
    line, hint = run.stderr.splitlines()
    assert hint.startswith("  hint: 请把包含该条目的检查结果文件")
    assert "报告整改完成" in line
    assert "rectified" not in line


def _two_copies(tmp_path: Path) -> tuple[Path, Path, Who]:
    """A folder whose `a.toml` and `b.toml` are two copies of one document with different
    contents, the trust list that trusts their signer, and the signer."""
    from minecheck.core.documents import Finding
    from tests.helpers_merge import findings_of

    who = person(tmp_path, "wang")
    signers = allowed_signers(tmp_path / "allowed_signers", who)
    docs = tmp_path / "docs"
    docs.mkdir()
    same_id = "5b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"
    for name, result in (("a.toml", "compliant"), ("b.toml", "not-applicable")):
        (docs / name).write_bytes(findings_of(who, (Finding(ITEMS[0], result),), same_id))
    return docs, signers, who


def _conflicted(tmp_path: Path) -> tuple[Path, Path]:
    """A folder: `a.toml` and `b.toml` two copies of one document with different contents,
    `c.toml` a document by a key not trusted, `d.toml` a good one; and the trust list."""
    from minecheck.core.documents import Finding
    from tests.helpers_merge import findings_of

    docs, signers, who = _two_copies(tmp_path)
    stranger = person(tmp_path, "mallory")
    other = "6b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"
    (docs / "c.toml").write_bytes(findings_of(stranger, (Finding(ITEMS[0], "compliant"),), other))
    (docs / "d.toml").write_bytes(findings(who, ["noncompliant", "compliant", "compliant"]))
    return docs, signers


def test_after_two_copies_that_differ_a_later_file_left_out_is_still_named(
    cli: Any, tmp_path: Path
) -> None:
    """The copies are said once, by the line naming both; a file left out for its own reason,
    read after them, keeps its line (a log reader looks for every file left out)."""
    docs, signers = _conflicted(tmp_path)
    run = cli(["export", str(docs), "--allowed-signers", str(signers), "--lang", "en"])
    assert run.exit_code == 0, run.stderr
    said = run.stderr.splitlines()
    assert len(said) == 3, said
    assert said[0].startswith(f"minecheck: warning: {docs}/c.toml: left out: untrusted-key: ")
    assert said[1].startswith("  hint: to count it, trust the signer's key ")  # (what to do)
    assert said[2].startswith(f"minecheck: warning: {docs}/b.toml: ")
    assert said[2].endswith(f"{docs}/a.toml with different content; both are left out")


def test_parquet_goes_to_a_named_file_only_with_every_row(
    cli: Any, corpus: dict[str, Any], tmp_path: Path
) -> None:
    """Parquet is binary: without -o it is refused (nothing on the terminal), with -o the file
    holds as many rows as the JSONL export."""
    pq = pytest.importorskip("pyarrow.parquet")
    docs = str(corpus["docs"])
    run = export(cli, corpus, docs, "--format", "parquet", "--lang", "en")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == "minecheck: error: Parquet is binary: name a file"
    out = tmp_path / "rows.parquet"
    run = export(cli, corpus, docs, "--format", "parquet", "-o", str(out))
    assert run.exit_code == 0, run.stderr
    rows = export(cli, corpus, docs)
    assert pq.read_table(out).num_rows == len(rows.stdout.splitlines()) > 0


def test_o_naming_a_signed_input_is_refused_even_with_force(
    cli: Any, corpus: dict[str, Any]
) -> None:
    """A signed findings file is never replaced by the export made from it, --force or not."""
    doc = corpus["docs"] / "a.toml"
    before = doc.read_bytes()
    run = export(cli, corpus, str(corpus["docs"]), "-o", str(doc), "--force", "--lang", "en")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == (
        f"minecheck: error: {doc} is one of the inputs; it is not replaced"
    )
    assert doc.read_bytes() == before


def test_a_line_the_trust_list_skips_is_named_by_its_place(
    cli: Any, corpus: dict[str, Any]
) -> None:
    """A line of the trust list that is skipped (a certificate authority) is said with its
    file, line and column; the rows are exported all the same."""
    docs = str(corpus["docs"])
    alone = export(cli, corpus, docs)
    allowed = Path(corpus["trust"][1])
    pub = Path(f"{corpus['people']['alice'].key}.pub").read_text().strip()
    allowed.write_text(allowed.read_text() + f"ca@example.org cert-authority {pub}\n")
    run = export(cli, corpus, docs, "--lang", "en")
    assert (run.exit_code, run.stdout) == (0, alone.stdout), run.stderr
    line = len(allowed.read_text().splitlines())
    assert run.stderr.splitlines() == [
        f"minecheck: warning: {allowed}:{line}:16: cert-authority line skipped: certificates "
        "are not supported"
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_folder_of_no_documents_is_an_error_said_for_what_it_holds(
    cli: Any, corpus: dict[str, Any], tmp_path: Path, lang: str
) -> None:
    """An empty folder: no documents given; one whose only entry cannot be read: that entry
    named, then no document could be read. Exit 2, nothing on standard output."""
    empty, odd = tmp_path / "empty", tmp_path / "odd"
    empty.mkdir()
    odd.mkdir()
    os.mkfifo(odd / "dir.toml")
    said = {
        "en": (f"{empty}: no *.toml files found below it", "no document could be read"),
        "zh": (f"{empty}：其下未找到 *.toml 文件", "没有能读取的文件"),
    }[lang]
    hint = {
        "en": "name the files, or a folder with *.toml files below it",
        "zh": "请给出文件，或其下有 *.toml 文件的文件夹",
    }[lang]
    run = export(cli, corpus, str(empty), "--lang", lang)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [f"minecheck: error: {said[0]}", f"  hint: {hint}"]
    run = export(cli, corpus, str(odd), "--lang", lang)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[1:] == [f"minecheck: error: {said[1]}"]
    assert run.stderr.splitlines()[0].startswith(f"minecheck: warning: {odd}/dir.toml")


def test_o_naming_an_existing_file_is_refused_without_force(
    cli: Any, corpus: dict[str, Any], tmp_path: Path
) -> None:
    """Last week's export is not replaced unless asked: refused by name, the file unchanged;
    with --force it holds the new rows."""
    docs = str(corpus["docs"])
    out = tmp_path / "rows.csv"
    out.write_bytes(b"last week\n")
    run = export(cli, corpus, docs, "--format", "csv", "-o", str(out), "--lang", "en")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        f"minecheck: error: {out} already exists",
        "  hint: pass --force to replace it",
    ]
    assert out.read_bytes() == b"last week\n"
    run = export(cli, corpus, docs, "--format", "csv", "-o", str(out), "--force")
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"{out}\n", "")
    assert out.read_bytes() == export(cli, corpus, docs, "--format", "csv").stdout.encode()


def test_two_inputs_given_in_reverse_are_read_in_the_walks_order(
    cli: Any, corpus: dict[str, Any], tmp_path: Path
) -> None:
    """`export b a` says what it leaves out as `export a b` does, and a file named twice is
    read once: the same rows, no copy of itself."""
    a, b = _two_folders(corpus, tmp_path)
    run = export(cli, corpus, str(b), str(a))
    _said_in_the_walks_order(run, a, b)
    one = str(corpus["docs"] / "a.toml")
    once = export(cli, corpus, one)
    twice = export(cli, corpus, one, one)
    assert (twice.exit_code, twice.stdout, twice.stderr) == (0, once.stdout, "")


def test_a_document_by_an_untrusted_key_dated_after_the_day_is_nothing_usable(
    cli: Any, corpus: dict[str, Any], tmp_path: Path
) -> None:
    """Not known on the report's day, and not trusted: nothing could be used, said plainly
    (exit 2), not a traceback."""
    stranger = person(tmp_path, "mallory")
    docs = tmp_path / "stranger"
    docs.mkdir()
    (docs / "m.toml").write_bytes(findings(stranger, ["noncompliant"] * 3))
    run = cli(["export", str(docs), "--as-of", "2026-01-01", *corpus["trust"], "--lang", "en"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == ["minecheck: error: no document could be used"]


def test_a_parquet_export_of_nothing_usable_leaves_no_file(
    cli: Any, corpus: dict[str, Any], tmp_path: Path
) -> None:
    """The error is said (exit 2) and no Parquet file is left at -o: an empty one would read as
    an archive with no findings."""
    pytest.importorskip("pyarrow.parquet")
    stranger = person(tmp_path, "mallory")
    docs = tmp_path / "stranger"
    docs.mkdir()
    (docs / "m.toml").write_bytes(findings(stranger, ["noncompliant"] * 3))
    out = tmp_path / "rows.parquet"
    run = export(cli, corpus, str(docs), "--format", "parquet", "-o", str(out), "--lang", "en")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-2].startswith("minecheck: error: no document could be used")
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if "rows" in p.name] == []


def test_events_said_together_count_the_inspections_not_the_items(cli: Any, tmp_path: Path) -> None:
    """Three events for three findings of one inspection no input holds: one line, which counts
    one file and one inspection."""
    run, ups = _elsewhere(cli, tmp_path, 3)
    assert run.exit_code == 0, run.stderr
    said, hint = run.stderr.splitlines()
    assert said == (
        "minecheck: warning: 3 follow-up events not applied: no trusted findings document "
        "among the inputs holds their findings (files: 1, inspections: 1; the first: "
        f"{ups}/south.toml: rectified for {ELSEWHERE}/{ITEMS[0]})"
    )
    assert hint.startswith("  hint: give the findings files with their follow-ups")


def test_o_naming_a_directory_is_refused_before_anything_is_read(
    cli: Any, corpus: dict[str, Any], tmp_path: Path
) -> None:
    """`-o` a folder, --force or not: said for what it is, with the way to standard output."""
    run = export(cli, corpus, str(corpus["docs"]), "-o", str(tmp_path), "--force", "--lang", "en")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        f"minecheck: error: {tmp_path} is a directory; only a file can be replaced",
        "  hint: leave out -o, or give -o -, to write to standard output",
    ]


def test_every_document_dated_after_the_day_is_said_not_an_empty_export(
    cli: Any, corpus: dict[str, Any], in_zone: Callable[[str], None]
) -> None:
    """A mistyped year gives no rows; the one line says why (the day with the zone it is
    local to), and it is no error."""
    in_zone("America/New_York")
    run = cli(["export", str(corpus["docs"]), "--as-of", "2025-12-31", *corpus["trust"]])
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr.splitlines() == [
        "minecheck: warning: every document is dated after 2025-12-31, America/New_York "
        "(UTC-05:00), the report's day: none is counted"
    ]


def test_with_no_trust_list_at_all_nothing_usable_names_the_missing_file(
    cli: Any, corpus: dict[str, Any]
) -> None:
    """No --allowed-signers and none in minecheck's home: the error names the file that is not
    there and says how to trust a key, not only how many were left out."""
    from minecheck import paths

    run = cli(["export", str(corpus["docs"]), "--as-of", "2026-12-31", "--lang", "en"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-2] == (
        "minecheck: error: no document could be used: no key is trusted here: there is no "
        f"{paths.allowed_signers_file()}"
    )
    assert run.stderr.splitlines()[-1].startswith("  hint: ")
