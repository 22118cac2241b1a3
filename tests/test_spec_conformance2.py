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
