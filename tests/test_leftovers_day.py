"""What the day's calendar work left: `show` names the zone its `--as-of` day is local to, the
HTML report's title and printed page foot name it too, the `--fail-on` hint's export runs in the
same zone wherever it is pasted, and guide-scripting §5 lists every field of `verify --json`'s
`data.files[]`."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Evidence, Finding
from tests.conftest import REPO
from tests.helpers_merge import (
    ITEMS,
    allowed_signers,
    findings,
    findings_of,
    make_merged,
    person,
    store_for,
)

SCRIPTS = Path(sys.executable).parent
# 16:30 UTC on 13 June: 00:30 on 14 June in Beijing
FINISHED = dt.datetime(2026, 6, 13, 16, 30, tzinfo=dt.UTC)
BAD = ["noncompliant", "compliant", "compliant"]


def _flat(text: str) -> str:
    """Terminal output with its wrapping undone (a long line breaks at the terminal's width)."""
    return " ".join(text.split())


@pytest.fixture
def one_file(tmp_path: Path) -> tuple[Path, list[str]]:
    """A findings file (one major hidden danger) signed near midnight, and the trust option."""
    alice = person(tmp_path, "alice")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice)
    docs = tmp_path / "docs"
    docs.mkdir()
    path = docs / "findings.toml"
    path.write_bytes(findings(alice, BAD, when=FINISHED, deadline=dt.date(2026, 6, 20)))
    return path, ["--allowed-signers", str(allowed)]


# -- 1. show names the zone of its day ----------------------------------------------------------


def test_show_names_the_zone_beside_every_as_of_day(
    cli: Any, one_file: tuple[Path, list[str]], in_zone: Any
) -> None:
    """`show --as-of` said "Non-compliant items (as of 2026-06-14)" and "not counted as of
    2026-06-13": which day a file falls on depends on the zone, and show named none."""
    path, trust = one_file
    in_zone("Asia/Shanghai")
    run = cli(["show", str(path), *trust, "--as-of", "2026-06-13"])
    assert run.exit_code == 0, run.stderr
    said = _flat(run.stdout)
    assert (
        "not counted as of 2026-06-13, Asia/Shanghai (UTC+08:00): signed at 2026-06-14 00:30 "
        "local time (UTC+08:00), after that day (a report of that day does not know it yet)"
    ) in said
    assert "Non-compliant items (as of 2026-06-13, Asia/Shanghai (UTC+08:00))" in said
    zh = cli(["show", str(path), *trust, "--as-of", "2026-06-13", "--lang", "zh"])
    assert zh.exit_code == 0, zh.stderr
    packed = "".join(zh.stdout.split())
    said_zh = "截至2026-06-13，Asia/Shanghai（UTC+08:00）不计入：签名于当地时间2026-06-1400:30"
    assert said_zh in packed
    assert "不符合项（隐患，截至2026-06-13，Asia/Shanghai（UTC+08:00））" in packed
    in_zone("UTC")
    run = cli(["show", str(path), *trust, "--as-of", "2026-06-13"])
    assert "Non-compliant items (as of 2026-06-13, UTC)" in _flat(run.stdout)
    assert "not counted" not in run.stdout


def test_show_json_gives_the_zone_after_the_day(
    cli: Any, one_file: tuple[Path, list[str]], in_zone: Any
) -> None:
    path, trust = one_file
    in_zone("Asia/Shanghai")
    data = cli(["show", "--json", str(path), *trust, "--as-of", "2026-06-13"]).json()["data"]
    assert list(data)[:2] == ["as_of", "zone"]
    assert (data["as_of"], data["zone"]) == (
        "2026-06-13",
        {"name": "Asia/Shanghai", "utc_offset": "+08:00"},
    )
    in_zone("CST-8")  # a POSIX rule: no name, the offset alone
    data = cli(["show", "--json", str(path), *trust, "--as-of", "2026-06-13"]).json()["data"]
    assert data["zone"] == {"name": None, "utc_offset": "+08:00"}
    run = cli(["show", str(path), *trust, "--as-of", "2026-06-13"])
    assert "Non-compliant items (as of 2026-06-13, UTC+08:00)" in _flat(run.stdout)


# -- 2. the HTML report's title and printed page foot -------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "Hidden-danger inspection and rectification summary · 2026-06-14, Asia/Shanghai "
            "(UTC+08:00)",
        ),
        ("zh", "隐患排查整改情况汇总 · 2026-06-14，Asia/Shanghai（UTC+08:00）"),
    ],
)
def test_the_html_title_and_page_foot_name_the_zone(
    cli: Any, one_file: tuple[Path, list[str]], in_zone: Any, lang: str, said: str
) -> None:
    """A printed report's every page names its day in its foot, and the browser's tab and a
    saved PDF's title name it: the day alone there, the zone only on the first page."""
    path, trust = one_file
    in_zone("Asia/Shanghai")
    common = [str(path), *trust, "--as-of", "2026-06-14", "--no-cache", "--lang", lang]
    html = cli(["summary", *common, "--format", "html"]).stdout
    title = re.search(r"<head>.*?<title>(.*?)</title>", html, re.DOTALL)
    assert title is not None
    assert title.group(1) == said
    assert re.findall(r'@bottom-left \{ content: "(.*?)";', html) == [said]


# -- 3. the --fail-on hint's export runs in the zone the gate counted in ------------------------

# 02:00 UTC on 14 June: 22:00 on 13 June in New York, a day later in UTC
LATE_EVENING = dt.datetime(2026, 6, 14, 2, 0, tzinfo=dt.UTC)


def _gate(cli: Any, docs: Path, trust: list[str], lang: str = "en") -> str:
    run = cli(
        [
            *("summary", str(docs), *trust, "--as-of", "2026-06-13", "--fail-on", "any"),
            *("--format", "csv", "--no-cache", "--lang", lang),
        ]
    )
    assert run.exit_code == 1, run.stderr
    return "  hint: " + str(run.stderr).rstrip("\n").split("\n  hint: ", 1)[1]


def test_the_fail_on_hint_names_the_zone_and_its_export_lists_the_same_rows_anywhere(
    cli: Any, tmp_path: Path, in_zone: Any
) -> None:
    """A gate run in New York as of 13 June counts an inspection finished at 22:00 that
    evening. Its hint, pasted on a UTC machine, listed nothing: there it was the 14th. The hint
    now carries the zone (`TZ=America/New_York`), and the export lists the one hidden danger."""
    alice = person(tmp_path, "alice")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "late.toml").write_bytes(findings(alice, BAD, when=LATE_EVENING))
    trust = ["--allowed-signers", str(allowed)]
    in_zone("America/New_York")
    hint = _gate(cli, docs, trust)
    command = (
        f"TZ=America/New_York minecheck export {docs} --allowed-signers {allowed} "
        "--as-of 2026-06-13 --format csv"
    )
    assert hint == f"  hint: to list them:\n    {command}"
    assert _gate(cli, docs, trust, "zh") == f"  hint: 逐项列出：\n    {command}"
    env = {"PATH": f"{SCRIPTS}:/usr/bin:/bin", "TZ": "UTC", "LANG": "C.UTF-8"}
    env["MINECHECK_HOME"] = str(tmp_path / "home")

    def open_items(pasted: str) -> list[str]:
        done = subprocess.run(
            ["sh", "-c", pasted], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        return [r["item"] for r in csv.DictReader(io.StringIO(done.stdout)) if r["state"]]

    assert open_items(command) == [ITEMS[0]]
    assert open_items(command.removeprefix("TZ=America/New_York ")) == []  # (as it was)
    in_zone("<-05>5")  # a POSIX rule: no zone file names it, the hint carries no TZ
    assert _gate(cli, docs, trust).startswith("  hint: to list them:\n    minecheck export ")


def test_the_same_paths_hint_carries_the_zone_too(
    cli: Any, one_file: tuple[Path, list[str]], in_zone: Any
) -> None:
    path, trust = one_file
    in_zone("Asia/Shanghai")
    for lang, said in (
        ("en", "  hint: to list them, add the same paths to:"),
        ("zh", "  hint: 逐项列出：在以下命令中加上相同的路径："),
    ):
        run = cli(
            [
                *("summary", "-", *trust, "--as-of", "2026-06-14", "--fail-on", "any"),
                *("--format", "csv", "--no-cache", "--lang", lang),
            ],
            input=f"{path}\n",
        )
        assert run.exit_code == 1, run.stderr
        assert run.stderr.splitlines()[-2] == said
        assert run.stderr.splitlines()[-1].startswith("    TZ=Asia/Shanghai minecheck export ")


# -- 5. guide-scripting §5 lists every field verify --json gives --------------------------------

GUIDES = [REPO / "docs" / "guide-scripting.md", REPO / "docs" / "guide-scripting.zh.md"]


def _more_fields(guide: Path) -> list[str]:
    """The fields §5 says some entries have besides the first list, in the order it names them."""
    text = guide.read_text(encoding="utf-8")
    section = text[text.index("## 5.") : text.index("## 6.")]
    start = section.index("有些条目" if guide.name.endswith(".zh.md") else "Some entries")
    sentence = section[start:].split("\n\n")[0]
    return re.findall(r"`([a-z_0-9]+)`", sentence)


def _keys(entries: list[dict[str, Any]]) -> set[str]:
    found: set[str] = set()
    for entry in entries:
        found |= set(entry)
        found |= _keys(entry.get("sources", []))
    return found


@pytest.mark.parametrize("guide", GUIDES, ids=[g.name for g in GUIDES])
def test_guide_section_5_lists_every_field_of_a_verdict(guide: Path, tmp_path: Path) -> None:
    """§5 listed the fields every entry has; a merged file's `sources` (each with its own
    `created`), `--evidence`'s `evidence` and the rest were in `verify --json` and nowhere in
    the guide."""
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    photo = b"not a photo"
    (tmp_path / "ev").mkdir()
    (tmp_path / "ev" / "a.jpg").write_bytes(photo + b" changed")
    seen = Evidence("ev/a.jpg", hashlib.sha256(photo).hexdigest(), len(photo))
    row = Finding(ITEMS[0], "noncompliant", severity="major", basis=("CMHD-5.2",),
                  evidence=(seen,))  # fmt: skip
    with_photo = findings_of(alice, [row], "1b4e28ba-2fa1-41d2-883f-0016d3cca427")
    (tmp_path / "photo.toml").write_bytes(with_photo)
    merged = make_merged(bob, [with_photo], store_for(alice, bob))
    (tmp_path / "merged.toml").write_bytes(merged)
    (tmp_path / "mailed.toml").write_bytes(with_photo.replace(b"\n", b"\r\n"))
    names = ["photo.toml", "merged.toml", "mailed.toml"]
    trust = ["--allowed-signers", str(allowed)]
    done = subprocess.run(
        [str(SCRIPTS / "minecheck"), "verify", "--json", "--evidence", *names, *trust],
        cwd=tmp_path,
        env={**os.environ, "MINECHECK_HOME": str(tmp_path / "home"), "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        check=False,
    )
    files = json.loads(done.stdout)["data"]["files"]
    first = list(files[0])[: list(files[0]).index("created") + 1]
    assert list(files[0]["evidence"][0]) == ["path", "status", "detail"]
    assert set(files[1]["sources"][0]) >= {*first}  # each source: the same fields, created too
    more = _more_fields(guide)
    assert {"sources", "hint", "evidence", "evidence_unchecked"} <= _keys(files)
    assert set(more) - set(first) == _keys(files) - set(first)
    assert "created" in more[more.index("sources") :]  # (a source's own signed time)
    at = more.index("evidence") + 1
    assert more[at : at + 3] == list(files[0]["evidence"][0])


# -- 4. a report of a day before every document says so in its head -----------------------------


def test_a_report_of_a_day_before_every_document_says_so_in_its_head(
    cli: Any, one_file: tuple[Path, list[str]], in_zone: Any
) -> None:
    """As of a day before every file was signed, the report's head said "Documents not counted:
    0" under the warning "none is counted": the files were not left out for a fault (that list
    is for those), they were not yet signed. The head now says that none is counted, and why."""
    path, trust = one_file
    in_zone("UTC")
    common = [str(path.parent), *trust, "--as-of", "2026-06-12"]
    for cache in ("--no-cache", None, None):  # made, then given again by the memo
        args = [*common, *([cache] if cache else [])]
        md = cli(["summary", *args, "--format", "md"])
        assert md.exit_code == 0, md.stderr
        assert md.stdout.splitlines()[2] == (
            "As of: 2026-06-12, UTC · Inspections: 0 · Sites: 0 · Documents not counted: 0 · "
            "every document is dated after that day: none is counted"
        )
    zh = cli(["summary", *common, "--format", "md", "--lang", "zh"]).stdout
    assert zh.splitlines()[2].endswith("未计入文件：0 · 所有文件的日期都晚于该日：均未计入")
    html = cli(["summary", *common, "--format", "html"]).stdout
    assert "Documents not counted 0 · every document is dated after that day: none is" in html
    table = cli(["summary", *common, "--format", "table"])
    assert "every document is dated after that day: none is counted" in _flat(table.stdout)
    counted = cli(["summary", *trust, str(path.parent), "--as-of", "2026-06-13", "--format", "md"])
    assert counted.stdout.splitlines()[2].endswith("Documents not counted: 0")
