"""Loose ends, round 40: a damaged draft says what to do with it (`hint: minecheck drafts
discard ID`), a draft that is not TOML is said damaged as every other damaged draft is, a
refused events file's (and answers file's) faults are named to 200 and the rest counted, and
`drafts discard` takes the lock away when the draft cannot be removed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.test_loose_ends35 import work

__all__ = ["work"]  # (the fixture, used by name)

DRAFT_ID = "79f251c4" + "0" * 24
ZH_RUN = {"en": "", "zh": "--lang zh "}
# the hint's words; a terminal indents its second line under the first's words
ADVICE = {
    "en": "it cannot be resumed; discard it with:\n  minecheck drafts discard {id}",
    "zh": "它无法继续；删除它请运行：\n  minecheck drafts discard --lang zh {id}",
}
HINT = {lang: "  hint: " + said.replace("\n", "\n  ") + "\n" for lang, said in ADVICE.items()}
DAMAGED = {
    "en": "draft {id} is damaged ({reason}); it was left as it is",
    "zh": "草稿 {id} 已损坏（{reason}）；已原样保留",
}
WRONG_TYPE = {"en": "draft.started has the wrong type", "zh": "draft.started 的类型不对"}
NOT_TOML = {"en": "not valid TOML", "zh": "不是有效的 TOML"}
SEP = {"en": ": ", "zh": "："}


def _draft(home: Path, text: str) -> Path:
    directory = home / "drafts"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{DRAFT_ID}.toml"
    path.write_text(text, "utf-8")
    return path


BROKEN = {
    "wrong-type": '[draft]\nformat = "minecheck.draft/1"\nstarted = "morning"\n',
    "not-toml": "[draft\nformat = = 1\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["wrong-type", "not-toml"])
def test_drafts_list_says_a_damaged_draft_and_how_to_discard_it(
    cli: Any, isolated_home: Path, lang: str, kind: str
) -> None:
    path = _draft(isolated_home, BROKEN[kind])
    reason = (WRONG_TYPE if kind == "wrong-type" else NOT_TOML)[lang]
    run = cli(["drafts", "list", "--lang", lang])
    damaged = DAMAGED[lang].format(id=DRAFT_ID, reason=reason)
    none = "no unfinished inspections" if lang == "en" else "没有未完成的检查"
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr == (
        f"minecheck: warning: {path}{SEP[lang]}{damaged}\n"
        + HINT[lang].format(id=DRAFT_ID)
        + f"{none}\n"
    )
    run = cli(["drafts", "list", "--lang", lang, "--json"])
    problem = json.loads(run.stdout)["problems"][0]
    assert problem["code"] == "draft-damaged"
    assert problem["hint"].endswith(f"minecheck drafts discard {ZH_RUN[lang]}{DRAFT_ID}")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["wrong-type", "not-toml"])
def test_drafts_resume_refuses_a_damaged_draft_and_says_how_to_discard_it(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, lang: str, kind: str
) -> None:
    path = _draft(isolated_home, BROKEN[kind])
    before = path.read_bytes()
    monkeypatch.setattr("minecheck.cli._output.stdin_is_tty", lambda: True)
    run = cli(["drafts", "resume", DRAFT_ID[:8], "--lang", lang], input="q\n")
    reason = (WRONG_TYPE if kind == "wrong-type" else NOT_TOML)[lang]
    damaged = DAMAGED[lang].format(id=DRAFT_ID, reason=reason)
    where = ""
    if kind == "not-toml":  # (where the TOML fails, as every TOML file's reader says it)
        where = f"{path}:1:7: " + (
            "invalid TOML: Expected ']' at the end of a table declaration\n"
            if lang == "en"
            else "TOML 格式错误：表头末尾应有 ']'\n"
        )
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == where + f"minecheck: error: {damaged}\n" + HINT[lang].format(id=DRAFT_ID)
    assert path.read_bytes() == before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_drafts_discard_asks_of_a_draft_not_toml_as_of_any_damaged_one(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    path = _draft(isolated_home, BROKEN["not-toml"])
    monkeypatch.setattr("minecheck.cli.drafts.stdin_is_tty", lambda: True)
    run = cli(["drafts", "discard", DRAFT_ID[:8], "--lang", lang], input="n\n")
    asked = {
        "en": "Discard draft 79f251c4 (damaged (not valid TOML))? [y/N] ",
        "zh": "删除草稿 79f251c4（已损坏（不是有效的 TOML））？[y/N] ",
    }
    assert run.exit_code == 0
    assert run.stderr.startswith(asked[lang])
    assert path.exists()


GUIDE = {
    "en": ("guide-first-inspection.md", "`hint: {words}` and, on a line of its own, `{command}`"),
    "zh": ("guide-first-inspection.zh.md", "`hint: {words}`，下一行是 `{command}`"),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_guide_quotes_the_hint_as_the_product_gives_it(lang: str) -> None:
    from tests.conftest import REPO

    name, quote = GUIDE[lang]
    words, command = ADVICE[lang].format(id="ID" if lang == "en" else "编号").split("\n  ")
    guide = " ".join((REPO / "docs" / name).read_text(encoding="utf-8").split())
    assert quote.format(words=words, command=command) in guide


NOT_REMOVED = {
    "en": "minecheck: error: draft {id} could not be removed (Permission denied); "
    "it was left as it is\n",
    "zh": "minecheck: error: 草稿 {id} 无法删除（权限不足）；已原样保留\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_drafts_discard_that_cannot_remove_the_draft_takes_its_lock_away(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The draft's file cannot be removed (a directory this user may not write: the refusal is
    made here, as a run with every permission is never refused): the lock went with it before
    only for a folder in the draft's place. Now the lock goes, the draft stays, and the reason
    is said (exit 2)."""
    import errno
    import os

    path = _draft(isolated_home, BROKEN["wrong-type"])
    before = path.read_bytes()
    unlink = Path.unlink

    def refused(self: Path, missing_ok: bool = False) -> None:
        if self == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refused)
    run = cli(["drafts", "discard", DRAFT_ID[:8], "--yes", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == NOT_REMOVED[lang].format(id=DRAFT_ID)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    run = cli(["drafts", "discard", DRAFT_ID[:8], "--yes", "--lang", lang, "--json"])
    assert run.exit_code == 2
    assert json.loads(run.stdout)["problems"][-1]["message"] == NOT_REMOVED[lang].format(
        id=DRAFT_ID
    ).removeprefix("minecheck: error: ").rstrip("\n")


MORE = {
    "en": "{path}: and {count} more problems, not listed",
    "zh": "{path}: 另有 {count} 个问题，未列出",
}
REFUSED = {
    "en": "minecheck: error: ev.toml: the events cannot be used; nothing was written",
    "zh": "minecheck: error: ev.toml：事件无法使用；未写入任何文件",
}


def _not_v4(count: int) -> str:
    """An events file of `count` escalations, each naming an inspection by a full-length id
    that is not a UUID v4 (so taken as a prefix that no findings file here holds)."""
    return "".join(
        f'[[event]]\nfinding = "00000000-0000-0000-0000-{i:012d}/gas-overlimit"\n'
        'action = "escalated"\nat = 2026-11-29T09:00:00Z\n\n'
        for i in range(count)
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("count", [200, 201, 500])
def test_followup_names_200_bad_events_and_counts_the_rest(
    cli: Any, work: dict[str, Any], lang: str, count: int
) -> None:
    """500 events naming no inspection here: 500 `bad-event` lines before the error, where a
    schema's, an answers file's and a trust list's faults stop at 200 and count the rest."""
    Path("ev.toml").write_text(_not_v4(count))
    run = cli(["followup", "--events", "ev.toml", "-o", "out.toml", "--lang", lang, *work["sign"]])
    assert (run.exit_code, run.stdout) == (2, "")
    lines = run.stderr.splitlines()
    named = [line for line in lines if line.startswith("ev.toml:") and line[8:9].isdigit()]
    assert len(named) == min(count, 200)
    assert named[-1].startswith(f"ev.toml:{5 * min(count, 200) - 4}: ")
    rest = count - 200
    counted = [] if rest <= 0 else [MORE[lang].format(path="ev.toml", count=rest)]
    if rest == 1:
        counted = [counted[0].replace("problems", "problem")]  # (zh: the same words)
    at = lines.index(REFUSED[lang])
    assert lines[len(named) : at + 1] == [*counted, REFUSED[lang]]
    assert not Path("out.toml").exists()

    run = cli(["followup", "--events", "ev.toml", "-o", "out.toml", "--lang", lang, "--json"])
    problems = json.loads(run.stdout)["problems"]
    assert (run.exit_code, run.stderr) == (2, "")
    assert [p["code"] for p in problems] == ["bad-event"] * min(count, 200) + (
        ["too-many-problems"] if rest > 0 else []
    ) + ["input"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_answers_file_of_unknown_items_and_bad_answers_names_200_in_all(
    cli: Any, isolated_home: Path, tmp_path: Path, lang: str
) -> None:
    """1,000 answers to items the checklist lacks were cut at 200 and counted, and each of the
    65 answers of the checklist's own items that cannot be taken was then named after them."""
    template = cli(
        ["checklists", "template", "coal-major-hidden-dangers", "--tag", "coal-underground"]
    ).stdout
    answers = tmp_path / "answers.toml"
    bad = template.replace('= "not-checked"', '= "noncompliant"')
    extra = "".join(f'"gas-overlimit-{k}" = "compliant"\n' for k in range(1_000))
    answers.write_text(bad + extra, encoding="utf-8")
    run = cli(
        [
            *("inspect", "coal-major-hidden-dangers", "--site", "Demo", "--lang", lang),
            *("--tag", "coal-underground", "--answers", str(answers), "-o", str(tmp_path / "o")),
        ]
    )
    assert (run.exit_code, run.stdout) == (2, "")
    lines = run.stderr.splitlines()
    assert len(lines) == 200 + 2
    assert lines[-2] == MORE[lang].format(path=answers, count=1_000 + 65 - 200)
