"""`minecheck followup` at the edges its finding refs and warnings turn on: the moment the
inspection began, the earliest day an extension is made, a findings file over the limit."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.seal import MAX_DOCUMENT_BYTES, split
from tests.helpers_merge import CREATED, INSPECTION, Who, allowed_signers, findings
from tests.test_followup import an_inspection_to_follow

REF = f"{INSPECTION}/gas-overlimit"


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    made = an_inspection_to_follow(tmp_path, monkeypatch)
    allowed = allowed_signers(tmp_path / "allowed_signers", made["who"], made["inspector"])
    return {**made, "allowed": allowed}


def _exported(cli: Any, allowed: Path, *files: str) -> tuple[dict[str, str], str]:
    """Each item's state as `export` gives it (every report judges an event the same way), and
    what it warns."""
    run = cli(["export", "alice.toml", *files, "--allowed-signers", str(allowed)])
    assert run.exit_code == 0, run.stderr
    states = {row["item"]: row["state"] for row in map(json.loads, run.stdout.splitlines())}
    return states, run.stderr


def test_an_event_at_the_moment_the_inspection_began_is_applied(
    cli: Any, setup: dict[str, Any]
) -> None:
    """A report refuses an event dated before the inspection began, and applies one dated at
    that very moment (a danger rectified on the spot): the warning at signing says the same,
    to the second."""
    began = CREATED.strftime("%Y-%m-%dT%H:%M:%SZ")  # 2026-11-29T08:15:00Z
    before = (CREATED - dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    said = (
        f"minecheck: warning: {REF}: the event is dated {before}, before the inspection began "
        f"({began}): no report will apply it\n"
        "  hint: date the event when it happened, at or after the inspection began (--at)\n"
    )
    for at, name, stderr in ((before, "early.toml", said), (began, "on-time.toml", "")):
        args = ["followup", REF, "--action", "rectified", "--at", at, "-o", name]
        run = cli([*args, *setup["sign"]])
        assert (run.exit_code, run.stdout, run.stderr) == (0, f"{name}\n", stderr)
    allowed = setup["allowed"]
    states, warned = _exported(cli, allowed, "early.toml")
    assert (states["gas-overlimit"], warned) == (
        "open",
        f"minecheck: warning: early.toml: event rectified for {REF} at {before} not applied: "
        "the event is dated before the finding was recorded\n"
        "  hint: date the event when it happened, at or after the inspection began\n",
    )
    assert _exported(cli, allowed, "on-time.toml") == (
        {"gas-check-genuine": None, "gas-overlimit": "rectified", "methane-return": None},
        "",
    )
    zh = cli(
        [
            *("followup", REF, "--action", "rectified", "--at", before, "-o", "zh.toml"),
            *(*setup["sign"], "--lang", "zh"),
        ]
    )
    assert (zh.exit_code, zh.stdout) == (0, "zh.toml\n")
    assert zh.stderr == (
        f"minecheck: warning: {REF}：事件时间 {before} 早于检查开始时间（{began}）：任何报告都不会"
        "采纳该事件\n"
        "  hint: 按事件实际发生的时间注明日期，不早于检查开始的时间（--at）\n"
    )


def test_a_findings_file_over_the_limit_is_refused_unread(cli: Any, setup: dict[str, Any]) -> None:
    """`--findings` names a document: one past the limit every document has is refused by its
    size, in the reader's language, before a byte is read and before anything is signed."""
    big = setup["work"] / "big.toml"
    with big.open("wb") as fh:
        fh.truncate(MAX_DOCUMENT_BYTES + 1)  # (sparse: nothing is written to the disk)
    args = ["followup", REF, "--action", "escalated", "--findings", "big.toml", "-o", "f.toml"]
    over = f"{MAX_DOCUMENT_BYTES + 1} bytes"
    limit = f"{MAX_DOCUMENT_BYTES} bytes"
    for lang, said in (
        ("en", f"minecheck: error: big.toml: document is {over}, over the limit of {limit}\n"),
        (
            "zh",
            f"minecheck: error: big.toml：文件大小为 {MAX_DOCUMENT_BYTES + 1} 字节，超过 "
            f"{MAX_DOCUMENT_BYTES} 字节的上限\n",
        ),
    ):
        run = cli([*args, *setup["sign"], "--lang", lang])
        assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)
    assert sorted(p.name for p in setup["work"].iterdir()) == ["alice.toml", "big.toml"]


def test_an_item_alone_names_the_full_id_when_its_first_8_characters_are_shared(
    cli: Any, setup: dict[str, Any]
) -> None:
    """A ref given as the item alone is refused with the ref to write: the inspection's first 8
    characters when they name it alone, its full id when another inspection here starts the
    same way."""
    twin = INSPECTION[:8] + "-0000-4e6f-8a0c-2d4f6b8a0c1e"
    (setup["work"] / "twin.toml").write_bytes(
        findings(setup["inspector"], ["noncompliant"], inspection_id=twin, items=["roof-bolts"])
    )
    for item, example in (("gas-overlimit", INSPECTION), ("roof-bolts", twin)):
        run = cli(["followup", item, "--action", "rectified", "-o", "f.toml", *setup["sign"]])
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr.splitlines() == [
            f"finding '{item}' must be <inspection-id>/<item>, here {example}/{item}",
            "minecheck: error: the command line: the events cannot be used; nothing was written",
        ]
    (setup["work"] / "twin.toml").unlink()
    run = cli(["followup", "gas-overlimit", "--action", "rectified", *setup["sign"]])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0].endswith(f"here {INSPECTION[:8]}/gas-overlimit")
    assert not (setup["work"] / "f.toml").exists()


def test_an_acceptance_by_the_rectifier_s_name_or_key_alone_is_said(
    cli: Any, setup: dict[str, Any]
) -> None:
    """The one who reported a major danger rectified may not accept it: the same signer with
    another key, or the same key under another name, is said as the same one; every report
    refuses the acceptance, as `export` shows."""
    ent: Who = setup["who"]
    alice: Who = setup["inspector"]
    rectified = [*("followup", REF, "--action", "rectified", "--at", "2026-11-30T08:00:00Z")]
    run = cli([*rectified, "-o", "r.toml", *setup["sign"]])
    assert (run.exit_code, run.stderr) == (0, "")
    accepted = [
        *("followup", REF, "--action", "accepted", "--method", "expert-review"),
        *("--reviewer", "Dr Li"),
    ]
    accepted += ["--at", "2026-12-01T08:00:00Z"]
    said = (
        f"minecheck: warning: {REF}: ent@coal.example reported it rectified (r.toml): no "
        "report will apply a major hidden danger's acceptance by the one who reported it "
        "rectified\n"
        "  hint: a major hidden danger is accepted by reviewers other than the one who reported it "
        "rectified\n"
    )
    for name, key, signer in (
        ("same-name.toml", alice.key, ent.principal),
        ("same-key.toml", ent.key, "other@coal.example"),
    ):
        run = cli([*accepted, "-o", name, "--key", str(key), "--signer", signer])
        assert (run.exit_code, run.stdout, run.stderr) == (0, f"{name}\n", said)
    run = cli(
        [*accepted, "-o", "other.toml", "--key", str(alice.key), "--signer", "x@coal.example"]
    )
    assert (run.exit_code, run.stdout, run.stderr) == (0, "other.toml\n", "")
    allowed = setup["work"].parent / "each_name_with_its_key"
    allowed.write_text(
        "".join(
            f"{principal} {Path(f'{key}.pub').read_text()}"
            for principal, key in (
                (ent.principal, ent.key),
                (ent.principal, alice.key),
                ("other@coal.example", ent.key),
                ("x@coal.example", alice.key),
                (alice.principal, alice.key),
            )
        )
    )
    refused = f"event accepted for {REF} at 2026-12-01T08:00:00Z not applied"
    for name, state, warned in (
        (
            "same-name.toml",
            "rectified",
            f"{refused}: ent@coal.example reported it rectified and cannot also accept it",
        ),
        (
            "same-key.toml",
            "rectified",
            f"{refused}: the key that reported it rectified cannot also accept it",
        ),
        ("other.toml", "accepted", None),
    ):
        states, stderr = _exported(cli, allowed, "r.toml", name)
        hint = (
            "  hint: a major hidden danger is accepted by reviewers other than the one who "
            "reported it rectified\n"
        )
        assert (states["gas-overlimit"], stderr) == (
            state,
            f"minecheck: warning: {name}: {warned}\n{hint}" if warned else "",
        )


def test_an_extension_is_judged_on_the_earliest_day_it_is_made_anywhere(
    cli: Any, setup: dict[str, Any]
) -> None:
    """A report judges an extension on its own machine's day, so the warning takes the earliest
    day the moment falls on anywhere (UTC-12): 11:59:59Z on 30 November is still the 29th
    there, 12:00:00Z is the 30th."""
    for at, said in (("2026-11-30T11:59:59Z", False), ("2026-11-30T12:00:00Z", True)):
        run = cli(
            [
                *("followup", REF, "--action", "extended", "--note", "a new fan"),
                *("--new-deadline", "2026-11-30", "--at", at, "-o", "x.toml", "--force"),
                *setup["grant"],
            ]
        )
        assert (run.exit_code, run.stdout) == (0, "x.toml\n"), run.stderr
        assert run.stderr == (
            f"minecheck: warning: {REF}: the new deadline 2026-11-30 is not after 2026-11-30, "
            "the day the extension is made: no report will apply it\n"
            "  hint: an extension moves the deadline later: give a day after 2026-11-30 "
            "(--new-deadline)\n"
            if said
            else ""
        )


def _events(cli: Any, setup: dict[str, Any], text: str) -> Any:
    (setup["work"] / "ev.toml").write_text(f'[[event]]\nfinding = "{REF}"\n{text}')
    return cli(["followup", "--events", "ev.toml", "-o", "f.toml", *setup["sign"]])


def test_an_event_without_its_time_happened_when_the_stated_created_says(
    cli: Any, setup: dict[str, Any]
) -> None:
    """An event with no `at` happened when its document was made: the `created` the events file
    states, not the moment it is signed."""
    (setup["work"] / "ev.toml").write_text(
        "[minecheck]\ncreated = 2026-11-30T10:00:00Z\n\n"
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\n'
    )
    run = cli(["followup", "--events", "ev.toml", "-o", "f.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "f.toml\n", "")
    body = split((setup["work"] / "f.toml").read_bytes())[0].decode()
    assert "\ncreated = 2026-11-30T10:00:00Z\n" in body
    assert body.endswith(
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nat = 2026-11-30T10:00:00Z\n\n'
    )


def test_a_toml_time_without_its_zone_and_a_toml_date_out_of_range_are_refused(
    cli: Any, setup: dict[str, Any]
) -> None:
    """A TOML local date-time is no instant (it is not read in the machine's zone), and a TOML
    date for a new deadline is held to the years every date a person gives is held to."""
    run = _events(cli, setup, 'action = "escalated"\nat = 2026-11-30T10:00:00\n')
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "ev.toml:4:1: at must be an offset date-time in UTC",
        "minecheck: error: ev.toml: the events cannot be used; nothing was written",
    ]
    run = _events(cli, setup, 'action = "extended"\nnote = "x"\nnew_deadline = 1800-01-01\n')
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "ev.toml:1: event 1: new_deadline '1800-01-01' lies outside the years 1900 to 9000",
        "minecheck: error: ev.toml: the events cannot be used; nothing was written",
    ]
    assert not (setup["work"] / "f.toml").exists()


def test_an_events_file_written_with_crlf_line_ends_is_read(
    cli: Any, setup: dict[str, Any]
) -> None:
    """An events file is written by hand, often in a Windows editor: CRLF line ends are read as
    line ends, and the follow-up written holds LF only."""
    (setup["work"] / "ev.toml").write_bytes(
        f'[[event]]\r\nfinding = "{REF}"\r\naction = "rectified"\r\n'
        "at = 2026-11-30T10:00:00Z\r\n".encode()
    )
    run = cli(["followup", "--events", "ev.toml", "-o", "f.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "f.toml\n", "")
    body = split((setup["work"] / "f.toml").read_bytes())[0]
    assert b"\r" not in body
    assert body.endswith(
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\n'
        "at = 2026-11-30T10:00:00Z\n\n".encode()
    )


def test_an_events_file_saved_as_gb18030_is_told_how_to_convert(
    cli: Any, setup: dict[str, Any]
) -> None:
    """An events file written by hand in a GB18030 editor is refused at its first byte that is
    not UTF-8, with the command that converts it."""
    (setup["work"] / "ev.toml").write_bytes(
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nnote = "更换传感器"\n'.encode(
            "gb18030"
        )
    )
    run = cli(["followup", "--events", "ev.toml", "-o", "f.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "ev.toml:4:9: not UTF-8: byte 0xb8 cannot be decoded",
        "  hint: it reads as GB18030 text: convert it to UTF-8 with:",
        "    iconv -f GB18030 -t UTF-8 ev.toml > ev.utf-8.toml",
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
        "minecheck: error: ev.toml is not UTF-8 text",
    ]
    assert not (setup["work"] / "f.toml").exists()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            [
                "--at 'yesterday' is not a UTC time like 2026-12-10T09:00:00Z",
                "minecheck: error: the command line: the events cannot be used; nothing was "
                "written",
            ],
        ),
        (
            "zh",
            [
                "--at 'yesterday' 不是形如 2026-12-10T09:00:00Z 的 UTC 时间",
                "minecheck: error: 命令行：事件无法使用；未写入任何文件",
            ],
        ),
    ],
)
def test_an_unreadable_event_time_is_said_as_a_time(
    cli: Any, setup: dict[str, Any], lang: str, said: list[str]
) -> None:
    """`--at` that cannot be read is said as a time, not as a date (as a new deadline is)."""
    args = ["followup", REF, "--action", "escalated", "--at", "yesterday", "-o", "f.toml"]
    run = cli([*args, *setup["sign"], "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == said
    assert not (setup["work"] / "f.toml").exists()


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("ev.json", '{"zeta": 1, "alpha": 2, "event": []}', "events go in an 'event' list"),
        ("ev.toml", "zeta = 1\nalpha = 2\n", "events are [[event]] tables"),
    ],
)
def test_of_several_unknown_keys_the_first_in_order_is_named(
    cli: Any, setup: dict[str, Any], name: str, text: str, said: str
) -> None:
    """Several keys an events file may not hold: the first in alphabetical order is named,
    whatever order they were written in (the same file says the same every time)."""
    (setup["work"] / name).write_text(text)
    run = cli(["followup", "--events", name, "-o", "f.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"minecheck: error: {name}: unknown key 'alpha'; {said}\n"
    assert not (setup["work"] / "f.toml").exists()


@pytest.mark.parametrize("created", ['"yesterday"', "2026-11-30", "2026-11-30T10:00:00", "7"])
def test_a_stated_created_that_cannot_be_read_is_said_once(
    cli: Any, setup: dict[str, Any], created: str
) -> None:
    """No created time was read, so no event can be after it: the events file was also told
    "at is after the document's created time", which was untrue."""
    (setup["work"] / "ev.toml").write_text(
        f"[minecheck]\ncreated = {created}\n\n"
        f'[[event]]\nfinding = "{REF}"\naction = "escalated"\nat = 2026-11-30T09:00:00Z\n'
    )
    run = cli(["followup", "--events", "ev.toml", "-o", "f.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "ev.toml:2:1: created must be an offset date-time in UTC",
        "minecheck: error: ev.toml: the events cannot be used; nothing was written",
    ]
    assert not (setup["work"] / "f.toml").exists()


def test_an_extension_dated_before_its_deadline_and_signed_after_it_is_said_late(
    cli: Any, setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An extension dated before the deadline the findings give, signed days after that
    deadline passed: every report applies it on its date, as made in time (an oral extension
    recorded late, or a back-dated one). It is signed, and the signer is told what reports
    will show and where the late recording shows; signed before the deadline, nothing is said.
    Times are far from midnight, so the local days are the same in any zone."""
    from minecheck.core import documents

    work: Path = setup["work"]
    due = dt.date(2026, 12, 1)
    (work / "alice.toml").write_bytes(
        findings(setup["inspector"], ["compliant", "noncompliant", "compliant"], deadline=due)
    )
    at = "2026-11-30T12:00:00Z"
    args = ["followup", REF, "--action", "extended", "--note", "a new fan", "--at", at]
    args += ["--new-deadline", "2026-12-20", *setup["grant"]]
    for now, name, late in (
        (dt.datetime(2026, 11, 30, 12, 5, tzinfo=dt.UTC), "in-time.toml", False),
        (dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC), "late.toml", True),
    ):
        monkeypatch.setattr(documents, "utc_now", lambda now=now: now)
        run = cli([*args, "-o", name])
        assert (run.exit_code, run.stdout) == (0, f"{name}\n"), run.stderr
        assert run.stderr == (
            f"minecheck: warning: {REF}: the extension is dated {at}, by the deadline "
            "2026-12-01, and signed on 2026-12-05, after that deadline passed: reports apply "
            "it as made in time\n"
            "  hint: the signed time shows when it was recorded "
            "(export --rows events, column signed)\n"
            if late
            else ""
        )
        assert (work / name).exists()
        (work / name).unlink()  # (beside it, the same extension again is not later: refused)
    monkeypatch.setattr(documents, "utc_now", lambda: dt.datetime(2026, 12, 5, 12, tzinfo=dt.UTC))
    run = cli([*args, "-o", "late.json", "--json"])
    [problem] = run.json()["problems"]
    assert (run.exit_code, run.json()["ok"], problem["code"]) == (0, True, "recorded-late")
    (work / "late.json").unlink()
    zh = cli([*args, "-o", "late-zh.toml", "--lang", "zh"])
    assert zh.exit_code == 0
    assert zh.stderr == (
        f"minecheck: warning: {REF}：延期日期为 {at}，未超过期限 2026-12-01，却在该期限过后的 "
        "2026-12-05 才签名：报告会视其为按时作出\n"
        "  hint: 签名时间显示其记录时间（export --rows events 的 signed 列）\n"
    )
