"""Loose ends, round 29: `verify --json`'s counts reach the total its text says (a file not
read counted under `unreadable`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_cli_keys_trust import Cli


def _a_malformed_and_two_unread(folder: Path) -> tuple[Path, Path, Path]:
    """A file read and found malformed, a link to nothing (left unread by the walk), and one
    that is gone when its turn comes (left unread by the reading)."""
    folder.mkdir()
    malformed, dangling, gone = folder / "a.toml", folder / "b.toml", folder / "c.toml"
    malformed.write_text("x = 1\n")
    dangling.symlink_to("nowhere")
    gone.write_text("x = 1\n")
    return malformed, dangling, gone


@pytest.fixture
def gone_when_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each file named `c.toml` is removed just before it is read (an archive tidied meanwhile)."""
    from minecheck.report import verdicts

    real = verdicts.check_files

    def removed_first(paths: list[str], *args: object, **kwargs: object) -> Iterator[object]:
        for path in paths:
            if path.endswith("c.toml"):
                Path(path).unlink()
                yield verdicts.Unread(path)
            else:
                yield from real([path], *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(verdicts, "check_files", removed_first)


@pytest.mark.parametrize(
    ("lang", "total"),
    [
        ("en", "3 documents: 1 malformed, 2 unreadable\n"),
        ("zh", "共 3 份文件：文件格式错误 1 份，无法读取 2 份\n"),
    ],
)
def test_verify_json_counts_the_files_not_read_so_its_counts_reach_the_text_total(
    cli: Cli, tmp_path: Path, isolated_home: Path, gone_when_read: None, lang: str, total: str
) -> None:
    """The text's total counts the files not read, and `data.counts` left them out: a script
    adding up the counts found 1 document of 3. They are counted under `unreadable` (the
    status a summary's `documents` gives them), so the counts add up to the total."""
    docs = tmp_path / "docs"
    _a_malformed_and_two_unread(docs)
    text = cli(["verify", "--lang", lang, str(docs)])
    assert (text.exit_code, text.stderr.endswith(total)) == (2, True)

    _a_malformed_and_two_unread(tmp_path / "again")
    run = cli(["verify", "--json", "--lang", lang, str(tmp_path / "again")])
    envelope = run.json()
    assert (run.exit_code, run.stderr, envelope["exit_code"]) == (2, "", 2)
    assert envelope["data"]["counts"] == {"malformed": 1, "unreadable": 2}
    assert sum(envelope["data"]["counts"].values()) == 3  # (the total the text says)
    assert [p["path"] for p in envelope["problems"] if p["code"] == "unreadable"] == [
        str(tmp_path / "again" / "b.toml"),
        str(tmp_path / "again" / "c.toml"),
    ]


def test_verify_json_counts_have_no_unreadable_key_where_every_file_was_read(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    """As every status: a key only for what there is (the text says no "0 unreadable")."""
    (tmp_path / "a.toml").write_text("x = 1\n")
    envelope = cli(["verify", "--json", str(tmp_path / "a.toml")]).json()
    assert envelope["data"]["counts"] == {"malformed": 1}
