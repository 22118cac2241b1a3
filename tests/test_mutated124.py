"""Mutating the code, round 124: tests that kill the mutants of loose42/loose43/attack46/walk16's
code that the tests already there let live, and the defect one of them showed: a code's
warnings given no reason, beside those given one, were miscounted on the roll-up's lines."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import CREATED, findings, make_merged, person, store_for
from tests.test_loose_ends35 import REF
from tests.test_loose_ends38 import REFUSED, merger
from tests.test_loose_ends42 import work

__all__ = ["merger", "work"]  # the fixtures

MORE = "{n} more untrusted-key warnings are not shown here; --json lists every one"
OF_REASON = "{n} more untrusted-key warnings ({reason}) are not shown here; --json lists every one"
OTHERS = (
    "{n} more untrusted-key warnings of other reasons are not shown here; --json lists every one"
)


@pytest.mark.parametrize(
    ("given", "told", "lines"),
    [
        # three given no reason, then twelve of one reason: ten told, five not (not eight)
        ([None] * 3 + ["a"] * 12, list(range(10)), [MORE.format(n=5)]),
        # twelve given no reason, then one of a reason, told as its reason's first: two not
        ([None] * 12 + ["a"], [*range(10), 12], [MORE.format(n=2)]),
        # two reasons, then five with none: those five counted (they were on no line)
        (
            ["a"] * 12 + ["b"] * 12 + [None] * 5,
            [*range(10), 12],
            [
                OF_REASON.format(n=2, reason="a"),
                OF_REASON.format(n=11, reason="b"),
                OTHERS.format(n=5),
            ],
        ),
        # reasons past the bound and reasonless ones: one line of other reasons for both
        (
            [f"r{r}" for r in range(20)] + [None] * 4,
            list(range(18)),
            [OTHERS.format(n=6)],
        ),
    ],
    ids=["reasonless-first", "one-reason-last", "two-reasons-then-none", "past-the-bound"],
)
def test_a_code_given_reasons_and_none_counts_exactly_the_warnings_not_told(
    given: list[str | None], told: list[int], lines: list[str]
) -> None:
    """Each count line's number is the warnings of its kind the terminal was not told, and
    every warning not told is on one line."""
    from minecheck.cli._rolled import Tally
    from minecheck.i18n import set_language

    set_language("en")
    tally = Tally()
    assert [i for i, reason in enumerate(given) if tally.told("untrusted-key", reason)] == told
    assert list(tally.kind_lines()) == lines


AHEAD = (
    "{name}: signed at {signed}, more than ten minutes after this computer's clock: a file "
    "merged now would say it was signed before a source it holds, and be refused as malformed"
)
AHEAD_HINT = (
    "  hint: check this computer's clock and the signer's (date -u); merge it when this clock "
    "is right"
)
UNTRUSTED = (
    "{name}: the signing key is not in allowed_signers; pass --allow-untrusted to merge it anyway"
)
COUNTED = {  # (the clock's refusals a way of their own since loose ends 45: each way named)
    "en": (
        "5 more untrusted-key problems (the signing key is not in allowed_signers) are not shown "
        "here; --json lists every one"
    ),
    "zh": (
        "另有 5 条 untrusted-key 问题（签名密钥不在 allowed_signers 中）未在此显示；--json 列出全部"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_merge_refusing_files_of_one_status_some_signed_ahead_counts_those_not_told(
    cli: Any, merger: list[str], tmp_path: Path, lang: str
) -> None:
    """Fifteen files signed by a key the trust list does not name, the first three signed an
    hour ahead of this clock (refused for the clock, a way of its own): ten told, and the line
    counts the five not told; it said eight. Exit 2, nothing written."""
    li = person(tmp_path, "li")
    ahead = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(hours=1)
    names = [f"a{i}.toml" for i in range(3)] + [f"u{i:02d}.toml" for i in range(12)]
    for i, name in enumerate(names):
        made = findings(li, ["compliant"] * 3, i, when=ahead if name[0] == "a" else CREATED)
        Path(name).write_bytes(made)
    run = cli(["merge", *names, *merger, "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    lines = run.stderr.splitlines()
    assert lines[-2:] == [COUNTED[lang], REFUSED[lang]]
    assert len(lines) == 3 * 2 + 7 + 2
    if lang == "en":
        signed = ahead.isoformat().replace("+00:00", "Z")
        told = [
            line for n in names[:3] for line in (AHEAD.format(name=n, signed=signed), AHEAD_HINT)
        ]
        assert lines[:-2] == [*told, *(UNTRUSTED.format(name=n) for n in names[3:10])]
    assert not Path("m.toml").exists()


@pytest.mark.parametrize(
    ("past", "line"),
    [
        (1, "1 more malformed problem of other reasons is not shown here; --json lists every one"),
        (
            4,
            "4 more malformed problems of other reasons are not shown here; --json lists every one",
        ),
    ],
)
def test_an_error_s_problems_of_reasons_past_the_bound_are_counted_as_problems(
    past: int, line: str
) -> None:
    """merge's refusal counts its files as problems, those of reasons past the bound too (r15:
    their line said "warnings")."""
    from minecheck.cli._rolled import REASONS_SHOWN, Tally
    from minecheck.i18n import set_language

    set_language("en")
    tally = Tally()
    for r in range(REASONS_SHOWN + past):
        tally.told("malformed", f"r{r}")
    assert list(tally.kind_lines(problems=True)) == [line]


@pytest.mark.parametrize("status", ["malformed", "revoked"])
def test_a_source_s_detail_with_a_line_break_is_still_a_source_s(status: str) -> None:
    """A merged file's detail names its source's, whatever that holds (r19: a line break in it
    made it a way of its own)."""
    from minecheck.cli._rolled import kind_of
    from minecheck.i18n import set_language

    set_language("en")
    detail = f"source m.toml#2 is {status}: the file is\nempty"
    assert kind_of(detail, lambda text: f"<{text}>") == "a source inside it: <the file is\nempty>"


WAYS = [
    # a schema's choices are its own words, in Chinese as a list is (z7); the values left out
    (
        "x must be one of a, b, not c",
        "… must be one of a, b, not …",
        "… 必须是 a、b 之一，而不是 …",
    ),
    # a kind is minecheck's word (z3), found by a template that begins with a field (z8)
    ("inspection.id must be a string", "… must be a string", "… 必须是字符串"),
    # a kind that is no catalogue word is no template's: the text as written (z9)
    ("findings[2].item must be a thing", "findings[2].item must be a thing", None),
    # a detail's way found in turn (z4), and its reason's (z5)
    (
        "source a.toml is malformed: the signature is malformed: armored signature line 2 has "
        "83 characters; base64 is wrapped at exactly 70",
        "source … is malformed: the signature is malformed: armored signature line … has … "
        "characters; base64 is wrapped at exactly …",
        "来源 … 格式有误：签名格式有误：签名块第 … 行有 … 个字符；base64 须恰好每 … 个字符换行",
    ),
    # a source's status is minecheck's word (z2)
    (
        "source a.toml is untrusted-key: the signing key is not in allowed_signers",
        "source … is untrusted-key: the signing key is not in allowed_signers",
        "来源 …（密钥未受信任）：签名密钥不在 allowed_signers 中",
    ),
    # a parser's words are its own (z6)
    ("invalid TOML: Invalid statement", "invalid …: Invalid statement", "… 格式错误：无效的语句"),
    # no template: in Chinese as `Labels.reason` says it (z11)
    (
        "a.b: missing required key k in inspection",
        "a.b: missing required key k in inspection",
        "a.b：检查编号缺少必需的键 k",
    ),
]


@pytest.mark.parametrize(("text", "en", "zh"), WAYS, ids=[w[0][:24] for w in WAYS])
def test_a_reason_s_way_leaves_out_the_file_s_values_and_keeps_minecheck_s_words(
    text: str, en: str, zh: str | None
) -> None:
    """`Labels.way`, in English and Chinese: what a terminal's roll-up names a way by."""
    from minecheck.report.labels import Labels

    assert (Labels("en").way(text), Labels("zh").way(text)) == (en, zh or text)


UNTRUSTED_WAYS = {
    "en": (
        "{name}: the signing key is not in allowed_signers; pass --allow-untrusted to merge it "
        "anyway",
        "1 more untrusted-key problem (the signing key is not in allowed_signers) is not shown "
        "here; --json lists every one",
        "z.toml: source z.toml#1 is untrusted-key: the signing key is not in allowed_signers; "
        "pass --allow-untrusted to merge it anyway",
    ),
    "zh": (
        "{name}: 签名密钥不在 allowed_signers 中；如仍要合并，请加上 --allow-untrusted",
        "另有 1 条 untrusted-key 问题（签名密钥不在 allowed_signers 中）未在此显示；"
        "--json 列出全部",
        "z.toml: 来源 z.toml#1（密钥未受信任）：签名密钥不在 allowed_signers 中；"
        "如仍要合并，请加上 --allow-untrusted",
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_merge_refusing_untrusted_files_two_ways_tells_the_first_of_each(
    cli: Any, merger: list[str], tmp_path: Path, lang: str
) -> None:
    """Eleven files by a key not trusted here, then a merged file by a trusted key holding one
    such: the merged file is told after the ten (a source inside it is the way), and the
    eleventh counted under its way (b5: it was counted, the merged one unseen). Exit 2."""
    li, alice = person(tmp_path, "li"), person(tmp_path, "alice")
    Path("as").write_text(
        Path("as").read_text()
        + Path(f"{alice.key}.pub")
        .read_text()
        .replace("ssh-ed25519", f"{alice.principal} ssh-ed25519", 1)
    )
    names = [f"u{i:02d}.toml" for i in range(11)]
    for i, name in enumerate(names):
        Path(name).write_bytes(findings(li, ["compliant"] * 3, i))
    inner = findings(li, ["compliant"] * 3, 99)
    Path("z.toml").write_bytes(make_merged(alice, [inner], store_for(alice, li)))
    run = cli(["merge", *names, "z.toml", *merger, "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    lines = run.stderr.splitlines()
    assert lines[-2:] == [UNTRUSTED_WAYS[lang][1], REFUSED[lang]]
    assert lines[10] == UNTRUSTED_WAYS[lang][2]
    assert lines[:10] == [UNTRUSTED_WAYS[lang][0].format(name=n) for n in names[:10]]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_event_a_state_refuses_is_counted_under_the_reports_rule(
    cli: Any, work: list[str], lang: str
) -> None:
    """12 extensions not later than the last, then two rejections of a danger still being
    rectified: the rejections' rest counted under the rule the reports name
    (`rejected-not-rectified`; f1: under `not-applied`, no rule)."""
    from tests.test_loose_ends35 import _events

    text, _ = _events(12, 0)
    for hour in range(2):
        text += (
            f'[[event]]\nfinding = "{REF}"\naction = "rejected"\nnote = "no"\n'
            f"at = 2026-11-30T0{hour}:00:00Z\n\n"
        )
    Path("ev.toml").write_text(text)
    run = cli(["followup", "--events", "ev.toml", "-o", "out.toml", "--lang", lang, *work])
    assert (run.exit_code, run.stdout) == (0, "out.toml\n")
    assert run.stderr.splitlines()[-2:] == REJECTED[lang]


REJECTED = {
    "en": [
        "minecheck: warning: 2 more not-applied warnings (extended-not-later) are not shown "
        "here; --json lists every one",
        "minecheck: warning: 1 more not-applied warning (rejected-not-rectified) is not shown "
        "here; --json lists every one",
    ],
    "zh": [
        "minecheck: warning: 另有 2 条 not-applied 警告（extended-not-later）未在此显示；"
        "--json 列出全部",
        "minecheck: warning: 另有 1 条 not-applied 警告（rejected-not-rectified）未在此显示；"
        "--json 列出全部",
    ],
}


def test_a_lock_whose_descriptor_cannot_be_found_is_taken_as_naming_its_file(
    tmp_path: Path,
) -> None:
    """Another filelock, which keeps its descriptor elsewhere: the lock is taken as before, not
    taken again twenty times and kept as the last (d4)."""
    from minecheck.session.draft import _names

    (tmp_path / "x.lock").write_text("")
    assert _names(tmp_path / "x.lock", object()) is True


@pytest.mark.parametrize("pid", [True, False], ids=["its-pid", "no-pid"])
def test_a_draft_held_elsewhere_names_an_id_not_in_composed_form_as_such(
    tmp_path: Path, pid: bool
) -> None:
    """`e` + U+0301 and `é` look alike: the refusal marks the one not in composed form
    (d10, d11: the id bare), with the holder's process where its lock file names it."""
    from minecheck.errors import UsageError
    from minecheck.session.draft import DraftLock

    draft = "caf" + "e\u0301"
    held = DraftLock(tmp_path, draft)
    held.acquire()
    try:
        if not pid:
            held.path.write_text("")  # (the instant before its holder writes its pid)
        with pytest.raises(UsageError) as refused:
            DraftLock(tmp_path, draft).acquire()
        by = f" (process {os.getpid()})" if pid else ""
        assert str(refused.value) == (
            f"draft {draft} (not in composed form) is open in another minecheck{by}"
        )
        assert refused.value.hint == "finish or quit that one first"
    finally:
        held.release()


def test_getpass_reads_as_it_did_once_the_passphrase_is_read() -> None:
    """`passphrase_read_woken` gives getpass its own read back when it ends (p7: it kept the
    waiting one)."""
    import getpass

    from minecheck.portable import passphrase_read_woken

    own = getattr(getpass, "_raw_input", None)
    with passphrase_read_woken():
        assert getattr(getpass, "_raw_input", None) is not own or own is None
    assert getattr(getpass, "_raw_input", None) is own
