"""Mutation round 117's survivors killed: what summary and export say of a result cache that is
off (a journal's place taken, a loop of links, a file both another user's and open to others, a
full disk or quota, a home whose name has a blank; nothing of a cache opened before the run),
inspect's warning of full-width forms only, a Chinese state column's widest flag, and followup's
not-applied warnings (an event on a compliant finding meets no other rule; a refusal in another
file is not this event's; an acceptance twice by one key, in one events file, after a refused
one; a second rectification naming its round's)."""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.sanitize import shell_word
from tests.helpers_merge import Who
from tests.test_cli_sign_rules import who
from tests.test_encodings5 import ANSWERS
from tests.test_expert_panel import by, panel
from tests.test_loose_ends31 import FULL_WIDTH
from tests.test_minimal_input import sign_args
from tests.test_mutated92 import COMMANDS, every_kind_with_a_cache
from tests.test_windows_files3 import CHECKLIST

__all__ = ["panel", "who"]  # the fixtures

IN_THE_WAY = {
    "en": "minecheck: warning: the result cache is off: {path} is not a file or folder "
    "minecheck can use; every run reads every file again\n"
    "  hint: move {word} away; the next run makes the cache anew\n",
    "zh": "minecheck: warning: 结果缓存已停用：{path} 不是 minecheck 能使用的文件或文件夹；"
    "每次运行都会重新读取全部文件\n"
    "  hint: 请将 {word} 移走；下次运行会重新建立缓存\n",
}
ANOTHER_USER = {
    "en": "minecheck: warning: the result cache is off: {path} belongs to another user; every "
    "run reads every file again\n"
    "  hint: move {word} away; the next run makes the cache anew\n",
    "zh": "minecheck: warning: 结果缓存已停用：{path} 属于另一个用户；"
    "每次运行都会重新读取全部文件\n"
    "  hint: 请将 {word} 移走；下次运行会重新建立缓存\n",
}
FULL = (
    "minecheck: warning: the result cache is off: the disk that holds {path} is full; every run "
    "reads every file again\n"
    "  hint: free space on the disk that holds {path}, then run the command again\n"
)


def _journal(cache: Path, suffix: str) -> tuple[dict[str, str], Path]:
    cache.with_name(cache.name + suffix).mkdir()
    return IN_THE_WAY, cache.with_name(cache.name + suffix)


def _loop(cache: Path) -> tuple[dict[str, str], Path]:
    os.symlink(cache.name, cache)  # (a link to itself: its stat fails)
    return IN_THE_WAY, cache


def _theirs_and_open(cache: Path) -> tuple[dict[str, str], Path]:
    cache.write_bytes(b"")
    os.chown(cache, 65534, 65534)
    os.chmod(cache, 0o666)  # noqa: S103  (open to others on purpose)
    return ANOTHER_USER, cache


BROKEN: dict[str, Callable[[Path], tuple[dict[str, str], Path]]] = {
    "a folder for its -shm": lambda cache: _journal(cache, "-shm"),
    "a folder for its -journal": lambda cache: _journal(cache, "-journal"),
    "a link to itself": _loop,
    "another user's and open to others": _theirs_and_open,
}


def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A home whose name has a blank (the hint quotes it as a shell takes it), and a folder of
    every kind of file the cache keeps."""
    home, docs = every_kind_with_a_cache(tmp_path, monkeypatch, "my home")
    (home / "cache").mkdir(parents=True, mode=0o700)
    return home / "cache" / "results.sqlite3", docs


def _said_once_beside(run: Any, plain: Any, said: str) -> None:
    """`run` says what the run without the cache (`plain`) says, and `said` (its two lines)."""
    assert (run.exit_code, run.stdout) == (plain.exit_code, plain.stdout)
    lines, warning = run.stderr.splitlines(), said.splitlines()
    at = lines.index(warning[0])
    assert lines[at : at + 2] == warning
    assert lines[:at] + lines[at + 2 :] == plain.stderr.splitlines()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("broken", sorted(BROKEN))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_what_stands_in_the_caches_way_is_named_with_its_hint(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, broken: str, lang: str
) -> None:
    if broken == "another user's and open to others" and os.getuid() != 0:
        pytest.skip("a file is given to another user by root alone")
    cache, docs = _home(tmp_path, monkeypatch)
    said, named = BROKEN[broken](cache)
    name, *rest = COMMANDS[command]
    args = [name, str(docs), *rest, "--lang", lang]
    plain = cli([*args, "--no-cache"])
    run = cli(args)
    _said_once_beside(run, plain, said[lang].format(path=named, word=shell_word(named)))


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_a_full_disk_or_a_full_quota_is_said_with_the_caches_folder(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, code: int
) -> None:
    from minecheck.report import cache as cache_module

    cache, docs = _home(tmp_path, monkeypatch)

    def refused(path: Path) -> None:
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(cache_module, "_make_private", refused)
    name, *rest = COMMANDS[command]
    args = [name, str(docs), *rest]
    plain = cli([*args, "--no-cache"])
    _said_once_beside(cli(args), plain, FULL.format(path=cache.parent))
    # a thing in the cache's way is said first: moved away, the disk may not be full
    said, named = _journal(cache, "-shm")
    _said_once_beside(cli(args), plain, said["en"].format(path=named, word=shell_word(named)))


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("\uff71-01", None),  # a half-width katakana (ｱ) is no full-width form
        ("\u2460-01", None),  # nor a circled digit (①), which NFKC would make a 1
        ("\uff28\uff2c\uff2a-\uff71", "'HLJ-\uff71'"),  # the full-width letters alone halved
    ],
)
def test_inspect_says_only_full_width_forms_of_a_site_id(
    cli: Any, who: Who, given: str, said: str | None
) -> None:
    Path("a.toml").write_bytes(ANSWERS.encode())
    args = ["inspect", CHECKLIST, "--site", "M", "--site-id", given, "--answers", "a.toml"]
    run = cli([*args, "-o", "out.toml", "--allow-incomplete", *sign_args(who), "--lang", "en"])
    warned = (
        ""
        if said is None
        else FULL_WIDTH["en"].format(where="", option="--site-id", given=f"'{given}'", plain=said)
    )
    assert (run.exit_code, run.stdout, run.stderr) == (0, "out.toml\n", warned)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_run_says_nothing_of_a_cache_opened_before_it_in_the_process(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """A cache another caller in the same process opened (and found in the way) is not this
    run's: `--no-cache` says nothing of it, and a run with a sound cache says nothing either."""
    from minecheck.report.cache import ResultCache

    _cache, docs = _home(tmp_path, monkeypatch)
    name, *rest = COMMANDS[command]
    args = [name, str(docs), *rest]
    plain = cli([*args, "--no-cache"])
    for run_args in ([*args, "--no-cache"], args):
        other = tmp_path / "other" / "cache" / "results.sqlite3"
        other.mkdir(parents=True)  # (a folder in the file's place)
        assert not ResultCache(other, "v").enabled
        run = cli(run_args)
        assert (run.exit_code, run.stdout, run.stderr) == (
            plain.exit_code,
            plain.stdout,
            plain.stderr,
        )
        other.rmdir()


@pytest.mark.parametrize("columns", [68, 70, 72, 76])
def test_a_chinese_state_keeps_its_widest_flag_not_its_whole_bracket(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    """`[逾期、未记录执法措施]`: flags joined by `、` break after it as after `, `; the state
    column keeps the widest flag (`未记录执法措施]`), and `show` stays a table."""
    from rich.cells import cell_len

    from tests.helpers_merge import allowed_signers, findings, person

    who = person(tmp_path, "alice")
    doc = findings(
        who, ["noncompliant", "noncompliant", "compliant"], deadline=dt.date(2026, 12, 1)
    )
    (tmp_path / "f.toml").write_bytes(doc)
    allowed_signers(tmp_path / "allowed", who)
    monkeypatch.setenv("COLUMNS", str(columns))
    args = ["show", str(tmp_path / "f.toml"), "--allowed-signers", str(tmp_path / "allowed")]
    run = cli([*args, "--as-of", "2026-12-06", "--lang", "zh"])
    assert (run.exit_code, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    assert sum(line.count("未记录执法措施]") for line in lines) == 2  # each flag whole
    assert any(line.split()[:1] == ["条目"] for line in lines), run.stdout  # a table's head
    assert max(map(cell_len, lines)) <= columns


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_acceptance_of_a_compliant_finding_meets_no_other_rule(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """An acceptance with no rectification before it, on a finding the findings here answer
    compliant: the one warning is that it is no hidden danger (no other rule is met before
    that one, as the reports' fold meets none)."""
    from tests.test_attack41 import COMPLIANT_REF, NO_DANGER, T2

    who = panel["people"]["wang"]
    at = ("--at", T2, "-o", "e2.toml")
    action = ("--action", "accepted", "--method", "expert-review", "--reviewer", "Chen Jie")
    run = cli(["followup", "--lang", lang, COMPLIANT_REF, *action, *at, *by(who)])
    assert (run.exit_code, run.stdout) == (0, "e2.toml\n")
    assert run.stderr == NO_DANGER[lang].format(ref=COMPLIANT_REF)


def test_an_event_refused_in_another_file_is_not_taken_for_this_ones(
    cli: Any, panel: dict[str, Any]
) -> None:
    """A second rectification signed in a file of its own is refused by the fold (said as it
    is signed); an acceptance after it, first in its own file as that one was, is applied and
    draws no warning: the refusal is that file's event's, not this one's."""
    from tests.test_expert_panel import REF

    p = panel["people"]
    for i, when in enumerate(("2026-12-01T08:00:00Z", "2026-12-02T08:00:00Z"), 1):
        run = cli(["followup", REF, "--action", "rectified", "--at", when, *by(p["mine"])])
        assert run.exit_code == 0, run.stderr
        Path(run.stdout.strip()).rename(f"e{i}.toml")
    assert "already reports it rectified" in run.stderr
    action = ("--action", "accepted", "--method", "expert-review", "--reviewer", "Chen Jie")
    at = ("--at", "2026-12-03T08:00:00Z", "-o", "e3.toml")
    run = cli(["followup", REF, *action, *at, *by(p["wang"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "e3.toml\n", "")


def test_an_acceptance_given_again_with_the_same_key_under_another_name_is_said(
    cli: Any, panel: dict[str, Any]
) -> None:
    """One key is one signer, whatever name it signs under: the second acceptance names the
    first one's signer and place, as one under the same name does."""
    from tests.test_expert_panel import ACCEPT, REF, step
    from tests.test_field14 import RECTIFIED, T1, T2, TWICE

    p = panel["people"]
    step(cli, p["mine"], "f1.toml", RECTIFIED, "--action", "rectified")
    step(cli, p["chen"], "a1.toml", T1, *ACCEPT, "--reviewer", "Chen Jie")
    action = (*ACCEPT, "--reviewer", "Chen Jie", "--at", T2, "-o", "a2.toml")
    again = cli(["followup", REF, *action, *by(p["chen"]), "--signer", "chen.jie@example.org"])
    assert (again.exit_code, again.stdout) == (0, "a2.toml\n")
    assert again.stderr == TWICE["en"].format(ref=REF, signer=p["chen"].principal)


def test_an_acceptance_given_twice_in_one_events_file_names_this_document(
    cli: Any, panel: dict[str, Any]
) -> None:
    from tests.test_expert_panel import REF, step
    from tests.test_field14 import RECTIFIED, T1, T2

    p = panel["people"]
    step(cli, p["mine"], "f1.toml", RECTIFIED, "--action", "rectified")
    accepted = 'action = "accepted"\nmethod = "expert-review"\nreviewers = ["Chen Jie"]\n'
    Path("events.toml").write_text(
        f'[[event]]\nfinding = "{REF}"\n{accepted}at = {T1}\n'
        f'[[event]]\nfinding = "{REF}"\n{accepted}at = {T2}\n'
    )
    got = cli(["followup", "--events", "events.toml", "-o", "a.toml", *by(p["chen"])])
    assert (got.exit_code, got.stdout) == (0, "a.toml\n")
    assert got.stderr.splitlines()[0] == (
        f"minecheck: warning: events.toml:7: {REF}: {p['chen'].principal} already accepts this "
        f"rectification (this document, {T1}), and no follow-up here sends it back to "
        "rectification since: no report will apply a second acceptance by one signer"
    )
    assert got.stderr.count("warning:") == 1


def test_a_second_rectification_names_the_one_of_its_round(cli: Any, panel: dict[str, Any]) -> None:
    """Rectified, rejected, rectified again, then rectified a third time: the warning names the
    rectification of the round the rejection opened, not the first one."""
    from tests.test_expert_panel import REF, step
    from tests.test_field14 import T1, T2, T3, T4

    p = panel["people"]
    step(cli, p["mine"], "f1.toml", T1, "--action", "rectified")
    step(cli, p["chen"], "r2.toml", T2, "--action", "rejected", "--note", "no")
    step(cli, p["mine"], "f3.toml", T3, "--action", "rectified")
    got = cli(
        ["followup", REF, "--action", "rectified", "--at", T4, "-o", "f4.toml", *by(p["mine"])]
    )
    assert (got.exit_code, got.stdout) == (0, "f4.toml\n")
    assert got.stderr.splitlines()[0] == (
        f"minecheck: warning: {REF}: f3.toml already reports it rectified at {T3}, and no "
        "follow-up here sends it back to rectification since: no report will apply a second "
        "rectification"
    )


def test_a_third_acceptance_names_the_one_applied_not_the_one_refused(
    cli: Any, panel: dict[str, Any]
) -> None:
    from tests.test_expert_panel import ACCEPT, REF, step
    from tests.test_field14 import RECTIFIED, T1, T2, T3, TWICE

    p = panel["people"]
    step(cli, p["mine"], "f1.toml", RECTIFIED, "--action", "rectified")
    step(cli, p["chen"], "a1.toml", T1, *ACCEPT, "--reviewer", "Chen Jie")
    second = (*ACCEPT, "--reviewer", "Chen Jie", "--at", T2, "-o", "a2.toml")
    assert cli(["followup", REF, *second, *by(p["chen"])]).exit_code == 0  # (refused: said)
    third = (*ACCEPT, "--reviewer", "Chen Jie", "--at", T3, "-o", "a3.toml")
    got = cli(["followup", REF, *third, *by(p["chen"])])
    assert (got.exit_code, got.stdout) == (0, "a3.toml\n")
    assert got.stderr == TWICE["en"].format(ref=REF, signer=p["chen"].principal)
