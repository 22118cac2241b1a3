"""Signatures damaged field by field, and their armor damaged line by line: what the SSHSIG
differential target (tests/test_fuzz_differential.py) hands to minecheck and to ssh-keygen."""

from __future__ import annotations

import base64
import struct

from hypothesis import strategies as st

from minecheck.core.sshsig import KEY_TYPE, MAGIC, armor, ssh_string

# The order of the Ed25519 group: S + L is the same signature scalar, written non-canonically.
ORDER = 2**252 + 27742317777372353535851937790883648493
# Points of small order (the identity, and one of order 4), encoded.
SMALL_ORDER = (b"\x01" + bytes(31), bytes(32), b"\xec" + b"\xff" * 30 + b"\x7f")


def fields(blob: bytes) -> list[bytes]:
    """An SSHSIG blob's fields: magic, version, key, namespace, reserved, hash, signature."""
    out = [blob[:6], blob[6:10]]
    pos = 10
    for _ in range(5):
        (n,) = struct.unpack(">I", blob[pos : pos + 4])
        out.append(blob[pos + 4 : pos + 4 + n])
        pos += 4 + n
    return out


def join(parts: list[bytes]) -> bytes:
    return parts[0] + parts[1] + b"".join(ssh_string(p) for p in parts[2:])


def _key(raw: bytes) -> bytes:
    return ssh_string(KEY_TYPE.encode()) + ssh_string(raw)


@st.composite
def damaged_blob(draw: st.DrawFn, blob: bytes) -> bytes:
    """`blob` with one to three of its fields changed, or its bytes edited."""
    parts = fields(blob)
    for _ in range(draw(st.integers(1, 3))):
        which = draw(st.sampled_from(["magic", "version", "key", "namespace", "reserved",
                                      "hash", "sig", "sig-raw", "bytes", "trailing"]))  # fmt: skip
        if which == "magic":
            parts[0] = draw(st.sampled_from([b"SSHSIg", b"SSHSI", MAGIC + b"\0", b""]))
        elif which == "version":
            parts[1] = struct.pack(">I", draw(st.sampled_from([0, 2, 0x100, 0xFFFFFFFF])))
        elif which == "key":
            parts[2] = draw(
                st.sampled_from(
                    [_key(p) for p in SMALL_ORDER]
                    + [
                        _key(parts[2][-32:][:31]),
                        _key(parts[2][-32:] + b"\0"),
                        ssh_string(b"ssh-rsa") + parts[2][15:],
                        ssh_string(b"ssh-ed25519-cert-v01@openssh.com") + parts[2][15:],
                        parts[2] + b"\0",
                    ]
                )
            )
        elif which == "namespace":
            parts[3] = draw(
                st.sampled_from(
                    [
                        b"",
                        b"minecheck-findings-v1\0",
                        b"Minecheck-findings-v1",
                        b"file",
                        b"minecheck-merged-v1",
                        b"\xff",
                        b"minecheck-findings-v1 ",
                    ]
                )
            )
        elif which == "reserved":
            parts[4] = draw(st.sampled_from([b"\0", b"x", b"reserved"]))
        elif which == "hash":
            parts[5] = draw(
                st.sampled_from([b"sha256", b"SHA512", b"sha384", b"sha1", b"", b"sha512\0"])
            )
        elif which == "sig":
            raw = parts[6][-64:]
            s = int.from_bytes(raw[32:], "little")
            choices = [
                ssh_string(b"ssh-ed25519") + ssh_string(raw[:63]),
                ssh_string(b"ssh-ed25519") + ssh_string(raw + b"\0"),
                ssh_string(b"ssh-ed25519") + ssh_string(raw) + b"\0",
                ssh_string(b"ssh-rsa") + ssh_string(raw),
                ssh_string(b"rsa-sha2-512") + ssh_string(raw),
                ssh_string(b"sk-ssh-ed25519@openssh.com") + ssh_string(raw) + b"\x01\0\0\0\1",
                ssh_string(b"ssh-ed25519")
                + ssh_string(raw[:32] + (s + ORDER).to_bytes(32, "little")),
                ssh_string(b"ssh-ed25519") + ssh_string(bytes(64)),
                ssh_string(b"ssh-ed25519") + ssh_string(SMALL_ORDER[0] + bytes(32)),
            ]
            parts[6] = draw(st.sampled_from(choices))
        elif which == "sig-raw":
            sig = bytearray(parts[6])
            i = draw(st.integers(0, len(sig) - 1))
            sig[i] ^= 1 << draw(st.integers(0, 7))
            parts[6] = bytes(sig)
        elif which == "bytes":
            data = bytearray(join(parts))
            i = draw(st.integers(0, len(data) - 1))
            data[i] = draw(st.integers(0, 255))
            return bytes(data)
        else:
            return join(parts) + draw(st.sampled_from([b"\0", b"x" * 4, ssh_string(b"")]))
    return join(parts)


@st.composite
def damaged_armor(draw: st.DrawFn, blob: bytes) -> str:
    """The armor of `blob`, written as ssh-keygen writes it or with its form changed."""
    text = armor(blob)
    how = draw(st.sampled_from(["as written", "as written", "as written", "wrap", "padding",
                                "space", "blank line", "crlf", "no newline", "header",
                                "no padding", "lowercase"]))  # fmt: skip
    b64 = base64.b64encode(blob).decode()
    lines = text.split("\n")
    if how == "wrap":
        width = draw(st.sampled_from([64, 76, 69, 71, 1000]))
        body = [b64[i : i + width] for i in range(0, len(b64), width)]
        text = "\n".join([lines[0], *body, lines[-2]]) + "\n"
    elif how == "padding":
        text = text.replace("\n-----END", "=\n-----END")
    elif how == "no padding":
        text = text.replace("=\n-----END", "\n-----END").replace("=\n-----END", "\n-----END")
    elif how == "space":
        i = draw(st.integers(1, len(lines) - 2))
        lines[i] = lines[i] + draw(st.sampled_from([" ", "\t"]))
        text = "\n".join(lines)
    elif how == "blank line":
        i = draw(st.integers(1, len(lines) - 2))
        lines.insert(i, "")
        text = "\n".join(lines)
    elif how == "crlf":
        text = text.replace("\n", "\r\n")
    elif how == "no newline":
        text = text.rstrip("\n")
    elif how == "header":
        text = text.replace("-----BEGIN SSH SIGNATURE-----", "-----BEGIN SSH SIGNATURE----- ")
    elif how == "lowercase":
        text = text.replace("-----END SSH SIGNATURE-----", "-----END ssh SIGNATURE-----")
    return text
