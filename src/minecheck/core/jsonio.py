"""Read JSON input strictly: every failure a Problem, worded as for TOML, a key given twice refused.

The answers file of `inspect --answers` and the events of `followup --events` may be JSON; both
read it here, so a script writer meets one set of messages.
"""

from __future__ import annotations

import json
import re
from typing import Any

from minecheck.core.sanitize import quoted
from minecheck.core.tomlio import refused
from minecheck.errors import InputError, Problem

# A TOML table header alone on its line: `[answers]`, `[[event]]`, `[ "minecheck" ]`, `[a.'b']`,
# a comment after it. JSON's `[1]` or `["answers"]` has this shape too: such a line is JSON when
# the whole text is. Possessive (`*+`): no run is given back to be tried again, so a first line
# of 16 MB is told in well under a second (it took 2 to 7 s).
_KEY = r"""(?:[A-Za-z0-9_-]++|"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"|'[^'\n]*+')"""
_KEYS = rf"[ \t]*+{_KEY}(?:[ \t]*+\.[ \t]*+{_KEY})*+[ \t]*+"
_TABLE_HEADER = re.compile(rf"(?:\[\[{_KEYS}\]\]|\[{_KEYS}\])[ \t]*+(?:#.*)?\r?")


# Comments as JSON with comments writes them (an editor's JSON), before the text: lines that
# begin with // or #, and /* ... */ (over lines, or before the text on its line); a line ends
# at LF, CR LF or a lone CR (classic Mac line ends), and a form feed is a blank
_COMMENT = r"[ \t\f]*(?://|#)[^\r\n]*(?:\r\n?|\n)|[ \t\f]*/\*.*?\*/|[ \t\f]*(?:\r\n?|\n)"
_COMMENTS = re.compile(rf"(?:{_COMMENT})*", re.DOTALL)
_ONE_COMMENT = re.compile(_COMMENT, re.DOTALL)


def _commented(text: str) -> str:
    """The comments and blank lines `text` begins with."""
    found = _COMMENTS.match(text)
    return found.group() if found is not None else ""


def written_in_json(text: str) -> bool:
    """Whether an input that may be TOML or JSON (answers, events) is JSON, told by its first
    character that is not blank and not in a comment (a line that begins with `//` or `#`,
    `/* ... */`: JSON has none, but a file written as JSON with comments is refused as JSON,
    where its comment is): `{` is JSON; `[` is JSON unless its line is a TOML table header
    (`[answers]`, `[[event]]`) in a text that is not JSON; anything else is TOML."""
    commented = _commented(text)
    start = text[len(commented) :].lstrip()
    if not start:  # (comments alone: JSON's marks are no TOML's, `#` is both)
        if "//" not in commented and "/*" not in commented:
            return False  # (at once: TOML's `#` lines alone)
        found = _ONE_COMMENT.finditer(commented)  # (the first `//` or `/*` tells it)
        return any(c.group().lstrip(" \t\f")[:2] in ("//", "/*") for c in found)
    # (a `/*` never closed, a `//` at the text's end, the `*/` of a nested `/* /* */ */`: a
    # JSON comment's marks, which no TOML text begins with)
    if start.startswith(("{", "/*", "//", "*/")):
        return True
    if not start.startswith("["):
        return False
    # (its first line, ended as a comment's is: a lone CR too, which TOML then refuses)
    first = start.partition("\n")[0].partition("\r")[0]
    if _TABLE_HEADER.fullmatch(first) is None:
        return True
    try:
        json.loads(text)
    except (RecursionError, MemoryError, ValueError):
        return False
    return True


def _comment_at(text: str, at: int) -> bool:
    """Whether JSON's parser stopped at a comment (`//`, `#`, `/*`): it stops where a value, a
    key or a delimiter should be, never inside a string, so such a mark there opens one."""
    return at >= 0 and text.startswith(("//", "#", "/*"), at)


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
        error = refused(exc, path, "JSON")
        comments = [c for c in _ONE_COMMENT.findall(_commented(text)) if c.strip()]
        at = exc.pos if isinstance(exc, json.JSONDecodeError) else -1
        if comments or _comment_at(text, at):
            from dataclasses import replace

            from minecheck.i18n import t

            # (comment lines before the JSON are said as lines; any other, as every kind)
            hint = (
                t("JSON has no comments: remove the lines that begin with // or #")
                if comments and not any(c.lstrip().startswith("/*") for c in comments)
                else t("JSON has no comments: remove them (// or # to the line's end, /* to */)")
            )
            # on the problem it explains, where its line is (as not-utf8's iconv hint is)
            error.problems = (replace(error.problems[0], hint=hint), *error.problems[1:])
        raise error from None
    if duplicates:
        raise InputError(
            f"{path}: the same key appears twice",
            problems=[
                Problem("duplicate-key", f"duplicate key {quoted(key)}", path) for key in duplicates
            ],
            path=f"{path}",
        )
    return doc
