"""`minecheck inspect --answers`: every problem at once and nothing written, or a signed file."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import pytest

from tests.conftest import DATA, Run

ALICE = "alice@mine.example"
CHECKLIST = DATA / "checklists" / "valid" / "mini-check.toml"
ANSWERS = DATA / "answers"
GAS, METHANE, OUTBURST = "gas-check-genuine", "methane-return", "outburst-org"
SSH_KEYGEN = shutil.which("ssh-keygen")
NOT_USED = "minecheck: error: the answers cannot be used; nothing was written\n"
DESCRIPTION = "假检: the gas-check board shows checks never made"

# what tests/data/answers/mini-good.{toml,json} say, as findings
GOOD_GAS = {
    "item": GAS,
    "result": "noncompliant",
    "severity": "major",
    "basis": ["CMHD-5.1"],
    "description": DESCRIPTION,
    "location": "1201 working face",
    "measures": "retrain and supervise the gas checkers",
    "responsible": "ventilation section",
    "deadline": dt.date(2027, 1, 15),
}
NOT_APPLICABLE = {"item": OUTBURST, "result": "not-applicable", "note": "applies only to: outburst"}


class Cli(Protocol):
    def __call__(self, args: Sequence[str], input: str | bytes | None = None) -> Run: ...


def methane_finding(value: float, today: dt.date) -> dict[str, Any]:
    return {
        "item": METHANE,
        "result": "noncompliant",
        "severity": "major",
        "basis": ["CMHD-5.2"],
        "description": f"{value:g} %CH4, limit ≤ 1 %CH4",  # a reading describes itself
        "deadline": today + dt.timedelta(days=30),
        "reading": {"value": value, "unit": "%CH4", "max": 1.0},
    }


@pytest.fixture
def work(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory, and Alice's key: the default key, trusted here."""
    monkeypatch.chdir(tmp_path)
    run = cli(["keys", "generate", "--principal", ALICE, "--trust"])
    assert run.exit_code == 0, run.stderr
    return tmp_path


def inspect(cli: Cli, out: Path, answers: str | bytes, *extra: str) -> Run:
    args = ["inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(out), "--answers", "-"]
    return cli([*args, *extra], input=answers)


def document(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def findings(path: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = document(path)["finding"]
    return found


def verify_status(cli: Cli, path: Path) -> str:
    run = cli(["verify", "--json", str(path)])
    files = run.json()["data"]["files"]
    assert len(files) == 1
    status: str = files[0]["status"]
    return status


def answers(*lines: str) -> str:
    return "\n".join(["[answers]", *lines]) + "\n"


def refused(cli: Cli, work: Path, text: str, stderr: str, *extra: str) -> None:
    """Exit 2, exactly `stderr`, nothing on stdout, and no file (not even a temp file) written."""
    before = sorted(p.name for p in work.iterdir())
    run = inspect(cli, work / "f.toml", text, *extra)
    assert (run.exit_code, run.stdout) == (2, ""), run.stderr
    assert run.stderr == stderr
    assert sorted(p.name for p in work.iterdir()) == before


# -- the good path -----------------------------------------------------------------------------


def test_answers_from_stdin_end_to_end(cli: Cli, work: Path) -> None:
    out = work / "f.toml"
    run = inspect(cli, out, (ANSWERS / "mini-good.toml").read_text("utf-8"))
    assert run.exit_code == 0, run.stderr
    assert run.stdout == f"{out}\n"
    assert "Traceback" not in run.stderr
    assert verify_status(cli, out) == "trusted"

    doc = document(out)
    today = dt.date.today()
    assert doc["minecheck"]["format"] == "minecheck.findings/1"
    assert doc["minecheck"]["signer"] == ALICE
    inspection = doc["inspection"]
    assert (inspection["checklist"], inspection["checklist_version"]) == ("mini-check", "1")
    assert inspection["checklist_sha256"] == hashlib.sha256(CHECKLIST.read_bytes()).hexdigest()
    assert (inspection["site"], inspection["inspector"]) == ("Mine A", ALICE)
    assert inspection["site_tags"] == ["coal-underground"]
    # checklist order, every item once, the results exactly as answered or decided
    assert doc["finding"] == [GOOD_GAS, methane_finding(1.3, today), NOT_APPLICABLE]


def test_json_answers_from_a_file_work_the_same(cli: Cli, work: Path) -> None:
    toml_out, json_out = work / "from-toml.toml", work / "from-json.toml"
    toml_run = cli(
        [
            *("inspect", str(CHECKLIST), "--site", "Mine A"),
            *("-o", str(toml_out), "--answers", str(ANSWERS / "mini-good.toml")),
        ]
    )
    json_run = cli(
        [
            *("inspect", str(CHECKLIST), "--site", "Mine A"),
            *("-o", str(json_out), "--answers", str(ANSWERS / "mini-good.json")),
        ]
    )
    assert (toml_run.exit_code, toml_run.stdout) == (0, f"{toml_out}\n"), toml_run.stderr
    assert (json_run.exit_code, json_run.stdout) == (0, f"{json_out}\n"), json_run.stderr
    assert findings(json_out) == findings(toml_out)
    assert verify_status(cli, json_out) == "trusted"


def test_json_envelope(cli: Cli, work: Path) -> None:
    out = work / "f.toml"
    run = inspect(cli, out, (ANSWERS / "mini-good.json").read_text("utf-8"), "--json")
    assert run.exit_code == 0
    assert run.stderr == ""
    envelope = run.json()
    assert (envelope["command"], envelope["ok"], envelope["exit_code"]) == ("inspect", True, 0)
    assert envelope["problems"] == []
    data = envelope["data"]
    assert data["path"] == str(out)
    assert data["signer"] == ALICE
    assert data["counts"] == {"noncompliant": 2, "not-applicable": 1}
    assert document(out)["minecheck"]["document_id"] == data["document_id"]
    assert document(out)["inspection"]["id"] == data["inspection_id"]


def test_json_envelope_on_failure(cli: Cli, work: Path) -> None:
    run = inspect(cli, work / "f.toml", answers(f'"{GAS}" = "compliant"'), "--json")
    assert (run.exit_code, run.stderr) == (2, "")
    envelope = run.json()
    assert (envelope["ok"], envelope["exit_code"]) == (False, 2)
    codes = [p["code"] for p in envelope["problems"]]
    assert codes == ["missing-items", "input"]
    assert not (work / "f.toml").exists()


def test_defaults_and_given_values(cli: Cli, work: Path) -> None:
    """A reading within the limit is compliant; a general item keeps 7 days; given values win."""
    out = work / "f.toml"
    text = answers(
        f'"{GAS}" = {{ result = "noncompliant", severity = "general", description = "missed", '
        'severity_reason = "a single missed round, found by the mine itself" }',
        f'"{METHANE}" = {{ reading = 1.0, note = "measured at 10:00" }}',
        f'"{OUTBURST}" = {{ result = "noncompliant", description = "none", '
        'immediate = ["post-warning"] }',
    )
    run = inspect(cli, out, text, "--tag", "outburst")
    assert run.exit_code == 0, run.stderr
    today = dt.date.today()
    assert findings(out) == [
        {
            "item": GAS,
            "result": "noncompliant",
            "severity": "general",
            "severity_reason": "a single missed round, found by the mine itself",
            "basis": ["CMHD-5.1"],
            "description": "missed",
            "deadline": today + dt.timedelta(days=7),
        },
        {
            "item": METHANE,
            "result": "compliant",
            "reading": {"value": 1.0, "unit": "%CH4", "max": 1.0},
            "note": "measured at 10:00",
        },
        {
            "item": OUTBURST,
            "result": "noncompliant",
            "severity": "general",
            "description": "none",
            "deadline": today + dt.timedelta(days=7),
            "immediate": ["post-warning"],
        },
    ]
    assert document(out)["inspection"]["site_tags"] == ["coal-underground", "outburst"]


def test_tags_are_signed_in_one_order_whatever_order_they_are_typed_in(
    cli: Cli, work: Path
) -> None:
    """Two inspectors of one joint inspection typing the same tags in another order signed
    different bytes (site_tags in the order typed); a resumed draft told the same tags apart."""
    text = answers(
        f'"{GAS}" = {{ result = "compliant" }}',
        f'"{METHANE}" = {{ reading = 0.5 }}',
        f'"{OUTBURST}" = {{ result = "compliant" }}',
    )
    orders = (
        ["--tag", "outburst", "--tag", "high-gas", "--tag", "coal-underground"],
        ["--tag", "coal-underground", "--tag", "high-gas", "--tag", "outburst"],
        ["--tag", "high-gas", "--tag", "outburst"],  # (the kind implied by the checklist)
    )
    signed = []
    for n, tags in enumerate(orders):
        out = work / f"f{n}.toml"
        run = inspect(cli, out, text, *tags)
        assert run.exit_code == 0, run.stderr
        signed.append(document(out)["inspection"]["site_tags"])
    assert signed == [["coal-underground", "high-gas", "outburst"]] * 3


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (
            "",  # the item's own basis: none
            "a major finding must cite its basis (the clause that makes it major)",
        ),
        (
            ', basis = ["HM24", "WSL-41"]',  # duties of the enterprise: never major by themselves
            "a major hidden danger is a situation the criteria list: cite one (CMHD-<article>.<n> "
            "or MNM-UG/OP/TP-<n>) in basis, not only HM24, WSL-41, or grade it general",
        ),
        (
            ', basis = ["CMHD-4.9"]',  # Art. 4 lists six situations
            "basis 'CMHD-4.9' names no clause of the criteria or the laws (CMHD-<article>.<n>, "
            "MNM-UG-<n>, MNM-OP-<n>, MNM-TP-<n>, WSL-<n>, CR24-<n>, O16, HM24, AP24)",
        ),
        (
            ', basis = ["CMHD-7.1", "gas law"]',
            "basis 'gas law' names no clause of the criteria or the laws (CMHD-<article>.<n>, "
            "MNM-UG-<n>, MNM-OP-<n>, MNM-TP-<n>, WSL-<n>, CR24-<n>, O16, HM24, AP24)",
        ),
    ],
)
def test_a_major_finding_rests_on_a_listed_situation(
    cli: Cli, work: Path, given: str, said: str
) -> None:
    """Raising a general item to major needs a situation of the criteria that exists (DOMAIN)."""
    text = answers(
        f'"{GAS}" = "compliant"',
        f'"{METHANE}" = {{ reading = 0.5 }}',
        f'"{OUTBURST}" = {{ result = "noncompliant", description = "none", severity = "major"'
        f"{given} }}",
    )
    refused(cli, work, text, f"<stdin>:4:1: {OUTBURST}: {said}\n" + NOT_USED, "--tag", "outburst")


def test_a_major_finding_on_a_listed_situation_is_signed(cli: Cli, work: Path) -> None:
    out = work / "f.toml"
    text = answers(
        f'"{GAS}" = "compliant"',
        f'"{METHANE}" = {{ reading = 0.5 }}',
        f'"{OUTBURST}" = {{ result = "noncompliant", description = "none", severity = "major",'
        ' basis = ["CMHD-7.1", "CR24-36"] }',
    )
    run = inspect(cli, out, text, "--tag", "outburst")
    assert run.exit_code == 0, run.stderr
    assert findings(out)[2]["severity"] == "major"
    assert findings(out)[2]["basis"] == ["CMHD-7.1", "CR24-36"]


def test_a_past_deadline_in_an_answers_file_is_said(cli: Cli, work: Path) -> None:
    """The walk refuses a deadline in the past; an answers file (often a paper record typed in
    later) keeps it, with a warning."""
    out = work / "f.toml"
    text = answers(
        f'"{GAS}" = {{ result = "noncompliant", description = "missed", deadline = 2026-01-05 }}',
        f'"{METHANE}" = {{ reading = 0.5 }}',
    )
    run = inspect(cli, out, text)
    assert run.exit_code == 0, run.stderr
    assert run.stderr == (
        "minecheck: warning: <stdin>: gas-check-genuine: the deadline 2026-01-05 is already past "
        "(recorded as given)\n"
    )
    assert findings(out)[0]["deadline"] == dt.date(2026, 1, 5)
    enveloped = inspect(cli, out, text, "--force", "--json").json()  # the file it is about
    assert [(p["code"], p["path"]) for p in enveloped["problems"]] == [("deadline-past", "<stdin>")]


def test_a_deadline_as_people_write_it(cli: Cli, work: Path) -> None:
    """An answers file (JSON from an enterprise system, often) gives a deadline as the walk
    takes one: 2027年1月10日, 2027/1/10 (it took only 2027-01-10)."""
    for given in ("2027年1月10日", "2027/1/10", "２０２７－１－１０"):
        out = work / "f.toml"
        text = answers(
            f'"{GAS}" = {{ result = "noncompliant", description = "missed", '
            f'deadline = "{given}" }}',
            f'"{METHANE}" = {{ reading = 0.5 }}',
        )
        run = inspect(cli, out, text, "--force")
        assert (run.exit_code, run.stderr) == (0, ""), given
        assert findings(out)[0]["deadline"] == dt.date(2027, 1, 10)


def test_a_deadline_that_names_no_day(cli: Cli, work: Path) -> None:
    """2027-02-29 is written like a date, but February 2027 has 28 days: said so, at its place."""
    text = answers(
        f'"{GAS}" = {{ result = "noncompliant", description = "missed", deadline = "2027-02-29" }}',
        f'"{METHANE}" = {{ reading = 0.5 }}',
    )
    refused(
        cli,
        work,
        text,
        "<stdin>:2:74: deadline '2027-02-29' is no day of the calendar: 2027-02 has 28 days\n"
        + NOT_USED,
    )


def test_the_installed_console_script(work: Path, isolated_home: Path) -> None:
    out = work / "f.toml"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_")}
    env["MINECHECK_HOME"] = str(isolated_home)
    result = subprocess.run(
        [
            *(str(Path(sys.executable).parent / "minecheck"), "inspect", str(CHECKLIST)),
            *("--site", "Mine A", "-o", str(out), "--answers", "-"),
        ],
        input=(ANSWERS / "mini-good.toml").read_text("utf-8"),
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{out}\n", "")
    assert findings(out)[0] == GOOD_GAS


def test_the_default_output_name(cli: Cli, work: Path) -> None:
    run = cli(
        ["inspect", str(CHECKLIST), "--site", "Mine A", "--answers", "-"],
        input=(ANSWERS / "mini-good.toml").read_text("utf-8"),
    )
    assert run.exit_code == 0, run.stderr
    written = Path(run.stdout.rstrip("\n"))
    assert run.stdout == f"{written}\n"
    assert written.parent == Path(".")  # in the current directory, named as followup names
    assert written.name.startswith("mini-check-")
    assert written.suffix == ".toml"
    assert sorted(p.name for p in work.iterdir()) == sorted(["home", written.name])


@pytest.mark.skipif(SSH_KEYGEN is None, reason="ssh-keygen is not installed")
def test_the_ssh_keygen_recipe_accepts_the_file(cli: Cli, work: Path, isolated_home: Path) -> None:
    out = work / "f.toml"
    assert inspect(cli, out, (ANSWERS / "mini-good.toml").read_text("utf-8")).exit_code == 0
    sig, body = work / "f.sig", work / "f.body"
    armor = "/^-----BEGIN SSH SIGNATURE-----$/,/^-----END SSH SIGNATURE-----$/p"
    with sig.open("wb") as fh:
        subprocess.run(["sed", "-n", armor, str(out)], stdout=fh, check=True, timeout=30)
    with body.open("wb") as fh:
        subprocess.run(
            ["sed", r"/^\[signature\]$/,$d", str(out)], stdout=fh, check=True, timeout=30
        )
    assert out.read_bytes().startswith(body.read_bytes())
    assert body.read_bytes().endswith(b"\n\n")
    env = {k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"}
    with body.open("rb") as fh:
        result = subprocess.run(
            [
                *(str(SSH_KEYGEN), "-Y", "verify", "-f", str(isolated_home / "allowed_signers")),
                *("-I", ALICE, "-n", "minecheck-findings-v1", "-s", str(sig)),
            ],
            stdin=fh,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    assert f'Good "minecheck-findings-v1" signature for {ALICE}' in result.stdout + result.stderr


# -- every problem at once, nothing written ----------------------------------------------------


def test_unknown_item_ids(cli: Cli, work: Path) -> None:
    text = answers(
        f'"{GAS}" = "compliant"',
        f'"{METHANE}" = {{ reading = 0.5 }}',
        '"gas-overlimit" = "compliant"',
        '"roof-support" = "noncompliant"',
        '"methane-retrun" = "compliant"',
    )
    refused(
        cli,
        work,
        text,
        "<stdin>:4:1: 'gas-overlimit' is not an item of mini-check\n"
        "<stdin>:5:1: 'roof-support' is not an item of mini-check\n"
        "<stdin>:6:1: 'methane-retrun' is not an item of mini-check; did you mean "
        "methane-return?\n" + NOT_USED,
    )


def test_missing_items(cli: Cli, work: Path) -> None:
    text = answers(f'"{GAS}" = "compliant"')
    refused(
        cli,
        work,
        text,
        "<stdin>: 1 item not answered: methane-return\n"
        "  hint: answer them, or pass --allow-incomplete to record them as not-checked\n"
        + NOT_USED,
    )
    refused(
        cli,
        work,
        answers(),
        "<stdin>: 3 items not answered: gas-check-genuine, methane-return, outburst-org\n"
        "  hint: answer them, or pass --allow-incomplete to record them as not-checked\n"
        + NOT_USED,
        "--tag",
        "outburst",
    )


def test_missing_items_with_allow_incomplete_are_not_checked(cli: Cli, work: Path) -> None:
    out = work / "f.toml"
    run = inspect(cli, out, answers(f'"{GAS}" = "compliant"'), "--allow-incomplete")
    assert (run.exit_code, run.stdout) == (0, f"{out}\n"), run.stderr
    assert findings(out) == [
        {"item": GAS, "result": "compliant"},
        {"item": METHANE, "result": "not-checked"},
        NOT_APPLICABLE,
    ]
    assert verify_status(cli, out) == "trusted"


def test_wrong_types_with_their_positions(cli: Cli, work: Path) -> None:
    refused(
        cli,
        work,
        (ANSWERS / "mini-bad-types.toml").read_text("utf-8"),
        "<stdin>:2:37: deadline must be a date like 2026-12-20\n"
        "<stdin>:2:56: basis must be an array\n"
        "<stdin>:2:25: result must be a string\n"
        "<stdin>:3:22: reading must be a number, not 'high'\n" + NOT_USED,
    )


def test_an_answers_file_s_shape_in_chinese(cli: Cli, work: Path) -> None:
    """Unknown keys and wrong types are said in the inspector's language, like the rest."""
    text = answers(
        f'"{GAS}" = {{ result = 3, descripton = "x", deadline = "soon" }}',
        f'"{METHANE}" = [1]',
    )
    run = inspect(cli, work / "f.toml", text, "--lang", "zh")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "<stdin>:2:37: 条目“gas-check-genuine”的回答中有未知的键 'descripton'；"
        "您是指 'description' 吗？",
        "<stdin>:2:55: deadline 必须是日期，如 2026-12-20",
        "<stdin>:2:25: result 必须是字符串",
        "<stdin>:3:1: 回答应是一个结论字符串或一个表",
        "minecheck: error: 答案无法使用；未写入任何文件",
    ]


def test_type_problems_come_with_the_other_problems(cli: Cli, work: Path) -> None:
    """A wrongly typed answer does not hide an unknown item or a missing one."""
    text = answers(f'"{GAS}" = {{ result = 3 }}', '"nope" = "compliant"')
    refused(
        cli,
        work,
        text,
        "<stdin>:2:25: result must be a string\n"
        "<stdin>:3:1: 'nope' is not an item of mini-check\n"
        "<stdin>: 1 item not answered: methane-return\n"
        "  hint: answer them, or pass --allow-incomplete to record them as not-checked\n"
        + NOT_USED,
    )


def test_unknown_fields_and_results(cli: Cli, work: Path) -> None:
    text = answers(
        f'"{GAS}" = {{ result = "complaint", sevrity = "major" }}',
        f'"{METHANE}" = "yes"',
    )
    refused(
        cli,
        work,
        text,
        "<stdin>:2:47: unknown key 'sevrity' in the answer for 'gas-check-genuine'; "
        "did you mean 'severity'?\n"
        "<stdin>:3:1: methane-return: result must be one of compliant, noncompliant, "
        "not-applicable, not-checked, not 'yes'\n" + NOT_USED,
    )


def test_reading_problems(cli: Cli, work: Path) -> None:
    text = answers(
        f'"{GAS}" = {{ reading = 0.5 }}',
        f'"{METHANE}" = {{ reading = 1.3, result = "compliant" }}',
    )
    refused(
        cli,
        work,
        text,
        "<stdin>:2:1: gas-check-genuine: item 'gas-check-genuine' takes no reading\n"
        "<stdin>:3:1: methane-return: the reading 1.3 %CH4 against the limit ≤ 1 %CH4 makes "
        "the result noncompliant, not compliant\n" + NOT_USED,
    )
    refused(
        cli,
        work,
        answers(f'"{GAS}" = "compliant"', f'"{METHANE}" = {{ reading = "high" }}'),
        "<stdin>:3:22: reading must be a number, not 'high'\n" + NOT_USED,
    )
    refused(
        cli,
        work,
        answers(f'"{GAS}" = "compliant"', f'"{METHANE}" = {{ reading = nan }}'),
        "<stdin>:3:22: reading must be a finite number\n" + NOT_USED,
    )


def test_fields_of_a_noncompliant_answer_on_a_compliant_one(cli: Cli, work: Path) -> None:
    text = answers(
        f'"{GAS}" = {{ result = "compliant", severity = "major", deadline = 2027-01-01 }}',
        f'"{METHANE}" = {{ reading = 0.5, description = "fine" }}',
    )
    refused(
        cli,
        work,
        text,
        "<stdin>:2:1: gas-check-genuine: severity, deadline belong only to a noncompliant answer\n"
        "<stdin>:3:1: methane-return: description belongs only to a noncompliant answer\n"
        + NOT_USED,
    )


def test_evidence_outside_the_tree_and_missing(cli: Cli, work: Path) -> None:
    (work.parent / "x.jpg").write_bytes(b"outside")
    text = answers(
        f'"{GAS}" = {{ result = "noncompliant", evidence = ["../x.jpg"] }}',
        f'"{METHANE}" = {{ reading = 1.3, evidence = ["missing.jpg"] }}',
    )
    refused(
        cli,
        work,
        text,
        f"<stdin>:2:1: gas-check-genuine: evidence ../x.jpg is outside {work}, "
        "the directory the document is written to; copy the file below it, or write the "
        "document higher up with -o\n"
        "<stdin>:3:1: methane-return: evidence file missing.jpg does not exist\n" + NOT_USED,
    )


def test_good_evidence_is_hashed_and_stored_relative_to_the_file(cli: Cli, work: Path) -> None:
    photo = b"\xff\xd8\xff\xe0 not really a jpeg \x00\x01"
    (work / "report" / "ev").mkdir(parents=True)
    (work / "report" / "ev" / "board.jpg").write_bytes(photo)
    (work / "report" / "ev" / "fan.jpg").write_bytes(b"fan")
    out = work / "report" / "f.toml"
    text = answers(
        f'"{GAS}" = {{ result = "noncompliant", description = "d", '
        'evidence = ["report/ev/board.jpg"] }',
        f'"{METHANE}" = {{ reading = 0.4, evidence = ["report/ev/fan.jpg"] }}',
    )
    run = inspect(cli, out, text)
    assert (run.exit_code, run.stdout) == (0, f"{out}\n"), run.stderr
    gas, methane, _ = document(out)["finding"]
    assert gas["evidence"] == [
        {"path": "ev/board.jpg", "sha256": hashlib.sha256(photo).hexdigest(), "bytes": len(photo)}
    ]
    assert methane["evidence"] == [
        {"path": "ev/fan.jpg", "sha256": hashlib.sha256(b"fan").hexdigest(), "bytes": 3}
    ]
    assert methane["result"] == "compliant"
    assert verify_status(cli, out) == "trusted"


def test_lowering_a_major_needs_a_reason(cli: Cli, work: Path) -> None:
    text = answers(
        f'"{GAS}" = {{ result = "noncompliant", severity = "general" }}',
        f'"{METHANE}" = {{ reading = 1.3, severity = "minor" }}',
    )
    refused(
        cli,
        work,
        text,
        "<stdin>:2:1: gas-check-genuine: item 'gas-check-genuine' is major by its criteria; "
        "lowering it needs a severity_reason\n"
        "<stdin>:3:1: methane-return: severity must be major or general, not 'minor'\n" + NOT_USED,
    )


def test_an_answer_for_an_item_that_does_not_apply(cli: Cli, work: Path) -> None:
    text = answers(
        f'"{GAS}" = "compliant"',
        f'"{METHANE}" = {{ reading = 0.5 }}',
        f'"{OUTBURST}" = "compliant"',
    )
    refused(
        cli,
        work,
        text,
        "<stdin>:4:1: 'outburst-org' applies only to outburst; add --tag outburst to include it\n"
        + NOT_USED,
    )
    # saying so is fine
    out = work / "f.toml"
    ok = answers(
        f'"{GAS}" = "compliant"',
        f'"{METHANE}" = {{ reading = 0.5 }}',
        f'"{OUTBURST}" = "not-applicable"',
    )
    assert inspect(cli, out, ok).exit_code == 0
    assert findings(out)[2] == NOT_APPLICABLE
    # and what it says of the item is kept
    out.unlink()
    (work / "sign.jpg").write_bytes(b"no outburst here")
    noted = ok.replace(
        '"not-applicable"',
        '{ result = "not-applicable", note = "no outburst seam", evidence = ["sign.jpg"] }',
    )
    assert inspect(cli, out, noted).exit_code == 0
    kept = findings(out)[2]
    assert (kept["result"], kept["note"], kept["evidence"][0]["path"]) == (
        "not-applicable",
        "no outburst seam",
        "sign.jpg",
    )


def test_invalid_toml_and_json_carry_line_and_column(cli: Cli, work: Path) -> None:
    refused(
        cli,
        work,
        answers(f'"{GAS}" = compliant'),
        '<stdin>:2:23: invalid TOML: Invalid value: text goes in double quotes, e.g. "compliant"\n'
        "minecheck: error: <stdin> is not valid TOML\n",
    )
    refused(
        cli,
        work,
        '{"answers": {\n  "gas-check-genuine": \n}}\n',
        "<stdin>:3:1: invalid JSON: Expecting value\nminecheck: error: <stdin> is not valid JSON\n",
    )


def test_an_answers_file_that_is_not_there(cli: Cli, work: Path) -> None:
    run = cli(["inspect", str(CHECKLIST), "--site", "Mine A", "--answers", str(work / "nope.toml")])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"minecheck: error: {work / 'nope.toml'}: no such file\n"


def test_an_existing_output_is_kept_without_force(cli: Cli, work: Path) -> None:
    out = work / "f.toml"
    out.write_bytes(b"someone else's file\n")
    good = (ANSWERS / "mini-good.toml").read_text("utf-8")
    run = inspect(cli, out, good)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: {out} already exists\n  hint: choose another -o, or pass --force\n"
    )
    assert out.read_bytes() == b"someone else's file\n"
    assert sorted(p.name for p in work.iterdir()) == ["f.toml", "home"]

    run = inspect(cli, out, good, "--force")
    assert (run.exit_code, run.stdout) == (0, f"{out}\n")
    assert verify_status(cli, out) == "trusted"


def test_an_output_directory_that_is_not_there_is_named_with_the_command_to_make_it(
    cli: Cli, work: Path
) -> None:
    out = work / "new findings" / "f.toml"
    run = inspect(cli, out, (ANSWERS / "mini-good.toml").read_text("utf-8"))
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: directory {out.parent} does not exist\n"
        "  hint: create it first:\n"
        f"    mkdir -p '{out.parent}'\n"
    )


def test_no_terminal_and_no_answers(cli: Cli, work: Path) -> None:
    run = cli(["inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(work / "f.toml")])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: an interactive inspection needs a terminal, "
        "and standard input is not one\n"
        "  hint: give the answers in a file: minecheck inspect ... --answers FILE (or -)\n"
    )
    assert not (work / "f.toml").exists()
    assert not (work / "home" / "drafts").exists()


def test_without_a_key_nothing_is_written(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "f.toml"
    run = inspect(cli, out, (ANSWERS / "mini-good.toml").read_text("utf-8"))
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.startswith("minecheck: error: no signing key is set up yet\n  hint: ")
    assert not out.exists()


def test_the_envelope_lists_every_problem(cli: Cli, work: Path) -> None:
    text = json.dumps({"answers": {GAS: {"result": 3}, METHANE: {"reading": 1.3}, "x": "y"}})
    run = inspect(cli, work / "f.toml", text, "--json")
    assert (run.exit_code, run.stderr) == (2, "")
    problems = run.json()["problems"]
    assert [(p["code"], p["message"]) for p in problems] == [
        ("bad-type", "answers.gas-check-genuine.result: result must be a string"),
        ("unknown-item", "'x' is not an item of mini-check"),
        ("input", "the answers cannot be used; nothing was written"),
    ]


# -- drafts without a terminal -----------------------------------------------------------------


def test_a_damaged_draft_is_listed_as_such_and_can_be_discarded(
    cli: Cli, isolated_home: Path
) -> None:
    directory = isolated_home / "drafts"
    directory.mkdir(parents=True)
    damaged = directory / "0d1e2f3a-0000-4000-8000-000000000000.toml"
    damaged.write_text('[draft]\nformat = "minecheck.draft/1"\nstarted = "morning"\n', "utf-8")

    run = cli(["drafts", "list", "--json"])
    assert (run.exit_code, run.stderr) == (0, "")
    envelope = run.json()
    assert envelope["data"]["drafts"] == []
    assert [p["code"] for p in envelope["problems"]] == ["draft-damaged"]

    run = cli(["drafts", "resume", "0d1e2f3a"])
    assert run.exit_code == 2  # no terminal: refused before the draft is even read

    run = cli(["drafts", "discard", "0d1e2f3a"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == "minecheck: error: discarding needs confirmation\n  hint: pass --yes\n"
    assert damaged.exists()

    run = cli(["drafts", "discard", "0d1e2f3a", "--yes"])
    assert run.exit_code == 0, run.stderr
    assert run.stderr == f"discarded draft {damaged.stem}\n"
    assert list(directory.iterdir()) == []
    assert cli(["drafts", "list", "--json"]).json()["data"]["drafts"] == []


def test_a_draft_id_prefix_two_drafts_share_is_refused(cli: Cli, isolated_home: Path) -> None:
    """A prefix that names two drafts discards neither: it says so, in the reader's language,
    and asks for more of the id; more of it names one."""
    directory = isolated_home / "drafts"
    directory.mkdir(parents=True)
    one = directory / "0d1e2f3a-0000-4000-8000-000000000001.toml"
    two = directory / "0d1e2f3a-0000-4000-8000-000000000002.toml"
    for path in (one, two):
        path.write_text('[draft]\nformat = "minecheck.draft/1"\n', "utf-8")
    for lang, said, hint in (
        ("en", "draft id 0d1e2f3a is ambiguous", "give more of the id"),
        ("zh", "草稿编号 0d1e2f3a 不唯一", "请多给出几位编号"),
    ):
        run = cli(["drafts", "discard", "0d1e2f3a", "--yes", "--lang", lang])
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr == f"minecheck: error: {said}\n  hint: {hint}\n"
    assert sorted(directory.iterdir()) == [one, two]
    run = cli(["drafts", "discard", "0d1e2f3a-0000-4000-8000-000000000002", "--yes"])
    assert (run.exit_code, run.stderr) == (0, f"discarded draft {two.stem}\n")
    assert list(directory.iterdir()) == [one]


def test_an_answers_file_s_problems_in_chinese(cli: Cli, work: Path) -> None:
    text = answers(
        f'"{GAS}" = {{ result = "compliant", reading = 1.0 }}',
        f'"{METHANE}" = {{ reading = "high" }}',
        '"nope" = "compliant"',
    )
    run = inspect(cli, work / "f.toml", text, "--lang", "zh")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "<stdin>:3:22: 读数必须是数值，而不是“high”",
        "<stdin>:4:1: “nope”不是检查表 mini-check 中的条目",
        "<stdin>:2:1: gas-check-genuine：条目“gas-check-genuine”不取读数",
        "minecheck: error: 答案无法使用；未写入任何文件",
    ]


def test_two_inspections_in_one_second_keep_both_files(
    cli: Cli, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default name carries the time to the second: the second run of a script (or one
    running beside it) stopped with "already exists", and its hint, --force, would have
    replaced the other inspection's signed record."""
    from minecheck.cli import inspect as inspect_cli

    moment = dt.datetime(2026, 12, 2, 5, 31, 52, tzinfo=dt.UTC)
    monkeypatch.setattr(inspect_cli, "_now", lambda: moment)
    args = ["inspect", str(CHECKLIST), "--site", "Mine A", "--answers", "-"]
    good = (ANSWERS / "mini-good.toml").read_text("utf-8")
    first = cli(args, input=good)
    second = cli(args, input=good)
    real_check = inspect_cli._check_target

    def written_meanwhile(target: Path, force: bool) -> None:  # by a run beside this one
        real_check(target, force)
        target.write_bytes(b"another inspection's record")

    monkeypatch.setattr(inspect_cli, "_check_target", written_meanwhile)
    third = cli(args, input=good)
    written = []
    for run in (first, second, third):
        assert (run.exit_code, run.stderr) == (0, ""), run.stderr
        written.append(Path(run.stdout.rstrip("\n")))
        assert verify_status(cli, written[-1]) == "trusted"
    stamp = moment.astimezone().strftime("%Y%m%d-%H%M%S")
    assert written[0].name == f"mini-check-{stamp}.toml"
    assert len({p.name for p in written}) == 3
    for path in written[1:]:
        assert path.name.startswith(f"mini-check-{stamp}-")
    taken = [p for p in work.glob("*.toml") if p.read_bytes() == b"another inspection's record"]
    assert len(taken) == 1  # what was written meanwhile is still there
    monkeypatch.setattr(inspect_cli, "_check_target", real_check)
    later = moment + dt.timedelta(seconds=1)
    monkeypatch.setattr(inspect_cli, "_now", lambda: later)
    planted = work / f"mini-check-{later.astimezone().strftime('%Y%m%d-%H%M%S')}.toml"
    planted.symlink_to(work / "elsewhere.toml")  # a dangling link at the name: not followed
    run = cli(args, input=good)
    assert (run.exit_code, run.stderr) == (0, ""), run.stderr
    assert Path(run.stdout.strip()).name != planted.name
    assert planted.is_symlink()
    assert not (work / "elsewhere.toml").exists()


def test_text_the_tool_writes_into_a_chinese_inspection_is_chinese(cli: Cli, work: Path) -> None:
    """A reading's own description, the reason for no evidence and an item ruled out by the
    site's tags are written in the inspection's language; the inspector's words as typed."""
    text = answers(
        f'"{GAS}" = {{ result = "compliant", evidence_reason = "现场查看，未拍照",'
        ' note = "已核对" }',
        f'"{METHANE}" = {{ reading = 1.3 }}',
    )
    out = work / "zh.toml"
    run = inspect(cli, out, text, "--lang", "zh")
    assert run.exit_code == 0, run.stderr
    assert document(out)["inspection"]["language"] == "zh"
    gas, methane, outburst = findings(out)
    assert gas["note"] == "已核对；无佐证：现场查看，未拍照"
    assert methane["description"] == "1.3 %CH4，限值 ≤ 1 %CH4"
    assert outburst["note"] == "仅适用于：outburst"


def test_the_path_written_is_printed_as_it_was_given(cli: Cli, work: Path) -> None:
    """Every other command prints -o as given; inspect printed it absolute (a script that
    compared it with what it passed failed)."""
    (work / "f").mkdir()
    good = (ANSWERS / "mini-good.toml").read_text("utf-8")
    args = ["inspect", str(CHECKLIST), "--site", "Mine A", "--answers", "-"]
    run = cli([*args, "-o", "f/rel.toml", "--json"], input=good)
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.json()["data"]["path"] == "f/rel.toml"
    run = cli([*args, "-o", "f/plain.toml"], input=good)
    assert (run.exit_code, run.stdout) == (0, "f/plain.toml\n")
    run = cli([*args, "-o", "f/"], input=good)  # a directory: the default name in it
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith("f/mini-check-")
    assert (work / run.stdout.strip()).is_file()


def test_no_drafts_lists_no_table(cli: Cli, isolated_home: Path) -> None:
    # a script reading stdout got the header of an empty table
    run = cli(["drafts", "list", "--lang", "en"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", "no unfinished inspections\n")
    run = cli(["drafts", "list", "--json"])
    assert (run.exit_code, run.stderr, run.json()["data"]["drafts"]) == (0, "", [])
