"""Decode and parse TOML input strictly, turning every failure into a positioned Problem."""

from __future__ import annotations

from typing import Any

import tomli

from minecheck.errors import InputError, Problem

_BOM = b"\xef\xbb\xbf"


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


def decode_text(data: bytes, path: str, *, allow_cr: bool = False) -> str:
    """UTF-8 without BOM (and without CR unless `allow_cr`), or an InputError with its position."""
    if data.startswith(_BOM):
        raise InputError(
            f"{path} starts with a byte-order mark",
            problems=[
                Problem(
                    "bom",
                    "starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM",
                    path,
                    1,
                    1,
                )
            ],
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        raise InputError(
            f"{path} is not UTF-8 text",
            problems=[
                Problem(
                    "not-utf8",
                    f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded",
                    path,
                    line,
                    col,
                )
            ],
        ) from None
    if not allow_cr:
        cr = data.find(b"\r")
        if cr >= 0:
            line, col = _line_col(data, cr)
            raise InputError(
                f"{path} has a carriage return (CR) byte",
                problems=[
                    Problem(
                        "cr",
                        "carriage return (CR) found; use LF line endings only",
                        path,
                        line,
                        col,
                    )
                ],
            )
    return text


def parse_toml(text: str, path: str) -> dict[str, Any]:
    """Parse TOML text; a syntax error becomes a Problem at tomli's position."""
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise InputError(
            f"{path} is not valid TOML",
            problems=[
                Problem("toml-syntax", f"invalid TOML: {exc.msg}", path, exc.lineno, exc.colno)
            ],
        ) from None
    except RecursionError:
        raise InputError(
            f"{path} is nested too deeply",
            problems=[Problem("too-deep", "invalid TOML: nested too deeply", path)],
        ) from None
    except MemoryError:
        raise InputError(
            f"{path} is too large to parse",
            problems=[Problem("too-large", "invalid TOML: too large to parse", path)],
        ) from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputError(
            f"{path} is not valid TOML",
            problems=[Problem("toml-value", f"invalid TOML: {unreadable_value(exc)}", path)],
        ) from None


def unreadable_value(exc: ValueError) -> str:
    """Why a parser gave up on a value it could not convert (a number far too long, mostly)."""
    if "digits" in str(exc):
        return "a number is too long (more than 4300 digits)"
    return "a value cannot be read"
