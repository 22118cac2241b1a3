"""A trainer's round, 17: guide-followup's rules of section 6 say which deadline an extension
must be later than, and that `followup` and `sign` warn of one that is not (en and zh), as
`tests/test_trainer17.py` pins `sign` doing it."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO

DOCS = REPO / "docs"
# each guide's words for the extension not later than the deadline in force, where the rules
# of section 6 name `extended-not-later`: which deadline, and that it is said as it is signed
NOT_LATER_SAID = {
    "guide-followup.md": (
        r"only to a later\s+date than the deadline in force, the findings' or the one an earlier "
        r"extension set\s+\(`extended-not-later`; `followup` and `sign` warn as they sign one, "
        r"naming the file of that\s+earlier extension\)"
    ),
    "guide-followup.zh.md": (
        r"只能推到晚于现行期限（检查结果所定的期限，\s*或此前的延期延至的期限）的日期"
        r"（`extended-not-later`；签署这样的延期时 `followup` 和 `sign` 会给出警告，\s*"
        r"并指明此前那次延期所在的文件）"
    ),
}


@pytest.mark.parametrize("guide", sorted(NOT_LATER_SAID))
def test_the_guide_says_an_extension_not_later_is_warned_of(guide: str) -> None:
    """The rule said only "to a later date": a reader whose second extension is warned of as
    "not after the deadline 2027-02-20 that records/fu-04-extended.toml extends it to" found
    neither the earlier extension's deadline nor the warning in the guide."""
    text = (DOCS / guide).read_text(encoding="utf-8")
    assert re.search(NOT_LATER_SAID[guide], text), guide
