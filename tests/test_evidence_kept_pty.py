"""An answer stopped at its evidence prompt, in a real pseudo-terminal: a `y` (or a reading within
its limit) at an item that requires evidence, stopped by Ctrl-C, Ctrl-D or a closed terminal
before its files or the reason for none are given, is kept in the draft as an unfinished answer
with what was given, offered again, and resumed with it shown."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.test_inspect_pty import (
    CHECKLIST,
    GAS,
    METHANE,
    READING_PROMPT,
    RESUME_PROMPT,
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
from tests.test_interrupted import _stop

__all__ = ["keyed", "term"]  # fixtures

FILE_PROMPT = {"en": "Evidence file (empty to finish): ", "zh": "佐证文件（留空结束）："}
MORE_PROMPT = {
    "en": "Evidence file (empty to finish, -N removes entry N): ",
    "zh": "佐证文件（留空结束，输入 -N 删除第 N 项）：",
}
SO_FAR = {"en": "Evidence so far:", "zh": "已有佐证："}
UNFINISHED = {
    "en": "(unfinished answer: compliant; what was typed is filled in)",
    "zh": "（未完成的回答：符合；已输入的内容已填入）",
}
NOTHING_TYPED = {  # a `y` kept before any file was given
    "en": "(unfinished answer: compliant; nothing typed for it was kept: press its key"
    " to answer it)",
    "zh": "（未完成的回答：符合；没有保存为它输入的内容：请按其按键重新作答）",
}
OFFERED = {
    "en": "An unfinished draft of this checklist and site exists ({id}, 0 answers + 1 unfinished).",
    "zh": "本检查表和被检查单位有一份未完成的草稿（{id}，已答 0 项 + 1 项未完成）。",
}
LISTED = {"en": "0 + 1 unfinished", "zh": "0 + 1 项未完成"}
QUESTION = {"en": "Are gas checks done and genuine?", "zh": "瓦斯检查是否真实、无漏检假检？"}
REASON = "Why there is no evidence (this item requires it)"
READING_ZH = "请输入 %CH4 读数（限值 ≤ 1 %CH4），或按键"


def _required(term: Terminal, *items: str) -> Path:
    """The tests' checklist with `items` requiring evidence."""
    text = CHECKLIST.read_text(encoding="utf-8")
    for item in items:
        head = f'id = "{item}"\n'
        start = text.index(head)
        at = text.index('evidence = "recommended"', start)
        text = text[:at] + 'evidence = "required"' + text[at + len('evidence = "recommended"') :]
    path = term.cwd / "required" / CHECKLIST.name  # (named by its id)
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _inspect(term: Terminal, checklist: Path, lang: str) -> Any:
    return term.spawn(
        "inspect", str(checklist), "--site", "Mine A", "-o", str(term.out),
        "--inspector", "Wang Wei", "--lang", lang,
    )  # fmt: skip


def _saved(term: Terminal, kept: str) -> dict[str, Any]:
    text = (term.home / "drafts" / f"{kept}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("files", [0, 1])
@pytest.mark.parametrize("how", ["ctrl-c", "ctrl-d", "SIGHUP"])
def test_a_y_stopped_at_its_evidence_prompt_is_kept_and_resumed_there(
    keyed: Terminal, how: str, files: int, lang: str
) -> None:
    """The trainer's case: `y` at an item marked `evidence required`, stopped at `Evidence
    file`: the draft kept nothing (`answered 0, unfinished 0`) and the next `inspect` started a
    new one. The `y` is an unfinished answer now, with the files given, listed, offered, and
    resumed with its files shown; Enter there records it with them."""
    checklist = _required(keyed, GAS)
    (keyed.cwd / "photo.jpg").write_bytes(b"\xff\xd8 a photo")
    child = _inspect(keyed, checklist, lang)
    kept = draft_id(child)
    key(child, "y", QUESTION[lang])
    if files:
        line(child, FILE_PROMPT[lang], "photo.jpg")
        child.expect_exact(MORE_PROMPT[lang])
    else:
        child.expect_exact(FILE_PROMPT[lang])
    _stop(child, how)
    assert child.exitstatus == 130

    typed: dict[str, Any] = {"result": "compliant"}
    if files:
        typed["evidence"] = [str(keyed.cwd / "photo.jpg")]
    assert _saved(keyed, kept)["unfinished"] == {GAS: typed}
    [listed] = keyed.drafts()
    assert (listed["id"], listed["answered"], listed["unfinished"]) == (kept, 0, 1)
    table = keyed.run("drafts", "list", "--lang", lang)
    assert table.returncode == 0, table.stderr
    assert LISTED[lang] in table.stdout

    child = _inspect(keyed, checklist, lang)
    child.expect_exact(OFFERED[lang].format(id=kept[:8]))
    line(child, RESUME_PROMPT if lang == "en" else "继续吗？[Y/n] ", "")
    assert draft_id(child) == kept
    child.expect_exact((UNFINISHED if files else NOTHING_TYPED)[lang])
    key(child, "y", QUESTION[lang])
    if files:
        child.expect_exact(SO_FAR[lang])
        child.expect_exact("1. photo.jpg")
        line(child, MORE_PROMPT[lang], "")
    else:
        line(child, FILE_PROMPT[lang], "photo.jpg")
        line(child, MORE_PROMPT[lang], "")
    signed_with_the_photo(keyed, child, lang)
    assert keyed.drafts() == []


def signed_with_the_photo(term: Terminal, child: Any, lang: str) -> None:
    """The rest of the walk answered (the reading within its limit) and signed: the gas check
    is recorded compliant with the photo as its evidence."""
    line(child, READING_PROMPT if lang == "en" else READING_ZH, "0.5")
    line(child, REVIEW_PROMPT if lang == "en" else "您的选择（回车即签名）：", "")
    status, said = ended(child)
    assert status == 0, said
    gas = findings(term.out)[0]
    assert (gas["item"], gas["result"]) == (GAS, "compliant")
    assert [e["path"] for e in gas["evidence"]] == ["photo.jpg"]


def test_a_reading_within_its_limit_stopped_at_its_evidence_prompt_is_kept(
    keyed: Terminal,
) -> None:
    """A reading within its limit at an item that requires evidence asks for the evidence
    next: stopped there, the reading typed was lost with the answer. Kept, it is offered on
    the reading's line again (Enter takes it), and the evidence prompt follows."""
    checklist = _required(keyed, METHANE)
    (keyed.cwd / "meter.jpg").write_bytes(b"\xff\xd8 the meter")
    child = _inspect(keyed, checklist, "en")
    kept = draft_id(child)
    key(child, "y")
    line(child, READING_PROMPT, "0.5")
    child.expect_exact(FILE_PROMPT["en"])
    _stop(child, "ctrl-c")
    assert child.exitstatus == 130
    assert _saved(keyed, kept)["unfinished"] == {METHANE: {"result": "compliant", "reading": 0.5}}
    [listed] = keyed.drafts()
    assert (listed["answered"], listed["unfinished"]) == (1, 1)

    child = keyed.spawn("drafts", "resume", kept)
    child.expect_exact(UNFINISHED["en"])
    line(child, READING_PROMPT.replace(": ", " [0.5]: "), "")
    line(child, FILE_PROMPT["en"], "meter.jpg")
    line(child, MORE_PROMPT["en"], "")
    line(child, REVIEW_PROMPT, "")
    status, said = ended(child)
    assert status == 0, said
    methane = findings(keyed.out)[1]
    assert (methane["result"], methane["reading"]["value"]) == ("compliant", 0.5)
    assert [e["path"] for e in methane["evidence"]] == ["meter.jpg"]


@pytest.mark.parametrize("how", ["ctrl-c", "SIGHUP"])
def test_a_reason_for_no_evidence_being_typed_is_kept_with_its_y(keyed: Terminal, how: str) -> None:
    """Stopped while the reason for no evidence was being typed: the reason was kept, the `y`
    was not, and the resumed walk said nothing of an unfinished answer."""
    checklist = _required(keyed, GAS)
    child = _inspect(keyed, checklist, "en")
    kept = draft_id(child)
    key(child, "y")
    line(child, FILE_PROMPT["en"], "")
    child.expect_exact(f"{REASON}: ")
    child.send("camera broken")
    child.expect_exact("broken")  # echoed: the editor has it
    _stop(child, how)
    assert child.exitstatus == 130
    assert _saved(keyed, kept)["unfinished"] == {
        GAS: {"result": "compliant", "evidence_reason": "camera broken"}
    }

    child = keyed.spawn("drafts", "resume", kept)
    child.expect_exact(UNFINISHED["en"])
    key(child, "y")
    line(child, FILE_PROMPT["en"], "")
    line(child, f"{REASON} [camera broken]: ", "")
    line(child, READING_PROMPT, "0.5")
    line(child, REVIEW_PROMPT, "")
    status, said = ended(child)
    assert status == 0, said
    gas = findings(keyed.out)[0]
    assert (gas["result"], gas["note"]) == ("compliant", "no evidence: camera broken")


def test_a_kept_y_left_unanswered_is_named_at_the_review_as_any_unfinished_answer(
    keyed: Terminal,
) -> None:
    """Signing a draft whose `y` waits for its evidence asks first, as for a non-compliance
    left unfinished: the item is named at the review, not answered, before Enter signs."""
    checklist = _required(keyed, GAS)
    child = _inspect(keyed, checklist, "en")
    kept = draft_id(child)
    key(child, "y")
    child.expect_exact(FILE_PROMPT["en"])
    _stop(child, "ctrl-c")

    child = keyed.spawn("drafts", "resume", kept)
    child.expect_exact(NOTHING_TYPED["en"])
    key(child, "s")
    line(child, READING_PROMPT, "0.5")
    child.expect_exact("A skipped item comes back:")
    child.expect_exact(NOTHING_TYPED["en"])
    key(child, "s")
    child.expect_exact("not answered (will be recorded as not-checked): 1 gas-check-genuine")
    line(child, REVIEW_PROMPT, "q")
    assert ended(child)[0] == 0
    assert _saved(keyed, kept)["unfinished"] == {GAS: {"result": "compliant"}}


def test_a_draft_the_older_walk_wrote_at_the_evidence_prompt_resumes(keyed: Terminal) -> None:
    """A draft written before this change by a walk stopped after a file was given holds the
    file without its `y` (`unfinished.<item>.evidence` alone): it loads, is offered, and the
    file is shown again when `y` is pressed."""
    checklist = _required(keyed, GAS)
    (keyed.cwd / "photo.jpg").write_bytes(b"\xff\xd8 a photo")
    child = _inspect(keyed, checklist, "en")
    kept = draft_id(child)
    child.expect_exact("> ")
    child.sendintr()
    assert ended(child)[0] == 130
    # the draft as the older walk left it (format 2, the evidence alone)
    path = keyed.home / "drafts" / f"{kept}.toml"
    text = path.read_text(encoding="utf-8").replace(
        'format = "minecheck.draft/1"', 'format = "minecheck.draft/2"'
    )
    text += f'\n[unfinished.{GAS}]\nevidence = ["{keyed.cwd / "photo.jpg"}"]\n'
    path.write_text(text, encoding="utf-8")
    [listed] = keyed.drafts()
    assert (listed["answered"], listed["unfinished"]) == (0, 1)

    child = _inspect(keyed, checklist, "en")
    child.expect_exact(OFFERED["en"].format(id=kept[:8]))
    line(child, RESUME_PROMPT, "")
    key(child, "y")
    child.expect_exact(SO_FAR["en"])
    child.expect_exact("1. photo.jpg")
    line(child, MORE_PROMPT["en"], "")
    line(child, READING_PROMPT, "0.5")
    line(child, REVIEW_PROMPT, "")
    status, said = ended(child)
    assert status == 0, said
    assert [e["path"] for e in findings(keyed.out)[0]["evidence"]] == ["photo.jpg"]


@pytest.mark.parametrize(("typed", "kept"), [("photo.jpg", True), ("pho", False)])
@pytest.mark.parametrize("how", ["ctrl-c", "SIGHUP"])
def test_a_file_named_at_the_evidence_prompt_before_enter_is_kept(
    keyed: Terminal, how: str, typed: str, kept: bool
) -> None:
    """The line being typed at the file prompt when the walk stopped was lost, where every
    other prompt keeps it: a name of a file is kept with the files given (checked again when
    the walk resumes, as they are); a name of none is not evidence and is not kept."""
    checklist = _required(keyed, GAS)
    (keyed.cwd / "photo.jpg").write_bytes(b"\xff\xd8 a photo")
    child = _inspect(keyed, checklist, "en")
    draft = draft_id(child)
    key(child, "y")
    child.expect_exact(FILE_PROMPT["en"])
    child.send(typed)
    child.expect_exact(typed[-2:])  # echoed: the editor has it
    _stop(child, how)
    assert child.exitstatus == 130
    expected: dict[str, Any] = {"result": "compliant"}
    if kept:
        expected["evidence"] = [str(keyed.cwd / typed)]
    assert _saved(keyed, draft)["unfinished"] == {GAS: expected}


# a non-compliance's prompts in the order asked: the field, its prompt, what is typed there
FIELDS = (
    ("description", "Description of the hidden danger: ", "Ladder broken"),
    ("location", "Location: ", "Level -350"),
    ("severity", "Severity (major/general) [major]: ", "major"),
    ("measures", "Rectification measures: ", "Replace it"),
    ("responsible", "Responsible unit / person: ", "Team 3"),
    ("enforcement", "Enforcement order: ", "Order 12"),
    ("deadline", "Deadline (YYYY-MM-DD) [{due}]: ", "{soon}"),
    ("evidence", FILE_PROMPT["en"], "photo.jpg"),
)


@pytest.mark.parametrize("how", ["ctrl-c", "ctrl-d", "SIGHUP"])
@pytest.mark.parametrize("at", range(len(FIELDS)), ids=[name for name, _, _ in FIELDS])
def test_a_non_compliance_stopped_at_any_of_its_prompts_keeps_what_was_typed(
    keyed: Terminal, at: int, how: str
) -> None:
    """The class of the `y` stopped at its evidence: every prompt of a non-compliance, stopped
    by Ctrl-C, Ctrl-D (at an empty line: elsewhere it is no stop) or a closed terminal, keeps
    the fields entered and the line being typed there (a file named, a severity or a date that
    is one)."""
    import datetime as dt

    due = dt.date.today() + dt.timedelta(days=30)
    soon = dt.date.today() + dt.timedelta(days=10)
    (keyed.cwd / "photo.jpg").write_bytes(b"\xff\xd8 a photo")
    child = keyed.inspect()
    kept = draft_id(child)
    key(child, "n")
    expected: dict[str, Any] = {"result": "noncompliant"}
    for name, prompt, typed in FIELDS[:at]:
        value = typed.format(soon=soon)
        line(child, prompt.format(due=due), value)
        expected[name] = soon if name == "deadline" else value
    name, prompt, typed = FIELDS[at]
    child.expect_exact(prompt.format(due=due))
    if how != "ctrl-d":
        value = typed.format(soon=soon)
        child.send(value)
        child.expect_exact(value[-2:])  # echoed: the editor has it
        if name == "evidence":
            expected[name] = [str(keyed.cwd / value)]
        else:
            expected[name] = soon if name == "deadline" else value
    _stop(child, how)
    assert child.exitstatus == 130
    assert _saved(keyed, kept)["unfinished"] == {GAS: expected}


@pytest.mark.parametrize("how", ["ctrl-c", "SIGHUP"])
def test_a_reading_being_typed_is_kept_at_a_stop(keyed: Terminal, how: str) -> None:
    """The reading's own line, the class's one prompt before a result is known: the number
    being typed is kept (Ctrl-D there, at an empty line, saves and quits: nothing is typed)."""
    child = keyed.inspect()
    kept = draft_id(child)
    key(child, "y")
    child.expect_exact(READING_PROMPT)
    child.send("0.7")
    child.expect_exact("0.7")  # echoed: the editor has it
    _stop(child, how)
    assert child.exitstatus == 130
    assert _saved(keyed, kept)["unfinished"] == {METHANE: {"reading": 0.7}}
