"""Mutation round 106: what tonight's code added and no test yet held (a major's closure by its
rectifier's key, the followup warnings' words and places, a flag folded before its bracket, a
`.pub` holding a private key, Big5 told apart, a Latin word's case, an offset's words, a
multi-line string's place)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from minecheck.cli._render import safe
from tests.helpers_merge import findings
from tests.test_cjk_breaks import drawn
from tests.test_cli_keys_rules import ALICE, ssh_keygen
from tests.test_encodings4 import BIG5, ENV, NOT_CLOSED, TRADITIONAL, UNSURE
from tests.test_expert_panel import by, panel, panel_accepts
from tests.test_expert_review2 import accept, mine_as_office
from tests.test_loose_ends9 import LATIN_ANSWERS, _answers_refused
from tests.test_windows_files3 import CHECKLIST

__all__ = ["panel"]  # the fixture

DEADLINE = dt.date(2026, 12, 10)
REF = "3a5f7c9e/gas-overlimit"
REF_WHOLE = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e/gas-overlimit"


def test_a_closure_by_the_rectifiers_key_under_another_name_is_refused_as_a_closure(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The mine's key trusted under a second name closes the major the mine rectified:
    `followup` says at once that no report will apply it, and the events export gives the
    refusal's code as a closure's (`closed-by-rectifier`), as it does for the same principal,
    not an acceptance's."""
    alias = mine_as_office(panel)
    files = panel_accepts(cli, panel, "chen")
    at = ("--at", "2026-12-02T08:00:00Z")
    run = cli(["followup", REF, "--action", "closed", *at, "-o", "c.toml", *by(alias)])
    assert (run.exit_code, run.stdout) == (0, "c.toml\n")
    assert run.stderr == (  # (said as it is signed: the key is the rectifier's)
        f"minecheck: warning: {REF_WHOLE}: mine@coal.example reported it rectified (f1.toml): "
        "no report will apply a major hidden danger's closure by the one who reported it "
        "rectified\n"
        "  hint: a major hidden danger is closed by the authority that recorded it, not by the one "
        "who reported it rectified\n"
    )
    run = cli(
        ["export", *panel["trust"], "--rows", "events", "--format", "jsonl", *files, "c.toml"]
    )
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    [closed] = [r for r in rows if r["action"] == "closed"]
    assert (closed["applied"], closed["refused"], closed["reason"]) == (
        False,
        "closed-by-rectifier",
        "the key that reported it rectified cannot also close it",
    )


# two bytes each, read alike as pairs in Big5 and in GB18030: 一 (0xA4 0x40) is a private
# character in GB18030 (rare there, not Chinese); 服 (0xAA 0x41) is 狝, a rare one; 氶 (0xC9 0xA1),
# one of Big5's less frequent characters, is 伞 in GB2312; the text's 。 (0xA1 0x43) after them is
# one more rare character in GB18030
ONE, FU, RARE = "一", "服", "氶"
GB18030_HINT = [
    "  hint: it reads as GB18030 text: convert it to UTF-8 with:",
    "    iconv -f GB18030 -t UTF-8 a.toml > a.utf-8.toml",
    "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
]


@pytest.mark.parametrize(
    ("text", "told"),
    [
        (ONE + FU * 2 + RARE, "big5"),  # 4 rare in GB18030, 1 in Big5: a quarter, Big5
        (ONE + FU + RARE, "unsure"),  # 3 against 1: more than a quarter
        (RARE * 3, "unsure"),  # 1 against 3: neither four times the other
        (RARE * 4, "gb18030"),  # 1 against 4: GB18030's a quarter, GB18030 kept
    ],
)
def test_big5_and_gb18030_are_told_apart_by_four_times_the_rare_characters(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, told: str
) -> None:
    """Where Big5's reading holds a quarter of GB18030's rare characters or fewer (and the
    GB18030 reading a private one), Big5 is told; where GB18030's holds a quarter of Big5's or
    fewer, GB18030; in between, no command. The bounds themselves, each side."""
    monkeypatch.chdir(tmp_path)
    data = TRADITIONAL.replace(TRADITIONAL[TRADITIONAL.index("這") : TRADITIONAL.index("。")], text)
    run = _answers_refused(cli, tmp_path, data.encode("big5"))
    said = run.stderr.splitlines()[1:-1]
    expected = {"big5": BIG5["en"][1:4], "unsure": [UNSURE["en"]], "gb18030": GB18030_HINT}
    assert said == expected[told]


def test_an_acceptance_of_a_general_hidden_danger_after_its_rectification_gets_no_warning(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The acceptance-before-rectification warning reads the signed follow-ups here for every
    acceptance, not a major's alone: a general hidden danger rectified in another file and
    accepted after is signed without a word; accepted before, it is warned of."""
    p = panel["people"]
    (panel["work"] / "xinxing.toml").write_bytes(
        findings(p["wang"], ["compliant", "noncompliant", "compliant"], severity="general")
    )
    panel_accepts(cli, panel)  # the mine's rectification, 2026-11-30T08:00:00Z, in f1.toml
    run = accept(cli, p["chen"], "2026-11-30T09:00:00Z", "b.toml")
    assert (run.exit_code, run.stdout, run.stderr) == (0, "b.toml\n", "")
    run = accept(cli, p["chen"], "2026-11-29T09:00:00Z", "a.toml")
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    assert run.stderr == (
        "minecheck: warning: 3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e/gas-overlimit: no signed "
        "follow-up here reports it rectified by 2026-11-29T09:00:00Z, when the acceptance is "
        "dated: a report applies an acceptance only after the rectification it accepts\n"
        "  hint: accept it after the enterprise's signed report that it is rectified (--action "
        "rectified), kept beside the findings or where the acceptance is written\n"
    )


EVENTS = """[[event]]
finding = "3a5f7c9e/gas-overlimit"
action = "rectified"
at = 2026-11-30T08:00:00Z
note = "x"

[[event]]
finding = "3a5f7c9e/gas-overlimit"
action = "accepted"
method = "expert-review"
reviewers = ["Chen Jie"]
at = 2026-12-01T09:00:00Z
"""


@pytest.mark.parametrize("severity", ["general", "major"])
def test_an_events_file_s_own_rectification_comes_before_its_acceptance(
    cli: Any, panel: dict[str, Any], severity: str
) -> None:
    """An events file that reports the rectification and then accepts it: the acceptance has
    its rectification in the document itself, so no "no signed follow-up here reports it
    rectified" is said; of a major, signed by the one who rectified it, the warning names this
    document as where it was reported rectified."""
    p = panel["people"]
    (panel["work"] / "xinxing.toml").write_bytes(
        findings(p["wang"], ["compliant", "noncompliant", "compliant"], severity=severity)
    )
    Path("ev.toml").write_text(EVENTS, encoding="utf-8")
    run = cli(["followup", "--events", "ev.toml", "-o", "ev.out", *by(p["mine"])])
    assert (run.exit_code, run.stdout) == (0, "ev.out\n")
    said = {
        "general": "",
        "major": "minecheck: warning: ev.toml:7: "  # (the acceptance's line)
        "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e/gas-overlimit: "
        "mine@coal.example reported it rectified (this document): no report will apply a major "
        "hidden danger's acceptance by the one who reported it rectified\n"
        "  hint: a major hidden danger is accepted by reviewers other than the one who reported it "
        "rectified\n",
    }
    assert run.stderr == said[severity]


EVERY_KIND = [  # (the mine signs: it reported the major rectified in f1.toml, 2026-11-30 08:00)
    'action = "accepted"\nmethod = "self"\nat = 2026-12-01T09:00:00Z',  # not for a major
    'action = "accepted"\nmethod = "expert-review"\nreviewers = ["Chen Jie"]\n'
    "at = 2026-11-30T07:00:00Z",  # before the rectification
    'action = "accepted"\nmethod = "expert-review"\nreviewers = ["Chen Jie"]\n'
    "at = 2026-12-01T10:00:00Z",  # by the one who rectified it
    'action = "extended"\nnote = "n"\nnew_deadline = 2026-12-30\nat = 2026-12-11T09:00:00Z',  # late
    'action = "extended"\nnote = "n"\nnew_deadline = 2026-12-05\nat = 2026-12-01T09:00:00Z',
    'action = "extended"\nnote = "n"\nnew_deadline = 2026-12-12\nat = 2026-12-15T09:00:00Z',
    'action = "rectified"\nnote = "n"\nat = 2026-11-01T09:00:00Z',  # before the inspection
]


def test_each_kind_of_warning_of_an_events_file_names_its_own_event_s_line_in_json(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every warning `followup` gives of an events file's event, of each kind (a method no
    major takes, an acceptance before any rectification, one by the rectifier, an extension
    past the deadline, to a day not after it, to a day not after it was made, an event before
    the inspection, an extension recorded late), names the file and the line of its own
    `[[event]]` in `--json`, in the order of the events. The extension past the deadline is
    said though one dated earlier is listed after it: that one is to a day not after the
    deadline, so it sets no new term."""
    from minecheck.core import documents

    p = panel["people"]
    (panel["work"] / "xinxing.toml").write_bytes(
        findings(p["wang"], ["compliant", "noncompliant", "compliant"], deadline=DEADLINE)
    )
    panel_accepts(cli, panel)
    monkeypatch.setattr(documents, "utc_now", lambda: dt.datetime(2026, 12, 20, tzinfo=dt.UTC))
    text = "".join(
        f'\n[[event]]\nfinding = "3a5f7c9e/gas-overlimit"\n{event}\n' for event in EVERY_KIND
    )
    Path("ev.toml").write_text(text, encoding="utf-8")
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line == "[[event]]"]
    run = cli(["followup", "--events", "ev.toml", "--json", "-o", "ev.out", *by(p["mine"])])
    assert (run.exit_code, run.stderr) == (0, "")
    said = [(q["code"], q["path"], q["line"]) for q in json.loads(run.stdout)["problems"]]
    assert said == [
        *[("not-applied", "ev.toml", line) for line in lines],
        # (the mine signs the extensions: each is the authority's, said at its own line)
        *[("extended-by-another", "ev.toml", line) for line in lines[3:6]],
        ("recorded-late", "ev.toml", lines[4]),
    ]


def test_a_closure_dated_before_any_rectification_gets_no_acceptance_s_warning(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The "no signed follow-up here reports it rectified" warning is an acceptance's: a
    closure dated before the mine's rectification (the reports say it was closed before it was
    accepted) is signed without that word, with the closure's own (test_field13)."""
    p = panel["people"]
    panel_accepts(cli, panel)  # the mine's rectification, 2026-11-30T08:00:00Z
    at = ("--at", "2026-11-30T07:00:00Z")
    run = cli(["followup", REF, "--action", "closed", *at, "-o", "c.toml", *by(p["wang"])])
    assert (run.exit_code, run.stdout) == (0, "c.toml\n")
    assert run.stderr.startswith(
        "minecheck: warning: 3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e/gas-overlimit: no signed "
        "follow-up here accepts it by 2026-11-30T07:00:00Z,"
    )
    assert "reports it rectified" not in run.stderr


@pytest.mark.parametrize(
    "first",
    [
        "式",  # 0xA6 0xA1: Α, Greek
        "均",  # 0xA7 0xA1: А, Cyrillic
        "丑",  # 0xA4 0xA1: ぁ, kana
        "乳",  # 0xA8 0xC5: ㄅ, bopomofo
        ONE,  # 0xA4 0x40: a private character
    ],
)
def test_big5_is_told_by_each_script_its_commonest_characters_read_as_in_gb18030(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    """One of Big5's frequent characters whose GB18030 reading is Greek, Cyrillic, kana,
    bopomofo or a private character, which GBK text does not hold, is enough (the rare
    characters counted as above) to tell Big5, and its command."""
    monkeypatch.chdir(tmp_path)
    text = TRADITIONAL[TRADITIONAL.index("這") : TRADITIONAL.index("。") + 1]  # (。 is private)
    data = TRADITIONAL.replace(text, first + FU * 3 + RARE)
    run = _answers_refused(cli, tmp_path, data.encode("big5"))
    assert run.stderr.splitlines()[1:-1] == BIG5["en"][1:4]


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("要離要", "utf-16-be"),  # traditional, big-endian: common in Big5
        ("说话说", "utf-16-le"),  # simplified: common in GB2312, none of them in Big5
        ("说话说", "utf-16-be"),
    ],
)
def test_utf_16_of_common_chinese_that_reads_as_gb18030_too_gets_no_command_either_way(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, codec: str
) -> None:
    """Bytes that read as common Chinese alone in UTF-16, in either byte order, simplified
    (GB2312's) or traditional (Big5's frequent characters), and as Chinese in GB18030 too, get
    no command: neither is told."""
    monkeypatch.chdir(tmp_path)
    data = text.encode(codec)
    run = _answers_refused(cli, tmp_path, data)
    assert run.stderr.splitlines()[1:] == ["minecheck: error: a.toml is not UTF-8 text"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]


def test_gbk_text_of_the_first_row_of_chinese_and_its_full_stop_keeps_the_gb18030_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GB2312's punctuation begins at its first row (。 is 0xA1 0xA3) and its Chinese characters
    at row 16 (安 is 0xB0 0xB2): text of them is common GB2312, told GB18030 with its command,
    which run makes the text; not "GB18030 or Big5", though their Big5 reading, 假齬潰脤﹝, is
    common Big5 too."""
    monkeypatch.chdir(tmp_path)
    text = TRADITIONAL.replace(
        TRADITIONAL[TRADITIONAL.index("這") : TRADITIONAL.index("。") + 1], "安排检查。"
    )
    data = text.encode("gbk")
    run = _answers_refused(cli, tmp_path, data)
    assert run.stderr.splitlines()[1:-1] == GB18030_HINT
    subprocess.run(["sh", "-c", GB18030_HINT[1].strip()], check=True, env=ENV, cwd=tmp_path)
    assert (tmp_path / "a.utf-8.toml").read_bytes() == text.encode()


@pytest.mark.parametrize("width", [19, 20])
def test_only_a_bracketed_group_after_a_blank_goes_whole_however_short_the_line_left(
    width: int,
) -> None:
    """`未整改` is under a third of 19 or 20 cells: a flag in brackets after it goes whole to the
    next line, but a run of Chinese without brackets after the blank, or the flag without the
    blank, still asks the third and is broken between characters, the line filled."""
    assert drawn(safe("未整改 [未记录执法措施]"), width) == ["未整改", "[未记录执法措施]"]
    assert drawn(safe("未整改 未记录执法措施"), width) == ["未整改 未记录执法", "措施"]
    assert drawn(safe("未整改[未记录执法措施]"), width) == ["未整改[未记录执法", "措施]"]


def test_big5_answers_piped_in_are_told_the_filter_for_the_pipe(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Big5 answers given on standard input (`--answers -`): the command is iconv as a filter,
    said to go in the pipe before minecheck (a file's name would wait for the keyboard)."""
    monkeypatch.chdir(tmp_path)
    run = cli(
        ["inspect", CHECKLIST, "--site", "M", "--answers", "-", "-o", "f.toml"],
        input=TRADITIONAL.encode("big5"),
    )
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[1:] == [
        "  hint: it reads as Big5 text (traditional Chinese): convert it to UTF-8 in the pipe, "
        "before minecheck, with:",
        "    iconv -f BIG5 -t UTF-8",
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
        "minecheck: error: <stdin> is not UTF-8 text",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("word", ["aB閍", "閍Bc"])
def test_the_latin_word_around_a_gbk_character_is_read_on_both_sides(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, word: str
) -> None:
    """閍 is `\\xe9a`, `éa` in Windows-1252, a word in small letters on its own: the letters
    before it (`aBéa`) or after it (`éaBc`) make a word in no one case, so no CP1252 command
    is given, inside the file or at its first byte."""
    monkeypatch.chdir(tmp_path)
    text = LATIN_ANSWERS.replace("{word}: le registre est faux", word)
    for data in (text.encode("gbk"), f"{word} = 1\n".encode("gbk")):  # (also the file's start)
        run = _answers_refused(cli, tmp_path, data)
        assert run.stderr.splitlines()[1:] == ["minecheck: error: a.toml is not UTF-8 text"]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]


@pytest.mark.parametrize("name", [".pub", "keypub"])
def test_a_private_key_whose_name_is_not_a_key_s_and_pub_gets_its_own_pub(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A private key in a file named `.pub` alone (the name before it empty) or `keypub` (no
    `.pub` at its end): no key's public half, so it is said as any private key named where a
    public key is asked for, with the `.pub` beside it."""
    monkeypatch.chdir(tmp_path)
    ssh_keygen(tmp_path / name, ALICE)
    run = cli(["trust", "add", "--principal", ALICE, "--key", f"./{name}"])
    said = f"minecheck: error: ./{name} is a private key; pass the public key ({name}.pub)\n"
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)


@pytest.mark.parametrize(
    "text",
    [
        '[answers]\nnote = """ends in """""\nx = """open\nmore\n',
        "[answers]\nnote = '''ends in '''''\nx = '''open\nmore\n",
        '[answers]\nnote = ""\nx = """open\nmore\n',  # (an empty string opens nothing)
    ],
)
def test_a_multi_line_string_closed_with_two_quotes_more_opens_nothing(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """A multi-line string may end in two quotes of its text before its closing (`\"\"\"ends
    in \"\"\"\"\"`): both are the string's, no quote is left to open another, and the string
    left open on the next line is said where it opens."""
    monkeypatch.chdir(tmp_path)
    run = _answers_refused(cli, tmp_path, text.encode())
    assert run.stderr.splitlines()[0] == NOT_CLOSED["en"].format(at="3:5")


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("检查\n说明书查", False),  # 7 characters, 14 bytes: its line end is not its end
        ("检查说明书查\n", True),  # 7 characters ending their line
        ("检查\n说明书查看", True),  # 8 characters, 16 bytes: a line end anywhere
    ],
)
def test_short_mostly_chinese_utf_16_is_told_where_its_text_ends_its_line(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, told: bool
) -> None:
    """Markless UTF-16 of fewer than 8 characters (under 16 bytes) is told only where its text
    ends in its line end, as a saved file's does; from 8 characters on, a line end anywhere."""
    monkeypatch.chdir(tmp_path)
    run = _answers_refused(cli, tmp_path, text.encode("utf-16-le"))
    assert ("iconv -f UTF-16LE -t UTF-8 a.toml > a.utf-8.toml" in run.stderr) is told
