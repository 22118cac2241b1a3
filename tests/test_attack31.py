"""The last merges attacked, round 31: `followup`'s warnings of an extension or a withdrawal by
another than the findings' signer, the rounds of rejections and reopenings it reads, and the
events of an events file taken by time."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import findings
from tests.test_attack30 import RECTIFIED
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel, reports
from tests.test_mine_officer2 import EXTEND, WITHDRAW, due
from tests.test_trainer13 import _block_with, _env, _rate

__all__ = ["due", "panel"]  # the fixtures

DUE = dt.date(2026, 11, 30)
BEGAN = "2026-11-29T08:15:00Z"  # (when the findings' inspection began)


def rectified_by_the_mine(cli: Any, panel: dict[str, Any]) -> None:
    """The mine's rectification of the major hidden danger, on the 30th of November."""
    rectified = ["followup", REF, *RECTIFIED, "--at", "2026-11-30T08:00:00Z", "-o", "f1.toml"]
    assert cli([*rectified, *by(panel["people"]["mine"])]).exit_code == 0


def one_second(path: str, *events: str) -> None:
    """An events file at `path` of `events` (each its action's lines) on the hidden danger, all
    stamped 2026-12-01T08:00:00Z, in the order given."""
    Path(path).write_text(
        "\n".join(
            f'[[event]]\nfinding = "{REF}"\n{body}\nat = 2026-12-01T08:00:00Z\n' for body in events
        )
    )


@pytest.mark.parametrize("action", [EXTEND, WITHDRAW], ids=["extended", "withdrawn"])
def test_the_findings_key_under_another_name_is_no_other_signer(
    cli: Any, due: dict[str, Any], action: tuple[str, ...]
) -> None:
    """The inspector's key, listed in the trust list under a second name (the office's), signs
    the extension or the withdrawal as that name: it is the key that signed the findings, as the
    fold takes a key under two names for one signer (`closed-by-rectifier`), yet `followup`
    warned that someone who signed none of the findings had signed it."""
    wang = due["people"]["wang"]
    office = "office@coal.example"
    allowed = Path(due["trust"][1])
    allowed.write_text(allowed.read_text() + f"{office} {Path(f'{wang.key}.pub').read_text()}")
    args = ["followup", REF, *action, "--at", "2026-12-03T08:00:00Z", "-o", "w.toml"]
    run = cli([*args, *by(wang)[:2], "--signer", office, "--findings", "xinxing.toml"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "w.toml\n", "")
    row = reports(cli, due, ["xinxing.toml", "w.toml"])["row"]
    assert row["state"] == ("withdrawn" if action == WITHDRAW else "rectifying")


def test_a_rejection_and_a_rectification_in_one_second_go_in_their_file_s_order(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The office's clerk enters the paper ledger in one events file: the expert's rejection and
    the mine's new rectification, stamped in the same second, the rejection listed first. The
    fold takes them in that order (time, then place), so the rectification begins the new round
    and a later acceptance is applied; `followup` compared their times alone, took the
    rectification for one before the rejection, and warned of the acceptance that nothing was
    rectified again."""
    p = panel["people"]
    rectified_by_the_mine(cli, panel)
    one_second("ledger.toml", 'action = "rejected"\nnote = "y"', 'action = "rectified"\nnote = "z"')
    run = cli(["followup", "--events", "ledger.toml", "-o", "l.toml", *by(p["sun"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "l.toml\n", "")
    accept = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-02T08:00:00Z", "-o", "a.toml"]
    run = cli([*accept, *by(p["chen"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    got = reports(cli, panel, ["xinxing.toml", "f1.toml", "l.toml", "a.toml"])
    assert (got["row"]["state"], got["rejected"]["summary"]) == ("accepted", [])
    # listed the other way round, the rectification comes first and is sent back: said
    for name in ("l.toml", "a.toml"):
        Path(name).unlink()
    Path("ledger.toml").write_text(
        "\n".join(reversed(Path("ledger.toml").read_text().split("\n\n"))) + "\n"
    )
    run = cli(["followup", "--events", "ledger.toml", "-o", "m.toml", *by(p["sun"])])
    assert (run.exit_code, run.stdout) == (0, "m.toml\n"), run.stderr
    run = cli([*accept[:-1], "b.toml", *by(p["chen"])])
    assert run.stderr.startswith(f"minecheck: warning: {REF}: the signed follow-ups here send it")
    got = reports(cli, panel, ["xinxing.toml", "f1.toml", "m.toml", "b.toml"])
    assert got["row"]["state"] == "rectifying"


def test_an_events_file_s_reopening_and_new_term_in_one_second_go_in_its_order(
    cli: Any, due: dict[str, Any]
) -> None:
    """The inspector's look-back, entered as one events file: the reopening after the deadline
    and the new term it gives, stamped in the same second, the reopening listed first. Every
    report applies the extension (the one new term after a reopening); `followup` compared
    their times alone and warned that the follow-ups here hold no rejection or reopening
    before it. `--json` places nothing."""
    p = due["people"]
    (due["work"] / "xinxing.toml").write_bytes(
        findings(p["wang"], ["compliant", "noncompliant", "compliant"], deadline=DUE)
    )
    rectified_by_the_mine(cli, due)
    extended = 'action = "extended"\nnew_deadline = 2027-01-31\nnote = "new term"'
    one_second("lookback.toml", 'action = "reopened"\nnote = "gas again"', extended)
    run = cli(["followup", "--events", "lookback.toml", "-o", "l.toml", "--json", *by(p["wang"])])
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.json()["problems"] == []
    row = reports(cli, due, ["xinxing.toml", "f1.toml", "l.toml"])["row"]
    assert (row["state"], row["deadline"]) == ("rectifying", "2027-01-31")


def test_a_rectification_dated_before_the_inspection_is_no_rectification_to_accept(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The mine's ledger, entered as one events file: the general hidden danger rectified on a
    day before the inspection that found it (a slip of the year's digit, say), then accepted by
    its own assessment. `followup` warned of the rectification (no report applies it) but took
    it all the same as the one the acceptance follows, and said nothing of the acceptance, which
    every report then refuses as accepted while open."""
    p = panel["people"]
    general = findings(p["wang"], ["compliant", "noncompliant", "compliant"], severity="general")
    Path("xinxing.toml").write_bytes(general)
    Path("e.toml").write_text(
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nnote = "x"\n'
        "at = 2026-11-20T08:00:00Z\n\n"
        f'[[event]]\nfinding = "{REF}"\naction = "accepted"\nmethod = "self"\n'
        "at = 2026-12-01T08:00:00Z\n"
    )
    run = cli(["followup", "--events", "e.toml", "-o", "m.toml", "--json", *by(p["mine"])])
    assert run.exit_code == 0
    said = [(w["line"], w["message"].split(": ", 1)[1]) for w in run.json()["problems"]]
    assert said == [
        (
            1,
            "the event is dated 2026-11-20T08:00:00Z, before the inspection began "
            f"({BEGAN}): no report will apply it",
        ),
        (
            7,
            "no signed follow-up here reports it rectified by 2026-12-01T08:00:00Z, when the "
            "acceptance is dated: a report applies an acceptance only after the rectification it "
            "accepts",
        ),
    ]
    got = reports(cli, panel, ["xinxing.toml", "m.toml"])
    assert got["row"]["state"] == "open"
    assert got["rejected"]["summary"] == [
        ("m.toml", "the event is dated before the finding was recorded"),
        ("m.toml", "accepted while open: only a rectified hidden danger can be accepted"),
    ]
    # signed apart, the rectification in a follow-up here: the same
    Path("m.toml").rename("earlier.toml")
    accept = ["followup", REF, "--action", "accepted", "--method", "self"]
    run = cli([*accept, "--at", "2026-12-01T08:00:00Z", "-o", "a.toml", *by(p["mine"])])
    assert run.stderr.startswith(f"minecheck: warning: {REF}: no signed follow-up here reports")


@pytest.mark.parametrize("guide", ["guide-monthly-report.md", "guide-monthly-report.zh.md"])
def test_the_closure_rate_gives_a_problem_s_line_and_column_as_the_screen_does(
    guide: str, tmp_path: Path
) -> None:
    """The monthly guide's closure rate over a summary that counted nothing gives "its problems
    as the screen says them, each after the folder or file it is about": of a file that is no
    TOML, the screen says `incoming/bad.toml:1:2: invalid TOML: ...`, and the recipe said
    `incoming/bad.toml: invalid TOML: ...`, the place in the file lost."""
    for folder in ("incoming", "monthly"):
        (tmp_path / folder).mkdir()
    (tmp_path / "incoming" / "bad.toml").write_text("x\n")
    [summary] = [
        line
        for line in _block_with(guide, "> summary.json").splitlines()
        if line.endswith("> summary.json")
    ]
    screen = summary.removesuffix(" > summary.json").replace(" --json", "")
    env = _env(tmp_path)
    shown = subprocess.run(["bash", "-c", screen], cwd=tmp_path, env=env, capture_output=True)
    assert shown.returncode == 2
    said = [re.sub(r"^minecheck: \w+: ", "", line) for line in shown.stderr.decode().splitlines()]
    made = subprocess.run(["bash", "-c", summary], cwd=tmp_path, env=env, capture_output=True)
    assert made.returncode == 2
    done = _rate(guide, tmp_path)
    assert (done.returncode, done.stdout) == (5, "")
    problems = re.sub(r"^jq: error \(at summary.json:\d+\): [^:：]+(: |：)", "", done.stderr)
    sep = "；" if guide.endswith(".zh.md") else "; "
    assert problems.rstrip("\n").split(sep) == said
