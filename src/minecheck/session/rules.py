"""How an answer becomes a finding: results from readings, severity and deadline defaults."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from minecheck.core.checklist import Item
from minecheck.core.documents import (
    FINDING_TEXT_FIELDS,
    IMMEDIATE,
    RESULTS,
    Evidence,
    Finding,
    ReadingValue,
    evidence_path_problem,
)

DEADLINE_DAYS = {"major": 30, "general": 7}
MAX_EVIDENCE_BYTES = 2 * 1024**3

TEXT_FIELDS = FINDING_TEXT_FIELDS


class AnswerError(ValueError):
    """An answer that cannot become a finding; the message says why."""


@dataclass(frozen=True)
class AnswerSpec:
    """What an inspector (or an answers file) said about one item."""

    result: str | None = None
    reading: float | None = None
    severity: str | None = None
    severity_reason: str | None = None
    basis: tuple[str, ...] | None = None
    description: str | None = None
    location: str | None = None
    measures: str | None = None
    responsible: str | None = None
    deadline: dt.date | None = None
    funds: str | None = None
    contingency: str | None = None
    immediate: tuple[str, ...] = ()
    enforcement: str | None = None
    note: str | None = None
    evidence: tuple[str, ...] = ()


def default_deadline(severity: str, today: dt.date) -> dt.date:
    return today + dt.timedelta(days=DEADLINE_DAYS.get(severity, 7))


def result_of_reading(item: Item, value: float) -> str:
    assert item.reading is not None
    return "compliant" if item.reading.within(value) else "noncompliant"


def decide_result(item: Item, spec: AnswerSpec) -> str:
    """The result an answer gives: stated, or decided by the reading against its limits."""
    if spec.reading is not None:
        if item.reading is None:
            raise AnswerError(f"item {item.id!r} takes no reading")
        derived = result_of_reading(item, spec.reading)
        if spec.result in ("compliant", "noncompliant") and spec.result != derived:
            raise AnswerError(
                f"the reading {spec.reading:g} {item.reading.unit} against the limit "
                f"{item.reading.limits()} makes the result {derived}, not {spec.result}"
            )
        if spec.result in ("not-applicable", "not-checked"):
            raise AnswerError(f"a {spec.result} item takes no reading")
        return derived
    if spec.result is None:
        if item.reading is not None:
            raise AnswerError(f"item {item.id!r} needs a result or a reading")
        raise AnswerError(f"item {item.id!r} needs a result")
    if spec.result not in RESULTS:
        raise AnswerError(f"result must be one of {', '.join(RESULTS)}, not {spec.result!r}")
    return spec.result


def build_finding(
    item: Item,
    spec: AnswerSpec,
    today: dt.date,
    evidence: Callable[[str], Evidence],
) -> Finding:
    """The finding for `item` from `spec`; AnswerError on anything inconsistent."""
    result = decide_result(item, spec)
    reading = None
    if spec.reading is not None and item.reading is not None:
        r = item.reading
        reading = ReadingValue(spec.reading, r.unit, **r.bounds())
    files = tuple(evidence(path) for path in spec.evidence)
    if result != "noncompliant":
        extra = [name for name in ("severity", *TEXT_FIELDS, "deadline") if getattr(spec, name)]
        if spec.basis or spec.immediate:
            extra.append("basis" if spec.basis else "immediate")
        if extra:
            raise AnswerError(f"{', '.join(extra)} belong only to a noncompliant answer")
        return Finding(item.id, result, reading=reading, note=spec.note, evidence=files)
    severity = spec.severity or item.severity
    if severity not in ("major", "general"):
        raise AnswerError(f"severity must be major or general, not {severity!r}")
    if item.severity == "major" and severity == "general" and not spec.severity_reason:
        raise AnswerError(
            f"item {item.id!r} is major by its criteria; lowering it needs a severity_reason"
        )
    basis = spec.basis if spec.basis is not None else item.basis
    if severity == "major" and not basis:
        raise AnswerError("a major finding must cite its basis (the clause that makes it major)")
    for measure in spec.immediate:
        if measure not in IMMEDIATE:
            raise AnswerError(f"immediate measure must be one of {', '.join(IMMEDIATE)}")
    return Finding(
        item=item.id,
        result="noncompliant",
        severity=severity,
        severity_reason=spec.severity_reason,
        basis=tuple(basis),
        description=spec.description,
        location=spec.location,
        measures=spec.measures,
        responsible=spec.responsible,
        deadline=spec.deadline or default_deadline(severity, today),
        funds=spec.funds,
        contingency=spec.contingency,
        immediate=spec.immediate,
        enforcement=spec.enforcement,
        reading=reading,
        note=spec.note,
        evidence=files,
    )


def evidence_resolver(output_dir: Path, base: Path) -> Callable[[str], Evidence]:
    """Hash an evidence file named relative to `base`; it must lie inside `output_dir`."""
    root = output_dir.resolve()

    def resolve(given: str) -> Evidence:
        try:
            return _resolve(given)
        except AnswerError:
            raise
        except (OSError, ValueError, RuntimeError) as exc:  # a loop, a NUL byte, a long name
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise AnswerError(f"evidence file {given!r} cannot be read: {reason}") from None

    def _resolve(given: str) -> Evidence:
        if "\0" in given:
            raise AnswerError(f"evidence path {given!r} holds a NUL character")
        candidate = (base / os.path.expanduser(given)).resolve()
        try:
            relative = candidate.relative_to(root)
        except ValueError:
            raise AnswerError(
                f"evidence {given!r} is outside {output_dir}, the findings file's directory"
            ) from None
        stored = relative.as_posix()
        problem = evidence_path_problem(stored)
        if problem:
            raise AnswerError(problem)
        if not candidate.is_file():
            raise AnswerError(f"evidence file {given!r} does not exist")
        digest = hashlib.sha256()
        size = 0
        with open(candidate, "rb") as fh:
            while chunk := fh.read(1 << 20):
                size += len(chunk)
                if size > MAX_EVIDENCE_BYTES:
                    raise AnswerError(f"evidence file {given!r} is larger than 2 GiB")
                digest.update(chunk)
        return Evidence(stored, digest.hexdigest(), size)

    return resolve
