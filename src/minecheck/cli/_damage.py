"""Advice for a signed file that a mail program or an editor changed in a way undone exactly.

A file minecheck signs has no byte-order mark and no carriage return anywhere (SPEC 2.2): one
received with CRLF line endings or a BOM is the signed file with bytes added, and removing them
gives back the bytes that were signed. The signature then says whether that is the inspector's
file; nothing is trusted by the repair itself.
"""

from __future__ import annotations

from pathlib import Path

from minecheck.fileio import shell_word
from minecheck.i18n import t


def restore_hint(path: str, detail: str, allowed_signers: Path | None = None) -> str | None:
    """The hint for a file judged malformed with `detail`, or None when no repair is exact."""
    from minecheck.core.seal import BOM_ADDED, CR_ADDED

    source = Path(path)
    copy = source.with_name(f"{source.stem}-as-signed{source.suffix}")
    if detail == CR_ADDED:
        command = f"tr -d '\\r' < {shell_word(source)} > {shell_word(copy)}"
    elif detail == BOM_ADDED:
        command = f"tail -c +4 {shell_word(source)} > {shell_word(copy)}"
    else:
        return None
    verify = ["minecheck verify"]
    if allowed_signers is not None:
        verify.append(f"--allowed-signers {shell_word(allowed_signers)}")
    verify.append(shell_word(copy))
    return t(
        "to get back the file as it was signed: {command}, then {verify} (the signature says "
        "whether it is the signer's file); or ask the sender to send it again inside a zip "
        "archive, which a mail program leaves as it is",
        command=command,
        verify=" ".join(verify),
    )
