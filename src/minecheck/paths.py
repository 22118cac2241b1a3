"""Where minecheck keeps its files: platformdirs, or one directory named by MINECHECK_HOME.

Directories are made lazily, by whoever writes into them, never on import.
"""

from __future__ import annotations

import os
from pathlib import Path

from minecheck.portable_files import owned_by_me

APP = "minecheck"


def _home() -> Path | None:
    value = os.environ.get("MINECHECK_HOME")
    return Path(value) if value else None


def _platform_dir(kind: str) -> Path:
    """platformdirs' directory of `kind` (config, data, cache) for minecheck; a usage error where
    there is no home to put it in (`docker --user`, a bare cron job: no HOME, no passwd entry).
    Recent platformdirs raise RuntimeError there; earlier ones answer with the path as
    `os.path.expanduser` leaves it ("~/.config/minecheck"), which is no home either."""
    import platformdirs

    # a relative XDG_*_HOME is to be ignored (the XDG base directory spec); platformdirs
    # 4.2 took it as given: the files went to a folder of that name wherever a run started
    variable = f"XDG_{kind.upper()}_HOME"
    relative = os.environ.get(variable)
    if relative is not None and os.path.isabs(relative):
        relative = None
    if relative is not None:
        del os.environ[variable]
    try:
        path = Path(getattr(platformdirs, f"user_{kind}_dir")(APP))
    except RuntimeError:
        path = None
    finally:
        if relative is not None:
            os.environ[variable] = relative
    if path is not None and path.is_absolute():
        return path
    from minecheck.errors import UsageError
    from minecheck.i18n import t

    raise UsageError(
        t("there is no home directory to keep minecheck's {kind} files in", kind=kind),
        hint=t("set HOME, or MINECHECK_HOME to a directory of minecheck's own"),
        code="no-home",
    )


def config_dir() -> Path:
    """Keys, trust files and user checklists."""
    home = _home()
    return home if home is not None else _platform_dir("config")


def data_dir() -> Path:
    """Drafts of inspections in progress."""
    home = _home()
    return home if home is not None else _platform_dir("data")


def cache_dir() -> Path:
    """Results that can be made again from the documents (MINECHECK_HOME/cache when set)."""
    home = _home()
    return home / "cache" if home is not None else _platform_dir("cache")


def keys_dir() -> Path:
    return config_dir() / "keys"


def drafts_dir() -> Path:
    return data_dir() / "drafts"


def user_checklists_dir() -> Path:
    return config_dir() / "checklists"


def allowed_signers_file() -> Path:
    return config_dir() / "allowed_signers"


def revoked_keys_file() -> Path:
    return config_dir() / "revoked_keys"


def bundled_checklists_dir() -> Path:
    """The checklists shipped with the package (inside the wheel), else the source checkout's."""
    here = Path(__file__).resolve().parent
    inside = here / "checklists"
    if inside.is_dir():
        return inside
    return here.parent.parent / "checklists"


def make_private_dir(path: Path) -> Path:
    """Create `path` (and parents) with mode 0700 for the last component; return it."""
    from minecheck.fileio import make_directory

    make_directory(path, 0o700)
    st = path.stat()
    if st.st_mode & 0o077 and owned_by_me(st.st_uid):
        path.chmod(0o700)
    return path
