"""Every guide is followed from start to end with the installed console script.

A shell block in a guide runs when the line before its fence is `<!-- run -->`, or
`<!-- run: exit=N -->` when the block is meant to end with exit code N. Blocks run in order, each
in its own `bash -e -o pipefail`, in one temporary working directory with its own MINECHECK_HOME;
files carry over from block to block, shell variables do not. In a ```console block only the
`$ ` lines (and their `\\` continuations) run; the rest is the output a reader sees, and it must
be what the commands print (see `shown_lines_match`).

A reader who follows a guide sees every warning: a block whose run prints `minecheck: warning:`
fails unless its mark says `warns` (`<!-- run: warns -->`, `<!-- run: exit=1 warns -->`), which
the guide's text then explains; a block so marked that prints none fails too (the text would
explain a warning the reader never sees).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import REPO

GUIDES = sorted((REPO / "docs").glob("guide-*.md"))
SCRIPTS = Path(sys.executable).parent
MARK = re.compile(r"^<!-- run(?::(?:\s*exit=(\d+))?(\s*warns)?)?\s*-->$")
WARNING = "minecheck: warning:"
FENCE = re.compile(r"^```(sh|bash|console)$")


@dataclass(frozen=True)
class Block:
    line: int  # 1-based line of the opening fence
    script: str
    exit: int
    warns: bool = False
    shown: tuple[str, ...] = ()  # the output a ```console block shows


class GuideError(AssertionError):
    pass


def runnable_blocks(text: str, name: str) -> list[Block]:
    """The marked blocks of a guide, in order; a mark not followed by a shell fence is an error."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        mark = MARK.match(lines[i].strip())
        i += 1
        if not mark:
            continue
        fence = FENCE.match(lines[i]) if i < len(lines) else None
        if fence is None:
            raise GuideError(f"{name}:{i}: a run mark must be followed by a ```sh/console fence")
        start = i + 1
        end = start
        while end < len(lines) and lines[end] != "```":
            end += 1
        if end == len(lines):
            raise GuideError(f"{name}:{start}: the block never ends")
        body = lines[start:end]
        console = fence.group(1) == "console"
        script = _console_commands(body) if console else "\n".join(body)
        shown = tuple(_console_output(body)) if console else ()
        blocks.append(
            Block(start, script + "\n", int(mark.group(1) or 0), bool(mark.group(2)), shown)
        )
        i = end + 1
    return blocks


def _console_commands(body: list[str]) -> str:
    commands: list[str] = []
    continued = False
    for line in body:
        if continued:
            commands.append(line)
        elif line.startswith("$ "):
            commands.append(line[2:])
        else:
            continue
        continued = line.endswith("\\")
    return "\n".join(commands)


def _console_output(body: list[str]) -> list[str]:
    shown: list[str] = []
    continued = False
    for line in body:
        if not continued and not line.startswith("$ "):
            shown.append(line)
            continue
        continued = line.endswith("\\")
    return shown


# what varies from run to run: a date, a time of day (the guides run "now"); not a problem's
# `FILE:LINE:COLUMN`, which a reader looks for in the file (nor SHA256:53...)
VARYING = re.compile(r"(?<!\d)(?:\d{4}-\d\d-\d\d|(?<!:)\d\d:\d\d(?!:\s)Z?)")


def _normal(line: str) -> str:
    return VARYING.sub("#", " ".join(line.split()))


def shown_lines_match(shown: tuple[str, ...], printed: str) -> str | None:
    """None when every line a console block shows is printed, in order (stderr, then stdout);
    else the first line that is not. Runs of spaces count as one, dates and times match any
    date and time, and `...` or `…` stands for any text (a line of its own: any lines)."""
    actual = [_normal(line) for line in printed.splitlines()]
    at = 0
    for line in shown:
        if line.strip() in ("", "...", "…"):
            continue
        parts = re.split(r"\.\.\.|…", _normal(line))
        pattern = re.compile(".*".join(re.escape(part) for part in parts))
        while at < len(actual) and not pattern.fullmatch(actual[at]):
            at += 1
        if at == len(actual):
            return line
        at += 1
    return None


def run_guide(text: str, name: str, workdir: Path) -> int:
    """Run every marked block; GuideError at the first that ends with an unexpected exit code."""
    blocks = runnable_blocks(text, name)
    if not blocks:
        raise GuideError(f"{name}: no block is marked <!-- run -->")
    env = {
        "PATH": f"{SCRIPTS}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(workdir / "user"),
        "MINECHECK_HOME": str(workdir / "minecheck-home"),
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
        "TZ": "UTC",
        # the clock a run is given (`faketime` is how a run across a midnight is staged)
        **{k: v for k, v in os.environ.items() if k in ("LD_PRELOAD", "FAKETIME")},
    }
    (workdir / "user").mkdir(exist_ok=True)
    for block in blocks:
        done = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", block.script],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        said = f"--- block\n{block.script}--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
        if done.returncode != block.exit:
            raise GuideError(
                f"{name}:{block.line}: exit {done.returncode}, expected {block.exit}\n{said}"
            )
        if (WARNING in done.stderr) != block.warns:  # (a mark that promises one, too)
            what = (
                "no warning, though marked `warns`"
                if block.warns
                else "a warning the mark does not expect"
            )
            raise GuideError(f"{name}:{block.line}: {what}\n{said}")
        missing = shown_lines_match(block.shown, done.stderr + done.stdout)
        if missing is not None:
            raise GuideError(f"{name}:{block.line}: shown but not printed: {missing}\n{said}")
    return len(blocks)


def test_the_console_script_is_installed() -> None:
    assert (SCRIPTS / "minecheck").is_file()
    assert shutil.which("ssh-keygen"), "the guides check signatures with ssh-keygen"
    assert shutil.which("jq"), (
        "the follow-up, monthly and scripting guides' recipes run jq (.ci/run installs it)"
    )


def _days() -> tuple[dt.date, ...]:
    """Today in the time zones the guides run in (UTC) and name (Beijing's)."""
    return tuple(dt.datetime.now(ZoneInfo(zone)).date() for zone in ("UTC", "Asia/Shanghai"))


AT_STEP = re.compile(r"\bat-step (\d+)")


def dated_ahead(text: str) -> dt.timedelta:
    """How far past the clock a guide's events may be dated: its `at-step N` is N x 30 s from
    now, and its run takes up to a few minutes on a loaded machine."""
    steps = [int(n) for n in AT_STEP.findall(text)]
    return dt.timedelta(seconds=30 * max(steps) + 180) if steps else dt.timedelta()


def wait_for_one_day(ahead: dt.timedelta) -> None:
    """Wait for UTC's midnight when a run that dates events `ahead` of the clock would cross it.

    Its reports are of today (UTC, as the guides are run): an event dated past midnight by
    `at-step` is not yet known to a report made before it (a fresh-clone run at 23:57 UTC
    failed so). The run after midnight is within one day; the wait is at most `ahead`."""
    now = dt.datetime.now(dt.UTC)
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), dt.UTC)
    if now + ahead >= midnight:
        time.sleep((midnight - now).total_seconds() + 1)


@pytest.mark.parametrize("guide", GUIDES, ids=[g.name for g in GUIDES])
def test_guide_runs_from_start_to_end(
    guide: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each guide, block by block. A guide run across a midnight (its files signed on one day,
    a report of `--as-of yesterday` made on the next: the follow-up guide's, once at 00:03 in
    Beijing) is run again from its start: what it shows holds for a run within one day. A
    guide dating events ahead of the clock starts after midnight when they would cross it."""
    text = guide.read_text(encoding="utf-8")
    wait_for_one_day(dated_ahead(text))
    started = _days()
    try:
        ran = run_guide(text, guide.name, tmp_path)
    except GuideError:
        if _days() == started:
            raise
        ran = run_guide(text, guide.name, tmp_path_factory.mktemp("again"))
    assert ran >= 3


def test_the_guides_exist() -> None:
    names = {g.name for g in GUIDES}
    assert {
        "guide-first-inspection.md",
        "guide-first-inspection.zh.md",
        "guide-keys-and-trust.md",
        "guide-keys-and-trust.zh.md",
        "guide-followup.md",
        "guide-followup.zh.md",
        "guide-monthly-report.md",
        "guide-monthly-report.zh.md",
        "guide-scripting.md",
        "guide-scripting.zh.md",
    } <= names


def _outline(path: Path) -> tuple[int, list[tuple[int, bool]], bool]:
    """What two versions of a guide share: sections, run blocks (exit code, warns), the link to
    the other version."""
    text = path.read_text(encoding="utf-8")
    other = (
        path.name.replace(".zh.md", ".md")
        if ".zh." in path.name
        else (path.name.replace(".md", ".zh.md"))
    )
    blocks = [(b.exit, b.warns) for b in runnable_blocks(text, path.name)]
    return len(re.findall(r"^## ", text, flags=re.M)), blocks, f"]({other})" in text


@pytest.mark.parametrize("guide", [g for g in GUIDES if ".zh." not in g.name], ids=lambda g: g.name)
def test_each_guide_has_a_chinese_version_in_step(guide: Path) -> None:
    """Half the inspectors read Chinese: each guide has its .zh.md, with the same sections and
    the same commands run in the same order to the same ends, and each links to the other."""
    chinese = guide.with_name(guide.name.replace(".md", ".zh.md"))
    assert chinese.exists(), f"{chinese.name} is missing"
    english, zh = _outline(guide), _outline(chinese)
    assert (zh[0], zh[1]) == (english[0], english[1])
    assert english[2], f"{guide.name} does not link {chinese.name}"
    assert zh[2], f"{chinese.name} does not link {guide.name}"


# -- the runner itself ---------------------------------------------------------------------------

SAMPLE = """\
# A guide

```sh
exit 9
```

<!-- run -->
```sh
echo one > one.txt
```

Some words.

<!-- run: exit=3 -->
```console
$ cat one.txt \\
    > two.txt
$ printf '%s\\n' 'output a reader' '  sees   it'
output a reader
...
sees it
$ exit 3
```
"""


def test_runner_runs_marked_blocks_in_order_with_expected_exits(tmp_path: Path) -> None:
    blocks = runnable_blocks(SAMPLE, "sample.md")
    assert blocks == [
        Block(8, "echo one > one.txt\n", 0),
        Block(
            15,
            "cat one.txt \\\n    > two.txt\n"
            "printf '%s\\n' 'output a reader' '  sees   it'\nexit 3\n",
            3,
            shown=("output a reader", "...", "sees it"),
        ),
    ]
    assert run_guide(SAMPLE, "sample.md", tmp_path) == 2
    assert (tmp_path / "two.txt").read_text() == "one\n"


def test_runner_takes_a_warning_the_mark_expects(tmp_path: Path) -> None:
    text = (
        "<!-- run: warns -->\n```sh\necho 'minecheck: warning: x' >&2\n```\n"
        "<!-- run: exit=3 warns -->\n```console\n$ echo 'minecheck: warning: y' >&2; exit 3\n"
        "minecheck: warning: …\n```\n"
    )
    assert [b.warns for b in runnable_blocks(text, "sample.md")] == [True, True]
    assert run_guide(text, "sample.md", tmp_path) == 2


def test_shown_output_matches_dates_ellipses_and_spacing() -> None:
    printed = "head\n gas-overlimit   major   open   2027-02-15   Work went on\n at 17:16Z\n"
    assert shown_lines_match((" gas-overlimit major open 2026-12-31 …",), printed) is None
    assert shown_lines_match(("head", "...", "at 03:20Z"), printed) is None
    assert shown_lines_match(("at 03:20Z", "head"), printed) == "head"
    assert shown_lines_match(("gas-overlimit general …",), printed) == "gas-overlimit general …"


@pytest.mark.parametrize("fingerprint", ["53jrxqvZbbfHy2dNtRGNmy010zeycxZnIuexm+i3SmE", "0000abcd"])
def test_a_fingerprint_is_no_time_of_day(fingerprint: str) -> None:
    """`SHA256:53jr…` read as holding the time 56:53 (the key's fingerprint began with two
    digits, one key in about forty), so `SHA256:...` in a guide no longer matched it and the
    guide's test failed now and then."""
    printed = f"zhao.gang@hlj.example SHA256:{fingerprint}\n"
    assert shown_lines_match(("zhao.gang@hlj.example SHA256:...",), printed) is None
    assert (
        shown_lines_match(("at 09:30", "at 2026-12-31T08:15Z"), "at 11:45\nat 2027-01-05T23:59Z\n")
        is None
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<!-- run -->\n```sh\nfalse\necho never\n```\n", "sample.md:2: exit 1, expected 0"),
        ("<!-- run: exit=1 -->\n```sh\ntrue\n```\n", "sample.md:2: exit 0, expected 1"),
        ("<!-- run -->\n```sh\nfalse | cat\n```\n", "sample.md:2: exit 1, expected 0"),
        ("<!-- run -->\n```sh\nminecheck no-such-verb\n```\n", "sample.md:2: exit 2, expected 0"),
        ("<!-- run -->\n\n```sh\ntrue\n```\n", "sample.md:1: a run mark must be followed"),
        ("<!-- run -->\n```sh\ntrue\n", "sample.md:2: the block never ends"),
        ("# nothing to run\n", "sample.md: no block is marked"),
        (
            "<!-- run -->\n```sh\necho 'minecheck: warning: x' >&2\n```\n",
            "sample.md:2: a warning the mark does not expect",
        ),
        ("<!-- run: warns -->\n```sh\ntrue\n```\n", "sample.md:2: no warning, though marked"),
        (
            "<!-- run -->\n```console\n$ echo one; echo two\ntwo\none\n```\n",
            "sample.md:2: shown but not printed: one",
        ),
        (
            "<!-- run -->\n```console\n$ echo 2026-12-31 open\n2027-01-05 closed\n```\n",
            "sample.md:2: shown but not printed: 2027-01-05 closed",
        ),
    ],
)
def test_runner_fails_on_what_a_reader_would_trip_over(
    text: str, message: str, tmp_path: Path
) -> None:
    with pytest.raises(GuideError) as caught:
        run_guide(text, "sample.md", tmp_path)
    assert str(caught.value).startswith(message)


def test_a_guide_dating_events_ahead_waits_for_the_time_they_reach() -> None:
    """The follow-up guide dates events up to 17 steps of 30 s ahead (and says so to readers):
    its run waits for midnight when started within them; a guide dating nothing never waits."""
    text = (REPO / "docs" / "guide-followup.md").read_text(encoding="utf-8")
    assert dated_ahead(text) == dt.timedelta(seconds=17 * 30 + 180)
    assert "Start it more than ten minutes before midnight UTC" in text
    assert dated_ahead("minecheck summary records\n") == dt.timedelta()
