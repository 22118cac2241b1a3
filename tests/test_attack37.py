"""The session's last merges attacked, round 37: a joiner after a virama of a script whose name
begins as another's (Tai Tham, Tai Le, Tai Viet), the walk's first `not-trusted` warning with
`--json` and a home whose name holds a blank."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests import test_cli_sign_rules

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
