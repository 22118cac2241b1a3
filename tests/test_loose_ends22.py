"""Loose ends, round 22: a findings file that fails to verify where `followup` looks for the
findings (here, or below an archive's top) said where it may hold the inspection sought."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from minecheck.errors import UnreadableInput
from minecheck.i18n import t
from tests.test_cli_sign_rules import who
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, panel
from tests.test_loose_ends19 import OTHER, _archive

__all__ = ["panel", "who"]  # the fixtures

SHORT = f"{REF[:8]}/gas-overlimit"
FILED = "findings/xinxing.toml"
# what `followup` says of a findings file that may hold the inspection and was not read, en and zh
UNVERIFIED = {
    "en": (
        "minecheck: warning: {path}: {status}, so its findings were not read; it may hold "
        "inspection {id}",
        "  hint: to see what it is:",
        "    minecheck verify {path}",
    ),
    "zh": (
        "minecheck: warning: {path}：{status}，其中的检查结果未读取；它可能包含检查 {id}",
        "  hint: 查看它是什么请运行：",
        "    minecheck verify {path}",
    ),
}
NOT_HERE = {
    "en": "no findings file here holds inspection '3a5f7c9e'",
    "zh": "当前目录下没有检查结果文件包含检查 '3a5f7c9e'",
}
UNCHECKED = {
    "en": f"minecheck: warning: no findings file here holds inspection '{REF[:36]}'; the event "
    "names it as given (--findings FILE checks it against the file that holds it)",
    "zh": f"minecheck: warning: 当前目录下没有检查结果文件包含检查 '{REF[:36]}'；事件按所给编号记录"
    "（用 --findings FILE 可对照其所在文件核对）",
}


def _changed(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path.write_bytes(path.read_bytes().replace(b"Demo mine", b"Demo mlne"))


def _not_toml(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path.write_bytes(path.read_bytes().replace(b"[", b"{", 1))


def _unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file cannot be read (a refused permission: the tests run as root, so the product's
    reader is made to refuse it)."""
    from minecheck import fileio

    read = fileio.read_limited

    def refusing(name: str | Path, *args: Any, **kwargs: Any) -> bytes:
        if Path(name).resolve() == path.resolve():
            raise UnreadableInput(t("{path}: cannot read: {reason}", path=name, reason="denied"))
        return read(name, *args, **kwargs)

    monkeypatch.setattr(fileio, "read_limited", refusing)


FAILING = {"bad-signature": _changed, "malformed": _not_toml, "unreadable": _unreadable}


def _accept(cli: Any, panel: dict[str, Any], ref: str, *more: str) -> Any:
    chen = panel["people"]["chen"]
    who = ["--key", str(chen.key), "--signer", chen.principal]
    return cli(["followup", ref, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z", *who, *more])


def _told(lang: str, path: str, status: str, prefix: str) -> list[str]:
    return [line.format(path=path, status=status, id=f"'{prefix}'") for line in UNVERIFIED[lang]]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("status", sorted(FAILING))
def test_a_prefix_whose_findings_below_fail_to_verify_is_told_the_file(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, status: str, lang: str
) -> None:
    """From an archive's top with no --findings, the findings below that hold the inspection
    fail to verify (changed after signing, not TOML, not readable): they were passed over without
    a word, and the prefix was refused as held by no file, whose hint sent the user to name the
    very file with --findings (then "holds no signed findings"). The file is now named, with
    what it is and the command that shows it, before the error (which is as before); nothing
    is written."""
    records = _archive(cli, panel)
    FAILING[status](records / FILED, monkeypatch)
    monkeypatch.chdir(records)
    run = _accept(cli, panel, SHORT, "-o", "a.toml", "--lang", lang)
    assert (run.exit_code, run.stdout) == (2, "")
    lines = run.stderr.splitlines()
    assert lines[:4] == [*_told(lang, FILED, status, REF[:8]), NOT_HERE[lang]]
    assert len(lines) == 7  # (the error, its hint and the command to copy, as before)
    assert not (records / "a.toml").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("status", sorted(FAILING))
def test_a_full_ref_whose_findings_below_fail_to_verify_is_told_the_file(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, status: str, lang: str
) -> None:
    """The full ref is taken as given (`findings-unchecked`), as before; the file that may hold
    it and was not read is named first."""
    records = _archive(cli, panel)
    FAILING[status](records / FILED, monkeypatch)
    monkeypatch.chdir(records)
    run = _accept(cli, panel, REF, "-o", "a.toml", "--lang", lang)
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    assert run.stderr.splitlines() == [*_told(lang, FILED, status, REF[:36]), UNCHECKED[lang]]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_events_file_s_prefix_whose_findings_fail_to_verify_is_told_the_file(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The same from `--events` (two events of the inspection: the file is said once), and the
    events file itself, which names the prefix and is no findings file, is not said."""
    records = _archive(cli, panel)
    _changed(records / FILED, monkeypatch)
    monkeypatch.chdir(records)
    event = 'finding = "{ref}"\naction = "rectified"\nat = 2026-11-30T0{h}:00:00Z\n'
    events = "".join(f"[[event]]\n{event.format(ref=SHORT, h=h)}" for h in (8, 9))
    (records / "ev.toml").write_text(events, encoding="utf-8")
    mine = panel["people"]["mine"]
    who = ["--key", str(mine.key), "--signer", mine.principal]
    run = cli(["followup", "--events", "ev.toml", *who, "-o", "f.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    lines = run.stderr.splitlines()
    assert lines[:3] == _told(lang, FILED, "bad-signature", REF[:8])
    assert sum("minecheck: warning:" in line for line in lines) == 1
    assert not (records / "f.toml").exists()


def test_the_file_that_fails_to_verify_is_a_warning_in_json(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--json`: a problem of its own, with its code, the file and the hint, before the
    error's."""
    records = _archive(cli, panel)
    _changed(records / FILED, monkeypatch)
    monkeypatch.chdir(records)
    run = _accept(cli, panel, SHORT, "-o", "a.toml", "--json")
    assert (run.exit_code, run.stderr) == (2, "")
    problems = json.loads(run.stdout)["problems"]
    assert [p["code"] for p in problems] == ["findings-unverified", "bad-event", "input"]
    assert problems[0] == {
        "code": "findings-unverified",
        "message": f"{FILED}: bad-signature, so its findings were not read; it may hold "
        "inspection '3a5f7c9e'",
        "path": FILED,
        "line": None,
        "column": None,
        "hint": f"to see what it is: minecheck verify {FILED}",
    }


def test_a_file_here_that_fails_to_verify_is_told_too(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same of a findings file in the current directory itself (read before the search)."""
    work: Path = panel["work"]
    _changed(work / "xinxing.toml", monkeypatch)
    run = _accept(cli, panel, SHORT, "-o", "a.toml")
    assert run.exit_code == 2
    assert run.stderr.splitlines()[:4] == [
        *_told("en", "xinxing.toml", "bad-signature", REF[:8]),
        NOT_HERE["en"],
    ]


@pytest.mark.parametrize("ref", [REF, SHORT])
def test_a_file_that_fails_to_verify_is_not_told_where_it_does_not_matter(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, ref: str
) -> None:
    """Guard: a file that fails to verify and holds another inspection (its findings read, its
    id another), a follow-up changed after signing that names the finding, and a file not TOML
    whose bytes do not hold the prefix: the inspection is found and nothing is said."""
    records = _archive(cli, panel)
    other = records / "findings" / "other.toml"
    _changed(other, monkeypatch)
    assert OTHER.encode() in other.read_bytes()
    done = records / "2026-11" / "r.toml"  # (a follow-up: its events are no findings)
    signed = done.read_bytes()
    done.write_bytes(signed.replace(b'note = "x"', b'note = "y"'))
    assert done.read_bytes() != signed
    (records / "2026-11" / "notes.toml").write_bytes(b"not [TOML at all\n")
    monkeypatch.chdir(records)
    run = _accept(cli, panel, ref, "-o", "a.toml")
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    assert "findings-unverified" not in run.stderr
    assert "may hold" not in run.stderr


def test_a_file_that_fails_to_verify_is_not_told_where_a_sound_copy_holds_it(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guard: the findings changed in one folder and sound in another: the prefix resolves by
    the sound copy, and nothing is said (the file that failed cannot have mattered)."""
    records = _archive(cli, panel)
    (records / "copy").mkdir()
    (records / "copy" / "xinxing.toml").write_bytes((records / FILED).read_bytes())
    _changed(records / FILED, monkeypatch)
    monkeypatch.chdir(records)
    run = _accept(cli, panel, SHORT, "-o", "a.toml")
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    assert f'finding = "{REF}"' in (records / "a.toml").read_text(encoding="utf-8")


# names whose spelling needs a joiner where Unicode's identifier rules (UAX #31) allow one
JOINED = {
    "Sinhala": "ශ්\u200dරී ලංකා",  # ZWJ after the virama: the rakaransaya of Sri
    "Malayalam": "അവന്\u200d",  # ZWJ after the virama: a chillu letter
    "Devanagari": "क्\u200dष",  # ZWJ after the virama: the half form of a conjunct
    "Devanagari, ZWNJ": "क्\u200cष",  # ZWNJ after the virama: the virama shown
    "Persian": "علی\u200cرضا",  # ZWNJ between a dual- and a right-joining letter
    "Persian, Mahdizadeh": "مهدی\u200cزاده",
}
# joiners where no rule needs one: a name that reads as another's
SPOOFED = {
    "ZWJ between Latin letters": "Wang\u200dWei",
    "ZWNJ between Latin letters": "Li\u200cMing",
    "ZWJ between Chinese": "王\u200d伟",
    "ZWJ first": "\u200dक्ष",
    "ZWJ last after a letter": "क\u200d",
    "two ZWJ after the virama": "क्\u200d\u200dष",
    "ZWNJ after a right-joining letter": "ر\u200cا",
    "ZWNJ before a non-joining letter": "ی\u200cء",
    "ZWJ between Arabic letters": "علی\u200dرضا",
    "a virama with no letter before it": "्\u200dष",
    "ZWNJ last": "علی\u200c",
}


@pytest.mark.parametrize("script", sorted(JOINED))
def test_a_name_whose_spelling_needs_a_joiner_is_fit(script: str) -> None:
    """These names were refused (a joiner is a format character); their spelling needs it."""
    from minecheck.core.sanitize import unfit_name

    assert not unfit_name(JOINED[script])


@pytest.mark.parametrize("where", sorted(SPOOFED))
def test_a_joiner_no_spelling_needs_is_still_refused(where: str) -> None:
    """Guard: a joiner anywhere else still makes a name unfit."""
    from minecheck.core.sanitize import unfit_name

    assert unfit_name(SPOOFED[where])


def _sign_inspector(cli: Any, who: Any, name: str, lang: str) -> Any:
    from tests.helpers_docs import findings_body
    from tests.test_minimal_input import sign_args

    body = findings_body(who.principal, who.fingerprint).decode()
    text = body.replace('inspector = "Wang Wei"', f'inspector = "{name}"').encode()
    Path("f.toml").write_bytes(text)
    return cli(["sign", "f.toml", *sign_args(who), "-o", "out.toml", "--lang", lang])


@pytest.mark.parametrize("script", sorted(JOINED))
def test_sign_takes_a_name_whose_spelling_needs_a_joiner(cli: Any, who: Any, script: str) -> None:
    """`sign` of a findings file whose inspector is such a name: signed (exit 0), the name's
    bytes as written."""
    run = _sign_inspector(cli, who, JOINED[script], "en")
    assert (run.exit_code, run.stderr) == (0, "")
    assert f'inspector = "{JOINED[script]}"'.encode() in Path("out.toml").read_bytes()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sign_still_refuses_a_spoofed_joiner(cli: Any, who: Any, lang: str) -> None:
    """Guard: a ZWJ between Latin letters is refused as before, in the same words."""
    from tests.test_loose_ends18 import NAMED, REFUSED

    run = _sign_inspector(cli, who, SPOOFED["ZWJ between Latin letters"], lang)
    assert (run.exit_code, run.stdout) == (2, "")
    said = NAMED[lang].format(option="inspector")
    assert run.stderr == f"f.toml:17:1: {said}\n{REFUSED[lang]}"
    assert not Path("out.toml").exists()


def _inspect(cli: Any, who: Any, *more: str) -> Any:
    from tests.test_encodings5 import ANSWERS
    from tests.test_minimal_input import sign_args
    from tests.test_windows_files3 import CHECKLIST

    Path("a.toml").write_text(ANSWERS, encoding="utf-8")
    args = ["inspect", CHECKLIST, "--answers", "a.toml", "-o", "out.toml", "--allow-incomplete"]
    return cli([*args, *more, *sign_args(who)])


@pytest.mark.parametrize("script", ["Sinhala", "Persian"])
def test_inspect_takes_a_site_and_an_inspector_whose_spelling_needs_a_joiner(
    cli: Any, who: Any, script: str
) -> None:
    inspected_as_written(cli, who, JOINED[script])


def inspected_as_written(cli: Any, who: Any, name: str) -> None:
    """`inspect --site NAME --inspector NAME`: written, both as given."""
    run = _inspect(cli, who, "--site", name, "--inspector", name)
    assert (run.exit_code, run.stdout) == (0, "out.toml\n")
    inspection = tomllib.loads(Path("out.toml").read_text(encoding="utf-8"))["inspection"]
    assert (inspection["site"], inspection["inspector"]) == (name, name)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_inspect_still_refuses_a_spoofed_joiner(cli: Any, who: Any, lang: str) -> None:
    from tests.test_loose_ends18 import NAMED

    run = _inspect(cli, who, "--site", "M", "--inspector", SPOOFED["ZWJ first"], "--lang", lang)
    assert (run.exit_code, run.stdout) == (2, "")
    said = NAMED[lang].format(option="--inspector")
    assert run.stderr == f"minecheck: error: {said}\n"
    assert not Path("out.toml").exists()


def test_followup_takes_a_reviewer_whose_spelling_needs_a_joiner(
    cli: Any, panel: dict[str, Any]
) -> None:
    """`followup --reviewer`: the Sinhala and the Persian name signed as typed."""
    chen = panel["people"]["chen"]
    who = ["--key", str(chen.key), "--signer", chen.principal]
    names = [JOINED["Sinhala"], JOINED["Persian"], "Sun Li"]
    reviewers = [arg for name in names for arg in ("--reviewer", name)]
    at = ("--at", "2026-12-01T08:00:00Z")
    run = cli(["followup", REF, *ACCEPT, *reviewers, *at, *who, "-o", "a.toml"])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    written = tomllib.loads(Path("a.toml").read_text(encoding="utf-8"))
    assert written["event"][0]["reviewers"] == names


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_followup_still_refuses_a_reviewer_with_a_spoofed_joiner(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    from tests.test_loose_ends18 import NAMED

    chen = panel["people"]["chen"]
    who = ["--key", str(chen.key), "--signer", chen.principal]
    reviewers = ["--reviewer", "Chen\u200cJie", "--reviewer", "Liu Yang", "--reviewer", "Sun Li"]
    at = ("--at", "2026-12-01T08:00:00Z")
    run = cli(["followup", REF, *ACCEPT, *reviewers, *at, *who, "-o", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    said = NAMED[lang].format(option="--reviewer")
    assert run.stderr.splitlines()[0] == f"minecheck: error: {said}"
    assert not Path("a.toml").exists()
