"""The quick finding reader accepts only what the full reader accepts, and reads it alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from minecheck.core.docschema import _plainly_valid, _quick_finding, _Reader, read_document
from minecheck.core.documents import FindingsDoc
from minecheck.core.schema import Validator
from tests.test_docschema import BASE

_ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False),
    st.sampled_from(["", "x", "a1", "major", "general", "noncompliant", "compliant", "seal"]),
    st.dates(),
    st.datetimes(),
    st.lists(st.sampled_from(["seal", "stop-work", "x", ""]), max_size=2),
    st.lists(st.integers(), max_size=2),
)
_READING = st.dictionaries(
    st.sampled_from(["value", "unit", "min", "max", "above", "below", "other"]),
    st.one_of(st.integers(-5, 5), st.floats(allow_nan=False), st.booleans(), st.just("mg")),
)
_EVIDENCE = st.lists(
    st.dictionaries(
        st.sampled_from(["path", "sha256", "bytes", "other"]),
        st.one_of(
            st.sampled_from(["a.jpg", "", "../a", "/a", "a\\b", "0" * 64, "A" * 64]),
            st.integers(-2, 9),
            st.booleans(),
        ),
    ),
    max_size=2,
)
_KEYS = [
    "item",
    "result",
    "severity",
    "basis",
    "deadline",
    "immediate",
    "severity_reason",
    "description",
    "location",
    "measures",
    "responsible",
    "funds",
    "contingency",
    "enforcement",
    "note",
    "other",
]


@st.composite
def findings(draw: st.DrawFn) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "item": draw(st.sampled_from(["gas-1", "", "Bad", "a", "x" * 70])),
        "result": draw(st.sampled_from(["compliant", "noncompliant", "not-checked", "bad"])),
    }
    for key in draw(st.lists(st.sampled_from(_KEYS), max_size=6)):
        raw[key] = draw(_ANY_VALUE)
    if draw(st.booleans()):
        raw["reading"] = draw(_READING)
    if draw(st.booleans()):
        raw["evidence"] = draw(_EVIDENCE)
    if draw(st.booleans()):
        raw["severity"] = draw(st.sampled_from(["major", "general"]))
        raw["basis"] = draw(st.lists(st.sampled_from(["AQ 1", "AQ 2"]), max_size=2))
        raw["deadline"] = draw(st.sampled_from([dt.date(2026, 12, 1), "soon"]))
    return raw


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(findings())
def test_quick_reader_agrees_with_the_full_reader(raw: dict[str, Any]) -> None:
    quick = _quick_finding(raw)
    v = Validator("f.toml", None)
    full = _Reader(v).finding(raw, ("finding", 0))
    if quick is not None:  # accepted quickly: the full reader finds no problem and reads the same
        assert v.problems == []
        assert quick == full


def test_a_plain_finding_is_read_quickly() -> None:
    raw: dict[str, Any] = {"item": "gas-1", "result": "noncompliant", "severity": "major"}
    raw["basis"] = ["AQ 1"]
    raw |= {"deadline": dt.date(2026, 12, 1), "reading": {"value": 1, "unit": "%", "max": 0.5}}
    raw |= {"evidence": [{"path": "a.jpg", "sha256": "0" * 64, "bytes": 3}], "note": "n"}
    quick = _quick_finding(raw)
    v = Validator("f.toml", None)
    assert quick is not None
    assert quick == _Reader(v).finding(raw, ("finding", 0))
    assert v.problems == []


def test_a_text_key_present_without_a_string_is_left_to_the_full_reader() -> None:
    raw: dict[str, Any] = {"item": "gas-1", "result": "compliant", "note": None}
    assert _quick_finding(raw) is None
    v = Validator("f.toml", None)
    _Reader(v).finding(raw, ("finding", 0))
    assert [p.message for p in v.problems] == ["finding[0].note: note must be a string"]


def test_a_plain_finding_met_again_is_the_same_and_a_bad_one_stays_bad() -> None:
    good = {"item": "gas-plain-1", "result": "compliant"}
    first = _quick_finding(dict(good))
    assert first is not None
    assert _quick_finding(dict(good)) is first  # remembered: shared, not checked again
    for raw in (
        {"item": "Bad Item!", "result": "compliant"},
        {"item": "gas-plain-1", "result": "noncompliant"},  # needs a severity
        {"item": "gas-plain-1", "result": "fine"},
    ):
        for _ in range(2):  # refused, and not remembered as valid
            assert _quick_finding(dict(raw)) is None


_ENTRY = st.one_of(
    findings(),
    st.fixed_dictionaries(
        {
            "item": st.sampled_from(["gas-1", "gas-2", "vent-3", "Bad"]),
            "result": st.sampled_from(["compliant", "not-applicable", "noncompliant", "bad"]),
        }
    ),
    st.fixed_dictionaries({"item": st.sampled_from(["gas-1", "gas-2"])}),  # no result
    st.fixed_dictionaries({"item": st.just(["gas-1"]), "result": st.just("compliant")}),
    st.integers(),
    st.text(max_size=2),
    st.lists(st.integers(), max_size=1),
)


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(st.lists(_ENTRY, max_size=6))
def test_findings_read_whole_are_the_full_readers(raw: list[Any]) -> None:
    """`_plainly_valid` gives a document's findings only when the full reader, finding by
    finding, reports no problem and no repeated item, and then gives the same findings."""
    whole = _plainly_valid(list(raw))
    v = Validator("f.toml", None)
    reader = _Reader(v)
    full = [reader.finding(entry, ("finding", i)) for i, entry in enumerate(raw)]
    items = [f.item for f in full if f is not None]
    if whole is not None:
        assert v.problems == []
        assert len(set(items)) == len(items)
        assert list(whole) == full


def test_a_document_of_valid_findings_is_read_whole() -> None:
    raw: list[Any] = [{"item": f"gas-{i}", "result": "compliant"} for i in range(5)]
    raw.append({"item": "vent-1", "result": "noncompliant", "severity": "general"})
    raw.append({"item": "vent-2", "result": "not-applicable", "note": "sealed off"})
    whole = _plainly_valid(raw)
    assert whole is not None
    assert [f.item for f in whole] == [*(f"gas-{i}" for i in range(5)), "vent-1", "vent-2"]
    assert _plainly_valid([*raw, {"item": "gas-0", "result": "compliant"}]) is None  # repeats
    assert _plainly_valid([*raw, {"item": "gas-9", "result": "fine"}]) is None
    assert _plainly_valid([*raw, "gas-9"]) is None


def test_only_a_document_of_up_to_whole_max_findings_is_read_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A larger one is read a finding at a time, each table let go as it is read (memory)."""
    import minecheck.core.docschema as docschema

    def whole(raw: list[Any]) -> None:
        raise AssertionError(f"read whole: {len(raw)} findings")

    monkeypatch.setattr(docschema, "_plainly_valid", whole)
    for n, read_whole in ((docschema.WHOLE_MAX, True), (docschema.WHOLE_MAX + 1, False)):
        doc = tomli.loads(BASE)
        doc["finding"] = [{"item": f"gas-{i}", "result": "compliant"} for i in range(n)]
        if read_whole:
            with pytest.raises(AssertionError, match=f"read whole: {n} findings"):
                read_document(doc, None, "f.toml", consume=True)
        else:
            read, found = read_document(doc, None, "f.toml", consume=True)
            assert found == []
            assert isinstance(read, FindingsDoc)
            assert len(read.findings) == n
