"""The Chinese template's comments in Chinese marks (a reading's unit and limit)."""

from __future__ import annotations

from pathlib import Path

from tests.test_inspect_pty import Terminal


def test_the_chinese_template_says_a_reading_s_unit_and_limit_with_a_chinese_comma(
    tmp_path: Path, isolated_home: Path
) -> None:
    """`读数：%CH4, ≤ 1 %CH4` had an ASCII comma where the rest of the comment is in Chinese
    marks (`：`, `；`, `（）`); English keeps its `, `. Comments only: the answers are the same."""
    term = Terminal(isolated_home, tmp_path)
    tags = ("--tag", "coal-underground", "--tag", "high-gas")
    made = {
        lang: term.run("checklists", "template", "coal-major-hidden-dangers", *tags, "--lang", lang)
        for lang in ("zh", "en")
    }
    assert all(result.returncode == 0 for result in made.values())
    assert (
        "# 等级：一般（general）；读数：%CH4，≤ 1 %CH4；佐证：必须提供（required）\n"
        in made["zh"].stdout
    )
    assert "%CH4, ≤ 1 %CH4" not in made["zh"].stdout
    assert "reading: %CH4, ≤ 1 %CH4; " in made["en"].stdout
    answers = [
        [x for x in result.stdout.splitlines() if not x.startswith("#")] for result in made.values()
    ]
    assert answers[0] == answers[1]
