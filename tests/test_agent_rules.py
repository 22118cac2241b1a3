"""The ssh-agent client's rules as a signer meets them: how long a reply is waited for, the
largest reply taken, and the exact message and advice of each way an agent fails."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from minecheck.core.agent import AgentSigner, list_keys
from minecheck.core.sshsig import KeySigner, encode_signature, ssh_string
from minecheck.errors import InputError
from tests.test_agent import frame, scripted_agent, socket_path, u32

SIGNER = KeySigner.generate()
RAW = SIGNER.sign_raw(b"data")
SIGNED = frame(bytes([14]) + ssh_string(encode_signature(RAW)))
LISTED = frame(bytes([12]) + u32(1) + ssh_string(SIGNER.public_key.blob) + ssh_string(b"k"))
ADD_C = "a key added with ssh-add -c signs only when its use is confirmed"


@contextmanager
def staged_agent(tmp_path: Path, parts: list[tuple[float, bytes]]) -> Iterator[Path]:
    """A one-shot agent: reads one request, then sends each part `delay` seconds after the
    one before it, and hangs up."""
    with scripted_agent(tmp_path, parts=parts) as (sock, _):
        yield sock


@pytest.mark.parametrize(
    ("parts", "said"),
    [
        # the length at once (nothing to say), the rest after 1.5 s
        ([(0.0, SIGNED[:4]), (1.5, SIGNED[4:])], []),
        ([(2.5, SIGNED)], ["waiting"]),  # all of it after 2.5 s (past twice NOTICE_AFTER)
    ],
    ids=["rest-late", "all-late"],
)
def test_a_slow_signature_is_waited_for_and_said_once(
    tmp_path: Path, parts: list[tuple[float, bytes]], said: list[str]
) -> None:
    """A key whose use its owner confirms: however the reply is spread over the seconds, the
    signature comes back (not "did not answer within 120 s" after one or two seconds)."""
    heard: list[str] = []
    with staged_agent(tmp_path, parts) as sock:
        signer = AgentSigner(sock, SIGNER.public_key, waiting=lambda: heard.append("waiting"))
        assert signer.sign_raw(b"data") == RAW
    assert heard == said


def test_keys_listed_by_a_slow_agent(tmp_path: Path) -> None:
    """Listing keys has no one to tell it waits: an agent answering after 1.5 s is listened to
    (no traceback from a notice nobody takes)."""
    with staged_agent(tmp_path, [(1.5, LISTED)]) as sock:
        assert list_keys(sock) == [(SIGNER.public_key, "k")]


def test_the_largest_reply_is_256_kib(tmp_path: Path) -> None:
    """OpenSSH's own limit: a reply of 262144 bytes is read, one of 262145 is malformed (said
    before a byte of it is read)."""
    head = bytes([12]) + u32(1) + ssh_string(SIGNER.public_key.blob) + u32(0)
    comment = b"c" * (256 * 1024 - len(head))
    body = head[:-4] + ssh_string(comment)
    assert len(body) == 262144
    with staged_agent(tmp_path, [(0.0, frame(body))]) as sock:
        assert list_keys(sock) == [(SIGNER.public_key, comment.decode())]
    (tmp_path / "over").mkdir()
    with (
        staged_agent(tmp_path / "over", [(0.0, u32(262145))]) as sock,
        pytest.raises(InputError) as info,
    ):
        list_keys(sock)
    assert info.value.message == f"ssh-agent at {sock} sent a malformed reply"


def test_an_agent_not_there_says_why_and_how_to_start_one(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sock"
    with pytest.raises(InputError) as info:
        list_keys(missing)
    assert info.value.message == f"cannot reach ssh-agent at {missing}: No such file or directory"
    assert info.value.hint == 'start one with: eval "$(ssh-agent -s)" && ssh-add'
    with pytest.raises(InputError) as info:
        AgentSigner(missing, SIGNER.public_key, key_file="'my key'").sign_raw(b"data")
    assert info.value.code == "agent-unavailable"
    assert info.value.hint == (
        "start one with the key in it: eval \"$(ssh-agent -s)\" && ssh-add 'my key'"
    )
    with pytest.raises(InputError) as info:
        AgentSigner(missing, SIGNER.public_key).sign_raw(b"data")
    assert info.value.hint == 'start one with: eval "$(ssh-agent -s)" && ssh-add'


def test_a_silent_agent_s_advice_depends_on_who_waits(tmp_path: Path) -> None:
    """A signature someone waits for may wait for a confirmation: that is said; a key list
    that times out has no such advice; the key's file changes neither."""
    with socket_path(tmp_path) as sock, socket.socket(socket.AF_UNIX) as server:
        server.bind(str(sock))
        server.listen(4)  # accepts into the backlog, never answers
        with pytest.raises(InputError) as info:
            list_keys(sock, timeout=0.2)
        assert (info.value.message, info.value.hint, info.value.code) == (
            f"ssh-agent at {sock} did not answer within 0.2 s",
            None,
            "agent-timeout",
        )
        signer = AgentSigner(
            sock, SIGNER.public_key, timeout=0.2, waiting=lambda: None, key_file="k"
        )
        with pytest.raises(InputError) as info:
            signer.sign_raw(b"data")
        assert (info.value.hint, info.value.code) == (ADD_C, "agent-timeout")


def test_a_refusal_keeps_its_advice_whatever_the_key_file(tmp_path: Path) -> None:
    with staged_agent(tmp_path, [(0.0, frame(bytes([5])))]) as sock:
        signer = AgentSigner(sock, SIGNER.public_key, key_file="k")
        with pytest.raises(InputError) as info:
            signer.sign_raw(b"data")
    assert info.value.code == "agent-refused"
    assert info.value.hint == (
        "check that the key is loaded (ssh-add -l); a key added with ssh-add -c signs only when"
        " its use is confirmed"
    )
