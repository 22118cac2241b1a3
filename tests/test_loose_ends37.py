"""Loose ends, round 37: `followup`'s `findings-unchecked` (one an inspection no findings file
here holds) and merge's warnings of one kind are told ten of a kind at a terminal, the rest
counted on one line (`Reporter.warn_rolled`), `--json` keeping every one; a draft that cannot
be read is given its reason in the run's language, and `drafts discard` gives the same reason
`drafts list` does."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

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
