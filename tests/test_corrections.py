"""An inspector corrects a signed record; the report author receives the old file and the new.

A signed findings file cannot be edited. An inspector who signs a corrected file again under the
same inspection id gives a second answer to every item: the reports counted it as two inspectors'
answers (a corrected item "inconsistent", an open hidden danger) without a word on who gave them.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import INSPECTION, Who, allowed_signers, findings, person

LATER = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
AS_OF = "2026-12-01"


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("alice", "bob")}


@pytest.fixture
def files(people: dict[str, Who], tmp_path: Path) -> dict[str, Path]:
    """Alice found gas-overlimit non-compliant (a1.toml), then signed a corrected file of the
    same inspection the next day (a2.toml: compliant); Bob inspected with her (b.toml)."""
    alice, bob = people["alice"], people["bob"]
    made = {
        "a1": findings(alice, ["compliant", "noncompliant", "compliant"]),
        "a2": findings(alice, ["compliant", "compliant", "compliant"], n=1, when=LATER),
        "a3": findings(alice, ["compliant", "noncompliant", "compliant"], n=2, when=LATER),
        "b": findings(bob, ["compliant", "noncompliant", "compliant"]),
    }
    out = {"allowed": allowed_signers(tmp_path / "allowed_signers", alice, bob)}
    (tmp_path / "revoked_keys").write_text("")
    out["revoked"] = tmp_path / "revoked_keys"
    for name, data in made.items():
        out[name] = tmp_path / f"{name}.toml"
        out[name].write_bytes(data)
    return out


def _trust(files: dict[str, Path]) -> list[str]:
    return ["--allowed-signers", str(files["allowed"]), "--revoked-keys", str(files["revoked"])]


def _twice(a1: Path, a2: Path, lang: str = "en") -> str:
    if lang == "zh":
        return (
            f"minecheck: warning: {a1}：检查 {INSPECTION}：alice@coal.example 对其作答两次，"
            f"分别在 {a1}（创建于 2026-11-29T08:15:00Z）和 {a2}（创建于 2026-11-30T09:00:00Z，"
            "较晚）中，结论不同的条目为 gas-overlimit（不符合 → 符合）；两份结论都计入，"
            "如同两名检查人员的结论：如果较晚的文件更正了较早的，请不要把较早的文件纳入报告"
        )
    return (
        f"minecheck: warning: {a1}: inspection {INSPECTION}: alice@coal.example answered it "
        f"twice, in {a1} (created 2026-11-29T08:15:00Z) and in {a2} (created "
        "2026-11-30T09:00:00Z, the later), differently on gas-overlimit (noncompliant → "
        "compliant); both answers count, as two inspectors' would: if the later corrects the "
        "earlier, leave the earlier file out of the report"
    )


@pytest.mark.parametrize("command", ["summary", "export"])
def test_one_signer_s_two_answers_to_one_inspection_are_said_in_reports(
    cli: Any, files: dict[str, Path], command: str
) -> None:
    """summary and export said nothing: the corrected item was one inspector's disagreement with
    herself, an open major hidden danger, and the author was not told which file was later."""
    a1, a2 = files["a1"], files["a2"]
    fmt = ["--format", "csv"] if command == "export" else []
    for order in ((a1, a2), (a2, a1)):
        run = cli([command, *map(str, order), *fmt, "--as-of", AS_OF, *_trust(files)])
        assert run.exit_code == 0, run.stderr
        assert run.stderr.splitlines() == [_twice(a1, a2)]
    run = cli([command, str(a2), str(a1), *fmt, "--as-of", AS_OF, "--lang", "zh", *_trust(files)])
    assert run.exit_code == 0, run.stderr
    assert run.stderr.splitlines() == [_twice(a1, a2, "zh")]
    # left out as the warning says, the report reads as the correction meant
    run = cli(["summary", str(a2), "--format", "json", "--as-of", AS_OF, *_trust(files)])
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.json()["headline"]["hidden_dangers"] == 0


def test_two_inspectors_answers_and_a_file_signed_again_alike(
    cli: Any, files: dict[str, Path]
) -> None:
    """Two signers' answers are no correction, and one signer's two files that answer alike
    are counted once with nothing to mend: neither is said."""
    run = cli(["summary", str(files["a1"]), str(files["b"]), "--as-of", AS_OF, *_trust(files)])
    assert (run.exit_code, run.stderr) == (0, "")
    run = cli(["summary", str(files["a3"]), str(files["a1"]), "--as-of", AS_OF, *_trust(files)])
    assert (run.exit_code, run.stderr) == (0, "")


def test_merge_and_show_of_the_merge_say_one_signer_s_two_answers(
    cli: Any, people: dict[str, Who], files: dict[str, Path], tmp_path: Path
) -> None:
    """merge listed "inconsistent: ... alice: compliant (a2.toml); alice: noncompliant
    (a1.toml)", an inspector disagreeing with herself, and nothing on which file was later;
    show of the merged file said nothing. The merged file is as before (its consolidated is
    what the sources give), and verifies."""
    a1, a2, out = files["a1"], files["a2"], tmp_path / "m.toml"
    alice = people["alice"]
    sign = ["--key", str(alice.key), "--signer", alice.principal]
    run = cli(["merge", str(a2), str(a1), "-o", str(out), *_trust(files), *sign])
    assert (run.exit_code, run.stdout) == (0, f"{out}\n")
    assert _twice(a1, a2) in run.stderr.splitlines()
    zh = ["--force", "--lang", "zh", *_trust(files), *sign]
    run = cli(["merge", str(a2), str(a1), "-o", str(out), *zh])
    assert run.exit_code == 0
    # (merge places it as `path:line:col:`, a location in the form editors read, in any language)
    assert _twice(a1, a2, "zh").replace(f"{a1}：", f"{a1}: ", 1) in run.stderr.splitlines()
    assert cli(["verify", str(out), *_trust(files)]).exit_code == 0
    run = cli(["show", str(out), *_trust(files)])
    assert run.exit_code == 0
    sources = [s["file"].encode() for s in tomllib.loads(out.read_text("utf-8"))["source"]]
    place = {data: f"{out}#{n}" for n, data in enumerate(sources, 1)}  # in sha256 order
    a1_in, a2_in = place[a1.read_bytes()], place[a2.read_bytes()]
    assert run.stderr.splitlines() == [
        f"minecheck: warning: {a1_in}: inspection {INSPECTION}: alice@coal.example answered it "
        f"twice, in {a1_in} (created 2026-11-29T08:15:00Z) and in {a2_in} (created "
        "2026-11-30T09:00:00Z, the later), differently on gas-overlimit (noncompliant → "
        "compliant); both answers count, as two inspectors' would: if the later corrects the "
        f"earlier, extract {out} and merge its sources again without the earlier one"
    ]
    run = cli(["show", str(out), "--lang", "zh", *_trust(files)])
    assert run.stderr.splitlines() == [  # (as summary and export say it: `path：`)
        f"minecheck: warning: {a1_in}：检查 {INSPECTION}：alice@coal.example 对其作答两次，"
        f"分别在 {a1_in}（创建于 2026-11-29T08:15:00Z）和 {a2_in}（创建于 2026-11-30T09:00:00Z，"
        "较晚）中，结论不同的条目为 gas-overlimit（不符合 → 符合）；两份结论都计入，"
        f"如同两名检查人员的结论：如果较晚的文件更正了较早的，请取出 {out} 的来源文件，"
        "不含较早的那份重新合并"
    ]


def test_one_inspection_walked_in_two_parts_by_one_inspector_is_no_correction(
    cli: Any, people: dict[str, Who], tmp_path: Path, files: dict[str, Path]
) -> None:
    """Alice walked half the checklist on the first day and the rest on the next, each file
    leaving the other half not-checked: a not-checked answer says nothing (it overrules no
    answer), so nothing was answered twice and no file is to be left out."""
    alice = people["alice"]
    day1 = tmp_path / "day1.toml"
    day2 = tmp_path / "day2.toml"
    day1.write_bytes(findings(alice, ["noncompliant", "not-checked", "not-checked"], n=5))
    day2.write_bytes(findings(alice, ["not-checked", "compliant", "compliant"], n=6, when=LATER))
    for command, fmt in (("summary", "md"), ("export", "csv")):
        run = cli([command, str(day1), str(day2), "--format", fmt, *_trust(files)])
        assert (run.exit_code, run.stderr) == (0, "")


def test_a_file_answered_otherwise_on_every_item_is_said_in_one_short_line(
    cli: Any, people: dict[str, Who], tmp_path: Path, files: dict[str, Path]
) -> None:
    """The differing items were all named: a checklist of a thousand items answered otherwise
    made a line of a thousand names. The first five are named, then how many in all."""
    alice = people["alice"]
    items = [f"item-{n:02}" for n in range(12)]
    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    one.write_bytes(findings(alice, ["compliant"] * 12, n=7, items=items))
    two.write_bytes(findings(alice, ["not-applicable"] * 12, n=8, items=items, when=LATER))
    run = cli(["export", str(two), str(one), "--format", "csv", *_trust(files)])
    assert run.exit_code == 0
    (line,) = run.stderr.splitlines()
    assert (
        ", differently on item-00 (compliant → not-applicable), item-01 (compliant → "
        "not-applicable), item-02 (compliant → not-applicable), item-03 (compliant → "
        "not-applicable), item-04 (compliant → not-applicable), … (12); both answers count"
    ) in line
