"""Signing through a running ssh-agent over its UNIX socket (the ssh-agent protocol).

The socket path is always passed in: reading `SSH_AUTH_SOCK` is the caller's business.
"""

from __future__ import annotations

import os
import socket
import struct
import time
from collections.abc import Callable

from minecheck.core.sshsig import PublicKey, Reader, SSHFormatError, decode_signature, ssh_string
from minecheck.errors import InputError
from minecheck.i18n import t
from minecheck.os_words import os_reason

AGENT_FAILURE = 5
REQUEST_IDENTITIES = 11
IDENTITIES_ANSWER = 12
SIGN_REQUEST = 13
SIGN_RESPONSE = 14
MAX_REPLY = 256 * 1024  # the limit OpenSSH's agent applies to messages
TIMEOUT = 5.0
# A signature may wait for a person: a key added with `ssh-add -c` is used only once its owner
# confirms (ssh-keygen waits as long as that takes). Within this, the agent is waited for; a
# `waiting` callback hears once the reply is later than NOTICE_AFTER.
SIGN_TIMEOUT = 120.0
NOTICE_AFTER = 1.0

SockPath = str | os.PathLike[str]


def list_keys(sock_path: SockPath, *, timeout: float = TIMEOUT) -> list[tuple[PublicKey, str]]:
    """The Ed25519 keys the agent holds, with their comments; other key types are skipped."""
    kind, body = _request(sock_path, bytes([REQUEST_IDENTITIES]), timeout)
    if kind != IDENTITIES_ANSWER:
        raise _unexpected(sock_path, kind)
    keys: list[tuple[PublicKey, str]] = []
    try:
        r = Reader(body)
        for _ in range(r.uint32()):
            blob, comment = r.string(), r.string()
            try:
                key = PublicKey.from_blob(blob)
            except SSHFormatError:
                continue  # RSA, ECDSA, certificates, security keys ...
            keys.append((key, comment.decode("utf-8", "replace")))
        r.done()
    except SSHFormatError:
        raise _malformed(sock_path) from None
    return keys


class AgentSigner:
    """A Signer whose private key stays inside ssh-agent."""

    def __init__(
        self,
        sock_path: SockPath,
        public_key: PublicKey,
        *,
        timeout: float = SIGN_TIMEOUT,
        waiting: Callable[[], None] | None = None,
        key_file: str | None = None,
    ) -> None:
        self.sock_path = sock_path
        self._public = public_key
        self.timeout = timeout
        self.waiting = waiting
        # the private key's file, as a shell word: an agent gone by the time it is asked to
        # sign is started again with this key in it (`ssh-add` alone adds ~/.ssh's keys)
        self.key_file = key_file

    @property
    def public_key(self) -> PublicKey:
        return self._public

    def sign_raw(self, data: bytes) -> bytes:
        request = (
            bytes([SIGN_REQUEST])
            + ssh_string(self._public.blob)
            + ssh_string(data)
            + struct.pack(">I", 0)
        )
        try:
            kind, body = _request(self.sock_path, request, self.timeout, self.waiting)
        except InputError as exc:
            if exc.code == "agent-unavailable" and self.key_file is not None:
                exc.hint = t(
                    'start one with the key in it: eval "$(ssh-agent -s)" && ssh-add {key}',
                    key=self.key_file,
                )
            raise
        if kind == AGENT_FAILURE:
            raise InputError(
                t("ssh-agent refused to sign with {key}", key=self._public.fingerprint()),
                hint=t(
                    "check that the key is loaded (ssh-add -l); a key added with ssh-add -c"
                    " signs only when its use is confirmed"
                ),
                code="agent-refused",
            )
        if kind != SIGN_RESPONSE:
            raise _unexpected(self.sock_path, kind)
        try:
            r = Reader(body)
            raw = decode_signature(r.string())
            r.done()
        except SSHFormatError:
            raise _malformed(self.sock_path) from None
        if not self._public.verify_raw(raw, data):
            raise InputError(
                t(
                    "ssh-agent at {path} returned a signature that does not verify with {key}",
                    path=os.fspath(self.sock_path),
                    key=self._public.fingerprint(),
                ),
                code="agent-bad-signature",
                path=os.fspath(self.sock_path),
            )
        return raw


def _request(
    sock_path: SockPath,
    message: bytes,
    timeout: float,
    waiting: Callable[[], None] | None = None,
) -> tuple[int, bytes]:
    """Send one agent message; return the reply's type and body (`waiting` is called once if
    the reply has not begun within NOTICE_AFTER seconds)."""
    where = os.fspath(sock_path)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(where)
            sock.sendall(struct.pack(">I", len(message)) + message)
            if waiting is not None and timeout > NOTICE_AFTER:
                _wait_noticed(sock, timeout, waiting)
            (length,) = struct.unpack(">I", _recv_exactly(sock, 4, sock_path))
            if not 1 <= length <= MAX_REPLY:
                raise _malformed(sock_path)
            reply = _recv_exactly(sock, length, sock_path)
    except TimeoutError:
        raise InputError(
            t(
                "ssh-agent at {path} did not answer within {seconds} s",
                path=where,
                seconds=f"{timeout:g}",
            ),
            hint=t("a key added with ssh-add -c signs only when its use is confirmed")
            if waiting is not None
            else None,
            code="agent-timeout",
            path=f"{where}",
        ) from None
    except OSError as exc:
        raise InputError(
            t("cannot reach ssh-agent at {path}: {reason}", path=where, reason=os_reason(exc)),
            hint=t('start one with: eval "$(ssh-agent -s)" && ssh-add'),
            code="agent-unavailable",
            path=f"{where}",
        ) from None
    return reply[0], reply[1:]


def _wait_noticed(sock: socket.socket, timeout: float, waiting: Callable[[], None]) -> None:
    """Wait for the reply's first byte, saying so once after NOTICE_AFTER (within `timeout`)."""
    started = time.monotonic()
    sock.settimeout(NOTICE_AFTER)
    try:
        sock.recv(1, socket.MSG_PEEK)
    except TimeoutError:
        waiting()
        sock.settimeout(max(timeout - (time.monotonic() - started), 0.001))
        sock.recv(1, socket.MSG_PEEK)
    sock.settimeout(timeout)


def _recv_exactly(sock: socket.socket, n: int, sock_path: SockPath) -> bytes:
    chunks: list[bytes] = []
    while n:
        chunk = sock.recv(min(n, 65536))
        if not chunk:
            raise InputError(
                t("ssh-agent at {path} closed the connection mid-reply", path=os.fspath(sock_path)),
                code="agent-malformed",
                path=os.fspath(sock_path),
            )
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _malformed(sock_path: SockPath) -> InputError:
    return InputError(
        t("ssh-agent at {path} sent a malformed reply", path=os.fspath(sock_path)),
        code="agent-malformed",
        path=os.fspath(sock_path),
    )


def _unexpected(sock_path: SockPath, kind: int) -> InputError:
    return InputError(
        t(
            "ssh-agent at {path} sent an unexpected reply (type {kind})",
            path=os.fspath(sock_path),
            kind=kind,
        ),
        code="agent-malformed",
        path=os.fspath(sock_path),
    )
