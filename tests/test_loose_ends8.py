"""The loose ends the session's last rounds left: a merged file's answers with long principals,
two links to one folder, and the commands' help in Chinese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from minecheck.core.keys import generate, load_private
from tests.helpers_merge import Who, allowed_signers, findings, make_merged, store_for

# --- 1. a merged file's answers ----------------------------------------------------------------

RESULTS = [
    ["noncompliant", "noncompliant", "compliant"],
    ["noncompliant", "compliant", "noncompliant"],
    ["noncompliant", "noncompliant", "noncompliant"],
    ["compliant", "noncompliant", "compliant"],
]


def _merged(directory: Path, names: list[str], domain: str) -> list[str]:
    """A merged file `m.toml` of one inspection by `names` at `domain`, trusted by `allowed`;
    the arguments that show it."""
    directory.mkdir()
    people = []
    for name in names:
        key = directory / name
        generate(key, f"{name}@{domain}", None)
        people.append(Who(f"{name}@{domain}", load_private(key, None), key))
    grades = ["general", "major"]
    sources = [findings(who, RESULTS[i], severity=grades[i % 2]) for i, who in enumerate(people)]
    (directory / "m.toml").write_bytes(make_merged(people[0], sources, store_for(*people)))
    allowed_signers(directory / "allowed", *people)
    return [
        *("show", str(directory / "m.toml"), "--allowed-signers", str(directory / "allowed")),
        *("--as-of", "2026-12-06"),
    ]


def _answers(names: list[str], domain: str, lang: str) -> set[str]:
    """Each answer of the merged file `_merged` makes, as the BY column says it."""
    said = {
        "en": {"noncompliant": ": noncompliant", "compliant": ": compliant"},
        "zh": {"noncompliant": "：不符合", "compliant": "：符合"},
    }[lang]
    return {
        f"{name}@{domain}{said[RESULTS[i][item]]}"
        for i, name in enumerate(names)
        for item in range(3)
    }


CASES = {  # (the principals, their domain): the widths at which an answer of BY is broken
    "short": (["alice", "bob"], "coal.example"),
    "long": (["zhang.wei", "li.na"], "hlj-coal.gov.cn"),
    "four": (["zhang.wei", "li.na", "wang.fang", "liu.yang"], "hlj-coal.gov.cn"),
}
BROKEN = {  # (en, where the table folds them; narrower, a record a row says each on its line)
    "short": set(range(106, 112)),  # (was 106-118)
    "long": set(range(113, 119)),  # (was 113-125)
    "four": set(range(111, 117)),  # (was 111-123)
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_merged_files_answers_read_whole_where_two_cells_a_gap_hold_them(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, lang: str
) -> None:
    """Answers of long principals (`zhang.wei@hlj-coal.gov.cn: noncompliant`) broke at their
    colon at 120 columns, for six cells: the table's columns three cells apart and its edges
    took them. Where the answers are whole only with the columns two cells apart and no edge,
    the table is laid out so; at every width from 80 to 170 no line is past it, and each
    answer, where not broken, is on one line."""
    names, domain = CASES[case]
    args = _merged(tmp_path / case, names, domain)
    answers = _answers(names, domain, lang)
    broken = set()
    for width in range(80, 171):
        monkeypatch.setenv("COLUMNS", str(width))
        run = cli([*args, "--lang", lang])
        assert (run.exit_code, run.stderr) == (0, ""), width
        lines = run.stdout.splitlines()
        assert max(cell_len(line) for line in lines) <= width, width
        whole = {a for a in answers if any(line.rstrip().endswith(a) for line in lines)}
        if whole != answers:
            broken.add(width)
    assert broken == (BROKEN[case] if lang == "en" else set()), sorted(broken)


# --- 2. two links to one folder ----------------------------------------------------------------


def test_a_document_under_two_names_is_a_file_under_each_and_counted_once(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two links to one folder below a folder given: `verify` judges each name as a file (a
    copy is listed so too; `document_id` and `body_sha256` tell it is one document), `show`
    shows each name given; `summary` and `export` count the document's findings once, as for
    the folder named alone. A file left out is named under each name. (guide-scripting says
    so, en and zh, under the directories given.)"""
    import json

    from tests.helpers_merge import person

    monkeypatch.chdir(tmp_path)
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.toml").write_bytes(findings(alice, RESULTS[0]))
    (tmp_path / "archive").mkdir()
    for name in ("one", "two"):
        (tmp_path / "archive" / name).symlink_to(tmp_path / "real", target_is_directory=True)
    allowed_signers(tmp_path / "allowed", alice)
    trust = ["--allowed-signers", "allowed"]

    def envelope(args: list[str]) -> Any:
        return json.loads(cli([*args, *trust, "--json"]).stdout)

    verified = envelope(["verify", "archive"])
    assert verified["exit_code"] == 0
    files = verified["data"]["files"]
    assert [f["path"] for f in files] == ["archive/one/a.toml", "archive/two/a.toml"]
    assert len({(f["document_id"], f["body_sha256"]) for f in files}) == 1
    for command in (["summary", "--no-cache"], ["export", "--no-cache"]):
        at = ["--as-of", "2026-12-06"]
        twice, once = envelope([*command, "archive", *at]), envelope([*command, "real", *at])
        assert (twice["exit_code"], twice["data"]) == (0, once["data"]), command
    shown = cli(["show", "archive/one/a.toml", "archive/two/a.toml", *trust]).stdout
    assert [line.split()[0] for line in shown.splitlines() if "findings/1" in line] == [
        "archive/one/a.toml",
        "archive/two/a.toml",
    ]
    (tmp_path / "real" / "b.toml").write_bytes(findings(bob, RESULTS[1], n=1))
    summary = cli(["summary", "archive", "--no-cache", *trust, "--as-of", "2026-12-06"])
    assert summary.exit_code == 0
    left_out = [
        f"minecheck: warning: archive/{name}/b.toml: left out: untrusted-key: the signing key "
        "is not in allowed_signers"
        for name in ("one", "two")
    ]
    assert summary.stderr.splitlines()[:3] == [  # the hint to trust bob's key once, under the first
        left_out[0],
        "  hint: to count it, trust the signer's key as you received it from them (or --from "
        "LINES): minecheck trust add --principal bob@coal.example --key KEY.pub "
        "--allowed-signers allowed",
        left_out[1],
    ]
    assert "Documents not counted: 2" in summary.stdout


# --- 3. the commands' help in Chinese ---------------------------------------------------------


def _help(cli: Any, monkeypatch: pytest.MonkeyPatch, args: list[str], lang: str) -> str:
    """A command's help at 300 columns (each text on one line), its box's edges taken off."""
    monkeypatch.setenv("COLUMNS", "300")
    run = cli([*args, "--help", "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    return "\n".join(" ".join(line.strip("│ ").split()) for line in run.stdout.splitlines())


EXPORT_SAID = {
    "en": "Export rows for a spreadsheet or a database: one per consolidated finding, with its "
    "state and flags, or one per follow-up event and per hidden danger found (--rows events).",
    "zh": "导出供电子表格或数据库使用的行：每条合并结论一行（含其状态和标记），"
    "或每个整改跟踪事件及每项排查出的隐患各一行（--rows events）。",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_exports_help_says_its_events_rows_have_a_row_for_each_hidden_danger_found(
    cli: Any, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`export`'s help said its events rows were one per follow-up event, where `--rows` and
    formats.md say a row per hidden danger found (`found`) comes first: the command's help,
    and the command list of `minecheck --help`, say what `--rows events` writes."""
    lines = _help(cli, monkeypatch, ["export"], lang).splitlines()
    assert EXPORT_SAID[lang] in lines
    listed = _help(cli, monkeypatch, [], lang).splitlines()
    assert f"export {EXPORT_SAID[lang]}" in listed


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_verifys_at_says_its_default_once(
    cli: Any, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`verify --at`'s help said its default twice: `created (the default): ...` and the
    framework's `[default: created]` (zh `created（默认）：…（默认：created）`)."""
    [line] = [x for x in _help(cli, monkeypatch, ["verify"], lang).splitlines() if "--at" in x]
    said = {
        "en": "--at WHEN created: judge key windows at each document's signed created time; "
        "now: at the present, as ssh-keygen does. [default: created]",
        "zh": "--at WHEN created：按每个文件签名中的 created 时间判断密钥有效期；"
        "now：按当前时间判断，与 ssh-keygen 相同。 （默认：created）",
    }
    assert line == said[lang]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_templates_tag_is_said_as_inspects(
    cli: Any, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`checklists template --tag` said `灾害标签` where `inspect --tag` says `灾害类型` (en:
    `hazard tag` against `a hazard`): one option, taken `as for inspect`, in inspect's words."""
    [line] = [
        x
        for x in _help(cli, monkeypatch, ["checklists", "template"], lang).splitlines()
        if x.startswith("--tag")
    ]
    said = {
        "en": "--tag TAG A site kind or a hazard (repeatable), as for inspect.",
        "zh": "--tag TAG 场所类型或灾害类型（可重复），与 inspect 相同。",
    }
    assert line == said[lang]
