"""`sign FILE` (cli/sign.py) as a user meets it, each test held by a mutant of the module that no
other test noticed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import Who, person
from tests.test_minimal_input import MINIMAL_FOLLOWUP, sign_args


@pytest.fixture
def who(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Who:
    """A signer, the test run in a folder of its own (as test_minimal_input's)."""
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    return person(tmp_path, "ent")


def test_a_comment_before_the_header_is_refused_unchanged(cli: Any, who: Who) -> None:
    """A hand-written document with a comment above [minecheck] and fields to fill in: said so,
    with what to do (the refusal had no hint), the file left as it was."""
    text = b"# written by hand\n" + MINIMAL_FOLLOWUP.encode()
    Path("f.toml").write_bytes(text)
    run = cli(["sign", "f.toml", *sign_args(who)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: f.toml: a document must begin with the [minecheck] table\n"
        "  hint: make [minecheck] the file's first line; a comment may go below the table's "
        "lines\n"
    )
    assert Path("f.toml").read_bytes() == text
    run = cli(["sign", "f.toml", *sign_args(who), "--lang", "zh"])
    assert "  hint: 请把 [minecheck] 作为文件第一行" in run.stderr


def test_filled_fields_go_right_under_the_table_header_before_a_line_minecheck_would_not_write(
    cli: Any, who: Who
) -> None:
    """The fields sign fills in go after the leading lines written as minecheck writes them; a
    format in single quotes is not one of those, so they go straight under [minecheck]."""
    Path("f.toml").write_text(
        MINIMAL_FOLLOWUP.replace('"minecheck.followup/1"', "'minecheck.followup/1'")
    )
    run = cli(["sign", "f.toml", *sign_args(who)])
    assert (run.exit_code, run.stdout) == (0, "f.toml\n"), run.stderr
    lines = Path("f.toml").read_text().split("\n")
    assert [line.split(" = ")[0] for line in lines[:7]] == [
        "[minecheck]",
        "document_id",
        "created",
        "signer",
        "signer_key",
        "tool",
        "format",
    ]
    assert lines[6] == "format = 'minecheck.followup/1'"


@pytest.mark.parametrize(("created", "code"), [("08:10:00", 0), ("08:10:01", 2)])
def test_created_up_to_ten_minutes_ahead_of_the_clock_is_signed(
    cli: Any, who: Who, monkeypatch: pytest.MonkeyPatch, created: str, code: int
) -> None:
    """A clock up to ten minutes behind the document's `created` (FUTURE_SLACK) still signs it;
    a second more is refused as lying in the future."""
    now = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    monkeypatch.setattr("minecheck.core.documents.utc_now", lambda: now)
    text = MINIMAL_FOLLOWUP.replace(
        'followup/1"\n', f'followup/1"\ncreated = 2026-12-01T{created}Z\n'
    )
    Path("f.toml").write_text(text)
    run = cli(["sign", "f.toml", *sign_args(who)])
    assert run.exit_code == code, run.stderr
    if code:
        assert run.stderr.startswith(
            f"minecheck: error: f.toml: created 2026-12-01T{created}Z lies in the future"
        )
        assert Path("f.toml").read_text() == text


def test_a_header_line_with_a_comment_is_refused_at_its_line(cli: Any, who: Who) -> None:
    """A [minecheck] line the stock sed/ssh-keygen recipe would misread (a comment after the
    format) is not signed: the problem is placed at line 2, column 1, the file left as it was."""
    text = MINIMAL_FOLLOWUP.replace('followup/1"\n', 'followup/1" # by hand\n')
    Path("f.toml").write_text(text)
    run = cli(["sign", "f.toml", *sign_args(who)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "f.toml:2:1: this line of the [minecheck] table is not written as minecheck writes it"
        " (one key = value on its line, no comment; signer and signer_key in double quotes,"
        " created as 2026-12-01T08:15:00Z), which would mislead the stock sed/ssh-keygen check",
        "minecheck: error: f.toml is not a valid minecheck document",
    ]
    assert Path("f.toml").read_text() == text
