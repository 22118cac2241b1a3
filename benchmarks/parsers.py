"""TOML parsers on our own documents: speed, and whether they read them exactly as tomli does.

    python benchmarks/parsers.py [--files 300] [--findings 100] [--corpus DIR]

For each parser installed (tomli, the stdlib's tomllib, and the Rust- or C++-backed rtoml,
pytomlpp and toml_rs when present) it parses the signed bodies of a generated corpus and prints
MB/s; then it compares every parsed value with tomli's (types included), and feeds each parser a
set of invalid documents that minecheck must refuse. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TRAILER_HEAD = b"[signature]\nsshsig = '''\n"

# Documents every parser must refuse (TOML 1.0), and one it must accept.
INVALID = {
    "duplicate key": "a = 1\na = 2\n",
    "duplicate table": "[t]\n[t]\n",
    "redefined by dotted key": "[t.x]\n[t]\nx = 1\n",
    "bad escape": 'a = "\\q"\n',
    "bad date": "a = 2026-02-30\n",
    "bad time": "a = 2026-01-01T25:00:00Z\n",
    "leading zero": "a = 01\n",
    "control char in string": 'a = "\x01"\n',
    "unterminated string": 'a = "abc\n',
    "array then table": "a = [1]\n[[a]]\n",
    "inline table extended": "a = {b = 1}\na.c = 2\n",
    "missing value": "a =\n",
    "bare CR": "a = 1\r b = 2\n",
    "integer overflow": "a = 9223372036854775808\n",
}
# Valid documents whose values must come out as tomli gives them.
VALID = {
    "float overflow": "a = 1e400\n",
    "UTC offset": "a = 2026-11-29T08:15:00Z\n",
    "local time": "a = 07:32:00\n",
    "x escape (TOML 1.1)": 'a = "\\x41"\n',
}
# What random damage inserts into a body.
ALPHABET = [*"=[]{}\"'.,#\n \\-:TZ0123456789abcxyzu\t+e_", "\r", "\x00", "é", "'''", '"""']
ALPHABET += ["\\u00e9", "1979-05-27T07:32:00Z", "inf", "nan", "true"]
DEEP = "a = " + "[" * 2000 + "]" * 2000 + "\n"
LONG_KEY = ".".join(["a"] * 1001) + " = 1\n"  # tomli refuses a key of more than 1,000 parts


def _loaders() -> dict[str, Callable[[str], dict[str, Any]]]:
    out: dict[str, Callable[[str], dict[str, Any]]] = {}
    for name in ("tomllib", "tomli", "rtoml", "pytomlpp", "toml_rs"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        out[name] = module.loads
    return out


def _where(name: str) -> str:
    module = importlib.import_module(name)
    path = getattr(module, "__file__", "") or ""
    parser = sys.modules.get(f"{name}._parser")
    compiled = parser is not None and str(getattr(parser, "__file__", "")).endswith(".so")
    return f"{Path(path).name}{' (compiled)' if compiled else ''}"


def _normal(value: Any) -> Any:
    """Values comparable across parsers: date-times in UTC, types kept."""
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        utc = value.astimezone(dt.UTC).replace(tzinfo=None)
        return ("datetime", utc, value.utcoffset(), type(value.tzinfo).__name__)
    return (type(value).__name__, value)


def _crashes(name: str) -> bool:
    """Does a hostile document (nesting 100,000 deep) kill the process? Tried in a child."""
    import subprocess

    code = (
        f"import {name}\n"
        "try:\n"
        "    " + name + ".loads('a = ' + '[' * 100000 + ']' * 100000)\n"
        "except Exception:\n"
        "    pass\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    return result.returncode != 0


def bodies(args: argparse.Namespace, tmp: Path) -> list[str]:
    root = args.corpus
    if root is None:
        sys.path.insert(0, str(HERE))
        from corpus import generate  # type: ignore[import-not-found, unused-ignore]

        root = tmp / "corpus"
        generate(root, args.files, args.findings, seed=args.seed)
    out = []
    for path in sorted(Path(root, "docs").rglob("*.toml")):
        data = path.read_bytes()
        out.append(data[: data.rfind(TRAILER_HEAD)].decode("utf-8"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--findings", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--mutants", type=int, default=0, help="also compare on N damaged bodies")
    args = parser.parse_args()
    loaders = _loaders()
    with tempfile.TemporaryDirectory() as tmp:
        texts = bodies(args, Path(tmp))
    size = sum(len(t.encode()) for t in texts)
    print(f"{len(texts)} signed bodies, {size / 2**20:.1f} MiB")
    reference = [_normal(loaders["tomli"](t)) for t in texts]
    print(f"{'parser':10} {'MB/s':>7} {'vs tomllib':>10}  same values  refuses  module")
    speeds: dict[str, float] = {}
    for name, loads in loaders.items():
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            for text in texts:
                loads(text)
            best = min(best, time.perf_counter() - start)
        speeds[name] = size / best / 1e6
        same = sum(_normal(loads(t)) == r for t, r in zip(texts, reference, strict=True))
        refused = []
        hostile = [("nested 2000 deep", DEEP), ("key of 1,001 parts", LONG_KEY)]
        for case, text in [*INVALID.items(), *hostile]:
            try:
                loads(text)
            except Exception:  # noqa: BLE001 - any refusal counts; a crash would end the run
                refused.append(case)
        missed = [c for c in [*INVALID, *(case for case, _ in hostile)] if c not in refused]
        for case, text in VALID.items():
            try:
                if _normal(loads(text)) != _normal(loaders["tomli"](text)):
                    missed.append(f"{case} (another value)")
            except Exception:  # noqa: BLE001
                missed.append(f"{case} (refused)")
        base = speeds.get("tomllib")
        ratio = f"{speeds[name] / base:9.1f}x" if base else "         -"
        print(
            f"{name:10} {speeds[name]:7.1f} {ratio}  {same:5}/{len(texts):<5} "
            f"{len(refused):3}/{len(INVALID) + len(hostile)}   {_where(name)}"
        )
        if _crashes(name):
            missed.append("CRASHES the process on 100,000-deep nesting")
        if missed:
            print(f"{'':10} differs: {', '.join(missed)}")
    if args.mutants:
        mutants(loaders, texts, args.mutants, args.seed)


def mutants(
    loaders: dict[str, Callable[[str], dict[str, Any]]], texts: list[str], n: int, seed: int
) -> None:
    """Randomly damaged bodies: does each parser accept and refuse exactly what tomli does?"""
    import random

    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    differ = dict.fromkeys(loaders, 0)
    refused = 0
    for _ in range(n):
        chars = list(rng.choice(texts)[:3000])
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(chars))
            op = rng.random()
            if op < 0.4:
                del chars[i]
            elif op < 0.8:
                chars.insert(i, rng.choice(ALPHABET))
            else:
                chars[i] = rng.choice(ALPHABET)
        text = "".join(chars)
        outcomes: dict[str, Any] = {}
        for name, loads in loaders.items():
            try:
                outcomes[name] = _normal(loads(text))
            except Exception:  # noqa: BLE001
                outcomes[name] = "refused"
        refused += outcomes["tomli"] == "refused"
        for name, got in outcomes.items():
            differ[name] += got != outcomes["tomli"]
    print(f"{n} damaged bodies ({refused} refused by tomli); outcomes unlike tomli's:")
    print("  " + ", ".join(f"{name} {count}" for name, count in differ.items()))


if __name__ == "__main__":
    main()
