"""The signed documents' fields as written (core/documents.py): what a signed file holds, the
times it names, the evidence paths it accepts, and the shared plain findings a report keeps."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from minecheck.core import documents
from minecheck.core.documents import (
    Event,
    Evidence,
    Finding,
    FindingsDoc,
    FollowUpDoc,
    Header,
    Inspection,
    MergedDoc,
    ReadingValue,
    evidence_path_problem,
    plain_finding,
    utc_now,
    utc_text,
)

CREATED = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)


def test_now_is_whole_seconds_in_utc() -> None:
    """A signed file's `created` and a draft's `updated` carry no fraction of a second."""
    now = utc_now()
    assert (now.microsecond, now.utcoffset()) == (0, dt.timedelta(0))
    assert utc_text(now).endswith("Z")
    assert "." not in utc_text(now)


def test_a_finding_with_no_basis_or_measures_writes_no_empty_lists() -> None:
    """A compliant finding is its item and result alone: no `basis = []` or `immediate = []`."""
    fields = Finding("gas-check", "compliant").fields()
    assert (fields["basis"], fields["immediate"], fields["reading"]) == (None, None, None)
    given = Finding("gas", "noncompliant", basis=("CMHD-5.2",), immediate=("stop-work",))
    assert (given.fields()["basis"], given.fields()["immediate"]) == (["CMHD-5.2"], ["stop-work"])


def test_an_event_with_no_reviewers_writes_no_empty_list() -> None:
    alone = Event("f/x", "rectified", CREATED)
    assert alone.fields()["reviewers"] is None
    reviewed = Event("f/x", "accepted", CREATED, reviewers=("a@mine.example",))
    assert reviewed.fields()["reviewers"] == ["a@mine.example"]


def test_a_reading_writes_only_the_bounds_it_has() -> None:
    assert ReadingValue(1.25, "%CH4", max=1.0).fields() == {
        "value": 1.25,
        "unit": "%CH4",
        "max": 1.0,
    }
    assert ReadingValue(0.0, "m/s", min=0.0, below=0.25).fields() == {
        "value": 0.0,
        "unit": "m/s",
        "min": 0.0,
        "below": 0.25,
    }


def _header(format: str) -> Header:
    return Header(
        format,
        "0d1e2f3a-0000-4000-8000-000000000001",
        CREATED,
        "a@mine.example",
        "SHA256:" + "A" * 43,
        "minecheck 0.1.0",
    )


def _inspection() -> Inspection:
    return Inspection(
        "0b6a1f6e-6a39-4c1b-9a51-2d43e5f1c7aa",
        "mini-check",
        "2024.1",
        "ab" * 32,
        "Mine A",
        "Wang Wei",
        "routine",
        CREATED,
        CREATED,
        "en",
    )


def test_a_follow_up_writes_each_event_with_its_evidence_under_it() -> None:
    header = _header(documents.FOLLOWUP)
    events = (
        Event("f/x", "rectified", CREATED, evidence=(Evidence("ev/a.jpg", "ab" * 32, 3),)),
        Event("f/x", "accepted", CREATED, method="self"),
    )
    text = FollowUpDoc(header, events).to_toml().decode("utf-8")
    assert text.startswith('[minecheck]\nformat = "minecheck.followup/1"\n')
    assert text.count("[[event]]") == 2
    assert text.count("[[event.evidence]]") == 1
    assert text.index("[[event.evidence]]") < text.index('action = "accepted"')
    assert text.endswith("\n\n")


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("", "evidence path is empty"),
        ("/site/a.jpg", "is absolute"),
        ("C:photo.jpg", "is absolute"),
        ("ev\\a.jpg", "uses backslashes"),
        ("ev/../a.jpg", "an empty or '..' part"),
        ("ev//a.jpg", "an empty or '..' part"),
        ("ev/", "an empty or '..' part"),
    ],
)
def test_an_evidence_path_that_is_not_relative_and_plain_is_refused(path: str, said: str) -> None:
    assert said in (evidence_path_problem(path) or "")


@pytest.mark.parametrize("path", ["a.jpg", "ev/a.jpg", "ev/..a.jpg", "1:2.jpg", "ev/.hidden"])
def test_a_relative_plain_evidence_path_is_accepted(path: str) -> None:
    assert evidence_path_problem(path) is None


def test_plain_findings_are_shared_and_the_store_of_them_is_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A report of millions of plain answers keeps one object per item and result, and no more
    than about 100,000 of them: memory stays flat."""
    store: dict[tuple[str, str], Finding] = {}
    monkeypatch.setattr(documents, "_PLAIN", store)
    first = plain_finding("gas", "compliant")
    assert plain_finding("dust", "compliant") is not first
    assert plain_finding("gas", "compliant") is first
    assert first == Finding("gas", "compliant")
    store.update({(str(i), "compliant"): first for i in range(100_000 - 2)})
    plain_finding("x", "compliant")  # the 100,001st: kept with the rest
    assert len(store) == 100_001
    plain_finding("y", "compliant")  # past the bound: the store starts again
    assert list(store) == [("y", "compliant")]


@pytest.mark.parametrize(
    "make",
    [
        lambda: Header(documents.FINDINGS, "d", CREATED, "s", "k", "t"),
        lambda: Evidence("a.jpg", "ab" * 32, 1),
        lambda: ReadingValue(1.0, "%"),
        lambda: Finding("gas", "compliant"),
        lambda: Event("f/x", "closed", CREATED),
        lambda: _inspection(),
        lambda: FindingsDoc(_header(documents.FINDINGS), _inspection(), ()),
        lambda: FollowUpDoc(_header(documents.FOLLOWUP), ()),
    ],
)
def test_a_document_read_cannot_be_changed_after(make: object) -> None:
    """What was read and verified is what is reported: the parts are frozen (and hashable)."""
    part = make()  # type: ignore[operator]
    hash(part)
    with pytest.raises(dataclasses.FrozenInstanceError):
        part.__setattr__(dataclasses.fields(part)[0].name, "changed")


@pytest.mark.parametrize(
    "part",
    [
        Evidence("a.jpg", "ab" * 32, 1),
        ReadingValue(1.0, "%"),
        Finding("gas", "compliant"),
        Event("f/x", "closed", CREATED),
    ],
    ids=["evidence", "reading", "finding", "event"],
)
def test_the_parts_a_report_holds_by_the_million_carry_no_attribute_dictionary(
    part: object,
) -> None:
    """A summary over a large archive holds every finding, reading, piece of evidence and
    event in memory: each is a slotted object, a few hundred bytes lighter than a plain one."""
    assert not hasattr(part, "__dict__")


def test_a_merged_document_read_cannot_be_changed_after() -> None:
    merged = MergedDoc(_header(documents.MERGED), {"source": []})
    with pytest.raises(dataclasses.FrozenInstanceError):
        merged.tables = {}  # type: ignore[misc]
