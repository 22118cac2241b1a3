"""The script writer's guide (docs/guide-scripting.md, .zh.md) taught to a class: its scripts run
as a script writer runs them (under `sh`, which is dash on Debian, and with `set -e`), what it
says of each command held to what the command does, and the advice of its catalogue of codes
to what the commands say."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_guides import FENCE, MARK

SCRIPTS = Path(sys.executable).parent
GUIDES = [REPO / "docs" / "guide-scripting.md", REPO / "docs" / "guide-scripting.zh.md"]
ALL_GUIDES = sorted((REPO / "docs").glob("guide-*.md"))
IDS = [g.name for g in GUIDES]


def environ(workdir: Path) -> dict[str, str]:
    """What cron gives: no terminal, the C locale, a short PATH, a home of its own."""
    (workdir / "tmp").mkdir(exist_ok=True)
    return {
        "PATH": f"{SCRIPTS}:/usr/bin:/bin",
        "HOME": str(workdir),
        "MINECHECK_HOME": str(workdir / "minecheck-home"),
        "LANG": "C",
        "TMPDIR": str(workdir / "tmp"),
    }


def run(args: list[str], workdir: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=workdir,
        env=environ(workdir),
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def blocks(guide: Path, fence: str) -> list[str]:
    """The bodies of the guide's run-marked blocks fenced as `fence`, in order."""
    lines = guide.read_text(encoding="utf-8").splitlines()
    found: list[str] = []
    for i, line in enumerate(lines[:-1]):
        opening = FENCE.match(lines[i + 1])
        if MARK.match(line.strip()) and opening and opening.group(1) == fence:
            end = lines.index("```", i + 2)
            found.append("\n".join(lines[i + 2 : end]) + "\n")
    return found


def gate_script(guide: Path) -> str:
    text = guide.read_text(encoding="utf-8")
    start = text.index("cat > gate.sh <<'EOF'\n") + len("cat > gate.sh <<'EOF'\n")
    return text[start : text.index("\nEOF\n", start) + 1]


# (the Chinese guide's gate speaks Chinese under cron's C locale too: the envelope's message is
# in the language the gate asks for; a status and its detail are the same in every language)
GATE_SAYS = {
    "guide-scripting.md": (
        "refused: junk.toml: malformed: ",
        "cannot check: no-such.toml: input: no-such.toml: no such file\n",
    ),
    "guide-scripting.zh.md": (
        "拒收：junk.toml：malformed：",
        "无法检查：no-such.toml：input：no-such.toml：文件不存在\n",
    ),
}


needs_dash = pytest.mark.skipif(shutil.which("dash") is None, reason="dash is not installed")
needs_jq = pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")


# -- the scripts, as sh and set -e run them ------------------------------------------------------


@needs_dash
@pytest.mark.parametrize("guide", GUIDES, ids=IDS)
def test_every_sh_block_runs_under_dash(guide: Path, tmp_path: Path) -> None:
    """A block fenced `sh` runs under `sh -e`; `set -o pipefail` there stopped dash at once
    ("Illegal option -o pipefail"): the block that needs bash says so by its fence."""
    for body in blocks(guide, "sh"):
        done = run(["dash", "-e", "-c", body], tmp_path)
        assert done.returncode == 0, (body, done.stderr)


def test_no_sh_block_of_any_guide_sets_pipefail() -> None:
    for guide in ALL_GUIDES:
        for body in blocks(guide, "sh"):
            assert "pipefail" not in body, guide.name


@needs_jq
@pytest.mark.parametrize("shell", [["sh", "-e"], ["bash", "-e", "-o", "pipefail"]])
@pytest.mark.parametrize("guide", GUIDES, ids=IDS)
def test_the_gate_says_why_under_set_e(guide: Path, shell: list[str], tmp_path: Path) -> None:
    """gate.sh run with `set -e` (or by a CI runner's `sh -e`) ended at verify's exit 1: no
    line said which file was refused, and its temporary file was left behind."""
    (tmp_path / "gate.sh").write_text(gate_script(guide), encoding="utf-8")
    (tmp_path / "junk.toml").write_text("x = 1\n", encoding="utf-8")
    refused = run([*shell, "gate.sh", "junk.toml"], tmp_path)
    assert refused.returncode == 1
    said = GATE_SAYS[guide.name]  # (the Chinese guide's gate speaks Chinese)
    assert refused.stderr.startswith(said[0])
    unchecked = run([*shell, "gate.sh", "junk.toml", "no-such.toml"], tmp_path)
    assert unchecked.returncode == 2
    assert said[1] in unchecked.stderr
    assert list((tmp_path / "tmp").iterdir()) == []


# -- what the guide says of the commands ---------------------------------------------------------


@pytest.mark.parametrize("guide", GUIDES, ids=IDS)
def test_the_fields_of_a_verdict_are_those_verify_gives(guide: Path, tmp_path: Path) -> None:
    """Section 5 lists the fields of `data.files[]`; `body_sha256` was missing."""
    text = guide.read_text(encoding="utf-8")
    listed = text[text.index("`data.files[]`") :].split("\n\n")[0]
    inside = listed[listed.index("`path`") :]
    inside = re.split(r"[;；]", inside)[0]
    (tmp_path / "junk.toml").write_text("x = 1\n", encoding="utf-8")
    done = run([str(SCRIPTS / "minecheck"), "verify", "--json", "junk.toml"], tmp_path)
    [verdict] = json.loads(done.stdout)["data"]["files"]
    assert re.findall(r"`([a-z_0-9]+)`", inside) == list(verdict)


def _directory_commands(guide: Path) -> list[str]:
    text = guide.read_text(encoding="utf-8")
    heading = re.search(r"\*\*(?:Directories given|给出的目录)\*\*[^\n]*\n?[^\n]*", text)
    assert heading is not None
    before = re.split(r"[:：]", heading.group(0).split("(", 1)[-1].split("（", 1)[-1])[0]
    return re.findall(r"`([a-z]+)`", before)


@pytest.mark.parametrize("guide", GUIDES, ids=IDS)
def test_each_command_said_to_take_a_directory_takes_one(guide: Path, tmp_path: Path) -> None:
    """The catalogue said `merge` and `show` take a directory as every `*.toml` below it: both
    refuse one (`is a directory, not a document`)."""
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "junk.toml").write_text("x = 1\n", encoding="utf-8")
    named = _directory_commands(guide)
    assert named == ["verify", "summary", "export"]
    for command in ("verify", "summary", "export", "merge", "show"):
        extra = ["-o", "merged.toml"] if command == "merge" else []
        done = run([str(SCRIPTS / "minecheck"), command, "--json", "inbox", *extra], tmp_path)
        paths = [p["path"] for p in json.loads(done.stdout)["problems"]]
        assert ("inbox" not in paths) == (command in named), (command, done.stdout)


def test_an_empty_list_on_stdin_is_said_as_the_guide_says(tmp_path: Path) -> None:
    """A day with no file handed in gives `find ... | minecheck verify -` no path: exit 2,
    `input`, as section 4 now tells the nightly job."""
    done = run([str(SCRIPTS / "minecheck"), "verify", "--json", "-"], tmp_path)
    assert done.returncode == 2
    assert [p["code"] for p in json.loads(done.stdout)["problems"]] == ["input"]
    for guide in GUIDES:
        section = guide.read_text(encoding="utf-8").split("\n## 4. ")[1].split("\n## 5. ")[0]
        for said in ("`2`", "`input`", "[ -s "):
            assert said in section, (guide.name, said)


# -- the catalogue's advice ----------------------------------------------------------------------


def _catalogue_row(guide: Path, code: str) -> str:
    [row] = [
        line
        for line in guide.read_text(encoding="utf-8").splitlines()
        if line.startswith(f"| `{code}` |")
    ]
    return row


@pytest.mark.parametrize(
    ("command", "output"),
    [
        (["summary", "inbox"], "out.md"),
        (["export", "inbox", "--format", "csv"], "out.csv"),
        (["merge", "inbox/a.toml"], "out.toml"),
        (
            [
                "inspect",
                "illegal-production",
                "--site",
                "X",
                "--site-id",
                "A",
                "--tag",
                "enterprise",
                "--answers",
                "a.toml",
            ],
            "o",
        ),
    ],
)
def test_an_output_that_exists_is_file_exists(
    command: list[str], output: str, tmp_path: Path
) -> None:
    """The catalogue gives `file-exists` for an output that exists, and `--force` or another
    name; every command but `keys` said `usage` (a wrong command line, which it is not)."""
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.toml").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "a.toml").write_text("[answers]\n", encoding="utf-8")
    (tmp_path / output).write_text("kept\n", encoding="utf-8")
    done = run(
        [str(SCRIPTS / "minecheck"), *command, "--json", "-o", output],
        tmp_path,
    )
    assert done.returncode == 2
    [problem] = [p for p in json.loads(done.stdout)["problems"] if p["path"] == output]
    assert problem["code"] == "file-exists"
    assert "--force" in problem["hint"]
    assert (tmp_path / output).read_text(encoding="utf-8") == "kept\n"


@pytest.mark.parametrize("guide", GUIDES, ids=IDS)
def test_missing_extra_advises_what_the_command_advises(guide: Path) -> None:
    """The guide said `pip install 'minecheck[parquet]'`, which asks an index for minecheck
    where it was installed from a checkout; the command says to install pyarrow."""
    assert "pip install 'pyarrow>=16'" in _catalogue_row(guide, "missing-extra")


@pytest.mark.parametrize("guide", GUIDES, ids=IDS)
def test_untrusted_key_advice_is_where_a_script_finds_it(guide: Path, tmp_path: Path) -> None:
    """The catalogue said the `trust add` line is the hint of `untrusted-key`: `verify --json`
    has no problem for the file and `summary`'s warning no hint; the line is on verify's stderr,
    and a script has the signer and the fingerprint."""
    row = _catalogue_row(guide, "untrusted-key")
    for said in ("`signer`", "`fingerprint`", "`verify`"):
        assert said in row


def test_the_chinese_guide_shows_the_chinese_fail_on_message() -> None:
    """Section 6 prints `.message`, which is in the run's language: the Chinese guide showed
    the English one to a reader whose locale is Chinese."""
    section = GUIDES[1].read_text(encoding="utf-8").split("\n## 6. ")[1].split("\n## 7. ")[0]
    assert "--fail-on major --json --lang zh" in section
    assert "达到阈值" in section


# -- the envelope's path -------------------------------------------------------------------------


def test_an_empty_events_file_is_the_problems_path(tmp_path: Path) -> None:
    """Section 2: `path` is the file a problem is about. `followup --events` of a file with no
    events said `ev.json: there are no events` with a null path."""
    (tmp_path / "ev.json").write_text("", encoding="utf-8")
    (tmp_path / "ev.toml").write_text("[minecheck]\n", encoding="utf-8")
    for name in ("ev.json", "ev.toml"):
        done = run([str(SCRIPTS / "minecheck"), "followup", "--json", "--events", name], tmp_path)
        assert done.returncode == 2
        [problem] = json.loads(done.stdout)["problems"]
        assert (problem["message"], problem["path"]) == (f"{name}: there are no events", name)


@pytest.mark.parametrize("guide", GUIDES, ids=IDS)
def test_bad_time_zone_is_the_local_zone(guide: Path, tmp_path: Path) -> None:
    """The catalogue said `bad-time-zone` is a date-time given without `Z` and advised one in
    UTC; it is the local zone (`TZ=UTC-24`) and the command says to set `TZ`. A date-time
    without a zone is said by the option or the event it was given in."""
    env_tz = {**environ(tmp_path), "TZ": "UTC-24"}
    done = subprocess.run(
        [str(SCRIPTS / "minecheck"), "summary", "--json", "."],
        cwd=tmp_path,
        env=env_tz,
        capture_output=True,
        text=True,
        check=False,
    )
    [problem] = json.loads(done.stdout)["problems"]
    assert (done.returncode, problem["code"]) == (2, "bad-time-zone")
    row = _catalogue_row(guide, "bad-time-zone")
    assert "`TZ`" in row
    assert "2026-12-10T09:00:00Z" not in row


@pytest.mark.parametrize("guide", GUIDES, ids=IDS)
def test_empty_and_cr_name_where_they_are_met(guide: Path, tmp_path: Path) -> None:
    """An empty answers file is `missing-key`, an empty document the verdict `malformed`; an
    answers file with Windows line ends is read. The rows say so (they said any input)."""
    minecheck = str(SCRIPTS / "minecheck")
    (tmp_path / "empty.toml").write_text("", encoding="utf-8")
    (tmp_path / "crlf.toml").write_bytes(b"[answers]\r\n")
    lint = run([minecheck, "checklists", "lint", "--json", "empty.toml"], tmp_path)
    assert [p["code"] for p in json.loads(lint.stdout)["problems"]] == ["empty"]
    verified = run([minecheck, "verify", "--json", "empty.toml"], tmp_path)
    [verdict] = json.loads(verified.stdout)["data"]["files"]
    assert (verdict["status"], verdict["detail"]) == ("malformed", "the file is empty")
    walk = ["inspect", "illegal-production", "--site", "X", "--site-id", "A", "--tag", "enterprise"]
    answered = run([minecheck, *walk, "--json", "--answers", "crlf.toml", "-o", "o"], tmp_path)
    codes = [p["code"] for p in json.loads(answered.stdout)["problems"]]
    assert "cr" not in codes
    assert "missing-items" in codes
    assert "`malformed`" in _catalogue_row(guide, "empty")
    assert "`checklists lint`" in _catalogue_row(guide, "empty")
    assert "answers" in _catalogue_row(guide, "cr") or "答案" in _catalogue_row(guide, "cr")


def test_the_chinese_guide_calls_a_principal_as_the_program_does() -> None:
    """`principal` is 签名身份 in every message, in docs/cli.zh.md and in the other guides; the
    Chinese script writer's guide alone said 主体名 (a term translated two ways)."""
    from minecheck.i18n import ZH

    assert ZH["principal: {value}"] == "签名身份：{value}"
    text = GUIDES[1].read_text(encoding="utf-8")
    assert "主体" not in text
    assert "签名身份" in text


@needs_jq
@pytest.mark.parametrize("guide", GUIDES, ids=IDS)
def test_the_fail_on_rows_are_picked_out_as_the_guide_says(guide: Path) -> None:
    """The catalogue said the tripped `--fail-on` hint's `export` lists the hidden dangers
    counted: it lists every finding (90 rows for the 1 counted in section 6). The guide's `jq`
    filter picks out the open majors, as the summary counts them (report/rows.py `is_open`: a
    noncompliant or inconsistent result, not closed nor withdrawn)."""
    text = guide.read_text(encoding="utf-8")
    section = text.split("\n## 6. ")[1].split("\n## 7. ")[0]
    [open_major] = re.findall(r"jq -r '(select\([^']*\.severity == \"major\"\))", section)
    for result in ("noncompliant", "inconsistent", "compliant", "not-applicable", "not-checked"):
        for state in ("open", "rectified", "accepted", "closed", "withdrawn", None):
            for severity in ("major", "general", None):
                row = {"result": result, "state": state, "severity": severity}
                picked = subprocess.run(
                    ["jq", "-c", open_major],
                    input=json.dumps(row),
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                counted = (
                    result in ("noncompliant", "inconsistent")
                    and state not in ("closed", "withdrawn")
                    and severity == "major"
                )
                assert bool(picked) == counted, row
    assert "`severity`" in _catalogue_row(guide, "fail-on")


TIME_GIVEN = 120  # seconds: minecheck catches SIGTERM well within it, even on a loaded machine
# (the test does not wait it out: once minecheck catches SIGTERM, SIGALRM tells `timeout` its time
# is up, as its own timer does; GNU timeout takes the two alike)


def _catching_sigterm(parent: int) -> None:
    """Wait until the child of PARENT (a `timeout`) catches SIGTERM (Linux's /proc)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        for child in children:
            try:  # (minecheck once `timeout`'s fork has run it: the fork catches SIGTERM)
                argv0 = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")[0]
                running = argv0 != b"" and not argv0.endswith(b"timeout")  # ("": in its exec)
                status = Path(f"/proc/{child}/status").read_text()
            except OSError:
                continue
            if not running:
                continue
            [caught] = [line.split()[1] for line in status.splitlines() if line[:7] == "SigCgt:"]
            if int(caught, 16) >> (signal.SIGTERM - 1) & 1:
                return
        time.sleep(0.02)
    raise AssertionError("minecheck never caught SIGTERM")


@pytest.mark.skipif(shutil.which("timeout") is None, reason="no timeout(1)")
@pytest.mark.parametrize("guide", GUIDES, ids=IDS)
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's /proc")
def test_a_timeout_is_said_as_a_script_sees_it(guide: Path, tmp_path: Path) -> None:
    """Section 3 gave `130` for SIGTERM from a timeout; a script that runs minecheck under
    `timeout` sees timeout's own `124`, and `130` only with `--preserve-status` (minecheck
    waits here on a list of paths that never ends)."""
    minecheck = str(SCRIPTS / "minecheck")
    # A signal sent before minecheck has started kills it without a word, as it does any
    # program not yet running (a fixed 1 s, then 5 s, came too soon on a loaded machine): the
    # test sees minecheck catch SIGTERM before timeout's own clock runs out.
    for options, expected in (([], 124), (["--preserve-status"], 130)):
        with subprocess.Popen(
            ["timeout", *options, str(TIME_GIVEN), minecheck, "verify", "--json", "-"],
            cwd=tmp_path,
            env=environ(tmp_path),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as waiting:
            started = time.monotonic()
            _catching_sigterm(waiting.pid)
            assert time.monotonic() - started < TIME_GIVEN, "minecheck started after the time"
            os.kill(waiting.pid, signal.SIGALRM)
            assert waiting.wait(timeout=60) == expected
            assert waiting.stdout is not None
            said = json.loads(waiting.stdout.read())
        assert said["problems"][0]["code"] == "interrupted"
    text = guide.read_text(encoding="utf-8")
    [row] = [line for line in text.splitlines() if line.startswith("| `130` |")]
    assert "`124`" in row
    assert "--preserve-status" in row


@pytest.mark.parametrize("command", [["verify"], ["summary"], ["export"], ["checklists", "lint"]])
def test_nothing_to_read_says_what_to_do_next(command: list[str], tmp_path: Path) -> None:
    """An empty folder (or an empty list on stdin, a day nothing was handed in) said only
    `no documents to verify (no *.toml files found)`, with no hint, in either language."""
    (tmp_path / "inbox").mkdir()
    said = {}
    for lang in ("en", "zh"):
        done = run(
            [str(SCRIPTS / "minecheck"), *command, "--json", "--lang", lang, "inbox"], tmp_path
        )
        assert done.returncode == 2
        [problem] = json.loads(done.stdout)["problems"]
        assert problem["code"] == "input"
        said[lang] = problem["hint"]
    assert said["en"] == "name the files, or a folder with *.toml files below it"
    assert said["zh"] == "请给出文件，或其下有 *.toml 文件的文件夹"
