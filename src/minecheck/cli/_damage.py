"""Advice for a signed file that a mail program or an editor changed in a way undone exactly.

A file minecheck signs has no byte-order mark and no carriage return anywhere (SPEC 2.2): one
received with CRLF line endings or a BOM is the signed file with bytes added, and removing them
gives back the bytes that were signed. The signature then says whether that is the inspector's
file; nothing is trusted by the repair itself. One an editor saved again in GBK or Big5 is told
`iconv` only where the signature, checked over its text converted back, holds (`seal._resaved`).

The command is to be pasted: every name in it is one shell word that names that very file
(`sanitize.shell_word`), the copy it writes is a name not yet taken (nothing is written over) and
short enough to be a name; a file whose name ends in a line break, which no such word carries,
gets no command at all, since the one shown would name another file.
"""

from __future__ import annotations

import os
from pathlib import Path

from minecheck.core.sanitize import new_file_word, shell_carries, shell_word, untaken
from minecheck.i18n import t


def _copy_of(source: Path) -> str:
    """`NAME-as-signed.toml` beside `source` (`-2`, `-3`... where taken), cut to a name's size,
    as a word of a command (one that says to name a file where every name tried is taken)."""
    folder = os.path.dirname(source)
    return new_file_word(
        untaken(
            folder, source.stem, lambda n: f"-as-signed{'' if n == 1 else f'-{n}'}{source.suffix}"
        )
    )


def restore_hint(
    path: str,
    detail: str,
    trust: tuple[Path | None, Path | None] = (None, None),
    at_now: bool = False,
    evidence: bool = False,
) -> str | None:
    """The hint for a file judged malformed with `detail`, or None when no repair is exact. The
    check of the copy names the trust files given (`--allowed-signers`, `--revoked-keys`) and
    `--at now` where the key windows were judged at the present, `--evidence` where the
    evidence was checked: pasted, it judges the copy as the command that gave it would have."""
    from minecheck.core.seal import BOM_ADDED, CR_ADDED, RESAVED

    encoding = next((name for name, said in RESAVED.items() if said == detail), None)
    if detail not in (BOM_ADDED, CR_ADDED) and encoding is None:
        return None
    if not shell_carries(path, *trust):
        return t(
            "its name holds characters a command shown here cannot carry: give it a plain name "
            "and run verify on it again, which then says how to get back the file as it was "
            "signed; or ask the sender to send it again inside a zip archive, which a mail "
            "program leaves as it is"
        )
    source = Path(path)
    copy = _copy_of(source)
    if encoding is not None:  # (the signature checked over the text so converted)
        command = f"iconv -f {encoding} -t UTF-8 {shell_word(source)} > {copy}"
    elif detail == CR_ADDED:
        command = f"tr -d '\\r' < {shell_word(source)} > {copy}"
    else:  # a BOM, and CRs too if any (a signed file has none, so none is taken from it)
        command = f"tail -c +4 {shell_word(source)} | tr -d '\\r' > {copy}"
    verify = ["minecheck verify"]
    for option, named in zip(("--allowed-signers", "--revoked-keys"), trust, strict=True):
        if named is not None:
            verify.append(f"{option} {shell_word(named)}")
    if at_now:
        verify.append("--at now")
    if evidence:
        verify.append("--evidence")
    verify.append(copy)
    return t(
        "to get back the file as it was signed:\n  {command}\nthen check it (the signature "
        "says whether it is the signer's file):\n  {verify}\nor ask the sender to send it "
        "again inside a zip archive, which a mail program leaves as it is",
        command=command,
        verify=" ".join(verify),
    )
