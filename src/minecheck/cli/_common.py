"""Helpers shared by the command modules: options, checklist lookup, language."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from minecheck import paths
from minecheck.errors import UsageError

if TYPE_CHECKING:
    from minecheck.core.checklist import Checklist

LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help="Language of the text shown: en or zh (default: MINECHECK_LANG, then the locale).",
        show_default=False,
    ),
]


ForceOpt = Annotated[
    bool, typer.Option("--force", metavar="", help="Replace an existing output file.")
]


def checklist_dirs() -> list[Path]:
    """User checklists first (they may override a bundled one), then the bundled ones."""
    return [paths.user_checklists_dir(), paths.bundled_checklists_dir()]


def checklist_path(ref: str) -> Path:
    """A checklist named by id, or a path to a checklist file."""
    from minecheck.core.checklist import discover

    candidate = Path(ref)
    if ref.endswith(".toml") or "/" in ref or candidate.is_file():
        return candidate
    found = discover(checklist_dirs())
    if ref not in found:
        raise UsageError(
            f"no checklist with id {ref!r}",
            hint="minecheck checklists list shows the installed checklists",
        )
    return found[ref]


def load_checklist_ref(ref: str) -> Checklist:
    from minecheck.core.checklist import load_checklist

    return load_checklist(checklist_path(ref))


AllowedSignersOpt = Annotated[
    Path | None,
    typer.Option(
        "--allowed-signers",
        help="OpenSSH allowed_signers file (default: the one in minecheck's config directory).",
    ),
]
RevokedKeysOpt = Annotated[
    Path | None,
    typer.Option(
        "--revoked-keys",
        help="Revoked public keys, one per line (default: in minecheck's config directory).",
    ),
]


def trust_files(
    allowed: Path | None, revoked: Path | None, *, must_exist: bool = False
) -> tuple[Path, Path]:
    """The trust files to use; with `must_exist`, ones named on the command line must exist."""
    if must_exist:
        from minecheck.errors import InputError

        for option, path in (("--allowed-signers", allowed), ("--revoked-keys", revoked)):
            if path is not None and not path.is_file():
                raise InputError(f"{option} {path}: no such file")
    return (
        allowed if allowed is not None else paths.allowed_signers_file(),
        revoked if revoked is not None else paths.revoked_keys_file(),
    )


def expand_documents(inputs: list[Path]) -> list[Path]:
    """Files as given; a directory means every *.toml below it, in a stable order."""
    from minecheck.errors import InputError

    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.toml") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or directory")
    return files
