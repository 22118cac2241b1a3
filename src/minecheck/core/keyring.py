"""The list of signing keys minecheck knows (`keys.toml` in the keys directory).

Private keys are never copied: an imported key is recorded by its path, with the principal it
signs as and its fingerprint; a generated key lives in the keys directory itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from minecheck.core.documents import PRINCIPAL
from minecheck.core.tomlio import decode_text, parse_toml
from minecheck.errors import InputError

REGISTRY = "keys.toml"
_MAX_REGISTRY_BYTES = 1024 * 1024


@dataclass(frozen=True)
class KeyEntry:
    path: Path
    principal: str | None
    fingerprint: str


@dataclass(frozen=True)
class Registry:
    default: str | None = None
    keys: tuple[KeyEntry, ...] = ()

    def find(self, path: Path) -> KeyEntry | None:
        resolved = path.expanduser().absolute()
        for entry in self.keys:
            if entry.path == resolved:
                return entry
        return None

    def default_entry(self) -> KeyEntry | None:
        for entry in self.keys:
            if entry.fingerprint == self.default:
                return entry
        return None

    def with_key(self, entry: KeyEntry, *, make_default: bool) -> Registry:
        keys = [k for k in self.keys if k.path != entry.path] + [entry]
        default = entry.fingerprint if make_default or self.default is None else self.default
        return replace(self, keys=tuple(keys), default=default)


def load_registry(keys_dir: Path) -> Registry:
    from minecheck.fileio import read_limited

    path = keys_dir / REGISTRY
    if not path.exists():
        return Registry()
    damaged = f"{path} is damaged; remove it and import your keys again"
    text = decode_text(
        read_limited(path, _MAX_REGISTRY_BYTES, "key list", pipe_ok=False), str(path)
    )
    try:
        doc = parse_toml(text, str(path))
    except InputError as exc:
        raise InputError(damaged, problems=exc.problems) from None
    entries = doc.get("key", [])
    default = doc.get("default")
    if not isinstance(entries, list) or not isinstance(default, str | None):
        raise InputError(damaged)
    keys: list[KeyEntry] = []
    for k in entries:
        if not isinstance(k, dict):
            raise InputError(damaged)
        key_path, principal, fingerprint = k.get("path"), k.get("principal"), k.get("fingerprint")
        if (
            not isinstance(key_path, str)
            or not key_path
            or "\0" in key_path
            or not isinstance(fingerprint, str)
            or not isinstance(principal, str | None)
        ):
            raise InputError(damaged)
        keys.append(KeyEntry(Path(key_path), principal, fingerprint))
    return Registry(default, tuple(keys))


def save_registry(keys_dir: Path, registry: Registry) -> None:
    import tomli_w

    from minecheck.fileio import atomic_write

    doc: dict[str, object] = {}
    if registry.default:
        doc["default"] = registry.default
    doc["key"] = [
        {
            "path": str(k.path),
            "fingerprint": k.fingerprint,
            **({"principal": k.principal} if k.principal else {}),
        }
        for k in registry.keys
    ]
    atomic_write(
        keys_dir / REGISTRY, tomli_w.dumps(doc).encode(), force=True, mode=0o600, output=False
    )


def valid_principal(value: str) -> bool:
    return PRINCIPAL.fullmatch(value) is not None
