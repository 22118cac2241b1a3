"""`minecheck inspect` around the walk (cli/inspect.py), as an inspector or a script meets it:
where the signed file goes, which tags and modes are taken, what an answers file may not do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.test_inspect_scripted import ANSWERS, CHECKLIST, Cli, verify_status, work

__all__ = ["work"]  # the fixture, used by name

GOOD = (ANSWERS / "mini-good.toml").read_text("utf-8")
ARGS = ["inspect", str(CHECKLIST), "--site", "Mine A", "--answers", "-"]


def test_two_inspections_in_one_second_into_one_directory_keep_both_files(
    cli: Cli, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o DIR` takes the default name in DIR as no `-o` does in the current directory: a
    second run in the same second gets the name with a short id, not "already exists"."""
    from minecheck.cli import inspect as inspect_cli

    moment = dt.datetime(2026, 12, 2, 5, 31, 52, tzinfo=dt.UTC)
    monkeypatch.setattr(inspect_cli, "_now", lambda: moment)
    (work / "out").mkdir()
    stamp = moment.astimezone().strftime("%Y%m%d-%H%M%S")
    written = []
    for _ in range(2):
        run = cli([*ARGS, "-o", "out"], input=GOOD)
        assert (run.exit_code, run.stderr) == (0, ""), run.stderr
        written.append(Path(run.stdout.rstrip("\n")))
    assert written[0] == Path("out") / f"mini-check-{stamp}.toml"
    assert written[1].parent == Path("out")
    assert written[1].name.startswith(f"mini-check-{stamp}-")
    assert sorted(p.name for p in (work / "out").iterdir()) == sorted(p.name for p in written)
    for path in written:
        assert verify_status(cli, path) == "trusted"


def test_a_deadline_of_today_is_not_called_past(cli: Cli, work: Path) -> None:
    """A hidden danger to be rectified by the end of today is recorded without a warning; a
    deadline of yesterday is warned of (recorded as given)."""
    today = dt.date.today()
    for day, warned in ((today, False), (today - dt.timedelta(days=1), True)):
        text = GOOD.replace("deadline = 2027-01-15", f"deadline = {day.isoformat()}")
        run = cli([*ARGS, "-o", f"f-{day.isoformat()}.toml"], input=text)
        assert run.exit_code == 0, run.stderr
        warning = (
            f"minecheck: warning: <stdin>: gas-check-genuine: the deadline {day.isoformat()} "
            "is already past (recorded as given)\n"
        )
        assert run.stderr == (warning if warned else "")


def test_every_answer_to_an_item_that_does_not_apply_and_what_follows_it_is_said(
    cli: Cli, work: Path
) -> None:
    """An answer to an item the site's tags rule out is one problem; the answers after it are
    still checked, and all are said at once."""
    text = (
        "[answers]\n"
        '"outburst-org" = "compliant"\n'
        '"gas-check-genuine" = "noncompliant"\n'
        '"methane-return" = { reading = 0.5 }\n'
    )
    run = cli([*ARGS, "-o", "f.toml"], input=text)
    assert (run.exit_code, run.stdout) == (2, ""), run.stderr
    lines = run.stderr.splitlines()
    assert lines[0] == (
        "<stdin>:2:1: 'outburst-org' applies only to outburst; add --tag outburst to include it"
    )
    assert lines[1].startswith("<stdin>:3:1: gas-check-genuine: ")
    assert lines[-1] == "minecheck: error: the answers cannot be used; nothing was written"
    assert not (work / "f.toml").exists()


def test_an_item_for_one_of_two_tags_names_the_first_to_add(cli: Cli, work: Path) -> None:
    """`applies_if = [A, B]` needs one of them: the advice names one --tag, not both."""
    text = CHECKLIST.read_text("utf-8")
    assert 'applies_if = ["outburst"]' in text
    (work / "cl").mkdir()
    checklist = work / "cl" / "mini-check.toml"
    checklist.write_text(
        text.replace('applies_if = ["outburst"]', 'applies_if = ["outburst", "high-gas"]'),
        "utf-8",
    )
    good = GOOD + '"outburst-org" = "compliant"\n'
    args = ["inspect", str(checklist), "--site", "Mine A", "--answers", "-", "-o", "f.toml"]
    run = cli(args, input=good)
    assert (run.exit_code, run.stdout) == (2, ""), run.stderr
    assert run.stderr.splitlines()[0] == (
        "<stdin>:5:1: 'outburst-org' applies only to one of outburst, high-gas; "
        "add --tag outburst to include it"
    )


@pytest.mark.parametrize(
    ("extra", "english", "chinese"),
    [
        (
            ["--tag", "gassy"],
            "minecheck: error: unknown tag 'gassy'\n",
            "minecheck: error: 未知的标签 'gassy'\n",
        ),
        (
            ["--mode", "nightly"],
            "minecheck: error: unknown mode 'nightly'; did you mean night?\n",
            "minecheck: error: 未知的检查方式 'nightly'；您是指 night 吗？\n",
        ),
    ],
)
def test_an_unknown_tag_or_mode_is_refused_before_anything_is_written(
    cli: Cli, work: Path, extra: list[str], english: str, chinese: str
) -> None:
    for lang, said in (("en", english), ("zh", chinese)):
        run = cli([*ARGS, "-o", "f.toml", *extra, "--lang", lang], input=GOOD)
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr.startswith(said), run.stderr
        assert "  hint: " in run.stderr
    assert not (work / "f.toml").exists()
