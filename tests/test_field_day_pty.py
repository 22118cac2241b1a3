"""An inspector's field day in a real pseudo-terminal: what a first-time user met, from a fresh
install, in English and Chinese: going back to an answer given with a reason for no evidence,
and resuming a draft with another `--lang` than it was begun in."""

from __future__ import annotations

import subprocess
import tomllib

import pytest

from tests.test_evidence_kept_pty import FILE_PROMPT, QUESTION, _inspect, _required
from tests.test_inspect_pty import (
    CHECKLIST,
    EXE,
    GAS,
    REVIEW_PROMPT,
    Terminal,
    draft_id,
    ended,
    findings,
    key,
    keyed,
    line,
    term,
)

__all__ = ["keyed", "term"]  # fixtures

REASON = {
    "en": "Why there is no evidence (this item requires it): ",
    "zh": "没有佐证的原因（本条目必须提供佐证）：",
}
OFFERED = {
    "en": "Why there is no evidence (this item requires it) [{}]: ",
    "zh": "没有佐证的原因（本条目必须提供佐证） [{}]：",
}
READING = {
    "en": "Enter the reading in %CH4 (limit ≤ 1 %CH4), or a key: ",
    "zh": "请输入 %CH4 读数（限值 ≤ 1 %CH4），或按键：",
}
REVIEW = {"en": REVIEW_PROMPT, "zh": "您的选择（回车即签名）："}
WRITTEN_REASON = {"en": "no evidence: {}", "zh": "无佐证：{}"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_going_back_offers_the_reason_given_for_no_evidence(keyed: Terminal, lang: str) -> None:
    """`y` at an item that requires evidence, no file, a reason; then `b` back to it and `y`
    again: the reason typed was gone from the prompt (the files given are kept), and Enter
    there was refused, "a reason is needed". It is offered in brackets now, and Enter keeps it."""
    checklist = _required(keyed, GAS)
    said = "records seen in the office" if lang == "en" else "在办公室查看了记录，“班报”齐全。"
    child = _inspect(keyed, checklist, lang)
    draft_id(child)
    key(child, "y", QUESTION[lang])
    line(child, FILE_PROMPT[lang], "")
    line(child, REASON[lang], said)
    line(child, READING[lang], "b")
    key(child, "y", QUESTION[lang])
    line(child, FILE_PROMPT[lang], "")
    child.expect_exact(OFFERED[lang].format(said))
    child.sendline("")
    line(child, READING[lang], "0.5")
    line(child, REVIEW[lang], "")
    status, text = ended(child)
    assert status == 0, text
    [gas] = [f for f in findings(keyed.out) if f["item"] == GAS]
    assert (gas["result"], gas["note"]) == ("compliant", WRITTEN_REASON[lang].format(said))


def draft_left_at_its_reading(keyed: Terminal, lang: str) -> str:
    """A draft begun in LANG, its first item answered `y` with a reason for no evidence, left
    (`q`) at the reading's prompt: its id."""
    child = _inspect(keyed, _required(keyed, GAS), lang)
    kept = draft_id(child)
    key(child, "y", QUESTION[lang])
    line(child, FILE_PROMPT[lang], "")
    line(child, REASON[lang], "seen")
    line(child, READING[lang], "q")
    assert ended(child)[0] == 0
    return kept


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_resuming_with_another_language_says_the_draft_keeps_its_own(
    keyed: Terminal, lang: str
) -> None:
    """A draft begun in one language and resumed with `drafts resume ID --lang` the other went
    on in its own without a word, as if `--lang` had been ignored; `inspect` resuming the same
    draft says so. `drafts resume` says it too, in the command's language, and goes on."""
    other = "zh" if lang == "en" else "en"
    kept = draft_left_at_its_reading(keyed, lang)
    child = keyed.spawn("drafts", "resume", kept[:8], "--lang", other)
    warned = {
        "en": f"minecheck: warning: the draft keeps its own settings: language {lang}",
        "zh": f"minecheck: warning: 草稿保留其原有设置：语言 {lang}",
    }
    child.expect_exact(warned[other])
    line(child, READING[lang], "q")
    assert ended(child)[0] == 0
    child = keyed.spawn("drafts", "resume", kept[:8], "--lang", lang)
    line(child, READING[lang], "q")
    status, text = ended(child)
    assert status == 0
    assert "warning" not in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_word_at_a_reading_prompt_is_told_to_type_the_value(keyed: Terminal, lang: str) -> None:
    """A word typed at a reading's prompt (`seen`, an evidence reason typed one question too
    early) was told "use one of the keys above", as at a key question, though what the prompt
    wants first is the value. It says so now, with the unit, and asks again."""
    child = _inspect(keyed, _required(keyed, GAS), lang)
    draft_id(child)
    key(child, "a", QUESTION[lang])
    said = {
        "en": "'seen' is not a reading: type the value in %CH4, or one of the keys above",
        "zh": "“seen”不是读数：请输入以 %CH4 计的数值，或使用上面列出的按键",
    }
    line(child, READING[lang], "seen")
    child.expect_exact(said[lang])
    line(child, READING[lang], "0.5")
    line(child, REVIEW[lang], "q")
    assert ended(child)[0] == 0


def findings_in_a_folder(keyed: Terminal) -> str:
    """findings/a.toml, made from answers (one item non-compliant, as the guide writes it):
    its inspection id."""
    folder = keyed.cwd / "findings"
    folder.mkdir()
    answers = keyed.cwd / "answers.toml"
    answers.write_text(
        '[answers]\n"gas-check-genuine" = { result = "noncompliant", description = "board" }\n'
        '"methane-return" = { reading = 0.5 }\n',
        encoding="utf-8",
    )
    made = keyed.run(
        "inspect", str(CHECKLIST), "--site", "Mine A", "--inspector", "Wang Wei",
        "--answers", str(answers), "-o", "findings/a.toml",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    iid = tomllib.loads((folder / "a.toml").read_text(encoding="utf-8"))["inspection"]["id"]
    return str(iid)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_prefix_no_file_here_holds_is_told_to_name_its_findings_file(
    keyed: Terminal, lang: str
) -> None:
    """The first-inspection guide writes the findings into `findings/`; the README's
    `followup 3a5f7c9e/gas-overlimit ...` then, from where the inspector stands, said only
    "no findings file here holds inspection '3a5f7c9e'" and nothing of what to do. It adds
    the option that names the file, and the command that passes it. (Since loose ends 19 the
    findings below the current directory are read: the hint is for a folder beside it, the
    day's follow-ups kept apart from `findings/`.)"""
    iid = findings_in_a_folder(keyed)
    keyed.cwd = keyed.cwd / "follow-ups"
    keyed.cwd.mkdir()
    ref = f"{iid[:8]}/{GAS}"
    run = keyed.run(
        "followup", ref, "--action", "rectified", "--note", "fixed", "-o", "fu.toml", "--lang", lang
    )
    assert run.returncode == 2
    said = {
        "en": [
            f"no findings file here holds inspection '{iid[:8]}'",
            "minecheck: error: the command line: the events cannot be used; nothing was written",
            "  hint: only the findings files in the current directory and the folders below it "
            "are read; name the one that holds it:",
            f"    minecheck followup {ref} ... --findings FILE",
        ],
        "zh": [
            f"当前目录下没有检查结果文件包含检查 '{iid[:8]}'",
            "minecheck: error: 命令行：事件无法使用；未写入任何文件",
            "  hint: 只读取当前目录及其下各层文件夹中的检查结果文件；请指明包含它的文件：",
            f"    minecheck followup {ref} ... --findings FILE",
        ],
    }
    assert run.stderr.splitlines() == said[lang]
    assert not (keyed.cwd / "fu.toml").exists()


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_an_events_file_whose_inspection_no_file_here_holds_names_the_option(
    keyed: Terminal, source: str
) -> None:
    """The same, from `--events`: the command to copy passes the events as they came."""
    (keyed.cwd / "ev.toml").write_text(
        '[[event]]\nfinding = "cd2932c4/gas-check-genuine"\naction = "rectified"\n',
        encoding="utf-8",
    )
    named = "ev.toml" if source == "file" else "-"
    run = subprocess.run(
        [str(EXE), "followup", "--events", named, "-o", "fu.toml", "--lang", "en"],
        input=(keyed.cwd / "ev.toml").read_text(encoding="utf-8"),
        env=keyed.env(),
        cwd=keyed.cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    label = "ev.toml" if source == "file" else "<stdin>"
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        f"{label}:1: event 1: no findings file here holds inspection 'cd2932c4'",
        f"minecheck: error: {label}: the events cannot be used; nothing was written",
        "  hint: only the findings files in the current directory and the folders below it are "
        "read; name those that hold them:",
        f"    minecheck followup --events {named} --findings FILE ...",
    ]
