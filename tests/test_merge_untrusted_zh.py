"""`merge --lang zh` of a document whose key is not trusted said why in English inside the
Chinese line (`…: the signing key is not in allowed_signers；如仍要合并…`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import allowed_signers, findings, person


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "en",
            "{p}: the signing key is not in allowed_signers; pass --allow-untrusted to merge it "
            "anyway",
        ),
        ("zh", "{p}: 签名密钥不在 allowed_signers 中；如仍要合并，请加上 --allow-untrusted"),
    ],
)
def test_an_untrusted_source_is_said_in_the_language_of_the_merge(
    cli: Any, tmp_path: Path, lang: str, line: str
) -> None:
    chen, li = person(tmp_path, "chen"), person(tmp_path, "li")
    trust = allowed_signers(tmp_path / "allowed_signers", chen)
    source = tmp_path / "li.toml"
    source.write_bytes(findings(li, ["noncompliant", "compliant", "compliant"]))
    out = tmp_path / "merged.toml"
    args = ["merge", str(source), "-o", str(out), "--allowed-signers", str(trust)]
    args += ["--key", str(chen.key), "--signer", chen.principal, "--lang", lang]
    run = cli(args)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == line.format(p=source)
    assert not out.exists()
