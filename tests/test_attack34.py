"""The session's merges attacked, round 34: the names `sign`, an answers file and `followup`
refuse, the lines a stop keeps typed ahead of their fields, `verify`'s `iconv` command back."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from minecheck.cli._prompter import RichPrompter
from minecheck.core.checklist import Item
from minecheck.core.sanitize import unfit_name
from minecheck.session.walk import Step
from tests.helpers_docs import findings_body
from tests.helpers_merge import Who
from tests.test_cli_sign_rules import who
from tests.test_field11 import _Stopped
from tests.test_loose_ends18 import NAMES, NAMES_SAID, REFUSED, RESAVED_SAID, RESTORE
from tests.test_minimal_input import sign_args

__all__ = ["who"]  # the fixture

# drawn as a blank or as nothing, though no format character: a name holding one reads as the
# name without it (`for_terminal` shows each escaped, which the signer never saw)
DRAWN_AS_NOTHING = ["\u3164", "\uffa0", "\u115f", "\u034f", "\u17b4"]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("field", list(NAMES))
@pytest.mark.parametrize("blank", DRAWN_AS_NOTHING)
def test_sign_refuses_a_name_holding_a_character_drawn_as_nothing(
    cli: Any, who: Who, field: str, blank: str, lang: str
) -> None:
    """A Hangul filler after a name, the combining grapheme joiner or a Khmer vowel of no
    width inside it: the name reads as another's, as with a zero-width space, which is
    refused. These were signed."""
    plain, changed, line = NAMES[field]
    name = plain.split('"')[1] if field != "responsible" else "Li Ming"
    placed = changed.replace(changed.split('"')[-2], name[:2] + blank + name[2:])
    text = findings_body(who.principal, who.fingerprint).decode().replace(plain, placed).encode()
    Path("f.toml").write_bytes(text)
    run = cli(["sign", "f.toml", *sign_args(who), "-o", "out.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    said = NAMES_SAID[field][lang].format(option=field)
    assert run.stderr == f"f.toml:{line}:1: {said}\n{REFUSED[lang]}"
    assert Path("f.toml").read_bytes() == text
    assert not Path("out.toml").exists()


@pytest.mark.parametrize(
    "name",
    [
        "新兴煤矿",
        "阿卜杜·热合曼",  # a middle dot between the parts of a transcribed name
        "阿卜杜・热合曼",  # the katakana middle dot an input method gives
        "ئابدۇرېھىم ئابدۇللا",  # Uyghur
        "བཀྲ་ཤིས་ཚེ་རིང་",  # Tibetan, its stacked letters and tsheg
        "二号井　掘进工作面",  # an ideographic space between words
        "김민수",  # Hangul syllables (the filler is refused, the letters are not)
        "Nguyễn Văn An",
        "✔\ufe0f班组",  # a variation selector an emoji takes
    ],
)
def test_a_legitimate_name_in_any_script_still_passes(name: str) -> None:
    assert not unfit_name(name)


@pytest.mark.parametrize("blank", DRAWN_AS_NOTHING)
def test_a_follow_up_s_reviewer_holding_a_character_drawn_as_nothing_is_not_signed(
    blank: str,
) -> None:
    """`sign` of a hand-written acceptance: its reviewers are refused as `--reviewer` is."""
    from minecheck.core.docschema import signing_problems

    name = "张" + blank + "工"
    raw = {"action": "accepted", "method": "expert-review", "reviewers": ["李四", name]}
    said = "reviewers holds {name}, which has control or invisible characters"
    assert [(field, words) for field, words, _ in signing_problems(raw)] == [("reviewers", said)]


@pytest.mark.parametrize(
    ("item", "unfinished", "ahead", "kept"),
    [
        # an item whose basis lists no situation of the criteria: its grade is not asked, so
        # the line after the location is the measures' (it was read as a grade, and dropped,
        # and each line after it kept one field too early)
        (
            Item("vent", "s", "Vent?", "通风？", "general", basis=("AQ-1029",)),
            {},
            ["face 3", "加强通风", "科长", "2026-12-20"],
            {"location": "face 3", "measures": "加强通风", "responsible": "科长"},
        ),
        # Enter at the grade takes the one typed before (general, of a major item): its
        # reason is asked next (the line was kept as the measures, the reason lost)
        (
            Item("gas", "s", "Gas?", "瓦斯？", "major", basis=("CMHD-5.1",)),
            {"result": "noncompliant", "severity": "general"},
            ["face 3", "", "查明为一般隐患", "停产撤人"],
            {"location": "face 3", "severity_reason": "查明为一般隐患", "measures": "停产撤人"},
        ),
    ],
)
def test_lines_typed_ahead_are_kept_for_the_questions_the_walk_asks(
    item: Item, unfinished: dict[str, object], ahead: list[str], kept: dict[str, object]
) -> None:
    """Each line typed ahead of a stop goes to the field the walk would have asked for it."""
    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    prompter.lines = _Stopped(["missed"], "", ahead)  # type: ignore[assignment]
    saved: dict[str, object] = {}
    step = Step(item, 1, 1, "S", None, unfinished=unfinished, keep=saved.__setitem__)
    with pytest.raises(KeyboardInterrupt):
        prompter.details(step, "noncompliant", None)
    assert {name: saved.get(name) for name in kept} == kept


# a Traditional Chinese description as Notepad's "ANSI" on a Traditional Chinese Windows saves
# it (code page 950), and whether the `iconv -f BIG5` command is told; where it is, the command
# gives back the signed bytes
BIG5_SAVED = [
    # the full-width slash and tilde of everyday text: iconv gives them back (no command was
    # told: Python's Big5 table reads A1FE and A1E3 as other characters)
    ("責任單位／人：王小明，限期～三日", True),
    # a bullet, a yen sign: Python's Big5 table gives them back, iconv's does not (U+2027,
    # U+FFE5): the command told gave a copy that is `bad-signature`
    ("• 回風巷瓦斯感測器", False),
    ("罰款 ¥2000", False),
    # the circled numbers of code page 950's ETEN rows: iconv reads them as private characters
    ("整改措施：①停產撤人②加強通風", False),
]
# the same in GB18030 as Python writes it (four bytes for a vertical comma, which iconv reads
# as another character), beside the everyday text whose command holds
GB18030_SAVED = [("回风巷瓦斯传感器读数 1.3%，责任单位／人", True), ("竖排标点\ufe10\ufe11", False)]


@pytest.mark.parametrize(
    ("codec", "named", "description", "told"),
    [*(("cp950", "BIG5", *case) for case in BIG5_SAVED)]
    + [("gb18030", "GB18030", *case) for case in GB18030_SAVED],
)
def test_the_iconv_command_told_gives_back_the_signed_bytes(
    cli: Any, who: Who, codec: str, named: str, description: str, told: bool
) -> None:
    """The command back is told only where `iconv` itself gives back what was signed."""
    import subprocess

    from tests.helpers_docs import seal_with
    from tests.helpers_merge import allowed_signers

    body = findings_body(who.principal, who.fingerprint, site="新興煤礦", description=description)
    signed = seal_with(body, who.key)
    allowed_signers(Path("allowed"), who)
    saved = signed.decode("utf-8").encode(codec)
    Path("f.toml").write_bytes(saved)
    run = cli(["verify", "--allowed-signers", "allowed", "f.toml"])
    back = subprocess.run(["iconv", "-f", named, "-t", "UTF-8"], input=saved, capture_output=True)
    assert (back.stdout == signed) is told
    command = f"iconv -f {named} -t UTF-8 f.toml > f-as-signed.toml"
    assert run.exit_code == 1
    if told:
        said = RESAVED_SAID["big5" if named == "BIG5" else "gbk", "en"]
        assert f"f.toml: bad-signature: {said} (" in run.stdout
        assert run.stderr == "\n".join(RESTORE["en"]).format(command=command) + "\n"
    else:
        assert "f.toml: bad-signature: the signature does not match the content" in run.stdout
        assert run.stderr == "1 document: 1 bad-signature\n"
