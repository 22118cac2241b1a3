"""Every untrusted string traced to where it is shown: one hostile value per field, driven through
each command that shows that field, in English and Chinese, as text and as JSON.

The hostile value carries every class of trouble at once: C0 and C1 controls, an ANSI colour and
an OSC 8 link, bidi overrides and isolates, zero-width and other format characters, line and
paragraph separators, CR and TAB, Rich markup and an emoji code, Markdown and HTML syntax, and a
leading CSV formula trigger. Wherever it is shown it must be made safe and still be recognisable
by the tag it begins with.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from minecheck import paths
from minecheck.cli._render import SHOWN_CHARACTERS
from minecheck.core.documents import (
    FINDING_TEXT_FIELDS,
    FINDINGS,
    FOLLOWUP,
    Event,
    Finding,
    FindingsDoc,
    FollowUpDoc,
    Header,
    Inspection,
)
from minecheck.core.seal import seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS
from tests.helpers_merge import allowed_signers, person

NAMESPACE = NAMESPACE_FINDINGS  # findings and follow-ups alike
CREATED = dt.datetime(2026, 11, 29, 8, 15, tzinfo=dt.UTC)
DOCUMENT = "6f1c2a4e-8b3d-4f7a-9c2e-1d5b7a9e3f01"
INSPECTION = "0b7e4c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d"

MINECHECK = shutil.which("minecheck", path=str(Path(sys.executable).parent))

# what no terminal, report or log may receive as it is (newline aside, where lines are made)
UNSAFE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def hostile(tag: str) -> str:
    """One value holding every class of unsafe text, beginning with `tag` (a formula trigger
    before it, for CSV)."""
    return (
        f"={tag}<\x1b[31mR\x1b]8;;http://e.example\x07L\x1b]8;;\x07\x9b31m\x85"
        "\u202eRTL\u2066I\u2069\u200b\ufeff\u00ad\u2028LS\u2029PS\r\t\x7f"
        "[bold]B[/bold][link=http://e.example]k[/link]:skull: <b>h</b>&amp; *m* |p| `c`\n# h"
    )


def raw(text: str, allowed: str = "\n") -> list[str]:
    """The unsafe characters of `text` that reached it as they are."""
    return sorted({f"U+{ord(ch):04X}" for ch in text if ch not in allowed} & _unsafe(text))


def _unsafe(text: str) -> set[str]:
    return {f"U+{ord(ch):04X}" for ch in set(text) if unicodedata.category(ch) in UNSAFE}


# -- shell completion: names met in minecheck's own directories ---------------------------------

COMPLETED: list[tuple[str, Callable[[], Path], str]] = [
    # (what is completed, the directory a file name is met in, the words typed)
    ("draft ids", paths.drafts_dir, "minecheck drafts discard a"),
    ("checklist ids", paths.user_checklists_dir, "minecheck inspect a"),
]


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
@pytest.mark.parametrize(("what", "directory", "words"), COMPLETED, ids=[c[0] for c in COMPLETED])
def test_completion_offers_no_name_that_cannot_be_shown(
    what: str, directory: Callable[[], Path], words: str, tmp_path: Path
) -> None:
    """A file name met in the drafts or checklist directory is offered to the shell, which
    lists the candidates on the terminal as they are: an OSC sequence in one set the window's
    title, a bidi override turned the list around, a newline made two names that do not exist,
    and a name that is not UTF-8 was a traceback instead of any completion."""
    assert MINECHECK is not None
    where = directory()
    where.mkdir(parents=True)
    names = [
        "ab-good",
        "ab\x1b]0;PWNED\x07c",
        "ab\u202eX",
        "ab\nline",
        "ab\u200bzw",
        "ab[bold]x",
    ]
    for name in names:
        (where / f"{name}.toml").write_text("")
    (where / os.fsdecode(b"ab\xff.toml")).write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("_MINECHECK")}
    cword = str(len(words.split()) - 1)
    env.update({"_MINECHECK_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword})
    run = subprocess.run([MINECHECK], env=env, cwd=tmp_path, capture_output=True, check=False)
    assert (run.returncode, run.stderr) == (0, b"")
    offered = run.stdout.decode("utf-8").splitlines()
    assert offered == ["ab-good", "ab[bold]x"]


# -- a value from a file quoted in a message ----------------------------------------------------

LONG = 100_000  # characters of a bad value in a signed file (a terminal is shown SHOWN_CHARACTERS)


def findings_of(principal: str, fingerprint: str) -> FindingsDoc:
    """A findings document whose every free text is `hostile(<its field>)`."""
    header = Header(FINDINGS, DOCUMENT, CREATED, principal, fingerprint, hostile("tool"))
    inspection = Inspection(
        INSPECTION,
        "coal-major-hidden-dangers",
        "2024.1",
        "0" * 64,
        hostile("site"),
        hostile("inspector"),
        "routine",
        CREATED - dt.timedelta(hours=2),
        CREATED - dt.timedelta(minutes=5),
        "en",
        hostile("site_id"),
        (hostile("site_tag"),),
    )
    major = Finding(
        "gas-overlimit",
        "noncompliant",
        severity="major",
        basis=("CMHD-5.2",),
        deadline=dt.date(2026, 12, 15),
        immediate=("stop-work",),
    )
    texts: dict[str, Any] = {name: hostile(name) for name in FINDING_TEXT}
    major = dataclasses.replace(major, **texts)
    general = Finding(
        "gas-check-genuine",
        "noncompliant",
        severity="general",
        deadline=dt.date(2026, 12, 1),
        description=hostile("general_description"),
    )
    return FindingsDoc(header, inspection, (major, general))


# every free text of a finding (a field added to documents comes in here by itself)
FINDING_TEXT = (*FINDING_TEXT_FIELDS, "note")


@pytest.fixture
def long_values(tmp_path: Path) -> dict[str, str]:
    """Files holding a hostile value LONG characters long where a message quotes it: a signed
    findings file (its measure, result and mode), the allowed_signers file trusting its signer,
    and a checklist (a key of its own); and the value itself, for the command line."""
    import tomli_w

    long = (hostile("long") + "A" * LONG)[:LONG]
    who = person(tmp_path, "alice")
    body = findings_of(who.principal, who.fingerprint).to_toml()
    value = tomli_w.dumps({"v": long})[4:-1].encode()
    for old, new in (
        (b'immediate = ["stop-work"]', b"immediate = [" + value + b"]"),
        (b'result = "noncompliant"', b"result = " + value),
        (b'mode = "routine"', b"mode = " + value),
    ):
        assert old in body, old
        body = body.replace(old, new, 1)
    doc = tmp_path / "long.toml"
    doc.write_bytes(seal(body, who.signer, NAMESPACE_FINDINGS))
    checklist = tmp_path / "checklist.toml"
    checklist.write_text(tomli_w.dumps({"checklist": {"id": "long-one", long: 1}}))
    return {
        "doc": str(doc),
        "signers": str(allowed_signers(tmp_path / "allowed_signers", who)),
        "checklist": str(checklist),
        "value": long.replace("\x00", ""),
    }


QUOTING = [
    # (what says it, the command, its exit code, the lines quoting the value, on stdout)
    ("verify", ["verify", "{doc}", "--allowed-signers", "{signers}"], 1, 3, False),
    ("show", ["show", "{doc}", "--allowed-signers", "{signers}"], 2, 3, False),
    ("checklists lint", ["checklists", "lint", "{checklist}"], 1, 1, True),
    ("a usage error", ["summary", "{doc}", "--by", "{value}"], 2, 1, False),
    ("a command-line error", ["{value}"], 2, 1, False),
]
MORE = {"en": " more characters not shown", "zh": " 个字符未显示"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("what", "args", "code", "count", "on_stdout"), QUOTING, ids=[q[0] for q in QUOTING]
)
def test_a_long_value_quoted_in_a_message_is_cut_as_a_terminal_shows_it(
    long_values: dict[str, str],
    what: str,
    args: list[str],
    code: int,
    count: int,
    on_stdout: bool,
    lang: str,
) -> None:
    """A signed file's bad value is quoted in the message that says what is wrong with it:
    a measure, a result and a mode of 100,000 characters each made three lines of 100,000
    characters on stderr (a megabyte value, megabytes), where every other text from a file is
    shown at most SHOWN_CHARACTERS long and the rest counted."""
    assert MINECHECK is not None
    given = [a.format(**long_values) for a in args]
    env = {**os.environ, "MINECHECK_LANG": lang}
    run = subprocess.run([MINECHECK, *given], env=env, capture_output=True, text=True, check=False)
    assert run.returncode == code
    lines = (run.stdout if on_stdout else run.stderr).splitlines()
    cut = [line for line in lines if "long<" in line]
    assert len(cut) == count, [line[:200] for line in lines]
    for line in cut:
        assert len(line) < SHOWN_CHARACTERS + 1_000
        assert line.endswith(MORE[lang]), line[-80:]
        assert "=long<\\x1b[31mR" in line or "=long<\\u001b[31mR" in line, line[:200]
    assert raw(run.stdout + run.stderr) == []


# -- every field of a findings file and a follow-up, through every command that shows it -------

FOLLOW_UP = "6f1c2a4e-8b3d-4f7a-9c2e-1d5b7a9e3f02"
EVENT_TEXT = ("rectified_note", "accepted_note", "reviewer")


def follow_up_of(principal: str, fingerprint: str) -> FollowUpDoc:
    """A follow-up whose note and reviewer are `hostile(<field>)`: the general hidden danger
    rectified, the major one accepted by an expert."""
    header = Header(
        FOLLOWUP, FOLLOW_UP, CREATED + dt.timedelta(days=1), principal, fingerprint, "t"
    )
    at = CREATED + dt.timedelta(hours=20)
    events = (
        Event(f"{INSPECTION}/gas-check-genuine", "rectified", at, hostile("rectified_note")),
        Event(f"{INSPECTION}/gas-overlimit", "rectified", at, "done"),
        Event(
            f"{INSPECTION}/gas-overlimit",
            "accepted",
            at + dt.timedelta(hours=1),
            hostile("accepted_note"),
            method="expert-review",
            reviewers=(hostile("reviewer"),),
        ),
    )
    return FollowUpDoc(header, events)


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current directory: `docs/` holding the hostile findings file and follow-up (the
    follow-up under a hostile name of its own) and a damaged copy of the findings file under a
    hostile name, and `allowed_signers` trusting their signer."""
    who = person(tmp_path, "alice")
    docs = tmp_path / "docs"
    docs.mkdir()
    signed = seal(findings_of(who.principal, who.fingerprint).to_toml(), who.signer, NAMESPACE)
    (docs / "findings.toml").write_bytes(signed)
    name = hostile("file_name").replace("/", "_").replace("\n", "\u2028")
    body = follow_up_of(who.principal, who.fingerprint).to_toml()
    (docs / f"{name}.toml").write_bytes(seal(body, who.signer, NAMESPACE))
    damaged = hostile("damaged_name").replace("/", "_")
    (docs / f"{damaged}.toml").write_bytes(signed.replace(b"routine", b"routinE"))
    allowed_signers(tmp_path / "allowed_signers", who)
    monkeypatch.chdir(tmp_path)
    return tmp_path


INSPECTION_TEXT = ("site", "inspector", "site_id", "site_tag")
SHOWN_TEXT = (
    "description",
    "location",
    "measures",
    "responsible",
    "enforcement",
    "general_description",
)
FILES = ("file_name", "damaged_name")
AS_OF = ["--as-of", "2026-12-20", "--allowed-signers", "allowed_signers"]
ALL = (*INSPECTION_TEXT, *FINDING_TEXT, "general_description", *EVENT_TEXT, *FILES)
EXPORTED = (*INSPECTION_TEXT[:3], "description", "location", "responsible", "general_description")
REPORTED = ("site", "responsible", *FILES)  # an open major's site, an overdue one's responsible
REPORTED_DATA = ("site", "site_id", "responsible", *FILES)  # and the site's code, in the data
SINKS: list[tuple[str, str, list[str], tuple[str, ...]]] = [
    # (command, sink, its arguments, the fields it shows)
    ("verify", "terminal", ["verify", "docs", *AS_OF[2:]], FILES),
    ("verify", "json", ["verify", "docs", *AS_OF[2:], "--json"], FILES),
    (
        "show",
        "terminal",
        ["show", "docs/findings.toml", *AS_OF],
        (*INSPECTION_TEXT[:3], *SHOWN_TEXT),
    ),
    ("show", "json", ["show", "docs/findings.toml", *AS_OF, "--json"], ALL[:-5]),
    ("show follow-up", "terminal", ["show", "{follow_up}", *AS_OF], (*EVENT_TEXT, FILES[0])),
    ("show follow-up", "json", ["show", "{follow_up}", *AS_OF, "--json"], (*EVENT_TEXT, FILES[0])),
    ("summary", "terminal", ["summary", "docs", *AS_OF, "--format", "table"], REPORTED),
    ("summary", "markdown", ["summary", "docs", *AS_OF, "--format", "md"], REPORTED),
    ("summary", "html", ["summary", "docs", *AS_OF, "--format", "html"], REPORTED),
    ("summary", "csv", ["summary", "docs", *AS_OF, "--format", "csv"], ()),
    ("summary", "json", ["summary", "docs", *AS_OF, "--format", "json"], REPORTED_DATA),
    ("summary", "json lines", ["summary", "docs", *AS_OF, "--format", "nl"], ()),
    ("summary", "envelope", ["summary", "docs", *AS_OF, "--json"], REPORTED_DATA),
    ("summary by site", "terminal", ["summary", "docs", *AS_OF, "--by", "site"], REPORTED),
    (
        "summary by site",
        "csv",
        ["summary", "docs", *AS_OF, "--by", "site", "--format", "csv"],
        ("site", "site_id"),  # (the site's code beside it: the data keeps it)
    ),
    (
        "summary by inspector",
        "html",
        ["summary", "docs", *AS_OF, "--by", "inspector", "--format", "html"],
        ("site", "inspector", *REPORTED[1:]),
    ),
    ("export", "json lines", ["export", "docs", *AS_OF], EXPORTED),
    ("export", "csv", ["export", "docs", *AS_OF, "--format", "csv"], EXPORTED),
    ("export", "envelope", ["export", "docs", *AS_OF, "--json"], (*EXPORTED, *FILES)),
]


def leaks(text: str, sink: str) -> list[str]:
    """What of the hostile values reached `text` unsafe for `sink`."""
    found = [f"raw {ch}" for ch in raw(text, "\n" if sink != "csv" else "\n\r")]
    if "\U0001f480" in text:
        found.append("an emoji code drawn")
    values = len(re.findall(r"=[a-z_]+<", text))  # hostile values shown (each holds markup)
    if sink == "terminal" and text.count("[bold]B[") < values:
        found.append("markup read as markup")
    if sink in ("html", "markdown") and "<b>" in text:
        found.append("HTML left as HTML")
    if sink == "csv":
        import csv
        import io

        cells = (cell for row in csv.reader(io.StringIO(text)) for cell in row)
        found += [f"formula {c[:12]!r}" for c in cells if c.startswith(("=", "+", "-", "@"))]
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("command", "sink", "args", "fields"), SINKS, ids=[f"{s[0]}-{s[1]}" for s in SINKS]
)
def test_each_field_reaches_each_sink_made_safe_and_recognisable(
    cli: Any,
    archive: Path,
    command: str,
    sink: str,
    args: list[str],
    fields: tuple[str, ...],
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "10000")  # a value on one line, where markup would be read
    follow_up = next(str(p) for p in Path("docs").iterdir() if p.name.startswith("=file_name"))
    run = cli([*(a.format(follow_up=follow_up) for a in args), "--lang", lang])
    assert run.exit_code in (0, 1), run.stderr
    assert leaks(run.stdout, sink) == [], run.stdout[:4000]
    assert leaks(run.stderr, "terminal") == [], run.stderr[:4000]
    out = run.stdout.replace("\\_", "_")  # (Markdown's escape of `_` in a tag)
    shown = [f for f in ALL if f"={f}<" in out or f"={f}&lt;" in out]
    assert shown == list(fields)
    if sink in ("json", "envelope", "json lines") and "site" in fields:  # the data kept whole
        lines = run.stdout.splitlines() if sink == "json lines" else [run.stdout]
        assert hostile("site") in strings([json.loads(line) for line in lines])


def strings(value: object) -> set[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return strings(list(value.values()))
    if isinstance(value, list):
        return set().union(*map(strings, value)) if value else set()
    return set()


# -- minecheck's own files: the key list, the trust file, a draft ------------------------------


@pytest.fixture
def own_files(tmp_path: Path) -> None:
    """A key list naming hostile principals and a hostile path (the default key's public key
    at hand, so that its allowed_signers line is made), an allowed_signers line
    whose principal holds bidi and format characters and markup (controls it refuses), and a
    draft whose site is hostile."""
    import tomli_w

    from minecheck.session.draft import Draft

    who = person(tmp_path, "alice")
    other = person(tmp_path, "bob")
    keys = paths.keys_dir()
    keys.mkdir(parents=True)
    listed = [
        {"path": str(who.key), "fingerprint": who.fingerprint, "principal": hostile("principal")},
        {
            "path": hostile("key_path"),
            "fingerprint": other.fingerprint,
            "principal": hostile("key_principal"),
        },
    ]
    registry = {"default": who.fingerprint, "key": listed}
    (keys / "keys.toml").write_text(tomli_w.dumps(registry))
    public = Path(f"{who.key}.pub").read_text().split(" ")[:2]
    bidi = (
        "=trust_principal<\u202eRTL\u2066I\u2069\u200b\ufeff\u00ad\x85\u2028[bold]B[/bold]:skull:"
    )
    paths.allowed_signers_file().write_text(f"{bidi} {' '.join(public)}\n")
    drafts = paths.drafts_dir()
    drafts.mkdir(parents=True)
    draft = Draft(
        "0b7e4c1a",
        "rectification-quality",
        "rectification-quality.toml",
        "2026.1",
        "0" * 64,
        hostile("draft_site"),
        ["enterprise"],
        "alice",
        "routine",
        INSPECTION,
        "en",
        "out.toml",
        CREATED,
    )
    (drafts / "0b7e4c1a.toml").write_text(draft.to_toml())


OWN: list[tuple[str, list[str], tuple[str, ...]]] = [
    ("keys list", ["keys", "list"], ("principal", "key_principal", "key_path")),
    ("keys show", ["keys", "show"], ("principal",)),
    ("trust list", ["trust", "list"], ("trust_principal",)),
    ("drafts list", ["drafts", "list"], ("draft_site",)),
]


@pytest.mark.usefixtures("own_files")
@pytest.mark.parametrize("mode", [[], ["--json"]], ids=["terminal", "json"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("command", "args", "fields"), OWN, ids=[o[0] for o in OWN])
def test_minecheck_own_files_are_shown_made_safe(
    cli: Any,
    command: str,
    args: list[str],
    fields: tuple[str, ...],
    lang: str,
    mode: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "10000")
    run = cli([*args, "--lang", lang, *mode])
    assert run.exit_code == 0, run.stderr
    sink = "json" if mode else "terminal"
    assert leaks(run.stdout, sink) == [], run.stdout[:2000]
    assert leaks(run.stderr, "terminal") == [], run.stderr[:2000]
    assert [f for f in fields if f"={f}<" in run.stdout] == list(fields)
    if mode:
        json.loads(run.stdout)


# -- environment variables -----------------------------------------------------------------------


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_install_completion_says_a_home_of_hostile_name_made_safe(
    tmp_path: Path, shell: str, lang: str
) -> None:
    """`--install-completion` says where it wrote the script, a path under $HOME (or
    $XDG_CONFIG_HOME): a home whose name held an OSC sequence and a bidi override set the
    terminal's title and turned the line around. The messages on stderr are made safe; the
    path on stdout stays its own bytes for a program that reads it, as every path printed."""
    assert MINECHECK is not None
    home = tmp_path / "h\x1b]0;PWNED\x07\u202eRTL"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CONFIG_HOME", "SHELL")}
    env.update({"HOME": str(home), "MINECHECK_LANG": lang})
    run = subprocess.run(
        [MINECHECK, "--install-completion", shell], env=env, capture_output=True, check=False
    )
    assert run.returncode == 0, run.stderr
    said = run.stderr.decode("utf-8")
    assert raw(said) == []
    assert said.count("h\\u001b]0;PWNED\\u0007\\u202eRTL") == (1 if shell == "fish" else 2)
    written = run.stdout.decode("utf-8").rstrip("\n")
    assert written.startswith(str(home))
    assert Path(written).is_file()
