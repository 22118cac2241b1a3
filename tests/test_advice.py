"""Every piece of advice a message gives, followed to the letter.

Each test puts a user in the situation that prints the advice (the installed console script, its
own MINECHECK_HOME and HOME), runs what the message says, as written (only the placeholders a
reader fills in are filled in: KEY.pub, P), and checks that the situation is then mended, in both
languages.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.helpers_merge import Who, findings, person

MINECHECK = Path(sys.executable).parent / "minecheck"
LANGS = ("en", "zh")


def run(args: list[str], cwd: Path, lang: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_") and k != "HOME"}
    env |= {
        "HOME": str(cwd / "home"),
        "MINECHECK_HOME": str(cwd / "mh"),
        "MINECHECK_LANG": lang,
        "NO_COLOR": "1",
        "LANG": "C.UTF-8",
        "COLUMNS": "200",
    }
    return subprocess.run(
        [str(MINECHECK), *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def follow(command: str, cwd: Path, lang: str, **fill: str) -> subprocess.CompletedProcess[str]:
    """Run `command` as a message wrote it (`minecheck ...`), its placeholders filled in."""
    words = shlex.split(command)
    assert words[0] == "minecheck", command
    done = run([fill.get(w, w) for w in words[1:]], cwd, lang)
    assert done.returncode == 0, (command, done.stderr)
    return done


def advised(stderr: str, pattern: str) -> str:
    """The command of the one line of `stderr` that matches `pattern` (its group 1)."""
    found = [m.group(1) for m in map(re.compile(pattern).search, stderr.splitlines()) if m]
    assert len(found) == 1, stderr
    return found[0]


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("alice", "city")}


# -- the trust files named with --allowed-signers: the advice to trust a key names that file


@pytest.mark.parametrize("lang", LANGS)
def test_verify_hint_trusts_the_key_in_the_file_verify_read(
    people: dict[str, Who], tmp_path: Path, lang: str
) -> None:
    alice = people["alice"]
    (tmp_path / "f.toml").write_bytes(findings(alice, ["compliant"] * 3))
    (tmp_path / "team signers").write_text("")
    verify = ["verify", "--allowed-signers", "team signers", "f.toml"]
    before = run(verify, tmp_path, lang)
    assert before.returncode == 1, before.stderr
    command = advised(before.stderr, r"^ {4}(minecheck trust add .*)$")
    follow(command, tmp_path, lang, **{"KEY.pub": f"{alice.key}.pub"})
    after = run(verify, tmp_path, lang)
    assert after.returncode == 0, after.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_merge_hint_trusts_the_merger_in_the_file_merge_read(
    people: dict[str, Who], tmp_path: Path, lang: str
) -> None:
    alice, city = people["alice"], people["city"]
    (tmp_path / "f.toml").write_bytes(findings(alice, ["compliant"] * 3))
    (tmp_path / "team").write_text(f"{alice.principal} {Path(f'{alice.key}.pub').read_text()}")
    merged = run(
        [
            *("merge", "f.toml", "-o", "m.toml", "--allowed-signers", "team"),
            *("--key", str(city.key), "--signer", city.principal),
        ],
        tmp_path,
        lang,
    )
    assert merged.returncode == 0, merged.stderr
    command = advised(merged.stderr, r"^ {4}(minecheck trust add .*)$")
    follow(command, tmp_path, lang, **{"KEY.pub": f"{city.key}.pub"})
    after = run(["verify", "--allowed-signers", "team", "m.toml"], tmp_path, lang)
    assert after.returncode == 0, after.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_trust_list_of_an_empty_file_says_how_to_trust_a_key_in_it(
    people: dict[str, Who], tmp_path: Path, lang: str
) -> None:
    alice = people["alice"]
    (tmp_path / "team").write_text("")
    listed = run(["trust", "list", "--allowed-signers", "team"], tmp_path, lang)
    assert listed.returncode == 0, listed.stderr
    command = advised(listed.stderr, r"^  (minecheck trust add .*)$")
    follow(command, tmp_path, lang, P=alice.principal, **{"K.pub": f"{alice.key}.pub"})
    again = run(["trust", "list", "--allowed-signers", "team", "--json"], tmp_path, lang)
    assert '"' + alice.principal + '"' in again.stdout, again.stdout


# -- a merged file too deep to merge again: extract its sources, merge those


@pytest.fixture(scope="module")
def three_deep(people: dict[str, Who], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A merged file nested three deep (a merge of a merge of a merge of findings), in a
    directory whose minecheck trusts Alice (default key) everywhere."""
    d = tmp_path_factory.mktemp("deep")
    alice = people["alice"]
    (d / "mh").mkdir()
    (d / "mh" / "allowed_signers").write_text(
        f"{alice.principal} {Path(f'{alice.key}.pub').read_text()}"
    )
    (d / "f0.toml").write_bytes(findings(alice, ["compliant"] * 3))
    for n in (1, 2, 3):
        made = run(
            [
                *("merge", f"f{n - 1}.toml", "-o", f"f{n}.toml"),
                *("--key", str(alice.key), "--signer", alice.principal),
            ],
            d,
            "en",
        )
        assert made.returncode == 0, made.stderr
    return d


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", r"^ {4}(mkdir DIR .*)$"), ("zh", r"^ {4}(mkdir DIR .*)$")],
)
def test_too_deep_merge_advice_merges_the_sources(
    people: dict[str, Who], three_deep: Path, tmp_path: Path, lang: str, said: str
) -> None:
    alice = people["alice"]
    for name in ("mh", "f3.toml"):
        shutil.copytree(three_deep / name, tmp_path / name) if name == "mh" else shutil.copy(
            three_deep / name, tmp_path
        )
    merge = ["merge", "f3.toml", "-o", "f4.toml", "--key", str(alice.key)]
    refused = run([*merge, "--signer", alice.principal], tmp_path, lang)
    assert refused.returncode == 2, refused.stderr
    advice = advised(refused.stderr, said)
    done = shell(advice, tmp_path, lang, KEY=f"--key {alice.key} --signer {alice.principal}")
    assert done.returncode == 0, (advice, done.stderr)
    out = tmp_path / "OUT"
    verified = run(["verify", str(out)], tmp_path, lang)
    assert verified.returncode == 0, verified.stderr


def shell(line: str, cwd: Path, lang: str, KEY: str) -> subprocess.CompletedProcess[str]:
    """Run a shell line a message advises, as a reader pastes it; every `minecheck merge` in it
    signs with `KEY` (the options that pick a key, as the reader's own setup would)."""
    line = line.replace("minecheck merge", f"minecheck merge {KEY}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_") and k != "HOME"}
    env |= {
        "HOME": str(cwd / "home"),
        "MINECHECK_HOME": str(cwd / "mh"),
        "MINECHECK_LANG": lang,
        "PATH": f"{MINECHECK.parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", line],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", r"^    (mkdir DIR && minecheck extract .*)$"),
        ("zh", r"^    (mkdir DIR && minecheck extract .*)$"),
    ],
)
def test_a_merged_file_holding_a_revoked_source_gives_the_others_back_to_merge(
    people: dict[str, Who], tmp_path: Path, lang: str, said: str
) -> None:
    alice, city = people["alice"], people["city"]
    (tmp_path / "mh").mkdir()
    (tmp_path / "mh" / "allowed_signers").write_text(
        "".join(f"{w.principal} {Path(f'{w.key}.pub').read_text()}" for w in (alice, city))
    )
    (tmp_path / "a.toml").write_bytes(findings(alice, ["compliant"] * 3))
    (tmp_path / "c.toml").write_bytes(findings(city, ["noncompliant"] * 3))
    as_city = ["--key", str(city.key), "--signer", city.principal]
    made = run(["merge", "a.toml", "c.toml", "-o", "m.toml", *as_city], tmp_path, lang)
    assert made.returncode == 0, made.stderr
    revoked = run(["trust", "revoke", f"{alice.key}.pub"], tmp_path, lang)
    assert revoked.returncode == 0, revoked.stderr
    merge = ["merge", "m.toml", "-o", "again.toml", *as_city]
    refused = run(merge, tmp_path, lang)
    assert refused.returncode == 2, refused.stderr
    advice = advised(refused.stderr, said)
    done = shell(advice, tmp_path, lang, KEY="")
    assert done.returncode == 0, (advice, done.stderr)
    back = sorted((tmp_path / "DIR").iterdir())
    assert sorted(p.read_bytes() for p in back) == sorted(
        (tmp_path / n).read_bytes() for n in ("a.toml", "c.toml")
    )
    counted = run(["verify", "--json", "DIR"], tmp_path, lang)
    still = [
        r["path"] for r in json.loads(counted.stdout)["data"]["files"] if r["status"] == "trusted"
    ]
    assert len(still) == 1, counted.stdout
    merged = run(["merge", *still, "-o", "again.toml", *as_city], tmp_path, lang)
    assert merged.returncode == 0, merged.stderr


@pytest.mark.parametrize(("lang", "said"), [("en", "create it first:"), ("zh", "请先创建：")])
def test_extract_into_a_directory_not_made_says_how_to_make_it(
    people: dict[str, Who], three_deep: Path, tmp_path: Path, lang: str, said: str
) -> None:
    shutil.copytree(three_deep / "mh", tmp_path / "mh")
    shutil.copy(three_deep / "f1.toml", tmp_path)
    extract = ["extract", "f1.toml", "-o", "new dir"]
    refused = run(extract, tmp_path, lang)
    assert refused.returncode == 2, refused.stderr
    done = shell(advised(refused.stderr, "^ {4}(mkdir -p .*)$"), tmp_path, lang, KEY="")
    assert done.returncode == 0, done.stderr
    again = run(extract, tmp_path, lang)
    assert again.returncode == 0, again.stderr
    assert [p.read_bytes() for p in (tmp_path / "new dir").iterdir()] == [
        (three_deep / "f0.toml").read_bytes()
    ]


# -- an answer for an item the site's tags rule out: add the tag it needs


@pytest.mark.parametrize(
    ("lang", "said"), [("en", r"; add (.*) to include it$"), ("zh", r"；请加上 (.*)$")]
)
def test_an_answer_for_an_item_ruled_out_names_the_tag_to_add(
    tmp_path: Path, lang: str, said: str
) -> None:
    (tmp_path / "mh" / "checklists").mkdir(parents=True)
    text = (DATA / "checklists" / "valid" / "mini-check.toml").read_text("utf-8")
    assert text.count('applies_if = ["outburst"]') == 1
    text = text.replace('applies_if = ["outburst"]', 'applies_if = ["outburst", "high-gas"]')
    (tmp_path / "mh" / "checklists" / "mini-check.toml").write_text(text, "utf-8")
    (tmp_path / "a.toml").write_text(
        '[answers]\n"gas-check-genuine" = "compliant"\n"methane-return" = { reading = 0.5 }\n'
        '"outburst-org" = "compliant"\n'
    )
    assert run(["keys", "generate", "--principal", "a@x.example"], tmp_path, lang).returncode == 0
    inspect = ["inspect", "mini-check", "--site", "S", "--answers", "a.toml"]
    refused = run(inspect, tmp_path, lang)
    assert refused.returncode == 2, refused.stderr
    assert "one of" not in refused.stderr or lang == "en", refused.stderr  # the zh line is zh
    tags = shlex.split(advised(refused.stderr, said))
    done = run([*inspect, *tags], tmp_path, lang)
    assert done.returncode == 0, (tags, done.stderr)


# -- a second key made while another is the default: how to make the new one the default


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", r"^  (minecheck keys import .* --default)$"),
        ("zh", r"^  (minecheck keys import .* --default)$"),
    ],
)
def test_a_new_key_not_the_default_says_how_to_make_it_the_default(
    tmp_path: Path, lang: str, said: str
) -> None:
    first = run(["keys", "generate", "--principal", "a@x.example"], tmp_path, lang)
    assert first.returncode == 0, first.stderr
    generated = run(["keys", "generate", "--principal", "c@x.example"], tmp_path, lang)
    assert generated.returncode == 0, generated.stderr
    follow(advised(generated.stderr, said), tmp_path, lang)
    listed = json.loads(run(["keys", "list", "--json"], tmp_path, lang).stdout)["data"]
    assert [k["principal"] for k in listed["keys"] if k["default"]] == ["c@x.example"], listed


# -- Parquet to standard output: name a file; where no document counts, the refusal is clean


@pytest.mark.parametrize(
    ("lang", "said"), [("en", r"^  hint: pass (.*)$"), ("zh", r"请加上 (.*)$")]
)
def test_parquet_named_a_file_as_advised_where_nothing_counts_says_so_cleanly(
    people: dict[str, Who], tmp_path: Path, lang: str, said: str
) -> None:
    pytest.importorskip("pyarrow")
    (tmp_path / "f.toml").write_bytes(findings(people["alice"], ["noncompliant"] * 3))
    export = ["export", "f.toml", "--format", "parquet"]
    refused = run(export, tmp_path, lang)
    assert refused.returncode == 2, refused.stderr
    advice = shlex.split(advised(refused.stderr, said))
    assert advice == ["-o", "FILE.parquet"]
    done = run([*export, *advice], tmp_path, lang)
    nothing = {"en": "no document could be used", "zh": "没有可用的文件"}[lang]
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    # (no one is trusted in this home: the error says so, and its hint what to do)
    assert done.stderr.splitlines()[-2].startswith(f"minecheck: error: {nothing}"), done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert "Exception" not in done.stderr, done.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name not in ("home", "mh")] == ["f.toml"]
