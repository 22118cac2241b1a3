"""`minecheck checklists list | show | lint` (cli/checklists.py), as a checklist author or an
inspector meets them: the figures and titles of the list, the conditions `show` gives an
item, and which files `lint` reads."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DATA, Run

Cli = Callable[..., Run]
MINI = DATA / "checklists" / "valid" / "mini-check.toml"


def install_mini(home: Path) -> None:
    user = home / "checklists"
    user.mkdir(parents=True)
    (user / "mini-check.toml").write_bytes(MINI.read_bytes())


def test_the_list_counts_items_and_major_items(cli: Cli, isolated_home: Path) -> None:
    """mini-check has three items, two of them major: ITEMS 3, MAJOR 2."""
    install_mini(isolated_home)
    run = cli(["checklists", "list", "--json"])
    assert run.exit_code == 0, run.stderr
    row = {c["id"]: c for c in run.json()["data"]["checklists"]}["mini-check"]
    assert (row["items"], row["major"]) == (3, 2)


def test_the_list_gives_each_title_in_the_language_asked_for(
    cli: Cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    install_mini(isolated_home)
    rows = {}
    for lang in ("en", "zh"):
        run = cli(["checklists", "list", "--lang", lang])
        assert run.exit_code == 0, run.stderr
        rows[lang] = next(line for line in run.stdout.splitlines() if "mini-check" in line)
    assert rows["en"].split()[1:] == ["1", "3", "2", "Mini", "check"]
    assert rows["zh"].split()[1:] == ["1", "3", "2", "小检查"]


def test_show_gives_an_item_that_needs_every_tag_its_condition(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An item with `applies_if_all` says which tags it needs, all of them, in both languages."""
    monkeypatch.setenv("COLUMNS", "300")
    text = MINI.read_text("utf-8")
    assert 'applies_if = ["outburst"]' in text
    path = tmp_path / "mini-check.toml"
    path.write_text(
        text.replace('applies_if = ["outburst"]', 'applies_if_all = ["outburst", "high-gas"]'),
        "utf-8",
    )
    en = cli(["checklists", "show", str(path), "--lang", "en"])
    assert en.exit_code == 0, en.stderr
    assert "(if all of outburst + high-gas)" in en.stdout
    zh = cli(["checklists", "show", str(path), "--lang", "zh"])
    assert zh.exit_code == 0, zh.stderr
    assert "（同时具备煤与瓦斯突出（outburst） + 高瓦斯（high-gas））" in zh.stdout


def test_lint_reads_a_checklist_named_as_a_pipe(cli: Cli, tmp_path: Path) -> None:
    """A file named on the command line may be a pipe (`lint <(...)`): it is read, not refused
    (only a pipe met inside a named directory is passed over, so that nothing waits on it)."""
    fifo = tmp_path / "mini-check.toml"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("wb") as fh:
            fh.write(MINI.read_bytes())

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    run = cli(["checklists", "lint", str(fifo)])
    writer.join(timeout=10)
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", "1 file checked, 0 problems\n")


def test_lint_of_a_checklist_saved_as_gb18030_says_how_to_convert_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The problem on stdout (the lines a script reads), the command that converts the file on
    stderr under it, in either language."""
    monkeypatch.chdir(tmp_path)
    Path("mini-check.toml").write_bytes(MINI.read_text("utf-8").encode("gb18030"))
    command = "mkdir -p utf-8 && iconv -f GB18030 -t UTF-8 mini-check.toml > utf-8/mini-check.toml"
    run = cli(["checklists", "lint", "mini-check.toml", "--lang", "en"])
    assert (run.exit_code, run.stdout) == (
        1,
        "mini-check.toml:5:14: not UTF-8: byte 0xbc cannot be decoded\n",
    )
    assert run.stderr == (
        f"  hint: it reads as GB18030 text: convert it to UTF-8 with:\n    {command}\n"
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)\n"
        "1 file checked, 1 problem\n"
    )
    run = cli(["checklists", "lint", "mini-check.toml", "--lang", "zh"])
    assert (run.exit_code, run.stdout) == (
        1,
        "mini-check.toml:5:14: 不是 UTF-8：字节 0xbc 无法解码\n",
    )
    assert run.stderr == (
        f"  hint: 它可按 GB18030 编码读出：请用以下命令转换为 UTF-8：\n    {command}\n"
        "  或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）\n"
        "已检查 1 个文件，发现 1 个问题\n"
    )
