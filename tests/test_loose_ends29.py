"""Loose ends, round 29: `verify --json`'s counts reach the total its text says (a file not
read counted under `unreadable`); site codes alike once full-width forms are folded said as
alike (`HLJ－0001` beside `HLJ-0001`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers_merge import Who
from tests.test_cli_keys_trust import Cli
from tests.test_loose_ends27 import _alike, people

__all__ = ["people"]  # the fixture


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


ALIKE_SAID = {
    "en": "minecheck: warning: site codes {codes} differ only in letter case, in full-width "
    "forms or in blanks at their ends: reports count them as 2 sites, and do not see separate "
    "inspections or repeat majors across them\n"
    "  hint: write each site's code one way in every inspection of it\n",
    "zh": "minecheck: warning: 单位编码 {codes} 仅大小写、全角半角或首尾空白不同："
    "报告将其计为 2 个单位，看不到它们之间的分次检查和重复重大隐患\n"
    "  hint: 同一单位的每次检查请用同一写法填写其编码\n",
}
# a full-width hyphen (a Chinese input method's), full-width letters and digits, both
FULL_WIDTH = ["HLJ\uff0d0001", "\uff28\uff2c\uff2a-\uff10\uff10\uff10\uff11", "\uff48lj\uff0d0001"]


def _said(lang: str, code: str) -> str:
    joiner = {"en": ", ", "zh": "、"}[lang]
    return ALIKE_SAID[lang].format(codes=joiner.join(f"'{c}'" for c in sorted(["HLJ-0001", code])))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("code", FULL_WIDTH)
@pytest.mark.parametrize("report", [["summary"], ["summary", "--no-cache"]])
def test_a_summary_warns_of_site_codes_alike_once_full_width_forms_are_folded(
    tmp_path: Path, people: dict[str, Who], cli: Cli, lang: str, code: str, report: list[str]
) -> None:
    """HLJ－0001 (typed with a Chinese input method's hyphen) beside HLJ-0001 was two sites in
    every count, and the warning for codes written apart did not see it: each code is still
    said as written."""
    files, trust = _alike(tmp_path, people, code)
    for _ in ("cold", "warm"):  # (the second from the cache and the summary's memo)
        run = cli([*report, *files, *trust, "--lang", lang])
        assert (run.exit_code, run.stderr) == (0, _said(lang, code))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("code", FULL_WIDTH)
def test_merge_warns_of_site_codes_alike_once_full_width_forms_are_folded(
    tmp_path: Path, people: dict[str, Who], cli: Cli, lang: str, code: str
) -> None:
    files, trust = _alike(tmp_path, people, code)
    coord = people["coord"]
    merged = tmp_path / "merged.toml"
    run = cli(
        [
            *("merge", *files, "-o", str(merged), *trust, "--lang", lang),
            *("--key", str(coord.key), "--signer", coord.principal),
        ]
    )
    assert (run.exit_code, run.stderr) == (0, _said(lang, code))  # (each code as written)
    assert merged.is_file()


def test_codes_alike_only_by_full_width_forms_are_one_group_and_others_none() -> None:
    from minecheck.core.sites import codes_alike

    assert codes_alike(["HLJ-0001", "HLJ\uff0d0001", "hlj-0001 ", "HLJ-0002"]) == [
        ("HLJ-0001", "HLJ\uff0d0001", "hlj-0001 ")
    ]
    assert codes_alike(["HLJ-0001", "HLJ-0002", "HLJ\uff0d0003"]) == []
