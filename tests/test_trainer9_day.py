"""What a trainer met following the day's guides in both languages, at 80 and 40 columns: the
walk's review counting in Chinese (`不适用 89` / `项` at 40 columns: a count parted from its
measure word), a follow-up's unknown inspection said as "in the current directory" when the
files were named with `--findings`, and the monthly script mailing a person every month when
nothing needed them."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from minecheck.cli._breaks import breaks
from minecheck.core.documents import Finding
from minecheck.i18n import set_language
from minecheck.session.walk import Review
from tests.conftest import REPO
from tests.helpers_cron import as_cron
from tests.helpers_merge import INSPECTION, allowed_signers, findings, person
from tests.test_followup import setup as setup  # (a fixture: a signed findings file, keys)


def reviewed(width: int, findings: tuple[Finding, ...]) -> list[str]:
    """The review's lines as the walk's terminal shows them at `width` columns, in Chinese
    (`q` chosen: the choice is not what is looked at)."""
    from minecheck.cli._output import following
    from minecheck.cli._prompter import RichPrompter

    out = io.StringIO()
    console = following(file=out, width=width, no_color=True, highlight=False)
    set_language("zh")
    stdin, sys.stdin = sys.stdin, io.StringIO("q\n")
    try:
        RichPrompter(console, "zh", dt.date(2026, 12, 6)).review(Review(findings, ()))
    finally:
        sys.stdin = stdin
        set_language("en")
    return [line.rstrip() for line in out.getvalue().splitlines()]


# the trainer's walk: one `y` with its reason, one non-compliance, the rest `a` (89 with the
# items the site's tags leave out)
WALKED = (
    Finding("output-within-capacity", "compliant"),
    Finding(
        "plans-within-capacity",
        "noncompliant",
        severity="major",
        description="Plans exceed capacity by 15%",
        deadline=dt.date(2027, 1, 5),
    ),
    *(Finding(f"item-{i}", "not-applicable") for i in range(89)),
)


def test_the_review_s_count_in_chinese_keeps_its_measure_word_at_40_columns() -> None:
    """At 40 columns the review read `复核：符合 1 项，不符合 1 项，不适用 89` / `项`: the count
    and its `项` on two lines. The count goes with its word, as `3个` always did."""
    lines = reviewed(40, WALKED)
    assert lines[1:3] == ["复核：符合 1 项，不符合 1 项，不适用", "89 项"]


@pytest.mark.parametrize(
    "line",
    [
        "复核：符合 1 项，不符合 1 项，不适用 89 项",
        "复核：符合 12 项，不符合 3 项，不适用 21 项，未作答 34 项",
        "草稿 0159530f（已答 0 项 + 1 项未完成）",
        "共 1 份文件：受信任 1 份",
    ],
)
@pytest.mark.parametrize("width", range(16, 48))
def test_a_count_is_never_parted_from_its_chinese_word(line: str, width: int) -> None:
    """`N 项`, `N 份`: the class. At any width a count goes with the word it counts, but where
    holding them would cost a line (as with TERMS: a table's row, a question no taller)."""
    from minecheck.cli._breaks import _broken, pieces

    cuts = breaks(line, width)
    held = _broken(line, pieces(line), width, None, False)
    parted = [at for at in cuts if line[:at].rstrip()[-1:].isdigit() and line[at - 1] == " "]
    assert not parted or len(held) > len(cuts), [line[:at] for at in parted]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "none of the --findings files holds inspection 'ffff'"),
        ("zh", "--findings 所给的检查结果文件中没有检查 'ffff'"),
    ],
)
def test_an_unknown_inspection_names_the_files_given_not_the_current_directory(
    cli: Any, setup: dict[str, Any], lang: str, said: str
) -> None:
    """With `--findings FILE` named, the Chinese said `当前目录下没有检查结果文件包含检查
    'ffff'` (in the current directory), where no file of the current directory was read; the
    English `here` left the reader to guess which files."""
    run = cli(
        [
            "followup",
            "ffff/gas-overlimit",
            "--action",
            "rectified",
            "--findings",
            "alice.toml",
            "-o",
            "f.toml",
            "--lang",
            lang,
            *setup["sign"],
        ]
    )
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == said
    assert INSPECTION not in said


# --- the monthly script: it tells a person only when something needs them --------------------

MONTHLY = ("guide-monthly-report.md", "guide-monthly-report.zh.md")
SCRIPT = re.compile(r"cat > monthly-report\.sh <<'EOF'\n(.*?)\nEOF\n", re.DOTALL)


def monthly(guide: str, tmp_path: Path, results: list[str], due: dt.date) -> tuple[int, str, str]:
    """The guide's monthly script, run as cron runs it over one trusted findings file: its exit
    status, and what cron would mail (stdout, stderr)."""
    script = SCRIPT.search((REPO / "docs" / guide).read_text(encoding="utf-8"))
    assert script is not None
    (tmp_path / "monthly-report.sh").write_text(script.group(1) + "\n")
    (tmp_path / "monthly-report.sh").chmod(0o755)
    alice = person(tmp_path, "alice")
    home = tmp_path / "home"
    home.mkdir()
    allowed_signers(home / "allowed_signers", alice)
    (tmp_path / "incoming").mkdir()
    (tmp_path / "incoming" / "alice.toml").write_bytes(findings(alice, results, deadline=due))
    done = as_cron(tmp_path, ["./monthly-report.sh", "incoming", "reports"], home)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("guide", MONTHLY)
def test_the_monthly_script_mails_nothing_when_nothing_needs_a_person(
    guide: str, tmp_path: Path
) -> None:
    """The guide says the script `tells a person only when something needs them`, and cron
    mails whatever a job writes: it wrote the two paths `export -o` and `summary -o` print, and
    `no overdue hidden dangers`, every month."""
    later = dt.date.today() + dt.timedelta(days=30)
    status, out, err = monthly(guide, tmp_path, ["compliant", "noncompliant", "compliant"], later)
    assert (status, out, err) == (0, "", "")
    month = next((tmp_path / "reports").iterdir())
    assert sorted(p.name for p in month.iterdir()) == [
        "findings.csv",
        "summary.html",
        "summary.json",
        "verify.txt",
    ]


@pytest.mark.parametrize(
    ("guide", "said"),
    [
        (MONTHLY[0], "overdue hidden dangers: see reports/{month}/summary.html"),
        (MONTHLY[1], "有逾期隐患：见 reports/{month}/summary.html"),
    ],
)
def test_the_monthly_script_still_tells_of_an_overdue_danger(
    guide: str, said: str, tmp_path: Path
) -> None:
    past = dt.date(2026, 11, 1)
    status, out, err = monthly(guide, tmp_path, ["compliant", "noncompliant", "compliant"], past)
    month = next((tmp_path / "reports").iterdir()).name
    assert (status, out, err) == (1, "", said.format(month=month) + "\n")
