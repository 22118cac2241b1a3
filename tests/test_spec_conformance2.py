"""SPEC.md read a second time against the product and its docs: what the docs said wrongly,
held here by the product's behaviour."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.test_show import setup  # noqa: F401 - the fixture


def test_show_refuses_revoked_malformed_and_bad_signature_and_shows_the_rest(
    cli: Any,
    setup: dict[str, Any],  # noqa: F811 - the fixture
    tmp_path: Path,
) -> None:
    """guide-scripting §8: `show` refuses a `revoked`, `malformed` or `bad-signature` file with
    `input` and exit 2, naming its status, and shows any other with its status (exit 0)."""
    a: Path = setup["a"]
    revoked = ["--revoked-keys", f"{setup['alice'].key}.pub"]
    appended = tmp_path / "appended.toml"
    appended.write_bytes(a.read_bytes() + b"# after\n")
    damaged = tmp_path / "damaged.toml"
    damaged.write_bytes(a.read_bytes().replace(b"Demo mine", b"Demo mind"))
    for path, extra, status in (
        (a, revoked, "revoked"),
        (appended, [], "malformed"),
        (damaged, [], "bad-signature"),
    ):
        run = cli(["show", str(path), *setup["trust"], *extra, "--json"])
        assert (run.exit_code, run.stderr) == (2, ""), status
        [problem] = run.json()["problems"]
        assert (problem["code"], problem["path"]) == ("input", str(path))
        assert problem["message"].startswith(f"{path}: {status}: "), problem
    nobody = tmp_path / "nobody"
    nobody.write_text("")
    for trust, status in (([], "trusted"), (["--allowed-signers", str(nobody)], "untrusted-key")):
        run = cli(["show", str(a), *(trust or setup["trust"])])
        assert (run.exit_code, run.stderr) == (0, ""), status
        assert f"trust: {status}" in run.stdout


def test_followup_says_options_an_action_does_not_take_by_the_options_typed(
    cli: Any,
    setup: dict[str, Any],  # noqa: F811 - the fixture
    tmp_path: Path,
) -> None:
    """SPEC §5's error lines for what was typed: `--method` with `--action rectified` was said as
    the document's field (`event[0].method: method belongs only to an accepted event`); every one
    is said, in both languages, and nothing is written (exit 2)."""
    from tests.helpers_merge import INSPECTION

    out = tmp_path / "new.toml"
    ref = f"{INSPECTION}/gas-overlimit"
    findings = ["--findings", str(setup["a"])]
    given = ["--method", "expert-review", "--reviewer", "Dr Li", "--new-deadline", "2027-01-15"]
    run = cli(["followup", ref, "--action", "rectified", *given, *findings, "-o", str(out)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "--method goes only with --action accepted",
        "--reviewer goes only with --action accepted",
        "--new-deadline goes only with --action extended",
        "minecheck: error: the command line: the events cannot be used; nothing was written",
    ]
    bad = ["followup", ref, "--action", "accepted", "--method", "专家验收", *findings]
    zh = cli([*bad, "-o", str(out), "--lang", "zh"])
    assert (zh.exit_code, zh.stdout) == (2, "")
    assert zh.stderr.splitlines() == [
        "--method '专家验收' 不是以下之一：self、expert-review、third-party、regulator-onsite",
        "minecheck: error: 命令行：事件无法使用；未写入任何文件",
    ]
    envelope = cli([*bad, "-o", str(out), "--json"]).json()
    first = envelope["problems"][0]
    assert (first["code"], first["path"], first["message"]) == (
        "usage",
        None,  # (the options typed name no file: it was "the command line", in the run's words)
        "--method '专家验收' is not one of self, expert-review, third-party, regulator-onsite",
    )
    assert not out.exists()
