"""Loose ends seen by trying the product, round 3: a merged file with nothing to list, a title
wider than its table, a special file's kind, quotes in Chinese lines, one signer twice."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import allowed_signers, findings, make_merged, person, store_for

AS_OF = ["--as-of", "2026-12-06"]


@pytest.fixture
def office(tmp_path: Path) -> tuple[Any, Any, list[str]]:
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    return alice, bob, ["--allowed-signers", str(trust), *AS_OF]


def _lines_after_signer(stdout: str) -> list[str]:
    """`show`'s lines from the one after `signed by:` on, trailing blanks dropped."""
    lines = [line.rstrip() for line in stdout.splitlines()]
    first = next(i for i, x in enumerate(lines) if x.startswith(("signed by:", "签名人：")))
    return lines[first + 1 :]


MERGED_SAID = {
    "en": (
        "nothing consolidated: the file records no finding",
        "Sources",
        "no non-compliant items",
    ),
    "zh": ("无合并结论：文件中未记录任何检查结论", "来源文件", "无不符合项"),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_merged_file_with_nothing_to_list_says_so(
    cli: Any,
    office: tuple[Any, Any, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    """Was: an empty table, its header alone, under a title folded at the empty table's 42
    columns on an 80-column terminal. Sources none of which could be read: nothing was
    consolidated; sources with no hidden danger: as a findings file says it."""
    nothing, sources, none_bad = MERGED_SAID[lang]
    monkeypatch.setenv("COLUMNS", "80")
    alice, bob, args = office
    store = store_for(alice, bob)
    unread, merged, single = tmp_path / "u.toml", tmp_path / "m.toml", tmp_path / "a.toml"
    unread.write_bytes(make_merged(alice, [b"junk = 1\n", b"not toml ["], store))
    a, b = findings(alice, ["compliant"] * 3), findings(bob, ["compliant"] * 3, 1)
    merged.write_bytes(make_merged(alice, [a, b], store))
    single.write_bytes(a)
    run = cli(["show", str(unread), *args, "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    assert _lines_after_signer(run.stdout)[:2] == [nothing, sources]
    for path in (single, merged):
        run = cli(["show", str(path), *args, "--lang", lang])
        assert (run.exit_code, run.stderr) == (0, "")
        shown = _lines_after_signer(run.stdout)
        assert none_bad in shown, path
        assert not any(x.startswith((" FINDING", " 隐患")) for x in shown), path


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Non-compliant items (as of 2026-12-06, Asia/Shanghai (UTC+08:00))"),
        ("zh", "不符合项（隐患，截至 2026-12-06，Asia/Shanghai（UTC+08:00））"),
    ],
)
def test_a_title_wider_than_its_table_is_one_line_where_the_terminal_has_room(
    cli: Any,
    office: tuple[Any, Any, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    in_zone: Callable[[str | None], None],
    lang: str,
    title: str,
) -> None:
    """A mine's own zone makes the title longer than a table of one short row: it was folded at
    the table's width (49 columns), and is one line at 80; at 40 it folds at the terminal's."""
    in_zone("Asia/Shanghai")
    alice, _, args = office
    doc = tmp_path / "a.toml"
    doc.write_bytes(
        findings(alice, ["noncompliant"], items=["x"], description="y", severity="general")
    )
    monkeypatch.setenv("COLUMNS", "80")
    run = cli(["show", str(doc), *args, "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    assert title in [line.rstrip() for line in run.stdout.splitlines()]
    monkeypatch.setenv("COLUMNS", "40")
    run = cli(["show", str(doc), *args, "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    assert title not in run.stdout
    assert max(len(line) for line in run.stdout.splitlines()) <= 40


DEVICE = {"en": "not a regular file (a character device)", "zh": "不是普通文件（字符设备）"}
LEFT_OUT = {
    "en": "minecheck: warning: /dev/null: left out: unreadable: {}",
    "zh": "minecheck: warning: /dev/null：未计入：unreadable：{}",
}


@pytest.mark.skipif(
    os.devnull != "/dev/null" or not Path("/dev/null").exists(), reason="no /dev/null"
)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("command", "first"),
    [
        (["verify"], {"en": "/dev/null: {}", "zh": "/dev/null: {}"}),
        (["merge", "-o", "m.toml"], {"en": "/dev/null: {}", "zh": "/dev/null: {}"}),
        (["checklists", "lint"], {"en": "/dev/null: {}", "zh": "/dev/null: {}"}),
        (
            ["show"],
            {"en": "minecheck: error: /dev/null: {}", "zh": "minecheck: error: /dev/null：{}"},
        ),
        (["summary"], LEFT_OUT),
        (["export"], LEFT_OUT),
    ],
)
def test_a_device_named_is_said_with_its_kind_as_the_walk_says_it(
    cli: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    command: list[str],
    first: dict[str, str],
) -> None:
    """Named, a device was `not a regular file`; met in a folder, `not a regular file (a
    character device)`: one wording for both, in every command that reads a named file."""
    monkeypatch.chdir(tmp_path)
    run = cli([*command, "/dev/null", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == first[lang].format(DEVICE[lang])
    assert not (tmp_path / "m.toml").exists()


REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            [
                "{rel}:9:1: unknown key 'colour' in [checklist]",
                "{rel}:21:1: unknown key 'weight' in item 'a'",
            ],
        ),
        (
            "zh",
            [
                "{rel}:9:1: [checklist] 表中有未知的键 'colour'",
                "{rel}:21:1: 条目“a”的表中有未知的键 'weight'",
            ],
        ),
    ],
)
def test_an_item_id_in_a_chinese_line_is_in_chinese_quotes_a_key_name_stays_code(
    cli: Any, monkeypatch: pytest.MonkeyPatch, lang: str, said: list[str]
) -> None:
    """`条目 'a' 的表中有未知的键 'weight'`: the item id, a value typed in the checklist, is
    quoted as Chinese quotes (as the answers file's refusals were); the key name is code."""
    monkeypatch.chdir(REPO)
    rel = "tests/data/checklists/invalid/unknown-key.toml"
    run = cli(["checklists", "lint", rel, "--lang", lang])
    assert run.exit_code == 1
    assert run.stdout.splitlines() == [x.format(rel=rel) for x in said]


def test_a_quoted_value_loses_only_the_blanks_beside_chinese_characters() -> None:
    from minecheck.core.sanitize import quoted_value
    from minecheck.i18n import written

    for message in ("reading must be a number, not {value}", "{what} {value} {expected}"):
        fields = {"value": quoted_value("high"), "what": "x", "expected": "y"}
        assert written(message, "en", **fields) == message.format(**fields)
    reading = "reading must be a number, not {value}"
    assert written(reading, "zh", value=quoted_value("high")) == "读数必须是数值，而不是“high”"
    assert written(reading, "zh", value=quoted_value(True)) == "读数必须是数值，而不是 true"
    assert written(reading, "en", value=quoted_value([1])) == "reading must be a number, not [1]"
    severity = "severity must be major or general, not {given}"
    assert written(severity, "zh", given=quoted_value("huge")) == (
        "等级必须是 major 或 general，而不是“huge”"
    )


def test_one_signer_answering_an_inspection_twice_is_as_formats_md_says(
    cli: Any, tmp_path: Path
) -> None:
    """formats.md said nothing of it (only the follow-up guide showed the warning): the same
    signer's two documents count as two inspectors', an item they answer differently is
    `inconsistent`, the signer is listed once, and the warning is on stderr with exit 0."""
    import datetime as dt
    import json

    from tests.helpers_merge import CREATED
    from tests.test_auditor_recount import _rows_section

    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "one.toml").write_bytes(findings(alice, ["noncompliant", "compliant", "compliant"]))
    later = CREATED + dt.timedelta(hours=1)
    (docs / "two.toml").write_bytes(findings(alice, ["compliant"] * 3, 1, when=later))
    args = ["--as-of", "2026-12-06", "--allowed-signers", str(trust), "--lang", "en"]
    run = cli(["export", str(docs), "--format", "jsonl", "--no-cache", *args])
    assert run.exit_code == 0
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["result"] for r in rows] == ["inconsistent", "compliant", "compliant"]
    assert {len(r["document_ids"]) for r in rows} == {2}
    assert {(tuple(r["inspectors"]), tuple(r["signers"])) for r in rows} == {
        (("alice",), ("alice@coal.example",))
    }
    (warning,) = run.stderr.splitlines()
    assert warning.startswith("minecheck: warning: ")
    assert "alice@coal.example answered it twice, in " in warning
    assert warning.endswith(
        "the later), differently on gas-check-genuine (noncompliant → compliant); both answers "
        "count, as two inspectors' would: if the later corrects the earlier, leave the earlier "
        "file out of the report"
    )
    section = _rows_section()
    assert (
        "One signer who answers one inspection in two documents (a file signed again after a "
        "correction, a copy) is not taken for one inspector: both documents' answers count, as "
        "two inspectors' would, the row lists both `document_ids` and the signer once in "
        "`inspectors` and `signers`, and an item the two answer differently is `inconsistent`. "
        "`summary`, `export` and `merge` then warn on standard error, the exit code unchanged"
    ) in section
    assert "differently on ITEM (noncompliant → compliant); both answers count, as" in section
    assert "Where the later corrects the earlier, leave the earlier file out of the report" in (
        section
    )
