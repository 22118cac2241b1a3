"""The session's last merges attacked, round 38: the inspection ids a findings file that fails to
verify spells out (`_refs._ids_spelled`), as `followup` tells of such a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import test_attack36, test_loose_ends22
from tests.test_expert_panel import REF, panel

__all__ = ["panel"]


def _twin(cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, spell: Any) -> Path:
    """The archive of round 36's test, with a changed findings file below whose inspection the
    prefix typed also starts, its id written in the file as `spell` writes it."""
    from tests.helpers_merge import findings as findings_file
    from tests.test_loose_ends19 import OTHER as ANOTHER
    from tests.test_loose_ends19 import _archive

    records = _archive(cli, panel)
    other = REF[:8] + ANOTHER[8:]
    twin = findings_file(
        panel["people"]["wang"], ["noncompliant", "noncompliant", "compliant"], inspection_id=other
    )
    twin = twin.replace(f'"{other}"'.encode(), f'"{spell(other)}"'.encode())
    (records / "findings" / "twin.toml").write_bytes(twin)
    test_loose_ends22._changed(records / "findings" / "twin.toml", monkeypatch)
    monkeypatch.chdir(records)
    return records


def _escaped(character: str, width: int = 4) -> str:
    return f"\\{'u' if width == 4 else 'U'}{ord(character):0{width}X}"


SPELLINGS: dict[str, Callable[[str], str]] = {
    "u": lambda iid: _escaped(iid[0]).lower() + iid[1:],
    "U": lambda iid: iid[:9] + _escaped(iid[9], 8) + iid[10:],
    "every": lambda iid: "".join(map(_escaped, iid)),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_an_id_spelled_with_escapes_in_a_file_that_fails_to_verify_is_told(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, spelling: str, lang: str
) -> None:
    """Round 36's file that fails to verify and holds another inspection the prefix starts,
    its id written with TOML's escapes (a hand-written file, signed with `sign`): the ids the
    file spells out were read as typed, so the prefix resolved without a word. The file is now
    said as it is when the id is typed plainly."""
    _twin(cli, panel, monkeypatch, SPELLINGS[spelling])
    test_attack36.twin_told(cli, panel, lang)


def test_an_escaped_backslash_before_a_u_spells_no_id(tmp_path: Path) -> None:
    """Guard: `\\\\u0033…` is a backslash and the letters `u0033…`, not an escape."""
    from minecheck.cli._refs import _ids_spelled

    iid = REF[:8] + "-1234-4abc-8def-0123456789ab"
    path = tmp_path / "f.toml"
    path.write_text(f'a = "\\\\u{ord(iid[0]):04x}{iid[1:]}"\nb = "x{iid}"\n', encoding="utf-8")
    assert _ids_spelled(str(path), iid[:1]) == set()
    path.write_text(f'a = "\\u{ord(iid[0]):04x}{iid[1:]}"\n', encoding="utf-8")
    assert _ids_spelled(str(path), iid[:1]) == {iid}


def test_a_one_character_prefix_finds_every_id_it_starts_in_a_file_of_many(
    tmp_path: Path,
) -> None:
    """A file holding many ids, joined and apart, and a prefix of one character: every id the
    prefix starts, and no id that holds the character later on."""
    from minecheck.cli._refs import _ids_spelled

    ids = [f"{n:08x}-1234-4abc-8def-0123456789ab" for n in range(0x30000000, 0x30000000 + 2000)]
    inside = "a" + ids[0][1:]  # holds `0` after its first character
    lines = [f'id = "{iid}"' for iid in ids] + [f'x = "{inside}"', f"y = [{ids[5]!r},{ids[6]!r}]"]
    path = tmp_path / "many.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _ids_spelled(str(path), "3") == set(ids)
    assert _ids_spelled(str(path), "a") == {inside}
    assert _ids_spelled(str(path), "0") == set()


# minecheck with its writes of a draft failing as a full disk (or a full quota) has them fail
# while a file FULL stands in the working directory: the product's writer, not the disk
DRAFTS_FAIL = """
import errno
import os
import sys
from pathlib import Path

from minecheck import fileio

ERROR = int(sys.argv.pop(1))
real = fileio._atomic_write


def _atomic_write(path, *args, **kwargs):
    if Path("FULL").exists() and Path(path).parent.name == "drafts":
        raise OSError(ERROR, os.strerror(ERROR), str(path))
    return real(path, *args, **kwargs)


fileio._atomic_write = _atomic_write
sys.argv = ["minecheck", *sys.argv[1:]]
from minecheck.__main__ import main
main()
"""

WALK_SAID = {
    "en": {
        "warning": "minecheck: warning: the draft cannot be saved ({path}: cannot write: "
        "{reason}; nothing was written); go on: your answers are held here and saved as soon "
        "as that works again",
        "going on": "  hint: free space on the disk that holds {folder}: the walk goes on, and "
        "saves the draft as soon as it can",
        "again": "draft {id} is saved again",
        "quit": "minecheck: warning: draft {id} could not be saved: {path}: cannot write: "
        "{reason}; nothing was written",
        "try": "  hint: free space on the disk that holds {folder}, then try again",
        "ask": "Try again? [Y/n] ",
        "saved": "saved draft {id}; resume with:",
    },
    "zh": {
        "warning": "minecheck: warning: 草稿无法保存（{path}：无法写入：{reason}；"
        "未写入任何内容）；请继续：您的回答暂存在本程序中，一旦可以保存即会保存",
        "going on": "  hint: 请清理 {folder} 所在磁盘的空间："
        "检查会继续进行，一旦可以保存即会保存草稿",
        "again": "草稿 {id} 已重新保存",
        "quit": "minecheck: warning: 草稿 {id} 无法保存：{path}：无法写入：{reason}；"
        "未写入任何内容",
        "try": "  hint: 请清理 {folder} 所在磁盘的空间，然后再试一次",
        "ask": "再试一次吗？[Y/n] ",
        "saved": "草稿 {id} 已保存；继续请运行：",
    },
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("error", ["ENOSPC", "EDQUOT"])
def test_a_full_disk_mid_walk_says_the_walk_goes_on_and_loses_nothing(
    tmp_path: Path, isolated_home: Path, error: str, lang: str
) -> None:
    """The draft's save fails mid-walk for a full disk: the warning said "go on" and its hint
    "then run the command again", which would leave the answers held only in the walk. The
    hint now says the walk goes on (and, at `q`, to try again, as the question below it asks);
    the draft on disk stays the last good one, and nothing typed is lost: saved again once
    there is space, at the next answer and at `q`."""
    import errno
    import os
    import sys

    import pexpect

    from minecheck.os_words import os_reason
    from tests.key_homes import keyed_home
    from tests.test_inspect_pty import CHECKLIST, KEY_PROMPT, Terminal, draft_id

    code = getattr(errno, error)
    term = Terminal(isolated_home, tmp_path)
    term.width = 400  # (the lines hold the test's paths: none is folded)
    keyed_home(term.home, "alice@mine.example")  # (`keys generate --trust`, run once)
    (tmp_path / "walk.py").write_text(DRAFTS_FAIL, encoding="utf-8")
    child = pexpect.spawn(
        sys.executable,
        [
            *("walk.py", str(code), "inspect", str(CHECKLIST), "--site", "Mine A", "-o", "f.toml"),
            *("--inspector", "Wang Wei", "--lang", lang),
        ],
        env=term.env(),
        cwd=str(tmp_path),
        dimensions=(term.rows, term.width),
        timeout=30,  # a hang guard on a loaded machine, not a timing assertion
        encoding="utf-8",
    )
    first = draft_id(child)
    draft = isolated_home / "drafts" / f"{first}.toml"
    child.expect_exact(KEY_PROMPT)
    good = draft.read_bytes()
    (tmp_path / "FULL").touch()
    child.send("y")
    said = {k: v.replace("{id}", first) for k, v in WALK_SAID[lang].items()}
    with_lang = {"path": draft, "folder": draft.parent}
    reason = os_reason(OSError(code, os.strerror(code)), lang)
    child.expect_exact(said["warning"].format(**with_lang, reason=reason) + "\r\n")
    child.expect_exact(said["going on"].format(**with_lang) + "\r\n")
    child.expect_exact("%CH4")  # the next question, asked
    assert draft.read_bytes() == good  # the last good draft, as it was
    (tmp_path / "FULL").unlink()
    child.sendline("0.5")
    child.expect_exact(said["again"])
    answered = draft.read_text(encoding="utf-8")
    assert 'item = "gas-check-genuine"' in answered
    assert "value = 0.5" in answered
    (tmp_path / "FULL").touch()
    child.sendline("q")
    child.expect_exact(said["quit"].format(**with_lang, reason=reason) + "\r\n")
    child.expect_exact(said["try"].format(**with_lang) + "\r\n")
    child.expect_exact(said["ask"])
    (tmp_path / "FULL").unlink()
    child.sendline("")
    child.expect_exact(said["saved"])
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    kept = draft.read_text(encoding="utf-8")
    assert 'item = "gas-check-genuine"' in kept
    assert "value = 0.5" in kept
