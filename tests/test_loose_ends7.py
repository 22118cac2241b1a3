"""The loose ends the session's last rounds left: an events file's text signed as written, a
byte-order mark on a later line of a list told its command, one Chinese
wording for "nothing was written", a directory named `*.toml` inside a folder, and the width of
a merged file's table."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
import tomli

from minecheck.core.seal import split
from tests.test_followup import REF, an_inspection_to_follow
from tests.test_loose_ends6 import JOINT_CELLS, _cells, joint

__all__ = ["joint"]  # (a fixture)

# --- 1. an events file's text ------------------------------------------------------------------

GAPS = {"VT": "\\u000B", "FF": "\\u000C", "NEL": "\\u0085", "LS": "\\u2028", "PS": "\\u2029"}


def _signed_note(work: Path) -> str:
    body, _ = split((work / "f.toml").read_bytes())
    [event] = tomli.loads(body.decode())["event"]
    note = event["note"]
    assert isinstance(note, str)
    return note


@pytest.mark.parametrize("gap", sorted(GAPS))
@pytest.mark.parametrize("form", ["toml", "json"])
def test_whitespace_in_an_events_files_note_is_signed_as_written(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gap: str, form: str
) -> None:
    """An events file's note (a reason, for an extension or a withdrawal) is signed as written,
    a vertical tab, a form feed, U+0085 or U+2028/2029 kept, as an answers file's texts are
    (test_roundtrip): a file's bytes say what was meant; only the walk, where a paste was never
    seen as typed, signs a space. `show` displays each escaped."""
    setup = an_inspection_to_follow(tmp_path, monkeypatch)
    if form == "toml":
        events = (
            f'[[event]]\nfinding = "{REF}"\naction = "withdrawn"\n'
            f'note = "found{GAPS[gap]}compliant{GAPS[gap]}on review"\n'
        )
    else:
        note = json.loads(f'"found{GAPS[gap]}compliant{GAPS[gap]}on review"')
        events = json.dumps({"event": [{"finding": REF, "action": "withdrawn", "note": note}]})
    (setup["work"] / f"events.{form}").write_text(events, "utf-8")
    run = cli(["followup", "--events", f"events.{form}", "-o", "f.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout) == (0, "f.toml\n"), run.stderr
    said = json.loads(f'"{GAPS[gap]}"')
    assert _signed_note(setup["work"]) == f"found{said}compliant{said}on review"
    assert "\\u" in cli(["show", "f.toml"]).stdout


@pytest.mark.parametrize("gap", ["\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\t"])
def test_whitespace_in_a_note_given_on_the_command_line_is_signed_as_written(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gap: str
) -> None:
    """`--note` (`$'...'` in a script) signs what the events file signs: the text as given."""
    setup = an_inspection_to_follow(tmp_path, monkeypatch)
    run = cli(
        [
            *("followup", REF, "--action", "extended", "--new-deadline", "2027-01-15"),
            *("--note", f"a new{gap}fan", "-o", "f.toml", *setup["sign"]),
        ]
    )
    assert (run.exit_code, run.stdout) == (0, "f.toml\n"), run.stderr
    assert _signed_note(setup["work"]) == f"a new{gap}fan"


def test_a_blank_and_a_zero_width_space_in_an_events_files_note_are_kept_as_written(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A blank a terminal shows and a format character are kept, as in the walk (guard)."""
    setup = an_inspection_to_follow(tmp_path, monkeypatch)
    events = (
        f'[[event]]\nfinding = "{REF}"\naction = "withdrawn"\n'
        'note = "风量\\u3000足够\\u00A0x\\u200By"\n'
    )
    (setup["work"] / "events.toml").write_text(events, "utf-8")
    run = cli(["followup", "--events", "events.toml", "-o", "f.toml", *setup["sign"]])
    assert run.exit_code == 0, run.stderr
    assert _signed_note(setup["work"]) == "风量\u3000足够\xa0x\u200by"


# --- 2. a byte-order mark on a later line of a list --------------------------------------------

FILTER = "LC_ALL=C awk '{ gsub(/\\357\\273\\277/, \"\\n\") } 1'"
JOINED_SAID = {
    "en": [
        "<stdin>:2:1: a line starts with a UTF-8 byte-order mark (BOM): lists saved with one "
        "were joined; save each as UTF-8 without BOM",
        "  hint: take them out in the pipe, before minecheck, with:",
        f"    {FILTER}",
        "  or save each list as UTF-8 (Notepad: Save as, Encoding UTF-8)",
        "minecheck: error: <stdin> holds a byte-order mark",
    ],
    "zh": [
        "<stdin>:2:1: 该行以 UTF-8 字节顺序标记（BOM）开头：拼接的列表各自带有 BOM；"
        "请将每个列表另存为不带 BOM 的 UTF-8",
        "  hint: 请在管道中、minecheck 之前用以下命令去掉它们：",
        f"    {FILTER}",
        "  或将每个列表另存为 UTF-8（记事本：另存为，编码选 UTF-8）",
        "minecheck: error: <stdin> 含有字节顺序标记（BOM）",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("end", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_bom_on_a_later_line_of_a_list_is_told_the_filter_that_takes_them_out(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, end: str
) -> None:
    """Lists saved "UTF-8 with BOM" and joined were refused at the later line's mark with no
    command, where a mark on the first line is told `tail -c +4`. The filter given takes every
    mark out (the first line's too), and the list it makes is read."""
    import subprocess

    monkeypatch.chdir(tmp_path)
    joined = f"\ufeffa.toml{end}\ufeffb.toml{end}".encode()
    run = cli(["verify", "-", "--lang", lang], input=joined[3:])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == JOINED_SAID[lang]
    said = cli(["verify", "-", "--json"], input=joined[3:]).json()["problems"][0]
    assert (said["code"], said["line"]) == ("bom", 2)
    assert f" {FILTER} " in said["hint"]
    mended = subprocess.run(["sh", "-c", FILTER], input=joined, capture_output=True, check=True)
    assert mended.stdout == f"\na.toml{end}\nb.toml{end}".encode()  # (a mark: a blank line)
    after = cli(["verify", "-"], input=mended.stdout)
    assert after.stderr == "minecheck: error: a.toml: no such file\n"  # (a name, not `\ufeff…`)


def test_a_list_joined_with_a_bom_on_its_first_line_too_is_told_the_filter_for_all(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the first line has a mark too, `tail -c +4` would leave the later ones to be
    refused next: the joined lists' filter is told at once."""
    monkeypatch.chdir(tmp_path)
    run = cli(["verify", "-"], input="\ufeffa.toml\n\ufeffb.toml\n".encode())
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == JOINED_SAID["en"]


# --- 3. one Chinese wording for "nothing was written" ------------------------------------------


def test_every_nothing_was_written_says_it_in_one_chinese_wording() -> None:
    """The answers' refusal said `未写出任何文件` where every other "nothing was written" says
    `未写入任何文件` (or `未写入任何内容`): one idea, one wording."""
    from minecheck.i18n import ZH

    said = {zh for en, zh in ZH.items() if en.endswith("nothing was written")}
    assert len(said) >= 9
    assert {zh[zh.rindex("；") + 1 :] for zh in said} == {"未写入任何文件", "未写入任何内容"}


def test_answers_that_cannot_be_used_say_nothing_was_written_in_that_wording(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_windows_files2 import CHECKLIST

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.toml").write_text('[answers]\n"no-such-item" = "compliant"\n', "utf-8")
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml", "--lang", "zh"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-1] == "minecheck: error: 答案无法使用；未写入任何文件"
    assert sorted(p.name for p in tmp_path.glob("*.toml")) == ["a.toml"]


# --- 4. a folder named `*.toml` ----------------------------------------------------------------


@pytest.fixture
def a_year_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """archive/2026.toml/, a folder, holding alice's findings; her key trusted."""
    from tests.helpers_merge import allowed_signers, findings, person

    alice = person(tmp_path, "alice")
    year = tmp_path / "archive" / "2026.toml"
    year.mkdir(parents=True)
    (year / "a.toml").write_bytes(findings(alice, ["compliant", "noncompliant", "compliant"]))
    allowed_signers(tmp_path / "allowed_signers", alice)
    monkeypatch.chdir(tmp_path)
    return year


@pytest.mark.parametrize("command", ["verify", "summary", "export"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_folder_named_like_a_document_is_walked_as_a_folder(
    cli: Any, a_year_folder: Path, command: str, lang: str
) -> None:
    """A folder named `2026.toml` was said `a directory, not a document` (summary and export:
    `left out`, then "1 entry could not be read"), exit 2, though the walk read the documents in
    it: nothing was left unread. It is walked as any folder, and said of nothing."""
    trust = ["--allowed-signers", "allowed_signers", "--lang", lang]
    extra = {"verify": [], "summary": ["--no-cache"], "export": ["--no-cache"]}[command]
    run = cli([command, "archive", *trust, *extra])
    named = cli([command, "archive/2026.toml/a.toml", *trust, *extra])
    assert (run.exit_code, run.stdout, run.stderr) == (0, named.stdout, named.stderr)
    assert "2026.toml:" not in run.stdout + run.stderr  # (said of nothing)
    if command == "verify":
        assert "archive/2026.toml/a.toml" in run.stdout


def test_lint_walks_a_folder_named_like_a_checklist_as_a_folder(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`checklists lint cl` called `cl/sub.toml/` "a directory, not a document" (lint reads
    checklists), exit 2, while it linted the checklist inside."""
    from tests.test_windows_files2 import CHECKLIST

    monkeypatch.chdir(tmp_path)
    (tmp_path / "cl" / "sub.toml").mkdir(parents=True)
    (tmp_path / "cl" / "sub.toml" / "mini-check.toml").write_bytes(Path(CHECKLIST).read_bytes())
    run = cli(["checklists", "lint", "cl"])
    named = cli(["checklists", "lint", "cl/sub.toml/mini-check.toml"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, named.stdout, named.stderr)
    assert run.stderr == "1 file checked, 0 problems\n"


# --- 5. a merged file's table at 120 columns ---------------------------------------------------

ANSWERS_WHOLE = {
    "en": ["alice@coal.example: noncompliant", "bob@coal.example: compliant"],
    "zh": ["alice@coal.example：不符合", "bob@coal.example：符合"],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_merged_files_answers_read_on_one_line_at_120_columns(
    cli: Any, joint: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The GRADE column took the width the BY column had: at 120 columns each answer broke at
    its colon (`alice@coal.example:` over `noncompliant`), four lines a row. The state's flag
    goes under the state instead (the row is three lines tall for its reference and mine
    anyway), and each answer reads on its line; what the cells say is unchanged."""
    monkeypatch.setenv("COLUMNS", "120")
    args = ["show", str(joint / "m.toml"), "--allowed-signers", str(joint / "allowed")]
    run = cli([*args, "--as-of", "2026-12-06", "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    lines = [line.rstrip() for line in run.stdout.split("\n\n")[0].splitlines()]
    for answer in ANSWERS_WHOLE[lang]:
        assert any(line.endswith(answer) for line in lines), answer
    rows = [i for i, line in enumerate(lines) if line.startswith(" 3a5f7c9e")]
    # (was 4, 4; the first row also holds bob's clause under its mine, two lines at this width)
    assert [b - a for a, b in itertools.pairwise(rows)] == [5, 3]
    monkeypatch.setenv("COLUMNS", "200")  # (the cells, as a wide terminal shows them)
    wide = cli([*args, "--as-of", "2026-12-06", "--lang", lang])
    assert _cells(wide.stdout) == JOINT_CELLS[lang]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_merged_files_result_and_grade_are_never_broken(
    cli: Any, joint: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """At 92 and 93 columns the Chinese table broke `结论不一致` into `结论不` over `一致` (and, at
    98 to 114, once the answers were kept whole). A result or a grade is a term, as a date is:
    never broken; where the table cannot hold them whole, it is shown a record a row."""
    args = ["show", str(joint / "m.toml"), "--allowed-signers", str(joint / "allowed")]
    terms = {"en": ("inconsistent", "general"), "zh": ("结论不一致", "一般")}[lang]
    for width in range(88, 126):
        monkeypatch.setenv("COLUMNS", str(width))
        shown = cli([*args, "--as-of", "2026-12-06", "--lang", lang]).stdout
        assert [shown.count(term) for term in terms] == [2, 1], width
