"""A guide's script run as cron runs it: no environment but PATH, HOME and MINECHECK_HOME,
the C locale, stdin from /dev/null."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def as_cron(cwd: Path, args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    bin_dir = str(Path(sys.executable).parent)
    return subprocess.run(
        args,
        cwd=cwd,
        env={
            "PATH": f"{bin_dir}:/usr/bin:/bin",
            "HOME": str(cwd),
            "LANG": "C",
            "MINECHECK_HOME": str(home),
        },
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
