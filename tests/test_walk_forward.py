"""Gone back several items with `b`, the inspector comes forward to where the walk was with one
key, `f`, instead of one `s` per item; the answers passed on the way are kept as they were."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from minecheck.cli._prompter import legend_lines
from minecheck.core.checklist import Checklist, load_checklist
from minecheck.session.walk import Reply, Step, Walk
from tests.test_inspect_pty import (
    REVIEW_PROMPT,
    Terminal,
    draft_id,
    ended,
    findings,
    keyed,
    term,
)
from tests.test_session_unit import TODAY, FakePrompter, new_draft, no_evidence

__all__ = ["keyed", "term"]  # fixtures
ITEMS = 5
Y, N = Reply(result="compliant"), Reply(result="noncompliant")
A = Reply(result="not-applicable")
BACK, SKIP, FORWARD = Reply(command="back"), Reply(command="skip"), Reply(command="forward")
LEGEND = {
    "en": "y compliant · n non-compliant · a not applicable · s keep the earlier answer · b back"
    " · f forward to where you were · ? guidance · q save and quit",
    "zh": "y 符合 · n 不符合 · a 不适用 · s 保留原回答 · b 返回上一条 · f 回到原处 · ? 检查要点"
    " · q 保存并退出",
}


def _checklist(path: Path) -> Path:
    items = "".join(
        f"""
[[section.item]]
id = "item-{n}"
question = "Is thing {n} in order?"
question_zh = "第{n}项是否正常？"
severity = "general"
"""
        for n in range(1, ITEMS + 1)
    )
    path.write_text(
        f"""[checklist]
id = "five-items"
version = "1"
title = "Five items"
title_zh = "五项"
purpose = "Five plain items."
purpose_zh = "五个普通项目。"
applies_to = ["coal-underground"]

[[section]]
id = "things"
title = "Things"
title_zh = "事项"
{items}""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def five(tmp_path: Path) -> Checklist:
    return load_checklist(_checklist(tmp_path / "five-items.toml"))


@dataclass
class Counting(FakePrompter):
    gone_back: list[int] = field(default_factory=list)

    def ask(self, step: Step) -> Reply:
        self.gone_back.append(step.gone_back)
        return super().ask(step)


def test_forward_returns_to_where_the_walk_was(five: Checklist, tmp_path: Path) -> None:
    # items 1-3 answered, back three (at 3, 2, 1), then forward at 1: item 4 is next
    replies = [Y, A, Y, BACK, BACK, BACK, FORWARD, Y, Y]
    prompter = Counting(replies)
    walk = Walk(
        five, new_draft(five, tmp_path / "o.toml"), prompter, lambda d: None, TODAY, no_evidence
    )
    assert walk.run() == "done"
    asked = [(item, revisit) for item, revisit, _ in prompter.asked]
    assert asked == [
        ("item-1", False),
        ("item-2", False),
        ("item-3", False),
        ("item-4", False),  # b at item 4: item 3 again
        ("item-3", True),
        ("item-2", True),
        ("item-1", True),  # f
        ("item-4", False),
        ("item-5", False),
    ]
    assert prompter.gone_back == [0, 0, 0, 0, 1, 2, 3, 0, 0]
    results = {k: f.result for k, f in walk.draft.answers.items()}
    assert results == {
        f"item-{n}": r
        for n, r in enumerate(
            ("compliant", "not-applicable", "compliant", "compliant", "compliant"), 1
        )
    }
    assert walk.draft.history == ["item-1", "item-2", "item-3", "item-4", "item-5"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_f_is_offered_only_where_s_would_take_more_than_one_key(
    five: Checklist, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    from rich.console import Console

    from minecheck.cli import _prompter
    from minecheck.core.documents import Finding
    from minecheck.i18n import set_language

    set_language(lang)
    item = five.sections[0].items[0]
    earlier = Finding(item.id, "compliant")
    keys = iter("ff")
    monkeypatch.setattr(_prompter, "read_key", lambda: next(keys))
    for gone_back, offered in ((2, True), (5, True), (1, False), (0, False)):
        out = io.StringIO()
        prompter = _prompter.RichPrompter(Console(file=out, width=200, no_color=True), lang, TODAY)
        step = Step(item, 1, ITEMS, "Things", earlier, revisit=gone_back > 0, gone_back=gone_back)
        if offered:
            keys = iter("f")
            assert prompter.ask(step).command == "forward"
            assert LEGEND[lang] in out.getvalue().splitlines()  # (one line at 200 columns)
        else:
            keys = iter("fs")  # `f` is no key here: said so, asked again
            reply = prompter.ask(step)
            assert reply.command == "skip"
            text = out.getvalue()
            assert "forward" not in text
            assert "回到原处" not in text
            assert ("'f' is not an answer" if lang == "en" else "“f”不是有效回答") in text


def test_forward_in_a_terminal_keeps_the_answers_passed(keyed: Terminal, tmp_path: Path) -> None:
    """In a real terminal: three answers, back three, `f`, the last two answered, signed; the
    answers given before going back are in the signed file as given."""
    checklist = _checklist(tmp_path / "five-items.toml")
    child: Any = keyed.spawn(
        "inspect",
        str(checklist),
        "--site",
        "Mine A",
        "-o",
        str(keyed.out),
        "--inspector",
        "Wang Wei",
    )
    draft_id(child)
    for n, answer in ((1, "y"), (2, "a"), (3, "y")):
        child.expect_exact(f"Is thing {n} in order? > ")
        child.send(answer)
    for n in (4, 3, 2):
        child.expect_exact(f"Is thing {n} in order? > ")
        child.send("b")
    for part in legend_lines(LEGEND["en"], keyed.width):  # (two lines at 120 columns)
        child.expect_exact(part)
    child.expect_exact("Is thing 1 in order? > ")
    child.send("f")
    for n in (4, 5):
        child.expect_exact(f"[{n}/{ITEMS}]")
        child.expect_exact(f"Is thing {n} in order? > ")
        child.send("y")
    child.expect_exact("Review: 4 compliant, 1 not applicable")
    child.expect_exact(REVIEW_PROMPT)
    child.sendline("")
    status, output = ended(child)
    assert status == 0, output
    found = {f["item"]: f["result"] for f in findings(keyed.out)}
    assert found == {
        "item-1": "compliant",
        "item-2": "not-applicable",
        "item-3": "compliant",
        "item-4": "compliant",
        "item-5": "compliant",
    }


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        (
            "y compliant · n non-compliant · a not applicable · s skip · b back · ? guidance"
            " · q save and quit",
            80,
            [
                "y compliant · n non-compliant · a not applicable · s skip · b back · ? guidance",
                "q save and quit",
            ],
        ),
        (
            "y 符合 · n 不符合 · a 不适用 · s 保留原回答 · b 返回上一条 · ? 检查要点"
            " · q 保存并退出",
            40,
            [
                "y 符合 · n 不符合 · a 不适用",
                "s 保留原回答 · b 返回上一条 · ? 检查要点",
                "q 保存并退出",
            ],
        ),
        ("a b · c d", 3, ["a b", "c d"]),  # a part wider than the line stands alone
        ("a b · c d", 9, ["a b · c d"]),  # exactly the width: one line
    ],
)
def test_a_legend_folds_between_keys_never_inside_one(
    text: str, width: int, lines: list[str]
) -> None:
    assert legend_lines(text, width) == lines


@pytest.mark.parametrize("width", [24, 40, 80])
def test_the_walk_s_legend_at_a_narrow_terminal_keeps_each_key_with_its_meaning(
    five: Checklist, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Folded by the terminal's width, `s` stood at a line's end and its meaning began the next
    (and a line began with "·"): at every width, each line starts with a key."""
    from rich.console import Console

    from minecheck.cli import _prompter
    from minecheck.i18n import set_language

    set_language("zh")
    monkeypatch.setattr(_prompter, "read_key", lambda: "y")
    out = io.StringIO()
    prompter = _prompter.RichPrompter(Console(file=out, width=width, no_color=True), "zh", TODAY)
    item = five.sections[0].items[0]
    assert prompter.ask(Step(item, 1, ITEMS, "事项", None)).result == "compliant"
    shown = out.getvalue().splitlines()
    start = next(i for i, ln in enumerate(shown) if ln.startswith("y 符合"))
    end = next(i for i, ln in enumerate(shown) if ln.rstrip().endswith("q 保存并退出"))
    for ln in shown[start : end + 1]:
        assert ln.split(" ", 1)[0] in {"y", "n", "a", "s", "b", "?", "q"}, shown
        assert not ln.rstrip().endswith(("·", " s", " b", " q")), shown
