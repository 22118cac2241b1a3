"""Mutation round 122: tests for round 121's survivors (the `trust add` hint's signer, a
rule's hint at a terminal, show's rolled warnings, `Hung`'s memo)."""

from __future__ import annotations

import datetime as dt
import json
import shlex
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.keys import generate, load_private
from minecheck.session import draft as drafts
from tests.helpers_merge import CREATED, Who, allowed_signers, findings, person
from tests.test_cli_walk_rules import inspect as walked
from tests.test_cli_walk_rules import keys, saved_id, started, warnings
from tests.test_expert_panel import panel
from tests.test_followup_rules import REF, setup
from tests.test_inspect_scripted import Cli, work
from tests.test_loose_ends28 import DAYS, days
from tests.test_mutated121 import written_over_in_its_second
from tests.test_same_second import RECTIFIED, Clock, clock

__all__ = ["clock", "days", "keys", "panel", "setup", "work"]  # the fixtures

RESULTS = ["noncompliant", "noncompliant", "compliant"]


@pytest.mark.parametrize("command", ["summary", "export"])
def test_the_trust_hint_names_a_signer_whose_name_begins_with_a_dash(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """A signer's name may begin with `-` (`-p@coal.example` is a principal). The hint to
    trust its key said `--principal ./-p@coal.example`, as for a file's name: typed, it
    trusted the key for another principal, and the file stayed left out. The hint names the
    signer as `verify` names it; typed as it is said, the next run counts the file."""
    monkeypatch.chdir(tmp_path)
    alice = person(tmp_path, "alice")
    generate(tmp_path / "dash", "-p@coal.example", None)
    dash = Who("-p@coal.example", load_private(tmp_path / "dash", None), tmp_path / "dash")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "a.toml").write_bytes(findings(alice, RESULTS))
    (tmp_path / "archive" / "b.toml").write_bytes(findings(dash, RESULTS, n=1))
    allowed_signers(tmp_path / "allowed", alice)
    args = [command, "archive", "--no-cache", "--allowed-signers", "allowed"]
    args += ["--as-of", "2026-12-06"]
    args += ["-o", "-"] if command == "export" else []
    run = cli(args)
    assert run.exit_code == 0
    assert run.stderr.splitlines()[:2] == [
        "minecheck: warning: archive/b.toml: left out: untrusted-key: the signing key is not in "
        "allowed_signers",
        "  hint: to count it, trust the signer's key as you received it from them (or --from "
        "LINES): minecheck trust add --principal -p@coal.example --key KEY.pub "
        "--allowed-signers allowed",
    ]
    typed = shlex.split(run.stderr.splitlines()[1].split("LINES): ", 1)[1])
    assert typed[:3] == ["minecheck", "trust", "add"]
    typed[typed.index("KEY.pub")] = "dash.pub"
    added = cli(typed[1:])
    assert added.exit_code == 0, added.stderr
    again = cli(args)
    assert (again.exit_code, again.stderr) == (0, "")


def test_a_rule_s_hint_is_said_once_at_a_terminal_and_for_each_event_in_json(
    cli: Any, setup: dict[str, Any]
) -> None:
    """Two events refused by one rule in one report: at a terminal the rule's hint is said
    under the first only; `--json` gives it with each."""
    began = CREATED
    dated = [(began - dt.timedelta(seconds=s)).strftime("%Y-%m-%dT%H:%M:%SZ") for s in (2, 1)]
    for i, at in enumerate(dated):
        args = ["followup", REF, "--action", "rectified", "--at", at, "-o", f"early{i}.toml"]
        assert cli([*args, *setup["sign"]]).exit_code == 0
    files = ["alice.toml", "early0.toml", "early1.toml"]
    args = ["export", *files, "--allowed-signers", str(setup["allowed"])]
    run = cli(args)
    assert run.exit_code == 0
    assert run.stderr == "".join(
        f"minecheck: warning: early{i}.toml: event rectified for {REF} at {at} not applied: "
        "the event is dated before the finding was recorded\n"
        + ("  hint: date the event when it happened, at or after the inspection began\n" * (i == 0))
        for i, at in enumerate(dated)
    )
    told = json.loads(cli([*args, "--json"]).stdout)
    hints = [w["hint"] for w in told["problems"]]
    assert hints == ["date the event when it happened, at or after the inspection began"] * 2


def _steps() -> list[Any]:
    """The changes made to a cell one after another: a block hung under a name; a block with
    a part kept whole added; a part of the first block's line kept whole after the cell was
    laid out (its name no longer leaves room for it at 40 columns); a block under a long name
    added (every block hangs by 2 where that name takes more than half the cell)."""
    from rich.text import Text

    from minecheck.cli._hung import Hung

    def hung(lead: str, text: str, whole: bool) -> Any:
        cell, body = Hung(), Hung()
        body.append(text)
        if whole:
            body.keep(text.index("\n") + 1, len(text))
        cell.hang(Text(lead), body)
        return cell

    said = "Gas alarm silenced fan stopped"
    return [
        lambda cell: cell.add(hung("alice@coal.example: ", f"{said}\n" + "x" * 8, False)),
        lambda cell: cell.add(hung("bo: ", "Fan\nCMHD-5.2,CMHD-18.6,CMHD-20", True)),
        lambda cell: cell.keep(cell.plain.index("alarm"), len("alice@coal.example: " + said)),
        lambda cell: cell.add(hung("a" * 28 + ": ", "Fan\n" + "y" * 20, False)),
    ]


def _laid_out(cell: Any) -> list[Any]:
    """What a table sees of a cell: its measure, and its lines at widths about it."""
    from rich.console import Console
    from rich.measure import Measurement

    console = Console(width=200)
    measured = Measurement.get(console, console.options, cell)
    widths = {measured.maximum, measured.minimum, 40, 46, 50, 60, 70}
    return [
        (measured.minimum, measured.maximum),
        *([line.plain for line in cell.wrap(console, width)] for width in sorted(widths)),
    ]


def test_a_hung_cell_laid_out_then_added_to_is_laid_out_as_a_new_one() -> None:
    """`Hung` keeps what it measured of its blocks and parts for the lines it lays out; a cell
    laid out, then added to (a block, a cell of blocks, a part kept whole), is laid out as a
    cell made at once of the same (not from what it measured before)."""
    from minecheck.cli._hung import Hung

    steps = _steps()
    cell = Hung()
    for done, step in enumerate(steps, 1):
        step(cell)
        fresh = Hung()
        for again in steps[:done]:
            again(fresh)
        assert fresh.plain == cell.plain
        assert _laid_out(cell) == _laid_out(fresh), done


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_says_no_separate_inspections_of_a_mine_s_day(
    days: tuple[Path, list[str]], cli: Any, lang: str
) -> None:
    """`show` of 13 days of separate inspections (26 files) says none of them, in either
    language, nor in `--json`: only summary and export judge a mine's day
    (`load_corpus(same_day=False)`). So show's roll-up of them (`warn_separate`,
    `separate_rolled_up`) is never reached: round 121's sh1 and sh2 change nothing a user
    sees. Exit 0."""
    docs, trust = days
    files = sorted(str(p) for p in docs.iterdir() if p.name != "notes.toml")
    assert len(files) == 2 * DAYS
    run = cli(["show", *files, *trust, "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    whole = cli(["show", *files, *trust, "--lang", lang, "--json"])
    assert (whole.exit_code, whole.stderr, json.loads(whole.stdout)["problems"]) == (0, "", [])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_follow_up_written_over_among_the_files_here_is_no_tie(
    cli: Any, panel: dict[str, Any], clock: Clock, lang: str
) -> None:
    """Round 121's same-second case with no `--findings`: the findings are the current
    directory's files, so the follow-up about to be written over is read with them, its events
    and their places in the fold's order. Both are forgotten once it is written over
    (`replacing`): the new file is dated and signed in the second the first was, with no wait
    (the replaced file's places kept, it waited and was signed a second later)."""
    mine = panel["people"]["mine"]
    args = ["followup", REF, *RECTIFIED, "-o", "f1.toml", "--lang", lang]
    args += ["--key", str(mine.key), "--signer", mine.principal]
    written_over_in_its_second(cli, clock, args)


@pytest.mark.usefixtures("work")
def test_a_draft_saved_elsewhere_before_its_lock_is_taken_is_offered_as_saved(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site's draft is listed, then saved by another minecheck (its output changed there)
    before this one takes its lock: the offer and the resume are of the draft as it is once
    the lock is held, not as it was listed. Resumed with `-o b.toml`, the warning names the
    output the other saved (`c.toml`), not the one listed (`a.toml`)."""
    kept = saved_id(started(cli, keys, tmp_path / "a.toml"))
    directory = isolated_home / "drafts"
    acquire = drafts.DraftLock.acquire

    def saved_elsewhere_first(lock: drafts.DraftLock, wait: float = 0.0) -> None:
        path = drafts.draft_path(directory, kept)
        drafts.save(directory, replace(drafts.load(path), output=str(tmp_path / "c.toml")))
        acquire(lock, wait)

    monkeypatch.setattr(drafts.DraftLock, "acquire", saved_elsewhere_first)
    run = walked(cli, "-o", str(tmp_path / "b.toml"), typed="y\nq\n")
    assert run.exit_code == 0, run.stderr
    assert f"site exists ({kept[:8]}, 1 answer).\nResume it? [Y/n] " in run.stderr
    assert warnings(run) == [
        f"minecheck: warning: the draft keeps its own settings: output {tmp_path / 'c.toml'}"
    ]
    assert saved_id(run) == kept
