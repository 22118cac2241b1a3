"""The session's last merges attacked, round 38: the inspection ids a findings file that fails to
verify spells out (`_refs._ids_spelled`), as `followup` tells of such a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import test_loose_ends22
from tests.test_expert_panel import REF, panel

__all__ = ["panel"]


def _twin(cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, spell: Any) -> Path:
    """The archive of round 36's test, with a changed findings file below whose inspection the
    prefix typed also starts, its id written in the file as `spell` writes it."""
    from tests.helpers_merge import findings as findings_file
    from tests.test_loose_ends19 import OTHER as ANOTHER
    from tests.test_loose_ends19 import _archive

    records = _archive(cli, panel)
    other = REF[:8] + ANOTHER[8:]
    twin = findings_file(
        panel["people"]["wang"], ["noncompliant", "noncompliant", "compliant"], inspection_id=other
    )
    twin = twin.replace(f'"{other}"'.encode(), f'"{spell(other)}"'.encode())
    (records / "findings" / "twin.toml").write_bytes(twin)
    test_loose_ends22._changed(records / "findings" / "twin.toml", monkeypatch)
    monkeypatch.chdir(records)
    return records


def _escaped(character: str, width: int = 4) -> str:
    return f"\\{'u' if width == 4 else 'U'}{ord(character):0{width}X}"


SPELLINGS: dict[str, Callable[[str], str]] = {
    "u": lambda iid: _escaped(iid[0]).lower() + iid[1:],
    "U": lambda iid: iid[:9] + _escaped(iid[9], 8) + iid[10:],
    "every": lambda iid: "".join(map(_escaped, iid)),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_an_id_spelled_with_escapes_in_a_file_that_fails_to_verify_is_told(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, spelling: str, lang: str
) -> None:
    """Round 36's file that fails to verify and holds another inspection the prefix starts,
    its id written with TOML's escapes (a hand-written file, signed with `sign`): the ids the
    file spells out were read as typed, so the prefix resolved without a word. The file is now
    said as it is when the id is typed plainly."""
    _twin(cli, panel, monkeypatch, SPELLINGS[spelling])
    short = test_loose_ends22.SHORT
    run = test_loose_ends22._accept(cli, panel, short, "-o", "a.toml", "--lang", lang)
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    told = test_loose_ends22._told(lang, "findings/twin.toml", "bad-signature", short[:8])
    assert run.stderr.splitlines() == told
    assert f'finding = "{REF}"' in Path("a.toml").read_text(encoding="utf-8")


def test_an_escaped_backslash_before_a_u_spells_no_id(tmp_path: Path) -> None:
    """Guard: `\\\\u0033…` is a backslash and the letters `u0033…`, not an escape."""
    from minecheck.cli._refs import _ids_spelled

    iid = REF[:8] + "-1234-4abc-8def-0123456789ab"
    path = tmp_path / "f.toml"
    path.write_text(f'a = "\\\\u{ord(iid[0]):04x}{iid[1:]}"\nb = "x{iid}"\n', encoding="utf-8")
    assert _ids_spelled(str(path), iid[:1]) == set()
    path.write_text(f'a = "\\u{ord(iid[0]):04x}{iid[1:]}"\n', encoding="utf-8")
    assert _ids_spelled(str(path), iid[:1]) == {iid}


def test_a_one_character_prefix_finds_every_id_it_starts_in_a_file_of_many(
    tmp_path: Path,
) -> None:
    """A file holding many ids, joined and apart, and a prefix of one character: every id the
    prefix starts, and no id that holds the character later on."""
    from minecheck.cli._refs import _ids_spelled

    ids = [f"{n:08x}-1234-4abc-8def-0123456789ab" for n in range(0x30000000, 0x30000000 + 2000)]
    inside = "a" + ids[0][1:]  # holds `0` after its first character
    lines = [f'id = "{iid}"' for iid in ids] + [f'x = "{inside}"', f"y = [{ids[5]!r},{ids[6]!r}]"]
    path = tmp_path / "many.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _ids_spelled(str(path), "3") == set(ids)
    assert _ids_spelled(str(path), "a") == {inside}
    assert _ids_spelled(str(path), "0") == set()
