"""Every reason the fold and the trust judgement write is shown in Chinese in a Chinese report.

The reasons are read from the source (core/loop.py's `_apply` and `fold`, report/corpus.py's
`_reason`), so a new one without a translation in `report.labels.REASONS_ZH` fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from minecheck.core import loop
from minecheck.report import corpus
from minecheck.report.labels import REASONS_ZH, Labels

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


def _function(module: object, name: str) -> ast.FunctionDef:
    source = Path(module.__file__ or "").read_text(encoding="utf-8")  # type: ignore[attr-defined]
    tree = ast.parse(source)
    return next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name)


def _reasons() -> list[str]:
    found: list[str] = []
    for node in ast.walk(_function(loop, "_apply")):
        if isinstance(node, ast.Return) and node.value is not None:
            text = _text(node.value)
            if text is not None:
                found.append(text)
    for node in ast.walk(_function(loop, "fold")):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Rejection":
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
    return found


REASONS = _reasons()


def test_the_reasons_are_found() -> None:
    assert len(REASONS) >= 19
    assert loop.NO_SUCH_FINDING in REASONS
    assert "the signing key is revoked" in REASONS
    assert f"closed while {SAMPLE}: a hidden danger is closed only after it is accepted" in REASONS


@pytest.mark.parametrize("reason", REASONS)
def test_every_reason_reads_in_chinese(reason: str) -> None:
    chinese = Labels("zh").reason(reason)
    assert chinese != reason
    assert Labels("en").reason(reason) == reason


def test_a_state_in_a_reason_is_named_in_chinese() -> None:
    reason = "closed while rectified: a hidden danger is closed only after it is accepted"
    assert Labels("zh").reason(reason) == "在“已整改待验收”状态下销号：隐患须验收通过后才能销号"


def test_every_translation_is_used_and_keeps_its_fields() -> None:
    import string

    for english, chinese in REASONS_ZH.items():
        fields = {f for _, f, _, _ in string.Formatter().parse(english) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(chinese) if f}, english
        sample = english.format(**dict.fromkeys(fields, SAMPLE))
        assert sample in REASONS, english


def test_a_reason_with_no_translation_is_shown_as_written() -> None:
    detail = "the signature does not match the content: the file was changed after signing"
    assert Labels("zh").reason(detail) == detail
    # a field holds what the file said, whatever it is: it is kept, never interpreted
    assert Labels("zh").reason("{x} reported it rectified and cannot also accept it") == (
        "{x} 报告了整改完成，不能再由其验收"
    )
