"""`--help` in Chinese: chosen as every command chooses its language, every text translated,
the framework's words too; English unchanged, and the Chinese texts imported only for it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from minecheck.cli import app
from minecheck.cli._help_zh import HELP_ZH
from minecheck.cli._reference import command_paths, help_text

MINECHECK = shutil.which("minecheck", path=str(Path(sys.executable).parent))
needs_script = pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")


def help_texts() -> dict[str, list[str]]:
    """Every help text of the command line (commands, groups, options, arguments, the
    framework's own options), each with where it is shown."""
    found: dict[str, list[str]] = {}

    def walk(command: Any, path: tuple[str, ...]) -> None:
        where = " ".join(("minecheck", *path))
        ctx = typer.Context(command, info_name=path[-1] if path else "minecheck")
        texts = [command.help, command.short_help]
        texts += [getattr(param, "help", None) for param in command.get_params(ctx)]
        for text in texts:
            if text:
                found.setdefault(text, []).append(where)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


def test_every_help_text_has_its_chinese() -> None:
    """A command, option or argument added without its Chinese fails here."""
    texts = help_texts()
    missing = {text: where for text, where in texts.items() if text not in HELP_ZH}
    assert missing == {}, "give each its Chinese in HELP_ZH (minecheck/cli/_help_zh.py)"
    left_over = [text for text in HELP_ZH if text not in texts]
    assert left_over == [], "no help says these any more: remove them from HELP_ZH"
    assert len(texts) > 100


def test_the_chinese_keeps_what_the_layout_reads_as_markup() -> None:
    """A `[` is markup to the layout: where the English escapes one, the Chinese does too, and
    the Chinese has no other (a `[必填]` would vanish)."""
    for english, chinese in HELP_ZH.items():
        assert chinese.count("\\[") == english.count("\\["), english
        assert chinese.count("[") == chinese.count("\\["), chinese
        assert chinese.count("\n\n") == english.count("\n\n"), english  # same paragraphs


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("path", command_paths(), ids=lambda path: " ".join(path) or "(root)")
def test_each_help_is_all_in_chinese(path: tuple[str, ...]) -> None:
    """Each text of a command's help is shown whole in Chinese, and no English text is left."""
    shown = help_text(path, "zh")
    english = help_text(path, "en")
    texts = [text for text in help_texts() if flat(text) in flat(english)]
    assert texts
    for text in texts:
        chinese = HELP_ZH[text].replace("\\[", "[")
        assert flat(chinese) in flat(shown), chinese
        assert flat(text.replace("\\[", "[")) not in flat(shown)
    words = {"Usage:", "Options", "Arguments", "Commands", "[required]", "[default:"}
    assert [word for word in words if word in shown] == []
    assert shown.startswith(" 用法： minecheck")


def test_english_help_is_the_same_after_chinese_help() -> None:
    """The texts and words set for a Chinese help are set back: the next help is English."""
    paths = [(), ("summary",), ("trust", "add")]
    before = [help_text(path) for path in paths]
    for path in paths:
        help_text(path, "zh")
    assert [help_text(path) for path in paths] == before


def run_help(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    assert MINECHECK is not None
    environ = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    environ.update({"COLUMNS": "80", "LANG": "C.UTF-8", **env})
    run = subprocess.run(
        [MINECHECK, *args], capture_output=True, text=True, encoding="utf-8", env=environ
    )
    if not args:  # no words: the help on stderr, then the usage error (exit 2)
        assert (run.returncode, run.stdout) == (2, ""), run.stderr
        assert run.stderr.endswith("\nminecheck: error: 缺少命令。\n  hint: minecheck --help\n")
        return run
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    return run


SUMMARY_ZH = [
    "",
    " 用法： minecheck summary [OPTIONS] {PATH}...",
    "",
    " 汇总检查结果、整改跟踪和合并文件：数量、未销号和逾期的隐患。",
    "",
    "   参数",
    "  *    PATH        文件、含 *.toml 文件的目录，或用 - 从标准输入读取路径列表。",
    "                   （必填）",
    "",
    "   选项",
]


@needs_script
def test_summary_help_in_chinese_as_a_reader_sees_it() -> None:
    lines = run_help(["summary", "--help"], MINECHECK_LANG="zh").stdout.splitlines()
    assert lines[: len(SUMMARY_ZH)] == SUMMARY_ZH
    assert "  --output             -o      FILE    把报告写到此文件（- 即标准输出）。" in lines
    assert "  --help               -h              显示本帮助并退出。" in lines
    # a line of Chinese that ends in a word and a blank at the column's edge keeps the word
    assert "  --revoked-keys               FILE    已吊销的公钥，每行一个（默认：minecheck" in lines
    assert "…" not in "\n".join(lines)


@needs_script
@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["summary", "--lang", "zh", "--help"], {}),
        (["summary", "--help", "--lang", "zh"], {}),  # (--help is read first)
        (["summary", "--lang=zh", "--help"], {"MINECHECK_LANG": "en"}),  # the line first
        (["summary", "--help"], {"MINECHECK_LANG": "zh_CN.UTF-8"}),
        (["summary", "--help"], {"LANG": "zh_CN.UTF-8"}),  # the locale last
    ],
    ids=["lang", "lang after help", "lang over the variable", "variable", "locale"],
)
def test_the_language_of_help_is_chosen_as_for_messages(
    args: list[str], env: dict[str, str]
) -> None:
    assert run_help(args, **env).stdout.startswith("\n 用法： minecheck summary")


@needs_script
@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["summary", "--help"], {}),
        (["summary", "--lang", "en", "--help"], {"MINECHECK_LANG": "zh"}),
        (["summary", "--help"], {"MINECHECK_LANG": "fr"}),  # no language: English, no error
        (["summary", "--lang", "fr", "--help"], {}),
        (["summary", "--help", "--", "--lang", "zh"], {}),  # (a value, not the option)
        (["summary", "--format", "--lang", "zh", "--help"], {}),  # (--format's value)
        (["summary", "-o", "--lang", "--lang", "en", "--help"], {"MINECHECK_LANG": "zh"}),
        (["summary", "--lang=zh=x", "--help"], {}),  # (no language: the run says so)
    ],
    ids=[
        "default",
        "lang over the variable",
        "unknown variable",
        "unknown lang",
        "after --",
        "another option's value",
        "an option's value, then the option",
        "lang=zh=x",
    ],
)
def test_english_help_stays_as_it_was(args: list[str], env: dict[str, str]) -> None:
    assert run_help(args, **env).stdout == run_help(["summary", "--help"]).stdout
    assert run_help(args, **env).stdout.startswith("\n Usage: minecheck summary")


@needs_script
def test_help_of_the_command_line_and_of_a_group_in_chinese() -> None:
    root = run_help(["--help"], MINECHECK_LANG="zh").stdout.splitlines()
    assert root[1] == " 用法： minecheck [OPTIONS] COMMAND [ARGS]..."
    assert "   命令" in root
    assert "  keys        创建和管理签名密钥。" in root
    bare = run_help([], MINECHECK_LANG="zh").stderr  # (no words: the help, on stderr)
    assert bare.rsplit("\nminecheck: error:", 1)[0].strip() == "\n".join(root).strip()
    keys = run_help(["keys", "--help"], MINECHECK_LANG="zh").stdout.splitlines()
    assert "  generate  创建 Ed25519 签名密钥；打印交给信任管理人的 allowed_signers 行。" in keys


@needs_script
def test_a_default_and_a_required_mark_in_chinese() -> None:
    lines = run_help(["inspect", "--help"], MINECHECK_LANG="zh").stdout.splitlines()
    assert "  *    CHECKLIST        检查表编号，或检查表文件的路径。 （必填）" in lines
    assert "                                            （默认：routine）" in lines


LOADED = """
import sys
from minecheck.__main__ import main
try:
    main()
finally:
    sys.stderr.write("\\nloaded: " + " ".join(sys.modules) + "\\n")
"""


def loaded(*args: str, lang: str) -> set[str]:
    environ = {**os.environ, "MINECHECK_LANG": lang}
    run = subprocess.run(
        [sys.executable, "-c", LOADED, *args], capture_output=True, text=True, env=environ
    )
    return set(run.stderr.rsplit("\nloaded: ", 1)[1].split())


@pytest.mark.parametrize("args", [["--help"], ["summary", "--help"]], ids=" ".join)
def test_the_chinese_texts_are_imported_for_chinese_help_only(args: list[str]) -> None:
    english = loaded(*args, lang="en")
    assert "minecheck.cli._help_zh" not in english
    assert "minecheck.cli._help_zh" in loaded(*args, lang="zh")
    assert "minecheck.cli._help_zh" not in loaded("--version", lang="zh")


def cells(line: str) -> int:
    from rich.cells import cell_len

    return cell_len(line)


@needs_script
@pytest.mark.parametrize("columns", [80, 40])
@pytest.mark.parametrize("args", [["summary", "--help"], ["--help"]], ids=" ".join)
def test_chinese_help_fits_the_terminal(columns: int, args: list[str]) -> None:
    """In a terminal of 80 or 40 columns each line of the framed help is as wide as the
    terminal, Chinese characters two columns each, and every frame is closed."""
    import pexpect

    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    environ.update({"MINECHECK_LANG": "zh", "TERM": "xterm"})
    child = pexpect.spawn(MINECHECK, args, env=environ, dimensions=(300, columns), encoding="utf-8")
    child.expect(pexpect.EOF)
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in child.before.split("\r\n")]
    lines = [line for line in lines if line.strip()]
    assert lines[0].startswith(" 用法： minecheck ")
    assert [line for line in lines if cells(line) != columns] == []
    framed = [line for line in lines if "│" in line]
    assert framed
    assert all(line.startswith("│") and line.endswith("│") for line in framed)
    assert any(line.startswith("╭─ 选项 ─") for line in lines)
    assert "…" not in "".join(framed)  # (a word wider than its column is folded, never cut)


def run_wrong(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    assert MINECHECK is not None
    environ = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    environ.update({"LANG": "C.UTF-8", **env})
    run = subprocess.run(
        [MINECHECK, *args], capture_output=True, text=True, encoding="utf-8", env=environ
    )
    assert (run.returncode, run.stdout) == (2, "")
    return run


@needs_script
@pytest.mark.parametrize(
    ("args", "error", "helped"),
    [
        (["summary", "--bogus"], "没有选项 --bogus（可能是：--bom）", "summary"),
        (["summary", "--outptu", "x"], "没有选项 --outptu（可能是：--output）", "summary"),
        (["summary"], "缺少参数 'PATH'。", "summary"),
        (["extract", "m.toml"], "缺少选项 '-o' / '--output'。", "extract"),
        (["summary", "--format"], "选项 '--format' 需要一个值。", "summary"),
        (["summary", ".", "--force=1"], "选项 '--force' 不带值。", "summary"),
        (["checklists", "show", "a", "b"], "多余的参数（b）", "checklists show"),
        (["sumary"], "没有命令 'sumary'。是不是要用 'summary'？", ""),
        (["trust", "ad"], "没有命令 'ad'。是不是要用 'add'？", "trust"),
        (
            ["keys", "--lang", "zh"],
            "--lang 应写在命令名之后：minecheck keys COMMAND --lang ...",
            "keys",
        ),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_a_usage_error_in_chinese(args: list[str], error: str, helped: str) -> None:
    """The framework's usage errors are said in the run's language, as every other error, and
    the hint names the help of the command the error is about."""
    run = run_wrong(args, MINECHECK_LANG="zh")
    hint = f"minecheck {helped} --help" if helped else "minecheck --help"
    assert run.stderr == f"minecheck: error: {error}\n  hint: {hint}\n"


@needs_script
@pytest.mark.parametrize("lang", [["--lang", "zh"], ["--lang=zh"]], ids=" ".join)
def test_lang_given_to_a_group_without_it_chooses_the_language_of_its_error(
    lang: list[str],
) -> None:
    """`keys` takes no --lang: `keys --lang zh` is its usage error, in the language it names
    (the reader who typed it reads Chinese), saying where --lang goes."""
    run = run_wrong(["keys", *lang], MINECHECK_LANG="en")
    assert run.stderr == (
        "minecheck: error: --lang 应写在命令名之后：minecheck keys COMMAND --lang ...\n"
        "  hint: minecheck keys --help\n"
    )


@needs_script
def test_a_usage_error_follows_lang_on_the_line_and_stays_english_by_default() -> None:
    chinese = run_wrong(["summary", "--lang", "zh", "--bogus"])
    assert chinese.stderr.startswith("minecheck: error: 没有选项 --bogus")
    english = run_wrong(["summary", "--lang", "en", "--bogus"], MINECHECK_LANG="zh")
    assert english.stderr == (
        "minecheck: error: No such option: --bogus (Possible options: --bom)\n"
        "  hint: minecheck summary --help\n"
    )
    assert MINECHECK is not None
    environ = {**os.environ, "MINECHECK_LANG": "zh"}
    got = subprocess.run([MINECHECK, "sign", "--json"], capture_output=True, text=True, env=environ)
    assert (got.returncode, got.stderr) == (2, "")
    envelope = json.loads(got.stdout)
    assert envelope["problems"][0]["message"] == "缺少参数 'FILE'。"
    assert envelope["problems"][0]["code"] == "usage"


@needs_script
def test_a_shell_with_no_completion_in_chinese() -> None:
    run = run_wrong(["--show-completion", "tcsh"], MINECHECK_LANG="zh")
    assert run.stderr == (
        "minecheck: error: 没有适用于 shell 'tcsh' 的命令补全\n"
        "  hint: 请指定以下之一：bash、fish、powershell、pwsh、zsh\n"
    )


@needs_script
def test_a_usage_error_envelope_names_the_command_not_an_option_value() -> None:
    """`keys --lang zh --json` named its command "keys zh" (the option's value taken for a
    word of the command)."""
    assert MINECHECK is not None
    got = subprocess.run(
        [MINECHECK, "keys", "--lang", "zh", "--json"], capture_output=True, text=True
    )
    assert (got.returncode, got.stderr) == (2, "")
    assert json.loads(got.stdout)["command"] == "keys"


def zsh_completion(words: str, **env: str) -> str:
    """What zsh is given to show when Tab is pressed after WORDS."""
    assert MINECHECK is not None
    environ = {k: v for k, v in os.environ.items() if not k.startswith("_MINECHECK")}
    environ.update(
        {"_MINECHECK_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words, "LANG": "C.UTF-8"}
    )
    environ.update(env)
    run = subprocess.run([MINECHECK], capture_output=True, text=True, env=environ)
    assert (run.returncode, run.stderr) == (0, "")
    return run.stdout


@needs_script
def test_completion_describes_commands_and_options_in_chinese() -> None:
    """zsh (and fish, PowerShell) show each subcommand's and option's help beside it: in
    Chinese where the language is, a subcommand's first sentence cut at 45 columns."""
    commands = zsh_completion("minecheck tr", MINECHECK_LANG="zh")
    assert (
        commands
        == """_arguments '*: :(("trust":"决定信任谁的密钥（OpenSSH allowed_signers…"))'\n"""
    )
    subcommands = zsh_completion("minecheck trust re", MINECHECK_LANG="zh")
    assert '"remove":"不再信任某个签名身份"' in subcommands  # (its first sentence)
    assert '"revoke":"吊销密钥"' in subcommands
    options = zsh_completion("minecheck summary --fo", MINECHECK_LANG="zh")
    assert '"--force":"覆盖已有的输出文件。"' in options
    english = zsh_completion("minecheck tr")
    assert (
        english == """_arguments '*: :(("trust":"Decide whose keys are trusted (OpenSSH..."))'\n"""
    )
