"""The session's last merges attacked, round 37: a joiner after a virama of a script whose name
begins as another's (Tai Tham, Tai Le, Tai Viet), the walk's first `not-trusted` warning with
`--json` and a home whose name holds a blank, an id, a date or a clause code before a word read
as a unit, and a `separate-inspections` warning that fits alone but not after its path."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests import test_cli_sign_rules, test_loose_ends25

who = test_cli_sign_rules.who  # (its fixture: a key, the test run in a folder of its own)

# a joiner after the Tai Tham sakot (its virama) that follows a letter of Tai Le or Tai Viet:
# the names of all three begin `TAI`, and a script was read off a name's first word
ACROSS_TAI = {
    "Tai Le letter, Tai Tham sakot": "\u1950\u1a60\u200d\u1a20",
    "Tai Viet letter, Tai Tham sakot": "\uaa80\u1a60\u200d\u1a20",
    "Tai Viet letter, Tai Tham sakot, ZWNJ": "\uaa80\u1a60\u200c\u1a20",
}
# a joiner after a virama of the letter's own script, whose names the two do not begin alike
# (or begin with no word of a kind of character): still taken
ONE_SCRIPT = {
    "Tai Tham letter, sakot": "\u1a20\u1a60\u200d\u1a20",
    "Soyombo cluster-initial letter, subjoiner": "\U00011a86\U00011a99\u200d\U00011a5c",
    "Thai character, phinthu": "\u0e01\u0e3a\u200d\u0e01",
    "Balinese letter, adeg adeg": "\u1b13\u1b44\u200d\u1b13",
    "Devanagari letter, virama": "\u0915\u094d\u200d\u0937",
}


@pytest.mark.parametrize("where", sorted(ACROSS_TAI))
def test_a_joiner_after_a_tai_virama_of_another_tai_script_is_refused_and_escaped(
    where: str,
) -> None:
    """The letter takes no form from another script's virama: the joiner changes nothing drawn,
    so the name is refused and every output shows the joiner escaped."""
    from minecheck.core.sanitize import for_terminal, unfit_name

    name = ACROSS_TAI[where]
    assert unfit_name(name)
    joiner = name[2]
    assert for_terminal(name) == name[:2] + f"\\u{ord(joiner):04x}" + name[3:]


@pytest.mark.parametrize("where", sorted(ONE_SCRIPT))
def test_a_joiner_after_its_own_script_s_virama_is_still_taken_and_shown(where: str) -> None:
    """Guard: the scripts told apart by more than a first word are still one with themselves."""
    from minecheck.core.sanitize import for_terminal, unfit_name

    name = ONE_SCRIPT[where]
    assert not unfit_name(name)
    assert for_terminal(name) == name


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sign_refuses_a_joiner_after_another_tai_script_s_virama(
    cli: Any, who: Any, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through `sign`, in the words every refused joiner gets; nothing written (round 36's
    test with the Tai name)."""
    from tests import test_attack36

    name = ACROSS_TAI["Tai Le letter, Tai Tham sakot"]
    monkeypatch.setitem(test_attack36.ACROSS_SCRIPTS, "Latin letter, Devanagari virama", name)
    test_attack36.test_sign_refuses_a_joiner_after_another_script_s_virama(cli, who, lang)


def test_the_walk_s_not_trusted_warnings_in_json_keep_their_code_path_and_quoted_key(
    tmp_path: Path,
) -> None:
    """With `--json`, the walk's two warnings where its new key cannot be trusted are the
    envelope's problems: the trust file's trouble at its path, then `not-trusted`, whose hint
    quotes a key in a home whose name holds a blank (pasted unquoted, the shell reads two
    words). (In `--json` a hint is one line: its command follows the colon.)"""
    from minecheck.cli import _walk
    from minecheck.cli._output import Reporter
    from minecheck.errors import MinecheckError

    home = tmp_path / "mine check"
    own = home / "allowed_signers"
    key = home / "keys" / "wang.wei@hlj.example.pub"
    exc = MinecheckError(
        f"{own}: not a regular file (a directory)",
        code="not-regular",
        path=str(own),
        hint="minecheck keeps its own allowed_signers file here: move the directory away",
    )
    data = {
        "fingerprint": "SHA256:abc",
        "principal": "wang.wei@hlj.example",
        "public_key_path": str(key),
    }
    rep = Reporter("inspect", True)
    _walk._not_trusted(rep, exc, data)
    said = [(p.code, p.path, p.hint) for p in rep.problems]
    assert said == [
        ("not-regular", str(own), exc.hint),
        (
            "not-trusted",
            None,
            "once that is mended, trust it with: minecheck trust add --principal "
            f"wang.wei@hlj.example --key '{key}'",
        ),
    ]


@pytest.mark.parametrize(
    "line", ["see CMHD-4 m", "on 2026-12-07 h", "clause 3.5.1 m", "code AQ-30 km"]
)
def test_an_id_a_date_or_a_clause_before_a_unit_s_letters_may_still_break(line: str) -> None:
    """Loose ends 25 holds a number with its unit (`30 m`), not the end of an id, a date or a
    clause code (`CMHD-4`, `2026-12-07`, `3.5.1`) before a word that reads as a unit: a line
    may break there as before."""
    from minecheck.cli._breaks import pieces

    before = line.rpartition(" ")[0]
    assert len(before) + 1 in pieces(line)
    assert len("x 30 ") not in pieces("x 30 m")  # (guard: a number keeps its unit)


many = test_loose_ends25.many  # (its fixture: 200 inspections of one mine on one day)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_warning_that_fits_alone_but_not_after_its_path_is_briefed(
    many: tuple[Path, list[str]], cli: Any, tmp_path: Path, lang: str
) -> None:
    """Loose ends 25 briefs the `separate-inspections` warning whose message passes the
    10,000 characters a terminal is shown; but the terminal's line is `minecheck: warning: `,
    the first file's path and the message, and a message just short of the cut lost its
    advice's end to them (`… N more characters not shown`). So many inspections that the
    message fits alone and not after its path: told in brief, the advice whole."""
    from minecheck.cli._render import SHOWN_CHARACTERS

    pool, trust = many
    docs = tmp_path / "docs"

    def message(count: int) -> str:
        shutil.rmtree(docs, ignore_errors=True)
        docs.mkdir()
        for n in range(count):
            shutil.copy(pool / f"f{n:03d}.toml", docs)
        run = cli(["summary", str(docs), *trust, "--lang", lang, "--json"])
        assert run.exit_code == 0
        (problem,) = json.loads(run.stdout)["problems"]
        said: str = problem["message"]
        return said

    # (`--json`'s message is the line after `minecheck: warning: `: `PATH: ` and the warning)
    warned = "minecheck: warning: "
    first = warned + f"{docs / 'f000.toml'}" + (": " if lang == "en" else "：")
    base = message(150)
    step = len(message(151)) - len(base)
    count = 151 + (SHOWN_CHARACTERS - len(warned) - len(base)) // step  # (the first cut)
    assert len(message(count)) + len(warned) > SHOWN_CHARACTERS
    assert len(message(count)) - len(first) + len(warned) <= SHOWN_CHARACTERS  # (fits alone)
    run = cli(["summary", str(docs), *trust, "--lang", lang])
    assert run.exit_code == 0
    assert run.stderr.startswith(first), run.stderr[:300]
    advice = test_loose_ends25.ADVICE[lang].replace("190", str(count - 10))
    assert run.stderr.endswith(advice), run.stderr[-600:]
    assert run.stderr.count("\n") == 1
    named = re.findall(r"00000000-0000-4000-8000-\d{12}", run.stderr)
    assert named == [test_loose_ends25._id(n) for n in range(10)]
