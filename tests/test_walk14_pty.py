"""An inspector's field day, round 14: two terminals, a draft copied by hand, signals in a
note, the terminal closed while typing, a long paste; in a real pseudo-terminal."""

from __future__ import annotations

import pexpect
import pytest

from tests.test_inspect_pty import (
    KEY_PROMPT,
    READING_PROMPT,
    Terminal,
    draft_id,
    ended,
    findings,
    keyed,
    line,
    term,
)

__all__ = ["keyed", "term"]  # fixtures
DESCRIPTION = {"en": "Description of the hidden danger: ", "zh": "隐患描述："}
READING = {"en": READING_PROMPT, "zh": "或按键："}
REVIEW = {"en": "Your choice (Enter signs): ", "zh": "（回车即签名）："}


def rest(child: pexpect.spawn, lang: str) -> None:
    """After a description: every other field left as it is, the reading 0.5."""
    for _ in range(7):
        child.send("\r")
    line(child, READING[lang], "0.5")


def _a_note_begun(keyed: Terminal, lang: str, note: str) -> tuple[pexpect.spawn, str]:
    """A walk at its first item, `n` answered and `note` half-typed: the walk and its draft's id."""
    child = keyed.inspect("--lang", lang)
    kept = draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact(DESCRIPTION[lang])
    child.send(note)
    return child, kept


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_inspect_of_a_site_walked_in_another_terminal_says_so_before_asking(
    keyed: Terminal, lang: str
) -> None:
    """The same checklist and site started in a second terminal while the first walks: it
    asked `Resume it? [Y/n]`, and Enter (the default) was then refused, the draft open in the
    other minecheck, after a warning of settings the draft keeps. It says that the draft is open
    there and asks whether to start another inspection, No by default: then exit 2, the lock's
    words. The first walk goes on and signs what it typed."""
    first, kept = _a_note_begun(keyed, lang, "第一个终端 first terminal")

    keyed.out = keyed.cwd / "second.toml"
    second = keyed.inspect("--lang", lang)
    asked = second.expect_exact(["[Y/n]", "[y/N]", pexpect.EOF])
    said = second.before
    assert asked == 1, said
    told = {
        "en": f"site exists ({kept[:8]}, 0 answers + 1 unfinished).\r\nIt is open in another"
        f" minecheck (process {first.pid}).\r\nStart another inspection of this site here?",
        "zh": f"（{kept[:8]}，已答 0 项 + 1 项未完成）。\r\n它正在另一个 minecheck 中打开"
        f"（进程 {first.pid}）。\r\n在这里另开一次对该单位的检查吗？",
    }
    assert told[lang] in said
    second.send("\r")
    status, said = ended(second)
    assert status == 2, said
    opened = {
        "en": f"minecheck: error: draft {kept} is open in another minecheck (process {first.pid})"
        "\r\n  hint: finish or quit that one first\r\n",
        "zh": f"minecheck: error: 草稿 {kept} 正在另一个 minecheck 中打开（进程 {first.pid}）"
        "\r\n  hint: 请先完成或退出那一个\r\n",
    }
    assert said.endswith(opened[lang]), said
    assert "warning" not in said
    assert not keyed.out.exists()

    first.send("\r")
    rest(first, lang)
    line(first, REVIEW[lang], "")
    first.expect(pexpect.EOF)
    first.close()
    assert first.exitstatus == 0
    assert findings(keyed.cwd / "f.toml")[0]["description"] == "第一个终端 first terminal"
    assert keyed.drafts() == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_draft_copied_by_hand_leaves_the_id_the_list_shows_resumable(
    keyed: Terminal, lang: str
) -> None:
    """A draft copied beside itself to back it up (`ID.backup.toml`, `ID copy.toml`): the copy
    is damaged (its draft.id is not its name), and `drafts resume` of the 8 characters the
    table shows said `draft id … is ambiguous`, the copy counted though it cannot be resumed.
    The original is found by them, walked and signed; the copies are left as they are."""
    child = keyed.inspect("--lang", lang)
    kept = draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("y")
    line(child, READING[lang], "q")
    assert ended(child)[0] == 0
    drafts = keyed.home / "drafts"
    original = (drafts / f"{kept}.toml").read_bytes()
    for copy in (f"{kept}.backup.toml", f"{kept} copy.toml"):
        (drafts / copy).write_bytes(original)

    listed = keyed.run("drafts", "list", "--lang", lang)
    assert listed.returncode == 0, listed.stderr
    assert kept[:8] in listed.stdout

    child = keyed.spawn("drafts", "resume", kept[:8], "--lang", lang)
    asked = child.expect_exact([READING[lang], pexpect.EOF])
    assert asked == 0, child.before
    child.send("0.5\r")
    child.expect_exact(REVIEW[lang])
    child.send("\r")
    status, said = ended(child)
    assert status == 0, said
    assert findings(keyed.out)[1]["reading"]["value"] == 0.5
    assert sorted(p.name for p in drafts.glob("*.toml")) == [
        f"{kept} copy.toml",
        f"{kept}.backup.toml",
    ]
    assert (drafts / f"{kept}.backup.toml").read_bytes() == original


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_draft_not_resumed_is_free_for_a_second_terminal_while_the_new_walk_asks(
    keyed: Terminal, lang: str
) -> None:
    """`n` at `Resume it?` begins a new inspection; while it waits at its first question, a
    second terminal's `drafts resume` of the draft not resumed walks it (the lock of the draft
    offered was kept through the whole new walk, and that resume was refused)."""
    first, kept = _a_note_begun(keyed, lang, "half a note")
    first.sendcontrol("c")
    status, said = ended(first)
    assert status == 130, said

    keyed.out = keyed.cwd / "second.toml"
    second = keyed.inspect("--lang", lang)
    second.expect_exact("[Y/n]")
    second.send("n\r")
    assert draft_id(second) != kept
    second.expect_exact(KEY_PROMPT)

    third = keyed.spawn("drafts", "resume", kept, "--lang", lang)
    asked = third.expect_exact([DESCRIPTION[lang], KEY_PROMPT, "minecheck:", pexpect.EOF])
    assert asked in (0, 1), third.before
    for child in (third, second):
        child.sendcontrol("c")
        status, said = ended(child)
        assert status == 130, said
    assert kept in [d["id"] for d in keyed.drafts()]
