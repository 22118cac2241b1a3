"""Warnings rolled up: how many of a kind a terminal is told in a run, and the lines that count
the rest (`Reporter.warn_rolled`, `Reporter.warn_separate`). `--json` keeps every one; these are
the terminal's alone."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from minecheck.i18n import t as tr

# how many `separate-inspections` warnings (one a mine's day) a terminal is told, the rest counted
SEPARATE_SHOWN = 10
# how many warnings of one kind about one file or event each (`Reporter.warn_rolled`: a file left
# out, an event not applied) a terminal is told, the rest counted: as many, for the same reason
# (ten of a kind, a line or two each, leave the other kinds and the report's own lines on the
# screen; a province's archive read with a key missing from the trust list gave 1,833)
KIND_SHOWN = SEPARATE_SHOWN

SEPARATE = "separate-inspections"  # the one kind counted on a line of its own words
# how many reasons of one code (the rule an event breaks: formats.md's 18 `refused`) each have
# their first warning told past the code's first `KIND_SHOWN`, and a line counting their rest:
# a user sees every rule broken, not the one whose events came first (10,000 events breaking
# four rules were told ten of one and counted as one); reasons past these are counted together
REASONS_SHOWN = 18


class Tally:
    """The warnings of each code a run was given, and those past the first of their kind,
    counted on one line a kind."""

    def __init__(self) -> None:
        self._given: dict[str, int] = {}  # how many of each code `told` was asked of
        self._unsaid: dict[str, int] = {}  # how many of each code given no reason were not told
        # each code's reasons (`told`'s), in the order they came: how many given, how many told
        self._reasons: dict[str, dict[str | None, list[int]]] = {}
        self._separate: list[int] = []  # the inspections of each `separate-inspections` said

    def told(self, code: str, reason: str | None = None) -> bool:
        """One more warning of `code`: whether the terminal is told it. `reason`: which of the
        code's reasons it is (an event's rule), whose first is told whatever came before."""
        given = self._given.get(code, 0) + 1
        self._given[code] = given
        told = given <= (SEPARATE_SHOWN if code == SEPARATE else KIND_SHOWN)
        if reason is None:  # (a code's warnings with no reason beside those with one: counted)
            if not told:
                self._unsaid[code] = self._unsaid.get(code, 0) + 1
            return told
        reasons = self._reasons.setdefault(code, {})
        if reason not in reasons and len(reasons) >= REASONS_SHOWN:
            reason = None  # (counted with the others past the bound)
        counts = reasons.setdefault(reason, [0, 0])
        told = told or (counts[0] == 0 and reason is not None)
        counts[0] += 1
        counts[1] += told
        return told

    def of_day(self, inspections: int) -> None:
        """A `separate-inspections` warning's inspections (one mine's day), which its roll-up
        line adds up (`told` counts the warning, as any other)."""
        self._separate.append(inspections)

    def separate_line(self) -> str | None:
        """The `separate-inspections` warnings not told, on one line: the days and their
        inspections, and where each is listed. None where every one was told."""
        rest = self._separate[SEPARATE_SHOWN:]
        if len(rest) == 1:
            return tr(
                "separate inspections of a mine on 1 more day ({inspections} inspections) "
                "are not shown here; --json lists every one",
                inspections=rest[0],
            )
        if rest:
            return tr(
                "separate inspections of a mine on {days} more days ({inspections} "
                "inspections) are not shown here; --json lists every one",
                days=len(rest),
                inspections=sum(rest),
            )
        return None

    def kind_lines(self, *, problems: bool = False) -> Iterator[str]:
        """The warnings of each other code not told, one line a code, in the order the codes
        came (`separate-inspections` has its own, `separate_line`); `problems`: an error's
        problems (`Reporter.error`), counted as problems."""
        for code in self._given:
            if code == SEPARATE:
                continue
            reasons = self._reasons.get(code, {})
            unsaid = self._unsaid.get(code, 0)  # (those given no reason: of other reasons)
            if len(reasons) > 1:  # (each reason's rest on its line, that each is seen)
                rests = {reason: of - told for reason, (of, told) in reasons.items()}
                if unsaid:
                    rests[None] = rests.get(None, 0) + unsaid
                for reason, rest in rests.items():
                    line = reason_line(code, reason, rest, problems=problems)
                    if line is not None:
                        yield line
                continue
            rest = unsaid + sum(of - told for of, told in reasons.values())
            line = rest_line(code, rest, problems=problems)
            if line is not None:
                yield line


def kind_of(detail: str, say: Callable[[str], str]) -> str:
    """The kind of a file's `detail` (why it was refused or left out), as a terminal's roll-up
    counts it (`Tally.told`'s reason), in the run's language (`say`: the detail's words): the
    values each file holds of its own taken out (a source's name, a revoked key), that the
    first file of each kind is told (ten left out by their own key hid one whose source inside
    was, and ten merged files each a reason of its own were as many lines)."""
    said = _SOURCE_SAID.fullmatch(detail)
    if said is not None:
        return tr("a source inside it: {reason}", reason=kind_of(said[1], say))
    if _REVOKED.fullmatch(detail) is not None:
        return tr("its signing key is revoked")
    return say(detail)


# what a merged file's detail says of its source (`core.merge`: `source_said`, and the lines of
# a source revoked or malformed), and a revoked key's (`core.seal.revoked_detail`)
_SOURCE_SAID = re.compile(r"source .*?#\d+ is [a-z-]+: (.*)", re.DOTALL)
_REVOKED = re.compile(r"key \S+ is revoked")


def rest_line(code: str, rest: int, *, problems: bool = False) -> str | None:
    """The line counting `rest` warnings of `code` not told (None where there are none);
    `problems`: an error's problems (merge's refused files)."""
    if rest == 1 and problems:
        return tr("1 more {code} problem is not shown here; --json lists every one", code=code)
    if rest == 1:
        return tr("1 more {code} warning is not shown here; --json lists every one", code=code)
    if rest > 1 and problems:
        return tr(
            "{count} more {code} problems are not shown here; --json lists every one",
            count=rest,
            code=code,
        )
    if rest > 1:
        return tr(
            "{count} more {code} warnings are not shown here; --json lists every one",
            count=rest,
            code=code,
        )
    return None


def reason_line(code: str, reason: str | None, rest: int, *, problems: bool = False) -> str | None:
    """The line counting `rest` warnings of `code` for `reason` not told (None where there are
    none); a reason None: those past `REASONS_SHOWN` reasons, counted together. `problems`: an
    error's problems (merge's refused files)."""
    if rest < 1:
        return None
    if reason is None:
        return tr(_OTHER_REASONS[(rest == 1, problems)], count=rest, code=code)
    return tr(_OF_REASON[(rest == 1, problems)], count=rest, code=code, reason=reason)


# the lines of `reason_line`, by (one warning, problems)
_OF_REASON = {
    (True, False): "1 more {code} warning ({reason}) is not shown here; --json lists every one",
    (False, False): (
        "{count} more {code} warnings ({reason}) are not shown here; --json lists every one"
    ),
    (True, True): "1 more {code} problem ({reason}) is not shown here; --json lists every one",
    (False, True): (
        "{count} more {code} problems ({reason}) are not shown here; --json lists every one"
    ),
}
_OTHER_REASONS = {
    (True, False): (
        "1 more {code} warning of other reasons is not shown here; --json lists every one"
    ),
    (False, False): (
        "{count} more {code} warnings of other reasons are not shown here; --json lists every one"
    ),
    (True, True): (
        "1 more {code} problem of other reasons is not shown here; --json lists every one"
    ),
    (False, True): (
        "{count} more {code} problems of other reasons are not shown here; --json lists every one"
    ),
}
