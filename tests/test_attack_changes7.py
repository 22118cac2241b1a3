"""An attacker on the day's changes: a merged file signed before a source it holds, the second
search for a name a principals field admits, the signed times given in reports, and the
investigation guide's recipes run against a hostile archive."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from minecheck.core.principals import names_someone
from tests.conftest import within
from tests.test_cli_keys_trust import Cli
from tests.test_script_contract import _pub

# --- the second search for a name a principals field admits: fields built to make it slow ------

# thousands of plain names, each excluded by `*@x*`, and an exclusion of 189 `?`: each name
# goes to the second search, which built every `@`-filling of 190 by 190 runs for each pattern
# (36,481 strings) before its first try, uncounted by the budget: 400 names took 5 s, 3,000
# would take 40 s, and the budget let a field run for minutes
SLOW_FIELD = ",".join(f"a@x{i}" for i in range(3000)) + ",!*@x*,!" + "?" * 189


def test_a_field_of_thousands_of_excluded_names_is_judged_at_once() -> None:
    started = time.perf_counter()
    with within(20):
        assert not names_someone(SLOW_FIELD)
    assert time.perf_counter() - started < 2


def test_trust_add_refuses_such_a_field_at_once(cli: Cli, isolated_home: Path) -> None:
    key = _pub(cli, "a@x.org")
    started = time.perf_counter()
    with within(20):
        run = cli(["trust", "add", "--json", "--principal", SLOW_FIELD, "--key", key])
    assert time.perf_counter() - started < 3
    assert run.exit_code == 2
    assert [p["code"] for p in run.json()["problems"]] == ["principals"]
    assert not (isolated_home / "allowed_signers").exists()


@pytest.mark.parametrize(
    "field",
    [
        # patterns without `@`: the `@` put into one wildcard, runs either side of it
        ",".join(f"*x{i}" for i in range(3000)) + ",!*x*,!" + "?" * 189,
        ",".join(f"a?x{i}" for i in range(3000)) + ",!*x*,!" + "?" * 189,
    ],
    ids=["stars", "marks"],
)
def test_patterns_without_an_at_sign_are_searched_within_the_budget(field: str) -> None:
    started = time.perf_counter()
    with within(20):
        names_someone(field)
    assert time.perf_counter() - started < 3
