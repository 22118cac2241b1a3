"""The drafts commands (cli/drafts.py) as an inspector meets them: what `drafts list` shows of
a draft stopped mid-answer, and what `drafts discard` asks at a terminal before deleting."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from minecheck.core.checklist import Checklist
from minecheck.session import draft as drafts
from tests.conftest import Run
from tests.test_cli_signing import Cli
from tests.test_completion import MINECHECK
from tests.test_draft_rules import checklist as checklist  # (a fixture)
from tests.test_draft_rules import every_field_draft
from tests.test_draft_rules import fixed_clock as fixed_clock  # (a fixture: the drafts' clock)
from tests.test_session_unit import DRAFT_ID, GAS, METHANE, new_draft


@pytest.fixture
def at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("minecheck.cli.drafts.stdin_is_tty", lambda: True)


def _row(run: Run) -> str:
    return next(line for line in run.stdout.splitlines() if DRAFT_ID[:8] in line)


def _answered(run: Run) -> str:
    """The ANSWERED cell of the draft's row."""
    return re.split(r"\s{2,}", _row(run).strip())[3]


def test_drafts_list_counts_the_answer_being_typed_apart(
    cli: Cli, checklist: Checklist, tmp_path: Path, isolated_home: Path
) -> None:
    """A draft stopped mid-answer shows `1 + 1 unfinished`; one stopped between answers, `1`
    (an item found not to apply by the site's tags is no answer of the inspector's)."""
    draft = every_field_draft(checklist, tmp_path)
    drafts.save(isolated_home / "drafts", draft)
    run: Run = cli(["drafts", "list"])
    assert (run.exit_code, run.stderr) == (0, "")
    assert _answered(run) == "1 + 1 unfinished"
    assert cli(["drafts", "list", "--json"]).json()["data"]["drafts"][0]["unfinished"] == 1

    draft.unfinished = {}
    drafts.save(isolated_home / "drafts", draft)
    run = cli(["drafts", "list"])
    assert (run.exit_code, run.stderr) == (0, "")
    assert _answered(run) == "1"


def test_drafts_list_in_chinese_says_the_unfinished_answer_in_chinese(
    cli: Cli, checklist: Checklist, tmp_path: Path, isolated_home: Path
) -> None:
    drafts.save(isolated_home / "drafts", every_field_draft(checklist, tmp_path))
    run: Run = cli(["drafts", "list", "--lang", "zh"])
    assert (run.exit_code, run.stderr) == (0, "")
    assert _answered(run) == "1 + 1 项未完成"


@pytest.mark.usefixtures("at_a_terminal")
def test_discard_at_a_terminal_asks_naming_what_goes_and_keeps_it_on_no(
    cli: Cli, checklist: Checklist, tmp_path: Path, isolated_home: Path
) -> None:
    drafts.save(isolated_home / "drafts", every_field_draft(checklist, tmp_path))
    path = drafts.draft_path(isolated_home / "drafts", DRAFT_ID)
    kept = path.read_bytes()
    run: Run = cli(["drafts", "discard", DRAFT_ID[:8]], input="n\n")
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr == (
        f"Discard draft {DRAFT_ID[:8]} (Mine A, 1 answer + 1 unfinished)? [y/N] "
        "nothing was discarded\n"
    )
    assert path.read_bytes() == kept

    run = cli(["drafts", "discard", DRAFT_ID[:8]], input="y\n")
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr.endswith(f"? [y/N] discarded draft {DRAFT_ID}\n")
    assert not path.exists()


@pytest.mark.usefixtures("at_a_terminal")
def test_discard_of_a_draft_of_one_answer_says_one_answer(
    cli: Cli, checklist: Checklist, tmp_path: Path, isolated_home: Path
) -> None:
    draft = new_draft(checklist, tmp_path / "out.toml")
    drafts.save(isolated_home / "drafts", draft)
    run: Run = cli(["drafts", "discard", DRAFT_ID[:8]], input="\n")
    assert run.stderr.startswith(f"Discard draft {DRAFT_ID[:8]} (Mine A, 0 answers)? [y/N] ")
    full = every_field_draft(checklist, tmp_path)
    draft.answers = {GAS: full.answers[GAS], METHANE: replace(full.answers[GAS], item=METHANE)}
    draft.history = [GAS, METHANE]
    drafts.save(isolated_home / "drafts", draft)
    run = cli(["drafts", "discard", DRAFT_ID[:8]], input="\n")
    assert run.stderr.startswith(f"Discard draft {DRAFT_ID[:8]} (Mine A, 2 answers)? [y/N] ")
    draft.answers = {GAS: full.answers[GAS]}
    draft.history = [GAS]
    drafts.save(isolated_home / "drafts", draft)
    run = cli(["drafts", "discard", DRAFT_ID[:8], "--lang", "en"], input="\n")
    assert run.stderr == (
        f"Discard draft {DRAFT_ID[:8]} (Mine A, 1 answer)? [y/N] nothing was discarded\n"
    )


@pytest.mark.usefixtures("at_a_terminal")
def test_discard_of_a_damaged_draft_at_a_terminal_says_it_cannot_be_read(
    cli: Cli, isolated_home: Path
) -> None:
    directory = isolated_home / "drafts"
    directory.mkdir(parents=True)
    damaged = directory / f"{DRAFT_ID}.toml"
    damaged.write_text('[draft]\nformat = "minecheck.draft/1"\nstarted = "morning"\n', "utf-8")
    run: Run = cli(["drafts", "discard", DRAFT_ID[:8]], input="n\n")
    assert (run.exit_code, run.stderr) == (
        0,
        f"Discard draft {DRAFT_ID[:8]} (damaged (draft.started has the wrong type))? [y/N] "
        "nothing was discarded\n",
    )
    assert damaged.exists()


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
def test_tab_after_drafts_resume_or_discard_offers_the_draft_ids(
    checklist: Checklist, tmp_path: Path, isolated_home: Path
) -> None:
    assert MINECHECK is not None
    drafts.save(isolated_home / "drafts", every_field_draft(checklist, tmp_path))
    env = {k: v for k, v in os.environ.items() if not k.startswith("_MINECHECK")}
    env.update(_MINECHECK_COMPLETE="complete_bash", COMP_CWORD="3")
    for command in ("resume", "discard"):
        env["COMP_WORDS"] = f"minecheck drafts {command} {DRAFT_ID[:2]}"
        run = subprocess.run([MINECHECK], env=env, capture_output=True, text=True, check=False)
        assert (run.returncode, run.stderr) == (0, "")
        assert run.stdout.split() == [DRAFT_ID]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "minecheck: error: resuming an inspection needs a terminal, and standard input "
            "is not one\n  hint: run it in a terminal\n",
        ),
        ("zh", "minecheck: error: 继续检查需要终端，而标准输入不是终端\n  hint: 请在终端中运行\n"),
    ],
)
def test_resume_without_a_terminal_says_so_in_the_language_asked_for(
    cli: Cli, checklist: Checklist, tmp_path: Path, isolated_home: Path, lang: str, said: str
) -> None:
    drafts.save(isolated_home / "drafts", every_field_draft(checklist, tmp_path))
    run: Run = cli(["drafts", "resume", DRAFT_ID[:8], "--lang", lang])
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)


def test_drafts_list_goes_on_past_a_damaged_draft(
    cli: Cli, checklist: Checklist, tmp_path: Path, isolated_home: Path
) -> None:
    """A draft that cannot be read is warned of, and the drafts after it are still listed."""
    directory = isolated_home / "drafts"
    drafts.save(directory, every_field_draft(checklist, tmp_path))
    damaged = directory / "00000000-0000-4000-8000-000000000000.toml"
    damaged.write_text('[draft]\nformat = "minecheck.draft/1"\nstarted = "morning"\n', "utf-8")
    run: Run = cli(["drafts", "list", "--json"])
    assert run.exit_code == 0
    envelope = run.json()
    assert [d["id"] for d in envelope["data"]["drafts"]] == [DRAFT_ID]
    assert [(p["code"], p["path"]) for p in envelope["problems"]] == [
        ("draft-damaged", str(damaged))
    ]
