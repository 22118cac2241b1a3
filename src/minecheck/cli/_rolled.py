"""Warnings rolled up: how many of a kind a terminal is told in a run, and the lines that count
the rest (`Reporter.warn_rolled`, `Reporter.warn_separate`). `--json` keeps every one; these are
the terminal's alone."""

from __future__ import annotations

from collections.abc import Iterator

from minecheck.i18n import t as tr

# how many `separate-inspections` warnings (one a mine's day) a terminal is told, the rest counted
SEPARATE_SHOWN = 10
# how many warnings of one kind about one file or event each (`Reporter.warn_rolled`: a file left
# out, an event not applied) a terminal is told, the rest counted: as many, for the same reason
# (ten of a kind, a line or two each, leave the other kinds and the report's own lines on the
# screen; a province's archive read with a key missing from the trust list gave 1,833)
KIND_SHOWN = SEPARATE_SHOWN

SEPARATE = "separate-inspections"  # the one kind counted on a line of its own words


class Tally:
    """The warnings of each code a run was given, and those past the first of their kind,
    counted on one line a kind."""

    def __init__(self) -> None:
        self._given: dict[str, int] = {}  # how many of each code `told` was asked of
        self._separate: list[int] = []  # the inspections of each `separate-inspections` said

    def told(self, code: str) -> bool:
        """One more warning of `code`: whether the terminal is told it."""
        given = self._given.get(code, 0) + 1
        self._given[code] = given
        return given <= (SEPARATE_SHOWN if code == SEPARATE else KIND_SHOWN)

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
        for code, given in self._given.items():
            if code == SEPARATE:
                continue
            line = rest_line(code, given - KIND_SHOWN, problems=problems)
            if line is not None:
                yield line


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
