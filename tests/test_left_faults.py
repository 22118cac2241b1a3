"""Small faults the day's last rounds saw and left: a JSON answers file told to write a TOML
line, guidance shown under an item in `checklists show`, an answered reading gone back to, a
refused unit said as it was not typed, and a space after a full-width bracket."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from minecheck.cli._prompter import RichPrompter
from minecheck.core.checklist import Item
from minecheck.session.walk import Step
from tests.helpers_merge import ITEMS, Who, allowed_signers, findings, person
from tests.test_author_day import EVIDENCE
from tests.test_cli_signing import Cli
from tests.test_corrections import AS_OF, LATER
from tests.test_prompter import _asked
from tests.test_small_faults import MINI, shown_from

# --- a JSON answers file of another version is told what to write in JSON -------------------------

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


# --- checklists show: guidance without blank rows, and one label ----------------------------------

GUIDED = EVIDENCE.replace(
    'evidence = "required"\n',
    'evidence = "required"\n'
    'guidance = """\n\nLook for: a stove.\n\n  A stove counts.\n\n \n"""\n'
    'guidance_zh = "查看：井口房。\\n\\n"\n',
    1,
).replace(
    'question = "The winter fire drill was held."\n',
    'question = "The winter fire drill was held."\n'
    'guidance = "The drill log.\\n\\n"\nguidance_zh = "演练记录。\\n"\n',
    1,
)

SHOWN = {
    "en": [
        "w-fire-heaters   general           No open-flame heating in shaft-top buildings."
        "  (evidence required)",
        "Look for: a stove.",
        "",
        "A stove counts.",
        "w-fire-co        general           Carbon monoxide does not exceed 24 ppm.  "
        "(≤ 24 ppm CO; if spontaneous-combustion; evidence recommended)",
        "w-fire-drill     general           The winter fire drill was held.",
        "guidance: The drill log.",
    ],
    "zh": [
        "w-fire-heaters   一般          井口房不得使用明火取暖。（必须提供佐证）",
        "查看：井口房。",
        "w-fire-co        一般          一氧化碳浓度不超过24 ppm。（≤ 24 ppm CO；"
        "适用于自然发火（spontaneous-combustion）；建议提供佐证）",
        "w-fire-drill     一般          冬季防灭火演练已开展。",
        "检查要点：演练记录。",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_checklists_show_gives_guidance_without_blank_rows_or_a_second_label(
    lang: str, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guidance beginning or ending with blank lines (a TOML multi-line string) gave a label
    alone on its row and blank rows under the item; guidance beginning with its own label, as
    every bundled one but the readings' does (`Look for: …`, `查看：…`), read
    `guidance: Look for: …`. The blank lines around it go (those within stay, as typed), and
    `guidance:` is added only where the text has no label of its own."""
    assert shown_from(cli, GUIDED, lang, tmp_path, monkeypatch) == SHOWN[lang]


def test_the_walk_gives_guidance_without_the_blank_lines_around_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`?` in the walk printed the blank lines a guidance began and ended with."""
    guidance = "\nCheck the log.\n\nSign it.\n\n"
    guided = Item("gas", "s", "Gas?", "瓦斯？", "major", guidance=guidance)
    _, screen = _asked(Step(guided, 1, 1, "S", None), "?y", monkeypatch)
    lines = screen.splitlines()
    at = lines.index("Check the log.")
    assert lines[at - 1 : at + 4] == ["Gas? > ?", "Check the log.", "", "Sign it.", "瓦斯？"]


# --- a refused unit is said as it was typed -------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "given"),
    [
        ("0−", "−"),  # the minus sign of typeset text, read as '-' for the number only
        ("０．５ｐｐｍ", "ｐｐｍ"),  # an input method's full width
        ("0.5\u3000％ＣＨ３\u3000", "％ＣＨ３"),
        ("1,200.5 ｐｐｍ", "ｐｐｍ"),  # a grouped number before it
    ],
)
def test_a_refused_unit_is_said_as_it_was_typed(typed: str, given: str) -> None:
    """The unit was said after the typed forms were made ASCII: `0−` was refused as "not -",
    `０．５ｐｐｍ` as "not ppm". The inspector reads back what was typed, en and zh."""
    from minecheck.i18n import written
    from minecheck.session.rules import AnswerError, parse_reading

    with pytest.raises(AnswerError) as info:
        parse_reading(typed, "%CH4")
    assert str(info.value) == f"the unit of this reading is %CH4, not {given}"
    zh = written(info.value.template, "zh", **info.value.fields)
    assert zh == f"本读数的单位是 %CH4，不是 {given}"


# --- the items answered twice, said in Chinese without a space after a full-width bracket -------

SEVEN = [f"gas-{k}" for k in range(7)]


@pytest.fixture(scope="module")
def alice(tmp_path_factory: pytest.TempPathFactory) -> Who:
    return person(tmp_path_factory.mktemp("keys"), "alice")


C3 = ["compliant", "noncompliant", "compliant"]


@pytest.mark.parametrize(
    ("first", "second", "items", "said"),
    [
        # a result changed: the item and its two results, in full-width brackets
        (
            (C3, None),
            (["compliant"] * 3, None),
            ITEMS,
            "结论不同的条目为 gas-overlimit（不符合 → 符合）；两份结论都计入",
        ),
        # the same result, said otherwise: the item alone
        ((C3, "a"), (C3, "b"), ITEMS, "结论不同的条目为 gas-overlimit；两份结论都计入"),
        # more than five: how many in all, in full-width brackets
        (
            (["compliant"] * 7, None),
            (["noncompliant"] * 7, None),
            SEVEN,
            "gas-4（符合 → 不符合）、…（共 7 项）；两份结论都计入",
        ),
    ],
    ids=["result", "text", "many"],
)
def test_the_items_answered_twice_are_said_in_chinese_without_a_space_after_a_bracket(
    cli: Any,
    alice: Who,
    tmp_path: Path,
    first: tuple[list[str], str | None],
    second: tuple[list[str], str | None],
    items: list[str],
    said: str,
) -> None:
    """`{items} 的结论不同` read `gas-overlimit（不符合 → 符合） 的结论不同`: a space after a
    full-width bracket, where the list ends in one (a changed result, or how many in all);
    right only after a bare id. The list now comes last in its clause, before `；`, which
    takes no space whatever the list ends with."""
    (results, description), (again, corrected) = first, second
    made = findings(alice, results, description=description, items=items)
    (tmp_path / "a1.toml").write_bytes(made)
    later = findings(alice, again, n=1, when=LATER, description=corrected, items=items)
    (tmp_path / "a2.toml").write_bytes(later)
    (tmp_path / "revoked_keys").write_text("")
    trust = ["--allowed-signers", str(allowed_signers(tmp_path / "allowed", alice))]
    trust += ["--revoked-keys", str(tmp_path / "revoked_keys")]
    files = [str(tmp_path / "a1.toml"), str(tmp_path / "a2.toml")]
    run = cli(["summary", *files, "--as-of", AS_OF, "--lang", "zh", *trust])
    assert run.exit_code == 0, run.stderr
    [warning] = [line for line in run.stderr.splitlines() if "作答两次" in line]
    assert said in warning
    assert "） " not in warning


# --- an answered reading gone back to: its reading shown and offered -----------------------------

EARLIER = {
    "en": (
        "(earlier answer: 1.3 %CH4, non-compliant)",
        "Enter the reading in %CH4 (limit ≤ 1 %CH4), or a key [1.3]: ",
        "(earlier answer: not applicable)",
        "Enter the reading in %CH4 (limit ≤ 1 %CH4), or a key: ",
    ),
    "zh": (
        "（原答案：1.3 %CH4，不符合）",
        "请输入 %CH4 读数（限值 ≤ 1 %CH4），或按键 [1.3]：",
        "（原答案：不适用）",
        "请输入 %CH4 读数（限值 ≤ 1 %CH4），或按键：",
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_answered_reading_gone_back_to_is_shown_and_offered(
    lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Back (`b`) at a reading answered before, the walk said `(earlier answer: non-compliant)`
    without the reading, and the line offered none: to mend the answer's description the
    inspector had to type the measurement again, from memory. The earlier reading is said with
    its result and is the line's default, as an unfinished answer's is: Enter takes it (its
    fields follow, the earlier answer's as their defaults, as `n` again does for an item
    without a reading); `s` still keeps the whole answer as it is. An earlier answer without a
    reading (not applicable) is said as before, and nothing is offered."""
    from minecheck.core.checklist import Reading
    from minecheck.core.documents import Finding, ReadingValue
    from minecheck.i18n import set_language
    from minecheck.session.walk import Reply

    set_language(lang)
    said, prompt, said_bare, prompt_bare = EARLIER[lang]

    def read(step: Step, typed: str) -> tuple[Reply, str, bool]:
        """The reply to TYPED, the reading line's prompt, and whether the earlier answer's
        line said the reading (or, without one, the result alone)."""
        console = Console(file=io.StringIO(), width=200, no_color=True)
        monkeypatch.setattr("sys.stdin", io.StringIO(typed))
        reply = RichPrompter(console, lang, dt.date(2026, 11, 29)).ask(step)
        screen = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
        line = said if step.previous and step.previous.reading else said_bare
        return reply, capsys.readouterr().err, line in screen

    item = Item("gas", "s", "Methane?", "瓦斯浓度？", "major", reading=Reading("%CH4", max=1.0))
    measured = ReadingValue(1.3, "%CH4", max=1.0)
    earlier = Finding("gas", "noncompliant", severity="major", description="d", reading=measured)
    for typed, reply in (("\n", Reply(reading=1.3)), ("s\n", Reply(command="skip"))):
        step = Step(item, 1, 1, "S", earlier, revisit=True)
        assert read(step, typed) == (reply, prompt, True)
    step = Step(item, 1, 1, "S", Finding("gas", "not-applicable"), revisit=True)
    assert read(step, "s\n") == (
        Reply(command="skip"),
        prompt_bare,
        True,
    )
