"""A seeded corpus of signed documents for the benchmarks: findings, follow-ups, merged files.

    python benchmarks/corpus.py OUT [--files N] [--findings M] [--seed S]

Writes OUT/docs/{findings,followups,merged}/*.toml, OUT/allowed_signers (every signer of the
corpus, trusted for both namespaces) and OUT/totals.json (what a correct reader must count). The
same seed gives the same bytes: keys, uuids and times all come from one random generator.

Findings files use the bundled checklists (padded with supplementary items when a checklist has
fewer than M), several sites and inspectors, and about one non-compliance in eight, each with a
deadline. Follow-up files carry the loop's events for some of them (SPEC 2.4). The last findings
files are joint inspections: pairs of inspectors sharing an inspection id, answering alike; each
pair is also embedded, byte-exact, in one merged file (SPEC 2.5). Totals count each
(inspection, item) once, as consolidation does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import json
import random
import sys
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from minecheck.core import tomlwrite
from minecheck.core.checklist import load_checklist
from minecheck.core.documents import FINDINGS, FOLLOWUP, MERGED, NAMESPACE_OF
from minecheck.core.seal import seal
from minecheck.core.sshsig import KeySigner
from minecheck.paths import bundled_checklists_dir

TOOL = "minecheck 0.1.0"
CHECKLISTS = (
    "coal-major-hidden-dangers",
    "noncoal-major-hidden-dangers",
    "enterprise-responsibility",
    "disaster-monitoring-intrinsic",
)
SITES = (
    ("龙华煤矿", "coal", ("coal-underground", "high-gas")),
    ("Eastgate Colliery", "coal", ("coal-underground",)),
    ("鹤岗南山矿", "coal", ("coal-underground", "water-hazard")),
    ("Red Ridge Open Pit", "coal", ("coal-open-pit",)),
    ("金岭铁矿", "mnm", ("mnm-underground",)),
    ("Copper Hollow Mine", "mnm", ("mnm-underground",)),
    ("西沟尾矿库", "mnm", ("tailings-pond",)),
    ("Granite Quarry No. 3", "mnm", ("mnm-open-pit",)),
)
INSPECTORS = (
    ("wang.wei@hlj.example", "王伟"),
    ("li.na@hlj.example", "李娜"),
    ("zhang.min@hlj.example", "张敏"),
    ("a.okafor@mines.example", "Ada Okafor"),
    ("j.kowalski@mines.example", "Jan Kowalski"),
    ("m.silva@mines.example", "Marta Silva"),
)
ENTERPRISE = (("safety.office@longhua.example", "enterprise"),)
DESCRIPTIONS = (
    "回风巷甲烷浓度超限，未及时停止作业并撤出人员。",
    "瓦斯抽采系统运行不正常，抽采量低于设计要求。",
    "Ventilation door left open between intake and return; air short-circuits past the face.",
    "Water inflow record for the last quarter is missing; no prediction report on file.",
    "安全监控系统传感器未按规定调校，部分数据失真。",
    "Refuge chamber oxygen supply below the 96-hour reserve; two cylinders empty.",
    "Conveyor belt guard removed at the transfer point; no warning sign posted.",
    "尾矿库浸润线高于设计控制值，未采取降低措施。",
)
LOCATIONS = ("3205 回风巷", "Level -420 main haulage", "+1050 平台", "No. 2 return shaft", "充填站")
MEASURES = (
    "立即停止作业，撤出人员，加强通风，排放瓦斯后经检查合格方可恢复。",
    "Repair the door interlock, re-measure airflow at every station, record in the log.",
    "补充调校全部传感器，建立调校台账，由通风科长签字确认。",
)
RESPONSIBLE = ("通风科 / 刘建国", "Mine manager (R. Osei)", "机电科 / 陈强", "Safety office")
FUNDS = ("专项资金 12 万元", "Budget line 2026-SAFE-14, 40,000", "安全费用列支 5 万元")
CONTINGENCY = ("加强巡查，设置警戒", "Temporary fan and gas monitoring every two hours")
NOTES = ("复查时重点核对", "Photographed; see evidence pack", "与企业负责人现场确认")
MODES = ("routine", "unannounced", "night", "special")
# About one finding in eight is a non-compliance; the rest mostly compliant.
RESULT_WEIGHTS = (
    ("compliant", 76),
    ("noncompliant", 12),
    ("not-applicable", 8),
    ("not-checked", 4),
)


@functools.cache
def _str(text: str) -> str:
    return tomlwrite.string(text)


def _value(obj: Any) -> str:
    if isinstance(obj, str):
        return _str(obj)
    if isinstance(obj, list | tuple):
        return "[" + ", ".join(_value(v) for v in obj) + "]"
    return tomlwrite.value(obj)


def _table(header: str, fields: Mapping[str, Any], *, array: bool = False) -> str:
    """tomlwrite.table's exact output, with its string escaping memoised for speed."""
    lines = [f"[[{header}]]" if array else f"[{header}]"]
    lines.extend(f"{tomlwrite.key(k)} = {_value(v)}" for k, v in fields.items() if v is not None)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Item:
    id: str
    severity: str
    basis: tuple[str, ...]


@dataclass(frozen=True)
class _Checklist:
    id: str
    version: str
    sha256: str
    items: tuple[_Item, ...]


@dataclass
class Totals:
    findings_files: int = 0
    followup_files: int = 0
    merged_files: int = 0
    events: int = 0
    keys: set[tuple[str, str]] = field(default_factory=set)
    noncompliant: set[tuple[str, str]] = field(default_factory=set)

    def as_dict(self) -> dict[str, int]:
        return {
            "files": self.findings_files + self.followup_files + self.merged_files,
            "findings_files": self.findings_files,
            "followup_files": self.followup_files,
            "merged_files": self.merged_files,
            "findings": len(self.keys),
            "noncompliant": len(self.noncompliant),
            "events": self.events,
        }


def _checklists(per_doc: int) -> list[_Checklist]:
    out = []
    for name in CHECKLISTS:
        path = bundled_checklists_dir() / f"{name}.toml"
        checklist = load_checklist(path)
        items = [
            _Item(item.id, str(item.severity), tuple(item.basis))
            for section in checklist.sections
            for item in section.items
        ]
        items += [
            _Item(f"supplement-{i:03d}", "general", ()) for i in range(1, per_doc - len(items) + 1)
        ]
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        out.append(_Checklist(checklist.id, checklist.version, sha, tuple(items[:per_doc])))
    return out


class _Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.signers: dict[str, KeySigner] = {}

    def uuid4(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def signer(self, principal: str) -> KeySigner:
        if principal not in self.signers:
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

            raw = self.rng.getrandbits(256).to_bytes(32, "big")
            self.signers[principal] = KeySigner(Ed25519PrivateKey.from_private_bytes(raw))
        return self.signers[principal]

    def header(self, fmt: str, principal: str, created: dt.datetime, **extra: Any) -> str:
        fields = {
            "format": fmt,
            "document_id": self.uuid4(),
            "created": created,
            "signer": principal,
            "signer_key": self.signer(principal).public_key.fingerprint(),
            "tool": TOOL,
            **extra,
        }
        return _table("minecheck", fields)

    def sealed(self, parts: list[str], principal: str, fmt: str) -> bytes:
        body = ("\n".join(parts) + "\n").encode("utf-8")
        return seal(body, self.signer(principal), NAMESPACE_OF[fmt])


def _finding(rng: random.Random, item: _Item, result: str, started: dt.datetime) -> dict[str, Any]:
    fields: dict[str, Any] = {"item": item.id, "result": result}
    if result == "noncompliant":
        major = item.severity == "major"
        fields.update(
            severity=item.severity,
            basis=list(item.basis) if major else None,
            description=rng.choice(DESCRIPTIONS),
            location=rng.choice(LOCATIONS),
            measures=rng.choice(MEASURES),
            responsible=rng.choice(RESPONSIBLE),
            deadline=started.date() + dt.timedelta(days=rng.choice((7, 15, 30, 60))),
            funds=rng.choice(FUNDS) if major else None,
            contingency=rng.choice(CONTINGENCY) if major else None,
            immediate=["stop-work", "withdraw-persons"] if major and rng.random() < 0.5 else None,
            enforcement=f"（黑）煤安监执〔2026〕{rng.randint(1, 999)}号"
            if major and rng.random() < 0.6
            else None,
        )
    if rng.random() < 0.05:
        fields["note"] = rng.choice(NOTES)
    return fields


def generate(
    out: Path,
    files: int,
    findings: int,
    *,
    seed: int = 1,
    followups: int | None = None,
    merged: int | None = None,
) -> dict[str, int]:
    """Write the corpus under `out`; return its totals (also written to out/totals.json)."""
    gen = _Gen(seed)
    rng = gen.rng
    checklists = _checklists(findings)
    followups = files // 10 if followups is None else followups
    merged = max(1, files // 200) if merged is None else merged
    merged = min(merged, files // 2)
    dirs = {name: out / "docs" / name for name in ("findings", "followups", "merged")}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    totals = Totals()
    base = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    open_by_file: list[tuple[str, dt.datetime, list[str], str]] = []
    joint_start = files - 2 * merged
    pair: list[bytes] = []
    for n in range(files):
        second_of_pair = n >= joint_start and (n - joint_start) % 2 == 1
        if not second_of_pair:
            site, kind, tags = SITES[rng.randrange(len(SITES))]
            checklist = checklists[(0 if kind == "coal" else 1) if rng.random() < 0.7 else 2]
            if "high-gas" not in tags and rng.random() < 0.1:
                checklist = checklists[3]
            started = base + dt.timedelta(days=rng.randrange(240), minutes=rng.randrange(600))
            inspection_id = gen.uuid4()
            mode = rng.choice(MODES)
            weights = [w for _, w in RESULT_WEIGHTS]
            results = rng.choices([r for r, _ in RESULT_WEIGHTS], weights, k=findings)
            answers = [
                _finding(rng, i, r, started) for i, r in zip(checklist.items, results, strict=True)
            ]
            who = rng.sample(INSPECTORS, 2)
        principal, name = who[1] if second_of_pair else who[0]
        finished = started + dt.timedelta(hours=3)
        inspection = {
            "id": inspection_id,
            "checklist": checklist.id,
            "checklist_version": checklist.version,
            "checklist_sha256": checklist.sha256,
            "site": site,
            "site_id": f"MINE-{SITES.index((site, kind, tags)) + 1:04d}",
            "site_tags": list(tags),
            "inspector": name,
            "mode": mode,
            "started": started,
            "finished": finished,
            "language": "zh" if any(ord(c) > 127 for c in name) else "en",
        }
        parts = [gen.header(FINDINGS, principal, finished), _table("inspection", inspection)]
        parts.extend(_table("finding", a, array=True) for a in answers)
        data = gen.sealed(parts, principal, FINDINGS)
        (dirs["findings"] / f"{n:06d}.toml").write_bytes(data)
        totals.findings_files += 1
        for a in answers:
            totals.keys.add((inspection_id, a["item"]))
            if a["result"] == "noncompliant":
                totals.noncompliant.add((inspection_id, a["item"]))
        if n >= joint_start:
            pair.append(data)
            if len(pair) == 2:
                _write_merged(gen, dirs["merged"], totals, pair, inspection_id, answers, who)
                pair = []
        elif not second_of_pair:
            bad = [a["item"] for a in answers if a["result"] == "noncompliant"]
            if bad:
                open_by_file.append((inspection_id, finished, bad, principal))
    for k, (inspection_id, finished, bad, inspector) in enumerate(open_by_file[:followups]):
        _write_followup(
            gen,
            dirs["followups"] / f"{k:06d}.toml",
            totals,
            inspection_id,
            finished,
            bad,
            inspector,
        )
    result = totals.as_dict()
    allowed = "".join(f"{p} {s.public_key.openssh()}\n" for p, s in sorted(gen.signers.items()))
    (out / "allowed_signers").write_text(allowed, encoding="utf-8")
    (out / "totals.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


def _write_followup(
    gen: _Gen,
    path: Path,
    totals: Totals,
    inspection_id: str,
    finished: dt.datetime,
    bad: list[str],
    inspector: str,
) -> None:
    """The enterprise reports rectification; for about half, the inspector accepts and closes."""
    rng = gen.rng
    enterprise = ENTERPRISE[0][0]
    at = finished + dt.timedelta(days=5)
    events = []
    for item in bad:
        events.append(
            {
                "finding": f"{inspection_id}/{item}",
                "action": "rectified",
                "at": at,
                "note": rng.choice(MEASURES),
            }
        )
    data = gen.sealed(
        [gen.header(FOLLOWUP, enterprise, at + dt.timedelta(hours=1))]
        + [_table("event", e, array=True) for e in events],
        enterprise,
        FOLLOWUP,
    )
    path.write_bytes(data)
    totals.followup_files += 1
    totals.events += len(events)
    accepted = [item for item in bad if rng.random() < 0.5]
    if not accepted:
        return
    at2 = at + dt.timedelta(days=3)
    events = []
    for item in accepted:
        ref = f"{inspection_id}/{item}"
        events.append(
            {
                "finding": ref,
                "action": "accepted",
                "at": at2,
                "method": "expert-review",
                "reviewers": ["周工程师", "R. Osei"],
                "note": "现场复查合格",
            }
        )
        events.append({"finding": ref, "action": "closed", "at": at2 + dt.timedelta(hours=1)})
    data = gen.sealed(
        [gen.header(FOLLOWUP, inspector, at2 + dt.timedelta(hours=2))]
        + [_table("event", e, array=True) for e in events],
        inspector,
        FOLLOWUP,
    )
    path.with_name(path.stem + "-accepted.toml").write_bytes(data)
    totals.followup_files += 1
    totals.events += len(events)


def _write_merged(
    gen: _Gen,
    directory: Path,
    totals: Totals,
    sources: list[bytes],
    inspection_id: str,
    answers: list[dict[str, Any]],
    who: list[tuple[str, str]],
) -> None:
    """Two inspectors' findings of one joint inspection, embedded byte-exact (SPEC 2.5)."""
    merger = who[0][0]
    signers = sorted(p for p, _ in who)
    created = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
    parts = [gen.header(MERGED, merger, created, source_count=len(sources))]
    for a in sorted(answers, key=lambda a: str(a["item"])):  # as core/merge.py orders them
        by = sorted({f"{p}: {a['result']}" for p in signers})
        parts.append(
            _table(
                "consolidated",
                {"inspection": inspection_id, "item": a["item"], "result": a["result"], "by": by},
                array=True,
            )
        )
    for data in sorted(sources, key=lambda d: hashlib.sha256(d).hexdigest()):
        text = data.decode("utf-8")
        parts.append(
            _table("source", {"sha256": hashlib.sha256(data).hexdigest(), "file": text}, array=True)
        )
    out = gen.sealed(parts, merger, MERGED)
    (directory / f"{totals.merged_files:06d}.toml").write_bytes(out)
    totals.merged_files += 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--findings", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    totals = generate(args.out, args.files, args.findings, seed=args.seed)
    took = time.perf_counter() - start
    print(json.dumps(totals), f"in {took:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
