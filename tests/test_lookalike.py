"""Names written to look like another's (a Cyrillic or full-width letter, an ideographic space,
a name composed one way and decomposed the other) as a report author meets them.

Each keeps a row of its own, as it always did; where two rows would read alike on a screen or
a printed report, what tells them apart is shown as an escape. JSON gives the exact text.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from minecheck.core.sanitize import reads_as, shown_apart
from minecheck.report.labels import Labels
from minecheck.report.render import render
from minecheck.report.rows import FindingRow
from minecheck.report.summary import summarize
from tests.summary_corpus import row

AS_OF = dt.date(2026, 12, 1)
MINECHECK = shutil.which("minecheck", path=str(Path(sys.executable).parent))

DEMO = "Demo mine"
CYRILLIC = "Dem\u043e mine"  # a Cyrillic o
IDEOGRAPHIC = "Demo mine\u3000"  # an ideographic space after
FULL_WIDTH = "\uff24emo mine"  # a full-width D
SITES = (DEMO, CYRILLIC, IDEOGRAPHIC, FULL_WIDTH)
# what tells each apart, as every text report shows it (in the order of the rows: code points)
SHOWN = {
    DEMO: "Demo mine",
    IDEOGRAPHIC: "Demo mine\\u3000",
    CYRILLIC: "Dem\\u043e mine",
    FULL_WIDTH: "\\uff24emo mine",
}

JOSE = "Jos\u00e9 Li"  # composed
JOSE_NFD = unicodedata.normalize("NFD", JOSE)
WANG = "王伟"
WANG_SPACED = "王伟\u3000"
INSPECTORS = (JOSE, JOSE_NFD, WANG, WANG_SPACED, "Zhao Lei")


def _majors(**fields: object) -> list[FindingRow]:
    return [
        row(
            result="noncompliant",
            severity="major",
            state="open",
            inspection=f"0b7e4c1a-2d3f-4a5b-8c6d-7e8f9a0b1c{i:02d}",
            **{k: v[i] if isinstance(v, tuple) else v for k, v in fields.items()},
        )
        for i in range(len(next(v for v in fields.values() if isinstance(v, tuple))))
    ]


def _cells(md: str, first: str) -> list[str]:
    """The first cells of a Markdown table's rows after the heading `first`."""
    part = md.split(f"## {first}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in part.splitlines() if line.startswith("| ")][2:]
    return [line.split(" | ")[0][2:] for line in lines]


def _md_unescaped(cell: str) -> str:
    return re.sub(r"\\(.)", r"\1", cell)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sites_that_read_alike_show_what_tells_them_apart_in_markdown(lang: str) -> None:
    """Four sites whose names read as "Demo mine" were four rows that read alike, in the
    by-site table and in the open majors by site: a report author saw one mine four times."""
    rows = _majors(site=SITES)
    md = render(summarize(rows, as_of=AS_OF, by=("site",)), "md", lang)
    words = Labels(lang)
    heading = words["groups"].format(dims=words.dims(("site",)))
    by_site = [_md_unescaped(c) for c in _cells(md, heading)]
    assert by_site == [SHOWN[s] for s in sorted(SITES)]
    majors = [_md_unescaped(c) for c in _cells(md, words["open_majors_by_site"])]
    assert sorted(majors) == sorted(SHOWN.values())


def test_inspectors_that_read_alike_show_what_tells_them_apart_in_html() -> None:
    """José composed and decomposed, 王伟 with and without an ideographic space between: two
    pairs of rows that read alike in the by-inspector table; a third name stays as it is."""
    rows = _majors(inspectors=tuple((name,) for name in INSPECTORS))
    html = render(summarize(rows, as_of=AS_OF, by=("inspector",)), "html", "en")
    for shown in ("Jos\\u00e9 Li", "Jose\\u0301 Li", "王伟\\u3000", "Zhao Lei"):
        assert f">{shown}<" in html, shown
    assert ">王伟<" in html  # (nothing of it reads as another's but the space the other has)
    for written in (JOSE, JOSE_NFD, WANG_SPACED):
        assert written not in html


def test_json_and_csv_keep_each_name_as_written() -> None:
    rows = _majors(site=SITES)
    summary = summarize(rows, as_of=AS_OF, by=("site",))
    data = json.loads(render(summary, "json"))
    assert sorted(g["site"] for g in data["groups"]) == sorted(SITES)
    assert sorted(s["site"] for s in data["open_majors_by_site"]) == sorted(SITES)
    csv_sites = [line.split(",")[0] for line in render(summary, "csv").splitlines()[1:]]
    assert sorted(csv_sites) == sorted(SITES)


def test_names_that_read_alike_by_coincidence_of_none_are_left_as_they_are() -> None:
    """Names in Chinese, Russian and Greek that read as no other name of the table are shown
    as written: nothing is escaped unless two rows would otherwise read alike."""
    names = ["新兴煤矿", "Шахта Распадская", "Ορυχείο", "Demo mine", "demo mine"]
    assert shown_apart(names) == names


def test_blanks_and_letters_that_tell_names_apart_are_escaped() -> None:
    """A blank at either end or beside another, a no-break space, a letter of another script
    and a variation selector on a Latin letter, each where the name would read as another."""
    names = ["Wang Wei", "Wang Wei ", "Wang  Wei", " Wang Wei", "Wang\u00a0Wei"]
    assert shown_apart(names) == [
        "Wang Wei",
        "Wang Wei\\u0020",
        "Wang\\u0020\\u0020Wei",
        "\\u0020Wang Wei",
        "Wang\\u00a0Wei",
    ]
    assert shown_apart(["o\u043e", "\u043eo"]) == ["o\\u043e", "\\u043eo"]
    assert shown_apart(["a\ufe00lice", "alice"]) == ["a\\ufe00lice", "alice"]


def test_what_reads_alike() -> None:
    assert reads_as(CYRILLIC) == reads_as(DEMO) == reads_as(IDEOGRAPHIC) == reads_as(FULL_WIDTH)
    assert reads_as(JOSE) == reads_as(JOSE_NFD)
    assert reads_as("a\u200bb") == reads_as("ab")
    assert reads_as(" a\u3164b ") == reads_as("a  b") == "a b"
    assert reads_as("Demo mine") != reads_as("demo mine")  # a capital is seen


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_terminal_table_shows_them_apart_and_json_as_written(lang: str, tmp_path: Path) -> None:
    """`summary --by site` at a terminal and with --json, over signed files of four signers
    whose mines' names read alike."""
    assert MINECHECK is not None
    from tests.helpers_merge import allowed_signers, findings, person

    docs = tmp_path / "docs"
    docs.mkdir()
    who = [person(tmp_path, name) for name in ("alice", "bob", "carol", "dave")]
    for i, (w, site) in enumerate(zip(who, SITES, strict=True)):
        data = findings(
            w,
            ["noncompliant", "compliant", "compliant"],
            i,
            site=site,
            site_id=None,
            inspection_id=f"3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c{i}e",
        )
        (docs / f"{i}.toml").write_bytes(data)
    allowed_signers(tmp_path / "allowed_signers", *who)
    env = {**os.environ, "MINECHECK_LANG": lang, "COLUMNS": "250"}
    env.update(HOME=str(tmp_path), MINECHECK_HOME=str(tmp_path / "home"))
    args = [MINECHECK, "summary", "docs", "--allowed-signers", "allowed_signers"]
    args += ["--as-of", "2026-12-20", "--by", "site"]
    run = subprocess.run(
        [*args, "--format", "table"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert (run.returncode, run.stderr) == (0, "")
    firsts = [line.split()[0:3] for line in run.stdout.splitlines() if "mine" in line]
    assert [" ".join(f[:2]) for f in firsts[:4]] == [SHOWN[s] for s in sorted(SITES)]
    run = subprocess.run([*args, "--json"], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)["data"]
    assert sorted(g["site"] for g in data["groups"]) == sorted(SITES)


# -- trust add: a principal that reads as one already trusted for another key --------------------

LOOKALIKE_SAID = {
    "en": "minecheck: warning: {new} reads like {old}, already trusted for another key "
    "({fingerprint}): trust it only if they are different signers",
    "zh": "minecheck: warning: {new} 看起来与 {old} 相似，后者已信任另一把密钥（{fingerprint}）："
    "仅当二者确为不同签名人时才信任",
}


def _trust(tmp_path: Path, lang: str, *args: str) -> subprocess.CompletedProcess[str]:
    assert MINECHECK is not None
    env = {**os.environ, "MINECHECK_LANG": lang, "HOME": str(tmp_path)}
    env["MINECHECK_HOME"] = str(tmp_path / "home")
    command = [MINECHECK, "trust", "add", "--allowed-signers", str(tmp_path / "allowed"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("wang.wei@hlj.example", "wang.wei@hlj.examp1e"),  # a digit one for an l
        ("morn@coal.example", "mom@coal.example"),  # m for rn
        ("li.jun@coal.example", "li.jun@coal.exarnple"),  # rn for m
        ("zhao0@coal.example", "zhaoo@coal.example"),  # a small o for a zero
    ],
)
def test_trust_add_warns_of_a_principal_that_reads_like_one_trusted_for_another_key(
    tmp_path: Path, lang: str, old: str, new: str
) -> None:
    """An administrator asked to trust a key for wang.wei@hlj.examp1e trusted it without a
    word beside wang.wei@hlj.example's own key: documents it signs then show as trusted and
    signed by a name that reads as the real inspector's. The key is trusted, as asked (exit
    0), with a warning naming the other principal and its key."""
    from minecheck.core.keys import generate, load_private

    for name in ("first", "second"):
        generate(tmp_path / name, name, None)
    first = load_private(tmp_path / "first", None).public_key.fingerprint()
    second = load_private(tmp_path / "second", None).public_key.fingerprint()
    run = _trust(tmp_path, lang, "--principal", old, "--key", str(tmp_path / "first.pub"))
    assert (run.returncode, run.stderr.count("warning")) == (0, 0), run.stderr
    run = _trust(tmp_path, lang, "--principal", new, "--key", str(tmp_path / "second.pub"))
    assert run.returncode == 0
    said = LOOKALIKE_SAID[lang].format(new=new, old=old, fingerprint=first)
    assert said in run.stderr.splitlines(), run.stderr
    assert second in run.stderr  # trusted, as asked
    assert new in (tmp_path / "allowed").read_text()


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
def test_trust_add_says_nothing_of_the_same_principal_a_new_key_or_another_name(
    tmp_path: Path,
) -> None:
    """A second key for the same principal (a key replaced), the same key for a second
    principal, and names that read apart (wang.wei and wang.wel) are trusted without a word."""
    from minecheck.core.keys import generate

    for name in ("first", "second"):
        generate(tmp_path / name, name, None)
    key1, key2 = str(tmp_path / "first.pub"), str(tmp_path / "second.pub")
    for principal, key in [
        ("wang.wei@hlj.example", key1),
        ("wang.wei@hlj.example", key2),
        ("wang.wel@hlj.example", key2),
        ("wang.we1@hlj.example", key2),
        ("*@hlj.example", key1),
    ]:
        run = _trust(tmp_path, "en", "--principal", principal, "--key", key)
        assert (run.returncode, "warning" in run.stderr) == (0, False), (principal, run.stderr)


# -- characters drawn as nothing or as a blank, where a single name is shown ---------------------

INVISIBLE = "\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0"


def test_a_name_holding_characters_drawn_as_nothing_shows_them_at_a_terminal() -> None:
    """A combining grapheme joiner, the Hangul fillers and the Khmer inherent vowels are no
    format characters, so they reached the terminal as they were: "a\\u034flice" drew as
    "alice", "Demo\\u3164mine" as "Demo mine". Each is now made visible as a format character
    is, in every text a person reads (a CSV cell too); JSON keeps them."""
    from minecheck.core.sanitize import for_csv, for_terminal, json_text

    for ch in INVISIBLE:
        assert for_terminal(f"a{ch}lice") == f"a\\u{ord(ch):04x}lice"
        assert for_csv(f"a{ch}lice") == f"a\\u{ord(ch):04x}lice"
        assert json.loads(json_text({"v": f"a{ch}lice"})) == {"v": f"a{ch}lice"}
    assert for_terminal("새 광산 가") == "새 광산 가"  # Korean, in syllables and in jamo
    assert for_terminal("⚠\ufe0f") == "⚠\ufe0f"  # (an emoji's presentation: kept)


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_makes_a_site_drawn_alike_visible_and_json_keeps_it(lang: str, tmp_path: Path) -> None:
    assert MINECHECK is not None
    from tests.helpers_merge import allowed_signers, findings, person

    who = person(tmp_path, "alice")
    site = "Demo\u3164mine"
    data = findings(who, ["noncompliant", "compliant", "compliant"], site=site)
    (tmp_path / "f.toml").write_bytes(data)
    allowed_signers(tmp_path / "allowed_signers", who)
    env = {**os.environ, "MINECHECK_LANG": lang, "COLUMNS": "200", "HOME": str(tmp_path)}
    env["MINECHECK_HOME"] = str(tmp_path / "home")
    args = [MINECHECK, "show", "f.toml", "--allowed-signers", "allowed_signers"]
    run = subprocess.run(args, env=env, cwd=tmp_path, capture_output=True, text=True)
    assert (run.returncode, run.stderr) == (0, "")
    assert "Demo\\u3164mine" in run.stdout
    assert site not in run.stdout
    run = subprocess.run([*args, "--json"], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert json.loads(run.stdout)["data"]["documents"][0]["inspection"]["site"] == site


def test_a_signed_file_writes_characters_drawn_as_nothing_as_escapes(tmp_path: Path) -> None:
    """`cat` of a signed file, or an editor, showed "Demo\\u3164mine" as "Demo mine": the writer
    escaped controls and format characters only. Each of these is written as `\\uXXXX` now, the
    text read back as typed, and the signature checked by ssh-keygen over those bytes."""
    import tomllib

    from minecheck.core.seal import split
    from minecheck.core.sshsig import NAMESPACE_FINDINGS
    from tests.helpers_merge import allowed_signers, findings, person

    who = person(tmp_path, "alice")
    site = "Demo" + INVISIBLE + "mine"
    data = findings(who, ["noncompliant", "compliant", "compliant"], site=site)
    body, armored = split(data)
    assert armored is not None
    text = body.decode("utf-8")
    assert not set(INVISIBLE) & set(text)
    assert 'site = "Demo' + "".join(f"\\u{ord(ch):04X}" for ch in INVISIBLE) + 'mine"' in text
    assert tomllib.loads(text)["inspection"]["site"] == site
    if shutil.which("ssh-keygen") is None:
        return
    (tmp_path / "sig").write_text(armored)
    allowed = allowed_signers(tmp_path / "allowed_signers", who)
    checked = subprocess.run(
        [
            *("ssh-keygen", "-Y", "verify", "-f", str(allowed), "-I", who.principal),
            *("-n", NAMESPACE_FINDINGS, "-s", str(tmp_path / "sig")),
        ],
        input=body,
        capture_output=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
