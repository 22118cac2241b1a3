"""Loose ends, round 20: the two phrasings of a refused principal, and an answers file's empty
`responsible`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_cli_sign_rules import who

__all__ = ["who"]  # the fixture

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


# --- an answers file's responsible: an optional name ------------------------------------------


def test_an_answers_file_s_empty_responsible_is_left_out_as_the_walk_leaves_it(
    cli: Any, who: Any
) -> None:
    """An empty responsible in an answers file was signed as `responsible = ""`, where the walk
    leaves an empty one out: an optional field not given is now left out of the signed file
    (a signed file holding `responsible = ""` reads as before: not given)."""
    from tests.test_mutated110 import _answered

    run = _answered(cli, who, "", "en")
    assert (run.exit_code, run.stdout, run.stderr) == (0, "out.toml\n", "")
    assert "responsible" not in Path("out.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", [" ", "\u3000", "Li\u200bMing"])
def test_an_answers_file_s_responsible_refused_is_said_to_be_optional(
    cli: Any, who: Any, name: str, lang: str
) -> None:
    """`build_finding` called an answers file's refused responsible "non-empty text", though
    the field is optional: it now says so, as the walk's prompt does. Exit 2, nothing on
    stdout, nothing written."""
    from tests.test_loose_ends18 import ANSWERS_REFUSED, OPTIONAL_NAMED
    from tests.test_mutated110 import _answered

    run = _answered(cli, who, name, lang)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == ANSWERS_REFUSED[lang].format(
        said=OPTIONAL_NAMED[lang].format(option="responsible")
    )
    assert not Path("out.toml").exists()
