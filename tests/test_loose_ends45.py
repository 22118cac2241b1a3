"""Loose ends 45: the walk's offer to resume and `drafts discard`'s question name a draft as
`drafts list` shows it (the shortest start that names it alone), and merge's clock refusal is
told as a way of its own among the refusals of its status."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.checklist import load_checklist
from minecheck.session import draft as drafts
from tests.helpers_merge import CREATED, findings, person
from tests.test_cli_walk_rules import inspect, started
from tests.test_cli_walk_rules import keys as keys  # (a fixture: the keys pressed)
from tests.test_inspect_scripted import CHECKLIST
from tests.test_inspect_scripted import work as work  # (a fixture: Alice's key, trusted)
from tests.test_loose_ends38 import REFUSED
from tests.test_loose_ends38 import merger as merger  # (a fixture: merge's key, trust list)
from tests.test_loose_ends44 import renamed
from tests.test_session_unit import new_draft

OURS, THEIRS = "12345678-aaaa", "12345678-bbbb"  # (their first 8 alike)

OFFER = {
    "en": f"An unfinished draft of this checklist and site exists ({OURS[:10]}, 1 answer).",
    "zh": f"本检查表和被检查单位有一份未完成的草稿（{OURS[:10]}，已答 1 项）。",
}


def _beside(directory: Path, site: str = "Mine B") -> None:
    """Another draft whose id begins as `OURS` does (of another site: not the one offered)."""
    draft = replace(new_draft(load_checklist(CHECKLIST), Path("b.toml")), id=THEIRS, site=site)
    drafts.save(directory, draft)


@pytest.mark.usefixtures("work")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_offer_to_resume_names_the_draft_as_drafts_list_shows_it(
    cli: Any, keys: list[str], tmp_path: Path, isolated_home: Path, lang: str
) -> None:
    """The site's draft `12345678-aaaa` beside another draft `12345678-bbbb`: the offer said
    `exists (12345678, 1 answer)`, which names either (and `drafts resume 12345678` calls it
    ambiguous). It names the draft as `drafts list` shows it: `12345678-a`."""
    started(cli, keys, tmp_path / "a.toml")
    directory = isolated_home / "drafts"
    renamed(directory, OURS)
    _beside(directory)
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), "--lang", lang, typed="y\nq\n")
    assert run.exit_code == 0, run.stderr
    assert OFFER[lang] in run.stderr.splitlines()
    listed = cli(["drafts", "list", "--lang", lang])
    cells = [line.split()[0] for line in listed.stdout.splitlines() if "mini-check" in line]
    assert sorted(cells) == [OURS[:10], THEIRS[:10]]  # (as the offer names it)


QUESTION = {
    "en": "Discard draft {id} (Mine A, 0 answers)? [y/N] nothing was discarded\n",
    "zh": "删除草稿 {id}（Mine A，已回答 0 项）？[y/N] 未删除任何内容\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_discard_s_question_names_the_draft_as_drafts_list_shows_it(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`drafts discard 12345678-a` beside `12345678-bbbb` asked `Discard draft 12345678 (...)?`,
    which names either draft: the user could not tell which one would go. It names it as
    `drafts list` shows it, `12345678-a`; nothing goes on `n` (exit 0)."""
    monkeypatch.setattr("minecheck.cli.drafts.stdin_is_tty", lambda: True)
    directory = isolated_home / "drafts"
    drafts.save(directory, replace(new_draft(load_checklist(CHECKLIST), Path("a.toml")), id=OURS))
    _beside(directory, site="Mine A")
    run = cli(["drafts", "discard", "--lang", lang, OURS[:10]], input="n\n")
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr == QUESTION[lang].format(id=OURS[:10])
    assert sorted(path.stem for path in directory.glob("*.toml")) == [OURS, THEIRS]


AHEAD = {
    "en": (
        "{name}: signed at {signed}, more than ten minutes after this computer's clock: a file "
        "merged now would say it was signed before a source it holds, and be refused as malformed"
    ),
    "zh": (
        "{name}: 签名时间 {signed} 比本机时钟晚 10 分钟以上：现在合并出的文件将声称签于它所含的来源"
        "之前，会被判为格式有误"
    ),
}
AHEAD_HINT = {
    "en": (
        "  hint: check this computer's clock and the signer's (date -u); merge it when this "
        "clock is right"
    ),
    "zh": "  hint: 请检查本机和签名人的时钟（date -u）；本机时钟正确后再合并",
}
UNTRUSTED = {
    "en": (
        "{name}: the signing key is not in allowed_signers; pass --allow-untrusted to merge it "
        "anyway"
    ),
    "zh": "{name}: 签名密钥不在 allowed_signers 中；如仍要合并，请加上 --allow-untrusted",
}
AHEAD_WAY = {
    "en": (
        "signed at …, more than ten minutes after this computer's clock: a file merged now "
        "would say it was signed before a source it holds, and be refused as malformed"
    ),
    "zh": (
        "签名时间 … 比本机时钟晚 10 分钟以上：现在合并出的文件将声称签于它所含的来源之前，"
        "会被判为格式有误"
    ),
}
ONE_MORE = {
    "en": "1 more untrusted-key problem ({way}) is not shown here; --json lists every one",
    "zh": "另有 1 条 untrusted-key 问题（{way}）未在此显示；--json 列出全部",
}
NOT_YET = {
    "en": "2 more key-not-yet-valid problems are not shown here; --json lists every one",
    "zh": "另有 2 条 key-not-yet-valid 问题未在此显示；--json 列出全部",
}
NOT_TRUSTED = {
    "en": "the signing key is not in allowed_signers",
    "zh": "签名密钥不在 allowed_signers 中",
}


def _ahead() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(hours=1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_merge_tells_the_first_file_signed_ahead_among_untrusted_ones_with_its_hint(
    cli: Any, merger: list[str], tmp_path: Path, lang: str
) -> None:
    """Eleven files by a key the trust list does not name, then two by it signed an hour
    ahead of this clock: those two were refused with no reason of their own, so they rolled
    with the untrusted-key files, were never told, and their hint never given. The first is
    told (with its hint) after the ten, and each way's rest is counted on its own line, the
    clock's by its way (its time left out). Exit 2, nothing written."""
    li = person(tmp_path, "li")
    ahead = _ahead()
    names = [f"u{i:02d}.toml" for i in range(11)] + ["a0.toml", "a1.toml"]
    for i, name in enumerate(names):
        made = findings(li, ["compliant"] * 3, i, when=ahead if name[0] == "a" else CREATED)
        Path(name).write_bytes(made)
    run = cli(["merge", *names, *merger, "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    signed = ahead.isoformat().replace("+00:00", "Z")
    one = ONE_MORE[lang]
    assert run.stderr.splitlines() == [
        *(UNTRUSTED[lang].format(name=name) for name in names[:10]),
        AHEAD[lang].format(name="a0.toml", signed=signed),
        AHEAD_HINT[lang],
        one.format(way=NOT_TRUSTED[lang]),
        one.format(way=AHEAD_WAY[lang]),
        REFUSED[lang],
    ]
    assert not Path("m.toml").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_merge_tells_a_trusted_signer_s_files_signed_ahead_with_their_hint(
    cli: Any, merger: list[str], tmp_path: Path, lang: str
) -> None:
    """Twelve files by a trusted signer, signed an hour ahead (the verifier's status for them:
    key-not-yet-valid): ten told, each with its hint (mut124 once saw none), the rest counted,
    with no way named as they are all one way. Exit 2, nothing written."""
    alice = person(tmp_path, "alice")
    public = Path(f"{alice.key}.pub").read_text()
    trusted = public.replace("ssh-ed25519", f"{alice.principal} ssh-ed25519", 1)
    Path("as").write_text(Path("as").read_text() + trusted)
    ahead = _ahead()
    names = [f"a{i:02d}.toml" for i in range(12)]
    for i, name in enumerate(names):
        Path(name).write_bytes(findings(alice, ["compliant"] * 3, i, when=ahead))
    run = cli(["merge", *names, *merger, "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    signed = ahead.isoformat().replace("+00:00", "Z")
    told = [AHEAD[lang].format(name=name, signed=signed) for name in names[:10]]
    rest = NOT_YET[lang]  # (a trusted key's file signed ahead: the verifier's status)
    assert run.stderr.splitlines() == [
        *(line for said in told for line in (said, AHEAD_HINT[lang])),
        rest,
        REFUSED[lang],
    ]
