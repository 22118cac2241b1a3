"""Batch throughput and memory, side by side in one run, as ratios to a naive baseline.

    python benchmarks/bench.py [--files 2000] [--findings 100] [--seed 1] [--corpus DIR]
                               [--repeat 3]
    python benchmarks/bench.py --memory [--files 2000] [--large 10000]

Generates a seeded corpus (benchmarks/corpus.py) unless --corpus names one, then runs each
contender as its own process and prints its wall time, files per second, peak RSS (from the
kernel, via os.wait4) and its speed as a multiple of the baseline's:

  (a) `minecheck summary DIR --format json`, cold (an empty cache directory);
  (b) the same again, warm (the cache now filled, the corpus unchanged), and once more with
      another `--as-of` (a result not seen before: the per-document values are served from
      the cache, and trust, consolidation, the fold and the counts are worked out afresh);
  (c) `minecheck verify DIR`, and the same on one core, to show what the process pool gives,
      and `minecheck export --format csv -o FILE` with the cache as the summaries left it
      (a report author's export after the day's summary: every finding's row written);
  (d) the baseline, written plainly here: one process, stdlib tomllib, each signature checked
      with `cryptography`, findings counted;
  (e) the next day: a copy of the corpus with a day's new files (one findings file in fifty,
      with their follow-ups and merged files, signed by other keys) summarised as of the next
      day, with the cache as the warm run left it, against the baseline over the same files.

The contenders run in --repeat interleaved rounds (so load on a shared machine falls on all of
them alike) and each row reports its median. It then checks that all agree on the totals (files,
findings, non-compliances), in every round. A command this
version does not have is reported as missing and the run goes on. --memory compares the peak RSS
of a cold summary, of an export to a CSV file, of `export --json` to standard output (the rows
in its envelope), of `export --rows events` to a CSV file (each row is made as it is written,
but every hidden danger is read before the first row, a finding each, and held after
consolidation as a column entry of its document: it grows with the hidden dangers, not with
the findings) and of `verify --json` (each file's result in its envelope), over --files and
--large files (the aim: less than 25 % growth).
Absolute times depend on the machine; the ratios are what to compare. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
EXE = Path(sys.executable).parent / "minecheck"
TRAILER_HEAD = b"[signature]\nsshsig = '''\n"
# Run `minecheck` with the process pool off: what verify DIR costs on one core.
ONE_CORE = (
    "import sys; from minecheck.report import batch; batch.cpu_count = lambda: 1; "
    "from minecheck.__main__ import main; sys.argv[0] = 'minecheck'; main()"
)


@dataclass
class Run:
    name: str
    wall: float = 0.0
    rss_mib: float = 0.0
    code: int = 0
    stdout: str = ""
    stderr: str = ""
    missing: bool = False
    totals: dict[str, int] = field(default_factory=dict)


def measure(name: str, argv: list[str], env: dict[str, str], *, discard: bool = False) -> Run:
    """Run argv to its end; wall time, and the child's own peak RSS from os.wait4. `discard`:
    its standard output is not kept (a large export)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        sink = subprocess.DEVNULL if discard else out
        proc = subprocess.Popen(argv, stdout=sink, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        run = Run(name, wall, usage.ru_maxrss / 1024, proc.returncode)
        run.stdout = out.read().decode("utf-8", "replace")
        run.stderr = err.read().decode("utf-8", "replace")
    run.missing = run.code == 2 and "No such command" in run.stderr
    return run


# -- the naive baseline -----------------------------------------------------------------------


def naive(docs: Path, allowed_signers: Path) -> dict[str, int]:
    """One process, tomllib, cryptography: verify every file and count what it holds."""
    import hashlib
    import tomllib

    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    allowed: dict[str, set[bytes]] = {}
    for line in allowed_signers.read_text().splitlines():
        principal, _, key = line.split()
        allowed.setdefault(principal, set()).add(base64.b64decode(key))

    def field_(blob: bytes, pos: int) -> tuple[bytes, int]:
        size = int.from_bytes(blob[pos : pos + 4], "big")
        return blob[pos + 4 : pos + 4 + size], pos + 4 + size

    def second(blob: bytes) -> bytes:
        return field_(blob, field_(blob, 0)[1])[0]

    def check(data: bytes) -> dict[str, Any] | None:
        """The parsed body of a file signed by an allowed key for its signer, else None."""
        cut = data.rfind(TRAILER_HEAD)
        if cut < 0:
            return None
        body, armored = data[:cut], data[cut + len(TRAILER_HEAD) : -4].decode()
        lines = armored.strip().splitlines()[1:-1]
        blob = base64.b64decode("".join(lines))
        pos = 10  # "SSHSIG" and the version
        key, pos = field_(blob, pos)
        namespace, pos = field_(blob, pos)
        _, pos = field_(blob, pos)
        hash_alg, pos = field_(blob, pos)
        sig, pos = field_(blob, pos)
        raw_key, raw_sig = second(key), second(sig)  # after the "ssh-ed25519" name
        signed = (
            b"SSHSIG"
            + len(namespace).to_bytes(4, "big")
            + namespace
            + (0).to_bytes(4, "big")
            + len(hash_alg).to_bytes(4, "big")
            + hash_alg
            + (64).to_bytes(4, "big")
            + hashlib.sha512(body).digest()
        )
        try:
            Ed25519PublicKey.from_public_bytes(raw_key).verify(raw_sig, signed)
        except InvalidSignature:
            return None
        doc = tomllib.loads(body.decode("utf-8"))
        if key not in allowed.get(doc["minecheck"]["signer"], ()):
            return None
        return doc

    totals = {"files": 0, "trusted": 0, "events": 0}
    keys: set[tuple[str, str]] = set()
    bad: set[tuple[str, str]] = set()

    def count(doc: dict[str, Any]) -> None:
        fmt = doc["minecheck"]["format"]
        if fmt == "minecheck.findings/1":
            inspection = doc["inspection"]["id"]
            for finding in doc.get("finding", []):
                keys.add((inspection, finding["item"]))
                if finding["result"] == "noncompliant":
                    bad.add((inspection, finding["item"]))
        elif fmt == "minecheck.followup/1":
            totals["events"] += len(doc.get("event", []))
        else:
            for source in doc.get("source", []):
                inner = check(source["file"].encode("utf-8"))
                if inner is not None:
                    count(inner)

    for path in sorted(docs.rglob("*.toml")):
        totals["files"] += 1
        doc = check(path.read_bytes())
        if doc is not None:
            totals["trusted"] += 1
            count(doc)
    totals["findings"] = len(keys)
    totals["noncompliant"] = len(bad)
    return totals


# -- reading the contenders' answers ----------------------------------------------------------


def summary_totals(stdout: str) -> dict[str, int]:
    """findings / non-compliances from summary's JSON headline (or files / findings /
    noncompliant from a `totals` table, wherever it is)."""
    try:
        doc = json.loads(stdout)
    except ValueError:
        return {}
    headline = doc.get("headline") if isinstance(doc, dict) else None
    if isinstance(headline, dict):  # minecheck summary --format json
        return {"findings": headline["findings"], "noncompliant": headline["hidden_dangers"]}
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            totals = node.get("totals")
            if isinstance(totals, dict):
                return {k: v for k, v in totals.items() if isinstance(v, int)}
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return {}


def export_totals(path: Path) -> dict[str, int]:
    """findings / non-compliances from an exported CSV: its rows, and those of hidden dangers."""
    import csv

    with path.open(encoding="utf-8", newline="") as f:
        results = [row["result"] for row in csv.DictReader(f)]
    hidden = sum(r in ("noncompliant", "inconsistent") for r in results)
    return {"findings": len(results), "noncompliant": hidden}


def verify_totals(stdout: str) -> dict[str, int]:
    lines = [line for line in stdout.splitlines() if not line.startswith(" ")]  # not sources
    return {"files": len(lines), "trusted": sum(": trusted: " in line for line in lines)}


# -- the report -------------------------------------------------------------------------------


def median(runs: Sequence[Run]) -> Run:
    """The run of median wall time, with the largest peak RSS of all and every run's totals
    checked (a disagreement in any round is reported)."""
    ordered = sorted(runs, key=lambda r: r.wall)
    mid = ordered[len(ordered) // 2]
    out = Run(mid.name, mid.wall, max(r.rss_mib for r in runs), mid.code, mid.stdout)
    out.stderr, out.missing = mid.stderr, mid.missing
    out.totals = dict(mid.totals)
    for run in runs:
        for key, value in run.totals.items():
            if out.totals.get(key) != value:
                out.totals[key] = -1  # never a true total: `agree` reports it
    return out


def table(runs: list[Run], baseline: Run, files: int) -> None:
    print(f"{'':34} {'wall s':>8} {'files/s':>9} {'peak RSS MiB':>13} {'vs baseline':>12}")
    for run in runs:
        if run.missing:
            print(f"{run.name:34} {'(this minecheck has no such command yet)':>44}")
            continue
        ratio = baseline.wall / run.wall if run.wall else float("nan")
        flag = "" if run.code in (0, 1) else f"  exit {run.code}"
        print(
            f"{run.name:34} {run.wall:8.2f} {files / run.wall:9.0f} {run.rss_mib:13.1f} "
            f"{ratio:11.1f}x{flag}"
        )


def agree(runs: list[Run], expected: dict[str, int]) -> bool:
    ok = True
    for run in runs:
        if run.missing or not run.totals:
            continue
        for key, value in run.totals.items():
            if key in expected and expected[key] != value:
                print(f"DISAGREE: {run.name}: {key} = {value}, expected {expected[key]}")
                ok = False
    return ok


def corpus(args: argparse.Namespace, where: Path, files: int) -> Path:
    if args.corpus is not None and files == args.files:
        return Path(args.corpus)
    out = where / f"corpus-{files}"
    _generate(out, files, args.findings, args.seed)
    return out


def _generate(out: Path, files: int, findings: int, seed: int) -> None:
    start = time.perf_counter()
    # In a process of its own: the peak RSS the kernel reports for a child counts the parent's
    # pages until the child execs, so a benchmark grown by generating would inflate it.
    subprocess.run(
        [
            sys.executable,
            str(HERE / "corpus.py"),
            str(out),
            *("--files", str(files), "--findings", str(findings), "--seed", str(seed)),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"generated {files} x {findings} in {time.perf_counter() - start:.1f} s")


def next_day(args: argparse.Namespace, where: Path, root: Path) -> Path:
    """The corpus as it is the next day: a copy of it with a day's new files (one findings file
    in fifty, with their follow-ups and merged files, signed by other keys) in a folder of its
    own, and an allowed_signers trusting both; its totals.json counts them all."""
    day, grown = where / "next-day", where / "grown"
    _generate(day, max(1, args.files // 50), args.findings, args.seed + 1)
    shutil.copytree(root / "docs", grown / "docs")
    shutil.copytree(day / "docs", grown / "docs" / "next-day")
    signers = [(d / "allowed_signers").read_text(encoding="utf-8") for d in (root, day)]
    (grown / "allowed_signers").write_text("".join(signers), encoding="utf-8")
    first, more = (json.loads((d / "totals.json").read_text()) for d in (root, day))
    (grown / "totals.json").write_text(json.dumps({k: first[k] + more[k] for k in first}))
    return grown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--findings", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--repeat", type=int, default=3, help="interleaved rounds; the median is reported"
    )
    parser.add_argument("--corpus", type=Path, help="an existing corpus (from corpus.py)")
    parser.add_argument("--memory", action="store_true", help="compare summary RSS at two sizes")
    parser.add_argument("--large", type=int, default=10000, help="files for --memory")
    parser.add_argument("--naive", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.naive:
        print(json.dumps(naive(*args.naive)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        if args.memory:
            memory(args, Path(tmp))
        else:
            throughput(args, Path(tmp))


def _env(tmp: Path) -> dict[str, str]:
    home = tmp / "home"
    return {**os.environ, "MINECHECK_HOME": str(home)}


def compiled() -> None:
    """Byte-compile minecheck first: with PYTHONDONTWRITEBYTECODE set (or a read-only install)
    every run would compile its modules again, which is not what a user's runs cost."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("minecheck")
    if spec is not None and spec.submodule_search_locations:
        for where in spec.submodule_search_locations:
            compileall.compile_dir(where, quiet=1)


def throughput(args: argparse.Namespace, tmp: Path) -> None:
    compiled()
    root = corpus(args, tmp, args.files)
    docs, allowed = root / "docs", root / "allowed_signers"
    expected = json.loads((root / "totals.json").read_text())
    size = sum(p.stat().st_size for p in docs.rglob("*.toml"))
    print(
        f"corpus: {expected['files']} files ({expected['findings_files']} findings, "
        f"{expected['followup_files']} follow-up, {expected['merged_files']} merged), "
        f"{expected['findings']} findings, {expected['noncompliant']} non-compliances, "
        f"{size / 2**20:.1f} MiB; {os.cpu_count()} cores"
    )
    env = _env(tmp)
    trust = ["--allowed-signers", str(allowed)]
    summary = [str(EXE), "summary", str(docs), "--format", "json", *trust]
    grown = next_day(args, tmp, root)
    grown_docs, grown_allowed = grown / "docs", grown / "allowed_signers"
    grown_summary = [str(EXE), "summary", str(grown_docs), "--format", "json"]
    grown_summary += ["--allowed-signers", str(grown_allowed)]
    rounds: list[list[Run]] = []
    for n in range(args.repeat):  # interleaved rounds: load on a shared machine hits all alike
        baseline = measure(
            "naive baseline (tomllib, 1 process)",
            [sys.executable, __file__, "--naive", str(docs), str(allowed)],
            env,
        )
        baseline.totals = json.loads(baseline.stdout) if baseline.code == 0 else {}
        if baseline.code != 0:
            print(baseline.stderr, file=sys.stderr)
        shutil.rmtree(tmp / "home" / "cache", ignore_errors=True)
        cold = measure("minecheck summary (cold cache)", summary, env)
        warm = measure("minecheck summary (warm cache)", summary, env)
        # the next day: a day's new files beside the rest, the report dated a day later, the
        # cache as the runs above left it
        tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
        after = measure(
            "minecheck summary, the next day", [*grown_summary, "--as-of", tomorrow], env
        )
        after.totals = summary_totals(after.stdout) if not after.missing else {}
        # a date no earlier round asked for: a result not seen before
        day = (dt.date(2099, 12, 31) - dt.timedelta(days=n)).isoformat()
        other = measure("  warm, another --as-of", [*summary, "--as-of", day], env)
        for run in (cold, warm, other):
            run.totals = summary_totals(run.stdout) if not run.missing else {}
        verify = measure("minecheck verify DIR", [str(EXE), "verify", str(docs), *trust], env)
        verify.totals = verify_totals(verify.stdout)
        one = measure(
            "minecheck verify DIR (one core)",
            [sys.executable, "-c", ONE_CORE, "verify", str(docs), *trust],
            env,
        )
        one.totals = verify_totals(one.stdout)
        exported = tmp / "export.csv"
        to_csv = ["export", str(docs), "--format", "csv", "-o", str(exported), "--force"]
        export = measure("minecheck export CSV (warm cache)", [str(EXE), *to_csv, *trust], env)
        export.totals = export_totals(exported) if export.code == 0 else {}
        exported.unlink(missing_ok=True)
        grown_base = measure(
            "naive baseline, the next day",
            [sys.executable, __file__, "--naive", str(grown_docs), str(grown_allowed)],
            env,
        )
        grown_base.totals = json.loads(grown_base.stdout) if grown_base.code == 0 else {}
        rounds.append([baseline, cold, warm, other, verify, one, export, grown_base, after])
    if args.repeat > 1:
        print(f"median of {args.repeat} interleaved rounds (peak RSS: the largest)")
    medians = [median(runs) for runs in zip(*rounds, strict=True)]
    baseline, cold, warm, other, verify, one, export, grown_base, after = medians
    runs = [baseline, cold, warm, other, verify, one, export]
    table(runs, baseline, expected["files"])
    grown_expected = json.loads((grown / "totals.json").read_text())
    print(
        f"the next day: {grown_expected['files'] - expected['files']} new files beside the "
        f"{expected['files']}, --as-of a day later, the cache as the warm run left it"
    )
    table([grown_base, after], grown_base, grown_expected["files"])
    print(f"verify: {verify.totals['trusted']} of {verify.totals['files']} trusted")
    for run in (cold, warm, other, after):
        if not run.missing and not run.totals:
            print(f"{run.name}: no totals found in its JSON (exit {run.code})")
    if agree(runs, expected) and agree([grown_base, after], grown_expected):
        print("totals agree:", ", ".join(f"{k} {expected[k]}" for k in _KEYS), end="; ")
        print("the next day:", ", ".join(f"{k} {grown_expected[k]}" for k in _KEYS))


_KEYS = ("files", "findings", "noncompliant")


def memory(args: argparse.Namespace, tmp: Path) -> None:
    compiled()
    env = _env(tmp)
    peaks: dict[str, dict[int, float]] = {}
    for files in (args.files, args.large):
        root = corpus(args, tmp, files)
        docs, trust = str(root / "docs"), ["--allowed-signers", str(root / "allowed_signers")]
        shutil.rmtree(tmp / "home" / "cache", ignore_errors=True)
        out, ev = tmp / "export.csv", tmp / "events.csv"
        export = [str(EXE), "export", docs, "--format", "csv", *trust]
        runs = [  # (what, its command line, whether its stdout is only thrown away)
            ("summary", [str(EXE), "summary", docs, "--format", "json", *trust], False),
            ("export --format csv", [*export, "-o", str(out)], False),
            ("export --json (stdout)", [*export, "--json"], True),
            ("export --rows events", [*export, "--rows", "events", "-o", str(ev)], False),
            ("verify --json (stdout)", [str(EXE), "verify", docs, *trust, "--json"], True),
        ]
        for what, argv, discard in runs:
            run = measure(f"minecheck {what}, {files} files", argv, env, discard=discard)
            if run.missing:
                print(f"minecheck {what}: this minecheck has no such command yet")
                continue
            print(f"{run.name:44} peak RSS {run.rss_mib:8.1f} MiB  wall {run.wall:7.2f} s")
            peaks.setdefault(what, {})[files] = run.rss_mib
        out.unlink(missing_ok=True)
        ev.unlink(missing_ok=True)
        shutil.rmtree(root, ignore_errors=True)
    for command, peak in peaks.items():
        if len(peak) < 2:
            continue
        small, large = peak[args.files], peak[args.large]
        growth = 100 * (large / small - 1)
        print(f"{command}: growth from {args.files} to {args.large} files: {growth:.0f} %")


if __name__ == "__main__":
    main()
