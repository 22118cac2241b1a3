"""Small faults the day's last rounds saw and left: a JSON answers file told to write a TOML
line, guidance shown under an item in `checklists show`, an answered reading gone back to, a
refused unit said as it was not typed, and a space after a full-width bracket."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli_signing import Cli
from tests.test_small_faults import MINI

# --- a JSON answers file of another version is told what to write in JSON ------------------------

WRITE = {
    ("en", "toml"): 'then write version = "1"',
    ("en", "json"): 'then write "version": "1"',
    ("zh", "toml"): '然后写上 version = "1"',
    ("zh", "json"): '然后写上 "version": "1"',
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["toml", "json"])
def test_the_version_hint_is_written_as_the_answers_file_is(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, kind: str
) -> None:
    """A JSON answers file made for another version was told `write version = "1"`, TOML's
    line: pasted into JSON it breaks the file. The hint now gives the line in the file's own
    form, `"version": "1"` in JSON; a TOML file is told as before."""
    monkeypatch.chdir(tmp_path)
    answers = {"gas-check-genuine": "compliant", "methane-return": {"reading": 0.5}}
    if kind == "json":
        text = json.dumps({"checklist": "mini-check", "version": "2025.1", "answers": answers})
    else:
        text = (
            'checklist = "mini-check"\nversion = "2025.1"\n[answers]\n'
            '"gas-check-genuine" = "compliant"\n"methane-return" = { reading = 0.5 }\n'
        )
    Path(f"a.{kind}").write_text(text, encoding="utf-8")
    args = ["--site", "Mine A", "--answers", f"a.{kind}", "--lang", lang]
    run = cli(["inspect", str(MINI), *args])
    assert (run.exit_code, run.stdout) == (2, "")
    [hint] = [line for line in run.stderr.splitlines() if line.startswith("  hint: ")]
    assert hint.endswith(WRITE[lang, kind])
    assert list(tmp_path.iterdir()) == [tmp_path / f"a.{kind}"]
