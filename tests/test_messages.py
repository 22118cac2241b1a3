"""The report-side commands speak the user's language: every message they write goes through the
catalogue (`minecheck.i18n.t`), and in Chinese it reads as Chinese after the stable English
`minecheck: error:` / `minecheck: warning:` / `hint:` prefixes."""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

PY313 = sys.version_info >= (3, 13)

SRC = REPO / "src" / "minecheck"
MODULES = [
    SRC / "cli" / "summary.py",
    SRC / "cli" / "export.py",
    SRC / "cli" / "_batch_inputs.py",  # what summary, show and export read
    SRC / "cli" / "merge.py",  # merge and extract
    SRC / "cli" / "followup.py",
    SRC / "cli" / "show.py",
    SRC / "cli" / "_summary_table.py",
    SRC / "report" / "summary.py",
    SRC / "cli" / "inspect.py",
    SRC / "cli" / "verify.py",
    SRC / "cli" / "keys.py",
    SRC / "cli" / "trust.py",
    SRC / "cli" / "drafts.py",
    SRC / "cli" / "checklists.py",
    SRC / "cli" / "sign.py",
    SRC / "session" / "draft.py",
    SRC / "paths.py",
    SRC / "report" / "parquet.py",
    SRC / "cli" / "_common.py",
    SRC / "cli" / "_listing.py",
    SRC / "cli" / "_names.py",
    SRC / "cli" / "_output.py",
    SRC / "cli" / "_spool.py",  # the envelope's writing, out of _output.py
    SRC / "cli" / "_rolled.py",  # the warnings rolled up, out of _output.py
    SRC / "fileio.py",
    SRC / "cli" / "_signing.py",
    SRC / "core" / "keys.py",  # a key file, said where it is read
    SRC / "core" / "agent.py",
    SRC / "core" / "trust.py",
    SRC / "core" / "signers.py",  # allowed_signers and revoked_keys, line by line
    SRC / "core" / "krl.py",  # a revoked_keys file that is a KRL
]
ERRORS = {"UsageError", "InputError", "MinecheckError", "Interrupted"}
WORDS = re.compile(r"[A-Za-z]{2,}")
COMMANDS = ("minecheck ", "chmod ", "--")  # a command or an option to type, the same in Chinese


def _literals(node: ast.AST) -> list[ast.Constant]:
    """String constants in `node` that do not pass through `t(...)`."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("t", "tr")
    ):
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.Call):  # a helper's arguments are not the message
        return [] if not isinstance(node.func, ast.Attribute) else _literals(node.func.value)
    found: list[ast.Constant] = []
    for child in ast.iter_child_nodes(node):
        found.extend(_literals(child))
    return found


def _messages(call: ast.Call) -> Sequence[ast.AST]:
    """The parts of a call that a person reads, if the call is a message sink."""
    func = call.func
    hints = [k.value for k in call.keywords if k.arg == "hint"]
    if isinstance(func, ast.Name) and func.id in ERRORS:
        return [*call.args[:1], *hints]
    if isinstance(func, ast.Name) and func.id in ("Problem", "_LineError"):
        return [*call.args[1:2], *hints]
    if isinstance(func, ast.Attribute) and func.attr in ("info", "warn"):
        return call.args[:1]
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "append"
        and isinstance(func.value, ast.Name)
        and func.value.id == "errors"
    ):
        return call.args[:1]
    return []


def _untranslated(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    out: list[str] = []

    def visit(node: ast.AST) -> None:
        parts: Sequence[ast.AST] = []
        if isinstance(node, ast.Call):
            parts = _messages(node)
        elif isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Attribute) and target.attr == "error" for target in node.targets
        ):
            parts = [node.value]
        for part in parts:
            for literal in _literals(part):
                text = str(literal.value)
                if WORDS.search(text) and not text.startswith(COMMANDS):
                    out.append(f"{path.name}:{literal.lineno}: {text!r}")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return out


def test_every_message_of_the_report_commands_goes_through_the_catalogue() -> None:
    assert [m for path in MODULES for m in _untranslated(path)] == []


def test_the_check_finds_a_message_left_in_english(tmp_path: Path) -> None:
    module = tmp_path / "summary.py"
    module.write_text(
        "def body(rep, t):\n"
        '    rep.info(t("fine {x}", x=1))\n'
        '    rep.warn(f"{path}: left out")\n'
        '    raise UsageError(t("fine"), hint="use --format md")\n'
    )
    assert _untranslated(module) == [
        "summary.py:3: ': left out'",
        "summary.py:4: 'use --format md'",
    ]


@pytest.fixture
def zh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINECHECK_LANG", "zh")


@pytest.mark.usefixtures("zh")
def test_usage_errors_in_chinese_keep_their_english_prefixes(cli: Any, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli(["summary", str(empty)])
    assert run.exit_code == 2
    assert run.stderr == (
        f"minecheck: error: {empty}：其下未找到 *.toml 文件\n"
        "  hint: 请给出文件，或其下有 *.toml 文件的文件夹\n"
    )
    run = cli(["summary", str(empty), "--format", "pdf"])
    assert run.stderr == (
        "minecheck: error: 未知格式 'pdf'\n  hint: 请使用 table、md、csv、json、nl 或 html\n"
    )
    run = cli(["summary", str(empty), "--by", "mine", "--lang", "en"])  # --lang wins
    assert run.stderr == (
        "minecheck: error: cannot group by 'mine'\n"
        "  hint: use --by with one of site, checklist, item, severity, inspector, month, state, "
        "clause, aspect\n"
    )
    run = cli(["export", str(empty), "--format", "xml"])
    assert run.stderr == (
        "minecheck: error: 未知格式 'xml'\n  hint: 请使用 --format jsonl、csv 或 parquet\n"
    )
    run = cli(["export", str(empty), "--as-of", "tomorrow"])
    assert run.stderr == "minecheck: error: --as-of 'tomorrow' 不是形如 2026-12-31 的日期\n"
    out = tmp_path / "taken.toml"
    out.write_text("")
    run = cli(["merge", str(out), "-o", str(out)])
    assert run.exit_code == 2
    assert run.stderr == (f"minecheck: error: {out} 已存在\n  hint: 请另选 -o，或加上 --force\n")
    run = cli(["followup", "no-slash", "--action", "rectified", "-o", str(tmp_path / "f.toml")])
    assert run.exit_code == 2
    assert "隐患 'no-slash' 的写法应为 <inspection-id>/<item>" in run.stderr
    assert run.stderr.endswith("minecheck: error: 命令行：事件无法使用；未写入任何文件\n")


@pytest.mark.usefixtures("zh")
def test_json_envelopes_carry_the_same_messages_and_stable_codes(cli: Any, tmp_path: Path) -> None:
    run = cli(["extract", str(tmp_path / "none.toml"), "-o", str(tmp_path), "--json"])
    assert run.stderr == ""
    envelope = run.json()
    assert envelope["ok"] is False
    assert envelope["problems"][-1]["code"]  # a code a script can branch on, whatever the words


@pytest.mark.parametrize("command", ["verify", "summary", "export", "checklists lint"])
def test_a_directory_without_documents_is_one_input_error_in_every_command(
    cli: Any, tmp_path: Path, command: str
) -> None:
    """summary and export said "usage" where verify said "input"; checklists lint passed (exit
    0, "0 files checked") over a wrong directory, so a CI step checked nothing and was green."""
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli([*command.split(), str(empty), "--json"])
    assert (run.exit_code, run.stderr) == (2, "")
    [problem] = run.json()["problems"]
    assert problem["code"] == "input"
    assert problem["message"] == f"{empty}: no *.toml files found below it"
    plain = cli([*command.split(), str(empty)])
    assert (plain.exit_code, plain.stdout) == (2, "")
    assert plain.stderr.startswith(f"minecheck: error: {empty}: no ")


# Three English words in a row: a sentence left in English. Commands quoted in a hint, option
# names, codes and ids are not words of a sentence and are taken out first.
ENGLISH = re.compile(r"\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}\b")
NOT_WORDS = re.compile(r"minecheck(?: [a-z_-]+| --?[a-z-]+| [A-Z.]+)+|--?[a-z][a-z-]*|'[^']*'")


def _english(stderr: str) -> list[str]:
    """The lines of `stderr` that hold an English sentence, once its fixed prefixes are off."""
    out = []
    for line in stderr.splitlines():
        text = re.sub(r"^(minecheck: (error|warning): |  hint: )", "", line)
        if ENGLISH.search(NOT_WORDS.sub(" ", text)):
            out.append(line)
    return out


def test_the_check_for_english_finds_a_sentence_and_passes_a_command() -> None:
    assert _english("minecheck: error: no such file\n  hint: 请运行 minecheck keys list") == [
        "minecheck: error: no such file"
    ]
    assert _english("  hint: 查看已安装的检查表请运行：\n    minecheck checklists list") == []


@pytest.mark.usefixtures("zh")
def test_every_command_s_errors_read_in_chinese(cli: Any, tmp_path: Path) -> None:
    """Each command's error paths under MINECHECK_LANG=zh: no English sentence on stderr; the
    `minecheck: error:` prefix, option names, codes and ids stay as they are."""
    missing = tmp_path / "nosuch.toml"
    junk = tmp_path / "junk.toml"
    junk.write_text("x = 1\n")
    site = ["--site", "新兴煤矿", "--tag", "coal-underground"]
    checklist = "coal-major-hidden-dangers"
    ref = f"{'1' * 8}-1111-4111-8111-{'1' * 12}/x"
    escalate = ("followup", ref, "--action", "escalated", "-o", str(tmp_path / "e.toml"))
    expected = {
        ("inspect", "coal-major", *site): (
            "minecheck: error: 没有编号为 'coal-major' 的检查表\n"
            "  hint: 查看已安装的检查表请运行：\n"
            "    minecheck checklists list\n"
        ),
        ("inspect", checklist, "--site", "新兴煤矿", "--tag", "高瓦斯"): None,
        ("inspect", checklist, *site, "--mode", "例行"): None,
        ("inspect", checklist, *site, "--inspection-id", "abc"): (
            "minecheck: error: --inspection-id 'abc' 不是小写的 UUID4\n"
        ),
        ("inspect", checklist, *site, "-o", str(tmp_path / "new.toml")): (
            "minecheck: error: 交互式检查需要终端，而标准输入不是终端\n"
            "  hint: 请把答案写在文件中：minecheck inspect ... --answers FILE（或 -）\n"
        ),
        ("inspect", checklist, *site, "--answers", str(missing)): (
            f"minecheck: error: {missing}：文件不存在\n"
        ),
        ("verify", str(missing)): f"minecheck: error: {missing}：文件不存在\n",
        ("verify", str(junk)): f"{junk}:1:1: 缺少 [minecheck] 表\n共 1 份文件：文件格式错误 1 份\n",
        ("show", str(missing)): f"minecheck: error: {missing}：文件不存在\n",
        ("show", str(tmp_path)): None,
        ("sign", str(missing)): None,
        (*escalate, "--key", str(missing)): None,
        (*escalate, "--signer", "王伟"): None,
        (*escalate, "--passphrase-file", str(missing)): None,
        ("merge", str(missing), "-o", str(tmp_path / "m.toml")): None,
        ("summary", str(missing)): None,
        ("export", str(missing)): None,
        ("keys", "generate", "--principal", "王伟"): (
            "minecheck: error: '王伟' 不是有效的签名身份\n"
            "  hint: 签名身份形如 name@unit.example：小写 ASCII 字符，"
            "@ 前至多 64 个字符、@ 后至多 190 个\n"
        ),
        ("keys", "show"): None,
        ("trust", "add", "--principal", "王伟", "--key", str(missing)): None,
        ("trust", "add"): None,
        ("trust", "remove", "nobody@x.example"): None,
        ("trust", "add", "--from", str(missing)): None,
        ("drafts", "resume", "nosuch"): None,
        (
            "followup",
            f"{'1' * 8}-1111-4111-8111-{'1' * 12}/x",
            "--action",
            "accepted",
            "--method",
            "专家验收",
            "-o",
            str(tmp_path / "f.toml"),
        ): (
            "--method '专家验收' 不是以下之一：self、expert-review、third-party、"
            "regulator-onsite\n"
            "minecheck: error: 命令行：事件无法使用；未写入任何文件\n"
        ),
        ("followup", "x/y", "--action", "done", "-o", str(tmp_path / "f.toml")): None,
    }
    for args, stderr in expected.items():
        run = cli(list(args))
        assert run.exit_code == 2 or args[0] == "verify", (args, run.stderr)
        said = "minecheck: error: " in run.stderr
        assert said or args[0] == "verify", (args, run.stderr)
        assert _english(run.stderr) == [], args
        if stderr is not None:
            assert run.stderr == stderr, args
    said = cli([*escalate, "--key", str(missing)]).stderr
    assert said.endswith(f"minecheck: error: 密钥文件 {missing} 不存在\n")
    said = cli([*escalate, "--signer", "王伟"]).stderr
    assert said.endswith(
        "minecheck: error: 尚未设置签名密钥\n"
        "  hint: 创建密钥请运行（或加上 --key PATH）：\n"
        "    minecheck keys generate --principal you@unit.example\n"
    )
    assert cli(["keys", "generate", "--principal", "wang.wei@hlj.example"]).exit_code == 0
    said = cli([*escalate, "--signer", "王伟"]).stderr
    assert said.endswith(
        "minecheck: error: --signer '王伟' 不是有效的签名身份\n"
        "  hint: 签名身份形如 name@unit.example：小写 ASCII 字符，"
        "@ 前至多 64 个字符、@ 后至多 190 个\n"
    )


@pytest.mark.usefixtures("zh")
def test_keys_and_trust_say_what_they_did_in_chinese(cli: Any, tmp_path: Path) -> None:
    run = cli(["keys", "generate", "--principal", "wang.wei@hlj.example", "--trust"])
    assert run.exit_code == 0, run.stderr
    assert _english(run.stderr) == []
    assert run.stderr.splitlines()[-1] == "请把下面这一行交给管理 allowed_signers 文件的人："
    again = cli(["keys", "generate", "--principal", "li.na@hlj.example"])
    assert "默认签名密钥仍为 wang.wei@hlj.example" in again.stderr
    assert _english(again.stderr) == []
    for args in (
        ["trust", "remove", "li.na@hlj.example"],
        ["trust", "remove", "wang.wei@hlj.example"],
        ["trust", "list"],
    ):
        run = cli(args)
        assert _english(run.stderr) == [], (args, run.stderr)
    assert run.stderr.endswith(
        "：还没有受信任的密钥；添加请运行：\n  minecheck trust add --principal P --key K.pub\n"
    )


def test_every_command_that_prints_text_takes_lang(cli: Any, tmp_path: Path) -> None:
    for args in (
        ["drafts", "list"],
        ["keys", "list"],
        ["keys", "path"],
        ["trust", "list"],
    ):
        run = cli([*args, "--lang", "zh"])
        assert run.exit_code == 0, (args, run.stderr)
        assert _english(run.stderr) == [], (args, run.stderr)
    run = cli(["keys", "show", "--lang", "zh"])
    assert run.stderr.startswith("minecheck: error: 没有默认密钥\n")
    from tests.helpers_merge import findings, person

    signed = tmp_path / "signed.toml"
    signed.write_bytes(findings(person(tmp_path, "alice"), ["compliant"] * 3))
    run = cli(["sign", str(signed), "--lang", "zh"])  # sign took no --lang, and said English
    assert (run.exit_code, run.stderr) == (2, f"minecheck: error: {signed} 已经签过名\n")
    run = cli(["followup", "x/y", "--action", "done", "--lang", "en"])
    assert run.stderr.startswith("minecheck: error: --action done is not one of rectified")


@pytest.mark.usefixtures("zh", "isolated_home")
def test_what_a_key_or_a_trust_file_is_said_in_chinese(cli: Any, tmp_path: Path) -> None:
    """Key files and trust files are read in core (keys, trust, signers): their messages are
    the catalogue's too (they were English under --lang zh)."""
    from minecheck.core.keys import generate
    from tests.helpers_docs import findings_body

    allowed = tmp_path / "allowed_signers"
    rsa = tmp_path / "rsa.pub"
    rsa.write_text("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ x@y\n")
    run = cli(["trust", "add", "--principal", "x@y.cn", "--key", str(rsa)])
    assert (run.exit_code, run.stderr) == (
        2,
        f"minecheck: error: {rsa} 是 RSA 密钥；minecheck 只用 Ed25519 密钥签名"
        "（请签名人提供 Ed25519 密钥；可用 minecheck keys generate 生成）\n",
    )
    run = cli(["trust", "add", "--principal", "x@y.cn", "--key", str(tmp_path / "no.pub")])
    assert run.stderr == (
        f"minecheck: error: 公钥文件 {tmp_path / 'no.pub'} 不存在\n"
        "  hint: 请向签名人索取其 .pub 文件"
        "（minecheck keys show 打印可交付的那一行：trust add --from FILE）\n"
    )

    key = tmp_path / "k_ed25519"
    public = generate(key, "k@y.cn", None)
    key.chmod(0o644)
    doc = tmp_path / "doc.toml"
    doc.write_bytes(findings_body("k@y.cn", public.fingerprint()))
    run = cli(["sign", str(doc), "--key", str(key)])
    assert (run.exit_code, run.stderr) == (
        2,
        f"minecheck: error: '{key}' 的权限 0644 过于开放；请运行：\n  chmod 600 {key}\n",
    )

    allowed.write_text("k@y.cn ssh-ed25519\n")
    run = cli(["verify", str(doc), "--allowed-signers", str(allowed)])
    assert (run.exit_code, run.stderr) == (
        2,
        f"{allowed}:1:19: ssh-ed25519 之后缺少 base64 密钥数据\n"
        f"minecheck: error: {allowed}：allowed_signers 文件中有 1 行格式有误\n",
    )
    allowed.chmod(0o666)
    run = cli(["verify", str(doc), "--allowed-signers", str(allowed)])
    assert run.stderr == (
        f"minecheck: error: {allowed} 可被同组或其他用户写入；请运行：\n  chmod go-w {allowed}\n"
    )


@pytest.mark.usefixtures("zh", "isolated_home")
def test_what_a_key_s_or_a_signature_s_format_says_reads_in_chinese(
    cli: Any, tmp_path: Path
) -> None:
    """The words of the SSH format reader (a key's base64, a signature's armor) were English
    inside the Chinese lines of trust add, trust list, verify, show and summary."""
    from minecheck.core.keys import generate
    from tests.helpers_docs import findings_body

    bad = tmp_path / "bad.pub"
    bad.write_text("ssh-ed25519 AAAA!!!! x@y\n")
    run = cli(["trust", "add", "--principal", "x@y.cn", "--key", str(bad)])
    assert (run.exit_code, run.stderr) == (
        2,
        f"minecheck: error: {bad} 不是 OpenSSH 公钥：密钥的 base64 无效\n",
    )
    allowed = tmp_path / "allowed_signers"
    allowed.write_text("x@y.cn ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBmmmm\n")
    run = cli(["trust", "list", "--allowed-signers", str(allowed)])
    assert (run.exit_code, run.stdout, run.stderr) == (
        2,
        "",
        f"{allowed}:1:20: ssh-ed25519 密钥无效：密钥的 base64 无效\n"
        f"minecheck: error: {allowed}：allowed_signers 文件中有 1 行格式有误\n",
    )

    key = tmp_path / "k_ed25519"
    public = generate(key, "k@y.cn", None)
    doc = tmp_path / "doc.toml"
    doc.write_bytes(findings_body("k@y.cn", public.fingerprint()))
    assert cli(["sign", str(doc), "--key", str(key)]).exit_code == 0
    signed = doc.read_bytes()
    armor = signed.index(b"-----BEGIN SSH SIGNATURE-----\n") + 30
    doc.write_bytes(signed[:armor] + b"!!!!" + signed[armor + 4 :])
    said = "签名格式有误：签名块不是有效的 base64"
    run = cli(["verify", str(doc)])
    assert (run.exit_code, run.stdout) == (1, f"{doc}: malformed: {said}\n")
    run = cli(["show", str(doc)])
    assert said in run.stdout
    run = cli(["summary", str(doc), "--no-cache"])
    assert run.stderr.startswith(f"minecheck: warning: {doc}：未计入：malformed：{said}\n")


# -- what core keeps in English, said where it is shown -------------------------------------

BROKEN_TOML = [
    "a = not-quoted\n",
    "a = “x”\n",
    "a = 1\na = 2\n",
    "a = 2026-02-30\n",
    "a = [1, 2\n",
    "a = { b = 1\n",
    'a = "x\n',
    "[a\n",
    "[[a]\nb = 1\n",
    "a b = 1\n",
    "= 1\n",
    'a = "\\q"\n',
    'a = "\\uD800"\n',
    "a = 1 b = 2\n",
    "a = 1\n[a]\n",
    "[a]\n[a]\n",
    "a = { b = 1, b = 2 }\n",
    "a = \x07\n",
    "a.b = 1\n[a.b]\n",
    "a = [1]\n[[a]]\n",
    "a = {}\na.b = 1\n",
    "a = 1" + "0" * 4400 + "\n",
]
BROKEN_JSON = [
    '{"a": 1,}',
    '{"a": [1, 2,]}',
    "{'a': 1}",
    '{"a": 1',
    '{"a" 1}',
    '{"a": 1 "b": 2}',
    '{"a": }',
    "{} x",
]


@pytest.mark.parametrize("text", BROKEN_TOML)
def test_every_word_of_the_toml_reader_reads_in_chinese(text: str) -> None:
    """tomli's words ("Invalid value", "Cannot overwrite a value", ...) stay English where they
    are made (a document's verdict keeps them in the cache); a Chinese reader sees them said."""
    from minecheck.core.tomlio import parse_toml
    from minecheck.errors import InputError
    from minecheck.report.labels import Labels

    with pytest.raises(InputError) as caught:
        parse_toml(text, "x.toml")
    words = Labels("zh")
    [problem] = caught.value.problems
    said = words.reason(problem.message)
    names = _unquoted(said).replace("TOML", "").replace("Unicode", "")
    assert re.search("[A-Za-z]{3,}", names) is None, said
    assert words.reason(caught.value.message) == "x.toml 不是有效的 TOML"


@pytest.mark.parametrize("text", BROKEN_JSON)
def test_every_word_of_the_json_reader_reads_in_chinese(text: str) -> None:
    from minecheck.core.jsonio import parse_json
    from minecheck.errors import InputError
    from minecheck.report.labels import Labels

    with pytest.raises(InputError) as caught:
        parse_json(text, "x.json")
    [problem] = caught.value.problems
    said = Labels("zh").reason(problem.message)
    assert re.search("[A-Za-z]{3,}", _unquoted(said).replace("JSON", "")) is None, said


def _unquoted(text: str) -> str:
    """`text` without what it quotes (a key, a character, the file's own words)."""
    return re.sub(r"\"[^\"]*\"|'[^']*'", "", text)


@pytest.mark.usefixtures("zh")
def test_an_answers_file_that_is_no_toml_is_said_in_chinese(cli: Any, tmp_path: Path) -> None:
    """The TOML reader's problems and its error line were English in a Chinese inspection."""
    site = ["--site", "新兴煤矿", "--tag", "coal-underground", "-o", str(tmp_path / "o.toml")]
    answers = tmp_path / "a.toml"
    cases = {
        '[answers]\n"gas-overlimit" = compliant\n': (
            f'{answers}:2:19: TOML 格式错误：值无效：文字须写在半角双引号中，例如 "compliant"\n'
            f"minecheck: error: {answers} 不是有效的 TOML\n"
        ),
        '[answers]\n"gas-overlimit" = “compliant”\n': (
            f'{answers}:2:19: TOML 格式错误：值无效：文字须写在半角双引号 "…" 中，不能用 “\n'
            f"minecheck: error: {answers} 不是有效的 TOML\n"
        ),
        '[answers]\n"a" = "compliant"\n"a" = "x"\n': (
            f"{answers}:3:10: TOML 格式错误：不能覆盖已有的值：同一个表中有一个键写了两次\n"
            f"minecheck: error: {answers} 不是有效的 TOML\n"
        ),
        '[answers]\n"gas-overlimit" = { deadline = 2026-02-30 }\n': (
            f"{answers}:2:32: TOML 格式错误：日期或时间无效：日历上没有 2026-02-30："
            "2026-02 只有 28 天\n"
            f"minecheck: error: {answers} 不是有效的 TOML\n"
        ),
        "\ufeff[answers]\n": (
            f"{answers}:1:1: 以 UTF-8 字节顺序标记（BOM）开头；请另存为不带 BOM 的 UTF-8\n"
            "  hint: 请用以下命令去掉它：\n"
            f"    tail -c +4 {answers} > {tmp_path / 'a.utf-8.toml'}\n"
            "  或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）\n"
            f"minecheck: error: {answers} 以字节顺序标记（BOM）开头\n"
        ),
    }
    for text, stderr in cases.items():
        answers.write_text(text, encoding="utf-8")
        run = cli(["inspect", "coal-major-hidden-dangers", *site, "--answers", str(answers)])
        assert (run.exit_code, run.stdout, run.stderr) == (2, "", stderr), text
    answers.write_bytes(b"[answers]\n\xff\n")
    run = cli(["inspect", "coal-major-hidden-dangers", *site, "--answers", str(answers)])
    assert run.stderr == (
        f"{answers}:2:1: 不是 UTF-8：字节 0xff 无法解码\n"
        f"minecheck: error: {answers} 不是 UTF-8 文本\n"
    )
    answers_json = tmp_path / "a.json"
    answers_json.write_text('{"answers": {"gas-overlimit": "compliant",}}')
    run = cli(["inspect", "coal-major-hidden-dangers", *site, "--answers", str(answers_json)])
    # Python 3.13's reader names the trailing comma itself, at the comma
    column, said = (42, "对象的末尾多了一个逗号") if PY313 else (43, "此处应为写在双引号中的键名")
    assert run.stderr == (
        f"{answers_json}:1:{column}: JSON 格式错误：{said}\n"
        f"minecheck: error: {answers_json} 不是有效的 JSON\n"
    )
    run = cli(
        ["inspect", "coal-major-hidden-dangers", *site, "--answers", str(answers_json), "--json"]
    )
    assert run.stderr == ""
    problems = run.json()["problems"]
    assert [p["code"] for p in problems] == ["json-syntax", "input"]  # the codes do not change
    assert problems[0]["message"] == f"JSON 格式错误：{said}"
    english = cli(
        ["inspect", "coal-major-hidden-dangers", *site, "--answers", str(answers), "--lang", "en"]
    )
    assert english.stderr.endswith(f"minecheck: error: {answers} is not UTF-8 text\n")


@pytest.mark.usefixtures("zh")
def test_verify_and_show_say_a_document_s_problems_in_chinese(cli: Any, tmp_path: Path) -> None:
    """A document refused unread ("implausible document"), one that is no TOML and one that
    lacks its header: their problems, and show's error line, were English in Chinese."""
    dense = tmp_path / "dense.toml"
    header = '[minecheck]\nformat = "minecheck.findings/1"\n'
    dense.write_text(header + "x = [" + "[1]," * 3000 + "]\n\n")
    broken = tmp_path / "broken.toml"
    broken.write_text('[minecheck]\nformat = "minecheck.findings/1"\nx = [\n')
    bare = tmp_path / "bare.toml"
    bare.write_text('[minecheck]\nformat = "minecheck.findings/1"\n\n')
    run = cli(["verify", str(dense)])
    assert (run.exit_code, run.stdout) == (1, f"{dense}: malformed: 不是 minecheck 文件\n")
    assert run.stderr == (
        f"{dense}: 文件不合常理：12052 字节中有 6004 个值（超过每 8 字节一个）；未读取即拒绝\n"
        "共 1 份文件：文件格式错误 1 份\n"
    )
    run = cli(["verify", str(bare)])
    lines = run.stderr.splitlines()
    assert lines[0] == f"{bare}:1:2: [minecheck] 表缺少必需的键 'document_id'"
    assert f"{bare}: 检查结果文件缺少必需的键 'inspection'" in lines
    assert not [line for line in lines if "inspection：" in line]  # (said once, not key by key)
    assert _english(run.stderr) == []
    run = cli(["show", str(broken), str(dense)])
    assert run.exit_code == 2
    assert run.stderr.splitlines()[-3:] == [
        f"{broken}:4:1: TOML 格式错误：值无效",
        f"{dense}: 文件不合常理：12052 字节中有 6004 个值（超过每 8 字节一个）；未读取即拒绝",
        f"minecheck: error: {broken}：malformed：不是 minecheck 文件；"
        f"{dense}：malformed：不是 minecheck 文件",
    ]
    run = cli(["show", str(broken), "--lang", "en"])
    assert run.stderr.splitlines()[-2:] == [
        f"{broken}:4:1: invalid TOML: Invalid value",
        f"minecheck: error: {broken}: malformed: not a minecheck document",
    ]


@pytest.mark.usefixtures("zh", "isolated_home")
def test_drafts_and_sign_refusals_read_in_chinese(cli: Any, tmp_path: Path) -> None:
    """A draft id that names no draft, and a hand-made document stating another signer, were
    said in English (session/draft.py and sign's header check made their own sentences)."""
    run = cli(["drafts", "discard", "nosuch"])
    assert (run.exit_code, run.stderr) == (
        2,
        "minecheck: error: 没有草稿 nosuch\n  hint: minecheck drafts list\n",
    )
    run = cli(["drafts", "discard", "../x"])
    assert run.stderr == "minecheck: error: '../x' 不是草稿编号\n  hint: minecheck drafts list\n"
    from minecheck.core.keys import generate
    from tests.helpers_docs import findings_body

    key = tmp_path / "k_ed25519"
    public = generate(key, "k@y.cn", None)
    doc = tmp_path / "doc.toml"
    doc.write_bytes(findings_body("other@y.cn", public.fingerprint()))
    run = cli(["sign", str(doc), "--key", str(key), "--signer", "k@y.cn"])
    fingerprint = public.fingerprint()
    assert (run.exit_code, run.stderr) == (
        2,
        f"minecheck: error: {doc} 写明了签名人 'other@y.cn'，密钥 {fingerprint}，"
        f"但您以 'k@y.cn' 和 {fingerprint} 签名\n"
        f'  hint: 请在其 [minecheck] 表中写 signer = "k@y.cn" 和 signer_key = "{fingerprint}"，'
        "或不写这两项\n",
    )


@pytest.mark.usefixtures("zh", "isolated_home")
def test_sign_says_a_hand_made_document_s_problems_in_chinese(cli: Any, tmp_path: Path) -> None:
    """The document schema's own rules (kept in English with a verdict) were English in
    `sign`, where a person meets them at once."""
    from minecheck.core.keys import generate
    from tests.helpers_docs import findings_body

    key = tmp_path / "k_ed25519"
    public = generate(key, "k@y.cn", None)
    body = findings_body("k@y.cn", public.fingerprint(), mode="daily").decode()
    body = body.replace('result = "noncompliant"\n', 'result = "noncompliant"\nfoo = 1\n', 1)
    body = body.replace('severity = "major"\n', "", 1)
    doc = tmp_path / "doc.toml"
    doc.write_text(body)
    run = cli(["sign", str(doc), "--key", str(key)])
    assert run.exit_code == 2
    lines = run.stderr.splitlines()
    at = {line.split(": ", 1)[1] for line in lines[:-1]}
    assert at == {
        "mode 必须是 routine、unannounced、night、special、follow-up、self-inspection 之一，"
        "而不是 'daily'",
        "条目 'gas-overlimit' 的检查结果中有未知的键 'foo'",
        "不符合的检查结果需要等级（severity）",
    }
    assert lines[-1] == f"minecheck: error: {doc} 不是有效的 minecheck 文件"
    assert _english(run.stderr) == []


@pytest.mark.usefixtures("isolated_home")
def test_keys_show_labels_its_lines_in_chinese(cli: Any) -> None:
    """`keys show --lang zh` printed `path:`, `principal:`, `default: True` in English; the
    English said Python's `True` (now `yes`)."""
    assert cli(["keys", "generate", "--principal", "wang.wei@hlj.example"]).exit_code == 0
    data = cli(["keys", "show", "--json"]).json()["data"]
    run = cli(["keys", "show", "--lang", "zh"])
    assert run.stdout.splitlines() == [
        f"路径：{data['path']}",
        "签名身份：wang.wei@hlj.example",
        f"指纹：{data['fingerprint']}",
        "默认密钥：是",
        f"allowed_signers 行：{data['allowed_signers']}",
    ]
    english = cli(["keys", "show", "--lang", "en"]).stdout.splitlines()
    assert english[0] == f"path: {data['path']}"
    assert english[3] == "default: yes"


@pytest.mark.usefixtures("zh", "isolated_home")
def test_verify_evidence_says_what_changed_in_chinese(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert (
        cli(["keys", "generate", "--principal", "wang.wei@hlj.example", "--trust"]).exit_code == 0
    )
    (tmp_path / "ev").mkdir()
    photo = tmp_path / "ev" / "a.jpg"
    photo.write_bytes(b"x")
    answers = tmp_path / "answers.toml"
    answers.write_text(
        '[answers]\n"gas-check-genuine" = { result = "noncompliant", description = "牌板造假", '
        'evidence = ["ev/a.jpg"] }\n',
        encoding="utf-8",
    )
    site = ["--site", "新兴煤矿", "--tag", "coal-underground", "--allow-incomplete"]
    run = cli(["inspect", "coal-major-hidden-dangers", *site, "--answers", "answers.toml"])
    assert run.exit_code == 0, run.stderr
    [doc] = run.stdout.split()
    photo.write_bytes(b"yy")
    run = cli(["verify", doc, "--evidence"])
    assert run.exit_code == 1
    assert (
        run.stdout.splitlines()[1]
        == f"{doc}: evidence-changed: ev/a.jpg: 现为 2 字节，记录的是 1 字节"
    )
    photo.unlink()
    run = cli(["verify", doc, "--evidence"])
    assert run.stdout.splitlines()[1] == f"{doc}: evidence-missing: ev/a.jpg: 文件不存在"
    entry = cli(["verify", doc, "--evidence", "--json"]).json()["data"]["files"][0]
    assert entry["evidence"][0]["detail"] == "the file does not exist"  # data stays as it is


# An inspected site (a mine, an enterprise) is 单位 (被检查单位, the law's word, where it is
# inspected); 场所 is said only of a site's kind and tags (井工煤矿, 高瓦斯: what kind of place
# it is).
PLACE = re.compile(r"(?<!哪类)场所(?!类型|标签)(?<!\} 场所)")


def test_an_inspected_site_is_called_one_thing_in_chinese() -> None:
    """The reports called a site 单位 where the walk, `--by` and the site-code warning said
    场所: one reader, two words for one thing."""
    texts = sorted((REPO / "src" / "minecheck").rglob("*.py"))
    texts += sorted((REPO / "docs").glob("*.zh.md"))
    found = [
        f"{path.relative_to(REPO)}:{n}: {line.strip()}"
        for path in texts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PLACE.search(line)
    ]
    assert found == []
