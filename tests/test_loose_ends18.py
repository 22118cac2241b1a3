"""Loose ends, round 18: a name with a bidi or zero-width character refused where a document
is signed, as `inspect` refuses it typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers_docs import findings_body
from tests.helpers_merge import Who, person
from tests.test_encodings5 import ANSWERS
from tests.test_minimal_input import sign_args
from tests.test_windows_files3 import CHECKLIST


@pytest.fixture
def who(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Who:
    """A signer, the test run in a folder of its own."""
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    return person(tmp_path, "insp")


# what `inspect` says of a name typed with a control or invisible character, en and zh
NAMED = {
    "en": "{option} must be non-empty text without control or invisible characters",
    "zh": "{option} 必须是非空文字，且不能含控制字符或不可见字符",
}
REFUSED = {
    "en": "minecheck: error: f.toml is not a valid minecheck document\n",
    "zh": "minecheck: error: f.toml 不是有效的 minecheck 文件\n",
}
# a name field of a findings file, the line it stands on as written, and as changed: a
# right-to-left override, a zero-width space, an isolate left open
NAMES = {
    "site": ('site = "Demo mine"', 'site = "Demo \u202emine"', 14),
    "site_id": ('site_id = "HLJ-0001"', 'site_id = "HLJ\u200b-0001"', 15),
    "inspector": ('inspector = "Wang Wei"', 'inspector = "Wang\u2066 Wei"', 17),
    "responsible": (
        'location = "No. 3 return airway"',
        'location = "No. 3 return airway"\nresponsible = "Li\u200bMing"',
        34,
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("field", list(NAMES))
def test_sign_refuses_a_name_with_an_invisible_character_as_inspect_does(
    cli: Any, who: Who, field: str, lang: str
) -> None:
    """A hand-written findings file whose site, site id, inspector or a finding's responsible
    holds a bidi control or a zero-width space is not signed (a name that reads as another's
    would be vouched for), in `inspect`'s words for the same name typed; the file is left as
    it was, nothing is written."""
    plain, changed, line = NAMES[field]
    body = findings_body(who.principal, who.fingerprint).decode()
    text = body.replace(plain, changed).encode()
    assert text != body.encode()
    Path("f.toml").write_bytes(text)
    run = cli(["sign", "f.toml", *sign_args(who), "-o", "out.toml", "--lang", lang])
    said = NAMED[lang].format(option=field)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"f.toml:{line}:1: {said}\n{REFUSED[lang]}"
    assert Path("f.toml").read_bytes() == text
    assert not Path("out.toml").exists()


ANSWERS_REFUSED = {
    "en": "a.toml:2:1: gas-check-genuine: {said}\n"
    "minecheck: error: the answers cannot be used; nothing was written\n",
    "zh": "a.toml:2:1: gas-check-genuine：{said}\nminecheck: error: 答案无法使用；未写入任何文件\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", ["Li\u200bMing", "Li \u202eMing", "\u2066Li Ming"])
def test_an_answers_file_s_responsible_with_an_invisible_character_is_refused(
    cli: Any, who: Who, name: str, lang: str
) -> None:
    """An answers file's responsible is a name a person types, as `--inspector` is: a bidi
    control or a zero-width space in it is refused at its item, in the same words."""
    text = ANSWERS.replace("deadline =", f'responsible = "{name}", deadline =').encode()
    Path("a.toml").write_bytes(text)
    args = [
        "inspect",
        CHECKLIST,
        "--site",
        "M",
        "--answers",
        "a.toml",
        "-o",
        "out.toml",
        "--allow-incomplete",
    ]
    run = cli([*args, *sign_args(who), "--lang", lang])
    said = NAMED[lang].format(option="responsible")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == ANSWERS_REFUSED[lang].format(said=said)
    assert not Path("out.toml").exists()
