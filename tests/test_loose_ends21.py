"""Loose ends, round 21: an events file's warnings placed on stderr, the optional `site_id`'s
words, and `keys generate --trust` where the revoked keys file links to nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import findings
from tests.test_followup_rules import setup
from tests.test_minimal_input import REF

__all__ = ["setup"]  # the fixture

# --- an events file's warnings: the file and the event's line, as other readers say them -------

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


def _events_files(setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Path:
    from minecheck.core import documents

    work: Path = setup["work"]
    work.joinpath("alice.toml").write_bytes(
        findings(
            setup["inspector"],
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
    return work


WARNED = {
    "en": [
        (
            "the event is dated 2026-11-28T09:00:00Z, before the inspection began "
            "(2026-11-29T08:15:00Z): no report will apply it",
            "date the event when it happened, at or after the inspection began ({at})",
        ),
        (
            "alice@coal.example signed the findings that set its deadline, and ent@coal.example "
            "signed none of them: every report applies this extension as signed, though an "
            "extension is the authority's to grant",
            "ask the authority whose order set the deadline, in writing and before it passes; "
            "its inspector signs the extension",
        ),
        (
            "the extension is dated 2026-11-30T12:00:00Z, by the deadline 2026-12-01, and "
            "signed on 2026-12-05, after that deadline passed: reports apply it as made in time",
            "the signed time shows when it was recorded (export --rows events, column signed)",
        ),
        (
            "escalated without a note: which escalation it was is not recorded",
            "name it in the event's note (note): suspension for rectification, a closure "
            "requested, or a transfer to another authority",
        ),
    ],
    "zh": [
        (
            "事件时间 2026-11-28T09:00:00Z 早于检查开始时间（2026-11-29T08:15:00Z）："
            "任何报告都不会采纳该事件",
            "按事件实际发生的时间注明日期，不早于检查开始的时间（{at}）",
        ),
        (
            "设定其整改期限的检查结果由 alice@coal.example 签名，ent@coal.example "
            "未签名其中任何一份：各报告都会按签名采纳该延期，而延期应由执法部门批准",
            "请在期限届满前书面向下达整改期限的执法部门申请延期，由其检查人员签署延期",
        ),
        (
            "延期日期为 2026-11-30T12:00:00Z，未超过期限 2026-12-01，却在该期限过后的 "
            "2026-12-05 才签名：报告会视其为按时作出",
            "签名时间显示其记录时间（export --rows events 的 signed 列）",
        ),
        (
            "升级处理未附说明，未记录是哪一种升级处理",
            "请在该事件的说明（note）中写明：停产整顿、提请关闭或移送",
        ),
    ],
}
REF_SAID = {"en": f"{REF}: ", "zh": f"{REF}："}


def _warned(lang: str, places: list[str], *, at: str = "at") -> str:
    """The warnings of EVENTS' first problems, each after its place (`""` for none)."""
    return "".join(
        f"minecheck: warning: {place}{REF_SAID[lang]}{message}\n  hint: {hint.format(at=at)}\n"
        for place, (message, hint) in zip(places, WARNED[lang][: len(places)], strict=True)
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_events_file_s_warning_names_the_file_and_the_event_s_line_on_stderr(
    cli: Any, setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`followup --events FILE`: a warning about an event said its ref alone in text, the file
    and the line only in `--json`. It now stands after `file:line: ` (a JSON file: its name
    alone, having no lines), as a findings file's warnings do; the command line's event is
    said as before."""
    _events_files(setup, monkeypatch)
    base = [*setup["sign"], "--lang", lang]
    for name, places in (
        ("ev.toml", ["ev.toml:3: ", "ev.toml:8: ", "ev.toml:8: ", "ev.toml:15: "]),
        ("ev.json", ["ev.json: "] * 4),
    ):
        run = cli(["followup", "--events", name, *base, "-o", f"{name}.out"])
        assert (run.exit_code, run.stdout, run.stderr) == (
            0,
            f"{name}.out\n",
            _warned(lang, places),
        )
    first = EVENTS[0]
    args = ["followup", REF, "--action", first["action"], "--at", first["at"], "-o", "one.out"]
    run = cli([*args, *base])
    assert (run.exit_code, run.stdout, run.stderr) == (
        0,
        "one.out\n",
        _warned(lang, [""], at="--at"),
    )
