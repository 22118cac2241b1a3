"""The loose ends round 21 left: a list of paths that starts with a byte-order mark, a malformed
document's reason in `extract` and `summary`, a count of one said in the plural, a tab typed
into the walk's free text, and an events file named `<stdin>`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

BOM_SAID = {
    "en": [
        "<stdin>:1:1: starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM",
        "minecheck: error: <stdin> starts with a byte-order mark",
    ],
    "zh": [
        "<stdin>:1:1: 以 UTF-8 字节顺序标记（BOM）开头；请另存为不带 BOM 的 UTF-8",
        "minecheck: error: <stdin> 以字节顺序标记（BOM）开头",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "args",
    [["verify", "-"], ["summary", "-"], ["show", "-"], ["export", "-"], ["merge", "-", "-o", "m"]],
    ids=" ".join,
)
def test_a_list_of_paths_that_starts_with_a_byte_order_mark_is_refused_as_the_answers_are(
    cli: Any,
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    args: list[str],
) -> None:
    """A list saved by Notepad as "UTF-8 with BOM" said its first name `\\ufeffa.toml: no such
    file`, a name no one typed. It is refused in the answers file's words (the BOM named at 1:1,
    and how to save without it), before any name in it is looked for; nothing is written."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.toml").write_bytes(b"")
    run = cli([*args, "--lang", lang], input=b"\xef\xbb\xbfa.toml\r\nb.toml\r\n")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == BOM_SAID[lang]
    assert not (tmp_path / "m").exists()


def test_a_list_of_paths_with_a_byte_order_mark_is_one_problem_in_json(
    cli: Any, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli(["verify", "-", "--json"], input=b"\xef\xbb\xbfa.toml\n")
    assert run.exit_code == 2
    said = [(p["code"], p["message"], p["path"], p["line"]) for p in run.json()["problems"]]
    assert said == [
        ("bom", BOM_SAID["en"][0].split(": ", 1)[1], "<stdin>", 1),
        ("input", "<stdin> starts with a byte-order mark", "<stdin>", None),
    ]
