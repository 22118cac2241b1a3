"""The person-facing prompter: one-key answers in a terminal, prompts and tables on stderr."""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import TYPE_CHECKING

from minecheck.cli._render import safe, table
from minecheck.core.checklist import Item
from minecheck.core.sanitize import for_terminal
from minecheck.session.rules import AnswerSpec, default_deadline
from minecheck.session.walk import Reply, Review, Step

if TYPE_CHECKING:
    from rich.console import Console

KEYS = {"y": "compliant", "n": "noncompliant", "a": "not-applicable"}
COMMANDS = {"s": "skip", "b": "back", "q": "quit"}

LABELS = {
    "en": {
        "keys": "y compliant · n non-compliant · a not applicable · s skip · b back · ? guidance"
        " · q save and quit",
        "reading": "Enter the reading in {unit} (limit {limit}), or a key",
        "description": "Description of the hidden danger",
        "location": "Location",
        "severity": "Severity (major/general)",
        "reason": "Reason for lowering the severity",
        "measures": "Rectification measures",
        "responsible": "Responsible unit / person",
        "deadline": "Deadline (YYYY-MM-DD)",
        "evidence": "Evidence file (empty to finish)",
        "review": "Review",
        "sign": "Enter: sign and write · an item id: answer it again · q: save and quit",
        "previous": "earlier answer",
        "unanswered": "not answered (will be recorded as not-checked)",
        "bad_key": "'{given}' is not an answer: use one of the keys above",
    },
    "zh": {
        "keys": "y 符合 · n 不符合 · a 不适用 · s 跳过 · b 返回 · ? 说明 · q 保存并退出",
        "reading": "请输入 {unit} 读数（限值 {limit}），或按键",
        "description": "隐患描述",
        "location": "位置",
        "severity": "隐患等级（major 重大 / general 一般）",
        "reason": "降低等级的理由",
        "measures": "整改措施",
        "responsible": "责任单位/人",
        "deadline": "整改期限（YYYY-MM-DD）",
        "evidence": "佐证文件（留空结束）",
        "review": "复核",
        "sign": "回车：签名并保存 · 输入条目编号：重新作答 · q：保存并退出",
        "previous": "原答案",
        "unanswered": "未作答（将记为 not-checked）",
        "bad_key": "“{given}”不是有效回答：请使用上面列出的按键",
    },
}


def read_key() -> str:
    """One keypress from the terminal, without Enter; Ctrl-C still interrupts."""
    import termios
    import tty

    fd = sys.stdin.fileno()
    old = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd, termios.TCSANOW)  # TCSAFLUSH (the default) drops type-ahead
        data = os.read(fd, 1)  # one key; keys typed ahead stay for the next questions
        if data == b"\x1b":  # an arrow or function key: swallow its sequence, ask again
            _drain(fd)
            return ""
        if data and data[0] >= 0xC0:  # the rest of one UTF-8 character
            data += os.read(fd, 3 if data[0] >= 0xF0 else 2 if data[0] >= 0xE0 else 1)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)
    if not data or data == b"\x04":
        return "q"
    return data.decode("utf-8", "replace")[:1]


def _drain(fd: int) -> None:
    import select

    while select.select([fd], [], [], 0.02)[0]:
        if not os.read(fd, 16):
            return


class RichPrompter:
    def __init__(self, console: Console, lang: str, today: dt.date) -> None:
        self.console = console
        self.lang = lang
        self.today = today
        self.text = LABELS[lang]

    # -- plumbing ----------------------------------------------------------------------------
    def _line(self, label: str, default: str | None = None) -> str:
        shown = f"{label} [{for_terminal(default)}]: " if default else f"{label}: "
        self.console.print(safe(shown), end="")
        self.console.file.flush()
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        value = line.rstrip("\n")
        return value if value.strip() else (default or "")

    def problem(self, message: str) -> None:
        self.console.print(safe(message, "bold red"))

    # -- the question --------------------------------------------------------------------------
    def _show(self, step: Step) -> None:
        from rich.text import Text

        item = step.item
        head = Text(f"\n[{step.number}/{step.total}] ", style="bold")
        head.append_text(safe(step.section_title, "bold"))
        head.append(f"  {for_terminal(item.id)}", style="dim")
        self.console.print(head)
        grade = Text(item.severity, style="bold red" if item.severity == "major" else "yellow")
        if item.basis:
            grade.append("  " + for_terminal(", ".join(item.basis)), style="dim")
        self.console.print(grade)
        self.console.print(safe(item.text(self.lang)))
        if step.previous is not None:
            self.console.print(safe(f"({self.text['previous']}: {step.previous.result})", "dim"))

    def _guidance(self, item: Item) -> None:
        other = "en" if self.lang == "zh" else "zh"
        for text in (item.guidance_in(self.lang), item.text(other), item.guidance_in(other)):
            if text:
                self.console.print(safe(text, "cyan", multiline=True))
        if not item.guidance:
            self.console.print(safe("—", "dim"))

    def ask(self, step: Step) -> Reply:
        self._show(step)
        item = step.item
        while True:
            self.console.print(safe(self.text["keys"], "dim"))
            if item.reading is not None:
                label = self.text["reading"].format(
                    unit=item.reading.unit, limit=item.reading.limits()
                )
                try:
                    answer = self._line(label).strip()
                except EOFError:
                    return Reply(command="quit")
                key = answer.lower() if len(answer) == 1 else ""
            else:
                self.console.print(safe("> "), end="")
                self.console.file.flush()
                key = read_key().lower()
                self.console.print(safe(key if key.isprintable() else ""))
                answer = ""
            if key in KEYS:
                return Reply(result=KEYS[key])
            if key in COMMANDS:
                return Reply(command=COMMANDS[key])  # type: ignore[arg-type]
            if key == "?":
                self._guidance(item)
                continue
            if item.reading is not None and answer:
                try:
                    return Reply(reading=float(answer.replace(",", ".")))
                except ValueError:
                    pass
            if key or answer:
                self.problem(self.text["bad_key"].format(given=for_terminal(answer or key)))

    def details(self, step: Step, result: str, reading: float | None) -> AnswerSpec:
        item = step.item
        previous = step.previous if step.previous and step.previous.result == result else None
        try:
            description = self._line(
                self.text["description"], previous.description if previous else None
            )
            location = self._line(self.text["location"], previous.location if previous else None)
            severity = ""
            while severity not in ("major", "general"):
                severity = self._line(self.text["severity"], item.severity).strip().lower()
            reason = None
            if item.severity == "major" and severity == "general":
                reason = self._line(self.text["reason"]) or None
            measures = self._line(self.text["measures"], previous.measures if previous else None)
            responsible = self._line(
                self.text["responsible"], previous.responsible if previous else None
            )
            due = (previous.deadline if previous else None) or default_deadline(
                severity if severity == "major" else "general", self.today
            )
            deadline = None
            while deadline is None:
                text = self._line(self.text["deadline"], due.isoformat())
                try:
                    deadline = dt.date.fromisoformat(text.strip())
                except ValueError:
                    self.problem(f"{text!r}: YYYY-MM-DD")
            evidence: list[str] = []
            while path := self._line(self.text["evidence"]).strip():
                evidence.append(path)
        except EOFError:
            raise KeyboardInterrupt from None
        return AnswerSpec(
            result=result,
            reading=reading,
            severity=severity or item.severity,
            severity_reason=reason,
            description=description or None,
            location=location or None,
            measures=measures or None,
            responsible=responsible or None,
            deadline=deadline,
            evidence=tuple(evidence),
        )

    # -- the end -------------------------------------------------------------------------------
    def review(self, review: Review) -> str:
        from collections import Counter

        counts = Counter(f.result for f in review.findings)
        summary = ", ".join(f"{n} {result}" for result, n in sorted(counts.items()))
        self.console.print()
        self.console.print(safe(f"{self.text['review']}: {summary}", "bold"))
        rows = [f for f in review.findings if f.result == "noncompliant"]
        if rows:
            t = table("ITEM", "GRADE", "DEADLINE", "DESCRIPTION")
            for f in rows:
                t.add_row(
                    safe(f.item),
                    safe(f.severity or "", "bold red" if f.severity == "major" else ""),
                    safe(f.deadline.isoformat() if f.deadline else ""),
                    safe(f.description or ""),
                )
            self.console.print(t)
        if review.unanswered:
            self.console.print(
                safe(f"{self.text['unanswered']}: {', '.join(review.unanswered)}", "yellow")
            )
        try:
            choice = self._line(self.text["sign"]).strip()
        except EOFError:
            return "quit"
        if not choice:
            return "sign"
        return "quit" if choice.lower() == "q" else choice
