"""An accident investigation: what the archive of one mine proves about who knew what, and when.

A gas explosion at the mine on 15 June 2026 (Beijing time). The investigation team holds the
mine's signed findings and follow-ups and asks the product what was found and when, the state of
each hidden danger on the day before, and which records were signed, or merged, after the
accident while dating what they record earlier. Every `created` and `at` is what a signer wrote:
the archive cannot prove when a file was really made, but it can show where two signed times
contradict each other, and it must give the signed time wherever it gives a verdict or an event.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import (
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
from tests.helpers_merge import (
    ITEMS,
    Who,
    allowed_signers,
    findings,
    make_merged,
    person,
    store_for,
)

DAY_BEFORE = "2026-06-14"  # the accident: 15 June, Beijing time
BAD = ["noncompliant", "compliant", "compliant"]


def _at(month: int, day: int, hour: int = 4, minute: int = 0) -> dt.datetime:
    """A time of 2026 in UTC (04:00 UTC is noon in Beijing)."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=dt.UTC)


def _uuid(text: str) -> str:
    return str(uuid.UUID(bytes=hashlib.sha256(text.encode()).digest()[:16], version=4))


@pytest.fixture
def beijing(in_zone: Callable[[str | None], None]) -> None:
    """The investigation's machine keeps Beijing time: local days are Beijing days."""
    in_zone("Asia/Shanghai")


@dataclasses.dataclass
class Archive:
    """The mine's archive: the inspector Wang, the mine's safety officer Zhao, the expert Chen."""

    root: Path
    wang: Who
    zhao: Who
    chen: Who
    n: int = 0

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def trust(self) -> list[str]:
        return ["--allowed-signers", str(self.root / "allowed_signers")]

    def found(self, name: str, when: dt.datetime, deadline: dt.date) -> str:
        """An inspection by Wang that found one major hidden danger; its reference."""
        iid = _uuid(f"inspection/{name}")
        body = findings(self.wang, BAD, inspection_id=iid, when=when, deadline=deadline)
        (self.docs / f"{name}.toml").write_bytes(body)
        return f"{iid}/{ITEMS[0]}"

    def event(
        self,
        who: Who,
        ref: str,
        action: str,
        at: dt.datetime,
        *,
        signed: dt.datetime | None = None,
        name: str | None = None,
        **kw: Any,
    ) -> Path:
        """One event in a follow-up of its own, dated `at`, signed at `signed` (`at` unless
        given: a later `signed` is a record made late and dated earlier)."""
        self.n += 1
        created = signed or at
        header = Header(FOLLOWUP, _uuid(f"event/{self.n}"), created, who.principal,
                        who.fingerprint, "minecheck 0.1.0")  # fmt: skip
        body = seal(
            FollowUpDoc(header, (Event(ref, action, at, **kw),)).to_toml(),
            who.signer,
            NAMESPACE_FINDINGS,
        )
        path = self.docs / (name or f"event-{self.n:02d}.toml")
        path.write_bytes(body)
        return path


@pytest.fixture
def archive(tmp_path: Path, beijing: None) -> Archive:
    keys = tmp_path / "keys"
    keys.mkdir()
    a = Archive(tmp_path, person(keys, "wang"), person(keys, "zhao"), person(keys, "chen"))
    allowed_signers(tmp_path / "allowed_signers", a.wang, a.zhao, a.chen)
    a.docs.mkdir()
    return a


# -- the signed time of each file, wherever a verdict is given ----------------------------------


def test_verify_and_show_json_give_each_file_s_signed_time_as_show_prints_it(
    cli: Any, archive: Archive
) -> None:
    """An investigator lists the files signed after the accident from `verify --json` (or `show
    --json`): each file's `created`, the time its key was judged at, is there, a merged file's
    sources' too. It was shown at a terminal only ("created: 2026-06-16 04:00Z")."""
    ref = archive.found("march", _at(3, 1), dt.date(2026, 4, 1))
    late = archive.event(archive.zhao, ref, "rectified", _at(3, 20), signed=_at(6, 16))
    run = cli(["verify", "--json", str(late), *archive.trust])
    assert run.exit_code == 0, run.stderr
    (entry,) = run.json()["data"]["files"]
    assert entry["created"] == "2026-06-16T04:00:00Z"
    shown = cli(["show", "--json", str(late), *archive.trust]).json()["data"]["documents"]
    assert [d["created"] for d in shown] == ["2026-06-16T04:00:00Z"]
    said = cli(["show", str(late), *archive.trust]).stdout
    assert "created: 2026-06-16 04:00Z" in said

    source = archive.docs / "march.toml"
    merged = make_merged(
        archive.chen,
        [source.read_bytes()],
        store_for(archive.wang, archive.chen),
        created=_at(3, 2),
    )
    (archive.root / "merged.toml").write_bytes(merged)
    run = cli(["verify", "--json", str(archive.root / "merged.toml"), *archive.trust])
    assert run.exit_code == 0, run.stderr
    (entry,) = run.json()["data"]["files"]
    assert entry["created"] == "2026-03-02T04:00:00Z"
    assert [s["created"] for s in entry["sources"]] == ["2026-03-01T04:00:00Z"]


# -- a merged file that claims to be older than what it holds -----------------------------------

MERGED_TOO_EARLY = (
    "source {path}#1 was signed at 2026-06-16T04:00:00Z, after the merged file that holds it "
    "(2026-06-10T04:00:00Z): one of the two signed times is not true"
)


def test_a_merged_file_signed_before_a_source_it_holds_is_malformed(
    cli: Any, archive: Archive
) -> None:
    """A merged file dated 10 June holds a rectification signed on 16 June, the day after the
    accident: the merger's signature covers the source's signed time, so one of the two is
    false, and the file was made after the 16th if the source's is true. verify said `trusted`,
    and every report counted it; now it is malformed, in both languages, and left out."""
    ref = archive.found("may", _at(5, 1), dt.date(2026, 6, 1))
    late = archive.event(archive.zhao, ref, "rectified", _at(5, 20), signed=_at(6, 16))
    store = store_for(archive.wang, archive.zhao, archive.chen)
    merged = archive.root / "merged.toml"
    merged.write_bytes(make_merged(archive.chen, [late.read_bytes()], store, created=_at(6, 10)))
    late.unlink()
    detail = MERGED_TOO_EARLY.format(path=merged)
    run = cli(["verify", str(merged), *archive.trust])
    assert run.exit_code == 1
    assert run.stdout.splitlines()[0] == (
        f"{merged}: malformed: {detail} (chen@coal.example {archive.chen.fingerprint})"
    )
    zh = cli(["verify", str(merged), *archive.trust, "--lang", "zh"])
    assert (
        f"来源 {merged}#1 的签名时间 2026-06-16T04:00:00Z 晚于包含它的合并文件"
        "（2026-06-10T04:00:00Z）：两个签名时间中必有一个不真实"
    ) in zh.stdout
    run = cli(["export", str(archive.docs), str(merged), *archive.trust, "--rows", "events"])
    assert run.exit_code == 0, run.stderr
    assert [json.loads(line)["action"] for line in run.stdout.splitlines()] == ["found"]
    assert f"{merged}: left out: malformed: {detail}" in run.stderr


def test_a_merged_file_signed_within_ten_minutes_of_its_source_is_trusted(
    cli: Any, archive: Archive
) -> None:
    """Clocks differ by a few minutes (a source up to ten minutes ahead is trusted, SPEC 3):
    a merge made just after a source signed on a fast clock is not accused."""
    ref = archive.found("may", _at(5, 1), dt.date(2026, 6, 1))
    event = archive.event(archive.zhao, ref, "rectified", _at(5, 20), signed=_at(5, 20, 4, 9))
    store = store_for(archive.wang, archive.zhao, archive.chen)
    merged = archive.root / "merged.toml"
    merged.write_bytes(make_merged(archive.chen, [event.read_bytes()], store, created=_at(5, 20)))
    run = cli(["verify", str(merged), *archive.trust])
    assert (run.exit_code, run.stdout.split(": ")[1]) == (0, "trusted")


# -- the export of events: when each event was signed, beside when it says it happened ---------


def test_the_export_of_events_gives_when_each_event_was_signed(cli: Any, archive: Archive) -> None:
    """An extension dated 30 May, before the deadline of 1 June, signed on 17 June, two days
    after the accident: the fold applies it (it is judged at its `at`) and the export's rows
    gave `at` alone, so a back-dated record read as one made in time. Each event row now gives
    `signed`, its document's signed time (a `found` row its findings document's)."""
    ref = archive.found("may", _at(5, 1), dt.date(2026, 6, 1))
    archive.event(
        archive.wang,
        ref,
        "extended",
        _at(5, 30),
        signed=_at(6, 17),
        new_deadline=dt.date(2026, 7, 30),
        note="the enterprise asked on 25 May",
    )
    archive.event(archive.zhao, ref, "rectified", _at(6, 10))
    base = ["export", str(archive.docs), *archive.trust, "--rows", "events"]
    run = cli([*base, "--format", "csv"])
    assert run.exit_code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [(r["action"], r["at"], r["signed"], r["applied"]) for r in rows] == [
        ("found", "2026-05-01T04:00:00Z", "2026-05-01T04:00:00Z", "true"),
        ("extended", "2026-05-30T04:00:00Z", "2026-06-17T04:00:00Z", "true"),
        ("rectified", "2026-06-10T04:00:00Z", "2026-06-10T04:00:00Z", "true"),
    ]
    assert run.stdout.splitlines()[0].endswith(",trust,signed")
    lines = cli([*base, "--format", "jsonl"]).stdout.splitlines()
    assert [json.loads(line)["signed"] for line in lines] == [
        "2026-05-01T04:00:00Z",
        "2026-06-17T04:00:00Z",
        "2026-06-10T04:00:00Z",
    ]
    # as of the day before the accident the extension is not yet known: overdue since 2 June
    run = cli([*base, "--format", "jsonl", "--as-of", DAY_BEFORE])
    known = [json.loads(line) for line in run.stdout.splitlines()]
    assert [(r["action"], r["deadline"]) for r in known] == [
        ("found", "2026-06-01"),
        ("rectified", "2026-06-01"),
    ]


# -- midnight: the day a file was signed, on the calendar the report counts in ------------------


def test_show_names_the_local_time_that_puts_a_file_after_the_day(
    cli: Any, archive: Archive
) -> None:
    """A rectification signed at 16:30 UTC on 14 June is signed at 00:30 on 15 June in Beijing,
    the day of the accident. `show --as-of 2026-06-14` printed "created: 2026-06-14 16:30Z" and,
    under it, "signed on 2026-06-15, after that day": two days for one time, and no word of the
    calendar that decides. It now gives the local time and its offset from UTC."""
    ref = archive.found("june", _at(6, 1), dt.date(2026, 6, 14))
    late = archive.event(archive.zhao, ref, "rectified", _at(6, 14, 16, 30))
    run = cli(["show", str(late), *archive.trust, "--as-of", DAY_BEFORE])
    assert run.exit_code == 0, run.stderr
    said = " ".join(run.stdout.split())  # (a long line wraps at the terminal's width)
    assert (
        "created: 2026-06-14 16:30Z (2026-06-15 00:30 local time, UTC+08:00) not counted as of "
        "2026-06-14, Asia/Shanghai "
    ) in said
    assert (
        "not counted as of 2026-06-14, Asia/Shanghai (UTC+08:00): signed at 2026-06-15 00:30 "
        "local time (UTC+08:00), after that day (a report of that day does not know it yet)"
    ) in said
    zh = cli(["show", str(late), *archive.trust, "--as-of", DAY_BEFORE, "--lang", "zh"])
    assert (
        "截至2026-06-14，Asia/Shanghai（UTC+08:00）不计入：签名于当地时间2026-06-1500:30（UTC+08:00），晚于该日"
        "（该日的报告尚不知道它）"
    ) in "".join(zh.stdout.split())


def test_a_found_row_gives_when_its_inspection_was_recorded(cli: Any, archive: Archive) -> None:
    """An inspection said to have finished on 1 June, its findings signed on 16 June, the day
    after the accident (a record written up afterwards): the `found` row gives both times. Of
    a joint inspection in two files, the earlier signing."""
    iid = _uuid("inspection/written-up")
    header = Header(FINDINGS, _uuid("doc/written-up"), _at(6, 16), archive.wang.principal,
                    archive.wang.fingerprint, "minecheck 0.1.0")  # fmt: skip
    inspection = Inspection(iid, "coal-major-hidden-dangers", "2024.1", "0" * 64, "Demo mine",
                            "wang", "routine", _at(6, 1), _at(6, 1, 6), "en", "HLJ-0001",
                            ("coal-underground",))  # fmt: skip
    rows = (Finding(ITEMS[0], "noncompliant", severity="major", basis=("CMHD-5.2",)),)
    body = FindingsDoc(header, inspection, rows).to_toml()
    (archive.docs / "written-up.toml").write_bytes(
        seal(body, archive.wang.signer, NAMESPACE_FINDINGS)
    )
    joint = findings(archive.chen, BAD, inspection_id=iid, when=_at(6, 18))
    (archive.docs / "joint.toml").write_bytes(joint)
    run = cli(["export", str(archive.docs), *archive.trust, "--rows", "events"])
    assert run.exit_code == 0, run.stderr
    (found,) = [json.loads(line) for line in run.stdout.splitlines()]
    assert (found["action"], found["at"], found["signed"]) == (
        "found",
        "2026-06-01T06:00:00Z",
        "2026-06-16T04:00:00Z",
    )
