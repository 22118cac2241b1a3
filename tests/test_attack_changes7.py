"""An attacker on the day's changes: a merged file signed before a source it holds, the second
search for a name a principals field admits, the signed times given in reports, and the
investigation guide's recipes run against a hostile archive."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from minecheck.core.principals import names_someone
from tests.conftest import REPO, Run, within
from tests.helpers_merge import (
    CREATED,
    Who,
    allowed_signers,
    findings,
    make_merged,
    person,
    store_for,
)
from tests.test_audit import Office, office  # noqa: F401 - its fixture
from tests.test_cli_keys_trust import Cli
from tests.test_script_contract import _pub

# --- merge on a machine whose clock is behind the signer's ------------------------------------


@pytest.fixture
def two(tmp_path: Path) -> tuple[Who, Who]:
    """Wang and Chen, each trusted in tmp_path/allowed_signers."""
    keys = tmp_path / "keys"
    keys.mkdir()
    wang, chen = person(keys, "wang"), person(keys, "chen")
    allowed_signers(tmp_path / "allowed_signers", wang, chen)
    return wang, chen


def _merge(cli: Cli, tmp_path: Path, merger: Who, *files: Path, more: tuple[str, ...] = ()) -> Run:
    trust = ["--allowed-signers", str(tmp_path / "allowed_signers")]
    out = tmp_path / "merged.toml"
    key = ["--key", str(merger.key), "--signer", merger.principal]
    return cli(["merge", *map(str, files), "-o", str(out), *trust, *key, *more])


AHEAD = (
    "signed at {signed}, more than ten minutes after this computer's clock: a file merged now "
    "would say it was signed before a source it holds, and be refused as malformed"
)
AHEAD_HINT = (
    "check this computer's clock and the signer's (date -u); merge it when this clock is right"
)


@pytest.mark.parametrize("more", [(), ("--allow-untrusted",)], ids=["plain", "allow-untrusted"])
def test_merge_refuses_a_source_signed_ahead_of_its_clock_rather_than_write_a_malformed_file(
    cli: Cli, tmp_path: Path, two: tuple[Who, Who], more: tuple[str, ...]
) -> None:
    """Wang's findings are signed an hour ahead of the merging machine's clock (its clock slow,
    or his fast). merge refused them as `created in the future` with the hint `pass
    --allow-untrusted to merge it anyway`; with it, merge wrote the file, exit 0, and `verify`
    on the same machine called that file malformed ("one of the two signed times is not
    true"), accusing its merger. Now merge refuses, names the clock as the thing to check, and
    writes nothing, --allow-untrusted or not."""
    wang, chen = two
    ahead = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(hours=1)
    source = tmp_path / "ahead.toml"
    source.write_bytes(findings(wang, ["noncompliant", "compliant", "compliant"], when=ahead))
    run = _merge(cli, tmp_path, chen, source, more=more)
    assert run.exit_code == 2, run.stdout
    signed = ahead.isoformat().replace("+00:00", "Z")
    assert run.stderr.splitlines() == [
        f"{source}: {AHEAD.format(signed=signed)}",
        f"  hint: {AHEAD_HINT}",
        "minecheck: error: some documents cannot be merged; nothing was written",
    ]
    assert "--allow-untrusted" not in run.stderr
    assert not (tmp_path / "merged.toml").exists()
    zh = _merge(cli, tmp_path, chen, source, more=(*more, "--lang", "zh"))
    assert zh.exit_code == 2
    assert f"{source}: 签名时间 {signed} 比本机时钟晚 10 分钟以上" in zh.stderr


def test_merge_refuses_a_merged_input_holding_a_document_signed_ahead_of_its_clock(
    cli: Cli, tmp_path: Path, two: tuple[Who, Who]
) -> None:
    """A merged file signed five minutes ahead holds findings signed fourteen minutes ahead
    (each within ten minutes of what holds it): merged now, the new file would be dated more
    than ten minutes before the findings inside it, and refused. merge says the findings'
    time, and names them."""
    wang, chen = two
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    inner = findings(
        wang, ["noncompliant", "compliant", "compliant"], when=now + dt.timedelta(minutes=14)
    )
    store = store_for(wang, chen)
    merged = tmp_path / "inner-merged.toml"
    merged.write_bytes(make_merged(chen, [inner], store, created=now + dt.timedelta(minutes=5)))
    run = _merge(cli, tmp_path, chen, merged, more=("--allow-untrusted",))
    assert run.exit_code == 2, run.stdout
    signed = _z(now + dt.timedelta(minutes=14))
    inside = f"{merged}#1 inside it was signed at {signed}, " + AHEAD.split(", ", 1)[1]
    assert run.stderr.splitlines()[0] == f"{merged}: {inside}"  # (the findings named)
    assert not (tmp_path / "merged.toml").exists()


def test_merge_takes_a_source_signed_within_ten_minutes_ahead_of_its_clock(
    cli: Cli, tmp_path: Path, two: tuple[Who, Who]
) -> None:
    """Clocks a few minutes apart are allowed for (SPEC 3): a source nine minutes ahead is
    merged, and the merged file is trusted."""
    wang, chen = two
    ahead = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(minutes=9)
    source = tmp_path / "ahead.toml"
    source.write_bytes(findings(wang, ["noncompliant", "compliant", "compliant"], when=ahead))
    run = _merge(cli, tmp_path, chen, source)
    assert run.exit_code == 0, run.stderr
    trust = ["--allowed-signers", str(tmp_path / "allowed_signers")]
    verified = cli(["verify", str(tmp_path / "merged.toml"), *trust])
    assert (verified.exit_code, verified.stdout.split(": ")[1]) == (0, "trusted")


# --- the second search for a name a principals field admits: fields built to make it slow ------

# thousands of plain names, each excluded by `*@x*`, and an exclusion of 189 `?`: each name
# goes to the second search, which built every `@`-filling of 190 by 190 runs for each pattern
# (36,481 strings) before its first try, uncounted by the budget: 400 names took 5 s, 3,000
# would take 40 s, and the budget let a field run for minutes
SLOW_FIELD = ",".join(f"a@x{i}" for i in range(3000)) + ",!*@x*,!" + "?" * 189


def test_a_field_of_thousands_of_excluded_names_is_judged_at_once() -> None:
    started = time.perf_counter()
    with within(20):
        assert not names_someone(SLOW_FIELD)
    assert time.perf_counter() - started < 2


def test_trust_add_refuses_such_a_field_at_once(cli: Cli, isolated_home: Path) -> None:
    key = _pub(cli, "a@x.org")
    started = time.perf_counter()
    with within(20):
        run = cli(["trust", "add", "--json", "--principal", SLOW_FIELD, "--key", key])
    assert time.perf_counter() - started < 3
    assert run.exit_code == 2
    assert [p["code"] for p in run.json()["problems"]] == ["principals"]
    assert not (isolated_home / "allowed_signers").exists()


@pytest.mark.parametrize(
    "field",
    [
        # patterns without `@`: the `@` put into one wildcard, runs either side of it
        ",".join(f"*x{i}" for i in range(3000)) + ",!*x*,!" + "?" * 189,
        ",".join(f"a?x{i}" for i in range(3000)) + ",!*x*,!" + "?" * 189,
    ],
    ids=["stars", "marks"],
)
def test_patterns_without_an_at_sign_are_searched_within_the_budget(field: str) -> None:
    started = time.perf_counter()
    with within(20):
        names_someone(field)
    assert time.perf_counter() - started < 3


# --- nested merges: the slack of ten minutes taken again at every level -----------------------

SLACK_LESS_A_SECOND = dt.timedelta(minutes=9, seconds=59)


def _z(at: dt.datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def _chain(office: Office, levels: int) -> bytes:  # noqa: F811 - a parameter
    """Wang's findings (created CREATED) in a merged file dated 9:59 before it, that in
    another dated 9:59 before that, ...: `levels` merged files, each within ten minutes of
    what it holds directly, the outermost levels × 9:59 before the findings."""
    store = store_for(office.wang, office.merger)
    data = findings(office.wang, ["noncompliant", "compliant", "compliant"])
    for level in range(1, levels + 1):
        data = make_merged(
            office.merger,
            [data],
            store,
            created=CREATED - level * SLACK_LESS_A_SECOND,
            document_id=f"9a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c{level:02d}",
        )
    return data


def test_a_merged_file_signed_long_before_a_source_nested_in_it_is_malformed(
    cli: Cli,
    office: Office,  # noqa: F811 - test_audit's office, imported
) -> None:
    """Each merged file was compared only with the sources it holds directly: a merge of a
    merge, each 9:59 before what it holds, was trusted though dated 19:58 before the findings
    inside it (three deep: 29:57), the ten minutes allowed for clocks taken once per level.
    The findings' bytes, their signed time included, are inside the outer file as much as
    inside the inner: now it is malformed, by verify and by security.md's sources.py alike."""
    one = _chain(office, 1)
    (office.work / "one.toml").write_bytes(one)
    assert office.verify(cli, "one.toml") == 0
    for levels in (2, 3):
        data = _chain(office, levels)
        path = office.work / "joint.toml"
        path.write_bytes(data)
        trust = ["--allowed-signers", str(office.work / "allowed_signers")]
        run = cli(["verify", str(path), *trust])
        assert run.exit_code == 1
        # three deep, the merged file inside is already malformed by its findings
        said = f"{path}: malformed: " + (f"source {path}#1 is malformed: " if levels == 3 else "")
        earliest = CREATED - 2 * SLACK_LESS_A_SECOND
        assert run.stdout.splitlines()[0].startswith(
            f"{said}source {path}{'#1' * levels} was signed at {_z(CREATED)}, after the merged "
            f"file that holds it ({_z(earliest)}): one of the two signed times is not true"
        )
        audited = office.audit_merged(data)
        assert audited.returncode == 1
        assert re.search(
            r"REFUSE: joint(\.1)*: source 1 was signed after the merged file that holds it",
            audited.stderr,
        ), audited.stderr


# --- guide-followup section 11: the digests of a hostile archive -------------------------------

HOSTILE_NAMES = ("a.toml", "it's.toml", "two words.toml", "new\nline.toml", "-x.toml", "z.toml")


def _digest_lines(guide: str) -> tuple[str, str]:
    """The section's line that takes the digests (`> taken.sha256`) and the one that checks
    them later (the other naming taken.sha256)."""
    text = (REPO / "docs" / guide).read_text(encoding="utf-8")
    section = text[text.index("\n## 11.") :]
    named = [line for line in section.splitlines() if "taken.sha256" in line]
    take = next(line for line in named if "> taken.sha256" in line)
    (check,) = [line for line in named if line != take]
    return take, check


def _bash(script: str, where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=where,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"},
    )


@pytest.mark.parametrize("guide", ["guide-followup.md", "guide-followup.zh.md"])
def test_the_guide_s_digests_hold_every_file_and_show_one_added_or_changed(
    tmp_path: Path, guide: str
) -> None:
    """`find ... | sort | xargs sha256sum`: a name with a quote stopped xargs ("unmatched single
    quote"), one with a space or a line break was split, so an archive holding `it's.toml`
    was digested only up to it; `sha256sum --check` said nothing of a file added since. The
    recipe now passes names with NULs and compares the whole list again: every file is in
    it, and a file added or changed (one swapped before `verify` read it) is named."""
    take, check = _digest_lines(guide)
    records = tmp_path / "records"
    records.mkdir()
    for i, name in enumerate(HOSTILE_NAMES):
        (records / name).write_text(f"{i}\n")
    taken = _bash(take, tmp_path)
    assert taken.returncode == 0, taken.stderr
    listed = (tmp_path / "taken.sha256").read_text()
    assert listed.count("\n") == len(HOSTILE_NAMES)
    assert all(name.replace("\n", "\\n") in listed for name in HOSTILE_NAMES)
    assert _bash(check, tmp_path).returncode == 0
    (records / "two words.toml").write_text("swapped\n")
    (records / "added.toml").write_text("added\n")
    checked = _bash(check, tmp_path)
    assert checked.returncode != 0
    assert "records/added.toml" in checked.stdout
    assert "records/two words.toml" in checked.stdout


# --- show --as-of: the local offset that puts a file after the day ----------------------------


@pytest.fixture
def shanghai(in_zone: Callable[[str | None], None]) -> None:
    in_zone("Asia/Shanghai")


def test_show_gives_an_offset_of_seconds_whole(
    cli: Cli, tmp_path: Path, two: tuple[Who, Who], shanghai: None
) -> None:
    """A document dated 1900 (the earliest year a document may name), in Shanghai's local mean
    time then, UTC+08:05:43: `show --as-of` printed the offset as "(UTC:05:43)", the last six
    characters of it."""
    wang, _ = two
    old = tmp_path / "old.toml"
    when = dt.datetime(1900, 6, 1, 16, 30, tzinfo=dt.UTC)
    old.write_bytes(findings(wang, ["noncompliant", "compliant", "compliant"], when=when))
    trust = ["--allowed-signers", str(tmp_path / "allowed_signers")]
    run = cli(["show", str(old), *trust, "--as-of", "1900-06-01"])
    assert run.exit_code == 0, run.stderr
    assert (
        "not counted as of 1900-06-01, Asia/Shanghai (UTC+08:05:43): signed at 1900-06-02 00:35 "
        "local time (UTC+08:05:43), after that day"
    ) in " ".join(run.stdout.split())
