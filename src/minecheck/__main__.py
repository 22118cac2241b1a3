"""Entry point: `minecheck` and `python -m minecheck`.

`--version` is answered before the command-line framework is imported, to keep it instant.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from minecheck import __version__

        sys.stdout.write(f"minecheck {__version__}\n")
        return
    from minecheck.cli import app

    app(prog_name="minecheck")


if __name__ == "__main__":
    main()
