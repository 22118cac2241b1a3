"""A list of codes or names in a message is written as the language writes a list: `a, b` in
English, `a、b` in Chinese. Each message joined its list with `, ` before it was translated, so a
Chinese line read `compliant, noncompliant, not-applicable` inside Chinese words, where
`checklists show`, `template` and lint write `、`."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import pytest

from minecheck.core.checklist import TAGS
from minecheck.core.documents import MODES, RESULTS
from tests.conftest import Run
from tests.test_contract4 import MINI

COMMA = {"en": ", ", "zh": "、"}


class Cli(Protocol):
    def __call__(self, args: list[str], input: str | None = None) -> Run: ...


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_result_not_known_names_the_results_as_a_list(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_text('[answers]\n"gas-check-genuine" = "maybe"\n', encoding="utf-8")
    run = cli(["inspect", str(MINI), "--site", "S", "--answers", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    choices = COMMA[lang].join(RESULTS)
    said = {
        "en": f"result must be one of {choices}, not 'maybe'",
        "zh": f"结论必须是 {choices} 之一，而不是“maybe”",
    }[lang]
    assert said in run.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_unknown_tag_and_mode_list_the_known_ones_as_the_language_does(
    cli: Cli, lang: str
) -> None:
    run = cli(["inspect", str(MINI), "--site", "S", "--tag", "winterish", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    tags = COMMA[lang].join(TAGS)
    assert {"en": f"known tags: {tags}", "zh": f"已知的标签：{tags}"}[lang] in run.stderr
    run = cli(["inspect", str(MINI), "--site", "S", "--mode", "sometimes", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    modes = COMMA[lang].join(MODES)
    assert {"en": f"modes: {modes}", "zh": f"检查方式：{modes}"}[lang] in run.stderr
