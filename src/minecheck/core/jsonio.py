"""Read JSON input strictly: every failure a Problem, worded as for TOML, a key given twice refused.

The answers file of `inspect --answers` and the events of `followup --events` may be JSON; both
read it here, so a script writer meets one set of messages.
"""

from __future__ import annotations

import json
from typing import Any

from minecheck.core.sanitize import quoted
from minecheck.core.tomlio import refused
from minecheck.errors import InputError, Problem


def parse_json(text: str, path: str) -> Any:
    """The JSON value of `text`; an InputError with its problems when it is not one.

    JSON lets the last of two equal keys win, where TOML refuses them: here they are refused.
    """
    duplicates: list[str] = []

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                duplicates.append(key)
            out[key] = value
        return out

    try:
        doc = json.loads(text, object_pairs_hook=no_duplicates)
    except (RecursionError, MemoryError, ValueError) as exc:  # JSONDecodeError is a ValueError
        raise refused(exc, path, "JSON") from None
    if duplicates:
        raise InputError(
            f"{path}: the same key appears twice",
            problems=[
                Problem("duplicate-key", f"duplicate key {quoted(key)}", path) for key in duplicates
            ],
            path=f"{path}",
        )
    return doc
