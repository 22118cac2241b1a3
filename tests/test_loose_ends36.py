"""Loose ends 36: a group of thousands of site codes, a code holding a cut's own mark, and a
draft that cannot be read said with its reason (see the decisions)."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.sites import CODE_SHOWN, CODES_SHOWN, codes_alike, codes_alike_said
from minecheck.i18n import written
from tests.helpers_merge import Who, findings
from tests.test_loose_ends27 import ALICE, _alike, people
from tests.test_loose_ends34 import _en, _shown

__all__ = ["people"]  # (the fixture, used by name)


def _zh(message: str, /, **fields: object) -> str:
    return written(message, "zh", **fields)


def _cases(count: int) -> list[str]:
    """`count` spellings of one code of 16 characters, apart in the case of their letters."""
    base = "HLJ-abcdefghijkl"
    letters = len(base) - 4
    spelled = (
        base[:4] + "".join(c.upper() if up else c for c, up in zip(base[4:], bits, strict=True))
        for bits in itertools.product((False, True), repeat=letters)
    )
    return sorted(itertools.islice(spelled, count))


# -- 1. a group of thousands of codes: ten shown, the rest counted -------------------------------


@pytest.mark.parametrize(
    ("say", "more"),
    [
        (_en, " and {count} more not shown here (--json lists every one) differ only"),
        (_zh, " 及另外 {count} 个未在此显示的编码（--json 列出全部） 仅大小写"),
    ],
)
def test_a_group_of_thousands_shows_its_first_codes_and_counts_the_rest(
    say: Any, more: str
) -> None:
    """4,096 spellings of one code made one warning line of every code (200 KB for long
    codes): the first ten in order are shown, the rest counted; the count of sites is all."""
    group = _cases(4096)
    said = codes_alike_said(group, say, most=CODE_SHOWN)
    mark = ", " if say is _en else "、"
    assert mark.join(f"'{c}'" for c in group[:CODES_SHOWN]) + more.format(count=4086) in said
    assert group[CODES_SHOWN] not in said
    assert ("4096 sites" if say is _en else "4096 个单位") in said
    assert len(said) < 1000


def test_a_group_of_ten_is_shown_whole_and_of_eleven_counts_one() -> None:
    ten = codes_alike_said(_cases(10), _en, most=CODE_SHOWN)
    assert "more not shown" not in ten
    assert all(f"'{c}'" in ten for c in _cases(10))
    eleven = codes_alike_said(_cases(11), _en, most=CODE_SHOWN)
    assert " and 1 more not shown here (--json lists every one) differ" in eleven


def test_json_keeps_every_code_of_a_big_group() -> None:
    group = _cases(300)
    said = codes_alike_said(group, _en)
    assert all(f"'{c}'" in said for c in group)
    assert "not shown" not in said


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_summary_of_many_spellings_counts_the_codes_not_shown(
    tmp_path: Path, people: dict[str, Who], cli: Any, lang: str
) -> None:
    """At the terminal: the first ten codes and a count; `--json`: every code."""
    group = _cases(14)
    _, trust = _alike(tmp_path, people, group[1])
    docs = tmp_path / "docs"
    for k, code in enumerate(group[2:]):
        name = f"00000000-0000-4000-8000-{k:012d}"
        (docs / f"c{k}.toml").write_bytes(
            findings(people["alice"], ALICE, inspection_id=name, site_id=code)
        )
    (docs / "alice.toml").write_bytes(findings(people["alice"], ALICE, site_id=group[0]))
    files = [str(docs)]
    run = cli(["summary", *files, *trust, "--lang", lang])
    assert run.exit_code == 0, run.stderr
    (line,) = [s for s in run.stderr.splitlines() if "--json" in s]
    more = {
        "en": " and 4 more not shown here (--json lists every one) differ only",
        "zh": " 及另外 4 个未在此显示的编码（--json 列出全部） 仅大小写",
    }[lang]
    assert more in line
    assert f"'{group[9]}'" in line
    assert f"'{group[10]}'" not in line
    problems = json.loads(cli(["summary", *files, *trust, "--json"]).stdout)["problems"]
    (alike,) = [p for p in problems if p["code"] == "site-codes-alike"]
    assert all(f"'{c}'" in alike["message"] for c in group)


def test_a_code_apart_in_many_places_is_shown_within_its_cells() -> None:
    """Ten codes apart by the case of letters far apart: a code was shown by every place it
    parts from another, each with eight cells before it, wider than the 64 cells a code has."""
    places = (40, 80, 120, 160, 200, 240, 280, 320, 360)
    base = "HLJ-" + "0" * 396
    group = []
    for k in range(len(places) + 1):
        code = list(base)
        for at in places[:k]:
            code[at] = "A"
        for at in places[k:]:
            code[at] = "a"
        group.append("".join(code))
    shown = _shown(group)
    assert len(set(shown)) == len(group), shown
    for said in shown:
        text = said[1:].split("'")[0]
        assert len(text.replace("…", "")) <= CODE_SHOWN, said


# -- 3. a code that holds a cut's own mark -------------------------------------------------------


@pytest.mark.parametrize("mark", ["…", "⋯"])
def test_an_ellipsis_of_the_code_own_is_written_as_its_escape_where_the_code_is_cut(
    mark: str,
) -> None:
    """`HLJ-…0001` + 80 zeros, cut at the terminal, read as a cut after `HLJ-`: the code's own
    `…` is written `\\u2026` (as a character not seen is written `\\u200b`); a code shown whole
    has no count, so no cut, and is shown as it is."""
    code = f"HLJ-{mark}0001" + "0" * 80
    escaped = f"\\u{ord(mark):04x}"
    shown = _shown([code + "A", code + "a"])
    assert all(s.startswith(f"'HLJ-{escaped}0001") for s in shown), shown
    assert all(s.count("…") == 1 for s in shown), shown
    whole = codes_alike_said([f"HLJ-{mark}1", f"hlj-{mark}1"], _en, most=CODE_SHOWN)
    assert f"'HLJ-{mark}1', 'hlj-{mark}1'" in whole
    assert codes_alike([code + "A", code + "a"]) == [(code + "A", code + "a")]


# -- 2. drafts list: why a draft cannot be read ---------------------------------------------------

SAID = {
    "en": {
        "aaaaaaaa": "not a regular file (a FIFO)",
        "bbbbbbbb": "is a directory, not a draft",
        "cccccccc": "draft is 104857600 bytes, over the limit of 67108864 bytes",
    },
    "zh": {
        "aaaaaaaa": "不是普通文件（命名管道）",
        "bbbbbbbb": "是一个目录，不是草稿",
        "cccccccc": "草稿大小为 104857600 字节，超过 67108864 字节的上限",
    },
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_drafts_list_says_why_a_draft_cannot_be_read(
    cli: Any, isolated_home: Path, lang: str
) -> None:
    """A FIFO, a folder and a huge file with draft names: each was said only to be a draft
    that "cannot be read", where every other reader gives the reason."""
    directory = isolated_home / "drafts"
    directory.mkdir(parents=True)
    os.mkfifo(directory / "aaaaaaaa-0000-4000-8000-000000000000.toml")
    (directory / "bbbbbbbb-0000-4000-8000-000000000000.toml").mkdir()
    with open(directory / "cccccccc-0000-4000-8000-000000000000.toml", "wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # (sparse: no disk taken)
    run = cli(["drafts", "list", "--lang", lang])
    colon = ": " if lang == "en" else "："
    expected = [
        f"minecheck: warning: {directory / name}-0000-4000-8000-000000000000.toml{colon}{said}"
        for name, said in SAID[lang].items()
    ]
    assert (run.exit_code, run.stderr.splitlines()[:3]) == (0, expected)


DAMAGED = {
    "en": [
        "{damaged}: draft 0d1e2f3a-0000-4000-8000-000000000000 is damaged (draft.started has the "
        "wrong type); it was left as it is",
        "{other} is not UTF-8 text",
    ],
    "zh": [  # (the damage in Chinese too: loose ends 37)
        "{damaged}：草稿 0d1e2f3a-0000-4000-8000-000000000000 已损坏（draft.started 的类型不对）"
        "；已原样保留",
        "{other} 不是 UTF-8 文本",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_drafts_list_says_why_a_damaged_draft_cannot_be_read(
    cli: Any, isolated_home: Path, lang: str
) -> None:
    """A damaged draft and one not in UTF-8: said with the reader's reason, in the language
    asked for, the path named once."""
    directory = isolated_home / "drafts"
    directory.mkdir(parents=True)
    damaged = directory / "0d1e2f3a-0000-4000-8000-000000000000.toml"
    damaged.write_text('[draft]\nformat = "minecheck.draft/1"\nstarted = "morning"\n', "utf-8")
    other = directory / "0e1e2f3a-0000-4000-8000-000000000000.toml"
    other.write_bytes(b"\xff\xfe")
    run = cli(["drafts", "list", "--lang", lang])
    expected = [
        "minecheck: warning: " + line.format(damaged=damaged, other=other) for line in DAMAGED[lang]
    ]
    said = [line for line in run.stderr.splitlines() if not line.startswith("  ")]  # (a hint's:
    # the damaged draft's way out, tests/test_loose_ends40.py)
    assert (run.exit_code, said[:2]) == (0, expected)
