"""Growth with the shape of one crafted input: each case at n, 2n and 4n, side by side.

    python benchmarks/shapes.py [--n 1000] [--only CASE] [--timeout 120]

An archive is shared; anyone can drop a file into it. Within the size limits (1 MiB bodies,
4 MiB trust and checklist files) the shape of a file is the dropper's to choose, so each case
builds the shape that made a command slowest, at n, 2n and 4n, and times the installed console
script on it (a subprocess, as cron runs it) or, for what only a terminal types, the function
the walk calls. It prints the three times and the two ratios: near 2 is linear, near 4
quadratic. Times depend on the machine; the ratios are what to compare. Nothing is asserted.
The same seed gives the same files. The cases (`n` counts what the case names):

  reading      the walk's reading parser on a typed line: a unit cut by n blanks; n digits and
               a line break
  reasons-zh   `verify --lang zh` of a file with an unknown key holding n times " in x"
  principals   `verify` of a file whose key's allowed_signers line lists n/8 patterns `*aa..ab`
  unknown-keys `verify` of a file with 10n unknown keys in [inspection] (200 are listed)
  answers      `inspect --answers` of 10n answers to items the checklist lacks
  findings     `show` (its table, then `--json` beside it), `verify`, `summary`, `export` of one
               findings file of n/4 hidden dangers
  events-one   `summary` of a finding with n/4 follow-up events (rectified, rejected, ...)
  events-many  `summary` of n/4 findings, each named by one event of one follow-up file
  joint        `summary` and `merge` of n/20 findings files of one joint inspection
  merged       `export`, `summary` and `show` of one merged file of n/10 findings files, each
               an inspection of its own
  repeat       `summary` of n/20 inspections at one mine, each with a major
  lint         `checklists lint` of a checklist of n/4 items
  groups       `summary --by item` (JSON, then the terminal's table) of one findings file of
               n/4 majors, each item a group of its own
  long-cell    `show`, `summary --format md|html|csv` of a description of 50n characters
               (wide characters, marks, control characters)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

EXE = Path(sys.executable).parent / "minecheck"
PRINCIPAL = "wang.wei@hlj.example"
STARTED = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
TIMEOUT = [120.0]


class _World:
    """A home with one seeded key, trusted; documents signed with it."""

    def __init__(self, root: Path, seed: int = 7, principal: str = PRINCIPAL) -> None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from minecheck.core.sshsig import KeySigner

        self.root = root
        self.rng = random.Random(seed)  # noqa: S311 - test data, not secrets
        raw = self.rng.getrandbits(256).to_bytes(32, "big")
        self.private = Ed25519PrivateKey.from_private_bytes(raw)
        self.signer = KeySigner(self.private)
        self.home = root / "home"
        self.home.mkdir()
        self.allowed = root / "allowed_signers"
        self.principal = principal
        self.trust(principal)
        self.env = {
            **os.environ,
            "HOME": str(root),
            "MINECHECK_HOME": str(self.home),
            "COLUMNS": "100",
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    def trust(self, principals: str) -> None:
        self.allowed.write_text(f"{principals} {self.signer.public_key.openssh()}\n")
        self.allowed.chmod(0o644)

    def uuid4(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def header(self, fmt: str, created: dt.datetime) -> object:
        from minecheck.core.documents import Header

        return Header(
            format=fmt,
            document_id=self.uuid4(),
            created=created,
            signer=self.principal,
            signer_key=self.signer.public_key.fingerprint(),
            tool="minecheck 0.1.0",
        )

    def findings(
        self,
        findings: Sequence[object],
        *,
        inspection_id: str | None = None,
        site: str = "Eastgate Colliery",
        started: dt.datetime = STARTED,
    ) -> bytes:
        from minecheck.core.documents import FINDINGS, FindingsDoc, Inspection

        inspection = Inspection(
            id=inspection_id or self.uuid4(),
            checklist="coal-major-hidden-dangers",
            checklist_version="2026.2",
            checklist_sha256="0" * 64,
            site=site,
            inspector="Wang Wei",
            mode="routine",
            started=started,
            finished=started + dt.timedelta(hours=2),
            language="en",
            site_tags=("coal-underground",),
        )
        header = self.header(FINDINGS, started + dt.timedelta(hours=3))
        doc = FindingsDoc(header, inspection, tuple(findings))  # type: ignore[arg-type]
        return self.sealed(doc.to_toml())

    def sealed(self, body: bytes, namespace: str | None = None) -> bytes:
        from minecheck.core.seal import seal
        from minecheck.core.sshsig import NAMESPACE_FINDINGS

        return seal(body, self.signer, namespace or NAMESPACE_FINDINGS)

    def run(self, *argv: str) -> float:
        """Seconds `minecheck ARGV` took (TIMEOUT when it had not ended by then)."""
        argv = (*argv[:1], "--allowed-signers", str(self.allowed), *argv[1:])
        start = time.perf_counter()
        try:
            subprocess.run(
                [str(EXE), *argv],
                env=self.env,
                cwd=self.root,
                capture_output=True,
                timeout=TIMEOUT[0],
                check=False,
            )
        except subprocess.TimeoutExpired:
            return TIMEOUT[0]
        return time.perf_counter() - start


def _major(item: str, description: str = "Methane above the limit at the return airway") -> object:
    from minecheck.core.documents import Finding

    return Finding(
        item=item,
        result="noncompliant",
        severity="major",
        basis=("CMHD-5.1",),
        description=description,
        location="No. 3 return airway",
        deadline=(STARTED + dt.timedelta(days=30)).date(),
    )


def _write(world: _World, name: str, data: bytes) -> str:
    path = world.root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


# -- the cases: each builds its shape at n and returns {command: seconds} ----------------------


def case_reading(n: int, world: _World) -> dict[str, float]:
    from minecheck.session.rules import AnswerError, parse_reading

    times = {}
    for shape, text in (("blanks", "1 a" + " " * n + "b"), ("digits", "1" * n + "x\n")):
        start = time.perf_counter()
        with contextlib.suppress(AnswerError):
            parse_reading(text, "%CH4")
        times[f"parse_reading {shape}"] = time.perf_counter() - start
    return times


def case_reasons_zh(n: int, world: _World) -> dict[str, float]:
    from minecheck.core.documents import Finding

    body = world.findings([Finding(item="gas", result="compliant")])
    body = body[: body.rindex(b"[signature]\n")]
    key = "x" + " in x" * n
    body = body.replace(b"[inspection]\n", f'[inspection]\n"{key}" = 1\n'.encode(), 1)
    path = _write(world, "reasons.toml", world.sealed(body))
    return {"verify --lang zh": world.run("verify", "--lang", "zh", path)}


def case_principals(n: int, world: _World) -> dict[str, float]:
    from minecheck.core.documents import Finding

    world.principal = "a" * 64 + "@" + "a" * 189 + "c"  # the signer's own choice
    pattern = "*" + "a" * 254 + "b"  # every place a start, each tried to its end
    world.trust(",".join([pattern] * (n // 8) + [world.principal]))
    path = _write(world, "p.toml", world.findings([Finding(item="gas", result="compliant")]))
    return {"verify": world.run("verify", path)}


def case_unknown_keys(n: int, world: _World) -> dict[str, float]:
    from minecheck.core.documents import Finding

    body = world.findings([Finding(item="gas", result="compliant")])
    body = body[: body.rindex(b"[signature]\n")]
    keys = "".join(f"sitx{k} = 1\n" for k in range(10 * n))
    body = body.replace(b"[inspection]\n", f"[inspection]\n{keys}".encode(), 1)
    path = _write(world, "keys.toml", world.sealed(body))
    return {"verify": world.run("verify", path)}


def case_answers(n: int, world: _World) -> dict[str, float]:
    template = subprocess.run(
        [
            str(EXE),
            "checklists",
            "template",
            "coal-major-hidden-dangers",
            "--tag",
            "coal-underground",
        ],
        env=world.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    extra = "".join(f'"gas-overlimit-{k}" = "compliant"\n' for k in range(10 * n))
    path = _write(world, "answers.toml", (template + extra).encode())
    out = str(world.root / "out.toml")
    argv = ["coal-major-hidden-dangers", "--site", "X", "--tag", "coal-underground"]
    start = time.perf_counter()
    subprocess.run(
        [str(EXE), "inspect", *argv, "--answers", path, "-o", out],
        env=world.env,
        cwd=world.root,
        capture_output=True,
        timeout=TIMEOUT[0],
        check=False,
    )
    return {"inspect --answers": time.perf_counter() - start}


def case_findings(n: int, world: _World) -> dict[str, float]:
    path = _write(world, "many.toml", world.findings([_major(f"item-{k}") for k in range(n // 4)]))
    return {
        "show": world.run("show", path),
        "show --json": world.run("show", "--json", path),  # (the table's cost: the difference)
        "verify": world.run("verify", path),
        "summary": world.run("summary", "--no-cache", path),
        "export": world.run("export", "--no-cache", "--format", "csv", path),
    }


def _followup(world: _World, events: Sequence[object]) -> bytes:
    from minecheck.core.documents import FOLLOWUP, FollowUpDoc

    last = max(e.at for e in events)  # type: ignore[attr-defined]
    doc = FollowUpDoc(world.header(FOLLOWUP, last), tuple(events))  # type: ignore[arg-type]
    return world.sealed(doc.to_toml())


def case_events_one(n: int, world: _World) -> dict[str, float]:
    from minecheck.core.documents import Event

    iid = world.uuid4()
    found = _write(world, "docs/f.toml", world.findings([_major("gas")], inspection_id=iid))
    at = STARTED + dt.timedelta(days=1)
    events = [
        Event(
            finding=f"{iid}/gas",
            action=("rectified", "rejected")[k % 2],
            at=at + dt.timedelta(minutes=k),
            note="done" if k % 2 == 0 else "not done",
        )
        for k in range(n // 4)
    ]
    _write(world, "docs/u.toml", _followup(world, events))
    del found
    return {"summary": world.run("summary", "--no-cache", str(world.root / "docs"))}


def case_events_many(n: int, world: _World) -> dict[str, float]:
    from minecheck.core.documents import Event

    iid = world.uuid4()
    count = n // 4
    data = world.findings([_major(f"item-{k}") for k in range(count)], inspection_id=iid)
    _write(world, "docs/f.toml", data)
    at = STARTED + dt.timedelta(days=1)
    events = [
        Event(finding=f"{iid}/item-{k}", action="rectified", at=at, note="done")
        for k in range(count)
    ]
    _write(world, "docs/u.toml", _followup(world, events))
    return {"summary": world.run("summary", "--no-cache", str(world.root / "docs"))}


def case_joint(n: int, world: _World) -> dict[str, float]:
    iid = world.uuid4()
    paths = []
    for k in range(n // 20):
        findings = [_major(f"item-{j}", f"seen by inspector {k}") for j in range(20)]
        paths.append(
            _write(world, f"docs/{k:05d}.toml", world.findings(findings, inspection_id=iid))
        )
    merged = str(world.root / "merged.toml")
    key = world.root / "key"
    from cryptography.hazmat.primitives import serialization as ser

    key.write_bytes(
        world.private.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.OpenSSH, ser.NoEncryption())
    )
    key.chmod(0o600)
    return {
        "summary": world.run("summary", "--no-cache", str(world.root / "docs")),
        "merge": world.run(
            "merge", "--key", str(key), "--signer", world.principal, "-o", merged, *paths
        ),
    }


def case_merged(n: int, world: _World) -> dict[str, float]:
    paths = []
    for k in range(n // 10):
        findings = [_major(f"item-{j}", f"seen on visit {k}") for j in range(20)]
        paths.append(_write(world, f"docs/{k:05d}.toml", world.findings(findings)))
    merged = str(world.root / "merged.toml")
    key = world.root / "key"
    from cryptography.hazmat.primitives import serialization as ser

    key.write_bytes(
        world.private.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.OpenSSH, ser.NoEncryption())
    )
    key.chmod(0o600)
    world.run("merge", "--key", str(key), "--signer", world.principal, "-o", merged, *paths)
    return {
        "export": world.run("export", "--no-cache", "--format", "csv", merged),
        "summary": world.run("summary", "--no-cache", merged),
        "show": world.run("show", merged),
    }


def case_repeat(n: int, world: _World) -> dict[str, float]:
    for k in range(n // 20):
        started = STARTED + dt.timedelta(days=k % 80, hours=k % 7)
        data = world.findings([_major("gas")], started=started)
        _write(world, f"docs/{k:05d}.toml", data)
    return {"summary": world.run("summary", "--no-cache", "--by", "site", str(world.root / "docs"))}


def case_lint(n: int, world: _World) -> dict[str, float]:
    lines = [
        "[checklist]",
        'id = "long"',
        'version = "1"',
        'title = "Long"',
        'title_zh = "长"',
        'purpose = "p"',
        'purpose_zh = "目的"',
        'applies_to = ["coal-underground"]',
        'directives = ["D6"]',
        'references = ["CMHD"]',
        "",
        "[[section]]",
        'id = "s"',
        'title = "S"',
        'title_zh = "节"',
    ]
    for k in range(n // 4):
        lines += [
            "",
            "[[section.item]]",
            f'id = "item-{k}"',
            f'question = "Is thing {k} right?"',
            f'question_zh = "第{k}项是否正确？"',
            'severity = "major"',
            'basis = ["CMHD-5.1"]',
            'evidence = "required"',
        ]
    path = _write(world, "long.toml", ("\n".join(lines) + "\n").encode())
    return {"checklists lint": world.run("checklists", "lint", path)}


def case_groups(n: int, world: _World) -> dict[str, float]:
    path = _write(
        world, "groups.toml", world.findings([_major(f"item-{k}") for k in range(n // 4)])
    )
    by_item = ("summary", "--no-cache", "--by", "item", "--format")
    return {
        "summary --by item json": world.run(*by_item, "json", path),
        "summary --by item table": world.run(*by_item, "table", path),
    }


def case_long_cell(n: int, world: _World) -> dict[str, float]:
    unit = "回风巷甲烷超限a\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301b\u200e\u0007 x  "
    text = (unit * (50 * n // len(unit) + 1))[: 50 * n]
    path = _write(world, "docs/long.toml", world.findings([_major("gas", text)]))
    out = world.root / "out"
    return {
        "show": world.run("show", path),
        "summary md": world.run("summary", "--no-cache", "--format", "md", path),
        "summary html": world.run(
            "summary", "--no-cache", "--format", "html", "--force", "-o", str(out), path
        ),
        "summary csv": world.run("summary", "--no-cache", "--format", "csv", path),
    }


CASES: dict[str, Callable[[int, _World], dict[str, float]]] = {
    "reading": case_reading,
    "reasons-zh": case_reasons_zh,
    "principals": case_principals,
    "unknown-keys": case_unknown_keys,
    "answers": case_answers,
    "findings": case_findings,
    "events-one": case_events_one,
    "events-many": case_events_many,
    "joint": case_joint,
    "merged": case_merged,
    "repeat": case_repeat,
    "lint": case_lint,
    "groups": case_groups,
    "long-cell": case_long_cell,
}


def measure(name: str, n: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for size in (n, 2 * n, 4 * n):
        with tempfile.TemporaryDirectory() as tmp:
            for command, seconds in CASES[name](size, _World(Path(tmp))).items():
                times.setdefault(command, []).append(seconds)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--only", choices=sorted(CASES), action="append")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per command")
    args = parser.parse_args()
    TIMEOUT[0] = args.timeout
    n = args.n
    head = f"{'case':<12} {'command':<18} {'n=' + str(n):>9} {'2n':>9} {'4n':>9}  ratios"
    print(head)
    for name in CASES:
        if args.only and name not in args.only:
            continue
        for command, (a, b, c) in measure(name, n).items():
            ratios = f"{b / a:.1f} {c / b:.1f}"
            print(
                f"{name:<12} {command:<18} {a:>8.3f}s {b:>8.3f}s {c:>8.3f}s  {ratios}", flush=True
            )


if __name__ == "__main__":
    main()
