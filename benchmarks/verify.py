"""Verify throughput: `minecheck verify DIR` against `ssh-keygen -Y verify` per file, one run.

    python benchmarks/verify.py [N]

Makes N signed findings files of the bundled coal checklist (88 findings each) in a temporary
directory, then times, side by side on the same files, one `minecheck verify DIR` and the
two-`sed`-free equivalent with stock OpenSSH (one `ssh-keygen -Y verify` per file). Prints the
two times and their ratio; nothing here is asserted.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).parent / "minecheck"


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home, docs = Path(tmp) / "home", Path(tmp) / "docs"
        docs.mkdir()
        env = {**os.environ, "MINECHECK_HOME": str(home)}

        def run(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [str(EXE), *args], env=env, capture_output=True, text=True, check=False, **kw
            )

        run("keys", "generate", "--principal", "bench@mine.example", "--trust")
        checklist = REPO / "checklists" / "coal-major-hidden-dangers.toml"
        answers = "[answers]\n"
        first = docs / "0000.toml"
        run(
            "inspect",
            str(checklist),
            "--site",
            "Bench",
            "--tag",
            "coal-underground",
            "--answers",
            "-",
            "--allow-incomplete",
            "-o",
            str(first),
            input=answers,
        )
        for i in range(1, count):
            run(
                "inspect",
                str(checklist),
                "--site",
                f"Bench {i}",
                "--tag",
                "coal-underground",
                "--answers",
                "-",
                "--allow-incomplete",
                "-o",
                str(docs / f"{i:04d}.toml"),
                input=answers,
            )
        files = sorted(docs.glob("*.toml"))

        start = time.perf_counter()
        result = run("verify", str(docs))
        ours = time.perf_counter() - start
        assert result.returncode == 0, result.stderr

        allowed = home / "allowed_signers"
        start = time.perf_counter()
        for path in files:
            data = path.read_bytes()
            cut = data.rindex(b"[signature]\n")
            sig = data[cut:].split(b"'''\n")[1]
            sig_path = Path(tmp) / "f.sig"
            sig_path.write_bytes(sig)
            subprocess.run(
                [
                    "ssh-keygen",
                    "-Y",
                    "verify",
                    "-f",
                    str(allowed),
                    "-I",
                    "bench@mine.example",
                    "-n",
                    "minecheck-findings-v1",
                    "-s",
                    str(sig_path),
                ],
                input=data[:cut],
                capture_output=True,
                check=True,
            )
        theirs = time.perf_counter() - start
        size = sum(p.stat().st_size for p in files)
        print(f"{len(files)} files, {size / len(files) / 1024:.1f} KiB each")
        print(f"minecheck verify DIR       {ours:7.3f} s  ({len(files) / ours:7.1f} files/s)")
        print(f"ssh-keygen -Y verify each  {theirs:7.3f} s  ({len(files) / theirs:7.1f} files/s)")
        print(f"ratio (ssh-keygen / minecheck): {theirs / ours:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
