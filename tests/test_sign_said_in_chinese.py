"""`sign --lang zh` of a document written by hand says each of its problems in Chinese: the
fields' expected shapes (a UUID, a digest, an item id) and the tables named, spaced from the
Chinese around them as the rest of the Chinese is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA
from tests.helpers_merge import Who
from tests.test_cli_sign_rules import who  # noqa: F401 - its fixture
from tests.test_minimal_input import sign_args

CHECKLIST = DATA / "checklists" / "valid" / "mini-check.toml"

FINDINGS = """\
[minecheck]
format = "minecheck.findings/1"

[inspection]
id = "not-a-uuid"
checklist = "Mini Check"
checklist_version = "1"
checklist_sha256 = "00"
site = "A"
site_tags = ["coal-underground"]
inspector = "W"
mode = "supervision"
started = 2026-12-01T00:00:00Z
finished = 2026-12-01T00:10:00Z
language = "en"
colour = "blue"

[[finding]]
item = "Gas Check"
result = "compliant"
bar = 1
evidence = [{ path = "ev/a.jpg", sha256 = "00", bytes = 1, baz = 2 }]
"""

FOLLOWUP = """\
[minecheck]
format = "minecheck.followup/1"
signer_key = "fingerprint"
colour = "blue"

[[event]]
finding = "nope"
action = "rectified"
at = 2026-11-30T09:00:00Z
"""


SAID = {
    "findings": {
        "en": [
            "f.toml:5:1: inspection id 'not-a-uuid' must be a lowercase UUID version 4",
            "f.toml:6:1: checklist 'Mini Check' is not valid",
            "f.toml:8:1: checklist_sha256 '00' is bad",
            "f.toml:12:1: mode must be one of routine, unannounced, night, special, follow-up, "
            "self-inspection, not 'supervision'",
            "f.toml:16:1: unknown key 'colour' in [inspection]",
            "f.toml:19:1: item 'Gas Check' is not a valid item id",
            "f.toml:21:1: unknown key 'bar' in finding 'Gas Check'",
            "f.toml:22:34: sha256 '00' must be 64 hex digits",
            "f.toml:22:60: unknown key 'baz' in evidence",
        ],
        "zh": [
            "f.toml:5:1: 检查编号 'not-a-uuid' 应为小写的第 4 版 UUID",
            "f.toml:6:1: 检查表 'Mini Check' 无效",
            "f.toml:8:1: checklist_sha256 '00' 无效",
            "f.toml:12:1: mode 必须是 routine、unannounced、night、special、follow-up、"
            "self-inspection 之一，而不是 'supervision'",
            "f.toml:16:1: [inspection] 表中有未知的键 'colour'",
            "f.toml:19:1: 条目 'Gas Check' 不是有效的条目 id",
            "f.toml:21:1: 条目 'Gas Check' 的检查结果中有未知的键 'bar'",
            "f.toml:22:34: sha256 '00' 应为 64 位十六进制数字",
            "f.toml:22:60: 佐证中有未知的键 'baz'",
        ],
    },
    "followup": {
        "en": [
            "f.toml:3:1: signer_key 'fingerprint' must be SHA256:…",
            "f.toml:4:1: unknown key 'colour' in [minecheck]",
            "f.toml:7:1: finding 'nope' must be <inspection id>/<item>",
        ],
        "zh": [
            "f.toml:3:1: signer_key 'fingerprint' 应为 SHA256:…",
            "f.toml:4:1: [minecheck] 表中有未知的键 'colour'",
            "f.toml:7:1: 隐患 'nope' 的写法应为 <inspection-id>/<item>",
        ],
    },
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["findings", "followup"])
def test_a_hand_written_document_s_problems_are_said_in_the_language(
    cli: Any,
    who: Who,  # noqa: F811 (the fixture imported above)
    kind: str,
    lang: str,
) -> None:
    text = FINDINGS if kind == "findings" else FOLLOWUP
    Path("f.toml").write_text(text, encoding="utf-8")
    run = cli(["sign", "f.toml", *sign_args(who), "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    said = [line for line in run.stderr.splitlines() if line.startswith("f.toml:")]
    assert sorted(said) == sorted(SAID[kind][lang])
    assert Path("f.toml").read_text(encoding="utf-8") == text


def test_a_checklist_s_table_is_named_apart_from_the_chinese(cli: Any, tmp_path: Path) -> None:
    """`checklists lint --lang zh` names the table an unknown key is in as the other Chinese
    names a table (`[minecheck] 表中`), an item's too, not run into the words after it."""
    text = (
        CHECKLIST.read_text(encoding="utf-8")
        .replace('id = "mini-check"\n', 'id = "mini-check"\ncolour = "blue"\n', 1)
        .replace('evidence = "recommended"\n', 'evidence = "recommended"\ncolour = "red"\n', 1)
    )
    path = tmp_path / "mini-check.toml"
    path.write_text(text, encoding="utf-8")
    said = {}
    for lang in ("en", "zh"):
        run = cli(["checklists", "lint", str(path), "--lang", lang])
        assert run.exit_code == 1
        said[lang] = [line for line in run.stdout.splitlines() if "colour" in line]
    assert said["en"] == [
        f"{path}:3:1: unknown key 'colour' in [checklist]",
        f"{path}:28:1: unknown key 'colour' in item 'gas-check-genuine'",
    ]
    assert said["zh"] == [
        f"{path}:3:1: [checklist] 表中有未知的键 'colour'",
        f"{path}:28:1: 条目“gas-check-genuine”的表中有未知的键 'colour'",
    ]
