"""The KRL reader (`core/krl.py`) under mutation: each test holds one thing a keeper notices."""

from __future__ import annotations

import pytest

from minecheck.core.krl import parse_krl
from minecheck.errors import InputError
from minecheck.i18n import set_language
from tests.helpers_krl import header, section


def _refusal(data: bytes) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_krl(data, "revoked.krl")
    return caught.value


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "revoked.krl: a key revocation list (KRL) that cannot be read: "
            "a signed KRL (its signature cannot be checked here)",
        ),
        ("zh", "已签名的 KRL（此处无法检查其签名）"),
    ],
)
def test_a_signed_krl_is_refused_saying_it_is_signed(lang: str, said: str) -> None:
    """A signed KRL (section 4) is refused for its signature, not as an unknown section: the
    keeper learns to write it again unsigned."""
    set_language(lang)
    refused = _refusal(header() + section(4, b""))
    assert said in refused.message
    assert "unknown" not in refused.message
    assert refused.hint is not None
    assert "ssh-keygen -k -f revoked.krl KEY.pub..." in refused.hint


@pytest.mark.parametrize("kind", [0, 6, 0x20, 255])
def test_a_section_of_an_unknown_kind_is_refused_naming_its_number(kind: int) -> None:
    refused = _refusal(header() + section(kind, b""))
    assert refused.message == (
        "revoked.krl: a key revocation list (KRL) that cannot be read: "
        f"an unknown KRL section ({kind})"
    )
