"""How an answer becomes a finding: results from readings, severity and deadline defaults."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from minecheck.core.checklist import Item, known_clause, listed_situation
from minecheck.core.documents import (
    EARLIEST_YEAR,
    FINDING_TEXT_FIELDS,
    IMMEDIATE,
    LATEST_YEAR,
    RESULTS,
    Evidence,
    Finding,
    ReadingValue,
    evidence_path_fault,
)
from minecheck.core.evidence import (
    NotAFile,
    TooLarge,
    case_twin,
    composed,
    distinct,
    file_digest,
    find_on_disk,
    not_on_windows,
    open_regular,
    twin_beside,
    unread_because,
)
from minecheck.core.sanitize import (
    LONE_SURROGATE,
    UNFIT_OPTIONAL_NAME,
    quoted_value,
    unfit_name,
)

DEADLINE_DAYS = {"major": 30, "general": 7}
MAX_EVIDENCE_BYTES = 2 * 1024**3

TEXT_FIELDS = FINDING_TEXT_FIELDS


class AnswerError(ValueError):
    """An answer that cannot become a finding; the message says why.

    Given as a template and its fields (`AnswerError("... {unit}", unit=u)`), the message can
    be shown in the inspector's language: `minecheck.i18n.t(exc.template, **exc.fields)`.
    """

    def __init__(self, template: str, **fields: object) -> None:
        from minecheck.i18n import written

        super().__init__(written(template, "en", **fields))
        self.template = template
        self.fields = fields

    def said(self) -> str:
        """The message in the inspector's language (`minecheck.i18n`)."""
        from minecheck.i18n import t

        return t(self.template, **self.fields)


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
    evidence_reason: str | None = None  # why evidence an item requires is missing


# A reading's number, at the start of what was typed; what follows it, blanks around it taken
# off, is its unit, on one line. (Read as a pattern `number \s*(\S.*?)?\s*` it backtracked: a
# unit cut by a long run of blanks took time quadratic in the run, minutes for a pasted line.)
_NUMBER = re.compile(r"\s*([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+))")
# Digits grouped in thousands by commas (`1,200`): 1200 in China, 1.2 where a comma is the
# decimal point. Never guessed: a CO reading fifty times its limit would be taken as within it.
_GROUPED = re.compile(r"\s*([+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?)(?!\d).*", re.DOTALL)
# What a Chinese input method types for a reading: full-width digits, signs, point and percent
# (U+FF01-U+FF5E), the ideographic space and full stop, read as their ASCII forms; and the
# minus sign (U+2212) a value copied from a PDF or a typeset report holds.
_FULL_WIDTH = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20, 0x3002: 0x2E, 0x2212: 0x2D}
# A date as people write it, year first: 2027-01-10, 2027-1-10, 2027/1/10, 2027.1.10, 20270110,
# 2027年1月10日 (read through `ascii_forms`, so in full width too)
_DATE = re.compile(
    r"\s*([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?\s*"
    r"|\s*([0-9]{4})([0-9]{2})([0-9]{2})\s*"
)


def ascii_forms(text: str) -> str:
    """What a Chinese input method types (full-width letters, digits and signs, the ideographic
    space and full stop) and the minus sign of typeset text, as the ASCII it stands for, and
    without the format characters a paste brings (`unseen_dropped`): every answer that is a
    key, a grade, a number, a date, an id or a choice is read through it, as a reading is (a
    deadline or a grade pasted with a BOM was refused for ever); free text never is."""
    return unseen_dropped(text).translate(_FULL_WIDTH)


def unseen_dropped(text: str) -> str:
    """`text` without the format characters no one sees (a byte-order mark, a zero-width space,
    a direction mark: category Cf), which a number copied from a PDF, a web page or a Windows
    file brings with it, and which make no number."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


YEARS_WORDS = "'{given}' lies outside the years {first} to {last}"


def outside_years(given: str) -> AnswerError:
    """What is said of a date or time given outside the years 1900 to 9000 (`given` as typed)."""
    return AnswerError(YEARS_WORDS, given=given, first=EARLIEST_YEAR, last=LATEST_YEAR)


def within_years(day: dt.date, given: str) -> dt.date:
    """`day`, if its year lies in the years every date minecheck keeps may name (1900 to 9000,
    as a document's times); else `outside_years(given)` is raised."""
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise outside_years(given)
    return day


def read_date(text: str) -> dt.date | None:
    """A date as people write it (2027-01-10, 2027-1-10, 2027/1/10, 2027.1.10, 20270110 or
    2027年1月10日, in full width too; any other ISO 8601 date), or None for text that is no
    date. One written like a date that names no day (2027-02-30), or a day outside the years
    1900 to 9000, is an AnswerError saying why. Every date a person gives is read by it: a
    deadline, `--new-deadline`, `--as-of`."""
    plain = ascii_forms(text)
    match = _DATE.fullmatch(plain)
    if match is None:
        try:  # the rest of what the standard library reads (a week date: 2026-W53-4)
            iso = dt.date.fromisoformat(plain.strip())
        except ValueError:
            return None
        return within_years(iso, text)
    year, month, day = (int(part) for part in match.groups() if part is not None)
    if year < 1:
        return None
    if not 1 <= month <= 12:
        raise AnswerError("'{given}' is no day of the calendar: a year has 12 months", given=text)
    days = 31 if month == 12 else (dt.date(year, month + 1, 1) - dt.date(year, month, 1)).days
    if not 1 <= day <= days:
        raise AnswerError(
            "'{given}' is no day of the calendar: {month} has {days} days",
            given=text,
            month=f"{year:04d}-{month:02d}",
            days=days,
        )
    return within_years(dt.date(year, month, day), text)


def reading_problem(value: float, unit: str, *, below_zero: bool = False) -> str | None:
    """Why a reading is impossible, or None: non-finite, negative where nothing can read below
    zero (`below_zero`: `Reading.below_zero`, a temperature say), or a percentage above 100."""
    if not math.isfinite(value):
        return "a reading must be a finite number"
    if value < 0 and not below_zero:
        return "a reading cannot be negative"
    if unit.startswith("%") and value > 100:
        return "a reading in {unit} cannot be above 100"
    return None


def number_and_unit(text: str) -> tuple[str, str | None] | None:
    """The number a typed reading starts with and what follows it, blanks around it taken off
    (None when nothing follows); None when the text does not start with a number or its unit
    runs over more than one line. Linear in the text, whatever its shape."""
    match = _NUMBER.match(text)
    if match is None:
        return None
    suffix = text[match.end() :].strip()  # (str.strip's blanks are exactly the pattern's \s)
    if "\n" in suffix:
        return None
    return match.group(1), suffix or None


def parse_reading(text: str, unit: str, *, below_zero: bool = False) -> float | None:
    """A typed reading: a plain decimal number, optionally followed by its unit (`0.8%`,
    `0.8 %CH4`); None when the text is not a number at all. AnswerError for an impossible one
    (nan, inf, 1e999, negatives unless `below_zero`, a percentage above 100) or a unit that is
    not the item's, said as it was typed (`0−`'s sign, `ｐｐｍ`, as the inspector wrote them)."""
    typed = unseen_dropped(text)
    text = typed.translate(_FULL_WIDTH)  # (`ascii_forms`, its unseen characters gone already)
    # (one character for one: the unit ends `typed` where it ends `text`, before the same blanks)
    blanks_after = len(text) - len(text.rstrip())
    try:
        plain = float(text.replace(",", "."))
    except ValueError:
        plain = 0.0
    if not math.isfinite(plain):
        raise AnswerError("a reading must be a finite number")
    grouped = _GROUPED.fullmatch(text)
    if grouped is not None:
        number = grouped.group(1)
        if "." not in number:
            raise AnswerError(
                "a comma in a reading is ambiguous: write {plain} or {decimal}",
                plain=number.replace(",", ""),
                decimal=number.replace(",", ".", 1).replace(",", ""),
            )
        text = text.replace(number, number.replace(",", ""), 1)  # 1,200.5: one reading only
    split = number_and_unit(text)
    if split is None:
        return None
    number, suffix = split
    if suffix is not None and suffix[suffix[0] in ".," :][:1].isdecimal():
        # digits grouped by a space (`1 000`, as SI writes them), a typo (`1 5`) or a blank
        # before the decimal mark (`0 ,5`): no unit follows, and neither 1000 nor 15 is guessed
        raise AnswerError(
            "a blank splits the number of this reading ({given}): write its digits together",
            given=typed.strip(),
        )
    if suffix is not None:
        compact = suffix.replace(" ", "").lower()
        wanted = unit.replace(" ", "").lower()
        if compact not in (wanted, "%") or (compact == "%" and not wanted.startswith("%")):
            end = len(typed) - blanks_after
            given = typed[end - len(suffix) : end]
            raise AnswerError(
                "the unit of this reading is {unit}, not {given}", unit=unit, given=given
            )
    value = float(number.replace(",", ".")) + 0.0  # (-0 is zero: no sign to sign)
    problem = reading_problem(value, unit, below_zero=below_zero)
    if problem:
        raise AnswerError(problem, unit=unit)
    return value


def reading_verdict(item: Item, value: float) -> str:
    """Where a reading lies against its limits, for `1.8 %CH4 is above the limit ≤ 1.5 ...`:
    `within`, `above` or `below` them, or `reaches` a bound it may not reach (`below`/`above`)."""
    assert item.reading is not None
    r = item.reading
    if r.within(value):
        return "within"
    if (r.max is not None and value > r.max) or (r.below is not None and value > r.below):
        return "above"
    if (r.min is not None and value < r.min) or (r.above is not None and value < r.above):
        return "below"
    return "reaches"


def default_deadline(severity: str, today: dt.date) -> dt.date:
    return today + dt.timedelta(days=DEADLINE_DAYS.get(severity, 7))


def result_of_reading(item: Item, value: float) -> str:
    assert item.reading is not None
    return "compliant" if item.reading.within(value) else "noncompliant"


def decide_result(item: Item, spec: AnswerSpec) -> str:
    """The result an answer gives: stated, or decided by the reading against its limits."""
    if spec.reading is not None:
        if item.reading is None:
            raise AnswerError("item {item} takes no reading", item=quoted_value(item.id))
        problem = reading_problem(
            spec.reading, item.reading.unit, below_zero=item.reading.below_zero()
        )
        if problem:
            raise AnswerError(problem, unit=item.reading.unit)
        derived = result_of_reading(item, spec.reading)
        if spec.result in ("compliant", "noncompliant") and spec.result != derived:
            raise AnswerError(
                "the reading {value} {unit} against the limit {limit} makes the result "
                "{derived}, not {result}",
                value=f"{spec.reading:g}",
                unit=item.reading.unit,
                limit=item.reading.limits(),
                derived=derived,
                result=spec.result,
            )
        if spec.result in ("not-applicable", "not-checked"):
            raise AnswerError("a {result} item takes no reading", result=spec.result)
        return derived
    if spec.result is None:
        if item.reading is not None:
            raise AnswerError("item {item} needs a result or a reading", item=quoted_value(item.id))
        raise AnswerError("item {item} needs a result", item=quoted_value(item.id))
    if spec.result not in RESULTS:
        raise AnswerError(
            "result must be one of {choices}, not {given}",
            choices=list(RESULTS),
            given=quoted_value(spec.result),
        )
    return spec.result


def missing_evidence(item: Item, result: str, spec: AnswerSpec) -> bool:
    """An item that requires evidence, checked, with none given and no reason why."""
    return (
        item.evidence == "required"
        and result in ("compliant", "noncompliant")
        and not spec.evidence
        and not (spec.evidence_reason or "").strip()
    )


def reading_description(item: Item, value: float, language: str = "en") -> str:
    """What a reading outside its limit says by itself: `1.3 %CH4, limit ≤ 1 %CH4`, in the
    inspection's language."""
    from minecheck.i18n import written

    assert item.reading is not None
    return written(
        "{value} {unit}, limit {limit}",
        language,
        value=f"{value:g}",
        unit=item.reading.unit,
        limit=item.reading.limits(),
    )


def check_basis(severity: str, basis: tuple[str, ...]) -> None:
    """AnswerError unless every clause code exists and a major cites a situation listed as major.

    DOMAIN: only a situation of the coal or metal/non-metal criteria is a major hidden danger.
    """
    if severity == "major" and not basis:
        raise AnswerError("a major finding must cite its basis (the clause that makes it major)")
    for code in basis:
        if not known_clause(code):
            raise AnswerError(
                "basis {code} names no clause of the criteria or the laws (CMHD-<article>.<n>,"
                " MNM-UG-<n>, MNM-OP-<n>, MNM-TP-<n>, WSL-<n>, CR24-<n>, O16, HM24, AP24)",
                code=quoted_value(code),
            )
    if severity == "major" and not any(map(listed_situation, basis)):
        raise AnswerError(
            "a major hidden danger is a situation the criteria list: cite one"
            " (CMHD-<article>.<n> or MNM-UG/OP/TP-<n>) in basis, not only {basis},"
            " or grade it general",
            basis=list(basis),
        )


def build_finding(
    item: Item,
    spec: AnswerSpec,
    today: dt.date,
    evidence: Callable[[str], Evidence],
    *,
    require_evidence: bool = True,
    language: str = "en",
) -> Finding:
    """The finding for `item` from `spec`; AnswerError on anything inconsistent. What the
    tool writes into it (a reading's description, the reason for no evidence) is in the
    inspection's `language`.

    A non-compliance needs a description (a reading outside its limit describes itself); an
    item whose evidence is `required` needs evidence or a recorded reason (unless
    `require_evidence` is off, for `--allow-incomplete`).
    """
    if spec.reading is None and item.reading is not None and spec.result == "compliant":
        raise AnswerError(
            "item {item} is judged by its reading: give the value", item=quoted_value(item.id)
        )
    result = decide_result(item, spec)
    reading = None
    if spec.reading is not None and item.reading is not None:
        r = item.reading
        reading = ReadingValue(spec.reading, r.unit, **r.bounds())
    # a photo named twice (`ev/a.jpg`, `./ev/a.jpg`) is one record
    files = distinct(evidence(path) for path in spec.evidence)
    if result != "noncompliant":
        _check_evidence(item, result, spec, require_evidence)
        spec = _with_evidence_reason(spec, language)
        extra = [name for name in ("severity", *TEXT_FIELDS, "deadline") if getattr(spec, name)]
        if spec.basis or spec.immediate:
            extra.append("basis" if spec.basis else "immediate")
        if len(extra) == 1:  # "description belong only ..." was the one field's grammar
            raise AnswerError("{field} belongs only to a noncompliant answer", field=extra[0])
        if extra:
            raise AnswerError("{fields} belong only to a noncompliant answer", fields=list(extra))
        return Finding(item.id, result, reading=reading, note=spec.note, evidence=files)
    severity = spec.severity or item.severity
    if severity not in ("major", "general"):
        raise AnswerError(
            "severity must be major or general, not {given}", given=quoted_value(severity)
        )
    if item.severity == "major" and severity == "general" and not spec.severity_reason:
        raise AnswerError(
            "item {item} is major by its criteria; lowering it needs a severity_reason",
            item=quoted_value(item.id),
        )
    basis = spec.basis if spec.basis is not None else item.basis
    check_basis(severity, basis)
    for measure in spec.immediate:
        if measure not in IMMEDIATE:
            raise AnswerError("immediate measure must be one of {choices}", choices=list(IMMEDIATE))
    _check_evidence(item, result, spec, require_evidence)
    spec = _with_evidence_reason(spec, language)
    description = spec.description
    if not (description or "").strip():
        if spec.reading is None or item.reading is None:
            raise AnswerError("a non-compliant finding needs a description")
        description = reading_description(item, spec.reading, language)
    if spec.responsible and unfit_name(spec.responsible):  # (as --inspector is refused)
        raise AnswerError(UNFIT_OPTIONAL_NAME, option="responsible")
    return Finding(
        item=item.id,
        result="noncompliant",
        severity=severity,
        severity_reason=spec.severity_reason,
        basis=tuple(basis),
        description=description,
        location=spec.location,
        measures=spec.measures,
        responsible=spec.responsible or None,  # (left empty: not given, as the walk leaves it)
        deadline=spec.deadline or default_deadline(severity, today),
        funds=spec.funds,
        contingency=spec.contingency,
        immediate=spec.immediate,
        enforcement=spec.enforcement,
        reading=reading,
        note=spec.note,
        evidence=files,
    )


def _check_evidence(item: Item, result: str, spec: AnswerSpec, required: bool) -> None:
    if required and missing_evidence(item, result, spec):
        raise AnswerError(
            "item {item} requires evidence: give a file, or the reason there is none "
            "(evidence_reason)",
            item=quoted_value(item.id),
        )


def _with_evidence_reason(spec: AnswerSpec, language: str) -> AnswerSpec:
    """The reason evidence is missing is recorded in the finding's note."""
    from minecheck.i18n import written

    if spec.evidence or not (spec.evidence_reason or "").strip():
        return spec
    reason = written("no evidence: {reason}", language, reason=spec.evidence_reason)
    if spec.note:
        reason = written("{note}; {reason}", language, note=spec.note, reason=reason)
    return replace(spec, note=reason)


def recorded_evidence_reason(note: str | None, language: str) -> str | None:
    """The reason for no evidence that `_with_evidence_reason` wrote into a finding's note
    (after a note of its own, if there was one), or None: what an answer gone back to offers
    again."""
    from minecheck.i18n import written

    marker = written("no evidence: {reason}", language, reason="")
    if not note:
        return None
    if note.startswith(marker):
        return note[len(marker) :]
    after = written("{note}; {reason}", language, note="", reason=marker)
    at = note.find(after)
    return note[at + len(after) :] if at > 0 else None


def _too_large(given: str, size: int) -> AnswerError:
    return AnswerError(
        "evidence file {given} is larger than 2 GiB ({size} bytes); record a shorter clip or a "
        "still of it",
        given=given,
        size=size,
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
            reason = str(exc) if isinstance(exc, ValueError) else unread_because(exc)
            raise AnswerError(
                "evidence file {given} cannot be read: {reason}", given=given, reason=reason
            ) from None

    def _resolve(given: str) -> Evidence:
        if "\0" in given:
            raise AnswerError("evidence path {given} holds a NUL character", given=given)
        candidate = find_on_disk(base / os.path.expanduser(given)).resolve()
        try:
            relative = candidate.relative_to(root)
        except ValueError:
            raise AnswerError(
                "evidence {given} is outside {directory}, the directory the document is written "
                "to; copy the file below it, or write the document higher up with -o",
                given=given,
                directory=output_dir,
            ) from None
        stored = composed(relative.as_posix())  # one spelling on every system
        if LONE_SURROGATE.search(stored):  # bytes not in the locale's encoding: lone surrogates
            import sys

            from minecheck.portable import encoding_shown

            raise AnswerError(
                "evidence {given}: the file's name is not {encoding} (from an archive made on "
                "another system?); rename the file, or unpack the archive again naming its "
                "encoding (python3 -m zipfile --metadata-encoding GBK -e ARCHIVE DIR, or unzip"
                " -O GBK ARCHIVE where unzip has -O)",
                given=given,  # (its bytes not UTF-8 shown as escapes, `\\udcd5`, by the sink)
                encoding=encoding_shown(sys.getfilesystemencoding()),
            )
        fault = evidence_path_fault(stored)
        if fault:
            raise AnswerError(fault, given=stored)
        unportable = not_on_windows(stored)
        if unportable is not None:
            kind, what = unportable
            if kind == "end":
                raise AnswerError(
                    "evidence path {given} cannot be a file name on Windows (it ends in a dot "
                    "or a space); rename the file",
                    given=stored,
                )
            if kind == "device":
                raise AnswerError(
                    "evidence path {given} cannot be a file name on Windows ({device} is a "
                    "device name there); rename the file",
                    given=stored,
                    device=what,
                )
            raise AnswerError(
                "evidence path {given} cannot be a file name on Windows ({characters}); "
                "rename the file",
                given=stored,
                characters=what,
            )
        if candidate.is_dir():
            raise AnswerError("evidence {given} is a directory, not a file", given=given)
        try:
            opened = open_regular(candidate)
        except FileNotFoundError:
            twin = case_twin(root, stored)
            if twin is not None:
                raise AnswerError(
                    "evidence file {given} does not exist; {twin} differs only in letter case",
                    given=given,
                    twin=twin,
                ) from None
            raise AnswerError("evidence file {given} does not exist", given=given) from None
        except NotAFile as exc:  # (its one kind, as every reader says it: fileio.not_regular)
            from minecheck.fileio import special_kind
            from minecheck.i18n import Word

            raise AnswerError(
                "{what} {path}: not a regular file ({kind})",
                what=Word("evidence"),
                path=given,
                kind=Word(special_kind(exc.mode)),
            ) from None
        twin = twin_beside(root, stored)
        if twin is not None:
            opened.close()
            raise AnswerError(
                "evidence {given}: {twin} beside it differs only in letter case or Unicode "
                "spelling; on Windows and macOS the two are one file: rename one",
                given=given,
                twin=twin,
            )
        with opened as fh:
            whole = os.fstat(fh.fileno()).st_size
            if whole > MAX_EVIDENCE_BYTES:  # said at once, not after reading it all
                raise _too_large(given, whole)
            try:
                sha256, size = file_digest(fh, MAX_EVIDENCE_BYTES)
            except TooLarge as exc:  # it grew while it was read
                raise _too_large(given, exc.size) from None
        return Evidence(stored, sha256, size)

    return resolve
