"""Loose ends, round 25: a number kept with its unit where the walk and `show` wrap text; a
long `separate-inspections` said so that its advice stays readable; a hint for every special
file at minecheck's own trust paths; a hint to free space wherever a write finds the disk
full."""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests import test_cli_sign_rules
from tests import test_coordinator2 as coordinator2
from tests.helpers_merge import Who, findings
from tests.key_homes import keyed_home
from tests.test_inspect_pty import EXE, Terminal

people, merge = coordinator2.people, coordinator2.merge  # (its fixtures)
who = test_cli_sign_rules.who  # (its fixture: a key, the test run in a folder of its own)

ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]")


@pytest.fixture
def term(tmp_path: Path, isolated_home: Path) -> Terminal:
    return Terminal(isolated_home, tmp_path)


BUNDLED = Path(__file__).resolve().parents[1] / "checklists" / "noncoal-major-hidden-dangers.toml"


def exits_item() -> dict[str, Any]:
    """The non-coal checklist's safety-exits item, as bundled."""
    with BUNDLED.open("rb") as fh:
        sections = tomllib.load(fh)["section"]
    return next(i for s in sections for i in s["item"] if i["id"] == "ug-safety-exits")


def exits_checklist(folder: Path) -> Path:
    """A checklist of one item: the non-coal safety-exits question, en and zh."""
    item = exits_item()
    path = folder / "exits-check.toml"
    path.write_text(
        f"""[checklist]
id = "exits-check"
version = "1"
title = "Exits check"
title_zh = "安全出口检查"
purpose = "One item."
purpose_zh = "一项。"
applies_to = ["mnm-underground"]

[[section]]
id = "exits"
title = "Exits"
title_zh = "安全出口"

[[section.item]]
id = "ug-safety-exits"
question = "{item["question"]}"
question_zh = "{item["question_zh"]}"
severity = "major"
basis = ["MNM-UG-1"]
""",
        encoding="utf-8",
    )
    return path


NUMBER = r"(?<![0-9])(?:30|1000)(?![0-9])"
# the question's lines at 40 columns: each number with its unit (`30 m`, `1000 m`) on one line
WALKED = {
    "en": "at least 30 m apart;",
    "zh": "不小于30 m，",
}


# (the widths at which the terminal's line parted them: `30 ` / `m，` in Chinese, `30 ` / `m
# apart;` and `1000 ` / `m has` in English)
@pytest.mark.parametrize(("lang", "width"), [("zh", 36), ("zh", 37), ("en", 41), ("en", 42)])
def test_the_walk_keeps_a_number_with_its_unit(term: Terminal, lang: str, width: int) -> None:
    keyed_home(term.home, "alice@mine.example")  # (`keys generate --trust`, run once)
    checklist = exits_checklist(term.cwd)
    env = {**term.env(), "COLUMNS": ""}
    del env["COLUMNS"]  # the terminal's own width
    child = pexpect.spawn(
        str(EXE),
        [
            *("inspect", str(checklist), "--site", "Mine A", "-o", str(term.out)),
            *("--inspector", "Wang Wei", "--lang", lang),
        ],
        env=env,
        cwd=str(term.cwd),
        dimensions=(60, width),
        timeout=30,  # a hang guard on a loaded machine, not a timing assertion
        encoding="utf-8",
    )
    child.logfile_read = io.StringIO()
    child.expect_exact("> ")
    screen = ESCAPE.sub("", child.logfile_read.getvalue()).replace("\r", "").split("\n")
    child.terminate(force=True)
    lines = [x.strip() for x in screen]
    numbers = [x for x in lines if re.search(NUMBER, x)]
    assert numbers, "\n".join(screen)
    for shown in numbers:  # never a number at a line's end, its unit on the next
        assert not re.search(NUMBER + r"\Z", shown), screen
        assert not shown.startswith("m"), screen
    joined = "".join(lines) if lang == "zh" else " ".join(lines)
    assert WALKED[lang] in joined, screen


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_s_texts_keep_a_number_with_its_unit_at_every_width(lang: str) -> None:
    """What `show` and the tables print goes through the same breaker (`Broken`): at no width
    does a line end in a number whose unit begins the next."""
    from rich.console import Console

    from minecheck.cli._breaks import Broken

    item = exits_item()
    text = item["question_zh" if lang == "zh" else "question"]
    for width in range(16, 81):
        console = Console(width=width, file=io.StringIO(), color_system=None)
        lines = [x.plain.rstrip() for x in Broken(text).wrap(console, width)]
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # (nothing lost)
        for before, after in itertools.pairwise(lines):
            assert not (re.search(NUMBER + r"\Z", before) and after.startswith("m")), (width, lines)


# -- 2. a great many inspections of one mine on one day ------------------------------------------

MANY = 200  # (from about 160 the whole warning passed the 10,000 characters a terminal is shown)
ADVICE = {
    "en": (
        "; and 190 more (--json lists every one)) record gas-check-genuine as a hidden danger, "
        "each counted apart in reports (its majors flagged repeat-major); if they were one "
        "joint inspection, its inspectors give it one id (inspect --inspection-id)\n"
    ),
    "zh": (
        "；另有 190 次（--json 列出全部））都将 gas-check-genuine 记为隐患，"
        "报告中按各次检查分别计数（其中重大隐患标为重复重大隐患）；"
        "如果这是一次联合检查，各检查人员应使用同一个检查编号（inspect --inspection-id）\n"
    ),
}
OPENING = {"en": ": Demo mine (HLJ-0001): 200 inspections on 2026-11-29 (", "zh": "："}


def _id(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """200 inspections of the demo mine on one day, each under its own id, each recording
    gas-check-genuine as a hidden danger."""
    from tests.helpers_merge import allowed_signers, person

    d = tmp_path_factory.mktemp("many")
    alice = person(d, "alice")
    docs = d / "docs"
    docs.mkdir()
    for n in range(MANY):
        doc = findings(alice, ["noncompliant", "compliant", "compliant"], inspection_id=_id(n))
        (docs / f"f{n:03d}.toml").write_bytes(doc)
    allowed = allowed_signers(d / "allowed_signers", alice)
    return docs, ["--allowed-signers", str(allowed), "--as-of", "2026-12-31"]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", [["summary"], ["export", "--format", "csv"]])
def test_a_great_many_inspections_of_one_day_keep_their_advice_readable(
    many: tuple[Path, list[str]], cli: Any, command: list[str], lang: str
) -> None:
    docs, trust = many
    run = cli([command[0], str(docs), *command[1:], *trust, "--lang", lang])
    assert run.exit_code == 0
    first = f"minecheck: warning: {docs / 'f000.toml'}"
    assert run.stderr.startswith(first + OPENING[lang]), run.stderr[:300]
    assert run.stderr.endswith(ADVICE[lang]), run.stderr[-600:]
    assert run.stderr.count("\n") == 1
    assert "more characters not shown" not in run.stderr
    assert "个字符未显示" not in run.stderr
    named = re.findall(r"00000000-0000-4000-8000-\d{12}", run.stderr)
    assert named == [_id(n) for n in range(10)]  # the first ten by id, the rest counted
    # --json keeps every one
    run = cli([command[0], str(docs), *command[1:], *trust, "--lang", lang, "--json"])
    assert run.exit_code == 0
    (problem,) = json.loads(run.stdout)["problems"]
    assert problem["code"] == "separate-inspections"
    assert re.findall(r"00000000-0000-4000-8000-\d{12}", problem["message"]) == [
        _id(n) for n in range(MANY)
    ]
    assert "--json" not in problem["message"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_merge_of_a_great_many_inspections_of_one_day_keeps_its_advice_readable(
    people: dict[str, Who], merge: Any, lang: str
) -> None:
    files = {
        f"f{n:03d}.toml": findings(
            people["alice"], ["noncompliant", "compliant", "compliant"], inspection_id=_id(n)
        )
        for n in range(MANY)
    }
    run = merge(files, "--lang", lang)
    assert run.exit_code == 0, run.stderr[-300:]
    assert run.stderr.startswith("minecheck: warning: " + OPENING[lang][2:]), run.stderr[:300]
    assert run.stderr.endswith(ADVICE[lang]), run.stderr[-600:]
    named = re.findall(r"00000000-0000-4000-8000-\d{12}", run.stderr)
    assert named == [_id(n) for n in range(10)]
    run = merge(files, "--lang", lang, "--json")
    problem = next(p for p in json.loads(run.stdout)["problems"])
    assert problem["code"] == "separate-inspections"
    assert len(re.findall(r"00000000-0000-4000-8000-\d{12}", problem["message"])) == MANY


# -- 3. a special file at minecheck's own trust paths --------------------------------------------

KINDS = {
    "fifo": (stat.S_IFIFO, "a FIFO", "命名管道"),
    "socket": (stat.S_IFSOCK, "a socket", "套接字"),
}
MOVE_IT = {
    "en": "  hint: minecheck keeps its own {name} file here: move it away\n",
    "zh": "  hint: minecheck 自己的 {name} 文件存放于此：请将它移走\n",
}


def _special(path: Path, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mknod(path, KINDS[kind][0] | 0o644)  # (a FIFO or a socket: no privilege needed)


def _refused(path: Path, kind: str, lang: str) -> str:
    said = (
        f"{path}: not a regular file ({KINDS[kind][1]})"
        if lang == "en"
        else f"{path}：不是普通文件（{KINDS[kind][2]}）"
    )
    return f"minecheck: error: {said}\n" + MOVE_IT[lang].format(name=path.name)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["fifo", "socket"])
@pytest.mark.parametrize("name", ["allowed_signers", "revoked_keys"])
def test_a_special_file_at_minecheck_s_own_trust_path_is_told_to_move_away(
    cli: Any, tmp_path: Path, isolated_home: Path, name: str, kind: str, lang: str
) -> None:
    """A FIFO or a socket where minecheck keeps its own trust file was said with no hint, where
    a folder there is told to be moved away: each kind is told so now (`trust add`, `keys
    generate --trust`), never waited on."""
    from minecheck import paths

    made = cli(["keys", "generate", "--principal", "wang.wei@hlj.example", "--lang", lang])
    assert made.exit_code == 0, made.stderr
    public = tmp_path / "wang.pub"
    public.write_text(made.stdout.split(" ", 2)[2])
    own = {
        "allowed_signers": paths.allowed_signers_file(),
        "revoked_keys": paths.revoked_keys_file(),
    }
    other = own["revoked_keys" if name == "allowed_signers" else "allowed_signers"]
    other.parent.mkdir(parents=True, exist_ok=True)
    other.write_text("")
    _special(own[name], kind)
    refused = _refused(own[name], kind, lang)
    args = ["--principal", "wang.wei@hlj.example", "--key", str(public), "--lang", lang]
    added = cli(["trust", "add", *args])
    assert (added.exit_code, added.stdout, added.stderr) == (2, "", refused)
    run = cli(["keys", "generate", "--principal", "li.ming@hlj.example", "--trust", "--lang", lang])
    assert run.exit_code == 2
    assert run.stderr.endswith(refused)
    assert stat.S_IFMT(own[name].lstat().st_mode) == KINDS[kind][0]  # (left as it was)
    assert other.read_text() == ""


# -- 4. a full disk --------------------------------------------------------------------------------

FULL = {
    "en": (
        "minecheck: error: {path}: cannot write: No space left on device; nothing was written\n"
        "  hint: free space on the disk that holds {folder}, then run the command again\n"
    ),
    "zh": (
        "minecheck: error: {path}：无法写入：设备上没有剩余空间；未写入任何内容\n"
        "  hint: 请清理 {folder} 所在磁盘的空间，然后重新运行命令\n"
    ),
}


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write through minecheck's file writer fails as on a full disk (nothing is filled:
    the writer itself is made to fail so)."""
    import errno

    from minecheck import fileio

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileio, "_atomic_write", full)
    monkeypatch.setattr(fileio, "put_new", full)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_full_disk_is_told_to_free_space_wherever_a_write_fails(
    cli: Any, who: Who, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A write that finds the disk full was said with the system's words alone: the signed
    findings, an export, a trust file and a key each say now which disk to free, exit 2, and
    nothing is left where the file was to go."""
    from tests.helpers_docs import findings_body
    from tests.test_minimal_input import sign_args

    Path("f.toml").write_bytes(findings_body(who.principal, who.fingerprint))
    signed = cli(["sign", "f.toml", *sign_args(who), "-o", "signed.toml"])
    assert signed.exit_code == 0, signed.stderr
    Path("key.pub").write_text(f"{who.signer.public_key.openssh()}\n")
    Path("allowed_signers").write_text("")
    before = _listed()
    _full_disk(monkeypatch)
    folder = Path().absolute()
    trust = ["--allowed-signers", "allowed_signers"]
    runs = {
        "out.toml": ["sign", "f.toml", *sign_args(who), "-o", "out.toml"],
        "out.csv": ["export", "signed.toml", "--format", "csv", "-o", "out.csv", *trust],
        "allowed_signers": [
            "trust",
            "add",
            "--principal",
            "li@hlj.example",
            "--key",
            "key.pub",
            *trust,
        ],
    }
    for path, args in runs.items():
        run = cli([*args, "--lang", lang])
        assert (run.exit_code, run.stdout) == (2, ""), run.stderr
        assert run.stderr.endswith(FULL[lang].format(path=path, folder=folder)), run.stderr
    assert _listed() == before  # (the trust file's lock aside, which stays as ever)
    assert Path("allowed_signers").read_text() == ""


def _listed() -> list[str]:
    return sorted(p.name for p in Path().iterdir() if p.name != ".allowed_signers.lock")


KEY_FULL = {
    "en": (
        "minecheck: error: cannot write {path}: No space left on device\n"
        "  hint: free space on the disk that holds {folder}, then run the command again\n"
    ),
    "zh": (
        "minecheck: error: 无法写入 {path}：设备上没有剩余空间\n"
        "  hint: 请清理 {folder} 所在磁盘的空间，然后重新运行命令\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_key_made_on_a_full_disk_is_told_to_free_space(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    from minecheck import paths

    _full_disk(monkeypatch)
    run = cli(["keys", "generate", "--principal", "wang.wei@hlj.example", "--lang", lang])
    folder = paths.keys_dir()
    key = folder / "wang.wei@hlj.example"
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.endswith(KEY_FULL[lang].format(path=key, folder=folder)), run.stderr
    assert not key.exists()
