"""Every reason a report gives for leaving something out is shown in Chinese in a Chinese report.

The reasons are read from the source (core/loop.py's every `Refused`, report/corpus.py's
`_reason`; what the verifier says of a file in core/seal.py and core/merge.py; why a file cannot
be read in report/corpus.py and report/corpus_cache.py), so a new one without a translation in
`report.reasons_zh.REASONS_ZH` fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from minecheck import fileio
from minecheck.cli import _listing
from minecheck.core import docschema, evidence, jsonio, loop, merge, seal, sshsig, tomlio
from minecheck.report import batch, corpus, corpus_cache
from minecheck.report.labels import Labels
from minecheck.report.reasons_zh import REASONS_ZH

SAMPLE = "rectified"  # what stands for each field of a reason (a state, so it is translated too)


def _text(node: ast.expr) -> str | None:
    """A string literal or f-string as a sample reason, its fields filled in; else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                parts.append(SAMPLE)
        return "".join(parts)
    return None


def _nodes(module: object, function: str) -> list[ast.AST]:
    return list(ast.walk(_function(module, function)))


def _calls(module: object, function: str, callee: str, arg: int) -> list[str]:
    """The text given as argument `arg` to every call of `callee` in `function` of `module`."""
    calls = [n for n in _nodes(module, function) if isinstance(n, ast.Call)]
    named = [n for n in calls if getattr(n.func, "id", None) == callee and len(n.args) > arg]
    return [text for n in named if (text := _text(n.args[arg])) is not None]


def _returned(module: object, function: str) -> list[str]:
    """The text every `return "..."` of `function` in `module` gives."""
    returns = [n for n in _nodes(module, function) if isinstance(n, ast.Return)]
    return [text for n in returns if n.value is not None and (text := _text(n.value)) is not None]


def _verifier() -> list[str]:
    """What the verifier says of a file, and why a file cannot be read."""
    found = [seal.CREATED_IN_THE_FUTURE, seal.BOM_ADDED, seal.CR_ADDED]  # (the damage undone)
    found += [seal.CHANGED, *seal.RESAVED.values()]  # (a bad signature, and one saved again)
    found += _calls(seal, "examine", "malformed", 0)
    damage = [  # damage = "..."; malformed(damage)
        n.value
        for n in _nodes(seal, "examine")
        if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", None) == "damage"
    ]
    found += [text for value in damage if (text := _text(value)) is not None]
    found += _calls(seal, "examine", "Verdict", 2)
    found += _returned(seal, "revoked_detail")  # what every command says of a revoked key
    found += [*seal._DETAILS.values(), *seal._DETAILS_AT_CHECK.values()]  # the key's windows
    found += _calls(seal, "split", "MalformedTrailer", 0)
    found += _calls(seal, "check_body", "InputError", 0)
    found.append(seal.HEADER_FORM.format(line=SAMPLE))  # a header the stock recipe would misread
    found += _calls(merge, "check_merged", "broken", 0)
    found += _returned(merge, "source_said")  # a merged file's worst source
    found += _returned(batch, "_read")  # why the engine could not read a file
    # a file that is not a regular file, with its kind (the engine's, the walk's, evidence's)
    found += [t.format(kind=SAMPLE) for t in _calls(fileio, "irregular", "in_language", 0)]
    # what the walk of a directory says of an entry it does not read (verify, summary, export,
    # show and merge list a folder through it)
    found += _calls(_listing, "walk_document_names", "report", 2)
    found.append(fileio.LINK_TO_NOTHING)
    # what the document schema says of a TOML file that is no minecheck document
    found += _calls(docschema, "header", "Problem", 1)
    reports = [n for n in _nodes(docschema, "read_document") if isinstance(n, ast.Call)]
    found += [
        text
        for n in reports
        if getattr(n.func, "attr", None) == "report" and (text := _text(n.args[2])) is not None
    ]
    found += _calls(corpus_cache, "unreadable", "_unreadable", 1)
    found += _returned(seal, "over_the_limit")  # a file over the size limit
    found += _calls(evidence, "check_file", "EvidenceCheck", 2)
    found += [evidence.OUTSIDE]
    found += [  # detail = (f"...") given to EvidenceCheck
        text
        for n in _nodes(evidence, "check_file")
        if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", None) == "detail"
        if (text := _text(n.value)) is not None
    ]
    # what is wrong with documents taken together: a document in two contents, an inspection
    # at two sites, an item answered from two checklists
    found += _calls(corpus, "admitted", "Problem", 1)
    found += [  # both copies of a document in two contents: `return (f"...")`
        text
        for n in _nodes(corpus, "_conflict_reason")
        if isinstance(n, ast.Return) and n.value is not None
        if (text := _text(n.value)) is not None
    ]
    found += _readers()
    found.append(merge.SIGNED_AFTER_THE_MERGE.format(source=SAMPLE, signed=SAMPLE, created=SAMPLE))
    found.append(merge.SITES_DIFFER.format(id=SAMPLE, sites=SAMPLE))
    found.append(merge.CHECKLISTS_DIFFER.format(id=SAMPLE, items=SAMPLE, checklists=SAMPLE))
    found.append(
        merge.CHECKLIST_VERSIONS_DIFFER.format(
            id=SAMPLE, items=SAMPLE, checklist=SAMPLE, versions=SAMPLE
        )
    )
    # one signer's two documents of one inspection (report/consolidate.answered_twice)
    for template in (
        merge.ANSWERED_TWICE,
        merge.ANSWERED_TWICE_MERGED,
        merge.ANSWERED_TWICE_AT_ONCE,
        merge.ANSWERED_TWICE_AT_ONCE_MERGED,
    ):
        found.append(
            template.format(
                **dict.fromkeys(
                    ("id", "signer", "earlier", "first", "later", "second", "items", "merged"),
                    SAMPLE,
                )
            )
        )
    return found


def _readers() -> list[str]:
    """What the TOML and JSON readers say of a text (kept with a document's verdict, and
    raised to the person from an answers file, an events file, a checklist), and the density
    check's refusal."""
    found = _calls(tomlio, "decode_text", "InputError", 0)
    found += _calls(tomlio, "decode_text", "Problem", 1)
    for refusal in ("refuse_bom", "refuse_joined_bom"):  # (a list of paths says them too)
        found += _calls(tomlio, refusal, "_bom_refused", 0)
        found += _calls(tomlio, refusal, "_bom_refused", 1)
    found += _calls(tomlio, "refuse_wide", "InputError", 0)  # (UTF-16, UTF-32)
    found += [  # why = (f"..."): the encoding and how it was told, or the text cut short
        text
        for n in (*_nodes(tomlio, "refuse_wide"), *_nodes(tomlio, "decode_text"))
        if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", None) == "why"
        if (text := _text(n.value)) is not None
    ]
    found += _calls(tomlio, "refused", "InputError", 0)
    found += _calls(tomlio, "refused", "Problem", 1)
    whys = [  # why = "..."; said as f"{problem.message}: {why}"
        n.value
        for n in (*_nodes(tomlio, "_explained"), *_nodes(tomlio, "_no_day"))
        if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", None) == "why"
    ]
    found += [f"{SAMPLE}: {text}" for value in whys if (text := _text(value)) is not None]
    found += _calls(jsonio, "parse_json", "InputError", 0)
    found += _calls(jsonio, "parse_json", "Problem", 1)
    found += _calls(seal, "density_problem", "Problem", 1)
    appended = [n for n in _nodes(merge, "read_structure") if isinstance(n, ast.Call)]
    found += [  # errors.append("...")
        text
        for n in appended
        if getattr(n.func, "attr", None) == "append" and (text := _text(n.args[0])) is not None
    ]
    tree = ast.parse(Path(docschema.__file__ or "").read_text(encoding="utf-8"))
    reports = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and len(n.args) > 2]
    found += [  # every v.report(where, code, "...") of the document schema
        text
        for n in reports
        if getattr(n.func, "attr", None) == "report" and (text := _text(n.args[2])) is not None
    ]
    return found


def _function(module: object, name: str) -> ast.FunctionDef:
    source = Path(module.__file__ or "").read_text(encoding="utf-8")  # type: ignore[attr-defined]
    tree = ast.parse(source)
    return next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name)


def _reasons() -> list[str]:
    found: list[str] = []
    # the fold's rules, an acceptance's, and the fold's own: each a Refused(code, reason)
    tree = ast.parse(Path(loop.__file__ or "").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Refused":
            text = _text(node.args[1])
            found.append(text if text is not None else loop.NO_SUCH_FINDING)
    for node in ast.walk(_function(corpus, "_reason")):  # `return "..."`, `return {...}.get(...)`
        if isinstance(node, ast.Return) and node.value is not None:
            value = node.value
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
                if isinstance(value.func.value, ast.Dict):
                    found.extend(t for t in map(_text, value.func.value.values) if t)
            elif (text := _text(value)) is not None:
                found.append(text)
    return found + _verifier()


REASONS = _reasons()


def test_the_reasons_are_found() -> None:
    assert len(REASONS) >= 60
    assert "the file starts with a byte-order mark (BOM)" in REASONS
    assert f"source {SAMPLE} is malformed: {SAMPLE}" in REASONS
    assert f"cannot read: {SAMPLE}" in REASONS
    assert loop.NO_SUCH_FINDING in REASONS
    assert f"key {SAMPLE} is revoked" in REASONS
    assert f"closed while {SAMPLE}: a hidden danger is closed only after it is accepted" in REASONS


@pytest.mark.parametrize("reason", REASONS)
def test_every_reason_reads_in_chinese(reason: str) -> None:
    chinese = Labels("zh").reason(reason)
    assert chinese != reason
    assert Labels("en").reason(reason) == reason


@pytest.mark.parametrize(
    ("kind", "chinese"),
    [
        ("a FIFO", "命名管道"),
        ("a socket", "套接字"),
        ("a character device", "字符设备"),
        ("a block device", "块设备"),
        ("a special file", "特殊文件"),
    ],
)
def test_a_special_file_met_in_a_folder_is_named_in_chinese(kind: str, chinese: str) -> None:
    """`verify --lang zh DIR` said "d/p.toml: not a regular file (a FIFO)" in English."""
    said = Labels("zh").reason(f"not a regular file ({kind})")
    assert said == f"不是普通文件（{chinese}）"


def test_a_state_in_a_reason_is_named_in_chinese() -> None:
    reason = "closed while rectified: a hidden danger is closed only after it is accepted"
    assert Labels("zh").reason(reason) == "在“已整改待验收”状态下销号：隐患须验收通过后才能销号"


def test_every_translation_is_used_and_keeps_its_fields() -> None:
    import string

    for english, chinese in REASONS_ZH.items():
        fields = {f for _, f, _, _ in string.Formatter().parse(english) if f}
        kept = fields - {"armor"}  # a fixed phrase, which the Chinese says in its own words
        assert kept == {f for _, f, _, _ in string.Formatter().parse(chinese) if f}, english
        sample = english.format(**dict.fromkeys(fields, SAMPLE))
        assert sample in REASONS, english


def test_a_reason_with_no_translation_is_shown_as_written() -> None:
    detail = "consolidated: an unknown key 'x'"  # none of the reasons above
    assert Labels("zh").reason(detail) == detail
    # a field holds what the file said, whatever it is: it is kept, never interpreted
    assert Labels("zh").reason("{x} reported it rectified and cannot also accept it") == (
        "{x} 报告了整改完成，不能再由其验收"
    )


def test_a_source_s_detail_is_translated_in_turn() -> None:
    reason = "source m.toml#2 is malformed: the file starts with a byte-order mark (BOM)"
    assert Labels("zh").reason(reason) == "来源 m.toml#2 格式有误：文件以字节顺序标记（BOM）开头"


def test_a_source_s_status_is_named_in_words() -> None:
    reason = "source m.toml#1 is revoked: key SHA256:abc is revoked"
    assert Labels("zh").reason(reason) == "来源 m.toml#1（密钥已吊销）：密钥 SHA256:abc 已被吊销"


def _format_errors() -> list[str]:
    """Every text core/sshsig.py gives SSHFormatError (and its UTF-8 check)."""
    tree = ast.parse(Path(sshsig.__file__ or "").read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.args]
    return [
        text
        for n in calls
        if getattr(n.func, "id", None) in ("SSHFormatError", "_utf8")
        and (text := _text(n.args[-1])) is not None
    ]


def test_what_an_ssh_format_error_says_is_a_listed_template() -> None:
    """An SSHFormatError's text was made with an f-string: English inside every Chinese line
    that said it (verify, show, summary, trust add, trust list)."""
    found = _format_errors()
    assert len(found) >= 24
    assert sorted(set(found)) == sorted(sshsig.FORMAT_TEMPLATES)


@pytest.mark.parametrize("template", sshsig.FORMAT_TEMPLATES)
def test_what_an_ssh_format_error_says_reads_in_chinese(template: str) -> None:
    import string

    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    said = template.format(**dict.fromkeys(fields, "'x'"))
    chinese = Labels("zh").reason(f"the signature is malformed: {said}")
    assert chinese.startswith("签名格式有误：")
    names = re.sub(
        r"\b(?:ssh-ed25519|Ed25519|SSHSIG|sha512|sha256|base64|CRLF|UTF-8|minecheck)\b", "", chinese
    )
    assert re.search("[A-Za-z]{3,}", _unquoted(names)) is None, chinese
    error = sshsig.SSHFormatError(template, **dict.fromkeys(fields, "'x'"))
    assert str(error) == said
    assert error.said() == said  # the language is English unless a command says otherwise


def _unquoted(text: str) -> str:
    return re.sub(r"'[^']*'", "", text)
