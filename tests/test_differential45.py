"""The session's start beside main, byte for byte (round 45): the defects the differential met,
each pinned here."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_expert_panel import REF, panel
from tests.test_loose_ends19 import OTHER, _archive
from tests.test_loose_ends22 import FILED, NOT_HERE, SHORT, _accept, _changed, _told

__all__ = ["panel"]  # the fixture


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_changed_file_of_another_inspection_holding_an_escape_is_not_told(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """From an archive's top, the findings sought changed after signing (said, as round 22
    made it) beside another inspection's findings, also changed, whose text holds a `\\u`
    escape (a control character in a description is written so). A file that failed on its
    signature is not read as a document, so round 22's filter judged it by its bytes, where
    any escape "may spell" the prefix: the other inspection's file was said to "may hold"
    an inspection it plainly does not name. It is judged by the ids it spells out, as round
    36 judges such a file where the prefix was found."""
    records = _archive(cli, panel)
    _changed(records / FILED, monkeypatch)
    other = records / "findings" / "other.toml"
    signed = other.read_bytes()
    other.write_bytes(signed.replace(b"Demo mine", b"Demo \\u006dine"))
    assert other.read_bytes() != signed
    assert OTHER.encode() in other.read_bytes()
    monkeypatch.chdir(records)
    run = _accept(cli, panel, SHORT, "-o", "a.toml", "--lang", lang)
    assert (run.exit_code, run.stdout) == (2, "")
    lines = run.stderr.splitlines()
    assert lines[:4] == [*_told(lang, FILED, "bad-signature", REF[:8]), NOT_HERE[lang]]
    assert "other.toml" not in run.stderr
    assert not (records / "a.toml").exists()
