"""The last merges attacked, round 33: the "None by the report date" count, ..."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.test_loose_ends15 import _an_event_not_applied, _summary
from tests.test_loose_ends16 import BEFORE, HEADING, NOT_YET


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_follow_up_dated_later_is_counted_once_however_often_it_is_given(
    cli: Any, tmp_path: Path, lang: str
) -> None:
    """A follow-up dated after the report's day, given twice (a copy in a folder below, and
    merged with its findings into one file), was counted once for each copy: "2 follow-up
    documents dated after it are not counted" of one document (a copy of a known one is
    skipped). Each document is counted once, in table, Markdown and HTML."""
    docs = _an_event_not_applied(tmp_path)
    (docs / "sub").mkdir()
    shutil.copy(docs / "f.toml", docs / "sub" / "f.toml")
    key = str(tmp_path / "alice")
    allowed = str(tmp_path / "allowed_signers")
    sources = [str(docs / "a.toml"), str(docs / "f.toml")]
    merged = ["merge", *sources, "-o", str(docs / "m.toml"), "--key", key]
    run = cli([*merged, "--allowed-signers", allowed])
    assert run.exit_code == 0, run.stderr
    said = NOT_YET[lang]
    table = _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "table")
    assert table.stdout.endswith(f"{HEADING[lang]}\n{said}\n\n")
    md = _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "md").stdout
    assert f"## {HEADING[lang]}\n\n{said}\n" in md
    html = _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "html").stdout
    assert f'<p class="empty">{said}</p>' in html
