"""Hand-built consolidated findings with known answers, for the summary and its renderers.

`KNOWN` is small enough to count by hand (the totals are written out in the tests); `sample()`
is a larger, seeded corpus of several mines over half a year, the one docs/sample-report.* show.
Run `python -m tests.summary_corpus OUTDIR` to write the sample report's HTML there.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from minecheck.report.rows import DocumentStatus, FindingRow, RejectedEvent
from minecheck.report.zone import Calendar

AS_OF = dt.date(2026, 12, 1)
D = dt.date

INSPECTION_A = "0b7f0f3e-5a7c-4d0e-9b1e-1f6c1d2a0a01"
INSPECTION_B = "0b7f0f3e-5a7c-4d0e-9b1e-1f6c1d2a0a02"
INSPECTION_C = "0b7f0f3e-5a7c-4d0e-9b1e-1f6c1d2a0a03"
INSPECTION_D = "0b7f0f3e-5a7c-4d0e-9b1e-1f6c1d2a0a04"

XINXING = "Xinxing Coal Mine 新兴煤矿"
DONGSHAN = "Dongshan Coal Mine"
HONGYANG = "Hongyang Iron Mine"


def principal_of(name: str) -> str:
    """The principal a test inspector of this name signs as (one per name)."""
    local = re.sub(r"[^a-z0-9]+", ".", name.lower()).strip(".")
    return f"{local or format(zlib.crc32(name.encode()), '08x')}@hlj.example"


def row(**fields: Any) -> FindingRow:
    """A row with plausible defaults; `fields` override them. Inspectors given without their
    signers sign as `principal_of` their names; several of each, given both, pair in order."""
    names = fields.get("inspectors")
    if names is not None and "signers" not in fields:
        fields["signers"] = tuple(sorted({principal_of(n) for n in names}))
        if len(fields["signers"]) > 1 and "named" not in fields:
            fields["named"] = tuple(sorted((principal_of(n), n) for n in set(names)))
    elif names is not None and len(names) > 1 and len(fields["signers"]) > 1:
        fields.setdefault("named", tuple(sorted(zip(fields["signers"], names, strict=True))))
    base: dict[str, Any] = {
        "inspection": INSPECTION_A,
        "document_ids": ("6f1c2d3e-0000-4000-8000-000000000001",),
        "site": XINXING,
        "site_id": None,
        "checklist": "coal-major-hidden-dangers",
        "checklist_version": "2024.1",
        "item": "gas-overlimit",
        "result": "compliant",
        "severity": None,
        "basis": (),
        "state": None,
        "deadline": None,
        "overdue": False,
        "flags": (),
        "description": None,
        "location": None,
        "responsible": None,
        "inspectors": ("Wang Wei",),
        "signers": ("wang.wei@hlj.example",),
        "trust": "trusted",
        "found": D(2026, 9, 15),
    }
    base.update(fields)
    return FindingRow(**base)


def _danger(severity: str, state: str, **fields: Any) -> FindingRow:
    return row(result="noncompliant", severity=severity, state=state, **fields)


A = {"inspection": INSPECTION_A, "site": XINXING, "found": D(2026, 9, 15)}
B = {
    "inspection": INSPECTION_B,
    "site": XINXING,
    "found": D(2026, 11, 10),
    "inspectors": ("Li Na",),
    "signers": ("li.na@hlj.example",),
}
C = {"inspection": INSPECTION_C, "site": DONGSHAN, "found": D(2026, 10, 20)}
DD = {
    "inspection": INSPECTION_D,
    "site": HONGYANG,
    "checklist": "noncoal-major-hidden-dangers",
    "found": D(2026, 11, 20),
    "inspectors": ("Zhao Lei",),
    "signers": ("zhao.lei@hlj.example",),
}

# 14 consolidated findings; the numbers in the comments are what the tests assert.
KNOWN: tuple[FindingRow, ...] = (
    # 1: a major closed through the whole loop
    _danger(
        "major",
        "closed",
        item="gas-overlimit",
        basis=("CMHD-5.1",),
        deadline=D(2026, 10, 15),
        rectified_on=D(2026, 10, 5),
        closed_on=D(2026, 10, 20),
        **A,
    ),
    # 2: a major left open past its deadline, with no enforcement recorded
    _danger(
        "major",
        "open",
        item="ventilation-airflow",
        deadline=D(2026, 10, 15),
        overdue=True,
        flags=("overdue", "no-enforcement"),
        responsible="Ventilation Section",
        **A,
    ),
    row(item="water-survey", **A),
    row(item="fire-prevention", result="not-applicable", **A),
    # 5: the same major found again at the site within 90 days, rectified, awaiting acceptance
    _danger(
        "major",
        "rectified",
        item="gas-overlimit",
        deadline=D(2026, 12, 10),
        rectified_on=D(2026, 11, 25),
        flags=("repeat-major",),
        responsible="Ventilation Section",
        **B,
    ),
    # 6: a general hidden danger sent back for more work, now overdue
    _danger(
        "general",
        "rectifying",
        item="electrical-explosion-proof",
        deadline=D(2026, 11, 25),
        overdue=True,
        flags=("overdue",),
        responsible="Electromechanical Team",
        **B,
    ),
    # 7: two inspectors disagree: inconsistent, counted as an open major
    row(
        item="ventilation-airflow",
        result="inconsistent",
        severity="major",
        state="open",
        deadline=D(2026, 12, 10),
        flags=("no-enforcement",),
        **{
            **B,
            "inspectors": ("Li Na", "Zhao Lei"),
            "signers": ("li.na@hlj.example", "zhao.lei@hlj.example"),
        },
        by=("li.na@hlj.example: noncompliant", "zhao.lei@hlj.example: compliant"),
    ),
    row(item="gas-overlimit", **C),
    # 9: a general hidden danger closed
    _danger(
        "general",
        "closed",
        item="roof-support",
        deadline=D(2026, 10, 27),
        rectified_on=D(2026, 10, 25),
        closed_on=D(2026, 11, 2),
        **C,
    ),
    # 10: a major accepted by experts, not yet closed
    _danger(
        "major",
        "accepted",
        item="hoist-brakes",
        deadline=D(2026, 11, 19),
        rectified_on=D(2026, 11, 10),
        responsible="Hoisting Team",
        **C,
    ),
    row(item="water-survey", result="not-checked", **C),
    # 12: a major at a tailings dam, open, within its deadline, no enforcement
    _danger(
        "major",
        "open",
        item="tailings-freeboard",
        deadline=D(2026, 12, 20),
        flags=("no-enforcement",),
        responsible="Tailings Workshop",
        **DD,
    ),
    # 13: withdrawn (misclassified)
    _danger("general", "withdrawn", item="blasting-storage", deadline=D(2026, 11, 27), **DD),
    # 14: overdue, and nobody named responsible
    _danger(
        "general",
        "open",
        item="main-fan",
        deadline=D(2026, 11, 27),
        overdue=True,
        flags=("overdue",),
        **DD,
    ),
)

KNOWN_DOCUMENTS = (
    DocumentStatus(
        "inbox/ok.toml", "trusted", "", "findings", "6f1c2d3e-0000-4000-8000-000000000001"
    ),
    DocumentStatus(
        "inbox/forged.toml",
        "bad-signature",
        "the signature does not match the body",
        "findings",
        "6f1c2d3e-0000-4000-8000-000000000009",
        "mallory@hlj.example",
    ),
    DocumentStatus("inbox/broken.toml", "unreadable", "not UTF-8 text"),
)

KNOWN_REJECTED = (
    RejectedEvent(
        "followups/xinxing-accept.toml",
        f"{INSPECTION_B}/gas-overlimit",
        "accepted",
        dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC),
        "a major hidden danger is accepted only by expert review, third party or regulator on site",
    ),
)

# Strings an attacker might put in a note, a site name, a responsible unit or a file name.
INJECTIONS = (
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\x1b[31mred\x1b[0m \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "[bold red]markup[/bold red] [link=http://evil.example]x[/link]",
    ":skull: :pile_of_poo:",
    "abc\u202eexe.toml\u202c",
    "line\nbreak | pipe * star _under_ `tick` ![img](http://evil.example/x.png)",
    "Z" + "\u0336\u0489\u0301" * 20 + "algo",  # marks stacked over the rows around
)


def hostile_rows() -> tuple[FindingRow, ...]:
    """One open overdue major per injection string, as site, responsible unit and item."""
    return tuple(
        _danger(
            "major",
            "open",
            item=f"item-{i}",
            site=text,
            responsible=text,
            inspectors=(text,),
            deadline=D(2026, 11, 1),
            overdue=True,
            flags=("overdue",),
            inspection=f"0b7f0f3e-5a7c-4d0e-9b1e-1f6c1d2a0b{i:02d}",
            description=text,
            found=D(2026, 10, 1),
        )
        for i, text in enumerate(INJECTIONS)
    )


def hostile_documents() -> tuple[DocumentStatus, ...]:
    return tuple(DocumentStatus(f"inbox/{text}.toml", "untrusted-key", text) for text in INJECTIONS)


def hostile_rejected() -> tuple[RejectedEvent, ...]:
    at = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)
    return tuple(
        RejectedEvent(f"followups/{text}.toml", f"x/{text}", "closed", at, text)
        for text in INJECTIONS
    )


# -- the larger sample ---------------------------------------------------------------------------

SAMPLE_SITES = (
    ("鸡西市新兴煤矿", "Ventilation Section 通风科"),
    ("鹤岗市东山煤矿", "Electromechanical Team 机电队"),
    ("双鸭山市宝山煤矿", "Mining Team 2 采煤二队"),
    ("七台河市桃山煤矿", "Gas Drainage Team 抽采队"),
    ("伊春市红旗铁矿", "Blasting Team 爆破队"),
    ("黑河市金山金矿尾矿库", "Tailings Workshop 尾矿车间"),
)
SAMPLE_INSPECTORS = ("王伟", "李娜", "赵磊", "陈静")
SAMPLE_ITEMS = (
    ("gas-overlimit", "major"),
    ("ventilation-airflow", "major"),
    ("water-survey", "major"),
    ("electrical-explosion-proof", "general"),
    ("roof-support", "general"),
    ("hoist-brakes", "major"),
    ("self-rescuers", "general"),
    ("monitoring-online", "general"),
)


def sample() -> tuple[FindingRow, ...]:
    """About 200 findings: six mines, four inspectors, June to November 2026, seeded."""
    rnd = random.Random(20261201)  # noqa: S311 - sample data
    rows: list[FindingRow] = []
    for n in range(26):
        site, unit = SAMPLE_SITES[n % len(SAMPLE_SITES)]
        found = D(2026, 6, 1) + dt.timedelta(days=rnd.randrange(0, 180))
        base = {
            "inspection": f"5e0c7a1b-2d3f-4a5b-8c6d-{n:012d}",
            "site": site,
            "checklist": "noncoal-major-hidden-dangers"
            if "矿" in site[-3:] and "煤" not in site
            else "coal-major-hidden-dangers",
            "found": found,
            "inspectors": (SAMPLE_INSPECTORS[n % 4], SAMPLE_INSPECTORS[(n + 1) % 4]),
        }
        for item, grade in SAMPLE_ITEMS:
            if rnd.random() < (0.85 if grade == "major" else 0.5):
                rows.append(row(item=item, **base))
                continue
            deadline = found + dt.timedelta(days=30 if grade == "major" else 7)
            progress = rnd.random()
            state, rectified_on, closed_on = "open", None, None
            if progress > 0.3:
                rectified_on = found + dt.timedelta(days=rnd.randrange(3, 40))
                state = "rectified"
            if progress > 0.55 and rectified_on is not None:
                state = "accepted"
            if progress > 0.7 and rectified_on is not None:
                closed_on = rectified_on + dt.timedelta(days=rnd.randrange(2, 15))
                state = "closed"
            for day in (rectified_on, closed_on):
                if day is not None and day > AS_OF:
                    state, rectified_on, closed_on = "rectifying", None, None
            overdue = state != "closed" and deadline < AS_OF
            flags = tuple(
                f
                for f, on in (
                    ("overdue", overdue),
                    (
                        "no-enforcement",
                        grade == "major" and state != "closed" and rnd.random() < 0.4,
                    ),
                )
                if on
            )
            rows.append(
                _danger(
                    grade,
                    state,
                    item=item,
                    deadline=deadline,
                    overdue=overdue,
                    flags=flags,
                    rectified_on=rectified_on,
                    closed_on=closed_on,
                    responsible=unit,
                    **base,
                )
            )
    # a major seen again at one site within 90 days is a repeat (SPEC 2.4); one was escalated
    majors = [r for r in rows if r.severity == "major"]
    for i, r in enumerate(rows):
        if r.severity == "major" and any(
            m.site == r.site
            and m.inspection != r.inspection
            and abs((m.found - r.found).days) <= 90
            for m in majors
        ):
            flags = (
                ("repeat-major", *r.flags)
                if "overdue" not in r.flags
                else ("overdue", "repeat-major", *(f for f in r.flags if f != "overdue"))
            )
            rows[i] = replace(r, flags=flags)
    first_open = next(i for i, r in enumerate(rows) if r.state == "open" and r.severity == "major")
    rows[first_open] = replace(rows[first_open], state="escalated")
    # one disagreement between the two inspectors of an inspection
    first = next(r for r in rows if r.result == "compliant")
    rows[rows.index(first)] = replace(
        first,
        result="inconsistent",
        severity="major",
        state="open",
        by=("wang.wei@hlj.example: compliant", "li.na@hlj.example: noncompliant"),
    )
    return tuple(rows)


SAMPLE_DOCUMENTS = (
    DocumentStatus(
        "inbox/2026-11-03-baoshan.toml",
        "untrusted-key",
        "key SHA256:Qm3v… is not in allowed_signers",
        "findings",
    ),
    DocumentStatus(
        "inbox/copy-of-taoshan.toml",
        "bad-signature",
        "the signature does not match the body (edited after signing)",
        "findings",
    ),
    DocumentStatus("inbox/scan.toml", "unreadable", "not UTF-8 text"),
)


SAMPLE_ZONE = Calendar("Asia/Shanghai", "+08:00")


def main(argv: list[str]) -> int:  # pragma: no cover - writes the docs sample by hand
    from minecheck.report.render import render
    from minecheck.report.summary import summarize

    out = Path(argv[0])
    lang = argv[1] if len(argv) > 1 else "zh"
    summary = summarize(sample(), as_of=AS_OF, by=("site",), documents=SAMPLE_DOCUMENTS)
    summary = replace(
        summary, zone=SAMPLE_ZONE
    )  # (as `summary` run with TZ=Asia/Shanghai names it)
    (out / "sample-report.html").write_text(render(summary, "html", lang), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
