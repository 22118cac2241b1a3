"""Signing through ssh-agent: a real agent for the happy paths, a scripted one for bad replies."""

from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import sys
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


def _listening(sock: Path) -> bool:
    with socket.socket(socket.AF_UNIX) as probe:
        try:
            probe.connect(str(sock))
        except OSError:
            return False
    return True


@contextmanager
def running_agent(tmp_path: Path, env: dict[str, str] | None = None) -> Iterator[Path]:
    """A private ssh-agent, stopped (by its own pid) afterwards: its socket."""
    assert SSH_AGENT is not None
    with socket_path(tmp_path) as sock:
        proc = subprocess.Popen(
            [SSH_AGENT, "-D", "-a", str(sock)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            # the socket's file exists once bound, before the agent listens: wait until a
            # connection is taken (a test once met "Connection refused" in between)
            while not _listening(sock):
                assert proc.poll() is None, "ssh-agent exited early"
                assert time.monotonic() < deadline, "ssh-agent did not listen on its socket"
                time.sleep(0.01)
            yield sock
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[Path]:
    """A private ssh-agent for this test."""
    with running_agent(tmp_path) as sock:
        yield sock


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
    assert info.value.hint == (
        "check that the key is loaded (ssh-add -l); a key added with ssh-add -c signs only when"
        " its use is confirmed"
    )


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
def scripted_agent(
    tmp_path: Path,
    reply: bytes = b"",
    delay: float = 0.0,
    parts: list[tuple[float, bytes]] | None = None,
) -> Iterator[tuple[Path, list[bytes]]]:
    """A one-shot agent: reads one request (recorded), sends `reply` verbatim (after `delay`
    seconds), hangs up; or, given `parts`, sends each part its delay after the one before."""
    requests: list[bytes] = []
    staged = [(delay, reply)] if parts is None else parts
    with socket_path(tmp_path) as sock, socket.socket(socket.AF_UNIX) as server:
        server.bind(str(sock))
        server.listen(1)
        server.settimeout(10)

        def serve() -> None:
            conn, _ = server.accept()
            with conn:
                (length,) = struct.unpack(">I", recv_exactly(conn, 4))
                requests.append(recv_exactly(conn, length))
                for wait, part in staged:
                    time.sleep(wait)
                    conn.sendall(part)

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


# -- a key whose every use its owner confirms (ssh-add -c) -------------------------------------

EXE = Path(sys.executable).parent / "minecheck"
FOLLOWUP = """[minecheck]
format = "minecheck.followup/1"

[[event]]
finding = "0b7e4c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d/gas-check-genuine"
action = "rectified"
at = 2026-12-01T00:18:00Z
"""


@contextmanager
def confirming_agent(tmp_path: Path, answer: str) -> Iterator[tuple[Path, Path]]:
    """An agent holding one key added with `ssh-add -c`: each use asks its owner, here a
    script that takes 6 s (longer than the 5 s the agent was once given) and says `answer`."""
    assert SSH_ADD is not None
    askpass = tmp_path / "askpass"
    askpass.write_text(f"#!/bin/sh\nsleep 6\nexit {0 if answer == 'yes' else 1}\n")
    askpass.chmod(0o755)
    key = make_key(tmp_path / "id_ed25519", "-t", "ed25519", "-C", "owner@host")
    env = {**os.environ, "SSH_ASKPASS": str(askpass), "SSH_ASKPASS_REQUIRE": "force"}
    env["DISPLAY"] = ":0"
    with running_agent(tmp_path, env) as sock:
        subprocess.run(
            [SSH_ADD, "-q", "-c", str(key)],
            env={**os.environ, "SSH_AUTH_SOCK": str(sock)},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=True,
            timeout=30,
        )
        yield sock, key


def _sign(tmp_path: Path, sock: Path, key: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_")}
    env.update(MINECHECK_HOME=str(tmp_path / "home"), SSH_AUTH_SOCK=str(sock), LANG="C.UTF-8")
    return subprocess.run(
        [str(EXE), "sign", "f.toml", "--key", str(key), "--signer", "owner@unit.example"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=180,  # a hang guard, not a timing assertion
    )


@needs_agent
def test_a_key_whose_use_is_confirmed_is_waited_for(tmp_path: Path) -> None:
    """The agent asks the key's owner before each signature: the run waits for the answer (it
    gave up after 5 s, while the owner was still reading the question) and says what it waits
    for."""
    (tmp_path / "f.toml").write_text(FOLLOWUP)
    with confirming_agent(tmp_path, "yes") as (sock, key):
        run = _sign(tmp_path, sock, key)
    assert run.returncode == 0, run.stderr
    public, _ = load_public(key.with_suffix(".pub"))
    assert (
        f"waiting for ssh-agent to sign with {public.fingerprint()} (confirm its use if you are"
        " asked) ..."
    ) in run.stderr.splitlines()
    allowed = tmp_path / "allowed_signers"
    allowed.write_text("owner@unit.example " + key.with_suffix(".pub").read_text())
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_")}
    env["MINECHECK_HOME"] = str(tmp_path / "home")
    checked = subprocess.run(
        [str(EXE), "verify", "f.toml", "--allowed-signers", str(allowed), "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stdout
    assert '"status": "trusted"' in checked.stdout


@needs_agent
def test_a_use_declined_by_the_key_s_owner_is_said_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "f.toml").write_text(FOLLOWUP)
    with confirming_agent(tmp_path, "no") as (sock, key):
        run = _sign(tmp_path, sock, key)
    public, _ = load_public(key.with_suffix(".pub"))
    assert run.returncode == 2, run.stderr
    assert run.stderr.splitlines()[-2:] == [
        f"minecheck: error: ssh-agent refused to sign with {public.fingerprint()}",
        "  hint: check that the key is loaded (ssh-add -l); a key added with ssh-add -c signs"
        " only when its use is confirmed",
    ]
    assert (tmp_path / "f.toml").read_text() == FOLLOWUP


def test_a_slow_agent_is_said_to_be_waited_for_once(tmp_path: Path) -> None:
    raw = SIGNER.sign_raw(b"data")
    reply = frame(bytes([14]) + ssh_string(encode_signature(raw)))
    heard: list[str] = []
    with scripted_agent(tmp_path, reply, delay=1.5) as (sock, _):
        signer = AgentSigner(sock, SIGNER.public_key, waiting=lambda: heard.append("waiting"))
        assert signer.sign_raw(b"data") == raw
    assert heard == ["waiting"]
    (tmp_path / "prompt").mkdir()
    with scripted_agent(tmp_path / "prompt", reply) as (sock, _):  # a prompt reply: none said
        signer = AgentSigner(sock, SIGNER.public_key, waiting=lambda: heard.append("again"))
        assert signer.sign_raw(b"data") == raw
    assert heard == ["waiting"]
