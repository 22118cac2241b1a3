"""Loose ends, round 20: the two phrasings of a refused principal, and an answers file's empty
`responsible`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

# --- a principal refused: one rule, one wording ------------------------------------------------

REFUSED_PRINCIPAL = {
    "en": (
        "minecheck: error: {said} is not a valid principal\n"
        "  hint: a principal looks like name@unit.example: lowercase ASCII, at most 64 characters "
        "before the @ and 190 after{patterns}\n"
    ),
    "zh": (
        "minecheck: error: {said} 不是有效的签名身份\n"
        "  hint: 签名身份形如 name@unit.example：小写 ASCII 字符，@ 前至多 64 个字符、@ 后至多 "
        "190 个{patterns}\n"
    ),
}
PATTERNS = {"en": " (patterns may use *, ? and !)", "zh": "（模式可使用 *、? 和 !）"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("principal", "said"),
    [
        ("wang\u200b@hlj.example", "'wang\\u200b@hlj.example'"),
        ("Wang@HLJ", "'Wang@HLJ'"),
        ("a@" + "b" * 191, repr("a@" + "b" * 48 + "…" + "b" * 20)),
    ],
    ids=["zero-width", "uppercase", "too-long"],
)
def test_keys_generate_and_trust_add_refuse_a_principal_in_one_wording(
    cli: Any, tmp_path: Path, isolated_home: Path, principal: str, said: str, lang: str
) -> None:
    """`keys generate --principal` said "is not a valid principal" with "looks like
    name@unit.example", `trust add --principal` "is not a principal or principal pattern" with
    "shaped like an e-mail address": one rule now has one wording, `trust add` adding only
    that it takes patterns; a long name is quoted by its ends and its length in both (keys
    repeated it whole). Exit 2, nothing on stdout, no key and no trust line written."""
    from tests.test_spec_conformance import PUBLIC_KEY

    if len(principal) > 80:
        count = len(principal)
        said += f" ({count} characters)" if lang == "en" else f"（共 {count} 个字符）"
    made = cli(["keys", "generate", "--principal", principal, "--lang", lang])
    pub = tmp_path / "k.pub"
    pub.write_text(PUBLIC_KEY)
    added = cli(["trust", "add", "--principal", principal, "--key", str(pub), "--lang", lang])
    for run, patterns in ((made, ""), (added, PATTERNS[lang])):
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr == REFUSED_PRINCIPAL[lang].format(said=said, patterns=patterns)
    assert not (isolated_home / "keys").exists()
    assert not (isolated_home / "allowed_signers").exists()
