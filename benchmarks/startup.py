"""Start-up, side by side in one run, as ratios to what it is measured against.

    python benchmarks/startup.py [--repeat 21]

Each contender runs as its own process, --repeat times, in interleaved rounds (load on a shared
machine falls on all alike); each row gives the median wall time and the median CPU time (user
and system, from the kernel via os.wait4) and the CPU time's ratio to its reference:

  `minecheck --version`            against `python -c "import typer"` (the framework alone);
  `minecheck --help` (every
  command listed), `minecheck summary --help` and `minecheck verify --help`
                                   against the `--help` of a Typer app of two commands, written
                                   plainly here.

minecheck is byte-compiled first, as an installed wheel is (with PYTHONDONTWRITEBYTECODE set, an
editable install would compile its modules on every run). Nothing is asserted; absolute times
depend on the machine, the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

EXE = Path(sys.executable).parent / "minecheck"
TWO_COMMANDS = '''
import typer

app = typer.Typer()


@app.command()
def count(path: str, limit: int = 10) -> None:
    """Count the lines of PATH."""


@app.command()
def show(path: str, wide: bool = False) -> None:
    """Show PATH."""


app()
'''


@dataclass
class Contender:
    name: str
    argv: list[str]
    reference: str | None = None  # the name of the contender it is a ratio to
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def run_once(contender: Contender, env: dict[str, str]) -> None:
    start = os.times().elapsed
    proc = subprocess.Popen(
        contender.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(proc.pid, 0)
    contender.wall.append(os.times().elapsed - start)
    contender.cpu.append(usage.ru_utime + usage.ru_stime)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{contender.name}: exit {code}")


def compiled() -> None:
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("minecheck")
    for where in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(where, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=21, help="interleaved rounds")
    args = parser.parse_args()
    compiled()
    with tempfile.TemporaryDirectory() as tmp:
        app = Path(tmp) / "two_commands.py"
        app.write_text(TWO_COMMANDS, encoding="utf-8")
        env = {**os.environ, "MINECHECK_HOME": str(Path(tmp) / "home"), "LANG": "C.UTF-8"}
        env.pop("MINECHECK_LANG", None)
        typer_alone = "python -c 'import typer'"
        two = "a two-command Typer app --help"
        contenders = [
            Contender(typer_alone, [sys.executable, "-c", "import typer"]),
            Contender("minecheck --version", [str(EXE), "--version"], typer_alone),
            Contender(two, [sys.executable, str(app), "--help"]),
            Contender("minecheck --help", [str(EXE), "--help"], two),
            Contender("minecheck summary --help", [str(EXE), "summary", "--help"], two),
            Contender("minecheck verify --help", [str(EXE), "verify", "--help"], two),
        ]
        for contender in contenders:  # (a first run of each fills the page cache)
            run_once(contender, env)
            contender.wall.clear()
            contender.cpu.clear()
        for n in range(args.repeat):
            for contender in contenders if n % 2 == 0 else reversed(contenders):
                run_once(contender, env)
    by_name = {c.name: c for c in contenders}
    print(f"median of {args.repeat} interleaved rounds; {os.cpu_count()} cores")
    print(f"{'':34} {'wall ms':>8} {'CPU ms':>8} {'CPU vs reference':>17}")
    for c in contenders:
        cpu = statistics.median(c.cpu)
        ratio = ""
        if c.reference is not None:
            ratio = f"{cpu / statistics.median(by_name[c.reference].cpu):.2f}x"
        print(f"{c.name:34} {1000 * statistics.median(c.wall):8.0f} {1000 * cpu:8.0f} {ratio:>17}")


if __name__ == "__main__":
    main()
