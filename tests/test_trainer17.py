"""A trainer's round, 17: `sign` of a follow-up written by hand says of its events what it says
with the findings beside it when the findings are in a folder below the current directory (the
follow-up guide's `records/`), as `followup` reads them there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_expert_panel import REF, panel, step
from tests.test_field15 import BY_ANOTHER, FILLED, LATE_SIGNED, MORE, NOT_LATER, hand_written, sign
from tests.test_loose_ends17 import due

__all__ = ["due", "panel"]  # the fixtures


def below(work: Path, *more: str) -> None:
    """The findings (and `more` files) moved into `records/`, as the follow-up guide keeps
    them."""
    (work / "records").mkdir()
    for name in ("xinxing.toml", *more):
        (work / name).rename(work / "records" / name)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("action", ["extended", "withdrawn"])
def test_sign_says_who_extends_or_withdraws_with_the_findings_below(
    cli: Any, due: dict[str, Any], lang: str, action: str
) -> None:
    """The guide's `sign` of the mine's extension (withdrawal) from the folder above `records/`:
    signed without a word, though the guide says it warns `extended-by-another`
    (`withdrawn-by-another`), and it does when run beside the findings."""
    p = due["people"]
    below(due["work"])
    hand_written("2026-11-29T13:00:00Z", action, "2026-11-29T12:00:00Z", MORE[action])
    got = sign(cli, p["mine"], lang)
    assert (got.exit_code, got.stdout) == (0, "hand.toml\n")
    names = {"ref": REF, "recorder": p["wang"].principal, "signer": p["mine"].principal}
    assert got.stderr == FILLED[lang] + BY_ANOTHER[action, lang].format(**names)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sign_says_an_extension_recorded_late_with_the_findings_below(
    cli: Any, due: dict[str, Any], lang: str
) -> None:
    """`recorded-late` needs the findings' deadline: with the findings below, none was read."""
    below(due["work"])
    hand_written("2026-12-03T08:00:00Z", "extended", "2026-11-29T12:00:00Z", MORE["extended"])
    got = sign(cli, due["people"]["wang"], lang)
    assert (got.exit_code, got.stdout) == (0, "hand.toml\n")
    assert got.stderr == FILLED[lang] + LATE_SIGNED[lang].format(ref=REF)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sign_names_the_earlier_extension_with_the_findings_below(
    cli: Any, due: dict[str, Any], lang: str
) -> None:
    """As the guide says: `sign` of a second extension, to a day not after the one an earlier
    extension in `records/` set, names that file (the findings below as well)."""
    wang = due["people"]["wang"]
    first = ("--action", "extended", "--new-deadline", "2026-12-10", "--note", "a")
    step(cli, wang, "e1.toml", "2026-11-29T12:00:00Z", *first)
    below(due["work"], "e1.toml")
    more = 'new_deadline = 2026-12-05\nnote = "b"\n'
    hand_written("2026-12-01T09:00:00Z", "extended", "2026-12-01T08:00:00Z", more)
    got = sign(cli, wang, lang)
    assert (got.exit_code, got.stdout) == (0, "hand.toml\n")
    said = NOT_LATER[lang].format(ref=REF).replace("e1.toml", "records/e1.toml")
    said = said.replace("--new-deadline", "new_deadline").replace(
        "warning: ", "warning: hand.toml:5: ", 1
    )
    assert got.stderr == FILLED[lang] + said
