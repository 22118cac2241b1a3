"""The session's changes attacked, round 19: a `y` kept at its evidence prompt, the system's
words in Chinese, a message's command on its own line, full-width figures in Chinese line
breaking; each defect found is pinned here, as a user meets it."""

from __future__ import annotations

import pytest

from tests.test_evidence_kept_pty import (
    FILE_PROMPT,
    MORE_PROMPT,
    QUESTION,
    SO_FAR,
    UNFINISHED,
    _inspect,
    _required,
    signed_with_the_photo,
)
from tests.test_fullwidth_numbers import _lines
from tests.test_inspect_pty import (
    CHECKLIST,
    GAS,
    RESUME_PROMPT,
    Terminal,
    draft_id,
    key,
    keyed,
    line,
    term,
)
from tests.test_interrupted import _stop

__all__ = ["keyed", "term"]  # fixtures


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        # a full-width digit and a unit of one cell (`５` / `℃…` before; `5℃` is one piece)
        (
            "工作面温度超过规定达到３５℃，已停止作业。",
            27,
            ["工作面温度超过规定达到", "３５℃，已停止作业。"],
        ),
        # a full-width minus and its number (`－` / `５℃…` before; `-5℃` is one piece)
        (
            "井口房冬季最低温度只有－５℃，应加热。",
            24,
            ["井口房冬季最低温度只有", "－５℃，应加热。"],
        ),
        # a full-width digit, then an ASCII one (`５` / `3个…` before; `3５个` held)
        (
            "回风巷瓦斯传感器共有５3个位置不符合规定。",
            22,
            ["回风巷瓦斯传感器共有", "５3个位置不符合规定。"],
        ),
        # a full-width thousands mark (`１，` / `０００个…` before; `1,000个` is one piece)
        (
            "本月累计排查各类隐患共１，０００项，已整改。",
            27,
            ["本月累计排查各类隐患共", "１，０００项，已整改。"],
        ),
    ],
)
def test_a_number_in_full_width_figures_is_one_piece_as_an_ascii_one_is(
    text: str, width: int, lines: list[str]
) -> None:
    assert _lines(text, width) == lines
    ascii_text = text.translate({c: c - 0xFEE0 for c in range(ord("０"), ord("９") + 1)})
    ascii_text = ascii_text.replace("－", "-").replace("１，", "1,")
    assert "".join(_lines(ascii_text, width)) == ascii_text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_kept_y_s_files_are_offered_when_the_item_no_longer_requires_evidence(
    keyed: Terminal, lang: str
) -> None:
    """A `y` stopped at its evidence prompt with a photo given, resumed under a version of the
    checklist whose item recommends evidence rather than requiring it: `y` recorded the answer
    without the photo and nothing said so (the draft's file was dropped unseen). The files
    given are offered as they are where evidence is required, and recorded with Enter."""
    required = _required(keyed, GAS)
    (keyed.cwd / "photo.jpg").write_bytes(b"\xff\xd8 a photo")
    child = _inspect(keyed, required, lang)
    kept = draft_id(child)
    key(child, "y", QUESTION[lang])
    line(child, FILE_PROMPT[lang], "photo.jpg")
    child.expect_exact(MORE_PROMPT[lang])
    _stop(child, "ctrl-c")
    assert child.exitstatus == 130

    child = _inspect(keyed, CHECKLIST, lang)  # the item recommends evidence here
    line(child, RESUME_PROMPT if lang == "en" else "继续吗？[Y/n] ", "")
    assert draft_id(child) == kept
    child.expect_exact(UNFINISHED[lang])
    key(child, "y", QUESTION[lang])
    child.expect_exact(SO_FAR[lang])
    child.expect_exact("1. photo.jpg")
    line(child, MORE_PROMPT[lang], "")
    signed_with_the_photo(keyed, child, lang)
