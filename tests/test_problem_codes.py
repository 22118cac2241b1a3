"""The catalogue of problem codes in the script writer's guide (docs/guide-scripting.md and
its Chinese version) is every code a command can put in `problems[].code`, and no other: worked
out from the source, so a new code without its line in the guide fails here."""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from minecheck.cli._rolled import SEPARATE
from minecheck.core.trust import TrustStatus
from tests.conftest import REPO

SRC = REPO / "src" / "minecheck"


@functools.cache
def _source_trees() -> tuple[tuple[Path, ast.Module], ...]:
    """minecheck's source files parsed, in name order: once a test process (the source does not
    change while tests run; each test parsing it again was most of their CPU)."""
    return tuple((p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(SRC.rglob("*.py")))


def source_nodes() -> Iterator[tuple[Path, ast.AST]]:
    """Every syntax node of minecheck's source, with the file it is in (files in name order)."""
    for path, tree in _source_trees():
        for node in ast.walk(tree):
            yield path, node


GUIDES = [REPO / "docs" / "guide-scripting.md", REPO / "docs" / "guide-scripting.zh.md"]

# Calls that take a problem's code as a positional argument, and where.
CODE_AT = {"Problem": 0, "report": 1, "at": 1, "_LineError": 2, "_both": 0, "note": 0}
# Codes made at run time, each form with the codes it can give. A new form fails
# `test_every_code_made_at_run_time_is_known` until it is listed here.
STATUSES = frozenset(s.value for s in TrustStatus if s is not TrustStatus.TRUSTED)
DYNAMIC: dict[str, frozenset[str]] = {
    "code": frozenset(),  # a helper's own parameter: its callers' codes are read
    "exc.code": frozenset(),  # an error's code, read where the error is made
    "draft.code": frozenset(),  # a draft not read: its error's code (`draft-newer`)
    "error.code": frozenset(),
    "problem.code": frozenset(),
    "p.code": frozenset(),
    "f'{kind}-syntax'": frozenset({"toml-syntax", "json-syntax"}),
    "f'{kind}-value'": frozenset({"toml-value", "json-value"}),
    "verdict.status.value": STATUSES,
    "judged.status.value": STATUSES,  # extract's warning for a merged file not trusted
    "own.value": STATUSES,
    "d.status": STATUSES | {"unreadable", "conflict"},
    "SEPARATE": frozenset({SEPARATE}),  # the Reporter's `separate-inspections`, named once
    "verdict": frozenset(),  # verify's own `report(path, verdict)`, which says a verdict
    # followup's warnings of an extension or a withdrawal signed by someone who signed none of
    # the findings (`RefResolver.by_another`)
    "another_code": frozenset({"extended-by-another", "withdrawn-by-another"}),
}
# `code=` keywords that are a message's placeholder, not a problem's code.
NOT_A_CODE = {"t", "say", "tr", "english", "AnswerError", "aspect", "status", "natural", "fail"}


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _branches(value: ast.expr) -> Iterator[ast.expr]:
    """A code's expression, or each branch of a conditional one (`a if c else "draft-damaged"`)."""
    if isinstance(value, ast.IfExp):
        yield from _branches(value.body)
        yield from _branches(value.orelse)
    else:
        yield value


def _found() -> tuple[set[str], set[str]]:
    """The literal codes in the source, and the run-time forms it makes codes with."""
    codes: set[str] = set()
    forms: set[str] = set()
    for _, node in source_nodes():
        if (  # a local `code` chosen by a condition, then passed as `code=code` (an exit
            # code chosen so, of no text, is no problem's)
            isinstance(node, ast.Assign)
            and [ast.unparse(t) for t in node.targets] == ["code"]
            and isinstance(node.value, ast.IfExp)
        ):
            branches = list(_branches(node.value))
            texts = {b.value for b in branches if isinstance(b, ast.Constant)}
            if any(isinstance(text, str) for text in texts):
                codes |= {str(text) for text in texts}
                forms |= {ast.unparse(b) for b in branches if not isinstance(b, ast.Constant)}
        if isinstance(node, ast.ClassDef):
            for stmt in node.body:
                target = stmt.targets[0] if isinstance(stmt, ast.Assign) else None
                if isinstance(stmt, ast.AnnAssign):
                    target = stmt.target
                value = getattr(stmt, "value", None)
                if (  # (a site's `code = None` is no problem's code)
                    isinstance(target, ast.Name)
                    and target.id == "code"
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                ):
                    codes.add(str(value.value))
        if not isinstance(node, ast.Call):
            continue
        name = _callee(node)
        given = [kw.value for kw in node.keywords if kw.arg == "code"]
        if name in NOT_A_CODE:
            given = []
        index = CODE_AT.get(name)
        if index is not None and index < len(node.args):
            given.append(node.args[index])
        for value in (branch for code in given for branch in _branches(code)):
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                codes.add(value.value)
            else:
                forms.add(ast.unparse(value))
    return codes, forms


def source_codes() -> set[str]:
    codes, forms = _found()
    for form in forms:
        codes |= DYNAMIC.get(form, frozenset())
    return codes


CATALOGUE_ROW = re.compile(r"^\| `([a-z0-9-]+)` \|")


def guide_codes(guide: Path) -> list[str]:
    """The codes the guide's catalogue (its section 8, the last) lists, one table row each, in
    its order."""
    text = guide.read_text(encoding="utf-8")
    catalogue = text[text.index("\n## 8. ") :]
    return [m.group(1) for line in catalogue.splitlines() if (m := CATALOGUE_ROW.match(line))]


def test_every_code_made_at_run_time_is_known() -> None:
    _, forms = _found()
    assert sorted(forms - set(DYNAMIC)) == []


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: g.name)
def test_the_catalogue_lists_every_code_and_no_other(guide: Path) -> None:
    listed = guide_codes(guide)
    assert len(listed) == len(set(listed)), "a code is listed twice"
    assert sorted(source_codes() - set(listed)) == [], "codes the guide does not list"
    assert sorted(set(listed) - source_codes()) == [], "codes no command gives"


def test_both_catalogues_list_the_codes_in_one_order() -> None:
    assert guide_codes(GUIDES[0]) == guide_codes(GUIDES[1])


def test_the_extractor_finds_each_kind_of_code() -> None:
    """It reads a literal of each form the source uses (a guard that it reads anything)."""
    codes = source_codes()
    assert {
        "input",  # a class's code
        "fail-on",  # code= keyword
        "answered-twice",  # Problem's first argument
        "duplicate-id",  # a validator's report(where, code, ...)
        "bad-principals",  # an allowed_signers line's error
        "toml-syntax",  # made at run time
        "untrusted-key",  # a document's status
        "draft-damaged",  # a conditional's branch, named `code` and passed on (`drafts list`)
    } <= codes
