"""The issue's "Done when", as a report author meets it, through the installed `minecheck` command.

A mixed corpus is made on disk with the project's own commands: three mines, five inspectors, a
joint inspection merged with `minecheck merge` on which the two inspectors disagree about one
item, follow-ups carrying a major hidden danger through rectification, expert acceptance and
closure, an overdue one, a document signed by a key nobody trusts and a broken file. Then
`minecheck summary DIR --format html -o report.html` (exit 0: some files are left out, named,
and the report is written) is printed to A4 in headless Chromium, and the headline in the PDF's text
equals `summary --format json`'s and that of a DuckDB query over `export --format csv`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from minecheck.core.keys import generate
from minecheck.report.labels import Labels
from tests.test_summary_browser import (
    CHROMIUM,
    _chromium,
    page_size,
    pdf_text,
    screenshot,
    words_off_page,
)

MINECHECK = shutil.which("minecheck", path=str(Path(sys.executable).parent))
pytestmark = [
    pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed"),
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("CI"),
        reason="needs chromium (and poppler-utils); CI installs them",
    ),
]

PEOPLE = {
    "alice": "alice@coal.example",  # joint inspection of Xinxing, with bob
    "bob": "bob@coal.example",
    "carol": "carol@coal.example",  # Dongshan
    "dave": "dave@noncoal.example",  # Hongyang iron mine
    "ent": "safety@dongshan.example",  # the enterprise reports rectification
    "expert": "expert@review.example",  # accepts it by expert review
    "mallory": "mallory@nowhere.example",  # signs, but nobody trusts the key
}
JOINT = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c11"
DONGSHAN = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c22"
HONGYANG = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c33"
ROGUE = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c44"
MEASURES = (
    "findings",
    "hidden_dangers",
    "majors",
    "open",
    "open_majors",
    "overdue",
    "overdue_majors",
    "closed",
    "inconsistent",
)


@dataclass
class World:
    home: Path
    work: Path
    docs: Path
    as_of: str

    def mc(self, *args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
        assert MINECHECK is not None
        env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_")}
        env.update({"MINECHECK_HOME": str(self.home), "NO_COLOR": "1", "LANG": "C.UTF-8"})
        env["MINECHECK_LANG"] = lang
        env.pop("SSH_AUTH_SOCK", None)
        return subprocess.run(
            [MINECHECK, *args],
            cwd=self.work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    def ok(self, *args: str) -> str:
        run = self.mc(*args)
        assert run.returncode == 0, (args, run.stdout, run.stderr)
        return run.stdout


def _answers(path: Path, answers: dict[str, Any]) -> str:
    path.write_text(json.dumps({"answers": answers}, ensure_ascii=False), "utf-8")
    return str(path)


def _nc(description: str, deadline: dt.date, **more: Any) -> dict[str, Any]:
    return {
        "result": "noncompliant",
        "description": description,
        "deadline": deadline.isoformat(),
        "evidence_reason": "photographed by the mine's own safety officer",
        **more,
    }


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("done")
    today = dt.date.today()
    as_of = (today + dt.timedelta(days=30)).isoformat()
    w = World(root / "home", root / "work", root / "work" / "archive", as_of)
    w.docs.mkdir(parents=True)
    keys: dict[str, Path] = {}
    for name, principal in PEOPLE.items():
        keys[name] = root / "keys" / name
        keys[name].parent.mkdir(exist_ok=True)
        generate(keys[name], principal, None)
        if name != "mallory":
            w.ok("trust", "add", "--principal", principal, "--key", f"{keys[name]}.pub")

    def signing(name: str) -> list[str]:
        return ["--key", str(keys[name]), "--signer", PEOPLE[name]]

    def inspect(
        who: str, checklist: str, site: str, tag: str, inspection: str, out: Path, **ans: Any
    ) -> None:
        w.ok(
            "inspect",
            checklist,
            "--site",
            site,
            "--tag",
            tag,
            "--inspection-id",
            inspection,
            "--inspector",
            who.title(),
            "--answers",
            _answers(w.work / f"{out.stem}-answers.json", ans),
            "--allow-incomplete",
            "-o",
            str(out),
            *signing(who),
        )

    day = dt.timedelta(days=1)
    shared = {
        "gas-overlimit": _nc("回风巷瓦斯浓度超限作业", today + 20 * day, responsible="通风区"),
        "methane-return": {
            "reading": 1.3,
            "responsible": "通风区",
            "deadline": (today + 5 * day).isoformat(),
            "evidence_reason": "portable detector only",
        },
    }
    coal = "coal-major-hidden-dangers"
    inspect(
        "alice",
        coal,
        "新兴煤矿",
        "coal-underground",
        JOINT,
        w.work / "alice.toml",
        **{**shared, "gas-check-genuine": "compliant"},
    )
    inspect(
        "bob",
        coal,
        "新兴煤矿",
        "coal-underground",
        JOINT,
        w.work / "bob.toml",
        **{**shared, "gas-check-genuine": _nc("瓦斯检查记录造假", today + 25 * day)},
    )
    merged = w.mc(
        "merge",
        "alice.toml",
        "bob.toml",
        "-o",
        str(w.docs / "xinxing-joint.toml"),
        *signing("alice"),
    )
    assert merged.returncode == 0, merged.stderr
    assert f"inconsistent: {JOINT}/gas-check-genuine" in merged.stderr
    inspect(
        "carol",
        coal,
        "东山煤矿",
        "coal-underground",
        DONGSHAN,
        w.docs / "dongshan.toml",
        **{
            "ventilation-airflow": _nc("采区通风能力不足", today + 10 * day, responsible="通风区"),
            "safety-funds": _nc("安全费用未足额提取", today + 3 * day, responsible="财务部"),
            "dual-circuit-supply": "compliant",
        },
    )
    inspect(
        "dave",
        "noncoal-major-hidden-dangers",
        "红阳铁矿",
        "mnm-underground",
        HONGYANG,
        w.docs / "hongyang.toml",
        **{
            "ug-safety-exits": _nc("安全出口不足两个", today + 25 * day, responsible="采矿车间"),
            "ug-main-drainage": "compliant",
        },
    )
    inspect(
        "mallory",
        "noncoal-major-hidden-dangers",
        "红阳铁矿",
        "mnm-underground",
        ROGUE,
        w.docs / "untrusted.toml",
        **{"ug-hot-work": _nc("not ours to count", today + 5 * day)},
    )

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    steps = [
        ("ent", f"{DONGSHAN}/ventilation-airflow", ["--action", "rectified", "--note", "新增局扇"]),
        (
            "expert",
            f"{DONGSHAN}/ventilation-airflow",
            ["--action", "accepted", "--method", "expert-review", "--reviewer", "李工"],
        ),
        ("carol", f"{DONGSHAN}/ventilation-airflow", ["--action", "closed"]),
        ("ent", f"{JOINT}/methane-return", ["--action", "rectified", "--note", "传感器已更换"]),
    ]
    for i, (who, ref, args) in enumerate(steps):
        at = (now + dt.timedelta(minutes=i + 1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        w.ok(
            "followup",
            ref,
            *args,
            "--at",
            at,
            "-o",
            str(w.docs / f"followup-{i}.toml"),
            *signing(who),
        )
    # a findings file cut short in transfer
    whole = (w.docs / "hongyang.toml").read_bytes()
    (w.docs / "broken.toml").write_bytes(whole[: len(whole) // 2])
    return w


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _json_headline(w: World) -> dict[str, int]:
    run = w.mc("summary", str(w.docs), "--as-of", w.as_of, "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    headline: dict[str, int] = data["headline"]
    return headline


def _duckdb_headline(w: World, tmp: Path) -> dict[str, int]:
    out = tmp / "rows.csv"
    run = w.mc("export", str(w.docs), "--as-of", w.as_of, "--format", "csv", "-o", str(out))
    assert run.returncode == 0, run.stderr  # the same two files are left out, and named
    assert run.stdout == f"{out}\n"
    relation = duckdb.sql(
        f"""SELECT count(*),
                   count(*) FILTER (hidden),
                   count(*) FILTER (hidden AND severity = 'major'),
                   count(*) FILTER (open),
                   count(*) FILTER (open AND severity = 'major'),
                   count(*) FILTER (open AND overdue),
                   count(*) FILTER (open AND overdue AND severity = 'major'),
                   count(*) FILTER (state = 'closed'),
                   count(*) FILTER (result = 'inconsistent')
            FROM (SELECT *, result IN ('noncompliant', 'inconsistent') AS hidden,
                         result IN ('noncompliant', 'inconsistent')
                           AND state NOT IN ('closed', 'withdrawn') AS open
                  FROM read_csv('{out}', header = true, all_varchar = false))"""
    )
    assert relation is not None
    return dict(zip(MEASURES, relation.fetchall()[0], strict=True))


def test_the_corpus_is_what_it_claims(world: World) -> None:
    headline = _json_headline(world)
    assert headline["inconsistent"] == 1  # gas-check-genuine at Xinxing
    assert headline["closed"] == 1  # ventilation-airflow at Dongshan, after expert acceptance
    assert headline["overdue"] >= 2
    assert headline["untrusted"] == 0
    data = json.loads(
        world.mc("summary", str(world.docs), "--as-of", world.as_of, "--format", "json").stdout
    )
    listed = {Path(d["path"]).name: d["status"] for d in data["documents"]}
    assert listed == {"broken.toml": "malformed", "untrusted.toml": "untrusted-key"}
    assert data["scope"]["sites"] == 3
    assert data["scope"]["inspections"] == 3


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_printed_report_says_what_json_and_duckdb_say(
    world: World, lang: str, tmp_path: Path
) -> None:
    report = tmp_path / "report.html"
    run = world.mc(
        "summary",
        world.docs.name,  # as a report author names the inbox where they are: the rows'
        # paths are short (a long one wraps the status cell, and a PDF's text then interleaves
        # the cells of the row)
        "--as-of",
        world.as_of,
        "--format",
        "html",
        "-o",
        str(report),
        "--lang",
        lang,
    )
    assert run.returncode == 0  # the broken and the untrusted file were left out...
    assert run.stdout == f"{report}\n"  # ...and the report is written for the rest
    left_out = {"en": ": left out: ", "zh": "：未计入："}[lang]  # messages follow --lang too
    assert f"broken.toml{left_out}malformed" in run.stderr
    assert f"untrusted.toml{left_out}untrusted-key" in run.stderr
    html = report.read_text("utf-8")
    assert "<script" not in html
    assert re.findall(r"(?:src|href)\s*=|url\(|@import", html) == []  # self-contained

    pdf = tmp_path / "report.pdf"
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri(), tmp=tmp_path)
    width, height = page_size(pdf)
    assert (round(width), round(height)) == (595, 842)  # A4
    assert words_off_page(pdf) == []

    headline = _json_headline(world)
    assert _duckdb_headline(world, tmp_path) == {m: headline[m] for m in MEASURES}
    text = _squeezed(pdf_text(pdf))
    words = Labels(lang)
    assert _squeezed(words["title"]) in text
    for measure in MEASURES:
        tile = _squeezed(f"{headline[measure]}{words[measure]}")
        assert tile in text, (tile, text[:2000])
    for site in ("新兴煤矿", "东山煤矿", "红阳铁矿"):
        assert site in text
    for name, status in (("broken.toml", "malformed"), ("untrusted.toml", "untrusted-key")):
        assert name in text  # listed, with why, in the report's language
        assert _squeezed(words.value("status", status)) in text
    assert world.as_of in text

    png = screenshot(report, tmp_path)
    keep = os.environ.get("SUMMARY_REPORT_DIR")
    if keep:  # to look at the report by eye: SUMMARY_REPORT_DIR=DIR pytest ...
        for f in (report, pdf, png):
            shutil.copy(f, Path(keep) / f"done-{lang}{f.suffix}")
