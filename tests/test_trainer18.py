"""A trainer's round, 18: what the guides, the README and `--help` tell a reader of the warnings
`summary` and `export` roll up after ten of a kind (stderr, a terminal or a log alike; `--json`
keeps each), en and zh."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.helpers_merge import CREATED, Who, allowed_signers, findings
from tests.test_loose_ends27 import ALICE, BOB, people

__all__ = ["people"]  # (the fixture, used by name)

DOCS = REPO / "docs"
ROLLED = {
    "en": "minecheck: warning: 2 more answered-twice warnings are not shown here; "
    "--json lists every one\n",
    "zh": "minecheck: warning: 另有 2 条 answered-twice 警告未在此显示；--json 列出全部\n",
}
LATER = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_documents_that_disagree_are_told_to_ten_of_a_kind_in_a_log_too(
    tmp_path: Path, people: dict[str, Who], cli: Any, lang: str
) -> None:
    """The monthly guide said only "a file left out and an event not applied" are told ten of a
    kind, and "at a terminal": twelve inspections each answered twice by their inspector give
    twelve `answered-twice` warnings, of which stderr (here not a terminal: a cron job's log)
    tells ten and counts two; `--json` keeps each."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(12):
        inspection = f"{n:08d}-0000-4000-8000-000000000000"
        for k, results in enumerate((ALICE, BOB)):
            (docs / f"m{n:02d}-{k}.toml").write_bytes(
                findings(
                    people["alice"],
                    results,
                    2 * n + k,
                    inspection_id=inspection,
                    site_id=f"HLJ-{n:04d}",
                    when=LATER if k else CREATED,
                )
            )
    allowed = allowed_signers(tmp_path / "allowed_signers", people["alice"])
    args = ["summary", str(docs), "--allowed-signers", str(allowed), "--format", "csv"]
    run = cli([*args, "--lang", lang])
    assert run.exit_code == 0
    lines = run.stderr.splitlines(keepends=True)
    told = [line for line in lines if line.startswith("minecheck: warning: ") and "/m" in line]
    assert len(told) == 10, run.stderr
    assert lines[-1] == ROLLED[lang]
    problems = json.loads(cli([*args, "--json"]).stdout)["problems"]
    assert [p["code"] for p in problems] == ["answered-twice"] * 12


# each guide's words for the roll-up, where it names the warnings told ten of a kind
ROLL_UP_SAID = {
    "guide-monthly-report.md": (
        r"on standard error \(a terminal or a log alike\) only the first ten days",
        r"a file left out, documents\s+that disagree \(an item answered twice, one inspection "
        r"under two sites or two checklists, one\s+document id with two contents\) and an event "
        r"not applied are told alike: the first ten of its code\s+and one line counting the rest",
        r"every other warning is told in full",
    ),
    "guide-monthly-report.zh.md": (
        r"标准错误输出（终端或日志文件都一样）只显示前十个矿井日",
        r"未计入的文件、相互矛盾的文件（同一条目作答两次、同一次检查记在两个矿井或两份检查表下、"
        r"同一 document_id 对应两种内容）和未生效的事件"
        r"同样每种代码只显示前十条，其余以一行说明条数",
        r"其他警告全部显示",
    ),
    "guide-scripting.md": (
        r"Of the files left out, documents that\s+disagree and events not applied \(and of "
        r"`separate-inspections`, by days\), `summary` and `export`\s+tell stderr the first ten "
        r"warnings of one code and then one line counting the rest \(`1823 more\s+untrusted-key "
        r"warnings are not shown here; --json lists every one`\), a terminal or a log alike;\s+"
        r"`problems` holds every one: count and match them there \(`merge` tells its warnings "
        r"of\s+inspections and findings the same way, and `followup` and `sign` an event's: "
        r"section 8\)",
    ),
    "guide-scripting.zh.md": (
        r"对未计入的文件、相互矛盾的文件和未生效的事件"
        r"（以及按矿井日计的 `separate-inspections`），\s*"
        r"`summary` 和 `export` 在标准错误输出中每种代码的警告只显示前十条，其余以一行说明条数"
        r"（`另有 1823 条\s*untrusted-key 警告未在此显示；--json 列出全部`），"
        r"终端和日志文件都一样；"
        r"`problems` 列出全部：请在那里计数和匹配"
        r"（`merge` 对检查和条目的警告、`followup` 和 `sign`\s*对事件的警告也是这样：见第 8 节）",
    ),
}


# each guide's words for a source whose key is in the trust list but does not make it trusted
LISTED_SAID: dict[str, tuple[str, ...]] = {
    "guide-monthly-report.md": (
        r"\(a key in the list but expired, or listed for other kinds of file, gets none:\s+"
        r"`trust add` would not make it trusted; the Sources table names its status, "
        r"`key-expired` or\s+`namespace-not-allowed`\)",
    ),
    "guide-monthly-report.zh.md": (
        r"；信任文件中已有、但已过有效期或只用于其他种类文件的公钥不给出：`trust add`\s*"
        r"不能使其受信任；“来源文件”表写明其状态 `key-expired` 或\s*`namespace-not-allowed`）",
    ),
}
# and for the lines of an inspector whose name is long
HANGING_SAID: dict[str, tuple[str, ...]] = {
    "guide-monthly-report.md": (
        r"indented under the inspector's words \(two columns in from the name, where the name "
        r"takes\s+more than half the width: a narrow terminal\)",
    ),
    "guide-monthly-report.zh.md": (
        r"续行缩进在该检查人员的文字之下（姓名占去一半以上宽度时——终端较窄——则比姓名缩进两列）",
    ),
}
# what each guide no longer says
NOT_SAID = {
    "guide-monthly-report.md": ("trusted already",),
    "guide-monthly-report.zh.md": ("已过有效期的公钥已受信任",),
}
SAID: dict[str, dict[str, tuple[str, ...]]] = {
    "roll-up": ROLL_UP_SAID,
    "listed key": LISTED_SAID,
    "hanging lines": HANGING_SAID,
}


@pytest.mark.parametrize(
    ("topic", "guide"), [(topic, guide) for topic, said in SAID.items() for guide in sorted(said)]
)
def test_the_guides_say_what_a_reader_meets(topic: str, guide: str) -> None:
    """roll-up: a reader of the monthly guide learnt the roll-up of files left out and events
    not applied "at a terminal", and not that of documents that disagree (`answered-twice`, ten
    lines and a count in a cron log); the scripting guide, where a script learns stderr and
    `problems`, said nothing of it. listed key: the guide said "a key listed but expired is
    trusted already", while `show` names that source `key-expired` and leaves its inspector's
    words out; a key listed for other kinds of file (`namespace-not-allowed`) gets no hint
    either. hanging lines: at 40 columns `show` of the guide's merged file hangs
    wang.wei@hlj.example's lines two columns in from the name (`    filled in for shifts never
    checked`), not under the words the guide promised."""
    text = (DOCS / guide).read_text(encoding="utf-8")
    for said in SAID[topic][guide]:
        assert re.search(said, text), (guide, said)
    for gone in NOT_SAID.get(guide, ()):
        assert gone not in text
