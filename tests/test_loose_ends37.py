"""Loose ends, round 37: `followup`'s `findings-unchecked` (one an inspection no findings file
here holds) and merge's warnings of one kind are told ten of a kind at a terminal, the rest
counted on one line (`Reporter.warn_rolled`), `--json` keeping every one; a draft that cannot
be read is given its reason in the run's language, and `drafts discard` gives the same reason
`drafts list` does."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from minecheck.session.draft import _HEAD_TEXT
from tests.test_loose_ends35 import ROLLED, work

__all__ = ["work"]  # (the fixture, shared with loose ends 35)

UNCHECKED = {
    "en": (
        "no findings file here holds inspection '{id}'; the event names it as given "
        "(--findings FILE checks it against the file that holds it)"
    ),
    "zh": (
        "当前目录下没有检查结果文件包含检查 '{id}'；事件按所给编号记录"
        "（用 --findings FILE 可对照其所在文件核对）"
    ),
}


def _unknown(count: int) -> tuple[str, list[str]]:
    """An events file of `count` escalations (each with its note), each of an inspection no
    findings file here holds; with those inspections, in the file's order."""
    start = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)
    ids = [f"00000000-0000-4000-8000-{i:012d}" for i in range(count)]
    text = "".join(
        f'[[event]]\nfinding = "{iid}/gas-overlimit"\naction = "escalated"\n'
        f"at = {(start + dt.timedelta(minutes=i)).strftime('%Y-%m-%dT%H:%M:%SZ')}\n"
        'note = "suspended"\n\n'
        for i, iid in enumerate(ids)
    )
    return text, ids


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("count", [10, 11, 500])
def test_followup_tells_ten_unknown_inspections_and_counts_the_rest(
    cli: Any, work: dict[str, Any], lang: str, count: int
) -> None:
    """A follow-up naming 500 inspections no findings file here holds said 500 warnings, one
    line each; now ten, then one line counting the rest. The file is written, exit 0."""
    text, ids = _unknown(count)
    Path("ev.toml").write_text(text)
    run = cli(["followup", "--events", "ev.toml", "-o", "out.toml", "--lang", lang, *work["sign"]])
    assert (run.exit_code, run.stdout) == (0, "out.toml\n")
    said = "".join(f"minecheck: warning: {UNCHECKED[lang].format(id=iid)}\n" for iid in ids[:10])
    one, many = ROLLED[lang]
    rest = count - 10
    if rest:
        counted = one if rest == 1 else many
        said += f"minecheck: warning: {counted.format(count=rest, code='findings-unchecked')}\n"
    assert run.stderr == said
    assert Path("out.toml").is_file()


def test_followup_json_keeps_every_unknown_inspection(cli: Any, work: dict[str, Any]) -> None:
    text, ids = _unknown(500)
    Path("ev.toml").write_text(text)
    run = cli(["followup", "--events", "ev.toml", "-o", "out.toml", "--json", *work["sign"]])
    assert (run.exit_code, run.stderr) == (0, "")
    problems = json.loads(run.stdout)["problems"]
    assert [p["message"] for p in problems] == [UNCHECKED["en"].format(id=i) for i in ids]
    assert {p["code"] for p in problems} == {"findings-unchecked"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_followup_tells_ten_files_unverified_and_counts_the_rest(
    cli: Any, work: dict[str, Any], lang: str
) -> None:
    """Each file here that did not verify and may hold the inspection sought
    (`findings-unverified`, one a file) was told with its hint: a folder of many such files
    said them all. Now ten, then the count; `--json` has each."""
    from tests.helpers_merge import INSPECTION

    text, [iid] = _unknown(1)
    signed = Path("alice.toml").read_bytes().replace(INSPECTION.encode(), iid.encode())
    for i in range(12):  # (its signature no longer holds: bad-signature, spelling the id)
        Path(f"copy{i:02d}.toml").write_bytes(signed)
    Path("ev.toml").write_text(text)
    args = ["followup", "--events", "ev.toml", "-o", "out.toml", "--lang", lang]
    run = cli([*args, *work["sign"]])
    assert (run.exit_code, run.stdout) == (0, "out.toml\n")
    lines = run.stderr.splitlines()
    warned = [line for line in lines if "copy" in line and "verify" not in line]
    assert len(warned) == 10
    assert lines[-2:] == [
        f"minecheck: warning: {UNCHECKED[lang].format(id=iid)}",
        f"minecheck: warning: {ROLLED[lang][1].format(count=2, code='findings-unverified')}",
    ]
    run = cli(["followup", "--events", "ev.toml", "-o", "out2.toml", "--json", *work["sign"]])
    problems = json.loads(run.stdout)["problems"]
    assert [p["code"] for p in problems] == ["findings-unverified"] * 12 + ["findings-unchecked"]


def _told(problems: list[dict[str, Any]]) -> str:
    """A problem as a warning says it at a terminal, with its hint."""
    said = ""
    for p in problems:
        where = f"{p['path']}: " if p["code"] == "answered-twice" else ""  # (at its file)
        said += f"minecheck: warning: {where}{p['message']}\n"
        if p["hint"]:
            said += "".join(f"  hint: {line}\n" for line in p["hint"].split("\n"))
    return said


@pytest.fixture
def merging(tmp_path: Path) -> dict[str, Any]:
    """alice and bob, both trusted, and the arguments that sign a merge as alice."""
    from tests.helpers_merge import allowed_signers, person

    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    sign = ["--key", str(alice.key), "--signer", alice.principal]
    return {"alice": alice, "bob": bob, "args": ["--allowed-signers", str(allowed), *sign]}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("kind", "count"), [("sites", 10), ("sites", 13), ("answered-twice", 13)])
def test_merge_tells_ten_of_a_kind_and_counts_the_rest(
    cli: Any, merging: dict[str, Any], tmp_path: Path, lang: str, kind: str, count: int
) -> None:
    """A merge of many inspections, each with a warning of one kind (an inspection id at two
    mines; one inspector's file answered again by a second of the same inspection), said each
    on its own line: a province's merge said hundreds. Now ten of a kind, then one line
    counting the rest; `--json` keeps each, the merged file is written, exit 0."""
    from tests.helpers_merge import findings

    fine = ["compliant"] * 3  # (no hidden danger: nothing else to say)
    files = []
    for i in range(count):
        iid = f"00000000-0000-4000-8000-{i:012d}"
        code, mine = f"HLJ-{i:04d}", f"Mine {i}"  # (a mine each)
        first = findings(merging["alice"], fine, inspection_id=iid, site_id=code, site=mine)
        if kind == "sites":
            other = findings(merging["bob"], fine, inspection_id=iid, site_id="HLJ-9999")
        else:  # (the same inspector's, corrected and signed again)
            again = ["compliant", "compliant", "noncompliant"]
            other = findings(merging["alice"], again, 1, inspection_id=iid, site_id=code, site=mine)
        for name, data in ((f"a{i:02d}.toml", first), (f"b{i:02d}.toml", other)):
            (tmp_path / name).write_bytes(data)
            files.append(str(tmp_path / name))
    args = ["merge", *files, "--lang", lang, *merging["args"], "--force"]
    listed = cli([*args, "-o", str(tmp_path / "all.json.toml"), "--json"])
    assert (listed.exit_code, listed.stderr) == (0, "")
    problems = json.loads(listed.stdout)["problems"]
    assert [p["code"] for p in problems] == [kind] * count
    out = tmp_path / "all.toml"
    run = cli([*args, "-o", str(out)])
    assert (run.exit_code, run.stdout) == (0, f"{out}\n")
    said = ""
    if kind == "answered-twice":  # (each also an inconsistent finding: told first, as ever)
        inconsistent = json.loads(listed.stdout)["data"]["inconsistent"]
        assert len(inconsistent) == count
        head = cli([*args, "-o", str(tmp_path / "head.toml")])
        said += "".join(head.stderr.splitlines(keepends=True)[:10])
        assert said.count("minecheck: warning: ") == 10
        assert all("/methane-return" in line for line in said.splitlines())
        said += f"minecheck: warning: {ROLLED[lang][1].format(count=3, code='inconsistent')}\n"
    said += _told(problems[:10])
    rest = count - 10
    if rest:
        said += f"minecheck: warning: {ROLLED[lang][1].format(count=rest, code=kind)}\n"
    assert run.stderr == said


DRAFT = "0d1e2f3a-0000-4000-8000-000000000000"
HEAD = '[draft]\nformat = "minecheck.draft/1"\n'
WHOLE = (  # (every field a draft's head must hold: its texts, its tags, when it began)
    HEAD
    + "".join(f'{key} = "x"\n' for key in _HEAD_TEXT if key != "site_id")
    + "site_tags = []\nstarted = 2026-11-29T08:15:00Z\n"
)
# a damaged draft's text, and its reason in each language
DAMAGE = [
    (
        HEAD + 'started = "morning"\n',
        "draft.started has the wrong type",
        "draft.started 的类型不对",
    ),
    ("answers = 3\n" + WHOLE, "answers is not a table", "answers 不是表"),
    (WHOLE + "[answers]\ngas = 1\n", "answers.gas is not a table", "answers.gas 不是表"),
    ("unfinished = 1\n" + WHOLE, "unfinished is not a table", "unfinished 不是表"),
    (
        WHOLE + "[unfinished.gas]\ncolour = 'red'\n",
        "unfinished.gas.colour is not a field of an answer",
        "unfinished.gas.colour 不是答案的字段",
    ),
    ('[draft]\nformat = "cake"\n', "not a minecheck draft", "不是 minecheck 草稿"),
    ("[answers]\n", "draft is missing", "缺少 draft"),
    ("draft = 1\n", "draft is not a table", "draft 不是表"),
    (
        HEAD + "colour = 'red'\n",
        "draft.colour is not a field of a draft",
        "draft.colour 不是草稿的字段",
    ),
    (HEAD, "draft.id is missing", "缺少 draft.id"),
]


@pytest.mark.parametrize(("text", "en", "zh"), DAMAGE, ids=[en for _, en, _ in DAMAGE])
def test_a_damaged_drafts_reason_is_said_in_the_runs_language(
    cli: Any, isolated_home: Path, text: str, en: str, zh: str
) -> None:
    """`drafts list --lang zh` gave a damaged draft's reason in the schema's English inside
    Chinese brackets (`已损坏（draft.started has the wrong type）`), and a field missing or
    unknown in Python's own words (`Draft.__init__() missing 11 required ...`)."""
    directory = isolated_home / "drafts"
    directory.mkdir(parents=True)
    damaged = directory / f"{DRAFT}.toml"
    damaged.write_text(text, "utf-8")
    said = {
        "en": f"{damaged}: draft {DRAFT} is damaged ({en}); it was left as it is",
        "zh": f"{damaged}：草稿 {DRAFT} 已损坏（{zh}）；已原样保留",
    }
    for lang in ("en", "zh"):
        run = cli(["drafts", "list", "--lang", lang])
        assert run.exit_code == 0
        assert run.stderr.splitlines()[0] == f"minecheck: warning: {said[lang]}"


def _fifo(path: Path) -> None:
    os.mkfifo(path)


# (what is at the draft's name, the reason in each language; a folder is not asked of, since it
# would not go: test_attack44)
UNREAD = [
    (
        lambda p: p.write_text(HEAD + 'started = "morning"\n'),
        "damaged (draft.started has the wrong type)",
        "已损坏（draft.started 的类型不对）",
    ),
    (_fifo, "not a regular file (a FIFO)", "不是普通文件（命名管道）"),
    (lambda p: p.write_bytes(b"\xff\xfe"), "is not UTF-8 text", "不是 UTF-8 文本"),
]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize(("made", "en", "zh"), UNREAD, ids=["damaged", "fifo", "not-utf-8"])
def test_discard_of_a_draft_not_read_gives_the_reason_list_gives(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, made: Any, en: str, zh: str
) -> None:
    """`drafts discard` asked `Discard draft 0d1e2f3a (damaged, cannot be read)?` of a FIFO, a
    folder and a damaged draft alike, where `drafts list` gives each its reason."""
    monkeypatch.setattr("minecheck.cli.drafts.stdin_is_tty", lambda: True)
    directory = isolated_home / "drafts"
    directory.mkdir(parents=True)
    made(directory / f"{DRAFT}.toml")
    for lang, reason, after in (("en", en, "nothing was discarded"), ("zh", zh, "未删除任何内容")):
        run = cli(["drafts", "discard", DRAFT[:8], "--lang", lang], input="n\n")
        question = {"en": f"Discard draft {DRAFT[:8]} ({reason})? [y/N] ", "zh": ""}[lang]
        if lang == "en":
            assert (run.exit_code, run.stderr) == (0, f"{question}{after}\n")
        else:
            assert run.exit_code == 0
            assert f"（{reason}）" in run.stderr.splitlines()[0]
    assert os.path.lexists(directory / f"{DRAFT}.toml")
