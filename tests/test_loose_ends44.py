"""Loose ends 44: every hint that names a draft is a command that names it (`shell_arg`, `--`
before an id that starts with `-`), and the `drafts list` table tells apart drafts a cut id made
one."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.checklist import load_checklist
from minecheck.session import draft as drafts
from tests.test_attack45 import _words
from tests.test_cli_walk_rules import inspect
from tests.test_cli_walk_rules import keys as keys  # (a fixture: the keys pressed)
from tests.test_inspect_scripted import CHECKLIST
from tests.test_inspect_scripted import work as work  # (a fixture: Alice's key, trusted)
from tests.test_session_unit import new_draft

HAND = "-e\u0301 1"  # a draft renamed by hand: a dash first, an accent apart, a blank


def _renamed(cli: Any, keys: list[str], tmp_path: Path, home: Path, lang: str) -> None:
    keys[:] = ["y"]  # then `q` at the methane reading
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), "--lang", lang, typed="\nq\n")
    assert run.exit_code == 0, run.stderr
    renamed(home / "drafts", HAND)


def renamed(directory: Path, new_id: str) -> None:
    """The one draft in `directory` renamed by hand to `new_id` (its file and its `id`)."""
    (kept,) = [path.stem for path in directory.glob("*.toml")]
    text = (directory / f"{kept}.toml").read_text("utf-8").replace(kept, new_id)
    (directory / f"{new_id}.toml").write_text(text, "utf-8")
    (directory / f"{kept}.toml").unlink()
    (directory / f"{kept}.lock").unlink(missing_ok=True)


@pytest.mark.usefixtures("work")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("stop", ["q", "ctrl-c"])
def test_a_walk_s_stop_names_a_hand_named_draft_as_its_other_hints_do(
    cli: Any,
    keys: list[str],
    tmp_path: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    stop: str,
) -> None:
    """A draft renamed by hand `-e<U+0301> 1`, resumed, then stopped (`q`, Ctrl-C): the line
    wrote the id raw (an accent apart looks composed) and the hint `drafts resume -e\u0301 1`, which
    a shell gives as an option and two words. Said marked, and handed as one word after `--`,
    as the damaged draft's discard hint hands it: pasted, it names that draft."""
    _renamed(cli, keys, tmp_path, isolated_home, lang)
    monkeypatch.setattr("minecheck.cli._output.stdin_is_tty", lambda: True)
    if stop == "ctrl-c":
        monkeypatch.setattr("minecheck.cli._prompter.RichPrompter.ask", _ctrl_c)
    run = cli(["drafts", "resume", "--lang", lang, "--", HAND], input="q\n")
    assert run.exit_code == (0 if stop == "q" else 130), run.stderr
    *_, stopped, said, command = run.stderr.splitlines()
    assert (said if stop == "q" else stopped).endswith(STOPPED[lang, stop])
    assert command.strip().startswith("minecheck drafts resume ")
    assert _words(command.strip().removeprefix("minecheck ")) == [
        "drafts",
        "resume",
        *(["--lang", "zh"] if lang == "zh" else []),
        "--",
        HAND,
    ]


def _ctrl_c(*args: object) -> str:
    raise KeyboardInterrupt


STOPPED = {
    ("en", "q"): "saved draft -e\u0301 1 (not in composed form); resume with:",
    ("en", "ctrl-c"): "minecheck: error: interrupted; draft -e\u0301 1 (not in composed form) kept",
    ("zh", "q"): "草稿 -e\u0301 1（未按 NFC 规范组合） 已保存；继续请运行：",
    ("zh", "ctrl-c"): "minecheck: error: 已中断；草稿 -e\u0301 1（未按 NFC 规范组合） 已保留",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("ids", "shown"),
    [
        (("\u00e9", "e\u0301"), ("\u00e9", "e\u0301")),
        (("12345678-aaaa", "12345678-bbbb"), ("12345678-a", "12345678-b")),
        (("79f251c4-0000-4000-8000-000000000000",), ("79f251c4",)),
    ],
)
def test_drafts_listed_are_told_apart_and_each_named_by_what_the_table_shows(
    cli: Any, isolated_home: Path, lang: str, ids: tuple[str, ...], shown: tuple[str, ...]
) -> None:
    """Two valid drafts named by hand, `é` composed and `e` + U+0301, were two rows `é`; two
    whose ids share their first 8 characters two rows `12345678`, which `drafts resume` calls
    ambiguous. Each row shows the shortest start of its id no other draft's begins with (8
    characters at least, as a made id was shown), marked where not in composed form; each
    start so shown names its own draft (here: `drafts discard`, as `drafts resume` finds it)."""
    directory = isolated_home / "drafts"
    for draft_id in ids:
        drafts.save(
            directory, replace(new_draft(load_checklist(CHECKLIST), Path("a.toml")), id=draft_id)
        )
    run = cli(["drafts", "list", "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    rows = [line.strip() for line in run.stdout.splitlines() if "mini-check" in line]
    cells = [row.split("  ")[0] for row in rows]
    mark = MARK[lang]
    assert sorted(cells) == sorted(s + mark if s == "e\u0301" else s for s in shown)
    for draft_id, start in zip(ids, shown, strict=True):
        gone = cli(["drafts", "discard", "--yes", "--", start])
        assert gone.exit_code == 0, gone.stderr
        assert not (directory / f"{draft_id}.toml").exists()
    assert list(directory.glob("*.toml")) == []


MARK = {"en": " (not in composed form)", "zh": "（未按 NFC 规范组合）"}


@pytest.mark.skipif(os.name != "posix", reason="getpass reads the console elsewhere")
def test_getpass_still_has_the_private_read_the_passphrase_s_wait_is_put_in() -> None:
    """The passphrase's wait (`portable.passphrase_read_woken`) is put in getpass's private
    `_raw_input`, called with the terminal as `input=`; a Python whose getpass lost it, or
    reads the terminal another way, would silently read with no wait again (a Ctrl-C as the
    prompt began waited for a passphrase). Here it fails instead."""
    import getpass
    import inspect

    from minecheck.portable import passphrase_read_woken

    raw = vars(getpass).get("_raw_input")
    assert callable(raw), f"{sys.version}: getpass._raw_input is gone"
    assert "input" in inspect.signature(raw).parameters
    calls = inspect.getsource(vars(getpass)["unix_getpass"])
    assert "_raw_input(" in calls, calls
    assert "input=input" in calls.replace(" ", ""), calls
    with passphrase_read_woken():
        assert vars(getpass)["_raw_input"] is not raw  # (the wait put in)
    assert vars(getpass)["_raw_input"] is raw


def test_a_made_id_beside_its_copy_by_hand_is_shown_by_its_first_8(
    cli: Any, isolated_home: Path
) -> None:
    """A draft copied beside itself (`ID.backup.toml`, damaged: its id is not its name) begins
    with the whole id; `drafts resume` passes the copy over for the id minecheck made, so the
    row stays the 8 characters it was, and they name the draft, not its copy."""
    directory = isolated_home / "drafts"
    made = "79f251c4-0000-4000-8000-000000000000"
    drafts.save(directory, replace(new_draft(load_checklist(CHECKLIST), Path("a.toml")), id=made))
    copy = directory / f"{made}.backup.toml"
    copy.write_bytes((directory / f"{made}.toml").read_bytes())
    run = cli(["drafts", "list"])
    assert run.exit_code == 0, run.stderr
    assert [line.split()[0] for line in run.stdout.splitlines() if "mini-check" in line] == [
        made[:8]
    ]
    assert cli(["drafts", "discard", "--yes", made[:8]]).exit_code == 0
    assert sorted(directory.glob("*.toml")) == [copy]
