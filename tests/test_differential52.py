"""Round 52's differential: the session's start beside its end. Every difference it found
matched a section of the session's record (loose41, attack45, loose42, loose43, attack46);
what is pinned here is where those sections meet, which no one section's tests ran: a merge
refused in every way at once (loose42's ways, loose43's kinds of a source inside a merged file,
each told once and each kind's rest on its own line), and `drafts list` of every kind of
damaged draft at once (attack45's hints, loose43's mark), each warning with its own hint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import allowed_signers, findings, make_merged, person, store_for
from tests.test_loose_ends38 import REFUSED
from tests.test_loose_ends43 import MERGED_WAYS, _sha

UPGRADE = Path(__file__).parent / "data" / "upgrade"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_merge_refused_in_every_way_at_once_tells_each_way_once(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Twelve merged files with an empty source, one with a source that is no document, twelve
    empty files, one that is no TOML, one signer not trusted, one file changed after signing:
    ten of the first way told, then the first of each other way, each way's rest counted on
    its own line (the start counted all 16 on one line, the other ways unseen); exit 2."""
    monkeypatch.chdir(tmp_path)
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    allowed_signers(Path("trust"), alice)
    good, store = findings(alice, ["compliant"] * 3), store_for(alice)
    merged = [f"m{i:02d}.toml" for i in range(12)]
    for name in merged:
        Path(name).write_bytes(make_merged(alice, [good, b""], store))
    Path("x.toml").write_bytes(make_merged(alice, [good, b"garbage [\n"], store))
    empty = [f"e{i:02d}.toml" for i in range(12)]
    for name in empty:
        Path(name).write_bytes(b"")
    Path("g.toml").write_bytes(b"garbage [\n")
    Path("u.toml").write_bytes(findings(bob, ["compliant"] * 3))
    Path("changed.toml").write_bytes(good.replace(b"compliant", b"Compliant", 1))
    files = [*merged, "x.toml", *empty, "g.toml", "u.toml", "changed.toml"]
    options = ["-o", "out.toml", "--key", str(alice.key), "--signer", alice.principal]
    run = cli(["merge", *files, *options, "--allowed-signers", "trust", "--lang", lang])
    assert (run.exit_code, run.stdout, Path("out.toml").exists()) == (2, "", False)
    source_empty, other, hint, _ = MERGED_WAYS[lang]
    at = {bad: 1 + (_sha(good) < _sha(bad)) for bad in (b"", b"garbage [\n")}  # (sha order)
    told = [
        line
        for name in merged[:10]
        for line in [
            source_empty.format(name=name, n=at[b""]),
            *hint.format(name=name).splitlines(),
        ]
    ]
    told += [other.format(n=at[b"garbage [\n"]), *hint.format(name="x.toml").splitlines()]
    assert run.stderr.splitlines() == [*told, *EVERY_WAY[lang], REFUSED[lang]]


EVERY_WAY = {
    "en": [
        "e00.toml: the file is empty",
        "g.toml: not a minecheck document",
        "u.toml: the signing key is not in allowed_signers; pass --allow-untrusted to merge it "
        "anyway",
        "changed.toml: the signature does not match the content: the file was changed after "
        "signing",
        "2 more malformed problems (a source inside it: the file is empty) are not shown here; "
        "--json lists every one",
        "11 more malformed problems (the file is empty) are not shown here; --json lists every one",
    ],
    "zh": [
        "e00.toml: 文件为空",
        "g.toml: 不是 minecheck 文件",
        "u.toml: 签名密钥不在 allowed_signers 中；如仍要合并，请加上 --allow-untrusted",
        "changed.toml: 签名与内容不符：文件在签名后被改动过",
        "另有 2 条 malformed 问题（其中一份来源：文件为空）未在此显示；--json 列出全部",
        "另有 11 条 malformed 问题（文件为空）未在此显示；--json 列出全部",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_drafts_list_of_every_kind_of_damaged_draft_gives_each_its_own_hint(
    cli: Any, isolated_home: Path, lang: str
) -> None:
    """A draft whose id is not its file's name, one whose name ends in a line break beside
    `a`, one not TOML, and `é` composed and not: each warned once, in order, each with the
    hint that names it and no other; nothing on stdout, exit 0."""
    directory = isolated_home / "drafts"
    directory.mkdir(parents=True)
    wrong = "11111111-1111-4111-8111-111111111111"
    draft = (UPGRADE / "draft-department-2024.1.toml").read_bytes()
    (directory / f"{wrong}.toml").write_bytes(draft)
    for name in ("a\n", "a", "e\u0301", "x", "\u00e9"):
        (directory / f"{name}.toml").write_bytes(b"[draft\n")
    run = cli(["drafts", "list", "--lang", lang])
    assert (run.exit_code, run.stdout) == (0, "")
    expected = "\n".join(ALL_DAMAGED[lang]).format(dir=directory, wrong=wrong).splitlines()
    assert run.stderr.splitlines() == expected


ALL_DAMAGED = {
    "en": [
        "minecheck: warning: {dir}/{wrong}.toml: draft {wrong} is damaged (draft.id "
        "'71f98c9f-fa45-4c32-a67f-103745cf0e9f' is not the draft's file name); it was left as "
        "it is",
        "  hint: it cannot be resumed; discard it with:",
        "    minecheck drafts discard {wrong}",
        "minecheck: warning: {dir}/a\\u000a.toml: draft 'a\\u000a' is damaged (not valid TOML); "
        "it was left as it is",
        "  hint: it cannot be resumed, and no command can name its id (it ends in a line "
        "break): remove its file with:",
        "    rm -- \"$(printf %b '{dir}/a\\0012.toml')\"",
        "minecheck: warning: {dir}/a.toml: draft a is damaged (not valid TOML); it was left as "
        "it is",
        "  hint: it cannot be resumed; discard it with:",
        "    minecheck drafts discard a",
        "minecheck: warning: {dir}/e\u0301.toml: draft e\u0301 (not in composed form) is "
        "damaged (not valid TOML); it was left as it is",
        "  hint: it cannot be resumed; discard it with:",
        "    minecheck drafts discard \"$(printf %b 'e\\0314\\0201')\"",
        "minecheck: warning: {dir}/x.toml: draft x is damaged (not valid TOML); it was left as "
        "it is",
        "  hint: it cannot be resumed; discard it with:",
        "    minecheck drafts discard x",
        "minecheck: warning: {dir}/\u00e9.toml: draft \u00e9 is damaged (not valid TOML); it "
        "was left as it is",
        "  hint: it cannot be resumed; discard it with:",
        "    minecheck drafts discard '\u00e9'",
        "no unfinished inspections",
    ],
    "zh": [
        "minecheck: warning: {dir}/{wrong}.toml：草稿 {wrong} 已损坏（draft.id "
        "'71f98c9f-fa45-4c32-a67f-103745cf0e9f' 与草稿文件名不符）；已原样保留",
        "  hint: 它无法继续；删除它请运行：",
        "    minecheck drafts discard --lang zh {wrong}",
        "minecheck: warning: {dir}/a\\u000a.toml：草稿 'a\\u000a' 已损坏"
        "（不是有效的 TOML）；已原样保留",
        "  hint: 它无法继续，且其标识以换行结尾，任何命令都无法指明它：删除其文件请运行：",
        "    rm -- \"$(printf %b '{dir}/a\\0012.toml')\"",
        "minecheck: warning: {dir}/a.toml：草稿 a 已损坏（不是有效的 TOML）；已原样保留",
        "  hint: 它无法继续；删除它请运行：",
        "    minecheck drafts discard --lang zh a",
        "minecheck: warning: {dir}/e\u0301.toml：草稿 e\u0301（未按 NFC 规范组合） 已损坏"
        "（不是有效的 TOML）；已原样保留",
        "  hint: 它无法继续；删除它请运行：",
        "    minecheck drafts discard --lang zh \"$(printf %b 'e\\0314\\0201')\"",
        "minecheck: warning: {dir}/x.toml：草稿 x 已损坏（不是有效的 TOML）；已原样保留",
        "  hint: 它无法继续；删除它请运行：",
        "    minecheck drafts discard --lang zh x",
        "minecheck: warning: {dir}/\u00e9.toml：草稿 \u00e9 已损坏（不是有效的 TOML）；已原样保留",
        "  hint: 它无法继续；删除它请运行：",
        "    minecheck drafts discard --lang zh '\u00e9'",
        "没有未完成的检查",
    ],
}
