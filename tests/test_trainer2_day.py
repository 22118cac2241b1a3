"""A trainer following the first-inspection guide and checklist-format.md in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_author_day import EVIDENCE, Cli

# the county's evidence checklist with a major item citing no listed situation, and an item asking
# for an open pit only
UNREACHABLE = (
    EVIDENCE.replace('["coal-underground"]', '["coal-underground", "tailings-pond"]')
    .replace(
        'severity = "general"\nevidence = "required"',
        'severity = "major"\nbasis = ["CR24-12", "CR24-13"]',
    )
    .replace('["spontaneous-combustion"]', '["coal-open-pit", "mnm-open-pit"]')
)


@pytest.mark.parametrize(
    ("lang", "problem", "warning"),
    [
        (
            "en",
            "hlj-winter.toml:19:1: a major item must cite a listed situation (CMHD-<article>.<n> "
            "or MNM-UG/OP/TP-<n>) in basis, not only CR24-12, CR24-13; otherwise grade it general",
            "minecheck: warning: hlj-winter.toml:28:1: item 'w-fire-co' can never apply: "
            "applies_if names only coal-open-pit, mnm-open-pit, and the checklist applies to "
            "coal-underground, tailings-pond only",
        ),
        (
            "zh",
            "hlj-winter.toml:19:1: 重大条目必须在 basis 中引用判定标准所列情形（CMHD-<条>.<项> 或 "
            "MNM-UG/OP/TP-<项>），不能只有 CR24-12、CR24-13；否则请定为一般",
            "minecheck: warning: hlj-winter.toml:28:1: 条目“w-fire-co”永远不会适用：applies_if "
            "只列出了 coal-open-pit、mnm-open-pit，而本检查表只适用于 "
            "coal-underground、tailings-pond",
        ),
    ],
)
def test_lint_lists_codes_as_the_language_writes_a_list(
    lang: str,
    problem: str,
    warning: str,
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Chinese lists codes with 、 (as `checklists show` and `template` do): lint's lists of
    clause codes, tags and kinds said 'CR24-12, CR24-13' in a Chinese sentence."""
    monkeypatch.chdir(tmp_path)
    Path("hlj-winter.toml").write_text(UNREACHABLE, encoding="utf-8")
    result = cli(["checklists", "lint", "hlj-winter.toml", "--lang", lang])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [problem]
    assert warning not in result.stderr  # (checklist-format.md: warned of once it has no problem)
    Path("hlj-winter.toml").write_text(UNREACHABLE.replace('"major"', '"general"'), "utf-8")
    result = cli(["checklists", "lint", "hlj-winter.toml", "--lang", lang])
    assert result.exit_code == 0
    assert warning in result.stderr.splitlines()
