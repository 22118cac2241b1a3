"""Loose ends, round 14: a `.pub` holding a private key as every command that reads one meets
it, ..."""

from __future__ import annotations

import datetime as dt
import json
import signal
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from tests.helpers_merge import allowed_signers, findings, person
from tests.test_cli_keys_rules import ALICE, ssh_keygen
from tests.test_followup_rules import setup  # noqa: F401  (a fixture)
from tests.test_loose_ends8 import CASES, _merged
from tests.test_minimal_input import MINIMAL_FOLLOWUP, REF
from tests.test_mutated101 import CLOSER

NOT_ITS_HALF = {
    "en": "{pub} is a private key, not the public half of {key}",
    "zh": "{pub} 是私钥，不是 {key} 的公钥",
}


def _private_pub(key: Path) -> None:
    """KEY's `.pub` made to hold another key's private half."""
    other = key.with_name(f"{key.name}-other")
    ssh_keygen(other, ALICE)
    key.with_name(f"{key.name}.pub").write_bytes(other.read_bytes())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_pub_holding_a_private_key_is_said_alike_by_every_command_that_reads_it(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Round 13 gave `keys import` the words "KEY.pub is a private key, not the public half of
    KEY" and tested them there alone. Every other reader of a public key file says them too:
    the ones that find the `.pub` beside a key, and `trust add --key` / `trust revoke` given a
    `KEY.pub` (which said "pass the public key (KEY.pub.pub)", a file no one meant)."""
    monkeypatch.chdir(tmp_path)
    ssh_keygen(tmp_path / "key", ALICE)
    ssh_keygen(tmp_path / "lone", ALICE)  # a key recorded nowhere
    assert cli(["keys", "import", "./key", "--principal", ALICE]).exit_code == 0
    fingerprint = json.loads(cli(["keys", "show", "--json"]).stdout)["data"]["fingerprint"]
    _private_pub(tmp_path / "key")
    _private_pub(tmp_path / "lone")
    Path("f.toml").write_text(MINIMAL_FOLLOWUP)
    whole = tmp_path / "key"
    said = NOT_ITS_HALF[lang]
    cases: list[tuple[list[str], str]] = [
        (["keys", "show"], said.format(pub=f"{whole}.pub", key=whole)),
        (["keys", "show", "--key", "./key"], said.format(pub=f"{whole}.pub", key=whole)),
        (["keys", "show", "--key", "./lone"], said.format(pub="./lone.pub", key="./lone")),
        (["sign", "f.toml", "--key", "./key"], said.format(pub="./key.pub", key="./key")),
        (["sign", "f.toml"], said.format(pub=f"{whole}.pub", key=whole)),
        (
            ["followup", REF, "--action", "rectified"],
            said.format(pub=f"{whole}.pub", key=whole),
        ),
        (["trust", "revoke", fingerprint], said.format(pub=f"{whole}.pub", key=whole)),
        (
            ["trust", "add", "--principal", "bob@unit.example", "--key", "./lone.pub"],
            said.format(pub="./lone.pub", key="./lone"),
        ),
        (["trust", "revoke", "./lone.pub"], said.format(pub="./lone.pub", key="./lone")),
    ]
    for args, words in cases:
        run = cli([*args, "--lang", lang])
        assert (run.exit_code, run.stdout, run.stderr) == (2, "", f"minecheck: error: {words}\n"), (
            args
        )
    run = cli(["keys", "list", "--lang", lang])
    assert run.exit_code == 0
    assert run.stderr == f"minecheck: warning: {said.format(pub=f'{whole}.pub', key=whole)}\n"
    assert ALICE in run.stdout  # the key still listed
    assert not Path("allowed_signers").exists()
    assert Path("f.toml").read_text() == MINIMAL_FOLLOWUP


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_private_key_named_where_a_public_key_is_asked_for_still_gets_its_pub(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`trust add --key KEY`, KEY a private key the user named: the `.pub` beside it is what
    was meant, as before (only a name ending `.pub` is said as not its key's public half)."""
    monkeypatch.chdir(tmp_path)
    ssh_keygen(tmp_path / "key", ALICE)
    run = cli(["trust", "add", "--principal", ALICE, "--key", "./key", "--lang", lang])
    said = {
        "en": "./key is a private key; pass the public key (key.pub)",
        "zh": "./key 是私钥；请给出公钥（key.pub）",
    }
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", f"minecheck: error: {said[lang]}\n")


EVENTS = [  # dated before the inspection began; an extension signed late; unnamed
    {"finding": REF, "action": "rectified", "at": "2026-11-28T09:00:00Z"},
    {
        "finding": REF,
        "action": "extended",
        "note": "a new fan",
        "at": "2026-11-30T12:00:00Z",
        "new_deadline": "2026-12-20",
    },
    {"finding": REF, "action": "escalated", "at": "2026-12-02T09:00:00Z"},
]


def events_files(made: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The findings of the inspection `setup` MADE (a deadline of 1 December), the clock at 5
    December, and EVENTS as `ev.toml` (their `[[event]]` at lines 3, 8 and 15) and `ev.json`."""
    from minecheck.core import documents

    work: Path = made["work"]
    work.joinpath("alice.toml").write_bytes(
        findings(
            made["inspector"],
            ["compliant", "noncompliant", "compliant"],
            deadline=dt.date(2026, 12, 1),
        )
    )
    monkeypatch.setattr(documents, "utc_now", lambda: dt.datetime(2026, 12, 5, 12, tzinfo=dt.UTC))
    text = "# three events\n"
    for event in EVENTS:
        text += "\n[[event]]\n" + "".join(
            f'{k} = "{v}"\n' if k in ("finding", "action", "note") else f"{k} = {v}\n"
            for k, v in event.items()
        )
    (work / "ev.toml").write_text(text)
    (work / "ev.json").write_text(json.dumps({"event": EVENTS}), encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_warning_of_an_events_file_s_event_names_its_file_and_line(
    cli: Any,
    setup: dict[str, Any],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    """`followup --events FILE --json`: `escalation-unnamed` named the events file and the
    event's line (round 13), `not-applied` and `recorded-late` had `path` and `line` null.
    Each names them now (a JSON file its path alone, the command line neither), and says them
    on stderr too, before the ref (loose ends 21)."""
    events_files(setup, monkeypatch)
    events = EVENTS
    # (the enterprise signs the extension: the authority's to grant, said too)
    codes = ["not-applied", "extended-by-another", "recorded-late", "escalation-unnamed"]
    base = [*setup["sign"], "--lang", lang]
    for name, lines in (("ev.toml", [3, 8, 8, 15]), ("ev.json", [None] * 4)):
        run = cli(["followup", "--events", name, *base, "--json", "-o", f"{name}.out"])
        assert (run.exit_code, run.stderr) == (0, "")
        said = [(p["code"], p["path"], p["line"]) for p in json.loads(run.stdout)["problems"]]
        assert said == [(code, name, line) for code, line in zip(codes, lines, strict=True)]
    for name, lines in (("ev.toml", [3, 8, 8, 15]), ("ev.json", [None] * 4)):
        run = cli(["followup", "--events", name, *base, "-o", f"plain-{name}.out"])
        assert run.exit_code == 0
        warned = [line for line in run.stderr.splitlines() if "warning" in line]
        assert [line[: line.index(REF)] for line in warned] == [
            f"minecheck: warning: {name}{'' if line is None else f':{line}'}: " for line in lines
        ]
    for event in events[:2]:
        args = ["followup", event["finding"], "--action", event["action"], "--at", event["at"]]
        if "new_deadline" in event:
            args += ["--note", event["note"], "--new-deadline", event["new_deadline"]]
        run = cli([*args, *base, "--json", "-o", f"{event['action']}.out"])
        said = [(p["code"], p["path"], p["line"]) for p in json.loads(run.stdout)["problems"]]
        assert said[-1][1:] == (None, None)


# --- a merged file's two tables: their rows begin at one column ---------------------------------

HEADS = {"en": ("FINDING", "SOURCE"), "zh": ("隐患", "来源文件")}


@pytest.mark.parametrize(("case", "lang"), sorted(CLOSER))
def test_the_sources_table_begins_where_the_merged_table_above_it_begins(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, lang: str
) -> None:
    """Laid out closer (no edge: round 8's widths), the merged table's rows began at the first
    column and the Sources table's under it at the second, its edge's. The Sources table leaves
    its edge out where the table above does, so both begin at the first column; at the widths
    around them both keep their edges and begin at the second, as before (or, narrower in
    Chinese, the rows are records)."""
    args = _merged(tmp_path / case, *CASES[case])
    closer = CLOSER[case, lang]
    for width in range(closer.start - 2, closer.stop + 2):
        monkeypatch.setenv("COLUMNS", str(width))
        run = cli([*args, "--lang", lang])
        assert (run.exit_code, run.stderr) == (0, ""), width
        lines = run.stdout.splitlines()
        if any(line.startswith((f"{HEADS[lang][0]}:", f"{HEADS[lang][0]}：")) for line in lines):
            assert width < closer.start  # (narrower, in Chinese: each row a record)
            continue
        starts = [
            next(line.index(head) for line in lines if line.strip().startswith(f"{head} "))
            for head in HEADS[lang]
        ]
        assert starts == [0 if width in closer else 1] * 2, width
        sources = next(i for i, x in enumerate(lines) if x.strip().startswith(f"{HEADS[lang][1]} "))
        assert (lines[sources - 1].strip(), lines[sources + 1].strip()) == ("", ""), width
        assert lines[sources - 2].startswith({"en": "Sources", "zh": "来源文件"}[lang]), width
        assert max(map(cell_len, lines)) <= width, width


# --- a Chinese state's flag: folded before its bracket where the column holds it whole ---------

FLAG = "[未记录执法措施]"
ROOMY = {  # (the widths at which the STATE column holds the flag, which was broken there)
    "short": range(111, 115),
    "long": range(118, 122),
    "four": range(118, 122),
}


def _flags_whole(text: str) -> bool:
    """Whether every flag the text shows begins and ends on one line."""
    return text.count("[未") == text.count(FLAG) > 0


@pytest.mark.parametrize("case", sorted(ROOMY))
def test_a_merged_file_s_flag_is_folded_before_its_bracket_where_its_column_holds_it(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """`未整改 [未记录执法` / `措施]`: the STATE column was wide enough for the flag, but the
    line left (`未整改`, 6 cells) was under a third of it, so the flag was broken between its
    characters. It begins the next line now (the row is no taller: three lines for its
    reference and mine); in English the flag is a word and was never broken."""
    args = _merged(tmp_path / case, *CASES[case])
    for width in ROOMY[case]:
        monkeypatch.setenv("COLUMNS", str(width))
        run = cli([*args, "--lang", "zh"])
        assert (run.exit_code, run.stderr) == (0, ""), width
        assert _flags_whole(run.stdout), width
        lines = run.stdout.splitlines()
        at = [i for i, line in enumerate(lines) if FLAG in line]
        assert all(lines[i - 1].split()[-3:-1] == ["未整改", "-"] for i in at), width
        assert max(map(cell_len, lines)) <= width, width
        english = cli([*args, "--lang", "en"]).stdout
        assert english.count("[no-") == english.count("[no-enforcement]") > 0


@pytest.mark.parametrize("width", [21, 22, 23, 24, 70, 71, 72, 73])
def test_a_findings_file_s_flag_is_folded_before_its_bracket_where_the_line_holds_it(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """`show` of a findings file in Chinese: at 21-24 columns (each row a record, the state
    indented under its label) and 70-73 (a table) the flag was broken after `[未记录执法`; it
    begins the line after `未整改` now, whole."""
    who = person(tmp_path, "alice")
    (tmp_path / "f.toml").write_bytes(findings(who, ["noncompliant", "noncompliant", "compliant"]))
    allowed_signers(tmp_path / "allowed", who)
    monkeypatch.setenv("COLUMNS", str(width))
    args = ["show", str(tmp_path / "f.toml"), "--allowed-signers", str(tmp_path / "allowed")]
    run = cli([*args, "--as-of", "2026-12-06", "--lang", "zh"])
    assert (run.exit_code, run.stderr) == (0, "")
    assert _flags_whole(run.stdout)
    lines = run.stdout.splitlines()
    assert all("未整改" in lines[i - 1] for i, line in enumerate(lines) if FLAG in line)
    assert max(map(cell_len, lines)) <= width


# --- a Ctrl-C sent to a child by a test run in the background ------------------------------------

SAYS_SIGINT = "import signal; print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)"


def test_a_child_takes_ctrl_c_where_the_tests_run_with_sigint_ignored() -> None:
    """test_batch's Ctrl-C of the pool failed whenever the suite ran in the background from a
    script (two runs at once, each `&`): without job control the shell starts it with SIGINT
    ignored, a child inherits that through exec, Python then installs no KeyboardInterrupt,
    and the Ctrl-C the test sends is lost (the run went on to "finished", rc 0). The tests
    that send a child SIGINT take it as a terminal's foreground job does."""
    import subprocess
    import sys

    from tests.conftest import sigint_as_in_a_terminal

    def child() -> str:
        run = [sys.executable, "-c", SAYS_SIGINT]
        return subprocess.run(run, capture_output=True, text=True, check=True, timeout=60).stdout

    before = signal.signal(signal.SIGINT, signal.SIG_IGN)  # (as `&` from a script leaves it)
    try:
        assert child() == "False\n"
        with sigint_as_in_a_terminal():
            assert child() == "True\n"
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)


def test_a_test_run_started_with_sigint_ignored_gives_every_child_ctrl_c() -> None:
    """A test run started as a script's background job (`&`, no job control) inherits SIGINT
    ignored; the pseudo-terminal tests that type Ctrl-C (test_interrupted, test_walk_pty...)
    then waited 30 s each for a child that never took it. The test process, once it has read
    the tests' conftest, starts every child with SIGINT at its default, as a terminal's
    foreground job is started, not only the tests that ask for `ctrl_c_reaches`."""
    import subprocess
    import sys

    run_as_the_tests_do = (
        "import subprocess, sys; import tests.conftest; "
        f"subprocess.run([sys.executable, '-c', {SAYS_SIGINT!r}], check=True)"
    )
    said = subprocess.run(
        [sys.executable, "-c", run_as_the_tests_do],
        cwd=Path(__file__).resolve().parents[1],
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (said.returncode, said.stdout, said.stderr) == (0, "True\n", "")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_findings_file_with_two_flags_is_a_table_at_80_columns(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`open [overdue, no-enforcement]`: the state column kept the whole bracket's 25 cells as
    its least width (capped at 24), and `show` at 80 columns fell back to one field per line
    where it had drawn a table. The column keeps the widest flag with its bracket or comma:
    a line may break between two flags, never inside one."""
    who = person(tmp_path, "alice")
    doc = findings(
        who, ["noncompliant", "noncompliant", "compliant"], deadline=dt.date(2026, 12, 1)
    )
    (tmp_path / "f.toml").write_bytes(doc)
    allowed_signers(tmp_path / "allowed", who)
    monkeypatch.setenv("COLUMNS", "80")
    args = ["show", str(tmp_path / "f.toml"), "--allowed-signers", str(tmp_path / "allowed")]
    run = cli([*args, "--as-of", "2026-12-06", "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    overdue, flag = ("overdue", "no-enforcement") if lang == "en" else ("逾期", "未记录执法措施")
    assert run.stdout.count(overdue) == 2  # each flag whole
    assert run.stdout.count(flag) == 2
    lines = run.stdout.splitlines()
    header = "ITEM" if lang == "en" else "条目"
    assert any(line.split()[:1] == [header] for line in lines), run.stdout  # a table's head
    assert not any(line.lstrip().startswith(f"{header}:") for line in lines)  # not records
    assert max(map(cell_len, lines)) <= 80
