"""Loose ends, round 18: a name with a bidi or zero-width character refused where a document
is signed, as `inspect` refuses it typed; a signed file saved again in GBK or Big5 told the
`iconv` command back; an acceptance from the top of an archive reading only the follow-ups of
its finding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers_docs import documents_parsed, findings_body, seal_with
from tests.helpers_merge import Who, allowed_signers
from tests.test_attack_changes9 import NOTHING_WRITTEN
from tests.test_cli_sign_rules import who
from tests.test_encodings5 import ANSWERS
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel
from tests.test_minimal_input import sign_args
from tests.test_windows_files3 import CHECKLIST

__all__ = ["panel", "who"]  # the fixtures


# what `inspect` says of a name typed with a control or invisible character, en and zh
NAMED = {
    "en": "{option} must be non-empty text without control or invisible characters",
    "zh": "{option} 必须是非空文字，且不能含控制字符或不可见字符",
}
# what is said of an optional name refused (an answers file's responsible)
OPTIONAL_NAMED = {
    "en": "{option} is optional: leave it empty, or give a name without control or invisible "
    "characters",
    "zh": "{option} 为选填：可留空，或填写不含控制字符或不可见字符的名称",
}
# what is said of a site id refused, typed or in a file, which may be left out (loose ends 21)
OPTIONAL_ID = {
    "en": "{option} is optional: leave it out, or give an id without control or invisible "
    "characters",
    "zh": "{option} 为选填：可省略，或填写不含控制字符或不可见字符的编号",
}
REFUSED = {
    "en": "minecheck: error: f.toml is not a valid minecheck document\n",
    "zh": "minecheck: error: f.toml 不是有效的 minecheck 文件\n",
}
# a name field of a findings file, the line it stands on as written, and as changed: a
# right-to-left override, a zero-width space, an isolate left open
NAMES = {
    "site": ('site = "Demo mine"', 'site = "Demo \u202emine"', 14),
    "site_id": ('site_id = "HLJ-0001"', 'site_id = "HLJ\u200b-0001"', 15),
    "inspector": ('inspector = "Wang Wei"', 'inspector = "Wang\u2066 Wei"', 17),
    "responsible": (
        'location = "No. 3 return airway"',
        'location = "No. 3 return airway"\nresponsible = "Li\u200bMing"',
        34,
    ),
}
# the words `sign` refuses each name field in (an optional one said to be so)
NAMES_SAID = {
    "site": NAMED,
    "site_id": OPTIONAL_ID,
    "inspector": NAMED,
    "responsible": OPTIONAL_NAMED,
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("field", list(NAMES))
def test_sign_refuses_a_name_with_an_invisible_character_as_inspect_does(
    cli: Any, who: Who, field: str, lang: str
) -> None:
    """A hand-written findings file whose site, site id, inspector or a finding's responsible
    holds a bidi control or a zero-width space is not signed (a name that reads as another's
    would be vouched for), in `inspect`'s words for the same name typed; the file is left as
    it was, nothing is written."""
    plain, changed, line = NAMES[field]
    body = findings_body(who.principal, who.fingerprint).decode()
    text = body.replace(plain, changed).encode()
    assert text != body.encode()
    Path("f.toml").write_bytes(text)
    run = cli(["sign", "f.toml", *sign_args(who), "-o", "out.toml", "--lang", lang])
    said = NAMES_SAID[field][lang].format(option=field)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"f.toml:{line}:1: {said}\n{REFUSED[lang]}"
    assert Path("f.toml").read_bytes() == text
    assert not Path("out.toml").exists()


ANSWERS_REFUSED = {
    "en": "a.toml:2:1: gas-check-genuine: {said}\n" + NOTHING_WRITTEN["en"] + "\n",
    "zh": "a.toml:2:1: gas-check-genuine：{said}\n" + NOTHING_WRITTEN["zh"] + "\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", ["Li\u200bMing", "Li \u202eMing", "\u2066Li Ming"])
def test_an_answers_file_s_responsible_with_an_invisible_character_is_refused(
    cli: Any, who: Who, name: str, lang: str
) -> None:
    """An answers file's responsible is a name a person types, as `--inspector` is: a bidi
    control or a zero-width space in it is refused at its item, in the same words."""
    text = ANSWERS.replace("deadline =", f'responsible = "{name}", deadline =').encode()
    Path("a.toml").write_bytes(text)
    args = [
        "inspect",
        CHECKLIST,
        "--site",
        "M",
        "--answers",
        "a.toml",
        "-o",
        "out.toml",
        "--allow-incomplete",
    ]
    run = cli([*args, *sign_args(who), "--lang", lang])
    said = OPTIONAL_NAMED[lang].format(option="responsible")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == ANSWERS_REFUSED[lang].format(said=said)
    assert not Path("out.toml").exists()


# a findings file's text in each encoding an editor saves Chinese in: site and description
CHINESE = {
    "gbk": ("新兴煤矿", "回风巷瓦斯传感器读数 1.3%"),
    "big5": ("新興煤礦", "回風巷瓦斯感測器讀數 1.3%"),
}
RESAVED_SAID = {
    ("gbk", "en"): "the file was saved again in GBK (GB18030) after signing: its text converted "
    "back to UTF-8 is what was signed",
    ("gbk", "zh"): "文件在签名后被另存为 GBK（GB18030）编码：其文本转换回 UTF-8 即为签名时的内容",
    ("big5", "en"): "the file was saved again in Big5 after signing: its text converted back to "
    "UTF-8 is what was signed",
    ("big5", "zh"): "文件在签名后被另存为 Big5 编码：其文本转换回 UTF-8 即为签名时的内容",
}
RESTORE = {
    "en": [
        "  hint: to get back the file as it was signed:",
        "    {command}",
        "  then check it (the signature says whether it is the signer's file):",
        "    minecheck verify --allowed-signers allowed f-as-signed.toml",
        "  or ask the sender to send it again inside a zip archive, which a mail program leaves "
        "as it is",
        "1 document: 1 bad-signature",
    ],
    "zh": [
        "  hint: 恢复为签署时的原文件：",
        "    {command}",
        "  然后核验（由签名判断它是否为签名人的原文件）：",
        "    minecheck verify --allowed-signers allowed f-as-signed.toml",
        "  或请发件人把文件装入 zip 压缩包重新发送，邮件程序不会改动压缩包里的文件",
        "共 1 份文件：签名无效 1 份",
    ],
}


def _resaved(who: Who, encoding: str) -> tuple[bytes, bytes]:
    """A findings file signed in UTF-8, and the same saved again in `encoding`."""
    site, description = CHINESE[encoding]
    body = findings_body(who.principal, who.fingerprint, site=site, description=description)
    signed = seal_with(body, who.key)
    allowed_signers(Path("allowed"), who)
    return signed, signed.decode("utf-8").encode(encoding)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("encoding", "named"), [("gbk", "GB18030"), ("big5", "BIG5")])
def test_a_signed_file_saved_again_in_gbk_or_big5_is_told_the_iconv_command_back(
    cli: Any, who: Who, encoding: str, named: str, lang: str
) -> None:
    """A signed file an editor saved again in GBK or Big5 is still `bad-signature` (it was
    changed), said to be so saved, and told the `iconv` command that gives back the signed
    bytes, as a mark or CR LF is told theirs; the command, run, gives them byte for byte, and
    the copy verifies."""
    import subprocess

    signed, saved = _resaved(who, encoding)
    Path("f.toml").write_bytes(saved)
    run = cli(["verify", "--allowed-signers", "allowed", "f.toml", "--lang", lang])
    said = RESAVED_SAID[encoding, lang]
    assert (run.exit_code, run.stdout) == (
        1,
        f"f.toml: bad-signature: {said} ({who.fingerprint})\n",
    )
    command = f"iconv -f {named} -t UTF-8 f.toml > f-as-signed.toml"
    hint = "\n".join(RESTORE[lang]).format(command=command)
    assert run.stderr == hint + "\n"
    with Path("f-as-signed.toml").open("wb") as out:  # (the command, run as a shell would)
        subprocess.run(["iconv", "-f", named, "-t", "UTF-8", "f.toml"], stdout=out, check=True)
    assert Path("f-as-signed.toml").read_bytes() == signed
    assert Path("f.toml").read_bytes() == saved
    run = cli(["verify", "--allowed-signers", "allowed", "f-as-signed.toml"])
    assert (run.exit_code, run.stdout) == (
        0,
        f"f-as-signed.toml: trusted: signed by a trusted key ({who.principal} {who.fingerprint})\n",
    )


@pytest.mark.parametrize("encoding", ["gbk", "big5"])
def test_a_file_saved_in_gbk_and_changed_too_is_told_no_command(
    cli: Any, who: Who, encoding: str
) -> None:
    """Saved again in GBK or Big5 and changed besides (a site edited): no conversion gives the
    signed bytes, and none is told; what is said is as before."""
    _, saved = _resaved(who, encoding)
    site = CHINESE[encoding][0].encode(encoding)
    Path("f.toml").write_bytes(saved.replace(site, site[:-2], 1))
    run = cli(["verify", "--allowed-signers", "allowed", "f.toml"])
    assert (run.exit_code, run.stdout) == (
        1,
        "f.toml: bad-signature: the signature does not match the content: the file was changed "
        f"after signing ({who.fingerprint})\n",
    )
    assert run.stderr == "1 document: 1 bad-signature\n"


def _filed(cli: Any, panel: dict[str, Any]) -> Path:
    """The findings in `records/`, the mine's rectification of REF in `records/2026-11/`, and
    three rectifications of another finding in `records/2026-10/`, each by the mine."""
    mine = panel["people"]["mine"]
    records = panel["work"] / "records"
    for month in ("2026-10", "2026-11"):
        (records / month).mkdir(parents=True)
    other = REF.replace("gas-overlimit", "methane-return")
    done = ("--action", "rectified", "--note", "x", "--at", "2026-11-30T08:00:00Z")
    for n in range(3):
        run = cli(["followup", other, *done, "-o", f"records/2026-10/o{n}.toml", *by(mine)])
        assert run.exit_code == 0
    run = cli(["followup", REF, *done, "-o", "records/2026-11/r.toml", *by(mine)])
    assert (run.exit_code, run.stderr) == (0, "")
    Path("xinxing.toml").rename(records / "xinxing.toml")
    return Path(records)


def test_an_acceptance_from_the_top_of_an_archive_reads_only_the_follow_ups_of_its_finding(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An acceptance signed with no --findings from the top of a year's archive read every
    document below (3,000 follow-ups and 20,000 findings files: seven seconds of CPU, against
    a fifth of one before the follow-ups below counted). Only a follow-up that names the
    finding can report it rectified: the others are not read, and the rectification below is
    still found (no warning)."""
    records = _filed(cli, panel)
    read = documents_parsed(monkeypatch)
    monkeypatch.chdir(records)
    chen = panel["people"]["chen"]
    who = ["--key", str(chen.key), "--signer", chen.principal]
    run = cli(["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z", *who])
    assert (run.exit_code, run.stderr) == (0, "")
    assert sorted(read) == ["r.toml", "xinxing.toml"]


def test_a_rectification_below_naming_its_finding_with_an_escape_is_still_found(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hand-written rectification signed with `sign` may spell the finding with a TOML escape
    (`\\u0067as-overlimit`): its bytes do not hold the ref, and it is read all the same (a file
    with a backslash is read whole), so the acceptance is not said to follow no rectification.
    A guard: the folder read whole read it too."""
    records = _filed(cli, panel)
    (records / "2026-11" / "r.toml").unlink()
    mine = panel["people"]["mine"]
    escaped = REF.replace("/gas-overlimit", "/\\u0067as-overlimit")
    text = (
        '[minecheck]\nformat = "minecheck.followup/1"\n\n[[event]]\n'
        f'finding = "{escaped}"\naction = "rectified"\nat = 2026-11-30T08:00:00Z\nnote = "x"\n'
    )
    hand = records / "2026-11" / "hand.toml"
    hand.write_text(text)
    run = cli(["sign", str(hand), "--key", str(mine.key), "--signer", mine.principal])
    assert run.exit_code == 0, run.stderr
    monkeypatch.chdir(records)
    chen = panel["people"]["chen"]
    who = ["--key", str(chen.key), "--signer", chen.principal]
    run = cli(["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z", *who])
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"{run.stdout.strip()}\n", "")
