"""Tables on a narrow terminal, or at 80 columns with long words: a column is never narrower
than its longest word (up to 32 cells), so a flag, an item id or a header is never broken in
two; a fingerprint, copied whole to revoke a key, is never broken at all. Where the columns do
not fit so, each row is shown one field per line."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from minecheck.cli._table import WHOLE_WORD
from minecheck.core.checklist import load_checklist
from minecheck.paths import bundled_checklists_dir
from tests.helpers_merge import allowed_signers, findings, person


def test_show_keeps_a_finding_s_flags_whole_at_70_columns(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`open [overdue, no-enforcement]` was `open [overdue,` / `no-enforcement` / `]` and, with
    one flag, `[no-enforcemen` / `t]`: a screen reader read two words that are not words."""
    monkeypatch.setenv("COLUMNS", "70")
    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    doc = tmp_path / "a.toml"
    bad = ["noncompliant"] * 3
    doc.write_bytes(findings(alice, bad, deadline=dt.date(2026, 12, 1), description="x " * 30))
    args = ["--allowed-signers", str(trust), "--lang", "en", "--as-of", "2026-12-05"]
    run = cli(["show", str(doc), *args])
    assert (run.exit_code, run.stderr) == (0, "")
    for word in ("open", "[overdue,", "no-enforcement]"):
        assert any(word in line.split() for line in run.stdout.splitlines()), word
    assert "no-enforcemen\n" not in run.stdout.replace(" ", "")


@pytest.mark.parametrize(("width", "lang"), [(50, "en"), (50, "zh"), (60, "en"), (80, "zh")])
def test_checklists_show_never_breaks_an_item_id(
    cli: Any, monkeypatch: pytest.MonkeyPatch, width: int, lang: str
) -> None:
    """At 50 columns `output-within-capacity` was `output-within` / `-capacity`: an id that
    cannot be searched for or typed as shown."""
    monkeypatch.setenv("COLUMNS", str(width))
    run = cli(["checklists", "show", "coal-major-hidden-dangers", "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    path = bundled_checklists_dir() / "coal-major-hidden-dangers.toml"
    # (a longer id is folded whatever the width: two of the 90 are of 33 and 38 characters)
    ids = [item.id for item in load_checklist(path).items if len(item.id) <= WHOLE_WORD]
    whole = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", run.stdout)]
    assert whole == ids
    header = {"en": "REQUIREMENT", "zh": "检查内容"}[lang]
    assert re.search(rf"(^|\s){header}(:|：|\s|$)", run.stdout, re.M), header


@pytest.mark.parametrize("width", [60, 80, 100])
def test_keys_list_shows_a_fingerprint_on_one_line(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """At 80 columns the fingerprint `trust revoke` takes was folded over three lines."""
    monkeypatch.setenv("MINECHECK_PASSPHRASE", "a passphrase")
    made = cli(["keys", "generate", "--principal", "wang.wei@hlj.example", "--json"])
    assert made.exit_code == 0, made.stdout
    monkeypatch.setenv("COLUMNS", str(width))
    run = cli(["keys", "list", "--lang", "en"])
    assert (run.exit_code, run.stderr) == (0, "")
    fingerprint = re.search(r"SHA256:\S+", made.stdout)
    assert fingerprint is not None
    assert fingerprint.group(0).rstrip('",') in run.stdout.split()
    assert "FINGERPRINT" in run.stdout


@pytest.mark.parametrize(
    ("width", "lang", "said"),
    [
        (140, "en", ["DEFAULT", "PRINCIPAL", "FINGERPRINT", "PATH"]),
        (60, "en", ["DEFAULT: yes", "DEFAULT: no"]),
        (140, "zh", ["默认", "签名身份"]),
        (60, "zh", ["默认：是", "默认：否"]),
    ],
)
def test_keys_list_says_which_key_is_the_default_in_words(
    cli: Any, monkeypatch: pytest.MonkeyPatch, width: int, lang: str, said: list[str]
) -> None:
    """The default key was marked `*` in a column without a header: read aloud "star", and one
    field a line a `*` on a line of its own, said of nothing."""
    monkeypatch.setenv("MINECHECK_PASSPHRASE", "a passphrase")
    for who, default in (("wang.wei@hlj.example", "--default"), ("li.na@hlj.example", "")):
        args = ["keys", "generate", "--principal", who, "--json"]
        assert cli([*args, default] if default else args).exit_code == 0
    monkeypatch.setenv("COLUMNS", str(width))
    run = cli(["keys", "list", "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    lines = [line.strip() for line in run.stdout.splitlines()]
    if width > 100:  # a table: the headers, then a row a key
        assert lines[1].split()[: len(said)] == said
        words = {"en": ("yes", "no"), "zh": ("是", "否")}[lang]
        firsts = [line.split()[0] for line in lines[3:] if line]  # (a path may fold)
        assert sorted(x for x in firsts if x in words) == sorted(words)
        assert firsts[0] in words
    else:
        assert [line for line in lines if line in said] == said
    assert "*" not in run.stdout
