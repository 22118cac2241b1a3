"""The summary aggregation: exact counts over a hand-counted corpus, order independence, gates."""

from __future__ import annotations

import datetime as dt
import gc
import random
import weakref
from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minecheck.errors import UsageError
from minecheck.report.rows import FindingRow
from minecheck.report.summary import (
    Counts,
    GroupRow,
    MonthProgress,
    ResponsibleOverdue,
    SiteCount,
    check_by,
    fail_on,
    summarize,
)
from tests.summary_corpus import (
    AS_OF,
    DONGSHAN,
    HONGYANG,
    KNOWN,
    KNOWN_DOCUMENTS,
    KNOWN_REJECTED,
    XINXING,
    row,
)

HEADLINE = Counts(
    findings=14,
    hidden_dangers=10,
    majors=6,
    open=7,
    open_majors=5,
    overdue=3,
    overdue_majors=1,
    closed=2,
    no_enforcement=3,
    repeat_major=1,
    inconsistent=1,
    untrusted=0,
)


def test_headline_of_the_known_corpus() -> None:
    s = summarize(KNOWN, as_of=AS_OF)
    assert s.headline == HEADLINE
    assert (s.inspections, s.sites) == (4, 3)
    assert s.results == (
        ("compliant", 2),
        ("noncompliant", 9),
        ("inconsistent", 1),
        ("not-applicable", 1),
        ("not-checked", 1),
    )
    assert s.groups == ()


def test_groups_by_site() -> None:
    s = summarize(KNOWN, as_of=AS_OF, by=["site"])
    assert s.groups == (
        GroupRow((DONGSHAN,), Counts(4, 2, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0)),
        GroupRow((HONGYANG,), Counts(3, 3, 1, 2, 1, 1, 0, 0, 1, 0, 0, 0)),
        GroupRow((XINXING,), Counts(7, 5, 4, 4, 3, 2, 1, 1, 2, 1, 1, 0)),
    )


def test_a_joint_finding_counts_for_each_of_its_inspectors() -> None:
    s = summarize(KNOWN, as_of=AS_OF, by=["inspector"])
    by_name = {g.key: g.counts for g in s.groups}
    assert sorted(by_name) == [("Li Na",), ("Wang Wei",), ("Zhao Lei",)]
    assert by_name[("Li Na",)].hidden_dangers == 3  # rows 5, 6, 7
    assert by_name[("Zhao Lei",)].hidden_dangers == 4  # rows 7, 12, 13, 14
    assert by_name[("Zhao Lei",)].inconsistent == 1
    assert by_name[("Wang Wei",)].findings == 8


def test_groups_by_severity_and_state_in_their_natural_order() -> None:
    s = summarize(KNOWN, as_of=AS_OF, by=["severity", "state"])
    assert [(g.key, g.counts.findings) for g in s.groups] == [
        (("major", "open"), 3),
        (("major", "rectified"), 1),
        (("major", "accepted"), 1),
        (("major", "closed"), 1),
        (("general", "open"), 1),
        (("general", "rectifying"), 1),
        (("general", "closed"), 1),
        (("general", "withdrawn"), 1),
        (("", ""), 4),  # compliant, not applicable, not checked: no grade, no state
    ]


def test_groups_by_several_dimensions() -> None:
    s = summarize(KNOWN, as_of=AS_OF, by=["site", "month"])
    assert [(g.key, g.counts.findings, g.counts.open) for g in s.groups] == [
        ((DONGSHAN, "2026-10"), 4, 1),
        ((HONGYANG, "2026-11"), 3, 2),
        ((XINXING, "2026-09"), 4, 1),
        ((XINXING, "2026-11"), 3, 3),
    ]
    s = summarize(KNOWN, as_of=AS_OF, by=["site", "checklist", "item"])
    assert len(s.groups) == 12  # gas-overlimit and ventilation-airflow twice at Xinxing
    twice = {g.key: g.counts for g in s.groups}[
        (XINXING, "coal-major-hidden-dangers", "ventilation-airflow")
    ]
    assert (twice.findings, twice.open_majors, twice.inconsistent) == (2, 2, 1)


def test_open_majors_by_site_progress_and_overdue_by_unit() -> None:
    s = summarize(KNOWN, as_of=AS_OF)
    assert s.open_majors_by_site == (
        SiteCount(XINXING, 3),
        SiteCount(DONGSHAN, 1),
        SiteCount(HONGYANG, 1),
    )
    assert s.progress == (
        MonthProgress("2026-09", 2, 0, 0),
        MonthProgress("2026-10", 2, 2, 1),
        MonthProgress("2026-11", 6, 2, 1),
        MonthProgress("2026-12", 0, 0, 0),  # the report's own month, nothing in it yet
    )
    assert s.overdue_by_responsible == (
        ResponsibleOverdue("Ventilation Section", 1, 1),
        ResponsibleOverdue("Electromechanical Team", 1, 0),
        ResponsibleOverdue("", 1, 0),
    )


def test_documents_lists_only_the_ones_not_trusted_and_rejected_events() -> None:
    s = summarize(KNOWN, as_of=AS_OF, documents=KNOWN_DOCUMENTS, rejected=KNOWN_REJECTED)
    assert [(d.path, d.status) for d in s.documents] == [
        ("inbox/broken.toml", "unreadable"),
        ("inbox/forged.toml", "bad-signature"),
    ]
    assert s.rejected == KNOWN_REJECTED


def test_months_without_findings_are_filled_in_a_short_range_only() -> None:
    short = [
        row(result="noncompliant", severity="general", state="open", found=d)
        for d in (dt.date(2026, 1, 5), dt.date(2026, 4, 5))
    ]
    april = dt.date(2026, 4, 30)
    assert [p.month for p in summarize(short, as_of=april).progress] == [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
    ]
    wide = [replace(short[0], found=dt.date(1990, 1, 1)), short[1]]
    assert [p.month for p in summarize(wide, as_of=april).progress] == ["1990-01", "2026-04"]
    assert summarize([], as_of=AS_OF).progress == ()


def test_the_report_s_own_month_is_a_row_when_nothing_happened_in_it() -> None:
    """A report as of 30 November in which nothing happened in November still shows November
    (it ended at the last month with data: the month asked about was missing)."""
    rows = [row(result="noncompliant", severity="general", state="open", found=dt.date(2026, 9, 5))]
    progress = summarize(rows, as_of=dt.date(2026, 11, 30)).progress
    assert progress == (
        MonthProgress("2026-09", 1, 0, 0),
        MonthProgress("2026-10", 0, 0, 0),
        MonthProgress("2026-11", 0, 0, 0),
    )


def test_untrusted_rows_are_counted_and_marked() -> None:
    rows = [*KNOWN, replace(KNOWN[1], inspection="x", trust="untrusted-key")]
    s = summarize(rows, as_of=AS_OF, include_untrusted=True)
    assert s.include_untrusted
    assert (s.headline.untrusted, s.headline.open_majors) == (1, 6)


def test_fail_on_gates() -> None:
    s = summarize(KNOWN, as_of=AS_OF)
    assert [fail_on(s, t) for t in ("major", "any", "overdue")] == [True, True, True]
    general_open = [row(result="noncompliant", severity="general", state="open")]
    s = summarize(general_open, as_of=AS_OF)
    assert [fail_on(s, t) for t in ("major", "any", "overdue")] == [False, True, False]
    major_overdue_closed = [
        row(result="noncompliant", severity="major", state="closed", overdue=True),
        row(result="noncompliant", severity="major", state="withdrawn", overdue=True),
        row(result="compliant"),
    ]
    s = summarize(major_overdue_closed, as_of=AS_OF)
    assert [fail_on(s, t) for t in ("major", "any", "overdue")] == [False, False, False]
    with pytest.raises(UsageError, match="unknown --fail-on level 'minor'"):
        fail_on(s, "minor")


def test_by_is_checked_and_repeats_dropped() -> None:
    assert check_by(["site", "month", "site"]) == ("site", "month")
    with pytest.raises(UsageError) as info:
        check_by(["mine"])
    assert info.value.message == "cannot group by 'mine'"
    assert info.value.hint == (
        "use --by with one of site, checklist, item, severity, inspector, month, state, clause,"
        " aspect"
    )


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False))
def test_any_order_gives_an_equal_summary(rnd: random.Random) -> None:
    by = ["site", "inspector", "month", "state"]
    expected = summarize(
        KNOWN, as_of=AS_OF, by=by, documents=KNOWN_DOCUMENTS, rejected=KNOWN_REJECTED
    )
    rows, docs = list(KNOWN), list(KNOWN_DOCUMENTS)
    rnd.shuffle(rows)
    rnd.shuffle(docs)
    assert summarize(rows, as_of=AS_OF, by=by, documents=docs, rejected=KNOWN_REJECTED) == expected


def test_rows_are_not_kept() -> None:
    refs: list[weakref.ref[FindingRow]] = []

    def stream() -> Iterator[FindingRow]:
        for i in range(5000):
            r = replace(KNOWN[i % len(KNOWN)], inspection=f"insp-{i % 50}")
            refs.append(weakref.ref(r))
            yield r

    s = summarize(stream(), as_of=AS_OF, by=["site"])
    gc.collect()
    assert s.headline.findings == 5000
    assert sum(ref() is not None for ref in refs) == 0
