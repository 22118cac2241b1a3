"""What an allowed_signers principals field names (core/principals.py): someone, no one, or
everyone; first as the judgement itself, then as `minecheck trust add` says it."""

from __future__ import annotations

import itertools
import random
import time
from pathlib import Path

import pytest

from minecheck.core import principals
from minecheck.core.keyring import valid_principal
from minecheck.core.principals import admits_anyone, is_pattern, names_someone, reads_alike
from minecheck.core.signers import match_pattern_list
from tests.conftest import Run
from tests.test_attack_changes6 import ANYONE_EN, ANYONE_HINT_EN, ANYONE_ZH
from tests.test_cli_keys_trust import (
    Cli,
    document,
    generate,
    needs_ssh_keygen,
    ssh_verify,
    status_of,
)
from tests.test_script_contract import _pub

# --- names someone: exclusions that name exactly the pieces a wildcard is first filled with ---

# Each admits a signer's name (after the #), though every name made from the first pieces a
# wildcard is filled with (`a q . - 0` for a `?`; seven more for a `*`) is excluded.
ADMITS_SOMEONE = [
    "?@x.org,!a@x.org,!q@x.org,!.@x.org,!-@x.org,!0@x.org",  # b@x.org
    "*@x.org,!a@x.org,!z9@x.org,!b.c@x.org,!q@x.org,!.@x.org,!-@x.org,!0@x.org",  # 1@x.org
    "wang@*,!wang@a,!wang@z9,!wang@b.c,!wang@q,!wang@.,!wang@-,!wang@0",  # wang@1
    "*,!a@a",  # everyone but a@a: b@b
    "*@*,!a@*,!q@*,!z9@*,!b.c@*,!.@*,!-@*,!0@*",  # d@d
    "*@x.org,!?@x.org,!??@x.org,!???@x.org",  # names of four characters or more: aaaa@x.org
    "?@?," + ",".join(f"!{a}@{b}" for a in "aq.-0" for b in "aq.-0"),  # b@b
    "*,!*@a",  # everyone but those at the domain a: b@b
]

NAMES_NO_ONE = [
    "?@x.org,!?@x.org",
    "*@x.org,!*@x.org",
    "*,!*@*",
    "*@x.org,!?*@x.org",
    "*@x.org,!*?@x.org,!a@x.org",
    "?@?,!?@*",
    "*@X.ORG,!a@x.org",
    "!a@x.org",
    # b@x.org is not excluded, but a pattern past 1,022 bytes makes the field match nothing
    "?@x.org,!a@x.org,!q@x.org,!.@x.org,!-@x.org,!0@x.org," + "y" * 1023,
]


@pytest.mark.parametrize("field", ADMITS_SOMEONE)
def test_a_field_whose_first_fillings_are_all_excluded_still_names_someone(field: str) -> None:
    assert names_someone(field)


@pytest.mark.parametrize("field", NAMES_NO_ONE)
def test_a_field_whose_every_name_is_excluded_names_no_one(field: str) -> None:
    assert not names_someone(field)


def test_no_field_admitting_a_short_name_is_refused() -> None:
    """Against every name of three to six characters written with `a b . @`: 800 random fields
    (two patterns, up to six exclusions, of the same characters and `*` `?`) that admit one
    of them are each found to name someone (the first fillings alone refused 12 of them)."""
    rng = random.Random(7)  # noqa: S311 - the same fields every run
    words = ("".join(w) for n in range(3, 7) for w in itertools.product("ab.@", repeat=n))
    names = [w for w in words if valid_principal(w)]

    def pattern(longest: int) -> str:
        return "".join(rng.choice("ab.@*?") for _ in range(rng.randint(1, longest)))

    refused = []
    for _ in range(800):
        admitting = [pattern(4) for _ in range(rng.randint(1, 2))]
        field = ",".join(admitting + [f"!{pattern(5)}" for _ in range(rng.randint(1, 6))])
        if any(match_pattern_list(name, field) for name in names) and not names_someone(field):
            refused.append(field)
    assert refused == []


def test_the_second_search_is_counted_against_the_same_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`?@x.org,!?@x.org`: six fillings of the `?`, then one name of the character no
    exclusion holds, two matchings each (the shape and the exclusion): 14 in all. With a
    budget of 14 the field is settled (no one); of 13, it is not, and taken."""
    monkeypatch.setattr(principals, "_WITNESS_BUDGET", 14)
    assert not names_someone("?@x.org,!?@x.org")
    monkeypatch.setattr(principals, "_WITNESS_BUDGET", 13)
    assert names_someone("?@x.org,!?@x.org")


def test_a_star_in_an_exclusion_costs_one_matching_more(monkeypatch: pytest.MonkeyPatch) -> None:
    """`?@x.org,!?*@x.org`: seven tries (six fillings, then the name of the character no
    exclusion holds), each three matchings (the shape, the exclusion, its star): 21."""
    monkeypatch.setattr(principals, "_WITNESS_BUDGET", 21)
    assert not names_someone("?@x.org,!?*@x.org")
    monkeypatch.setattr(principals, "_WITNESS_BUDGET", 20)
    assert names_someone("?@x.org,!?*@x.org")


def test_an_exclusion_of_many_stars_does_not_make_the_search_slow() -> None:
    """500 patterns of long names against an exclusion of 500 stars (`*?*?...`): each
    matching of it finds 500 pieces. Counted as one matching each, the budget let this run
    for six seconds; counted by its stars, it ends within a fraction of one (and is taken)."""
    patterns = [f"a*@{'b' * 180}{i}*" for i in range(500)]
    field = ",".join([*patterns, "!*@*?", "!?@*", "!??@*", "!???@*", "!" + "*?" * 500])
    started = time.perf_counter()
    assert names_someone(field)
    assert time.perf_counter() - started < 2


def test_exclusions_that_hold_every_character_of_a_name_leave_the_field_taken() -> None:
    """No character is left to write a name no exclusion can match: the field is not settled,
    and is given the benefit of the doubt, as one past the budget is."""
    every = "!abcdefghijklmnopqrstuvwxyz0123456789-.@y"
    assert names_someone(f"?@x.org,!?@x.org,{every}")
    assert names_someone(f"?@x.org,!a@x.org,{every}")


@pytest.mark.parametrize(
    "field",
    [
        # many wildcards against exclusions with many `?`: the longest runs tried
        "*.*.*@*.*," + ",".join(f"!{'?' * n}@*" for n in range(1, 40)),
        "*@*,!?@*,!??@*,!???@*,!*@*?,!*@" + "?" * 1000,
        "?*?*?*?*@x.org," + ",".join(f"!{'?' * n}@x.org" for n in range(1, 64)),
    ],
    ids=["forty-exclusions", "long-exclusions", "sixty-three-lengths"],
)
def test_the_search_stays_within_about_a_second(field: str) -> None:
    started = time.perf_counter()
    names_someone(field)
    assert time.perf_counter() - started < 3


# --- admits anyone: whatever the exclusions leave out, the key signs as every other name ---

ANYONE = ["*", "*@*", "?*", "*,!q*", "*,!a@b", "*@*,!*@x.org", "?*,!zhao*,!*@*.example"]
NOT_ANYONE = [
    "*@hlj.example",
    "wang@x.org,li@x.org",
    "*@hlj.example,!wang@hlj.example",
    "wang.*@*",
    "*.*@*",
    "a@x.org,!*",
]


@pytest.mark.parametrize("field", ANYONE)
def test_a_field_whose_patterns_admit_every_name_admits_anyone(field: str) -> None:
    assert admits_anyone(field)


@pytest.mark.parametrize("field", NOT_ANYONE)
def test_a_field_kept_to_some_names_does_not_admit_anyone(field: str) -> None:
    assert not admits_anyone(field)


# --- reads alike, is a pattern: as cli/trust.py had them ---


def test_reads_alike_and_is_pattern() -> None:
    assert reads_alike("wang@examp1e.org", "wang@example.org")
    assert reads_alike("zhao@examp1e.org", "*@example.org")
    assert not reads_alike("wang@hlj.example", "*@hlj.example")
    assert not reads_alike("wang@x.org", "wang@x.org")
    assert (is_pattern("w?@x"), is_pattern("*"), is_pattern("wang@x.org")) == (True, True, False)


# --- as a user meets it: trust add ---


@pytest.fixture
def a_key(cli: Cli) -> str:
    return _pub(cli, "a@x.org")


def _add(cli: Cli, *args: str) -> Run:
    return cli(["trust", "add", "--json", *args])


@pytest.mark.parametrize("field", ADMITS_SOMEONE[:4])
def test_trust_add_takes_a_field_whose_first_fillings_are_excluded(
    cli: Cli, a_key: str, isolated_home: Path, field: str
) -> None:
    run = _add(cli, "--principal", field, "--key", a_key)
    assert run.exit_code == 0, run.stdout
    codes = [p["code"] for p in run.json()["problems"]]
    assert codes == (["anyone"] if field == "*,!a@a" else [])
    assert (isolated_home / "allowed_signers").read_text().startswith(f"{field} ")


@needs_ssh_keygen
@pytest.mark.parametrize("field", [ADMITS_SOMEONE[0], "*,!a@a"])
def test_what_such_a_field_admits_is_trusted_by_minecheck_and_by_ssh_keygen(
    cli: Cli, isolated_home: Path, tmp_path: Path, field: str
) -> None:
    """b@x.org signs; the key is trusted for FIELD, which excludes names beside b@x.org but
    not it: `minecheck verify` finds the document trusted and `ssh-keygen -Y verify` accepts
    its signature by b@x.org from the same allowed_signers line."""
    key = generate(cli, "b@x.org")
    doc = document(tmp_path, "b@x.org", key["fingerprint"])
    assert cli(["sign", str(doc), "--key", key["path"]]).exit_code == 0
    run = _add(cli, "--principal", field, "--key", key["public_key_path"])
    assert run.exit_code == 0, run.stdout
    assert status_of(cli, doc) == "trusted"
    assert ssh_verify(doc, isolated_home / "allowed_signers", "b@x.org") == 0


def test_trust_add_from_a_file_takes_such_a_field(
    cli: Cli, a_key: str, isolated_home: Path, tmp_path: Path
) -> None:
    key = " ".join(Path(a_key).read_text().split()[:2])
    lines = tmp_path / "lines"
    lines.write_text(f"{ADMITS_SOMEONE[0]} {key}\n")
    run = _add(cli, "--from", str(lines))
    assert run.exit_code == 0, run.stdout
    assert (isolated_home / "allowed_signers").read_text() == f"{ADMITS_SOMEONE[0]} {key}\n"


@pytest.mark.parametrize("field", ["*@x.org,!?*@x.org", "?@?,!?@*"])
def test_trust_add_still_refuses_a_field_whose_every_name_is_excluded(
    cli: Cli, a_key: str, isolated_home: Path, field: str
) -> None:
    run = _add(cli, "--principal", field, "--key", a_key)
    assert run.exit_code == 2
    [problem] = run.json()["problems"]
    assert problem["code"] == "principals"
    assert problem["message"] == (
        f"--principal {field!r} names no one who can sign: no document this key signs would count"
    )
    assert not (isolated_home / "allowed_signers").exists()


@pytest.mark.parametrize("field", ["*,!q*", "*,!a@b", "*@*,!*@x.org"])
def test_trust_add_says_a_field_excluding_a_few_still_admits_anyone(
    cli: Cli, a_key: str, isolated_home: Path, field: str
) -> None:
    run = _add(cli, "--principal", field, "--key", a_key)
    assert run.exit_code == 0, run.stdout
    assert [(p["code"], p["message"], p["hint"]) for p in run.json()["problems"]] == [
        ("anyone", ANYONE_EN.format(given=field), ANYONE_HINT_EN)
    ]
    assert (isolated_home / "allowed_signers").read_text().startswith(f"{field} ")
    (isolated_home / "allowed_signers").unlink()
    zh = cli(["trust", "add", "--lang", "zh", "--principal", field, "--key", a_key])
    assert zh.exit_code == 0
    assert zh.stderr.startswith(ANYONE_ZH.format(given=field))


@pytest.mark.parametrize("field", NOT_ANYONE[:3])
def test_trust_add_says_nothing_of_a_field_kept_to_some_names(
    cli: Cli, a_key: str, field: str
) -> None:
    run = _add(cli, "--principal", field, "--key", a_key)
    assert run.exit_code == 0, run.stdout
    assert run.json()["problems"] == []
