"""Small faults earlier rounds saw and left: a drafts directory that cannot be listed, ids quoted
with Python's repr, an output path's spelling lost, `show`'s signed times in UTC alone, and the
CSV outputs that name no calendar."""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import DATA, Run
from tests.helpers_docs import INSPECTION_ID
from tests.test_contract4 import ALICE, MINI, here
from tests.test_inspect_pty import Terminal, ended, term

__all__ = ["here", "term"]  # fixtures


class Cli(Protocol):
    def __call__(self, args: list[str], input: str | None = None) -> Run: ...


# --- 1. a drafts directory that is a file, a link to nothing, or under a file ----------------

IN_THE_WAY = {
    "en": [
        "minecheck: error: {p} is not a directory, and minecheck needs a directory there",
        "  hint: move it away, then run the command again; to move it:",
        "    mv {p} {p}.old",
    ],
    "zh": [
        "minecheck: error: {p} 不是目录，而 minecheck 需要在此处使用一个目录",
        "  hint: 把它移开，然后重新运行命令；移开请运行：",
        "    mv {p} {p}.old",
    ],
}


def _in_the_way(home: Path, kind: str) -> Path:
    """The drafts directory under `home` made unusable by `kind`; the path in the way."""
    if kind == "file":
        home.mkdir(parents=True, exist_ok=True)
        (home / "drafts").write_text("kept\n")
        return home / "drafts"
    if kind == "link":
        home.mkdir(parents=True, exist_ok=True)
        (home / "drafts").symlink_to(home / "gone")
        return home / "drafts"
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("kept\n")  # minecheck's own directory, above the drafts, is a file
    return home


DRAFT_COMMANDS = [
    ["drafts", "list"],
    ["drafts", "discard", "abc", "--yes"],
    ["drafts", "discard", "abc"],
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["file", "link", "above"])
@pytest.mark.parametrize("args", DRAFT_COMMANDS, ids=" ".join)
def test_drafts_commands_say_what_is_in_the_way_of_the_drafts_directory(
    cli: Cli, isolated_home: Path, lang: str, kind: str, args: list[str]
) -> None:
    """`drafts list` said "no unfinished inspections", exit 0, with the drafts directory a file,
    and `drafts discard ID` "no draft 'ID'": a draft saved there is lost, and nothing said why.
    Each says what is in the way and how to move it, as the walk does, exit 2, the file kept."""
    blocked = _in_the_way(isolated_home, kind)
    run = cli([*args, "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [line.format(p=blocked) for line in IN_THE_WAY[lang]]
    enveloped = cli([*args, "--lang", lang, "--json"])
    assert (enveloped.exit_code, enveloped.stderr) == (2, "")
    [problem] = enveloped.json()["problems"]
    assert (problem["code"], problem["path"]) == ("input", f"{blocked}")
    assert os.path.islink(blocked) if kind == "link" else blocked.read_text() == "kept\n"


@pytest.mark.parametrize("kind", ["file", "above"])
def test_drafts_resume_at_a_terminal_says_what_is_in_the_way(term: Terminal, kind: str) -> None:
    """`drafts resume ID` at a terminal said "no draft 'ID'" with the drafts directory a file."""
    blocked = _in_the_way(term.home, kind)
    status, output = ended(term.spawn("drafts", "resume", "abc"))
    assert status == 2
    assert output.replace("\r\n", "\n").splitlines() == [
        line.format(p=blocked) for line in IN_THE_WAY["en"]
    ]


def test_no_drafts_directory_yet_is_no_unfinished_inspection(cli: Cli, isolated_home: Path) -> None:
    """Before the first walk there is no drafts directory: nothing is in the way."""
    run = cli(["drafts", "list"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", "no unfinished inspections\n")
    assert not (isolated_home / "drafts").exists()
    gone = cli(["drafts", "discard", "abc", "--yes"])
    assert (gone.exit_code, gone.stderr.splitlines()[0]) == (2, "minecheck: error: no draft abc")
    assert json.loads(cli(["drafts", "list", "--json"]).stdout)["data"]["drafts"] == []


# --- 2. a value named in a message is quoted as given, not as Python's repr -------------------


@pytest.mark.parametrize(
    ("ref", "said"),
    [
        ("abc", "no draft abc"),
        ("it's", "no draft it's"),
        ("a\\b", "no draft a\\b"),
        ("a\x07", "no draft a\\u0007"),
        ("", "'' is not a draft id"),
        ("a/b", "'a/b' is not a draft id"),
    ],
)
def test_a_draft_id_is_named_as_every_draft_message_names_it(
    cli: Cli, isolated_home: Path, ref: str, said: str
) -> None:
    """ "no draft 'abc'", `"it's"`, `'a\\\\b'`, `'a\\x07'`: Python's repr, where "saved draft ID",
    "discarded draft ID" and the hint `minecheck drafts resume ID` name a draft bare. A ref
    that cannot be an id at all (empty, a path) is quoted, or it would show as nothing."""
    (isolated_home / "drafts").mkdir(parents=True)
    run = cli(["drafts", "discard", ref, "--yes"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [f"minecheck: error: {said}", "  hint: minecheck drafts list"]


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                "odd.toml:2:1: 'gas\\check' is not an item of mini-check; did you mean "
                "gas-check-genuine?",
                "odd.toml:3:1: 'it's' is not an item of mini-check",
                "odd.toml:4:1: 'a\\u0007' is not an item of mini-check",
            ],
        ),
        (
            "zh",
            [
                "odd.toml:2:1: “gas\\check”不是检查表 mini-check 中的条目；您是指 "
                "gas-check-genuine 吗？",
                "odd.toml:3:1: “it's”不是检查表 mini-check 中的条目",
                "odd.toml:4:1: “a\\u0007”不是检查表 mini-check 中的条目",
            ],
        ),
    ],
)
def test_an_item_id_is_quoted_as_given(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, lines: list[str]
) -> None:
    """An answers file's unknown item ids were said `'gas\\\\check'` (the backslash doubled),
    `"it's"` (the quotes turned round) and `'a\\x07'` (Python's escape, where every other name
    shows `\\u0007`)."""
    monkeypatch.chdir(tmp_path)
    Path("odd.toml").write_text(
        '[answers]\n"gas\\\\check" = "compliant"\n"it\'s" = "compliant"\n'
        '"a\\u0007" = "compliant"\n',
        encoding="utf-8",
    )
    run = cli(["inspect", str(MINI), "--site", "S", "--answers", "odd.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[:3] == lines


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["checklists", "list", "--lang", "e\\n"], "unknown language 'e\\n'"),
        (["checklists", "list", "--lang", "it's"], "unknown language 'it's'"),
        (["summary", ".", "--format", "x\x1b"], "unknown format 'x\\u001b'"),
        (["verify", "x.toml", "--at", "c\\d"], "--at 'c\\d': expected created or now"),
    ],
)
def test_a_value_typed_is_quoted_as_typed(cli: Cli, args: list[str], said: str) -> None:
    """`--lang 'e\\n'` said `unknown language 'e\\\\n'`: the value as Python writes it."""
    run = cli(args)
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == f"minecheck: error: {said}"


def test_a_drafts_directory_that_cannot_be_listed_is_said(
    cli: Cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not allowed to list the drafts directory (another user's, on a shared computer): it said
    "no unfinished inspections" as well."""
    drafts = isolated_home / "drafts"
    drafts.mkdir(parents=True)
    listing = os.scandir

    def refused(path: object) -> object:
        if os.fspath(str(path)) == str(drafts):
            raise PermissionError(13, "Permission denied")
        return listing(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", refused)
    for lang, said in (("en", ": cannot read: Permission denied"), ("zh", "：无法读取：权限不足")):
        run = cli(["drafts", "list", "--lang", lang])
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr == f"minecheck: error: {drafts}{said}\n"
    # with --json, the problem names the drafts directory as its path
    run = cli(["drafts", "list", "--json"])
    assert (run.exit_code, run.stderr) == (2, "")
    assert [(p["message"], p["path"]) for p in run.json()["problems"]] == [
        (f"{drafts}: cannot read: Permission denied", str(drafts))
    ]


def test_a_hidden_file_in_the_drafts_directory_is_no_draft(cli: Cli, isolated_home: Path) -> None:
    """A file whose name begins with a dot (an editor's copy, a half-written file) is not
    listed, not even as a draft that cannot be read."""
    drafts = isolated_home / "drafts"
    drafts.mkdir(parents=True)
    (drafts / ".0d1e2f3a-0000-4000-8000-000000000001.toml").write_text("not a draft", "utf-8")
    run = cli(["drafts", "list"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", "no unfinished inspections\n")


# --- 3. a path typed as `x/.` is said as typed, and `-o x/.` names a directory ----------------


@pytest.mark.usefixtures("here")
@pytest.mark.parametrize("name", ["nope/.", "nope/./", "./nope/."])
@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["verify", "doc.toml", "--allowed-signers", "{n}"], "--allowed-signers {n}: no such file"),
        (["keys", "import", "{n}"], "key file {n} does not exist"),
        (["inspect", "{n}", "--site", "S"], "{n}: no such file"),
        (
            ["trust", "add", "--principal", ALICE, "--key", "{n}"],
            "public key file {n} does not exist",
        ),
    ],
    ids=lambda v: " ".join(v[:2]) if isinstance(v, list) else "",
)
def test_a_path_typed_with_a_trailing_dot_is_named_as_typed(
    cli: Cli, name: str, args: list[str], said: str
) -> None:
    """`--allowed-signers nope/.` said "--allowed-signers nope: no such file": a word that does
    not end in the path's own name was shown as the path, not as typed."""
    run = cli([a.format(n=name) for a in args])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == "minecheck: error: " + said.format(n=name)


@pytest.mark.usefixtures("here")
@pytest.mark.parametrize("spelling", ["zz/.", "zz/./", "zz/./."])
@pytest.mark.parametrize(
    "args",
    [
        [
            "inspect",
            str(MINI),
            "--site",
            "S",
            "--answers",
            str(DATA / "answers" / "mini-good.toml"),
        ],
        ["summary", "doc.toml"],
        ["export", "doc.toml"],
        ["merge", "doc.toml"],
    ],
    ids=lambda v: v[0],
)
def test_an_output_typed_as_a_directory_with_a_dot_is_not_written_as_a_file(
    cli: Cli, spelling: str, args: list[str]
) -> None:
    """`-o zz/.` with no `zz` wrote a file named `zz` and printed `zz/.`, a name that opens
    nothing (`cat zz/.`: not a directory): `zz/.` names a directory, as `zz/` does, and is
    refused as `zz/` is, nothing written, the name said as typed."""
    run = cli([*args, "-o", spelling])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        # (inspect names the directory its file would go into, for `zz/` alike)
        f"minecheck: error: directory {'zz' if args[0] == 'inspect' else spelling} does not exist",
        "  hint: create it first:",
        "    mkdir -p zz",
    ]
    assert not Path("zz").exists()


def test_an_existing_directory_typed_with_a_dot_takes_the_findings(cli: Cli, here: Path) -> None:
    Path("out").mkdir()
    answers = str(DATA / "answers" / "mini-good.toml")
    run = cli(["inspect", str(MINI), "--site", "S", "--answers", answers, "-o", "out/."])
    assert run.exit_code == 0, run.stderr
    [made] = Path("out").iterdir()
    assert run.stdout == f"out/{made.name}\n"


# --- 4. show gives a signed time beside the local time it was ---------------------------------

SHOWN = {
    "en": ("created: ", "finished: ", "{utc} ({local} local time, UTC{offset})"),
    "zh": ("签名时间：", "完成时间：", "{utc}（当地时间 {local}，UTC{offset}）"),
}


@pytest.mark.parametrize(
    ("zone", "lang"), [("Asia/Shanghai", "en"), ("America/New_York", "zh"), ("UTC", "en")]
)
def test_show_gives_the_local_time_beside_the_signed_utc(
    cli: Cli, here: Path, in_zone: Callable[[str | None], None], zone: str, lang: str
) -> None:
    """`show` said `created: 2026-06-13 16:30Z` and `finished: ...Z` alone, beside days counted
    in the local zone (`as of 2026-06-14, Asia/Shanghai (UTC+08:00)`): the inspector had to
    work out which day and hour that was. The signed UTC time stays; the local time follows it
    where the zone is not UTC. `--json` keeps the UTC time alone."""
    in_zone(zone)
    with Path("doc.toml").open("rb") as fh:
        doc = tomllib.load(fh)
    created, finished, both = SHOWN[lang]

    def said(moment: dt.datetime) -> str:
        utc = f"{moment:%Y-%m-%d %H:%M}Z"
        local = moment.astimezone(ZoneInfo(zone))
        offset = local.strftime("%z")
        if zone == "UTC":
            return utc
        return both.format(
            utc=utc, local=f"{local:%Y-%m-%d %H:%M}", offset=f"{offset[:3]}:{offset[3:]}"
        )

    run = cli(["show", "doc.toml", "--lang", lang])
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[2].endswith(created + said(doc["minecheck"]["created"]))
    assert lines[4].endswith(finished + said(doc["inspection"]["finished"]))
    [entry] = cli(["show", "doc.toml", "--json"]).json()["data"]["documents"]
    stamp = f"{doc['minecheck']['created']:%Y-%m-%dT%H:%M:%SZ}"
    assert entry["created"] == stamp


# --- 5. the CSV outputs carry no day or zone: the run's envelope beside them does ------------


@pytest.mark.parametrize(
    "args",
    [
        ["export", "doc.toml", "--format", "csv"],
        ["export", "doc.toml", "--rows", "events", "--format", "jsonl"],
        ["summary", "doc.toml", "--format", "csv"],
        ["summary", "doc.toml", "--format", "nl"],
    ],
    ids=" ".join,
)
def test_a_file_of_rows_written_with_json_has_its_day_and_zone_beside_it(
    cli: Cli, here: Path, in_zone: Callable[[str | None], None], args: list[str]
) -> None:
    """What guide-monthly-report §5 and formats.md tell a report author: the rows name no day
    and no zone (fixed columns; CSV has no comment line), and `--json -o FILE` writes the same
    bytes to FILE while the envelope on stdout gives `as_of` and `zone`."""
    in_zone("Asia/Shanghai")
    plain = cli([*args, "--as-of", "2026-12-31", "-o", "plain.out"])
    assert (plain.exit_code, plain.stderr) == (0, "")
    enveloped = cli([*args, "--as-of", "2026-12-31", "-o", "kept.out", "--json"])
    assert (enveloped.exit_code, enveloped.stderr) == (0, "")
    assert Path("kept.out").read_bytes() == Path("plain.out").read_bytes()
    data = enveloped.json()["data"]
    assert (data["as_of"], data["zone"]) == (
        "2026-12-31",
        {"name": "Asia/Shanghai", "utc_offset": "+08:00"},
    )


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York", "UTC"])
def test_show_gives_an_events_local_time_under_its_signed_utc(
    cli: Cli, here: Path, in_zone: Callable[[str | None], None], zone: str
) -> None:
    """A follow-up's events table gave `AT` in UTC alone: a rectification at 16:30Z is 00:30 the
    next day in Beijing. Under the signed time, the local time with its offset, in that zone's
    offset then; nothing more in UTC."""
    in_zone(zone)
    ref = f"{INSPECTION_ID}/gas-overlimit"
    made = cli(["followup", ref, "--findings", "doc.toml", "--action", "rectified", "-o", "f.toml"])
    assert made.exit_code == 0, made.stderr
    with Path("f.toml").open("rb") as fh:
        [event] = tomllib.load(fh)["event"]
    at = event["at"]
    local = at.astimezone(ZoneInfo(zone))
    offset = local.strftime("%z")
    run = cli(["show", "f.toml"])
    assert run.exit_code == 0, run.stderr
    cells = [line.split() for line in run.stdout.splitlines()]
    row = next(i for i, words in enumerate(cells) if "rectified" in words)
    after = cells[row].index("rectified") + 1
    assert cells[row][after : after + 2] == [f"{at:%Y-%m-%d}", f"{at:%H:%M}Z"]
    under = " ".join(cells[row + 1])
    if zone == "UTC":
        assert f"{at:%H:%M}" not in under
    else:  # (the local time's own two words: nothing joined to them)
        shown = [f"{local:%Y-%m-%d}", f"{local:%H:%M}{offset[:3]}:{offset[3:]}"]
        words = cells[row + 1]
        assert any(words[i : i + 2] == shown for i in range(len(words))), under


def test_in_colour_an_events_local_time_is_dim_under_its_signed_utc(
    cli: Cli, here: Path, in_zone: Callable[[str | None], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In colour the local time under an event's signed time is dim, the signed one plain: the
    time the file holds stands out."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    in_zone("Asia/Shanghai")
    ref = f"{INSPECTION_ID}/gas-overlimit"
    made = cli(["followup", ref, "--findings", "doc.toml", "--action", "rectified", "-o", "f.toml"])
    assert made.exit_code == 0, made.stderr
    with Path("f.toml").open("rb") as fh:
        [event] = tomllib.load(fh)["event"]
    local = event["at"].astimezone(ZoneInfo("Asia/Shanghai"))
    run = cli(["show", "f.toml"])
    assert run.exit_code == 0, run.stderr
    assert f"\x1b[2m{local:%Y-%m-%d %H:%M}+08:00\x1b[0m" in run.stdout
