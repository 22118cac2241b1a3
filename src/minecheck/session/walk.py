"""The walk through a checklist: a state machine behind a Prompter.

The same machine serves a person at a terminal (a Rich prompter in the CLI) and a script
(`ScriptedPrompter`, fed from an answers file). After every answer the draft is saved, so a
crash, a closed terminal or Ctrl-C loses at most the answer being typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Literal, Protocol

from minecheck.core.checklist import Checklist, Item
from minecheck.core.documents import Evidence, Finding
from minecheck.i18n import LANGUAGES, t, written
from minecheck.session.draft import Draft
from minecheck.session.rules import (
    TEXT_FIELDS,
    AnswerError,
    AnswerSpec,
    ascii_forms,
    build_finding,
    decide_result,
    missing_evidence,
)

Command = Literal["skip", "back", "forward", "quit"]


@dataclass(frozen=True)
class Step:
    """One question as shown: the item, its place in the walk, and any earlier answer."""

    item: Item
    number: int
    total: int
    section_title: str
    previous: Finding | None
    revisit: bool = False
    returning: bool = False  # a skipped item, asked again at the end
    # how many items the inspector has gone back with `b` to reach this one: from two on,
    # `forward` returns to where the walk was in one key (each `s` comes forward one item)
    gone_back: int = 0
    # what was typed of an answer to this item not finished (the walk was interrupted in its
    # fields): field name → value, each the default of its field when the answer is given again
    unfinished: Mapping[str, object] = field(default_factory=dict)
    # keeps one field of the answer being given as soon as it is typed (saved with the draft)
    keep: Callable[[str, object], None] = field(default=lambda name, value: None, compare=False)


@dataclass(frozen=True)
class Reply:
    """A one-key answer: a result, or a reading to judge; or a command."""

    result: str | None = None
    reading: float | None = None
    command: Command | None = None
    spec: AnswerSpec | None = None  # the whole answer, when the prompter has it (answers file)


@dataclass(frozen=True)
class Review:
    findings: tuple[Finding, ...]
    unanswered: tuple[str, ...]
    numbers: Mapping[str, int] = field(default_factory=dict)  # item id → its number as shown


class Prompter(Protocol):
    def ask(self, step: Step) -> Reply: ...

    def details(self, step: Step, result: str, reading: float | None) -> AnswerSpec: ...

    def evidence(self, step: Step) -> tuple[tuple[str, ...], str | None]:
        """Evidence paths (and a reason when there are none) for an item that requires it."""
        ...

    def problem(self, message: str) -> None: ...

    def review(self, review: Review) -> str:
        """`sign`, `quit`, or the id of an item to answer again."""
        ...


Outcome = Literal["done", "quit"]


def not_applicable_note(item: Item, language: str = "en") -> str:
    """Why an item ruled out by the site's tags is not applicable, in the inspection's language."""
    return written("applies only to: {condition}", language, condition=condition_in(item, language))


def condition_in(item: Item, language: str) -> str:
    """The site tags `item` needs, in words of `language` (`Item.condition` in English)."""
    if language == "en":
        return item.condition()
    some = written(", ", language).join(item.applies_if)
    every = written(" and ", language).join(item.applies_if_all)
    if some and len(item.applies_if) > 1:
        some = written("one of {some}", language, some=some)
    if some and every:
        return written("{some} and {every}", language, some=some, every=every)
    return some or every


NOT_APPLICABLE_PREFIXES = tuple(
    written("applies only to: {condition}", language, condition="") for language in LANGUAGES
)


def holds_work(draft: Draft) -> bool:
    """Whether a draft holds anything the inspector gave: an answer, an item skipped, or part
    of an answer typed."""
    return bool(given_answers(draft) or draft.skipped or any(draft.unfinished.values()))


def given_answers(draft: Draft) -> int:
    """Answers the inspector gave; items recorded not-applicable by the site's tags don't count."""
    return sum(
        1
        for f in draft.answers.values()
        if not (f.result == "not-applicable" and (f.note or "").startswith(NOT_APPLICABLE_PREFIXES))
    )


# why an answer no longer fits its item (the new version of the checklist)
Misfit = Literal["reading-limits", "no-reading", "reading", "basis", "grade", "evidence"]


@dataclass(frozen=True)
class Refit:
    """What a draft lost when its checklist changed under it (item ids, in checklist order)."""

    removed: tuple[str, ...] = ()  # answers to items the checklist no longer has
    changed: tuple[str, ...] = ()  # answers that no longer fit their item: asked again
    ruled_out: tuple[str, ...] = ()  # answers to items that no longer apply: not-applicable
    why: Mapping[str, Misfit] = field(default_factory=dict)  # by changed item: what changed
    # by removed item: the text typed for its non-compliance (field -> text, in TEXT_FIELDS
    # order), which has no item to go to now and is told to the inspector instead
    typed: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def refit(checklist: Checklist, draft: Draft) -> Refit:
    """Keep of a draft's answers only what still fits `checklist` (a new version of the one it
    was begun with), so that nothing signed rests on an item as it used to be.

    An answer is asked again when its item now judges it otherwise: a reading recorded under
    other bounds or another unit (or a reading item that is no longer one, or the reverse), a
    non-compliance whose basis or grade the item no longer gives, a checked answer without the
    evidence the item now requires. An item recorded not-applicable by its old condition is
    asked if it now applies (and recorded again with its new condition if not); an answer to an
    item that no longer applies to the site's tags is replaced by not-applicable.
    """
    tags = frozenset(draft.site_tags)
    by_id = {item.id: item for item in checklist.items}
    removed = sorted(set(draft.answers) - set(by_id))
    changed: list[str] = []
    reasons: dict[str, Misfit] = {}
    ruled_out: list[str] = []
    typed_of: dict[str, dict[str, str]] = {}
    for item_id in removed:
        gone = draft.answers.pop(item_id)
        typed = {**_as_typed(gone, draft.output), **draft.unfinished.get(item_id, {})}
        if texts := {k: v for k in TEXT_FIELDS if isinstance(v := typed.get(k), str) and v}:
            typed_of[item_id] = texts
    for item_id, kept in draft.unfinished.items():  # half typed for an item now gone
        if item_id in by_id or item_id in typed_of:
            continue
        if texts := {k: v for k in TEXT_FIELDS if isinstance(v := kept.get(k), str) and v}:
            typed_of[item_id] = texts
    for item in checklist.items:
        finding = draft.answers.get(item.id)
        if finding is None:
            continue
        if _by_tags(finding):
            del draft.answers[item.id]  # recorded again by `prefill`, or asked
        elif not item.applies(tags):
            del draft.answers[item.id]
            ruled_out.append(item.id)
        elif (why := _misfit(item, finding)) is not None:
            del draft.answers[item.id]
            changed.append(item.id)
            reasons[item.id] = why
            typed = _as_typed(finding, draft.output)
            if typed and not draft.unfinished.get(item.id):
                draft.unfinished[item.id] = typed  # filled in when it is asked again
    draft.skipped = [i for i in draft.skipped if i in by_id and by_id[i].applies(tags)]
    draft.unfinished = {
        i: kept for i, kept in draft.unfinished.items() if i in by_id and by_id[i].applies(tags)
    }
    draft.history = [i for i in draft.history if i in draft.answers]
    removed = sorted({*removed, *typed_of})
    return Refit(tuple(removed), tuple(changed), tuple(ruled_out), reasons, typed_of)


def _as_typed(finding: Finding, output: str) -> dict[str, object]:
    """What the inspector typed of an answer that is asked again, as the walk keeps an answer
    being typed (`Draft.unfinished`), so that the editor fills it in: a non-compliance's fields
    and its evidence files (relative to the findings file, as the answer holds them). A draft
    begun before an upgrade whose checklist regraded an item keeps the description, location,
    measures... that were typed for it; other answers are one key, typed again."""
    if finding.result != "noncompliant":
        return {}
    typed: dict[str, object] = {"result": finding.result}
    if finding.severity is not None:
        typed["severity"] = finding.severity
    for name in TEXT_FIELDS:
        value = getattr(finding, name)
        if value:
            typed[name] = value
    if finding.deadline is not None:
        typed["deadline"] = finding.deadline
    if finding.evidence:
        root = Path(output).parent
        typed["evidence"] = [str(root / entry.path) for entry in finding.evidence]
    return typed


def _by_tags(finding: Finding) -> bool:
    """A not-applicable answer the walk recorded from the site's tags, not one given."""
    return finding.result == "not-applicable" and (finding.note or "").startswith(
        NOT_APPLICABLE_PREFIXES
    )


_NO_EVIDENCE = tuple(
    written("no evidence: {reason}", language, reason="") for language in LANGUAGES
)


def _misfit(item: Item, finding: Finding) -> Misfit | None:
    """Why `item` would not record `finding` as it stands (its reading's unit and bounds, its
    grade and basis, its evidence), or None when it would."""
    reading = finding.reading
    if reading is not None:
        if item.reading is None:
            return "no-reading"
        bounds = {k: getattr(reading, k) for k in ("min", "max", "above", "below")}
        if (
            reading.unit != item.reading.unit
            or {k: v for k, v in bounds.items() if v is not None} != item.reading.bounds()
        ):
            return "reading-limits"
    elif item.reading is not None and finding.result == "compliant":
        return "reading"
    if finding.result == "noncompliant":
        if tuple(finding.basis) != item.basis:
            return "basis"
        if finding.severity != item.severity and not finding.severity_reason:
            return "grade"
    checked = finding.result in ("compliant", "noncompliant")
    unsupported = checked and not finding.evidence  # and no reason for there being none:
    if unsupported and not any(mark in (finding.note or "") for mark in _NO_EVIDENCE):
        return "evidence" if item.evidence == "required" else None
    return None


def _files_given(step: Step, result: str) -> bool:
    """Whether an answer of RESULT was stopped with evidence files given (`y` at an item that
    required them), which the evidence prompt offers again."""
    return result == "compliant" and bool(step.unfinished.get("evidence"))


class Walk:
    def __init__(
        self,
        checklist: Checklist,
        draft: Draft,
        prompter: Prompter,
        save: Callable[[Draft], None],
        today: dt.date,
        evidence: Callable[[str], Evidence],
    ) -> None:
        self.checklist = checklist
        self.draft = draft
        self.prompter = prompter
        self.save = save
        self.today = today
        self.evidence = evidence
        self.tags = frozenset(draft.site_tags)
        # built once: every step is a dictionary lookup, so a walk is linear in its length
        self.items = checklist.items
        self.by_id = {item.id: item for item in self.items}
        self.sections = {section.id: section for section in checklist.sections}
        self.applicable = [i for i in self.items if i.applies(self.tags)]
        self.number = {item.id: n for n, item in enumerate(self.applicable, 1)}
        self.passed: set[str] = set()
        self._cursor = 0  # applicable items before it are answered or skipped
        self._in_history = set(draft.history)
        self.require_evidence = True

    def prefill(self) -> None:
        """Items whose `applies_if` matches no site tag are not-applicable without asking."""
        changed = False
        for item in self.items:
            if not item.applies(self.tags) and item.id not in self.draft.answers:
                self.draft.answers[item.id] = Finding(
                    item.id,
                    "not-applicable",
                    note=not_applicable_note(item, self.draft.language),
                )
                changed = True
        if changed:
            self.save(self.draft)

    def _next(self) -> Item | None:
        answered = self.draft.answers
        skipped = set(self.draft.skipped)
        while self._cursor < len(self.applicable):
            item = self.applicable[self._cursor]
            if item.id not in answered and item.id not in skipped:
                return item
            self._cursor += 1
        for item_id in self.draft.skipped:
            if item_id not in answered and item_id not in self.passed:
                return self.by_id.get(item_id)
        return None

    def _step(self, item: Item, revisit: bool = False, gone_back: int = 0) -> Step:
        section = self.sections[item.section]
        return Step(
            item=item,
            number=self.number[item.id],
            total=len(self.applicable),
            section_title=section.title_zh if self.draft.language == "zh" else section.title,
            previous=self.draft.answers.get(item.id),
            revisit=revisit,
            returning=not revisit
            and self._cursor >= len(self.applicable)
            and item.id in self.draft.skipped,
            unfinished=dict(self.draft.unfinished.get(item.id, {})),
            keep=partial(self._keep, item.id),
            gone_back=gone_back,
        )

    def _keep(self, item_id: str, name: str, value: object) -> None:
        """One field of an answer being given, saved at once: a terminal closed (or a process
        killed) in the middle of a non-compliance's fields loses none of those typed."""
        kept = self.draft.unfinished.get(item_id, {})
        if value is None or value == () or value == "":
            if kept.pop(name, None) is None:
                return
        else:
            self.draft.unfinished[item_id] = kept
            value = list(value) if isinstance(value, tuple) else value
            if kept.get(name) == value:
                return  # (already saved)
            kept[name] = value
        self.save(self.draft)

    def _record(self, finding: Finding) -> None:
        self.draft.answers[finding.item] = finding
        self.draft.unfinished.pop(finding.item, None)
        if self.draft.skipped and finding.item in self.draft.skipped:
            self.draft.skipped.remove(finding.item)
        if finding.item in self._in_history:
            self.draft.history.remove(finding.item)
        self.draft.history.append(finding.item)
        self._in_history.add(finding.item)
        self.save(self.draft)

    def ask_item(self, item: Item, revisit: bool = False, gone_back: int = 0) -> Reply:
        """Ask one item until it has an answer (recorded and saved) or a command comes back."""
        while True:
            step = self._step(item, revisit, gone_back)
            reply = self.prompter.ask(step)
            if reply.command is not None:
                return reply
            try:
                if reply.spec is not None:
                    spec = reply.spec
                else:  # a key or a reading: the rest of the answer is asked for
                    spec = AnswerSpec(result=reply.result, reading=reply.reading)
                    result = decide_result(item, spec)
                    if result == "noncompliant":
                        spec = self.prompter.details(step, result, reply.reading)
                    elif missing_evidence(item, result, spec) or _files_given(step, result):
                        # kept as an answer being typed (a non-compliance's `details` keeps
                        # its own): a stop at the evidence prompt lost the `y`, or the reading;
                        # files given before a stop are offered even where the item no longer
                        # requires them (a new version of the checklist): `y` dropped them
                        step.keep("result", result)
                        step.keep("reading", reply.reading)
                        files, reason = self.prompter.evidence(step)
                        spec = replace(spec, evidence=files, evidence_reason=reason)
                finding = build_finding(
                    item,
                    spec,
                    self.today,
                    self.evidence,
                    require_evidence=self.require_evidence,
                    language=self.draft.language,
                )
            except AnswerError as exc:
                self.prompter.problem(exc.said())
                continue
            self._record(finding)
            return reply

    def run(self) -> Outcome:
        self.prefill()
        # an answer left unfinished is where the walk stopped: it is asked first, what was
        # typed of it filled in (an item not yet answered comes in its turn: it is the next)
        unfinished = [i.id for i in self.applicable if self.draft.unfinished.get(i.id)]
        back_stack = [i for i in unfinished if i in self.draft.answers][-1:]
        self.draft.skipped.sort(key=lambda i: i not in unfinished)  # (a skipped one, back)
        while True:
            if back_stack:
                item = self.by_id[back_stack[-1]]
            else:
                next_item = self._next()
                if next_item is None:
                    outcome = self._review()
                    if outcome is not None:
                        return outcome
                    continue
                item = next_item
            reply = self.ask_item(item, revisit=bool(back_stack), gone_back=len(back_stack))
            if reply.command == "quit":
                self.save(self.draft)
                return "quit"
            if reply.command == "forward":  # (offered only when gone back two items or more)
                back_stack.clear()
                continue
            if reply.command == "back":
                earlier = self._earlier(back_stack[-1] if back_stack else None)
                if earlier is None:
                    self.prompter.problem(t("this is the first question"))
                else:
                    back_stack.append(earlier)
                continue
            if back_stack:
                back_stack.pop()
            elif reply.command == "skip":
                if item.id in self.draft.skipped:
                    self.passed.add(item.id)  # skipped again at the end: left for the review
                else:
                    self.draft.skipped.append(item.id)
                    self.save(self.draft)

    def _earlier(self, current: str | None) -> str | None:
        history = self.draft.history
        if current is None:
            return history[-1] if history else None
        if current in history:
            index = history.index(current)
            return history[index - 1] if index > 0 else None
        return history[-1] if history else None

    def _unanswered(self) -> list[str]:
        return [i.id for i in self.applicable if i.id not in self.draft.answers]

    def _review(self) -> Outcome | None:
        ordered = tuple(self.draft.answers[i.id] for i in self.items if i.id in self.draft.answers)
        choice = self.prompter.review(
            Review(ordered, tuple(self._unanswered()), numbers=self.number)
        )
        command = ascii_forms(choice).strip()
        if command in ("sign", "quit"):
            return "done" if command == "sign" else "quit"
        item = self._chosen(choice)
        if item is None:
            return None
        reply = self.ask_item(item, revisit=True)
        if reply.command == "quit":
            return "quit"
        return None

    def _chosen(self, choice: str) -> Item | None:
        """An item named at the review by its number as shown or by its id, typed in full width
        or not; else say why not, quoting what was typed."""
        named = ascii_forms(choice).strip()
        if named.isdigit() and 1 <= int(named) <= len(self.applicable):
            return self.applicable[int(named) - 1]
        item = self.by_id.get(named)
        if item is not None and item.applies(self.tags):
            return item
        import difflib

        close = difflib.get_close_matches(named, [i.id for i in self.applicable], n=1)
        if close:
            self.prompter.problem(
                t(
                    "no item '{given}' to answer again; did you mean {close}?",
                    given=choice,
                    close=close[0],
                )
            )
        else:
            self.prompter.problem(t("no item '{given}' to answer again", given=choice))
        return None


class ScriptedPrompter:
    """Answers from an answers file; it never asks anyone anything."""

    def __init__(self, answers: Mapping[str, AnswerSpec]) -> None:
        self.answers = answers

    def ask(self, step: Step) -> Reply:
        spec = self.answers.get(step.item.id)
        if spec is None:
            return Reply(result="not-checked")
        return Reply(result=spec.result, reading=spec.reading, spec=spec)

    def details(self, step: Step, result: str, reading: float | None) -> AnswerSpec:
        return self.answers.get(step.item.id) or AnswerSpec(result=result, reading=reading)

    def evidence(self, step: Step) -> tuple[tuple[str, ...], str | None]:
        spec = self.answers.get(step.item.id)
        return (spec.evidence, spec.evidence_reason) if spec else ((), None)

    def problem(self, message: str) -> None:
        raise AnswerError(message)

    def review(self, review: Review) -> str:
        return "sign"
