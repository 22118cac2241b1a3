"""`summary --by inspector` as a report author meets it when two people share a name.

An inspector's name is what a document states; who signed it is what its signature shows. Rows
were made by the name alone: two inspectors both called 王伟 (a common name), or a trusted signer
who wrote another's name, were counted as one person. A row is now one name as one signer gave
it; where two rows would show the same name, each says whose it is.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import Who, allowed_signers, findings, person

AS_OF = "2026-12-01"
JOINT = "7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("wang", "li", "zhao")}


def _inspection(n: int) -> str:
    return f"5e0c7a1b-2d3f-4a5b-8c6d-{n:012d}"


def _summary(cli: Any, folder: Path, people: dict[str, Who], *more: str) -> Any:
    allowed = allowed_signers(folder.parent / "allowed_signers", *people.values())
    return cli(
        [
            *("summary", str(folder), "--by", "inspector", "--as-of", AS_OF),
            *("--allowed-signers", str(allowed), *more),
        ]
    )


def _groups(cli: Any, folder: Path, people: dict[str, Who]) -> dict[str, tuple[int, int]]:
    run = _summary(cli, folder, people, "--format", "json")
    assert run.exit_code == 0, run.stderr
    return {
        g["inspector"]: (g["findings"], g["hidden_dangers"])
        for g in json.loads(run.stdout)["groups"]
    }


BAD = ("noncompliant", "compliant", "compliant")


def _signed(
    folder: Path, who: Who, name: str, inspection: str, results: Sequence[str] = BAD, file: str = ""
) -> None:
    """`who`'s signed findings of `inspection`, naming the inspector `name`, in `folder`."""
    folder.mkdir(exist_ok=True)
    data = findings(who, results, inspection_id=inspection, inspector=name)
    (folder / (file or f"{who.principal.split('@')[0]}.toml")).write_bytes(data)


def test_two_inspectors_of_one_name_are_two_rows(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    """Wang and Li, both 王伟: one row of 6 findings (3 hidden dangers) before; each their own."""
    folder = tmp_path / "in"
    _signed(folder, people["wang"], "王伟", _inspection(1), ["noncompliant"] * 2 + ["compliant"])
    _signed(folder, people["li"], "王伟", _inspection(2))
    assert _groups(cli, folder, people) == {
        "王伟 (li@coal.example)": (3, 1),
        "王伟 (wang@coal.example)": (3, 2),
    }


def test_a_signer_who_writes_anothers_name_is_not_counted_as_them(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    """Zhao, trusted, signs as "wang": his findings were Wang's in the by-inspector table."""
    folder = tmp_path / "in"
    _signed(folder, people["wang"], "wang", _inspection(1), ["compliant"] * 3)
    _signed(folder, people["zhao"], "wang", _inspection(2), ["noncompliant"] * 3)
    assert _groups(cli, folder, people) == {
        "wang (wang@coal.example)": (3, 0),
        "wang (zhao@coal.example)": (3, 3),
    }


def test_a_joint_inspection_by_two_of_one_name_counts_for_each(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    """Two 王伟 inspect together: each counts the joint findings once; a third name is shown
    as it is, and two names of one joint inspection are paired with their own signers."""
    folder = tmp_path / "in"
    _signed(folder, people["wang"], "王伟", JOINT)
    _signed(folder, people["li"], "王伟", JOINT)
    _signed(folder, people["zhao"], "赵磊", _inspection(3))
    assert _groups(cli, folder, people) == {
        "王伟 (li@coal.example)": (3, 1),
        "王伟 (wang@coal.example)": (3, 1),
        "赵磊": (3, 1),
    }
    _signed(folder, people["li"], "李娜", JOINT)
    assert _groups(cli, folder, people) == {"李娜": (3, 1), "王伟": (3, 1), "赵磊": (3, 1)}


def test_one_signer_by_two_names_keeps_two_rows_without_a_principal(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    """As before: a row is a name; one person who wrote it in two languages is two rows, and
    no row says a principal where no two signers share its name."""
    folder = tmp_path / "in"
    _signed(folder, people["wang"], "Wang Wei", _inspection(1), file="a.toml")
    _signed(folder, people["wang"], "王伟", _inspection(2), file="b.toml")
    assert _groups(cli, folder, people) == {"Wang Wei": (3, 1), "王伟": (3, 1)}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("form", ["md", "table", "csv"])
def test_every_report_says_whose_name_it_is(
    cli: Any, people: dict[str, Who], tmp_path: Path, lang: str, form: str
) -> None:
    folder = tmp_path / "in"
    _signed(folder, people["wang"], "王伟", _inspection(1))
    _signed(folder, people["li"], "王伟", _inspection(2))
    run = _summary(cli, folder, people, "--format", form, "--lang", lang)
    assert run.exit_code == 0, run.stderr
    # (Markdown escapes the `@` that would make an address a link)
    lines = [line for line in run.stdout.replace("\\@", "@").splitlines() if "王伟" in line]
    # (a wide terminal table gives its columns in two parts, each with every row)
    shown = [f"王伟 ({who}@coal.example)" for who in ("li", "wang")]
    assert lines, run.stdout
    assert all(sum(s in line for s in shown) == 1 for line in lines), run.stdout
    assert {s for s in shown for line in lines if s in line} == set(shown)


def test_two_signers_who_gave_no_name_are_told_apart_by_their_principals(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    """A name may be left empty (`inspect` without --inspector where none is known): two such
    signers are two rows, each its principal alone; one such signer is a blank row, as before."""
    folder = tmp_path / "in"
    _signed(folder, people["wang"], "", _inspection(1))
    assert _groups(cli, folder, people) == {None: (3, 1)}
    _signed(folder, people["li"], "", _inspection(2))
    assert _groups(cli, folder, people) == {
        "(li@coal.example)": (3, 1),
        "(wang@coal.example)": (3, 1),
    }
