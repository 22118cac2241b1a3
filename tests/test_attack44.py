"""Attack round 44: the last session's merges read as a hostile file author and an unlucky
user. A draft whose `draft.id` is not its file's name (a path out of the drafts directory, a
control character) was resumed under that id: its saves and its removal went to where the id
pointed. A draft that is a folder was offered for discarding, then failed with the system's
words and a lock file left behind."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.checklist import load_checklist
from minecheck.session import draft as drafts
from tests.test_session_unit import CHECKLIST, DRAFT_ID, new_draft

# -- a draft's id is its file's name --------------------------------------------------------------

NOT_ITS_NAME = {
    "en": "draft.id {id} is not the draft's file name",
    "zh": "draft.id {id} 与草稿文件名不符",
}
DAMAGED = {
    "en": "{path}: draft {stem} is damaged ({reason}); it was left as it is",
    "zh": "{path}：草稿 {stem} 已损坏（{reason}）；已原样保留",
}
HOSTILE_IDS = {
    "out": ("../victim", "'../victim'"),
    "deeper": ("../../victim", "'../../victim'"),
    "esc": ("3f2b8c1e\x1b[2J", "'3f2b8c1e\\u001b[2J'"),
    "bidi": ("3f2b8c1e\u202e", "'3f2b8c1e\\u202e'"),
    "other": ("0d1e2f3a-0000-4000-8000-000000000000", "'0d1e2f3a-0000-4000-8000-000000000000'"),
}


def _renamed(directory: Path, draft_id: str) -> Path:
    """A draft saved by minecheck, its `draft.id` then changed by hand (or by an attacker)."""
    draft = new_draft(load_checklist(CHECKLIST), directory.parent / "f.toml")
    drafts.save(directory, draft)
    path = directory / f"{DRAFT_ID}.toml"
    text = path.read_text("utf-8")
    quoted = draft_id.replace("\\", "\\\\").replace("\x1b", "\\u001b")
    path.write_text(text.replace(f'id = "{DRAFT_ID}"', f'id = "{quoted}"', 1), "utf-8")
    return path


@pytest.mark.parametrize("hostile", list(HOSTILE_IDS))
def test_a_draft_whose_id_is_not_its_name_is_damaged_and_nothing_is_touched(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, hostile: str
) -> None:
    """`drafts resume` of a draft whose draft.id was `../victim` removed `victim.toml` beside the
    drafts directory when the walk was quit with nothing answered (and would have saved the
    draft there). Now the draft is damaged, as any other: said in the run's language by
    `list`, refused by `resume` (exit 2), and nothing outside it is touched."""
    monkeypatch.setattr("minecheck.cli._output.stdin_is_tty", lambda: True)
    directory = isolated_home / "drafts"
    draft_id, said = HOSTILE_IDS[hostile]
    path = _renamed(directory, draft_id)
    victims = [isolated_home / "victim.toml", isolated_home.parent / "victim.toml"]
    for victim in victims:
        victim.write_text("mine\n")
    kept = path.read_bytes()
    for lang in ("en", "zh"):
        reason = NOT_ITS_NAME[lang].format(id=said)
        run = cli(["drafts", "list", "--lang", lang])
        line = DAMAGED[lang].format(path=path, stem=DRAFT_ID, reason=reason)
        assert (run.exit_code, run.stdout) == (0, "")
        assert run.stderr.splitlines()[0] == f"minecheck: warning: {line}"
        run = cli(["drafts", "resume", DRAFT_ID[:8], "--lang", lang], input="q\n")
        assert (run.exit_code, run.stdout) == (2, "")
        told = line.split(": " if lang == "en" else "：", 1)[-1]  # (no path: resume names the id)
        assert f"minecheck: error: {told}" in run.stderr.splitlines()
        assert "\x1b" not in run.stderr
        assert "\u202e" not in run.stderr
    assert [v.read_text() for v in victims] == ["mine\n", "mine\n"]
    assert path.read_bytes() == kept
    assert sorted(p.name for p in directory.iterdir() if p.suffix == ".toml") == [path.name]


def test_a_draft_whose_id_is_not_its_name_can_still_be_discarded(
    cli: Any, isolated_home: Path
) -> None:
    """It is discarded by its file's name, and only its file goes."""
    directory = isolated_home / "drafts"
    path = _renamed(directory, "../victim")
    (isolated_home / "victim.toml").write_text("mine\n")
    run = cli(["drafts", "discard", DRAFT_ID[:8], "--yes"])
    assert (run.exit_code, run.stderr) == (0, f"discarded draft {DRAFT_ID}\n")
    assert not os.path.lexists(path)
    assert (isolated_home / "victim.toml").read_text() == "mine\n"


# -- a draft that is a folder ---------------------------------------------------------------------

FOLDER = {
    "en": "draft {id} is a directory, not a draft; it was left as it is",
    "zh": "草稿 {id} 是一个目录，不是草稿；已原样保留",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_discarding_a_folder_says_it_is_not_a_draft_and_leaves_no_lock(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`drafts discard ID --yes` of a folder at a draft's name failed with the system's words
    (`PATH: Is a directory`), and left `ID.lock` behind; without --yes it was first asked
    `Discard draft ID (is a directory, not a draft)?`. Now, asked or not: the reason `drafts
    list` gives, in the run's language, exit 2, the folder and what it holds untouched, no lock
    left."""
    directory = isolated_home / "drafts"
    folder = directory / f"{DRAFT_ID}.toml"
    folder.mkdir(parents=True)
    (folder / "keep").write_text("mine\n")
    monkeypatch.setattr("minecheck.cli.drafts.stdin_is_tty", lambda: True)
    for asked in (["--yes"], []):  # (not asked: the answer would not make it go)
        run = cli(["drafts", "discard", DRAFT_ID[:8], *asked, "--lang", lang], input="y\n")
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr == f"minecheck: error: {FOLDER[lang].format(id=DRAFT_ID)}\n"
    assert (folder / "keep").read_text() == "mine\n"
    assert sorted(p.name for p in directory.iterdir()) == [folder.name]


# -- show tells ten of a kind, as summary does ----------------------------------------------------


def _answered_again(tmp_path: Path, count: int) -> tuple[Path, Path]:
    """A merged file of `count` sources, each one inspector's answer to the same inspection
    (the same second, differently): `count - 1` `answered-twice` warnings."""
    from minecheck.core.documents import Finding
    from tests.helpers_merge import allowed_signers, findings_of, make_merged, person, store_for

    who = person(tmp_path, "alice")
    sources = [
        findings_of(
            who,
            [
                Finding(
                    "gas-overlimit",
                    "noncompliant",
                    severity="major",
                    basis=("CMHD-5.2",),
                    description=f"d{i}",
                )
            ],
            f"6f1c2d3e-0000-4000-8000-{i:012d}",
            inspector=f"Alice {i}",
        )
        for i in range(count)
    ]
    merged = tmp_path / "m.toml"
    merged.write_bytes(make_merged(who, sources, store_for(who)))
    return merged, allowed_signers(tmp_path / "allowed_signers", who)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("count", [10, 11, 12, 40])
def test_show_tells_ten_of_a_kind_and_counts_the_rest(
    cli: Any, tmp_path: Path, isolated_home: Path, lang: str, count: int
) -> None:
    """`show` of a merged file holding one inspector's 1,000 answers to one inspection said 999
    `answered-twice` warnings, one each, where `summary` of the same file tells ten and counts
    the rest. Now `show` does too; `--json` keeps every one. Exit 0."""
    from tests.test_loose_ends35 import ROLLED

    merged, trust = _answered_again(tmp_path, count + 1)
    run = cli(["show", str(merged), "--allowed-signers", str(trust), "--lang", lang])
    assert run.exit_code == 0, run.stderr
    warned = [line for line in run.stderr.splitlines() if line.startswith("minecheck: warning: ")]
    one, many = ROLLED[lang]
    rest = count - 10
    said = one if rest == 1 else many
    counted = [] if rest <= 0 else [said.format(count=rest, code="answered-twice")]
    counted = [f"minecheck: warning: {c}" for c in counted]
    assert len(warned) == min(count, 10) + len(counted)
    assert warned[min(count, 10) :] == counted
    assert all(str(merged) in line for line in warned[: min(count, 10)])
    quiet = cli(["show", str(merged), "--allowed-signers", str(trust), "--json"])
    problems = json.loads(quiet.stdout)["problems"]
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    assert sum(p["code"] == "answered-twice" for p in problems) == count


# -- a merged file of many sources is laid out in time linear in them -----------------------------


def _many_hung(count: int) -> Any:
    """A FINDING cell of `count` inspectors' blocks, as `show` makes it: each a name, a
    description and a clause kept whole."""
    from rich.text import Text

    from minecheck.cli._hung import Hung

    cell = Hung()
    for i in range(count):
        body = Hung()
        body.append(f"gas alarm silenced at the face for an hour, number {i}\n")
        begin = len(body.plain)
        body.append("Clause: CMHD-5.2")
        body.keep(begin, len(body.plain))
        block = Hung()
        block.hang(Text(f"inspector{i}@coal.example: "), body)
        cell.add(block)
    return cell


@pytest.mark.parametrize("width", [20, 40, 80, 200])
def test_a_cell_of_thousands_of_inspectors_is_laid_out_in_bounded_time(width: int) -> None:
    """`show` of a merged file of 1,000 sources took 40 s of CPU at 40 to 200 columns (1.8 s at
    20): each line laid out asked of every block whether each part kept whole in the whole
    text was inside it (`Hung._under_names`), lines x blocks x parts. 2,000 inspectors' cell is
    now measured and laid out in a second or two, every line kept, none wider than the
    cell."""
    from rich.console import Console
    from rich.measure import Measurement

    from tests.conftest import within

    cell = _many_hung(2000)
    console = Console(width=width)
    with within(8.0):
        widest = Measurement.get(console, console.options, cell).maximum
        lines = cell.wrap(console, min(width, widest))
    assert max(line.cell_len for line in lines) <= width
    told = "".join(line.plain.strip() for line in lines)
    assert all(f"inspector{i}@coal.example" in told for i in (0, 999, 1999))
    assert told.count("CMHD-5.2") == 2000
