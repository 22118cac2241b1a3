"""Growth at a province's scale, outside the batch summary: each case at a small and a large size.

    python benchmarks/scale.py [--small 1000] [--factor 10] [--only CASE]

For each case it times the same work at `--small` and at `--small * --factor` items and prints
the two times and their ratio beside the factor: a ratio near the factor is linear, one near its
square is quadratic. Times depend on the machine; the ratios are what to compare. Nothing here
is asserted. The cases:

  judge     `TrustStore.judge` for 1,000 distinct signers, against an allowed_signers of N keys
            (each signer's key among them): a batch of many signers' documents judged against a
            province's file (was one scan of the file per signer)
  parse     reading an allowed_signers and a revoked_keys file of N lines each, as every
            command that judges trust does
  trust-add `minecheck trust add --from LIST` of N/4 lines into an empty allowed_signers (was
            one read, parse and write of the whole file per line)
  followup  resolving 10,000 event refs (an inspection-id prefix each) against the findings of
            N inspections, as `followup --events` does (was a look at every inspection per ref)
  walk      the interactive walk's autosave after every answer, per answer at the end of a
            checklist of N/5 items: the whole draft is written each time, so the walk as a
            whole is quadratic; what matters is the wait after one answer
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXE = Path(sys.executable).parent / "minecheck"


def _keys(count: int, seed: int) -> list[str]:
    """`ssh-ed25519 <base64>` lines of `count` seeded keys."""
    from minecheck.core.sshsig import PublicKey

    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    return [PublicKey(rng.getrandbits(256).to_bytes(32, "big")).openssh() for _ in range(count)]


def _allowed_text(count: int) -> tuple[str, list[str]]:
    keys = _keys(count, 1)
    return "\n".join(f"p{n}@prov.example {key}" for n, key in enumerate(keys)) + "\n", keys


def case_judge(n: int) -> float:
    from minecheck.core.signers import parse_allowed_signers
    from minecheck.core.sshsig import NAMESPACE_FINDINGS, PublicKey
    from minecheck.core.trust import TrustStore

    text, keys = _allowed_text(n)
    store = TrustStore(tuple(parse_allowed_signers(text, "allowed")[0]))
    step = max(1, n // 1000)
    asked = [(f"p{k}@prov.example", PublicKey.from_openssh(keys[k])) for k in range(0, n, step)]
    at = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    start = time.perf_counter()
    for principal, key in asked[:1000]:
        store.judge(principal=principal, namespace=NAMESPACE_FINDINGS, key=key, at=at)
    return time.perf_counter() - start


def case_parse(n: int) -> float:
    from minecheck.core.signers import parse_allowed_signers, parse_revoked_keys

    text, _ = _allowed_text(n)
    revoked = "".join(f"{key}\n" for key in _keys(n, 2)).encode()
    start = time.perf_counter()
    parse_allowed_signers(text, "allowed")
    parse_revoked_keys(revoked, "revoked")
    return time.perf_counter() - start


def case_trust_add(n: int) -> float:
    text, _ = _allowed_text(n // 4)
    with tempfile.TemporaryDirectory() as tmp:
        given = Path(tmp) / "list"
        given.write_text(text)
        env = {**os.environ, "MINECHECK_HOME": str(Path(tmp) / "home")}
        start = time.perf_counter()
        subprocess.run(
            [str(EXE), "trust", "add", "--from", str(given)],
            env=env,
            capture_output=True,
            check=True,
        )
        return time.perf_counter() - start


def case_followup(n: int) -> float:
    from minecheck.cli import completion
    from minecheck.cli.followup import _RefResolver

    rng = random.Random(3)  # noqa: S311 - test data, not secrets
    ids = [f"{rng.getrandbits(128):032x}" for _ in range(n)]
    known = {iid: {"gas": {"noncompliant"}} for iid in ids}
    real = completion.findings_answers
    completion.findings_answers = lambda files, details=None: known  # type: ignore[assignment]
    cwd = Path.cwd()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            os.chdir(tmp)
            refs = _RefResolver(None)
            asked = [f"{ids[rng.randrange(n)][:12]}/gas" for _ in range(10_000)]
            start = time.perf_counter()
            for ref in asked:
                refs.resolve(ref)
            return time.perf_counter() - start
    finally:
        os.chdir(cwd)
        completion.findings_answers = real


def case_walk(n: int) -> float:
    from minecheck.core.documents import Finding, utc_now
    from minecheck.session import draft as drafts
    from minecheck.session.draft import Draft

    items = n // 5
    draft = Draft(
        id="bench",
        checklist="bench",
        checklist_path="bench.toml",
        checklist_version="1",
        checklist_sha256="0" * 64,
        site="Bench",
        site_tags=["coal-underground"],
        inspector="Bench",
        mode="routine",
        inspection_id="00000000-0000-4000-8000-000000000000",
        language="en",
        output="out.toml",
        started=utc_now(),
    )
    for k in range(items):
        draft.answers[f"item-{k:05d}"] = Finding(f"item-{k:05d}", "compliant")
        draft.history.append(f"item-{k:05d}")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        for _ in range(10):
            drafts.save(Path(tmp), draft)
        return (time.perf_counter() - start) / 10


CASES: dict[str, Callable[[int], float]] = {
    "judge": case_judge,
    "parse": case_parse,
    "trust-add": case_trust_add,
    "followup": case_followup,
    "walk": case_walk,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--only", choices=sorted(CASES), action="append")
    args = parser.parse_args()
    small, large = args.small, args.small * args.factor
    print(f"{'case':<10} {'N=' + str(small):>12} {'N=' + str(large):>12} {'ratio':>8}  (factor)")
    for name, case in CASES.items():
        if args.only and name not in args.only:
            continue
        a, b = case(small), case(large)
        print(f"{name:<10} {a:>11.3f}s {b:>11.3f}s {b / a:>8.1f}  ({args.factor})", flush=True)


if __name__ == "__main__":
    main()
