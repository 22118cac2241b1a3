"""A script writer's round 7: a province's nightly job over the last session's roll-ups (ten of a
kind told, the rest counted), read as its script reads them: `--json`'s `problems` by `code`,
the exit code, and nothing else on stdout or stderr."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.test_loose_ends35 import REF, work

__all__ = ["work"]  # the fixture

RECTIFIED = (
    '[[event]]\nfinding = "{ref}"\naction = "rectified"\nat = 2026-12-01T08:00:00Z\n'
    'note = "ventilation restored"\n'
)


@pytest.mark.parametrize("written", ["out/f.toml", "f.toml", "./out/../f.toml"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_followup_force_does_not_judge_events_by_the_file_it_replaces(
    cli: Any, work: dict[str, Any], lang: str, written: str
) -> None:
    """A nightly job run again (the first run failed further on) writes the day's follow-up
    over the last with `--force`. The file about to be replaced was read as a follow-up here,
    so each event was said `not-applied` ("out/f.toml already reports it rectified ... no
    report will apply a second rectification"), although the file that reports it is the one
    this run replaces: after the run, the only rectification is this one, and reports apply
    it. The second run says what the first said: nothing (the file beside the findings, in the
    current directory, too)."""
    Path("ev.toml").write_text(RECTIFIED.format(ref=REF), encoding="utf-8")
    Path("out").mkdir()
    args = ["followup", "--events", "ev.toml", "-o", written, "--lang", lang, *work["sign"]]
    first = cli(args)
    assert (first.exit_code, first.stdout, first.stderr) == (0, f"{written}\n", "")
    again = cli([*args, "--force"])
    assert (again.exit_code, again.stdout, again.stderr) == (0, f"{written}\n", "")
    envelope = json.loads(cli([*args, "--force", "--json"]).stdout)
    assert (envelope["exit_code"], envelope["problems"]) == (0, [])


@pytest.mark.parametrize("written", ["out/f.toml", "f.toml"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sign_force_does_not_judge_events_by_the_file_it_replaces(
    cli: Any, work: dict[str, Any], lang: str, written: str
) -> None:
    """The same of a hand-written follow-up signed to `-o` over the last run's signed copy:
    the copy written over was read as a follow-up here, and its event said `not-applied`."""
    head = '[minecheck]\nformat = "minecheck.followup/1"\n\n'
    Path("out").mkdir()
    Path("out/draft.txt").write_text(head + RECTIFIED.format(ref=REF), encoding="utf-8")
    args = ["sign", "out/draft.txt", "-o", written, "--lang", lang, *work["sign"]]
    first = cli(args)
    assert (first.exit_code, first.stdout) == (0, f"{written}\n")
    assert "not-applied" not in cli([*args, "--force", "--json"]).stdout
    again = cli([*args, "--force"])
    assert (again.exit_code, again.stdout, again.stderr) == (0, first.stdout, first.stderr)


def test_the_guide_says_a_file_written_over_is_not_judged_by() -> None:
    """guide-scripting's `not-applied` row (en, zh) says which follow-ups an event is judged
    by, and that the file `--force` writes over is not one of them."""
    docs = Path(__file__).resolve().parents[1] / "docs"
    said = {
        "guide-scripting.md": "a file `--force` writes over is not one of them",
        "guide-scripting.zh.md": "`--force` 覆盖的文件不算在内",
    }
    for name, words in said.items():
        rows = [
            row
            for row in (docs / name).read_text(encoding="utf-8").splitlines()
            if row.startswith("| `not-applied` |")
        ]
        assert len(rows) == 1, name
        assert words in rows[0], name


WARNING_OR_ERROR = {
    "guide-scripting.md": (
        "Whether a problem is an error or a warning is not a field of its own: `exit_code` tells.",
        "come with the error `input` that stops the command",
    ),
    "guide-scripting.zh.md": (
        "问题是错误还是警告，没有单独的字段表示：看 `exit_code`。",
        "之后是使命令停止的错误 `input`",
    ),
}


@pytest.mark.parametrize("name", list(WARNING_OR_ERROR))
def test_the_codes_section_says_which_exit_code_a_code_comes_with(name: str) -> None:
    """A nightly job branches on the exit code and matches `problems[].code`; the envelope has
    no field telling a warning from an error. Section 8 listed every code without saying which
    leave the exit code as it is (300 `cert-authority-skipped`, 500 `findings-unchecked`: 0)
    and which come with a `2` (300 files `merge` refuses as `malformed`, then `input`)."""
    docs = Path(__file__).resolve().parents[1] / "docs"
    text = (docs / name).read_text(encoding="utf-8")
    section = text[text.index("## 8.") : text.index("**", text.index("## 8."))]
    for words in WARNING_OR_ERROR[name]:
        assert words in " ".join(section.split()), words
