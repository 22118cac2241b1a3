"""A trainer's round: the follow-up and monthly guides, as changed, read against the product.

A trainee learns the rules a report applies from the follow-up guide's list, and groups the
refused events of `export --rows events` by their code: each code formats.md lists is named in
that list (en and zh), with the rule as the fold applies it; and the Chinese guides call each
action by one name.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from minecheck.core.documents import Event
from minecheck.core.loop import Hazard, SignedEvent, fold
from tests.conftest import REPO

DOCS = REPO / "docs"
REF = "0b7e4c1a/gas-overlimit"


def _refused_codes() -> list[str]:
    """The codes of formats.md's table of refused events, in its order."""
    text = (DOCS / "formats.md").read_text(encoding="utf-8")
    start = text.index("| `no-such-finding` |")
    table = text[start : text.index("\n\n", start)]
    return re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.M)


def _rules(guide: str) -> str:
    """The follow-up guide's list of the rules the fold applies (en or zh)."""
    text = (DOCS / guide).read_text(encoding="utf-8")
    head = "归并所执行的规则" if ".zh." in guide else "The rules, as the fold applies them"
    start = text.index(head)
    return text[start : text.index("\n\n", text.index("\n- ", start))]


def test_formats_lists_the_codes_the_guide_must_name() -> None:
    codes = _refused_codes()
    assert codes[:2] == ["no-such-finding", "not-a-hidden-danger"]
    assert {"closed-by-rectifier", "extended-not-after-its-day", "unknown-action"} <= set(codes)


@pytest.mark.parametrize("guide", ["guide-followup.md", "guide-followup.zh.md"])
def test_the_follow_up_guide_names_every_rule_a_report_refuses_by(guide: str) -> None:
    """Each rule a report refuses an event by is in the guide's list, named by the code its
    `refused` column carries (an action the fold does not know, `unknown-action`, is one no
    document the schema admits holds: no reader meets it)."""
    rules = _rules(guide)
    unnamed = [c for c in _refused_codes() if c != "unknown-action" and f"`{c}`" not in rules]
    assert unnamed == []


def _fold(*events: tuple[str, dt.datetime, dict[str, object]]) -> list[tuple[str, str]]:
    found = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC)
    hazard = Hazard(
        ref=REF,
        hidden_danger=True,
        severity="general",
        deadline=dt.date(2026, 11, 10),
        found=found,
        site="HLJ-0001",
    )
    signed = [
        SignedEvent(Event(REF, action, at, **kw), "insp@x.example", f"d{i}", 0, f"d{i}.toml")  # type: ignore[arg-type]
        for i, (action, at, kw) in enumerate(events)
    ]
    _, rejected = fold({REF: hazard}, signed, dt.date(2026, 11, 30))
    return [(r.code, r.reason) for r in rejected]


def test_a_new_term_after_the_deadline_is_a_day_after_the_extension_not_its_own() -> None:
    """Back in rectification after its deadline, a hidden danger gets one new term: the guide
    said 'to a day not yet past', which the day the extension is made still is; the fold
    refuses that day, and takes the next."""
    at = dt.datetime(2026, 11, 15, 9, 0, tzinfo=dt.UTC)
    steps: list[tuple[str, dt.datetime, dict[str, object]]] = [
        ("rectified", dt.datetime(2026, 11, 5, 9, 0, tzinfo=dt.UTC), {}),
        ("reopened", dt.datetime(2026, 11, 14, 9, 0, tzinfo=dt.UTC), {}),
    ]
    today = ("extended", at, {"new_deadline": dt.date(2026, 11, 15), "note": "parts late"})
    tomorrow = ("extended", at, {"new_deadline": dt.date(2026, 11, 16), "note": "parts late"})
    assert _fold(*steps, today) == [
        (
            "extended-not-after-its-day",
            "an extension made on 2026-11-15 must set a deadline after that day",
        )
    ]
    assert _fold(*steps, tomorrow) == []
    english, chinese = _rules("guide-followup.md"), _rules("guide-followup.zh.md")
    assert "not yet past" not in english
    assert "尚未过去" not in chinese
    assert "to a day after the one it is made on" in " ".join(english.split())
    assert "新期限须晚于延期当日" in "".join(chinese.split())


def test_the_chinese_closure_rate_calls_a_reopened_one_by_its_name() -> None:
    """guide-followup.zh names `reopened` 重新打开, and so does every other Chinese guide (the
    monthly guide's drift section); the closure rate said 重新整改, which is no action's name."""
    table = (DOCS / "guide-followup.zh.md").read_text(encoding="utf-8")
    name = re.search(r"`reopened`（([^）]+)）", table)
    assert name is not None
    assert name.group(1) == "重新打开"
    monthly = (DOCS / "guide-monthly-report.zh.md").read_text(encoding="utf-8")
    start = monthly.index("### 销号率和本季度数据")
    section = monthly[start : monthly.index("<!-- run -->", start)]
    assert "重新整改" not in section
    assert "销号后又重新打开的不算已销号" in "".join(section.split())


def _block_with(guide: str, words: str) -> str:
    """The script of the guide's run block that holds `words`."""
    from tests.test_guides import runnable_blocks

    text = (DOCS / guide).read_text(encoding="utf-8")
    [script] = [b.script for b in runnable_blocks(text, guide) if words in b.script]
    return script


def _env(folder: Path) -> dict[str, str]:
    """A reader's shell: the console script on PATH, the C locale (as cron's)."""
    (folder / "user").mkdir(exist_ok=True)
    return {
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(folder / "user"),
        "MINECHECK_HOME": str(folder / "minecheck-home"),
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
    }


def _rate(guide: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """The guide's closure-rate block, run as written in `folder` (over its summary.json)."""
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", _block_with(guide, "cat > rate.jq")],
        cwd=folder,
        env=_env(folder),
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("guide", "said"),
    [
        (
            "guide-monthly-report.md",
            "jq: error (at summary.json:33): summary.json holds no figures: incoming: no *.toml "
            "files found below it; monthly: no *.toml files found below it; no documents given "
            "(no *.toml files found)",
        ),
        (
            "guide-monthly-report.zh.md",
            "jq: error (at summary.json:33): summary.json 中没有统计数据：incoming: 其下未找到 "
            "*.toml 文件；monthly: 其下未找到 *.toml 文件；没有给出文件（未找到 *.toml 文件）",
        ),
    ],
)
def test_the_closure_rate_over_a_summary_that_counted_nothing_says_why_in_the_guide_s_language(
    guide: str, said: str, tmp_path: Path
) -> None:
    """The recipe stops and gives the summary's problems: a Chinese reader whose machine speaks
    English (C locale, as cron's) read '…中没有统计数据：no *.toml files found below it; …', the
    summary made without the `--lang zh` the Chinese guide's other commands give; and in either
    language 'no *.toml files found below it' twice, without the folders the screen names."""
    for folder in ("incoming", "monthly"):
        (tmp_path / folder).mkdir()
    [summary] = [
        line
        for line in _block_with(guide, "> summary.json").splitlines()
        if line.endswith("> summary.json")
    ]
    made = subprocess.run(
        ["bash", "-c", summary], cwd=tmp_path, env=_env(tmp_path), capture_output=True, check=False
    )
    assert made.returncode == 2
    done = _rate(guide, tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (5, "", said + "\n")


@pytest.mark.parametrize("guide", ["guide-monthly-report.md", "guide-monthly-report.zh.md"])
def test_the_closure_rate_names_a_folder_once_and_shows_no_control_character(
    guide: str, tmp_path: Path
) -> None:
    """One folder named is in its problem's message already (not said twice); a folder's name is
    whoever made it's: an escape in it reaches the terminal as ?, as guide-scripting's recipes
    show a path."""
    folder = "in\x1b[2Jbox"
    (tmp_path / folder).mkdir()
    with (tmp_path / "summary.json").open("wb") as out:
        made = subprocess.run(
            [str(Path(sys.executable).parent / "minecheck"), "summary", folder, "--json"],
            cwd=tmp_path,
            env=_env(tmp_path),
            stdout=out,
            check=False,
        )
    assert made.returncode == 2
    done = _rate(guide, tmp_path)
    figures = (
        "summary.json 中没有统计数据：" if ".zh." in guide else "summary.json holds no figures: "
    )
    assert (done.returncode, done.stderr) == (
        5,
        f"jq: error (at summary.json:17): {figures}in?[2Jbox: no *.toml files found below it\n",
    )


def test_the_readme_names_every_guide_whose_recipes_need_jq() -> None:
    """The install paragraph said 'the follow-up guide's recipes need jq'; the monthly guide's
    closure rate and the scripting guide's lists run jq too: a reader who installs for one of
    them learns there that it is needed."""
    from tests.test_guides import runnable_blocks

    uses_jq = re.compile(r"(?:^|[|;&(\s])jq\s", flags=re.M)
    needing = [
        guide.name
        for guide in sorted(DOCS.glob("guide-*.md"))
        if ".zh." not in guide.name
        and any(
            uses_jq.search(block.script)
            for block in runnable_blocks(guide.read_text(encoding="utf-8"), guide.name)
        )
    ]
    assert needing == ["guide-followup.md", "guide-monthly-report.md", "guide-scripting.md"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [paragraph] = [p for p in readme.split("\n\n") if "need jq" in p]
    assert [name for name in needing if f"](docs/{name})" not in paragraph] == []


@pytest.mark.parametrize("guide", ["guide-followup.md", "guide-followup.zh.md"])
def test_the_follow_up_guide_shows_a_refused_event_s_time_in_the_report_s_zone(guide: str) -> None:
    """formats.md: a report gives the time of an event not applied in its own zone, with the
    offset, while the warning keeps UTC. A trainee in Beijing saw 16:00+08:00 in the report
    beside 08:00Z on the screen, and the guide showed neither: a run block (which test_guides
    checks against what is printed) now shows both, made with TZ=Asia/Shanghai."""
    from tests.test_guides import runnable_blocks

    text = (DOCS / guide).read_text(encoding="utf-8")
    [block] = [
        b
        for b in runnable_blocks(text, guide)
        if b.script.startswith("TZ=Asia/Shanghai minecheck summary") and "fu-08" in b.script
    ]
    assert block.warns
    assert any(
        "at 2026-01-05T08:00:00Z" in s or "于 2026-01-05T08:00:00Z" in s for s in block.shown
    )
    assert any("| 2026-01-05T16:00:00+08:00 |" in s for s in block.shown)
