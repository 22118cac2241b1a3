"""What a report author reads in a summary, rule by rule: how rows fall into groups and in what
order, how sites are named, the months of progress, closing times, who is overdue, and the
exit code of `--fail-on`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Finding
from minecheck.report.render import render
from minecheck.report.rows import DocumentStatus, FindingRow, RejectedEvent
from minecheck.report.summary import summarize
from tests.helpers_merge import Who, allowed_signers, person
from tests.summary_corpus import row
from tests.test_consolidate_rules import document

AS_OF = dt.date(2026, 12, 1)
D = dt.date


def danger(severity: str | None, state: str, **fields: Any) -> FindingRow:
    return row(result="noncompliant", severity=severity, state=state, **fields)


def report(
    rows: list[FindingRow],
    by: tuple[str, ...] = (),
    as_of: dt.date = AS_OF,
    documents: tuple[DocumentStatus, ...] = (),
    rejected: tuple[RejectedEvent, ...] = (),
) -> dict[str, Any]:
    summary = summarize(rows, as_of=as_of, by=by, documents=documents, rejected=rejected)
    data: dict[str, Any] = json.loads(render(summary, "json"))
    return data


def table(rows: list[FindingRow], by: tuple[str, ...]) -> list[list[str]]:
    """The CSV report's lines, the first the header."""
    summary = summarize(rows, as_of=AS_OF, by=by)
    return list(csv.reader(io.StringIO(render(summary, "csv"))))


def keys(rows: list[FindingRow], by: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [tuple(line[: len(by)]) for line in table(rows, by)[1:]]


# -- groups ------------------------------------------------------------------------------------


def test_each_dimension_groups_by_its_own_value_blanks_last() -> None:
    rows = [
        danger("major", "open", item="b-item", checklist="list-b", found=D(2026, 10, 3)),
        row(item="a-item", checklist="list-a", found=D(2026, 9, 30), inspectors=()),
        danger(
            "general",
            "closed",
            item="c-item",
            inspectors=("Li Na", "Wang Wei"),
            found=D(2026, 11, 1),
            closed_on=D(2026, 11, 2),
        ),
        danger(None, "rectifying", item="a-item", found=D(2026, 9, 1)),
    ]
    assert keys(rows, ("checklist",)) == [("coal-major-hidden-dangers",), ("list-a",), ("list-b",)]
    # an item is one checklist's: one id of two checklists is two rows, each with its checklist
    assert [line[:2] for line in table(rows, ("item",))[1:]] == [
        ["a-item", "coal-major-hidden-dangers"],
        ["a-item", "list-a"],
        ["b-item", "list-b"],
        ["c-item", "coal-major-hidden-dangers"],
    ]
    # severities in their order, then a hidden danger not graded and what is no hidden danger
    assert keys(rows, ("severity",)) == [("major",), ("general",), ("",)]
    # one row in each of its inspectors' groups; a row with none under a blank, last
    assert keys(rows, ("inspector",)) == [("Li Na",), ("Wang Wei",), ("",)]
    assert keys(rows, ("month",)) == [("2026-09",), ("2026-10",), ("2026-11",)]
    # states in the loop's order (open before rectifying before closed), no state last
    assert keys(rows, ("state",)) == [("open",), ("rectifying",), ("closed",), ("",)]
    lines = table(rows, ("inspector",))
    assert lines[0][:3] == ["inspector", "findings", "hidden_dangers"]
    assert [line[:3] for line in lines[1:]] == [
        ["Li Na", "1", "1"],
        ["Wang Wei", "3", "3"],
        ["", "1", "0"],
    ]
    counts = {line[0]: line[1:] for line in table(rows, ("severity",))[1:]}
    assert counts[""][:2] == ["2", "1"]  # the ungraded hidden danger and the compliant row
    data = report([*rows, row(item="d-item", result="not-applicable")])
    assert data["results"] == {
        "compliant": 1,
        "noncompliant": 3,
        "inconsistent": 0,
        "not-applicable": 1,
        "not-checked": 0,
    }
    assert (data["headline"]["findings"], data["scope"]["inspections"]) == (5, 1)


def test_severity_and_state_order_holds_whatever_the_names_sort_to() -> None:
    rows = [
        danger("general", "withdrawn", item="x"),
        danger("major", "escalated", item="y"),
        danger("general", "accepted", item="z"),
        danger("major", "accepted", item="w"),
    ]
    assert keys(rows, ("severity", "state")) == [
        ("major", "accepted"),
        ("major", "escalated"),
        ("general", "accepted"),
        ("general", "withdrawn"),
    ]
    data = report([*rows, danger("general", "accepted", item="v")])
    assert [(c["severity"], c["state"], c["count"]) for c in data["severity_state"]] == [
        ("major", "accepted", 1),
        ("major", "escalated", 1),
        ("general", "accepted", 2),
        ("general", "withdrawn", 1),
    ]


def test_a_repeated_dimension_is_one_column() -> None:
    rows = [row(item="a"), row(item="b", site="Other mine")]
    assert table(rows, ("site", "item", "site"))[0][:5] == [
        *("site", "site_id", "item", "checklist", "findings")
    ]
    assert report(rows, ("site", "site"))["by"] == ["site"]


# -- sites -------------------------------------------------------------------------------------


def test_sites_are_shown_by_their_names_and_two_of_one_name_by_their_codes() -> None:
    rows = [
        danger("major", "open", item="a", site="Hongyang", site_id="HLJ-2"),
        danger("major", "open", item="b", site="Hongyang", site_id="HLJ-1"),
        danger("major", "open", item="c", site="Hongyang", site_id="HLJ-1"),
        danger("major", "open", item="d", site="红阳", site_id="HLJ-3"),
        danger("major", "open", item="e", site="Red Sun", site_id="HLJ-3"),
        danger("major", "closed", item="f", site="Dongshan", closed_on=D(2026, 11, 1)),
        danger("general", "open", item="g", site="Dongshan"),  # open, but no major
    ]
    data = report(rows, ("site",))
    assert data["scope"]["sites"] == 4
    assert [g["site"] for g in data["groups"]] == [
        "Dongshan",
        "Hongyang (HLJ-1)",
        "Hongyang (HLJ-2)",
        "Red Sun / 红阳",
    ]
    assert [(s["site"], s["open_majors"]) for s in data["open_majors_by_site"]] == [
        ("Hongyang (HLJ-1)", 2),
        ("Red Sun / 红阳", 2),
        ("Hongyang (HLJ-2)", 1),
    ]


def test_a_site_without_a_code_keeps_its_name_beside_coded_sites_of_that_name() -> None:
    rows = [
        danger("major", "open", item="a", site="Hongyang"),
        danger("major", "open", item="b", site="Hongyang", site_id="HLJ-1"),
        danger("major", "open", item="c", site="Hongyang", site_id="HLJ-2"),
    ]
    assert [g["site"] for g in report(rows, ("site",))["groups"]] == [
        "Hongyang",
        "Hongyang (HLJ-1)",
        "Hongyang (HLJ-2)",
    ]


def test_sites_with_as_many_open_majors_are_listed_by_name() -> None:
    rows = [
        danger("major", "open", item="a", site="Zeta", site_id="A-1"),
        danger("major", "open", item="b", site="Alpha"),
        danger("major", "open", item="c", site="Mid", site_id="B-1"),
        danger("major", "open", item="d", site="Mid", site_id="B-1"),
    ]
    assert [s["site"] for s in report(rows)["open_majors_by_site"]] == ["Mid", "Alpha", "Zeta"]


def test_two_sites_that_read_alike_keep_a_row_each_the_coded_one_first() -> None:
    # a name written to look like a coded site's shown name ("Mine (A)")
    rows = [
        row(item="a", site="Mine", site_id="A"),
        row(item="b", site="Mine", site_id="B"),
        row(item="c", site="Mine (A)"),
        row(item="d", site="Mine", site_id="A"),
        row(item="e", site="Mine", site_id="A"),
    ]
    assert table(rows, ("site",))[1:] == [
        ["Mine (A)", "A", "3", *["0"] * 15],  # (the code tells the rows apart in CSV)
        ["Mine (A)", "", "1", *["0"] * 15],
        ["Mine (B)", "B", "1", *["0"] * 15],
    ]


def test_a_name_alone_is_not_taken_for_a_code() -> None:
    rows = [row(item="a", site="HLJ-1"), row(item="b", site="Mine", site_id="HLJ-1")]
    data = report(rows, ("site",))
    assert data["scope"]["sites"] == 2
    assert [g["site"] for g in data["groups"]] == ["HLJ-1", "Mine"]


# -- progress by month -------------------------------------------------------------------------


def test_progress_fills_every_month_up_to_the_report_s_own() -> None:
    rows = [
        danger(
            "general",
            "closed",
            item="a",
            found=D(2026, 8, 20),
            rectified_on=D(2026, 9, 5),
            closed_on=D(2026, 10, 1),
        ),
        danger("major", "open", item="b", found=D(2026, 8, 21)),
        row(item="c", found=D(2026, 7, 1)),  # no hidden danger: no month of its own
    ]
    assert report(rows)["progress"] == [
        {"month": "2026-08", "found": 2, "rectified": 0, "closed": 0},
        {"month": "2026-09", "found": 0, "rectified": 1, "closed": 0},
        {"month": "2026-10", "found": 0, "rectified": 0, "closed": 1},
        {"month": "2026-11", "found": 0, "rectified": 0, "closed": 0},
        {"month": "2026-12", "found": 0, "rectified": 0, "closed": 0},
    ]
    assert report([row(item="c")])["progress"] == []


def test_progress_over_ten_years_lists_only_the_months_with_data() -> None:
    # 119 months from the first to the report's month: every one listed; 120: only three
    near = report([danger("major", "open", item="a", found=D(2017, 1, 5))], as_of=D(2026, 12, 1))
    assert len(near["progress"]) == 120
    assert near["progress"][0]["month"] == "2017-01"
    assert near["progress"][-1]["month"] == "2026-12"
    far = report(
        [
            danger("major", "open", item="a", found=D(2016, 12, 5)),
            danger("major", "open", item="b", found=D(2020, 3, 5)),
        ],
        as_of=D(2026, 12, 1),
    )
    assert [p["month"] for p in far["progress"]] == ["2016-12", "2020-03", "2026-12"]


# -- closing time ------------------------------------------------------------------------------


def test_closing_time_by_severity() -> None:
    rows = [
        # closed in 10 days after an expert review: independent
        danger(
            "major",
            "closed",
            item="a",
            found=D(2026, 10, 1),
            closed_on=D(2026, 10, 11),
            acceptance="expert-review",
        ),
        # closed in 3 days on the enterprise's own assessment
        danger(
            "major",
            "closed",
            item="b",
            found=D(2026, 10, 1),
            closed_on=D(2026, 10, 4),
            acceptance="self",
        ),
        # closed on the spot the evening before the inspection finished: no days, no method
        danger("major", "closed", item="c", found=D(2026, 10, 2), closed_on=D(2026, 10, 1)),
        # closed once, reopened on a look-back: counted as ever closed and reopened
        danger(
            "major",
            "rectifying",
            item="d",
            found=D(2026, 10, 1),
            closed_on=D(2026, 10, 20),
            rebounded=True,
        ),
        # withdrawn: no closure at all
        danger("general", "withdrawn", item="e", found=D(2026, 10, 1), closed_on=D(2026, 10, 9)),
        danger(
            "general",
            "closed",
            item="f",
            found=D(2026, 10, 1),
            closed_on=D(2026, 10, 8),
            acceptance="joint",
        ),
    ]
    assert report(rows)["closing"] == [
        {
            "severity": "major",
            "closed": 3,
            "days": 13,
            "mean_days": 4.3,
            "independent": 1,
            "ever_closed": 4,
            "reopened": 1,
        },
        {
            "severity": "general",
            "closed": 1,
            "days": 7,
            "mean_days": 7.0,
            "independent": 1,
            "ever_closed": 1,
            "reopened": 0,
        },
    ]
    # the closures month by month count the withdrawn one too (a closing event was applied)
    months = {p["month"]: p["closed"] for p in report(rows)["progress"]}
    assert months["2026-10"] == 6


# -- overdue by responsible unit ---------------------------------------------------------------


def test_overdue_units_most_first_then_majors_then_name_nobody_last() -> None:
    def late(severity: str, item: str, responsible: str | None) -> FindingRow:
        return danger(
            severity, "open", item=item, overdue=True, flags=("overdue",), responsible=responsible
        )

    rows = [
        late("general", "a", "Bravo"),
        late("general", "b", "Alpha"),
        late("major", "c", "Charlie"),
        late("general", "d", None),
        late("general", "e", "Delta"),
        late("general", "f", "Delta"),
        late("general", "g", "Zulu"),
        late("major", "h", "Zulu"),
        # closed after its deadline passed: no longer overdue
        danger("major", "closed", item="i", overdue=True, responsible="Alpha"),
        # open within its deadline: not overdue
        danger("major", "open", item="j", responsible="Bravo"),
        danger("major", "open", item="k", responsible="Echo"),
    ]
    assert [
        (r["responsible"], r["overdue"], r["overdue_majors"])
        for r in report(rows)["overdue_by_responsible"]
    ] == [
        ("Zulu", 2, 1),
        ("Delta", 2, 0),
        ("Charlie", 1, 1),
        ("Alpha", 1, 0),
        ("Bravo", 1, 0),
        (None, 1, 0),
    ]
    headline = report(rows)["headline"]
    assert (headline["overdue"], headline["overdue_majors"]) == (8, 2)


# -- documents and rejected events -------------------------------------------------------------


def test_only_documents_not_trusted_are_listed_by_path() -> None:
    documents = (
        DocumentStatus("b.toml", "bad-signature", "the signature does not match"),
        DocumentStatus("a.toml", "trusted", ""),
        DocumentStatus("a2.toml", "unknown-key", "no such key"),
    )
    at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    rejected = (
        RejectedEvent("f.toml", "i/2", "closed", at, "not accepted"),
        RejectedEvent("f.toml", "i/1", "closed", at, "not accepted"),
    )
    data = report([row()], documents=documents, rejected=rejected)
    assert [d["path"] for d in data["documents"]] == ["a2.toml", "b.toml"]
    assert data["scope"]["documents_not_counted"] == 2
    assert [e["finding"] for e in data["rejected"]] == ["i/1", "i/2"]

    # one file judged twice alike (a merged file's sources): by document id, none first
    merged = (
        DocumentStatus("m.toml", "unknown-key", "no such key", "findings", "id-2"),
        DocumentStatus("m.toml", "unknown-key", "no such key", "findings", None),
        DocumentStatus("m.toml", "unknown-key", "no such key", "findings", "id-1"),
    )
    for given in (merged, merged[::-1]):
        data = report([row()], documents=given)
        assert [d["document_id"] for d in data["documents"]] == [None, "id-1", "id-2"]


# -- the command: --fail-on and --by -----------------------------------------------------------

AS_OF_TEXT = "2026-12-31"


@pytest.fixture(scope="module")
def inspector(tmp_path_factory: pytest.TempPathFactory) -> Who:
    return person(tmp_path_factory.mktemp("keys"), "alice")


def run_summary(cli: Any, tmp: Path, who: Who, findings: list[Finding], *extra: str) -> Any:
    folder = tmp / "docs"
    folder.mkdir(exist_ok=True)
    (folder / "a.toml").write_bytes(document(who, findings))
    allowed = allowed_signers(tmp / "allowed_signers", who)
    return cli(
        [
            *("summary", str(folder), "--as-of", AS_OF_TEXT, "--allowed-signers", str(allowed)),
            *extra,
        ]
    )


COMPLIANT = Finding("gas-overlimit", "compliant")
GENERAL_IN_TIME = Finding(
    "roof-support",
    "noncompliant",
    severity="general",
    basis=("CMHD-9.1",),
    description="loose bolts",
    deadline=dt.date(2027, 1, 15),
)
GENERAL_LATE = Finding(
    "roof-support",
    "noncompliant",
    severity="general",
    basis=("CMHD-9.1",),
    description="loose bolts",
    deadline=dt.date(2026, 12, 1),
)
MAJOR_IN_TIME = Finding(
    "roof-support",
    "noncompliant",
    severity="major",
    basis=("CMHD-5.2",),
    description="roof falling",
    deadline=dt.date(2027, 1, 15),
    enforcement="work stopped",
)


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([COMPLIANT], {"major": 0, "any": 0, "overdue": 0}),
        ([COMPLIANT, GENERAL_IN_TIME], {"major": 0, "any": 1, "overdue": 0}),
        ([GENERAL_LATE], {"major": 0, "any": 1, "overdue": 1}),
        ([MAJOR_IN_TIME], {"major": 1, "any": 1, "overdue": 0}),
    ],
    ids=["all-compliant", "general-in-time", "general-late", "major-in-time"],
)
def test_fail_on_exits_1_only_when_open_findings_meet_the_level(
    cli: Any, inspector: Who, tmp_path: Path, findings: list[Finding], expected: dict[str, int]
) -> None:
    plain = run_summary(cli, tmp_path, inspector, findings, "--format", "csv")
    assert plain.exit_code == 0, plain.stderr
    for level, code in expected.items():
        gated = run_summary(
            cli, tmp_path, inspector, findings, "--format", "csv", "--fail-on", level
        )
        assert (level, gated.exit_code) == (level, code), gated.stderr
        assert gated.stdout == plain.stdout  # the report is written whatever the verdict
        said = f"--fail-on {level}: the threshold is met by "
        assert gated.stderr.startswith(said) if code else gated.stderr == ""


def test_findings_that_are_no_hidden_danger_count_in_their_groups(
    cli: Any, inspector: Who, tmp_path: Path
) -> None:
    findings = [COMPLIANT, Finding("water-survey", "not-applicable"), GENERAL_LATE]
    run = run_summary(cli, tmp_path, inspector, findings, "--format", "csv", "--by", "item")
    assert run.exit_code == 0, run.stderr
    lines = list(csv.reader(io.StringIO(run.stdout)))
    assert [line[:5] for line in lines] == [
        ["item", "checklist", "findings", "hidden_dangers", "majors"],
        ["gas-overlimit", "coal-major-hidden-dangers", "1", "0", "0"],
        ["roof-support", "coal-major-hidden-dangers", "1", "1", "0"],
        ["water-survey", "coal-major-hidden-dangers", "1", "0", "0"],
    ]
    run = run_summary(cli, tmp_path, inspector, findings, "--format", "csv", "--by", "site")
    assert list(csv.reader(io.StringIO(run.stdout)))[1][:4] == ["Demo mine", "HLJ-0001", "3", "1"]


def test_an_unknown_dimension_is_a_usage_error(cli: Any, inspector: Who, tmp_path: Path) -> None:
    run = run_summary(cli, tmp_path, inspector, [COMPLIANT], "--by", "site,mine")
    assert run.exit_code == 2
    assert run.stdout == ""
    assert "minecheck: error: cannot group by 'mine'" in run.stderr
    assert "site, checklist, item, severity, inspector, month, state" in run.stderr
