"""Mutation round 96: tests that kill the survivors of the loose ends' third round's code
(typed values in Chinese quotes, a special file's kind, a title kept on one line) and of
round 95's leftovers. Each asserts what a user notices."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import findings
from tests.test_field_day_pty import READING, draft_left_at_its_reading, findings_in_a_folder
from tests.test_inspect_pty import Terminal, ended, keyed, line, term
from tests.test_loose_ends3 import office

__all__ = ["keyed", "office", "term"]  # fixtures


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_drafts_resume_json_codes_the_settings_a_draft_keeps(keyed: Terminal, lang: str) -> None:
    """`drafts resume ID --lang OTHER --json` at a terminal: the envelope's one warning is
    coded `draft-settings` (what a script reads to tell it from the rest), its message in the
    command's language."""
    other = "zh" if lang == "en" else "en"
    kept = draft_left_at_its_reading(keyed, lang)
    child = keyed.spawn("drafts", "resume", kept[:8], "--lang", other, "--json")
    line(child, READING[lang], "q")
    status, text = ended(child)
    assert status == 0
    envelope = json.loads(text[text.index("{") :])
    said = {
        "en": f"the draft keeps its own settings: language {lang}",
        "zh": f"草稿保留其原有设置：语言 {lang}",
    }
    assert envelope["ok"] is True
    assert [(p["code"], p["message"]) for p in envelope["problems"]] == [
        ("draft-settings", said[other])
    ]


@pytest.mark.parametrize(
    ("ref", "findings"),
    [("cd2932c4/gas-check-genuine", True), ("zz/gas-check-genuine", False)],
)
def test_the_current_directory_hint_only_where_it_could_help(
    keyed: Terminal, ref: str, findings: bool
) -> None:
    """The hint that only the current directory's findings files are read is not given where
    `--findings` named the files (they were read, not the directory's), nor for a reference
    no inspection id can begin with (no file anywhere holds it)."""
    findings_in_a_folder(keyed)
    named = ["--findings", "findings/a.toml"] if findings else []
    run = keyed.run(
        "followup", ref, "--action", "rectified", "--note", "n", "-o", "fu.toml", *named,
        "--lang", "en",
    )  # fmt: skip
    prefix = ref.split("/")[0]
    which = "none of the --findings files holds" if findings else "no findings file here holds"
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        f"{which} inspection '{prefix}'",
        "minecheck: error: the command line: the events cannot be used; nothing was written",
    ]
    assert not (keyed.cwd / "fu.toml").exists()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", ["sd/s.toml: not a regular file (a socket)", "1 document: 1 unreadable"]),
        ("zh", ["sd/s.toml: 不是普通文件（套接字）", "共 1 份文件：无法读取 1 份"]),
    ],
)
def test_a_socket_met_in_a_folder_is_said_as_a_socket(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, said: list[str]
) -> None:
    """`verify FOLDER` with a socket named like a findings file in it: the file's line (stderr)
    names its kind, a socket (not a FIFO, not a device), in the command's language; exit 2."""
    monkeypatch.chdir(tmp_path)  # (a socket's address is short: a relative name)
    Path("sd").mkdir()
    with socket.socket(socket.AF_UNIX) as bound:
        bound.bind("sd/s.toml")
        run = cli(["verify", "sd", "--lang", lang])
    assert run.exit_code == 2
    assert (run.stdout, run.stderr.splitlines()) == ("", said)


TITLE = "Non-compliant items (as of 2026-12-06, Asia/Shanghai (UTC+08:00))"


@pytest.mark.parametrize("columns", [80, 55])
def test_a_title_wider_than_its_table_has_no_blanks_after_it_and_folds_at_the_terminal(
    cli: Any,
    office: tuple[Any, Any, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    in_zone: Callable[[str | None], None],
    columns: int,
) -> None:
    """The mine's zone in the title of a one-row table (49 columns): at 80 columns the title
    is its own line with nothing after it; at 55, where the table fits and the title does
    not, it folds at the terminal's edge and no line is wider than the terminal."""
    in_zone("Asia/Shanghai")
    alice, _, args = office
    doc = tmp_path / "a.toml"
    doc.write_bytes(
        findings(alice, ["noncompliant"], items=["x"], description="y", severity="general")
    )
    monkeypatch.setenv("COLUMNS", str(columns))
    run = cli(["show", str(doc), *args, "--lang", "en"])
    assert (run.exit_code, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    folded = [TITLE] if columns == 80 else [x.ljust(columns) for x in TITLE.rsplit(" ", 1)]
    at = lines.index(folded[0])
    assert lines[at : at + len(folded)] == folded
    assert max(len(x) for x in lines) <= columns


def test_summary_says_a_file_over_the_limit_malformed_and_a_socket_not_read(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`summary` (the cached engine) of a folder holding a file over the document limit: left
    out as malformed, in verify's words; of a socket named: left out as unreadable, `cannot
    read` and the reason. Both exit 2, nothing on stdout."""
    from minecheck.fileio import MAX_DOCUMENT_BYTES

    monkeypatch.chdir(tmp_path)
    Path("bg").mkdir()
    with Path("bg/big.toml").open("wb") as fh:
        fh.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: nothing is written
    run = cli(["summary", "bg", "--lang", "en"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        f"minecheck: warning: bg/big.toml: left out: malformed: the file is "
        f"{MAX_DOCUMENT_BYTES + 1} bytes, over the limit of {MAX_DOCUMENT_BYTES}",
        "minecheck: error: no document could be used: 1 left out (1 malformed)",
    ]
    with socket.socket(socket.AF_UNIX) as bound:
        bound.bind("s.toml")
        run = cli(["summary", "s.toml", "--lang", "en"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == (
        "minecheck: warning: s.toml: left out: unreadable: not a regular file (a socket)"
    )


@pytest.mark.skipif(not Path("/dev/null").is_char_device(), reason="no /dev/null")
def test_a_device_named_is_the_json_problem_of_its_path(cli: Any) -> None:
    """`show /dev/null --json`: the envelope's one problem names the device's path, beside the
    words with its kind (a script tells which input failed by `path`)."""
    run = cli(["show", "/dev/null", "--json", "--lang", "en"])
    assert run.exit_code == 2
    [problem] = json.loads(run.stdout)["problems"]
    assert (problem["path"], problem["message"]) == (
        "/dev/null",
        "/dev/null: not a regular file (a character device)",
    )
