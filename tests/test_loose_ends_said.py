"""Loose ends found by trying the product, each said as a user meets it: a closed standard
input given as the list of files, a `minecheck` or `inspection` that is not a table, merge's
inconsistency line as a warning, the answers file's item ids in Chinese quotes."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import INSPECTION
from tests.test_inspect_scripted import GAS, METHANE, OUTBURST, answers, inspect, work  # noqa: F401
from tests.test_merge_rules import people, setup  # noqa: F401  (fixtures)
from tests.test_scripts import SCRIPT
from tests.test_seal_pieces import _body

CANNOT_READ = {
    "en": "minecheck: error: <stdin>: cannot read: Bad file descriptor",
    "zh": "minecheck: error: <stdin>：无法读取：文件描述符无效",
}
CLOSED = {  # (said in the project's words: loose ends, round 10)
    "en": [
        "minecheck: error: <stdin>: cannot read: standard input is closed",
        "  hint: give it a file or a pipe (< FILE), or name the files instead of -",
    ],
    "zh": [
        "minecheck: error: <stdin>：无法读取：标准输入已关闭",
        "  hint: 请以文件或管道作为标准输入（< FILE），或不用 -，直接写出文件名",
    ],
}


def _closed() -> None:
    os.close(0)


def _write_only(path: Path) -> Callable[[], None]:
    def opened() -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.dup2(fd, 0)
        os.close(fd)

    return opened


def _run(args: list[str], before: Callable[[], None]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args],
        preexec_fn=before,
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "args",
    [
        ["summary", "-"],
        ["verify", "-"],
        ["export", "-"],
        ["show", "-"],
        ["followup", "--events", "-"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("how", ["closed", "write-only"])
def test_a_standard_input_that_cannot_be_read_is_said_so_not_taken_as_empty(
    isolated_home: Path, tmp_path: Path, lang: str, args: list[str], how: str
) -> None:
    """`summary - <&-` said "no documents given", as for an empty list, and `followup --events -
    <&-` "there are no events": standard input closed is one that cannot be read, as a
    write-only one (`0>FILE`) is, which `followup` said as the bare system's words."""
    before = _closed if how == "closed" else _write_only(tmp_path / "out")
    done = _run([*args, "--lang", lang], before)
    assert (done.returncode, done.stdout) == (2, "")
    said = CLOSED[lang] if how == "closed" else [CANNOT_READ[lang]]
    if how == "closed" and args[0] == "followup":  # (one file: loose ends, round 11)
        said = [said[0], ONE_FILE_HINT[lang]]
    assert done.stderr.splitlines() == said


ONE_FILE_HINT = {
    "en": "  hint: give it a file or a pipe (< FILE), or name the file instead of -",
    "zh": "  hint: 请以文件或管道作为标准输入（< FILE），或不用 -，直接写出这个文件的名字",
}
_HEAD = b'[minecheck]\nformat = "minecheck.findings/1"\n'


def _not_a_table(body: bytes, name: str) -> bytes:
    if name == "minecheck":
        return b'minecheck = "minecheck.findings/1"\n' + body[len(_HEAD) :]
    start = body.index(b"[inspection]\n")
    end = body.index(b"\n[", start) + 1
    return b'inspection = "routine"\n' + body[:start] + body[end:]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", ["minecheck", "inspection"])
@pytest.mark.parametrize("size", ["small", "big"])
def test_a_table_given_as_a_string_is_said_not_a_table_not_missing(
    cli: Any, tmp_path: Path, lang: str, name: str, size: str
) -> None:
    """`minecheck = "…"` (or `inspection = "…"`) was said "missing the [minecheck] table", as if
    it were not there: it is there, and not a table. A body past a mebibyte (read in pieces)
    says the same words, by its key path, as its other problems are said."""
    body = _body(3 if size == "small" else 6_000)
    path = tmp_path / "f.toml"
    path.write_bytes(_not_a_table(body, name))
    run = cli(["show", str(path), "--lang", lang])
    said = f"{name} must be a table" if lang == "en" else f"{name} 必须是表"
    colon = ": " if lang == "en" else "："
    where = f"{path}:1:1: " if size == "small" else f"{path}: {name}{colon}"
    malformed = (
        f"minecheck: error: {path}: malformed: not a minecheck document"
        if lang == "en"
        else f"minecheck: error: {path}：malformed：不是 minecheck 文件"
    )
    assert (run.exit_code, run.stderr.splitlines()) == (2, [f"{where}{said}", malformed])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_inspection_given_as_an_array_of_tables_is_said_not_a_table(
    cli: Any, tmp_path: Path, lang: str
) -> None:
    body = _body(3).replace(b"[inspection]\n", b"[[inspection]]\n", 1)
    path = tmp_path / "f.toml"
    path.write_bytes(body)
    line = body[: body.index(b"[[inspection]]")].count(b"\n") + 1
    run = cli(["show", str(path), "--lang", lang])
    said = "inspection must be a table" if lang == "en" else "inspection 必须是表"
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == f"{path}:{line}:3: {said}"


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_merge_s_inconsistency_line_is_a_warning(
    cli: Any,
    setup: dict[str, Any],  # noqa: F811
    lang: str,
    strict: bool,
) -> None:
    """Every other warning begins `minecheck: warning: `; two inspectors' answers that differ
    were said without it, whether `--strict` made them fail the run or not. `--json` keeps them
    in `data.inconsistent`, as before."""
    out = setup["dir"] / "out.toml"
    args = ["merge", str(setup["a"]), str(setup["b"]), "-o", str(out)]
    args += [*setup["trust"], *setup["sign"], "--lang", lang, *(["--strict"] if strict else [])]
    run = cli(args)
    assert (run.exit_code, run.stdout) == (1 if strict else 0, f"{out}\n")
    a, b = setup["a"], setup["b"]
    ref = f"{INSPECTION}/gas-check-genuine"
    said = {
        "en": f"minecheck: warning: inconsistent: {ref} (Demo mine (HLJ-0001)): "
        f"alice@coal.example: compliant ({a}); bob@coal.example: noncompliant ({b})",
        "zh": f"minecheck: warning: 结论不一致：{ref}（Demo mine（HLJ-0001））："
        f"alice@coal.example：符合（{a}）；bob@coal.example：不符合（{b}）",
    }
    assert run.stderr.splitlines() == [said[lang]]
    data = cli([*args, "--force", "--json"]).json()
    assert data["problems"] == []
    assert [c["finding"] for c in data["data"]["inconsistent"]] == [ref]


def test_the_answers_file_s_item_ids_are_in_chinese_quotes_in_chinese(
    cli: Any,
    work: Path,  # noqa: F811
) -> None:
    """`条目 'gas-check-genuine' 不取读数`: an item id in a Chinese sentence is quoted “…”, as the
    catalogue quotes it elsewhere (`条目“{item}”必须提供佐证`); English unchanged."""
    text = answers(
        f'"{GAS}" = {{ result = "compliant", reading = 1.0 }}',
        f'"{METHANE}" = {{ }}',
        '"gas-check-genuin" = "compliant"',
        '"it\'s" = "compliant"',
        f'"{OUTBURST}" = {{ result = "compliant", colour = "red" }}',
    )
    expected = {
        "en": [
            "<stdin>:6:42: unknown key 'colour' in the answer for 'outburst-org'",
            "<stdin>:4:1: 'gas-check-genuin' is not an item of mini-check; did you mean "
            "gas-check-genuine?",
            "<stdin>:5:1: 'it's' is not an item of mini-check",
            "<stdin>:2:1: gas-check-genuine: item 'gas-check-genuine' takes no reading",
            "<stdin>:3:1: methane-return: item 'methane-return' needs a result or a reading",
            "minecheck: error: the answers cannot be used; nothing was written",
        ],
        "zh": [
            "<stdin>:6:42: 条目“outburst-org”的回答中有未知的键 'colour'",
            "<stdin>:4:1: “gas-check-genuin”不是检查表 mini-check 中的条目；您是指 "
            "gas-check-genuine 吗？",
            "<stdin>:5:1: “it's”不是检查表 mini-check 中的条目",
            "<stdin>:2:1: gas-check-genuine：条目“gas-check-genuine”不取读数",
            "<stdin>:3:1: methane-return：条目“methane-return”需要结论或读数",
            "minecheck: error: 答案无法使用；未写入任何文件",
        ],
    }
    for lang, lines in expected.items():
        run = inspect(cli, work / "f.toml", text, "--lang", lang)
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr.splitlines() == lines
