"""Loose ends 43: a terminal is told each kind of reason files were refused or left out for, once.
A merged input holding a malformed source gave merge's roll-up no reason, and files left out for
statuses other than `malformed` none either: ten of one kind hid another kind of the same
status (a file's own key, a source's inside a merged file), which was only counted."""

from __future__ import annotations

import hashlib
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from minecheck.cli._rolled import kind_of
from tests.helpers_merge import Who, findings, make_merged, person, store_for
from tests.test_author_archive import _month_end
from tests.test_differential51 import month
from tests.test_loose_ends38 import REFUSED, merger

__all__ = ["merger", "month"]  # the fixtures


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_merge_refusing_merged_files_whose_sources_are_malformed_two_ways_names_each_way(
    cli: Any, merger: list[str], tmp_path: Path, lang: str
) -> None:
    """Eleven merged files each holding an empty source, then one holding a source that is no
    TOML: the one is told after the ten, with its hint, and the ten's rest counted under their
    kind; nothing written, exit 2."""
    alice = person(tmp_path, "alice")
    good, store = findings(alice, ["compliant"] * 3), store_for(alice)
    names = [f"m{i:02d}.toml" for i in range(11)]
    for name in names:
        Path(name).write_bytes(make_merged(alice, [good, b""], store))
    Path("x.toml").write_bytes(make_merged(alice, [good, b"garbage [\n"], store))
    run = cli(["merge", *names, "x.toml", *merger, "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    empty, other, hint, rest = MERGED_WAYS[lang]
    at = {bad: 1 + (_sha(good) < _sha(bad)) for bad in (b"", b"garbage [\n")}  # (sha order)
    told = [
        line
        for name in names[:10]
        for line in [empty.format(name=name, n=at[b""]), *hint.format(name=name).splitlines()]
    ]
    x = [other.format(n=at[b"garbage [\n"]), *hint.format(name="x.toml").splitlines()]
    assert run.stderr.splitlines() == [*told, *x, rest, REFUSED[lang]]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


MERGED_WAYS = {
    "en": (
        "{name}: source {name}#{n} is malformed: the file is empty",
        "x.toml: source x.toml#{n} is malformed: not a minecheck document",
        "  hint: to merge those of its sources that still count, take them out with:\n"
        "    mkdir DIR && minecheck extract {name} -o DIR",
        "1 more malformed problem (a source inside it: the file is empty) is not shown here; "
        "--json lists every one",
    ),
    "zh": (
        "{name}: 来源 {name}#{n} 格式有误：文件为空",
        "x.toml: 来源 x.toml#{n} 格式有误：不是 minecheck 文件",
        "  hint: 要合并其中仍然有效的来源文件，请先用以下命令取出：\n"
        "    mkdir DIR && minecheck extract {name} -o DIR",
        "另有 1 条 malformed 问题（其中一份来源：文件为空）未在此显示；--json 列出全部",
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_files_left_out_for_one_status_two_ways_name_each_way(
    cli: Any, month: Who, command: str, lang: str
) -> None:
    """Eleven files changed after signing, then one a mail program saved again in GBK: both
    `bad-signature`, but the one's way back (its `iconv` hint) was only counted among the
    eleven; now it is told, with its hint, and the eleven's rest counted under their kind."""
    for i in range(11):
        iid = str(uuid.UUID(int=i + 1, version=4))
        made = findings(month, ["compliant"] * 3, inspection_id=iid, site="Demo 矿")
        Path(f"d/c{i:02d}.toml").write_bytes(made.replace(b"Demo", b"Dome"))
    iid = str(uuid.UUID(int=99, version=4))
    made = findings(month, ["compliant"] * 3, inspection_id=iid, site="Demo 矿")
    Path("d/g.toml").write_bytes(made.decode().encode("gb18030"))
    run = _month_end(cli, command, lang)
    assert run.exit_code == 0, run.stderr
    changed, resaved, rest = LEFT_OUT_WAYS[lang]
    lines = run.stderr.splitlines()
    assert lines[:10] == [changed.format(i=i) for i in range(10)]
    assert lines[10:] == [*resaved.splitlines(), rest]


LEFT_OUT_WAYS = {
    "en": (
        "minecheck: warning: d/c{i:02d}.toml: left out: bad-signature: the signature does not "
        "match the content: the file was changed after signing",
        "minecheck: warning: d/g.toml: left out: bad-signature: the file was saved again in GBK "
        "(GB18030) after signing: its text converted back to UTF-8 is what was signed\n"
        "  hint: to get back the file as it was signed:\n"
        "    iconv -f GB18030 -t UTF-8 d/g.toml > d/g-as-signed.toml\n"
        "  then check it (the signature says whether it is the signer's file):\n"
        "    minecheck verify --allowed-signers trust d/g-as-signed.toml\n"
        "  or ask the sender to send it again inside a zip archive, which a mail program leaves "
        "as it is",
        "minecheck: warning: 1 more bad-signature warning (the signature does not match the "
        "content: the file was changed after signing) is not shown here; --json lists every one",
    ),
    "zh": (
        "minecheck: warning: d/c{i:02d}.toml：未计入：bad-signature：签名与内容不符：文件在签名后"
        "被改动过",
        "minecheck: warning: d/g.toml：未计入：bad-signature：文件在签名后被另存为 GBK（GB18030）"
        "编码：其文本转换回 UTF-8 即为签名时的内容\n"
        "  hint: 恢复为签署时的原文件：\n"
        "    iconv -f GB18030 -t UTF-8 d/g.toml > d/g-as-signed.toml\n"
        "  然后核验（由签名判断它是否为签名人的原文件）：\n"
        "    minecheck verify --allowed-signers trust d/g-as-signed.toml\n"
        "  或请发件人把文件装入 zip 压缩包重新发送，邮件程序不会改动压缩包里的文件",
        "minecheck: warning: 另有 1 条 bad-signature 警告（签名与内容不符：文件在签名后被改动过）"
        "未在此显示；--json 列出全部",
    ),
}


def test_a_kind_is_a_detail_without_the_values_each_file_holds() -> None:
    """Two revoked keys are one kind (the status's fix is the same: a key, not a file); a
    source inside a merged file is a kind apart from a file's own, whatever the source's name
    and however deep; any other detail is its own kind, in the run's language."""
    said = {
        kind_of(detail, str.upper)
        for detail in ("key SHA256:abc is revoked", "key SHA256:xyz/+9 is revoked")
    }
    assert said == {"its signing key is revoked"}
    inner = "source a b.toml#2 is revoked: key SHA256:abc is revoked"
    assert kind_of("source m.toml#1 is malformed: the file is empty", str.upper) == (
        "a source inside it: THE FILE IS EMPTY"
    )
    assert kind_of(f"source x#3 is revoked: {inner}", str.upper) == (
        "a source inside it: a source inside it: its signing key is revoked"
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_drafts_listed_whose_ids_differ_only_in_normal_form_are_told_apart(
    cli: Any, isolated_home: Path, lang: str
) -> None:
    """Two damaged drafts, `é` composed and `e` + U+0301: their hints differ (attack45), but
    both warnings said `draft é is damaged`, so a user could not tell which hint was whose.
    The one not in composed form is marked so, where its hint is the one spelt by its bytes."""
    directory = isolated_home / "drafts"
    directory.mkdir(parents=True)
    for name in ("\u00e9", "e\u0301"):
        (directory / f"{name}.toml").write_text("[draft\n", "utf-8")
    run = cli(["drafts", "list", "--lang", lang])
    assert run.exit_code == 0, run.stderr
    said = run.stderr.splitlines()[:6]  # (then: no unfinished inspections)
    composed, apart = DAMAGED[lang]
    warned = {re.sub(r"^minecheck: warning: .*?\.toml(: |：)", "", line) for line in said[::3]}
    assert warned == {composed.format(id="\u00e9"), apart.format(id="e\u0301")}
    for warning, command in zip(said[::3], said[2::3], strict=True):  # (each with its own hint)
        assert ("printf" in command) == ("e\u0301" in warning)


DAMAGED = {
    "en": (
        "draft {id} is damaged (not valid TOML); it was left as it is",
        "draft {id} (not in composed form) is damaged (not valid TOML); it was left as it is",
    ),
    "zh": (
        "草稿 {id} 已损坏（不是有效的 TOML）；已原样保留",
        "草稿 {id}（未按 NFC 规范组合） 已损坏（不是有效的 TOML）；已原样保留",
    ),
}
