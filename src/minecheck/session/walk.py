"""The walk through a checklist: a state machine behind a Prompter.

The same machine serves a person at a terminal (a Rich prompter in the CLI) and a script
(`ScriptedPrompter`, fed from an answers file). After every answer the draft is saved, so a
crash, a closed terminal or Ctrl-C loses at most the answer being typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from minecheck.core.checklist import Checklist, Item
from minecheck.core.documents import Evidence, Finding
from minecheck.session.draft import Draft
from minecheck.session.rules import AnswerError, AnswerSpec, build_finding

Command = Literal["skip", "back", "quit"]


@dataclass(frozen=True)
class Step:
    """One question as shown: the item, its place in the walk, and any earlier answer."""

    item: Item
    number: int
    total: int
    section_title: str
    previous: Finding | None
    revisit: bool = False


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


class Prompter(Protocol):
    def ask(self, step: Step) -> Reply: ...

    def details(self, step: Step, result: str, reading: float | None) -> AnswerSpec: ...

    def problem(self, message: str) -> None: ...

    def review(self, review: Review) -> str:
        """`sign`, `quit`, or the id of an item to answer again."""
        ...


Outcome = Literal["done", "quit"]


def not_applicable_note(item: Item) -> str:
    return f"applies only to: {item.condition()}"


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
        self.applicable = [i for i in checklist.items if i.applies(self.tags)]
        self.passed: set[str] = set()

    def prefill(self) -> None:
        """Items whose `applies_if` matches no site tag are not-applicable without asking."""
        changed = False
        for item in self.checklist.items:
            if not item.applies(self.tags) and item.id not in self.draft.answers:
                self.draft.answers[item.id] = Finding(
                    item.id, "not-applicable", note=not_applicable_note(item)
                )
                changed = True
        if changed:
            self.save(self.draft)

    def _next(self) -> Item | None:
        answered = self.draft.answers
        skipped = set(self.draft.skipped)
        for item in self.applicable:
            if item.id not in answered and item.id not in skipped:
                return item
        for item_id in self.draft.skipped:
            if item_id not in answered and item_id not in self.passed:
                return self.checklist.item(item_id)
        return None

    def _step(self, item: Item, revisit: bool = False) -> Step:
        section = self.checklist.section(item.section)
        number = next(n for n, i in enumerate(self.applicable, 1) if i.id == item.id)
        return Step(
            item=item,
            number=number,
            total=len(self.applicable),
            section_title=section.title_zh if self.draft.language == "zh" else section.title,
            previous=self.draft.answers.get(item.id),
            revisit=revisit,
        )

    def _record(self, finding: Finding) -> None:
        self.draft.answers[finding.item] = finding
        if finding.item in self.draft.skipped:
            self.draft.skipped.remove(finding.item)
        if finding.item in self.draft.history:
            self.draft.history.remove(finding.item)
        self.draft.history.append(finding.item)
        self.save(self.draft)

    def ask_item(self, item: Item, revisit: bool = False) -> Reply:
        """Ask one item until it has an answer (recorded and saved) or a command comes back."""
        while True:
            step = self._step(item, revisit)
            reply = self.prompter.ask(step)
            if reply.command is not None:
                return reply
            try:
                spec = reply.spec or AnswerSpec(result=reply.result, reading=reply.reading)
                finding = build_finding(item, spec, self.today, self.evidence)
                if finding.result == "noncompliant" and reply.spec is None:
                    details = self.prompter.details(step, finding.result, reply.reading)
                    finding = build_finding(item, details, self.today, self.evidence)
            except AnswerError as exc:
                self.prompter.problem(str(exc))
                continue
            self._record(finding)
            return reply

    def run(self) -> Outcome:
        self.prefill()
        back_stack: list[str] = []
        while True:
            if back_stack:
                item = self.checklist.item(back_stack[-1])
                assert item is not None
            else:
                next_item = self._next()
                if next_item is None:
                    outcome = self._review()
                    if outcome is not None:
                        return outcome
                    continue
                item = next_item
            reply = self.ask_item(item, revisit=bool(back_stack))
            if reply.command == "quit":
                self.save(self.draft)
                return "quit"
            if reply.command == "back":
                earlier = self._earlier(back_stack[-1] if back_stack else None)
                if earlier is None:
                    self.prompter.problem("this is the first question")
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
        ordered = tuple(
            self.draft.answers[i.id] for i in self.checklist.items if i.id in self.draft.answers
        )
        choice = self.prompter.review(Review(ordered, tuple(self._unanswered())))
        if choice in ("sign", "quit"):
            return "done" if choice == "sign" else "quit"
        item = self.checklist.item(choice)
        if item is None or not item.applies(self.tags):
            self.prompter.problem(f"no item {choice!r} to answer again")
            return None
        reply = self.ask_item(item, revisit=True)
        if reply.command == "quit":
            return "quit"
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

    def problem(self, message: str) -> None:
        raise AnswerError(message)

    def review(self, review: Review) -> str:
        return "sign"
