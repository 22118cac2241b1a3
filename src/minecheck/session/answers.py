"""Answers files for `inspect --answers` (TOML, or the same structure in JSON)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from minecheck.core.jsonio import parse_json, written_in_json
from minecheck.core.sanitize import quoted_value
from minecheck.core.schema import Validator, fits_float
from minecheck.core.tomlio import decode_text, parse_toml
from minecheck.core.tomlpos import KeyPath, position_of
from minecheck.errors import InputError, Problem
from minecheck.i18n import t
from minecheck.session.rules import (
    TEXT_FIELDS,
    AnswerError,
    AnswerSpec,
    read_date,
    within_years,
)

MAX_ANSWERS_BYTES = 16 * 1024 * 1024
FIELDS = (
    "result",
    "reading",
    "severity",
    "basis",
    "deadline",
    "immediate",
    "note",
    "evidence",
    "evidence_reason",
    *TEXT_FIELDS,
)


@dataclass(frozen=True)
class ParsedAnswers:
    """An answers file read as far as it goes, so every problem can be reported at once."""

    answers: dict[str, AnswerSpec]  # the well-formed answers, by item id
    malformed: frozenset[str]  # items whose answer has problems of its own
    problems: tuple[Problem, ...]
    # where an item's answer is written (line, column), for the problems found later; None in
    # JSON, which keeps no positions
    where: Callable[[str], tuple[int, int] | None] = lambda item: None
    unlisted: int = 0  # problems found beyond those listed (Validator.MAX_PROBLEMS), counted
    # the checklist and version the answers were made for, as the template writes them above
    # `[answers]` (None where the file does not say: one written by hand, or by an older
    # template), and where each is written
    checklist: str | None = None
    version: str | None = None
    made_at: Callable[[str], tuple[int, int] | None] = lambda key: None
    written_as_json: bool = False  # (a hint writes its line in the file's own form)


def read_answers(data: bytes, path: str, *, stdin: bool = False) -> ParsedAnswers:
    """Every answer and every problem; InputError only when the file cannot be read at all.
    `stdin`: read from standard input (a hint then names no file)."""
    if len(data) > MAX_ANSWERS_BYTES:
        limit = MAX_ANSWERS_BYTES
        raise InputError(
            t("{path}: answers file is over the limit of {limit} bytes", path=path, limit=limit),
            path=f"{path}",
        )
    text = decode_text(data, path, allow_cr=True, written_by_hand=True, stdin=stdin)
    as_json = written_in_json(text)
    if as_json:
        doc = parse_json(text, path)
        v = Validator(path, None, say=t, json=True)  # problems carry key paths, not positions
    else:
        doc = parse_toml(text, path)
        v = Validator(path, text, say=t)
    answers: dict[str, AnswerSpec] = {}
    if not isinstance(doc, dict):  # (JSON: a TOML document is a table)
        raise InputError(
            t('{path}: an answers file in JSON is an object: {{"answers": {{...}}}}', path=path),
            path=f"{path}",
        )
    malformed: set[str] = set()
    v.keys(doc, (), ("answers",), ("checklist", "version"), what="the answers file")
    made_for = v.string(doc, "checklist", ()), v.string(doc, "version", ())
    table = doc.get("answers", {})
    if not v.typed(table, dict, ("answers",)):
        raise InputError(
            t("{path}: the answers file has problems", path=path),
            problems=v.problems,
            path=f"{path}",
        )
    for item_id, raw in table.items():
        before = len(v.problems) + v.more
        spec = _spec(v, raw, ("answers", item_id))
        if spec is not None and len(v.problems) + v.more == before:
            answers[item_id] = spec
        else:
            malformed.add(item_id)

    def where(item: str) -> tuple[int, int] | None:
        return position_of(v.positions, ("answers", item))

    def made_at(key: str) -> tuple[int, int] | None:
        return position_of(v.positions, (key,))

    return ParsedAnswers(
        answers,
        frozenset(malformed),
        tuple(v.problems),
        where,
        v.more,
        checklist=made_for[0],
        version=made_for[1],
        made_at=made_at,
        written_as_json=as_json,
    )


def _spec(v: Validator, raw: Any, where: KeyPath) -> AnswerSpec | None:
    if isinstance(raw, str):
        return AnswerSpec(result=raw)
    if not isinstance(raw, dict):
        said = (
            t("an answer is a result string or an object")
            if v.json
            else t("an answer is a result string or a table")
        )
        v.report(where, "bad-type", said)
        return None
    v.keys(raw, where, (), FIELDS, what=t("the answer for {item}", item=quoted_value(where[-1])))
    reading = None
    if "reading" in raw:
        value = raw["reading"]
        if isinstance(value, bool) or not isinstance(value, int | float):
            message = t("reading must be a number, not {value}", value=quoted_value(value))
            v.report((*where, "reading"), "bad-type", message)
        elif (type(value) is int and not fits_float(value)) or not math.isfinite(value):
            v.report((*where, "reading"), "bad-value", t("reading must be a finite number"))
        else:
            reading = float(value) + 0.0  # (-0.0 is zero: no sign to sign)
    deadline = None
    if "deadline" in raw:
        value = raw["deadline"]
        slip = None
        try:
            if isinstance(value, str):  # as the walk takes one: 2027-1-10, 2027年1月10日
                value = read_date(value) or value
            elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                within_years(value, value.isoformat())  # (a TOML date: no text was read)
        except AnswerError as exc:  # 2027-02-30: no day of the calendar; 9999-12-31
            slip = exc
        if slip is not None:
            message = t("{what} {why}", what="deadline", why=slip.said())
            v.report((*where, "deadline"), "bad-value", message)
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            deadline = value
        else:
            message = t("deadline must be a date like 2026-12-20")
            v.report((*where, "deadline"), "bad-type", message)
    basis = tuple(v.string_list(raw, "basis", where)) if "basis" in raw else None
    texts = {name: v.string(raw, name, where) for name in TEXT_FIELDS}
    return AnswerSpec(
        result=v.string(raw, "result", where),
        reading=reading,
        severity=v.string(raw, "severity", where),
        basis=basis,
        deadline=deadline,
        immediate=tuple(v.string_list(raw, "immediate", where)),
        note=v.string(raw, "note", where),
        evidence=tuple(v.string_list(raw, "evidence", where)),
        evidence_reason=v.string(raw, "evidence_reason", where),
        **texts,
    )
