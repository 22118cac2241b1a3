"""The contract read line by line: statements of SPEC and docs/ that no other test held, each
checked as a user meets it (exit code, the line on stderr, what is left on disk)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import pytest

from tests.conftest import Run

# A public key as `ssh-keygen -t ed25519` writes it (no private half is needed to trust one).
PUBLIC_KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBlWukvi23aBp1sUAUUgZNC3yM5vTUxtDAzfVXi0osSr "
    "wang.wei@hlj.example\n"
)
TIME_HINT = "  hint: use 2026-01-31, 2026-01-31T08:00:00Z or 20260131Z (always UTC)\n"


class Cli(Protocol):
    def __call__(self, args: Sequence[str], input: str | bytes | None = None) -> Run: ...


# -- SPEC 3: valid-after= / valid-before= given to `trust add` ------------------------------


@pytest.mark.parametrize(
    ("options", "error"),
    [
        (
            ["--valid-after", "20261301Z"],
            'invalid --valid-after time "20261301Z": no such date or time\n' + TIME_HINT,
        ),
        (
            ["--valid-before", "202602301200Z"],
            'invalid --valid-before time "202602301200Z": no such date or time\n' + TIME_HINT,
        ),
        (
            ["--valid-before", "19700101Z"],
            '--valid-before time "19700101Z" must be later than 19700101000000Z\n' + TIME_HINT,
        ),
        (
            ["--valid-after", "1970-01-01"],
            '--valid-after time "1970-01-01" must be later than 19700101000000Z\n' + TIME_HINT,
        ),
        (
            ["--valid-after", "20300101Z", "--valid-before", "20200101Z"],
            "--valid-before must be later than --valid-after\n",
        ),
        (
            ["--valid-after", "2030-01-01", "--valid-before", "20300101Z"],
            "--valid-before must be later than --valid-after\n",
        ),
    ],
)
def test_trust_add_says_a_bad_time_as_its_option(
    cli: Cli, tmp_path: Path, options: list[str], error: str
) -> None:
    """A time the option's own check let through was said as a malformed line of a file named
    `<line>` ("<line>:1:73: ...", "1 malformed line in the allowed signers file")."""
    pub = tmp_path / "k.pub"
    pub.write_text(PUBLIC_KEY)
    allowed = tmp_path / "allowed_signers"
    run = cli(
        ["trust", "add", "--principal", "x@y.example", "--key", str(pub),
         "--allowed-signers", str(allowed), *options]
    )  # fmt: skip
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == "minecheck: error: " + error
    assert not allowed.exists()


def test_trust_add_bad_time_in_json_and_chinese(cli: Cli, tmp_path: Path) -> None:
    pub = tmp_path / "k.pub"
    pub.write_text(PUBLIC_KEY)
    run = cli(
        ["trust", "add", "--principal", "x@y.example", "--key", str(pub), "--lang", "zh",
         "--allowed-signers", str(tmp_path / "a"), "--valid-after", "20261301Z", "--json"]
    )  # fmt: skip
    assert (run.exit_code, run.stderr) == (2, "")
    [problem] = run.json()["problems"]
    assert problem["message"] == '--valid-after 时间 "20261301Z" 无效：没有这个日期或时刻'
    assert problem["path"] is None
    run = cli(
        ["trust", "add", "--principal", "x@y.example", "--key", str(pub), "--lang", "zh",
         "--allowed-signers", str(tmp_path / "a"),
         "--valid-after", "2030-01-01", "--valid-before", "2029-01-01"]
    )  # fmt: skip
    assert run.stderr == "minecheck: error: --valid-before 必须晚于 --valid-after\n"


def test_trust_add_a_window_that_is_sound_is_written(cli: Cli, tmp_path: Path) -> None:
    pub = tmp_path / "k.pub"
    pub.write_text(PUBLIC_KEY)
    allowed = tmp_path / "allowed_signers"
    run = cli(
        ["trust", "add", "--principal", "x@y.example", "--key", str(pub),
         "--allowed-signers", str(allowed), "--valid-after", "20250101Z",
         "--valid-before", "2030-01-01"]
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    assert 'valid-after="20250101Z",valid-before="20300101000000Z" ssh-ed25519 ' in (
        allowed.read_text()
    )


# -- SPEC 2.1: the ids' lengths, said where an id is too short or too long -------------------

CHECKLIST = """\
[checklist]
id = "{cid}"
version = "1"
title = "Gas"
title_zh = "瓦斯"
purpose = "Check gas."
purpose_zh = "检查瓦斯。"
applies_to = ["coal-underground"]

[[section]]
id = "{sid}"
title = "Gas"
title_zh = "瓦斯"

[[section.item]]
id = "{iid}"
question = "Gas is measured."
question_zh = "测量瓦斯。"
severity = "general"
"""


@pytest.mark.parametrize(
    ("cid", "sid", "iid", "line", "english", "chinese"),
    [
        (
            "a", "gas", "g", 2,
            "checklist id 'a' must be 2 to 64 lowercase letters, digits and '-', starting "
            "with a letter or digit",
            "检查表编号“a”必须是 2 至 64 个小写字母、数字或 '-'，并以字母或数字开头",
        ),
        (
            "c" * 65, "gas", "g", 2,
            f"checklist id '{'c' * 65}' must be 2 to 64 lowercase letters, digits and '-', "
            "starting with a letter or digit",
            f"检查表编号“{'c' * 65}”必须是 2 至 64 个小写字母、数字或 '-'，并以字母或数字开头",
        ),
        (
            "ab", "s" * 65, "g", 11,
            f"section id '{'s' * 65}' must be 1 to 64 lowercase letters, digits and '-', "
            "starting with a letter or digit",
            f"部分编号“{'s' * 65}”必须是 1 至 64 个小写字母、数字或 '-'，并以字母或数字开头",
        ),
        (
            "ab", "gas", "i" * 65, 16,
            f"item id '{'i' * 65}' must be 1 to 64 lowercase letters, digits, '.' and '-', "
            "starting with a letter or digit",
            f"条目编号“{'i' * 65}”必须是 1 至 64 个小写字母、数字、'.' 或 '-'，"
            "并以字母或数字开头",
        ),
    ],
    ids=["checklist-1", "checklist-65", "section-65", "item-65"],
)  # fmt: skip
def test_an_id_of_the_wrong_length_is_said_so(
    cli: Cli,
    tmp_path: Path,
    cid: str,
    sid: str,
    iid: str,
    line: int,
    english: str,
    chinese: str,
) -> None:
    """`a` and 65 letters are lowercase letters: the message said only what they are made of."""
    path = tmp_path / f"{cid}.toml"
    path.write_text(CHECKLIST.format(cid=cid, sid=sid, iid=iid), encoding="utf-8")
    for lang, words in (("en", english), ("zh", chinese)):
        run = cli(["checklists", "lint", "--lang", lang, str(path)])
        assert run.exit_code == 1
        assert f"{path}:{line}:1: {words}\n" in run.stdout + run.stderr


def test_ids_at_their_bounds_are_taken(cli: Cli, tmp_path: Path) -> None:
    for cid, sid, iid in (("ab", "s", "i"), ("c" * 64, "s" * 64, "i" * 63 + ".")):
        path = tmp_path / f"{cid}.toml"
        path.write_text(CHECKLIST.format(cid=cid, sid=sid, iid=iid), encoding="utf-8")
        run = cli(["checklists", "lint", str(path)])
        assert run.exit_code == 0, run.stdout + run.stderr


# -- SPEC 2: nothing written is replaced without --force; said before the key is unlocked -----


def test_every_signing_command_refuses_an_existing_output_before_the_passphrase(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sign -o EXISTING` unlocked the key first (a passphrase typed, or "wrong passphrase"
    said) and only then refused the file; inspect, followup and merge said it at once."""
    from tests.helpers_docs import INSPECTION_ID, findings_body

    monkeypatch.setenv("MINECHECK_PASSPHRASE", "correct horse")
    made = cli(["keys", "generate", "--principal", "alice@mine.example", "--json"])
    assert made.exit_code == 0, made.stderr
    fingerprint = made.json()["data"]["fingerprint"]
    unsigned = tmp_path / "unsigned.toml"
    unsigned.write_bytes(findings_body("alice@mine.example", fingerprint))
    signed = tmp_path / "signed.toml"
    assert cli(["sign", str(unsigned), "-o", str(signed)]).exit_code == 0
    existing = tmp_path / "existing.toml"
    existing.write_bytes(b"kept\n")
    monkeypatch.setenv("MINECHECK_PASSPHRASE", "wrong")
    for command in (
        ["sign", str(unsigned)],
        ["merge", str(signed)],
        ["followup", f"{INSPECTION_ID}/gas-overlimit", "--action", "rectified"],
    ):
        run = cli([*command, "-o", str(existing)])
        assert (run.exit_code, run.stdout) == (2, ""), command
        assert run.stderr == (
            f"minecheck: error: {existing} already exists\n"
            "  hint: choose another -o, or pass --force\n"
        ), command
        assert existing.read_bytes() == b"kept\n"


# -- SPEC 4: `keys import PATH`; the principal from the key's comment when that is one --------


def _ssh_key(tmp_path: Path, name: str, comment: str) -> Path:
    """An Ed25519 key as `ssh-keygen -t ed25519 -N ''` writes it, without running it."""
    from minecheck.core.keys import generate

    keys = tmp_path / "ssh"
    keys.mkdir(mode=0o700, exist_ok=True)
    generate(keys / name, comment, None)
    return keys / name


def test_keys_import_takes_the_principal_from_the_keys_comment(cli: Cli, tmp_path: Path) -> None:
    """SPEC names `keys import PATH`; it said "Missing option '--principal'" even for a key
    whose comment is a principal, which `sign --key` already signs as."""
    key = _ssh_key(tmp_path, "id_ed25519", "zhao.lei@xinxing.example")
    run = cli(["keys", "import", str(key), "--json"])
    assert (run.exit_code, run.stderr) == (0, ""), run.stdout
    data = run.json()["data"]
    assert data["principal"] == "zhao.lei@xinxing.example"
    assert data["allowed_signers"].startswith("zhao.lei@xinxing.example namespaces=")
    listed = cli(["keys", "list", "--json"]).json()["data"]["keys"]
    assert [k["principal"] for k in listed] == ["zhao.lei@xinxing.example"]


@pytest.mark.parametrize(("lang", "words"), [("en", "english"), ("zh", "chinese")])
def test_keys_import_without_a_principal_to_take(
    cli: Cli, tmp_path: Path, isolated_home: Path, lang: str, words: str
) -> None:
    key = _ssh_key(tmp_path, "id2", "Zhao Lei")
    run = cli(["keys", "import", str(key), "--lang", lang])
    said = {
        "english": (
            f"minecheck: error: the comment of {key}.pub ('Zhao Lei') is not a principal to "
            "sign as\n"
            f"  hint: name the principal:\n    minecheck keys import {key} --principal "
            "you@unit.example\n"
        ),
        "chinese": (
            f"minecheck: error: {key}.pub 的注释（'Zhao Lei'）不是可用于签名的签名身份\n"
            "  hint: 请指明签名身份：\n"
            f"    minecheck keys import {key} --principal you@unit.example\n"
        ),
    }
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", said[words])
    assert not (isolated_home / "keys").exists()


# -- SPEC 2.2/2.3: an empty string is no uuid4, principal's key, item, sha256 or path -----------

EVIDENCE = b'\n[[finding.evidence]]\npath = "ev/a.jpg"\nsha256 = "' + b"0" * 64 + b'"\nbytes = 1\n'
EMPTIED = [
    (b'document_id = "6f1c2a4e-8b3d-4f7a-9c2e-1d5b7a9e3f01"', 3,
     "document_id '' must be a lowercase UUID version 4"),
    (b'id = "0b7e4c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d"', 10,
     "inspection id '' must be a lowercase UUID version 4"),
    (b'checklist = "coal-major-hidden-dangers"', 11, "checklist '' is not valid"),
    (b'checklist_sha256 = "6da624dba5235ba1f3901c904a78ea41debbfb0d8a488aeba7063dba508d9211"',
     13, "checklist_sha256 '' is bad"),
    (b'item = "gas-check-genuine"', 24, "item '' is not a valid item id"),
    (b'path = "ev/a.jpg"', 37, "evidence path is empty"),
    (b'sha256 = "' + b"0" * 64 + b'"', 38, "sha256 '' must be 64 hex digits"),
]  # fmt: skip


def _emptied(body: bytes, field: bytes) -> bytes:
    body = body.replace(b"deadline = 2026-12-15\n", b"deadline = 2026-12-15\n" + EVIDENCE)
    name = field.split(b" = ")[0]
    assert body.count(field) == 1, field
    return body.replace(field, name + b' = ""')


@pytest.mark.parametrize(
    ("field", "line", "message"), EMPTIED, ids=[f"{e[0].split(b' ')[0].decode()}" for e in EMPTIED]
)
def test_an_empty_string_is_held_to_its_fields_form(
    cli: Cli, tmp_path: Path, field: bytes, line: int, message: str
) -> None:
    """`if value:` skipped each pattern for "": such a document was signed, and then trusted."""
    from minecheck.core.keys import generate
    from tests.helpers_docs import findings_body, seal_with

    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    public = generate(keys / "alice", "alice@mine.example", None)
    body = _emptied(findings_body("alice@mine.example", public.fingerprint()), field)

    unsigned = tmp_path / "unsigned.toml"
    unsigned.write_bytes(body)
    run = cli(["sign", str(unsigned), "--key", str(keys / "alice"), "-o", str(tmp_path / "s")])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"{unsigned}:{line}:1: {message}\n"
        f"minecheck: error: {unsigned} is not a valid minecheck document\n"
    )
    assert unsigned.read_bytes() == body
    assert not (tmp_path / "s").exists()

    signed = tmp_path / "signed.toml"
    signed.write_bytes(seal_with(body, keys / "alice"))
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"alice@mine.example {public.openssh()}\n")
    run = cli(["verify", str(signed), "--allowed-signers", str(allowed), "--json"])
    assert (run.exit_code, run.stderr) == (1, "")
    envelope = run.json()
    assert [f["status"] for f in envelope["data"]["files"]] == ["malformed"]
    assert {"path": str(signed), "line": line, "message": message} in [
        {k: p[k] for k in ("path", "line", "message")} for p in envelope["problems"]
    ]


def test_an_event_naming_no_finding_is_not_signed(cli: Cli, tmp_path: Path) -> None:
    from minecheck.core.keys import generate

    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    generate(keys / "alice", "alice@mine.example", None)
    body = (
        b'[minecheck]\nformat = "minecheck.followup/1"\n\n[[event]]\nfinding = ""\n'
        b'action = "rectified"\nat = 2026-11-29T08:15:00Z\n'
    )
    unsigned = tmp_path / "events.toml"
    unsigned.write_bytes(body)
    run = cli(["sign", str(unsigned), "--key", str(keys / "alice")])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"{unsigned}:5:1: finding '' must be <inspection id>/<item>\n"
        f"minecheck: error: {unsigned} is not a valid minecheck document\n"
    )
    assert unsigned.read_bytes() == body


# -- SPEC 3: principal patterns with `!` -------------------------------------------------------


@pytest.mark.parametrize("principals", ["!li.na@hlj.example", "!a@x,!b@y", "!*"])
def test_trust_add_refuses_a_line_that_trusts_no_one(
    cli: Cli, tmp_path: Path, principals: str
) -> None:
    """A list of exclusions alone matches no signer (as in ssh-keygen): the line was written and
    "trusting ... for !li.na@hlj.example" said, as if the key now counted; then a warning with
    exit 0 and the line still written. Now a usage error: exit 2, nothing written."""
    pub = tmp_path / "k.pub"
    pub.write_text(PUBLIC_KEY)
    allowed = tmp_path / "allowed_signers"
    run = cli(
        ["trust", "add", "--principal", principals, "--key", str(pub),
         "--allowed-signers", str(allowed), "--json"]
    )  # fmt: skip
    assert (run.exit_code, run.stderr) == (2, "")
    [problem] = run.json()["problems"]
    assert (problem["code"], problem["message"]) == (
        "principals",
        f"--principal {principals!r} names no one who can sign: no document this key signs "
        "would count",
    )
    assert not allowed.exists()
    run = cli(
        ["trust", "add", "--principal", principals, "--key", str(pub), "--lang", "zh",
         "--allowed-signers", str(tmp_path / "other")]
    )  # fmt: skip
    assert run.exit_code == 2
    assert (
        f"minecheck: error: --principal {principals!r} 不指向任何可签名的人："
        "此密钥签署的文件都不会被计入\n"
    ) in run.stderr
    assert not (tmp_path / "other").exists()


def test_trust_add_with_one_name_among_exclusions_says_nothing_of_it(
    cli: Cli, tmp_path: Path
) -> None:
    pub = tmp_path / "k.pub"
    pub.write_text(PUBLIC_KEY)
    run = cli(
        ["trust", "add", "--principal", "*@hlj.example,!li.na@hlj.example", "--key", str(pub),
         "--allowed-signers", str(tmp_path / "a"), "--json"]
    )  # fmt: skip
    assert (run.exit_code, run.stderr, run.json()["problems"]) == (0, "", [])


# -- SPEC 2.2: a principal's bounds (64 characters before the @, 190 after), said ----------------

LONG_LOCAL = "a" * 65 + "@hlj.example"
LONG_DOMAIN = "a@" + "b" * 191


@pytest.mark.parametrize("principal", [LONG_LOCAL, LONG_DOMAIN], ids=["local-65", "domain-191"])
def test_a_principal_too_long_is_told_its_bounds(
    cli: Cli, tmp_path: Path, isolated_home: Path, principal: str
) -> None:
    """Lowercase and shaped like an e-mail address, and still refused: the hint said only that."""
    run = cli(["keys", "generate", "--principal", principal])
    assert (run.exit_code, run.stdout) == (2, "")
    # (a field over 80 characters is quoted by its ends and its length: round 4 of the contract)
    said = repr(principal)
    if principal == LONG_DOMAIN:  # 193 characters: its first 50, its last 20 and its length
        said = repr("a@" + "b" * 48 + "…" + "b" * 20)
    assert run.stderr == (
        f"minecheck: error: {said}{' (193 characters)' if principal == LONG_DOMAIN else ''}"
        " is not a valid principal\n"
        "  hint: a principal looks like name@unit.example: lowercase ASCII, at most 64 "
        "characters before the @ and 190 after\n"
    )
    pub = tmp_path / "k.pub"
    pub.write_text(PUBLIC_KEY)
    run = cli(["trust", "add", "--principal", principal, "--key", str(pub), "--lang", "zh"])
    assert (run.exit_code, run.stdout) == (2, "")
    if principal == LONG_DOMAIN:
        said += "（共 193 个字符）"
    assert run.stderr == (
        f"minecheck: error: {said} 不是有效的签名身份\n"
        "  hint: 签名身份形如 name@unit.example：小写 ASCII 字符，@ 前至多 64 个字符、@ 后至多 "
        "190 个（模式可使用 *、? 和 !）\n"
    )
    assert not (isolated_home / "keys").exists()
    assert not (isolated_home / "allowed_signers").exists()


# -- docs/formats.md: what `summary --format json` holds, in its order --------------------------


def test_summary_json_holds_the_headline_after_how_it_was_asked(cli: Cli, tmp_path: Path) -> None:
    """formats.md said the JSON "begins with headline"; it begins with how it was asked."""
    from minecheck.core.keys import generate
    from tests.helpers_docs import findings_body, seal_with

    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    public = generate(keys / "alice", "alice@mine.example", None)
    signed = tmp_path / "signed.toml"
    signed.write_bytes(
        seal_with(findings_body("alice@mine.example", public.fingerprint()), keys / "alice")
    )
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"alice@mine.example {public.openssh()}\n")
    common = [str(signed), "--allowed-signers", str(allowed), "--as-of", "2026-12-01"]
    data = cli(["summary", *common, "--json"]).json()["data"]
    asked = ["as_of", "zone", "by", "include_untrusted", "headline"]
    assert list(data)[:5] == asked
    run = cli(["summary", *common, "--format", "json"])
    assert list(json.loads(run.stdout))[:5] == asked
    assert data["headline"]["hidden_dangers"] == 1
