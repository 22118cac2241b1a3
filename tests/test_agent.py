"""Signing through ssh-agent: a real agent for the happy paths, a scripted one for bad replies."""

from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from minecheck.core.agent import MAX_REPLY, AgentSigner, list_keys
from minecheck.core.keys import load_private, load_public
from minecheck.core.sshsig import (
    NAMESPACE_FINDINGS,
    KeySigner,
    encode_signature,
    parse_armored,
    sign,
    ssh_string,
    verify,
)
from minecheck.errors import InputError

SSH_AGENT = shutil.which("ssh-agent")
SSH_ADD = shutil.which("ssh-add")
SSH_KEYGEN = shutil.which("ssh-keygen")
needs_agent = pytest.mark.skipif(
    SSH_AGENT is None or SSH_ADD is None or SSH_KEYGEN is None,
    reason="ssh-agent, ssh-add or ssh-keygen is not installed",
)
MESSAGE = b"[minecheck]\n\n"
SIGNER = KeySigner.generate()


@contextmanager
def socket_path(tmp_path: Path) -> Iterator[Path]:
    """A socket path short enough for AF_UNIX (108 bytes), inside tmp_path when possible."""
    if len(str(tmp_path / "agent.sock")) < 100:
        yield tmp_path / "agent.sock"
        return
    with tempfile.TemporaryDirectory(prefix="mc-") as short:
        yield Path(short) / "agent.sock"


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[Path]:
    """A private ssh-agent for this test, stopped (by its own pid) afterwards."""
    assert SSH_AGENT is not None
    with socket_path(tmp_path) as sock:
        proc = subprocess.Popen(
            [SSH_AGENT, "-D", "-a", str(sock)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            while not sock.exists():
                assert proc.poll() is None, "ssh-agent exited early"
                assert time.monotonic() < deadline, "ssh-agent did not create its socket"
                time.sleep(0.01)
            yield sock
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def make_key(path: Path, *args: str) -> Path:
    assert SSH_KEYGEN is not None
    subprocess.run([SSH_KEYGEN, "-q", "-N", "", "-f", str(path), *args], check=True, timeout=60)
    return path


def ssh_add(sock: Path, key: Path) -> None:
    assert SSH_ADD is not None
    env = {**os.environ, "SSH_AUTH_SOCK": str(sock)}
    subprocess.run(
        [SSH_ADD, "-q", str(key)],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=True,
        timeout=30,
    )


# -- a real agent ----------------------------------------------------------------------------


@needs_agent
def test_agent_lists_and_signs_like_the_key_itself(agent: Path, tmp_path: Path) -> None:
    assert list_keys(agent) == []
    key = make_key(tmp_path / "id_ed25519", "-t", "ed25519", "-C", "agent@host")
    ssh_add(agent, make_key(tmp_path / "id_rsa", "-t", "rsa", "-b", "1024"))
    ssh_add(agent, key)
    public, _ = load_public(tmp_path / "id_ed25519.pub")
    assert list_keys(str(agent)) == [(public, "agent@host")]  # the RSA key is skipped

    via_agent = AgentSigner(agent, public)
    assert via_agent.public_key == public
    local = load_private(key, None)
    assert via_agent.sign_raw(b"data") == local.sign_raw(b"data")  # Ed25519 is deterministic
    armored = sign(via_agent, MESSAGE, NAMESPACE_FINDINGS)
    assert armored == sign(local, MESSAGE, NAMESPACE_FINDINGS)
    assert verify(parse_armored(armored), MESSAGE, NAMESPACE_FINDINGS)


@needs_agent
def test_agent_refuses_a_key_it_does_not_hold(agent: Path) -> None:
    with pytest.raises(InputError, match="ssh-agent refused to sign with SHA256:") as info:
        AgentSigner(agent, SIGNER.public_key).sign_raw(b"data")
    assert info.value.code == "agent-refused"
    assert info.value.hint == "check that the key is loaded: ssh-add -l"


def test_no_agent_at_the_path(tmp_path: Path) -> None:
    for where in (tmp_path / "missing.sock", tmp_path):
        with pytest.raises(InputError, match="cannot reach ssh-agent at ") as info:
            list_keys(where)
        assert info.value.code == "agent-unavailable"


def test_a_silent_agent_times_out(tmp_path: Path) -> None:
    with socket_path(tmp_path) as sock, socket.socket(socket.AF_UNIX) as server:
        server.bind(str(sock))
        server.listen(1)  # accepts into the backlog, never answers
        started = time.monotonic()
        with pytest.raises(InputError, match=r"did not answer within 0\.2 s") as info:
            AgentSigner(sock, SIGNER.public_key, timeout=0.2).sign_raw(b"data")
        assert info.value.code == "agent-timeout"
        assert time.monotonic() - started < 3


# -- a scripted agent ------------------------------------------------------------------------


def frame(body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + body


def u32(n: int) -> bytes:
    return struct.pack(">I", n)


def recv_exactly(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


@contextmanager
def scripted_agent(tmp_path: Path, reply: bytes) -> Iterator[tuple[Path, list[bytes]]]:
    """A one-shot agent: reads one request (recorded), sends `reply` verbatim, hangs up."""
    requests: list[bytes] = []
    with socket_path(tmp_path) as sock, socket.socket(socket.AF_UNIX) as server:
        server.bind(str(sock))
        server.listen(1)
        server.settimeout(10)

        def serve() -> None:
            conn, _ = server.accept()
            with conn:
                (length,) = struct.unpack(">I", recv_exactly(conn, 4))
                requests.append(recv_exactly(conn, length))
                conn.sendall(reply)

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        try:
            yield sock, requests
        finally:
            thread.join(10)


def test_sign_request_on_the_wire(tmp_path: Path) -> None:
    raw = SIGNER.sign_raw(b"data")
    reply = frame(bytes([14]) + ssh_string(encode_signature(raw)))
    with scripted_agent(tmp_path, reply) as (sock, requests):
        assert AgentSigner(sock, SIGNER.public_key).sign_raw(b"data") == raw
    assert requests == [
        bytes([13]) + ssh_string(SIGNER.public_key.blob) + ssh_string(b"data") + u32(0)
    ]


def test_identities_on_the_wire(tmp_path: Path) -> None:
    cert = ssh_string(b"ssh-ed25519-cert-v01@openssh.com") + ssh_string(b"...")
    keys = u32(3) + ssh_string(cert) + ssh_string(b"cert")
    keys += ssh_string(SIGNER.public_key.blob) + ssh_string("检查".encode())
    keys += ssh_string(SIGNER.public_key.blob) + ssh_string(b"bad \xff utf-8")
    with scripted_agent(tmp_path, frame(bytes([12]) + keys)) as (sock, requests):
        listed = list_keys(sock)
    assert requests == [bytes([11])]
    assert listed == [(SIGNER.public_key, "检查"), (SIGNER.public_key, "bad \ufffd utf-8")]


GOOD_SIG = encode_signature(SIGNER.sign_raw(b"data"))


@pytest.mark.parametrize(
    ("reply", "call", "message", "code"),
    [
        (frame(bytes([12]) + u32(1)), "list", "sent a malformed reply", "agent-malformed"),
        (frame(bytes([12]) + u32(0) + b"x"), "list", "sent a malformed reply", "agent-malformed"),
        (frame(bytes([5])), "list", r"unexpected reply \(type 5\)", "agent-malformed"),
        (u32(0), "list", "sent a malformed reply", "agent-malformed"),
        (u32(MAX_REPLY + 1), "list", "sent a malformed reply", "agent-malformed"),
        (b"\x00\x00", "list", "closed the connection mid-reply", "agent-malformed"),
        (u32(10) + b"\x0c", "list", "closed the connection mid-reply", "agent-malformed"),
        (frame(bytes([12])), "sign", r"unexpected reply \(type 12\)", "agent-malformed"),
        (frame(bytes([14])), "sign", "sent a malformed reply", "agent-malformed"),
        (frame(bytes([14]) + ssh_string(GOOD_SIG) + b"x"), "sign", "malformed", "agent-malformed"),
        (
            frame(bytes([14]) + ssh_string(ssh_string(b"ssh-rsa") + ssh_string(bytes(64)))),
            "sign",
            "sent a malformed reply",
            "agent-malformed",
        ),
        (
            frame(bytes([14]) + ssh_string(encode_signature(bytes(64)))),
            "sign",
            "returned a signature that does not verify with SHA256:",
            "agent-bad-signature",
        ),
        (
            frame(bytes([14]) + ssh_string(GOOD_SIG)),
            "sign-other-data",
            "returned a signature that does not verify",
            "agent-bad-signature",
        ),
    ],
    # a reply's bytes hold this run's random key: named by its size, every run (and every
    # worker of a parallel run) collects the same tests
    ids=lambda value: f"{len(value)}-bytes" if isinstance(value, bytes) else None,
)
def test_bad_agent_replies(
    tmp_path: Path, reply: bytes, call: str, message: str, code: str
) -> None:
    calls: dict[str, Callable[[Path], object]] = {
        "list": list_keys,
        "sign": lambda sock: AgentSigner(sock, SIGNER.public_key).sign_raw(b"data"),
        "sign-other-data": lambda sock: AgentSigner(sock, SIGNER.public_key).sign_raw(b"date"),
    }
    with (
        scripted_agent(tmp_path, reply) as (sock, _),
        pytest.raises(InputError, match=message) as info,
    ):
        calls[call](sock)
    assert info.value.code == code
