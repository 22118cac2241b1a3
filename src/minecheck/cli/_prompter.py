"""The person-facing prompter: one-key answers, edited lines, prompts and tables on stderr.

Every text prompt is a real line editor (`cli._line_reader`), imported only when a walk starts.
Every message goes through the
catalogue (`minecheck.i18n.t`), and typed Chinese answers are accepted where Chinese is shown.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from minecheck.cli._line_reader import LineReader, absolute, dropped_forms, unquote
from minecheck.cli._render import FIELD_LABELS, safe, table
from minecheck.core.checklist import Item, listed_situation
from minecheck.core.evidence import find_on_disk
from minecheck.core.sanitize import LONE_SURROGATE, for_terminal, quoted
from minecheck.core.schema import fits_float
from minecheck.i18n import joined, t
from minecheck.portable import ENTER_KEYS, read_key
from minecheck.session.rules import (
    AnswerError,
    AnswerSpec,
    ascii_forms,
    default_deadline,
    parse_reading,
    read_date,
    reading_verdict,
    recorded_evidence_reason,
)
from minecheck.session.walk import Reply, Review, Step

if TYPE_CHECKING:
    from rich.console import Console

    from minecheck.core.documents import Evidence, Finding

KEYS = {"y": "compliant", "n": "noncompliant", "a": "not-applicable"}
# a result as the keys line says it ("n non-compliant"), where the file has its code
WORDS = {
    "noncompliant": "non-compliant",
    "not-applicable": "not applicable",
    "not-checked": "not checked",
}
COMMANDS = {"s": "skip", "b": "back", "q": "quit"}
SEVERITIES = {"major": "major", "general": "general", "重大": "major", "一般": "general"}
SEVERITIES.update({"m": "major", "g": "general"})
YES = ("y", "yes", "是", "好", "确认")
READABLE = 16  # cells: the narrowest an id or a description column reads well in the review
NO = ("n", "no", "否", "不")


def _severity_named(given: str) -> str | None:
    """The severity an answer names (`general`, `g`, `一般`, full-width letters), or None."""
    given = ascii_forms(given).strip()
    return SEVERITIES.get(given.lower()) or SEVERITIES.get(given)


def _shown_reading(typed: object) -> str | None:
    """A reading kept from an answer not finished, or answered before and gone back to, as the
    default of its question (Enter takes it, a key typed instead still answers; it is not put
    in the line editor, where a key would be typed after the number): its shortest exact
    digits, never an exponent (which no reading is typed with)."""
    if not isinstance(typed, float):
        return None
    from decimal import Decimal

    return format(Decimal(repr(typed)), "f")


def _earlier_reading(earlier: Finding | None) -> float | None:
    """The reading of an answer given before, as a number (a draft written by hand may hold
    a whole one), or None where it has none."""
    value = earlier.reading.value if earlier is not None and earlier.reading is not None else None
    if type(value) is int and fits_float(value):
        return float(value)
    return value + 0.0 if type(value) is float and math.isfinite(value) else None


def said(result: str) -> str:
    """A result in the walk's words, in the walk's language."""
    return t(WORDS.get(result, result))


def legend_lines(text: str, width: int) -> list[str]:
    """`text`'s parts (between " · ") packed into lines at most `width` cells wide; a part wider
    than that stands on a line of its own (and is folded there as any text is)."""
    from rich.cells import cell_len

    lines: list[str] = []
    for part in text.split(" · "):
        if lines and cell_len(lines[-1]) + 3 + cell_len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return lines


def _forward_offered(step: Step) -> bool:
    """`f` (forward to where the walk was) is a key where `s` would take more than one."""
    return step.revisit and step.previous is not None and step.gone_back >= 2


def yes_no(answer: str, default: bool) -> bool | None:
    """[Y/n] questions: y/yes/是 and n/no/否; empty takes the default; None for anything else
    (asked again: `yseen on site`, typed where a note was meant, is no yes)."""
    word = ascii_forms(answer).strip().lower()
    if not word:
        return default
    if word in YES:
        return True
    if word in NO:
        return False
    return None


def ask_yes_no(ask: Callable[[], str], default: bool, console: Console) -> bool:
    """A [Y/n] question (`ask` shows it and reads the answer), asked until it is answered."""
    while (verdict := yes_no(ask(), default)) is None:
        console.print(safe(t("please answer y or n"), "bold red"))
    return verdict


class RichPrompter:
    def __init__(
        self,
        console: Console,
        lang: str,
        today: dt.date,
        check_evidence: Callable[[str], Evidence] | None = None,
        evidence_root: Path | None = None,
        *,
        enforces: bool = True,
    ) -> None:
        self.console = console
        # whether the one walking can issue an order (a supervisor: not a self-inspection)
        self.enforces = enforces
        self.lang = lang
        self.today = today
        self.check_evidence = check_evidence
        self.evidence_root = evidence_root
        self.lines = LineReader()

    # -- plumbing ----------------------------------------------------------------------------
    def _flush(self) -> None:
        self.console.file.flush()

    def _line(self, label: str, default: str | None = None, *, paths: bool = False) -> str:
        """A line; `default` is shown as [default] and taken for an empty answer."""
        shown = (
            t("{label} [{default}]: ", label=label, default=for_terminal(default, multiline=True))
            if default
            else t("{label}: ", label=label)
        )
        self._flush()
        value = self.lines.read(shown, paths=paths)
        return value if value.strip() else (default or "")

    def _text(self, label: str, earlier: str | None) -> str:
        """Free text answered before: put in the line editor to be edited, line breaks and all
        (Enter keeps it; erasing it leaves the field empty). Where the editor cannot show it
        (a dumb terminal, no terminal) it is offered as [default] instead."""
        if earlier and self.lines.prefills():
            self._flush()
            return self.lines.read(t("{label}: ", label=label), default=earlier)
        return self._line(label, earlier)

    def say(self, text: str, style: str = "") -> None:
        self.console.print(safe(text, style), soft_wrap=False)

    def problem(self, message: str) -> None:
        self.console.print(safe(message, "bold red"), soft_wrap=False)

    def legend(self, text: str, style: str = "") -> None:
        """Keys and their meanings ("y compliant · n non-compliant · ..."), folded between two
        of them, never inside one: folded where the width ended, `s` stood at a line's end and
        "keep the earlier answer" began the next, and a line began with its "·"."""
        for line in legend_lines(text, self.console.width):
            self.say(line, style)

    # -- the question --------------------------------------------------------------------------
    def _show(self, step: Step) -> None:
        from rich.text import Text

        item = step.item
        if step.returning:
            self.say(t("A skipped item comes back:"), "yellow")
        head = Text(f"\n[{step.number}/{step.total}] ", style="bold")
        head.append_text(safe(step.section_title, "bold"))
        head.append(f"  {for_terminal(item.id)}", style="dim")
        self.console.print(head, soft_wrap=False)
        grade = Text(t(item.severity), style="bold red" if item.severity == "major" else "yellow")
        if item.basis:
            grade.append("  " + for_terminal(joined(item.basis)), style="dim")  # as checklists show
        if item.evidence == "required":
            grade.append("  " + t("evidence required"), style="bold")
        elif item.evidence == "recommended":
            grade.append("  " + t("evidence recommended"), style="dim")
        self.console.print(grade, soft_wrap=False)
        earlier, measured = step.previous, _earlier_reading(step.previous)
        if earlier is not None and earlier.reading is not None and measured is not None:
            # what was measured, with its result: it is offered again on the reading's line
            fields = {"value": _shown_reading(measured), "unit": earlier.reading.unit}
            fields["result"] = said(earlier.result)
            self.say(t("(earlier answer: {value} {unit}, {result})", **fields), "dim")
        elif earlier is not None:
            self.say(t("(earlier answer: {result})", result=said(earlier.result)), "dim")
        result = step.unfinished.get("result")
        if isinstance(result, str):
            # only the key kept (a walk killed before a field's Enter): nothing to fill in
            typed = step.unfinished.keys() - {"result"}
            what = (
                "(unfinished answer: {result}; what was typed is filled in)"
                if typed
                else "(unfinished answer: {result}; nothing typed for it was kept:"
                " press its key to answer it)"
            )
            self.say(t(what, result=said(result)), "yellow")
        if item.reading is not None:
            self.console.print(safe(item.text(self.lang)), soft_wrap=False)

    def _question(self, text: str) -> None:
        """The question folded between words, its last line ending in "> " where the key is
        typed, and room for the key (Rich put "> " on a line of its own after a question that
        filled one); lines never narrower than a Chinese character's two cells (a terminal a
        few columns wide had lines of one, where none fits: the question was blank lines)."""
        *lines, last = safe(text).wrap(self.console, max(self.console.width - 4, 2))
        for line in lines:
            self.console.print(line, soft_wrap=True)
        self.console.print(last + " > ", end="", soft_wrap=True)

    def _guidance(self, item: Item) -> None:
        other = "en" if self.lang == "zh" else "zh"
        for text in (item.guidance_in(self.lang), item.text(other), item.guidance_in(other)):
            if text:
                self.console.print(safe(text, "cyan", multiline=True), soft_wrap=False)
        if not item.guidance:
            self.console.print(safe("—", "dim"))

    def _keys(self, step: Step) -> str:
        if _forward_offered(step):
            # gone back several items: `s` comes forward one at a time, `f` at once
            return t(
                "y compliant · n non-compliant · a not applicable · s keep the earlier answer"
                " · b back · f forward to where you were · ? guidance · q save and quit"
            )
        if step.revisit and step.previous is not None:
            # answered before (`b`, or its number at the review): `s` leaves that answer as it
            # is and goes on; "skip" ("asked again at the end") would not be what it does
            return t(
                "y compliant · n non-compliant · a not applicable · s keep the earlier answer"
                " · b back · ? guidance · q save and quit"
            )
        return t(
            "y compliant · n non-compliant · a not applicable · s skip · b back · ? guidance"
            " · q save and quit"
        )

    def ask(self, step: Step) -> Reply:
        self._show(step)
        item = step.item
        while True:
            self.legend(self._keys(step), "dim")
            if item.reading is not None:
                label = t(
                    "Enter the reading in {unit} (limit {limit}), or a key",
                    unit=item.reading.unit,
                    limit=item.reading.limits(),
                )
                typed = step.unfinished.get("reading")
                if typed is None:
                    # an answered reading gone back to: Enter takes it again and its fields
                    # follow, the earlier answer's as their defaults (`s` keeps it all as is)
                    typed = _earlier_reading(step.previous)
                try:
                    answer = self._line(label, _shown_reading(typed)).strip()
                except EOFError:
                    return Reply(command="quit")
                except KeyboardInterrupt:
                    # a reading being typed, or just answered (a Ctrl-C at once after its
                    # Enter), is kept as the draft keeps fields being typed: it was lost
                    kept = self._reading_typed(item, self.lines.unsent)
                    if kept is not None:
                        step.keep("reading", kept)
                    raise
                plain = ascii_forms(answer).strip()
                key = plain.lower() if len(plain) == 1 else ""
            else:
                # the question ends on the line the answer is typed on: a braille display
                # shows that line, and it read "> " alone, the question two lines above
                self._question(item.text(self.lang))
                self._flush()
                key = read_key()
                if key in ENTER_KEYS or (len(key) == 1 and not key.isprintable()):
                    # Enter, Ctrl-L, Backspace and other control keys answer nothing: ask
                    # again, quietly
                    self.console.print()
                    continue
                self.console.print(safe(key if key.isprintable() else ""))
                plain = ascii_forms(key).lower()
                # a word an input method committed at once is one answer, wrong as a whole
                answer, key = (key, "") if len(plain) > 1 else ("", plain)
            if item.reading is not None and key == "y":
                self.problem(t("this item is judged by its reading: type the value"))
                continue
            if key in KEYS:
                return Reply(result=KEYS[key])
            if key in COMMANDS:
                return Reply(command=COMMANDS[key])  # type: ignore[arg-type]
            if key == "f" and _forward_offered(step):
                return Reply(command="forward")
            if key == "?":
                self._guidance(item)
                continue
            if item.reading is not None and answer:
                try:
                    value = parse_reading(
                        answer, item.reading.unit, below_zero=item.reading.below_zero()
                    )
                except AnswerError as exc:
                    self.problem(exc.said())
                    continue
                if value is not None:
                    self._verdict(item, value)
                    return Reply(reading=value)
                # (a word where the value belongs: the value is what the prompt asks first)
                self.problem(
                    t(
                        "'{given}' is not a reading: type the value in {unit}, or one of the "
                        "keys above",
                        given=answer,
                        unit=item.reading.unit,
                    )
                )
                continue
            if key or answer:
                self.problem(
                    t("'{given}' is not an answer: use one of the keys above", given=answer or key)
                )

    def _verdict(self, item: Item, value: float) -> None:
        assert item.reading is not None
        where = reading_verdict(item, value)
        fields = {"value": f"{value:g}", "unit": item.reading.unit}
        fields["limit"] = item.reading.limits()
        if where == "within":
            self.say(t("{value} {unit} is within the limit {limit} → compliant", **fields), "green")
        elif where == "above":
            self.say(
                t("{value} {unit} is above the limit {limit} → non-compliant", **fields), "bold red"
            )
        elif where == "reaches":
            self.say(
                t("{value} {unit} reaches the limit {limit} → non-compliant", **fields), "bold red"
            )
        else:
            self.say(
                t("{value} {unit} is below the limit {limit} → non-compliant", **fields), "bold red"
            )

    def _required_text(self, label: str, default: str | None, why: str) -> str:
        while True:
            value = self._text(label, default)
            if value.strip():
                return value
            self.problem(why)

    def details(self, step: Step, result: str, reading: float | None) -> AnswerSpec:
        item = step.item
        previous = step.previous if step.previous and step.previous.result == result else None
        typed = step.unfinished if step.unfinished.get("result") == result else {}

        def earlier(name: str) -> Any:
            """A field's default: what was typed of an unfinished answer, else the earlier
            answer's."""
            if name in typed:
                return typed[name]
            return getattr(previous, name) if previous is not None else None

        step.keep("result", result)
        if reading is not None:
            step.keep("reading", reading)
        field = ""
        answered: dict[str, object] = {}  # each field's answer once its line was taken

        def asking(name: str) -> None:
            """The field asked from now on: a stop keeps the line read for it, never the
            line read for the one before (the reader holds that until it reads again)."""
            nonlocal field
            self.lines.unsent = ""
            field = name

        def kept(name: str, value: object) -> None:
            answered[name] = value
            step.keep(name, value)

        def text(name: str, label: str, why: str | None = None) -> str:
            asking(name)
            if why is None:
                value = self._text(label, earlier(name))
            else:
                value = self._required_text(label, earlier(name), why)
            kept(name, value)
            return value

        def name(which: str, label: str) -> str:
            """A name (the responsible unit or person): one with a control or invisible
            character is refused at its own prompt, as the inspector's is, and asked again at
            once with nothing filled in (a line editor would put it back with its character
            unseen); empty, it is not given."""
            from minecheck.core.sanitize import unfit_name

            asking(which)
            default = earlier(which)
            while True:
                value = self._text(label, default)
                if not value or not unfit_name(value):
                    kept(which, value)  # (a stop as it is saved saves it again: `_kept_at_a_stop`)
                    return value
                self.problem(
                    t(
                        "{label}: no control or invisible characters (type the name again, "
                        "or leave it empty)",
                        label=label,
                    )
                )
                default = None

        try:
            label = t(FIELD_LABELS["description"])
            if reading is None:
                description: str | None = text(
                    "description", label, t("a non-compliant finding needs a description")
                )
            else:  # a reading outside its limit describes itself unless one is given
                description = text("description", label)
            location = text("location", t(FIELD_LABELS["location"]))
            # an earlier answer's grade (and its reason) is the default: Enter changes nothing
            asking("severity")
            severity = self._severity(item, earlier("severity"))
            kept("severity", severity)
            reason = None
            if item.severity == "major" and severity == "general":
                reason = text(
                    "severity_reason",
                    t(FIELD_LABELS["severity_reason"]),
                    t("a reason is needed"),
                )
            measures = text("measures", t(FIELD_LABELS["measures"]))
            responsible = name("responsible", t(FIELD_LABELS["responsible"]))
            # the order or decision the officer issued on the spot (D4: 检查即执法)
            enforcement = (
                text("enforcement", t(FIELD_LABELS["enforcement"]))
                if self.enforces
                else earlier("enforcement") or ""
            )
            asking("deadline")
            deadline = self._deadline(earlier("deadline"), severity)
            kept("deadline", deadline)
            asking("")
            evidence, evidence_reason = self._evidence(step)
        except (KeyboardInterrupt, EOFError):
            graded = earlier("severity")  # (the grade Enter takes, as `_severity` shows it)
            graded = graded if graded in ("major", "general") else item.severity
            self._kept_at_a_stop(step, field, answered, graded)
            raise KeyboardInterrupt from None
        return AnswerSpec(
            result=result,
            reading=reading,
            severity=severity,
            severity_reason=reason,
            description=description or None,
            location=location or None,
            measures=measures or None,
            responsible=responsible or None,
            enforcement=enforcement or None,
            deadline=deadline,
            evidence=evidence,
            evidence_reason=evidence_reason,
        )

    def evidence(self, step: Step) -> tuple[tuple[str, ...], str | None]:
        """Evidence for an answer that needs no other detail (an item that requires it)."""
        try:
            return self._evidence(step)
        except EOFError:
            raise KeyboardInterrupt from None

    @staticmethod
    def _reading_typed(item: Item, line: str) -> float | None:
        """The reading a line being typed gives, if it gives one."""
        assert item.reading is not None
        with contextlib.suppress(AnswerError):
            return parse_reading(line, item.reading.unit, below_zero=item.reading.below_zero())
        return None

    def _kept_at_a_stop(
        self, step: Step, field: str, answered: dict[str, object], graded: str
    ) -> None:
        """A non-compliance's fields at a stop: the line being typed for FIELD (an answer
        taken and perhaps not yet saved, saved again), and each line typed ahead after it
        (`LineReader.typed_ahead`: its Enter and the words after it read together, or typed
        while the draft was saved) kept for the field it was typed for, each as that field's
        question reads it. The words typed after an Enter were lost where the stop came
        before the next question took them: a dropped session kept the description, not the
        location typed after it. Each line goes to the question the walk asks next (no grade
        where the item has no situation to grade by; a reason after an Enter that took GRADED,
        the grade shown, as general for a major item)."""
        if field in answered:
            step.keep(field, answered[field])
            field = self._after(step.item, field, answered)
            lines = self._typed_at_a_stop("")
        else:
            lines = self._typed_at_a_stop(self.lines.unsent)
        for line in lines:
            if not field:
                return
            value = self._as_read(field, line) if line.strip() else None
            if value is not None:
                step.keep(field, value)
                answered[field] = value
            elif field == "severity" and not line.strip():
                answered[field] = graded  # (Enter takes the grade shown)
            field = self._after(step.item, field, answered)

    def _typed_at_a_stop(self, typed: str) -> list[str]:
        """The lines typed at a stop: TYPED (the line being typed) ended by the first line typed
        ahead, then the others, up to the first that holds bytes not in the terminal's encoding
        (lone surrogates, which no draft can hold: kept, the walk ended in a traceback and the
        draft lost the line). Its question would have asked for it again, and the lines after
        it answered that question: they are not guessed."""
        lines = self.lines.typed_ahead()
        lines[0] = typed + lines[0]
        for k, line in enumerate(lines):
            if LONE_SURROGATE.search(line):
                return lines[:k]
        return lines

    def _after(self, item: Item, field: str, answered: dict[str, object]) -> str:
        """The field asked after FIELD's line; "" after the deadline (the evidence follows)."""
        if field == "severity":
            lowered = item.severity == "major" and answered.get("severity") == "general"
            return "severity_reason" if lowered else "measures"
        if field == "location" and not any(map(listed_situation, item.basis)):
            return "measures"  # (no grade is asked: `_severity`)
        following = {
            "description": "location",
            "location": "severity",
            "severity_reason": "measures",
            "measures": "responsible",
            "responsible": "enforcement" if self.enforces else "deadline",
            "enforcement": "deadline",
        }
        return following.get(field, "")

    def _as_read(self, field: str, line: str) -> object:
        """A line being typed (or just answered: a Ctrl-C at once after its Enter) when the walk
        stopped, as its question reads it: free text as typed, a severity or a deadline only
        when it is one (a severity and a deadline answered that way were lost, and the resumed
        walk offered `major` and the default deadline again)."""
        if field == "severity":
            return _severity_named(line)
        if field == "deadline":
            with contextlib.suppress(AnswerError):
                deadline = read_date(line.strip())
                if deadline is not None and deadline >= self.today:
                    return deadline
            return None
        return line

    def _severity(self, item: Item, earlier: str | None = None) -> str:
        if not any(map(listed_situation, item.basis)):
            return item.severity  # no situation the criteria list: general, nothing to choose
        default = earlier if earlier in ("major", "general") else item.severity
        while True:
            given = ascii_forms(self._line(t("Severity (major/general)"), t(default))).strip()
            severity = _severity_named(given)
            if severity is None:  # the default as shown, in either language
                severity = default if given == t(default) else None
            if severity is not None:
                return severity
            self.problem(
                t("'{given}': the severity is major (重大) or general (一般)", given=given)
            )

    def _deadline(self, earlier: dt.date | None, severity: str) -> dt.date:
        due = earlier or default_deadline(severity, self.today)
        while True:
            text = self._line(t("Deadline (YYYY-MM-DD)"), due.isoformat()).strip()
            try:
                deadline = read_date(text)
            except AnswerError as exc:  # 2027-02-30: written like a date, but no day
                self.problem(exc.said())
                continue
            if deadline is None:
                self.problem(t("'{given}' is not a date like {example}", given=text, example=due))
                continue
            if deadline < self.today:
                self.problem(t("{date} is in the past: give a deadline from today on", date=text))
                continue
            return deadline

    def _evidence(self, step: Step) -> tuple[tuple[str, ...], str | None]:
        """Evidence paths, each checked as it is typed; earlier evidence kept unless removed."""
        kept: list[str] = []
        shown: list[str] = []
        typed = step.unfinished.get("evidence")
        if isinstance(typed, list):  # files given before the walk was interrupted
            for given in typed:
                try:
                    found = self.check_evidence(given) if self.check_evidence else None
                except AnswerError as exc:
                    self.problem(exc.said())
                    continue
                name = found.path if found is not None else given
                if name not in shown:  # (one file by two spellings: one record, one entry)
                    shown.append(name)
                    kept.append(given)
        elif step.previous is not None and self.evidence_root is not None:
            for entry in step.previous.evidence:
                kept.append(str(self.evidence_root / entry.path))
                shown.append(entry.path)
        while True:
            self._evidence_files(step, kept, shown)
            if kept or step.item.evidence != "required":
                return tuple(kept), None
            earlier = step.unfinished.get("evidence_reason")
            if earlier is None and step.previous is not None and not step.previous.evidence:
                # an answer gone back to offers the reason it gave, as its files are kept
                earlier = recorded_evidence_reason(step.previous.note, self.lang)
            try:
                reason = self._required_text(
                    t("Why there is no evidence (this item requires it)"),
                    earlier if isinstance(earlier, str) else None,
                    t("a reason is needed, or the evidence file: type or drop its path"),
                )
            except (KeyboardInterrupt, EOFError):  # (with its words typed ahead, as a field's)
                typed = next(iter(self._typed_at_a_stop(self.lines.unsent)), "")
                if typed.strip():
                    step.keep("evidence_reason", typed)
                raise
            named = self._file_named(reason)
            if named is None:  # words, kept as typed
                step.keep("evidence_reason", reason)
                return (), reason
            # a file named (or dropped) here is the evidence after all: the file prompt is back
            if self._take_evidence(named, step, kept, shown):
                self.say(t("{given} is taken as evidence", given=quoted(shown[-1])))

    def _evidence_files(self, step: Step, kept: list[str], shown: list[str]) -> None:
        """Evidence paths typed until an empty line; `kept` and `shown` grow as they are."""
        while True:
            if shown:
                self.say(t("Evidence so far:"))
                for number, name in enumerate(shown, 1):
                    self.say(f"  {number}. {name}")
                label = t("Evidence file (empty to finish, -N removes entry N)")
            else:
                label = t("Evidence file (empty to finish)")
            try:
                line = self._line(label, paths=True)
                if not unquote(line):
                    return
                removal = re.fullmatch(r"\s*-\s*([0-9]+)\s*", ascii_forms(unquote(line)))
                if removal is not None:
                    index = int(removal.group(1)) - 1
                    if 0 <= index < len(kept):
                        del kept[index], shown[index]
                        step.keep("evidence", absolute(kept))
                    else:
                        self.problem(t("there is no entry {number}", number=removal.group(1)))
                    continue
                self._take_evidence(line, step, kept, shown)
            except (KeyboardInterrupt, EOFError):
                self._keep_typed_file(step, kept)
                raise

    def _keep_typed_file(self, step: Step, kept: list[str]) -> None:
        """The line at the file prompt when the walk stopped (being typed, or just entered and
        being checked), kept with the files given when it names a file: the resumed walk checks
        it as it checks them. A line naming no file is no evidence, and is not kept."""
        form = self._named_form(self.lines.unsent)
        if form is None:
            return
        given = absolute(kept)
        if absolute([form])[0] not in given:
            step.keep("evidence", absolute([*kept, form]))

    def _take_evidence(self, line: str, step: Step, kept: list[str], shown: list[str]) -> bool:
        """The file `line` names, as typed or dropped, checked and kept; else why not said."""
        given = unquote(line)
        if self.check_evidence is not None:
            found = None
            for form in dropped_forms(line):  # the first that names a usable file
                try:
                    found = self.check_evidence(form)
                except AnswerError as exc:
                    refused = exc  # the last form's words: the likeliest meant
                    continue
                given = form
                break
            if found is None:
                self.problem(refused.said())
                return False
            name = found.path
        else:
            name = given
        if name in shown:  # the same file again (another spelling): recorded once, listed so
            number = shown.index(name) + 1
            self.say(t("{given} is entry {number} already", given=quoted(name), number=number))
            return True
        shown.append(name)
        kept.append(given)
        step.keep("evidence", absolute(kept))
        return True

    def _file_named(self, reason: str) -> str | None:
        """The reason for no evidence, when it is the path of a file (typed or dropped, as the
        file prompt takes it); None for words that name no file, the reason as typed. A folder's
        name is no file: a reason of "." is a reason."""
        return reason if self._named_form(reason) is not None else None

    def _named_form(self, text: str) -> str | None:
        """The form of `text` (`dropped_forms`) that names a file on disk, or None."""
        if self.check_evidence is None or not text.strip() or "\n" in text.strip():
            return None
        for form in dropped_forms(text):
            try:
                path = find_on_disk(Path(os.path.expanduser(form)))
                if os.path.lexists(path) and not path.is_dir():
                    return form
            except (OSError, ValueError):  # a NUL byte, a name too long: no file
                continue
        return None

    # -- the end -------------------------------------------------------------------------------
    @staticmethod
    def _table_width(review: Review, rows: list[Finding]) -> int:
        """The narrowest terminal where the review table shows every column readably: each
        header on one line, a grade and a date whole, an id and a description at least
        `READABLE` cells wide (narrower, a column was dropped or printed a cell per line)."""
        from rich.cells import cell_len

        def wide(header: str, *cells: str, least: int = 0) -> int:
            return max(cell_len(t(header)), least, *map(cell_len, cells))

        numbers = [str(review.numbers.get(f.item, "")) for f in rows]
        ids = min(max(cell_len(f.item) for f in rows), READABLE)
        grades = [t(f.severity or "") for f in rows]
        return (
            wide("NO.", *numbers)
            + wide("ITEM", least=ids)
            + wide("GRADE", *grades)
            + wide("DEADLINE", "2026-12-31")
            + wide("DESCRIPTION", least=READABLE)
            + 2 * 4  # the space between five columns
        )

    def _stacked(self, review: Review, rows: list[Finding]) -> None:
        """The review's findings one field a line, for a terminal too narrow for the table."""
        from rich.padding import Padding
        from rich.text import Text

        for f in rows:
            self.console.print()
            head = Text(f"{review.numbers.get(f.item, '')}  ", style="bold")
            head.append_text(safe(f.item, "bold"))
            self.console.print(head, soft_wrap=False)
            fields = (
                (
                    t("Grade"),
                    safe(t(f.severity or ""), "bold red" if f.severity == "major" else ""),
                ),
                (t("Deadline"), safe(f.deadline.isoformat() if f.deadline else "")),
                (t("Description"), safe(f.description or "", multiline=True)),
            )
            for label, value in fields:
                line = Text(t("{label}: ", label=label))
                line.append_text(value)
                # wrapped here (the console leaves lines to the terminal, and a padded line
                # was cropped at its edge: the inspector signed what was not shown)
                # the indent leaves two cells, where there are two, for a Chinese character:
                # under a full indent a few columns wide one cell was left, none fitted, and
                # the grade and the description were blank lines
                indent = min(4, max(self.console.width - 2, 0))
                self.console.print(Padding(line, (0, 0, 0, indent)), soft_wrap=False)
        self.console.print()

    def review(self, review: Review) -> str:
        from collections import Counter

        from rich.cells import cell_len

        counts = Counter(f.result for f in review.findings)
        summary = t(", ").join(
            t("{count} {result}", count=n, result=said(result))
            for result, n in sorted(counts.items())
        )
        if review.unanswered:
            summary += t(", ") + t("{count} not answered", count=len(review.unanswered))
        self.console.print()
        self.say(t("Review: {summary}", summary=summary), "bold")
        rows = [f for f in review.findings if f.result == "noncompliant"]
        stacked = bool(rows) and self.console.width < self._table_width(review, rows)
        # the items not answered, each by the number the choice below takes, as a row's is: a
        # list of names, written as the language lists them (`、` in Chinese; `，` parts clauses)
        unanswered = joined(
            f"{review.numbers[i]} {i}" if i in review.numbers else i for i in review.unanswered
        )
        listed = cell_len(unanswered) // max(self.console.width, 1)
        # the counts scrolled off the screen by a long list are said again above the choice
        tall = (4 if stacked else 1) * len(rows) + 5 + listed > self.console.height - 3
        if stacked:
            self._stacked(review, rows)
        elif rows:
            tab = table(t("NO."), t("ITEM"), t("GRADE"), t("DEADLINE"), t("DESCRIPTION"))
            number, item, grade, deadline = tab.columns[:4]
            for column in (number, grade, deadline):  # (a date broken over lines misreads)
                column.no_wrap = True
            deadline.min_width = len("2026-12-31")
            item.overflow = "fold"  # an id folds where the width ends
            for f in rows:
                tab.add_row(
                    str(review.numbers.get(f.item, "")),
                    safe(f.item),
                    safe(t(f.severity or ""), "bold red" if f.severity == "major" else ""),
                    safe(f.deadline.isoformat() if f.deadline else ""),
                    safe(f.description or "", multiline=True),  # the inspector's line breaks
                )
            self.console.print(tab)
        if review.unanswered:
            self.say(
                t(
                    "not answered (will be recorded as not-checked): {items}",
                    items=unanswered,
                ),
                "yellow",
            )
        if tall:
            self.say(t("Review: {summary}", summary=summary), "bold")
        # the choices on a line of their own, a short question where the answer is typed
        # (the whole was broken at the edge and the cursor's line read "and quit:")
        self.legend(
            t(
                "Enter to sign and write · an item's number or id to answer it again"
                " · q to save and quit"
            )
        )
        try:
            choice = self._line(t("Your choice (Enter signs)")).strip()
        except EOFError:
            return "quit"
        if not choice:
            return "sign"
        # as typed: the walk reads a number or an id in full width, and quotes what was typed
        return "quit" if ascii_forms(choice).strip().lower() in ("q", "退出") else choice
