"""Error paths the loose ends left: a file the system refused told from one over the limit by
what the error is (not by how it was raised), the system's words for an errno outside the
Chinese table, several empty folders each named."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import Protocol

import pytest

from minecheck.errors import InputError, UnreadableInput
from minecheck.os_words import ZH_BY_ERRNO, os_reason, os_words
from minecheck.report.reasons_zh import reworded
from tests.conftest import Run


class Cli(Protocol):
    def __call__(self, args: list[str], input: str | None = None) -> Run: ...


def _over_the_limit(path: Path) -> Path:
    from minecheck.core.checklist import MAX_CHECKLIST_BYTES

    with path.open("wb") as fh:
        fh.truncate(MAX_CHECKLIST_BYTES + 1)  # sparse: nothing is written
    return path


def test_a_refused_read_is_an_unreadable_input_and_over_the_limit_is_not(tmp_path: Path) -> None:
    from minecheck.fileio import read_limited

    with pytest.raises(UnreadableInput) as missing:
        read_limited(tmp_path / "nope.toml", 10, "checklist")
    assert missing.value.code == "input"
    with pytest.raises(UnreadableInput):
        read_limited(tmp_path, 10, "checklist")  # a directory
    big = tmp_path / "big.toml"
    big.write_bytes(b"x" * 11)
    with pytest.raises(InputError) as over:
        read_limited(big, 10, "checklist")
    assert not isinstance(over.value, UnreadableInput)
    assert over.value.code == "input"


def test_over_the_limit_is_lints_verdict_while_an_os_error_is_handled(tmp_path: Path) -> None:
    """Lint told the two apart by the InputError's `__context__`: a checklist over the limit
    linted in a caller's `except OSError:` took that OSError as its context and was raised as
    a file the system refused, not lint's verdict on it."""
    from minecheck.core.checklist_lint import lint

    big = _over_the_limit(tmp_path / "big.toml")
    try:
        raise OSError(errno.EIO, os.strerror(errno.EIO))
    except OSError:
        problems, warnings = lint(big, {})
    assert [p.path for p in problems] == [str(big)]
    assert "over the limit" in problems[0].message
    assert warnings == []


@pytest.mark.parametrize("command", ["verify", "summary", "export"])
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "minecheck: error: <stdin>: cannot read: Bad file descriptor\n"),
        ("zh", "minecheck: error: <stdin>：无法读取：文件描述符无效\n"),
    ],
)
def test_a_list_read_from_a_standard_input_open_for_writing(
    tmp_path: Path, command: str, lang: str, said: str
) -> None:
    """`verify - 0>FILE`, a redirection typed the wrong way: EBADF, said in the run's language."""
    with (tmp_path / "list").open("wb") as wrong_way:
        run = subprocess.run(
            [sys.executable, "-m", "minecheck", command, "-", "--lang", lang],
            stdin=wrong_way,
            capture_output=True,
            text=True,
            check=False,
        )
    assert (run.returncode, run.stdout, run.stderr) == (2, "", said)


@pytest.mark.parametrize(
    ("name", "chinese"),
    [("EBADF", "文件描述符无效"), ("EMLINK", "链接数过多"), ("EILSEQ", "无效或不完整的多字节字符")],
)
def test_the_errors_a_command_can_meet_are_in_the_table(name: str, chinese: str) -> None:
    number = getattr(errno, name)
    said = os.strerror(number)
    assert ZH_BY_ERRNO[number] == chinese
    assert os_reason(OSError(number, said), "zh") == chinese
    assert os_reason(OSError(number, said), "en") == said


def test_an_errno_outside_the_table_is_named_in_a_chinese_line() -> None:
    """The system's words are kept (nothing it said is lost), in a Chinese frame that names
    the errno, which a reader can look up; English is the system's words as they are."""
    said = os.strerror(errno.ENOEXEC)
    rare = OSError(errno.ENOEXEC, said)
    assert os_reason(rare, "zh") == f"系统错误（ENOEXEC）：{said}"
    assert os_reason(rare, "en") == said
    assert os_words(said, "zh") == f"系统错误（ENOEXEC）：{said}"
    # a reason recorded in English and said in Chinese later (a report's reason)
    assert reworded(f"cannot be read: {said}") == f"无法读取：系统错误（ENOEXEC）：{said}"
    # words the project wrote itself, or no errno at all, are kept as written
    assert os_reason(OSError(errno.ENXIO, "套接字，不是文件"), "zh") == "套接字，不是文件"
    assert os_reason(OSError("AF_UNIX path too long"), "zh") == "AF_UNIX path too long"
    assert os_words(os.strerror(1234567), "zh") == os.strerror(1234567)


SEVERAL_EMPTY = {  # (each command's own last line is as before)
    "en": (
        "{a}: no *.toml files found below it\n"
        "{b}: no *.toml files found below it\n"
        "minecheck: error: {said}\n"
        "  hint: name the files, or a folder with *.toml files below it\n"
    ),
    "zh": (
        "{a}: 其下未找到 *.toml 文件\n"
        "{b}: 其下未找到 *.toml 文件\n"
        "minecheck: error: {said}\n"
        "  hint: 请给出文件，或其下有 *.toml 文件的文件夹\n"
    ),
}

NONE_FOUND = {
    "verify": {
        "en": "no documents to verify (no *.toml files found)",
        "zh": "没有要核验的文件（未找到 *.toml 文件）",
    },
    "summary": {
        "en": "no documents given (no *.toml files found)",
        "zh": "没有给出文件（未找到 *.toml 文件）",
    },
    "checklists lint": {
        "en": "no checklists to check (no *.toml files found)",
        "zh": "没有要检查的检查表（未找到 *.toml 文件）",
    },
}
NONE_FOUND["export"] = NONE_FOUND["summary"]


def _two_empty(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "empty-a", tmp_path / "empty-b"
    a.mkdir()
    (b / "notes").mkdir(parents=True)
    (b / "notes" / "read-me.txt").write_text("no documents here\n")
    return a, b


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", list(NONE_FOUND))
def test_several_empty_folders_are_each_named(
    cli: Cli, tmp_path: Path, command: str, lang: str
) -> None:
    a, b = _two_empty(tmp_path)
    run = cli([*command.split(), str(a), str(b), "--lang", lang])
    said = NONE_FOUND[command][lang]
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == SEVERAL_EMPTY[lang].format(a=a, b=b, said=said)


@pytest.mark.parametrize("command", list(NONE_FOUND))
def test_several_empty_folders_are_each_a_problem_in_the_envelope(
    cli: Cli, tmp_path: Path, command: str
) -> None:
    """SPEC's envelope holds a list of problems: one for each folder, with its path, then the
    command's own error as before (its path null: it is of no one folder)."""
    a, b = _two_empty(tmp_path)
    run = cli([*command.split(), str(a), str(b), "--json"])
    assert (run.exit_code, run.stderr) == (2, "")
    envelope = run.json()
    assert envelope["ok"] is False
    assert [(p["code"], p["message"], p["path"], p["hint"]) for p in envelope["problems"]] == [
        ("input", "no *.toml files found below it", str(a), None),
        ("input", "no *.toml files found below it", str(b), None),
        (
            "input",
            NONE_FOUND[command]["en"],
            None,
            "name the files, or a folder with *.toml files below it",
        ),
    ]


@pytest.mark.parametrize("command", ["verify", "summary", "export"])
def test_an_empty_list_on_standard_input_names_no_folder(cli: Cli, command: str) -> None:
    run = cli([command, "-"], input="")
    said = NONE_FOUND[command]["en"]
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: {said}\n"
        "  hint: name the files, or a folder with *.toml files below it\n"
    )
